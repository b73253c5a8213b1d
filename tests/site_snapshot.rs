//! The whole output tree, pinned: the example site (staff, auditor and the training case book) and a
//! generated 1,000-record site are compared file by file with the SHA-256
//! lists committed under `tests/snapshots/`. A renamed CSV column, a dropped
//! field, a page that moved or a byte that changed anywhere fails this test
//! with the list of paths that differ.
//!
//! When a change to the output is intended, regenerate the lists and commit
//! them with the change (the diff of the list shows which files changed):
//!
//! ```text
//! ISMSBOOK_BLESS=1 cargo test --test site_snapshot
//! ```
//!
//! The content is copied to a temporary folder first, so no git history
//! (which differs between clones) reaches the output.

#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;

mod common;

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const TODAY: &str = "2026-11-22";

fn snapshot_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name)
}

/// Every file under `site`: relative `/`-separated path → SHA-256 (hex).
fn hashes(site: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(site).sort_by_file_name() {
        let entry = entry.expect("walk the built site");
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(site)
            .expect("inside the site")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let bytes = std::fs::read(entry.path()).expect("read a built file");
        out.insert(rel, format!("{:x}", Sha256::digest(&bytes)));
    }
    out
}

fn format_list(list: &BTreeMap<String, String>) -> String {
    list.iter().map(|(p, h)| format!("{h}  {p}\n")).collect()
}

fn parse_list(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|l| l.split_once("  "))
        .map(|(h, p)| (p.to_string(), h.to_string()))
        .collect()
}

fn build(content: &Path, out: &Path, extra: &[&str]) {
    build_on(content, out, extra, None);
}

/// A build with rayon's pool at `threads` worker threads (`None`: the default).
fn build_on(content: &Path, out: &Path, extra: &[&str], threads: Option<usize>) {
    let mut args = vec![
        "build",
        "--content",
        content.to_str().expect("utf-8 path"),
        "--out",
        out.to_str().expect("utf-8 path"),
        "--today",
        TODAY,
    ];
    args.extend_from_slice(extra);
    let mut command = Command::new(env!("CARGO_BIN_EXE_ismsbook"));
    command.args(&args);
    if let Some(n) = threads {
        command.env("RAYON_NUM_THREADS", n.to_string());
    }
    let run = command.output().expect("run ismsbook");
    assert!(
        run.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Compare the built tree with the committed list, or write the list when
/// `ISMSBOOK_BLESS` is set.
fn assert_matches(site: &Path, list_name: &str) {
    let now = hashes(site);
    let path = snapshot_file(list_name);
    if std::env::var_os("ISMSBOOK_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().expect("snapshots dir")).expect("mkdir");
        std::fs::write(&path, format_list(&now)).expect("write the snapshot list");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing; create it with ISMSBOOK_BLESS=1 cargo test --test site_snapshot",
            path.display()
        )
    });
    let before = parse_list(&committed);
    let mut problems = Vec::new();
    for (p, h) in &before {
        match now.get(p) {
            None => problems.push(format!("missing now: {p}")),
            Some(n) if n != h => problems.push(format!("changed:     {p}")),
            Some(_) => {}
        }
    }
    for p in now.keys().filter(|p| !before.contains_key(*p)) {
        problems.push(format!("new:         {p}"));
    }
    if !problems.is_empty() {
        let shown: Vec<_> = problems.iter().take(40).cloned().collect();
        panic!(
            "the built site differs from {} in {} file(s):\n  {}\n{}\nIf the change is intended, run\n  ISMSBOOK_BLESS=1 cargo test --test site_snapshot\nand commit the new list.",
            list_name,
            problems.len(),
            shown.join("\n  "),
            if problems.len() > shown.len() { "  …" } else { "" }
        );
    }
}

fn example_copy(dir: &Path) -> PathBuf {
    let content = dir.join("content");
    common::copy_tree(&common::example_dir(), &content);
    content
}

#[test]
fn example_site_staff_is_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = example_copy(dir.path());
    let out = dir.path().join("site");
    build(&content, &out, &[]);
    assert_matches(&out, "example-staff.sha256");
}

#[test]
fn example_site_auditor_is_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = example_copy(dir.path());
    let out = dir.path().join("site");
    build(&content, &out, &["--audience", "auditor"]);
    assert_matches(&out, "example-auditor.sha256");
}

#[test]
fn example_case_book_is_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = example_copy(dir.path());
    let out = dir.path().join("site");
    build(&content, &out, &["--audience", "training"]);
    assert_matches(&out, "example-training.sha256");
}

#[test]
fn generated_1000_record_site_is_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = dir.path().join("content");
    let mut opts = gen_corpus::Options::new(1000, &content);
    opts.seed = 7;
    gen_corpus::generate(&opts).expect("corpus generated");
    let out = dir.path().join("site");
    build(&content, &out, &[]);
    assert_matches(&out, "corpus-1000-staff.sha256");
}

/// Issue 17: "outputs remain byte-identical across thread counts". One worker
/// runs every job in order; four on two cores interleave them differently
/// each run. Both must give the pinned bytes.
#[test]
fn generated_site_is_the_same_on_one_and_four_threads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = dir.path().join("content");
    let mut opts = gen_corpus::Options::new(1000, &content);
    opts.seed = 7;
    gen_corpus::generate(&opts).expect("corpus generated");
    for threads in [1, 4] {
        let out = dir.path().join(format!("site-{threads}"));
        build_on(&content, &out, &[], Some(threads));
        assert_matches(&out, "corpus-1000-staff.sha256");
    }
}

#[test]
fn the_same_content_in_another_folder_gives_the_same_bytes() {
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    let (ca, cb) = (example_copy(a.path()), example_copy(b.path()));
    let (oa, ob) = (a.path().join("out-a"), b.path().join("elsewhere/out-b"));
    build(&ca, &oa, &["--audience", "auditor"]);
    build(&cb, &ob, &["--audience", "auditor"]);
    assert_eq!(hashes(&oa), hashes(&ob));
}
