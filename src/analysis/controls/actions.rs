//! Corrective actions: every action of the records and drills with where it
//! comes from, and the A.5.27 figures over them (done, verified, overdue,
//! and the controls they strengthen).

use crate::model::Action;
use chrono::NaiveDate;
use std::collections::BTreeMap;

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

/// The figures of `actions` (every action of the records and the drills,
/// taken one at a time: at 100,000 records a list of them is megabytes).
pub(super) fn action_facts<'a>(
    actions: impl IntoIterator<Item = &'a Action>,
    today: NaiveDate,
) -> ActionFacts {
    let mut f = ActionFacts::default();
    for a in actions {
        f.total += 1;
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
