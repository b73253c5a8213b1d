//! Fixtures for E0xx: files and YAML (unreadable, empty, too big, too deep,
//! escaping paths, loops, front matter, typing mistakes, files changed mid-run).

use super::*;

// ---------------------------------------------------------------------------
// E0xx: files and YAML
// ---------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn e001_unreadable_file() {
    let f = Fixture::example();
    // A dangling link: listed in the directory, but cannot be opened.
    std::os::unix::fs::symlink(
        "no-such-target.yaml",
        f.path("incidents/2026/INC-2026-099.yaml"),
    )
    .unwrap();
    let p = f.problems();
    let d = assert_only(
        &p,
        "E001",
        "incidents/2026/INC-2026-099.yaml",
        At { line: 1, col: 1 },
    );
    assert_eq!(d.severity, "error");
}

#[test]
fn e002_invalid_utf8_points_at_the_first_bad_byte() {
    let f = Fixture::example();
    let text = f.read(OPEN);
    // "大阪" in Shift_JIS, as a Windows editor might save it.
    let bad = text.replacen("title: 大阪", "title: \u{0}", 1);
    let mut bytes = bad.into_bytes();
    let at = bytes.iter().position(|b| *b == 0).unwrap();
    bytes.splice(at..=at, [0x91, 0xe5, 0x8d, 0xe3]);
    f.write(OPEN, &bytes);
    let p = f.problems();
    let d = assert_only(&p, "E002", OPEN, value_at(&text, "title: 大阪"));
    assert_severity(d);
    assert!(d.hint.as_deref().unwrap_or("").contains("UTF-8"), "{d}");
}

#[test]
fn e003_empty_file() {
    let f = Fixture::example();
    f.write(OPEN, "");
    let p = f.problems();
    assert_severity(assert_only(&p, "E003", OPEN, At { line: 1, col: 1 }));
}

#[test]
fn e003_whitespace_and_comments_only() {
    let f = Fixture::example();
    f.write(OPEN, "   \n\n");
    f.write("incidents/2026/INC-2026-099.yaml", "# 後で書く\n");
    let p = f.problems();
    assert_eq!(p.len(), 2, "{}", list(&p));
    assert_has(&p, "E003", OPEN, At { line: 1, col: 1 });
    assert_has(
        &p,
        "E003",
        "incidents/2026/INC-2026-099.yaml",
        At { line: 1, col: 1 },
    );
}

#[test]
fn e004_yaml_syntax_error_at_the_second_colon() {
    let f = Fixture::example();
    let line = "title: 大阪営業所: 古い NAS が見えていた";
    let text = f.replace(
        OPEN,
        "title: 大阪営業所の古い NAS がインターネットから見える状態になっていた",
        line,
    );
    let p = f.problems();
    // Columns count characters, not bytes: the colon after five kanji is column 13.
    let d = assert_only(&p, "E004", OPEN, locate(&text, line, ": 古い"));
    assert_eq!(d.column, 13);
    assert_severity(d);
}

#[test]
fn e005_file_over_the_size_limit() {
    let f = Fixture::example();
    let big = "summary: 記録\n".repeat(5 * 1024 * 1024 / 16 + 1);
    assert!(big.len() > 5 * 1024 * 1024);
    f.write("incidents/2026/INC-2026-099.yaml", big);
    let p = f.problems();
    assert_severity(assert_only(
        &p,
        "E005",
        "incidents/2026/INC-2026-099.yaml",
        At { line: 1, col: 1 },
    ));
}

#[test]
fn e006_nesting_limit_inside_a_record() {
    let f = Fixture::example();
    let deep = format!("tags: {}x{}", "[".repeat(100), "]".repeat(100));
    let text = f.replace(
        OPEN,
        "tags: [外部からの通報, NAS, 営業所, JPCERT/CC]",
        &deep,
    );
    let p = f.problems();
    assert_eq!(p.len(), 1, "{}", list(&p));
    let d = &p[0];
    assert_eq!((d.code.as_str(), d.file.as_str()), ("E006", OPEN), "{d}");
    // The limit is 64 levels: the root mapping plus 63 brackets; the next
    // bracket is the one that goes too deep.
    let tags = locate(&text, "tags: [[", "[");
    assert_eq!(
        d.at(),
        At {
            line: tags.line,
            col: tags.col + 63
        },
        "{d}"
    );
    assert_severity(d);
}

#[test]
fn e007_evidence_path_climbing_out() {
    let f = Fixture::example();
    let line = "  - path: ../evidence/INC-2025-007/mail-log.csv";
    let text = f.replace(LEAK, "  - path: evidence/INC-2025-007/mail-log.csv", line);
    let p = f.problems();
    assert_severity(assert_only(&p, "E007", LEAK, value_at(&text, line)));
}

#[cfg(unix)]
#[test]
fn e008_symlink_loop() {
    let f = Fixture::example();
    std::os::unix::fs::symlink("..", f.path("incidents/2026/loop")).unwrap();
    let p = f.problems();
    assert_severity(assert_only(
        &p,
        "E008",
        "incidents/2026/loop",
        At { line: 1, col: 1 },
    ));
}

#[test]
fn e009_missing_required_file() {
    let f = Fixture::example();
    f.remove(SITE);
    let p = f.problems();
    let d = assert_only(&p, "E009", SITE, At { line: 1, col: 1 });
    assert_severity(d);
    assert!(d.message.contains("site.yaml"), "{d}");
}

#[test]
fn e010_page_without_front_matter() {
    let f = Fixture::example();
    f.replace(
        "handbook/start.md",
        "---\ntitle: はじめに — 見つけたら、まず\norder: 10\n---\n",
        "",
    );
    let p = f.problems();
    assert_severity(assert_only(
        &p,
        "E010",
        "handbook/start.md",
        At { line: 1, col: 1 },
    ));
}

#[test]
fn front_matter_positions_count_the_opening_dashes() {
    let f = Fixture::example();
    let text = f.replace("handbook/start.md", "title: はじめに", "titel: はじめに");
    let p = f.problems();
    assert_eq!(p.len(), 2, "{}", list(&p));
    let unknown = assert_has(
        &p,
        "W104",
        "handbook/start.md",
        key_at(&text, "titel: はじめに"),
    );
    assert_eq!(unknown.at(), At { line: 2, col: 1 });
    assert!(
        unknown.hint.as_deref().unwrap_or("").contains("`title`"),
        "{unknown}"
    );
    assert!(
        p.iter().any(|d| d.code == "E101" && d.line == 2),
        "{}",
        list(&p)
    );
}
