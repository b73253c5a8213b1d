//! Handing freed memory back to the system between the phases of a build.
//! An allocator such as mimalloc keeps pages it freed for a while to use
//! them again; across the phases of a large build (the check pass, the
//! stream, the register-wide pages, the workbook) what one phase freed
//! then stays resident while the next grows, and the build's peak is the
//! sum. The library does not choose the allocator: the program
//! (`src/main.rs`) names how its allocator returns memory
//! ([`set_hook`]), and the streamed build calls [`trim`] where a phase
//! ends. Without a hook (the tests, the system allocator) it does nothing.

use std::sync::OnceLock;

static HOOK: OnceLock<fn()> = OnceLock::new();

/// Set once, before a build, to the allocator's way of returning the
/// memory the calling thread freed.
pub fn set_hook(hook: fn()) {
    let _ = HOOK.set(hook);
}

/// Every worker thread and the calling one hand back what they freed.
/// Call it outside the thread pool's work: it waits for every worker.
pub(crate) fn trim() {
    if let Some(hook) = HOOK.get() {
        rayon::broadcast(|_| hook());
        hook();
    }
}

/// With `ISMSBOOK_TRACE_RSS` set, print the process's resident memory
/// (`VmRSS`) and the time since the first mark to standard error, named
/// `phase`: how the memory of a large build is traced phase by phase
/// (docs/performance.md). Otherwise nothing.
pub(crate) fn mark(phase: &str) {
    static START: OnceLock<Option<std::time::Instant>> = OnceLock::new();
    let Some(start) = START
        .get_or_init(|| std::env::var_os("ISMSBOOK_TRACE_RSS").map(|_| std::time::Instant::now()))
    else {
        return;
    };
    let rss = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:").map(|v| v.trim().to_string()))
        })
        .unwrap_or_default();
    eprintln!(
        "rss {:>8.2} s {rss:>12} {phase}",
        start.elapsed().as_secs_f64()
    );
}
