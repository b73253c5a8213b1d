//! Workbooks, Shift_JIS CSV, ODS and XLS read alike; a second import refused;
//! hostile cells kept as data.

use super::*;

#[test]
fn a_japanese_workbook_becomes_records_that_check_clean() {
    let f = Fixture::example();
    let run = import(
        &f,
        &fixture("jp-register.xlsx"),
        &example_mapping("jp-register.yaml"),
        // The summary in the site's language, as the officer reads it.
        &["--lang", "ja"],
    );
    assert_eq!(run.status, 0, "{}\n{}", run.stdout, run.stderr);
    // 7 rows after the header: 4 records; the subtotal, the repeated header
    // and the blank row skipped, and said so.
    assert!(
        run.stderr
            .contains("4 件の記録を書き込みました。読み飛ばし 3 行"),
        "{}",
        run.stderr
    );
    assert!(run
        .stderr
        .contains("（空行: 1, 見出しの繰り返し: 1, 件名 = 小計: 1）"));
    let recs = records(&f, "OLD-");
    let names: Vec<&str> = recs.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(
        names,
        [
            "2019/OLD-2019-001.yaml",
            "2021/OLD-2021-001.yaml",
            "2024/OLD-2024-001.yaml",
            "2025/OLD-2025-001.yaml"
        ]
    );
    let (_, r2019) = &recs[0];
    let y = yaml(r2019);
    // An era date with a time (平成31年4月8日 10:20) and one without (令和元年5月20日).
    assert_eq!(y["detected_at"], "2019-04-08T10:20:00+09:00");
    assert_eq!(y["closed_at"], "2019-05-20");
    assert_eq!(y["level"], 0);
    assert_eq!(y["responsible"], "it_admin", "from the policy's level");
    assert_eq!(y["category"], "unauthorized_access");
    assert_eq!(y["actions"][0]["due"], "2019-06-30");
    assert_eq!(y["actions"][0]["status"], "done");
    // Imported history before `policy_since` is marked as predating the policy.
    assert_eq!(
        y["predates_policy"]["reason"],
        "旧台帳（Excel）から移した記録。当時の規程に従って対応した。"
    );
    assert_eq!(
        y["predates_policy"]["policy_version"],
        "第2版（2024年3月31日まで）"
    );
    let y = yaml(&recs[1].1);
    // Excel date cells; the level from a formula's saved value (レベル1).
    assert_eq!(y["detected_at"], "2021-07-14T15:05:00+09:00");
    assert_eq!(y["level"], 1);
    assert_eq!(y["reporter"], "山田 太郎、佐藤 花子");
    assert_eq!(y["impact"]["personal_data"], false);
    assert_eq!(
        y["summary"],
        "概要: 封入の際に取り違え、A社宛ての請求書をB社へ送った。\n\n備考: B社から連絡があり回収済み\n"
    );
    assert_eq!(y["timeline"][0]["action"], "責任者へ報告");
    assert_eq!(y["timeline"][0]["by"], "山田 太郎、佐藤 花子");
    assert!(y["predates_policy"].is_mapping());
    let y = yaml(&recs[2].1);
    assert_eq!(
        y["detected_at"], "2024-11-05T08:40:00+09:00",
        "typed 2024/11/5 8:40"
    );
    assert_eq!(y["impact"]["personal_data"], true, "○");
    assert_eq!(
        y["actions"],
        serde_yaml::Value::Sequence(vec![]),
        "no action in the row"
    );
    assert!(
        y.get("predates_policy")
            .is_none_or(serde_yaml::Value::is_null),
        "after policy_since"
    );
    let y = yaml(&recs[3].1);
    assert_eq!(y["detected_at"], "2025-04-01T09:30:00+09:00", "R7.4.1 9:30");
    assert_eq!(y["actions"][0]["due"], "2026-12-25", "R8.12.25");
    // Written in the shape `new` writes: modeline, comments, every field.
    assert!(
        r2019.starts_with("# yaml-language-server: $schema=../../.ismsbook/incident.schema.json\n")
    );
    assert!(r2019.contains("インシデント台帳 の 5 行目から作成"));
    assert!(r2019.contains("\n# 件名［必須］\ntitle: 共用PCのモニターにパスワードの付箋\n"));
    // And the whole content checks without an error. `predates_policy`
    // is read by check once the audit-truth change lands; until then it is
    // an unknown key (W104), a warning.
    let report = f.check();
    let errors: Vec<&Diag> = report
        .diags
        .iter()
        .filter(|d| d.severity == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn shift_jis_csv_gives_the_same_records_as_the_workbook() {
    let from_xlsx = Fixture::example();
    let run = import(
        &from_xlsx,
        &fixture("jp-register.xlsx"),
        &example_mapping("jp-register.yaml"),
        &[],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let from_csv = Fixture::example();
    let run = import(
        &from_csv,
        &fixture("jp-register-sjis.csv"),
        &example_mapping("jp-register-csv.yaml"),
        &[],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    // The same records but for the comment naming the file and row.
    let strip = |recs: Vec<(String, String)>| -> Vec<(String, String)> {
        recs.into_iter()
            .map(|(r, t)| (r, t.lines().skip(2).collect::<Vec<_>>().join("\n")))
            .collect()
    };
    let a = strip(records(&from_xlsx, "OLD-"));
    let b = strip(records(&from_csv, "OLD-"));
    assert_eq!(a.len(), 4);
    assert_eq!(a, b);
}

#[test]
fn ods_and_xls_files_read_like_a_workbook() {
    let f = Fixture::example();
    let map = f.workdir().join("ods.yaml");
    std::fs::write(&map, "id: { column: No., pattern_unused: x }\n").unwrap();
    // A mapping mistake first: E131 at its line, nothing written.
    let run = import(&f, &fixture("jp-register.ods"), &map, &["--format", "json"]);
    assert_eq!(run.status, 1);
    assert!(run.stdout.contains("\"E131\""), "{}", run.stdout);
    std::fs::write(
        &map,
        "id: { pattern: \"ODS-{year}-{seq:2}\" }\nfields:\n  title: 件名\n  level: { column: 重要度, map: { 軽微: 0, レベル0: 0 } }\n  category: { column: 分類, map: { 紛失: loss_theft, 誤送信: misdelivery } }\n  detected_at: 発見\n  reporter: 報告者\n  status: { column: 状況, map: { 対応中: open } }\n  summary: 概要\n",
    )
    .unwrap();
    let run = import(&f, &fixture("jp-register.ods"), &map, &[]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let recs = records(&f, "ODS-");
    assert_eq!(recs.len(), 2);
    let y = yaml(&recs[0].1);
    assert_eq!(y["detected_at"], "2025-06-02", "an ODS date cell");
    let y = yaml(&recs[1].1);
    assert_eq!(y["detected_at"], "2025-06-03T10:15:00+09:00");
    // The old binary format (.xls, written by xlwt), with the same mapping
    // but a prefix of its own: pattern ids start again at 1 in every file.
    let text = std::fs::read_to_string(&map)
        .unwrap()
        .replace("ODS-", "XLS-");
    std::fs::write(&map, text).unwrap();
    let run = import(&f, &fixture("jp-register.xls"), &map, &[]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let recs = records(&f, "XLS-");
    assert_eq!(recs.len(), 1);
    let y = yaml(&recs[0].1);
    assert_eq!(y["title"], "FAXの誤送信");
    assert_eq!(
        y["detected_at"], "2025-07-01T13:20:00+09:00",
        "an xls date cell"
    );
}

#[test]
fn importing_the_same_file_twice_refuses_the_second_time_and_dry_run_writes_nothing() {
    let f = Fixture::example();
    let (file, map) = (
        fixture("jp-register.xlsx"),
        example_mapping("jp-register.yaml"),
    );
    let before = read_tree(&f.root());
    let dry = import(&f, &file, &map, &["--dry-run"]);
    assert_eq!(dry.status, 0, "{}", dry.stderr);
    assert_eq!(read_tree(&f.root()), before, "--dry-run wrote something");
    assert_eq!(dry.stdout.lines().count(), 4, "{}", dry.stdout);
    assert!(dry
        .stdout
        .contains("content/incidents/2019/OLD-2019-001.yaml"));
    let first = import(&f, &file, &map, &[]);
    assert_eq!(first.status, 0, "{}", first.stderr);
    let after_first = read_tree(&f.root());
    let second = import(&f, &file, &map, &["--format", "json"]);
    assert_eq!(second.status, 1);
    assert_eq!(read_tree(&f.root()), after_first, "the second import wrote");
    let json: serde_json::Value = serde_json::from_str(&second.stdout).unwrap();
    let diags = json["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 4);
    assert!(diags.iter().all(|d| d["code"] == "E135"));
    assert_eq!(diags[0]["cell"], "インシデント台帳!A5");
    // The github format names the cell too.
    let gh = import(&f, &file, &map, &["--format", "github"]);
    assert!(
        gh.stdout.contains("::error file=")
            && gh
                .stdout
                .contains("line=5,col=1,title=E135::インシデント台帳!A5: record `OLD-2019-001`"),
        "{}",
        gh.stdout
    );
}

#[test]
fn hostile_cells_are_data() {
    let f = Fixture::example();
    let run = import(&f, &fixture("hostile.xlsx"), &fixture("hostile.yaml"), &[]);
    let recs = records(&f, "H-");
    assert_eq!(recs.len(), 4, "{}", run.stderr);
    let field = |i: usize, k: &str| yaml(&recs[i].1)[k].clone();
    assert_eq!(field(0, "title"), "key: value # not a comment");
    assert_eq!(field(0, "reporter"), "- list item");
    assert_eq!(
        field(0, "summary"),
        "&anchor *alias !!python/object:os.system"
    );
    assert_eq!(field(1, "title"), "<script>alert(1)</script>");
    assert_eq!(field(1, "reporter"), "{a: 1}");
    // Formulas: the value saved with them, never the formula.
    assert_eq!(field(2, "title"), "リンクの件名");
    assert_eq!(field(2, "level"), 0);
    assert_eq!(field(2, "summary"), "=cmd|' /C calc'!A0");
    assert_eq!(field(2, "reporter"), "'quoted");
    assert_eq!(field(3, "title"), "yes");
    assert_eq!(field(3, "reporter"), "null");
    assert_eq!(field(3, "summary"), "@SUM(A1)");
    // A `javascript:` link in a summary is written as text and refused by
    // the check that follows the import, as in a hand-written record.
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[E109]"), "{}", run.stderr);
    assert!(run.stderr.contains("H-002.yaml"), "{}", run.stderr);
}
