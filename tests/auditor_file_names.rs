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

/// `build` on the fixture exits 1 and writes no site.
fn build_fails(f: &Fixture) {
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
    build_fails(&f);
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

/// Windows cannot create a file named after a device (`CON`, `NUL`, `COM1`
/// …, in any case, with any extension), nor one whose name ends in a dot or
/// a space: such a page of the site's zip cannot be unpacked there.
#[test]
fn windows_device_names_are_e206_at_the_file() {
    let f = Fixture::example();
    f.write("handbook/con.md", page("con"));
    f.write("handbook/Aux.md", page("aux"));
    f.write("templates/COM1.md", page("com1"));
    f.write("templates/lpt².md", page("lpt2 superscript"));
    f.write("handbook/guide./page.md", page("folder ending in a dot"));
    f.write("handbook/notes /page.md", page("folder ending in a space"));
    let found = f.check().new_problems();
    for file in [
        "handbook/con.md",
        "handbook/Aux.md",
        "templates/COM1.md",
        "templates/lpt².md",
        "handbook/guide./page.md",
        "handbook/notes /page.md",
    ] {
        assert!(
            found.iter().any(|d| d.code == "E206" && d.file == file),
            "{file}: {}",
            list(&found)
        );
    }
    // Names that only begin like a device are fine.
    let f = Fixture::example();
    f.write("handbook/console.md", page("console"));
    f.write("handbook/com10.md", page("com10"));
    f.write("handbook/nul-policy.md", page("nul-policy"));
    let found = f.check().new_problems();
    assert!(!found.iter().any(|d| d.code == "E206"), "{}", list(&found));
}

#[test]
fn a_record_id_or_evidence_path_naming_a_device_is_e206_at_the_value() {
    let f = Fixture::example();
    let rec = "incidents/2026/INC-2026-001.yaml";
    let text = f.read(rec).replace("INC-2026-001", "NUL");
    f.remove(rec);
    f.write("incidents/2026/NUL.yaml", &text);
    let found = f.check().new_problems();
    let at = locate(&text, "id: NUL", "NUL");
    assert!(
        found.iter().any(|d| d.code == "E206"
            && d.file == "incidents/2026/NUL.yaml"
            && d.line == at.line
            && d.column == at.col),
        "{}",
        list(&found)
    );
    // Evidence is published under its own name in the auditor's build.
    let f = Fixture::example();
    f.write("evidence/INC-2026-001/nul.txt", "log\n");
    let text = f.replace(
        rec,
        "    collected_at: 2026-01-20T11:30:00+09:00\n",
        "    collected_at: 2026-01-20T11:30:00+09:00\n  - path: evidence/INC-2026-001/nul.txt\n    description: another log\n",
    );
    let found = f.check().new_problems();
    let at = locate(&text, "path: evidence/INC-2026-001/nul.txt", "evidence/");
    assert!(
        found
            .iter()
            .any(|d| d.code == "E206" && d.file == rec && d.line == at.line && d.column == at.col),
        "{}",
        list(&found)
    );
    build_fails(&f);
}

/// A record saved as `.YAML` or a page as `.MD` is not read; it is said so.
#[test]
fn upper_case_extensions_are_e018_not_silently_ignored() {
    let f = Fixture::example();
    let rec = f.read("incidents/2026/INC-2026-001.yaml");
    f.write(
        "incidents/2026/INC-2026-091.YAML",
        rec.replace("INC-2026-001", "INC-2026-091"),
    );
    f.write("handbook/guide.MD", page("guide"));
    f.write("templates/memo.Md", page("memo"));
    f.write("drills/2026/DRL-2026-09.Yml", "id: DRL-2026-09\n");
    let found = f.check().new_problems();
    for file in [
        "incidents/2026/INC-2026-091.YAML",
        "handbook/guide.MD",
        "templates/memo.Md",
        "drills/2026/DRL-2026-09.Yml",
    ] {
        assert!(
            found.iter().any(|d| d.code == "E018" && d.file == file),
            "{file}: {}",
            list(&found)
        );
    }
}
