//! A sink in front of the build's sink that hashes every file on its way
//! (for the manifest), and skips writing files whose bytes the destination
//! already holds (incremental rebuilds). Middleware in Zola's sense: it
//! knows paths and bytes, nothing of what they mean.

use super::{Fill, Sink};
use crate::digest::{HashingWriter, Sha256Digest};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Mutex;

/// A file and its hash.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FileHash {
    /// Relative to the content directory (sources) or the site root (files), `/`-separated.
    pub path: String,
    pub size: u64,
    /// Lowercase hex SHA-256.
    pub sha256: String,
}

/// Files by path with their size and SHA-256, as a [`Recorder`] records
/// them (kept compact: one entry per file of the site) and as a render
/// that keeps its memory (`serve`) hands them to the next, which keeps
/// most of them as they are without parsing or copying them.
pub type Files = BTreeMap<Box<str>, (u64, Sha256Digest)>;

/// A sink that hashes every file on its way to the real sink.
pub struct Recorder<'a> {
    inner: &'a dyn Sink,
    /// Every file recorded (held until the manifest is written).
    files: Mutex<Files>,
    /// What the destination already holds: a file put again with the
    /// same bytes is recorded but not written.
    held: Mutex<Files>,
}

impl<'a> Recorder<'a> {
    pub fn new(inner: &'a dyn Sink) -> Recorder<'a> {
        Recorder::over(inner, Files::new())
    }

    /// A recorder writing into a destination that already holds `held`
    /// (the files of a previous render, as [`Recorder::into_files`] gave
    /// them).
    pub fn over(inner: &'a dyn Sink, held: Files) -> Recorder<'a> {
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
        // A rebuild calls this a few times over every file of the site:
        // the entries are moved, not copied (the two maps are built from
        // sorted runs and merged, with no allocation a file).
        let (mut kept, left): (Files, Files) = std::mem::take(&mut *held)
            .into_iter()
            .partition(|(p, _)| keep(p));
        *held = left;
        files.append(&mut kept);
    }

    /// [`Recorder::keep_held`] for every file the destination holds but
    /// those of `but` (a `serve` settle keeps all but the few files it
    /// makes): only those are looked up, the rest are moved whole.
    pub fn keep_held_but<'p>(&self, but: impl IntoIterator<Item = &'p str>) {
        let (Ok(mut held), Ok(mut files)) = (self.held.lock(), self.files.lock()) else {
            return;
        };
        let mut left = Files::new();
        for path in but {
            if let Some((path, entry)) = held.remove_entry(path) {
                left.insert(path, entry);
            }
        }
        let mut kept = std::mem::replace(&mut *held, left);
        files.append(&mut kept);
    }

    /// Every file recorded, by path, taking them out of the recorder (a
    /// render that keeps its memory hands them to the next render's
    /// [`Recorder::over`]).
    pub fn into_files(self) -> Files {
        self.files.into_inner().unwrap_or_default()
    }

    /// The wrapped sink (for the one file that is not hashed: the manifest).
    pub fn inner(&self) -> &'a dyn Sink {
        self.inner
    }

    /// `f` of every file written so far (by path, in order), borrowed
    /// from the recorder; `None` when its map cannot be read.
    pub fn with_files<R>(&self, f: impl FnOnce(&Files) -> R) -> Option<R> {
        let files = self.files.lock().ok()?;
        Some(f(&files))
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
                path: path.to_string(),
                size: *size,
                sha256: sha256.to_hex(),
            })
            .collect()
    }

    /// The entry of `path` as recorded, if it was written.
    pub fn entry(&self, path: &str) -> Option<FileHash> {
        let files = self.files.lock().ok()?;
        files.get(path).map(|(size, sha256)| FileHash {
            path: path.to_string(),
            size: *size,
            sha256: sha256.to_hex(),
        })
    }

    /// The size and SHA-256 of `path` as recorded, if it was written.
    pub fn recorded(&self, path: &str) -> Option<(u64, Sha256Digest)> {
        self.files.lock().ok()?.get(path).copied()
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
        let digest = Sha256Digest::parse_hex(&sha256)
            .ok_or_else(|| format!("`{path}`: `{sha256}` is not a SHA-256"))?;
        self.put_digest(path, bytes, digest)
    }

    fn put_digest(&self, path: &str, bytes: &[u8], digest: Sha256Digest) -> Result<(), String> {
        let size = bytes.len() as u64;
        if !self.holds(path, size, digest) {
            self.inner.put(path, bytes)?;
        }
        self.record(path, size, digest)
    }

    /// Whether the destination holds `path` with this size and hash.
    fn holds(&self, path: &str, size: u64, digest: Sha256Digest) -> bool {
        self.held
            .lock()
            .map(|h| h.get(path) == Some(&(size, digest)))
            .unwrap_or(false)
    }

    /// [`Sink::put_with`] for a file whose size and SHA-256 the caller has
    /// worked out from the bytes `fill` writes (a file made of kept parts,
    /// `serve`): not hashed again, and not written when the destination
    /// holds those bytes.
    pub fn put_with_digest(
        &self,
        path: &str,
        size: u64,
        digest: Sha256Digest,
        fill: Fill,
    ) -> Result<(), String> {
        if !self.holds(path, size, digest) {
            self.inner.put_with(path, fill)?;
        }
        self.record(path, size, digest)
    }

    /// Change the file at `path`, which the destination holds with the
    /// hash `old` (and the size `splice.old_size`), as `splice` says
    /// ([`Sink::splice`]), giving a file of `size` bytes hashing to
    /// `digest`; `Ok(false)` (nothing recorded) when the destination does
    /// not hold that file or cannot change it in place.
    pub fn splice(
        &self,
        path: &str,
        splice: &super::Splice,
        old: Sha256Digest,
        (size, digest): (u64, Sha256Digest),
    ) -> Result<bool, String> {
        if self.holds(path, size, digest) {
            self.record(path, size, digest)?;
            return Ok(true);
        }
        if !self.holds(path, splice.old_size, old) || !self.inner.splice(path, splice)? {
            return Ok(false);
        }
        self.record(path, size, digest)?;
        Ok(true)
    }

    /// Record a file the caller wrote into the destination past this
    /// recorder (`serve`'s workbook, written beside the name guard, which
    /// searches only its new parts), with its size and hash.
    pub fn record_written(
        &self,
        path: &str,
        size: u64,
        digest: Sha256Digest,
    ) -> Result<(), String> {
        self.record(path, size, digest)
    }

    fn record(&self, path: &str, size: u64, digest: Sha256Digest) -> Result<(), String> {
        let mut files = self
            .files
            .lock()
            .map_err(|_| "manifest lock poisoned".to_string())?;
        files.insert(path.into(), (size, digest));
        Ok(())
    }
}

impl Sink for Recorder<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        // Hash before taking the lock: pages are written from many threads.
        self.put_digest(path, bytes, Sha256Digest::of(bytes))
    }

    /// Hashes the text's bytes; the wrapped sink gets them as text.
    fn put_text(&self, path: &str, text: &str) -> Result<(), String> {
        let bytes = text.as_bytes();
        let (size, digest) = (bytes.len() as u64, Sha256Digest::of(bytes));
        if !self.holds(path, size, digest) {
            self.inner.put_text(path, text)?;
        }
        self.record(path, size, digest)
    }

    /// Hashes `bytes`; the wrapped sink gets `readable` with them.
    fn put_packed(&self, path: &str, bytes: &[u8], readable: &[u8]) -> Result<(), String> {
        let (size, digest) = (bytes.len() as u64, Sha256Digest::of(bytes));
        if !self.holds(path, size, digest) {
            self.inner.put_packed(path, bytes, readable)?;
        }
        self.record(path, size, digest)
    }

    /// Hashes the bytes as they stream to the wrapped sink. A file the
    /// destination already holds (an incremental rebuild) is gathered
    /// first, so that unchanged bytes are still not written again.
    fn put_with(&self, path: &str, fill: Fill) -> Result<(), String> {
        let held = self
            .held
            .lock()
            .map(|h| h.contains_key(path))
            .unwrap_or(false);
        if held {
            let mut bytes = Vec::new();
            fill(&mut bytes).map_err(|e| format!("cannot make `{path}`: {e}"))?;
            return self.put(path, &bytes);
        }
        let mut entry = None;
        self.inner.put_with(path, &mut |w| {
            let mut hashing = HashingWriter::new(w);
            fill(&mut hashing)?;
            entry = Some(hashing.finish_digest());
            Ok(())
        })?;
        let (size, digest) = entry.ok_or_else(|| format!("`{path}` was not written"))?;
        self.record(path, size, digest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::digest::sha256_hex;
    use crate::write::MemorySink;

    #[test]
    fn a_file_the_destination_holds_is_recorded_but_not_written_again() {
        let mem = MemorySink::default();
        let held: Files = [
            ("same.html", (3, Sha256Digest::of(b"abc"))),
            ("changed.html", (3, Sha256Digest::of(b"abc"))),
            ("kept.html", (1, Sha256Digest::of(b"k"))),
            ("gone.html", (1, Sha256Digest::of(b"g"))),
        ]
        .into_iter()
        .map(|(p, e)| (Box::from(p), e))
        .collect();
        let rec = Recorder::over(&mem, held);
        rec.put("same.html", b"abc").unwrap();
        rec.put("changed.html", b"abd").unwrap();
        rec.put_with("new.csv", &mut |w| w.write_all(b"x")).unwrap();
        rec.keep_held(|p| p == "kept.html");
        let snap: Vec<(String, u64, String)> = rec
            .snapshot()
            .into_iter()
            .map(|f| (f.path, f.size, f.sha256))
            .collect();
        assert_eq!(
            snap,
            [
                ("changed.html".to_string(), 3, sha256_hex(b"abd")),
                ("kept.html".to_string(), 1, sha256_hex(b"k")),
                ("new.csv".to_string(), 1, sha256_hex(b"x")),
                ("same.html".to_string(), 3, sha256_hex(b"abc")),
            ]
        );
        // What the next render's recorder is made over: the same entries.
        let files = rec.into_files();
        assert_eq!(files.len(), 4);
        assert_eq!(files.get("kept.html"), Some(&(1, Sha256Digest::of(b"k"))));
        assert_eq!(files.get("gone.html"), None);
        let written = mem.into_files();
        assert_eq!(
            written.keys().collect::<Vec<_>>(),
            ["changed.html", "new.csv"]
        );
    }

    #[test]
    fn every_held_file_but_some_is_kept_as_written() {
        let mem = MemorySink::default();
        let held: Files = ["a", "b", "c"]
            .into_iter()
            .map(|p| (Box::from(p), (1, Sha256Digest::of(p.as_bytes()))))
            .collect();
        let rec = Recorder::over(&mem, held);
        rec.put("new", b"n").unwrap();
        rec.keep_held_but(["b", "missing"]);
        let paths: Vec<String> = rec.snapshot().into_iter().map(|f| f.path).collect();
        assert_eq!(paths, ["a", "c", "new"]);
        // `b` is still held: put again with the same bytes, it is not written.
        rec.put("b", b"b").unwrap();
        assert_eq!(mem.into_files().keys().collect::<Vec<_>>(), ["new"]);
    }

    #[test]
    fn a_given_hash_that_is_not_one_is_refused() {
        let mem = MemorySink::default();
        let rec = Recorder::new(&mem);
        assert!(rec.put_hashed("e/x", b"abc", "abc".into()).is_err());
        assert!(rec.is_empty());
    }

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
    fn a_streamed_file_is_hashed_like_a_put_one() {
        let mem = MemorySink::default();
        let rec = Recorder::new(&mem);
        rec.put_with("s.csv", &mut |w| {
            w.write_all(b"a,b\r\n")?;
            w.write_all(b"1,2\r\n")
        })
        .unwrap();
        let e = rec.entry("s.csv").unwrap();
        assert_eq!((e.size, e.sha256), (10, sha256_hex(b"a,b\r\n1,2\r\n")));
        assert_eq!(mem.into_files()["s.csv"], b"a,b\r\n1,2\r\n");
    }
}
