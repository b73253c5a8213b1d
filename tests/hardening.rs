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

// ---------------------------------------------------------------------------
// Path safety
// ---------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn evidence_and_markdown_paths_leaving_the_content_are_e007_and_nothing_is_copied() {
    let f = fixture_with_site();
    let secret = f.workdir().join("secret.txt");
    std::fs::write(&secret, "qzoutsidesecretqz\n").unwrap();
    std::os::unix::fs::symlink(&secret, f.path("evidence/INC-2026-001/link.log")).unwrap();
    let rec = "incidents/2026/INC-2026-001.yaml";
    let text = f.read(rec);
    let evidence = "evidence:\n  - path: ../secret.txt\n  - path: /etc/hostname\n  - path: evidence/INC-2026-001/link.log\n  - path: evidence/../../secret.txt\n";
    let (head, tail) = text
        .split_once("evidence:\n")
        .expect("the record lists evidence");
    let rest = tail.split_once("\ntags:").map(|(_, t)| t).unwrap_or("");
    f.write(rec, format!("{head}{evidence}tags:{rest}"));
    let page = "handbook/start.md";
    let body = f.read(page);
    f.write(
        page,
        format!("{body}\n[a](../../secret.txt)\n\n![b](/etc/hostname)\n\n[c](../handbook/../../secret.txt)\n"),
    );
    let r = refused_build(&f, &[("E007", rec), ("E007", page)]);
    let e007 = r.stderr.matches("[E007]").count();
    assert!(
        e007 >= 7,
        "one E007 per escaping path, got {e007}:\n{}",
        r.stderr
    );
    assert!(!r.stderr.contains("qzoutsidesecretqz"));
    // The auditor (who sees evidence) gets the same refusal.
    let a = run(
        f.workdir(),
        &build_args("public", &["--audience", "auditor"]),
        HOSTILE_DEADLINE,
    );
    assert_eq!(a.code(), Some(1));
}

#[cfg(unix)]
#[test]
fn top_level_files_linked_outside_are_e007_and_never_read() {
    let f = fixture_with_site();
    let secret = f.workdir().join("outside.yaml");
    std::fs::write(&secret, "title: \"qzoutsidesecretqz\nbroken: [\n").unwrap();
    f.remove("site.yaml");
    std::os::unix::fs::symlink("../outside.yaml", f.path("site.yaml")).unwrap();
    let r = refused_build(&f, &[("E007", "site.yaml")]);
    assert!(
        !r.stderr.contains("qzoutsidesecretqz"),
        "text of a file outside the content directory was shown:\n{}",
        r.stderr
    );
}

/// `/proc/self/environ` would print the CI's secrets into its log;
/// `/dev/zero` never ends. A pull request can add either as a symlink.
#[cfg(target_os = "linux")]
#[test]
fn links_to_special_files_are_refused_quickly_and_print_nothing_of_them() {
    for (file, target) in [
        ("policy.yaml", "/dev/zero"),
        ("site.yaml", "/proc/self/environ"),
        ("contacts.yaml", "/dev/urandom"),
        (NEW, "/proc/self/environ"),
        ("handbook/zero.md", "/dev/zero"),
    ] {
        let f = fixture_with_site();
        if f.path(file).exists() {
            f.remove(file);
        }
        std::os::unix::fs::symlink(target, f.path(file)).unwrap();
        let before = Snapshot::of(f.workdir());
        for args in [
            vec!["check", "--content", "content", "--today", TODAY],
            build_args("public", &[]),
        ] {
            let r = finish(spawn_capped(f.workdir(), &args), &args, HOSTILE_DEADLINE);
            assert_eq!(
                r.code(),
                Some(1),
                "{file} -> {target}: {args:?}\n{}",
                r.stderr
            );
            assert!(
                r.stderr.contains("[E007]") || r.stderr.contains("[E009]"),
                "{file} -> {target}: {}",
                r.stderr
            );
            assert!(
                !r.stderr.contains("qzenvcanaryqz") && !r.stdout.contains("qzenvcanaryqz"),
                "{file} -> {target}: the environment was printed"
            );
        }
        before.assert_same(&Snapshot::of(f.workdir()));
    }
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_e008_and_the_build_terminates() {
    let f = fixture_with_site();
    std::os::unix::fs::symlink("..", f.path("incidents/2026/up")).unwrap();
    std::os::unix::fs::symlink("b.yaml", f.path("incidents/2026/a.yaml")).unwrap();
    std::os::unix::fs::symlink("a.yaml", f.path("incidents/2026/b.yaml")).unwrap();
    std::os::unix::fs::symlink(".", f.path("handbook/self")).unwrap();
    refused_build(
        &f,
        &[
            ("E008", "incidents/2026/up"),
            ("E008", "incidents/2026/a.yaml"),
        ],
    );
}

// ---------------------------------------------------------------------------
// Resource limits
// ---------------------------------------------------------------------------

#[test]
fn alias_bomb_is_e006() {
    let f = fixture_with_site();
    let mut y = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..=9 {
        let p = format!("*a{}", i - 1);
        y.push_str(&format!("a{i}: &a{i} [{}]\n", vec![p; 10].join(", ")));
    }
    f.write(NEW, y);
    refused_build(&f, &[("E006", NEW)]);
}

/// A record of about `size` bytes that is one big anchored scalar (half of
/// it) and aliases of that scalar (the other half): a few values, but
/// gigabytes once the aliases are copied. With the line the aliases start on.
fn big_scalar_aliases(size: usize) -> (String, usize) {
    let mut y = format!(
        "id: INC-2026-099\ntitle: x\nsummary: &a \"{}\"\nlessons:\n",
        "x".repeat(size / 2)
    );
    while y.len() < size {
        y.push_str("  - *a\n");
    }
    (y, 5)
}

/// Aliases of aliases of a 1 kB scalar, ten at each of nine levels.
fn nested_alias_bomb() -> String {
    let mut y = format!("id: INC-2026-098\na0: &a0 {}\n", "y".repeat(1000));
    for i in 1..=9 {
        let p = format!("*a{}", i - 1);
        y.push_str(&format!("a{i}: &a{i} [{}]\n", vec![p; 10].join(", ")));
    }
    y
}

/// The finding: a 1 MB record (and a 3.8 MB one) of one big anchored scalar
/// and its aliases passed the 4 MiB file limit and the value limit, and made
/// `build` abort on memory (exit 134, staging folder left behind) and `check`
/// use more than 4 GB. Both must refuse with E006 at an alias, quickly, in
/// an address space capped at 1 GiB, leaving nothing behind.
#[cfg(unix)]
#[test]
fn aliases_of_a_big_scalar_are_e006_within_a_small_memory_cap() {
    const CAP_KIB: u64 = 1 << 20;
    for size in [1_000_000, 3_800_000] {
        let f = fixture_with_site();
        let (text, first_alias) = big_scalar_aliases(size);
        f.write(NEW, &text);
        f.write("incidents/2026/INC-2026-098.yaml", nested_alias_bomb());
        let before = Snapshot::of(f.workdir());
        let args = [
            "check",
            "--content",
            "content",
            "--today",
            TODAY,
            "--format",
            "json",
        ];
        let start = Instant::now();
        let r = finish(
            spawn_capped_to(f.workdir(), &args, CAP_KIB),
            &args,
            HOSTILE_DEADLINE,
        );
        let took = start.elapsed();
        assert_eq!(r.code(), Some(1), "{size}: {}", r.stderr);
        let json: serde_json::Value =
            serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{size}: {e}\n{}", r.stderr));
        let diags = json["diagnostics"].as_array().unwrap();
        for (file, src) in [
            (NEW, text.as_str()),
            ("incidents/2026/INC-2026-098.yaml", &nested_alias_bomb()),
        ] {
            let d = diags
                .iter()
                .find(|d| d["file"] == file)
                .unwrap_or_else(|| panic!("{size}: nothing for {file}: {json}"));
            assert_eq!(d["code"], "E006", "{size}: {d}");
            assert!(d["hint"].as_str().is_some_and(|h| !h.is_empty()), "{d}");
            let line = d["line"].as_u64().unwrap() as usize;
            let col = d["column"].as_u64().unwrap() as usize;
            let at = src.lines().nth(line - 1).unwrap_or("");
            if file == NEW {
                // At the alias that crosses the limit.
                assert!(line > first_alias, "{size}: {d}");
                assert_eq!(at.chars().nth(col - 1), Some('*'), "{size}: {d}");
            }
        }
        before.assert_same(&Snapshot::of(f.workdir()));
        // Generous for a debug build on a shared machine; release takes
        // well under a second.
        assert!(
            took < Duration::from_secs(20),
            "{size}: check took {took:?}"
        );
        refused_build_by(
            &f,
            &[("E006", NEW), ("E006", "incidents/2026/INC-2026-098.yaml")],
            |w, a| spawn_capped_to(w, a, CAP_KIB),
        );
    }
}

#[test]
fn deep_nesting_is_e006() {
    let f = fixture_with_site();
    f.write(NEW, format!("id: {}\n", "[".repeat(100_000)));
    let mut block = String::new();
    for depth in 0..500 {
        block.push_str(&" ".repeat(depth));
        block.push_str(&format!("k{depth}:\n"));
    }
    f.write("incidents/2026/INC-2026-098.yaml", block);
    refused_build(
        &f,
        &[("E006", NEW), ("E006", "incidents/2026/INC-2026-098.yaml")],
    );
}

#[test]
fn twenty_megabyte_file_is_e005() {
    let f = fixture_with_site();
    let line = "# padding padding padding padding padding padding padding padding\n";
    f.write(NEW, line.repeat(20 * 1024 * 1024 / line.len() + 1));
    f.write("handbook/huge.md", "x".repeat(20 * 1024 * 1024));
    refused_build(&f, &[("E005", NEW), ("E005", "handbook/huge.md")]);
}

#[test]
fn invalid_utf8_is_e002() {
    let f = fixture_with_site();
    let mut bytes = f.read("incidents/2026/INC-2026-007.yaml").into_bytes();
    bytes.truncate(bytes.len() / 2);
    bytes.extend_from_slice(b"\nlessons: \xff\xfe broken\n");
    f.write("incidents/2026/INC-2026-007.yaml", bytes);
    f.write(
        "handbook/sjis.md",
        b"---\ntitle: \x93\xfa\x96\x7b\n---\n\x93\xfa\x96\x7b\n",
    );
    refused_build(
        &f,
        &[
            ("E002", "incidents/2026/INC-2026-007.yaml"),
            ("E002", "handbook/sjis.md"),
        ],
    );
}

// ---------------------------------------------------------------------------
// The output directory
// ---------------------------------------------------------------------------

/// A build with `--out out` is refused (exit 2) and changes nothing at all.
fn refused_out(f: &Fixture, out: &str, why: &str) {
    let before = Snapshot::of(f.workdir());
    let r = run(f.workdir(), &build_args(out, &[]), HOSTILE_DEADLINE);
    assert_eq!(r.code(), Some(2), "--out {out}: {}", r.stderr);
    assert!(r.stderr.contains(why), "--out {out}: {}", r.stderr);
    before.assert_same(&Snapshot::of(f.workdir()));
}

#[test]
fn out_inside_the_content_is_refused_and_nothing_is_created() {
    let f = Fixture::example();
    refused_out(&f, "content/public", "inside the content directory");
    refused_out(&f, "content", "inside the content directory");
    // A missing parent must not be created inside the content either.
    refused_out(&f, "content/site/public", "inside the content directory");
    // The content inside the output: replacing it would delete the content.
    refused_out(&f, ".", "inside the output directory");
}

#[test]
fn missing_parents_of_an_accepted_out_are_created() {
    let f = Fixture::example();
    let r = run(
        f.workdir(),
        &build_args("site/a/public", &[]),
        BUILD_DEADLINE,
    );
    assert_eq!(r.code(), Some(0), "{}", r.stderr);
    assert!(f.workdir().join("site/a/public/index.html").is_file());
}

#[test]
fn a_directory_not_made_by_ismsbook_is_refused_and_untouched() {
    let f = Fixture::example();
    let docs = f.workdir().join("docs");
    std::fs::create_dir_all(docs.join("sub")).unwrap();
    std::fs::write(docs.join("notes.md"), "mine\n").unwrap();
    std::fs::write(docs.join("sub/.hidden"), "also mine\n").unwrap();
    refused_out(&f, "docs", "not written by ismsbook");
    // Only hidden files: still not empty, still not ours.
    let dot = f.workdir().join("dot");
    std::fs::create_dir_all(&dot).unwrap();
    std::fs::write(dot.join(".keep"), "").unwrap();
    refused_out(&f, "dot", "not written by ismsbook");
    // A file, and a link to a directory, are not output directories.
    std::fs::write(f.workdir().join("file"), "x").unwrap();
    refused_out(&f, "file", "not a directory");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("docs", f.workdir().join("link")).unwrap();
        refused_out(&f, "link", "symbolic link");
    }
}

#[test]
fn check_and_build_leave_the_content_byte_identical() {
    let f = Fixture::example();
    // A git repository in the content directory: the build reads its
    // history; it must not even refresh the index.
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(f.root())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let in_git = git(&["init", "-q"]) && git(&["add", "-A"]) && git(&["commit", "-qm", "c"]);
    // Make the index stale, so that a `git status` that may write would.
    std::thread::sleep(Duration::from_millis(1100));
    let touched = f.read("incidents/2026/INC-2026-001.yaml");
    f.write("incidents/2026/INC-2026-001.yaml", touched);
    let content = Snapshot::of(&f.root());
    for format in ["human", "json", "github"] {
        let r = run(
            f.workdir(),
            &[
                "check",
                "--content",
                "content",
                "--today",
                TODAY,
                "--format",
                format,
            ],
            HOSTILE_DEADLINE,
        );
        assert_eq!(r.code(), Some(0), "{}", r.stderr);
    }
    for audience in ["staff", "auditor"] {
        let out = format!("out-{audience}");
        let r = run(
            f.workdir(),
            &build_args(&out, &["--audience", audience]),
            BUILD_DEADLINE,
        );
        assert_eq!(r.code(), Some(0), "{}", r.stderr);
        let v = run(f.workdir(), &["verify", &out], HOSTILE_DEADLINE);
        assert_eq!(v.code(), Some(0), "{}{}", v.stdout, v.stderr);
    }
    content.assert_same(&Snapshot::of(&f.root()));
    // Nothing beside the outputs: no staging or old directories left over.
    let mut names: Vec<String> = std::fs::read_dir(f.workdir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["content", "out-auditor", "out-staff"],
        "git: {in_git}"
    );
}

// ---------------------------------------------------------------------------
// Interrupted builds
// ---------------------------------------------------------------------------

/// Staging directories of builds beside `public`.
fn staging_dirs(workdir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(workdir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".public.tmp-"))
        .map(|e| e.path())
        .collect()
}

fn files_under(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count()
}

#[cfg(unix)]
#[test]
fn a_build_killed_half_way_leaves_the_previous_site_byte_identical() {
    let f = Fixture::empty();
    std::fs::remove_dir(f.root()).unwrap();
    let mut opts = gen_corpus::Options::new(400, f.root());
    opts.today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    gen_corpus::generate(&opts).expect("corpus");
    let r = run(f.workdir(), &build_args("public", &[]), BUILD_DEADLINE);
    assert_eq!(r.code(), Some(0), "{}", r.stderr);
    let site = Snapshot::of(&f.workdir().join("public"));
    // A changed title: a build that did finish would change every page.
    let title = f.read("site.yaml");
    let changed = title
        .lines()
        .map(|l| {
            if l.starts_with("title:") {
                "title: 中断テスト".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    f.write("site.yaml", changed + "\n");

    // Kill at several points of the writing: as soon as the staging directory
    // exists, after some files, after many; by SIGKILL and by Ctrl-C.
    let mut killed_mid_write = 0;
    for (min_files, signal) in [(0, "KILL"), (20, "KILL"), (300, "KILL"), (50, "INT")] {
        let args = build_args("public", &[]);
        let mut child = spawn(f.workdir(), &args);
        let start = Instant::now();
        let pid = child.id().to_string();
        let mut seen = 0;
        loop {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            assert!(
                start.elapsed() < BUILD_DEADLINE,
                "build never started writing"
            );
            let staged: usize = staging_dirs(f.workdir())
                .iter()
                .filter(|d| d.to_string_lossy().ends_with(&pid))
                .map(|d| files_under(d))
                .sum();
            if staging_dirs(f.workdir())
                .iter()
                .any(|d| d.to_string_lossy().ends_with(&pid))
                && staged >= min_files
            {
                seen = staged;
                let ok = Command::new("kill")
                    .args([&format!("-{signal}"), &pid])
                    .status()
                    .is_ok_and(|s| s.success());
                assert!(ok, "kill -{signal} {pid}");
                break;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        let r = finish(child, &args, BUILD_DEADLINE);
        if r.code().is_none() {
            killed_mid_write += 1;
        }
        eprintln!("kill -{signal} after {seen} staged files: {:?}", r.status);
        site.assert_same(&Snapshot::of(&f.workdir().join("public")));
    }
    assert!(
        killed_mid_write >= 3,
        "the builds finished before they could be interrupted"
    );

    // The next build still works, whatever the interrupted ones left.
    let r = run(f.workdir(), &build_args("public", &[]), BUILD_DEADLINE);
    assert_eq!(r.code(), Some(0), "{}", r.stderr);
    let index = std::fs::read_to_string(f.workdir().join("public/index.html")).unwrap();
    assert!(index.contains("中断テスト"));
    assert!(!f.root().join("public").exists());
}

// ---------------------------------------------------------------------------
// Fuzz regressions
// ---------------------------------------------------------------------------

/// Inputs kept in `fuzz/regressions/<target>/`, so the ordinary test run
/// replays them without `cargo fuzz`.
pub fn regression_inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.path().is_file())
                .map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    (name, std::fs::read(e.path()).unwrap())
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// What the `load_validate` fuzz target does, on every kept input.
#[test]
fn load_validate_fuzz_regressions_load_and_validate() {
    let root = common::example_dir();
    let content = ismsbook::load::load(&root).unwrap().content;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let inputs = regression_inputs("load_validate");
    assert!(!inputs.is_empty());
    for (name, bytes) in inputs {
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let start = Instant::now();
        let (incident, _) = ismsbook::load::incident_from_str(
            text,
            "incidents/2026/FUZZ.yaml",
            content.site.timezone,
        );
        if let Some(incident) = incident {
            let mut c = content.clone();
            c.incidents = vec![incident];
            let _ = ismsbook::validate::validate(&c, &root, today);
        }
        assert!(start.elapsed() < HOSTILE_DEADLINE, "{name} took too long");
    }
}

// ---------------------------------------------------------------------------
// A record changed between the check and the render
// ---------------------------------------------------------------------------

const CHANGED: &str = "incidents/2026/INC-2026-003.yaml";

/// Build `f`'s content into `public/` for `audience` through the library,
/// writing `edit` over `CHANGED` when the render starts (after every
/// record was read and checked, before any is read again): deterministic,
/// no timing. Returns the build's diagnostics (it must fail), having
/// checked that the previous site and the content are as they were but
/// for the edit.
fn build_edited_between_passes(f: &Fixture, audience: Option<&str>, edit: &str) -> Vec<String> {
    build_with_file_edited_between_passes(f, audience, CHANGED, edit)
}

/// [`build_edited_between_passes`] writing `edit` over the content file
/// `file`.
fn build_with_file_edited_between_passes(
    f: &Fixture,
    audience: Option<&str>,
    file: &str,
    edit: &str,
) -> Vec<String> {
    use ismsbook::site::build::{build, build_with_progress, BuildError, BuildOptions, Phase};
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let opts = BuildOptions {
        content: f.root(),
        out: f.workdir().join("public"),
        theme: None,
        today,
        audience: audience.map(str::to_string),
    };
    build(&opts).expect("the example builds");
    let path = f.path(file);
    let mut before = Snapshot::of(f.workdir());
    let edited = std::sync::atomic::AtomicBool::new(false);
    let result = build_with_progress(&opts, &|phase| {
        if phase == Phase::Render && !edited.swap(true, std::sync::atomic::Ordering::SeqCst) {
            std::fs::write(&path, edit).unwrap();
        }
    });
    assert!(edited.into_inner(), "the render started");
    let Err(BuildError::Diagnostics(d)) = result else {
        panic!(
            "the build for {audience:?} went on: {:?}",
            result.map(|r| (r.pages, r.records))
        );
    };
    // Nothing written: the site and the content as they were, but the edit.
    let mut after = Snapshot::of(f.workdir());
    let edited_file = |p: &PathBuf| p.ends_with(file);
    before.0.retain(|p, _| !edited_file(p));
    after.0.retain(|p, _| !edited_file(p));
    before.assert_same(&after);
    d.iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {}:{}", d.code, d.file, d.pos.line))
        .collect()
}

#[test]
fn a_record_changed_between_the_passes_but_still_valid_stops_the_build_with_e016() {
    // The streamed build (the default audience) and the one from the whole
    // model (the case book).
    for audience in [None, Some("training")] {
        let f = Fixture::example();
        // Still valid, and no rule would object; but no rule has seen it.
        let text = f.read(CHANGED);
        let edit = text.replacen("title: ", "title: 書き換えた件名 ", 1);
        assert_ne!(edit, text);
        let errors = build_edited_between_passes(&f, audience, &edit);
        assert_eq!(errors, [format!("E016 {CHANGED}:1")], "{audience:?}");
    }
}

#[test]
fn a_document_changed_between_the_passes_stops_the_case_book_with_e016() {
    // The case book reads the whole content again; the policy, the
    // contacts, the site settings, the handbook pages, the templates and
    // the drills it renders must be those checked.
    for file in [
        "policy.yaml",
        "contacts.yaml",
        "site.yaml",
        "handbook/start.md",
        "templates/first-report.md",
        "drills/2026/DRL-2026-01.yaml",
    ] {
        let f = Fixture::example();
        let edit = format!("{}\n# saved again\n", f.read(file));
        let errors = build_with_file_edited_between_passes(&f, Some("training"), file, &edit);
        assert_eq!(errors, [format!("E016 {file}:1")], "{file}");
    }
}

/// The manifest hashes the content files after the pages were rendered;
/// one saved again in between would be listed with the hash of a text no
/// page shows. The streamed build renders the handbook pages, templates and
/// drills from the check's reading: one saved again while the site is
/// rendered stops the build (E016) instead.
#[test]
fn a_page_changed_while_the_site_is_rendered_is_not_listed_with_its_new_hash() {
    for file in [
        "handbook/start.md",
        "templates/first-report.md",
        "drills/2026/DRL-2026-01.yaml",
        "policy.yaml",
    ] {
        let f = Fixture::example();
        let edit = format!("{}\n# saved again\n", f.read(file));
        let errors = build_with_file_edited_between_passes(&f, None, file, &edit);
        assert_eq!(errors, [format!("E016 {file}:1")], "{file}");
    }
}

#[test]
fn a_record_that_no_longer_parses_in_the_second_pass_is_reported_where_it_breaks() {
    for audience in [None, Some("training")] {
        let f = Fixture::example();
        let text = f.read(CHANGED);
        let line = text.lines().position(|l| l.starts_with("title:")).unwrap() + 1;
        let edit = text.replacen("title: ", "title: [unclosed ", 1);
        let errors = build_edited_between_passes(&f, audience, &edit);
        // Where the YAML reader stops: the line of the bracket or the next.
        assert!(
            [line, line + 1]
                .iter()
                .any(|l| errors.contains(&format!("E004 {CHANGED}:{l}"))),
            "{audience:?}: {errors:?}"
        );
        assert!(errors.contains(&format!("E016 {CHANGED}:1")), "{errors:?}");
    }
}
