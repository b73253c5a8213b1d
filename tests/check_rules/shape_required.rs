//! Fixtures for E1xx, the shape of a record: required fields missing or blank,
//! and a folder below the walk limit.

use super::*;

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

/// `check` reads each record once: a record saved again after the content
/// before the records was loaded, before any record is read, is judged by
/// its new text (it names someone no other record knows: E121, as when the
/// text was there from the start), never reported as changed (E016).
#[test]
fn a_record_saved_before_the_records_are_read_is_judged_by_its_new_text() {
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
    let errors: Vec<(&str, &str)> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.code, d.file.as_str()))
        .collect();
    assert_eq!(errors, [("E121", file)]);
    // The same text, there from the start: the same diagnostics.
    let again = ismsbook::validate::load_and_check(&f.root(), |_| today).expect("loads");
    assert_eq!(
        format!("{:?}", again.diagnostics),
        format!("{:?}", checked.diagnostics)
    );
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

/// `check` loads the records whose bytes the scan for names held from
/// those bytes instead of reading each file again; the hooked check holds
/// none. Both give the same diagnostics, for clean records and for broken
/// ones: a name in free text (E121), a month where a date goes, a wrong
/// type, a file that is not YAML, one that is not UTF-8.
#[test]
fn records_checked_from_the_scanned_bytes_get_the_diagnostics_of_a_second_reading() {
    let f = Fixture::example();
    let named = "incidents/2026/INC-2026-006.yaml";
    let text = f
        .read(named)
        .replacen("reporter: 藤田 亮", "reporter: 真壁 恭平", 1)
        .replacen("御社の営業担当の方から", "御社の真壁さんから", 1);
    f.write(named, text);
    f.replace(
        "incidents/2026/INC-2026-001.yaml",
        "detected_at: 2026-01-20T09:10:00+09:00",
        "detected_at: 2026-01",
    );
    f.replace("incidents/2026/INC-2026-002.yaml", "level: ", "level: [");
    let broken = f.read("incidents/2025/INC-2025-001.yaml");
    f.write(
        "incidents/2025/INC-2025-001.yaml",
        [broken.as_bytes(), b"\xff\n"].concat(),
    );
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let held = ismsbook::validate::load_and_check(&f.root(), |_| today).expect("loads");
    let read = ismsbook::validate::load_and_check_hooked(&f.root(), |_| today, &|| {}, &|| {})
        .expect("loads");
    assert_eq!(
        format!("{:?}", held.diagnostics),
        format!("{:?}", read.diagnostics)
    );
    let codes: Vec<&str> = held.diagnostics.iter().map(|d| d.code).collect();
    for code in ["E121", "E004", "E002", "W510"] {
        assert!(codes.contains(&code), "{code}: {codes:?}");
    }
}
