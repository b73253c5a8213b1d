//! The output directory (`--out` rules, the content left byte-identical) and
//! interrupted builds (the previous site kept).

use super::*;

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
    let mut site = Snapshot::of(&f.workdir().join("public"));
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
        eprintln!("kill -{signal} after {seen} staged files: {:?}", r.status);
        let now = Snapshot::of(&f.workdir().join("public"));
        if r.code().is_none() {
            killed_mid_write += 1;
            site.assert_same(&now);
        } else {
            // The build finished before the signal reached it (a fast
            // machine): it must have succeeded, and its site is the one
            // the next interrupted builds must leave as it is.
            assert_eq!(r.code(), Some(0), "{}", r.stderr);
            site = now;
        }
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
