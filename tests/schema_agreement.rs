//! The published JSON Schema (`ismsbook schema`) against `check`, with two
//! independent validators: Python's `jsonschema` (format checking on) and
//! ajv in strict mode with ajv-formats (`tests/schema/ajv-validate.cjs`).
//! The schema must compile in ajv's strict mode, and on the example records
//! and every schema-level case below both validators must agree with
//! `check`: a record `check` refuses for its shape (missing, blank or
//! mistyped fields, values out of their set, impossible dates) is refused
//! by both, and the example's records pass all three.
//!
//! The validators are skipped, with a message, only when they are not
//! installed (`scripts/test.sh` installs both).

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const OPEN: &str = "incidents/2026/INC-2026-007.yaml";

/// Codes about the shape of one record: what a JSON Schema can express
/// (E203 for references to the policy's ids, which the schema enumerates).
/// E108 for a negative count, which the schema states as `minimum: 0`.
const SHAPE: &[&str] = &["E101", "E102", "E103", "E105", "E108", "E116", "E203"];

/// Per-file verdicts (true = valid) as JSON lines `{"file", "ok"}`.
const PY_VALIDATOR: &str = r#"
import json, re, sys
try:
    import jsonschema, yaml
except ImportError as e:
    sys.exit(3)

class Loader(yaml.SafeLoader):
    pass

# YAML 1.2 core schema, as editors read it: dates stay text.
Loader.yaml_implicit_resolvers = {}
def resolver(tag, regexp, first):
    Loader.add_implicit_resolver(tag, re.compile(regexp, re.X), list(first))
resolver("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
resolver("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789")
resolver("tag:yaml.org,2002:float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789.")
resolver("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])

schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as f:
        doc = yaml.load(f, Loader=Loader)
    errors = [f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(doc)]
    print(json.dumps({"file": path, "ok": not errors, "errors": errors}))
"#;

/// Run a validator; `None` when it is not installed (exit 3).
fn verdicts(mut cmd: Command, what: &str) -> Option<BTreeMap<String, (bool, String)>> {
    let out = cmd.output().ok()?;
    match out.status.code() {
        Some(0) => {}
        Some(3) => {
            eprintln!("SKIPPED: {what} is not installed (scripts/test.sh installs it)");
            return None;
        }
        _ => panic!(
            "{what} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                (
                    v["file"].as_str().unwrap().to_string(),
                    (v["ok"].as_bool().unwrap(), v["errors"].to_string()),
                )
            })
            .collect(),
    )
}

/// The cases: a record id suffix, what is changed, and whether `check` and
/// the schema should refuse it.
fn cases(base: &str) -> Vec<(&'static str, String)> {
    let title = base
        .lines()
        .find(|l| l.starts_with("title: "))
        .unwrap_or_default()
        .to_string();
    let summary_start = base.find("summary: |").unwrap_or(0);
    let summary_end = base.find("affected_systems:").unwrap_or(0);
    let with_summary = |s: &str| format!("{}{s}{}", &base[..summary_start], &base[summary_end..]);
    vec![
        ("valid", base.to_string()),
        ("empty-title", base.replacen(&title, "title: \"\"", 1)),
        (
            "blank-reporter",
            base.replacen("reporter: 小林 彩", "reporter: \"   \"", 1),
        ),
        ("blank-summary", with_summary("summary: \"\"\n")),
        (
            "blank-action",
            base.replacen(
                "    action: JPCERT/CC からの連絡メールを確認",
                "    action: \"\"",
                1,
            ),
        ),
        ("no-title", base.replacen(&format!("{title}\n"), "", 1)),
        (
            "month-13",
            base.replacen(
                "detected_at: 2026-10-05T14:00:00+09:00",
                "detected_at: 2026-13-45T14:00:00+09:00",
                1,
            ),
        ),
        (
            "hour-25",
            base.replacen(
                "detected_at: 2026-10-05T14:00:00+09:00",
                "detected_at: 2026-10-05T25:00:00+09:00",
                1,
            ),
        ),
        (
            "february-30",
            base.replacen("    due: 2026-10-30", "    due: 2026-02-30", 1),
        ),
        ("level-9", base.replacen("level: 1\n", "level: 9\n", 1)),
        (
            "level-text",
            base.replacen("level: 1\n", "level: high\n", 1),
        ),
        (
            "status-typo",
            base.replacen("status: open\n", "status: opne\n", 1),
        ),
        (
            "reporter-list",
            base.replacen("reporter: 小林 彩", "reporter: [a, b]", 1),
        ),
        (
            "negative-count",
            base.replacen("impact:\n", "impact:\n  records_affected: -3\n", 1),
        ),
    ]
}

#[test]
fn schema_compiles_in_ajv_strict_mode_and_agrees_with_check() {
    let f = Fixture::example();
    let base = f.read(OPEN);
    let mut files: Vec<(String, bool)> = Vec::new();
    for (i, (name, text)) in cases(&base).into_iter().enumerate() {
        assert!(
            name == "valid" || text != base,
            "case {name} changed nothing"
        );
        let id = format!("INC-2026-9{i:02}");
        let rel = format!("incidents/2026/{id}.yaml");
        f.write(
            &rel,
            text.replacen("id: INC-2026-007", &format!("id: {id}"), 1),
        );
        files.push((rel, name != "valid"));
    }
    // Every example record as well: all valid.
    for e in std::fs::read_dir(f.path("incidents/2026")).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with("INC-2026-0") && name.ends_with(".yaml") {
            files.push((format!("incidents/2026/{name}"), false));
        }
    }

    // check: which files have a shape error.
    let report = f.check();
    let refused_by_check = |rel: &str| {
        report
            .diags
            .iter()
            .any(|d| d.file == rel && SHAPE.contains(&d.code.as_str()))
    };
    for (rel, bad) in &files {
        assert_eq!(
            refused_by_check(rel),
            *bad,
            "check on {rel}:\n{}",
            list(&report.diags)
        );
    }

    let schema = f.workdir().join("incident.schema.json");
    let out = f.run(&[
        "schema",
        "--content",
        "content",
        "--out",
        schema.to_str().unwrap(),
    ]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let paths: Vec<PathBuf> = files.iter().map(|(rel, _)| f.path(rel)).collect();

    let mut py = Command::new("python3");
    py.arg("-c").arg(PY_VALIDATOR).arg(&schema).args(&paths);
    let mut ajv = Command::new("node");
    ajv.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schema/ajv-validate.cjs"))
        .arg(&schema)
        .args(&paths);
    let mut ran = 0;
    for (what, cmd) in [("Python jsonschema", py), ("ajv (npm ci)", ajv)] {
        let Some(v) = verdicts(cmd, what) else {
            continue;
        };
        ran += 1;
        for ((rel, bad), path) in files.iter().zip(&paths) {
            let (ok, errors) = v
                .get(path.to_str().unwrap())
                .unwrap_or_else(|| panic!("{what} said nothing about {rel}"));
            assert_eq!(!ok, *bad, "{what} on {rel} disagrees with check: {errors}");
        }
    }
    eprintln!(
        "{ran} of 2 validators agreed with check on {} files",
        files.len()
    );
}

/// The one documented difference: JSON Schema counts `1.0` as an integer
/// (and JavaScript cannot tell it from `1`), while `check` wants digits.
#[test]
fn level_written_as_a_fraction_is_refused_by_check() {
    let f = Fixture::example();
    f.replace(OPEN, "level: 1\n", "level: 1.0\n");
    let p = f.problems();
    assert!(
        p.iter().any(|d| d.code == "E102" && d.file == OPEN),
        "{}",
        list(&p)
    );
}
