//! Compound queries on real Japanese prose: the Japanese man pages of
//! Debian's `manpages-ja` (JM Project translations, ~1,150 pages under
//! /usr/share/man/ja; licences per page, see
//! /usr/share/doc/manpages-ja/copyright — so the corpus is read where it
//! is installed, not copied into this repository).
//!
//! Each query is a compound of kanji words (`標準出力`, `表示可能文字` …),
//! most chosen because many pages hold its parts apart (`表示` … `可能` …
//! `文字`) as well as pages that hold the compound (see `QUERIES`). A page is judged relevant iff its
//! normalised title or text contains the whole compound as one contiguous
//! string. The test asserts mean precision at 5 ≥ 0.95.
//!
//! Skips, saying so, when the man pages are not installed
//! (`apt-get install manpages-ja`; scripts/test.sh installs it).

use std::path::{Path, PathBuf};
use std::process::Command;

use ismsbook::search::{build_index, normalize, Facets, IndexFiles, SearchDoc};

const MAN_DIR: &str = "/usr/share/man/ja";

/// The queries. Chosen from the corpus's kanji runs of four to six
/// characters found in at least five pages, taking those with the most
/// pages that hold every bigram the query looks up but not the compound
/// (`使用可能`: 102 pages hold it, 76 more hold `使用`, `用可` and `可能`
/// apart), plus common two-word compounds (`環境変数`, `標準出力`) and three
/// of three kanji.
const QUERIES: &[&str] = &[
    // Most pages with the parts apart.
    "表示可能文字",
    "設定文字列",
    "部分文字列",
    "使用可能",
    "表示不可能",
    "設定可能",
    "複数指定可",
    "現在実行中",
    "起動時間",
    "入力行番号",
    "印刷可能文字",
    "最大転送単位",
    "利用方法",
    "標準入出力",
    "実行時間",
    "拡張正規表現",
    "利用可能",
    "指定可能",
    "有効期限情報",
    "現在使用中",
    "環境変数名",
    "最終修正時刻",
    "後方互換性",
    "基本正規表現",
    // Common compounds.
    "環境変数",
    "標準出力",
    "標準入力",
    "改行文字",
    "文字集合",
    "詳細情報",
    "名前空間",
    "制御端末",
    "現在時刻",
    "一覧表示",
    // Three kanji.
    "行番号",
    "大文字",
    "小文字",
];

/// Text of a roff man page, roughly as it reads: macro names, comments and
/// font or character escapes removed, macro arguments kept.
fn roff_text(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    for line in src.lines() {
        if line.starts_with(".\\\"") || line.starts_with("'\\\"") || line.starts_with("\\\"") {
            continue;
        }
        let line = if line.starts_with('.') || line.starts_with('\'') {
            match line[1..].trim().split_once(char::is_whitespace) {
                Some((_, args)) => args,
                None => continue,
            }
        } else {
            line
        };
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                // \fB, \f(CW, \f[...]; \(xx; \[...]
                Some('f') => match chars.next() {
                    Some('(') => {
                        chars.next();
                        chars.next();
                    }
                    Some('[') => while chars.next().is_some_and(|c| c != ']') {},
                    _ => {}
                },
                Some('(') => {
                    chars.next();
                    chars.next();
                }
                Some('[') => while chars.next().is_some_and(|c| c != ']') {},
                Some('-') => out.push('-'),
                Some('e') | Some('\\') => out.push('\\'),
                Some('"') => break,
                _ => {}
            }
        }
        out.push('\n');
    }
    out
}

/// The man pages as searchable pages, in a fixed order.
/// None unless Debian's `manpages-ja` is installed: other packages (shadow,
/// dpkg, vim …) put a few dozen Japanese pages under the same folder, too
/// few for the queries below, and a test must not fail on what a machine
/// happens to hold.
fn corpus() -> Option<Vec<SearchDoc>> {
    if !Path::new("/usr/share/doc/manpages-ja/copyright").exists() {
        return None;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(MAN_DIR)
        .ok()?
        .flatten()
        .flat_map(|section| std::fs::read_dir(section.path()).into_iter().flatten())
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "gz"))
        .collect();
    files.sort();
    let docs: Vec<SearchDoc> = files.iter().filter_map(|f| man_page(f)).collect();
    (!docs.is_empty()).then_some(docs)
}

fn man_page(file: &Path) -> Option<SearchDoc> {
    let out = Command::new("gzip").arg("-dc").arg(file).output().ok()?;
    let text = roff_text(&String::from_utf8_lossy(&out.stdout));
    let name = file
        .file_name()?
        .to_str()?
        .trim_end_matches(".gz")
        .to_owned();
    Some(SearchDoc {
        url: format!("man/{name}.html"),
        kind: "handbook".into(),
        title: name,
        body: text,
        facets: Facets::default(),
    })
}

#[test]
fn compound_queries_rank_whole_compounds_first_on_japanese_man_pages() {
    let Some(docs) = corpus() else {
        eprintln!("skipped: manpages-ja is not installed (apt-get install manpages-ja)");
        return;
    };
    let files = build_index(&docs);
    let index = IndexFiles::new(&files).expect("index readable");
    let texts: Vec<String> = docs
        .iter()
        .map(|d| normalize(&format!("{}\n{}", d.title, d.body)))
        .collect();
    let mut sum = 0.0;
    let mut report = Vec::new();
    for q in QUERIES {
        let compound = normalize(q);
        let relevant = texts.iter().filter(|t| t.contains(&compound)).count();
        assert!(
            relevant >= 5,
            "{q}: only {relevant} pages hold it; pick another query"
        );
        let hits = index.search(q).hits;
        let top: Vec<&String> = hits
            .iter()
            .take(5)
            .map(|h| &texts[h.doc as usize])
            .collect();
        let good = top.iter().filter(|t| t.contains(&compound)).count();
        let p5 = good as f64 / 5.0;
        sum += p5;
        report.push(format!(
            "{q}: P@5 {p5:.2} ({relevant} pages hold it, {} results)",
            hits.len()
        ));
    }
    let mean = sum / QUERIES.len() as f64;
    eprintln!(
        "{} man pages, {} queries, mean P@5 {mean:.3}\n{}",
        docs.len(),
        QUERIES.len(),
        report.join("\n")
    );
    assert!(
        mean >= 0.95,
        "mean P@5 {mean:.3} < 0.95:\n{}",
        report.join("\n")
    );
}

#[test]
fn roff_markup_is_stripped() {
    let src =
        ".\\\" comment\n.TH LS 1\n.SH 名前\n\\fB\\-l\\fR と組み合わせた場合\n\\&'never'\n.TP\n";
    assert_eq!(
        roff_text(src),
        "LS 1\n名前\n-l と組み合わせた場合\n'never'\n"
    );
}
