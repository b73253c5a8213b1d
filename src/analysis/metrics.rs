//! Management review metrics (ISO/IEC 27001 clause 9.3 asks for trends in
//! nonconformities and corrective actions): per calendar year and per
//! calendar quarter, counts by level, category and assessment stage (near
//! misses against incidents), mean and median times between the lifecycle
//! dates per level, and corrective actions closed on time.
//!
//! Records are counted in the period of their detection date (in the site's
//! timezone); corrective actions (of incidents and drills) in the period of
//! their due date, because a review asks "of what was due, how much was done
//! on time". One pass over the records and actions: O(n), then a sort per
//! sample set for medians.

use crate::model::summary::Summary;
use crate::model::{Action, Policy, Stage, Timestamp};
use chrono::{Datelike, FixedOffset, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// The spans measured, in lifecycle order: (key, from field, to field).
pub const SPANS: [(&str, &str, &str); 5] = [
    ("occurrence_to_detection", "occurred_at", "detected_at"),
    ("detection_to_report", "detected_at", "reported_at"),
    ("report_to_containment", "reported_at", "contained_at"),
    ("containment_to_closure", "contained_at", "closed_at"),
    ("detection_to_closure", "detected_at", "closed_at"),
];

/// A calendar year, or one quarter of it (Q1 = January–March).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Period {
    pub year: i32,
    /// 1–4, or `None` for the whole year.
    pub quarter: Option<u8>,
}

impl Period {
    pub fn year_of(d: NaiveDate) -> Period {
        Period {
            year: d.year(),
            quarter: None,
        }
    }

    pub fn quarter_of(d: NaiveDate) -> Period {
        // month0 is 0..=11, so the quarter is 1..=4 and fits a u8.
        Period {
            year: d.year(),
            quarter: Some((d.month0() / 3 + 1) as u8),
        }
    }

    /// `2026` or `2026-Q3`: stable, used in anchors and exports.
    pub fn key(&self) -> String {
        match self.quarter {
            Some(q) => format!("{}-Q{q}", self.year),
            None => self.year.to_string(),
        }
    }
}

/// Samples of one span, in minutes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Samples {
    minutes: Vec<i64>,
}

impl Samples {
    /// Add the span from `from` to `to` when both are known. A negative span
    /// is a data error that `check` reports; it must not distort the figures.
    /// A date known only to its month gives no span (any length would invent
    /// a day): it is left out.
    pub fn add(&mut self, from: Option<&Timestamp>, to: Option<&Timestamp>) {
        if let (Some(a), Some(b)) = (from, to) {
            if a.is_month() || b.is_month() {
                return;
            }
            let m = (b.at - a.at).num_minutes();
            if m >= 0 {
                self.minutes.push(m);
            }
        }
    }

    pub fn push(&mut self, minutes: i64) {
        self.minutes.push(minutes);
    }

    pub fn len(&self) -> usize {
        self.minutes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.minutes.is_empty()
    }

    pub fn mean(&self) -> Option<f64> {
        (!self.minutes.is_empty()).then(|| {
            self.minutes.iter().map(|&m| m as f64).sum::<f64>() / self.minutes.len() as f64
        })
    }

    /// The middle value; the mean of the two middle values for an even count.
    pub fn median(&self) -> Option<f64> {
        if self.minutes.is_empty() {
            return None;
        }
        let mut v = self.minutes.clone();
        v.sort_unstable();
        let n = v.len();
        Some(if n % 2 == 1 {
            v[n / 2] as f64
        } else {
            (v[n / 2 - 1] as f64 + v[n / 2] as f64) / 2.0
        })
    }
}

/// How the corrective actions due in a period ended up (as of `today`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ActionTally {
    /// Actions due in the period.
    pub due: usize,
    /// Done or verified no later than the due date.
    pub on_time: usize,
    /// Done or verified after the due date.
    pub late: usize,
    /// Done or verified, but with no `done_at` to compare.
    pub done_undated: usize,
    /// Not done, due date passed.
    pub open_overdue: usize,
    /// Not done, due date still ahead.
    pub open_not_due: usize,
    /// Whether on time cannot be told: a due or done date known only to
    /// its month overlaps the other (done "in March", due 2025-03-15), or
    /// open and due in the month of `today`. Left out of the share.
    pub undecided: usize,
}

impl ActionTally {
    pub fn add(&mut self, a: &Action, today: NaiveDate) {
        let Some(due) = a.due.as_ref().map(|d| d.value) else {
            return;
        };
        self.due += 1;
        // Judged only where the months decide it: done certainly by the
        // due day, certainly after it, or neither (never a guessed day).
        match (a.is_done(), a.done_at.as_ref().map(|d| d.value)) {
            (true, Some(done)) if done.last() <= due.first() => self.on_time += 1,
            (true, Some(done)) if done.first() > due.last() => self.late += 1,
            (true, Some(_)) => self.undecided += 1,
            (true, None) => self.done_undated += 1,
            (false, _) if due.surely_before(today) => self.open_overdue += 1,
            (false, _) if due.undecided_before(today) => self.undecided += 1,
            (false, _) => self.open_not_due += 1,
        }
    }

    /// Share closed on time among actions whose outcome is known (closed, or
    /// open past their due date), in percent.
    pub fn on_time_percent(&self) -> Option<f64> {
        let decided = self.on_time + self.late + self.open_overdue;
        (decided > 0).then(|| self.on_time as f64 * 100.0 / decided as f64)
    }
}

/// Everything measured for one period.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodMetrics {
    pub period: Period,
    /// Records detected in the period.
    pub total: usize,
    pub by_level: BTreeMap<i64, usize>,
    pub by_category: BTreeMap<String, usize>,
    /// By assessment stage; `None` for records with no stage.
    pub by_stage: BTreeMap<Option<Stage>, usize>,
    /// Per level, one sample set per entry of [`SPANS`].
    pub spans: BTreeMap<i64, [Samples; 5]>,
    pub actions: ActionTally,
}

impl PeriodMetrics {
    fn new(period: Period) -> PeriodMetrics {
        PeriodMetrics {
            period,
            total: 0,
            by_level: BTreeMap::new(),
            by_category: BTreeMap::new(),
            by_stage: BTreeMap::new(),
            spans: BTreeMap::new(),
            actions: ActionTally::default(),
        }
    }

    pub fn stage(&self, s: Option<Stage>) -> usize {
        self.by_stage.get(&s).copied().unwrap_or(0)
    }

    /// Near misses: records assessed as a weakness (ヒヤリハット).
    pub fn near_misses(&self) -> usize {
        self.stage(Some(Stage::Weakness))
    }

    fn add_record(&mut self, inc: &Summary, stage: Option<Stage>) {
        self.total += 1;
        if let Some(l) = inc.level() {
            *self.by_level.entry(l).or_default() += 1;
            let spans = self.spans.entry(l).or_default();
            for (k, (_, from, to)) in SPANS.iter().enumerate() {
                spans[k].add(milestone(inc, from), milestone(inc, to));
            }
        }
        if let Some(c) = &inc.category {
            *self.by_category.entry(c.to_string()).or_default() += 1;
        }
        *self.by_stage.entry(stage).or_default() += 1;
    }
}

/// The whole review: every year and quarter that has a record or an action
/// due, newest first, plus all time.
#[derive(Clone, Debug, PartialEq)]
pub struct Metrics {
    pub years: Vec<PeriodMetrics>,
    pub quarters: Vec<PeriodMetrics>,
    /// All records and actions, whatever their period.
    pub all: PeriodMetrics,
    /// Records with no detection date (not in any period).
    pub undated_records: usize,
}

fn milestone<'a>(inc: &'a Summary, field: &str) -> Option<&'a Timestamp> {
    inc.milestones()
        .into_iter()
        .find(|(k, _)| *k == field)
        .and_then(|(_, t)| t)
}

/// The record's assessment stage, or the stage the policy implies when the
/// record's level admits only one (a level-0 record of the example policy is
/// a weakness even before anyone wrote an assessment).
pub fn stage_of(inc: &Summary, policy: &Policy) -> Option<Stage> {
    if let Some(s) = inc.assessment.as_ref().and_then(|a| a.stage) {
        return Some(s);
    }
    let level = policy.level(inc.level()?)?;
    match level.stages.as_slice() {
        [only] => Stage::parse(&only.value),
        _ => None,
    }
}

/// Compute the review from the published records and every corrective
/// action (of incidents and drills).
pub fn compute<'a>(
    incidents: impl IntoIterator<Item = &'a Summary>,
    actions: impl IntoIterator<Item = &'a Action>,
    policy: &Policy,
    tz: FixedOffset,
    today: NaiveDate,
) -> Metrics {
    let mut years: BTreeMap<Period, PeriodMetrics> = BTreeMap::new();
    let mut quarters: BTreeMap<Period, PeriodMetrics> = BTreeMap::new();
    let mut all = PeriodMetrics::new(Period {
        year: 0,
        quarter: None,
    });
    let mut undated_records = 0;
    for inc in incidents {
        let stage = stage_of(inc, policy);
        all.add_record(inc, stage);
        let Some(date) = inc.detected_at.as_ref().map(|d| d.date_in(tz)) else {
            undated_records += 1;
            continue;
        };
        for (map, p) in [
            (&mut years, Period::year_of(date)),
            (&mut quarters, Period::quarter_of(date)),
        ] {
            map.entry(p)
                .or_insert_with(|| PeriodMetrics::new(p))
                .add_record(inc, stage);
        }
    }
    for a in actions {
        all.actions.add(a, today);
        // A month is in one year and one quarter: its first day's.
        let Some(due) = a.due.as_ref().map(|d| d.value.first()) else {
            continue;
        };
        for (map, p) in [
            (&mut years, Period::year_of(due)),
            (&mut quarters, Period::quarter_of(due)),
        ] {
            map.entry(p)
                .or_insert_with(|| PeriodMetrics::new(p))
                .actions
                .add(a, today);
        }
    }
    Metrics {
        years: years.into_values().rev().collect(),
        quarters: quarters.into_values().rev().collect(),
        all,
        undated_records,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;
    use crate::model::{ActionStatus, Assessment, Incident, Level, Spanned};

    fn tz() -> FixedOffset {
        FixedOffset::east_opt(9 * 3600).unwrap()
    }

    fn ts(s: &str) -> Option<Spanned<Timestamp>> {
        Timestamp::parse(s, tz()).map(|t| Spanned::new(t, Pos::START))
    }

    fn record_date(s: &str) -> crate::model::RecordDate {
        crate::model::RecordDate::parse(s).unwrap()
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn policy() -> Policy {
        let level = |n: i64, stages: &[&str]| Level {
            level: Spanned::new(n, Pos::START),
            approval: None,
            name: format!("L{n}"),
            criteria: vec![],
            responsible: Spanned::new("r".into(), Pos::START),
            report_within: None,
            stages: stages
                .iter()
                .map(|s| Spanned::new(s.to_string(), Pos::START))
                .collect(),
            applies_when: BTreeMap::new(),
            applies_when_pos: Default::default(),
            pos: Pos::START,
        };
        Policy {
            levels: vec![
                level(0, &["weakness"]),
                level(1, &["event", "incident"]),
                level(2, &[]),
            ],
            ..Default::default()
        }
    }

    fn record(
        id: &str,
        level: i64,
        category: &str,
        detected: &str,
        stage: Option<Stage>,
    ) -> Incident {
        let mut i = Incident::sample();
        i.id = Spanned::new(id.into(), Pos::START);
        i.level = Some(Spanned::new(level, Pos::START));
        i.category = Some(Spanned::new(category.into(), Pos::START));
        i.detected_at = ts(detected);
        i.reported_at = None;
        i.assessment = stage.map(|s| Assessment {
            stage: Some(Spanned::new(s, Pos::START)),
            decided_by: None,
            decided_at: None,
            rationale: None,
            pos: Pos::START,
        });
        i
    }

    fn action(due: &str, status: ActionStatus, done: Option<&str>) -> Action {
        Action {
            action: "a".into(),
            owner: None,
            due: Some(Spanned::new(record_date(due), Pos::START)),
            evaluation: None,
            status: Some(Spanned::new(status, Pos::START)),
            done_at: done.map(|d| Spanned::new(record_date(d), Pos::START)),
            controls: vec![],
            late_reason: None,
            review: None,
            pos: Pos::START,
        }
    }

    /// A fixture whose answers were worked out by hand.
    fn fixture() -> (Vec<Incident>, Vec<Action>) {
        let mut a = record(
            "A",
            1,
            "malware",
            "2026-01-10T09:00:00+09:00",
            Some(Stage::Incident),
        );
        a.occurred_at = ts("2026-01-10T07:00:00+09:00"); // 120 min to detection
        a.reported_at = ts("2026-01-10T10:00:00+09:00"); // 60 min to report
        a.contained_at = ts("2026-01-10T13:00:00+09:00"); // 180 min to containment
        a.closed_at = ts("2026-01-12T13:00:00+09:00"); // 2880 min to closure
        let mut b = record(
            "B",
            1,
            "malware",
            "2026-02-01T09:00:00+09:00",
            Some(Stage::Event),
        );
        b.reported_at = ts("2026-02-01T12:00:00+09:00"); // 180 min
        let mut c = record(
            "C",
            1,
            "leak",
            "2026-05-01T09:00:00+09:00",
            Some(Stage::Incident),
        );
        c.reported_at = ts("2026-05-01T09:30:00+09:00"); // 30 min
                                                         // Level 0 admits only `weakness`: a near miss without an assessment.
        let d = record("D", 0, "misdelivery", "2026-04-02T10:00:00+09:00", None);
        // Detected 2025-12-31 23:30 JST, which is still 2025 in the site's timezone.
        let e = record("E", 2, "leak", "2025-12-31T23:30:00+09:00", None);
        let actions = vec![
            action("2026-02-10", ActionStatus::Done, Some("2026-02-09")), // Q1 on time
            action("2026-02-20", ActionStatus::Verified, Some("2026-03-01")), // Q1 late
            action("2026-03-31", ActionStatus::InProgress, None),         // Q1 overdue
            action("2026-12-01", ActionStatus::Planned, None),            // Q4 not yet due
            action("2026-06-30", ActionStatus::Done, None),               // Q2 done, undated
        ];
        (vec![a, b, c, d, e], actions)
    }

    #[test]
    fn counts_per_year_and_quarter() {
        let (records, actions) = fixture();
        let m = compute(
            &crate::model::summary::all(&records),
            &actions,
            &policy(),
            tz(),
            date("2026-11-22"),
        );
        let keys: Vec<String> = m.years.iter().map(|p| p.period.key()).collect();
        assert_eq!(keys, ["2026", "2025"]);
        let quarters: Vec<String> = m.quarters.iter().map(|p| p.period.key()).collect();
        assert_eq!(quarters, ["2026-Q4", "2026-Q2", "2026-Q1", "2025-Q4"]);
        let y2026 = &m.years[0];
        assert_eq!(y2026.total, 4);
        assert_eq!(y2026.by_level, BTreeMap::from([(0, 1), (1, 3)]));
        assert_eq!(y2026.by_category.get("malware"), Some(&2));
        assert_eq!(
            y2026.near_misses(),
            1,
            "D counts as a weakness from its level"
        );
        assert_eq!(y2026.stage(Some(Stage::Incident)), 2);
        assert_eq!(y2026.stage(Some(Stage::Event)), 1);
        assert_eq!(m.years[1].total, 1);
        assert_eq!(
            m.years[1].stage(None),
            1,
            "level 2 admits any stage: unassessed"
        );
        let q1 = m
            .quarters
            .iter()
            .find(|p| p.period.key() == "2026-Q1")
            .unwrap();
        assert_eq!(q1.total, 2);
        assert_eq!(m.all.total, 5);
        assert_eq!(m.undated_records, 0);
    }

    #[test]
    fn mean_and_median_times_per_level() {
        let (records, actions) = fixture();
        let m = compute(
            &crate::model::summary::all(&records),
            &actions,
            &policy(),
            tz(),
            date("2026-11-22"),
        );
        let l1 = &m.all.spans[&1];
        // detection → report at level 1: 60, 180, 30 minutes.
        assert_eq!(l1[1].len(), 3);
        assert_eq!(l1[1].mean(), Some(90.0));
        assert_eq!(l1[1].median(), Some(60.0));
        assert_eq!(l1[0].median(), Some(120.0));
        assert_eq!(l1[2].median(), Some(180.0));
        assert_eq!(l1[3].median(), Some(2880.0));
        assert_eq!(l1[4].median(), Some(2.0 * 1440.0 + 240.0));
        // Even count: mean of the middle two.
        let mut s = Samples::default();
        for v in [10, 40, 20, 30] {
            s.push(v);
        }
        assert_eq!(s.median(), Some(25.0));
        assert!(
            m.all.spans[&0][1].is_empty(),
            "level 0 record has no report date"
        );
    }

    #[test]
    fn actions_closed_on_time_by_due_period() {
        let (records, actions) = fixture();
        let m = compute(
            &crate::model::summary::all(&records),
            &actions,
            &policy(),
            tz(),
            date("2026-11-22"),
        );
        let q1 = m
            .quarters
            .iter()
            .find(|p| p.period.key() == "2026-Q1")
            .unwrap();
        assert_eq!(
            q1.actions,
            ActionTally {
                due: 3,
                on_time: 1,
                late: 1,
                done_undated: 0,
                open_overdue: 1,
                open_not_due: 0,
                undecided: 0
            }
        );
        let q1_rate = q1.actions.on_time_percent().unwrap();
        assert!((q1_rate - 100.0 / 3.0).abs() < 1e-9);
        assert_eq!(
            m.all.actions,
            ActionTally {
                due: 5,
                on_time: 1,
                late: 1,
                done_undated: 1,
                open_overdue: 1,
                open_not_due: 1,
                undecided: 0
            }
        );
        let q4 = m
            .quarters
            .iter()
            .find(|p| p.period.key() == "2026-Q4")
            .unwrap();
        assert_eq!(q4.total, 0, "a period with only actions due has no records");
        assert_eq!(q4.actions.open_not_due, 1);
        assert_eq!(q4.actions.on_time_percent(), None);
    }

    #[test]
    fn an_action_dated_by_its_month_counts_only_where_the_month_decides() {
        let today = date("2026-11-22");
        let mut t = ActionTally::default();
        // Done in March, due 10 April: on time whatever the day.
        t.add(
            &action("2025-04-10", ActionStatus::Done, Some("2025-03")),
            today,
        );
        // Done in March, due 15 March: either.
        t.add(
            &action("2025-03-15", ActionStatus::Done, Some("2025-03")),
            today,
        );
        // Open, due this month: may or may not be past due.
        t.add(&action("2026-11", ActionStatus::Planned, None), today);
        // Open, due last month: certainly overdue.
        t.add(&action("2026-10", ActionStatus::Planned, None), today);
        assert_eq!((t.due, t.on_time, t.late), (4, 1, 0));
        assert_eq!((t.undecided, t.open_overdue, t.open_not_due), (2, 1, 0));
        assert_eq!(t.on_time_percent(), Some(50.0));
    }
}
