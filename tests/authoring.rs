//! The authoring workflow, through the real binary: `new` writes records that
//! check clean at every level and never overwrites; `init` creates content that
//! checks clean and builds; `explain` covers every code; every example record
//! and every `new` output validates against the generated JSON Schema with an
//! independent validator (Python's `jsonschema`, the reference implementation
//! of JSON Schema, fed through PyYAML with YAML 1.2 rules).

use ismsbook::diagnostics::codes;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The check date the example content is written for.
const TODAY: &str = "2026-11-22";
/// A detection time on that day, with seconds (which `new` drops).
const NOW: &str = "2026-11-22T10:07:33+09:00";

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ismsbook"));
    c.env_remove("SOURCE_DATE_EPOCH").env("NO_COLOR", "1");
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run ismsbook")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A private copy of the example content.
fn example_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("content");
    copy_tree(&example_dir(), &dir);
    (tmp, dir)
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// `new incident` with extra arguments; returns the path it printed.
fn new_incident(dir: &Path, extra: &[&str]) -> PathBuf {
    let out = bin()
        .args(["new", "incident", "--content"])
        .arg(dir)
        .args(["--now", NOW])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "new failed: {}", text(&out.stderr));
    let printed = text(&out.stdout);
    let path = PathBuf::from(printed.trim());
    assert!(
        path.is_file(),
        "new printed `{printed}`, which is not a file"
    );
    path
}

/// `check --format json` on `dir`: (exit code, diagnostics).
fn check(dir: &Path, today: &str) -> (i32, Vec<Value>) {
    let out = bin()
        .args(["check", "--format", "json", "--today", today, "--content"])
        .arg(dir)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("check output is not JSON ({e}): {}", text(&out.stdout)));
    (
        out.status.code().unwrap_or(-1),
        report["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default(),
    )
}

fn rel(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

fn init(dir: &Path, lang: &str) {
    let out = bin()
        .arg("init")
        .arg(dir)
        .args(["--lang", lang, "--today", TODAY])
        .output()
        .unwrap();
    assert!(out.status.success(), "init failed: {}", text(&out.stderr));
}

#[test]
fn new_checks_clean_at_every_level() {
    let (_tmp, dir) = example_copy();
    let (_, before) = check(&dir, TODAY);
    for level in ["0", "1", "2", "3"] {
        let path = new_incident(&dir, &["--level", level]);
        let rel = rel(&dir, &path);
        let (code, diags) = check(&dir, TODAY);
        let mine: Vec<&Value> = diags.iter().filter(|d| d["file"] == rel.as_str()).collect();
        assert!(
            mine.is_empty(),
            "level {level}: {rel} does not check clean: {mine:#?}"
        );
        assert_eq!(code, 0, "level {level}: {diags:#?}");
        assert_eq!(
            diags.len(),
            before.len(),
            "level {level}: new diagnostics appeared: {diags:#?}"
        );
    }
    // Every category too, at the level that triggers most notification rules.
    let (_tmp2, dir2) = example_copy();
    for category in [
        "leak",
        "malware",
        "unauthorized_access",
        "loss_theft",
        "insider",
        "misdelivery",
    ] {
        new_incident(
            &dir2,
            &[
                "--level",
                "2",
                "--category",
                category,
                "--title",
                "件名: テスト # 1",
                "--reporter",
                "no",
            ],
        );
    }
    let (code, diags) = check(&dir2, TODAY);
    assert_eq!(code, 0, "{diags:#?}");
    assert_eq!(diags.len(), before.len(), "{diags:#?}");
}

#[test]
fn new_in_an_init_directory_checks_with_no_diagnostic_at_all() {
    let tmp = tempfile::tempdir().unwrap();
    for lang in ["ja", "en"] {
        let dir = tmp.path().join(lang);
        init(&dir, lang);
        for level in ["0", "1", "2", "3"] {
            new_incident(&dir, &["--level", level]);
        }
        let (code, diags) = check(&dir, TODAY);
        assert_eq!((code, diags.len()), (0, 0), "{lang}: {diags:#?}");
    }
}

#[test]
fn new_record_is_prefilled_from_the_policy() {
    let (_tmp, dir) = example_copy();
    let path = new_incident(&dir, &["--level", "3", "--title", "顧客名簿の誤送信"]);
    assert_eq!(rel(&dir, &path), "incidents/2026/INC-2026-009.yaml");
    let yaml = std::fs::read_to_string(&path).unwrap();
    let first = yaml.lines().next().unwrap();
    assert_eq!(
        first,
        "# yaml-language-server: $schema=../../.ismsbook/incident.schema.json"
    );
    assert!(
        path.parent()
            .unwrap()
            .join("../../.ismsbook/incident.schema.json")
            .is_file(),
        "the modeline points at a missing file"
    );
    for line in [
        "id: INC-2026-009",
        "title: 顧客名簿の誤送信",
        "level: 3",
        "responsible: ceo",
        "status: open",
        "detected_at: 2026-11-22T10:07:00+09:00",
        "reported_at: 2026-11-22T10:07:00+09:00",
        "  stage: incident",
        "timeline: []",
    ] {
        assert!(
            yaml.lines().any(|l| l == line),
            "missing `{line}` in:\n{yaml}"
        );
    }
    // A comment per field, in the site's language (the example is Japanese).
    assert!(yaml.contains("# 発見日時［必須］"), "{yaml}");
}

#[test]
fn new_twice_gives_two_ids_and_overwrites_nothing() {
    let (_tmp, dir) = example_copy();
    let before = snapshot(&dir);
    let a = new_incident(&dir, &["--level", "1"]);
    let b = new_incident(&dir, &["--level", "1"]);
    assert_ne!(a, b);
    assert_eq!(rel(&dir, &a), "incidents/2026/INC-2026-009.yaml");
    assert_eq!(rel(&dir, &b), "incidents/2026/INC-2026-010.yaml");
    let after = snapshot(&dir);
    for (path, bytes) in &before {
        assert_eq!(after.get(path), Some(bytes), "{} changed", path.display());
    }
    let added: Vec<String> = after
        .keys()
        .filter(|p| !before.contains_key(*p))
        .map(|p| rel(&dir, p))
        .collect();
    assert_eq!(
        added,
        vec![
            ".ismsbook/incident.schema.json",
            "incidents/2026/INC-2026-009.yaml",
            "incidents/2026/INC-2026-010.yaml"
        ]
    );
    // A file squatting on the next id is skipped, not replaced.
    std::fs::write(dir.join("incidents/2026/INC-2026-011.yml"), "keep me").unwrap();
    let c = new_incident(&dir, &["--level", "1"]);
    assert_eq!(rel(&dir, &c), "incidents/2026/INC-2026-012.yaml");
    assert_eq!(
        std::fs::read_to_string(dir.join("incidents/2026/INC-2026-011.yml")).unwrap(),
        "keep me"
    );
}

#[test]
fn new_refuses_unknown_levels_and_categories() {
    let (_tmp, dir) = example_copy();
    let before = snapshot(&dir);
    let out = bin()
        .args(["new", "incident", "--level", "7", "--content"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("0, 1, 2, 3"),
        "{}",
        text(&out.stderr)
    );
    let out = bin()
        .args(["new", "incident", "--category", "malwere", "--content"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("`malware`"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(snapshot(&dir), before, "a refused `new` wrote something");
}

#[test]
fn init_checks_clean_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    for lang in ["ja", "en"] {
        let dir = tmp.path().join(format!("content-{lang}"));
        init(&dir, lang);
        for f in [
            "site.yaml",
            "policy.yaml",
            "contacts.yaml",
            "handbook/first-response.md",
            "templates/first-report.md",
            "drills/2026/DRL-2026-01.yaml",
            "incidents/2026/INC-2026-001.yaml",
            ".ismsbook/incident.schema.json",
        ] {
            assert!(dir.join(f).is_file(), "{lang}: {f} missing");
        }
        let site = std::fs::read_to_string(dir.join("site.yaml")).unwrap();
        assert!(site.contains(&format!("language: {lang}")), "{site}");
        let (code, diags) = check(&dir, TODAY);
        assert_eq!((code, diags.len()), (0, 0), "{lang}: {diags:#?}");
        // Still clean half a year later, apart from the drill reminder.
        let (code, diags) = check(&dir, "2027-05-20");
        assert_eq!(code, 0, "{lang}: {diags:#?}");
        let out_dir = tmp.path().join(format!("public-{lang}"));
        let out = bin()
            .args(["build", "--today", TODAY, "--content"])
            .arg(&dir)
            .arg("--out")
            .arg(&out_dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{lang}: build failed: {}",
            text(&out.stderr)
        );
        assert!(
            out_dir.join("index.html").is_file(),
            "{lang}: no index.html"
        );
        // Staff on a phone type "なくした" / "lost", not the policy's
        // "紛失" / "loss": the starter's own synonyms make the search page
        // look for the site's word too (it found nothing before).
        let search = std::fs::read_to_string(out_dir.join("search.html")).unwrap();
        let (typed, word) = if lang == "ja" {
            ("\"なくした\":[", "紛失")
        } else {
            ("\"lost\":[", "loss")
        };
        let also = search.split(typed).nth(1).and_then(|r| r.split(']').next());
        assert!(
            also.is_some_and(|a| a.contains(word)),
            "{lang}: {typed} does not also search {word}: {also:?}"
        );
    }
}

#[test]
fn init_refuses_a_non_empty_directory() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let out = bin().arg("init").arg(tmp.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("空ではありません"),
        "{}",
        text(&out.stderr)
    );
    let names: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec!["notes.txt"]);
}

#[test]
fn explain_covers_every_code() {
    assert!(codes::ALL.len() >= 40, "the catalogue shrank?");
    for code in codes::ALL {
        for (lang, wrong, right) in [("en", "Wrong:", "Right:"), ("ja", "誤りの例:", "正しい例:")]
        {
            let out = run(&["explain", code.id, "--lang", lang]);
            let stdout = text(&out.stdout);
            assert!(
                out.status.success(),
                "explain {} --lang {lang}: {}",
                code.id,
                text(&out.stderr)
            );
            assert!(stdout.starts_with(code.id), "{}: {stdout}", code.id);
            assert!(
                stdout.contains(wrong) && stdout.contains(right),
                "{} {lang}: {stdout}",
                code.id
            );
        }
    }
    // Case does not matter.
    let lower = run(&["explain", "e301", "--lang", "en"]);
    assert!(
        text(&lower.stdout).starts_with("E301 (error)"),
        "{}",
        text(&lower.stdout)
    );
    // The list has every code, one per line.
    let list = text(&run(&["explain", "--list", "--lang", "en"]).stdout);
    let ids: Vec<&str> = list
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let all: Vec<&str> = codes::ALL.iter().map(|c| c.id).collect();
    assert_eq!(ids, all);
}

#[test]
fn explain_unknown_code_lists_the_codes_and_exits_2() {
    let out = run(&["explain", "E999", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("E999") && err.contains("E301") && err.contains("W905"),
        "{err}"
    );
}

#[test]
fn check_points_at_explain() {
    let (_tmp, dir) = example_copy();
    let path = dir.join("incidents/2026/INC-2026-001.yaml");
    let yaml =
        std::fs::read_to_string(&path)
            .unwrap()
            .replacen("status: ", "status: Closed\n# was: ", 1);
    std::fs::write(&path, yaml).unwrap();
    let out = bin()
        .args(["check", "--today", TODAY, "--content"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("ismsbook explain E103"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn docs_diagnostics_md_is_up_to_date() {
    let generated = text(&run(&["explain", "--markdown"]).stdout);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md");
    if std::env::var_os("ISMSBOOK_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/diagnostics.md is out of date; regenerate it with\n  cargo run -q -- explain --markdown > docs/diagnostics.md\n(or run this test with ISMSBOOK_BLESS=1)"
    );
}

#[test]
fn completions_for_bash_zsh_and_fish() {
    for shell in ["bash", "zsh", "fish"] {
        let out = run(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let script = text(&out.stdout);
        assert!(
            script.contains("ismsbook")
                && script.contains("explain")
                && script.contains("incident"),
            "{shell}: {script}"
        );
    }
}

#[test]
fn schema_write_goes_where_the_modeline_points() {
    let (_tmp, dir) = example_copy();
    let out = bin()
        .args(["schema", "--write", "--content"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(dir.join(".ismsbook/incident.schema.json")).unwrap();
    let stdout = text(
        &bin()
            .args(["schema", "--content"])
            .arg(&dir)
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!(written, stdout, "--write and stdout differ");
    let schema: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(
        schema["properties"]["level"]["enum"],
        serde_json::json!([0, 1, 2, 3])
    );
    assert!(
        // Optional fields are `anyOf: [the field, null]`.
        schema["properties"]["notifications"]["anyOf"][0]["items"]["properties"]["to"]["enum"]
            .as_array()
            .unwrap()
            .contains(&Value::from("ppc_leak"))
    );
}

/// Validates YAML files against a JSON Schema. Exit 0 all valid, 1 some
/// invalid (one line per error), 3 a module is missing.
const VALIDATOR: &str = r#"
import json, re, sys
try:
    import jsonschema, yaml
except ImportError as e:
    print(f"missing Python module: {e.name}", file=sys.stderr)
    sys.exit(3)

class Loader(yaml.SafeLoader):
    pass

# YAML 1.2 core schema, as editors (yaml-language-server) and ismsbook read it:
# no timestamps (dates stay text), only true/false are booleans, no sexagesimal.
Loader.yaml_implicit_resolvers = {}
def resolver(tag, regexp, first):
    Loader.add_implicit_resolver(tag, re.compile(regexp, re.X), list(first))
resolver("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF")
resolver("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789")
resolver("tag:yaml.org,2002:float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789.")
resolver("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])

schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
bad = 0
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as f:
        doc = yaml.load(f, Loader=Loader)
    for e in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
        bad += 1
        print(f"{path}: /{'/'.join(map(str, e.absolute_path))}: {e.message}")
sys.exit(1 if bad else 0)
"#;

/// Validate `files` against `schema`; Ok(()) or the validator's complaints.
/// Panics, never passes, when Python or its modules are missing.
fn validate(schema: &Path, files: &[PathBuf]) -> Result<(), String> {
    let script = schema.with_file_name("validate.py");
    std::fs::write(&script, VALIDATOR).unwrap();
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let out = Command::new(&python)
        .arg(&script)
        .arg(schema)
        .args(files)
        .output();
    let how = "the schema tests need Python 3 with the `jsonschema` and `PyYAML` packages \
               (`python3 -m pip install jsonschema pyyaml`; scripts/test.sh installs them)";
    let out = out.unwrap_or_else(|e| panic!("cannot run `{python}` ({e}): {how}"));
    match out.status.code() {
        Some(0) => Ok(()),
        Some(1) => Err(text(&out.stdout)),
        _ => panic!("{}{}\n{how}", text(&out.stdout), text(&out.stderr)),
    }
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "yaml"))
        .map(|e| e.into_path())
        .collect();
    v.sort();
    v
}

#[test]
fn records_validate_against_the_generated_schema() {
    let (tmp, dir) = example_copy();
    let examples = yaml_files(&dir.join("incidents"));
    assert!(
        examples.len() >= 12,
        "expected the example records, found {}",
        examples.len()
    );
    let mut files = examples.clone();
    for level in ["0", "1", "2", "3"] {
        files.push(new_incident(&dir, &["--level", level]));
    }
    let schema = tmp.path().join("incident.schema.json");
    let out = bin()
        .args(["schema", "--content"])
        .arg(&dir)
        .arg("--out")
        .arg(&schema)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    if let Err(e) = validate(&schema, &files) {
        panic!("records do not validate against the generated schema:\n{e}");
    }

    // The same for a directory made by `init`, in both languages.
    for lang in ["ja", "en"] {
        let dir = tmp.path().join(format!("init-{lang}"));
        init(&dir, lang);
        let mut files = yaml_files(&dir.join("incidents"));
        for level in ["0", "1", "2", "3"] {
            files.push(new_incident(&dir, &["--level", level]));
        }
        validate(&dir.join(".ismsbook/incident.schema.json"), &files)
            .unwrap_or_else(|e| panic!("{lang}:\n{e}"));
    }

    // The validator is not vacuous: a typo, an unknown category and a bad level fail.
    let good = std::fs::read_to_string(&examples[0]).unwrap();
    let bad_yaml = good
        .replacen("detected_at:", "detcted_at:", 1)
        .replacen("category: ", "category: x", 1)
        .replacen("level: ", "level: 9", 1);
    let bad = tmp.path().join("bad.yaml");
    std::fs::write(&bad, bad_yaml).unwrap();
    let err = validate(&schema, &[bad]).expect_err("a broken record validated");
    for needle in ["detcted_at", "detected_at", "/category", "/level"] {
        assert!(err.contains(needle), "no complaint about {needle}:\n{err}");
    }
}
