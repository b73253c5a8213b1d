//! What the benches share.

/// Corpus sizes: `ISMSBOOK_BENCH_SIZES` (comma-separated), default 1,000;
/// 200 when criterion only tests the benches (no `--bench` argument).
pub fn sizes() -> Vec<usize> {
    if !std::env::args().any(|a| a == "--bench") {
        return vec![200];
    }
    std::env::var("ISMSBOOK_BENCH_SIZES")
        .ok()
        .map(|s| {
            s.split(',')
                .filter_map(|n| n.trim().replace('_', "").parse().ok())
                .collect::<Vec<usize>>()
        })
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| vec![1000])
}
