//! `serve`'s incremental rebuild after one record changed, through the
//! library (`serve::incremental::Session`): the time until the changed
//! record's page is written ("record page"), the rebuild (every page,
//! the search index and the text exports: "whole rebuild"; the files it
//! defers, `register.xlsx`, the manifest and the evidence index, are then
//! made untimed, as `serve` does when no edit is waiting), and the rebuild
//! with those deferred files made ("settled": the whole site as a whole
//! build writes it). Run with
//!
//! ```text
//! cargo bench --bench incremental                                  # 1,000 records
//! ISMSBOOK_BENCH_SIZES=1000,10000 cargo bench --bench incremental  # more sizes
//! ```

mod common;

// `ismsbook serve` runs on mimalloc (src/main.rs); the bench measures the
// library on the same allocator (on the system's, its malloc and free
// were a third of a rebuild's samples, which `serve` does not pay).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use common::sizes;

#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ismsbook::serve::incremental::{Rebuilt, Session};
use ismsbook::site::BuildOptions;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A record in the middle of the register (its neighbours change too).
fn middle_record(content: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(content.join("incidents"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files[files.len() / 2].clone()
}

/// Edit the record's title (a different title each time).
fn touch(record: &Path, round: u64) {
    let text = std::fs::read_to_string(record).expect("record");
    let edited: String = text
        .lines()
        .map(|l| match l.strip_prefix("title: ") {
            Some(_) => format!("title: 第{round}報"),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(record, edited + "\n").expect("record written");
}

fn bench_incremental(c: &mut Criterion) {
    let mut group = c.benchmark_group("incremental");
    group.sample_size(10);
    for n in sizes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let content = dir.path().join("content");
        let mut gen = gen_corpus::Options::new(n, &content);
        gen.today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("valid date");
        gen_corpus::generate(&gen).expect("corpus generated");
        let opts = BuildOptions {
            content: content.clone(),
            out: dir.path().join("site"),
            theme: None,
            today: gen.today,
            audience: None,
        };
        let mut session = Session::new(opts);
        session.build_whole().expect("whole build");
        let record = middle_record(&content);
        let mut round = 0;
        group.throughput(Throughput::Elements(n as u64));
        if n >= 10_000 {
            group.measurement_time(Duration::from_secs(30));
        }
        #[derive(Clone, Copy)]
        enum Until {
            RecordPage,
            Rebuilt,
            Settled,
        }
        let mut rebuild = |until: Until| -> Duration {
            round += 1;
            touch(&record, round);
            let started = Instant::now();
            let shown = std::sync::Mutex::new(None);
            let rebuilt = session
                .rebuild(std::slice::from_ref(&record), &|_| {
                    let _ = shown.lock().map(|mut s| *s = Some(started.elapsed()));
                })
                .expect("rebuild");
            assert!(
                matches!(rebuilt, Rebuilt::Incremental { .. }),
                "{rebuilt:?}"
            );
            let whole = started.elapsed();
            let record_page = shown.into_inner().ok().flatten().unwrap_or(whole);
            session.settle().expect("deferred files made");
            match until {
                Until::RecordPage => record_page,
                Until::Rebuilt => whole,
                Until::Settled => started.elapsed(),
            }
        };
        group.bench_with_input(BenchmarkId::new("record page", n), &n, |b, _| {
            b.iter_custom(|iters| (0..iters).map(|_| rebuild(Until::RecordPage)).sum())
        });
        group.bench_with_input(BenchmarkId::new("whole rebuild", n), &n, |b, _| {
            b.iter_custom(|iters| (0..iters).map(|_| rebuild(Until::Rebuilt)).sum())
        });
        group.bench_with_input(BenchmarkId::new("settled", n), &n, |b, _| {
            b.iter_custom(|iters| (0..iters).map(|_| rebuild(Until::Settled)).sum())
        });
    }
    group.finish();
}

criterion_group!(benches, bench_incremental);
criterion_main!(benches);
