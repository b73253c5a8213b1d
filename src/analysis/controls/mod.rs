//! The audit view's figures (`controls.html`): what an auditor asks of each
//! control, computed from the records.
//!
//! No control id appears in the logic. Figures come in *kinds* (procedure,
//! assessment, response, notifications, lessons, actions, evidence,
//! reporting, drills), each computed generically, and a control shows the
//! kinds it asks for:
//! - the control's own `evidence: [kind, ...]` list in `policy.yaml`, when
//!   given (an empty list shows none), so any framework can be mapped;
//! - otherwise the default table [`DEFAULT_MAPPING`] for ISO/IEC
//!   27001:2022 Annex A ids;
//! - otherwise no figures (the control still lists the corrective actions
//!   that name it).
//!
//! Everything here is one pass over the records and actions.
//!
//! The parts: `mapping` decides which kinds a control shows; the figures
//! are computed in `preparation` (procedure, drills), `handling` (each
//! record's assessment, response, notifications and lessons), `actions`
//! (corrective actions, also listed on `actions.html`) and `reporting`
//! (how fast events are reported, near misses). This file gathers them
//! into [`Facts`].

mod actions;
mod handling;
mod mapping;
mod preparation;
mod reporting;

/// The list lives in the schema (a control's `evidence:` list is checked
/// against it); re-exported here where the figures are computed.
pub use crate::schema::fields::FIGURE_KINDS;

pub use actions::{ActionFacts, ActionRef, Source};
pub use handling::{AssessmentFacts, LessonsFacts, NotificationFacts, ResponseFacts, Shortfall};
pub use mapping::{kinds_for, DEFAULT_MAPPING};
pub use preparation::{DrillFacts, ProcedureFacts};
pub use reporting::ReportingFacts;

use crate::model::summary::Summary;
use crate::model::{Content, Drill};
use actions::action_facts;
use chrono::NaiveDate;
use handling::{assessment, lessons, notifications, response};
use preparation::{drill_facts, procedure};
use reporting::reporting;

/// Every figure, computed once for all controls.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts<'a> {
    pub procedure: ProcedureFacts<'a>,
    pub assessment: AssessmentFacts<'a>,
    pub response: ResponseFacts<'a>,
    pub notifications: NotificationFacts<'a>,
    pub lessons: LessonsFacts<'a>,
    pub actions: ActionFacts,
    pub reporting: ReportingFacts,
    pub drills: DrillFacts<'a>,
}

/// Compute every figure. `incidents` are the records shown in full to this
/// audience (stubs carry no details to measure); `content` is the model the
/// build renders (policy, contacts, drills).
pub fn compute<'a>(content: &'a Content, incidents: &[&'a Summary], today: NaiveDate) -> Facts<'a> {
    let tz = content.site.timezone;
    let drills: Vec<&Drill> = content.drills.iter().collect();
    Facts {
        procedure: procedure(content),
        assessment: assessment(incidents),
        response: response(content, incidents),
        notifications: notifications(content, incidents, today),
        lessons: lessons(incidents),
        actions: action_facts(
            incidents
                .iter()
                .flat_map(|i| i.actions.iter())
                .chain(drills.iter().flat_map(|d| d.actions.iter())),
            today,
        ),
        reporting: reporting(content, incidents, tz, today),
        drills: drill_facts(content, today),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;
    use crate::model::Incident;
    use crate::model::{
        Action, ActionStatus, Assessment, Spanned, Stage, Status, TimelineEntry, Timestamp,
    };
    use chrono::FixedOffset;
    use std::collections::BTreeMap;

    fn tz() -> FixedOffset {
        FixedOffset::east_opt(9 * 3600).unwrap()
    }

    fn sp<T>(v: T) -> Spanned<T> {
        Spanned::new(v, Pos::START)
    }

    fn ts(s: &str) -> Option<Spanned<Timestamp>> {
        Timestamp::parse(s, tz()).map(sp)
    }

    fn record(id: &str, level: i64, status: Status) -> Incident {
        let mut i = Incident::sample();
        i.id = sp(id.into());
        i.level = Some(sp(level));
        i.status = Some(sp(status));
        i.timeline = vec![TimelineEntry {
            at: ts("2026-04-01T09:00:00+09:00"),
            by: None,
            action: "x".into(),
            pos: Pos::START,
        }];
        i
    }

    fn decided(i: &mut Incident, stage: Stage, at: &str) {
        i.assessment = Some(Assessment {
            stage: Some(sp(stage)),
            decided_by: Some(sp("it_admin".into())),
            decided_at: ts(at),
            rationale: None,
            pos: Pos::START,
        });
    }

    /// Four records with answers worked out by hand.
    fn fixture() -> Vec<Incident> {
        // detected 2026-04-01 09:00, reported 10:00 (Incident::sample).
        let mut a = record("A", 1, Status::Closed);
        decided(&mut a, Stage::Incident, "2026-04-01T09:30:00+09:00"); // 30 min
        a.contained_at = ts("2026-04-01T11:00:00+09:00");
        a.recovered_at = ts("2026-04-02T11:00:00+09:00");
        a.closed_at = ts("2026-04-03T11:00:00+09:00");
        a.extra.insert("lessons", "教訓".into());
        let mut b = record("B", 1, Status::Contained);
        decided(&mut b, Stage::Event, "2026-04-01T11:00:00+09:00"); // 120 min
                                                                    // contained without contained_at: incomplete
        let mut c = record("C", 1, Status::Closed);
        decided(&mut c, Stage::Incident, "2026-04-01T10:00:00+09:00"); // 60 min
        c.contained_at = ts("2026-04-01T11:00:00+09:00");
        c.recovered_at = ts("2026-04-02T11:00:00+09:00");
        c.closed_at = ts("2026-04-03T11:00:00+09:00");
        c.actions = vec![
            Action {
                action: "x".into(),
                owner: None,
                due: Some(sp(crate::model::RecordDate::day(
                    NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
                ))),
                evaluation: None,
                status: Some(sp(ActionStatus::Verified)),
                done_at: None,
                controls: vec![sp("A.5.27".into()), sp("A.5.24".into())],
                late_reason: None,
                review: None,
                pos: Pos::START,
            },
            Action {
                action: "y".into(),
                owner: None,
                due: Some(sp(crate::model::RecordDate::day(
                    NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
                ))),
                evaluation: None,
                status: Some(sp(ActionStatus::Planned)),
                done_at: None,
                controls: vec![sp("A.5.27".into())],
                late_reason: None,
                review: None,
                pos: Pos::START,
            },
        ];
        // A near miss without an assessment: not counted for response.
        let mut d = record("D", 0, Status::Open);
        d.assessment = None;
        d.reported_at = ts("2026-04-01T15:00:00+09:00"); // 360 min
        vec![a, b, c, d]
    }

    fn content() -> Content {
        let level = |n: i64, stages: &[&str]| crate::model::Level {
            level: sp(n),
            approval: None,
            name: String::new(),
            criteria: vec![],
            responsible: sp("it_admin".into()),
            report_within: None,
            stages: stages.iter().map(|s| sp(s.to_string())).collect(),
            applies_when: BTreeMap::new(),
            applies_when_pos: Default::default(),
            pos: Pos::START,
        };
        let mut c = Content::default();
        c.policy.levels = vec![level(0, &["weakness"]), level(1, &["event", "incident"])];
        c.policy.drill_every = Some(sp(crate::model::Duration::of_minutes(26 * 7 * 1440)));
        let drill = |id: &str, date: (i32, u32, u32), kind: &str| Drill {
            file: String::new(),
            id: sp(id.into()),
            title: String::new(),
            date: Some(sp(crate::model::RecordDate::day(
                NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap(),
            ))),
            kind: sp(kind.into()),
            scenario: String::new(),
            participants: vec![],
            findings: None,
            actions: vec![],
            late_reason: None,
            pos: Pos::START,
        };
        c.drills = vec![
            drill("D1", (2025, 3, 1), "tabletop"),
            drill("D2", (2026, 3, 17), "phishing_simulation"),
        ];
        c
    }

    #[test]
    fn figures_on_a_fixture_with_known_answers() {
        let records = fixture();
        let c = content();
        let summaries = crate::model::summary::all(&records);
        let refs: Vec<&Summary> = summaries.iter().collect();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let f = compute(&c, &refs, today);

        assert_eq!((f.assessment.records, f.assessment.decided), (4, 3));
        assert_eq!(f.assessment.undecided, ["D"]);
        assert_eq!(f.assessment.decision_time.median(), Some(60.0));
        assert_eq!(f.assessment.slowest[0], ("B", 120));

        assert_eq!((f.response.records, f.response.complete), (3, 2));
        assert_eq!(f.response.incomplete, ["B"]);

        assert_eq!((f.lessons.closed, f.lessons.closed_with_lessons), (2, 1));
        assert_eq!(f.lessons.closed_without, ["C"]);

        assert_eq!(
            (
                f.actions.total,
                f.actions.done,
                f.actions.verified,
                f.actions.overdue
            ),
            (2, 1, 1, 1)
        );
        assert_eq!(f.actions.controls.get("A.5.27"), Some(&(2, 1)));
        assert_eq!(f.actions.controls.get("A.5.24"), Some(&(1, 1)));

        assert_eq!(f.reporting.by_level[&1].median(), Some(60.0));
        assert_eq!(f.reporting.by_level[&0].median(), Some(360.0));
        // Every quarter from the first record's (Q2) to today's (Q4), zeros kept.
        let q = |quarter| super::super::metrics::Period {
            year: 2026,
            quarter: Some(quarter),
        };
        assert_eq!(
            f.reporting.near_misses_per_quarter,
            [(q(4), 0), (q(3), 0), (q(2), 1)]
        );

        assert_eq!(f.drills.held, 2);
        assert_eq!(
            f.drills.last,
            Some((
                "D2",
                crate::model::RecordDate::day(NaiveDate::from_ymd_opt(2026, 3, 17).unwrap())
            ))
        );
        // 26 weeks after 2026-03-17 is 2026-09-15, before 2026-11-22.
        let due = NaiveDate::from_ymd_opt(2026, 9, 15).unwrap();
        assert_eq!(f.drills.next_due, Some((due, due)));
        assert!(f.drills.overdue);
        assert_eq!(f.drills.per_year, BTreeMap::from([(2025, 1), (2026, 1)]));
    }
}
