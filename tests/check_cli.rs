//! `ismsbook check` as CI and people use it: exit codes, the three output
//! formats, the example content, and the promise never to touch the content.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

const OPEN: &str = "incidents/2026/INC-2026-007.yaml";

/// Run `check` on the repository's own example (read-only) from the repository root.
fn check_example(args: &[&str]) -> Run {
    let mut all = vec!["check", "--content", "content", "--today", TODAY];
    all.extend_from_slice(args);
    run_bin(Path::new(env!("CARGO_MANIFEST_DIR")), &all)
}

/// A copy of the example with its one intended warning resolved: no diagnostics at all.
fn clean_fixture() -> Fixture {
    let f = Fixture::example_one_warning();
    f.replace(OPEN, "    due: 2026-10-30\n", "    due: 2026-12-31\n");
    f
}

/// A copy of the example with one error (a misspelt status) next to the intended warning.
fn broken_fixture() -> (Fixture, String) {
    let f = Fixture::example_one_warning();
    let text = f.replace(OPEN, "status: open\n", "status: opne\n");
    (f, text)
}

/// Files `check` reads: the three YAML files, pages, templates, incidents and drills.
fn count_source_files(root: &Path) -> usize {
    fn count(dir: &Path, exts: &[&str]) -> usize {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return 0;
        };
        entries
            .flatten()
            .map(|e| {
                let p = e.path();
                if p.is_dir() {
                    count(&p, exts)
                } else {
                    usize::from(
                        p.extension()
                            .and_then(|x| x.to_str())
                            .is_some_and(|x| exts.contains(&x)),
                    )
                }
            })
            .sum()
    }
    let top = ["site.yaml", "policy.yaml", "contacts.yaml"]
        .iter()
        .filter(|f| root.join(f).is_file())
        .count();
    top + count(&root.join("handbook"), &["md", "markdown"])
        + count(&root.join("templates"), &["md", "markdown"])
        + count(&root.join("incidents"), &["yaml", "yml"])
        + count(&root.join("drills"), &["yaml", "yml"])
}

// ---------------------------------------------------------------------------
// The example content
// ---------------------------------------------------------------------------

#[test]
fn example_content_checks_clean_except_the_intended_w605() {
    let r = Report::from_run(check_example(&["--format", "json"]));
    assert_eq!(r.status, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(example_dir().join(OPEN)).unwrap();
    // The example's intended findings, all warnings: the overdue action
    // (W605), INC-2025-008's explained late report and containment before
    // it (W504, W405), two overdue effectiveness reviews (W607) and the
    // explained late drill (W907).
    let mut codes: Vec<&str> = r.diags.iter().map(|d| d.code.as_str()).collect();
    codes.sort_unstable();
    assert_eq!(
        codes,
        ["W405", "W504", "W605", "W607", "W607", "W907"],
        "{}",
        list(&r.diags)
    );
    let d = r.diags.iter().find(|d| d.code == "W605").unwrap();
    assert_eq!(d.file.as_str(), OPEN, "{d}");
    assert_eq!(d.at(), value_at(&text, "    due: 2026-10-30"), "{d}");
    assert_eq!(r.json["summary"]["errors"], 0);
    assert_eq!(r.json["summary"]["warnings"], 6);
    assert_eq!(
        r.json["summary"]["files_checked"],
        count_source_files(&example_dir()) as u64
    );
}

// ---------------------------------------------------------------------------
// Exit codes
// ---------------------------------------------------------------------------

#[test]
fn exit_0_when_clean_even_with_deny_warnings() {
    let f = clean_fixture();
    let r = f.check();
    assert_eq!((r.status, r.diags.len()), (0, 0), "{}", list(&r.diags));
    assert_eq!(r.json["diagnostics"], Value::Array(Vec::new()));
    assert_eq!(f.check_with(&["--deny-warnings"]).status, 0);
}

#[test]
fn exit_0_with_warnings_only_and_1_with_deny_warnings() {
    let run = check_example(&["--format", "json"]);
    assert_eq!(run.status, 0);
    let run = check_example(&["--format", "json", "--deny-warnings"]);
    assert_eq!(
        run.status, 1,
        "--deny-warnings must fail on the W605:\n{}",
        run.stdout
    );
}

#[test]
fn exit_1_on_errors_in_every_format() {
    let (f, _) = broken_fixture();
    for format in ["human", "json", "github"] {
        let run = f.run(&[
            "check",
            "--content",
            "content",
            "--today",
            TODAY,
            "--format",
            format,
        ]);
        assert_eq!(
            run.status, 1,
            "--format {format}\n{}{}",
            run.stdout, run.stderr
        );
    }
}

#[test]
fn exit_2_when_the_content_directory_is_missing() {
    let f = Fixture::empty();
    let run = f.run(&[
        "check",
        "--content",
        "no-such-dir",
        "--today",
        TODAY,
        "--format",
        "json",
    ]);
    assert_eq!(run.status, 2, "{run:?}");
    assert!(
        run.stderr.contains("no-such-dir"),
        "the error names the directory: {}",
        run.stderr
    );
}

#[test]
fn exit_2_when_the_content_path_is_a_file() {
    let f = Fixture::example_one_warning();
    let run = f.run(&["check", "--content", "content/site.yaml", "--today", TODAY]);
    assert_eq!(run.status, 2, "{run:?}");
}

#[test]
fn exit_2_on_bad_usage() {
    let f = clean_fixture();
    let bad: &[&[&str]] = &[
        &["check", "--content", "content", "--today", "2026-13-01"],
        &["check", "--content", "content", "--today", "2026-02-30"],
        &["check", "--content", "content", "--today", "yesterday"],
        &[
            "check",
            "--content",
            "content",
            "--today",
            TODAY,
            "--format",
            "xml",
        ],
        &[
            "check",
            "--content",
            "content",
            "--today",
            TODAY,
            "--no-such-flag",
        ],
        &["check", "--content"],
        &["no-such-command"],
        &[],
    ];
    for args in bad {
        let run = f.run(args);
        assert_eq!(run.status, 2, "ismsbook {args:?} must exit 2, got {run:?}");
        assert!(
            !run.stderr.trim().is_empty(),
            "ismsbook {args:?} must say what is wrong"
        );
    }
    let run = f.run(&["check", "--content", "content", "--today", "2026-13-01"]);
    assert!(
        run.stderr.contains("2026-13-01"),
        "the error quotes the bad date: {}",
        run.stderr
    );
}

#[test]
fn source_date_epoch_is_the_default_check_date() {
    let f = Fixture::example_one_warning();
    // 2026-11-22 00:00 in Tokyo; without --today the date comes from SOURCE_DATE_EPOCH.
    let epoch = chrono::DateTime::parse_from_rfc3339("2026-11-22T00:00:00+09:00")
        .unwrap()
        .timestamp();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ismsbook"))
        .args(["check", "--content", "content", "--format", "json"])
        .current_dir(f.workdir())
        .env("SOURCE_DATE_EPOCH", epoch.to_string())
        .output()
        .unwrap();
    let pinned = f.check();
    assert_eq!(String::from_utf8_lossy(&out.stdout), pinned.stdout);
    assert_eq!(out.status.code(), Some(0));
}

// ---------------------------------------------------------------------------
// --format json
// ---------------------------------------------------------------------------

#[test]
fn json_schema_is_stable() {
    let (f, text) = broken_fixture();
    let r = f.check();
    let top: BTreeSet<&str> = r
        .json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(top, BTreeSet::from(["version", "summary", "diagnostics"]));
    assert_eq!(r.json["version"], 1);
    let summary: BTreeSet<&str> = r.json["summary"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        summary,
        BTreeSet::from(["errors", "warnings", "files_checked"])
    );
    assert_eq!(r.json["summary"]["errors"], 1);
    assert_eq!(r.json["summary"]["warnings"], 1);
    assert_eq!(
        r.json["summary"]["files_checked"],
        count_source_files(&f.root()) as u64
    );

    let keys = BTreeSet::from([
        "code", "severity", "file", "path", "line", "column", "message", "hint",
    ]);
    for v in r.json["diagnostics"].as_array().unwrap() {
        let mut got: BTreeSet<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        // The end of the span, where the source shows one (added in version 1).
        if got.remove("end_line") {
            assert!(got.remove("end_column"), "{v}");
            assert!(v["end_line"].as_u64() >= v["line"].as_u64(), "{v}");
        }
        assert_eq!(got, keys, "{v}");
        assert!(v["hint"].is_string() || v["hint"].is_null(), "{v}");
        assert!(v["line"].as_u64().is_some_and(|l| l >= 1), "{v}");
        assert!(v["column"].as_u64().is_some_and(|c| c >= 1), "{v}");
    }
    for d in &r.diags {
        assert!(["error", "warning"].contains(&d.severity.as_str()), "{d}");
        assert_eq!(d.severity == "error", d.code.starts_with('E'), "{d}");
        assert_eq!(
            d.path,
            format!("content/{}", d.file),
            "`path` is the file as the user can open it"
        );
    }
    let e = r.diags.iter().find(|d| d.code == "E103").expect("the E103");
    assert_eq!(
        (e.file.as_str(), e.at()),
        (OPEN, value_at(&text, "status: opne"))
    );
    assert_eq!(e.hint.as_deref(), Some("did you mean `open`?"));
    assert!(
        r.stderr.is_empty(),
        "json goes to stdout alone: {}",
        r.stderr
    );
}

#[test]
fn json_output_is_byte_for_byte_deterministic() {
    let (f, _) = broken_fixture();
    // Problems in many files at once, so rule and file order would show.
    f.replace(
        "policy.yaml",
        "report_within: 1d\n",
        "report_within: soon\n",
    );
    f.write("incidents/2026/INC-2026-099.yaml", "");
    let first = f.check().stdout;
    for _ in 0..3 {
        assert_eq!(f.check().stdout, first);
    }
}

// ---------------------------------------------------------------------------
// --format github
// ---------------------------------------------------------------------------

/// The workflow-command escaping GitHub documents for data and properties.
fn gh(s: &str, property: bool) -> String {
    let s = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        s.replace(':', "%3A").replace(',', "%2C")
    } else {
        s
    }
}

#[test]
fn github_format_is_one_workflow_command_per_diagnostic() {
    let (f, text) = broken_fixture();
    let run = f.run(&[
        "check",
        "--content",
        "content",
        "--today",
        TODAY,
        "--format",
        "github",
    ]);
    assert_eq!(run.status, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    // The exact line for the misspelt status, written out in full.
    let at = value_at(&text, "status: opne");
    let expected = format!(
        "::error file=content/{OPEN},line={},col={},title=E103::`status` must be one of open, contained, recovered, closed, found `opne`%0Ahint: did you mean `open`?",
        at.line, at.col
    );
    assert!(
        lines.contains(&expected.as_str()),
        "missing\n{expected}\nin\n{}",
        run.stdout
    );

    // Every diagnostic of the JSON report has its command, in the same order.
    let r = f.check();
    let commands: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("::"))
        .collect();
    assert_eq!(commands.len(), r.diags.len(), "{}", run.stdout);
    for (line, d) in commands.iter().zip(&r.diags) {
        let mut msg = d.message.clone();
        if let Some(h) = &d.hint {
            msg.push_str("\nhint: ");
            msg.push_str(h);
        }
        let want = format!(
            "::{} file={},line={},col={},title={}::{}",
            d.severity,
            gh(&d.path, true),
            d.line,
            d.column,
            d.code,
            gh(&msg, false)
        );
        assert_eq!(*line, want);
    }
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::warning file=content/") && l.contains("title=W605::")),
        "{}",
        run.stdout
    );
    // The summary closes the output for the log reader.
    assert!(
        lines
            .last()
            .unwrap_or(&"")
            .starts_with("failed: 1 error, 1 warning"),
        "{}",
        run.stdout
    );
}

#[test]
fn github_format_escapes_properties_and_messages() {
    let f = clean_fixture();
    // A file name with `:` and `,`, and a message quoting a `%`.
    f.write("incidents/2026/a:b,c.yaml", "");
    f.replace(OPEN, "category: leak\n", "category: \"100%\"\n");
    let run = f.run(&[
        "check",
        "--content",
        "content",
        "--today",
        TODAY,
        "--format",
        "github",
    ]);
    assert!(
        run.stdout.lines().any(|l| l.starts_with(
            "::error file=content/incidents/2026/a%3Ab%2Cc.yaml,line=1,col=1,title=E003::"
        )),
        "{}",
        run.stdout
    );
    let e203 = run
        .stdout
        .lines()
        .find(|l| l.contains("title=E203::"))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(e203.contains("`100%25`"), "{e203}");
    assert!(!e203.contains('\n') && !e203.contains("`100%`"), "{e203}");
}

// ---------------------------------------------------------------------------
// --format human
// ---------------------------------------------------------------------------

#[test]
fn human_format_shows_snippet_position_hint_and_summary() {
    let (f, text) = broken_fixture();
    let run = f.run(&[
        "check",
        "--content",
        "content",
        "--today",
        TODAY,
        "--color",
        "never",
    ]);
    assert_eq!(run.status, 1);
    assert!(
        run.stdout.is_empty(),
        "people read stderr; stdout stays empty: {}",
        run.stdout
    );
    let err = &run.stderr;
    let at = value_at(&text, "status: opne");
    assert!(err.contains("error[E103]"), "{err}");
    assert!(
        err.contains(&format!("content/{OPEN}:{}:{}", at.line, at.col)),
        "{err}"
    );
    // The source line itself, with its line number in the gutter, and the caret under the value.
    let snippet = err
        .lines()
        .find(|l| l.contains("status: opne"))
        .unwrap_or_else(|| panic!("no snippet in\n{err}"));
    assert!(
        snippet.trim_start().starts_with(&at.line.to_string()),
        "{snippet}"
    );
    assert!(err.contains("^^^^"), "{err}");
    assert!(err.contains("hint: did you mean `open`?"), "{err}");
    assert!(err.contains("warning[W605]"), "{err}");
    assert!(
        err.lines()
            .last()
            .unwrap_or("")
            .starts_with("failed: 1 error, 1 warning in 1 file ("),
        "{err}"
    );
    assert!(
        !err.contains('\u{1b}'),
        "--color never means no escape codes"
    );
}

#[test]
fn human_format_clean_run_says_ok_and_quiet_says_nothing() {
    let f = clean_fixture();
    let run = f.run(&["check", "--content", "content", "--today", TODAY]);
    assert_eq!(run.status, 0);
    let files = count_source_files(&f.root());
    assert_eq!(
        run.stderr.trim_end(),
        format!("ok: {files} files checked, no problems found")
    );
    let quiet = f.run(&["--quiet", "check", "--content", "content", "--today", TODAY]);
    assert_eq!(
        (quiet.status, quiet.stderr.as_str(), quiet.stdout.as_str()),
        (0, "", "")
    );
}

// ---------------------------------------------------------------------------
// Nothing changes
// ---------------------------------------------------------------------------

#[test]
fn check_never_modifies_the_content_directory() {
    let (f, _) = broken_fixture();
    f.write("incidents/2026/INC-2026-099.yaml", b"id: \xff\n");
    let before = Snapshot::of(f.workdir());
    for format in ["human", "json", "github"] {
        f.run(&[
            "check",
            "--content",
            "content",
            "--today",
            TODAY,
            "--format",
            format,
        ]);
        f.run(&[
            "check",
            "--content",
            "content",
            "--today",
            TODAY,
            "--format",
            format,
            "--deny-warnings",
        ]);
    }
    // Nothing created next to the content either (no cache, no lock file).
    before.assert_same(&Snapshot::of(f.workdir()));
}

/// The harness's deadline per run: 10 s with a core to spare, stretched by
/// the load average per core (seven sessions compiling at load 17 on two
/// cores made debug builds of the example outlast 10 s), or the seconds
/// `ISMSBOOK_TEST_DEADLINE` gives. A hang still ends, after at most 3 min.
#[test]
fn the_deadline_per_run_follows_the_load_and_the_setting() {
    use common::deadline::deadline_from;
    let secs = |s: u64| Ok(Duration::from_secs(s));
    let idle = Some("0.52 0.61 0.70 2/310 4242\n");
    let loaded = Some("17.00 19.50 21.10 9/412 4242\n");
    assert_eq!(deadline_from(None, idle, 2), secs(10));
    assert_eq!(deadline_from(None, None, 2), secs(10), "no /proc/loadavg");
    assert_eq!(deadline_from(None, loaded, 2), secs(85));
    assert_eq!(deadline_from(None, loaded, 32), secs(10));
    assert_eq!(deadline_from(None, Some("900.0 1 1 1/1 1"), 2), secs(180));
    assert_eq!(deadline_from(Some("45"), loaded, 2), secs(45));
    assert_eq!(deadline_from(Some(" 600 "), idle, 2), secs(600));
    assert!(
        deadline_from(Some("10s"), idle, 2).is_err_and(|e| e.contains("ISMSBOOK_TEST_DEADLINE"))
    );
    assert!(deadline_from(Some("0"), idle, 2).is_err());
}
