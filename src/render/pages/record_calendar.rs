//! `incidents/<id>.ics` — one per record shown in full: that record's open
//! deadlines as an iCalendar file (`crate::present::calendar`), linked from
//! the record's page. Not a page of the search index.

use crate::present::view::Presence;
use crate::present::{Env, RenderError, Rendered};

pub const PAGE: super::PageKind = super::PageKind {
    instances: |env| {
        (0..env.incidents.len())
            .filter(|&n| env.incidents[n].1 == Presence::Full)
            .collect()
    },
    render,
    // Rendered again on every build, incremental ones included: a small text
    // file, and the incremental memory keeps `.html` record pages only.
    record_page: None,
};

pub fn render(env: &Env, n: usize) -> Result<Rendered, RenderError> {
    let Some((inc, _)) = env.incidents.get(n) else {
        return Err(RenderError::Options(format!("no record {n}")));
    };
    Ok(Rendered {
        path: crate::paths::record_calendar(&inc.id.value),
        html: crate::present::calendar::record_calendar(env, inc),
        search: None,
    })
}
