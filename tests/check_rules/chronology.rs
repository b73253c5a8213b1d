//! Fixtures for E4xx (chronology) and E5xx (deadlines and notifications).

use super::*;

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
fn w406_a_key_date_over_a_century_old() {
    let f = Fixture::example();
    // An empty Excel date cell, read as a date.
    let original = f.read(LEAK);
    let old = original
        .lines()
        .find(|l| l.starts_with("occurred_at: "))
        .unwrap_or_default()
        .to_string();
    let line = "occurred_at: 1899-12-30";
    let text = f.replace(LEAK, &old, line);
    let p = f.problems();
    let d = assert_only(&p, "W406", LEAK, value_at(&text, line));
    assert_severity(d);
    assert!(
        d.message.contains("occurred_at") && d.message.contains(TODAY),
        "{d}"
    );
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
