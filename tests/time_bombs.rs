//! Dates at the ends of the calendar. chrono reads `%Y` as any year, signed
//! (`+10000-01-01`, `-0001-01-01`), and an action due on `9999-12-31` ends
//! on the day after it; iCalendar writes a date as exactly eight digits, so
//! one such date in one record made `calendar.ics` a file that calendar
//! programs refuse whole: every subscriber lost every deadline.

mod common;

use common::{locate, Fixture, TODAY};

const RECORD: &str = "incidents/2026/INC-2026-005.yaml";
const DUE: &str = "    due: 2026-12-04";

#[test]
fn a_date_outside_the_four_digit_years_is_refused_at_its_position() {
    for year in ["+10000-01-01", "-0001-01-01", "+262142-12-31"] {
        let f = Fixture::example();
        let text = f.replace(RECORD, DUE, &format!("    due: {year}"));
        let problems = f.problems();
        let at = locate(&text, &format!("due: {year}"), year);
        assert!(
            problems
                .iter()
                .any(|d| d.code == "E105" && d.file.ends_with("INC-2026-005.yaml") && d.at() == at),
            "{year}: no E105 at {at}: {}",
            common::list(&problems)
        );
    }
}

#[test]
fn the_last_day_of_year_9999_makes_a_calendar_every_program_reads() {
    let f = Fixture::example();
    f.replace(RECORD, DUE, "    due: 9999-12-31");
    let out = f.workdir().join("site");
    let out_s = out.to_string_lossy().into_owned();
    let content = f.root().to_string_lossy().into_owned();
    let run = f.run(&[
        "build",
        "--content",
        &content,
        "--out",
        &out_s,
        "--today",
        TODAY,
        "-q",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let mut checked = 0;
    for file in ["calendar.ics", "incidents/INC-2026-005.ics"] {
        let Ok(ics) = std::fs::read_to_string(out.join(file)) else {
            continue;
        };
        assert!(ics.contains("DTSTART;VALUE=DATE:99991231"), "{file}");
        for line in ics.lines() {
            if let Some((name, value)) = line.split_once(':') {
                if name.contains("VALUE=DATE") {
                    assert!(
                        value.len() == 8 && value.bytes().all(|b| b.is_ascii_digit()),
                        "{file}: `{line}` is not an iCalendar DATE"
                    );
                }
            }
        }
        checked += 1;
    }
    assert!(checked > 0, "no calendar file was built");
}
