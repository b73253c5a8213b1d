//! `evidence/manifest.json`: what a build was made from and what it wrote,
//! so that an auditor can show the site is complete and untampered (A.5.28).
//!
//! Output files are hashed from the bytes as they are written ([`Recorder`]
//! wraps the build's sink), never by reading the tree back. The manifest lists
//! every output file except itself (a file cannot contain its own hash) and
//! the output marker `.ismsbook-output`, which the final swap writes.
//! `ismsbook verify DIR` recomputes the hashes ([`super::verify`]).

use crate::render::Sink;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::Mutex;

/// Where the manifest is written, relative to the site root.
pub const MANIFEST_PATH: &str = "evidence/manifest.json";
/// The readable manifest.
pub const INDEX_PATH: &str = "evidence/index.html";
/// Identifies the manifest's schema; bumped when a field changes meaning.
pub const FORMAT: &str = "ismsbook-manifest/1";

/// A file and its hash.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FileHash {
    /// Relative to the content directory (sources) or the site root (files), `/`-separated.
    pub path: String,
    pub size: u64,
    /// Lowercase hex SHA-256.
    pub sha256: String,
}

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
    /// The manifest as written: pretty JSON with a final newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
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

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lowercase hex of a digest (as `{:x}` prints it, without the formatter:
/// this runs for every output file).
fn hex(digest: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(digest.len() * 2);
    for &b in digest {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// SHA-256 of a file as lowercase hex, read in blocks (evidence can be large; never whole in memory).
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// A sink that hashes every file on its way to the real sink.
pub struct Recorder<'a> {
    inner: &'a dyn Sink,
    files: Mutex<BTreeMap<String, (u64, String)>>,
    /// What the destination already holds (path → size, SHA-256): a file
    /// put again with the same bytes is recorded but not written.
    held: Mutex<BTreeMap<String, (u64, String)>>,
}

impl<'a> Recorder<'a> {
    pub fn new(inner: &'a dyn Sink) -> Recorder<'a> {
        Recorder::over(inner, BTreeMap::new())
    }

    /// A recorder writing into a destination that already holds `held`
    /// (the files of a previous render, as [`Recorder::snapshot`] gave them).
    pub fn over(inner: &'a dyn Sink, held: BTreeMap<String, (u64, String)>) -> Recorder<'a> {
        Recorder {
            inner,
            files: Mutex::new(BTreeMap::new()),
            held: Mutex::new(held),
        }
    }

    /// List the files the destination holds whose path `keep` selects as
    /// written by this render (not rendered again, they stay as they are).
    pub fn keep_held(&self, keep: impl Fn(&str) -> bool) {
        let (Ok(mut held), Ok(mut files)) = (self.held.lock(), self.files.lock()) else {
            return;
        };
        let all = std::mem::take(&mut *held);
        for (path, entry) in all {
            if keep(&path) {
                files.insert(path, entry);
            } else {
                held.insert(path, entry);
            }
        }
    }

    /// The wrapped sink (for the one file that is not hashed: the manifest).
    pub fn inner(&self) -> &'a dyn Sink {
        self.inner
    }

    /// Every file written so far, sorted by path.
    pub fn snapshot(&self) -> Vec<FileHash> {
        // Copied straight out of the map (one copy of each string).
        let Ok(files) = self.files.lock() else {
            return Vec::new();
        };
        files
            .iter()
            .map(|(path, (size, sha256))| FileHash {
                path: path.clone(),
                size: *size,
                sha256: sha256.clone(),
            })
            .collect()
    }

    /// The entry of `path` as recorded, if it was written.
    pub fn entry(&self, path: &str) -> Option<FileHash> {
        let files = self.files.lock().ok()?;
        files.get(path).map(|(size, sha256)| FileHash {
            path: path.to_string(),
            size: *size,
            sha256: sha256.clone(),
        })
    }

    pub fn len(&self) -> usize {
        self.files.lock().map(|f| f.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Recorder<'_> {
    /// [`Sink::put`] for bytes whose SHA-256 (lowercase hex) the caller has
    /// already computed (evidence copies), so they are not hashed twice.
    pub fn put_hashed(&self, path: &str, bytes: &[u8], sha256: String) -> Result<(), String> {
        let entry = (bytes.len() as u64, sha256);
        let held = self
            .held
            .lock()
            .map(|h| h.get(path) == Some(&entry))
            .unwrap_or(false);
        if !held {
            self.inner.put(path, bytes)?;
        }
        let sha256 = entry.1;
        let mut files = self
            .files
            .lock()
            .map_err(|_| "manifest lock poisoned".to_string())?;
        files.insert(path.to_string(), (bytes.len() as u64, sha256));
        Ok(())
    }
}

impl Sink for Recorder<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        // Hash before taking the lock: pages are written from many threads.
        self.put_hashed(path, bytes, sha256_hex(bytes))
    }
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
    use super::*;
    use crate::render::MemorySink;

    #[test]
    fn recorder_hashes_what_it_passes_on() {
        let mem = MemorySink::default();
        let rec = Recorder::new(&mem);
        rec.put("b.html", b"abc").unwrap();
        rec.put("a/x.js", b"").unwrap();
        let snap = rec.snapshot();
        assert_eq!(
            snap.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(),
            ["a/x.js", "b.html"]
        );
        assert_eq!(
            snap[1].sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(snap[1].size, 3);
        assert_eq!(mem.into_files()["b.html"], b"abc");
    }

    #[test]
    fn hex_matches_the_formatter() {
        for input in [&b""[..], b"abc", &[0u8, 15, 16, 255][..]] {
            assert_eq!(sha256_hex(input), format!("{:x}", Sha256::digest(input)));
        }
    }

    #[test]
    fn put_hashed_records_the_given_hash_without_hashing_again() {
        let mem = MemorySink::default();
        let rec = Recorder::new(&mem);
        rec.put_hashed("e/x.log", b"abc", sha256_hex(b"abc"))
            .unwrap();
        let e = rec.entry("e/x.log").unwrap();
        assert_eq!((e.size, e.sha256), (3, sha256_hex(b"abc")));
        assert_eq!(rec.entry("missing"), None);
        assert_eq!(mem.into_files()["e/x.log"], b"abc");
    }

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
}
