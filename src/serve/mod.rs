//! `ismsbook serve`: build, serve on 127.0.0.1, rebuild when the content or the
//! theme changes, and reload open pages. While the content has errors, every
//! page shows the diagnostics instead of stale content.

mod http;
pub mod incremental;
mod live;
mod overlay;
mod server;
mod state;
mod watch;

pub use state::State;

use crate::diagnostics::catalogue::fmt as tr;
use crate::diagnostics::report::{self, Format};
use crate::site::{BuildError, BuildOptions};
use incremental::{Rebuilt, Session};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
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

/// Publish the preview to `--out` as a whole (see `crate::write::publish`).
fn publish(opts: &ServeOptions) {
    let Some(out) = &opts.publish else {
        return;
    };
    match crate::write::publish(&opts.build.out, out, &opts.build.content) {
        Ok(_) if !opts.quiet => eprintln!(
            "{}",
            tr(
                opts.lang,
                "cli.published",
                &[("out", &out.display().to_string())]
            )
        ),
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
    state.begin_rebuild();
    let result = match changed {
        Some(paths) => session.rebuild(paths, &|shown| state.pages_changed(shown)),
        None => session.build_whole(),
    };
    let failure = match &result {
        Ok(Rebuilt::Whole(report)) => {
            if !quiet {
                let (pages, ms) = (
                    report.pages.to_string(),
                    report.elapsed.as_millis().to_string(),
                );
                eprintln!(
                    "{}",
                    tr(lang, "cli.rebuilt", &[("pages", &pages), ("ms", &ms)])
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
                let args = [
                    ("changed", changed.len().to_string()),
                    ("ms", elapsed.as_millis().to_string()),
                    ("records_ms", records_shown.as_millis().to_string()),
                    ("steps", steps.join(", ")),
                ];
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                eprintln!("{}", tr(lang, "cli.rebuilt_incremental", &args));
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
    // The outcome first, then the requests held meanwhile go on.
    state.record(began, &result, failure);
    state.set_pending(session.pending());
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
                let (n, ms) = (
                    changed.len().to_string(),
                    started.elapsed().as_millis().to_string(),
                );
                eprintln!("{}", tr(lang, "cli.deferred", &[("n", &n), ("ms", &ms)]));
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
    let listener = match server::bind(opts.port) {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "error: cannot listen on 127.0.0.1:{}: {e}; another program may be using it: choose another port with --port N (--port 0 picks a free one)",
                opts.port
            );
            return 2;
        }
    };
    // Watch before the first build: an edit saved while it runs, or just
    // after `serving` is printed, is then rebuilt rather than missed.
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

    let server = match server::Server::start(listener, opts.build.out.clone(), state.clone()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot serve: {e}");
            return 2;
        }
    };
    let addr = server.addr().to_string();
    println!("{}", tr(opts.lang, "cli.serving", &[("addr", &addr)]));

    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        if let Err(e) = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst)) {
            eprintln!("warning: cannot handle Ctrl-C: {e}");
        }
    }

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
        // Requests are answered on the server's own threads meanwhile.
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(server);
    if !opts.quiet {
        eprintln!("{}", tr(opts.lang, "cli.stopped", &[]));
    }
    0
}
