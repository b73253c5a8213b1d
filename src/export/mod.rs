//! Machine-readable exports of the register, built from the audience's
//! redacted model (a value this audience may not see is not in the model, and
//! a column or key for a field it may not see is left out altogether):
//!
//! - [`csv`]: `register.csv` (one row per incident record) and `drills.csv`,
//!   UTF-8 with a byte-order mark so that Excel in Japan reads them as UTF-8,
//!   RFC 4180 quoting and CRLF line ends;
//! - [`json`]: `register.json`, every published record and drill in full
//!   (schema in `docs/evidence.md`);
//! - [`calendar`]: `calendar.ics`, the open deadlines (RFC 5545);
//! - [`actions`]: `actions.csv`, one row per corrective action;
//! - [`xlsx`]: `register.xlsx`, sheets for incidents, actions, notifications
//!   and drills with typed dates (a binary file: see [`Export::is_text`]).

pub mod actions;
pub mod calendar;
pub mod csv;
pub mod json;
pub mod xlsx;

use crate::analysis::notifications::{requirements, State};
use crate::model::{Incident, Spanned, Timestamp};
use crate::present::{Env, RenderError, Rendered};

/// Every export of the site, in the order they are made. One line per
/// export: a new one is a module with a `pub const` [`Export`] and a line
/// here.
pub const EXPORTS: &[Export] = &[
    csv::REGISTER,
    csv::DRILLS,
    actions::ACTIONS,
    json::REGISTER,
    calendar::CALENDAR,
    xlsx::REGISTER,
];

/// One export file: where it goes and how its bytes are made from the
/// environment. Exports are written as they are made (the build streams
/// them to disk through [`crate::write::Sink::put_with`]), so a large
/// register is never held whole in memory as text.
#[derive(Clone, Copy)]
pub struct Export {
    pub path: &'static str,
    /// Write the file's bytes to `out`, a record at a time.
    pub write: fn(&Env, &mut dyn std::io::Write) -> std::io::Result<()>,
}

impl Export {
    /// The whole file in memory (tests, and sinks that need it whole).
    pub fn make(&self, env: &Env) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing into a Vec fails only if the export itself cannot be made.
        let _ = (self.write)(env, &mut out);
        out
    }

    /// Whether the file is text (UTF-8); `register.xlsx` is not.
    pub fn is_text(&self) -> bool {
        !self.path.ends_with(".xlsx")
    }

    /// Produce the file (a render job like a page, so exports are made while
    /// pages render; they hold UTF-8 text, the CSV with its BOM).
    pub fn render(&self, env: &Env) -> Result<Rendered, RenderError> {
        let html = String::from_utf8(self.make(env))
            .map_err(|e| RenderError::Io(format!("{}: not UTF-8: {e}", self.path)))?;
        Ok(Rendered {
            path: self.path.to_string(),
            html,
            search: None,
        })
    }
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

/// The column headers of a table: the field names, or with
/// `exports.headers: labels` in site.yaml their names in the site's
/// language (locale `export_header.<name>`, else `incident.<name>` for the
/// extra text fields, else the field name).
pub fn headers(env: &Env, names: &[&str]) -> Vec<String> {
    names
        .iter()
        .map(|n| {
            if !env.content.site.export_labels {
                return n.to_string();
            }
            env.t
                .lookup(&format!("export_header.{n}"))
                .or_else(|| env.t.lookup(&format!("incident.{n}")))
                .unwrap_or(n)
                .to_string()
        })
        .collect()
}

/// `2026-04-03 09:15` (or the date alone) in the site's timezone: the form
/// spreadsheet programs read as a date.
pub fn local(t: Option<&Spanned<Timestamp>>, env: &Env) -> String {
    t.map(|t| t.value.display(env.tz)).unwrap_or_default()
}

/// The record's non-conformities as text for a spreadsheet cell, one a
/// line: `kind (subject): reason`, or `kind (subject): no reason recorded`.
/// Kinds are the names `analysis::deviations::Kind` gives (the same in
/// every site language); reasons are the record's own words.
pub fn deviations_text(env: &Env, inc: &Incident) -> String {
    crate::analysis::deviations::of_incident(env.content, inc, env.today)
        .iter()
        .map(|d| {
            let subject = match (d.subject, d.report_kind) {
                (Some(s), Some(k)) => format!(" ({s}, {k})"),
                (Some(s), None) => format!(" ({s})"),
                _ => String::new(),
            };
            let reason = d
                .reason
                .map(|r| r.trim().replace('\n', " "))
                .unwrap_or_else(|| "no reason recorded".to_string());
            format!("{}{subject}: {reason}", d.kind.as_str())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Explained and unexplained non-conformities of the record.
pub fn deviation_counts(env: &Env, inc: &Incident) -> (usize, usize) {
    let all = crate::analysis::deviations::of_incident(env.content, inc, env.today);
    let explained = all.iter().filter(|d| d.explained()).count();
    (explained, all.len() - explained)
}
