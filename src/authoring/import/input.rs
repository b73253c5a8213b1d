//! Reading the file to import into a grid of cells: `.xlsx`/`.xlsm` (streamed
//! cell by cell, so a sheet with a million rows stops at the row limit
//! without being held), `.xls`, `.ods`, and `.csv` in UTF-8 (with or without
//! a byte-order mark) or Shift_JIS/CP932. Formula cells are read as the value
//! the spreadsheet program saved with them; nothing is ever evaluated.

use super::limits::{
    MAX_CELL_CHARS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, MAX_ZIP_ENTRY_BYTES, MAX_ZIP_TOTAL_BYTES,
};
use crate::diagnostics::{msg, Msg};
use calamine::{Data, DataRef, Reader};
use std::io::Cursor;

/// One cell as the file holds it.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A cell formatted as a date: its serial number.
    Date(f64),
    /// An error value (`#N/A`, `#DIV/0!`), as the spreadsheet shows it.
    Error(String),
}

impl Cell {
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, the way a person reads it (`12`, not `12.0`).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => number_text(*n),
            // A date cell reads as the date the sheet shows, not its serial
            // number (in a text field, a summary or a template alike).
            Cell::Date(n) => match super::dates::from_serial(*n) {
                Some(super::dates::When::Day(d)) => d.format("%Y-%m-%d").to_string(),
                Some(super::dates::When::Local(t)) => t.format("%Y-%m-%d %H:%M").to_string(),
                _ => number_text(*n),
            },
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

pub fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A sheet: its name and rows (row 1 first), each a list of cells from
/// column A. Rows and columns past the last used one are not stored.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    /// `None` for a CSV file (it has no sheets).
    pub name: Option<String>,
    pub rows: Vec<Vec<Cell>>,
    /// The merged cells of a workbook's sheet, as (first row, first
    /// column, last row, last column) from 0; none in a CSV file.
    pub merged: Vec<(usize, usize, usize, usize)>,
}

/// Merges of `regions` as (first row, first column, last row, last column).
fn merges<'a>(
    regions: impl IntoIterator<Item = &'a calamine::Dimensions>,
) -> Vec<(usize, usize, usize, usize)> {
    let at = |n: u32| usize::try_from(n).unwrap_or(usize::MAX);
    regions
        .into_iter()
        .map(|d| (at(d.start.0), at(d.start.1), at(d.end.0), at(d.end.1)))
        .collect()
}

impl Sheet {
    /// Gives the value of a cell merged down over the rows below it to
    /// those rows (their cells in its first column), from row `first` on:
    /// Excel shows it on every row it spans, and the file holds it in the
    /// top cell alone. Merges that start above `first` (the headers) and
    /// merges across columns alone are left as they are; rows past the
    /// last one read are not made.
    pub fn fill_merged_down(&mut self, first: usize) {
        let merged = std::mem::take(&mut self.merged);
        // Merges never overlap in a file Excel wrote; a file made to have
        // them overlap gets no more work than one column per column.
        let mut budget = self.rows.len().saturating_mul(MAX_COLUMNS);
        for &(r0, c0, r1, _) in &merged {
            if r0 < first || r1 <= r0 || c0 >= MAX_COLUMNS {
                continue;
            }
            let span = r1.min(self.rows.len()).saturating_sub(r0);
            let Some(left) = budget.checked_sub(span) else {
                break;
            };
            budget = left;
            let value = self.cell(r0, c0).clone();
            if value.is_blank() {
                continue;
            }
            let last = r1.min(self.rows.len().saturating_sub(1));
            for r in r0 + 1..=last {
                let Some(row) = self.rows.get_mut(r) else {
                    break;
                };
                if row.len() <= c0 {
                    row.resize(c0 + 1, Cell::Empty);
                }
                if row[c0].is_blank() {
                    row[c0] = value.clone();
                }
            }
        }
        self.merged = merged;
    }

    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&Cell::Empty)
    }
}

/// Why a file could not be read (all but `Limit` become E130, `Limit` E134).
#[derive(Debug, PartialEq)]
pub enum ReadError {
    Unreadable {
        message: Msg,
        hint: Msg,
    },
    Limit {
        message: Msg,
        cell: Option<(usize, usize)>,
    },
}

fn unreadable(message: Msg, hint: Msg) -> ReadError {
    ReadError::Unreadable { message, hint }
}

/// Which text encoding a CSV file is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (a byte-order mark is dropped) when the bytes are valid UTF-8,
    /// otherwise Shift_JIS (CP932).
    Auto,
    Utf8,
    ShiftJis,
}

/// The kind of file, from its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Csv,
    Xlsx,
    Xls,
    Ods,
}

impl Kind {
    pub fn of(name: &str) -> Option<Kind> {
        let ext = name.rsplit('.').next()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "txt" => Some(Kind::Csv),
            "xlsx" | "xlsm" => Some(Kind::Xlsx),
            "xls" => Some(Kind::Xls),
            "ods" => Some(Kind::Ods),
            _ => None,
        }
    }
}

/// Read `bytes` (a file named `name`) into the sheet `wanted` (default: the
/// first sheet).
pub fn read(
    name: &str,
    bytes: &[u8],
    wanted: Option<&str>,
    encoding: Encoding,
) -> Result<Sheet, ReadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::Limit {
            message: msg!(
                "E134.file_size",
                size = bytes.len() / 1_000_000,
                max = MAX_FILE_BYTES / 1_000_000
            ),
            cell: None,
        });
    }
    let Some(kind) = Kind::of(name) else {
        return Err(unreadable(msg!("E130.kind"), msg!("E130.kind_hint")));
    };
    match kind {
        Kind::Csv => read_csv(bytes, encoding),
        Kind::Xlsx => {
            zip_sizes(bytes)?;
            read_xlsx(bytes, wanted)
        }
        Kind::Ods => {
            zip_sizes(bytes)?;
            read_other(kind, bytes, wanted)
        }
        Kind::Xls => read_other(kind, bytes, wanted),
    }
}

/// A zip file (xlsx, ods) whose content would unpack to more than the
/// limits is refused before the workbook is read. The sizes are counted by
/// unpacking each part and dropping the bytes, not taken from the zip
/// directory: a directory can say a part is a kilobyte when it unpacks to
/// gigabytes, and the workbook reader holds some parts whole (the shared
/// strings). Each part is unpacked only up to the limit.
fn zip_sizes(bytes: &[u8]) -> Result<(), ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        unreadable(
            msg!("E130.not_workbook", error = e),
            msg!("E130.not_workbook_hint"),
        )
    })?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        // A part that cannot be unpacked (encrypted, an unknown method) is
        // left to the workbook reader, which refuses it.
        let Ok(entry) = zip.by_index(i) else {
            continue;
        };
        let name = entry.name().to_string();
        let room = MAX_ZIP_ENTRY_BYTES.min(MAX_ZIP_TOTAL_BYTES - total.min(MAX_ZIP_TOTAL_BYTES));
        let size = std::io::copy(
            &mut std::io::Read::take(entry, room + 1),
            &mut std::io::sink(),
        )
        .unwrap_or(0);
        total = total.saturating_add(size);
        if size > room {
            return Err(ReadError::Limit {
                message: msg!(
                    "E134.unpacked",
                    max = MAX_ZIP_TOTAL_BYTES.min(MAX_ZIP_ENTRY_BYTES) / 1_000_000,
                    entry = name,
                    size = size / 1_000_000
                ),
                cell: None,
            });
        }
    }
    Ok(())
}

fn decode(bytes: &[u8], encoding: Encoding) -> Result<String, ReadError> {
    let utf8 = |b: &[u8]| {
        std::str::from_utf8(b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)).map(str::to_string)
    };
    match encoding {
        Encoding::Utf8 => utf8(bytes).map_err(|e| {
            unreadable(
                msg!("E130.not_utf8", byte = e.valid_up_to() + 1),
                msg!("E130.not_utf8_hint"),
            )
        }),
        Encoding::Auto
            if std::str::from_utf8(bytes).is_ok() || bytes.starts_with(b"\xEF\xBB\xBF") =>
        {
            decode(bytes, Encoding::Utf8)
        }
        Encoding::Auto | Encoding::ShiftJis => {
            let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(bytes);
            if bad {
                return Err(unreadable(
                    msg!("E130.encoding"),
                    msg!("E130.encoding_hint"),
                ));
            }
            Ok(text.into_owned())
        }
    }
}

fn read_csv(bytes: &[u8], encoding: Encoding) -> Result<Sheet, ReadError> {
    let text = decode(bytes, encoding)?;
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            unreadable(
                msg!("E130.csv_row", row = i + 1, error = e),
                msg!("E130.csv_row_hint"),
            )
        })?;
        check_row(i)?;
        let mut row = Vec::with_capacity(record.len());
        for (c, field) in record.iter().enumerate() {
            check_cell(i, c, field)?;
            row.push(if field.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(unguard(field).to_string())
            });
        }
        rows.push(row);
    }
    Ok(Sheet {
        name: None,
        rows,
        merged: Vec::new(),
    })
}

/// A CSV cell the exporting program kept from being run as a formula
/// (`'=1+1`, as ismsbook's own `register.csv` writes it) is read without
/// the guarding apostrophe.
fn unguard(field: &str) -> &str {
    const FORMULA_START: [char; 10] = [
        '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
    ];
    match field.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) => rest,
        _ => field,
    }
}

fn check_row(row: usize) -> Result<(), ReadError> {
    if row >= MAX_ROWS {
        return Err(ReadError::Limit {
            message: msg!("E134.rows", max = MAX_ROWS),
            cell: Some((row, 0)),
        });
    }
    Ok(())
}

fn check_cell(row: usize, col: usize, text: &str) -> Result<(), ReadError> {
    if col >= MAX_COLUMNS {
        return Err(ReadError::Limit {
            message: msg!("E134.columns", max = MAX_COLUMNS),
            cell: Some((row, col)),
        });
    }
    if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
        return Err(ReadError::Limit {
            message: msg!(
                "E134.cell",
                chars = text.chars().count(),
                max = MAX_CELL_CHARS
            ),
            cell: Some((row, col)),
        });
    }
    Ok(())
}

fn put(rows: &mut Vec<Vec<Cell>>, row: usize, col: usize, cell: Cell) -> Result<(), ReadError> {
    check_row(row)?;
    if let Cell::Text(t) = &cell {
        check_cell(row, col, t)?;
    } else {
        check_cell(row, col, "")?;
    }
    if matches!(cell, Cell::Empty) {
        return Ok(());
    }
    if rows.len() <= row {
        rows.resize_with(row + 1, Vec::new);
    }
    let r = &mut rows[row];
    if r.len() <= col {
        r.resize(col + 1, Cell::Empty);
    }
    r[col] = cell;
    Ok(())
}

fn no_sheet(wanted: &str, names: &[String]) -> ReadError {
    unreadable(
        msg!("E130.no_sheet", sheet = wanted),
        msg!("E130.no_sheet_hint", sheets = names.join(", ")),
    )
}

fn pick(names: &[String], wanted: Option<&str>) -> Result<String, ReadError> {
    match wanted {
        Some(w) => names
            .iter()
            .find(|n| n.as_str() == w)
            .cloned()
            .ok_or_else(|| no_sheet(w, names)),
        None => names
            .first()
            .cloned()
            .ok_or_else(|| unreadable(msg!("E130.no_sheets"), msg!("E130.no_sheets_hint"))),
    }
}

fn bad_workbook(e: impl std::fmt::Display) -> ReadError {
    unreadable(
        msg!("E130.bad_workbook", error = e),
        msg!("E130.bad_workbook_hint"),
    )
}

fn read_xlsx(bytes: &[u8], wanted: Option<&str>) -> Result<Sheet, ReadError> {
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(bad_workbook)?;
    let name = pick(&book.sheet_names(), wanted)?;
    book.load_merged_regions().map_err(bad_workbook)?;
    let merged = merges(
        book.merged_regions_by_sheet(&name)
            .into_iter()
            .map(|(_, _, d)| d),
    );
    let mut reader = book.worksheet_cells_reader(&name).map_err(bad_workbook)?;
    let mut rows = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(bad_workbook)? {
        let (r, c) = cell.get_position();
        let value = match cell.get_value() {
            DataRef::SharedString(s) => Cell::Text((*s).to_string()),
            DataRef::String(s) => Cell::Text(s.clone()),
            DataRef::Int(i) => Cell::Number(*i as f64),
            DataRef::Float(f) => Cell::Number(*f),
            DataRef::Bool(b) => Cell::Bool(*b),
            DataRef::DateTime(d) => Cell::Date(d.as_f64()),
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Cell::Text(s.clone()),
            DataRef::Error(e) => Cell::Error(e.to_string()),
            DataRef::Empty => Cell::Empty,
        };
        put(&mut rows, r as usize, c as usize, value)?;
    }
    Ok(Sheet {
        name: Some(name),
        rows,
        merged,
    })
}

fn from_data(d: &Data) -> Cell {
    match d {
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => Cell::Date(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::Empty => Cell::Empty,
    }
}

/// `.xls` and `.ods`: read whole (their size is bounded by the file and
/// unpacked-size limits), then held to the same row and cell limits.
fn read_other(kind: Kind, bytes: &[u8], wanted: Option<&str>) -> Result<Sheet, ReadError> {
    let range = match kind {
        Kind::Xls => {
            let mut book: calamine::Xls<_> =
                calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(bad_workbook)?;
            let name = pick(&book.sheet_names(), wanted)?;
            let merged = merges(book.worksheet_merge_cells(&name).unwrap_or_default().iter());
            (
                name.clone(),
                book.worksheet_range(&name).map_err(bad_workbook)?,
                merged,
            )
        }
        _ => {
            let mut book: calamine::Ods<_> =
                calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(bad_workbook)?;
            let name = pick(&book.sheet_names(), wanted)?;
            // The workbook reader gives no merges for ODS: read from the
            // sheet's XML.
            let merged = super::ods::merges(bytes, &name);
            (
                name.clone(),
                book.worksheet_range(&name).map_err(bad_workbook)?,
                merged,
            )
        }
    };
    let (name, range, merged) = range;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    for (r, c, d) in range.used_cells() {
        put(&mut rows, r + r0 as usize, c + c0 as usize, from_data(d))?;
    }
    Ok(Sheet {
        name: Some(name),
        rows,
        merged,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_every_encoding_reads_the_same() {
        let text = "件名,発見日時\r\n誤送信,2025/4/1 9:30\r\n";
        let utf8 = read("a.csv", text.as_bytes(), None, Encoding::Auto).unwrap();
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let with_bom = read("a.csv", &bom, None, Encoding::Auto).unwrap();
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        let shift_jis = read("a.CSV", &sjis, None, Encoding::Auto).unwrap();
        for s in [&utf8, &with_bom, &shift_jis] {
            assert_eq!(s.cell(0, 0), &Cell::Text("件名".into()));
            assert_eq!(s.cell(1, 1), &Cell::Text("2025/4/1 9:30".into()));
        }
        assert!(matches!(
            read("a.csv", &sjis, None, Encoding::Utf8),
            Err(ReadError::Unreadable { .. })
        ));
    }

    #[test]
    fn a_merge_down_fills_its_rows_but_not_the_headers_nor_across() {
        let t = |s: &str| Cell::Text(s.into());
        let mut s = Sheet {
            name: Some("台帳".into()),
            rows: vec![
                vec![t("日時"), Cell::Empty],
                vec![Cell::Empty, t("分類")],
                vec![t("4/1"), t("紛失")],
                vec![Cell::Empty],
                vec![Cell::Empty, Cell::Empty],
            ],
            // 日時 over two header rows, 分類 down rows 3-5 (past the last
            // row read too), 4/1 across two columns, and an overlapping
            // merge of a hostile file far to the right.
            merged: vec![(0, 0, 1, 0), (2, 1, 9, 1), (2, 0, 2, 1), (2, 300, 4, 300)],
        };
        s.fill_merged_down(2);
        assert_eq!(s.cell(1, 0), &Cell::Empty, "headers are left alone");
        assert_eq!(s.cell(3, 1), &t("紛失"));
        assert_eq!(s.cell(4, 1), &t("紛失"));
        assert_eq!(s.rows.len(), 5, "no rows are made");
        assert_eq!(s.cell(3, 0), &Cell::Empty, "a merge across is not copied");
        assert!(s.rows.iter().all(|r| r.len() <= 2));
    }

    #[test]
    fn limits_fail_cleanly() {
        let big = format!("a\n{}\n", "x".repeat(MAX_CELL_CHARS + 1));
        assert!(matches!(
            read("a.csv", big.as_bytes(), None, Encoding::Auto),
            Err(ReadError::Limit {
                cell: Some((1, 0)),
                ..
            })
        ));
        assert!(matches!(
            read("a.xlsx", b"not a zip", None, Encoding::Auto),
            Err(ReadError::Unreadable { .. })
        ));
        assert!(matches!(
            read("a.pdf", b"", None, Encoding::Auto),
            Err(ReadError::Unreadable { .. })
        ));
    }

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(number_text(12.0), "12");
        assert_eq!(number_text(1.5), "1.5");
    }
}
