//! A seeded mutation campaign over `check` and `build`: the example content
//! copied, then corrupted one way per case (truncated at structural points,
//! NUL bytes, invalid UTF-8, BOMs, tabs, deep YAML, alias bombs, long lines,
//! huge numbers, every field given every wrong type, bidi and zero-width
//! characters, path traversal and symbolic links, code-running URLs, raw
//! HTML and SVG with script, `</script>` in text that lands in JSON inside
//! HTML, CR and LF in titles). The cases are the same on every run
//! (`cases::all`, from a fixed seed); each runs in process on its own
//! thread with a deadline, and for each:
//!
//! - neither `check` nor `build` panics or outlives the deadline;
//! - `check` and `build` agree: errors from one are errors from the other;
//! - invalid content gets at least one error, and every error names a file
//!   of the content directory with a line and column of 1 or more;
//! - a failed build leaves nothing: no `--out`, no staging folder beside it;
//! - a build writes nothing outside `--out`, and the content directory is
//!   byte-identical afterwards;
//! - a built site's pages hold no executable markup from the content
//!   (`tests/xss/scan.rs`: scripts that are not the theme's files or JSON
//!   data, `on*=` attributes, `javascript:`/`data:`/`vbscript:` URLs).
//!
//! The default run is a seeded sample (about 300 cases, each payload once
//! in a combined case); `ISMSBOOK_MUTATION_ALL=1` runs all of them (about
//! 800; minutes in a debug build).
//! `ISMSBOOK_MUTATION_LIST=1` lists the chosen cases without running them.
//! `ISMSBOOK_MUTATION_CASE=<name part>|<name part>` runs only the cases whose
//! names hold one of the parts; `ISMSBOOK_MUTATION_TIMES=1` prints each
//! case's time (with `-- --nocapture`).

mod common;

#[path = "mutations/cases.rs"]
mod cases;
#[path = "xss/scan.rs"]
#[allow(dead_code)]
mod scan;

use cases::{Case, Op};
use chrono::NaiveDate;
use ismsbook::site::{build, BuildError, BuildOptions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Longest one case (check and build, debug build) may take.
const DEADLINE: Duration = Duration::from_secs(30);

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).expect("date")
}

/// Every file of `dir` (symbolic links as `-> target`), by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let rel = path
                .strip_prefix(root)
                .expect("under root")
                .to_string_lossy()
                .replace('\\', "/");
            let meta = std::fs::symlink_metadata(&path).expect("metadata");
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).expect("link");
                out.insert(rel, format!("-> {}", target.display()).into_bytes());
            } else if meta.is_dir() {
                out.insert(format!("{rel}/"), Vec::new());
                walk(root, &path, out);
            } else {
                out.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn apply(content: &Path, ops: &[Op]) {
    for op in ops {
        match op {
            Op::Write(rel, bytes) => {
                let path = content.join(rel);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).expect("mkdir");
                }
                std::fs::write(path, bytes).expect("write");
            }
            Op::Remove(rel) => {
                let path = content.join(rel);
                if path.is_dir() {
                    std::fs::remove_dir_all(path).expect("rm -r");
                } else {
                    std::fs::remove_file(path).expect("rm");
                }
            }
            #[cfg(unix)]
            Op::Symlink(rel, target) => {
                let path = content.join(rel);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).expect("mkdir");
                }
                std::os::unix::fs::symlink(target, path).expect("symlink");
            }
            #[cfg(not(unix))]
            Op::Symlink(..) => {}
        }
    }
}

/// What `check` and `build` made of one case.
struct Outcome {
    check_errors: Vec<String>,
    check_failed_to_load: Option<String>,
    build: Result<usize, String>,
    build_errors: Vec<String>,
}

/// An error diagnostic as `file:line:col code`, with `!` in front when it
/// does not name a file of the content directory at a line and column.
fn located(d: &ismsbook::diagnostics::Diagnostic, content: &Path) -> String {
    let ok = !d.file.is_empty()
        && d.pos.line >= 1
        && d.pos.col >= 1
        && !d.file.starts_with('/')
        && !d.file.split('/').any(|c| c == "..")
        // E009 names a required file that is missing, at 1:1.
        && (d.code == "E009" || std::fs::symlink_metadata(content.join(&d.file)).is_ok());
    format!(
        "{}{}:{}:{} {} {}",
        if ok { "" } else { "!" },
        d.file,
        d.pos.line,
        d.pos.col,
        d.code,
        d.message
    )
}

fn run_case(content: PathBuf, out: PathBuf) -> Outcome {
    let checked = ismsbook::site::check(&content, |_| today());
    let (check_errors, check_failed_to_load) = match &checked {
        Ok(c) => (
            c.diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| located(d, &content))
                .collect(),
            None,
        ),
        Err(e) => (Vec::new(), Some(e.to_string())),
    };
    drop(checked);
    let opts = BuildOptions {
        content: content.clone(),
        out,
        theme: None,
        today: today(),
        audience: None,
    };
    let (build, build_errors) = match build(&opts) {
        Ok(report) => (Ok(report.files), Vec::new()),
        Err(BuildError::Diagnostics(d)) => (
            Err("diagnostics".to_string()),
            d.iter()
                .filter(|d| d.is_error())
                .map(|d| located(d, &content))
                .collect(),
        ),
        Err(e) => (Err(format!("{e:?}")), Vec::new()),
    };
    Outcome {
        check_errors,
        check_failed_to_load,
        build,
        build_errors,
    }
}

/// Runs one case; returns its problems (empty when it held up).
fn one(base: &BTreeMap<String, Vec<u8>>, case: &Case) -> Vec<String> {
    let tmp = tempfile::Builder::new()
        .prefix("ismsbook-mutation")
        .tempdir()
        .expect("tmp");
    let content = tmp.path().join("content");
    for (rel, bytes) in base {
        if let Some(dir) = rel.strip_suffix('/') {
            std::fs::create_dir_all(content.join(dir)).expect("mkdir");
        } else {
            let path = content.join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, bytes).expect("write");
        }
    }
    apply(&content, &case.ops);
    let before = tree(&content);
    let site = tmp.path().join("site");
    std::fs::create_dir(&site).expect("mkdir site");
    let out = site.join("out");

    let (tx, rx) = mpsc::channel();
    let (c, o) = (content.clone(), out.clone());
    let worker = std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let _ = tx.send(run_case(c, o));
        })
        .expect("thread");
    let mut problems = Vec::new();
    let outcome = match rx.recv_timeout(DEADLINE) {
        Ok(o) => o,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            // Leave the thread: the test fails and the process ends.
            std::mem::forget(tmp);
            return vec![format!("did not finish within {DEADLINE:?}")];
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let _ = worker.join();
            return vec!["panicked (see the message above)".to_string()];
        }
    };
    let _ = worker.join();

    if tree(&content) != before {
        problems.push("the content directory changed".to_string());
    }
    let beside: Vec<String> = std::fs::read_dir(&site)
        .expect("site dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "out")
        .collect();
    if !beside.is_empty() {
        problems.push(format!("left beside --out: {beside:?}"));
    }
    let outside: Vec<String> = std::fs::read_dir(tmp.path())
        .expect("tmp")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "content" && n != "site")
        .collect();
    if !outside.is_empty() {
        problems.push(format!("wrote outside --out: {outside:?}"));
    }
    if let Some(e) = &outcome.check_failed_to_load {
        problems.push(format!("check could not load the content: {e}"));
    }
    for e in outcome.check_errors.iter().chain(&outcome.build_errors) {
        if e.starts_with('!') {
            problems.push(format!("error without a file:line:column: {e}"));
        }
    }
    let check_failed = !outcome.check_errors.is_empty();
    match &outcome.build {
        Ok(_) if check_failed => problems.push(format!(
            "check found errors, build succeeded: {:?}",
            outcome.check_errors
        )),
        Ok(_) => problems.extend(inert(&out)),
        Err(e) => {
            if out.exists() {
                problems.push(format!("a failed build ({e}) left {}", out.display()));
            }
            if !check_failed && outcome.check_failed_to_load.is_none() {
                problems.push(format!("check passed, build failed: {e}"));
            }
            if e == "diagnostics" && outcome.build_errors.is_empty() {
                problems.push("build failed with no error diagnostic".to_string());
            }
        }
    }
    if case.invalid && !check_failed && outcome.check_failed_to_load.is_none() {
        problems.push("invalid content passed check".to_string());
    }
    problems
}

/// The nearest character boundary of `s` at or before `i`.
fn boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Executable markup in the built pages (the theme's own scripts are local
/// files, which the scan allows).
fn inert(out: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for (rel, bytes) in tree(out) {
        let lower = rel.to_ascii_lowercase();
        if !(lower.ends_with(".html") || lower.ends_with(".svg")) {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        for f in scan::executable_markup(&text) {
            let from = boundary(&text, f.at.saturating_sub(60));
            let to = boundary(&text, f.at + 80);
            problems.push(format!("{rel}@{}: {} …{}…", f.at, f.what, &text[from..to]));
        }
    }
    problems
}

#[test]
fn mutated_content_never_panics_escapes_or_runs_script() {
    let base = tree(&common::example_dir());
    let only = std::env::var("ISMSBOOK_MUTATION_CASE").ok();
    let all = cases::all(&base);
    let every = std::env::var_os("ISMSBOOK_MUTATION_ALL").is_some();
    let started = Instant::now();
    let chosen: Vec<&Case> = all
        .iter()
        .filter(|c| match only.as_deref() {
            Some(o) => o.split('|').any(|p| c.name.contains(p)),
            None => every || !c.extended,
        })
        .collect();
    let ran = chosen.len();
    if std::env::var_os("ISMSBOOK_MUTATION_LIST").is_some() {
        for c in &chosen {
            eprintln!(
                "{}{}",
                if c.invalid { "invalid  " } else { "         " },
                c.name
            );
        }
        return;
    }
    if only.is_none() {
        assert!(ran >= 300, "only {ran} cases of {}", all.len());
    }
    // Two workers at most: each case is its own directory, so the order
    // they finish in changes nothing but the time.
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 2);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(case) = chosen.get(i) else { break };
                let t = Instant::now();
                let problems = one(&base, case);
                if std::env::var_os("ISMSBOOK_MUTATION_TIMES").is_some() {
                    eprintln!("{:>8.3} s  {}", t.elapsed().as_secs_f64(), case.name);
                }
                if !problems.is_empty() {
                    let text = format!("{}:\n    {}", case.name, problems.join("\n    "));
                    failures.lock().expect("lock").push((i, text));
                }
            });
        }
    });
    let mut failures = failures.into_inner().expect("lock");
    failures.sort();
    let failures: Vec<String> = failures.into_iter().map(|(_, t)| t).collect();
    eprintln!("{ran} mutation cases in {:?}", started.elapsed());
    assert!(
        failures.is_empty(),
        "{} of {ran} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
