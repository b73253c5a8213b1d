//! Fixtures for E6xx (closing and corrective actions), E7xx (evidence), E8xx
//! (flow) and E9xx (assessment and drills).

use super::*;

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
