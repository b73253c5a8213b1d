//! The example policy's PPC rule as the law has it, written as data: a
//! personal-data leak must be reported when any of sensitive data, a risk of
//! financial damage, a possibly wrongful purpose, or more than 1,000 persons
//! holds; the final report is due in 30 days, 60 when the purpose was
//! possibly wrongful (`overrides`). Seen through `check` (which reports a
//! required report not made) and the calendar's deadlines.

mod common;

use common::*;

/// The example's policy with one record detected on 2026-11-20 18:00 +09:00,
/// a personal-data leak with nothing else set; `impact` lines are added by
/// each case.
fn leak(impact: &str) -> Fixture {
    leak_fixture(impact, "")
}

/// Reports of the `ppc_leak` rule `check` finds missing on 2027-02-01
/// (every deadline has then passed), with their deadlines.
fn ppc_missing(f: &Fixture) -> Vec<String> {
    let args = [
        "check",
        "--content",
        "content",
        "--format",
        "json",
        "--today",
        "2027-02-01",
    ];
    Report::from_run(f.run(&args))
        .diags
        .iter()
        .filter(|d| d.code == "E502" && d.message.contains("ppc_leak"))
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn a_small_leak_of_ordinary_data_needs_no_ppc_report() {
    let f = leak("  records_affected: 1000\n");
    assert_eq!(ppc_missing(&f), Vec::<String>::new());
}

#[test]
fn each_condition_alone_requires_the_report() {
    for impact in [
        "  sensitive_data: true\n  records_affected: 3\n",
        "  financial_damage: true\n",
        "  malicious: true\n",
        "  records_affected: 1001\n",
    ] {
        let f = leak(impact);
        let missing = ppc_missing(&f);
        assert_eq!(missing.len(), 2, "{impact}: {missing:?}");
        assert!(
            missing
                .iter()
                .any(|m| m.contains("preliminary") && m.contains("2026-11-25")),
            "{missing:?}"
        );
    }
}

#[test]
fn the_final_report_is_due_in_30_days_or_60_when_the_purpose_was_wrongful() {
    let due = |impact: &str| {
        let f = leak(impact);
        let missing = ppc_missing(&f);
        missing
            .iter()
            .find(|m| m.contains("final"))
            .cloned()
            .unwrap_or_else(|| panic!("{impact}: {missing:?}"))
    };
    // 2026-11-20 18:00 + 30 days, + 60 days.
    assert!(due("  sensitive_data: true\n").contains("2026-12-20"));
    assert!(due("  malicious: true\n").contains("2027-01-19"));
}

#[test]
fn the_new_impact_fields_and_conditions_are_checked() {
    // A flag the format does not know, in an alternative.
    let f = leak("  sensitive_data: true\n");
    f.replace(
        "policy.yaml",
        "- impact: { financial_damage: true }",
        "- impact: { financial_harm: true }",
    );
    assert_codes(&f.problems(), &["E118"]);
    // A figure `more_than` cannot compare.
    let f = leak("  sensitive_data: true\n");
    f.replace(
        "policy.yaml",
        "more_than: { records_affected: 1000 }",
        "more_than: { persons: 1000 }",
    );
    assert!(!f.problems().is_empty(), "an unknown figure is refused");
    // The record's new flags are booleans.
    let f = leak("  sensitive_data: maybe\n");
    assert!(
        f.problems()
            .iter()
            .any(|d| d.code == "E102" && d.message.contains("impact.sensitive_data")),
        "{}",
        list(&f.problems())
    );
}

#[test]
fn an_audience_hiding_a_field_the_rule_reads_gets_no_ppc_deadline() {
    // The example's staff audience hides `impact.records_affected`, which the
    // rule's 1,000-person alternative reads: whether the rule applies would
    // tell the hidden figure, so the staff build applies it to no record.
    let f = leak("  sensitive_data: true\n");
    let build = |audience: &str| {
        let out = format!("site-{audience}");
        let run = f.build_site(&out, TODAY, &["--audience", audience]);
        assert_eq!(run.status, 0, "{}", run.stderr);
        std::fs::read_to_string(f.workdir().join(out).join("calendar.ics")).unwrap()
    };
    assert!(build("auditor").contains("INC-2026-090-ppc_leak-final@ismsbook"));
    assert!(!build("staff").contains("ppc_leak"));
}
