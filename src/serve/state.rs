//! What the preview's requests see of the rebuilds: the version each page
//! reloads on, the page shown while the build fails, and which files a
//! request must wait for.

use super::incremental::Rebuilt;
use crate::site::BuildError;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// The files a request must not be given yet.
#[derive(Default)]
struct Held {
    /// A rebuild is writing the site: requests are answered once it has
    /// ended, as they would be by a server that waits for it, so that a page
    /// is never served beside the previous render's register or exports.
    rebuilding: bool,
    /// Site paths the last rebuild left to be made
    /// ([`super::incremental::Session::settle`]: `register.xlsx`, the
    /// manifest, the evidence index): a request for one waits until they
    /// are made, so it never gets the previous render's bytes beside this
    /// one's pages.
    pending: Vec<String>,
}

impl Held {
    fn holds(&self, path: &str) -> bool {
        self.rebuilding || self.pending.iter().any(|p| p == path)
    }
}

/// What the server shows: the site, or the reason it cannot be built.
#[derive(Default)]
pub struct State {
    /// Bumped after every rebuild attempt.
    pub version: AtomicU64,
    /// The version at which every page last changed (a whole build, or the
    /// diagnostics page appearing or going away).
    pub everything: AtomicU64,
    /// The version at which a page last changed in an incremental rebuild,
    /// by site path: pages poll their own version, so only those whose bytes
    /// changed reload.
    pub pages: Mutex<HashMap<String, u64>>,
    /// The page shown instead of the site when the last build failed
    /// ([`overlay`]).
    pub failure: Mutex<Option<String>>,
    /// What a request for a file waits for ([`State::wait_for`]).
    held: Mutex<Held>,
    settled: Condvar,
}

impl State {
    /// Wait while `path` (a site path) is pending, at most `limit`:
    /// whether it is made.
    pub fn wait_for(&self, path: &str, limit: Duration) -> bool {
        let Ok(held) = self.held.lock() else {
            return false;
        };
        self.settled
            .wait_timeout_while(held, limit, |h| h.holds(path))
            .is_ok_and(|(h, _)| !h.holds(path))
    }

    /// A rebuild begins: every file waits until it ends ([`State::set_pending`]).
    pub(super) fn begin_rebuild(&self) {
        if let Ok(mut held) = self.held.lock() {
            held.rebuilding = true;
        }
    }

    /// The rebuild has ended and left `paths` to be made (none once they
    /// are): requests for any other file go on.
    pub(super) fn set_pending(&self, paths: Vec<String>) {
        if let Ok(mut held) = self.held.lock() {
            *held = Held {
                rebuilding: false,
                pending: paths,
            };
        }
        self.settled.notify_all();
    }

    /// The version a page at site path `path` reloads on.
    pub fn version_of(&self, path: &str) -> u64 {
        let page = self
            .pages
            .lock()
            .ok()
            .and_then(|p| p.get(path).copied())
            .unwrap_or(0);
        page.max(self.everything.load(Ordering::SeqCst))
    }

    /// Pages `paths` changed (mid-rebuild, while the site is sound).
    pub(super) fn pages_changed(&self, paths: &[String]) {
        if self.failure.lock().map(|f| f.is_some()).unwrap_or(true) {
            return;
        }
        let version = self.version.fetch_add(1, Ordering::SeqCst) + 1;
        if let Ok(mut pages) = self.pages.lock() {
            for p in paths {
                pages.insert(p.clone(), version);
            }
        }
    }

    /// The outcome of a rebuild that began at version `began`.
    pub(super) fn record(
        &self,
        began: u64,
        rebuilt: &Result<Rebuilt, BuildError>,
        failure: Option<String>,
    ) {
        let version = self.version.fetch_add(1, Ordering::SeqCst) + 1;
        let was_failing = self.failure.lock().map(|f| f.is_some()).unwrap_or(true);
        let now_failing = failure.is_some();
        if let Ok(mut f) = self.failure.lock() {
            *f = failure;
        }
        match rebuilt {
            Ok(Rebuilt::Incremental { changed, .. }) if !was_failing => {
                if let Ok(mut pages) = self.pages.lock() {
                    for p in changed {
                        // Pages shown during this rebuild reload once, not twice.
                        let shown = pages.get(p).is_some_and(|v| *v > began);
                        if !shown {
                            pages.insert(p.clone(), version);
                        }
                    }
                }
            }
            Ok(Rebuilt::Nothing) if was_failing == now_failing => {}
            _ => {
                if let Ok(mut pages) = self.pages.lock() {
                    pages.clear();
                }
                self.everything.store(version, Ordering::SeqCst);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_request_for_a_pending_file_waits_until_it_is_made() {
        let state = Arc::new(State::default());
        state.set_pending(vec!["register.xlsx".to_string()]);
        // Another file is not held back.
        assert!(state.wait_for("register.csv", Duration::ZERO));
        // A pending one is not given before it is made …
        assert!(!state.wait_for("register.xlsx", Duration::from_millis(20)));
        // … and is as soon as it is.
        let waiter = {
            let state = state.clone();
            std::thread::spawn(move || state.wait_for("register.xlsx", Duration::from_secs(30)))
        };
        std::thread::sleep(Duration::from_millis(50));
        state.set_pending(Vec::new());
        assert!(waiter.join().unwrap());
    }

    #[test]
    fn during_a_rebuild_every_file_waits_for_its_end() {
        let state = Arc::new(State::default());
        state.begin_rebuild();
        assert!(!state.wait_for("incidents/INC-1.html", Duration::from_millis(20)));
        let waiter = {
            let state = state.clone();
            std::thread::spawn(move || state.wait_for("register.csv", Duration::from_secs(30)))
        };
        std::thread::sleep(Duration::from_millis(50));
        state.set_pending(vec!["register.xlsx".to_string()]);
        assert!(waiter.join().unwrap());
        assert!(!state.wait_for("register.xlsx", Duration::ZERO));
    }
}
