//! One failing fixture per diagnostic code: each test copies the example
//! content, breaks exactly one thing (usually one line of one record), runs the
//! real `ismsbook check --format json --today 2026-11-22`, and asserts the code,
//! the file and the line and column of the offending key or value. Expected
//! positions are found by searching the edited text, never hard-coded.
//!
//! The example itself has intended warnings (W605 in INC-2026-007, the
//! explained deviations of INC-2025-008, overdue reviews, an explained late
//! drill); `Fixture::problems` leaves them out, so each test sees only what
//! its edit caused.

mod common;

use common::*;
use ismsbook::diagnostics::codes;

/// A closed level-3 record: personal data, PPC notifications, evidence with a hash.
const LEAK: &str = "incidents/2025/INC-2025-007.yaml";
/// An open level-1 record with an assessment, a timeline and two actions.
const OPEN: &str = "incidents/2026/INC-2026-007.yaml";
const POLICY: &str = "policy.yaml";
const CONTACTS: &str = "contacts.yaml";
const SITE: &str = "site.yaml";

/// Every code that has a test in this file. `every_code_in_the_catalogue_has_a_fixture`
/// keeps it equal to `codes::ALL`, so a new code cannot ship without a fixture.
const COVERED: &[&str] = &[
    "E001", "E002", "E003", "E004", "E005", "E006", "E007", "E008", "E009",
    "E010", // files and YAML
    "E011", "E012", "E013", "W014", "E015", // typing mistakes
    "E016", // a content file changed while it was checked or built
    "E017", // raw HTML nested too deeply for the sanitiser
    "E018", // a content file with an upper-case extension is not read
    "E101", "E102", "E103", "W104", "E105", "E106", "E107", "E108", "E109", // shape
    "E110", "E111", "E112", "E113", "E114", "E115", "E116",
    "W117", // ids, text, contacts, hosts, blanks, depth
    "E118", // impact flags the policy does not declare
    "E120", // notification rules
    "E121", "E122", // people's names, masks
    "E130", "E131", "E132", "E133", "E134", "E135", "E136", "E137", // import
    "E201", "E202", "E203", "W204", "E205", "E206", // identity and references
    "E301", "E303", "E304", "W305", // policy
    "E401", "E402", "E403", "E404", "W405", "W409", // chronology
    "E501", "E502", "E503", "W504", "W506", "W507", "W508", "W509", // deadlines
    "E602", "E603", "E604", "W605", "W606", "W607", "W608", // closing
    "E701", "E703", // evidence
    "E803", "E804", "E805", // flow
    "E901", "E902", "E903", "E904", "W905", "W906", "W907", // audit
    "W908", // document control
];

#[test]
fn every_code_in_the_catalogue_has_a_fixture() {
    let all: Vec<&str> = codes::ALL.iter().map(|c| c.id).collect();
    assert_eq!(
        COVERED,
        all.as_slice(),
        "COVERED must list codes::ALL in catalogue order"
    );
    // And each listed code is really asserted somewhere below the list.
    let source = include_str!("check_rules.rs");
    let tests = &source[source
        .find("fn every_code_in_the_catalogue_has_a_fixture")
        .unwrap_or(0)..];
    for code in COVERED {
        assert!(
            tests.contains(&format!("\"{code}\",")),
            "no test asserts {code}"
        );
    }
}

/// Append YAML to a file of the fixture; returns the new text.
fn append(f: &Fixture, rel: &str, yaml: &str) -> String {
    let text = format!("{}{yaml}", f.read(rel));
    f.write(rel, &text);
    text
}

/// The severity in the JSON is the one the catalogue gives the code.
fn assert_severity(d: &Diag) {
    let code = codes::find(&d.code).unwrap_or_else(|| panic!("{} is not in the catalogue", d.code));
    let want = match code.severity {
        ismsbook::diagnostics::Severity::Error => "error",
        ismsbook::diagnostics::Severity::Warning => "warning",
    };
    assert_eq!(d.severity, want, "{d}");
    assert!(!d.message.trim().is_empty(), "{d} has no message");
    assert!(
        d.hint.as_deref().is_some_and(|h| !h.trim().is_empty()),
        "{d} has no hint"
    );
}

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

// ---------------------------------------------------------------------------
// E1xx: shape
// ---------------------------------------------------------------------------

// Typing mistakes made with a Japanese input method (E011–E015): each at its
// own character, and the record otherwise read as meant (one finding each).

#[test]
fn e011_full_width_colon_after_a_key() {
    let f = Fixture::example();
    let text = f.replace(OPEN, "title: 大阪営業所", "title：大阪営業所");
    let p = f.problems();
    assert_severity(assert_only(
        &p,
        "E011",
        OPEN,
        locate(&text, "title：", "："),
    ));
}

#[test]
fn e012_full_width_space_after_a_colon() {
    let f = Fixture::example();
    let text = f.replace(OPEN, "reporter: 小林 彩", "reporter:\u{3000}小林 彩");
    let p = f.problems();
    assert_severity(assert_only(
        &p,
        "E012",
        OPEN,
        locate(&text, "reporter:", "\u{3000}"),
    ));
}

#[test]
fn e013_tab_used_for_indentation() {
    let f = Fixture::example();
    let text = f.replace(OPEN, "  personal_data: false", "\tpersonal_data: false");
    let p = f.problems();
    assert_severity(assert_only(
        &p,
        "E013",
        OPEN,
        locate(&text, "\tpersonal_data", "\t"),
    ));
}

#[test]
fn w014_curly_quotes_around_a_value() {
    let f = Fixture::example();
    let text = f.replace(
        OPEN,
        "organization: 大阪営業所",
        "organization: “大阪営業所”",
    );
    let p = f.problems();
    assert_severity(assert_only(
        &p,
        "W014",
        OPEN,
        locate(&text, "organization:", "“"),
    ));
}

#[test]
fn e015_full_width_digit_in_a_level() {
    let f = Fixture::example();
    let text = f.replace(OPEN, "level: 1", "level: １");
    let p = f.problems();
    let d = assert_only(&p, "E015", OPEN, locate(&text, "level: １", "１"));
    assert_severity(d);
    assert_eq!(d.hint.as_deref(), Some("write `1`"));
}

/// E016 in a build whose record is saved again between its check and its
/// render (the library's progress call at the render's start, so no
/// timing).
#[test]
fn e016_a_record_saved_again_while_the_site_is_built() {
    use ismsbook::site::build::{build_with_progress, BuildError, BuildOptions, Phase};
    let f = Fixture::example();
    let edited = f.read(OPEN).replacen("title: ", "title: 改 ", 1);
    let opts = BuildOptions {
        content: f.root(),
        out: f.workdir().join("public"),
        theme: None,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        audience: None,
    };
    let result = build_with_progress(&opts, &|phase| {
        if phase == Phase::Render {
            f.write(OPEN, &edited);
        }
    });
    let Err(BuildError::Diagnostics(d)) = result else {
        panic!("the build went on");
    };
    let errors: Vec<(&str, &str, u32, u32)> = d
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.code, d.file.as_str(), d.pos.line, d.pos.col))
        .collect();
    assert_eq!(errors, [("E016", OPEN, 1, 1)]);
    let d = d.iter().find(|d| d.code == "E016").unwrap();
    assert!(d.message.contains("nothing was written"), "{}", d.message);
    assert!(d.hint.as_deref().is_some_and(|h| h.contains("again")));
    assert!(!f.workdir().join("public").exists());
}

/// `check` reads again, for the name rule (E121), the records whose text
/// may name someone: one saved again before that second reading is
/// reported (E016), not judged by its new text (the hook runs after every
/// record was read and checked, before the name rule reads any again).
#[test]
fn e016_a_record_saved_again_before_check_looks_for_names_in_it() {
    let f = Fixture::example();
    let file = "incidents/2026/INC-2026-006.yaml";
    let clean = f.read(file);
    // Checked with a name in it; saved again without it before the name
    // rule reads it: judging the new text would find nothing at all.
    let named = f.replace(file, "御社の営業担当の方から", "御社の藤田さんから");
    assert_ne!(named, clean);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let checked = ismsbook::validate::load_and_check_with(&f.root(), |_| today, &|| {
        f.write(file, &clean);
    })
    .expect("the content loads");
    let errors: Vec<(&str, &str, u32, u32)> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.code, d.file.as_str(), d.pos.line, d.pos.col))
        .collect();
    assert_eq!(errors, [("E016", file, 1, 1)]);
    let d = checked
        .diagnostics
        .iter()
        .find(|d| d.code == "E016")
        .unwrap();
    assert!(d.message.contains("checked"), "{}", d.message);
    assert!(d.hint.as_deref().is_some_and(|h| h.contains("again")));
    // Without the edit the same content reports only the name.
    f.write(file, &named);
    let checked = ismsbook::validate::load_and_check_with(&f.root(), |_| today, &|| {})
        .expect("the content loads");
    let codes: Vec<&str> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code)
        .collect();
    assert_eq!(codes, ["E121"]);
}

/// `check` scans every record for the people it names before loading any
/// (`name_scan`); a record saved again in between, naming someone the scan
/// never saw, would be spared the name rule. It is reported (E016) instead.
#[test]
fn e016_a_record_saved_again_between_the_scan_for_names_and_its_check() {
    let f = Fixture::example();
    let file = "incidents/2026/INC-2026-006.yaml";
    let named = f
        .read(file)
        .replacen("reporter: 藤田 亮", "reporter: 真壁 恭平", 1)
        .replacen("御社の営業担当の方から", "御社の真壁さんから", 1);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let checked = ismsbook::validate::load_and_check_hooked(
        &f.root(),
        |_| today,
        &|| f.write(file, &named),
        &|| {},
    )
    .expect("the content loads");
    let errors: Vec<(&str, &str, u32, u32)> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.code, d.file.as_str(), d.pos.line, d.pos.col))
        .collect();
    assert_eq!(errors, [("E016", file, 1, 1)]);
    // The same text, there from the start, is judged: the name is found.
    let checked = ismsbook::validate::load_and_check(&f.root(), |_| today).expect("loads");
    let codes: Vec<&str> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code)
        .collect();
    assert_eq!(codes, ["E121"]);
}

#[test]
fn e017_raw_html_nested_too_deeply_points_at_the_tag_one_too_deep() {
    let f = Fixture::example();
    let page = "handbook/start.md";
    // 128 `<div>` on one line, and one more on the next: that one is found.
    let deep = format!("\n{}\n<div id=\"one-too-deep\">x\n", "<div>".repeat(128));
    let text = append(&f, page, &deep);
    let p = f.problems();
    let d = assert_only(
        &p,
        "E017",
        page,
        locate(&text, "<div id=\"one-too-deep\"", "<div"),
    );
    assert_severity(d);
    assert!(d.message.contains("128"), "{}", d.message);
    // Closed, the same depth is no problem; a hundred thousand never
    // closed is found as fast.
    let f = Fixture::example();
    append(&f, page, &format!("\n{}x\n", "<div>x</div>".repeat(20_000)));
    assert!(f.problems().is_empty());
    let f = Fixture::example();
    append(&f, page, &format!("\n{}x\n", "<div>".repeat(100_000)));
    let started = std::time::Instant::now();
    let p = f.problems();
    assert_eq!(p.len(), 1, "{}", list(&p));
    assert_eq!(p[0].code, "E017");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn e018_an_upper_case_extension_is_reported_at_the_file() {
    let f = Fixture::example();
    let page = "handbook/guide.MD";
    f.write(page, "---\ntitle: Guide\n---\n\nbody\n");
    let p = f.problems();
    let d = assert_only(&p, "E018", page, At { line: 1, col: 1 });
    assert_severity(d);
    assert!(d.hint.as_deref().unwrap_or("").contains(".md"), "{d}");
}

#[test]
fn e101_missing_required_field_points_at_the_record() {
    let f = Fixture::example();
    f.replace(OPEN, "reporter: 小林 彩\n", "");
    let p = f.problems();
    let d = assert_only(&p, "E101", OPEN, At { line: 1, col: 1 });
    assert_severity(d);
    assert!(d.message.contains("`reporter`"), "{d}");
}

#[test]
fn e101_missing_field_in_a_list_item_points_at_the_item() {
    let f = Fixture::example();
    let text = f.replace(
        OPEN,
        "    due: 2026-12-25\n    status: planned\n",
        "    due: 2026-12-25\n",
    );
    let p = f.problems();
    let item = item_at(&text, "  - action: 営業所のネットワーク機器を");
    let d = assert_only(&p, "E101", OPEN, item);
    assert!(d.message.contains("actions[1].status"), "{d}");
}

#[test]
fn e101_empty_required_value_points_at_the_key() {
    let f = Fixture::example();
    let text = f.replace(OPEN, "reporter: 小林 彩\n", "reporter:\n");
    let p = f.problems();
    assert_only(&p, "E101", OPEN, key_at(&text, "reporter:"));
}

#[test]
fn e116_blank_required_text_points_at_the_value() {
    // `title: ""`, whitespace-only, a blank block scalar and a blank
    // timeline action: each its own E116 at the value, nothing else.
    let f = Fixture::example();
    f.replace(OPEN, "reporter: 小林 彩\n", "reporter: \"  \"\n");
    f.replace(
        OPEN,
        "    action: JPCERT/CC からの連絡メールを確認\n",
        "    action: ''\n",
    );
    let title = f
        .read(OPEN)
        .lines()
        .find(|l| l.starts_with("title: "))
        .unwrap_or_default()
        .to_string();
    let text = f.replace(OPEN, &format!("{title}\n"), "title: \"\"\n");
    let p = f.problems();
    assert_codes(&p, &["E116", "E116", "E116"]);
    let d = assert_has(&p, "E116", OPEN, value_at(&text, "title: \"\""));
    assert_severity(d);
    assert!(d.message.contains("`title`") && d.hint.is_some(), "{d}");
    assert_has(&p, "E116", OPEN, value_at(&text, "reporter: \"  \""));
    assert_has(&p, "E116", OPEN, value_at(&text, "    action: ''"));
    // A `summary: |` block holding only blank lines is blank too.
    let f = Fixture::example();
    let text = f.replace_lines(
        OPEN,
        "summary: |",
        "affected_systems:",
        "summary: \"\\t \"\n",
    );
    let p = f.problems();
    assert_only(&p, "E116", OPEN, value_at(&text, "summary: \"\\t \""));
}

#[test]
fn w117_a_folder_below_the_walk_limit_is_named() {
    let f = Fixture::example();
    let deep: Vec<String> = (1..=15).map(|i| format!("d{i}")).collect();
    let dir = format!("incidents/2026/{}", deep.join("/"));
    f.write(&format!("{dir}/d16/INC-2026-099.yaml"), f.read(OPEN));
    // One level less is still read: the copy is found (a duplicate id).
    f.write(
        &format!("incidents/2026/{}/INC-2026-098.yaml", deep[..14].join("/")),
        "x: 1\n",
    );
    let p = f.problems();
    let deep_ones: Vec<Diag> = p.iter().filter(|d| d.code == "W117").cloned().collect();
    let d = assert_only(&deep_ones, "W117", &dir, At { line: 1, col: 1 });
    assert_severity(d);
    assert!(d.message.contains("16 levels"), "{d}");
    assert!(
        p.iter().any(|d| d.file.ends_with("INC-2026-098.yaml")),
        "a record 16 folders down is still read:\n{}",
        list(&p)
    );
    assert!(
        !p.iter().any(|d| d.file.ends_with("INC-2026-099.yaml")),
        "{}",
        list(&p)
    );
}

#[test]
fn e102_wrong_type_at_the_value() {
    let f = Fixture::example();
    let text = f.replace(OPEN, "level: 1\n", "level: high\n");
    let p = f.problems();
    assert_severity(assert_only(
        &p,
        "E102",
        OPEN,
        value_at(&text, "level: high"),
    ));
}

#[test]
fn e102_column_counts_characters_after_japanese_text() {
    let f = Fixture::example();
    let line = "affected_systems: [大阪営業所 NAS, { 機器: ルーター }]";
    let text = f.replace(
        OPEN,
        "affected_systems: [大阪営業所 NAS, 大阪営業所ルーター]",
        line,
    );
    let p = f.problems();
    let d = assert_only(&p, "E102", OPEN, locate(&text, line, "{"));
    assert_eq!(d.column, 31, "{d}");
    assert!(d.message.contains("affected_systems[1]"), "{d}");
}

#[test]
fn e102_record_that_is_a_list() {
    let f = Fixture::example();
    f.write(OPEN, "- id: INC-2026-007\n- title: 一覧になっている\n");
    let p = f.problems();
    let d = assert_only(&p, "E102", OPEN, At { line: 1, col: 1 });
    assert!(d.message.contains("mapping"), "{d}");
}

#[test]
fn e103_invalid_enum_with_suggestion() {
    let f = Fixture::example();
    let text = f.replace(OPEN, "status: open\n", "status: opne\n");
    let p = f.problems();
    let d = assert_only(&p, "E103", OPEN, value_at(&text, "status: opne"));
    assert_severity(d);
    assert_eq!(d.hint.as_deref(), Some("did you mean `open`?"), "{d}");
}

#[test]
fn w104_unknown_key_with_did_you_mean() {
    let f = Fixture::example();
    let text = f.replace(
        OPEN,
        "responsible: incident_manager\n",
        "responsible: incident_manager\nresponsable: incident_manager\n",
    );
    let p = f.problems();
    let d = assert_only(
        &p,
        "W104",
        OPEN,
        key_at(&text, "responsable: incident_manager"),
    );
    assert_severity(d);
    assert_eq!(
        d.hint.as_deref(),
        Some("did you mean `responsible`?"),
        "{d}"
    );
}

#[test]
fn w104_unknown_nested_key_with_did_you_mean() {
    let f = Fixture::example();
    let text = f.replace(OPEN, "  business: ", "  busines: ");
    let p = f.problems();
    let d = assert_only(&p, "W104", OPEN, key_at(&text, "  busines: "));
    assert!(d.message.contains("impact.busines"), "{d}");
    assert_eq!(d.hint.as_deref(), Some("did you mean `business`?"), "{d}");
    // A mistyped yes/no flag is an impact flag nobody declared: an error
    // (E118), since a rule meant for it would silently not apply.
    let f = Fixture::example();
    let text = f.replace(OPEN, "  personal_data: false\n", "  personal_dta: false\n");
    let p = f.problems();
    let d = assert_only(&p, "E118", OPEN, key_at(&text, "  personal_dta: false"));
    assert!(
        d.hint
            .as_deref()
            .unwrap_or("")
            .starts_with("did you mean `personal_data`?"),
        "{d}"
    );
}

#[test]
fn w104_unknown_key_without_a_near_miss_lists_the_fields() {
    let f = Fixture::example();
    let text = f.replace(OPEN, "location: ", "zzz: 1\nlocation: ");
    let p = f.problems();
    let d = assert_only(&p, "W104", OPEN, key_at(&text, "zzz: 1"));
    let hint = d.hint.as_deref().unwrap_or("");
    assert!(
        hint.contains("responsible") && hint.contains("detected_at"),
        "{d}"
    );
}

#[test]
fn e105_impossible_date() {
    let f = Fixture::example();
    let text = f.replace(
        OPEN,
        "detected_at: 2026-10-05T14:00:00+09:00",
        "detected_at: 2026-10-32T14:00:00+09:00",
    );
    let p = f.problems();
    assert_severity(assert_only(
        &p,
        "E105",
        OPEN,
        value_at(&text, "detected_at: 2026-10-32T14:00:00+09:00"),
    ));
}

#[test]
fn e105_due_date_in_another_format() {
    let f = Fixture::example();
    let text = f.replace(OPEN, "    due: 2026-12-25\n", "    due: 25/12/2026\n");
    let p = f.problems();
    assert_only(&p, "E105", OPEN, value_at(&text, "    due: 25/12/2026"));
}

#[test]
fn e106_unreadable_duration() {
    let f = Fixture::example();
    let text = f.replace(POLICY, "report_within: 1d\n", "report_within: one day\n");
    let p = f.problems();
    assert_severity(assert_only(
        &p,
        "E106",
        POLICY,
        value_at(&text, "report_within: one day"),
    ));
}

#[test]
fn e107_duplicate_key_points_at_the_second() {
    let f = Fixture::example();
    let text = f.replace(OPEN, "level: 1\n", "level: 1\ntitle: 二つ目の件名\n");
    let p = f.problems();
    assert_severity(assert_only(
        &p,
        "E107",
        OPEN,
        key_at(&text, "title: 二つ目の件名"),
    ));
}

#[test]
fn e108_timezone_that_is_not_an_offset() {
    let f = Fixture::example();
    let text = f.replace(SITE, "timezone: \"+09:00\"", "timezone: Asia/Tokyo");
    let p = f.problems();
    assert_severity(assert_only(
        &p,
        "E108",
        SITE,
        value_at(&text, "timezone: Asia/Tokyo"),
    ));
}

#[test]
fn e108_malformed_sha256() {
    let f = Fixture::example();
    let line = "    sha256: fe7bea51";
    let text = f.replace(
        LEAK,
        "    sha256: fe7bea510a6ba2547854ceea7c3f3eca86d38a43662ba679518130b64915c715",
        line,
    );
    let p = f.problems();
    assert_only(&p, "E108", LEAK, value_at(&text, line));
}

#[test]
fn e109_javascript_link_in_a_handbook_page() {
    let f = Fixture::example();
    let line = "[詳しくはこちら](javascript:alert(1))";
    let text = f.replace(
        "handbook/start.md",
        "order: 10\n---\n",
        &format!("order: 10\n---\n\n{line}\n"),
    );
    let p = f.problems();
    let d = assert_only(&p, "E109", "handbook/start.md", locate(&text, line, "["));
    assert_severity(d);
    assert!(d.message.contains("javascript"), "{d}");
}

#[test]
fn e007_markdown_link_leaving_the_content_directory() {
    let f = Fixture::example();
    let line = "[設定](../../etc/passwd)";
    let text = f.replace(
        "handbook/start.md",
        "order: 10\n---\n",
        &format!("order: 10\n---\n\n{line}\n"),
    );
    let p = f.problems();
    assert_only(&p, "E007", "handbook/start.md", locate(&text, line, "["));
}

#[test]
fn e109_javascript_link_in_a_record_summary_points_at_the_link() {
    let f = Fixture::example();
    let text = f.replace(
        OPEN,
        "summary: |\n",
        "summary: |\n  [詳細](javascript:alert(1))\n",
    );
    let p = f.problems();
    assert_only(&p, "E109", OPEN, locate(&text, "[詳細](javascript", "["));
}

#[test]
fn e110_policy_id_outside_its_character_set_with_the_obvious_form() {
    let f = Fixture::example();
    let text = f.replace(
        POLICY,
        "  - id: leak\n",
        "  - id: Supply Chain\n    name: 委託先\n  - id: leak\n",
    );
    let p = f.problems();
    let d = assert_only(&p, "E110", POLICY, value_at(&text, "  - id: Supply Chain"));
    assert_severity(d);
    assert!(
        d.hint.as_deref().unwrap_or("").contains("`supply_chain`"),
        "{d}"
    );
}

#[test]
fn e111_bidi_override_in_a_record_title() {
    let f = Fixture::example();
    let text = f.replace(
        OPEN,
        "title: 大阪営業所の古い NAS",
        "title: \u{202E}gol.exe 大阪営業所の古い NAS",
    );
    let p = f.problems();
    let d = assert_only(&p, "E111", OPEN, value_at(&text, "title: \u{202E}gol.exe"));
    assert_severity(d);
    assert!(d.message.contains("U+202E"), "{d}");
}

#[test]
fn e112_control_character_in_a_record_title() {
    let f = Fixture::example();
    // A terminal escape, written as YAML's `\e` inside double quotes.
    let text = f.replace(
        OPEN,
        "title: 大阪営業所の古い NAS がインターネットから見える状態になっていた\n",
        "title: \"\\e[2J大阪営業所の古い NAS\"\n",
    );
    let p = f.problems();
    let d = assert_only(&p, "E112", OPEN, value_at(&text, "title: \"\\e[2J"));
    assert_severity(d);
    assert!(d.message.contains("U+001B"), "{d}");
}

#[test]
fn e113_phone_with_two_numbers() {
    let f = Fixture::example();
    let text = f.replace(
        CONTACTS,
        "phone: 03-6712-4103\n",
        "phone: 03-6712-4103 / 090-1234-5678\n",
    );
    let p = f.problems();
    let d = assert_only(
        &p,
        "E113",
        CONTACTS,
        value_at(&text, "phone: 03-6712-4103 /"),
    );
    assert_severity(d);
    assert!(d.hint.is_some(), "{d}");
}

#[test]
fn e114_email_with_a_hidden_copy() {
    let f = Fixture::example();
    let text = f.replace(
        CONTACTS,
        "email: d.nakamura@example.co.jp\n",
        "email: d.nakamura@example.co.jp?bcc=someone@example.net\n",
    );
    let p = f.problems();
    let d = assert_only(&p, "E114", CONTACTS, value_at(&text, "email: d.nakamura@"));
    assert_severity(d);
    assert!(d.hint.is_some(), "{d}");
}

/// yaml-rust2 marks a block mapping at the `:` of its first key, and the
/// loader keeps that as the mapping's position, so "missing field", "action
/// incomplete" and "flow has no start/end" point one word too far right
/// (`id: INC-…` is underlined from the colon). They should point at the first key.
#[test]
fn block_mapping_positions_point_at_the_first_key_column() {
    let f = Fixture::example();
    let open = f.replace(OPEN, "reporter: 小林 彩\n", "");
    let leak = f.replace_lines(LEAK, "    evaluation: 半年間", "    controls:", "");
    let policy = f.replace(POLICY, "    kind: end\n", "    kind: step\n");
    let p = f.problems();
    assert_has(&p, "E101", OPEN, key_at(&open, "id: INC-2026-007"));
    assert_has(
        &p,
        "E604",
        LEAK,
        item_at(
            &leak,
            "  - action: 個人情報を含むファイルを社外へ送るときは",
        ),
    );
    assert_has(&p, "E804", POLICY, item_at(&policy, "  - id: discover"));
    assert_eq!(p.len(), 3, "{}", list(&p));
}

// ---------------------------------------------------------------------------
// E2xx: identity and references
// ---------------------------------------------------------------------------

#[test]
fn e201_duplicate_id_points_at_the_second_use() {
    let f = Fixture::example();
    let text = f.replace(
        POLICY,
        "  - id: insider\n    name: 内部不正\n",
        "  - id: insider\n    name: 内部不正\n  - id: insider # again\n    name: 内部不正（重複）\n",
    );
    let p = f.problems();
    let d = assert_only(
        &p,
        "E201",
        POLICY,
        locate(&text, "  - id: insider # again", "insider"),
    );
    assert_severity(d);
    // The hint names the first use, two lines above the second.
    let first = format!("policy.yaml:{}", d.line - 2);
    assert!(d.hint.as_deref().unwrap_or("").contains(&first), "{d}");
}

#[test]
fn e202_id_differs_from_file_name() {
    let f = Fixture::example();
    let text = f.replace(OPEN, "id: INC-2026-007\n", "id: INC-2026-070\n");
    let p = f.problems();
    let d = assert_only(&p, "E202", OPEN, value_at(&text, "id: INC-2026-070"));
    assert_severity(d);
    assert!(
        d.hint
            .as_deref()
            .unwrap_or("")
            .contains("INC-2026-070.yaml"),
        "{d}"
    );
}

#[test]
fn e203_near_miss_category_with_did_you_mean() {
    let f = Fixture::example();
    let text = f.replace(OPEN, "category: leak\n", "category: leek\n");
    let p = f.problems();
    let d = assert_only(&p, "E203", OPEN, value_at(&text, "category: leek"));
    assert_severity(d);
    assert!(
        d.hint
            .as_deref()
            .unwrap_or("")
            .starts_with("did you mean `leak`?"),
        "{d}"
    );
}

#[test]
fn e203_near_miss_role_with_did_you_mean() {
    let f = Fixture::example();
    let text = f.replace(
        OPEN,
        "responsible: incident_manager\n",
        "responsible: incident_manger\n",
    );
    let p = f.problems();
    let d = assert_only(
        &p,
        "E203",
        OPEN,
        value_at(&text, "responsible: incident_manger"),
    );
    assert!(
        d.hint
            .as_deref()
            .unwrap_or("")
            .starts_with("did you mean `incident_manager`?"),
        "{d}"
    );
}

#[test]
fn e203_unknown_notification_also_leaves_the_report_missing() {
    let f = Fixture::example();
    let text = f.replace(
        LEAK,
        "  - to: ppc_leak\n    kind: preliminary",
        "  - to: ppc_leakk\n    kind: preliminary",
    );
    let p = f.problems();
    assert_eq!(p.len(), 2, "{}", list(&p));
    let d = assert_has(&p, "E203", LEAK, value_at(&text, "  - to: ppc_leakk"));
    assert!(
        d.hint
            .as_deref()
            .unwrap_or("")
            .starts_with("did you mean `ppc_leak`?"),
        "{d}"
    );
    assert_has(&p, "E502", LEAK, value_at(&text, "detected_at: "));
}

#[test]
fn e203_unknown_role_in_the_policy_flow() {
    let f = Fixture::example();
    let text = f.replace(
        POLICY,
        "    actor: privacy_officer\n",
        "    actor: privacy_oficer\n",
    );
    let p = f.problems();
    let d = assert_only(
        &p,
        "E203",
        POLICY,
        value_at(&text, "    actor: privacy_oficer"),
    );
    assert!(
        d.hint
            .as_deref()
            .unwrap_or("")
            .starts_with("did you mean `privacy_officer`?"),
        "{d}"
    );
}

#[test]
fn e118_an_impact_flag_the_policy_does_not_declare_in_a_record() {
    let f = Fixture::example();
    let text = f.replace(
        OPEN,
        "  malicious: false\n",
        "  malicious: false\n  customer_confidental: true\n",
    );
    let p = f.problems();
    let d = assert_only(
        &p,
        "E118",
        OPEN,
        key_at(&text, "  customer_confidental: true"),
    );
    assert_severity(d);
    assert!(d.message.contains("`customer_confidental`"), "{d}");
    // The near miss is suggested, and the declared flags are listed.
    let hint = d.hint.as_deref().unwrap_or("");
    assert!(
        hint.starts_with("did you mean `customer_confidential`?"),
        "{d}"
    );
    assert!(
        hint.contains("the policy declares customer_confidential"),
        "{d}"
    );
}

#[test]
fn e118_an_impact_flag_the_policy_does_not_declare_in_a_rule() {
    let f = Fixture::example();
    let text = f.replace(
        POLICY,
        "- impact: { financial_damage: true }",
        "- impact: { money_lost: true }",
    );
    let p = f.problems();
    let d = assert_only(
        &p,
        "E118",
        POLICY,
        locate(&text, "money_lost", "money_lost"),
    );
    let hint = d.hint.as_deref().unwrap_or("");
    assert!(
        hint.contains("declare `money_lost` under `impacts:`")
            && hint.contains("personal_data")
            && hint.contains("customer_confidential"),
        "{d}"
    );
    // Declared, the same flag is accepted.
    f.replace(
        POLICY,
        "impacts:\n",
        "impacts:\n  - id: money_lost\n    name: お金の損失\n",
    );
    assert!(f.problems().is_empty(), "{}", list(&f.problems()));
}

#[test]
fn e120_override_of_a_kind_the_rule_lacks() {
    let f = Fixture::example();
    // The police rule has one kind, `report`; an override sets `final`.
    let text = f.replace(
        "policy.yaml",
        "      report: 3d\n",
        "      report: 3d\n    overrides:\n      - when: { min_level: 3 }\n        deadlines: { final: 1d }\n",
    );
    let p = f.problems();
    let d = assert_only(
        &p,
        "E120",
        "policy.yaml",
        locate(&text, "deadlines: { final: 1d }", "1d"),
    );
    assert_severity(d);
    assert!(
        d.message.contains("`police`") && d.message.contains("(its kinds: report)"),
        "{d}"
    );
}

#[test]
fn e205_record_ids_that_differ_only_in_case() {
    let f = Fixture::example();
    let first = "incidents/2025/INC-2025-001.yaml";
    let second = "incidents/2025/inc-2025-001.yaml";
    let text = f
        .read(first)
        .replacen("id: INC-2025-001", "id: inc-2025-001", 1);
    f.write(second, &text);
    let p = f.problems();
    let d = assert_only(&p, "E205", second, value_at(&text, "id: inc-2025-001"));
    assert_severity(d);
    assert!(
        d.hint
            .as_deref()
            .unwrap_or("")
            .contains("incidents/2025/INC-2025-001.yaml:1"),
        "{d}"
    );
}

#[test]
fn e206_a_drill_id_naming_a_windows_device() {
    let f = Fixture::example();
    let first = "drills/2026/DRL-2026-01.yaml";
    let text = f.read(first).replacen("id: DRL-2026-01", "id: COM1", 1);
    f.remove(first);
    let renamed = "drills/2026/COM1.yaml";
    f.write(renamed, &text);
    let p = f.problems();
    let d = assert_has(&p, "E206", renamed, value_at(&text, "id: COM1"));
    assert_severity(d);
    assert!(d.message.contains("COM1"), "{d}");
}

#[test]
fn w204_record_filed_under_the_wrong_year() {
    let f = Fixture::example();
    let text = f.read(OPEN);
    f.remove(OPEN);
    let moved = "incidents/2025/INC-2026-007.yaml";
    f.write(moved, &text);
    let p = f.problems();
    // The record's intended W605 moves with it; nothing else may appear.
    assert_codes(&p, &["W204", "W605"]);
    let d = assert_has(&p, "W204", moved, value_at(&text, "detected_at: "));
    assert_severity(d);
    assert!(
        d.hint.as_deref().unwrap_or("").contains("incidents/2026/"),
        "{d}"
    );
}

// ---------------------------------------------------------------------------
// E3xx: levels, roles and contacts
// ---------------------------------------------------------------------------

#[test]
fn e301_responsible_role_does_not_match_the_level() {
    let f = Fixture::example();
    let text = f.replace(
        OPEN,
        "responsible: incident_manager\n",
        "responsible: it_admin\n",
    );
    let p = f.problems();
    let d = assert_only(&p, "E301", OPEN, value_at(&text, "responsible: it_admin"));
    assert_severity(d);
    assert!(
        d.hint
            .as_deref()
            .unwrap_or("")
            .contains("responsible: incident_manager"),
        "{d}"
    );
}

#[test]
fn e303_role_in_use_without_a_contact() {
    let f = Fixture::example();
    f.replace_lines(CONTACTS, "  - role: privacy_officer", "  # ", "");
    let policy = f.read(POLICY);
    let p = f.problems();
    // privacy_officer acts in the flow; that is where it is first used.
    let d = assert_only(
        &p,
        "E303",
        POLICY,
        value_at(&policy, "    actor: privacy_officer"),
    );
    assert_severity(d);
    assert!(d.message.contains("privacy_officer"), "{d}");
}

#[test]
fn e304_level_below_what_the_impact_requires() {
    let f = Fixture::example();
    f.replace(LEAK, "level: 3\n", "level: 2\n");
    let text = f.replace(
        LEAK,
        "responsible: ceo\n",
        "responsible: incident_manager\n",
    );
    let p = f.problems();
    let d = assert_only(&p, "E304", LEAK, value_at(&text, "level: 2"));
    assert_severity(d);
    assert!(d.message.contains("personal_data"), "{d}");
}

#[test]
fn w305_criterion_without_a_question() {
    let f = Fixture::example();
    let text = f.replace(
        POLICY,
        "      - text: 受注・生産・出荷など事業の継続に影響が出ている\n        question: 受注・生産・出荷など、会社の仕事が止まったり遅れたりしていますか？\n",
        "      - 受注・生産・出荷など事業の継続に影響が出ている\n",
    );
    let p = f.problems();
    let d = assert_only(
        &p,
        "W305",
        POLICY,
        locate(&text, "      - 受注・生産", "受注"),
    );
    assert_severity(d);
    assert!(d.message.contains("level 2"), "{d}");
    assert!(d.hint.as_deref().unwrap_or("").contains("question:"), "{d}");
}

// ---------------------------------------------------------------------------
// E4xx: chronology
// ---------------------------------------------------------------------------

#[test]
fn e401_dates_out_of_order() {
    let f = Fixture::example();
    let line = "contained_at: 2025-10-07T16:20:00+09:00";
    let text = f.replace(LEAK, "contained_at: 2025-10-08T18:00:00+09:00", line);
    let p = f.problems();
    let d = assert_only(&p, "E401", LEAK, value_at(&text, line));
    assert_severity(d);
    assert!(d.message.contains("reported_at"), "{d}");
}

/// Containment before the report, with the reason recorded: a warning at
/// the same place, and nothing else.
#[test]
fn w405_containment_before_the_report_with_its_reason_is_a_warning() {
    let f = Fixture::example();
    let line = "contained_at: 2025-10-07T16:20:00+09:00";
    f.replace(LEAK, "contained_at: 2025-10-08T18:00:00+09:00", line);
    let text = append(
        &f,
        LEAK,
        "deviations:\n  - about: contained_before_report\n    reason: 手順どおり先に共有を止めてから報告した\n",
    );
    let p = f.problems();
    let d = assert_only(&p, "W405", LEAK, value_at(&text, line));
    assert_severity(d);
}

/// A closed record imported without its containment and recovery times:
/// E404 for each, and with a `not_recorded` deviation giving the reason,
/// W409 at the same place instead — never a date to make up.
#[test]
fn w409_facts_the_source_never_recorded_are_warnings_with_the_reason() {
    const REC: &str = "incidents/2026/INC-2026-001.yaml";
    let f = Fixture::example();
    f.replace(REC, "contained_at: 2026-01-20T10:05:00+09:00\n", "");
    let text = f.replace(REC, "recovered_at: 2026-01-23T18:00:00+09:00\n", "");
    let status = value_at(&text, "status: closed");
    let p = f.problems();
    assert_eq!(p.len(), 2, "{}", list(&p));
    for d in &p {
        assert_eq!((d.code.as_str(), d.at()), ("E404", status), "{d}");
    }
    append(
        &f,
        REC,
        "deviations:\n  - about: not_recorded\n    fields: [contained_at, recovered_at]\n    reason: 旧台帳に封じ込めと復旧の日時の記録がない\n",
    );
    let p = f.problems();
    assert_eq!(p.len(), 2, "{}", list(&p));
    for d in &p {
        assert_eq!((d.code.as_str(), d.at()), ("W409", status), "{d}");
        assert!(
            d.message
                .contains("旧台帳に封じ込めと復旧の日時の記録がない"),
            "{d}"
        );
        assert_severity(d);
    }
}

/// `not_recorded` naming a fact the record holds is a false statement.
#[test]
fn w508_a_fact_listed_as_never_recorded_that_the_record_holds() {
    const REC: &str = "incidents/2026/INC-2026-001.yaml";
    let f = Fixture::example();
    let text = append(
        &f,
        REC,
        "deviations:\n  - about: not_recorded\n    fields: [closed_at]\n    reason: 記録なし\n",
    );
    let p = f.problems();
    let line = text
        .lines()
        .position(|l| l.contains("fields: [closed_at]"))
        .map_or(0, |i| i + 1);
    let d = assert_only_line(&p, "W508", REC, line as u64);
    assert!(d.message.contains("closed_at"), "{d}");
}

/// Containment before detection stays an error even with the reason.
#[test]
fn e401_containment_before_detection_is_not_excused() {
    let f = Fixture::example();
    let line = "contained_at: 2025-10-07T16:00:00+09:00";
    f.replace(LEAK, "contained_at: 2025-10-08T18:00:00+09:00", line);
    let text = append(
        &f,
        LEAK,
        "deviations:\n  - about: contained_before_report\n    reason: 先に隔離した\n",
    );
    let p = f.problems();
    assert_eq!(p.len(), 2, "{}", list(&p));
    assert_has(&p, "W405", LEAK, value_at(&text, line));
    let d = assert_has(&p, "E401", LEAK, value_at(&text, line));
    assert!(d.message.contains("detected_at"), "{d}");
}

#[test]
fn e402_timeline_entry_out_of_order() {
    let f = Fixture::example();
    let line = "  - at: 2026-10-05T15:00:00+09:00";
    let text = f.replace(OPEN, "  - at: 2026-10-05T16:30:00+09:00", line);
    let p = f.problems();
    assert_severity(assert_only(&p, "E402", OPEN, value_at(&text, line)));
}

#[test]
fn e403_date_after_the_check_date() {
    let f = Fixture::example();
    let line = "  - at: 2026-11-25T17:00:00+09:00";
    let text = f.replace(OPEN, "  - at: 2026-10-09T17:00:00+09:00", line);
    let p = f.problems();
    let d = assert_only(&p, "E403", OPEN, value_at(&text, line));
    assert_severity(d);
    assert!(d.message.contains(TODAY), "{d}");
}

#[test]
fn e404_date_required_by_the_level_is_missing() {
    let f = Fixture::example();
    let text = f.replace(OPEN, "reported_at: 2026-10-05T15:10:00+09:00\n", "");
    let p = f.problems();
    let d = assert_only(&p, "E404", OPEN, value_at(&text, "level: 1"));
    assert_severity(d);
    assert!(d.message.contains("reported_at"), "{d}");
}

// ---------------------------------------------------------------------------
// E5xx: deadlines and notifications
// ---------------------------------------------------------------------------

#[test]
fn e501_report_to_the_responsible_role_was_late() {
    let f = Fixture::example();
    let line = "reported_at: 2026-10-06T15:10:00+09:00";
    let text = f.replace(OPEN, "reported_at: 2026-10-05T15:10:00+09:00", line);
    let p = f.problems();
    assert_severity(assert_only(&p, "E501", OPEN, value_at(&text, line)));
}

#[test]
fn w504_late_report_with_its_reason_is_a_warning() {
    let f = Fixture::example();
    let line = "reported_at: 2026-10-06T15:10:00+09:00";
    f.replace(OPEN, "reported_at: 2026-10-05T15:10:00+09:00", line);
    let text = append(
        &f,
        OPEN,
        "deviations:\n  - about: report_late\n    reason: 夜間で責任者に連絡がつかなかった\n",
    );
    let p = f.problems();
    let d = assert_only(&p, "W504", OPEN, value_at(&text, line));
    assert_severity(d);
}

/// A record imported from before the policy is not held to the report
/// deadline nor to its notification rules.
#[test]
fn predates_policy_lifts_the_report_deadline_and_the_notification_rules() {
    let f = Fixture::example();
    f.replace(
        OPEN,
        "reported_at: 2026-10-05T15:10:00+09:00",
        "reported_at: 2026-10-06T15:10:00+09:00",
    );
    f.replace(
        LEAK,
        "  - to: ppc_leak\n    kind: final\n    at: 2025-11-05T15:00:00+09:00\n    reference: 漏えい等報告フォームにて確報\n",
        "",
    );
    let block =
        "predates_policy:\n  reason: 旧台帳（Excel）から移行した記録\n  policy_version: \"1.0\"\n";
    append(&f, OPEN, block);
    append(&f, LEAK, block);
    let p = f.problems();
    assert!(p.is_empty(), "{}", list(&p));
    // Nor need it say when the responsible role was told (E404 otherwise).
    f.replace(OPEN, "reported_at: 2026-10-06T15:10:00+09:00\n", "");
    let p = f.problems();
    assert!(p.is_empty(), "{}", list(&p));
}

#[test]
fn w507_notification_not_made_with_its_reason_is_a_warning() {
    let f = Fixture::example();
    f.replace(
        LEAK,
        "  - to: ppc_leak\n    kind: final\n    at: 2025-11-05T15:00:00+09:00\n    reference: 漏えい等報告フォームにて確報\n",
        "",
    );
    let text = append(
        &f,
        LEAK,
        "deviations:\n  - about: notification_not_made\n    to: ppc_leak\n    kind: final\n    reason: 委託元が一括して確報を提出した\n",
    );
    let p = f.problems();
    let d = assert_only(
        &p,
        "W507",
        LEAK,
        item_at(&text, "about: notification_not_made"),
    );
    assert_severity(d);
    assert!(d.message.contains("final"), "{d}");
}

/// A rule marked not applicable, with a reason and the deciding role, is
/// not required: no diagnostic at all.
#[test]
fn a_rule_marked_not_applicable_is_not_required() {
    let f = Fixture::example();
    f.replace(
        LEAK,
        "  - to: ppc_leak\n    kind: final\n    at: 2025-11-05T15:00:00+09:00\n    reference: 漏えい等報告フォームにて確報\n",
        "",
    );
    append(
        &f,
        LEAK,
        "not_applicable:\n  - rule: ppc_leak\n    reason: 本人の同意の範囲内の提供だった\n    decided_by: privacy_officer\n",
    );
    let p = f.problems();
    assert!(p.is_empty(), "{}", list(&p));
}

#[test]
fn w508_an_explanation_of_what_did_not_happen() {
    let f = Fixture::example();
    let text = append(
        &f,
        OPEN,
        "deviations:\n  - about: report_late\n    reason: 遅れた\n",
    );
    let p = f.problems();
    let d = assert_only(&p, "W508", OPEN, value_at(&text, "  - about: report_late"));
    assert_severity(d);
}

#[test]
fn w509_not_applicable_for_a_rule_that_does_not_apply_anyway() {
    let f = Fixture::example();
    let text = append(
        &f,
        OPEN,
        "not_applicable:\n  - rule: police\n    reason: 犯罪ではない\n    decided_by: privacy_officer\n",
    );
    let p = f.problems();
    let d = assert_only(&p, "W509", OPEN, value_at(&text, "  - rule: police"));
    assert_severity(d);
}

#[test]
fn e203_not_applicable_names_an_unknown_rule_and_role() {
    let f = Fixture::example();
    let text = append(
        &f,
        OPEN,
        "not_applicable:\n  - rule: ppc_leek\n    reason: x\n    decided_by: cisoo\n",
    );
    let p = f.problems();
    assert_eq!(p.len(), 2, "{}", list(&p));
    assert_has(&p, "E203", OPEN, value_at(&text, "  - rule: ppc_leek"));
    assert_has(&p, "E203", OPEN, value_at(&text, "    decided_by: cisoo"));
}

#[test]
fn e502_required_notification_missing() {
    let f = Fixture::example();
    let text = f.replace(
        LEAK,
        "  - to: ppc_leak\n    kind: final\n    at: 2025-11-05T15:00:00+09:00\n    reference: 漏えい等報告フォームにて確報\n",
        "",
    );
    let p = f.problems();
    let d = assert_only(&p, "E502", LEAK, value_at(&text, "detected_at: "));
    assert_severity(d);
    assert!(d.message.contains("final"), "{d}");
}

#[test]
fn e503_notification_after_its_deadline() {
    let f = Fixture::example();
    let text = f.replace(
        LEAK,
        "    kind: preliminary\n    at: 2025-10-10T11:00:00+09:00",
        "    kind: preliminary\n    at: 2025-10-13T11:00:00+09:00",
    );
    let p = f.problems();
    assert_severity(assert_only(
        &p,
        "E503",
        LEAK,
        value_at(&text, "    at: 2025-10-13T11:00:00+09:00"),
    ));
}

#[test]
fn w506_late_notification_with_its_reason_is_a_warning() {
    let f = Fixture::example();
    let text = f.replace(
        LEAK,
        "    kind: preliminary\n    at: 2025-10-10T11:00:00+09:00",
        "    kind: preliminary\n    at: 2025-10-13T11:00:00+09:00\n    late_reason: 影響範囲の確定に時間がかかった",
    );
    let p = f.problems();
    let d = assert_only(
        &p,
        "W506",
        LEAK,
        value_at(&text, "    at: 2025-10-13T11:00:00+09:00"),
    );
    assert_eq!(d.severity, "warning", "{d}");
}

// ---------------------------------------------------------------------------
// E6xx: closing and corrective actions
// ---------------------------------------------------------------------------

#[test]
fn e602_closed_without_cause() {
    let f = Fixture::example();
    let text = f.replace_lines(LEAK, "cause: |", "affected_systems:", "");
    let p = f.problems();
    assert_severity(assert_only(
        &p,
        "E602",
        LEAK,
        value_at(&text, "status: closed"),
    ));
}

#[test]
fn e603_closed_without_action() {
    let f = Fixture::example();
    let text = f.replace_lines(LEAK, "actions:", "lessons:", "actions: []\n");
    let p = f.problems();
    assert_severity(assert_only(
        &p,
        "E603",
        LEAK,
        value_at(&text, "status: closed"),
    ));
}

#[test]
fn e604_action_of_a_closed_record_without_evaluation() {
    let f = Fixture::example();
    let text = f.replace_lines(LEAK, "    evaluation: 半年間", "    controls:", "");
    let p = f.problems();
    let item = item_at(
        &text,
        "  - action: 個人情報を含むファイルを社外へ送るときは",
    );
    let d = assert_only(&p, "E604", LEAK, item);
    assert_severity(d);
    assert!(d.message.contains("evaluation"), "{d}");
}

#[test]
fn w605_the_example_has_its_one_intended_overdue_action() {
    let f = Fixture::example();
    let r = f.check();
    let text = f.read(OPEN);
    // The example's intended findings: one overdue action (W605), an
    // explained late report with containment before it (W504, W405 in
    // INC-2025-008), two overdue effectiveness reviews (W607) and an
    // explained late drill (W907).
    let mut codes = r.codes();
    codes.sort_unstable();
    assert_eq!(
        codes,
        ["W405", "W504", "W605", "W607", "W607", "W907"],
        "{}",
        list(&r.diags)
    );
    let d = assert_has(
        &r.diags,
        "W605",
        OPEN,
        value_at(&text, "    due: 2026-10-30"),
    );
    assert_severity(d);
}

#[test]
fn w606_overdue_action_with_its_reason_is_a_warning() {
    let f = Fixture::example();
    let text = f.replace(
        OPEN,
        "    due: 2026-10-30\n",
        "    due: 2026-10-30\n    late_reason: 機器の入荷が遅れている\n",
    );
    let r = f.check();
    let d = assert_has(
        &r.diags,
        "W606",
        OPEN,
        value_at(&text, "    due: 2026-10-30"),
    );
    assert_severity(d);
    assert!(!r.codes().contains(&"W605"), "{}", list(&r.diags));
}

#[test]
fn w607_effectiveness_review_overdue() {
    let f = Fixture::example();
    let text = f.replace(
        OPEN,
        "    due: 2026-12-25\n",
        "    due: 2026-12-25\n    review:\n      due: 2026-11-01\n",
    );
    let p = f.problems();
    let d = assert_only(&p, "W607", OPEN, value_at(&text, "      due: 2026-11-01"));
    assert_severity(d);
}

#[test]
fn w608_review_done_without_reviewer_or_result() {
    let f = Fixture::example();
    let text = f.replace(
        OPEN,
        "    due: 2026-12-25\n",
        "    due: 2026-12-25\n    review:\n      done_at: 2026-11-02\n",
    );
    let p = f.problems();
    let d = assert_only(
        &p,
        "W608",
        OPEN,
        value_at(&text, "      done_at: 2026-11-02"),
    );
    assert_severity(d);
    assert!(d.message.contains("by, result"), "{d}");
}

#[test]
fn w605_action_overdue_in_a_drill() {
    let f = Fixture::example();
    let rel = "drills/2026/DRL-2026-02.yaml";
    let text = f.replace(
        rel,
        "    status: done\n    done_at: 2026-10-02\n",
        "    status: in_progress\n",
    );
    let p = f.problems();
    assert_only(&p, "W605", rel, value_at(&text, "    due: 2026-10-16"));
}

// ---------------------------------------------------------------------------
// E7xx: evidence
// ---------------------------------------------------------------------------

#[test]
fn e701_evidence_file_missing() {
    let f = Fixture::example();
    let line = "  - path: evidence/INC-2025-007/mail-log-2.csv";
    let text = f.replace(LEAK, "  - path: evidence/INC-2025-007/mail-log.csv", line);
    let p = f.problems();
    assert_severity(assert_only(&p, "E701", LEAK, value_at(&text, line)));
}

#[test]
fn e703_evidence_file_changed_since_it_was_hashed() {
    let f = Fixture::example();
    let ev = "evidence/INC-2025-007/mail-log.csv";
    let mut bytes = std::fs::read(f.path(ev)).unwrap();
    bytes.extend_from_slice(b"tampered\n");
    f.write(ev, bytes);
    let text = f.read(LEAK);
    let p = f.problems();
    assert_severity(assert_only(
        &p,
        "E703",
        LEAK,
        value_at(&text, "    sha256: fe7bea51"),
    ));
}

// ---------------------------------------------------------------------------
// E8xx: flow
// ---------------------------------------------------------------------------

#[test]
fn e803_flow_node_unreachable() {
    let f = Fixture::example();
    let text = f.replace(
        POLICY,
        "      - { to: isolate, label: はい }",
        "      - { to: assess, label: はい }",
    );
    let p = f.problems();
    let d = assert_only(&p, "E803", POLICY, value_at(&text, "  - id: isolate"));
    assert_severity(d);
}

#[test]
fn e804_flow_without_end() {
    let f = Fixture::example();
    let text = f.replace(POLICY, "    kind: end\n", "    kind: step\n");
    let p = f.problems();
    let first = item_at(&text, "  - id: discover");
    assert_severity(assert_only(&p, "E804", POLICY, first));
}

#[test]
fn e805_second_start_node() {
    let f = Fixture::example();
    let text = f.replace(
        POLICY,
        "    label: ネットワークから切り離す・アカウントを止める（電源は切らない）\n    kind: step",
        "    label: ネットワークから切り離す・アカウントを止める（電源は切らない）\n    kind: start",
    );
    let p = f.problems();
    assert_severity(assert_only(
        &p,
        "E805",
        POLICY,
        value_at(&text, "  - id: isolate"),
    ));
}

#[test]
fn e805_no_start_node() {
    let f = Fixture::example();
    let text = f.replace(POLICY, "    kind: start\n", "    kind: step\n");
    let p = f.problems();
    assert_only(&p, "E805", POLICY, item_at(&text, "  - id: discover"));
}

// ---------------------------------------------------------------------------
// E9xx: assessment and drills
// ---------------------------------------------------------------------------

#[test]
fn e901_assessment_missing_from_level_1() {
    let f = Fixture::example();
    let text = f.replace_lines(OPEN, "assessment:", "timeline:", "");
    let p = f.problems();
    assert_severity(assert_only(&p, "E901", OPEN, value_at(&text, "level: 1")));
}

#[test]
fn e902_assessment_before_detection() {
    let f = Fixture::example();
    let line = "  decided_at: 2026-10-05T13:00:00+09:00";
    let text = f.replace(OPEN, "  decided_at: 2026-10-06T10:00:00+09:00", line);
    let p = f.problems();
    assert_severity(assert_only(&p, "E902", OPEN, value_at(&text, line)));
}

#[test]
fn e903_role_not_allowed_to_assess() {
    let f = Fixture::example();
    let text = f.replace(
        OPEN,
        "  decided_by: incident_manager",
        "  decided_by: privacy_officer",
    );
    let p = f.problems();
    let d = assert_only(
        &p,
        "E903",
        OPEN,
        value_at(&text, "  decided_by: privacy_officer"),
    );
    assert_severity(d);
    assert!(
        d.hint.as_deref().unwrap_or("").contains("incident_manager"),
        "{d}"
    );
}

#[test]
fn e904_stage_does_not_fit_the_level() {
    let f = Fixture::example();
    let text = f.replace(OPEN, "  stage: event\n", "  stage: weakness\n");
    let p = f.problems();
    assert_severity(assert_only(
        &p,
        "E904",
        OPEN,
        value_at(&text, "  stage: weakness"),
    ));
}

#[test]
fn w905_drill_overdue() {
    let f = Fixture::example();
    let text = f.replace(POLICY, "  every: 26w\n", "  every: 4w\n");
    let p = f.problems();
    assert_severity(assert_has(
        &p,
        "W905",
        POLICY,
        value_at(&text, "  every: 4w"),
    ));
    // Every gap of the history is judged against the new interval too.
    let rel = "drills/2026/DRL-2026-02.yaml";
    assert_has(&p, "W906", rel, value_at(&f.read(rel), "date: 2026-09-15"));
    assert_eq!(p.len(), 3, "{}", list(&p));
}

/// Every gap between consecutive drills is judged, not only the latest:
/// the example's one long gap (2025-05-27 → 2026-03-17, 26w allowed) is
/// explained; without its reason it is W906.
#[test]
fn w906_a_late_gap_earlier_in_the_history() {
    let f = Fixture::example();
    let rel = "drills/2026/DRL-2026-01.yaml";
    let text = f.read(rel);
    let kept: String = text
        .lines()
        .filter(|l| !l.starts_with("late_reason:"))
        .map(|l| format!("{l}\n"))
        .collect();
    f.write(rel, &kept);
    let r = f.check();
    let d = assert_has(&r.diags, "W906", rel, value_at(&kept, "date: 2026-03-17"));
    assert_severity(d);
    assert!(d.message.contains("2025-11-25"), "{d}");
    assert!(!r.codes().contains(&"W907"), "{}", list(&r.diags));
}

#[test]
fn w907_the_example_drill_gap_is_explained() {
    let f = Fixture::example();
    let rel = "drills/2026/DRL-2026-01.yaml";
    let r = f.check();
    let d = assert_has(
        &r.diags,
        "W907",
        rel,
        value_at(&f.read(rel), "date: 2026-03-17"),
    );
    assert_severity(d);
}

// ---------------------------------------------------------------------------
// All problems in one run
// ---------------------------------------------------------------------------

#[test]
fn three_problems_in_one_file_give_three_diagnostics() {
    let f = Fixture::example();
    f.replace(OPEN, "status: open\n", "status: opne\n");
    f.replace(OPEN, "category: leak\n", "category: leek\n");
    let text = f.replace(OPEN, "location: ", "locaton: ");
    let p = f.problems();
    assert_eq!(p.len(), 3, "{}", list(&p));
    assert_has(&p, "E103", OPEN, value_at(&text, "status: opne"));
    assert_has(&p, "E203", OPEN, value_at(&text, "category: leek"));
    let d = assert_has(&p, "W104", OPEN, key_at(&text, "locaton: "));
    assert_eq!(d.hint.as_deref(), Some("did you mean `location`?"));
}

#[test]
fn problems_in_several_files_are_all_reported_in_file_order() {
    let f = Fixture::example();
    let open = f.replace(OPEN, "status: open\n", "status: opne\n");
    let leak = f.replace(
        LEAK,
        "  - path: evidence/INC-2025-007/mail-log.csv",
        "  - path: evidence/missing.csv",
    );
    let policy = f.replace(POLICY, "report_within: 1d\n", "report_within: soon\n");
    let r = f.check();
    let p = r.new_problems();
    assert_eq!(p.len(), 3, "{}", list(&p));
    assert_has(&p, "E103", OPEN, value_at(&open, "status: opne"));
    assert_has(
        &p,
        "E701",
        LEAK,
        value_at(&leak, "  - path: evidence/missing.csv"),
    );
    assert_has(&p, "E106", POLICY, value_at(&policy, "report_within: soon"));
    // Sorted by file, then position: deterministic for CI logs.
    let files: Vec<&str> = r.diags.iter().map(|d| d.file.as_str()).collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
    assert_eq!(r.json["summary"]["errors"], 3);
    assert_eq!(r.status, 1);
}

#[test]
fn e115_image_naming_another_host_in_a_record_summary_points_at_it() {
    let f = Fixture::example();
    let text = f.replace(
        OPEN,
        "summary: |\n",
        "summary: |\n  見て <img src=\"//files.example/x.png\"> ください\n",
    );
    let p = f.problems();
    let d = assert_only(&p, "E115", OPEN, locate(&text, "見て <img", "<img"));
    assert_severity(d);
    assert!(d.hint.is_some(), "{d}");
}

#[test]
fn e121_a_person_named_in_a_summary() {
    let f = Fixture::example();
    // The reporter of the record, named in its summary with an honorific.
    let file = "incidents/2026/INC-2026-006.yaml";
    let text = f.replace(file, "御社の営業担当の方から", "御社の藤田さんから");
    let p = f.problems();
    let d = assert_only(
        &p,
        "E121",
        file,
        locate(&text, "御社の藤田さんから", "藤田さん"),
    );
    assert_severity(d);
    assert!(
        d.message.contains("`summary`")
            && d.message.contains("`staff` and `training`")
            && !d.message.contains("auditor"),
        "{d}"
    );
    assert!(d.hint.as_deref().unwrap_or("").contains("mask:"), "{d}");
}

#[test]
fn e121_a_contact_named_in_a_handbook_page_by_family_name() {
    let f = Fixture::example();
    let file = "handbook/first-response.md";
    let before = f.read(file);
    let line = before
        .lines()
        .nth(before.lines().count() - 1)
        .unwrap_or("")
        .to_string();
    let text = f.replace(
        file,
        &line,
        &format!("{line}\n\n困ったら中村に電話してください。"),
    );
    let p = f.problems();
    let d = assert_only(&p, "E121", file, locate(&text, "困ったら中村に", "中村"));
    assert!(
        d.hint.as_deref().unwrap_or("").contains("システム管理者"),
        "{d}"
    );
}

#[test]
fn e122_a_mask_of_one_character_and_one_without_label() {
    let f = Fixture::example();
    let text = f.replace(
        "site.yaml",
        "language: ja\n",
        "language: ja\nmask:\n  A: 取引先\n",
    );
    let p = f.problems();
    let d = assert_only(&p, "E122", "site.yaml", locate(&text, "  A: 取引先", "A"));
    assert_severity(d);
    f.replace("site.yaml", "  A: 取引先\n", "  ソラノ制作: \"\"\n");
    let p = f.problems();
    assert!(
        p.iter()
            .any(|d| d.code == "E122" && d.message.contains("no label")),
        "{p:?}"
    );
}
// ---------------------------------------------------------------------------
// E13x: import (positions are the cells of the sheet, `Sheet1!D17`)
// ---------------------------------------------------------------------------

/// Run `import --format json` on a fixture of tests/fixtures/import in a
/// copy of the example; returns (exit code, [(code, cell, line, column)]),
/// and checks that nothing was written.
fn import_problems(file: &str, mapping: &str) -> (i32, Vec<(String, String, u64, u64)>) {
    let f = Fixture::example();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    for name in [file, mapping] {
        let from = dir.join(name);
        if from.exists() {
            std::fs::copy(&from, f.workdir().join(name)).unwrap();
        }
    }
    if !dir.join(mapping).exists() {
        std::fs::write(f.workdir().join(mapping), mapping_text(mapping)).unwrap();
    }
    let before = read_tree(&f.root());
    let run = f.run(&[
        "import",
        file,
        "--map",
        mapping,
        "--content",
        "content",
        "--format",
        "json",
    ]);
    assert_eq!(
        read_tree(&f.root()),
        before,
        "a refused import wrote something"
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr));
    let mut out = Vec::new();
    for d in json["diagnostics"].as_array().unwrap() {
        let diag = Diag {
            code: d["code"].as_str().unwrap().into(),
            severity: d["severity"].as_str().unwrap().into(),
            file: d["file"].as_str().unwrap().into(),
            path: d["path"].as_str().unwrap().into(),
            line: d["line"].as_u64().unwrap(),
            column: d["column"].as_u64().unwrap(),
            message: d["message"].as_str().unwrap().into(),
            hint: d["hint"].as_str().map(str::to_string),
        };
        assert_severity(&diag);
        out.push((
            diag.code,
            d["cell"].as_str().unwrap_or("").to_string(),
            diag.line,
            diag.column,
        ));
    }
    (run.status, out)
}

/// Mappings written by the tests below (the rest are files in the fixtures).
fn mapping_text(name: &str) -> &'static str {
    match name {
        "bad-mapping.yaml" => "id: { column: 管理番号 }\nfields:\n  titel: 件名\n",
        "missing-column.yaml" => "id: { column: 管理番号 }\nfields:\n  title: 表題\n",
        "no-sheet.yaml" => "sheet: 台帳\nid: { column: 管理番号 }\nfields:\n  title: 件名\n",
        _ => "id: { column: 管理番号 }\nfields:\n  title: 件名\n",
    }
}

fn has(p: &[(String, String, u64, u64)], code: &str, cell: &str, line: u64, col: u64) {
    assert!(
        p.iter()
            .any(|(c, at, l, k)| c == code && at == cell && *l == line && *k == col),
        "no {code} at {cell} ({line}:{col}) in {p:?}"
    );
}

#[test]
fn e132_to_e137_import_errors_name_sheet_row_and_column() {
    let (status, p) = import_problems("errors.xlsx", "errors.yaml");
    assert_eq!(status, 1);
    has(&p, "E132", "Sheet1!E3", 3, 5); // 来週の月曜 as a date
    has(&p, "E133", "Sheet1!C4", 4, 3); // とても重大: no translation
    has(&p, "E137", "Sheet1!F5", 5, 6); // no reporter
    has(&p, "E136", "Sheet1!A6", 6, 1); // OLD-001 again
    has(&p, "E135", "Sheet1!A8", 8, 1); // INC-2026-001 is in the example
    has(&p, "E133", "Sheet1!D9", 9, 4); // 地震: not a category
    has(&p, "E132", "Sheet1!C10", 10, 3); // #N/A: a formula's error value
                                          // A tab in a title: refused by the rule of hand-written records.
    has(&p, "E112", "Sheet1!B7", 7, 2);
    assert_eq!(p.len(), 8, "{p:?}");
}

#[test]
fn e130_e131_e134_unreadable_files_mappings_and_limits() {
    let (status, p) = import_problems("errors.xlsx", "no-sheet.yaml");
    assert_eq!(status, 1);
    has(&p, "E130", "", 1, 1);
    let (_, p) = import_problems("errors.xlsx", "bad-mapping.yaml");
    has(&p, "E131", "", 3, 3);
    let (_, p) = import_problems("errors.xlsx", "missing-column.yaml");
    has(&p, "E131", "", 3, 10);
    // A cell over Excel's 32,767 characters; a sheet reaching row 1,048,576;
    // a cell of 100 MB (refused from the zip directory, before unpacking).
    let (_, p) = import_problems("long-cell.csv", "any.yaml");
    has(&p, "E134", "B2", 2, 2);
    let (_, p) = import_problems("huge-rows.xlsx", "any.yaml");
    has(&p, "E134", "A1048576", 1_048_576, 1);
    let (_, p) = import_problems("huge-cell.xlsx", "any.yaml");
    has(&p, "E134", "", 1, 1);
}

/// `git` in the fixture's work directory, with fixed author and dates.
fn git_at(dir: &std::path::Path, args: &[&str], date: &str) -> bool {
    std::process::Command::new("git")
        .args([
            "-c",
            "user.name=文書 管理",
            "-c",
            "user.email=docs@example.jp",
        ])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .current_dir(dir)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

#[test]
fn w908_a_document_changed_after_its_approval() {
    const PAGE: &str = "handbook/recovery.md";
    let f = Fixture::example();
    let dir = f.workdir().to_path_buf();
    if !git_at(&dir, &["init", "-q"], "2025-03-01T10:00:00+09:00") {
        eprintln!("git is not installed; skipping");
        return;
    }
    let commit = |msg: &str, date: &str| {
        assert!(git_at(&dir, &["add", "content"], date));
        assert!(git_at(&dir, &["commit", "-q", "-m", msg], date));
    };
    // Written before its approval on 2025-04-01: nothing to say.
    commit("初版", "2025-03-01T10:00:00+09:00");
    assert!(f.problems().is_empty(), "{}", list(&f.problems()));
    // Changed after it, with the approval left as it was.
    let text = f.replace(PAGE, "原因が残ったまま戻すと", "原因を取り除かずに戻すと");
    commit("承認後の書き換え", "2026-05-01T10:00:00+09:00");
    let p = f.problems();
    let d = assert_only(&p, "W908", PAGE, value_at(&text, "approved_at: 2025-04-01"));
    assert!(
        d.message.contains("2026-05-01") && d.message.contains("承認後の書き換え"),
        "{d}"
    );
    // The hint asks for the true approval, never for a moved date.
    assert!(d.hint.as_deref().unwrap_or("").contains("true date"), "{d}");
    // A new approval recorded with its true date, committed two days
    // later with a further change it covers: the recording commit is not a
    // change after the approval, so nothing is reported.
    f.replace(PAGE, "version: \"3.0\"", "version: \"3.1\"");
    f.replace(PAGE, "approved_at: 2025-04-01", "approved_at: 2026-05-10");
    f.replace(PAGE, "原因を取り除かずに戻すと", "原因が残ったまま戻すと");
    commit("3.1 版の承認を記録", "2026-05-12T10:00:00+09:00");
    assert!(f.problems().is_empty(), "{}", list(&f.problems()));
}
