//! `evidence/manifest.json`: what a build was made from and what it wrote,
//! so that an auditor can show the site is complete and untampered (A.5.28).
//!
//! Output files are hashed from the bytes as they are written
//! ([`crate::write::Recorder`] wraps the build's sink), never by reading the tree back. The manifest lists
//! every output file except itself (a file cannot contain its own hash) and
//! the output marker `.ismsbook-output`, which the final swap writes.
//! `ismsbook verify DIR` recomputes the hashes ([`super::verify`]).

use crate::digest::sha256_hex;
pub use crate::write::FileHash;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Where the manifest is written, relative to the site root.
pub const MANIFEST_PATH: &str = "evidence/manifest.json";
/// The readable manifest.
pub const INDEX_PATH: &str = "evidence/index.html";

/// The folders of the index's further pages: its lists of source files and
/// of output files are paged (`evidence/sources/2.html` …,
/// `evidence/outputs/2.html` …). Like the index they are written after the
/// manifest, so it does not list them; `SHA256SUMS` does.
pub const INDEX_PAGE_DIRS: [&str; 2] = ["evidence/sources/", "evidence/outputs/"];

/// Whether `path` is the readable index or one of its further pages.
pub fn is_index_page(path: &str) -> bool {
    path == INDEX_PATH
        || INDEX_PAGE_DIRS.iter().any(|d| {
            path.strip_prefix(d)
                .is_some_and(|rest| !rest.contains('/') && rest.ends_with(".html"))
        })
}
/// Identifies the manifest's schema; bumped when a field changes meaning.
pub const FORMAT: &str = "ismsbook-manifest/1";

/// The content's git state at build time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceControl {
    pub vcs: String,
    /// `null` in a repository without commits.
    pub commit: Option<String>,
    /// The content directory had uncommitted or untracked changes.
    pub dirty: bool,
}

/// The manifest, as written to [`MANIFEST_PATH`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub generator: String,
    pub version: String,
    /// The build date (`--today` or `SOURCE_DATE_EPOCH`), never the clock, so
    /// that two builds of the same content are byte-identical.
    pub build_date: String,
    pub audience: String,
    /// `null` when the content is not in a git repository.
    pub source_control: Option<SourceControl>,
    /// Every content file the build read or copied that this audience may know of.
    pub sources: Vec<FileHash>,
    /// Every output file except this manifest and the output marker.
    pub files: Vec<FileHash>,
}

impl Manifest {
    /// The manifest as written: indented JSON with a final newline, each
    /// file of its lists on one line (the lists are nearly all of it: one
    /// entry a file of the site, three lines of indentation each when
    /// printed in full).
    pub fn to_bytes(&self) -> Vec<u8> {
        let json = |v: &str| serde_json::to_string(v).unwrap_or_default();
        let list = |files: &[FileHash]| -> String {
            if files.is_empty() {
                return "[]".into();
            }
            // One buffer for every row (`serve` makes this on each edit).
            let mut out = b"[\n".to_vec();
            for (k, f) in files.iter().enumerate() {
                if k > 0 {
                    out.extend_from_slice(b",\n");
                }
                out.extend_from_slice(b"    ");
                push_entry(&mut out, f);
            }
            out.extend_from_slice(b"\n  ]");
            String::from_utf8(out).unwrap_or_default()
        };
        let source_control = serde_json::to_string_pretty(&self.source_control)
            .unwrap_or_default()
            .replace('\n', "\n  ");
        let out = format!(
            "{{\n  \"format\": {},\n  \"generator\": {},\n  \"version\": {},\n  \"build_date\": {},\n  \"audience\": {},\n  \"source_control\": {source_control},\n  \"sources\": {},\n  \"files\": {}\n}}\n",
            json(&self.format),
            json(&self.generator),
            json(&self.version),
            json(&self.build_date),
            json(&self.audience),
            list(&self.sources),
            list(&self.files),
        );
        out.into_bytes()
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Manifest, String> {
        let m: Manifest =
            serde_json::from_slice(bytes).map_err(|e| format!("not a valid manifest: {e}"))?;
        if m.format != FORMAT {
            return Err(format!(
                "unknown manifest format `{}` (this ismsbook reads `{FORMAT}`)",
                m.format
            ));
        }
        Ok(m)
    }
}

/// One file of a list as `serde_json` writes a [`FileHash`]
/// (`{"path":…,"size":…,"sha256":…}`, no spaces), its strings copied
/// as they are when they hold nothing JSON escapes (a quote, a backslash,
/// a control character), else escaped by `serde_json`: the same bytes,
/// without its serializer for each of the site's files (`serve` writes the
/// manifest on every edit).
fn push_entry(out: &mut Vec<u8>, f: &FileHash) {
    let string = |out: &mut Vec<u8>, s: &str| {
        if s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
            let _ = serde_json::to_writer(&mut *out, s);
        } else {
            out.push(b'"');
            out.extend_from_slice(s.as_bytes());
            out.push(b'"');
        }
    };
    out.extend_from_slice(b"{\"path\":");
    string(out, &f.path);
    out.extend_from_slice(b",\"size\":");
    out.extend_from_slice(f.size.to_string().as_bytes());
    out.extend_from_slice(b",\"sha256\":");
    string(out, &f.sha256);
    out.push(b'}');
}

/// Hash content files (relative to `root`) in parallel; sorted by path.
pub fn hash_sources(root: &Path, rels: &[String]) -> Result<Vec<FileHash>, String> {
    let mut out: Vec<FileHash> = rels
        .par_iter()
        .map(|rel| {
            let bytes = std::fs::read(root.join(rel))
                .map_err(|e| format!("cannot read `{rel}` to hash it: {e}"))?;
            Ok(FileHash {
                path: rel.clone(),
                size: bytes.len() as u64,
                sha256: sha256_hex(&bytes),
            })
        })
        .collect::<Result<_, String>>()?;
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_the_index_and_its_own_pages_are_index_pages() {
        for p in [
            "evidence/index.html",
            "evidence/outputs/2.html",
            "evidence/sources/12.html",
        ] {
            assert!(super::is_index_page(p), "{p}");
        }
        for p in [
            "evidence/manifest.json",
            "evidence/outputs/2.css",
            "evidence/outputs/a/2.html",
            "register/2026.html",
            "incidents/X/evidence/outputs/2.html",
        ] {
            assert!(!super::is_index_page(p), "{p}");
        }
    }

    use super::*;

    #[test]
    fn manifest_round_trips_and_names_its_format() {
        let m = Manifest {
            format: FORMAT.into(),
            generator: "ismsbook".into(),
            version: "0.1.0".into(),
            build_date: "2026-11-22".into(),
            audience: "staff".into(),
            source_control: None,
            sources: vec![],
            files: vec![FileHash {
                path: "index.html".into(),
                size: 1,
                sha256: "00".into(),
            }],
        };
        assert_eq!(Manifest::from_bytes(&m.to_bytes()).unwrap(), m);
        let other = String::from_utf8(m.to_bytes())
            .unwrap()
            .replace(FORMAT, "other/9");
        assert!(Manifest::from_bytes(other.as_bytes())
            .unwrap_err()
            .contains("unknown manifest format"));
        assert!(Manifest::from_bytes(b"{").is_err());
    }

    /// Each entry is what `serde_json` writes for it, for paths JSON
    /// must escape (quote, backslash, control characters) and those it
    /// must not (non-ASCII, `/`, DEL).
    #[test]
    fn entries_are_serde_json_s_bytes() {
        for path in [
            "index.html",
            "a \"quoted\" name.html",
            "back\\slash/x.txt",
            "tab\there\nnewline\u{1}.txt",
            "incidents/2026/\u{e9}\u{3042}\u{1f600}/\u{7f}.html",
            "",
        ] {
            let f = FileHash {
                path: path.into(),
                size: 18_446_744_073_709_551_615,
                sha256: "0f".repeat(32),
            };
            let mut ours = Vec::new();
            super::push_entry(&mut ours, &f);
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                serde_json::to_string(&f).unwrap(),
                "{path:?}"
            );
        }
    }

    #[test]
    fn each_file_is_one_line_and_the_whole_is_json() {
        let file = |p: &str| FileHash {
            path: p.into(),
            size: 12,
            sha256: "ab".into(),
        };
        let m = Manifest {
            format: FORMAT.into(),
            generator: "ismsbook".into(),
            version: "0.1.0".into(),
            build_date: "2026-11-22".into(),
            audience: "auditor \"x\"".into(),
            source_control: Some(SourceControl {
                vcs: "git".into(),
                commit: Some("abc".into()),
                dirty: false,
            }),
            sources: vec![file("a.yaml"), file("b/\u{e9}.yaml")],
            files: vec![file("index.html")],
        };
        let bytes = m.to_bytes();
        assert_eq!(Manifest::from_bytes(&bytes).unwrap(), m);
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("\n    {\"path\":\"a.yaml\",\"size\":12,\"sha256\":\"ab\"},\n"));
        assert!(text.contains("\n  \"source_control\": {\n    \"vcs\": \"git\","));
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["files"][0]["path"], "index.html");
        assert!(text.ends_with("}\n"));
    }
}
