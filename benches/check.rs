//! `check` in-process: load, validate, and the two together, on generated
//! corpora. Run with
//!
//! ```text
//! cargo bench --bench check                                 # 1,000 records
//! ISMSBOOK_BENCH_SIZES=1000,10000 cargo bench --bench check # more sizes
//! ```
//!
//! `cargo test --all-targets` runs each benchmark once on a 200-record corpus
//! (criterion's test mode), so the benches cannot rot unnoticed. Whole-process
//! figures (wall time, peak RSS) come from `scripts/bench.sh`.

mod common;
use common::sizes;

#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::path::Path;
use std::time::Duration;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).expect("valid date")
}

fn corpus(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut opts = gen_corpus::Options::new(n, dir.path());
    opts.today = today();
    gen_corpus::generate(&opts).expect("corpus generated");
    dir
}

fn check(root: &Path) -> usize {
    let loaded = ismsbook::load::load(root).expect("loads");
    let mut diags = loaded.diagnostics;
    diags.extend(ismsbook::validate::validate(&loaded.content, root, today()));
    let diags = diags.sorted();
    assert!(!diags.has_errors(), "generated corpus has errors");
    loaded.content.incidents.len()
}

fn bench_check(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    for n in sizes() {
        let dir = corpus(n);
        let root = dir.path();
        group.throughput(Throughput::Elements(n as u64));
        if n >= 10_000 {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(20));
        }
        group.bench_with_input(BenchmarkId::new("load", n), &n, |b, _| {
            b.iter(|| ismsbook::load::load(root).expect("loads"))
        });
        let loaded = ismsbook::load::load(root).expect("loads");
        group.bench_with_input(BenchmarkId::new("validate", n), &n, |b, _| {
            b.iter(|| ismsbook::validate::validate(&loaded.content, root, today()))
        });
        group.bench_with_input(BenchmarkId::new("load+validate", n), &n, |b, _| {
            b.iter(|| check(root))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
