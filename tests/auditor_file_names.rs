//! Names that break on the auditor's machine. A site is handed over as a
//! zip and opened on Windows or macOS, whose file systems do not tell
//! `Start.html` from `start.html`, nor a name in NFC from the same name in
//! NFD: unpacked there, one page of such a pair silently replaces the
//! other. Handbook pages and templates take their page's name from their
//! file's, so `check` reports the second of two such files (E205), as it
//! does for record and drill ids.

mod common;

use common::*;
use unicode_normalization::UnicodeNormalization;

fn page(title: &str) -> String {
    format!("---\ntitle: {title}\n---\n\nbody\n")
}

#[test]
fn handbook_pages_differing_only_by_case_are_e205() {
    let f = Fixture::example();
    f.write("handbook/Start.md", page("Other start"));
    let found = f.check().new_problems();
    assert!(
        found
            .iter()
            .any(|d| d.code == "E205" && d.file.eq_ignore_ascii_case("handbook/start.md")),
        "{}",
        list(&found)
    );
    // The build writes nothing.
    let run = f.run(&[
        "build",
        "--content",
        "content",
        "--today",
        TODAY,
        "--out",
        "site",
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(!f.path("site").exists());
}

#[test]
fn names_differing_only_by_unicode_form_or_width_are_e205() {
    let f = Fixture::example();
    let nfc: String = "ガイド".nfc().collect();
    let nfd: String = "ガイド".nfd().collect();
    assert_ne!(nfc, nfd);
    f.write(&format!("handbook/{nfc}.md"), page("A"));
    f.write(&format!("handbook/{nfd}.md"), page("B"));
    f.write("templates/memo.md", page("memo"));
    f.write("templates/ｍｅｍｏ.md", page("full-width memo"));
    let found = f.check().new_problems();
    let e205: Vec<_> = found.iter().filter(|d| d.code == "E205").collect();
    assert_eq!(e205.len(), 2, "{}", list(&found));
    assert!(e205.iter().any(|d| d.file.starts_with("handbook/")));
    assert!(e205.iter().any(|d| d.file.starts_with("templates/")));
}

#[test]
fn pages_with_different_names_are_fine() {
    let f = Fixture::example();
    f.write("handbook/start-2.md", page("Start 2"));
    f.write("templates/start.md", page("same stem, other folder"));
    let found = f.check().new_problems();
    assert!(!found.iter().any(|d| d.code == "E205"), "{}", list(&found));
}

/// Evidence is published under its own name in the auditor's build.
#[test]
fn evidence_paths_differing_only_by_case_are_e205_at_the_second_entry() {
    let f = Fixture::example();
    let rec = "incidents/2026/INC-2026-001.yaml";
    f.write("evidence/INC-2026-001/VPN-auth.log", "another log\n");
    let text = f.replace(
        rec,
        "    collected_at: 2026-01-20T11:30:00+09:00\n",
        "    collected_at: 2026-01-20T11:30:00+09:00\n  - path: evidence/INC-2026-001/VPN-auth.log\n    description: another log\n",
    );
    let found = f.check().new_problems();
    let at = locate(
        &text,
        "path: evidence/INC-2026-001/VPN-auth.log",
        "evidence/",
    );
    assert!(
        found
            .iter()
            .any(|d| d.code == "E205" && d.file == rec && d.line == at.line && d.column == at.col),
        "{}",
        list(&found)
    );
}
