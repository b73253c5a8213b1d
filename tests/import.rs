//! `ismsbook import`: the registers of tests/fixtures/import (made by
//! openpyxl and odfpy, see make.py there) and ismsbook's own register.csv,
//! imported with the real binary into copies of the example content. The
//! error classes, each at its cell, are in tests/check_rules.rs (E13x).

mod common;

use common::*;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn example_mapping(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/import")
        .join(name)
}

fn import(f: &Fixture, file: &Path, map: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "import",
        file.to_str().unwrap(),
        "--map",
        map.to_str().unwrap(),
        "--content",
        "content",
        "--today",
        TODAY,
    ];
    args.extend_from_slice(extra);
    f.run(&args)
}

/// The record files under content/incidents whose name starts with `prefix`.
fn records(f: &Fixture, prefix: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = read_tree(&f.root().join("incidents"))
        .into_iter()
        .filter(|(rel, _)| {
            Path::new(rel)
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .map(|(rel, bytes)| (rel, String::from_utf8(bytes).unwrap()))
        .collect();
    out.sort();
    out
}

/// The mapping of date-only.csv without its `date_only: true`, written
/// into the fixture's work directory.
fn without_date_only(f: &Fixture) -> PathBuf {
    let map = f.workdir().join("no-date-only.yaml");
    std::fs::write(
        &map,
        std::fs::read_to_string(fixture("date-only.yaml"))
            .unwrap()
            .replace(", date_only: true", ""),
    )
    .unwrap();
    map
}

fn yaml(text: &str) -> serde_yaml::Value {
    serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

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

/// Columns of register.csv that the import does not read back: counts and
/// labels derived from other data, and the record's address.
const DERIVED: &[&str] = &[
    "notifications_required",
    "notifications_made_on_time",
    "notifications_late",
    "notifications_missing",
    "notifications_not_yet_due",
    "actions",
    "actions_open",
    "actions_overdue",
    "evidence_files",
];

fn csv_rows(path: &Path) -> Vec<Vec<(String, String)>> {
    let bytes = std::fs::read(path).unwrap();
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(|v| v.trim_end().to_string()))
                .filter(|(h, _)| !DERIVED.contains(&h.as_str()))
                .collect()
        })
        .collect()
}

#[test]
fn the_example_register_round_trips_through_register_csv() {
    round_trip("register.csv", "register-csv.yaml");
}

/// The officer's workbook, headed in Japanese, read back by its headers.
#[test]
fn the_example_register_round_trips_through_register_xlsx() {
    round_trip("register.xlsx", "register-xlsx.yaml");
}

/// Import the example's auditor `export` with the example mapping
/// `mapping` into the example without its records: every column
/// register.csv carries comes out the same once the records get back what
/// the export does not hold.
fn round_trip(export: &str, mapping: &str) {
    let f = Fixture::example();
    let site = f.workdir().join("site");
    let build = |out: &Path| {
        f.run(&[
            "build",
            "--content",
            "content",
            "--out",
            out.to_str().unwrap(),
            "--today",
            TODAY,
            "--audience",
            "auditor",
            "--quiet",
        ])
    };
    let first = build(&site);
    assert_eq!(first.status, 0, "{}", first.stderr);
    let file = f.workdir().join(export);
    std::fs::copy(site.join(export), &file).unwrap();
    std::fs::remove_dir_all(f.root().join("incidents")).unwrap();
    let run = import(&f, &file, &example_mapping(mapping), &["--lang", "ja"]);
    assert!(
        run.stderr.contains("17 件の記録を書き込みました"),
        "{}",
        run.stderr
    );
    // register.csv does not carry notifications made, actions or the
    // recorded deviations: the check says they are missing (E502, E603) or
    // that a late report is not explained (E501, E401), and nothing else.
    let report = f.check();
    for d in report.diags.iter().filter(|d| d.severity == "error") {
        assert!(
            ["E502", "E603", "E501", "E401"].contains(&d.code.as_str()),
            "{d}"
        );
    }
    // Give the records back what the CSV does not carry (notifications
    // made, actions, timeline, evidence), from the original files, and build
    // again: every column the CSV carries must come out the same.
    let original = Fixture::example();
    for (rel, text) in read_tree(&original.root().join("incidents")) {
        let ours = f.root().join("incidents").join(&rel);
        let mut mine = std::fs::read_to_string(&ours).unwrap();
        let orig = String::from_utf8(text).unwrap();
        for key in [
            "notifications",
            "actions",
            "timeline",
            "evidence",
            "deviations",
            "not_applicable",
        ] {
            mine = replace_block(&mine, &orig, key);
        }
        std::fs::write(&ours, mine).unwrap();
    }
    let again = f.workdir().join("site2");
    let run = build(&again);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let before = csv_rows(&site.join("register.csv"));
    let after = csv_rows(&again.join("register.csv"));
    assert_eq!(before.len(), 17);
    assert_eq!(before, after);
}

/// `key:` and its indented lines in `mine`, replaced by those of `orig`.
fn replace_block(mine: &str, orig: &str, key: &str) -> String {
    let block = |text: &str| -> Option<(usize, usize)> {
        let start = text.find(&format!("\n{key}:")).map(|i| i + 1)?;
        let rest = &text[start..];
        let mut end = start + rest.find('\n').map_or(rest.len(), |i| i + 1);
        for line in text[end..].split_inclusive('\n') {
            if line.starts_with(' ') || line.starts_with('-') {
                end += line.len();
            } else {
                break;
            }
        }
        Some((start, end))
    };
    let (Some((a, b)), Some((c, d))) = (block(mine), block(orig)) else {
        return mine.to_string();
    };
    format!("{}{}{}", &mine[..a], &orig[c..d], &mine[b..])
}

/// `schema --mapping` checked by Python's jsonschema: a valid draft 2020-12
/// schema that accepts the example mappings and refuses a misspelt field.
#[test]
fn the_mapping_schema_accepts_the_examples() {
    let f = Fixture::empty();
    let run = f.run(&["schema", "--mapping"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let schema = f.workdir().join("mapping.schema.json");
    std::fs::write(&schema, &run.stdout).unwrap();
    let script = r#"
import json, sys, yaml, jsonschema
class Loader(yaml.SafeLoader):
    pass
# Dates stay text, as the YAML language server reads them.
Loader.yaml_implicit_resolvers = {k: [r for r in v if r[0] != 'tag:yaml.org,2002:timestamp']
                                  for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
s = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(s)
v = jsonschema.Draft202012Validator(s)
for path in sys.argv[2:]:
    errors = [e.message for e in v.iter_errors(yaml.load(open(path), Loader=Loader))]
    assert not errors, (path, errors)
bad = {"id": {"column": "No"}, "fields": {"titel": "件名"}}
assert list(v.iter_errors(bad)), "a misspelt field passed"
# A `when` rule takes a value or a source (`then`), not both, and a test
# of a cell.
for rule in ({"column": "A", "equals": ["x"], "value": 3, "then": "B"},
             {"column": "A", "equals": ["x"]},
             {"column": "A", "value": 3},
             {"column": "A", "equals": ["x"], "value": 3, "colum": "B"}):
    bad = {"id": {"column": "No"}, "fields": {"level": {"column": "C", "when": [rule]}}}
    assert list(v.iter_errors(bad)), ("a bad rule passed", rule)
good = {"id": {"column": "No"}, "fields": {"level": {"when": [
    {"column": "A", "equals": ["x"], "then": {"column": "B", "map": {"y": 1}}},
    {"predates_policy": True, "value": 0}]}}}
assert not list(v.iter_errors(good)), list(v.iter_errors(good))
print("ok")
"#;
    let mut args: Vec<String> = vec!["-c".into(), script.into(), schema.to_string_lossy().into()];
    for m in [
        "register-csv.yaml",
        "jp-register.yaml",
        "jp-register-csv.yaml",
        "conditional.yaml",
    ] {
        args.push(example_mapping(m).to_string_lossy().into());
    }
    for m in [
        "errors.yaml",
        "hostile.yaml",
        "features.yaml",
        "own-flag.yaml",
    ] {
        args.push(fixture(m).to_string_lossy().into());
    }
    let out = std::process::Command::new("python3")
        .args(&args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_schema_the_records_point_at_is_written_with_them() {
    let f = Fixture::example();
    let schema = f.root().join(".ismsbook/incident.schema.json");
    assert!(!schema.exists(), "the example has no generated schema");
    let run = import(
        &f,
        &fixture("jp-register.xlsx"),
        &example_mapping("jp-register.yaml"),
        &[],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&schema).expect("the schema is written");
    assert!(text.contains("\"$schema\""));
}

#[test]
fn letters_first_row_defaults_lists_own_date_formats_and_skip_rules() {
    let f = Fixture::example();
    let run = import(&f, &fixture("features.csv"), &fixture("features.yaml"), &[]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    // Row 2 (notes) is above `first_row`; row 5 (Total) and row 6 (Void
    // filled) are skipped, and said so.
    assert!(
        run.stderr.contains("A = Total: 1, J = void: 1"),
        "{}",
        run.stderr
    );
    let recs = records(&f, "F-");
    assert_eq!(recs.len(), 2);
    let y = yaml(&recs[0].1);
    assert_eq!(
        y["detected_at"], "2025-04-01T09:30:00+09:00",
        "%d.%m.%Y %H:%M"
    );
    assert_eq!(y["reporter"], "unknown", "the default of an empty cell");
    assert_eq!(y["affected_systems"], yaml("[laptop, VPN]"));
    let y = yaml(&recs[1].1);
    assert_eq!(y["detected_at"], "2025-04-02");
    assert_eq!(y["summary"], "(not written in the register)");
    assert_eq!(y["category"], "misdelivery");
}

#[test]
fn import_findings_speak_the_readers_language() {
    let f = Fixture::example();
    let (file, map) = (
        fixture("jp-register.xlsx"),
        example_mapping("jp-register.yaml"),
    );
    assert_eq!(import(&f, &file, &map, &[]).status, 0);
    // The second import finds every record there: said in Japanese, at the
    // cell, with the English text kept for machines.
    let ja = import(&f, &file, &map, &["--lang", "ja"]);
    assert_eq!(ja.status, 1);
    assert!(
        ja.stderr
            .contains("記録 `OLD-2019-001` は既にあります: incidents/2019/OLD-2019-001.yaml")
            && ja.stderr.contains("場所: ")
            && ja.stderr.contains("インシデント台帳!A5")
            && ja
                .stderr
                .contains("取り込みを中止しました。何も書き込んでいません。"),
        "{}",
        ja.stderr
    );
    let en = import(&f, &file, &map, &[]);
    assert!(
        en.stderr.contains("record `OLD-2019-001` already exists")
            && en.stderr.contains("import refused: nothing was written."),
        "{}",
        en.stderr
    );
    let json = import(&f, &file, &map, &["--lang", "ja", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let message = json["diagnostics"][0]["message"].as_str().unwrap_or("");
    assert!(
        message.starts_with("record `OLD-2019-001` already exists"),
        "{message}"
    );
}

#[test]
fn a_report_day_without_its_time_imports_as_a_day_and_checks_clean() {
    let f = Fixture::example();
    let run = import(
        &f,
        &fixture("date-only.csv"),
        &fixture("date-only.yaml"),
        &[],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("E401"), "{}", run.stderr);
    let recs = records(&f, "D-");
    assert_eq!(recs.len(), 2);
    // The 0:00 the cell shows is not taken for a time: the day alone.
    let y = yaml(&recs[0].1);
    assert_eq!(y["reported_at"], "2025-04-01");
    assert_eq!(y["detected_at"], "2025-04-01T09:30:00+09:00");
    assert_eq!(y["contained_at"], "2025-04-01T10:15:00+09:00");
    assert_eq!(yaml(&recs[1].1)["reported_at"], "2025-04-02");
    // `check` finds no order problem in a day beside a time of that day.
    let p = f.problems();
    assert!(!p.iter().any(|d| d.code == "E401"), "{}", list(&p));

    // Without `date_only`, the 0:00 is written as a time, before the
    // detection at 9:30: the order error the option prevents.
    let g = Fixture::example();
    let map = without_date_only(&g);
    import(&g, &fixture("date-only.csv"), &map, &[]);
    let y = yaml(&records(&g, "D-")[0].1);
    assert_eq!(y["reported_at"], "2025-04-01T00:00:00+09:00");
    assert!(g.problems().iter().any(|d| d.code == "E401"));
}

#[test]
fn a_word_mapped_to_nothing_leaves_the_field_blank_and_csv_serials_are_dates() {
    let f = Fixture::example();
    let run = import(
        &f,
        &fixture("unknown-blank.csv"),
        &fixture("unknown-blank.yaml"),
        &[],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("E132"), "{}", run.stderr);
    let recs = records(&f, "U-");
    assert_eq!(recs.len(), 3);
    // 不明 became no value at all, not a date and not the text 不明.
    let y = yaml(&recs[0].1);
    assert!(y["contained_at"].is_null(), "{}", recs[0].1);
    let values = serde_yaml::to_string(&y).unwrap();
    assert!(!values.contains("不明"), "{values}");
    assert_eq!(
        yaml(&recs[1].1)["contained_at"],
        "2025-05-02T10:40:00+09:00"
    );
    // A workbook's date cell saved to CSV as its serial number is read as
    // the date it stands for, as in the workbook itself.
    assert_eq!(yaml(&recs[2].1)["detected_at"], "2025-05-02T10:30:00+09:00");
}

#[test]
fn a_dry_run_applies_the_policy_and_writes_nothing() {
    // Without `date_only`, the report's 0:00 falls before the detection:
    // the dry run must say so (E401, at the record's file) and fail, with
    // nothing written into the content directory.
    let f = Fixture::example();
    let map = without_date_only(&f);
    let before = records(&f, "").len();
    let run = import(&f, &fixture("date-only.csv"), &map, &["--dry-run"]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("E401"), "{}", run.stderr);
    assert!(run.stderr.contains("D-1.yaml"), "{}", run.stderr);
    assert_eq!(records(&f, "").len(), before, "a dry run wrote a record");
    // With `date_only` the same dry run is clean.
    let run = import(
        &f,
        &fixture("date-only.csv"),
        &fixture("date-only.yaml"),
        &["--dry-run"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("E401"), "{}", run.stderr);
    assert_eq!(records(&f, "").len(), before);
}

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
