//! A.5.25–A.5.27, the handling of each record: assessment decisions, a
//! documented response, required notifications made on time, and lessons
//! learned.

use crate::analysis::metrics::{stage_of, Samples};
use crate::analysis::notifications::{requirements, State};
use crate::model::summary::Summary;
use crate::model::{Content, Stage, Status};
use chrono::NaiveDate;

/// A.5.25: assessment decisions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AssessmentFacts<'a> {
    pub records: usize,
    /// Records with stage, deciding role and time.
    pub decided: usize,
    pub undecided: Vec<&'a str>,
    /// Detection → decision, minutes.
    pub decision_time: Samples,
    /// The slowest decisions first: (record, minutes).
    pub slowest: Vec<(&'a str, i64)>,
}

/// A.5.26: the response is documented.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResponseFacts<'a> {
    /// Records that are not near misses.
    pub records: usize,
    pub complete: usize,
    pub incomplete: Vec<&'a str>,
}

/// One required report that was not made on time.
#[derive(Clone, Debug, PartialEq)]
pub struct Shortfall<'a> {
    pub record: &'a str,
    pub rule: &'a str,
    pub kind: &'a str,
    pub state: State,
}

/// A.5.26: required external notifications.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NotificationFacts<'a> {
    /// Reports whose deadline has passed or that were made.
    pub due: usize,
    pub on_time: usize,
    pub late_or_missing: Vec<Shortfall<'a>>,
    pub not_yet_due: usize,
}

/// A.5.27: lessons learned.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LessonsFacts<'a> {
    pub closed: usize,
    pub closed_with_lessons: usize,
    pub closed_without: Vec<&'a str>,
    /// Every record with lessons (closed or not).
    pub with_lessons: Vec<&'a str>,
}

pub(super) fn assessment<'a>(incidents: &[&'a Summary]) -> AssessmentFacts<'a> {
    let mut f = AssessmentFacts {
        records: incidents.len(),
        ..Default::default()
    };
    for i in incidents {
        let a = i.assessment.as_ref();
        let decided = a.is_some_and(|a| a.stage.is_some() && a.decided && a.decided_at.is_some());
        if !decided {
            f.undecided.push(&i.id);
            continue;
        }
        f.decided += 1;
        if let (Some(det), Some(at)) = (&i.detected_at, a.and_then(|a| a.decided_at.as_ref())) {
            let m = (at.at - det.at).num_minutes();
            // A date-only decision on the detection day reads as "before";
            // count it as immediate rather than drop it.
            let m = m.max(0);
            f.decision_time.push(m);
            f.slowest.push((&i.id, m));
        }
    }
    f.slowest
        .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    f
}

/// Timeline entries recorded and every date the status implies present.
fn timeline_complete(i: &Summary) -> bool {
    let status = i.status().unwrap_or(Status::Open);
    i.timeline.recorded
        && i.detected_at.is_some()
        && (status < Status::Contained || i.contained_at.is_some())
        && (status < Status::Recovered || i.recovered_at.is_some())
        && (status < Status::Closed || i.closed_at.is_some())
}

pub(super) fn response<'a>(content: &Content, incidents: &[&'a Summary]) -> ResponseFacts<'a> {
    let mut f = ResponseFacts::default();
    for i in incidents
        .iter()
        .filter(|i| stage_of(i, &content.policy) != Some(Stage::Weakness))
    {
        f.records += 1;
        if timeline_complete(i) {
            f.complete += 1;
        } else {
            f.incomplete.push(&i.id);
        }
    }
    f
}

pub(super) fn notifications<'a>(
    content: &'a Content,
    incidents: &[&'a Summary],
    today: NaiveDate,
) -> NotificationFacts<'a> {
    let mut f = NotificationFacts::default();
    for i in incidents {
        for r in requirements(content, i, today) {
            match r.state {
                State::NotYetDue => f.not_yet_due += 1,
                // Neither on time nor late as far as anyone can tell (W510).
                State::Unjudged => {}
                State::Made => {
                    f.due += 1;
                    f.on_time += 1;
                }
                State::Late | State::Missing => {
                    f.due += 1;
                    f.late_or_missing.push(Shortfall {
                        record: &i.id,
                        rule: &r.rule.id.value,
                        kind: r.kind,
                        state: r.state,
                    });
                }
            }
        }
    }
    f
}

pub(super) fn lessons<'a>(incidents: &[&'a Summary]) -> LessonsFacts<'a> {
    let mut f = LessonsFacts::default();
    for i in incidents {
        let has = i.has_lessons();
        if has {
            f.with_lessons.push(&i.id);
        }
        if i.status() == Some(Status::Closed) {
            f.closed += 1;
            if has {
                f.closed_with_lessons += 1;
            } else {
                f.closed_without.push(&i.id);
            }
        }
    }
    f
}
