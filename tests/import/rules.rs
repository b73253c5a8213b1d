//! Rules that depend on other columns, their errors at sheet, row and column,
//! policy flags, facts never recorded, JSON dry runs, header rows.

use super::*;

/// A finding as (code, file name, cell, line, column).
type Finding = (String, String, String, u64, u64);

/// `import --format json` of a fixture with a mapping written here into
/// the work directory; (exit code, findings), and nothing written into the
/// content.
fn import_json(f: &Fixture, file: &str, mapping: &str, extra: &[&str]) -> (i32, Vec<Finding>) {
    let map = f.workdir().join("mapping.yaml");
    std::fs::write(&map, mapping).unwrap();
    let before = read_tree(&f.root());
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let run = import(f, &fixture(file), &map, &args);
    assert_eq!(
        read_tree(&f.root()),
        before,
        "a refused import wrote something"
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr));
    let out = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                Path::new(d["file"].as_str().unwrap())
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                d["cell"].as_str().unwrap_or("").to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    (run.status, out)
}

#[test]
fn a_value_can_depend_on_another_column_and_notes_without_dates_stay_true() {
    let f = Fixture::example();
    let run = import(
        &f,
        &fixture("conditional.xlsx"),
        &example_mapping("conditional.yaml"),
        &[],
    );
    assert_eq!(run.status, 0, "{}\n{}", run.stdout, run.stderr);
    let recs = records(&f, "C-");
    let get = |id: &str| {
        let (_, text) = recs
            .iter()
            .find(|(rel, _)| rel.ends_with(&format!("/{id}.yaml")))
            .unwrap_or_else(|| panic!("no {id} in {recs:?}"));
        yaml(text)
    };
    // 重大度 軽微, 個人情報 あり: the organisation's rule gives level 3 (and
    // with it the level's responsible role and stage).
    let c1 = get("C-001");
    assert_eq!(c1["level"], 3);
    assert_eq!(c1["responsible"], "ceo");
    assert_eq!(c1["impact"]["personal_data"], true);
    assert_eq!(c1["assessment"]["stage"], "incident");
    // No rule holds: the column and its map.
    assert_eq!(get("C-003")["level"], 2);
    // 「その他」: the category from the next column, through the rule's map.
    assert_eq!(get("C-004")["category"], "outage");
    // 「通知不要（社内のみ）」: the decision that the police rule does not
    // apply, with the register's words as the reason and the deciding role.
    let c3 = get("C-003");
    assert_eq!(c3["not_applicable"][0]["rule"], "police");
    assert_eq!(
        c3["not_applicable"][0]["reason"],
        "旧台帳の記載: 通知不要（社内のみ）"
    );
    assert_eq!(c3["not_applicable"][0]["decided_by"], "incident_manager");
    assert_eq!(
        get("C-001")["not_applicable"].as_sequence().unwrap().len(),
        0
    );
    // 「IPA届出済み、警察へ相談済み」 with no date: no notification is
    // written with a made-up date; each stands as an explained deviation
    // whose reason quotes the register.
    let c2 = get("C-002");
    assert_eq!(c2["notifications"].as_sequence().unwrap().len(), 0);
    let devs = c2["deviations"].as_sequence().unwrap();
    let to: Vec<&str> = devs.iter().map(|d| d["to"].as_str().unwrap()).collect();
    assert_eq!(to, ["ipa", "police"]);
    assert!(devs.iter().all(|d| d["about"] == "notification_not_made"));
    assert!(devs[0]["reason"]
        .as_str()
        .unwrap()
        .contains("「IPA届出済み、警察へ相談済み」"));
    // Before the policy no rule applied: no deviation, the note kept in remarks.
    let c5 = get("C-005");
    assert!(c5["predates_policy"]["reason"].is_string());
    assert_eq!(c5["deviations"].as_sequence().unwrap().len(), 0);
    assert_eq!(c5["remarks"], "旧台帳の「届出・通知」欄: IPA届出済み");
    // `check` passes, and shows the two undated notifications as the
    // recorded non-conformities they are (W507), nothing else.
    let p = f.problems();
    let codes: Vec<(&str, &str)> = p
        .iter()
        .map(|d| (d.code.as_str(), d.file.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("W507", "incidents/2025/C-002.yaml"),
            ("W507", "incidents/2025/C-002.yaml")
        ],
        "{}",
        list(&p)
    );
}

/// The 1-based line of the first line of `text` holding `line_with`, and
/// the column (in characters) where `at` starts on it.
fn at_text(text: &str, line_with: &str, at: &str) -> (u64, u64) {
    let (n, l) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(line_with))
        .unwrap();
    let byte = l.find(at).unwrap();
    (n as u64 + 1, l[..byte].chars().count() as u64 + 1)
}

#[test]
fn when_rule_errors_name_sheet_row_and_column() {
    let f = Fixture::example();
    let map = std::fs::read_to_string(example_mapping("conditional.yaml")).unwrap();
    // The sheet of bad rows: a 「その他」 detail the rule's map does not
    // know, at the column the rule reads; a condition cell holding #N/A,
    // at that cell.
    let (status, p) = import_json(&f, "conditional.xlsx", &map, &["--sheet", "誤り"]);
    assert_eq!(status, 1);
    let want = [
        ("E133", "conditional.xlsx", "誤り!E2", 2, 5),
        ("E132", "conditional.xlsx", "誤り!F3", 3, 6),
    ];
    for w in want {
        assert!(
            p.iter().any(|(c, file, cell, l, k)| (
                c.as_str(),
                file.as_str(),
                cell.as_str(),
                *l,
                *k
            ) == w),
            "no {w:?} in {p:?}"
        );
    }
    // The #N/A cell is read by two fields (a rule of `level` tests it,
    // `impact.personal_data` is the column itself): each says so, at that cell.
    assert_eq!(p.len(), 3, "{p:?}");

    // A rule's constant the policy does not know: at its line in the
    // mapping, said once although every row meets the rule.
    let bad = map.replace(
        "      - { column: 個人情報, equals: [あり], value: 3 }",
        "      - { column: 状況, equals: [対応中], value: 9 }",
    );
    assert_ne!(bad, map);
    let (status, p) = import_json(&f, "conditional.xlsx", &bad, &[]);
    assert_eq!(status, 1);
    let (line, col) = at_text(&bad, "value: 9", "9");
    assert_eq!(
        p,
        [(
            "E133".to_string(),
            "mapping.yaml".to_string(),
            String::new(),
            line,
            col
        )]
    );

    // Rules the reader cannot use, each at its place in the mapping.
    let rules = "id: { column: 管理番号 }\nsheet: 台帳\nfields:\n  title: 件名\n  level:\n    column: 重大度\n    when:\n      - { column: 個人情報, value: 3 }\n      - { column: 個人情報, equals: [あり] }\n      - { equals: [あり], value: 3 }\n  category: { when: { column: 分類 } }\n  summary: { column: 概要, template: 概要 }\n";
    let (status, p) = import_json(&f, "conditional.xlsx", rules, &[]);
    assert_eq!(status, 1);
    let at: Vec<(&str, u64, u64)> = p
        .iter()
        .map(|(c, _, _, l, k)| (c.as_str(), *l, *k))
        .collect();
    assert_eq!(
        at,
        [
            ("E131", 8, 19),  // a column and no test of its cell
            ("E131", 9, 9),   // neither `value` nor `then`
            ("E131", 10, 9),  // a test of a cell without its column
            ("E131", 11, 21), // `when` not a list
            ("E131", 12, 36), // a template without {value}
        ],
        "{p:?}"
    );
    // A condition on a column the sheet does not have.
    let missing = map.replace(
        "{ column: 個人情報, equals: [あり], value: 3 }",
        "{ column: 個人情報の有無, equals: [あり], value: 3 }",
    );
    let (_, p) = import_json(&f, "conditional.xlsx", &missing, &[]);
    let (line, col) = at_text(&missing, "個人情報の有無", "個人情報の有無");
    assert_eq!(
        p,
        [(
            "E131".to_string(),
            "mapping.yaml".to_string(),
            String::new(),
            line,
            col
        )]
    );
}

#[test]
fn a_flag_the_policy_declares_is_imported_and_an_undeclared_one_refused() {
    let f = Fixture::example();
    let run = import(&f, &fixture("own-flag.csv"), &fixture("own-flag.yaml"), &[]);
    assert_eq!(run.status, 0, "{}\n{}", run.stdout, run.stderr);
    let recs = records(&f, "F-");
    let f1 = yaml(&recs[0].1);
    assert_eq!(f1["impact"]["customer_confidential"], true, "{}", recs[0].1);
    // The flag makes the customer notice due; the row that has its date
    // has the notification, the other row none.
    assert_eq!(f1["notifications"][0]["to"], "customer_notice");
    assert_eq!(f1["notifications"][0]["at"], "2026-11-20T15:00:00+09:00");
    let f2 = yaml(&recs[1].1);
    assert_eq!(f2["impact"]["customer_confidential"], false);
    assert_eq!(f2["notifications"].as_sequence().unwrap().len(), 0);
    assert!(f.problems().is_empty(), "{}", list(&f.problems()));

    // A flag the policy does not declare: at its key in the mapping.
    let g = Fixture::example();
    let map = std::fs::read_to_string(fixture("own-flag.yaml"))
        .unwrap()
        .replace("impact.customer_confidential", "impact.customer_secret");
    let (status, p) = import_json(&g, "own-flag.csv", &map, &[]);
    assert_eq!(status, 1);
    let (line, col) = at_text(&map, "impact.customer_secret", "impact");
    assert_eq!(
        p,
        [(
            "E131".to_string(),
            "mapping.yaml".to_string(),
            String::new(),
            line,
            col
        )]
    );
}

#[test]
fn rules_nest_and_a_rule_that_holds_is_not_passed_over() {
    // Level 0 for 「その他」 rows whose detail is 停電; other 「その他」 rows
    // get no level from the rule, and do not fall back to 重大度.
    let f = Fixture::example();
    let map = std::fs::read_to_string(example_mapping("conditional.yaml"))
        .unwrap()
        .replace(
            "      - { column: 個人情報, equals: [あり], value: 3 }",
            "      - column: 分類\n        equals: [その他]\n        then:\n          when:\n            - { column: 分類の詳細, equals: [停電], value: 0 }",
        );
    let path = f.workdir().join("nested.yaml");
    std::fs::write(&path, &map).unwrap();
    let run = import(
        &f,
        &fixture("conditional.xlsx"),
        &path,
        &["--dry-run", "--verbose"],
    );
    // --verbose prints each record's text (after the list of files).
    let text = run.stderr.clone();
    let record = |id: &str| {
        text.split("\nid: ")
            .find(|r| r.starts_with(&format!("{id}\n")))
            .unwrap_or_else(|| panic!("no {id} in\n{text}"))
            .to_string()
    };
    let c4 = record("C-004");
    assert!(c4.contains("\nlevel: 0\n"), "{c4}");
    // The outer rule alone does not decide: C-002 (不正アクセス) keeps 重大 → 2.
    let c2 = record("C-002");
    assert!(c2.contains("\nlevel: 2\n"), "{c2}");

    // Another detail under 「その他」: the outer rule holds, the inner one
    // does not — no level, said at the row (E137), not 重大度 read instead.
    let map = map.replace("equals: [停電], value: 0", "equals: [火災], value: 0");
    let (status, p) = import_json(&f, "conditional.xlsx", &map, &[]);
    assert_eq!(status, 1);
    assert!(
        p.iter().any(|(c, file, cell, l, _)| c == "E137"
            && file == "conditional.xlsx"
            && cell == "台帳!D5"
            && *l == 5),
        "{p:?}"
    );
}

/// Closed history whose register never held some facts: the mapping says
/// so (`not_recorded`, a blank cell tested with `filled: false`, a list
/// constant), nothing is made up, and `check` is clean of errors — each
/// missing fact the recorded warning W409, and no claim that a fact the
/// record holds is missing.
#[test]
fn facts_an_old_register_never_held_are_recorded_as_not_recorded() {
    let f = Fixture::example();
    let run = import(
        &f,
        &fixture("not-recorded.csv"),
        &fixture("not-recorded.yaml"),
        &[],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let recs = records(&f, "N-");
    assert_eq!(recs.len(), 2);
    let first = yaml(&recs[0].1);
    assert!(first["contained_at"].is_null(), "{}", recs[0].1);
    let devs = first["deviations"].as_sequence().unwrap();
    assert_eq!(devs.len(), 3, "{}", recs[0].1);
    assert_eq!(devs[2]["fields"][1], "assessment");
    // The second row has its containment time: no entry says it is missing.
    let second = yaml(&recs[1].1);
    assert_eq!(second["contained_at"], "2020-07-01T12:00:00+09:00");
    assert_eq!(second["deviations"].as_sequence().unwrap().len(), 2);
    let p = f.problems();
    let mine: Vec<(&str, &str)> = p
        .iter()
        .filter(|d| d.file.contains("N-2020"))
        .map(|d| (d.code.as_str(), d.file.as_str()))
        .collect();
    let w = |n: &'static str| ("W409", n);
    let (a, b) = (
        "incidents/2020/N-2020-001.yaml",
        "incidents/2020/N-2020-002.yaml",
    );
    let mut want = vec![w(a), w(a), w(a), w(a), w(b), w(b), w(b)];
    let mut got = mine.clone();
    want.sort();
    got.sort();
    assert_eq!(got, want, "{}", list(&p));
}

/// `--dry-run --format json` prints one JSON document (the check of the
/// records it would write), which a JSON parser reads whole.
#[test]
fn a_dry_run_in_json_is_one_document() {
    let f = Fixture::example();
    let run = import(
        &f,
        &fixture("not-recorded.csv"),
        &fixture("not-recorded.yaml"),
        &["--dry-run", "--format", "json"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let json: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    assert_eq!(json["summary"]["warnings"], 7, "{}", run.stdout);
}

/// A workbook's date cell mapped into a text field reads as the date the
/// sheet shows, not as its serial number.
#[test]
fn a_date_cell_in_a_text_field_is_written_as_its_date() {
    let f = Fixture::example();
    let text = std::fs::read_to_string(example_mapping("conditional.yaml")).unwrap();
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("remarks:"))
        .expect("the example maps remarks");
    let map = f.workdir().join("dates-in-text.yaml");
    std::fs::write(
        &map,
        text.replace(
            line,
            "  remarks: { column: 判断日時, template: \"判断: {value}\" }",
        ),
    )
    .unwrap();
    let run = import(&f, &fixture("conditional.xlsx"), &map, &[]);
    assert!(run.status <= 1, "{}", run.stderr);
    let recs = records(&f, "C-001");
    assert_eq!(recs.len(), 1, "{}", run.stderr);
    assert_eq!(
        yaml(&recs[0].1)["remarks"],
        "判断: 2025-05-12 11:00",
        "{}",
        recs[0].1
    );
}

/// An officer's first mapping often leaves out `header_row` while the sheet
/// has a title row above its headers: the hint says on which rows the
/// headers are and what to write, instead of listing the title as the
/// sheet's only header.
#[test]
fn a_mapping_without_header_row_is_told_where_the_headers_are() {
    let f = Fixture::example();
    let orig = std::fs::read_to_string(example_mapping("jp-register.yaml")).unwrap();
    assert!(orig.contains("header_row: [3, 4]\n"));
    let map = f.root().join("../no-header-row.yaml");
    std::fs::write(&map, orig.replace("header_row: [3, 4]\n", "")).unwrap();
    let run = import(
        &f,
        &fixture("jp-register.xlsx"),
        &map,
        &["--lang", "ja", "--dry-run"],
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("E131")
            && run
                .stderr
                .contains("見出しはシートの 3〜4 行目にあります。マッピングに `header_row: [3, 4]` と書きます"),
        "{}",
        run.stderr
    );
}
