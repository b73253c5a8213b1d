//! The case book (the `training` audience, issue 21) built from the example
//! content: only the case book's pages, every closed record a case, and no
//! record id, exact date or person's name on any of its pages or in its
//! search index.

mod common;
use common::{example_dir, read_tree, Fixture};
use ismsbook::analysis::names::Register;
use ismsbook::site::guard::decode;
use std::collections::BTreeMap;

const TODAY: &str = "2026-11-22";

fn training() -> BTreeMap<String, Vec<u8>> {
    let f = Fixture::example();
    let run = f.build_site("site", TODAY, &["--audience", "training"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    read_tree(&f.workdir().join("site"))
}

/// What a reader sees of a file (a document shard's packed texts unpacked).
fn text(bytes: &[u8]) -> String {
    match ismsbook::search::doc_shard_json(bytes) {
        Some(json) => decode(&json).into_owned(),
        None => decode(bytes).into_owned(),
    }
}

#[test]
fn the_training_build_is_the_case_book_alone() {
    let files = training();
    let content = ismsbook::load::load(&example_dir())
        .expect("example loads")
        .content;
    let closed = content
        .incidents
        .iter()
        .filter(|i| i.status().map(|s| s.as_str()) == Some("closed") && !i.is_restricted())
        .count();
    let cases: Vec<&String> = files
        .keys()
        .filter(|p| p.starts_with("cases/case-"))
        .collect();
    assert_eq!(cases.len(), closed, "{cases:?}");
    for page in ["index.html", "cases/booklet.html", "search.html"] {
        assert!(files.contains_key(page), "{page} missing");
    }
    for absent in [
        "register.html",
        "contacts.html",
        "register.csv",
        "register.json",
        "flow.html",
    ] {
        assert!(!files.contains_key(absent), "{absent} is in the case book");
    }
    assert!(!files
        .keys()
        .any(|p| p.starts_with("incidents/") || p.starts_with("drills/")));
    // The booklet has every case, each starting a printed page.
    let booklet = text(&files["cases/booklet.html"]);
    assert_eq!(
        booklet.matches("class=\"case-sheet booklet-case\"").count(),
        closed
    );
    let css = text(&files["static/style.css"]);
    assert!(css.contains(".booklet-case { break-before: page;"));
    // The search index holds the case pages and nothing else.
    let mut urls = Vec::new();
    for (path, bytes) in &files {
        if path.starts_with("search/d-") {
            let json = ismsbook::search::doc_shard_json(bytes).expect("a packed shard");
            let v: serde_json::Value = serde_json::from_slice(&json).expect("shard json");
            for d in v["docs"].as_array().expect("docs") {
                urls.push(d[0].as_str().unwrap_or("").to_string());
            }
        }
    }
    assert_eq!(urls.len(), closed, "{urls:?}");
    assert!(
        urls.iter().all(|u| u.starts_with("cases/case-")),
        "{urls:?}"
    );
}

#[test]
fn case_pages_carry_no_record_id_exact_date_or_name() {
    let files = training();
    let content = ismsbook::load::load(&example_dir())
        .expect("example loads")
        .content;
    let ids: Vec<String> = content
        .incidents
        .iter()
        .map(|i| i.id.value.clone())
        .collect();
    // Every date a record holds, as the site would print it.
    let mut dates = std::collections::BTreeSet::new();
    for i in &content.incidents {
        for (_, d) in i.milestones() {
            if let Some(d) = d {
                dates.insert(d.value.at.date_naive());
            }
        }
        for t in &i.timeline {
            if let Some(a) = &t.at {
                dates.insert(a.value.at.date_naive());
            }
        }
        for a in &i.actions {
            for d in [&a.due, &a.done_at].into_iter().flatten() {
                dates.insert(d.value.first());
            }
        }
    }
    let forms: Vec<String> = dates
        .iter()
        .flat_map(|d| {
            [
                d.format("%Y-%m-%d").to_string(),
                d.format("%Y/%m/%d").to_string(),
                d.format("%-m月%-d日").to_string(),
            ]
        })
        .collect();
    let people = Register::of(&content).matcher(true, false);
    let day = |s: &str| {
        // Any `M月D日` or `YYYY-MM-DD` at all in the page's main part.
        let chars: Vec<char> = s.chars().collect();
        chars.windows(4).any(|w| {
            w[0].is_ascii_digit()
                && w[1] == '月'
                && w[2].is_ascii_digit()
                && (w[3] == '日' || w[3].is_ascii_digit())
        })
    };
    let mut checked = 0;
    for (path, bytes) in &files {
        if !(path.starts_with("cases/") || path == "index.html" || path.starts_with("search/")) {
            continue;
        }
        checked += 1;
        let t = text(bytes);
        for id in &ids {
            assert!(!t.contains(id.as_str()), "{path} has the id {id}");
        }
        for f in &forms {
            assert!(!t.contains(f.as_str()), "{path} has the date {f}");
        }
        let hits = people.find(&t);
        assert!(
            hits.is_empty(),
            "{path} names {:?}",
            hits.iter().map(|h| &t[h.start..h.end]).collect::<Vec<_>>()
        );
        if let (Some(a), Some(b)) = (t.find("<main"), t.find("</main>")) {
            assert!(!day(&t[a..b]), "{path} has a day of the month");
        }
    }
    assert!(checked > 10);
    // The example does write such things in its records: the test can fail.
    let raw: String = content
        .incidents
        .iter()
        .map(|i| i.summary.clone())
        .collect();
    assert!(day(&raw), "the example's summaries name no day");
}
