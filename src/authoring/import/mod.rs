//! `import`: an existing register (a spreadsheet or CSV file) into
//! records, one per row, with a mapping file saying which column fills
//! which field.
//!
//! Everything is staged in memory first: every row converted, every record
//! rendered in the shape `new` writes and checked against the same shape
//! rules as a hand-written record, every target path found free. Only then
//! is anything written, and a failure while writing removes what this run
//! wrote. Nothing is ever overwritten.
//!
//! - `input`: the file into a grid of cells (CSV encodings, xlsx/xls/ods);
//! - `limits`: how much is read at most;
//! - `mapping`: the mapping file;
//! - `flags`: the policy's own impact flags as mapped fields;
//! - `sheet`: headers, column letters, cell names, skipped rows;
//! - `dates`: the date forms spreadsheets hold;
//! - `when`: conditions on a row (`skip.when`, a field's `when:` rules);
//! - `convert`: a cell into a field's value;
//! - `rows`: a row into a record;
//! - `stage`: records into files, checked, and written all or nothing;
//! - `preview`: `--dry-run`'s check of the planned records against the policy;
//! - `schema`: the JSON Schema of a mapping file.

pub mod convert;
pub mod dates;
pub mod flags;
pub mod input;
pub mod limits;
pub mod mapping;
mod ods;
pub mod preview;
pub mod rows;
pub mod schema;
pub mod sheet;
pub mod stage;
pub mod when;

pub use input::Encoding;
pub use stage::{write_all, Staged};

use crate::diagnostics::{codes, msg, Both, Diagnostic, Diagnostics, Lang, Pos};
use crate::model::Content;
use mapping::Mapping;
use rows::{RowProblem, Sequence};
use sheet::{cell_name, Headers};
use std::path::Path;

/// What the user asked for.
pub struct Request<'a> {
    /// The file as the user named it (diagnostics name it so).
    pub file: &'a str,
    pub bytes: &'a [u8],
    /// The mapping file as the user named it, and its text.
    pub mapping_file: &'a str,
    pub mapping_text: &'a str,
    /// `--sheet`, over the mapping's `sheet`.
    pub sheet: Option<&'a str>,
    /// `--encoding`, over the mapping's `encoding`.
    pub encoding: Option<Encoding>,
}

/// What an import would write, and what it left out.
#[derive(Default)]
pub struct Plan {
    pub records: Vec<Staged>,
    /// Rows left out: (1-based row, why).
    pub skipped: Vec<(usize, String)>,
    pub diagnostics: Diagnostics,
    /// Data rows looked at (header rows not counted).
    pub rows_read: usize,
}

impl Plan {
    pub fn ok(&self) -> bool {
        !self.diagnostics.has_errors()
    }
}

/// Read, convert and stage everything; write nothing.
pub fn plan(root: &Path, content: &Content, req: &Request) -> Plan {
    let mut out = Plan::default();
    let Some(mut m) = mapping::parse(req.mapping_text, req.mapping_file, &mut out.diagnostics)
    else {
        return out;
    };
    if let Some(s) = req.sheet {
        m.sheet = Some(s.to_string());
    }
    if let Some(e) = req.encoding {
        m.encoding = e;
    }
    let mut sheet = match input::read(req.file, req.bytes, m.sheet.as_deref(), m.encoding) {
        Ok(s) => s,
        Err(e) => {
            out.diagnostics.push(read_error(req.file, e));
            return out;
        }
    };
    if !flags::check(&m, content, req.mapping_file, &mut out.diagnostics) {
        return out;
    }
    let headers = Headers::read(&sheet, &m.header_rows);
    if !columns_exist(&m, &sheet, &headers, req.mapping_file, &mut out.diagnostics) {
        return out;
    }
    let first = m
        .first_row
        .unwrap_or_else(|| m.header_rows.iter().max().copied().unwrap_or(0) + 1);
    sheet.fill_merged_down(first.saturating_sub(1));
    let tz = m.timezone.unwrap_or(content.site.timezone);
    let mut seq = Sequence::default();
    let mut made = Vec::new();
    let mut said = std::collections::BTreeSet::new();
    for r in first.saturating_sub(1)..sheet.rows.len() {
        out.rows_read += 1;
        if let Some(why) = sheet::skipped(&sheet, r, &headers, &m) {
            out.skipped.push((r + 1, why));
            continue;
        }
        let row = convert::Row {
            content,
            sheet: &sheet,
            headers: &headers,
            row: r,
            tz,
            formats: &m.formats,
            predates: None,
        };
        match rows::make(&row, &m, &mut seq) {
            Ok(rec) => made.push((r, rec)),
            Err(problems) => {
                for p in problems {
                    let d = row_problem(req, &m, sheet.name.as_deref(), r, p);
                    // A constant of the mapping that does not fit is said
                    // once, at its line, not once per row.
                    let place = (d.code, d.pos.line, d.pos.col, d.message.clone());
                    if d.file == req.mapping_file && !said.insert(place) {
                        continue;
                    }
                    out.diagnostics.push(d);
                }
            }
        }
    }
    let at = stage::Origin {
        file: req.file,
        sheet: sheet.name.as_deref(),
    };
    out.records = stage::stage(root, content, &at, made, &mut out.diagnostics);
    out
}

fn read_error(file: &str, e: input::ReadError) -> Diagnostic {
    match e {
        input::ReadError::Unreadable { message, hint } => {
            Diagnostic::new(codes::IMPORT_UNREADABLE, file, Pos::START, message).hint(hint)
        }
        input::ReadError::Limit { message, cell } => {
            let d = Diagnostic::new(
                codes::IMPORT_LIMIT,
                file,
                cell.map_or(Pos::START, |(r, c)| Pos::new(r + 1, c + 1)),
                message,
            )
            .hint(msg!("E134.hint"));
            match cell {
                Some((r, c)) => d.at_cell(cell_name(None, r, c)),
                None => d,
            }
        }
    }
}

/// Every column the mapping names must be in the sheet (E131 at the
/// mapping's line otherwise, listing the headers there are).
fn columns_exist(
    m: &Mapping,
    sheet: &input::Sheet,
    headers: &Headers,
    file: &str,
    diags: &mut Diagnostics,
) -> bool {
    let mut refs = Vec::new();
    if let mapping::IdRule::Column(s) = &m.id {
        refs.extend(s.columns());
    }
    for f in &m.fields {
        match &f.spec {
            mapping::Spec::One(s) => refs.extend(s.columns()),
            mapping::Spec::Entries(es) => es
                .iter()
                .flatten()
                .for_each(|(_, s)| refs.extend(s.columns())),
        }
    }
    refs.extend(m.skip_when.iter().filter_map(|w| w.column.clone()));
    let missing: Vec<_> = refs
        .iter()
        .filter(|c| headers.resolve(c).is_none())
        .collect();
    // A title row above the headers and no `header_row` (no column found
    // on the rows read as headers): say where they are.
    let elsewhere = if missing.len() == refs.len() {
        sheet::header_rows_of(sheet, &missing, &m.header_rows)
    } else {
        None
    };
    let hint = match elsewhere {
        Some(rows) => {
            let (shown, value) = match rows.as_slice() {
                [a, b] => (
                    Both(format!("{a}〜{b}"), format!("rows {a} and {b}")),
                    format!("[{a}, {b}]"),
                ),
                _ => (
                    Both(rows[0].to_string(), format!("row {}", rows[0])),
                    rows[0].to_string(),
                ),
            };
            msg!("E131.header_rows_hint", rows = shown, value = value)
        }
        None => msg!("E131.no_column_hint", headers = headers.listing()),
    };
    for c in &missing {
        diags.push(
            Diagnostic::new(
                codes::IMPORT_MAPPING,
                file,
                c.pos,
                msg!("E131.no_column", column = &c.name),
            )
            .hint(hint.clone()),
        );
    }
    missing.is_empty()
}

/// A row's problem at its cell; a constant's problem at the mapping's line.
fn row_problem(
    req: &Request,
    m: &Mapping,
    sheet: Option<&str>,
    row: usize,
    p: RowProblem,
) -> Diagnostic {
    let english = p.message.render(Lang::En);
    match (p.col, p.at) {
        (Some(c), _) => Diagnostic::new(p.code, req.file, Pos::new(row + 1, c + 1), p.message)
            .hint(p.hint)
            .at_cell(cell_name(sheet, row, c)),
        (None, Some(pos)) if p.code != codes::IMPORT_MISSING => {
            Diagnostic::new(p.code, req.mapping_file, pos, p.message).hint(p.hint)
        }
        (None, _) => {
            let at = m
                .fields
                .iter()
                .find(|f| english.contains(&format!("`{}`", f.path)))
                .map(|f| match &f.spec {
                    mapping::Spec::One(s) => s.pos,
                    mapping::Spec::Entries(_) => Pos::START,
                });
            match at {
                Some(pos) if p.code != codes::IMPORT_MISSING => {
                    Diagnostic::new(p.code, req.mapping_file, pos, p.message).hint(p.hint)
                }
                _ => Diagnostic::new(
                    p.code,
                    req.file,
                    Pos::new(row + 1, 1),
                    msg!("import.in_row", row = row + 1, problem = p.message),
                )
                .hint(p.hint)
                .at_cell(cell_name(sheet, row, 0)),
            }
        }
    }
}
