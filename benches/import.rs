//! `import` in-process: a generated Japanese register (the columns of
//! tests/fixtures/import/jp-register.xlsx, one header row) as a Shift_JIS
//! CSV file and as an xlsx workbook, imported with
//! examples/import/jp-register-csv.yaml into the example content: read,
//! convert, render, shape-check (`plan`), and `plan` plus writing every
//! record into a fresh directory. Run with
//!
//! ```text
//! ISMSBOOK_BENCH_SIZES=10000 cargo bench --bench import
//! ```
//!
//! `cargo test --all-targets` runs it once on 200 rows (criterion's test
//! mode). The whole command, as a user runs it, is timed by
//! `scripts/bench.sh --import` (docs/performance.md).

mod common;
use common::sizes;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ismsbook::authoring::import::{self, Request};
use std::path::{Path, PathBuf};
use std::time::Duration;

const HEADER: &[&str] = &[
    "No.",
    "件名",
    "区分",
    "重要度",
    "分類",
    "発見",
    "報告",
    "封じ込め",
    "復旧",
    "完了",
    "報告者",
    "個人情報",
    "状況",
    "概要",
    "原因",
    "内容",
    "期限",
    "効果の確認",
    "備考",
    "判断日",
];

/// Row `i` of the generated register: varied dates (era, slashes), levels
/// 0–1, categories that trigger no notification, closed and open records.
pub fn row(i: usize) -> Vec<String> {
    let year = 2019 + (i % 7) as i32;
    let (m, d, h) = (1 + i % 12, 1 + i % 28, 8 + i % 9);
    let slash = |day: usize, hh: usize, mm: usize| format!("{year}/{m}/{day} {hh}:{mm:02}");
    let closed = i % 3 != 0;
    let level = if i % 2 == 0 { "軽微" } else { "レベル1" };
    let stage = if i % 2 == 0 {
        "ヒヤリハット"
    } else {
        "事象"
    };
    let categories = ["誤送付", "紛失", "標的型メール", "漏えい"];
    let detected = if i % 5 == 0 && year >= 2020 {
        format!("令和{}年{m}月{d}日 {h}:05", year - 2018)
    } else {
        slash(d, h, 5)
    };
    vec![
        (i + 1).to_string(),
        format!("記録{i}: 取引先への書類の扱いに関する事象"),
        stage.into(),
        level.into(),
        categories[i % categories.len()].into(),
        detected,
        slash(d, h, 30),
        if level == "軽微" {
            String::new()
        } else {
            slash(d, h + 1, 0)
        },
        if level == "軽微" {
            String::new()
        } else {
            slash(d + 1, 10, 0)
        },
        if closed {
            slash(d + 2, 17, 0)
        } else {
            String::new()
        },
        "山田 太郎、佐藤 花子".into(),
        if i % 4 == 0 { "○" } else { "×" }.into(),
        if closed { "完了" } else { "対応中" }.into(),
        "封入の際に取り違え、別の取引先へ送った。\n先方から連絡があり回収した。".into(),
        if closed {
            "二人で確認する手順がなかった。"
        } else {
            ""
        }
        .into(),
        "封入時のダブルチェックを必須にする".into(),
        format!("{}/12/25", year + 1),
        "3か月の件数を数える".into(),
        if i % 7 == 0 { "備考あり" } else { "" }.into(),
        slash(d, h, 45),
    ]
}

fn csv_bytes(n: usize) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER).expect("header");
    for i in 0..n {
        w.write_record(row(i)).expect("row");
    }
    let text = String::from_utf8(w.into_inner().expect("csv")).expect("utf-8");
    encoding_rs::SHIFT_JIS.encode(&text).0.into_owned()
}

fn xlsx_bytes(n: usize) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    for i in 0..n {
        for (c, v) in row(i).iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(i as u32 + 1, c as u16, v).expect("cell");
            }
        }
    }
    book.save_to_buffer().expect("xlsx")
}

fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

fn bench_import(c: &mut Criterion) {
    let content = repo("content");
    let loaded = ismsbook::load::load(&content).expect("the example loads");
    let mapping = std::fs::read_to_string(repo("examples/import/jp-register-csv.yaml"))
        .expect("the example mapping");
    let mut group = c.benchmark_group("import");
    for n in sizes() {
        group.throughput(Throughput::Elements(n as u64));
        if n >= 10_000 {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(30));
        }
        for (name, file, bytes) in [
            ("csv", "register.csv", csv_bytes(n)),
            ("xlsx", "register.xlsx", xlsx_bytes(n)),
        ] {
            let req = Request {
                file,
                bytes: &bytes,
                mapping_file: "jp-register-csv.yaml",
                mapping_text: &mapping,
                sheet: None,
                encoding: None,
            };
            let plan = import::plan(&content, &loaded.content, &req);
            assert!(
                plan.ok(),
                "{:?}",
                plan.diagnostics.iter().take(3).collect::<Vec<_>>()
            );
            assert_eq!(plan.records.len(), n);
            group.bench_with_input(BenchmarkId::new(format!("plan/{name}"), n), &n, |b, _| {
                b.iter(|| import::plan(&content, &loaded.content, &req).records.len())
            });
            group.bench_with_input(
                BenchmarkId::new(format!("plan+write/{name}"), n),
                &n,
                |b, _| {
                    b.iter(|| {
                        let dir = tempfile::tempdir().expect("tempdir");
                        let plan = import::plan(dir.path(), &loaded.content, &req);
                        import::write_all(dir.path(), &plan.records)
                            .expect("written")
                            .len()
                    })
                },
            );
        }
    }
    group.finish();
}

criterion_group!(benches, bench_import);
criterion_main!(benches);
