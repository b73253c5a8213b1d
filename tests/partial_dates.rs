//! A date known only to its month (`2023-05`) is recorded as it is: `check`
//! reads it as the whole month (order rules fire only when the months are
//! certainly out of order, deadlines are judged only where the month
//! decides them, W510 otherwise), and every output shows the month without
//! inventing a day.

mod common;

use common::*;
use std::path::Path;

const REC: &str = "incidents/2025/INC-2025-001.yaml";
/// Level 3 (report within 4h), with two notifications to the PPC.
const LEAK: &str = "incidents/2025/INC-2025-007.yaml";

#[test]
fn an_occurrence_known_to_the_month_checks_clean() {
    let f = Fixture::example();
    // Detected 2025-02-14: the occurrence "in February 2025" may be before it.
    f.replace(REC, "occurred_at: 2025-02-01", "occurred_at: 2025-02");
    let p = f.problems();
    assert!(p.is_empty(), "{}", list(&p));
}

#[test]
fn order_rules_fire_only_when_the_months_are_certainly_out_of_order() {
    let f = Fixture::example();
    // March 2025 is wholly after the detection on 2025-02-14.
    let text = f.replace(REC, "occurred_at: 2025-02-01", "occurred_at: 2025-03");
    let p = f.problems();
    assert_has(
        &p,
        "E401",
        REC,
        value_at(&text, "detected_at: 2025-02-14T10:20:00+09:00"),
    );

    // A detection in October beside an occurrence, report and timeline on
    // 2025-10-07: nothing is certainly out of order.
    let g = Fixture::example();
    g.replace(
        LEAK,
        "detected_at: 2025-10-07T16:05:00+09:00",
        "detected_at: 2025-10",
    );
    let p = g.problems();
    for code in ["E401", "E402", "E501", "E502", "E503", "E902"] {
        assert!(!p.iter().any(|d| d.code == code), "{code}: {}", list(&p));
    }
}

#[test]
fn deadlines_from_a_month_are_judged_only_where_the_month_decides() {
    let f = Fixture::example();
    let text = f.replace(
        LEAK,
        "detected_at: 2025-10-07T16:05:00+09:00",
        "detected_at: 2025-10",
    );
    let p = f.problems();
    // The 4h report and both notifications may or may not have been in
    // time: a warning says the check cannot tell, never an error.
    let w: Vec<&Diag> = p.iter().filter(|d| d.code == "W510").collect();
    assert_eq!(w.len(), 3, "{}", list(&p));
    assert!(
        p.iter().all(|d| d.severity != "error"),
        "an error only a made-up day silences: {}",
        list(&p)
    );
    assert_has(
        &p,
        "W510",
        LEAK,
        value_at(&text, "reported_at: 2025-10-07T16:40:00+09:00"),
    );

    // A report in December is certainly late, whatever day of October the
    // detection was.
    let g = Fixture::example();
    g.replace(
        LEAK,
        "detected_at: 2025-10-07T16:05:00+09:00",
        "detected_at: 2025-10",
    );
    let text = g.replace(
        LEAK,
        "reported_at: 2025-10-07T16:40:00+09:00",
        "reported_at: 2025-12",
    );
    let p = g.problems();
    assert_has(&p, "E501", LEAK, value_at(&text, "reported_at: 2025-12"));
}

#[test]
fn a_notification_made_in_a_month_after_its_deadline_is_late() {
    let f = Fixture::example();
    // Preliminary report due 2025-10-12: made "in November" is certainly late.
    f.replace(
        LEAK,
        "    at: 2025-10-10T11:00:00+09:00\n    reference: 漏えい等報告フォームにて速報",
        "    at: 2025-11\n    reference: 漏えい等報告フォームにて速報",
    );
    let p = f.problems();
    assert!(p.iter().any(|d| d.code == "E503"), "{}", list(&p));
    // "In October" may be on time or not.
    let g = Fixture::example();
    g.replace(
        LEAK,
        "    at: 2025-10-10T11:00:00+09:00\n    reference: 漏えい等報告フォームにて速報",
        "    at: 2025-10\n    reference: 漏えい等報告フォームにて速報",
    );
    let p = g.problems();
    assert!(!p.iter().any(|d| d.code == "E503"), "{}", list(&p));
    assert!(p.iter().any(|d| d.code == "W510"), "{}", list(&p));
}

fn build(f: &Fixture, out: &str) -> Run {
    f.build_site(out, TODAY, &[])
}

#[test]
fn pages_and_exports_show_the_month_and_invent_no_day() {
    let f = Fixture::example();
    f.replace(REC, "occurred_at: 2025-02-01", "occurred_at: 2025-02");
    let run = build(&f, "site");
    assert_eq!(run.status, 0, "{}", run.stderr);
    let site = f.workdir().join("site");
    let page = std::fs::read_to_string(site.join("incidents/INC-2025-001.html")).unwrap();
    assert!(
        page.contains(r#"<time datetime="2025-02">2025年2月（日は不明）</time>"#),
        "{}",
        &page[..page.len().min(4000)]
    );
    assert!(!page.contains("2025-02-01"), "a day was invented");
    let json = std::fs::read_to_string(site.join("register.json")).unwrap();
    assert!(
        json.contains(r#""occurred_at":"2025-02""#) || json.contains(r#""occurred_at": "2025-02""#),
        "{}",
        &json[..json.len().min(2000)]
    );
    let text = std::fs::read_to_string(site.join("register.csv")).unwrap();
    let row = text
        .lines()
        .find(|l| l.contains("INC-2025-001"))
        .unwrap_or_default();
    assert!(row.contains(",2025-02,"), "register.csv: {row}");
}

/// The record `id` of the `register.json` of the site at `site` (null if absent).
fn json_record(site: &Path, id: &str) -> serde_json::Value {
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("register.json")).unwrap()).unwrap();
    json["incidents"]
        .as_array()
        .and_then(|a| a.iter().find(|i| i["id"] == id))
        .cloned()
        .unwrap_or_default()
}

#[test]
fn register_json_tells_an_unknown_occurrence_from_an_absent_one() {
    let f = Fixture::example();
    f.replace(REC, "occurred_at: 2025-02-01", "occurred_at: unknown");
    let run = build(&f, "site");
    assert_eq!(run.status, 0, "{}", run.stderr);
    let record = json_record(&f.workdir().join("site"), "INC-2025-001");
    assert_eq!(record["dates"]["occurred_at"], "unknown");
    // A record that does not give the occurrence at all has no key.
    f.replace(REC, "occurred_at: unknown\n", "");
    let run = build(&f, "site2");
    assert_eq!(run.status, 0, "{}", run.stderr);
    let record = json_record(&f.workdir().join("site2"), "INC-2025-001");
    assert!(record["dates"].get("occurred_at").is_none(), "{record}");
}

#[test]
fn a_month_in_a_register_column_imports_as_a_month() {
    let f = Fixture::example();
    let csv = f.workdir().join("months.csv");
    std::fs::write(
        &csv,
        "Ref,Subject,Occurred,Found,Reported,Contained\n\
         M-1,Old leak found late,2023年5月,2023/9/1 9:30,2023/9/1,2023/9/1 10:15\n\
         M-2,USB stick lost,2023/5,2023/9/2 7:00,2023/9/2,2023/9/2 8:00\n\
         M-3,Shared link found open,不明,2023/9/3 9:00,2023/9/3,2023/9/3 9:30\n",
    )
    .unwrap();
    let map = f.workdir().join("months.yaml");
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/date-only.yaml"),
    )
    .unwrap();
    std::fs::write(&map, format!("{base}  occurred_at: Occurred\n")).unwrap();
    let run = f.import(&csv, &map, &[]);
    assert_eq!(run.status, 0, "{}\n{}", run.stdout, run.stderr);
    for id in ["M-1", "M-2"] {
        let text = f.read(&format!("incidents/2023/{id}.yaml"));
        assert!(text.contains("occurred_at: 2023-05\n"), "{text}");
    }
    // 「不明」 in the occurrence column: said to be unknown, not a date.
    let text = f.read("incidents/2023/M-3.yaml");
    assert!(text.contains("occurred_at: unknown\n"), "{text}");
    let p = f.problems();
    assert!(p.is_empty(), "{}", list(&p));
}

#[test]
fn the_calendar_leaves_out_a_deadline_that_depends_on_an_unknown_day() {
    // The calendar fixture's open leak (tests/calendar.rs), detected "in
    // December 2026": its notification deadlines have no day, so they have
    // no event (an all-day event would invent one); its action due date,
    // which is a day, keeps its event.
    let f = Fixture::example();
    std::fs::remove_dir_all(f.path("incidents")).unwrap();
    let records = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/calendar/records");
    let text = std::fs::read_to_string(records.join("INC-2026-090.yaml")).unwrap();
    assert!(text.contains("detected_at: 2026-12-26T18:00:00+09:00"));
    f.write(
        "incidents/2026/INC-2026-090.yaml",
        text.replace(
            "detected_at: 2026-12-26T18:00:00+09:00",
            "detected_at: 2026-12",
        ),
    );
    let run = f.build_site("site", "2026-12-28", &[]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    for file in ["calendar.ics", "incidents/INC-2026-090.ics"] {
        let path = f.workdir().join("site").join(file);
        let ics = std::fs::read_to_string(&path).unwrap();
        assert!(!ics.contains("ppc_leak"), "{file}:\n{ics}");
        assert!(ics.contains("UID:INC-2026-090-action-"), "{file}:\n{ics}");
        // Both Python parsers read the file (skipped when they are missing).
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/calendar/parse.py");
        if let Ok(out) = std::process::Command::new("python3")
            .arg(script)
            .arg(&path)
            .output()
        {
            if out.status.code() == Some(3) {
                eprintln!("SKIPPED parser checks: pip install icalendar ics");
            } else {
                assert!(
                    out.status.success(),
                    "{file}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
    }
}

#[test]
fn a_month_written_the_japanese_way_is_told_its_form() {
    // `2023年5月` in the YAML is not read (only `2023-05` is), but the
    // hint gives the form to write instead of asking for a day.
    let f = Fixture::example();
    let text = f.replace(REC, "occurred_at: 2025-02-01", "occurred_at: 2025年2月");
    let p = f.problems();
    let d = assert_only(&p, "E105", REC, value_at(&text, "occurred_at: 2025年2月"));
    let hint = d.hint.as_deref().unwrap_or_default();
    assert!(hint.contains("`2025-02`"), "{hint}");
    // A date field (an action's `due`) takes a month too.
    let g = Fixture::example();
    g.replace(REC, "due: 2025-03-07", "due: 2025年3月");
    let p = g.problems();
    let d = p.iter().find(|d| d.code == "E105").expect("E105");
    assert!(
        d.hint.as_deref().unwrap_or_default().contains("`2025-03`"),
        "{d:?}"
    );
}

// ---- Date fields (`due`, `done_at`, `review.*`, a drill's `date`) known
// only to their month.

/// An open record whose first action (due 2026-12-04) is in progress.
const OPEN: &str = "incidents/2026/INC-2026-005.yaml";
const DRILL: &str = "drills/2026/DRL-2026-02.yaml";

#[test]
fn an_action_done_in_a_month_checks_clean_and_shows_the_month() {
    let f = Fixture::example();
    f.replace(REC, "due: 2025-03-07", "due: 2025-03");
    f.replace(REC, "done_at: 2025-03-05", "done_at: 2025-03");
    let p = f.problems();
    assert!(p.is_empty(), "{}", list(&p));
    let run = build(&f, "site");
    assert_eq!(run.status, 0, "{}", run.stderr);
    let site = f.workdir().join("site");
    let page = std::fs::read_to_string(site.join("incidents/INC-2025-001.html")).unwrap();
    assert!(
        page.contains(r#"<time datetime="2025-03">2025年3月（日は不明）</time>"#),
        "{}",
        &page[..page.len().min(4000)]
    );
    assert!(!page.contains("2025-03-01"), "a day was invented");
    let actions = std::fs::read_to_string(site.join("actions.csv")).unwrap();
    let row = actions
        .lines()
        .find(|l| l.contains("INC-2025-001"))
        .unwrap_or_default();
    assert!(row.contains(",2025-03,"), "actions.csv: {row}");
    assert!(!row.contains("2025-03-01"), "actions.csv: {row}");
    let json = std::fs::read_to_string(site.join("register.json")).unwrap();
    assert!(json.contains(r#""done_at":"2025-03""#), "register.json");
}

#[test]
fn an_action_due_in_a_month_is_overdue_only_once_the_month_is_over() {
    // Due "in November 2026", checked on 2026-11-22: it may not be due yet.
    let f = Fixture::example();
    let text = f.replace(OPEN, "due: 2026-12-04", "due: 2026-11");
    let p = f.problems();
    let d = assert_only(&p, "W510", OPEN, value_at(&text, "due: 2026-11"));
    assert!(d.message.contains("2026-11"), "{d}");
    // Once December has come, it is certainly overdue.
    let p = f.check_on("2026-12-01").new_problems();
    assert_has(&p, "W605", OPEN, value_at(&text, "due: 2026-11"));
    assert!(!p.iter().any(|d| d.code == "W510"), "{}", list(&p));
    // Due "in December": certainly not overdue on 2026-11-22.
    let g = Fixture::example();
    g.replace(OPEN, "due: 2026-12-04", "due: 2026-12");
    let p = g.problems();
    assert!(p.is_empty(), "{}", list(&p));
}

#[test]
fn a_month_done_or_held_after_today_is_in_the_future_only_when_the_whole_month_is() {
    let f = Fixture::example();
    f.replace(DRILL, "date: 2026-09-15", "date: 2026-11");
    // The drill before (2026-03-17) plus 26 weeks is 2026-09-15: a drill
    // some day in November is certainly late (W906), never in the future.
    assert!(!f.problems().iter().any(|d| d.code == "E403"));
    let g = Fixture::example();
    let text = g.replace(DRILL, "date: 2026-09-15", "date: 2026-12");
    let p = g.problems();
    assert_has(&p, "E403", DRILL, value_at(&text, "date: 2026-12"));
}

#[test]
fn a_drill_held_in_a_month_is_judged_late_only_when_the_month_decides() {
    // Due 2026-09-15 (26 weeks after 2026-03-17): "in August" is on time.
    let f = Fixture::example();
    f.replace(DRILL, "date: 2026-09-15", "date: 2026-08");
    let p = f.problems();
    assert!(p.is_empty(), "{}", list(&p));
    // "In September" may be late or not: W510, never W906.
    let g = Fixture::example();
    let text = g.replace(DRILL, "date: 2026-09-15", "date: 2026-09");
    let p = g.problems();
    assert_only(&p, "W510", DRILL, value_at(&text, "date: 2026-09"));
    // The drill page and drills.csv say the month.
    let run = build(&g, "site");
    assert_eq!(run.status, 0, "{}", run.stderr);
    let site = g.workdir().join("site");
    let csv = std::fs::read_to_string(site.join("drills.csv")).unwrap();
    let row = csv
        .lines()
        .find(|l| l.contains("DRL-2026-02"))
        .unwrap_or_default();
    assert!(row.contains(",2026-09,"), "drills.csv: {row}");
}

#[test]
fn the_calendar_gives_no_day_to_an_action_due_in_a_month() {
    let f = Fixture::example();
    f.replace(OPEN, "due: 2026-12-04", "due: 2026-12");
    let run = build(&f, "site");
    assert_eq!(run.status, 0, "{}", run.stderr);
    let site = f.workdir().join("site");
    let ics = std::fs::read_to_string(site.join("calendar.ics")).unwrap();
    assert!(!ics.contains("INC-2026-005-action-1@"), "{ics}");
    assert!(ics.contains("INC-2026-005-action-2@"), "{ics}");
    let html = std::fs::read_to_string(site.join("calendar.html")).unwrap();
    assert!(!html.contains("2026-12-01"), "a day was invented");
    // The actions page keeps it, with its month.
    let actions = std::fs::read_to_string(site.join("actions.html")).unwrap();
    assert!(actions.contains("2026年12月（日は不明）"), "actions.html");
}

#[test]
fn a_review_due_in_a_month_is_overdue_only_once_the_month_is_over() {
    let f = Fixture::example();
    let text = f.read("incidents/2026/INC-2026-004.yaml");
    let review = &text[text.find("review:").unwrap()..];
    let due = review
        .lines()
        .find(|l| l.trim_start().starts_with("due:"))
        .unwrap()
        .trim()
        .to_string();
    assert!(due.starts_with("due: 20"), "{due}");
    let text = f.replace("incidents/2026/INC-2026-004.yaml", &due, "due: 2026-10");
    let p = f.check_on(TODAY).new_problems();
    assert_has(
        &p,
        "W607",
        "incidents/2026/INC-2026-004.yaml",
        value_at(&text, "due: 2026-10"),
    );
}

#[test]
fn a_month_sorts_before_the_days_of_its_month_everywhere() {
    // Three records detected "in February 2025", "on 2025-02-01" and "at
    // 2025-02-01 00:00": the ids say the opposite order, the dates decide.
    let f = Fixture::example();
    let base = f.read(REC);
    let with = |id: &str, detected: &str| {
        base.replace("id: INC-2025-001", &format!("id: {id}"))
            .replace(
                "detected_at: 2025-02-14T10:20:00+09:00",
                &format!("detected_at: {detected}"),
            )
            .replace("occurred_at: 2025-02-01", "occurred_at: 2025-01")
    };
    // Oldest first: the month, then the day, then the time.
    let ids = ["INC-2025-001", "INC-2025-000", "INC-2025-00"];
    f.write(REC, with(ids[0], "2025-02"));
    f.write(
        "incidents/2025/INC-2025-000.yaml",
        with(ids[1], "2025-02-01"),
    );
    f.write(
        "incidents/2025/INC-2025-00.yaml",
        with(ids[2], "2025-02-01T00:00:00+09:00"),
    );
    let run = build(&f, "site");
    assert_eq!(run.status, 0, "{}", run.stderr);
    let site = f.workdir().join("site");
    let order = |text: &str| -> Vec<usize> {
        ids.iter()
            .map(|id| {
                ["\"", ",", "<"]
                    .iter()
                    .find_map(|end| text.find(&format!("{id}{end}")))
                    .unwrap_or_else(|| panic!("{id}"))
            })
            .collect()
    };
    for file in ["register.csv", "register.json"] {
        let text = std::fs::read_to_string(site.join(file)).unwrap();
        let at = order(&text);
        assert!(at[0] < at[1] && at[1] < at[2], "{file}: {at:?}");
    }
    // Newest first on the register page.
    let page = std::fs::read_to_string(site.join("register.html")).unwrap();
    let at = order(&page);
    assert!(at[2] < at[1] && at[1] < at[0], "register.html: {at:?}");
    // The day's page: the month's record before it, the time's after.
    let day = std::fs::read_to_string(site.join("incidents/INC-2025-000.html")).unwrap();
    assert!(
        day.contains(r#"<a href=./INC-2025-001.html rel=prev>"#),
        "prev"
    );
    assert!(
        day.contains(r#"<a href=./INC-2025-00.html rel=next>"#),
        "next"
    );
}

#[test]
fn a_month_in_an_action_column_imports_as_a_month() {
    let f = Fixture::example();
    let csv = f.workdir().join("actions.csv");
    std::fs::write(
        &csv,
        "Ref,Subject,Found,Reported,Contained,Fix,Due,Done\n\
         A-1,Phishing mail opened,2023/9/1 9:30,2023/9/1,2023/9/1 10:15,パスワード変更,2023年10月,2023/9\n\
         A-2,USB stick lost,2023/9/2 7:00,2023/9/2,2023/9/2 8:00,注意喚起,令和5年10月,2023/9/20\n",
    )
    .unwrap();
    let map = f.workdir().join("actions.yaml");
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/date-only.yaml"),
    )
    .unwrap();
    std::fs::write(
        &map,
        format!(
            "{base}  actions:\n    - action: Fix\n      owner: {{ value: it_admin }}\n      \
             due: Due\n      status: {{ value: done }}\n      done_at: Done\n"
        ),
    )
    .unwrap();
    let run = f.import(&csv, &map, &[]);
    assert_eq!(run.status, 0, "{}\n{}", run.stdout, run.stderr);
    let a1 = f.read("incidents/2023/A-1.yaml");
    assert!(a1.contains("due: 2023-10\n"), "{a1}");
    assert!(a1.contains("done_at: 2023-09\n"), "{a1}");
    let a2 = f.read("incidents/2023/A-2.yaml");
    assert!(a2.contains("due: 2023-10\n"), "{a2}");
    assert!(a2.contains("done_at: 2023-09-20\n"), "{a2}");
    let p = f.problems();
    assert!(p.is_empty(), "{}", list(&p));
}

// ---- An occurrence whose time is unknown, said so.

#[test]
fn an_unknown_occurrence_is_written_as_unknown_and_shown_so() {
    for written in ["unknown", "不明"] {
        let f = Fixture::example();
        f.replace(
            REC,
            "occurred_at: 2025-02-01",
            &format!("occurred_at: {written}"),
        );
        let p = f.problems();
        assert!(p.is_empty(), "{written}: {}", list(&p));
        let run = build(&f, "site");
        assert_eq!(run.status, 0, "{}", run.stderr);
        let site = f.workdir().join("site");
        let page = std::fs::read_to_string(site.join("incidents/INC-2025-001.html")).unwrap();
        assert!(
            page.contains("<li><span>発生</span> 不明<"),
            "{written}: {}",
            &page[..page.len().min(6000)]
        );
        // The exports leave the cell empty: no time is invented.
        let csv = std::fs::read_to_string(site.join("register.csv")).unwrap();
        let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
        let col = header.iter().position(|h| *h == "occurred_at").unwrap();
        let row = csv.lines().find(|l| l.contains("INC-2025-001")).unwrap();
        assert_eq!(row.split(',').nth(col), Some(""), "{row}");
    }
}

#[test]
fn a_misspelt_unknown_is_told_the_word_to_write() {
    let f = Fixture::example();
    let text = f.replace(REC, "occurred_at: 2025-02-01", "occurred_at: unkown");
    let p = f.problems();
    let d = assert_only(&p, "E105", REC, value_at(&text, "occurred_at: unkown"));
    let hint = d.hint.as_deref().unwrap_or_default();
    assert!(hint.contains("`unknown`"), "{hint}");
    // Only the occurrence may be unknown: a detection is always known.
    let g = Fixture::example();
    g.replace(
        REC,
        "detected_at: 2025-02-14T10:20:00+09:00",
        "detected_at: unknown",
    );
    assert!(g.problems().iter().any(|d| d.code == "E105"));
}

#[test]
fn the_metrics_say_how_many_actions_cannot_be_judged() {
    // Done "in March 2025", due 2025-03-07: on time or late depending on
    // the day. Counted neither way, and the table says so.
    let f = Fixture::example();
    f.replace(REC, "done_at: 2025-03-05", "done_at: 2025-03");
    let run = build(&f, "site");
    assert_eq!(run.status, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(f.workdir().join("site/metrics.html")).unwrap();
    assert!(page.contains("判断できない（日が不明）"), "metrics.html");
    // Without such a date the column is not there.
    let g = Fixture::example();
    let run = build(&g, "site");
    assert_eq!(run.status, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(g.workdir().join("site/metrics.html")).unwrap();
    assert!(!page.contains("判断できない（日が不明）"), "metrics.html");
}
