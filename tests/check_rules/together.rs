//! Several problems in one run; hosts, names and masks (E115, E121, E122); the
//! import's cell positions (E13x); document control (W908).

use super::*;

// ---------------------------------------------------------------------------
// All problems in one run
// ---------------------------------------------------------------------------

#[test]
fn three_problems_in_one_file_give_three_diagnostics() {
    let f = Fixture::example();
    f.replace(OPEN, "status: open\n", "status: opne\n");
    f.replace(OPEN, "category: leak\n", "category: leek\n");
    let text = f.replace(OPEN, "location: ", "locaton: ");
    let p = f.problems();
    assert_eq!(p.len(), 3, "{}", list(&p));
    assert_has(&p, "E103", OPEN, value_at(&text, "status: opne"));
    assert_has(&p, "E203", OPEN, value_at(&text, "category: leek"));
    let d = assert_has(&p, "W104", OPEN, key_at(&text, "locaton: "));
    assert_eq!(d.hint.as_deref(), Some("did you mean `location`?"));
}

#[test]
fn problems_in_several_files_are_all_reported_in_file_order() {
    let f = Fixture::example();
    let open = f.replace(OPEN, "status: open\n", "status: opne\n");
    let leak = f.replace(
        LEAK,
        "  - path: evidence/INC-2025-007/mail-log.csv",
        "  - path: evidence/missing.csv",
    );
    let policy = f.replace(POLICY, "report_within: 1d\n", "report_within: soon\n");
    let r = f.check();
    let p = r.new_problems();
    assert_eq!(p.len(), 3, "{}", list(&p));
    assert_has(&p, "E103", OPEN, value_at(&open, "status: opne"));
    assert_has(
        &p,
        "E701",
        LEAK,
        value_at(&leak, "  - path: evidence/missing.csv"),
    );
    assert_has(&p, "E106", POLICY, value_at(&policy, "report_within: soon"));
    // Sorted by file, then position: deterministic for CI logs.
    let files: Vec<&str> = r.diags.iter().map(|d| d.file.as_str()).collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
    assert_eq!(r.json["summary"]["errors"], 3);
    assert_eq!(r.status, 1);
}

#[test]
fn e115_image_naming_another_host_in_a_record_summary_points_at_it() {
    let f = Fixture::example();
    let text = f.replace(
        OPEN,
        "summary: |\n",
        "summary: |\n  見て <img src=\"//files.example/x.png\"> ください\n",
    );
    let p = f.problems();
    let d = assert_only(&p, "E115", OPEN, locate(&text, "見て <img", "<img"));
    assert_severity(d);
    assert!(d.hint.is_some(), "{d}");
}

#[test]
fn e121_a_person_named_in_a_summary() {
    let f = Fixture::example();
    // The reporter of the record, named in its summary with an honorific.
    let file = "incidents/2026/INC-2026-006.yaml";
    let text = f.replace(file, "御社の営業担当の方から", "御社の藤田さんから");
    let p = f.problems();
    let d = assert_only(
        &p,
        "E121",
        file,
        locate(&text, "御社の藤田さんから", "藤田さん"),
    );
    assert_severity(d);
    assert!(
        d.message.contains("`summary`")
            && d.message.contains("`staff` and `training`")
            && !d.message.contains("auditor"),
        "{d}"
    );
    assert!(d.hint.as_deref().unwrap_or("").contains("mask:"), "{d}");
}

#[test]
fn e121_a_contact_named_in_a_handbook_page_by_family_name() {
    let f = Fixture::example();
    let file = "handbook/first-response.md";
    let before = f.read(file);
    let line = before
        .lines()
        .nth(before.lines().count() - 1)
        .unwrap_or("")
        .to_string();
    let text = f.replace(
        file,
        &line,
        &format!("{line}\n\n困ったら中村に電話してください。"),
    );
    let p = f.problems();
    let d = assert_only(&p, "E121", file, locate(&text, "困ったら中村に", "中村"));
    assert!(
        d.hint.as_deref().unwrap_or("").contains("システム管理者"),
        "{d}"
    );
}

#[test]
fn e122_a_mask_of_one_character_and_one_without_label() {
    let f = Fixture::example();
    let text = f.replace(
        "site.yaml",
        "language: ja\n",
        "language: ja\nmask:\n  A: 取引先\n",
    );
    let p = f.problems();
    let d = assert_only(&p, "E122", "site.yaml", locate(&text, "  A: 取引先", "A"));
    assert_severity(d);
    f.replace("site.yaml", "  A: 取引先\n", "  ソラノ制作: \"\"\n");
    let p = f.problems();
    assert!(
        p.iter()
            .any(|d| d.code == "E122" && d.message.contains("no label")),
        "{p:?}"
    );
}
// ---------------------------------------------------------------------------
// E13x: import (positions are the cells of the sheet, `Sheet1!D17`)
// ---------------------------------------------------------------------------

/// Run `import --format json` on a fixture of tests/fixtures/import in a
/// copy of the example; returns (exit code, [(code, cell, line, column)]),
/// and checks that nothing was written.
fn import_problems(file: &str, mapping: &str) -> (i32, Vec<(String, String, u64, u64)>) {
    let f = Fixture::example();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    for name in [file, mapping] {
        let from = dir.join(name);
        if from.exists() {
            std::fs::copy(&from, f.workdir().join(name)).unwrap();
        }
    }
    if !dir.join(mapping).exists() {
        std::fs::write(f.workdir().join(mapping), mapping_text(mapping)).unwrap();
    }
    let before = read_tree(&f.root());
    let run = f.run(&[
        "import",
        file,
        "--map",
        mapping,
        "--content",
        "content",
        "--format",
        "json",
    ]);
    assert_eq!(
        read_tree(&f.root()),
        before,
        "a refused import wrote something"
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr));
    let mut out = Vec::new();
    for d in json["diagnostics"].as_array().unwrap() {
        let diag = Diag {
            code: d["code"].as_str().unwrap().into(),
            severity: d["severity"].as_str().unwrap().into(),
            file: d["file"].as_str().unwrap().into(),
            path: d["path"].as_str().unwrap().into(),
            line: d["line"].as_u64().unwrap(),
            column: d["column"].as_u64().unwrap(),
            message: d["message"].as_str().unwrap().into(),
            hint: d["hint"].as_str().map(str::to_string),
        };
        assert_severity(&diag);
        out.push((
            diag.code,
            d["cell"].as_str().unwrap_or("").to_string(),
            diag.line,
            diag.column,
        ));
    }
    (run.status, out)
}

/// Mappings written by the tests below (the rest are files in the fixtures).
fn mapping_text(name: &str) -> &'static str {
    match name {
        "bad-mapping.yaml" => "id: { column: 管理番号 }\nfields:\n  titel: 件名\n",
        "missing-column.yaml" => "id: { column: 管理番号 }\nfields:\n  title: 表題\n",
        "no-sheet.yaml" => "sheet: 台帳\nid: { column: 管理番号 }\nfields:\n  title: 件名\n",
        _ => "id: { column: 管理番号 }\nfields:\n  title: 件名\n",
    }
}

fn has(p: &[(String, String, u64, u64)], code: &str, cell: &str, line: u64, col: u64) {
    assert!(
        p.iter()
            .any(|(c, at, l, k)| c == code && at == cell && *l == line && *k == col),
        "no {code} at {cell} ({line}:{col}) in {p:?}"
    );
}

#[test]
fn e132_to_e137_import_errors_name_sheet_row_and_column() {
    let (status, p) = import_problems("errors.xlsx", "errors.yaml");
    assert_eq!(status, 1);
    has(&p, "E132", "Sheet1!E3", 3, 5); // 来週の月曜 as a date
    has(&p, "E133", "Sheet1!C4", 4, 3); // とても重大: no translation
    has(&p, "E137", "Sheet1!F5", 5, 6); // no reporter
    has(&p, "E136", "Sheet1!A6", 6, 1); // OLD-001 again
    has(&p, "E135", "Sheet1!A8", 8, 1); // INC-2026-001 is in the example
    has(&p, "E133", "Sheet1!D9", 9, 4); // 地震: not a category
    has(&p, "E132", "Sheet1!C10", 10, 3); // #N/A: a formula's error value
                                          // A tab in a title: refused by the rule of hand-written records.
    has(&p, "E112", "Sheet1!B7", 7, 2);
    assert_eq!(p.len(), 8, "{p:?}");
}

#[test]
fn e130_e131_e134_unreadable_files_mappings_and_limits() {
    let (status, p) = import_problems("errors.xlsx", "no-sheet.yaml");
    assert_eq!(status, 1);
    has(&p, "E130", "", 1, 1);
    let (_, p) = import_problems("errors.xlsx", "bad-mapping.yaml");
    has(&p, "E131", "", 3, 3);
    let (_, p) = import_problems("errors.xlsx", "missing-column.yaml");
    has(&p, "E131", "", 3, 10);
    // A cell over Excel's 32,767 characters; a sheet reaching row 1,048,576;
    // a cell of 100 MB (refused from the zip directory, before unpacking).
    let (_, p) = import_problems("long-cell.csv", "any.yaml");
    has(&p, "E134", "B2", 2, 2);
    let (_, p) = import_problems("huge-rows.xlsx", "any.yaml");
    has(&p, "E134", "A1048576", 1_048_576, 1);
    let (_, p) = import_problems("huge-cell.xlsx", "any.yaml");
    has(&p, "E134", "", 1, 1);
}

/// `git` in the fixture's work directory, with fixed author and dates.
fn git_at(dir: &std::path::Path, args: &[&str], date: &str) -> bool {
    std::process::Command::new("git")
        .args([
            "-c",
            "user.name=文書 管理",
            "-c",
            "user.email=docs@example.jp",
        ])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .current_dir(dir)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

#[test]
fn w908_a_document_changed_after_its_approval() {
    const PAGE: &str = "handbook/recovery.md";
    let f = Fixture::example();
    let dir = f.workdir().to_path_buf();
    if !git_at(&dir, &["init", "-q"], "2025-03-01T10:00:00+09:00") {
        eprintln!("git is not installed; skipping");
        return;
    }
    let commit = |msg: &str, date: &str| {
        assert!(git_at(&dir, &["add", "content"], date));
        assert!(git_at(&dir, &["commit", "-q", "-m", msg], date));
    };
    // Written before its approval on 2025-04-01: nothing to say.
    commit("初版", "2025-03-01T10:00:00+09:00");
    assert!(f.problems().is_empty(), "{}", list(&f.problems()));
    // Changed after it, with the approval left as it was.
    let text = f.replace(PAGE, "原因が残ったまま戻すと", "原因を取り除かずに戻すと");
    commit("承認後の書き換え", "2026-05-01T10:00:00+09:00");
    let p = f.problems();
    let d = assert_only(&p, "W908", PAGE, value_at(&text, "approved_at: 2025-04-01"));
    assert!(
        d.message.contains("2026-05-01") && d.message.contains("承認後の書き換え"),
        "{d}"
    );
    // The hint asks for the true approval, never for a moved date.
    assert!(d.hint.as_deref().unwrap_or("").contains("true date"), "{d}");
    // A new approval recorded with its true date, committed two days
    // later with a further change it covers: the recording commit is not a
    // change after the approval, so nothing is reported.
    f.replace(PAGE, "version: \"3.0\"", "version: \"3.1\"");
    f.replace(PAGE, "approved_at: 2025-04-01", "approved_at: 2026-05-10");
    f.replace(PAGE, "原因を取り除かずに戻すと", "原因が残ったまま戻すと");
    commit("3.1 版の承認を記録", "2026-05-12T10:00:00+09:00");
    assert!(f.problems().is_empty(), "{}", list(&f.problems()));
}
