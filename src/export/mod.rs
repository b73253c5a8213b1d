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
//!
//! The register's exports serialise each record from one value,
//! [`record::RecordFacts`]: its presence for the audience, required reports,
//! non-conformities and evidence, worked out once per record as it is
//! written (`register.xlsx`'s `incidents` sheet is `register.csv`'s rows).

pub mod actions;
pub mod calendar;
pub mod csv;
pub mod json;
pub mod record;
pub mod spool;
pub mod xlsx;

use crate::model::{Spanned, Timestamp};
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
    /// The same bytes row-wise, for an export whose rows are each one
    /// record's (a streamed build writes them as it reads the records).
    pub rows: Option<Rows>,
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

/// An export made from one part per published record: [`Export::write`]
/// is the `row` of every record of [`Env::incidents`], in order, into a
/// temporary file, then `finish` over it, so a record is serialised in one
/// place whichever way the file is made (a streamed build appends each part
/// as it reads the record: [`spool`]).
#[derive(Clone, Copy)]
pub struct Rows {
    /// The part of record `k` of [`Env::incidents`]; `first` when it is the
    /// first record of the file.
    pub row: fn(&Env, usize, bool, &mut dyn std::io::Write) -> std::io::Result<()>,
    /// The file, from the content and the records' summaries in `env` and
    /// every record's part in `parts` (read it from its start, as often as
    /// needed: [`reread`]).
    pub finish: fn(&Env, &std::fs::File, &mut dyn std::io::Write) -> std::io::Result<()>,
    /// For a text export that is its parts as they are between a head and
    /// a tail ([`framed`]): the head and the tail. `serve` keeps where each
    /// part lies in the file and changes only the changed parts' bytes.
    pub frame: Option<fn(&Env) -> std::io::Result<Frame>>,
}

/// The bytes of a [`framed`] export before its records' parts and after.
pub type Frame = (Vec<u8>, Vec<u8>);

impl Rows {
    /// The whole file from the whole model.
    pub fn write(&self, env: &Env, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut parts = std::io::BufWriter::new(tempfile::tempfile()?);
        for k in 0..env.incidents.len() {
            (self.row)(env, k, k == 0, &mut parts)?;
        }
        let parts = parts.into_inner().map_err(|e| e.into_error())?;
        (self.finish)(env, &parts, out)
    }
}

/// The records' parts, read from the start.
pub fn reread(parts: &std::fs::File) -> std::io::Result<std::io::BufReader<std::fs::File>> {
    use std::io::Seek;
    let mut f = parts.try_clone()?;
    f.rewind()?;
    Ok(std::io::BufReader::with_capacity(64 * 1024, f))
}

/// A text export: `head`, the records' parts as they are, `tail`.
pub fn framed(
    (head, tail): Frame,
    parts: &std::fs::File,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    out.write_all(&head)?;
    std::io::copy(&mut reread(parts)?, out)?;
    out.write_all(&tail)
}

/// The column headers of a CSV table: the field names, or with
/// `exports.headers: labels` in site.yaml their names in the site's
/// language (see [`labels`]).
pub fn headers(env: &Env, names: &[&str]) -> Vec<String> {
    labels(env, names, env.content.site.csv_labels())
}

/// The column headers of a sheet of `register.xlsx`: the names in the
/// site's language unless `exports.headers: fields`.
pub fn workbook_headers(env: &Env, names: &[&str]) -> Vec<String> {
    labels(env, names, env.content.site.workbook_labels())
}

/// `names` as they are, or (`words`) in the site's language: locale
/// `export_header.<name>`, else `incident.<name>` for the extra text
/// fields, else the field name.
fn labels(env: &Env, names: &[&str], words: bool) -> Vec<String> {
    names
        .iter()
        .map(|n| {
            if !words {
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
