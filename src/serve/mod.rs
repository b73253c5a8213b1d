//! `ismsbook serve`: build, serve on 127.0.0.1, rebuild when the content or the
//! theme changes, and reload open pages. While the content has errors, every
//! page shows the diagnostics instead of stale content.

mod http;
pub mod incremental;
mod live;
mod overlay;
mod watch;

use crate::diagnostics::report::{self, Format};
use crate::site::{BuildError, BuildOptions};
use incremental::{Rebuilt, Session};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub struct ServeOptions {
    /// What to build; `build.out` is the private folder that is served.
    pub build: BuildOptions,
    /// Where every successful rebuild is also published, whole and
    /// atomically (`serve --out`); checked like `build --out` before start.
    pub publish: Option<PathBuf>,
    /// 0 picks a free port.
    pub port: u16,
    pub quiet: bool,
    /// The language of messages and of the error page.
    pub lang: crate::diagnostics::Lang,
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
    /// Site paths the last rebuild left to be made
    /// ([`Session::settle`]: `register.xlsx`, the manifest, the evidence
    /// index): a request for one waits until they are made, so it never
    /// gets the previous render's bytes beside this one's pages.
    pub pending: Mutex<Vec<String>>,
    settled: std::sync::Condvar,
}

impl State {
    /// Wait while `path` (a site path) is pending, at most `limit`:
    /// whether it is made.
    pub fn wait_for(&self, path: &str, limit: Duration) -> bool {
        let Ok(pending) = self.pending.lock() else {
            return false;
        };
        self.settled
            .wait_timeout_while(pending, limit, |p| p.iter().any(|q| q == path))
            .is_ok_and(|(p, _)| !p.iter().any(|q| q == path))
    }

    /// The paths now pending (none once they are made).
    fn set_pending(&self, paths: Vec<String>) {
        if let Ok(mut p) = self.pending.lock() {
            *p = paths;
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
    fn pages_changed(&self, paths: &[String]) {
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
    fn record(&self, began: u64, rebuilt: &Result<Rebuilt, BuildError>, failure: Option<String>) {
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

/// Publish the preview to `--out` as a whole (see `crate::write::publish`).
fn publish(opts: &ServeOptions) {
    let Some(out) = &opts.publish else {
        return;
    };
    match crate::write::publish(&opts.build.out, out, &opts.build.content) {
        Ok(_) if !opts.quiet => eprintln!("published to {}", out.display()),
        Ok(_) => {}
        Err(e) => eprintln!("warning: not published to {}: {e}", out.display()),
    }
}

fn rebuild(
    session: &mut Session,
    changed: Option<&[PathBuf]>,
    state: &State,
    quiet: bool,
    lang: crate::diagnostics::Lang,
) -> bool {
    let began = state.version.load(Ordering::SeqCst);
    let result = match changed {
        Some(paths) => session.rebuild(paths, &|shown| state.pages_changed(shown)),
        None => session.build_whole(),
    };
    let failure = match &result {
        Ok(Rebuilt::Whole(report)) => {
            if !quiet {
                eprintln!(
                    "rebuilt: {} pages in {} ms",
                    report.pages,
                    report.elapsed.as_millis()
                );
            }
            None
        }
        Ok(Rebuilt::Incremental {
            changed,
            records_shown,
            elapsed,
            steps,
            ..
        }) => {
            if !quiet {
                let steps: Vec<String> = steps
                    .iter()
                    .map(|(name, d)| format!("{name} {:.1} ms", d.as_secs_f64() * 1000.0))
                    .collect();
                eprintln!(
                    "rebuilt incrementally: {} files changed in {} ms; record pages in {} ms ({})",
                    changed.len(),
                    elapsed.as_millis(),
                    records_shown.as_millis(),
                    steps.join(", ")
                );
            }
            None
        }
        Ok(Rebuilt::Nothing) => None,
        Err(BuildError::Diagnostics(diags)) => {
            let sources = crate::load::SourceFiles::new(session.content());
            let text = report::render(
                diags,
                session.content(),
                &sources,
                Format::Human,
                false,
                0,
                lang,
            );
            eprint!("{text}");
            Some(overlay::diagnostics_page(
                diags,
                &sources,
                lang,
                http::RELOAD_TAG,
            ))
        }
        Err(e) => {
            eprintln!("error: {e}");
            Some(overlay::message_page(
                &e.to_string(),
                lang,
                http::RELOAD_TAG,
            ))
        }
    };
    let published = failure.is_none() && !matches!(result, Ok(Rebuilt::Nothing));
    state.set_pending(session.pending());
    state.record(began, &result, failure);
    published
}

/// Make what the last rebuild deferred ([`Session::settle`]), then let the
/// requests waiting for those files go on; pages among them reload.
fn settle(session: &mut Session, state: &State, quiet: bool, lang: crate::diagnostics::Lang) {
    if session.pending().is_empty() {
        return;
    }
    let started = std::time::Instant::now();
    match session.settle() {
        Ok(changed) => {
            if !quiet {
                eprintln!(
                    "made the deferred files ({}) in {} ms",
                    changed.len(),
                    started.elapsed().as_millis()
                );
            }
            state.pages_changed(&changed);
        }
        // The files are still the previous render's: a whole build
        // replaces the site (requests for them wait meanwhile).
        Err(e) => {
            eprintln!("error: {e}; building the whole site again");
            rebuild(session, None, state, quiet, lang);
            return;
        }
    }
    state.set_pending(session.pending());
}

/// Run until Ctrl-C. Returns the process exit code.
pub fn serve(opts: ServeOptions) -> u8 {
    let state = Arc::new(State::default());
    if let Some(out) = &opts.publish {
        if let Err(e) = crate::write::check_target(out, &opts.build.content) {
            eprintln!("error: {e}");
            return 2;
        }
    }
    // The port first: a port another program holds is said at once, not
    // after a whole build (requests wait in the queue meanwhile).
    let server = match tiny_http::Server::http(("127.0.0.1", opts.port)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "error: cannot listen on 127.0.0.1:{}: {e}; another program may be using it: choose another port with --port N (--port 0 picks a free one)",
                opts.port
            );
            return 2;
        }
    };
    let mut session = Session::new(opts.build.clone());
    if rebuild(&mut session, None, &state, opts.quiet, opts.lang) {
        publish(&opts);
    }
    let publish_settled = |session: &mut Session, state: &State| {
        // What is published is a whole site: the deferred files first.
        settle(session, state, opts.quiet, opts.lang);
        if session.pending().is_empty() {
            publish(&opts);
        }
    };

    let bound = server.server_addr().to_ip();
    let port = bound.map(|a| a.port()).unwrap_or(opts.port);
    let addr = bound.map(|a| a.to_string()).unwrap_or_default();
    println!("serving http://{addr}/  (Ctrl-C to stop)");

    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        if let Err(e) = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst)) {
            eprintln!("warning: cannot handle Ctrl-C: {e}");
        }
    }

    let mut watched: Vec<PathBuf> = vec![opts.build.content.clone()];
    if let Some(t) = &opts.build.theme {
        watched.push(t.clone());
    }
    let changes = match watch::watch(&watched, &opts.build.out) {
        Ok(c) => Some(c),
        Err(e) => {
            eprintln!("warning: cannot watch for changes ({e}); restart to rebuild");
            None
        }
    };

    let site = opts.build.out.clone();
    while !stop.load(Ordering::SeqCst) {
        if let Some(changes) = &changes {
            match changes.settled(Duration::from_millis(80)) {
                Some(paths)
                    if rebuild(&mut session, Some(&paths), &state, opts.quiet, opts.lang)
                        && opts.publish.is_some() =>
                {
                    publish_settled(&mut session, &state);
                }
                Some(_) => {}
                // No edit is waiting: make what the last rebuild deferred.
                None if !changes.waiting() => settle(&mut session, &state, opts.quiet, opts.lang),
                None => {}
            }
        }
        match server.recv_timeout(Duration::from_millis(50)) {
            Ok(Some(request)) => {
                let state = state.clone();
                let site = site.clone();
                std::thread::spawn(move || http::respond(request, &site, &state, port));
            }
            Ok(None) => {}
            Err(e) => {
                eprintln!("error: {e}");
                break;
            }
        }
    }
    if !opts.quiet {
        eprintln!("stopped");
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
