//! Ids, names and text that could be made to read as something else: ids
//! outside their documented character set (E110), bidi controls and
//! zero-width characters in ids, file names, titles and evidence paths
//! (E111), control characters in any text (E112), and record ids that only
//! differ in case, width or Unicode form (E205). Each case is planted in a
//! copy of the example and run through the real `check`, asserting code,
//! file and position; nothing else may be reported.

mod common;

use common::*;

/// A closed level-0 record that copies cleanly under another id.
const CLEAN: &str = "incidents/2025/INC-2025-001.yaml";
/// An open record with a timeline.
const OPEN: &str = "incidents/2026/INC-2026-007.yaml";
const LEAK: &str = "incidents/2025/INC-2025-007.yaml";
const POLICY: &str = "policy.yaml";
const CONTACTS: &str = "contacts.yaml";

/// Copy `CLEAN` to `incidents/2025/<id>.yaml` with `id: <id>` (quoted, so
/// any character can be written); returns the file and its text.
fn copy_as(f: &Fixture, id: &str) -> (String, String) {
    let rel = format!("incidents/2025/{id}.yaml");
    let quoted = format!("id: \"{id}\"");
    let text = f.read(CLEAN).replacen("id: INC-2025-001", &quoted, 1);
    f.write(&rel, &text);
    (rel, text)
}

/// The codes reported for `file` at `at`, sorted.
fn codes_at(p: &[Diag], file: &str, at: At) -> Vec<String> {
    let mut c: Vec<String> = p
        .iter()
        .filter(|d| d.file == file && d.at() == at)
        .map(|d| d.code.clone())
        .collect();
    c.sort();
    c
}

#[test]
fn lookalike_record_ids_are_refused_and_compared_as_read() {
    let f = Fixture::example();
    let start = At { line: 1, col: 1 };
    // (id, codes at the id, code for the file name)
    let cases: &[(&str, &[&str], Option<&str>)] = &[
        ("inc-2025-001", &["E205"], None),
        ("INC-２０２５-００１", &["E110", "E205"], None),
        ("\u{202E}INC-2025-001", &["E111", "E205"], Some("E111")),
        ("INC-2025-0\u{200B}01", &["E111", "E205"], Some("E111")),
        ("INC-2025-001\u{FEFF}", &["E111", "E205"], Some("E111")),
        // Cyrillic С: not the same id, but not an id at all.
        ("IN\u{421}-2025-001", &["E110"], None),
    ];
    let planted: Vec<(String, String)> = cases.iter().map(|(id, _, _)| copy_as(&f, id)).collect();
    let p = f.problems();
    let mut expected = 0;
    for ((id, codes, name_code), (rel, text)) in cases.iter().zip(&planted) {
        let at = locate(text, "id: \"", "\"");
        assert_eq!(codes_at(&p, rel, at), *codes, "{id:?}\n{}", list(&p));
        expected += codes.len();
        if let Some(code) = name_code {
            assert_eq!(codes_at(&p, rel, start), [*code], "{id:?}\n{}", list(&p));
            expected += 1;
        }
        // Every look-alike names the record it imitates.
        if let Some(d) = p.iter().find(|d| d.file == *rel && d.code == "E205") {
            let hint = d.hint.as_deref().unwrap_or("");
            assert!(hint.contains(&format!("{CLEAN}:1")), "{d}");
            assert!(!d.message.contains('\u{202E}'), "{d}");
        }
    }
    assert_eq!(p.len(), expected, "{}", list(&p));
    // The full-width id gets its ASCII spelling as the hint.
    let wide = p
        .iter()
        .find(|d| d.code == "E110" && d.file.contains('２'))
        .expect("E110 for the full-width id");
    assert_eq!(wide.hint.as_deref(), Some("write `INC-2025-001`"), "{wide}");
}

#[test]
fn drill_ids_are_compared_as_read_too() {
    let f = Fixture::example();
    let text =
        f.read("drills/2026/DRL-2026-02.yaml")
            .replacen("id: DRL-2026-02", "id: drl-2026-02", 1);
    // The same look-alike twice (drills may sit in any year's folder): the
    // first copy imitates the original (E205), the second repeats the first
    // exactly (E201 alone).
    let first = "drills/2025/drl-2026-02.yaml";
    let second = "drills/2026/drl-2026-02.yaml";
    f.write(first, &text);
    f.write(second, &text);
    let p = f.problems();
    let at = value_at(&text, "id: drl-2026-02");
    let d = assert_has(&p, "E205", first, at);
    assert!(
        d.hint
            .as_deref()
            .unwrap_or("")
            .contains("drills/2026/DRL-2026-02.yaml:1"),
        "{d}"
    );
    assert_has(&p, "E201", second, at);
    assert_eq!(p.len(), 2, "{}", list(&p));
}

#[test]
fn record_ids_that_would_break_links_or_run_code_are_refused() {
    let f = Fixture::example();
    let ids = [
        "INC-2025-0#1",
        "INC-2025-0?1",
        "INC-2025-0%41",
        "INC 2025 011",
        "javascript:alert(1)",
        "-INC-2025-011",
    ];
    let planted: Vec<(String, String)> = ids.iter().map(|id| copy_as(&f, id)).collect();
    // A file named like a script URL with a proper id: the name is not the id.
    let js = "incidents/2025/javascript:alert(2).yaml";
    let js_text = f
        .read(CLEAN)
        .replacen("id: INC-2025-001", "id: INC-2025-012", 1);
    f.write(js, &js_text);
    let p = f.problems();
    for (id, (rel, text)) in ids.iter().zip(&planted) {
        let at = locate(text, "id: \"", "\"");
        assert_eq!(codes_at(&p, rel, at), ["E110"], "{id:?}\n{}", list(&p));
    }
    let d = assert_has(&p, "E202", js, value_at(&js_text, "id: INC-2025-012"));
    // Only the id is valid: the hint does not offer the file name as one.
    assert_eq!(
        d.hint.as_deref(),
        Some("rename the file to `INC-2025-012.yaml`"),
        "{d}"
    );
    assert_eq!(p.len(), ids.len() + 1, "{}", list(&p));
}

/// Replace `from` by `to` in every YAML file of the content.
fn rename_everywhere(f: &Fixture, from: &str, to: &str) {
    let mut files = vec![POLICY.to_string(), CONTACTS.to_string()];
    for dir in [
        "incidents/2025",
        "incidents/2026",
        "drills/2025",
        "drills/2026",
    ] {
        for e in std::fs::read_dir(f.path(dir)).unwrap() {
            files.push(format!(
                "{dir}/{}",
                e.unwrap().file_name().to_string_lossy()
            ));
        }
    }
    let mut hits = 0;
    for rel in files {
        let text = f.read(&rel);
        if text.contains(from) {
            hits += 1;
            f.write(&rel, text.replace(from, to));
        }
    }
    assert!(hits > 0, "`{from}` is nowhere");
}

#[test]
fn every_kind_of_policy_and_contact_id_has_its_character_set_and_references_still_resolve() {
    let f = Fixture::example();
    // (old id, new id, file declaring it, the hint's suggestion)
    let cases = [
        ("it_admin", "IT-Admin", POLICY, Some("it-admin")),
        ("loss_theft", "loss theft", POLICY, Some("loss_theft")),
        ("ppc_leak", "ppc#leak", POLICY, None),
        ("escalate", "Escalate", POLICY, Some("escalate")),
        ("ipa_anshin", "ipa%anshin", CONTACTS, None),
        ("A.5.28", "Ａ.5.28", POLICY, Some("A.5.28")),
    ];
    for (from, to, _, _) in cases {
        rename_everywhere(&f, from, to);
    }
    let p = f.problems();
    for (_, to, file, suggestion) in cases {
        let text = f.read(file);
        let at = value_at(&text, &format!("- id: {to}"));
        let d = assert_has(&p, "E110", file, at);
        if let Some(s) = suggestion {
            assert_eq!(
                d.hint.as_deref(),
                Some(format!("write `{s}`").as_str()),
                "{d}"
            );
        }
    }
    // The ids are refused where they are declared, and nowhere else: every
    // reference to them (owners, categories, `to`, `next`, controls) resolves.
    assert_codes(&p, &["E110"]);
    assert_eq!(p.len(), cases.len(), "{}", list(&p));
}

#[test]
fn references_to_unknown_ids_are_still_reported() {
    let f = Fixture::example();
    let text = f.replace(
        OPEN,
        "responsible: incident_manager\n",
        "responsible: Incident_Manager\n",
    );
    let p = f.problems();
    let d = assert_only(
        &p,
        "E203",
        OPEN,
        value_at(&text, "responsible: Incident_Manager"),
    );
    assert!(
        d.hint.as_deref().unwrap_or("").contains("incident_manager"),
        "{d}"
    );
}

#[test]
fn bidi_and_invisible_characters_in_titles_paths_and_file_names() {
    let f = Fixture::example();
    let rlo = '\u{202E}';
    // A record title that would display as "exe.log".
    let open = f.replace(
        OPEN,
        "title: 大阪営業所",
        &format!("title: {rlo}gol.exe 大阪営業所"),
    );
    // A drill title with a zero-width joiner, a page title with an isolate.
    let drill_rel = "drills/2026/DRL-2026-02.yaml";
    let drill = f.replace(drill_rel, "title: 生産管理", "title: 生産\u{200D}管理");
    let page_rel = "handbook/prevention.md";
    let page = f.read(page_rel);
    let title_line = page.lines().nth(1).unwrap().to_string();
    let page = f.replace(page_rel, &title_line, &format!("{title_line}\u{2067}"));
    // An evidence path naming a file that really is called that.
    let old_ev = "evidence/INC-2025-007/mail-log.csv";
    let new_ev = format!("evidence/INC-2025-007/{rlo}vsc.exe");
    std::fs::rename(f.path(old_ev), f.path(&new_ev)).unwrap();
    let leak = f.replace(LEAK, old_ev, &new_ev);
    // Page and template file names.
    let renamed_page = format!("handbook/{rlo}yrevocer.md");
    std::fs::rename(f.path("handbook/recovery.md"), f.path(&renamed_page)).unwrap();
    let renamed_template = "templates/first\u{2066}-report.md";
    std::fs::rename(
        f.path("templates/first-report.md"),
        f.path(renamed_template),
    )
    .unwrap();

    let p = f.problems();
    let start = At { line: 1, col: 1 };
    assert_has(&p, "E111", OPEN, value_at(&open, "title: \u{202E}gol.exe"));
    assert_has(
        &p,
        "E111",
        drill_rel,
        value_at(&drill, "title: 生産\u{200D}"),
    );
    assert_has(
        &p,
        "E111",
        page_rel,
        value_at(&page, &format!("{title_line}\u{2067}")),
    );
    let ev = assert_has(
        &p,
        "E111",
        LEAK,
        value_at(&leak, "  - path: evidence/INC-2025-007/"),
    );
    assert!(ev.message.contains("<U+202E>vsc.exe"), "{ev}");
    assert_has(&p, "E111", &renamed_page, start);
    assert_has(&p, "E111", renamed_template, start);
    assert_codes(&p, &["E111"]);
    assert_eq!(p.len(), 6, "{}", list(&p));
}

#[test]
fn free_text_may_keep_bidi_marks() {
    // Arabic or Hebrew quoted in a summary needs them; only names are strict.
    let f = Fixture::example();
    f.replace(
        OPEN,
        "summary: |\n",
        "summary: |\n  引用: \u{200F}שלום\u{200E} と \u{2067}مرحبا\u{2069}\n",
    );
    let p = f.problems();
    assert!(p.is_empty(), "{}", list(&p));
}

#[test]
fn control_characters_are_refused_in_every_kind_of_text() {
    let f = Fixture::example();
    // YAML escapes in double quotes: NUL, BEL, ESC, DEL, NEL, a C1 control.
    let escapes = ["\\0", "\\a", "\\e", "\\x7f", "\\N", "\\u0090"];
    let mut planted = Vec::new();
    // Free text (one timeline action per escape) and single-line fields.
    let open = f.read(OPEN);
    let first_action = open
        .lines()
        .find(|l| l.starts_with("  - at: "))
        .expect("a timeline entry")
        .to_string();
    let mut entries = String::new();
    for (i, e) in escapes.iter().enumerate() {
        entries.push_str(&format!(
            "  - at: 2026-10-05T14:00:00+09:00\n    action: \"ctl{i} {e}\"\n"
        ));
    }
    let open = f.replace(
        OPEN,
        &format!("{first_action}\n"),
        &format!("{entries}{first_action}\n"),
    );
    for i in 0..escapes.len() {
        planted.push((
            OPEN.to_string(),
            value_at(&open, &format!("action: \"ctl{i} ")),
        ));
    }
    // A tab in a title, a newline in a role name: one-line fields.
    let drill_rel = "drills/2025/DRL-2025-01.yaml";
    let drill = f.read(drill_rel);
    let title = drill
        .lines()
        .find(|l| l.starts_with("title: "))
        .unwrap()
        .to_string();
    let drill = f.replace(drill_rel, &title, "title: \"a\\tb\"");
    planted.push((drill_rel.into(), value_at(&drill, "title: \"a\\tb\"")));
    let policy = f.replace(
        POLICY,
        "    name: 情報漏えい\n",
        "    name: \"情報\\n漏えい\"\n",
    );
    planted.push((
        POLICY.into(),
        value_at(&policy, "    name: \"情報\\n漏えい\""),
    ));
    // An escape sequence in a contact's purpose, a page title.
    let contacts = f.read(CONTACTS);
    let purpose = contacts
        .lines()
        .find(|l| l.trim_start().starts_with("purpose: "))
        .unwrap()
        .to_string();
    let indent = &purpose[..purpose.find("purpose").unwrap()];
    let contacts = f.replace(
        CONTACTS,
        &purpose,
        &format!("{indent}purpose: \"\\e]8;;http://evil.example\\a\""),
    );
    planted.push((CONTACTS.into(), value_at(&contacts, "purpose: \"\\e]8;;")));
    let page_rel = "handbook/training.md";
    let page = f.replace(page_rel, "title: 訓練\n", "title: \"訓練\\b\\b\"\n");
    planted.push((page_rel.into(), value_at(&page, "title: \"訓練\\b")));
    // A raw NUL, after which YAML would silently stop reading.
    let nul_rel = "incidents/2026/INC-2026-006.yaml";
    let nul = f.read(nul_rel);
    f.write(nul_rel, format!("{nul}\0\nignored: after the NUL\n"));
    planted.push((
        nul_rel.into(),
        At {
            line: nul.lines().count() as u64 + 1,
            col: 1,
        },
    ));

    let p = f.problems();
    for (file, at) in &planted {
        assert_has(&p, "E112", file, *at);
    }
    assert_codes(&p, &["E112"]);
    assert_eq!(p.len(), planted.len(), "{}", list(&p));
}

#[test]
fn newlines_and_tabs_stay_allowed_in_free_text_and_crlf_files_check_clean() {
    let f = Fixture::example();
    f.replace(OPEN, "summary: |\n", "summary: |\n  \tインデントした行\n");
    f.replace(
        OPEN,
        "    action: JPCERT/CC からの連絡メールを確認\n",
        "    action: \"JPCERT/CC からの連絡メールを確認\\n\\t（二行目）\"\n",
    );
    let crlf = f.read(CLEAN).replace('\n', "\r\n");
    f.write(CLEAN, crlf);
    let p = f.problems();
    assert!(p.is_empty(), "{}", list(&p));
}

#[test]
fn control_characters_in_file_names() {
    let f = Fixture::example();
    let rel = "handbook/start\u{7}.md";
    std::fs::rename(f.path("handbook/start.md"), f.path(rel)).unwrap();
    let p = f.problems();
    assert_only(&p, "E112", rel, At { line: 1, col: 1 });
}
