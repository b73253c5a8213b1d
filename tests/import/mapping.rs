//! The register round trip, the mapping schema, defaults and date formats, the
//! reader's language, report days, dry runs.

use super::*;

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
        f.build_site(
            out.to_str().unwrap(),
            TODAY,
            &["--audience", "auditor", "--quiet"],
        )
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
