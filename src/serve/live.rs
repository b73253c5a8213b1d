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
