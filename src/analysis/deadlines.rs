//! Open deadlines: what is still to be done by a date. Notifications the
//! policy requires and that were not made yet (each preliminary, final or
//! single report), corrective actions with a `due` date that are not done,
//! and the next drill by the policy's frequency. The calendar export, the
//! per-record `.ics` files and the calendar page all list these, so they can
//! never disagree with each other or with `check` (notifications come from
//! [`super::notifications::requirements`]).

use super::notifications::{requirements, State};
use crate::model::summary::Summary;
use crate::model::Content;
use chrono::NaiveDate;

/// What kind of deadline an item is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind<'a> {
    /// An external report: the rule's id and name, and the report kind
    /// (`preliminary`, `final`, `report`).
    Notification {
        rule: &'a str,
        name: &'a str,
        kind: &'a str,
    },
    /// A corrective action of the record, `n` counting from 1 in file order.
    Action { n: usize, text: &'a str },
    /// The next drill the policy asks for.
    Drill,
}

/// One open deadline.
#[derive(Clone, Debug)]
pub struct Deadline<'a> {
    /// The record it belongs to (`None` for the drill).
    pub record: Option<&'a Summary>,
    pub kind: Kind<'a>,
    /// The last day, in the site's timezone.
    pub due: NaiveDate,
    /// Past, as of the build's `today`.
    pub overdue: bool,
}

impl Deadline<'_> {
    /// A key naming the item and nothing else, stable while the item exists:
    /// `<record>-<rule>-<kind>`, `<record>-action-<n>`, `drill-next`. Made of
    /// ids only (no person, no host, no date).
    pub fn key(&self) -> String {
        let id = self.record.map(|r| &*r.id).unwrap_or("");
        match &self.kind {
            Kind::Notification { rule, kind, .. } => format!("{id}-{rule}-{kind}"),
            Kind::Action { n, .. } => format!("{id}-action-{n}"),
            Kind::Drill => "drill-next".to_string(),
        }
    }
}

/// The open deadlines of one record, notifications first, then actions.
pub fn of_record<'a>(
    content: &'a Content,
    incident: &'a Summary,
    today: NaiveDate,
) -> Vec<Deadline<'a>> {
    let tz = content.site.timezone;
    let mut out: Vec<Deadline<'a>> = requirements(content, incident, today)
        .into_iter()
        .filter(|r| matches!(r.state, State::Missing | State::NotYetDue))
        .map(|r| Deadline {
            record: Some(incident),
            kind: Kind::Notification {
                rule: r.rule.id.value.as_str(),
                name: r.rule.name.as_str(),
                kind: r.kind,
            },
            due: r.deadline.with_timezone(&tz).date_naive(),
            overdue: r.state == State::Missing,
        })
        .collect();
    for (i, a) in incident.actions.iter().enumerate() {
        // A due month has no day for a calendar to show: it is left out
        // (the actions page lists it; `check` judges it, W510 or W605).
        let Some(due) = a.due.as_ref().and_then(|d| d.value.exact()) else {
            continue;
        };
        if a.is_done() {
            continue;
        }
        out.push(Deadline {
            record: Some(incident),
            kind: Kind::Action {
                n: i + 1,
                text: a.action.as_str(),
            },
            due,
            overdue: due < today,
        });
    }
    out
}

/// The day the next drill is due: the latest drill held (on or before
/// `today`) plus the policy's `drills.every`. `None` without a frequency,
/// without any drill held (there is no date to count from; `check` reports
/// the missing drill), or when the latest drill is known only to its month
/// (the due day is then one of a span: [`next_drill_span`]).
pub fn next_drill(content: &Content, today: NaiveDate) -> Option<NaiveDate> {
    next_drill_span(content, today).and_then(|(from, to)| (from == to).then_some(from))
}

/// The earliest and the latest day the next drill may be due: the same day
/// when the drills' days are known; a drill held "in March" (`2026-03`)
/// may have been held on any of its days up to `today`.
pub fn next_drill_span(content: &Content, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let every = content.policy.drill_every.as_ref()?.value.to_chrono();
    let held = || {
        content
            .drills
            .iter()
            .filter_map(|d| d.date.as_ref().map(|x| x.value))
            .filter(|d| d.first() <= today)
    };
    let earliest = held().map(|d| d.first()).max()?;
    let latest = held().map(|d| d.last().min(today)).max()?;
    Some((
        earliest.checked_add_signed(every)?,
        latest.checked_add_signed(every)?,
    ))
}

/// Every open deadline of `records` and the next drill, overdue first, then
/// by date, then by key (a stable order).
pub fn open<'a>(
    content: &'a Content,
    records: &[&'a Summary],
    today: NaiveDate,
) -> Vec<Deadline<'a>> {
    let mut out: Vec<Deadline<'a>> = records
        .iter()
        .flat_map(|r| of_record(content, r, today))
        .collect();
    if let Some(due) = next_drill(content, today) {
        out.push(Deadline {
            record: None,
            kind: Kind::Drill,
            due,
            overdue: due < today,
        });
    }
    // Each key made once: it is a formatted string, and made on every
    // comparison it was one per comparison of an n log n sort.
    out.sort_by_cached_key(|d| (!d.overdue, d.due, d.key()));
    out
}
