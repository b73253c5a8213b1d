//! Fixtures for E2xx (identity and references) and E3xx (levels, roles and
//! contacts).

use super::*;

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

/// An id with a control character (or another that ids may not hold) is
/// never offered as a file name: nobody can type `INC-2026-<U+0009>007.yaml`.
#[test]
fn e202_hint_names_only_a_file_a_user_can_type() {
    let f = Fixture::example();
    for (id, wanted) in [
        ("\"INC-2026-\t007\"", "id: INC-2026-007"),
        ("\"INC-2026-\\u0007007\"", "id: INC-2026-007"),
        ("\"INC-2026-\\u200b007\"", "id: INC-2026-007"),
    ] {
        f.replace(OPEN, "id: INC-2026-007\n", &format!("id: {id}\n"));
        let p = f.problems();
        let d = p.iter().find(|d| d.code == "E202").expect("E202");
        let hint = d.hint.as_deref().unwrap_or("");
        assert!(
            !hint.contains("<U+") && !hint.chars().any(char::is_control),
            "{d}"
        );
        assert!(!hint.contains(".yaml"), "no file to rename to: {d}");
        assert!(hint.contains(wanted), "{d}");
        f.replace(OPEN, &format!("id: {id}\n"), "id: INC-2026-007\n");
    }
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

/// A handbook page's file name gives its page's name in the site; a name
/// so long that the page's path, unpacked from the auditor's zip under a
/// usual folder (`C:\Users\<name>\Downloads\<zip>\<zip>\`, or a
/// checkout's `…\source\repos\<repo>\content\`), passes Windows' 260
/// characters cannot be opened or extracted there. A warning, on the file.
#[test]
fn w207_a_file_name_too_long_for_windows() {
    let f = Fixture::example();
    let page = |name: &str| {
        let rel = format!("handbook/{name}.md");
        f.write(&rel, "---\ntitle: 長い名前\n---\n\n本文\n");
        rel
    };
    // 140 letters: handbook/….html is 154 characters, within the limit;
    // 80 kanji are 240 bytes (the file exists) but 80 characters.
    let fine = page(&"a".repeat(140));
    page(&"漢".repeat(80));
    assert!(f.problems().is_empty(), "{:?}", f.problems());
    f.remove(&fine);
    let long = page(&"procedure-for-".repeat(12));
    let p = f.problems();
    let d = assert_only(&p, "W207", &long, At { line: 1, col: 1 });
    assert_severity(d);
    assert!(
        d.message.contains("260") && d.message.contains("182"),
        "{d}"
    );
}

/// An evidence file is published as `incidents/<id>/evidence/<name>`: a
/// name long enough to pass Windows' limit there is W207 at the path.
#[test]
fn w207_an_evidence_name_too_long_for_windows() {
    let f = Fixture::example();
    let record = "incidents/2026/INC-2026-001.yaml";
    let old = "evidence/INC-2026-001/vpn-auth.log";
    let long = format!(
        "evidence/INC-2026-001/{}.log",
        "vpn-authentication-".repeat(7)
    );
    let bytes = std::fs::read(f.path(old)).unwrap();
    f.remove(old);
    f.write(&long, bytes);
    let text = f.replace(record, old, &long);
    let p = f.problems();
    let d = assert_only(
        &p,
        "W207",
        record,
        value_at(&text, &format!("  - path: {long}")),
    );
    // incidents/INC-2026-001/evidence/ (32) + 133 + .log; the content's
    // own path, 10 shorter, is within the limit.
    assert!(d.message.contains("169"), "{d}");
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

/// Levels count up from 0 (a weakness): a negative level number in the
/// policy, or a notification rule's `min_level: -3` (a stray dash; it made
/// the rule apply to every record, level 0 included), is refused where it
/// is written. `order` of a handbook page is a sort key and may be negative.
#[test]
fn e306_negative_level_number() {
    let f = Fixture::example();
    let line = "      min_level: -3";
    let original = f.read(POLICY);
    let first = original
        .lines()
        .find(|l| l.trim_start().starts_with("min_level: "))
        .unwrap_or_default()
        .to_string();
    let text = original.replacen(&first, line, 1);
    f.write(POLICY, &text);
    let p = f.problems();
    // The rule still reads as "every level" (so the records it now covers
    // owe the report, E502); E306 says why.
    let d = assert_has(&p, "E306", POLICY, value_at(&text, line));
    assert_severity(d);
    assert_eq!(p.iter().filter(|d| d.code == "E306").count(), 1, "{p:?}");
    assert!(
        d.message.contains("min_level") && d.message.contains("-3"),
        "{d}"
    );
    let ja = f.check_human("ja");
    let said = format!("{}{}", ja.stdout, ja.stderr);
    assert!(said.contains("E306") && said.contains("0 以上"), "{said}");
    f.write(POLICY, &original);
    // A level of the policy.
    let text = f.replace(POLICY, "  - level: 3\n", "  - level: -3\n");
    let p = f.problems();
    assert_has(&p, "E306", POLICY, value_at(&text, "  - level: -3"));
    // A handbook page placed first with a negative order is fine.
    f.write(POLICY, &original);
    f.replace("handbook/training.md", "order: 70\n", "order: -1\n");
    assert!(f.problems().is_empty(), "{:?}", f.problems());
}

/// A rule's `min_level` above the policy's highest level (`20` typed for
/// `2`) would make the rule apply to no record, silently; it is reported
/// where it is written, in `when`, in an `any` alternative and in an
/// override's condition. The policy's own highest level is fine.
#[test]
fn w307_min_level_above_every_level() {
    let f = Fixture::example();
    let original = f.read(POLICY);
    let text = f.replace(
        POLICY,
        "      categories: [malware, unauthorized_access, loss_theft, insider]\n      min_level: 2\n",
        "      categories: [malware, unauthorized_access, loss_theft, insider]\n      min_level: 20\n",
    );
    let p = f.problems();
    let line = "      min_level: 20";
    let d = assert_has(&p, "W307", POLICY, value_at(&text, line));
    assert_severity(d);
    assert_eq!(p.iter().filter(|d| d.code == "W307").count(), 1, "{p:?}");
    assert!(
        d.message.contains("min_level") && d.message.contains("20") && d.message.contains("(3)"),
        "{d}"
    );
    assert!(d.hint.as_deref().unwrap_or("").contains("0 to 3"), "{d}");
    let ja = f.check_human("ja");
    let said = format!("{}{}", ja.stdout, ja.stderr);
    assert!(said.contains("W307") && said.contains("police"), "{said}");

    // In an override's condition and an `any` alternative.
    let text = original.replacen(
        "      - when: { impact: { malicious: true } }\n",
        "      - when: { impact: { malicious: true }, min_level: 7 }\n",
        1,
    );
    let text = text.replacen("      any:\n", "      any:\n        - min_level: 9\n", 1);
    f.write(POLICY, &text);
    let p = f.problems();
    let found: Vec<&str> = p
        .iter()
        .filter(|d| d.code == "W307")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(found.len(), 2, "{p:?}");
    assert!(
        found
            .iter()
            .any(|m| m.contains("overrides[0].when.min_level")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|m| m.contains(".any[0].min_level")),
        "{found:?}"
    );

    // The highest level itself applies to records of that level.
    f.write(
        POLICY,
        original.replacen("      min_level: 2\n", "      min_level: 3\n", 1),
    );
    assert!(
        !f.problems().iter().any(|d| d.code == "W307"),
        "{:?}",
        f.problems()
    );
}
