//! `ismsbook build` as a user runs it: the release binary, end to end, on
//! generated corpora (load, validate, every page, search index, exports,
//! write). Run with
//!
//! ```text
//! cargo bench --bench build                                 # 1,000 records
//! ISMSBOOK_BENCH_SIZES=1000,10000 cargo bench --bench build # more sizes
//! ```
//!
//! The binary is driven as a process (not through the library) so that this
//! bench measures exactly what users and CI see and does not depend on the
//! build module's internal API. Skipped while `ismsbook build` does not exist.

mod common;
use common::sizes;

#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_ismsbook");

fn has_build() -> bool {
    Command::new(BIN)
        .args(["build", "--help"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn build(content: &Path, out: &Path) {
    let run = Command::new(BIN)
        .args(["build", "--quiet", "--today", "2026-11-22", "--content"])
        .arg(content)
        .arg("--out")
        .arg(out)
        .output()
        .expect("ismsbook runs");
    assert!(
        run.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

fn bench_build(c: &mut Criterion) {
    if !has_build() {
        eprintln!("`ismsbook build` is not available yet; nothing to benchmark");
        return;
    }
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    for n in sizes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let content = dir.path().join("content");
        let mut opts = gen_corpus::Options::new(n, &content);
        opts.today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("valid date");
        gen_corpus::generate(&opts).expect("corpus generated");
        let out = dir.path().join("public");
        group.throughput(Throughput::Elements(n as u64));
        if n >= 10_000 {
            group.measurement_time(Duration::from_secs(30));
        }
        // Repeated builds replace the previous output, as CI and `serve` do.
        group.bench_with_input(BenchmarkId::new("process", n), &n, |b, _| {
            b.iter(|| build(&content, &out))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_build);
criterion_main!(benches);
