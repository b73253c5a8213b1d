//! The manifest lists each content file with the SHA-256 of its bytes,
//! hashed from a reading of its own, after the pages were rendered from an
//! earlier one. A file saved again in between would be listed with a hash
//! of a text no page shows, and `verify` would later vouch for it. So the
//! fingerprint of every content file as checked (the first eight bytes of
//! the same SHA-256: `crate::load::files::fingerprint`) is kept, and the
//! manifest written into the staging directory is read back before the
//! site is published: a file listed with another hash stops the build
//! with E016, nothing published. (A build renders from the text the check
//! read: a record read a second time must match it, `super::reread`.)

use crate::diagnostics::Diagnostics;
use crate::evidence::manifest::FileHash;
use crate::load::files::fingerprint_of_sha256;
use crate::validate::Checked;
use std::path::Path;

/// Every content file the check read, with the fingerprint of its bytes,
/// sorted by path (one boxed path and a number a file: at 100,000 records a
/// few megabytes).
pub struct ReadAs(Vec<(Box<str>, u64)>);

impl ReadAs {
    /// The files `checked` read: its records (their register entries keep
    /// the fingerprint) and its other documents.
    pub fn of(checked: &Checked) -> ReadAs {
        let records = checked
            .content
            .incidents
            .iter()
            .map(|i| (i.file.as_str(), i.read_as));
        let documents = checked.documents.iter().map(|(f, r)| (f.as_str(), *r));
        let mut read: Vec<(Box<str>, u64)> = records
            .chain(documents)
            .filter_map(|(f, r)| Some((Box::from(f), r?)))
            .collect();
        read.sort_unstable();
        ReadAs(read)
    }

    fn get(&self, rel: &str) -> Option<u64> {
        let k = self.0.binary_search_by(|(f, _)| (**f).cmp(rel)).ok()?;
        Some(self.0[k].1)
    }

    /// E016 for every file of `listed` (the manifest's sources) whose hash
    /// is not of the bytes the check read. Files the check did not read
    /// (evidence files, copied byte for byte as hashed) are not asked.
    pub fn changed_in(&self, listed: &[FileHash]) -> Diagnostics {
        listed
            .iter()
            .filter(|f| {
                self.get(&f.path)
                    .is_some_and(|read| fingerprint_of_sha256(&f.sha256) != Some(read))
            })
            .map(|f| super::reread::changed(&f.path))
            .collect::<Diagnostics>()
            .sorted()
    }

    /// [`ReadAs::changed_in`] for the sources of the manifest written in the
    /// staging directory `dir` (read as it streams in: only its sources
    /// are kept). No manifest, no sources: nothing to compare.
    pub fn changed_in_manifest(&self, dir: &Path) -> Result<Diagnostics, String> {
        #[derive(serde::Deserialize)]
        struct Sources {
            sources: Vec<FileHash>,
        }
        let path = dir.join(crate::evidence::manifest::MANIFEST_PATH);
        let file = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Diagnostics::new()),
            Err(e) => return Err(format!("cannot read `{}`: {e}", path.display())),
        };
        let listed: Sources = serde_json::from_reader(std::io::BufReader::new(file))
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        Ok(self.changed_in(&listed.sources))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::files::fingerprint;

    fn hash(path: &str, bytes: &[u8]) -> FileHash {
        FileHash {
            path: path.into(),
            size: bytes.len() as u64,
            sha256: crate::digest::Sha256Digest::of(bytes).to_hex(),
        }
    }

    #[test]
    fn a_file_listed_with_the_hash_of_other_bytes_is_reported() {
        let read = ReadAs(vec![
            ("a.yaml".into(), fingerprint(b"a: 1\n")),
            ("b.md".into(), fingerprint(b"\xef\xbb\xbf# b\n")),
        ]);
        let listed = [
            hash("a.yaml", b"a: 2\n"),
            hash("b.md", b"\xef\xbb\xbf# b\n"),
            hash("evidence/x.log", b"anything"),
        ];
        let files: Vec<String> = read
            .changed_in(&listed)
            .iter()
            .map(|d| format!("{} {}", d.code, d.file))
            .collect();
        assert_eq!(files, ["E016 a.yaml"]);
        assert!(read.changed_in(&[hash("a.yaml", b"a: 1\n")]).is_empty());
    }
}
