//! Staff type English words on a Japanese site (`ransomware`, `laptop
//! stolen`): the search page carries what a word also searches (a small
//! built-in glossary and the organisation's `search.synonyms` in
//! site.yaml), and `check` reports a synonym group that cannot work at
//! its place in site.yaml. The page's use of it is tested in the browser
//! (tests/e2e/specs/search-staff.test.js).

mod common;

use common::*;
use serde_json::Value;

/// The `expand` map of the built search page's labels.
fn expand_of(f: &Fixture) -> Value {
    let out = f.workdir().join("site");
    let run = f.build_site(out.to_str().unwrap(), TODAY, &["--quiet"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(out.join("search.html")).unwrap();
    let start = page.find("id=\"search-i18n\">").expect("the labels block") + 17;
    let end = start + page[start..].find("</script>").unwrap();
    let labels: Value = serde_json::from_str(&page[start..end]).unwrap();
    labels["expand"].clone()
}

/// The example's site.yaml with `groups` (lines of `    - [..]`) first in
/// its `search.synonyms`.
fn with_groups(site: &str, groups: &str) -> String {
    assert!(site.contains("\n  synonyms:\n"), "the example has synonyms");
    site.replacen("\n  synonyms:\n", &format!("\n  synonyms:\n{groups}"), 1)
}

#[test]
fn english_words_and_the_sites_own_synonyms_reach_the_search_page() {
    let f = Fixture::example();
    let expand = expand_of(&f);
    assert_eq!(expand["ransomware"], serde_json::json!(["ランサムウェア"]));
    assert_eq!(expand["password"], serde_json::json!(["パスワード"]));
    assert!(
        expand.get("ランサムウェア").is_none(),
        "a Japanese word on a Japanese site is searched as written"
    );
    // The IME writes ろうえい as 漏洩; the example writes 漏えい.
    let leak = expand["漏洩"].to_string();
    assert!(leak.contains("漏えい"), "漏洩 also searches {leak}");
    let site = f.read("site.yaml");
    f.write(
        "site.yaml",
        with_groups(&site, "    - [VPN, リモート接続]\n"),
    );
    let p = f.problems();
    assert!(
        p.is_empty(),
        "a well-formed group checks clean: {}",
        list(&p)
    );
    let expand = expand_of(&f);
    assert_eq!(expand["vpn"], serde_json::json!(["リモート接続"]));
    assert_eq!(expand["リモート接続"], serde_json::json!(["VPN"]));
}

#[test]
fn a_synonym_group_of_one_word_or_with_an_empty_word_is_reported_where_written() {
    let f = Fixture::example();
    let site = f.read("site.yaml");
    let text = with_groups(&site, "    - [VPN]\n    - [社外接続, \"\"]\n");
    f.write("site.yaml", &text);
    let p = f.check().new_problems();
    assert_eq!(p.len(), 2, "{}", list(&p));
    let at = locate(&text, "    - [VPN]", "[");
    let one = p
        .iter()
        .find(|d| d.line == at.line)
        .expect("the one-word group");
    assert_eq!(
        (one.code.as_str(), one.file.as_str()),
        ("E108", "site.yaml")
    );
    assert_eq!(one.at(), at);
    assert!(
        one.hint.as_deref().is_some_and(|h| h.contains("VPN")),
        "{one}"
    );
    let at = locate(&text, "    - [社外接続", "\"\"");
    let empty = p
        .iter()
        .find(|d| d.line == at.line)
        .expect("the empty word");
    assert_eq!(empty.code, "E108");
    assert_eq!(empty.at(), at);
    // A word that is a list is the shape's error alone.
    f.write("site.yaml", with_groups(&site, "    - [VPN, [a, b]]\n"));
    let p = f.check().new_problems();
    assert_eq!(
        p.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(),
        ["E102"],
        "{}",
        list(&p)
    );
}
