//! Explained deviations, end to end: a copy of the example where every kind
//! of non-conformity happens and the record says why (a late report,
//! containment before the report, a late notification, a notification not
//! made, an overdue action, a late drill). It must build, and each reason
//! must reach the record page (which printed is the report), the compliance page, the
//! audit page of non-conformities and both exports (read back with the
//! `csv` and `serde_json` parsers). The audit page's counts are asserted
//! against answers worked out by hand.

mod common;

use common::*;
use std::collections::BTreeMap;

const LEAK: &str = "incidents/2025/INC-2025-007.yaml";
const OPEN: &str = "incidents/2026/INC-2026-007.yaml";
const DRILL: &str = "drills/2026/DRL-2026-01.yaml";

/// Each reason, by the deviation kind it explains; every one is unique text
/// so an assertion cannot be satisfied by another.
const REASONS: &[(&str, &str, &str)] = &[
    (
        "report_late",
        "INC-2026-007",
        "REASON-REPORT 夜間で連絡がつかなかった",
    ),
    (
        "action_overdue",
        "INC-2026-007",
        "REASON-ACTION 機器の入荷待ち",
    ),
    (
        "contained_before_report",
        "INC-2025-007",
        "REASON-CONTAINED 先に共有を止めた",
    ),
    (
        "notification_late",
        "INC-2025-007",
        "REASON-LATE 範囲の確定に時間がかかった",
    ),
    (
        "notification_not_made",
        "INC-2025-007",
        "REASON-NOT-MADE 委託元が提出した",
    ),
    ("drill_late", "DRL-2026-01", "REASON-DRILL 事務所移転で延期"),
];

fn reason(kind: &str) -> &'static str {
    REASONS.iter().find(|r| r.0 == kind).map(|r| r.2).unwrap()
}

fn append(f: &Fixture, rel: &str, yaml: &str) {
    let text = format!("{}{yaml}", f.read(rel));
    f.write(rel, text);
}

fn fixture() -> Fixture {
    let f = Fixture::example();
    f.replace(
        OPEN,
        "reported_at: 2026-10-05T15:10:00+09:00",
        "reported_at: 2026-10-06T15:10:00+09:00",
    );
    f.replace(
        OPEN,
        "    due: 2026-10-30\n",
        &format!(
            "    due: 2026-10-30\n    late_reason: {}\n",
            reason("action_overdue")
        ),
    );
    append(
        &f,
        OPEN,
        &format!(
            "deviations:\n  - about: report_late\n    reason: {}\n",
            reason("report_late")
        ),
    );
    f.replace(
        LEAK,
        "contained_at: 2025-10-08T18:00:00+09:00",
        "contained_at: 2025-10-07T16:20:00+09:00",
    );
    f.replace(
        LEAK,
        "    kind: preliminary\n    at: 2025-10-10T11:00:00+09:00",
        &format!(
            "    kind: preliminary\n    at: 2025-10-13T11:00:00+09:00\n    late_reason: {}",
            reason("notification_late")
        ),
    );
    f.replace(
        LEAK,
        "  - to: ppc_leak\n    kind: final\n    at: 2025-11-05T15:00:00+09:00\n    reference: 漏えい等報告フォームにて確報\n",
        "",
    );
    append(
        &f,
        LEAK,
        &format!(
            "deviations:\n  - about: contained_before_report\n    reason: {}\n  - about: notification_not_made\n    to: ppc_leak\n    kind: final\n    reason: {}\n",
            reason("contained_before_report"),
            reason("notification_not_made")
        ),
    );
    let drill = f.read(DRILL);
    let drill: String = drill
        .lines()
        .map(|l| {
            if l.starts_with("late_reason:") {
                format!("late_reason: {}\n", reason("drill_late"))
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    f.write(DRILL, drill);
    f
}

fn build(f: &Fixture) -> std::path::PathBuf {
    let out = f.workdir().join("site");
    let run = f.build_site("site", TODAY, &["--audience", "auditor"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    out
}

fn page(site: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn every_explained_deviation_builds_and_shows_its_reason_everywhere() {
    let f = fixture();
    // check: warnings, no error.
    let r = f.check();
    let codes = r.codes();
    for code in ["W504", "W606", "W405", "W506", "W507", "W907"] {
        assert!(codes.contains(&code), "{code} missing: {}", list(&r.diags));
    }
    assert!(
        r.diags.iter().all(|d| d.severity == "warning"),
        "{}",
        list(&r.diags)
    );

    let site = build(&f);
    let audit = page(&site, "nonconformities.html");
    let compliance = page(&site, "compliance.html");
    for (kind, record, text) in REASONS {
        assert!(audit.contains(text), "{kind}: not on the audit page");
        if record.starts_with("INC") {
            let rec = page(&site, &format!("incidents/{record}.html"));
            assert!(rec.contains(text), "{kind}: not on the record page");
        } else {
            let drill = page(&site, &format!("drills/{record}.html"));
            assert!(drill.contains(text), "{kind}: not on the drill page");
            assert!(page(&site, "drills.html").contains(text));
        }
    }
    for kind in ["notification_late", "notification_not_made"] {
        assert!(
            compliance.contains(reason(kind)),
            "{kind}: not on compliance"
        );
    }
    // From the audit view, one click to the list with every reason.
    assert!(page(&site, "controls.html").contains("href=\"nonconformities.html\""));

    // register.csv: the deviations column of each record holds its reasons.
    let csv_text = page(&site, "register.csv");
    let mut reader = csv::Reader::from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let mut by_id: BTreeMap<String, csv::StringRecord> = BTreeMap::new();
    for row in reader.records() {
        let row = row.unwrap();
        by_id.insert(row[col("id")].to_string(), row);
    }
    // drills.csv: the late drill's reason and delay.
    let drills_csv = page(&site, "drills.csv");
    let mut dr = csv::Reader::from_reader(drills_csv.trim_start_matches('\u{feff}').as_bytes());
    let dh = dr.headers().unwrap().clone();
    let late = dr
        .records()
        .map(|r| r.unwrap())
        .find(|r| &r[0] == "DRL-2026-01")
        .unwrap();
    let dcol = |name: &str| dh.iter().position(|h| h == name).unwrap();
    assert_eq!(&late[dcol("late_reason")], reason("drill_late"));
    assert_eq!(&late[dcol("late_by_days")], "112");

    // register.json: each record's deviations, kind by kind.
    let json: serde_json::Value = serde_json::from_str(&page(&site, "register.json")).unwrap();
    let incidents = json["incidents"].as_array().unwrap();
    for (kind, record, text) in REASONS.iter().filter(|r| r.1.starts_with("INC")) {
        let cell = &by_id[*record][col("deviations")];
        assert!(
            cell.contains(*kind) && cell.contains(text),
            "{kind}: CSV {cell}"
        );
        let rec = incidents.iter().find(|i| i["id"] == *record).unwrap();
        let found = rec["deviations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["kind"] == *kind)
            .unwrap_or_else(|| panic!("{kind}: not in register.json"));
        assert_eq!(found["explained"], true);
        assert_eq!(found["reason"], *text);
    }
    let drills = json["drills"].as_array().unwrap();
    let d = drills.iter().find(|d| d["id"] == "DRL-2026-01").unwrap();
    assert_eq!(d["late"]["reason"], reason("drill_late"));

    // The audit page's counts, worked out by hand: explained = the six
    // above plus the example's own late report and containment of
    // INC-2025-008 = 8; unexplained = the example's two overdue
    // effectiveness reviews = 2 (its overdue action is explained here).
    let count = |name: &str| {
        let key = format!("data-count=\"{name}\">");
        let at = audit.find(&key).unwrap_or_else(|| panic!("no {name}")) + key.len();
        audit[at..].split('<').next().unwrap().to_string()
    };
    assert_eq!(count("explained"), "8");
    assert_eq!(count("unexplained"), "2");
    assert_eq!(count("not_applicable"), "1");
    assert_eq!(count("reviewed"), "3");
    assert_eq!(count("overdue"), "2");
    assert_eq!(count("awaiting"), "1");
    let row = |kind: &str| {
        let at = audit.find(&format!("<tr data-kind=\"{kind}\">")).unwrap();
        let rest = &audit[at..];
        rest[..rest.find("</tr>").unwrap()].to_string()
    };
    assert!(row("notification_late").contains("data-count=\"explained\">1<"));
    assert!(row("action_overdue").contains("data-count=\"unexplained\">0<"));
    assert!(row("review_overdue").contains("data-count=\"unexplained\">2<"));
    assert!(row("report_late").contains("data-count=\"explained\">2<"));
}

/// Without their reasons the same facts are errors, and nothing is built.
#[test]
fn without_the_reasons_the_same_facts_are_errors() {
    let f = fixture();
    for rel in [OPEN, LEAK] {
        let text = f.read(rel);
        let cut = text.find("deviations:\n").unwrap();
        f.write(rel, &text[..cut]);
    }
    let r = f.check();
    let codes = r.codes();
    for code in ["E501", "E401", "E502"] {
        assert!(codes.contains(&code), "{code} missing: {}", list(&r.diags));
    }
    let run = f.build_site("site", TODAY, &[]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(!f.workdir().join("site").exists());
}

/// A record imported from before the policy shows as such on its page and
/// is counted on the audit page.
#[test]
fn a_record_predating_the_policy_is_shown_and_counted() {
    let f = Fixture::example();
    append(
        &f,
        OPEN,
        "predates_policy:\n  reason: PREDATES 旧台帳から移行\n  policy_version: \"1.0\"\n",
    );
    let site = build(&f);
    let rec = page(&site, "incidents/INC-2026-007.html");
    assert!(rec.contains("predates-badge"), "no badge");
    assert!(rec.contains("PREDATES 旧台帳から移行"));
    let audit = page(&site, "nonconformities.html");
    assert!(audit.contains("data-count=\"predating\">1<"));
    assert!(audit.contains("PREDATES 旧台帳から移行"));
    let json: serde_json::Value = serde_json::from_str(&page(&site, "register.json")).unwrap();
    let rec = json["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "INC-2026-007")
        .unwrap();
    assert_eq!(rec["predates_policy"]["policy_version"], "1.0");
}

/// The record pages of this copy (every kind of deviation with its reason,
/// and a record that predates the policy) come out the same written by
/// compiled code and rendered by Tera from the built-in template.
#[test]
fn compiled_record_pages_equal_tera_on_every_deviation() {
    let f = fixture();
    append(
        &f,
        OPEN,
        "predates_policy:\n  reason: 旧台帳（Excel）から移行した記録\n  policy_version: \"1.0\"\n",
    );
    let compiled = build(&f);
    let tera_theme = f.workdir().join("same-theme/templates");
    std::fs::create_dir_all(&tera_theme).unwrap();
    let builtin = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/templates/incident.html"),
    )
    .unwrap();
    // Text after the last block of a template that extends another is not
    // output; the file differs, so Tera renders the page.
    std::fs::write(tera_theme.join("incident.html"), builtin + "{# Tera #}\n").unwrap();
    let run = f.build_site(
        "site-tera",
        TODAY,
        &["--audience", "auditor", "--theme", "same-theme"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let tera = f.workdir().join("site-tera");
    let mut compared = 0;
    for entry in std::fs::read_dir(compiled.join("incidents")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !name.ends_with(".html") {
            continue;
        }
        let rel = format!("incidents/{name}");
        // The compiled page leaves out what `markup::compact_html` does.
        let tera = ismsbook::markup::compact_html(&page(&tera, &rel));
        assert!(page(&compiled, &rel) == tera, "{rel} differs");
        compared += 1;
    }
    assert!(compared > 10);
    let all: String = ["INC-2026-007", "INC-2025-007"]
        .iter()
        .map(|id| page(&compiled, &format!("incidents/{id}.html")))
        .collect();
    for part in [
        "id=predates-policy",
        "class=late-reason",
        "class=notify-reason",
    ] {
        assert!(all.contains(part), "{part} not exercised");
    }
}
