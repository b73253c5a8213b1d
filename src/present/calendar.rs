//! iCalendar (RFC 5545) files of open deadlines (`analysis::deadlines`):
//! `calendar.ics` for the whole site and one `incidents/<id>.ics` per record.
//!
//! - Every event is a whole day (`DTSTART;VALUE=DATE`, the deadline's day in
//!   the site's timezone), so no `TZID` is needed.
//! - `UID` is the deadline's key (`<record>-<rule>-<kind>`,
//!   `<record>-action-<n>`, `drill-next`) `@ismsbook`: ids only, the same in
//!   every build, so a subscribed calendar updates an event instead of
//!   adding a copy.
//! - `DTSTAMP` and `LAST-MODIFIED` are the time the item's source last
//!   changed: the newest commit of its file when the content is in git,
//!   otherwise the newest time the record itself holds; but never after the
//!   end of the build's day (`--today`, in the site's timezone). With
//!   `METHOD:PUBLISH`, RFC 5545 (3.8.7.2) makes `DTSTAMP` the time the
//!   calendar object was created, which cannot be after the day the build
//!   is for; a commit dated later (a build of a past day, a wrong clock) is
//!   stamped with that day's last second. Never the build's clock, so two
//!   builds of the same content for the same day are byte-identical.
//!   `SEQUENCE` is the unclamped change time in seconds since 2020-01-01
//!   UTC: it grows whenever the source changes (and never goes back).
//! - Lines end in CRLF and are folded at 75 octets, never inside a UTF-8
//!   sequence; text escapes `\`, `;`, `,` and newlines and drops other
//!   control characters.
//! - A `VALARM` per `site.yaml` `calendar.reminders` (default 3 and 1 days).
//!
//! Built from the audience's redacted model, from records shown in full
//! only: nothing the audience may not see reaches the file.

use super::Env;
use crate::analysis::deadlines::{self, Deadline, Kind};
use crate::model::summary::Summary;
use crate::model::Timestamp;
use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};

/// Suggested refresh interval of a subscription.
const REFRESH: &str = "PT6H";

/// The site's calendar: every open deadline of the records shown in full,
/// and the next drill.
pub fn site_calendar(env: &Env) -> String {
    let items = deadlines::open(env.content, &env.full_records(), env.today);
    write(env, &items)
}

/// The calendar of one record (empty of events when it has no open deadline).
pub fn record_calendar(env: &Env, incident: &Summary) -> String {
    let items = deadlines::of_record(env.content, incident, env.today);
    write(env, &items)
}

fn write(env: &Env, items: &[Deadline]) -> String {
    let mut c = Ical::default();
    c.line("BEGIN", "VCALENDAR");
    c.line("VERSION", "2.0");
    c.line("PRODID", "-//ismsbook//ismsbook//EN");
    c.line("CALSCALE", "GREGORIAN");
    c.line("METHOD", "PUBLISH");
    c.text("X-WR-CALNAME", &env.content.site.title);
    // How often a subscriber should read the file again (RFC 7986; the
    // second for Outlook's "publisher's recommendation").
    c.line("REFRESH-INTERVAL;VALUE=DURATION", REFRESH);
    c.line("X-PUBLISHED-TTL", REFRESH);
    for d in items {
        event(env, &mut c, d);
    }
    c.line("END", "VCALENDAR");
    c.out
}

fn event(env: &Env, c: &mut Ical, d: &Deadline) {
    let summary = summary(env, d);
    let changed = changed(env, d);
    let stamped = changed.min(end_of_today(env));
    c.line("BEGIN", "VEVENT");
    c.text("UID", &format!("{}@ismsbook", d.key()));
    c.line("DTSTAMP", &stamp(stamped));
    c.line("LAST-MODIFIED", &stamp(stamped));
    c.line("SEQUENCE", &sequence(changed).to_string());
    c.line("DTSTART;VALUE=DATE", &day(d.due));
    // Without DTEND a date event lasts its one day (RFC 5545 3.6.1): the
    // day after 9999-12-31 has no eight-digit date.
    if let Some(next) = d.due.succ_opt().filter(|n| n.year() <= 9999) {
        c.line("DTEND;VALUE=DATE", &day(next));
    }
    c.text("SUMMARY", &summary);
    if let Some(desc) = description(env, d) {
        c.text("DESCRIPTION", &desc);
    }
    c.line("TRANSP", "TRANSPARENT");
    for minutes in &env.content.site.reminders {
        c.line("BEGIN", "VALARM");
        c.line("ACTION", "DISPLAY");
        c.text("DESCRIPTION", &summary);
        c.line("TRIGGER", &trigger(*minutes));
        c.line("END", "VALARM");
    }
    c.line("END", "VEVENT");
}

/// What an event is called: the record, then what is due.
pub fn summary(env: &Env, d: &Deadline) -> String {
    let id = d.record.map(|r| &*r.id).unwrap_or("");
    match &d.kind {
        Kind::Notification { rule, name, kind } => {
            let kind_label = env.notification_kind(rule, kind);
            env.t.fmt(
                "calendar.notification",
                &[("id", id), ("name", name), ("kind", &kind_label)],
            )
        }
        Kind::Action { n, .. } => env
            .t
            .fmt("calendar.action", &[("id", id), ("n", &n.to_string())]),
        Kind::Drill => env.t.get("calendar.drill").to_string(),
    }
}

fn description(env: &Env, d: &Deadline) -> Option<String> {
    let title = d.record.map(|r| format!("{} {}", r.id, r.title));
    let what = match &d.kind {
        Kind::Action { text, .. } => Some(text.to_string()),
        _ => None,
    };
    let overdue = d.overdue.then(|| env.t.get("calendar.overdue").to_string());
    let parts: Vec<String> = [overdue, title, what].into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join("\n"))
}

/// When the item's source last changed (see the module comment).
fn changed(env: &Env, d: &Deadline) -> DateTime<Utc> {
    let git = env.audit.git();
    let commit_of = |file: &str| git.and_then(|g| g.last_change(file)).map(|c| c.at);
    let at = match d.record {
        Some(r) => commit_of(&r.file)
            .map(|t| t.with_timezone(&Utc))
            .or_else(|| record_time(r)),
        None => {
            let files = env
                .content
                .drills
                .iter()
                .map(|x| x.file.as_str())
                .chain(["policy.yaml"]);
            files
                .filter_map(commit_of)
                .map(|t| t.with_timezone(&Utc))
                .max()
                .or_else(|| {
                    env.content
                        .drills
                        .iter()
                        .filter_map(|x| x.date.as_ref().map(|d| d.value.first()))
                        .max()
                        .map(midnight)
                })
        }
    };
    at.unwrap_or_else(epoch)
}

/// The newest time a record holds (its milestones, assessment, timeline,
/// reports made, actions done).
fn record_time(r: &Summary) -> Option<DateTime<Utc>> {
    let ts = |t: &Option<Timestamp>| t.as_ref().map(|t| t.at.with_timezone(&Utc));
    let spanned = |t: &Option<crate::model::Spanned<Timestamp>>| {
        t.as_ref().map(|t| t.value.at.with_timezone(&Utc))
    };
    [
        &r.occurred_at,
        &r.detected_at,
        &r.reported_at,
        &r.contained_at,
        &r.recovered_at,
        &r.closed_at,
    ]
    .into_iter()
    .filter_map(ts)
    .chain(r.assessment.iter().filter_map(|a| ts(&a.decided_at)))
    .chain(ts(&r.timeline.newest))
    .chain(r.notifications.iter().filter_map(|n| spanned(&n.at)))
    .chain(
        r.actions
            .iter()
            .filter_map(|a| a.done_at.as_ref().map(|d| midnight(d.value.first()))),
    )
    .max()
}

/// The last second of the build's day (`--today`) in the site's timezone:
/// the latest time the calendar can say it was made (see the module comment).
fn end_of_today(env: &Env) -> DateTime<Utc> {
    let next = env.today.succ_opt().unwrap_or(env.today);
    let tz = env.content.site.timezone;
    next.and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(tz).single())
        .map(|t| t.with_timezone(&Utc) - chrono::Duration::seconds(1))
        .unwrap_or_else(|| midnight(next))
}

fn midnight(d: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
}

fn epoch() -> DateTime<Utc> {
    midnight(NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default())
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn day(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// Seconds since 2020-01-01 UTC, kept within an iCalendar INTEGER.
fn sequence(t: DateTime<Utc>) -> i64 {
    (t - epoch()).num_seconds().clamp(0, i64::from(i32::MAX))
}

/// `-P3D`, `-PT12H`, `-PT30M` (before the start); `PT0S` for none.
fn trigger(minutes: i64) -> String {
    let m = minutes.max(0);
    if m == 0 {
        "PT0S".to_string()
    } else if m % (24 * 60) == 0 {
        format!("-P{}D", m / (24 * 60))
    } else if m % 60 == 0 {
        format!("-PT{}H", m / 60)
    } else {
        format!("-PT{m}M")
    }
}

/// An iCalendar stream being written.
#[derive(Default)]
struct Ical {
    out: String,
}

impl Ical {
    /// A property whose value is written as given (dates, keywords).
    fn line(&mut self, name: &str, value: &str) {
        fold_into(&mut self.out, &format!("{name}:{value}"));
    }

    /// A TEXT property, escaped.
    fn text(&mut self, name: &str, value: &str) {
        self.line(name, &escape_text(value));
    }
}

/// RFC 5545 §3.3.11: `\` `;` `,` escaped, newlines as `\n`, other control
/// characters (which TEXT may not hold) dropped.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let s = s.replace("\r\n", "\n");
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Append `line` folded (RFC 5545 §3.1): at most 75 octets per physical
/// line, continuation lines starting with a space, each ending in CRLF,
/// never splitting a character.
pub fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for ch in line.chars() {
        let n = ch.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += n;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_on_character_boundaries() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "漏えい等報告".repeat(20));
        fold_into(&mut out, &long);
        assert!(out.ends_with("\r\n"));
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
        let mut short = String::new();
        fold_into(&mut short, "VERSION:2.0");
        assert_eq!(short, "VERSION:2.0\r\n");
    }

    #[test]
    fn escapes_text() {
        assert_eq!(
            escape_text("a,b;c\\d\r\ne\u{7}f"),
            "a\\,b\\;c\\\\d\\ne".to_string() + "f"
        );
    }

    #[test]
    fn triggers() {
        assert_eq!(trigger(3 * 24 * 60), "-P3D");
        assert_eq!(trigger(120), "-PT2H");
        assert_eq!(trigger(30), "-PT30M");
        assert_eq!(trigger(0), "PT0S");
    }

    #[test]
    fn sequence_grows_with_time() {
        let a = midnight(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
        let b = a + chrono::Duration::seconds(1);
        assert!(sequence(b) > sequence(a));
        assert_eq!(sequence(epoch()), 0);
    }
}
