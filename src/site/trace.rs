//! TEMPORARY step timings (serve5 profiling): printed when ISMSBOOK_TRACE is set.
use std::time::Instant;
pub fn on() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("ISMSBOOK_TRACE").is_some())
}
pub fn mark(what: &str, t: &mut Instant) {
    if on() {
        eprintln!("    {:>7.1} ms  {what}", t.elapsed().as_secs_f64() * 1000.0);
    }
    *t = Instant::now();
}
