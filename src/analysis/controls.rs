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

use super::metrics::{stage_of, Samples};
use super::notifications::{requirements, State};
use crate::model::{Action, Contacts, Content, Control, Drill, Incident, Stage, Status};
use chrono::{Datelike, FixedOffset, NaiveDate};
use std::collections::BTreeMap;

/// Every figure kind, in the order a control shows them.
pub const FIGURE_KINDS: &[&str] = &[
    "procedure",
    "assessment",
    "response",
    "notifications",
    "lessons",
    "actions",
    "evidence",
    "reporting",
    "drills",
];

/// Default figure kinds for ISO/IEC 27001:2022 Annex A controls, used when a
/// control in the policy does not list its own `evidence`.
pub const DEFAULT_MAPPING: &[(&str, &[&str])] = &[
    // Planning and preparation: procedure, roles, contacts, and rehearsal.
    ("A.5.24", &["procedure", "drills"]),
    ("A.5.25", &["assessment"]),
    ("A.5.26", &["response", "notifications"]),
    ("A.5.27", &["lessons", "actions"]),
    ("A.5.28", &["evidence"]),
    // Event reporting: how fast staff report, near misses, drills that train it.
    ("A.6.8", &["reporting", "drills"]),
];

/// The figure kinds shown for `control`, in [`FIGURE_KINDS`] order.
pub fn kinds_for(control: &Control) -> Vec<&'static str> {
    let wanted: Vec<&str> = match &control.evidence {
        Some(list) => list.iter().map(|k| k.value.as_str()).collect(),
        None => DEFAULT_MAPPING
            .iter()
            .find(|(id, _)| *id == control.id.value)
            .map(|(_, k)| k.to_vec())
            .unwrap_or_default(),
    };
    FIGURE_KINDS
        .iter()
        .copied()
        .filter(|k| wanted.contains(k))
        .collect()
}

/// Where an action comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source<'a> {
    Incident(&'a str),
    Drill(&'a str),
}

/// One corrective action with where it comes from.
#[derive(Clone, Copy, Debug)]
pub struct ActionRef<'a> {
    pub source: Source<'a>,
    /// Title of the record or drill.
    pub title: &'a str,
    pub action: &'a Action,
}

/// Every action of the published records and of the drills, in record
/// order then drill order.
pub fn all_actions<'a>(incidents: &[&'a Incident], drills: &[&'a Drill]) -> Vec<ActionRef<'a>> {
    let mut out = Vec::new();
    for i in incidents {
        out.extend(i.actions.iter().map(|a| ActionRef {
            source: Source::Incident(&i.id.value),
            title: &i.title,
            action: a,
        }));
    }
    for d in drills {
        out.extend(d.actions.iter().map(|a| ActionRef {
            source: Source::Drill(&d.id.value),
            title: &d.title,
            action: a,
        }));
    }
    out
}

/// A.5.24: roles and whether someone holding each can be reached.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProcedureFacts<'a> {
    /// (role id, has an internal contact with phone and e-mail).
    pub roles: Vec<(&'a str, bool)>,
    pub flow_steps: usize,
}

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

/// A.5.27: corrective actions and the controls they strengthen.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ActionFacts {
    pub total: usize,
    pub done: usize,
    pub verified: usize,
    pub overdue: usize,
    /// Control id → (actions naming it, of which done or verified).
    pub controls: BTreeMap<String, (usize, usize)>,
}

/// A.6.8: how quickly events are reported.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportingFacts {
    /// Level → detection → report, minutes.
    pub by_level: BTreeMap<i64, Samples>,
    /// Near misses per quarter, newest first.
    pub near_misses_per_quarter: Vec<(super::metrics::Period, usize)>,
}

/// Drills held against the policy's frequency.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DrillFacts<'a> {
    pub held: usize,
    pub last: Option<(&'a str, NaiveDate)>,
    pub next_due: Option<NaiveDate>,
    /// A drill is due and none was held (also when none was ever held).
    pub overdue: bool,
    pub per_year: BTreeMap<i32, usize>,
    pub by_kind: BTreeMap<&'a str, usize>,
}

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
pub fn compute<'a>(
    content: &'a Content,
    incidents: &[&'a Incident],
    today: NaiveDate,
) -> Facts<'a> {
    let tz = content.site.timezone;
    let drills: Vec<&Drill> = content.drills.iter().collect();
    let actions = all_actions(incidents, &drills);
    Facts {
        procedure: procedure(content),
        assessment: assessment(incidents),
        response: response(content, incidents),
        notifications: notifications(content, incidents, today),
        lessons: lessons(incidents),
        actions: action_facts(&actions, today),
        reporting: reporting(content, incidents, tz),
        drills: drill_facts(content, today),
    }
}

fn reachable(contacts: &Contacts, role: &str) -> bool {
    contacts
        .for_role(role)
        .any(|c| c.person.phone.is_some() && c.person.email.is_some())
}

fn procedure(content: &Content) -> ProcedureFacts<'_> {
    ProcedureFacts {
        roles: content
            .policy
            .roles
            .iter()
            .map(|r| {
                (
                    r.id.value.as_str(),
                    reachable(&content.contacts, &r.id.value),
                )
            })
            .collect(),
        flow_steps: content.policy.flow.len(),
    }
}

fn assessment<'a>(incidents: &[&'a Incident]) -> AssessmentFacts<'a> {
    let mut f = AssessmentFacts {
        records: incidents.len(),
        ..Default::default()
    };
    for i in incidents {
        let a = i.assessment.as_ref();
        let decided = a
            .is_some_and(|a| a.stage.is_some() && a.decided_by.is_some() && a.decided_at.is_some());
        if !decided {
            f.undecided.push(&i.id.value);
            continue;
        }
        f.decided += 1;
        if let (Some(det), Some(at)) = (&i.detected_at, a.and_then(|a| a.decided_at.as_ref())) {
            let m = (at.value.at - det.value.at).num_minutes();
            // A date-only decision on the detection day reads as "before";
            // count it as immediate rather than drop it.
            let m = m.max(0);
            f.decision_time.push(m);
            f.slowest.push((&i.id.value, m));
        }
    }
    f.slowest
        .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    f
}

/// Timeline entries recorded and every date the status implies present.
fn timeline_complete(i: &Incident) -> bool {
    let status = i.status().unwrap_or(Status::Open);
    !i.timeline.is_empty()
        && i.detected_at.is_some()
        && (status < Status::Contained || i.contained_at.is_some())
        && (status < Status::Recovered || i.recovered_at.is_some())
        && (status < Status::Closed || i.closed_at.is_some())
}

fn response<'a>(content: &Content, incidents: &[&'a Incident]) -> ResponseFacts<'a> {
    let mut f = ResponseFacts::default();
    for i in incidents
        .iter()
        .filter(|i| stage_of(i, &content.policy) != Some(Stage::Weakness))
    {
        f.records += 1;
        if timeline_complete(i) {
            f.complete += 1;
        } else {
            f.incomplete.push(&i.id.value);
        }
    }
    f
}

fn notifications<'a>(
    content: &'a Content,
    incidents: &[&'a Incident],
    today: NaiveDate,
) -> NotificationFacts<'a> {
    let mut f = NotificationFacts::default();
    for i in incidents {
        for r in requirements(content, i, today) {
            match r.state {
                State::NotYetDue => f.not_yet_due += 1,
                State::Made => {
                    f.due += 1;
                    f.on_time += 1;
                }
                State::Late | State::Missing => {
                    f.due += 1;
                    f.late_or_missing.push(Shortfall {
                        record: &i.id.value,
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

fn has_text(s: &Option<String>) -> bool {
    s.as_deref().is_some_and(|t| !t.trim().is_empty())
}

fn lessons<'a>(incidents: &[&'a Incident]) -> LessonsFacts<'a> {
    let mut f = LessonsFacts::default();
    for i in incidents {
        let has = has_text(&i.lessons);
        if has {
            f.with_lessons.push(&i.id.value);
        }
        if i.status() == Some(Status::Closed) {
            f.closed += 1;
            if has {
                f.closed_with_lessons += 1;
            } else {
                f.closed_without.push(&i.id.value);
            }
        }
    }
    f
}

fn action_facts(actions: &[ActionRef], today: NaiveDate) -> ActionFacts {
    let mut f = ActionFacts {
        total: actions.len(),
        ..Default::default()
    };
    for r in actions {
        let a = r.action;
        let status = a.status.as_ref().map(|s| s.value);
        if a.is_done() {
            f.done += 1;
        }
        if status == Some(crate::model::ActionStatus::Verified) {
            f.verified += 1;
        }
        if a.is_overdue(today) {
            f.overdue += 1;
        }
        for c in &a.controls {
            let e = f.controls.entry(c.value.clone()).or_default();
            e.0 += 1;
            if a.is_done() {
                e.1 += 1;
            }
        }
    }
    f
}

fn reporting(content: &Content, incidents: &[&Incident], tz: FixedOffset) -> ReportingFacts {
    let mut f = ReportingFacts::default();
    let mut quarters: BTreeMap<super::metrics::Period, usize> = BTreeMap::new();
    for i in incidents {
        if let Some(l) = i.level() {
            f.by_level.entry(l).or_default().add(
                i.detected_at.as_ref().map(|t| &t.value),
                i.reported_at.as_ref().map(|t| &t.value),
            );
        }
        if stage_of(i, &content.policy) == Some(Stage::Weakness) {
            if let Some(d) = &i.detected_at {
                *quarters
                    .entry(super::metrics::Period::quarter_of(d.date_in(tz)))
                    .or_default() += 1;
            }
        }
    }
    f.near_misses_per_quarter = quarters.into_iter().rev().collect();
    f
}

fn drill_facts(content: &Content, today: NaiveDate) -> DrillFacts<'_> {
    let mut f = DrillFacts::default();
    for d in &content.drills {
        let Some(date) = d.date.as_ref().map(|x| x.value).filter(|x| *x <= today) else {
            continue;
        };
        f.held += 1;
        *f.per_year.entry(date.year()).or_default() += 1;
        *f.by_kind.entry(d.kind.value.as_str()).or_default() += 1;
        if f.last.is_none_or(|(_, l)| date >= l) {
            f.last = Some((&d.id.value, date));
        }
    }
    // Same rule as `check` (W905): due `every` after the latest drill.
    if let Some(every) = &content.policy.drill_every {
        f.next_due = f.last.map(|(_, l)| l + every.value.to_chrono());
        f.overdue = f.next_due.is_none_or(|due| due < today);
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;
    use crate::model::{ActionStatus, Assessment, Spanned, TimelineEntry, Timestamp};

    fn tz() -> FixedOffset {
        FixedOffset::east_opt(9 * 3600).unwrap()
    }

    fn sp<T>(v: T) -> Spanned<T> {
        Spanned::new(v, Pos::START)
    }

    fn ts(s: &str) -> Option<Spanned<Timestamp>> {
        Timestamp::parse(s, tz()).map(sp)
    }

    fn control(id: &str, evidence: Option<&[&str]>) -> Control {
        Control {
            id: sp(id.into()),
            name: id.into(),
            name_en: None,
            description: String::new(),
            evidence: evidence.map(|l| l.iter().map(|k| sp(k.to_string())).collect()),
        }
    }

    #[test]
    fn mapping_comes_from_the_policy_or_the_default_table() {
        assert_eq!(kinds_for(&control("A.5.25", None)), ["assessment"]);
        assert_eq!(kinds_for(&control("A.6.8", None)), ["reporting", "drills"]);
        // The policy's own list wins, in the canonical order.
        assert_eq!(
            kinds_for(&control("A.5.25", Some(&["drills", "assessment"]))),
            ["assessment", "drills"]
        );
        assert!(kinds_for(&control("A.5.25", Some(&[]))).is_empty());
        // Another framework's id maps only through the policy.
        assert!(kinds_for(&control("NIST RS.MA-01", None)).is_empty());
        assert_eq!(
            kinds_for(&control("NIST RS.MA-01", Some(&["response"]))),
            ["response"]
        );
        for (_, kinds) in DEFAULT_MAPPING {
            assert!(kinds.iter().all(|k| FIGURE_KINDS.contains(k)));
        }
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
        a.lessons = Some("教訓".into());
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
                due: Some(sp(NaiveDate::from_ymd_opt(2026, 5, 1).unwrap())),
                evaluation: None,
                status: Some(sp(ActionStatus::Verified)),
                done_at: None,
                controls: vec![sp("A.5.27".into()), sp("A.5.24".into())],
                pos: Pos::START,
            },
            Action {
                action: "y".into(),
                owner: None,
                due: Some(sp(NaiveDate::from_ymd_opt(2026, 5, 1).unwrap())),
                evaluation: None,
                status: Some(sp(ActionStatus::Planned)),
                done_at: None,
                controls: vec![sp("A.5.27".into())],
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
            name: String::new(),
            criteria: vec![],
            responsible: sp("it_admin".into()),
            report_within: None,
            stages: stages.iter().map(|s| sp(s.to_string())).collect(),
            applies_when: BTreeMap::new(),
            pos: Pos::START,
        };
        let mut c = Content::default();
        c.policy.levels = vec![level(0, &["weakness"]), level(1, &["event", "incident"])];
        c.policy.drill_every = Some(sp(crate::model::Duration {
            minutes: 26 * 7 * 1440,
        }));
        let drill = |id: &str, date: (i32, u32, u32), kind: &str| Drill {
            file: String::new(),
            id: sp(id.into()),
            title: String::new(),
            date: Some(sp(NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap())),
            kind: sp(kind.into()),
            scenario: String::new(),
            participants: vec![],
            findings: None,
            actions: vec![],
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
        let refs: Vec<&Incident> = records.iter().collect();
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
        assert_eq!(
            f.reporting.near_misses_per_quarter,
            [(
                super::super::metrics::Period {
                    year: 2026,
                    quarter: Some(2)
                },
                1
            )]
        );

        assert_eq!(f.drills.held, 2);
        assert_eq!(
            f.drills.last,
            Some(("D2", NaiveDate::from_ymd_opt(2026, 3, 17).unwrap()))
        );
        // 26 weeks after 2026-03-17 is 2026-09-15, before 2026-11-22.
        assert_eq!(f.drills.next_due, NaiveDate::from_ymd_opt(2026, 9, 15));
        assert!(f.drills.overdue);
        assert_eq!(f.drills.per_year, BTreeMap::from([(2025, 1), (2026, 1)]));
    }
}
