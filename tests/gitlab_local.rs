//! docs/ci.md's GitLab example run whole by `gitlab-ci-local` (npm), with
//! its shell executor, in a fresh repository that holds only `content/`:
//! the job's `before_script` installs ismsbook from a release archive made
//! by scripts/package-release.sh (reached through a `file://` stand-in for
//! the ismsbook repository's release downloads, so curl, `sha256sum -c` and
//! tar run as written), the second run takes the binary from the job's
//! cache instead, the job is green on the example and red on a bad record,
//! and the scheduled job is red on the example's overdue action. Skipped,
//! with a message, where gitlab-ci-local (or rsync, strip, curl) is missing;
//! scripts/test.sh installs them.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const OPEN: &str = "incidents/2026/INC-2026-007.yaml";

fn gitlab_ci_local() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("GITLAB_CI_LOCAL") {
        return Some(PathBuf::from(p));
    }
    let p = repo_root().join("node_modules/.bin/gitlab-ci-local");
    p.exists().then_some(p)
}

fn git(dir: &Path, args: &[&str]) {
    let st = Command::new("git")
        .args(["-c", "user.email=ci@example.org", "-c", "user.name=ci"])
        .args(args)
        .current_dir(dir)
        .status()
        .unwrap();
    assert!(st.success(), "git {args:?}");
}

/// The `yaml` blocks of docs/ci.md's GitLab section, as one .gitlab-ci.yml.
fn gitlab_ci_yml() -> String {
    let md = std::fs::read_to_string(repo_root().join("docs/ci.md")).unwrap();
    let start = md.find("\n## GitLab CI").expect("a GitLab section");
    let end = start + 1 + md[start + 1..].find("\n## ").unwrap();
    let mut out = String::new();
    for part in md[start..end].split("```yaml\n").skip(1) {
        out.push_str(&part[..part.find("```").unwrap()]);
        out.push('\n');
    }
    assert!(out.contains("check-records:") && out.contains("check-warnings:"));
    out
}

/// A release of this build at `<dir>/OWNER/ismsbook/releases/download/v<version>/`.
fn release(dir: &Path) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let bin = dir.join("ismsbook");
    let st = Command::new("strip")
        .args(["--strip-debug", "-o"])
        .arg(&bin)
        .arg(env!("CARGO_BIN_EXE_ismsbook"))
        .status()
        .unwrap();
    assert!(st.success());
    let assets = dir.join(format!("OWNER/ismsbook/releases/download/v{version}"));
    let out = Command::new("bash")
        .arg(repo_root().join("scripts/package-release.sh"))
        .arg(&bin)
        .arg("x86_64-unknown-linux-gnu")
        .arg(&assets)
        .env("GZIP_LEVEL", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    format!("file://{}/OWNER/ismsbook", dir.display())
}

struct Run {
    status: i32,
    log: String,
}

fn run(gcl: &Path, repo: &Path, repo_url: &str, extra: &[&str]) -> Run {
    let out = Command::new(gcl)
        .args([
            "--force-shell-executor",
            "--shell-isolation",
            "--color=false",
        ])
        .arg("--variable")
        .arg(format!("ISMSBOOK_REPO={repo_url}"))
        .args(extra)
        .current_dir(repo)
        .env("NO_COLOR", "1")
        // The example content is written for this date.
        .env("SOURCE_DATE_EPOCH", "1795305600")
        .output()
        .unwrap();
    Run {
        status: out.status.code().unwrap_or(-1),
        log: format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

#[test]
fn the_gitlab_example_runs_in_gitlab_ci_local_red_and_green_with_its_install_cached() {
    let Some(gcl) = gitlab_ci_local() else {
        return eprintln!("SKIPPED: gitlab-ci-local missing (npm ci)");
    };
    for tool in ["rsync", "strip", "curl", "sha256sum"] {
        if !have_tool(tool) {
            return eprintln!("SKIPPED: {tool} missing (scripts/test.sh installs it)");
        }
    }
    let downloads = tempfile::tempdir().unwrap();
    let url = release(downloads.path());

    let f = Fixture::example();
    let repo = f.workdir();
    std::fs::write(repo.join(".gitlab-ci.yml"), gitlab_ci_yml()).unwrap();
    std::fs::write(repo.join(".gitignore"), ".gitlab-ci-local/\n").unwrap();
    git(repo, &["init", "-q", "-b", "main"]);
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-qm", "records"]);

    // First run: installs from the release archive, checksum verified.
    let r = run(&gcl, repo, &url, &["check-records"]);
    assert_eq!(r.status, 0, "{}", r.log);
    assert!(
        r.log.contains("tar.gz: OK"),
        "no verified download:\n{}",
        r.log
    );
    assert!(
        r.log.contains("PASS") && r.log.contains("check-records"),
        "{}",
        r.log
    );
    let report = repo.join(".gitlab-ci-local/builds/check-records/gl-code-quality-report.json");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert!(v.as_array().is_some_and(|a| !a.is_empty()), "{v}");

    // Second run, a bad record: the binary comes from the job's cache.
    f.replace(OPEN, "status: open\n", "status: opne\n");
    git(repo, &["commit", "-qam", "a bad record"]);
    let r = run(&gcl, repo, &url, &["check-records"]);
    assert_eq!(r.status, 1, "{}", r.log);
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        r.log
            .contains(&format!("imported cache 'ismsbook-{version}'")),
        "{}",
        r.log
    );
    assert!(
        !r.log.contains("tar.gz: OK"),
        "downloaded again:\n{}",
        r.log
    );
    assert!(
        r.log.contains("E103") && r.log.contains("FAIL"),
        "{}",
        r.log
    );
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .any(|i| i["check_name"] == "E103"),
        "{v}"
    );

    // The scheduled job fails on the example's overdue action (warnings).
    git(repo, &["revert", "--no-edit", "HEAD"]);
    let r = run(
        &gcl,
        repo,
        &url,
        &[
            "--variable",
            "CI_PIPELINE_SOURCE=schedule",
            "check-warnings",
        ],
    );
    assert_eq!(r.status, 1, "{}", r.log);
    assert!(r.log.contains("W605"), "{}", r.log);
}
