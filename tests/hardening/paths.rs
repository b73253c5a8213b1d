//! Path safety: evidence, Markdown and top-level files leaving the content
//! (E007), special files, symlink loops (E008).

use super::*;

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
