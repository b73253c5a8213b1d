//! Timing spans of a `serve` rebuild and settle, for drawing their
//! critical path (docs/performance.md, `serve13`): with `ISMSBOOK_SPANS`
//! set, each [`Span`] prints when dropped its start (ms since the last
//! [`origin`]), its length and the thread it ran on. Without the variable
//! a span costs one atomic load.

use std::sync::{Mutex, OnceLock};
use std::time::Instant;

static ON: OnceLock<bool> = OnceLock::new();
static ORIGIN: Mutex<Option<Instant>> = Mutex::new(None);

fn on() -> bool {
    *ON.get_or_init(|| std::env::var_os("ISMSBOOK_SPANS").is_some())
}

/// Start the clock the spans' starts are counted from (a rebuild's start).
pub fn origin() {
    if on() {
        if let Ok(mut o) = ORIGIN.lock() {
            *o = Some(Instant::now());
        }
    }
}

/// A step being timed (see the module's comment).
pub struct Span {
    what: std::borrow::Cow<'static, str>,
    started: Option<Instant>,
}

impl Span {
    /// A span whose name is made only when spans are printed (a name
    /// worked out per job must cost nothing otherwise).
    pub fn named(what: impl FnOnce() -> String) -> Span {
        match on() {
            true => Span::new(what()),
            false => Span {
                what: std::borrow::Cow::Borrowed(""),
                started: None,
            },
        }
    }

    pub fn new(what: impl Into<std::borrow::Cow<'static, str>>) -> Span {
        Span {
            what: what.into(),
            started: on().then(Instant::now),
        }
    }
}

impl Drop for Span {
    fn drop(&mut self) {
        let Some(started) = self.started else {
            return;
        };
        let origin = ORIGIN.lock().ok().and_then(|o| *o).unwrap_or(started);
        let from = started.saturating_duration_since(origin).as_secs_f64() * 1e3;
        let len = started.elapsed().as_secs_f64() * 1e3;
        let thread = std::thread::current();
        let thread = match rayon::current_thread_index() {
            Some(k) => format!("w{k}"),
            None => thread.name().unwrap_or("main").to_string(),
        };
        eprintln!("span {from:8.2} {len:8.2} {thread:>5} {}", self.what);
    }
}

/// Run `f` as a span named `what`.
pub fn time<T>(what: &'static str, f: impl FnOnce() -> T) -> T {
    let _span = Span::new(what);
    f()
}
