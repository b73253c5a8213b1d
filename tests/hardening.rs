//! Hardening of `build` (and `check`) against hostile content and unlucky
//! timing: paths that leave the content directory, links out of it, symlink
//! loops, YAML bombs, huge and non-UTF-8 files each get their diagnostic
//! within a deadline (the binary is killed and the test fails otherwise);
//! the content directory and the previous output stay byte-identical; an
//! output directory ismsbook did not make is never touched; and a build
//! killed half-way leaves the previous site as it was.

mod common;
#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;

// The cases, by theme (each file under tests/hardening/).
#[path = "hardening/changed.rs"]
mod changed;
#[path = "hardening/fuzz_regressions.rs"]
mod fuzz_regressions;
#[path = "hardening/limits.rs"]
mod limits;
#[path = "hardening/output.rs"]
mod output;
#[path = "hardening/paths.rs"]
mod paths;

use common::{copy_tree, Fixture, Snapshot, TODAY};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Longest a run on hostile input may take (generous: the machine is shared
/// and tests run in debug builds; a hang or an unbounded read never ends).
const HOSTILE_DEADLINE: Duration = Duration::from_secs(60);
/// Longest a full build of the test corpus may take.
const BUILD_DEADLINE: Duration = Duration::from_secs(600);

/// One finished run of the binary.
#[derive(Debug)]
struct Run {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

impl Run {
    fn code(&self) -> Option<i32> {
        self.status.code()
    }
}

fn spawn(workdir: &Path, args: &[&str]) -> Child {
    command(
        workdir,
        Command::new(env!("CARGO_BIN_EXE_ismsbook")).args(args),
    )
}

/// Like [`spawn`], with the address space capped at 4 GiB, for inputs that
/// could make a broken build read without end (it then fails, not the machine).
#[cfg(unix)]
fn spawn_capped(workdir: &Path, args: &[&str]) -> Child {
    spawn_capped_to(workdir, args, 4 << 20)
}

/// Like [`spawn`], with the address space capped at `kib` KiB.
#[cfg(unix)]
fn spawn_capped_to(workdir: &Path, args: &[&str], kib: u64) -> Child {
    command(
        workdir,
        Command::new("sh")
            .args(["-c", &format!("ulimit -v {kib} && exec \"$0\" \"$@\"")])
            .arg(env!("CARGO_BIN_EXE_ismsbook"))
            .args(args),
    )
}

fn command(workdir: &Path, cmd: &mut Command) -> Child {
    cmd.current_dir(workdir)
        .env("NO_COLOR", "1")
        .env("ISMSBOOK_TEST_CANARY", "qzenvcanaryqz")
        // The assertions read the English messages.
        .env("ISMSBOOK_LANG", "en")
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn ismsbook")
}

/// Wait for `child`, killing it and failing the test after `deadline`.
fn finish(mut child: Child, args: &[&str], deadline: Duration) -> Run {
    let start = Instant::now();
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                // Bounded: a run that prints without end is a failure too.
                let _ = p.by_ref().take(64 * 1024 * 1024).read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let err = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if start.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("ismsbook {args:?} did not finish within {deadline:?}; killed");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = String::from_utf8_lossy(&out.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err.join().unwrap()).into_owned();
    assert!(
        !stderr.contains("panicked at") && status.code() != Some(101),
        "ismsbook {args:?} panicked:\n{stderr}"
    );
    Run {
        status,
        stdout,
        stderr,
    }
}

fn run(workdir: &Path, args: &[&str], deadline: Duration) -> Run {
    finish(spawn(workdir, args), args, deadline)
}

fn build_args<'a>(out: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec![
        "build",
        "--content",
        "content",
        "--out",
        out,
        "--today",
        TODAY,
    ];
    a.extend_from_slice(extra);
    a
}

/// The example built once per test binary (a valid previous site to protect).
fn golden_site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, p) = SITE.get_or_init(|| {
        let f = Fixture::example();
        let r = run(f.workdir(), &build_args("public", &[]), BUILD_DEADLINE);
        assert_eq!(r.code(), Some(0), "example build: {}", r.stderr);
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("public");
        copy_tree(&f.workdir().join("public"), &site);
        (dir, site)
    });
    p
}

/// A copy of the example with a previous site in `public/`.
fn fixture_with_site() -> Fixture {
    let f = Fixture::example();
    copy_tree(golden_site(), &f.workdir().join("public"));
    f
}

/// Build after `spoil` broke the content: exit 1 within the deadline, every
/// `expect`ed (code, file) pair reported with a line, and nothing changed,
/// neither the content nor the previous site nor anything beside them.
fn refused_build(f: &Fixture, expect: &[(&str, &str)]) -> Run {
    refused_build_by(f, expect, spawn)
}

/// [`refused_build`] with the binary started by `start`.
fn refused_build_by(
    f: &Fixture,
    expect: &[(&str, &str)],
    start: impl Fn(&Path, &[&str]) -> Child,
) -> Run {
    let before = Snapshot::of(f.workdir());
    let args = build_args("public", &[]);
    let r = finish(start(f.workdir(), &args), &args, HOSTILE_DEADLINE);
    assert_eq!(
        r.code(),
        Some(1),
        "build should refuse\nstdout:\n{}\nstderr:\n{}",
        r.stdout,
        r.stderr
    );
    for (code, file) in expect {
        let head = format!("[{code}]");
        assert!(
            r.stderr.contains(&head),
            "no {code}:\n{}",
            &r.stderr[..r.stderr.len().min(4000)]
        );
        // `content/<file>:<line>:<col>` (snippet header) or `at content/<file>:<line>:<col>`.
        let at = format!("content/{file}:");
        let located = r.stderr.match_indices(&at).any(|(i, _)| {
            let rest = &r.stderr[i + at.len()..];
            rest.split(':')
                .next()
                .is_some_and(|l| l.parse::<u32>().is_ok())
        });
        assert!(
            located,
            "{code} without `{at}LINE`:\n{}",
            &r.stderr[..r.stderr.len().min(4000)]
        );
    }
    assert!(r.stderr.contains("was left unchanged"), "{}", r.stderr);
    before.assert_same(&Snapshot::of(f.workdir()));
    r
}

const NEW: &str = "incidents/2026/INC-2026-099.yaml";
