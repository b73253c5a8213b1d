//! Evidence files (A.5.28) copied into the site next to their record, at
//! `incidents/<id>/evidence/<file name>`, with their size and SHA-256.
//!
//! Only records this build publishes in full are handled, from the redacted
//! model: when the audience hides `evidence`, the list is empty, so nothing is
//! copied and no file name reaches the output.
//!
//! Each file is read and hashed once: the bytes and their hash are handed
//! to the manifest's recorder, which lists the copy under that hash.
//!
//! Copies are inert by an allow-list ([`KEPT`]): a copy keeps its name only
//! when its extension is one that browsers map to a type by themselves (not
//! through the operating system's table, and never by sniffing the bytes) and
//! never run: plain text, CSV, JSON, PDF, raster images, zip and gzip
//! archives. Every other copy, whatever its extension or its
//! case, and a name without an extension, gets `.txt` appended, so opening
//! evidence on the intranet or from a zip file cannot run script; the bytes,
//! size and hash are unchanged. A deny-list of active types cannot be
//! complete (`.xhtm`, `.shtm`, `.xsd`, `.atom` ... run script in Chromium),
//! and a type a browser does not know itself is sniffed from the bytes when
//! opened from disk, where a file starting with `<html>` is HTML.

use crate::digest::{sha256_file, sha256_hex};
use crate::load::resolve_inside;
use crate::model::Incident;
use crate::write::Recorder;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

/// Files larger than this are hashed and listed but not copied (a disk image
/// does not belong in an intranet site; the record still proves its hash).
pub const MAX_COPY_BYTES: u64 = 256 * 1024 * 1024;

/// Extensions (lower case) whose copies keep their name: Chromium and
/// Firefox both map each of them to a type from their own built-in table,
/// without the operating system and without sniffing the bytes, and neither
/// runs script in that type. Not here, on purpose: `.svg` (script), `.xml`
/// and its kin (XSLT, XHTML, feeds), `.eml` (Chromium reads
/// `message/rfc822` as a web archive), and every type whose mapping comes
/// from the operating system (`.log`, `.pcap`, `.7z`, `.tgz`, `.msg`, Office
/// files, audio and video): where the system knows none, a browser opening
/// the file from disk sniffs its bytes, and a file starting with `<html>` is
/// HTML. Those get `.txt` appended like any other name.
///
/// `.pdf` opens in the browser's PDF viewer, whose document scripts (if any)
/// run sandboxed, without access to the site; `.json` is shown as text or in
/// the JSON viewer.
#[rustfmt::skip]
pub const KEPT: &[&str] = &[
    "txt", "csv", "json",                           // text
    "pdf",                                          // documents
    "png", "jpg", "jpeg", "gif", "webp", "bmp",     // raster images
    "zip", "gz",                                    // archives (`.tar.gz` too)
];

/// Whether a copy named `name` may keep its name: its extension, compared
/// case-blind, is in [`KEPT`]. `name` has no trailing dots or spaces (see
/// [`copy_name`]).
pub fn keeps_name(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && KEPT.iter().any(|k| ext.eq_ignore_ascii_case(k))
    })
}

/// One evidence file of one record, as published.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Copied {
    /// The path the record gives (relative to the content directory).
    pub source: String,
    pub description: Option<String>,
    /// Who collected it (a role id or a person, as the redacted record has it).
    pub collected_by: Option<String>,
    pub collected_at: Option<crate::model::Timestamp>,
    /// Path in the site (`incidents/<id>/evidence/<name>`); `None` when the
    /// file was too large to copy.
    pub output: Option<String>,
    pub size: u64,
    pub sha256: String,
    /// Whether the record states a SHA-256, and it matches (`check` refuses
    /// a mismatch, so `Some(false)` only appears when building unchecked content).
    pub recorded: Option<bool>,
}

/// The file name of a copy: the source's own name, made safe, and made inert
/// (`.txt` appended) unless its type is in [`KEPT`]. Trailing dots and spaces
/// are dropped first: Windows drops them when it writes the file, while a
/// browser reading `x.pdf.` from a Linux disk sees no extension at all.
pub fn copy_name(source: &str) -> String {
    let name = source.rsplit(['/', '\\']).next().unwrap_or("");
    let mut name: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':') {
                '_'
            } else {
                c
            }
        })
        .collect();
    name.truncate(name.trim_end_matches(['.', ' ']).len());
    if name.is_empty() {
        name = "file".to_string();
    }
    if !keeps_name(&name) {
        name.push_str(".txt");
    }
    name
}

/// Pick `name`, or `2-name`, `3-name` ... whichever is still free. A name
/// is taken when a copy of the record already has it in any case, width
/// or Unicode form ([`crate::chars::fold_id`]): copies of one record share
/// a folder (the folders of the evidence paths are dropped), and Windows
/// and macOS, where the site is unpacked, hold `Scan.pdf` and `scan.pdf`
/// (or a name in NFC and in NFD) as one file.
fn unique(name: String, taken: &mut BTreeSet<String>) -> String {
    let free = |c: &str, taken: &mut BTreeSet<String>| taken.insert(crate::chars::fold_id(c));
    if free(&name, taken) {
        return name;
    }
    (2..)
        .map(|n| format!("{n}-{name}"))
        .find(|c| free(c, taken))
        .unwrap_or(name)
}

/// Copy the evidence of one record.
fn copy_record(root: &Path, inc: &Incident, sink: &Recorder<'_>) -> Result<Vec<Copied>, String> {
    let mut taken = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for ev in &inc.evidence {
        let source = ev.path.value.trim().to_string();
        // The same file listed twice is copied once.
        if !seen.insert(source.clone()) {
            continue;
        }
        let path = resolve_inside(root, &source)
            .map_err(|why| format!("{}: evidence `{source}`: {why}", inc.file))?;
        let meta = std::fs::metadata(&path)
            .map_err(|e| format!("{}: cannot read evidence `{source}`: {e}", inc.file))?;
        let (size, sha256, output) = if meta.len() > MAX_COPY_BYTES {
            let sha = sha256_file(&path)
                .map_err(|e| format!("{}: cannot read evidence `{source}`: {e}", inc.file))?;
            (meta.len(), sha, None)
        } else {
            let mut bytes = Vec::with_capacity(meta.len() as usize);
            std::fs::File::open(&path)
                .and_then(|f| f.take(MAX_COPY_BYTES + 1).read_to_end(&mut bytes))
                .map_err(|e| format!("{}: cannot read evidence `{source}`: {e}", inc.file))?;
            let output =
                crate::paths::evidence_copy(&inc.id.value, &unique(copy_name(&source), &mut taken));
            // Hashed once, here; the manifest takes this hash.
            let sha = sha256_hex(&bytes);
            sink.put_hashed(&output, &bytes, sha.clone())?;
            (bytes.len() as u64, sha, Some(output))
        };
        let recorded = ev
            .sha256
            .as_ref()
            .map(|r| r.value.trim().eq_ignore_ascii_case(&sha256));
        out.push(Copied {
            source,
            description: ev.description.clone(),
            collected_by: ev.collected_by.as_ref().map(|b| b.value.clone()),
            collected_at: ev.collected_at.as_ref().map(|a| a.value),
            output,
            size,
            sha256,
            recorded,
        });
    }
    Ok(out)
}

/// Copy the evidence of every record in `records` (in parallel); the result
/// maps record id → its files, in the order the record lists them.
pub fn copy_all(
    root: &Path,
    records: &[&Incident],
    sink: &Recorder<'_>,
) -> Result<BTreeMap<String, Vec<Copied>>, String> {
    let copied: Vec<(String, Vec<Copied>)> = records
        .par_iter()
        .filter(|i| !i.evidence.is_empty())
        .map(|i| Ok((i.id.value.clone(), copy_record(root, i, sink)?)))
        .collect::<Result<_, String>>()?;
    Ok(copied.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;
    use crate::model::{Evidence, Spanned};
    use crate::write::MemorySink;

    #[test]
    fn names_are_safe_and_unique() {
        assert_eq!(copy_name("evidence/INC-1/mail-log.csv"), "mail-log.csv");
        assert_eq!(copy_name("evidence/page.HTML"), "page.HTML.txt");
        assert_eq!(copy_name("evidence/image.svg"), "image.svg.txt");
        assert_eq!(copy_name("evidence/"), "file.txt");
        let mut taken = BTreeSet::new();
        assert_eq!(unique("a.log".into(), &mut taken), "a.log");
        assert_eq!(unique("a.log".into(), &mut taken), "2-a.log");
        assert_eq!(unique("A.LOG".into(), &mut taken), "3-A.LOG");
    }

    /// Only the allow-listed types keep their name; everything else is made
    /// inert, whatever its extension, case or trailing dots and spaces.
    #[test]
    fn only_allow_listed_types_keep_their_name() {
        let table = [
            // kept (case-blind; trailing dots and spaces dropped)
            ("a.txt", "a.txt"),
            ("mail-log.csv", "mail-log.csv"),
            ("dump.json", "dump.json"),
            ("report.PDF", "report.PDF"),
            ("shot.png", "shot.png"),
            ("shot.JPG", "shot.JPG"),
            ("shot.jpeg", "shot.jpeg"),
            ("anim.gif", "anim.gif"),
            ("pic.webp", "pic.webp"),
            ("pic.bmp", "pic.bmp"),
            ("logs.zip", "logs.zip"),
            ("logs.tar.gz", "logs.tar.gz"),
            ("x.pdf.", "x.pdf"),
            ("x.png . .", "x.png"),
            // the deny-list's misses
            ("a.xhtm", "a.xhtm.txt"),
            ("a.shtm", "a.shtm.txt"),
            ("a.xsd", "a.xsd.txt"),
            ("a.xbl", "a.xbl.txt"),
            ("a.atom", "a.atom.txt"),
            ("a.rss", "a.rss.txt"),
            ("a.XHTM", "a.XHTM.txt"),
            // what the deny-list had, in any case, with Windows' trailing dots
            ("x.HTML.", "x.HTML.txt"),
            ("x.html . ", "x.html.txt"),
            ("x.Svg", "x.Svg.txt"),
            ("x.xml", "x.xml.txt"),
            ("x.js", "x.js.txt"),
            // anything else
            ("x.php", "x.php.txt"),
            ("noext", "noext.txt"),
            (".png", ".png.txt"),
            ("x.", "x.txt"),
            ("...", "file.txt"),
            ("mail.eml", "mail.eml.txt"),
            ("auth.log", "auth.log.txt"),
            ("capture.pcap", "capture.pcap.txt"),
            ("logs.tgz", "logs.tgz.txt"),
            ("rec.mp4", "rec.mp4.txt"),
            ("doc.docx", "doc.docx.txt"),
            ("png", "png.txt"),
            ("x.png.html", "x.png.html.txt"),
            ("x.txt\u{0}", "x.txt_.txt"),
        ];
        for (name, want) in table {
            assert_eq!(copy_name(&format!("evidence/{name}")), want, "{name:?}");
        }
    }

    #[test]
    fn copies_next_to_the_record_with_size_and_hash() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("evidence/a")).unwrap();
        std::fs::create_dir_all(dir.path().join("evidence/b")).unwrap();
        std::fs::write(dir.path().join("evidence/a/log.txt"), "abc").unwrap();
        std::fs::write(dir.path().join("evidence/b/log.txt"), "xyz").unwrap();
        let mut inc = Incident::sample();
        let ev = |p: &str, sha: Option<&str>| Evidence {
            path: Spanned::new(p.into(), Pos::START),
            description: None,
            sha256: sha.map(|s| Spanned::new(s.into(), Pos::START)),
            collected_by: None,
            collected_at: None,
        };
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        inc.evidence = vec![
            ev("evidence/a/log.txt", Some(abc)),
            ev("evidence/b/log.txt", None),
            ev("evidence/a/log.txt", None),
        ];
        let mem = MemorySink::default();
        let sink = Recorder::new(&mem);
        let out = copy_all(dir.path(), &[&inc], &sink).unwrap();
        let files = &out["INC-2026-001"];
        assert_eq!(files.len(), 2, "a file listed twice is copied once");
        assert_eq!(
            files[0].output.as_deref(),
            Some("incidents/INC-2026-001/evidence/log.txt")
        );
        assert_eq!(
            files[1].output.as_deref(),
            Some("incidents/INC-2026-001/evidence/2-log.txt")
        );
        assert_eq!(
            (files[0].size, files[0].sha256.as_str(), files[0].recorded),
            (3, abc, Some(true))
        );
        assert_eq!(files[1].recorded, None);
        // The manifest lists the copy under the hash computed while copying.
        let listed = sink
            .entry("incidents/INC-2026-001/evidence/log.txt")
            .unwrap();
        assert_eq!((listed.size, listed.sha256.as_str()), (3, abc));
        drop(sink);
        let written = mem.into_files();
        assert_eq!(written["incidents/INC-2026-001/evidence/2-log.txt"], b"xyz");

        inc.evidence = vec![ev("../outside.txt", None)];
        let mem = MemorySink::default();
        assert!(copy_all(dir.path(), &[&inc], &Recorder::new(&mem)).is_err());
    }
}
