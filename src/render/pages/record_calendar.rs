//! `incidents/<id>.ics` — one per record shown in full that has an open
//! deadline: that record's open deadlines as an iCalendar file
//! (`crate::present::calendar`), linked from the record's page (RFC 5545
//! wants at least one event in a calendar, so a record with none has no
//! file). Not a page of the search index.

use crate::present::view::Presence;
use crate::present::{Env, RenderError, Rendered};

pub const PAGE: super::PageKind = super::PageKind {
    instances: |env| {
        (0..env.incidents.len())
            .filter(|&n| has_calendar(env, n))
            .collect()
    },
    render,
    // Rendered again on every build, incremental ones included: a small text
    // file, and the incremental memory keeps `.html` record pages only.
    record_page: None,
    book: super::Book::Site,
    document: None,
    // A record's file is made from that record alone.
    inputs: Some(|_, n| {
        Some(super::PageInputs {
            frame: b"ics".to_vec(),
            records: vec![n],
            facts: false,
        })
    }),
};

/// Whether record `n` of `env` gets an `.ics` file (and its page a link).
pub fn has_calendar(env: &Env, n: usize) -> bool {
    env.incidents.get(n).is_some_and(|(inc, presence)| {
        *presence == Presence::Full
            && !crate::analysis::deadlines::of_record(env.content, inc, env.today).is_empty()
    })
}

pub fn render(env: &Env, n: usize) -> Result<Rendered, RenderError> {
    let Some((inc, _)) = env.incidents.get(n) else {
        return Err(RenderError::Options(format!("no record {n}")));
    };
    Ok(Rendered {
        path: crate::paths::record_calendar(&inc.id),
        html: crate::present::calendar::record_calendar(env, inc),
        search: None,
    })
}
