//! File watching with debounce: many events from one save become one rebuild.

use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

pub struct Changes {
    rx: Receiver<()>,
    _watcher: notify::RecommendedWatcher,
    pending: std::cell::Cell<Option<Instant>>,
}

impl Changes {
    /// True once changes have arrived and then been quiet for `quiet`.
    pub fn settled(&self, quiet: Duration) -> bool {
        while self.rx.try_recv().is_ok() {
            self.pending.set(Some(Instant::now()));
        }
        match self.pending.get() {
            Some(t) if t.elapsed() >= quiet => {
                self.pending.set(None);
                true
            }
            _ => false,
        }
    }
}

/// Watch `dirs` recursively, ignoring anything under `out` (our own writes).
pub fn watch(dirs: &[PathBuf], out: &Path) -> notify::Result<Changes> {
    let (tx, rx) = channel();
    let out = out.canonicalize().unwrap_or_else(|_| out.to_path_buf());
    let out_parent = out.parent().map(Path::to_path_buf);
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let Ok(event) = res else { return };
        if event.kind.is_access() {
            return;
        }
        let ours = event.paths.iter().all(|p| {
            p.starts_with(&out)
                || out_parent.as_ref().is_some_and(|parent| {
                    p.parent() == Some(parent.as_path())
                        && p.file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
        });
        if !ours {
            let _ = tx.send(());
        }
    })?;
    for d in dirs {
        watcher.watch(d, RecursiveMode::Recursive)?;
    }
    Ok(Changes {
        rx,
        _watcher: watcher,
        pending: std::cell::Cell::new(None),
    })
}
