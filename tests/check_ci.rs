//! `ismsbook check` as CI systems read it: SARIF 2.1.0 for code scanning
//! (validated against the official schema with Python's `jsonschema`, and
//! by a second consumer, the SARIF SDK's multitool from npm), the GitLab
//! Code Quality report (against a committed copy of its field list),
//! fingerprints, `--output`, `--only`, `--path-base`, spans and the
//! documents printed when the check cannot run.
//!
//! The external validators are skipped, with a message, only when they are
//! not installed (`scripts/test.sh` installs both).

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const OPEN: &str = "incidents/2026/INC-2026-007.yaml";

/// The example with one error (a misspelt status) beside its intended warning.
fn broken() -> Fixture {
    let f = Fixture::example_one_warning();
    f.replace(OPEN, "status: open\n", "status: opne\n");
    f
}

fn check(f: &Fixture, format: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "check",
        "--content",
        "content",
        "--today",
        TODAY,
        "--format",
        format,
    ];
    args.extend_from_slice(extra);
    f.run(&args)
}

fn json_of(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}); exit {}\nstdout:\n{}\nstderr:\n{}",
            run.status, run.stdout, run.stderr
        )
    })
}

fn fixture_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Every string in `v` (keys too) is non-empty.
fn assert_no_empty_strings(v: &Value, at: &str) {
    match v {
        Value::String(s) => assert!(!s.is_empty(), "empty string at {at}"),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| assert_no_empty_strings(x, &format!("{at}[{i}]"))),
        Value::Object(o) => o.iter().for_each(|(k, x)| {
            assert!(!k.is_empty(), "empty key at {at}");
            assert_no_empty_strings(x, &format!("{at}.{k}"));
        }),
        _ => {}
    }
}

const PY_VALIDATE: &str = r#"
import json, sys
try:
    import jsonschema
except ImportError:
    sys.exit(3)
schema = json.load(open(sys.argv[1], encoding="utf-8"))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
v = cls(schema, format_checker=cls.FORMAT_CHECKER)
bad = 0
for path in sys.argv[2:]:
    doc = json.load(open(path, encoding="utf-8"))
    for e in v.iter_errors(doc):
        bad += 1
        print(f"{path}: /{'/'.join(map(str, e.absolute_path))}: {e.message}")
sys.exit(1 if bad else 0)
"#;

/// Validate JSON `docs` against `schema` with Python's jsonschema. `None`
/// when Python or jsonschema is missing (the caller skips).
fn python_validate(schema: &Path, docs: &[PathBuf]) -> Option<Result<(), String>> {
    let out = Command::new("python3")
        .arg("-c")
        .arg(PY_VALIDATE)
        .arg(schema)
        .args(docs)
        .output()
        .ok()?;
    match out.status.code() {
        Some(0) => Some(Ok(())),
        Some(3) => None,
        _ => Some(Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))),
    }
}

fn skip(why: &str) {
    eprintln!("SKIPPED: {why} (scripts/test.sh installs it)");
}

/// A broken run, a clean run and a failed run (exit 2), as SARIF files.
fn sarif_samples(dir: &Path) -> Vec<PathBuf> {
    let f = broken();
    let bad = check(&f, "sarif", &[]);
    assert_eq!(bad.status, 1, "{}", bad.stderr);
    let f2 = Fixture::example_one_warning();
    let ok = check(&f2, "sarif", &[]);
    assert_eq!(ok.status, 0, "{}", ok.stderr);
    let failed = f2.run(&["check", "--content", "nowhere", "--format", "sarif"]);
    assert_eq!(failed.status, 2, "{}", failed.stderr);
    ["broken", "clean", "failed"]
        .iter()
        .zip([bad, ok, failed])
        .map(|(name, run)| {
            let p = dir.join(format!("{name}.sarif"));
            std::fs::write(&p, &run.stdout).unwrap();
            p
        })
        .collect()
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = sarif_samples(tmp.path());
    match python_validate(&fixture_file("sarif-schema-2.1.0.json"), &docs) {
        None => skip("python3 with jsonschema is not installed"),
        Some(Ok(())) => {}
        Some(Err(e)) => panic!("SARIF does not validate against the 2.1.0 schema:\n{e}"),
    }
    // The validator is not vacuous: a result without a message fails.
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&docs[0]).unwrap()).unwrap();
    if let Some(r) = doc["runs"][0]["results"][0].as_object_mut() {
        r.remove("message");
    }
    let bad = tmp.path().join("bad.sarif");
    std::fs::write(&bad, doc.to_string()).unwrap();
    if let Some(r) = python_validate(&fixture_file("sarif-schema-2.1.0.json"), &[bad]) {
        assert!(r.is_err(), "a result without a message passed the schema");
    }
}

/// The SARIF SDK's multitool (`@microsoft/sarif-multitool` from npm, in
/// package.json's devDependencies): its `validate` runs the schema and the
/// SDK's own rules plus GitHub's ingestion rules (`--rule-kind Sarif;Gh`).
#[test]
fn sarif_passes_the_sarif_multitool_with_the_github_rules() {
    let tool = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
    if !tool.is_file() || !cfg!(target_os = "linux") {
        return skip("node_modules/@microsoft/sarif-multitool-linux (npm ci)");
    }
    #[cfg(unix)]
    {
        // `npm ci --ignore-scripts` skips the package's own `chmod u+x`.
        use std::os::unix::fs::PermissionsExt;
        let mut perm = std::fs::metadata(&tool).unwrap().permissions();
        if perm.mode() & 0o100 == 0 {
            perm.set_mode(perm.mode() | 0o100);
            std::fs::set_permissions(&tool, perm).unwrap();
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    for doc in sarif_samples(tmp.path()) {
        let log = tmp.path().join("validation.sarif");
        let out = Command::new(&tool)
            .arg("validate")
            .arg(&doc)
            .args(["--rule-kind", "Sarif;Gh", "--level", "Error;Warning;Note"])
            .arg("--output")
            .arg(&log)
            .args(["--log", "ForceOverwrite"])
            .env("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "{}: {text}", doc.display());
        let report: Value = serde_json::from_str(&std::fs::read_to_string(&log).unwrap()).unwrap();
        let complaints: Vec<String> = report["runs"][0]["results"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|r| r["level"] == "error" || r["level"] == "warning")
            // informationUri comes from Cargo.toml's `repository`, unset
            // until the project publishes where it lives.
            .filter(|r| r["ruleId"] != "SARIF2005" || !env!("CARGO_PKG_REPOSITORY").is_empty())
            .map(|r| r.to_string())
            .collect();
        assert!(
            complaints.is_empty(),
            "{}:\n{}\n{text}",
            doc.display(),
            complaints.join("\n")
        );
    }
}

#[test]
fn sarif_has_what_github_code_scanning_requires() {
    let f = broken();
    let run = check(&f, "sarif", &[]);
    let v = json_of(&run);
    assert_no_empty_strings(&v, "$");
    assert!(v["$schema"]
        .as_str()
        .unwrap()
        .ends_with("sarif-schema-2.1.0.json"));
    assert_eq!(v["version"], "2.1.0");
    let run0 = &v["runs"][0];
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "ismsbook");
    let rules = driver["rules"].as_array().unwrap();
    for r in rules {
        for k in ["shortDescription", "fullDescription", "help"] {
            assert!(r[k]["text"].is_string(), "{k} in {r}");
        }
        assert!(r["defaultConfiguration"]["level"].is_string(), "{r}");
    }
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    assert!(ids.contains(&"E101") && ids.contains(&"W605"), "{ids:?}");
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "{results:?}");
    let e = results.iter().find(|r| r["ruleId"] == "E103").unwrap();
    assert_eq!(e["level"], "error");
    assert!(e["message"]["text"]
        .as_str()
        .unwrap()
        .contains("hint: did you mean `open`?"));
    let loc = &e["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], format!("content/{OPEN}"));
    assert_eq!(loc["artifactLocation"]["uriBaseId"], "SRCROOT");
    let region = &loc["region"];
    // `status: opne`: the value starts at column 9; the span ends after `opne`.
    assert_eq!(
        (
            &region["startLine"],
            &region["startColumn"],
            &region["endLine"],
            &region["endColumn"]
        ),
        (
            &Value::from(5),
            &Value::from(9),
            &Value::from(5),
            &Value::from(13)
        )
    );
    let idx = e["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[idx]["id"], "E103");
    assert!(e["partialFingerprints"]["primaryLocationLineHash"].is_string());
}

fn line_hashes(run: &Run) -> Vec<(String, u64, String)> {
    json_of(run)["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap(),
                r["partialFingerprints"]["primaryLocationLineHash"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect()
}

fn gitlab_fingerprints(run: &Run) -> Vec<(String, u64, String)> {
    json_of(run)
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["check_name"].as_str().unwrap().to_string(),
                i["location"]["lines"]["begin"].as_u64().unwrap(),
                i["fingerprint"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn fingerprints_survive_a_blank_line_inserted_above_and_tell_findings_apart() {
    let f = broken();
    let sarif_before = line_hashes(&check(&f, "sarif", &[]));
    let gitlab_before = gitlab_fingerprints(&check(&f, "gitlab", &[]));
    f.replace(
        OPEN,
        "level: 1\n",
        "level: 1\n\n# a comment moves every line below\n",
    );
    let sarif_after = line_hashes(&check(&f, "sarif", &[]));
    let gitlab_after = gitlab_fingerprints(&check(&f, "gitlab", &[]));
    for (before, after) in [
        (&sarif_before, &sarif_after),
        (&gitlab_before, &gitlab_after),
    ] {
        assert_eq!(before.len(), after.len());
        for (b, a) in before.iter().zip(after.iter()) {
            assert_eq!(a.0, b.0);
            assert_eq!(a.1, b.1 + 2, "the finding moved down two lines");
            assert_eq!(a.2, b.2, "the fingerprint of {} changed", b.0);
        }
    }

    // Two findings of one code on one line: different fingerprints.
    let f = Fixture::example_one_warning();
    f.replace_lines(
        OPEN,
        "impact:",
        "assessment:",
        "impact: {personal_data: false, malicious: false, business: なし, zz_one: 1, zz_two: 2}\n",
    );
    let sarif = line_hashes(&check(&f, "sarif", &[]));
    let gitlab = gitlab_fingerprints(&check(&f, "gitlab", &[]));
    let on_one_line = sarif
        .iter()
        .filter(|(code, line, _)| code == "W104" && *line == 27);
    assert_eq!(on_one_line.count(), 2, "{sarif:?}");
    for all in [&sarif, &gitlab] {
        let mut prints: Vec<&String> = all.iter().map(|x| &x.2).collect();
        prints.sort();
        prints.dedup();
        assert_eq!(prints.len(), all.len(), "fingerprints repeat: {all:?}");
    }
}

#[test]
fn gitlab_report_matches_the_committed_field_list() {
    let tmp = tempfile::tempdir().unwrap();
    let f = broken();
    let run = check(&f, "gitlab", &[]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(!run.stdout.starts_with('\u{feff}'), "a byte-order mark");
    let v = json_of(&run);
    assert_no_empty_strings(&v, "$");
    let issues = v.as_array().unwrap();
    assert_eq!(issues.len(), 2);
    let e = issues.iter().find(|i| i["check_name"] == "E103").unwrap();
    assert_eq!(e["severity"], "major");
    assert_eq!(e["location"]["path"], format!("content/{OPEN}"));
    assert_eq!(e["location"]["lines"]["begin"], 5);
    let w = issues.iter().find(|i| i["check_name"] == "W605").unwrap();
    assert_eq!(w["severity"], "minor");

    let failed = f.run(&["check", "--content", "nowhere", "--format", "gitlab"]);
    assert_eq!(failed.status, 2);
    let fv = json_of(&failed);
    assert_eq!(fv[0]["severity"], "blocker", "{fv}");

    let docs: Vec<PathBuf> = [("broken", &run), ("failed", &failed)]
        .iter()
        .map(|(n, r)| {
            let p = tmp.path().join(format!("{n}.json"));
            std::fs::write(&p, &r.stdout).unwrap();
            p
        })
        .collect();
    match python_validate(&fixture_file("gitlab-codequality.schema.json"), &docs) {
        None => skip("python3 with jsonschema is not installed"),
        Some(Ok(())) => {}
        Some(Err(e)) => panic!("the GitLab report does not match its field list:\n{e}"),
    }
}

#[test]
fn output_writes_the_report_to_a_file_and_people_still_read_stderr() {
    let f = broken();
    let run = check(&f, "sarif", &["--output", "report.sarif"]);
    assert_eq!(run.status, 1);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("E103"), "{}", run.stderr);
    assert!(run.stderr.contains("failed: 1 error"), "{}", run.stderr);
    let written = std::fs::read_to_string(f.workdir().join("report.sarif")).unwrap();
    let v: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(v["runs"][0]["results"].as_array().unwrap().len(), 2);

    // Exit 2 writes an error document, never an empty file.
    let run = f.run(&[
        "check",
        "--content",
        "nowhere",
        "--format",
        "json",
        "--output",
        "r.json",
    ]);
    assert_eq!(run.status, 2);
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(f.workdir().join("r.json")).unwrap())
            .unwrap();
    assert!(v["error"].as_str().unwrap().contains("nowhere"), "{v}");

    // A report that cannot be written is exit 2.
    let run = check(&f, "json", &["--output", "no/such/dir/r.json"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot write the report"),
        "{}",
        run.stderr
    );
}

#[test]
fn only_reports_the_named_files_and_still_checks_across_files() {
    let f = broken();
    // A second, clean-but-changed record: --only names just that one.
    let other = "incidents/2026/INC-2026-001.yaml";
    assert!(f.path(other).is_file());
    let run = check(&f, "json", &["--only", &format!("content/{other}")]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert_eq!(json_of(&run)["diagnostics"].as_array().unwrap().len(), 0);
    let run = check(
        &f,
        "json",
        &["--only", &format!("content/{OPEN}"), "README.md"],
    );
    assert_eq!(run.status, 1);
    assert_eq!(json_of(&run)["diagnostics"].as_array().unwrap().len(), 2);
    // Cross-file rules still see every record: a duplicate id of a record
    // outside --only is reported in the file that is named.
    let f = Fixture::example_one_warning();
    let copy = "incidents/2026/INC-2026-999.yaml";
    f.write(copy, f.read(OPEN));
    let run = check(&f, "json", &["--only", &format!("content/{copy}")]);
    let v = json_of(&run);
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"E201") || codes.contains(&"E202"), "{v}");
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["file"] == copy),
        "{v}"
    );
}

#[test]
fn paths_are_relative_to_the_repository_root_or_path_base() {
    let f = broken();
    std::fs::create_dir(f.workdir().join(".git")).unwrap();
    // Run from inside the content directory: paths still start at the root.
    let run = run_bin(
        &f.root(),
        &[
            "check",
            "--content",
            ".",
            "--today",
            TODAY,
            "--format",
            "gitlab",
        ],
    );
    let v = json_of(&run);
    assert_eq!(v[0]["location"]["path"], format!("content/{OPEN}"), "{v}");
    let run = run_bin(
        &f.root(),
        &[
            "check",
            "--content",
            ".",
            "--today",
            TODAY,
            "--format",
            "json",
            "--path-base",
            ".",
        ],
    );
    let v = json_of(&run);
    assert_eq!(v["diagnostics"][0]["path"], OPEN, "{v}");
    // json carries the span's end where it is known.
    assert_eq!(v["diagnostics"][0]["end_line"], 5, "{v}");
    assert_eq!(v["diagnostics"][0]["end_column"], 13, "{v}");
}

#[test]
fn the_summary_says_failed_whenever_the_exit_code_is_1() {
    let f = Fixture::example_one_warning();
    let run = check(&f, "human", &["--deny-warnings"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stderr.contains("failed: 0 errors, 1 warning"),
        "{}",
        run.stderr
    );
    let run = check(&f, "github", &["--deny-warnings"]);
    assert_eq!(run.status, 1);
    assert!(
        run.stdout.contains("failed: 0 errors, 1 warning"),
        "{}",
        run.stdout
    );
    let run = check(&f, "human", &[]);
    assert_eq!(run.status, 0);
    assert!(
        run.stderr.contains("ok: 0 errors, 1 warning"),
        "{}",
        run.stderr
    );
}
