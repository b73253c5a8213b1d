//! Writing an incremental rebuild into the directory being served: each
//! file is replaced on its own (written beside it, then renamed over it, so
//! a request never reads half a file). Files whose bytes are unchanged never
//! get here (the render's recorder skips them), so what is written is what
//! changed, and only those pages reload.

use crate::write::{Sink, Spare, Splice};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

pub struct LiveSink {
    dir: PathBuf,
    written: Mutex<Vec<String>>,
}

impl LiveSink {
    pub fn new(dir: &Path) -> LiveSink {
        LiveSink {
            dir: dir.to_path_buf(),
            written: Mutex::new(Vec::new()),
        }
    }

    /// Site paths written so far (their bytes changed).
    pub fn written(&self) -> Vec<String> {
        self.written.lock().map(|w| w.clone()).unwrap_or_default()
    }

    /// Remove a file the new render no longer produces.
    pub fn remove(&self, path: &str) -> Result<(), String> {
        let target = self.target(path)?;
        match std::fs::remove_file(&target) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(format!("cannot remove `{}`: {e}", target.display())),
        }
    }

    fn note_written(&self, path: &str) {
        if let Ok(mut w) = self.written.lock() {
            w.push(path.to_string());
        }
    }

    /// The temporary name `target` is written under before it is renamed.
    fn temporary(target: &Path) -> PathBuf {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        target.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
    }

    fn target(&self, path: &str) -> Result<PathBuf, String> {
        let rel = Path::new(path);
        if path.is_empty() || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(format!("refusing to write `{path}` outside the site"));
        }
        Ok(self.dir.join(rel))
    }
}

impl Sink for LiveSink {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        let target = self.target(path)?;
        let dir = target
            .parent()
            .ok_or_else(|| format!("no folder for `{path}`"))?;
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
        let tmp = LiveSink::temporary(&target);
        std::fs::write(&tmp, bytes)
            .and_then(|_| std::fs::rename(&tmp, &target))
            .map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                format!("cannot write `{}`: {e}", target.display())
            })?;
        self.note_written(path);
        Ok(())
    }

    /// The new file is made beside the old one, then renamed over it: a
    /// request reads the old file or the new one, never a mix. It is made
    /// from the version before the old one when that was kept aside (see
    /// [`LiveSink::made_from_spare`]: only the bytes that differ are written),
    /// else from the old one's bytes before and after the change (copied
    /// by the kernel) and the new bytes between; the old one is then kept
    /// aside for the next change.
    fn splice(&self, path: &str, splice: &Splice) -> Result<bool, String> {
        use std::io::{Read, Seek, SeekFrom, Write};
        let target = self.target(path)?;
        if let Some(spare) = &splice.spare {
            if self.made_from_spare(path, &target, spare) {
                self.note_written(path);
                return Ok(true);
            }
        }
        let Ok(mut old) = std::fs::File::open(&target) else {
            return Ok(false);
        };
        let size = old.metadata().map(|m| m.len()).unwrap_or(u64::MAX);
        if size != splice.old_size || splice.at + splice.removed > size {
            return Ok(false);
        }
        let tmp = LiveSink::temporary(&target);
        let made = (|| -> std::io::Result<()> {
            let mut new = std::fs::File::create(&tmp)?;
            std::io::copy(&mut (&mut old).take(splice.at), &mut new)?;
            for piece in splice.with {
                new.write_all(piece)?;
            }
            old.seek(SeekFrom::Start(splice.at + splice.removed))?;
            std::io::copy(&mut old, &mut new)?;
            Ok(())
        })();
        let replaced = made.and_then(|()| match &splice.spare {
            Some(spare) if exchange(&tmp, &target).is_ok() => {
                // The old file now stands at `tmp`: kept aside by its hash.
                self.keep_aside(path, &tmp, spare.old);
                Ok(())
            }
            _ => std::fs::rename(&tmp, &target),
        });
        if let Err(e) = replaced {
            let _ = std::fs::remove_file(&tmp);
            return Err(format!("cannot write `{}`: {e}", target.display()));
        }
        self.note_written(path);
        Ok(true)
    }
}

impl LiveSink {
    /// The folder beside the served one (never inside it: the served folder
    /// is a whole build's files and nothing else) where the files last
    /// replaced by a splice are kept, named by their path and hash.
    fn spare_dir(&self) -> PathBuf {
        let name = self
            .dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.dir.with_file_name(format!(".{name}.spare"))
    }

    fn spare_name(path: &str, digest: crate::digest::Sha256Digest) -> String {
        format!("{}.{}", path.replace('/', "%"), digest.to_hex())
    }

    /// Make the new file from the copy of the version before the old one
    /// kept aside (found by its hash, so its bytes are that version's):
    /// the bytes that differ written into it, then exchanged with the
    /// served file in one rename, which leaves the old file where the copy
    /// was, to be kept aside in its turn. `false` (the served file as it
    /// was, the copy dropped if it was touched) when there is no such copy
    /// or any step fails.
    fn made_from_spare(&self, path: &str, target: &Path, spare: &Spare) -> bool {
        use std::io::{Seek, SeekFrom, Write};
        let Some(older) = &spare.older else {
            return false;
        };
        let copy = self
            .spare_dir()
            .join(LiveSink::spare_name(path, older.digest));
        let Ok(mut file) = std::fs::OpenOptions::new().write(true).open(&copy) else {
            return false;
        };
        let size = file.metadata().map(|m| m.len()).unwrap_or(u64::MAX);
        if size != older.size || older.at + older.removed > size {
            return false;
        }
        let added: u64 = older.with.iter().map(|w| w.len() as u64).sum();
        let new_size = size - older.removed + added;
        let made = (|| -> std::io::Result<()> {
            file.seek(SeekFrom::Start(older.at))?;
            let mut out = std::io::BufWriter::with_capacity(256 * 1024, &mut file);
            for piece in &older.with {
                out.write_all(piece)?;
            }
            out.flush()?;
            drop(out);
            file.set_len(new_size)?;
            drop(file);
            exchange(&copy, target)
        })();
        if made.is_err() {
            let _ = std::fs::remove_file(&copy);
            return false;
        }
        self.keep_aside(path, &copy, spare.old);
        true
    }

    /// Keep the file at `from` (the one just replaced at `path`, hashing to
    /// `digest`) aside, dropping any other copy of `path` kept before.
    fn keep_aside(&self, path: &str, from: &Path, digest: crate::digest::Sha256Digest) {
        let dir = self.spare_dir();
        let name = LiveSink::spare_name(path, digest);
        let stem = format!("{}.", path.replace('/', "%"));
        if let Ok(entries) = std::fs::read_dir(&dir) {
            for e in entries.flatten() {
                let other = e.file_name().to_string_lossy().into_owned();
                // `from` may be a copy kept aside (made new in its place).
                if other.starts_with(&stem) && other != name && e.path() != from {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        let kept =
            std::fs::create_dir_all(&dir).and_then(|()| std::fs::rename(from, dir.join(&name)));
        if kept.is_err() {
            let _ = std::fs::remove_file(from);
        }
    }
}

/// Swap the files at `a` and `b` in one step (`renameat2` with
/// `RENAME_EXCHANGE`): a reader of either path sees one file or the other.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are NUL-terminated paths that live across the call.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Elsewhere nothing is exchanged: every splice copies the old file's bytes.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_splice_makes_the_file_anew_from_the_old_bytes_around_the_change() {
        let dir = tempfile::tempdir().unwrap();
        let sink = LiveSink::new(dir.path());
        sink.put("register.csv", "頭\n一,1\n二,2\n三,3\n".as_bytes())
            .unwrap();
        let old = std::fs::read(dir.path().join("register.csv")).unwrap();
        let at = "頭\n一,1\n".len() as u64;
        let with: &[&[u8]] = &["二,22\n".as_bytes(), b"x\n"];
        let change = Splice {
            old_size: old.len() as u64,
            at,
            removed: "二,2\n".len() as u64,
            with,
            before: b"",
            after: b"",
            spare: None,
        };
        assert!(sink.splice("register.csv", &change).unwrap());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("register.csv")).unwrap(),
            "頭\n一,1\n二,22\nx\n三,3\n"
        );
        assert!(sink.written().contains(&"register.csv".to_string()));
        // Nothing is left beside it.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// Three versions of a file: the second splice makes the third from
    /// the first, kept aside by the first splice, writing only what
    /// differs from it (or all after the change when its length changed).
    #[test]
    fn a_splice_makes_the_file_from_the_version_kept_aside() {
        use crate::digest::Sha256Digest;
        use crate::write::{Older, Spare};
        use std::io::{Read, Seek};
        let top = tempfile::tempdir().unwrap();
        let dir = top.path().join("site");
        let sink = LiveSink::new(&dir);
        let v0: &[u8] = b"head|aa|bb|cc|tail";
        sink.put("r.csv", v0).unwrap();
        let mut held = std::fs::File::open(dir.join("r.csv")).unwrap();
        // v1: bb -> BB, v0 kept aside.
        let v1: &[u8] = b"head|aa|BB|cc|tail";
        let first = Splice {
            old_size: v0.len() as u64,
            at: 8,
            removed: 2,
            with: &[b"BB"],
            before: b"",
            after: b"",
            spare: Some(Spare {
                old: Sha256Digest::of(v0),
                older: None,
            }),
        };
        assert!(sink.splice("r.csv", &first).unwrap());
        assert_eq!(std::fs::read(dir.join("r.csv")).unwrap(), v1);
        let mut held1 = std::fs::File::open(dir.join("r.csv")).unwrap();
        // v2: aa -> AA, made from v0 (which differs in aa and bb).
        let v2: &[u8] = b"head|AA|BB|cc|tail";
        let second = Splice {
            old_size: v1.len() as u64,
            at: 5,
            removed: 2,
            with: &[b"AA"],
            before: b"",
            after: b"",
            spare: Some(Spare {
                old: Sha256Digest::of(v1),
                older: Some(Older {
                    digest: Sha256Digest::of(v0),
                    size: v0.len() as u64,
                    at: 5,
                    removed: 5,
                    with: vec![b"AA", b"|BB"],
                }),
            }),
        };
        assert!(sink.splice("r.csv", &second).unwrap());
        assert_eq!(std::fs::read(dir.join("r.csv")).unwrap(), v2);
        // The file served two versions back is the one made again.
        let mut read = Vec::new();
        held.rewind().unwrap();
        held.read_to_end(&mut read).unwrap();
        assert_eq!(read, v2);
        // v3: longer, from v1 (kept aside by the second splice).
        let v3: &[u8] = b"head|AA|BBBB|cc|tail";
        let third = Splice {
            old_size: v2.len() as u64,
            at: 8,
            removed: 2,
            with: &[b"BBBB"],
            before: b"",
            after: b"",
            spare: Some(Spare {
                old: Sha256Digest::of(v2),
                older: Some(Older {
                    digest: Sha256Digest::of(v1),
                    size: v1.len() as u64,
                    at: 5,
                    removed: v1.len() as u64 - 5,
                    with: vec![b"AA|BBBB", b"|cc|tail"],
                }),
            }),
        };
        assert!(sink.splice("r.csv", &third).unwrap());
        assert_eq!(std::fs::read(dir.join("r.csv")).unwrap(), v3);
        // Made from v1, kept aside by the splice that made v2 from its copy.
        let mut read = Vec::new();
        held1.read_to_end(&mut read).unwrap();
        assert_eq!(read, v3);
        // A copy not kept (another hash) is not used: the old bytes are.
        let v4: &[u8] = b"head|AA|BBBB|CC|tail";
        let fourth = Splice {
            old_size: v3.len() as u64,
            at: 13,
            removed: 2,
            with: &[b"CC"],
            before: b"",
            after: b"",
            spare: Some(Spare {
                old: Sha256Digest::of(v3),
                older: Some(Older {
                    digest: Sha256Digest::of(b"other"),
                    size: v3.len() as u64,
                    at: 0,
                    removed: 0,
                    with: vec![],
                }),
            }),
        };
        assert!(sink.splice("r.csv", &fourth).unwrap());
        assert_eq!(std::fs::read(dir.join("r.csv")).unwrap(), v4);
        // The site's folder holds the file alone; one copy is kept aside.
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        let aside: Vec<_> = std::fs::read_dir(top.path().join(".site.spare"))
            .unwrap()
            .collect();
        assert_eq!(aside.len(), 1);
    }

    #[test]
    fn a_file_of_another_size_or_none_is_not_spliced() {
        let dir = tempfile::tempdir().unwrap();
        let sink = LiveSink::new(dir.path());
        sink.put("a.csv", b"abc").unwrap();
        let with: &[&[u8]] = &[b"z"];
        let change = |old_size| Splice {
            old_size,
            at: 1,
            removed: 1,
            with,
            before: b"",
            after: b"",
            spare: None,
        };
        assert!(!sink.splice("a.csv", &change(4)).unwrap());
        assert!(!sink.splice("b.csv", &change(3)).unwrap());
        assert_eq!(std::fs::read(dir.path().join("a.csv")).unwrap(), b"abc");
    }
}
