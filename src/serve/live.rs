//! Writing an incremental rebuild into the directory being served: each
//! file is replaced on its own (written beside it, then renamed over it, so
//! a request never reads half a file). Files whose bytes are unchanged never
//! get here (the render's recorder skips them), so what is written is what
//! changed, and only those pages reload.

use crate::write::Sink;
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
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        std::fs::write(&tmp, bytes)
            .and_then(|_| std::fs::rename(&tmp, &target))
            .map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                format!("cannot write `{}`: {e}", target.display())
            })?;
        if let Ok(mut w) = self.written.lock() {
            w.push(path.to_string());
        }
        Ok(())
    }
}
