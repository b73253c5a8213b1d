//! File watching with debounce: many events from one save become one rebuild.

use notify::{RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

pub struct Changes {
    rx: Receiver<Vec<PathBuf>>,
    _watcher: notify::RecommendedWatcher,
    /// When the last event arrived, and the paths seen since the last batch.
    pending: std::cell::RefCell<(Option<Instant>, BTreeSet<PathBuf>)>,
}

impl Changes {
    /// Whether changes have been seen that are not yet settled.
    pub fn waiting(&self) -> bool {
        self.pending.borrow().0.is_some()
    }

    /// The paths changed, once changes have arrived and then been quiet for
    /// `quiet`; `None` until then.
    pub fn settled(&self, quiet: Duration) -> Option<Vec<PathBuf>> {
        let mut pending = self.pending.borrow_mut();
        while let Ok(paths) = self.rx.try_recv() {
            pending.0 = Some(Instant::now());
            pending.1.extend(paths);
        }
        match pending.0 {
            Some(t) if t.elapsed() >= quiet => {
                pending.0 = None;
                Some(std::mem::take(&mut pending.1).into_iter().collect())
            }
            _ => None,
        }
    }
}

/// Watch `dirs` recursively, ignoring anything under `out` (our own writes).
pub fn watch(dirs: &[PathBuf], out: &Path) -> notify::Result<Changes> {
    let (tx, rx) = channel();
    // The watcher now starts before the first build, so `out` may not
    // exist yet: then it is made absolute without resolving links.
    let out = out
        .canonicalize()
        .or_else(|_| std::path::absolute(out))
        .unwrap_or_else(|_| out.to_path_buf());
    let out_parent = out.parent().map(Path::to_path_buf);
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let Ok(event) = res else { return };
        if event.kind.is_access() {
            return;
        }
        let ours = |p: &PathBuf| {
            p.starts_with(&out)
                || out_parent.as_ref().is_some_and(|parent| {
                    p.parent() == Some(parent.as_path())
                        && p.file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
        };
        if event.paths.is_empty() {
            // No paths (the watcher lost track, e.g. a queue overflow): an
            // empty path makes the session rebuild everything.
            let _ = tx.send(vec![PathBuf::new()]);
            return;
        }
        let theirs: Vec<PathBuf> = event.paths.into_iter().filter(|p| !ours(p)).collect();
        if !theirs.is_empty() {
            let _ = tx.send(theirs);
        }
    })?;
    for d in dirs {
        watcher.watch(d, RecursiveMode::Recursive)?;
    }
    Ok(Changes {
        rx,
        _watcher: watcher,
        pending: Default::default(),
    })
}
