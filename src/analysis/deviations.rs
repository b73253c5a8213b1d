//! Non-conformities: every place a record departs from the policy — a late
//! internal report, containment before the report, a late or missing
//! external notification, an overdue corrective action or effectiveness
//! review, a drill held later than the interval — each with the reason the
//! record gives, if it gives one. `check` reports them (an explained one as a
//! warning, an unexplained one as the error or warning it always was) and
//! the record page, the report, the compliance and audit pages and the
//! exports show them from this one list, so they cannot disagree.

use super::notifications::{requirements, State};
use crate::diagnostics::Pos;
use crate::model::summary::Summary;
use crate::model::{About, Content, Drill, RecordDate};
use chrono::{DateTime, FixedOffset, NaiveDate};

/// What kind of non-conformity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    ReportLate,
    ContainedBeforeReport,
    NotificationLate,
    NotificationNotMade,
    ActionOverdue,
    ReviewOverdue,
    DrillLate,
    NotRecorded,
}

impl Kind {
    pub const ALL: &'static [Kind] = &[
        Kind::ReportLate,
        Kind::ContainedBeforeReport,
        Kind::NotificationLate,
        Kind::NotificationNotMade,
        Kind::ActionOverdue,
        Kind::ReviewOverdue,
        Kind::DrillLate,
        Kind::NotRecorded,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ReportLate => "report_late",
            Kind::ContainedBeforeReport => "contained_before_report",
            Kind::NotificationLate => "notification_late",
            Kind::NotificationNotMade => "notification_not_made",
            Kind::ActionOverdue => "action_overdue",
            Kind::ReviewOverdue => "review_overdue",
            Kind::DrillLate => "drill_late",
            Kind::NotRecorded => "not_recorded",
        }
    }
}

/// One non-conformity.
#[derive(Clone, Debug, PartialEq)]
pub struct Deviation<'a> {
    pub kind: Kind,
    /// The incident record or drill it belongs to.
    pub record: &'a str,
    /// `true` for a drill (`drills/<id>.html`), `false` for an incident record.
    pub drill: bool,
    /// What departed: the notification rule's name, the action's text.
    pub subject: Option<&'a str>,
    /// For a notification: the report kind (`preliminary`, `final`, `report`).
    pub report_kind: Option<&'a str>,
    /// For a notification: the rule's id.
    pub rule: Option<&'a str>,
    /// The last day it was due, in the site's timezone (a month when an
    /// action's or review's `due` is written as one).
    pub due: Option<crate::model::RecordDate>,
    /// How late, in minutes (done late, or still not done as of `today`).
    pub late_minutes: Option<i64>,
    /// The reason the record gives; `None` when it gives none.
    pub reason: Option<&'a str>,
    /// Where the fact stands in the file (a drill's; of a record's, where
    /// its summary keeps one: an explanation, a notification's time, an
    /// action's due date; else the record's start).
    pub pos: Pos,
}

impl Deviation<'_> {
    pub fn explained(&self) -> bool {
        self.reason.is_some_and(|r| !r.trim().is_empty())
    }
}

/// The report deadline of the record's level (`report_within` counted from
/// detection), or `None` when none applies: level 0, no deadline in the
/// policy, no detection time, or a record that predates the policy.
pub fn report_deadline(content: &Content, inc: &Summary) -> Option<DateTime<FixedOffset>> {
    if inc.audit().predates() {
        return None;
    }
    let level = inc.level.filter(|l| *l >= 1)?;
    let within = content.policy.level(level)?.report_within.as_ref()?;
    Some(super::notifications::latest_deadline(
        inc.detected_at.as_ref()?,
        within.value,
    ))
}

/// Whether the report's timeliness cannot be told (W510): it is not
/// certainly late, but detection or the report is known only to its month
/// and the report may fall after the earliest deadline.
pub fn report_unjudged(content: &Content, inc: &Summary) -> bool {
    let (Some(detected), Some(reported)) = (&inc.detected_at, &inc.reported_at) else {
        return false;
    };
    if !(detected.is_month() || reported.is_month()) || report_late(content, inc).is_some() {
        return false;
    }
    let Some(latest) = report_deadline(content, inc) else {
        return false;
    };
    let earliest = if detected.is_month() {
        latest - (detected.end() - detected.at)
    } else {
        latest
    };
    reported.latest() > earliest
}

/// `reported_at` after the report deadline: the deadline.
pub fn report_late(content: &Content, inc: &Summary) -> Option<DateTime<FixedOffset>> {
    let deadline = report_deadline(content, inc)?;
    (inc.reported_at.as_ref()?.at > deadline).then_some(deadline)
}

/// `contained_at` before `reported_at`.
pub fn contained_before_report(inc: &Summary) -> bool {
    matches!((&inc.contained_at, &inc.reported_at), (Some(c), Some(r)) if c.surely_before(r))
}

/// Every non-conformity of one incident record as of `today`, in a fixed
/// order: the report, containment, notifications, actions, reviews.
pub fn of_incident<'a>(
    content: &'a Content,
    inc: &'a Summary,
    today: NaiveDate,
) -> Vec<Deviation<'a>> {
    let tz = content.site.timezone;
    let audit = inc.audit();
    let base = |kind: Kind, pos: Pos| Deviation {
        kind,
        record: &inc.id,
        drill: false,
        subject: None,
        report_kind: None,
        rule: None,
        due: None,
        late_minutes: None,
        reason: None,
        pos,
    };
    let mut out = Vec::new();
    if let (Some(deadline), Some(reported)) = (report_late(content, inc), &inc.reported_at) {
        out.push(Deviation {
            due: Some(RecordDate::day(deadline.with_timezone(&tz).date_naive())),
            late_minutes: Some((reported.at - deadline).num_minutes()),
            reason: audit.reason(About::ReportLate, None, None),
            ..base(Kind::ReportLate, Pos::START)
        });
    }
    if contained_before_report(inc) {
        out.push(Deviation {
            reason: audit.reason(About::ContainedBeforeReport, None, None),
            ..base(Kind::ContainedBeforeReport, Pos::START)
        });
    }
    for r in requirements(content, inc, today) {
        let due = r.deadline.with_timezone(&tz).date_naive();
        let subject = Some(r.rule.name.as_str());
        match r.state {
            State::Late => {
                let at = r.made.and_then(|m| m.at.as_ref());
                out.push(Deviation {
                    subject,
                    report_kind: Some(r.kind),
                    rule: Some(r.rule.id.value.as_str()),
                    due: Some(RecordDate::day(due)),
                    late_minutes: at.map(|a| (a.value.at - r.deadline).num_minutes()),
                    reason: r.made.and_then(|m| m.late_reason.as_deref()),
                    ..base(
                        Kind::NotificationLate,
                        at.map(|a| a.pos).unwrap_or(Pos::START),
                    )
                });
            }
            State::Missing => {
                let explanation = audit.explanation(
                    About::NotificationNotMade,
                    Some(&r.rule.id.value),
                    Some(r.kind),
                );
                let pos = explanation.map(|e| e.pos).unwrap_or(Pos::START);
                out.push(Deviation {
                    subject,
                    report_kind: Some(r.kind),
                    rule: Some(r.rule.id.value.as_str()),
                    due: Some(RecordDate::day(due)),
                    late_minutes: Some((today - due).num_days() * 1440),
                    reason: explanation.map(|e| e.reason.as_str()),
                    ..base(Kind::NotificationNotMade, pos)
                });
            }
            State::Made | State::NotYetDue | State::Unjudged => {}
        }
    }
    out.extend(of_actions(&inc.actions, &inc.id, false, today));
    for e in &audit.deviations {
        if e.about.value != About::NotRecorded || e.reason.trim().is_empty() {
            continue;
        }
        for f in e.fields.iter().filter(|f| lacks(inc, &f.value)) {
            out.push(Deviation {
                subject: Some(f.value.as_str()),
                reason: Some(e.reason.as_str()),
                ..base(Kind::NotRecorded, f.pos)
            });
        }
    }
    out
}

/// The record does not hold `field` (one of [`crate::model::NOT_RECORDABLE`])
/// in full: the date is absent, the cause empty, no action or one without
/// its owner, due date or evaluation, no assessment.
pub fn lacks(inc: &Summary, field: &str) -> bool {
    let blank = |t: &Option<String>| t.as_deref().is_none_or(|c| c.trim().is_empty());
    match field {
        "reported_at" => inc.reported_at.is_none(),
        "contained_at" => inc.contained_at.is_none(),
        "recovered_at" => inc.recovered_at.is_none(),
        "closed_at" => inc.closed_at.is_none(),
        "cause" => !inc.cause,
        "actions" => {
            inc.actions.is_empty()
                || inc
                    .actions
                    .iter()
                    .any(|a| a.owner.is_none() || a.due.is_none() || blank(&a.evaluation))
        }
        "assessment" => inc.assessment.is_none(),
        _ => false,
    }
}

/// Overdue actions and overdue effectiveness reviews among `actions`.
pub fn of_actions<'a>(
    actions: &'a [crate::model::Action],
    record: &'a str,
    drill: bool,
    today: NaiveDate,
) -> Vec<Deviation<'a>> {
    let mut out = Vec::new();
    for a in actions {
        let base = |kind: Kind, due: &crate::model::Spanned<RecordDate>| Deviation {
            kind,
            record,
            drill,
            subject: Some(a.action.as_str()),
            report_kind: None,
            rule: None,
            due: Some(due.value),
            // How late is not known when only the due month is.
            late_minutes: due.value.exact().map(|due| (today - due).num_days() * 1440),
            reason: None,
            pos: due.pos,
        };
        if let Some(due) = a.due.as_ref().filter(|_| a.is_overdue(today)) {
            out.push(Deviation {
                reason: a.late_reason.as_deref(),
                ..base(Kind::ActionOverdue, due)
            });
        }
        if let Some(review) = a.review.as_ref().filter(|r| r.is_overdue(today)) {
            if let Some(due) = &review.due {
                out.push(base(Kind::ReviewOverdue, due));
            }
        }
    }
    out
}

/// A drill held (on or before the check date) after another, and the days
/// it was due and held: a span of days when a date is known only to its
/// month, one day otherwise.
pub struct DrillGap {
    pub due_first: NaiveDate,
    pub due_latest: NaiveDate,
    pub held_first: NaiveDate,
    pub held_last: NaiveDate,
}

/// Each drill held after another (in date order, a month before its days),
/// with when it was due by the policy's `drills.every`.
pub fn drill_gaps(content: &Content, today: NaiveDate) -> Vec<(&Drill, DrillGap)> {
    let Some(every) = content
        .policy
        .drill_every
        .as_ref()
        .map(|e| e.value.to_chrono())
    else {
        return Vec::new();
    };
    let mut held: Vec<(&Drill, RecordDate)> = content
        .drills
        .iter()
        .filter_map(|d| Some((d, d.date.as_ref()?.value)))
        .filter(|(_, date)| date.first() <= today)
        .collect();
    held.sort_by_key(|(d, date)| (*date, d.id.value.as_str()));
    held.windows(2)
        .filter_map(|pair| {
            let ((_, before), (drill, date)) = (pair[0], pair[1]);
            Some((
                drill,
                DrillGap {
                    due_first: before.first().checked_add_signed(every)?,
                    due_latest: before.last().checked_add_signed(every)?,
                    held_first: date.first(),
                    held_last: date.last(),
                },
            ))
        })
        .collect()
}

/// Drills held later than the policy's interval after the drill before,
/// over the whole history (each gap between two consecutive drills held on
/// or before `today`), and the drills' overdue actions and reviews.
pub fn of_drills(content: &Content, today: NaiveDate) -> Vec<Deviation<'_>> {
    let mut out = Vec::new();
    if content.policy.drill_every.is_some() {
        for (drill, gap) in drill_gaps(content, today) {
            // Late only when certainly: after every day it may have been due.
            if gap.held_first > gap.due_latest {
                let exact = (gap.due_first == gap.due_latest && gap.held_first == gap.held_last)
                    .then_some((gap.due_latest, gap.held_first));
                out.push(Deviation {
                    kind: Kind::DrillLate,
                    record: drill.id.value.as_str(),
                    drill: true,
                    subject: Some(drill.title.as_str()),
                    report_kind: None,
                    rule: None,
                    due: exact.map(|(due, _)| RecordDate::day(due)),
                    // How late is not known when a month is in the gap.
                    late_minutes: exact.map(|(due, date)| (date - due).num_days() * 1440),
                    reason: drill.late_reason.as_deref(),
                    pos: drill.date.as_ref().map(|d| d.pos).unwrap_or(drill.pos),
                });
            }
        }
    }
    for d in &content.drills {
        out.extend(of_actions(&d.actions, d.id.value.as_str(), true, today));
    }
    out
}

/// Every non-conformity of `incidents` (newest record first, as the
/// register lists them) and of the drills.
pub fn all<'a>(
    content: &'a Content,
    incidents: &[&'a Summary],
    today: NaiveDate,
) -> Vec<Deviation<'a>> {
    let mut out: Vec<Deviation> = incidents
        .iter()
        .rev()
        .flat_map(|i| of_incident(content, i, today))
        .collect();
    out.extend(of_drills(content, today));
    out
}

/// Counts for the audit view.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub explained: usize,
    pub unexplained: usize,
}

/// Explained and unexplained non-conformities, per kind, in [`Kind::ALL`] order.
pub fn counts(deviations: &[Deviation]) -> Vec<(Kind, Counts)> {
    Kind::ALL
        .iter()
        .map(|k| {
            let mut c = Counts::default();
            for d in deviations.iter().filter(|d| d.kind == *k) {
                if d.explained() {
                    c.explained += 1;
                } else {
                    c.unexplained += 1;
                }
            }
            (*k, c)
        })
        .collect()
}

/// How far the effectiveness of corrective actions has been reviewed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ReviewCounts {
    /// Actions with a review recorded as done.
    pub reviewed: usize,
    /// Reviews planned (`review.due`) and not yet due.
    pub awaiting: usize,
    /// Reviews past their due date and not done.
    pub overdue: usize,
    /// Actions done (or verified) with no review recorded or planned.
    pub done_without_review: usize,
}

/// Review counts over `actions`.
pub fn review_counts<'a>(
    actions: impl IntoIterator<Item = &'a crate::model::Action>,
    today: NaiveDate,
) -> ReviewCounts {
    let mut c = ReviewCounts::default();
    for a in actions {
        match &a.review {
            Some(r) if r.is_done() => c.reviewed += 1,
            Some(r) if r.is_overdue(today) => c.overdue += 1,
            Some(r) if r.due.is_some() => c.awaiting += 1,
            _ if a.is_done() => c.done_without_review += 1,
            _ => {}
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Action, ActionStatus, Explanation, Incident, Review, Spanned};

    fn sp<T>(v: T) -> Spanned<T> {
        Spanned::new(v, Pos::START)
    }
    fn day(s: &str) -> RecordDate {
        RecordDate::parse(s).unwrap()
    }
    fn action(due: &str, status: ActionStatus, review: Option<Review>) -> Action {
        Action {
            action: "a".into(),
            owner: None,
            due: Some(sp(day(due))),
            evaluation: None,
            status: Some(sp(status)),
            done_at: None,
            controls: vec![],
            late_reason: None,
            review: review.map(Box::new),
            pos: Pos::START,
        }
    }

    /// A fixture with known answers: a late report explained, an overdue
    /// action unexplained and one explained, reviews in every state.
    #[test]
    fn deviations_and_counts_on_a_fixture_with_known_answers() {
        let tz = chrono::FixedOffset::east_opt(9 * 3600).unwrap();
        let mut content = Content::default();
        content.policy.levels = vec![crate::model::Level {
            level: sp(1),
            approval: None,
            name: String::new(),
            criteria: vec![],
            responsible: sp("it_admin".into()),
            report_within: Some(sp(crate::model::Duration::of_minutes(60))),
            stages: vec![],
            applies_when: Default::default(),
            applies_when_pos: Default::default(),
            pos: Pos::START,
        }];
        let mut inc = Incident::sample();
        // detected 09:00, reported 10:00 in the sample: move the report to 11:30.
        inc.reported_at = crate::model::Timestamp::parse("2026-04-01T11:30:00+09:00", tz).map(sp);
        inc.audit.deviations.push(Explanation {
            about: sp(About::ReportLate),
            reason: "夜間".into(),
            to: None,
            kind: None,
            fields: Vec::new(),
            pos: Pos::START,
        });
        let reviewed = Review {
            done_at: Some(sp(day("2026-05-01"))),
            ..Default::default()
        };
        let overdue = Review {
            due: Some(sp(day("2026-05-01"))),
            ..Default::default()
        };
        let awaiting = Review {
            due: Some(sp(day("2026-12-01"))),
            ..Default::default()
        };
        let mut late = action("2026-04-10", ActionStatus::InProgress, None);
        late.late_reason = Some("部品待ち".into());
        inc.actions = vec![
            action("2026-04-10", ActionStatus::Planned, None),
            late,
            action("2026-04-10", ActionStatus::Done, Some(reviewed)),
            action("2026-04-10", ActionStatus::Done, Some(overdue)),
            action("2026-04-10", ActionStatus::Verified, Some(awaiting)),
            action("2026-04-10", ActionStatus::Done, None),
        ];
        content.incidents = vec![inc];
        let today = day("2026-06-01").first();
        let summaries = crate::model::summary::all(&content.incidents);
        let refs: Vec<&Summary> = summaries.iter().collect();
        let all = all(&content, &refs, today);
        let kinds: Vec<(Kind, bool)> = all.iter().map(|d| (d.kind, d.explained())).collect();
        assert_eq!(
            kinds,
            [
                (Kind::ReportLate, true),
                (Kind::ActionOverdue, false),
                (Kind::ActionOverdue, true),
                (Kind::ReviewOverdue, false),
            ]
        );
        assert_eq!(all[0].late_minutes, Some(90));
        assert_eq!(all[0].reason, Some("夜間"));
        let c = counts(&all);
        assert_eq!(
            c.iter()
                .find(|(k, _)| *k == Kind::ActionOverdue)
                .map(|(_, c)| c.clone()),
            Some(Counts {
                explained: 1,
                unexplained: 1
            })
        );
        assert_eq!(
            review_counts(&content.incidents[0].actions, today),
            ReviewCounts {
                reviewed: 1,
                awaiting: 1,
                overdue: 1,
                done_without_review: 1
            }
        );
        // Imported history is held to no report deadline.
        content.incidents[0].audit.predates_policy = Some(crate::model::PredatesPolicy {
            reason: "移行".into(),
            policy_version: None,
            pos: Pos::START,
        });
        assert!(report_late(&content, &Summary::of(&content.incidents[0])).is_none());
    }
}
