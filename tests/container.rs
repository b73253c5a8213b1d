//! The container image (Dockerfile), built and run for real when a Docker
//! engine runs on this machine: built the registry-free way (a static
//! ismsbook and Debian's static busybox, `--build-arg BINARIES=prebuilt`),
//! then `ismsbook check` in it is green on the example content and red, exit
//! 1, on a bad record; its shell runs (GitLab's `image:` needs one); the
//! image stays small; and, where `pre-commit` is installed, a
//! `docker_image` hook runs it red and green.
//!
//! Without an engine (`docker info` fails) or busybox-static, each test says
//! SKIPPED and why: CI machines start without Docker. To run it:
//! `apt-get install docker.io busybox-static`, `dockerd &`, then
//! `cargo test --test container`. The static binary is built here (a release
//! build in target/static, minutes the first time) unless
//! ISMSBOOK_STATIC_BIN names one.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const OPEN: &str = "incidents/2026/INC-2026-007.yaml";
const BUSYBOX: &str = "/bin/busybox";
/// The image is a static binary and busybox: about 18 MB.
const MAX_IMAGE_BYTES: u64 = 25_000_000;

fn skip(why: &str) {
    eprintln!("SKIPPED: {why}");
}

/// The docker client to use: `docker`, unless it lacks BuildKit (a client
/// from Docker 23 on without its buildx plugin) and Debian's docker.io
/// client, which has BuildKit built in, is at /usr/bin/docker.
fn client() -> &'static str {
    static CLIENT: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();
    CLIENT.get_or_init(|| {
        let buildx = Command::new("docker")
            .args(["buildx", "version"])
            .output()
            .is_ok_and(|o| o.status.success());
        if !buildx && Path::new("/usr/bin/docker").exists() {
            "/usr/bin/docker"
        } else {
            "docker"
        }
    })
}

fn docker(args: &[&str]) -> Output {
    Command::new(client())
        .args(args)
        .env("DOCKER_BUILDKIT", "1")
        .output()
        .expect("docker runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn engine_runs() -> bool {
    Command::new("docker")
        .args(["info", "--format", "{{.ServerVersion}}"])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn is_static(exe: &Path) -> bool {
    Command::new("readelf")
        .arg("-l")
        .arg(exe)
        .output()
        .is_ok_and(|o| o.status.success() && !String::from_utf8_lossy(&o.stdout).contains("INTERP"))
}

/// A static ismsbook: ISMSBOOK_STATIC_BIN, or a release build for
/// x86_64-unknown-linux-gnu with +crt-static, as the release workflow makes.
fn static_ismsbook() -> PathBuf {
    if let Some(p) = std::env::var_os("ISMSBOOK_STATIC_BIN") {
        return PathBuf::from(p);
    }
    let dir = repo_root().join("target/static");
    let st = Command::new("cargo")
        .args([
            "build",
            "--release",
            "--locked",
            "--target",
            "x86_64-unknown-linux-gnu",
            "--bin",
            "ismsbook",
        ])
        .current_dir(repo_root())
        .env("CARGO_TARGET_DIR", &dir)
        .env("RUSTFLAGS", "-C target-feature=+crt-static")
        .env("CARGO_PROFILE_RELEASE_STRIP", "symbols")
        .status()
        .expect("cargo runs");
    assert!(st.success(), "the static build failed");
    dir.join("x86_64-unknown-linux-gnu/release/ismsbook")
}

/// Builds the image from the Dockerfile's prebuilt path; removed on drop.
struct Image {
    tag: String,
}

impl Image {
    fn build() -> Option<Image> {
        if !engine_runs() {
            skip("no Docker engine runs (`docker info` fails); start one with `dockerd &`");
            return None;
        }
        if !Path::new(BUSYBOX).exists() || !is_static(Path::new(BUSYBOX)) {
            skip("no static busybox at /bin/busybox (apt-get install busybox-static)");
            return None;
        }
        let bin = static_ismsbook();
        assert!(is_static(&bin), "{} is not static", bin.display());
        let ctx = tempfile::tempdir().unwrap();
        let st = Command::new("bash")
            .arg(repo_root().join("scripts/image-rootfs.sh"))
            .arg(&bin)
            .arg(BUSYBOX)
            .arg(ctx.path().join("dist/rootfs"))
            .status()
            .unwrap();
        assert!(st.success(), "image-rootfs.sh");
        static BUILT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = BUILT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let tag = format!("ismsbook-test:{}-{n}", std::process::id());
        let dockerfile = repo_root().join("Dockerfile");
        let out = docker(&[
            "build",
            "--network",
            "none",
            "--build-arg",
            "BINARIES=prebuilt",
            "-f",
            dockerfile.to_str().unwrap(),
            "-t",
            &tag,
            ctx.path().to_str().unwrap(),
        ]);
        assert!(out.status.success(), "docker build:\n{}", text(&out));
        Some(Image { tag })
    }

    /// `docker run` as this user, with `dir` as /work, no network.
    fn run(&self, dir: &Path, cmd: &[&str]) -> Output {
        let (uid, gid) = user_ids();
        let user = format!("{uid}:{gid}");
        let vol = format!("{}:/work", dir.display());
        let mut args = vec![
            "run",
            "--rm",
            "--network",
            "none",
            "-u",
            &user,
            "-v",
            &vol,
            "-e",
            "NO_COLOR=1",
        ];
        args.push(&self.tag);
        args.extend_from_slice(cmd);
        docker(&args)
    }
}

impl Drop for Image {
    fn drop(&mut self) {
        let _ = docker(&["image", "rm", "-f", &self.tag]);
    }
}

/// This process's user and group ids (files the container writes are ours).
fn user_ids() -> (String, String) {
    let id = |flag: &str| {
        let o = Command::new("id").arg(flag).output().unwrap();
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    };
    (id("-u"), id("-g"))
}

#[test]
fn the_image_checks_red_and_green_and_is_small() {
    let Some(image) = Image::build() else { return };
    let check = [
        "ismsbook",
        "check",
        "--content",
        "content",
        "--today",
        TODAY,
    ];

    let green = Fixture::example();
    let repo = green.workdir();
    let out = image.run(repo, &check);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("ok: "), "{}", text(&out));

    // A report written from the container lands in the mounted folder.
    let mut with_report = check.to_vec();
    with_report.extend([
        "--format",
        "gitlab",
        "--output",
        "gl-code-quality-report.json",
    ]);
    let out = image.run(repo, &with_report);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(repo.join("gl-code-quality-report.json")).unwrap())
            .unwrap();
    assert!(report.is_array());

    let red = Fixture::example();
    red.replace(OPEN, "status: open\n", "status: opne\n");
    let out = image.run(red.workdir(), &check);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("E103"), "{}", text(&out));

    // GitLab runs job scripts with the image's shell.
    let out = image.run(
        repo,
        &[
            "sh",
            "-c",
            "ismsbook --version && ls /work/content >/dev/null",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains(env!("CARGO_PKG_VERSION")));

    let out = docker(&["image", "inspect", "--format", "{{.Size}}", &image.tag]);
    let size: u64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    eprintln!("image size: {size} bytes");
    assert!(size < MAX_IMAGE_BYTES, "image is {size} bytes");
}

/// docs/ci.md's `docker_image` pre-commit hook, with the real pre-commit.
#[test]
fn the_docker_image_pre_commit_hook_runs_red_and_green() {
    if Command::new("python3")
        .args(["-m", "pre_commit", "--version"])
        .output()
        .map_or(true, |o| !o.status.success())
    {
        return skip("pre-commit missing (python3 -m pip install pre-commit)");
    }
    let Some(image) = Image::build() else { return };
    let md = std::fs::read_to_string(repo_root().join("docs/ci.md")).unwrap();
    let section = &md[md.find("\n## Container image").expect("the section")..];
    let hook = section
        .split("```yaml\n")
        .skip(1)
        .map(|b| &b[..b.find("```").unwrap()])
        .find(|b| b.contains("language: docker_image"))
        .expect("the docker_image hook");
    let version = env!("CARGO_PKG_VERSION");
    assert!(hook.contains(&format!("ismsbook:{version} ismsbook check")));
    // The container does not see SOURCE_DATE_EPOCH: pin the date instead.
    let hook = hook
        .replace(&format!("ismsbook:{version}"), &image.tag)
        .replace(
            "args: [--content, content]",
            &format!("args: [--content, content, --today, '{TODAY}']"),
        );

    let f = Fixture::example();
    let repo = f.workdir();
    std::fs::write(repo.join(".pre-commit-config.yaml"), hook).unwrap();
    let git = |args: &[&str]| {
        let st = Command::new("git")
            .args(["-c", "user.email=ci@example.org", "-c", "user.name=ci"])
            .args(args)
            .current_dir(repo)
            .status()
            .unwrap();
        assert!(st.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "records"]);
    let pre_commit = || {
        Command::new("python3")
            .args(["-m", "pre_commit", "run", "--all-files"])
            .current_dir(repo)
            .env("PRE_COMMIT_HOME", repo.join(".pre-commit-home"))
            .env("SOURCE_DATE_EPOCH", "1795305600")
            .output()
            .unwrap()
    };
    let out = pre_commit();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("Passed"), "{}", text(&out));
    f.replace(OPEN, "status: open\n", "status: opne\n");
    let out = pre_commit();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("Failed") && text(&out).contains("E103"),
        "{}",
        text(&out)
    );
}

/// The image as a GitLab CI `image:`: a job run by gitlab-ci-local's Docker
/// executor (with the image as its helper too: the default helper is on
/// Docker Hub), red and green.
#[test]
fn the_image_runs_a_gitlab_job_red_and_green() {
    let gcl = std::env::var_os("GITLAB_CI_LOCAL")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("node_modules/.bin/gitlab-ci-local"));
    if !gcl.exists() {
        return skip("gitlab-ci-local missing (npm ci)");
    }
    let Some(image) = Image::build() else { return };
    let f = Fixture::example();
    let repo = f.workdir();
    std::fs::write(
        repo.join(".gitlab-ci.yml"),
        format!(
            "check-records:\n  image: {}\n  script:\n    - ismsbook check --content content --today {TODAY}\n",
            image.tag
        ),
    )
    .unwrap();
    std::fs::write(repo.join(".gitignore"), ".gitlab-ci-local/\n").unwrap();
    let git = |args: &[&str]| {
        let st = Command::new("git")
            .args(["-c", "user.email=ci@example.org", "-c", "user.name=ci"])
            .args(args)
            .current_dir(repo)
            .status()
            .unwrap();
        assert!(st.success(), "git {args:?}");
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "records"]);
    let job = || {
        Command::new(&gcl)
            .args([
                "--pull-policy",
                "if-not-present",
                "--helper-image",
                &image.tag,
            ])
            .args(["--color=false", "check-records"])
            .current_dir(repo)
            .output()
            .unwrap()
    };
    let out = job();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("PASS"), "{}", text(&out));
    f.replace(OPEN, "status: open\n", "status: opne\n");
    git(&["commit", "-qam", "a bad record"]);
    let out = job();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("E103"), "{}", text(&out));
}
