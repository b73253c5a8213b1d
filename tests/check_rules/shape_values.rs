//! Fixtures for E1xx, the values of a record: types, enums, unknown keys,
//! dates, durations, duplicate keys, links, ids, hidden characters, contacts.

use super::*;

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

/// A count cannot be negative: `records_affected: -3` is a typing mistake
/// (a dash before the number) and is refused where it is written, in a
/// record and in a notification rule's threshold alike.
#[test]
fn e108_negative_count() {
    let f = Fixture::example();
    let record = "incidents/2025/INC-2025-002.yaml";
    let line = "  records_affected: -3";
    let text = f.replace(record, "  records_affected: 0\n", &format!("{line}\n"));
    let p = f.problems();
    let d = assert_only(&p, "E108", record, value_at(&text, line));
    assert_severity(d);
    assert!(
        d.message.contains("records_affected") && d.message.contains("-3"),
        "{d}"
    );
    // The JSON report is English in every language; people read this.
    let ja = f.check_human("ja");
    let said = format!("{}{}", ja.stdout, ja.stderr);
    assert!(
        said.contains("`impact.records_affected` は件数なので負の数（-3）にはできません"),
        "{said}"
    );
    // Zero stays a count (no record affected).
    f.replace(record, line, "  records_affected: 0");
    assert!(f.problems().is_empty(), "{:?}", f.problems());
    let rule = "more_than: { records_affected: -1 }";
    let text = f.replace(POLICY, "more_than: { records_affected: 1000 }", rule);
    let p = f.problems();
    assert_only(&p, "E108", POLICY, locate(&text, rule, "-1"));
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

/// A zero-width joiner that joins two emoji (`👩‍💻`, `🏳️‍🌈`: one picture,
/// as a phone keyboard inserts it) is part of what is seen, not hidden;
/// anywhere else (`pass\u{200D}word`) it is still E111.
#[test]
fn e111_spares_the_joiner_inside_an_emoji() {
    let f = Fixture::example();
    let from = "title: 大阪営業所の古い NAS";
    f.replace(
        OPEN,
        from,
        "title: 👩\u{200D}💻 🏳\u{FE0F}\u{200D}🌈 大阪営業所の古い NAS",
    );
    assert!(f.problems().is_empty(), "{:?}", f.problems());
    // The record's page shows the pictures, not `<U+200D>` between halves.
    let run = f.build_site("site", "2026-11-22", &[]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(f.workdir().join("site/incidents/INC-2026-007.html"))
        .unwrap_or_default();
    assert!(
        page.contains("<h1>👩\u{200D}💻 🏳\u{FE0F}\u{200D}🌈 大阪"),
        "{page}"
    );
    assert!(!page.contains("U+200D"), "{page}");
    let text = f.replace(
        OPEN,
        "title: 👩\u{200D}💻 🏳\u{FE0F}\u{200D}🌈 大阪営業所の古い NAS",
        "title: 👩\u{200D}大阪営業所の古い NAS",
    );
    let p = f.problems();
    let d = assert_only(&p, "E111", OPEN, value_at(&text, "title: 👩\u{200D}大阪"));
    assert!(d.message.contains("U+200D"), "{d}");
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
