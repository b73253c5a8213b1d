//! The record page (`incidents/<id>.html`): written by compiled code for the
//! built-in theme, by Tera when a theme overrides its template; the two give
//! the same bytes for every record of the example in every audience; and
//! there is one page per record (the printed report is this page).

mod common;

use ismsbook::site::{build, BuildOptions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

fn builtin_template(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/templates")
            .join(name),
    )
    .unwrap()
}

fn build_with(
    theme: Option<&Path>,
    audience: Option<&str>,
    out: &Path,
) -> BTreeMap<String, Vec<u8>> {
    build(&BuildOptions {
        content: example(),
        out: out.to_path_buf(),
        theme: theme.map(Path::to_path_buf),
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        audience: audience.map(str::to_string),
    })
    .unwrap_or_else(|e| panic!("build failed: {e:?}"));
    common::read_tree(out)
}

fn record_pages(files: &BTreeMap<String, Vec<u8>>) -> BTreeMap<&str, &[u8]> {
    files
        .iter()
        .filter(|(p, _)| {
            p.starts_with("incidents/") && p.ends_with(".html") && p.matches('/').count() == 1
        })
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect()
}

/// A theme whose `incident.html` differs from the built-in one only after
/// the last block (text Tera ignores in a template that extends another):
/// the page must then be rendered by Tera, and must come out the same but
/// for the line breaks and quotes the compiled page leaves out
/// (`markup::compact_html`; a theme's own markup is kept as it wrote it).
#[test]
fn compiled_record_pages_equal_the_tera_pages_in_every_audience() {
    let dir = tempfile::tempdir().unwrap();
    let theme = dir.path().join("theme/templates");
    std::fs::create_dir_all(&theme).unwrap();
    let mut text = builtin_template("incident.html");
    text.push_str("{# the same page, rendered by Tera #}\n");
    std::fs::write(theme.join("incident.html"), text).unwrap();
    for audience in [None, Some("staff"), Some("auditor")] {
        let compiled = build_with(None, audience, &dir.path().join("compiled"));
        let tera = build_with(
            Some(&dir.path().join("theme")),
            audience,
            &dir.path().join("tera"),
        );
        let (a, b) = (record_pages(&compiled), record_pages(&tera));
        assert!(a.len() > 10, "{} record pages", a.len());
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "the same record pages ({audience:?})"
        );
        for (path, bytes) in &a {
            let other = ismsbook::markup::compact_html(&String::from_utf8_lossy(b[path]));
            let other = other.as_bytes();
            if bytes != &other {
                let (x, y): (Vec<char>, Vec<char>) = (
                    String::from_utf8_lossy(bytes).chars().collect(),
                    String::from_utf8_lossy(other).chars().collect(),
                );
                let at = x
                    .iter()
                    .zip(&y)
                    .position(|(p, q)| p != q)
                    .unwrap_or(x.len().min(y.len()));
                let around = |v: &[char]| -> String {
                    v[at.saturating_sub(150)..(at + 150).min(v.len())]
                        .iter()
                        .collect()
                };
                panic!(
                    "{path} ({audience:?}) differs at char {at}:\ncompiled: {}\ntera:     {}",
                    around(&x),
                    around(&y)
                );
            }
        }
        // The example exercises what the page can show.
        let all: String = a.values().map(|b| String::from_utf8_lossy(b)).collect();
        for part in [
            "<table class=\"data notifications\" aria-label=",
            "<table class=\"data actions\" aria-label=",
            "rel=prev",
        ] {
            assert!(
                all.contains(part),
                "no record page shows {part} ({audience:?})"
            );
        }
        if audience == Some("auditor") {
            for part in [
                "<table class=\"data deviations\">",
                "class=not-applicable",
                "<table class=\"data compact hashes\">",
                "<table class=\"data compact history\">",
                "class=draft ",
            ] {
                assert!(all.contains(part), "no record page shows {part}");
            }
            assert!(
                all.contains("<p class=review>") || all.contains("<p class=\"review review-"),
                "no record page shows its review"
            );
        }
        if audience != Some("auditor") {
            assert!(
                all.contains("record-stub"),
                "a restricted record is a stub for staff"
            );
        }
    }
}

/// A theme that brings its own record template gets it used (by Tera).
#[test]
fn a_theme_overriding_the_record_template_is_rendered_by_tera() {
    let dir = tempfile::tempdir().unwrap();
    let theme = dir.path().join("theme");
    std::fs::create_dir_all(theme.join("templates")).unwrap();
    std::fs::write(
        theme.join("templates/incident.html"),
        "{% extends \"base.html\" %}{% block main %}<p class=\"house\">OUR-RECORD-PAGE {{ r.id }}: {{ r.title }}</p>{% endblock main %}",
    )
    .unwrap();
    let files = build_with(Some(&theme), None, &dir.path().join("out"));
    let page = String::from_utf8(files["incidents/INC-2026-001.html"].clone()).unwrap();
    assert!(
        page.contains("<p class=\"house\">OUR-RECORD-PAGE INC-2026-001: "),
        "{page}"
    );
    assert!(
        !page.contains("record-head"),
        "the built-in record page was not used"
    );

    // A template the record page includes counts as overriding it too.
    std::fs::remove_file(theme.join("templates/incident.html")).unwrap();
    std::fs::write(
        theme.join("templates/record_evidence.html"),
        "<p class=\"house\">OUR-EVIDENCE-PANEL</p>\n",
    )
    .unwrap();
    let files = build_with(Some(&theme), None, &dir.path().join("out2"));
    let page = String::from_utf8(files["incidents/INC-2026-001.html"].clone()).unwrap();
    assert!(page.contains("OUR-EVIDENCE-PANEL"), "{page}");
    assert!(page.contains("record-head"));
}

/// One page per record: no `reports/` pages, and the record page carries
/// what the printed report had.
#[test]
fn the_record_page_is_also_the_printed_report() {
    let dir = tempfile::tempdir().unwrap();
    let files = build_with(None, Some("auditor"), &dir.path().join("out"));
    assert!(
        !files.keys().any(|p| p.starts_with("reports/")),
        "no reports/ pages any more"
    );
    let page = String::from_utf8(files["incidents/INC-2026-001.html"].clone()).unwrap();
    let report_headings = [
        "1. 概要",
        "2. 日時",
        "3. 発生事象",
        "4. 対応経過",
        "5. 想定される原因",
        "6. 被害を受けたシステムの状況",
        "7. システム構成・運用状況",
        "8. 社外への届出",
        "9. 再発防止策",
        "作成・承認",
    ];
    let mut last = 0;
    for h in report_headings {
        let at = page[last..]
            .find(h)
            .unwrap_or_else(|| panic!("{h} missing or out of the report template's order"));
        last += at;
    }
    assert!(page.contains("<p class=\"prn report-kind\">事故報告書</p>"));
    // What only the printout (or only the screen) needs is not searchable
    // text of the record: no query for 承認 or 署名 finds every record. The
    // search documents are made from the record, not from this page.
    // The record's document: from its page's path in the index to the next
    // record's (other pages, such as the report templates, may well say
    // 事故報告書).
    let text: String = files
        .iter()
        .filter(|(p, _)| p.starts_with("search/d-"))
        .filter_map(|(_, b)| {
            // The shard's packed texts, unpacked.
            let json = ismsbook::search::doc_shard_json(b)?;
            let shard = String::from_utf8_lossy(&json);
            let at = shard.find("incidents/INC-2026-001.html")?;
            let doc = &shard[at..];
            let end = doc[1..].find("incidents/").map_or(doc.len(), |e| e + 1);
            Some(doc[..end].to_string())
        })
        .collect();
    for boilerplate in [
        "署名・印",
        "作成・承認",
        "事故報告書",
        "基準日",
        "印刷（A4）",
    ] {
        assert!(
            !text.contains(boilerplate),
            "{boilerplate} is in the indexed text"
        );
    }
    assert!(
        text.contains("INC-2026-001"),
        "the record is in the search index"
    );
    assert!(page.contains("基準日 2026-11-22"));
    // The record's id runs on every printed page.
    assert!(page.contains("<p class=print-running>INC-2026-001 "));
    // Nothing in the site links to a page that is not there.
    for (path, bytes) in &files {
        if path.ends_with(".html") {
            let text = String::from_utf8_lossy(bytes);
            assert!(!text.contains("reports/"), "{path} mentions reports/");
        }
    }
}
