//! Marks of a command's progress for profiling its timeline: with
//! `ISMSBOOK_TRACE` set, each [`mark`] prints one line to stderr, the wall
//! time since the first mark, the CPU time the process has used (user and
//! system, both cores), its resident memory (`VmRSS`) and what was
//! reached. Where a phase's CPU grows
//! slower than twice its wall time, a core waited (docs/performance.md).
//! Without the variable a mark costs one atomic load.

use std::sync::OnceLock;
use std::time::Instant;

static START: OnceLock<Option<Instant>> = OnceLock::new();

/// Print `what` with the times, when tracing is on.
pub fn mark(what: &str) {
    let start = START.get_or_init(|| std::env::var_os("ISMSBOOK_TRACE").map(|_| Instant::now()));
    if let Some(start) = start {
        eprintln!(
            "trace {:8.3} s wall {:8.3} s cpu {:>12} rss  {what}",
            start.elapsed().as_secs_f64(),
            cpu_seconds(),
            resident()
        );
    }
}

/// The process's resident memory as `/proc/self/status` says it
/// (`"123456 kB"`); empty where it cannot be read.
fn resident() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:").map(|v| v.trim().to_string()))
        })
        .unwrap_or_default()
}

/// User and system time of the process so far (Linux: `/proc/self/stat`,
/// in clock ticks of 1/100 s); 0 where it cannot be read.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // The fields after the command name (which may hold spaces) in parentheses.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 here.
    (ticks(11) + ticks(12)) / 100.0
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_cpu_time_is_read() {
        let mut x = 0u64;
        for i in 0..50_000_000u64 {
            x = x.wrapping_mul(31).wrapping_add(i);
        }
        assert!(x != 1);
        assert!(super::cpu_seconds() > 0.0);
    }
}
