//! Validate: model → diagnostics. Each rule lives in its own module and sees
//! the whole content, so rules can cross-check files (a record against the
//! policy, a role against the contact list).

mod assessment;
mod chronology;
mod closing;
mod deadlines;
mod drills;
mod evidence;
mod flow;
mod ids;
mod links;
mod policy;
mod refs;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Content;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::path::Path;

/// What every rule gets to look at.
pub struct Ctx<'a> {
    pub content: &'a Content,
    /// The content directory (evidence files are looked up under it).
    pub root: &'a Path,
    /// The check date: nothing may lie after it; deadlines are judged against it.
    pub today: NaiveDate,
}

/// Run every rule. The order of the result is defined (sorted by file and position).
pub fn validate(content: &Content, root: &Path, today: NaiveDate) -> Diagnostics {
    let ctx = Ctx {
        content,
        root,
        today,
    };
    let mut out: Vec<Diagnostic> = Vec::new();
    // Whole-content rules.
    ids::check(&ctx, &mut out);
    refs::check_policy(&ctx, &mut out);
    policy::check(&ctx, &mut out);
    flow::check(&ctx, &mut out);
    drills::check(&ctx, &mut out);
    links::check(&ctx, &mut out);
    out.extend(crate::audience::check_policy(content));
    // Per-record rules are independent: run them in parallel.
    let per_record: Vec<Diagnostic> = content
        .incidents
        .par_iter()
        .flat_map_iter(|inc| {
            let mut d = Vec::new();
            refs::check_incident(&ctx, inc, &mut d);
            policy::check_incident(&ctx, inc, &mut d);
            chronology::check(&ctx, inc, &mut d);
            deadlines::check(&ctx, inc, &mut d);
            closing::check(&ctx, inc, &mut d);
            evidence::check(&ctx, inc, &mut d);
            assessment::check(&ctx, inc, &mut d);
            d
        })
        .collect();
    out.extend(per_record);
    out.into_iter().collect::<Diagnostics>().sorted()
}
