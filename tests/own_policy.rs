//! The policy as the organisation's own: impact flags it declares, an
//! approval role per level, a display label per notification, and
//! durations shown as written — on the pages a reader opens.

mod common;

use common::*;
use ismsbook::site::{build, BuildOptions};
use std::path::Path;

fn built(
    content: &Path,
) -> (
    tempfile::TempDir,
    std::collections::BTreeMap<String, Vec<u8>>,
) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&BuildOptions {
        content: content.to_path_buf(),
        out: out.clone(),
        theme: None,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        audience: None,
    })
    .unwrap_or_else(|e| panic!("build failed: {e:?}"));
    let files = read_tree(&out);
    (dir, files)
}

fn page(files: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("{path} missing"))
            .clone(),
    )
    .unwrap()
}

/// The part of `html` from the element with id `id` to the next `end` tag.
fn part<'a>(html: &'a str, id: &str, end: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let rest = &html[start..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

fn section<'a>(html: &'a str, id: &str) -> &'a str {
    part(html, id, "</section>")
}

fn article<'a>(html: &'a str, id: &str) -> &'a str {
    part(html, id, "</article>")
}

#[test]
fn the_levels_page_shows_approval_roles_labels_and_durations_as_written() {
    let (_dir, files) = built(&example_dir());
    let levels = page(&files, "levels.html");
    // Level 2 is escalated to the CEO; level 1 names no approval role.
    let two = section(&levels, "level-2");
    assert!(
        two.contains("承認・エスカレーション先: <a href=\"contacts.html#role-ceo\">代表取締役（最高責任者）</a>"),
        "{two}"
    );
    assert!(!section(&levels, "level-1").contains("承認・エスカレーション先"));
    // The customer notice is called a notice, with its 24 hours as written.
    let notice = article(&levels, "notify-customer_notice");
    assert!(notice.contains("お知らせ: 発見から24時間以内"), "{notice}");
    assert!(
        !notice.contains("届出:") && !notice.contains("1日"),
        "{notice}"
    );
    // The condition names the organisation's own flag by its name.
    assert!(
        notice.contains("取引先の秘密情報（預かった図面・仕様書など）が関係する: はい"),
        "{notice}"
    );
    // An authority's rule keeps the generic word.
    assert!(article(&levels, "notify-police").contains("届出: 発見から3日以内"));
}

#[test]
fn a_record_shows_its_own_impact_flag_and_the_notice_by_its_label() {
    let (_dir, files) = built(&example_dir());
    let record = page(&files, "incidents/INC-2026-004.html");
    assert!(
        record.contains("取引先の秘密情報（預かった図面・仕様書など）が関係する"),
        "the flag is shown by its name"
    );
    assert!(!record.contains("customer_confidential"), "not by its id");
    let compliance = page(&files, "compliance.html");
    let rule = section(&compliance, "rule-customer_notice");
    assert!(rule.contains("<td>お知らせ</td>"), "{rule}");
    assert!(rule.contains("INC-2026-004"), "{rule}");
}

#[test]
fn english_pages_use_the_english_names() {
    let f = Fixture::example();
    f.replace("site.yaml", "language: ja", "language: en");
    let (_dir, files) = built(&f.root());
    let levels = page(&files, "levels.html");
    let notice = article(&levels, "notify-customer_notice");
    assert!(
        notice.contains("notice:") && notice.contains("24 hours"),
        "{notice}"
    );
    assert!(
        notice
            .contains("Confidential information of a customer (drawings, specifications) involved"),
        "{notice}"
    );
}

#[test]
fn an_approval_role_the_policy_does_not_declare_is_an_error() {
    let f = Fixture::example();
    let text = f.replace("policy.yaml", "    approval: ceo\n", "    approval: cfo\n");
    let p = f.problems();
    let d = assert_only(
        &p,
        "E203",
        "policy.yaml",
        value_at(&text, "    approval: cfo"),
    );
    assert!(d.hint.as_deref().unwrap_or("").contains("ceo"), "{d}");
}

#[test]
fn a_rule_on_an_own_flag_applies_to_a_record_that_sets_it() {
    // Without the notice, the record that sets the flag misses it (E502).
    let f = Fixture::example();
    f.replace_lines(
        "incidents/2026/INC-2026-004.yaml",
        "notifications:",
        "actions:",
        "",
    );
    let p = f.problems();
    assert_codes(&p, &["E502"]);
    assert!(
        p[0].message.contains("秘密保持契約") || p[0].message.contains("customer_notice"),
        "{}",
        list(&p)
    );
}
