//! Corrective actions: every action of the records and drills with where it
//! comes from, and the A.5.27 figures over them (done, verified, overdue,
//! and the controls they strengthen).

use crate::model::summary::Summary;
use crate::model::{Action, Drill};
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

/// Every action of the published records and of the drills, in record
/// order then drill order.
pub fn all_actions<'a>(incidents: &[&'a Summary], drills: &[&'a Drill]) -> Vec<ActionRef<'a>> {
    let mut out = Vec::new();
    for i in incidents {
        out.extend(i.actions.iter().map(|a| ActionRef {
            source: Source::Incident(&i.id),
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

pub(super) fn action_facts(actions: &[ActionRef], today: NaiveDate) -> ActionFacts {
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
