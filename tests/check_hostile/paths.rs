//! Paths that leave the content directory; symlink loops and missing files;
//! everything at once.

use super::*;

// ---------------------------------------------------------------------------
// Paths that leave the content directory
// ---------------------------------------------------------------------------

#[test]
fn evidence_paths_that_escape_get_e007() {
    let f = Fixture::example();
    let cases = [
        "../outside.txt",
        "evidence/../../outside.txt",
        "/etc/passwd",
        "C:\\Windows\\win.ini",
        "\\\\server\\share\\log.txt",
    ];
    let entries: String = cases
        .iter()
        .map(|p| format!("  - path: '{p}'\n    description: 外\n"))
        .collect();
    std::fs::write(f.workdir().join("outside.txt"), "secret\n").unwrap();
    let text = f.replace(LEAK, "evidence:\n", &format!("evidence:\n{entries}"));
    let p = check_unchanged(&f).new_problems();
    assert_eq!(p.len(), cases.len(), "{}", list(&p));
    for case in cases {
        assert_has(
            &p,
            "E007",
            LEAK,
            value_at(&text, &format!("  - path: '{case}'")),
        );
    }
}

#[cfg(unix)]
#[test]
fn evidence_symlink_pointing_outside_gets_e007() {
    let f = Fixture::example();
    let outside = f.workdir().join("secret.csv");
    std::fs::write(&outside, "not evidence\n").unwrap();
    let ev = "evidence/INC-2025-007/mail-log.csv";
    f.remove(ev);
    std::os::unix::fs::symlink(&outside, f.path(ev)).unwrap();
    let text = f.read(LEAK);
    let p = check_unchanged(&f).new_problems();
    assert_only(
        &p,
        "E007",
        LEAK,
        value_at(&text, "  - path: evidence/INC-2025-007/mail-log.csv"),
    );
}

#[cfg(unix)]
#[test]
fn record_symlink_pointing_outside_gets_e007_and_is_not_read() {
    let f = Fixture::example();
    // A well-formed record outside: if it were read, its wrong id would show as E202.
    let outside = f.workdir().join("INC-2026-099.yaml");
    std::fs::write(&outside, f.read("incidents/2026/INC-2026-007.yaml")).unwrap();
    std::os::unix::fs::symlink(&outside, f.path(NEW)).unwrap();
    let p = check_unchanged(&f).new_problems();
    assert_only(&p, "E007", NEW, At { line: 1, col: 1 });
}

#[cfg(unix)]
#[test]
fn directory_symlink_pointing_outside_gets_one_e007_and_is_not_walked() {
    let f = Fixture::example();
    let outside = f.workdir().join("elsewhere");
    for i in 0..5 {
        let dir = outside.join(format!("d{i}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("notes.txt"), "x\n").unwrap();
        std::fs::write(dir.join("INC-2026-200.yaml"), "id: INC-2026-200\n").unwrap();
    }
    std::os::unix::fs::symlink(&outside, f.path("incidents/2027")).unwrap();
    let p = check_unchanged(&f).new_problems();
    assert_only(&p, "E007", "incidents/2027", At { line: 1, col: 1 });
}

// ---------------------------------------------------------------------------
// Symlink loops and missing files
// ---------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn symlink_loop_in_incidents_gets_e008_and_terminates() {
    let f = Fixture::example();
    std::os::unix::fs::symlink("..", f.path("incidents/2026/up")).unwrap();
    std::fs::create_dir(f.path("incidents/2026/sub")).unwrap();
    std::os::unix::fs::symlink("../../2026", f.path("incidents/2026/sub/again")).unwrap();
    let p = check_unchanged(&f).new_problems();
    assert_eq!(p.len(), 2, "{}", list(&p));
    assert_has(&p, "E008", "incidents/2026/up", At { line: 1, col: 1 });
    assert_has(
        &p,
        "E008",
        "incidents/2026/sub/again",
        At { line: 1, col: 1 },
    );
}

#[cfg(unix)]
#[test]
fn file_symlink_loops_get_e008() {
    let f = Fixture::example();
    std::os::unix::fs::symlink("b.yaml", f.path("incidents/2026/a.yaml")).unwrap();
    std::os::unix::fs::symlink("a.yaml", f.path("incidents/2026/b.yaml")).unwrap();
    std::os::unix::fs::symlink("self.yaml", f.path("incidents/2026/self.yaml")).unwrap();
    let p = check_unchanged(&f).new_problems();
    assert_eq!(p.len(), 3, "{}", list(&p));
    for rel in ["a.yaml", "b.yaml", "self.yaml"] {
        assert_has(
            &p,
            "E008",
            &format!("incidents/2026/{rel}"),
            At { line: 1, col: 1 },
        );
    }
}

#[test]
fn missing_policy_gets_e009_and_no_crash() {
    let f = Fixture::example();
    f.remove("policy.yaml");
    let r = check_unchanged(&f);
    assert_has(&r.diags, "E009", "policy.yaml", At { line: 1, col: 1 });
    assert_eq!(r.status, 1);
    all_formats_unchanged(&f);
}

/// One unreadable policy or contacts file is one error with a note, not
/// every reference elsewhere reported as unknown (about 180 on the example).
#[cfg(unix)]
#[test]
fn an_unreadable_policy_or_contacts_file_is_one_error_with_a_note() {
    for (file, how) in [
        ("policy.yaml", "fifo"),
        ("contacts.yaml", "fifo"),
        ("policy.yaml", "syntax"),
        ("contacts.yaml", "syntax"),
    ] {
        let f = Fixture::example();
        f.remove(file);
        match how {
            "fifo" => {
                let path = std::ffi::CString::new(f.path(file).to_str().unwrap()).unwrap();
                // SAFETY: a valid NUL-terminated path; mkfifo only creates a node.
                assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0);
            }
            _ => f.write(file, "levels: [\n"),
        }
        let r = f.check();
        let errors: Vec<&Diag> = r.diags.iter().filter(|d| d.severity == "error").collect();
        assert_eq!(errors.len(), 1, "{file} ({how}):\n{}", list(&r.diags));
        let e = errors[0];
        assert_eq!(e.file, file, "{e}");
        let code = if how == "fifo" { "E001" } else { "E004" };
        assert_eq!(e.code, code, "{e}");
        if how == "fifo" {
            assert!(e.message.contains("not a regular file"), "{e}");
        }
        let hint = e.hint.as_deref().unwrap_or_default();
        assert!(
            hint.contains("not checked against") && hint.contains("left out"),
            "{e}"
        );
        assert_eq!(r.status, 1);
    }
}

#[test]
fn empty_content_directory_names_each_missing_file() {
    let f = Fixture::empty();
    let r = check_unchanged(&f);
    assert_eq!(
        r.status, 1,
        "an empty directory is a content problem (1), not a usage error (2)"
    );
    for rel in ["site.yaml", "policy.yaml", "contacts.yaml"] {
        assert_has(&r.diags, "E009", rel, At { line: 1, col: 1 });
    }
}

// ---------------------------------------------------------------------------
// Everything at once
// ---------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn all_hostile_inputs_together_in_every_format() {
    let f = Fixture::example();
    let mut rng = Rng::new(42);
    f.write("incidents/2026/INC-2026-100.yaml", rng.bytes(3000));
    f.write("incidents/2026/INC-2026-101.yaml", "[".repeat(100_000));
    f.write("incidents/2026/INC-2026-102.yaml", b"id: \xff\n");
    f.write("incidents/2026/INC-2026-103.yaml", "");
    f.write("incidents/2026/INC-2026-104.yaml", "id: x\n\ttitle: y\n");
    // Many short lines (a single huge line is the ignored test above).
    f.write(
        "incidents/2026/INC-2026-105.yaml",
        "x: 1\n".repeat(1024 * 1024 + 1),
    );
    f.write("handbook/zz.md", rng.yamlish(500));
    std::os::unix::fs::symlink("..", f.path("incidents/2026/loop")).unwrap();
    f.replace(
        LEAK,
        "  - path: evidence/INC-2025-007/mail-log.csv",
        "  - path: ../../etc/passwd",
    );
    let r = check_unchanged(&f);
    for (rel, code) in [
        ("incidents/2026/INC-2026-101.yaml", "E006"),
        ("incidents/2026/INC-2026-102.yaml", "E002"),
        ("incidents/2026/INC-2026-103.yaml", "E003"),
        ("incidents/2026/INC-2026-104.yaml", "E013"),
        ("incidents/2026/INC-2026-105.yaml", "E005"),
        ("incidents/2026/loop", "E008"),
        (LEAK, "E007"),
    ] {
        assert!(
            r.diags.iter().any(|d| d.file == rel && d.code == code),
            "no {code} for {rel}:\n{}",
            list(&r.diags)
        );
    }
    assert!(
        r.diags
            .iter()
            .any(|d| d.file == "incidents/2026/INC-2026-100.yaml"),
        "{}",
        list(&r.diags)
    );
    assert!(
        r.diags.iter().any(|d| d.file == "handbook/zz.md"),
        "{}",
        list(&r.diags)
    );
    all_formats_unchanged(&f);
}
