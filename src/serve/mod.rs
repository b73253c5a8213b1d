//! `ismsbook serve`: build, serve on 127.0.0.1, rebuild when the content or the
//! theme changes, and reload open pages. While the content has errors, every
//! page shows the diagnostics instead of stale content.

mod http;
mod watch;

use crate::build::{build, BuildError, BuildOptions};
use crate::diagnostics::report::{self, Format};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct ServeOptions {
    pub build: BuildOptions,
    /// 0 picks a free port.
    pub port: u16,
    pub quiet: bool,
}

/// What the server shows: the site, or the reason it cannot be built.
#[derive(Default)]
pub struct State {
    /// Bumped after every build attempt; pages poll it to know when to reload.
    pub version: AtomicU64,
    /// Diagnostics (as text) when the last build failed.
    pub failure: Mutex<Option<String>>,
}

fn rebuild(opts: &BuildOptions, state: &State, quiet: bool) {
    let started = Instant::now();
    let result = build(opts);
    let failure = match result {
        Ok(report) => {
            if !quiet {
                eprintln!(
                    "rebuilt: {} pages in {} ms",
                    report.pages,
                    started.elapsed().as_millis()
                );
            }
            None
        }
        Err(BuildError::Diagnostics(diags)) => {
            let text = report::render(&diags, &opts.content, Format::Human, false, 0);
            eprint!("{text}");
            Some(text)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Some(e.to_string())
        }
    };
    if let Ok(mut f) = state.failure.lock() {
        *f = failure;
    }
    state.version.fetch_add(1, Ordering::SeqCst);
}

/// Run until Ctrl-C. Returns the process exit code.
pub fn serve(opts: ServeOptions) -> u8 {
    let state = Arc::new(State::default());
    rebuild(&opts.build, &state, opts.quiet);

    let server = match tiny_http::Server::http(("127.0.0.1", opts.port)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{}: {e}", opts.port);
            return 2;
        }
    };
    let addr = server
        .server_addr()
        .to_ip()
        .map(|a| a.to_string())
        .unwrap_or_default();
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
            if changes.settled(Duration::from_millis(80)) {
                rebuild(&opts.build, &state, opts.quiet);
            }
        }
        match server.recv_timeout(Duration::from_millis(50)) {
            Ok(Some(request)) => {
                let state = state.clone();
                let site = site.clone();
                std::thread::spawn(move || http::respond(request, &site, &state));
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
