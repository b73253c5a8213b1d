//! How long one run of the binary may take before a test calls it hung.
//!
//! 10 s while the machine has a core to spare; longer, in proportion, when
//! it is loaded (other builds on a shared machine made debug builds of the
//! example outlast 10 s at load 17 on 2 cores); never more than 3 minutes,
//! so that a hang still ends the test. `ISMSBOOK_TEST_DEADLINE` (whole
//! seconds) sets it outright. See docs/testing.md.

use std::time::Duration;

/// The deadline on a machine with a core to spare: no input may keep the
/// tool busier than this (debug build, the example or a hostile fixture).
pub const BASE: Duration = Duration::from_secs(10);

/// The longest a loaded machine stretches [`BASE`] to.
pub const MOST: Duration = Duration::from_secs(180);

/// The variable that sets the deadline, in whole seconds.
pub const VARIABLE: &str = "ISMSBOOK_TEST_DEADLINE";

/// The deadline for one run of the binary now (see [`deadline_from`]).
pub fn deadline() -> Duration {
    let setting = std::env::var(VARIABLE).ok();
    let loadavg = std::fs::read_to_string("/proc/loadavg").ok();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    deadline_from(setting.as_deref(), loadavg.as_deref(), cores).unwrap_or_else(|e| panic!("{e}"))
}

/// The deadline given `ISMSBOOK_TEST_DEADLINE` (`setting`), the text of
/// `/proc/loadavg` (its first field is the load average over a minute) and
/// the number of cores: the setting when given, else [`BASE`] times the
/// load per core when that is above 1, at most [`MOST`].
pub fn deadline_from(
    setting: Option<&str>,
    loadavg: Option<&str>,
    cores: usize,
) -> Result<Duration, String> {
    if let Some(s) = setting {
        return match s.trim().parse::<u64>() {
            Ok(secs) if secs > 0 => Ok(Duration::from_secs(secs)),
            _ => Err(format!(
                "{VARIABLE}={s:?}: give the deadline of one run in whole seconds above 0, e.g. {VARIABLE}=120"
            )),
        };
    }
    let load = loadavg
        .and_then(|l| l.split_whitespace().next())
        .and_then(|first| first.parse::<f64>().ok())
        .filter(|l| l.is_finite())
        .unwrap_or(0.0);
    let per_core = load / cores.max(1) as f64;
    Ok(BASE.mul_f64(per_core.clamp(1.0, MOST.as_secs_f64() / BASE.as_secs_f64())))
}
