//! A bound on how long one page may take to render. Tera has no step
//! limit: a theme template (code-like input kept beside the content, see
//! docs/security.md) can loop for as long as it likes (three nested
//! `range`s are 10^15 steps), and a render cannot be interrupted from
//! outside. A watchdog thread, one per process and started with the first
//! render, ends the process with exit 1, naming the template, once one
//! render has run longer than the limit. Ending the process is the only way
//! to stop such a render that leaves no thread running; a build stopped so
//! has published nothing (its staging directory carries the marker the
//! next build removes).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

/// The limit unless `ISMSBOOK_RENDER_TIMEOUT` (seconds; 0 for none) says
/// otherwise. The largest page of a 100,000-record site renders in well
/// under a second.
const DEFAULT_LIMIT: Duration = Duration::from_secs(120);

/// Renders under way: their key, template and start.
static RUNNING: Mutex<Vec<(u64, String, Instant)>> = Mutex::new(Vec::new());
static NEXT: AtomicU64 = AtomicU64::new(0);
static STARTED: Once = Once::new();

/// A render under way; it is over when this is dropped.
pub struct Watched(u64);

impl Drop for Watched {
    fn drop(&mut self) {
        if let Ok(mut running) = RUNNING.lock() {
            running.retain(|(key, _, _)| *key != self.0);
        }
    }
}

/// Watch a render of `template` until the result is dropped.
pub fn watch(template: &str) -> Watched {
    STARTED.call_once(start);
    let key = NEXT.fetch_add(1, Ordering::Relaxed);
    if let Ok(mut running) = RUNNING.lock() {
        running.push((key, template.to_string(), Instant::now()));
    }
    Watched(key)
}

fn limit() -> Duration {
    match std::env::var("ISMSBOOK_RENDER_TIMEOUT") {
        Ok(v) => v
            .trim()
            .parse::<u64>()
            .map(Duration::from_secs)
            .unwrap_or(DEFAULT_LIMIT),
        Err(_) => DEFAULT_LIMIT,
    }
}

fn start() {
    let limit = limit();
    if limit.is_zero() {
        return;
    }
    let tick = (limit / 4).clamp(Duration::from_millis(50), Duration::from_secs(1));
    let spawned = std::thread::Builder::new()
        .name("render-watchdog".into())
        .spawn(move || loop {
            std::thread::sleep(tick);
            if let Some(template) = overdue(limit).into_iter().next() {
                eprintln!(
                    "error: one page of the template `{template}` has been rendering for more than {} s: \
                     does the theme loop without end? Stopped; nothing was published \
                     (the limit is ISMSBOOK_RENDER_TIMEOUT, in seconds)",
                    limit.as_secs()
                );
                std::process::exit(1);
            }
        });
    if let Err(e) = spawned {
        eprintln!("warning: no watch on rendering time ({e})");
    }
}

/// The templates of the renders running longer than `limit`.
fn overdue(limit: Duration) -> Vec<String> {
    let Ok(running) = RUNNING.lock() else {
        return Vec::new();
    };
    running
        .iter()
        .filter(|(_, _, at)| at.elapsed() > limit)
        .map(|(_, template, _)| template.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_render_is_watched_while_it_runs_and_no_longer() {
        // Other tests render at the same time: only this one is looked for.
        let name = "watchdog-test-slow.html";
        let watched = watch(name);
        std::thread::sleep(Duration::from_millis(20));
        assert!(overdue(Duration::from_millis(10)).iter().any(|t| t == name));
        assert!(!overdue(Duration::from_secs(3600)).iter().any(|t| t == name));
        drop(watched);
        assert!(!overdue(Duration::from_millis(10)).iter().any(|t| t == name));
    }
}
