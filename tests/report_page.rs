//! The report assistant (`report.html`): built from the policy's questions,
//! first in every page's header, no inline script; a policy whose criteria
//! lack questions still builds, the page asks about the criteria's text and
//! `check` says how to add questions (W305).

mod common;

use common::*;

fn build(f: &Fixture) -> std::collections::BTreeMap<String, Vec<u8>> {
    let out = f.workdir().join("public");
    let run = f.build_site(out.to_str().unwrap(), "2026-11-22", &[]);
    assert_eq!(run.status, 0, "build failed: {}", run.stderr);
    read_tree(&out)
}

fn text(files: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("{path} missing"))
            .clone(),
    )
    .unwrap()
}

#[test]
fn the_report_page_asks_the_policy_questions_and_leads_the_header() {
    let f = Fixture::example();
    let files = build(&f);
    let page = text(&files, "report.html");
    for q in [
        "受注・生産・出荷など、会社の仕事が止まったり遅れたりしていますか？",
        "お客様・取引先など社外の人に影響が出ていますか？",
    ] {
        assert!(page.contains(q), "report.html does not ask {q}");
    }
    // personal_data is asked once: by the criterion that says `impact:`.
    assert_eq!(page.matches("data-flag=\"personal_data\"").count(), 1);
    assert!(page.contains("<script src=\"static/report.js\"></script>"));
    // The strict CSP allows no inline script: data blocks and files only.
    let scripts = page.matches("<script").count();
    let allowed = page.matches("<script type=\"application/json\"").count()
        + page.matches("<script src=\"").count();
    assert_eq!(scripts, allowed, "an inline script in report.html");
    for p in ["index.html", "levels.html", "handbook/first-response.html"] {
        let html = text(&files, p);
        let nav = &html[html.find("id=\"site-nav\"").unwrap()..];
        let first = &nav[nav.find("<a href=\"").unwrap() + 9..];
        let href = &first[..first.find('"').unwrap()];
        assert!(
            href.ends_with("report.html"),
            "{p}: first nav link is {href}"
        );
    }
    assert!(text(&files, "index.html").contains("class=\"btn btn-report\" href=\"report.html\""));
    assert!(files.contains_key("static/report.js"));
}

#[test]
fn a_policy_without_questions_builds_and_check_says_how_to_add_them() {
    let f = Fixture::example();
    let policy = f.read("policy.yaml");
    // Every criterion back to plain text, as policies were written before.
    let mut plain = String::new();
    for line in policy.lines() {
        let t = line.trim_start();
        if t.starts_with("question: ") || t.starts_with("impact: personal_data") {
            continue;
        }
        plain.push_str(&line.replace("- text: ", "- "));
        plain.push('\n');
    }
    f.write("policy.yaml", &plain);
    let problems = f.problems();
    assert!(!problems.is_empty());
    assert!(
        problems.iter().all(|d| d.code == "W305"),
        "only W305: {problems:?}"
    );
    // Six criteria above the lowest level.
    assert_eq!(problems.len(), 6, "{problems:?}");
    let files = build(&f);
    let page = text(&files, "report.html");
    assert!(
        page.contains("次に当てはまりますか：「受注・生産・出荷など事業の継続に影響が出ている」")
    );
    // Without a criterion standing for it, applies_when's flag gets the
    // built-in question.
    assert!(page.contains("個人情報が関係していますか？"));
}

#[test]
fn without_base_url_the_card_says_so_and_a_bad_one_is_e109() {
    let f = Fixture::example();
    let with = build(&f);
    let card = text(&with, "card.html");
    assert_eq!(
        card.matches("<svg class=\"qr\"").count(),
        2,
        "poster and wallet card"
    );
    assert!(card.contains("https://isms.example.co.jp/report.html"));
    f.replace("site.yaml", "base_url: https://isms.example.co.jp/\n", "");
    let without = build(&f);
    let card = text(&without, "card.html");
    assert!(
        !card.contains("<svg class=\"qr\""),
        "no code without base_url"
    );
    assert!(
        card.contains("site.yaml に base_url"),
        "the card says how to get a code"
    );
    let site = f.replace(
        "site.yaml",
        "timezone:",
        "base_url: isms.example.co.jp\ntimezone:",
    );
    let p = f.problems();
    let d = assert_only(&p, "E109", "site.yaml", value_at(&site, "base_url: isms"));
    assert!(d.message.contains("base_url"), "{d:?}");
}

#[test]
fn a_base_url_with_a_query_or_a_fragment_is_e109() {
    // The card's QR code is base_url + report.html: after `?a=1` or `#top`
    // that was `…/?a=1/report.html`, a code that opened the wrong page.
    for bad in [
        "https://isms.example.co.jp/?lang=ja",
        "https://isms.example.co.jp/#top",
    ] {
        let f = Fixture::example();
        let site = f.replace(
            "site.yaml",
            "base_url: https://isms.example.co.jp/",
            &format!("base_url: \"{bad}\""),
        );
        let p = f.problems();
        let d = assert_only(&p, "E109", "site.yaml", value_at(&site, "base_url: \""));
        assert!(d.message.contains("base_url"), "{bad}: {d:?}");
    }
}
