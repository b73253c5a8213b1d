//! The action plan ([`super::actions`]: every action in table order, the
//! lists and their pages) kept between `serve`'s renders: made again only
//! when the actions it was made from may differ, not on every edit (it
//! sorts every action: about 12 ms at 10,000 records, the largest page
//! kind's instances). The plan reads of each record only its place, its
//! presence and its actions (with the view, the policy's controls, the
//! drills and the date of the build, which an incremental render never
//! changes), so it stays good while each place holds a record with the
//! same presence and actions.

use super::actions::Plan;
use crate::present::view::Presence;
use crate::present::Env;
use rayon::prelude::*;
use std::sync::Arc;

/// The plan's name in a render's [`crate::present::memo::Memo`].
const KEY: &str = "actions.plan";

/// The plan `env` renders with: made once per render, or given by
/// [`KeptPlan::reuse`].
pub(super) fn plan(env: &Env) -> Arc<Plan> {
    let plan: Arc<Arc<Plan>> = env.memo.get(KEY, || Arc::new(Plan::of(env)));
    Arc::clone(&plan)
}

/// A record's mark: the digest of its presence and its actions (their
/// `Debug` form, which names every field).
type Mark = [u8; 16];

/// A render's action plan, with the stamps (see `site::skip`) and marks of
/// the records it was made from, by place in [`Env::incidents`].
#[derive(Debug)]
pub struct KeptPlan {
    plan: Arc<Plan>,
    stamps: Vec<u64>,
    marks: Vec<Mark>,
}

impl std::fmt::Debug for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plan").finish_non_exhaustive()
    }
}

impl KeptPlan {
    /// The marks of `env`'s records, given their `stamps`; the plan `kept`
    /// given to `env` to render with when each place holds a record with
    /// the marks it was made from. A record whose stamp at its place is the
    /// kept one is the same record as then, and keeps its mark; the others'
    /// are made.
    pub fn reuse(env: &Env, stamps: &[u64], kept: Option<KeptPlan>) -> Vec<[u8; 16]> {
        let old = kept.as_ref().map(|k| (&k.stamps[..], &k.marks[..]));
        let marks: Vec<Mark> = env
            .incidents
            .par_iter()
            .zip(stamps)
            .enumerate()
            .map(|(k, ((inc, presence), stamp))| {
                match old.filter(|(s, _)| s.get(k) == Some(stamp)) {
                    Some((_, m)) if k < m.len() => m[k],
                    _ => mark(inc, *presence),
                }
            })
            .collect();
        if let Some(kept) = kept.filter(|k| k.marks == marks) {
            let _ = env.memo.get(KEY, || kept.plan);
        }
        marks
    }

    /// The plan `env` rendered with, to keep for the next render, with
    /// the records' `stamps` and `marks` ([`KeptPlan::reuse`]).
    pub fn keep(env: &Env, stamps: &[u64], marks: Vec<[u8; 16]>) -> KeptPlan {
        KeptPlan {
            plan: plan(env),
            stamps: stamps.to_vec(),
            marks,
        }
    }
}

fn mark(inc: &crate::model::summary::Summary, presence: Presence) -> Mark {
    crate::digest::sha256_16(format!("{presence:?} {:?}", inc.actions).as_bytes())
}
