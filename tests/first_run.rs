//! A first run as a new user makes it: commands find the content directory
//! without `--content` (here, a parent, or a `content/` child), say which
//! they use, and in a folder without one say how to start.

mod common;

use common::*;
use std::path::Path;

#[test]
fn check_runs_from_inside_the_content_directory() {
    let f = Fixture::example();
    let run = run_bin(&f.root(), &["check", "--today", TODAY]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("content directory: . (found site.yaml)\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("ok: 0 errors, 1 warning"),
        "{}",
        run.stderr
    );
    // The diagnostics name files as they are seen from here.
    assert!(
        run.stderr
            .contains("incidents/2026/INC-2026-007.yaml:57:10"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_runs_from_a_folder_inside_it_and_from_the_folder_above() {
    let f = Fixture::example();
    let run = run_bin(&f.path("incidents/2026"), &["check", "--today", TODAY]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("content directory: ../.. (found site.yaml)\n"),
        "{}",
        run.stderr
    );
    let run = run_bin(f.workdir(), &["check", "--today", TODAY, "--quiet"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        !run.stderr.contains("content directory:"),
        "--quiet says nothing: {}",
        run.stderr
    );
}

#[test]
fn an_empty_folder_says_how_to_start_in_the_language_asked() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_bin(dir.path(), &["check"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("no content directory here"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`ismsbook init content`"),
        "{}",
        run.stderr
    );
    let run = run_bin(dir.path(), &["build", "--lang", "ja"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("コンテンツのフォルダーが見つかりません"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`ismsbook init content`"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

/// The README's first steps, as written there.
#[test]
fn init_check_build_from_a_new_folder_need_no_flags() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_bin(dir.path(), &["init", "content"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let content = dir.path().join("content");
    let run = run_bin(&content, &["check"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let before = Snapshot::of(&content);
    let run = run_bin(&content, &["build"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    // The site goes beside the content directory, never into it.
    assert!(dir.path().join("public/index.html").is_file());
    before.assert_same(&Snapshot::of(&content));
    assert!(!Path::new(&content.join("public")).exists());
}
