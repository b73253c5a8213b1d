//! `ismsbook build` on the example content: the page set, links and anchors,
//! no external assets, no inline script or style, byte-identical rebuilds,
//! and the output left untouched when the content has errors.

mod common;

use ismsbook::markup::links::{check_site, duplicate_ids};
use ismsbook::site::{build, BuildError, BuildOptions};
use ismsbook::write::MARKER;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const TODAY: &str = "2026-11-22";

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

fn options(content: &Path, out: &Path) -> BuildOptions {
    BuildOptions {
        content: content.to_path_buf(),
        out: out.to_path_buf(),
        theme: None,
        today: today(),
        audience: None,
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn built_example() -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let report =
        build(&options(&example(), &out)).unwrap_or_else(|e| panic!("example build failed: {e:?}"));
    assert!(report.pages > 20 && report.records > 10, "{report:?}");
    let files = common::read_tree(&out);
    assert_eq!(
        report.files,
        files.len(),
        "the report counts every file written"
    );
    (dir, files)
}

fn stems(dir: &str, ext: &str) -> Vec<String> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(example().join(dir)) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == ext) {
            out.push(
                entry
                    .path()
                    .file_stem()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
    out.sort();
    out
}

fn html(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("{path} missing"))
            .clone(),
    )
    .unwrap()
}

#[test]
fn the_example_builds_every_documented_page() {
    let (_dir, files) = built_example();
    for page in [
        "index.html",
        "report.html",
        "flow.html",
        "levels.html",
        "contacts.html",
        "register.html",
        "dashboard.html",
        "calendar.html",
        "calendar.ics",
        "search.html",
        "templates.html",
        "drills.html",
        "templates/incident-skeleton.yaml",
        "static/style.css",
        "static/register.js",
        "static/report.js",
        "static/search.js",
        "search/meta.js",
        MARKER,
    ] {
        assert!(files.contains_key(page), "{page} missing");
    }
    for stem in stems("handbook", "md") {
        assert!(
            files.contains_key(&format!("handbook/{stem}.html")),
            "handbook/{stem}.html missing"
        );
    }
    for stem in stems("templates", "md") {
        assert!(
            files.contains_key(&format!("templates/{stem}.html")),
            "templates/{stem}.html missing"
        );
    }
    for stem in stems("drills", "yaml") {
        assert!(
            files.contains_key(&format!("drills/{stem}.html")),
            "drills/{stem}.html missing"
        );
    }
    // Every record has a page (restricted ones as stubs in the default
    // staff build of the example, whose policy says `restricted: stub`).
    for stem in stems("incidents", "yaml") {
        assert!(
            files.contains_key(&format!("incidents/{stem}.html")),
            "incidents/{stem}.html missing"
        );
    }
    // Nothing else at the top level but what docs/site.md lists.
    let documented = [
        "index",
        "report",
        "card",
        "flow",
        "levels",
        "contacts",
        "register",
        "dashboard",
        "calendar",
        "search",
        "templates",
        "drills",
        "actions",
        "compliance",
        "nonconformities",
        "controls",
        "metrics",
    ];
    let unexpected: Vec<_> = files
        .keys()
        .filter(|p| !p.contains('/') && p.ends_with(".html"))
        .filter(|p| !documented.contains(&p.trim_end_matches(".html")))
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:?}");
}

#[test]
fn every_internal_link_and_anchor_resolves_and_no_asset_is_external() {
    let (_dir, files) = built_example();
    let problems = check_site(&files);
    assert!(
        problems.is_empty(),
        "{}",
        problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let dups = duplicate_ids(std::str::from_utf8(bytes).unwrap());
        assert!(dups.is_empty(), "{path}: duplicate ids {dups:?}");
    }
}

#[test]
fn pages_carry_the_csp_and_no_inline_script_style_or_handlers() {
    let (_dir, files) = built_example();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        // Read as the record pages are written (`markup::compact_html`: no
        // quotes around a plain value, no line breaks before a block), so
        // that one spelling covers every page.
        let page = ismsbook::markup::compact_html(std::str::from_utf8(bytes).unwrap());
        let page = page.as_str();
        let root = "../".repeat(path.matches('/').count());
        assert!(page.starts_with("<!DOCTYPE html><html lang=ja"), "{path}");
        assert!(page.contains(&format!("data-root=\"{root}\"")), "{path}");
        assert!(page.contains("<meta name=viewport"), "{path}");
        assert!(
            page.contains("content=\"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'\""),
            "{path}: CSP"
        );
        assert!(page.contains("role=search"), "{path}: search form");
        assert!(
            page.contains(&format!("action={root}search.html")) || path == "search.html",
            "{path}: search action"
        );
        // Inline script: only JSON data blocks; every other script has a src.
        for (at, _) in page.match_indices("<script") {
            let tag = &page[at..at + page[at..].find('>').unwrap()];
            assert!(
                tag.contains(" src=") || tag.contains("type=application/json"),
                "{path}: inline script {tag}"
            );
        }
        assert!(
            !page.contains(" style="),
            "{path}: style attribute (blocked by the CSP)"
        );
        assert!(!page.contains("<style"), "{path}: style element");
        let lower = page.to_ascii_lowercase();
        for handler in [
            " onclick=",
            " onload=",
            " onerror=",
            " onmouseover=",
            "javascript:",
        ] {
            assert!(!lower.contains(handler), "{path}: {handler}");
        }
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let (_a, first) = built_example();
    let (_b, second) = built_example();
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between builds");
    }
}

#[test]
fn a_level_3_contact_is_two_clicks_from_home() {
    let (_dir, files) = built_example();
    let home = html(&files, "index.html");
    // Home shows the first-report contacts as tel:/mailto: links ...
    assert!(
        home.contains("href=\"tel:0367124103\""),
        "first-report phone on the home page"
    );
    assert!(home.contains("href=\"mailto:d.nakamura@example.co.jp\""));
    // ... and links each level to its section, which holds the responsible
    // role's contact with a tel: link.
    assert!(home.contains("href=\"levels.html#level-3\""));
    let levels = html(&files, "levels.html");
    let section = &levels[levels.find("id=\"level-3\"").unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(
        section.contains("href=\"tel:0367124001\""),
        "the CEO's phone in the level-3 section"
    );
}

#[test]
fn incident_pages_show_compliance_actions_and_neighbours() {
    let (_dir, files) = built_example();
    let page = html(&files, "incidents/INC-2026-001.html");
    assert!(page.contains("rel=prev") && page.contains("rel=next"));
    assert!(
        page.contains("class=\"badge notify-made\""),
        "notification compliance shown"
    );
    // INC-2026-007 has an action past due on 2026-11-22.
    let open = html(&files, "incidents/INC-2026-007.html");
    assert!(open.contains("<tr class=overdue>"));
    // The register lists every published record; its filters read the
    // values from the cells (the level badge's class, the labels).
    let register = html(&files, "register.html");
    assert!(register.contains("<tr><td><a href=\"./incidents/INC-2026-001.html\">INC-2026-001</a><td><a href=\"./incidents/INC-2026-001.html\">"));
    assert!(register.contains("<td><span class=\"badge level-2\">"));
    assert!(register.contains("<time>2026-01-20 09:10</time>"));
    assert!(
        register.contains("<form class=\"filters\" id=\"register-filters\" hidden>"),
        "filters need JavaScript, so they start hidden"
    );
}

/// A level or status badge carries the badge class and its value's class
/// only (`badge level-2`, `badge status-closed`): the register's rows, the
/// record pages and the pages listing levels repeat them, and an extra
/// `level-badge` or `status-badge` class said nothing more (issue 17).
#[test]
fn badges_carry_no_redundant_class() {
    let (_tmp, files) = built_example();
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for extra in ["level-badge", "status-badge"] {
            assert!(!text.contains(extra), "{path} still writes {extra}");
        }
    }
    let record = html(&files, "incidents/INC-2025-001.html");
    assert!(record.contains("<span class=\"badge level-"), "{record}");
    assert!(record.contains("<span class=\"badge status-closed\">"));
    let register = html(&files, "register.html");
    assert!(register.contains("<td><span class=\"badge status-closed\">"));
    let levels = html(&files, "levels.html");
    assert!(levels.contains("<span class=\"badge level-3\">"));
}

#[test]
fn staff_builds_hide_what_the_policy_hides() {
    let dir = tempfile::tempdir().unwrap();
    let staff = dir.path().join("staff");
    let auditor = dir.path().join("auditor");
    build(&options(&example(), &staff)).unwrap();
    build(&BuildOptions {
        audience: Some("auditor".into()),
        ..options(&example(), &auditor)
    })
    .unwrap();
    let label = "<dt>報告者<dd>";
    let s = std::fs::read_to_string(staff.join("incidents/INC-2026-001.html")).unwrap();
    let a = std::fs::read_to_string(auditor.join("incidents/INC-2026-001.html")).unwrap();
    assert!(!s.contains(label) && a.contains(label));
    assert!(
        !s.contains("vpn-auth.log") && a.contains("vpn-auth.log"),
        "evidence is hidden from staff"
    );
    let err = build(&BuildOptions {
        audience: Some("public".into()),
        ..options(&example(), &dir.path().join("x"))
    })
    .unwrap_err();
    assert!(matches!(err, BuildError::Usage(_)), "{err:?}");
}

#[test]
fn an_english_site_uses_english_strings() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&example(), &content);
    let site = std::fs::read_to_string(content.join("site.yaml"))
        .unwrap()
        .replace("language: ja", "language: en");
    std::fs::write(content.join("site.yaml"), site).unwrap();
    let out = dir.path().join("public");
    build(&options(&content, &out)).unwrap();
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("<html lang=\"en\""));
    assert!(home.contains("If you find an incident"));
    // UI strings are English; the (Japanese) content stays as written.
    assert!(
        !home.contains(">見つけたら</a>")
            && !home.contains("見つけたら、まず</h1>")
            && !home.contains("第一報の連絡先")
    );
    let skeleton = std::fs::read_to_string(out.join("templates/incident-skeleton.yaml")).unwrap();
    assert!(skeleton.contains("# Title (required)"));
    // One record is "1 record", in the register's lists and on a listing
    // page of one record (the example has one insider record).
    for page in ["register.html", "register/category-insider.html"] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(!html.contains(">1 records"), "{page} says \"1 records\"");
        assert!(html.contains(">1 record<"), "{page}");
    }
    // A control strengthened by one action (A.5.25 in the example).
    let controls = std::fs::read_to_string(out.join("controls.html")).unwrap();
    assert!(
        !controls.contains(">1 actions"),
        "controls.html says \"1 actions\""
    );
    assert!(controls.contains(">1 action (1 done)<"), "controls.html");
}

#[test]
fn an_invalid_record_exits_1_and_leaves_the_previous_site_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&example(), &content);
    let out = dir.path().join("public");
    build(&options(&content, &out)).unwrap();
    let before = common::read_tree(&out);

    let record = content.join("incidents/2026/INC-2026-001.yaml");
    let text = std::fs::read_to_string(&record)
        .unwrap()
        .replace("level: 2\n", "level: 9\n");
    std::fs::write(&record, text).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_ismsbook"))
        .args(["build", "--content"])
        .arg(&content)
        .arg("--out")
        .arg(&out)
        .args(["--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(String::from_utf8_lossy(&run.stderr).contains("INC-2026-001.yaml"));
    assert!(
        common::read_tree(&out) == before,
        "the previous site is untouched"
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names.len(),
        2,
        "no temporary directories left behind: {names:?}"
    );
}

#[test]
fn a_directory_not_written_by_ismsbook_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let err = build(&options(&example(), &out)).unwrap_err();
    assert!(
        matches!(err, BuildError::Io(ref m) if m.contains("not written by ismsbook")),
        "{err:?}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    let inside = build(&options(&example(), &example().join("public"))).unwrap_err();
    assert!(
        matches!(inside, BuildError::Io(ref m) if m.contains("inside the content")),
        "{inside:?}"
    );
    assert!(!example().join("public").exists());
}

#[test]
fn a_theme_directory_overrides_files_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let theme = dir.path().join("theme");
    std::fs::create_dir_all(theme.join("static")).unwrap();
    std::fs::write(theme.join("static/style.css"), "/* house style */\n").unwrap();
    let out = dir.path().join("public");
    build(&BuildOptions {
        theme: Some(theme.clone()),
        ..options(&example(), &out)
    })
    .unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("static/style.css")).unwrap(),
        "/* house style */\n"
    );
    assert!(
        out.join("static/register.js").is_file(),
        "files not overridden stay"
    );
    // A broken template is a theme error, not a crash.
    std::fs::create_dir_all(theme.join("templates")).unwrap();
    std::fs::write(
        theme.join("templates/index.html"),
        "{% extends \"base.html\" %}{% block main %}{{ oops( }}{% endblock main %}",
    )
    .unwrap();
    let err = build(&BuildOptions {
        theme: Some(theme),
        ..options(&example(), &out)
    })
    .unwrap_err();
    assert!(matches!(err, BuildError::Theme(_)), "{err:?}");
    assert!(out.join("index.html").is_file(), "the previous site stays");
}

/// (file, line, code) of every diagnostic, in order.
fn found(d: &ismsbook::diagnostics::Diagnostics) -> Vec<(String, u32, String)> {
    d.iter()
        .map(|d| (d.file.clone(), d.pos.line, d.code.to_string()))
        .collect()
}

/// What `check` reports, as a build for the default audience weighs it.
fn checked(content: &Path) -> Vec<(String, u32, String)> {
    let mut d = ismsbook::site::check(content, |_| today())
        .unwrap()
        .diagnostics;
    let policy = ismsbook::load::load(content).unwrap().content.policy;
    ismsbook::site::build::for_audience(&mut d, &policy, None);
    found(&d)
}

#[test]
fn a_build_reports_what_check_reports_with_errors_and_without() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&example(), &content);
    let out = dir.path().join("public");
    // Without errors: the build's warnings are check's.
    let report = build(&options(&content, &out)).unwrap();
    assert_eq!(found(&report.warnings), checked(&content));
    let before = common::read_tree(&out);
    // A record that cannot be read, one a per-record rule refuses and a
    // duplicate id (a cross-file rule): all reported, nothing written.
    let edit = |rel: &str, from: &str, to: &str| {
        let path = content.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    let inc = "incidents/2026/INC-2026-";
    edit(&format!("{inc}001.yaml"), "title: ", "title: \"unclosed ");
    edit(&format!("{inc}002.yaml"), "level: 0\n", "level: 9\n");
    edit(
        &format!("{inc}003.yaml"),
        "id: INC-2026-003",
        "id: INC-2026-004",
    );
    let Err(BuildError::Diagnostics(d)) = build(&options(&content, &out)) else {
        panic!("the build should stop on the errors");
    };
    let reported = found(&d);
    assert_eq!(reported, checked(&content));
    for (file, code) in [
        (format!("{inc}001.yaml"), "E004"),
        (format!("{inc}004.yaml"), "E201"),
    ] {
        assert!(
            reported.iter().any(|(f, _, c)| *f == file && c == code),
            "{file} {code} in {reported:?}"
        );
    }
    assert!(reported
        .iter()
        .any(|(f, _, _)| *f == format!("{inc}002.yaml")));
    assert!(
        common::read_tree(&out) == before,
        "the previous site is untouched"
    );
}
