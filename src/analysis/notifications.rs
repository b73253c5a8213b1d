//! Which external notifications an incident needs, their deadlines, and
//! whether each was made on time.

use crate::model::summary::Summary;
use crate::model::{
    Content, Duration, NotificationMade, NotificationRule, Spanned, Timestamp, When,
};
use chrono::{DateTime, FixedOffset, NaiveDate};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Made by the deadline.
    Made,
    /// Made after the deadline.
    Late,
    /// Not made, and the deadline has passed.
    Missing,
    /// Not made yet, deadline still ahead.
    NotYetDue,
    /// Cannot be told: a date it depends on is known only to its month,
    /// and the month does not decide it (W510).
    Unjudged,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Made => "made",
            State::Late => "late",
            State::Missing => "missing",
            State::NotYetDue => "not_yet_due",
            State::Unjudged => "unjudged",
        }
    }
}

/// One required report (rule × deadline kind) for one incident.
#[derive(Clone, Debug)]
pub struct Requirement<'a> {
    pub rule: &'a NotificationRule,
    pub kind: &'a str,
    /// The deadline; when detection is known only to its month, the
    /// latest it may be (counted from the end of that month).
    pub deadline: DateTime<FixedOffset>,
    /// The earliest matching report made, if any.
    pub made: Option<&'a NotificationMade>,
    pub state: State,
}

impl<'a> Requirement<'a> {
    /// Why the report was late or not made, as the record says (a
    /// notification's `late_reason`, or a `notification_not_made`
    /// deviation); trimmed.
    pub fn reason(&self, incident: &'a Summary) -> Option<&'a str> {
        let (rule, made) = (self.rule, self.made);
        match self.state {
            State::Late => made.and_then(|m| m.late_reason.as_deref()),
            State::Missing => incident.audit().reason(
                crate::model::About::NotificationNotMade,
                Some(&rule.id.value),
                Some(self.kind),
            ),
            _ => None,
        }
        .map(str::trim)
    }
}

/// Does `rule` apply to `incident`? An empty `when` never applies, nor does a
/// rule withheld from the build's audience (see [`NotificationRule::withheld`]).
pub fn applies(rule: &NotificationRule, incident: &Summary) -> bool {
    !rule.when.is_empty() && !rule.withheld && holds(&rule.when, incident)
}

/// Whether every condition of `w` holds for `incident`: its categories (one
/// of), minimum level, impact flags, figures exceeded (`more_than`: a figure
/// the record leaves out is not exceeded) and, when it has alternatives
/// (`any`), at least one of them.
pub fn holds(w: &When, incident: &Summary) -> bool {
    let category_ok = w.categories.is_empty()
        || incident
            .category
            .as_ref()
            .is_some_and(|c| w.categories.iter().any(|x| *x.value == **c));
    let level_ok = w
        .min_level
        .is_none_or(|min| incident.level().is_some_and(|l| l >= min));
    let impact_ok = w
        .impact
        .iter()
        .all(|(flag, want)| incident.impact.flag(flag) == *want);
    let figures_ok = w
        .more_than
        .iter()
        .all(|(f, limit)| incident.impact.figure(f).is_some_and(|v| v > *limit));
    let any_ok = w.any.is_empty() || w.any.iter().any(|a| holds(a, incident));
    category_ok && level_ok && impact_ok && figures_ok && any_ok
}

/// The deadlines of `rule` for `incident`, kind by kind in the rule's order:
/// those of the first override whose condition holds replace the rule's own
/// for the kinds it names.
pub fn deadlines_for<'a>(
    rule: &'a NotificationRule,
    incident: &Summary,
) -> Vec<(&'a str, &'a Spanned<Duration>)> {
    let over = rule
        .overrides
        .iter()
        .find(|o| !o.when.is_empty() && holds(&o.when, incident));
    rule.deadlines
        .iter()
        .map(|(kind, within)| {
            let replaced = over
                .and_then(|o| o.deadlines.iter().find(|(k, _)| k == kind))
                .map(|(_, d)| d);
            (kind.as_str(), replaced.unwrap_or(within))
        })
        .collect()
}

/// Every report the policy requires of `incident`, with its state as of `today`
/// (a deadline is missed once a whole day has passed after it). A record
/// that predates the policy (`predates_policy`) requires none, and a rule
/// the record marks `not_applicable` is left out.
pub fn requirements<'a>(
    content: &'a Content,
    incident: &'a Summary,
    today: NaiveDate,
) -> Vec<Requirement<'a>> {
    let Some(detected) = incident.detected_at else {
        return Vec::new();
    };
    let audit = incident.audit();
    if audit.predates() {
        return Vec::new();
    }
    let tz = content.site.timezone;
    let mut out = Vec::new();
    for rule in content
        .policy
        .notifications
        .iter()
        .filter(|r| applies(r, incident))
        .filter(|r| audit.not_applicable(&r.id.value).is_none())
    {
        for (kind, within) in deadlines_for(rule, incident) {
            let deadline = latest_deadline(&detected, within.value);
            let earliest = detected.at + within.value.to_chrono();
            let made = incident
                .notifications
                .iter()
                .filter(|m| m.to.value == rule.id.value && m.kind.value == *kind)
                .min_by_key(|m| m.at.as_ref().map(|a| a.value));
            let made_at = made.and_then(|m| m.at.as_ref().map(|a| a.value));
            let state = if detected.is_month() || made_at.is_some_and(|a| a.is_month()) {
                month_state(made_at, made.is_some(), (earliest, deadline), today, tz)
            } else {
                state(made_at, made.is_some(), deadline, today, tz)
            };
            out.push(Requirement {
                rule,
                kind,
                deadline,
                made,
                state,
            });
        }
    }
    out
}

/// A deadline `within` of detection, at the latest: from the end of the
/// month when detection is known only to its month (a day without its
/// time counts from the day's start, as it always has).
pub fn latest_deadline(detected: &Timestamp, within: Duration) -> DateTime<FixedOffset> {
    let from = if detected.is_month() {
        detected.end()
    } else {
        detected.at
    };
    from + within.to_chrono()
}

/// The state of a report when a month stands for the detection or for the
/// report: late or missing only when certainly so, made only when
/// certainly in time, otherwise [`State::Unjudged`]. `deadline` is the
/// (earliest, latest) the deadline may be.
fn month_state(
    made_at: Option<Timestamp>,
    made: bool,
    (earliest, latest): (DateTime<FixedOffset>, DateTime<FixedOffset>),
    today: NaiveDate,
    tz: FixedOffset,
) -> State {
    match made_at {
        Some(at) if at.at > latest => State::Late,
        Some(at) if at.latest() <= earliest => State::Made,
        Some(_) => State::Unjudged,
        None if made => State::Made,
        None if latest.with_timezone(&tz).date_naive() < today => State::Missing,
        None => State::Unjudged,
    }
}

fn state(
    made_at: Option<Timestamp>,
    made: bool,
    deadline: DateTime<FixedOffset>,
    today: NaiveDate,
    tz: FixedOffset,
) -> State {
    match made_at {
        Some(at)
            if at.at <= deadline
                || (at.precision == crate::model::time::Precision::Day
                    && at.date_in(tz) <= deadline.with_timezone(&tz).date_naive()) =>
        {
            State::Made
        }
        Some(_) => State::Late,
        // A report recorded without a readable date counts as made; the shape check reports the date.
        None if made => State::Made,
        None if deadline.with_timezone(&tz).date_naive() < today => State::Missing,
        None => State::NotYetDue,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::parse_offset;

    #[test]
    fn states_against_deadline() {
        let tz = parse_offset("+09:00").unwrap();
        let deadline = Timestamp::parse("2026-04-10T12:00:00+09:00", tz)
            .unwrap()
            .at;
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let ts = |s| Timestamp::parse(s, tz);
        assert_eq!(
            state(
                ts("2026-04-10T11:00:00+09:00"),
                true,
                deadline,
                d("2026-05-01"),
                tz
            ),
            State::Made
        );
        assert_eq!(
            state(ts("2026-04-10"), true, deadline, d("2026-05-01"), tz),
            State::Made
        );
        assert_eq!(
            state(
                ts("2026-04-10T13:00:00+09:00"),
                true,
                deadline,
                d("2026-05-01"),
                tz
            ),
            State::Late
        );
        assert_eq!(
            state(None, false, deadline, d("2026-04-10"), tz),
            State::NotYetDue
        );
        assert_eq!(
            state(None, false, deadline, d("2026-04-11"), tz),
            State::Missing
        );
    }
}
