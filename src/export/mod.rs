//! Machine-readable exports of the register, built from the audience's
//! redacted model (a value this audience may not see is not in the model, and
//! a column or key for a field it may not see is left out altogether):
//!
//! - [`csv`]: `register.csv` (one row per incident record) and `drills.csv`,
//!   UTF-8 with a byte-order mark so that Excel in Japan reads them as UTF-8,
//!   RFC 4180 quoting and CRLF line ends;
//! - [`json`]: `register.json`, every published record and drill in full
//!   (schema in `docs/evidence.md`).

pub mod csv;
pub mod json;

use crate::analysis::notifications::{requirements, State};
use crate::model::{Incident, Spanned, Timestamp};
use crate::render::{Env, RenderError, Rendered};

/// The export files, in the order of their jobs.
pub const EXPORTS: &[&str] = &[csv::INCIDENTS_PATH, csv::DRILLS_PATH, json::PATH];

/// Produce the `n`-th export (a render job like a page, so exports are made
/// while pages render; they hold UTF-8 text, the CSV with its BOM).
pub fn render(env: &Env, n: usize) -> Result<Rendered, RenderError> {
    let bytes = match n {
        0 => csv::incidents(env),
        1 => csv::drills(env),
        _ => json::register(env),
    };
    let html = String::from_utf8(bytes)
        .map_err(|e| RenderError::Io(format!("{}: not UTF-8: {e}", EXPORTS[n.min(2)])))?;
    Ok(Rendered {
        path: EXPORTS[n.min(EXPORTS.len() - 1)].to_string(),
        html,
        search: None,
    })
}

/// Required external reports of a record, counted by state:
/// `[required, made on time, late, missing, not yet due]`.
pub fn notification_counts(env: &Env, inc: &Incident) -> [usize; 5] {
    let mut n = [0; 5];
    for r in requirements(env.content, inc, env.today) {
        n[0] += 1;
        n[match r.state {
            State::Made => 1,
            State::Late => 2,
            State::Missing => 3,
            State::NotYetDue => 4,
        }] += 1;
    }
    n
}

/// `2026-04-03 09:15` (or the date alone) in the site's timezone: the form
/// spreadsheet programs read as a date.
pub fn local(t: Option<&Spanned<Timestamp>>, env: &Env) -> String {
    t.map(|t| t.value.display(env.tz)).unwrap_or_default()
}
