//! Writing an incremental rebuild into the directory being served: each
//! file is replaced on its own (written beside it, then renamed over it, so
//! a request never reads half a file). Files whose bytes are unchanged never
//! get here (the render's recorder skips them), so what is written is what
//! changed, and only those pages reload.

use crate::write::{Sink, Splice};
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

    /// The new file is made beside the old one from the old one's bytes
    /// before and after the change (copied by the kernel) and the new bytes
    /// between, then renamed over it: a request reads the old file or the
    /// new one, never a mix.
    fn splice(&self, path: &str, splice: &Splice) -> Result<bool, String> {
        use std::io::{Read, Seek, SeekFrom, Write};
        let target = self.target(path)?;
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
            std::fs::rename(&tmp, &target)
        })();
        if let Err(e) = made {
            let _ = std::fs::remove_file(&tmp);
            return Err(format!("cannot write `{}`: {e}", target.display()));
        }
        self.note_written(path);
        Ok(true)
    }
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
        };
        assert!(!sink.splice("a.csv", &change(4)).unwrap());
        assert!(!sink.splice("b.csv", &change(3)).unwrap());
        assert_eq!(std::fs::read(dir.path().join("a.csv")).unwrap(), b"abc");
    }
}
