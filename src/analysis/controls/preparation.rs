//! A.5.24, planning and preparation: whether the roles of the procedure can
//! be reached, and drills held against the policy's frequency.

use crate::model::{Contacts, Content};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// A.5.24: roles and whether someone holding each can be reached.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProcedureFacts<'a> {
    /// (role id, has an internal contact with phone and e-mail).
    pub roles: Vec<(&'a str, bool)>,
    pub flow_steps: usize,
}

/// Drills held against the policy's frequency.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DrillFacts<'a> {
    pub held: usize,
    /// The latest drill held (a month sorts before its days).
    pub last: Option<(&'a str, crate::model::RecordDate)>,
    /// The earliest and latest day the next drill may be due (one day
    /// unless the latest drill is known only to its month).
    pub next_due: Option<(NaiveDate, NaiveDate)>,
    /// A drill is due and none was held (also when none was ever held).
    pub overdue: bool,
    pub per_year: BTreeMap<i32, usize>,
    pub by_kind: BTreeMap<&'a str, usize>,
}

fn reachable(contacts: &Contacts, role: &str) -> bool {
    contacts
        .for_role(role)
        .any(|c| c.person.phone.is_some() && c.person.email.is_some())
}

pub(super) fn procedure(content: &Content) -> ProcedureFacts<'_> {
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

pub(super) fn drill_facts(content: &Content, today: NaiveDate) -> DrillFacts<'_> {
    let mut f = DrillFacts::default();
    for d in &content.drills {
        let Some(date) = d
            .date
            .as_ref()
            .map(|x| x.value)
            .filter(|x| x.first() <= today)
        else {
            continue;
        };
        f.held += 1;
        *f.per_year.entry(date.first().year()).or_default() += 1;
        *f.by_kind.entry(d.kind.value.as_str()).or_default() += 1;
        if f.last.is_none_or(|(_, l)| date >= l) {
            f.last = Some((&d.id.value, date));
        }
    }
    // Same rule as `check` (W905): due `every` after the latest drill.
    if content.policy.drill_every.is_some() {
        f.next_due = crate::analysis::deadlines::next_drill_span(content, today);
        // Overdue only when certainly: every day it may be due has passed.
        f.overdue = f.next_due.is_none_or(|(_, latest)| latest < today);
    }
    f
}
