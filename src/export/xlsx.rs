//! `register.xlsx`: the register as a workbook a manager can filter and
//! pivot. Four sheets — `incidents` (the columns of `register.csv`),
//! `actions`, `notifications` and `drills` — each with its header row
//! frozen, an autofilter over the table and fitted column widths.
//!
//! - dates and times are real date cells (in the site's timezone; Excel has
//!   none), counts and levels numbers, flags booleans;
//! - every other value is written as a text cell, never as a formula: text
//!   that begins with `=`, `+`, `-`, `@` or a tab stays text as it is (no
//!   guarding apostrophe is needed, unlike in CSV);
//! - built from the same redacted tables as the CSV exports, so a column or
//!   row the audience may not see is not in the workbook;
//! - the same input gives the same bytes: the document properties are
//!   fixed (created "as of" the build's check date) and the zip entries
//!   carry no time.

use super::actions::{
    drill_action_rows, record_action_rows, record_notification_rows, ACTION_COLUMNS,
    NOTIFICATION_COLUMNS,
};
use super::csv::{drill_table, incident_header, incident_row, DRILL_COLUMNS};
use super::headers;
use crate::model::time::ascii_number;
use crate::present::Env;
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::io::{BufRead, Read, Seek, Write};

pub const PATH: &str = "register.xlsx";

/// `register.xlsx`.
pub const REGISTER: super::Export = super::Export {
    path: PATH,
    write: |env, out| ROWS.write(env, out),
    rows: Some(ROWS),
};

/// `register.xlsx` from each record's rows: its row of the `incidents`
/// sheet, its rows of `actions` and of `notifications` (in that order, each
/// a count and the rows); the sheets are written from them, each read
/// twice (the column widths first: a low-memory sheet cannot fit them
/// afterwards).
const ROWS: super::Rows = super::Rows {
    row: |env, k, _, out| {
        put_rows(out, &[incident_row(env, k)])?;
        put_rows(out, &record_action_rows(env, k).collect::<Vec<_>>())?;
        put_rows(out, &record_notification_rows(env, k))
    },
    finish: |env, parts, out| {
        // The zip is written to a temporary file and copied from there, not
        // held whole: at 100,000 records it is tens of megabytes.
        let mut zip = tempfile::tempfile()?;
        let mut to = std::io::BufWriter::new(&mut zip);
        build(env, parts, &mut to).map_err(std::io::Error::other)?;
        to.flush()?;
        drop(to);
        zip.rewind()?;
        std::io::copy(&mut zip, out).map(|_| ())
    },
    frame: None,
};

/// Sheets made of the records' rows, in the order of a record's part.
const INCIDENTS: usize = 0;
const ACTIONS: usize = 1;
const NOTIFICATIONS: usize = 2;

fn put_u32(out: &mut dyn Write, n: usize) -> std::io::Result<()> {
    let n = u32::try_from(n).map_err(std::io::Error::other)?;
    out.write_all(&n.to_le_bytes())
}

/// Rows as a count, then each row as a count of cells, each cell as its
/// length and its UTF-8 bytes.
fn put_rows(out: &mut dyn Write, rows: &[Vec<String>]) -> std::io::Result<()> {
    put_u32(out, rows.len())?;
    for row in rows {
        put_u32(out, row.len())?;
        for cell in row {
            put_u32(out, cell.len())?;
            out.write_all(cell.as_bytes())?;
        }
    }
    Ok(())
}

fn get_u32(input: &mut impl Read) -> std::io::Result<usize> {
    let mut b = [0; 4];
    input.read_exact(&mut b)?;
    Ok(u32::from_le_bytes(b) as usize)
}

/// Every row of sheet `sheet` in the records' parts, in order, to `each`.
/// The other sheets' cells are passed over without being made strings, and
/// a row's strings are filled again for the next row.
fn sheet_rows(
    parts: &std::fs::File,
    sheet: usize,
    each: &mut dyn FnMut(&[String]) -> Result<(), XlsxError>,
) -> Result<(), XlsxError> {
    let mut input = super::reread(parts)?;
    let mut row: Vec<String> = Vec::new();
    let mut skipped: Vec<u8> = Vec::new();
    loop {
        // The end of the parts falls between records.
        if input.fill_buf()?.is_empty() {
            return Ok(());
        }
        for s in 0..3 {
            for _ in 0..get_u32(&mut input)? {
                let cells = get_u32(&mut input)?;
                if s != sheet {
                    for _ in 0..cells {
                        let len = get_u32(&mut input)?;
                        skipped.resize(len, 0);
                        input.read_exact(&mut skipped)?;
                    }
                    continue;
                }
                if row.len() < cells {
                    row.resize_with(cells, String::new);
                }
                for cell in &mut row[..cells] {
                    let len = get_u32(&mut input)?;
                    let mut bytes = std::mem::take(cell).into_bytes();
                    bytes.clear();
                    bytes.resize(len, 0);
                    input.read_exact(&mut bytes)?;
                    *cell = String::from_utf8(bytes).map_err(std::io::Error::other)?;
                }
                each(&row[..cells])?;
            }
        }
    }
}

/// Rows that can be gone through more than once.
type RowSource<'a> =
    &'a dyn Fn(&mut dyn FnMut(&[String]) -> Result<(), XlsxError>) -> Result<(), XlsxError>;

/// Excel's own limit on the characters of a cell.
const MAX_CELL: usize = 32_767;
/// Widest a fitted column gets, in pixels (long text wraps in the cell view).
const MAX_WIDTH: u32 = 420;

/// How a column's text is written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Text,
    Number,
    Bool,
    /// A date, or a date and time (`2026-04-03 09:15`).
    When,
}

fn kind(column: &str) -> Kind {
    match column {
        "level" | "records_affected" | "actions" | "actions_open" | "actions_overdue"
        | "evidence_files" | "late_by_days" => Kind::Number,
        c if c.starts_with("notifications_") => Kind::Number,
        "personal_data" | "malicious" | "crime_suspected" | "sensitive_data"
        | "financial_damage" | "overdue" => Kind::Bool,
        "date" | "due" | "deadline" => Kind::When,
        c if c.ends_with("_at") => Kind::When,
        _ => Kind::Text,
    }
}

/// `2026-04-03` or `2026-04-03 09:15` read directly, the date and the time
/// (`Some(None)`: written so, but no such date or time); `None` for any
/// other form, which chrono reads.
fn quick_when(s: &str) -> Option<Option<(NaiveDate, Option<NaiveTime>)>> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).and_then(ascii_number);
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let time = match b.len() {
        10 => None,
        16 if b[10] == b' ' && b[13] == b':' => Some((digits(11..13)?, digits(14..16)?)),
        _ => return None,
    };
    let date = NaiveDate::from_ymd_opt(y as i32, m, d);
    Some(match time {
        None => date.map(|d| (d, None)),
        Some((h, min)) => date
            .zip(NaiveTime::from_hms_opt(h, min, 0))
            .map(|(d, t)| (d, Some(t))),
    })
}

fn excel_when(s: &str) -> Option<(ExcelDateTime, bool)> {
    let (d, time) = match quick_when(s) {
        Some(when) => when?,
        None => {
            if let Ok(t) = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M") {
                (t.date(), Some(t.time()))
            } else {
                (NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?, None)
            }
        }
    };
    let date = ExcelDateTime::from_ymd(
        u16::try_from(d.year()).ok()?,
        u8::try_from(d.month()).ok()?,
        u8::try_from(d.day()).ok()?,
    )
    .ok()?;
    match time {
        None => Some((date, false)),
        Some(t) => Some((
            date.and_hms(
                u16::try_from(t.hour()).ok()?,
                u8::try_from(t.minute()).ok()?,
                0,
            )
            .ok()?,
            true,
        )),
    }
}

struct Formats {
    header: Format,
    date: Format,
    datetime: Format,
}

fn sheet(
    book: &mut Workbook,
    f: &Formats,
    name: &str,
    (header, shown): (&[&str], Vec<String>),
    rows: RowSource,
) -> Result<(), XlsxError> {
    // Rows go to a temporary file as they are written (only the shared
    // strings stay in memory): the workbook of a large register no longer
    // holds every cell until it is saved. Such a sheet cannot fit its
    // columns afterwards, so the widths are worked out from the rows first.
    let ws: &mut Worksheet = book.add_worksheet_with_low_memory();
    ws.set_name(name)?;
    let mut widths = Widths::new(&shown);
    rows(&mut |row| {
        widths.add(header, row);
        Ok(())
    })?;
    for (c, w) in widths.finish().into_iter().enumerate() {
        if w > 0 {
            ws.set_column_width_pixels(c as u16, w)?;
        }
    }
    for (c, h) in shown.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &f.header)?;
    }
    let kinds: Vec<Kind> = header.iter().map(|h| kind(h)).collect();
    let mut r: u32 = 0;
    rows(&mut |row| {
        r += 1;
        write_row(ws, f, &kinds, r, row)
    })?;
    ws.set_freeze_panes(1, 0)?;
    let last_col = header.len().saturating_sub(1) as u16;
    ws.autofilter(0, 0, r, last_col)?;
    Ok(())
}

/// One row of a sheet, each value as a cell of its column's kind.
fn write_row(
    ws: &mut Worksheet,
    f: &Formats,
    kinds: &[Kind],
    r: u32,
    row: &[String],
) -> Result<(), XlsxError> {
    {
        for (c, value) in row.iter().enumerate() {
            if value.is_empty() {
                continue;
            }
            let c = c as u16;
            let k = kinds.get(c as usize).copied().unwrap_or(Kind::Text);
            match k {
                Kind::Number => {
                    if let Ok(n) = value.parse::<f64>() {
                        ws.write_number(r, c, n)?;
                        continue;
                    }
                }
                Kind::Bool => {
                    if let Ok(b) = value.parse::<bool>() {
                        ws.write_boolean(r, c, b)?;
                        continue;
                    }
                }
                Kind::When => {
                    if let Some((t, with_time)) = excel_when(value) {
                        let fmt = if with_time { &f.datetime } else { &f.date };
                        ws.write_datetime_with_format(r, c, t, fmt)?;
                        continue;
                    }
                }
                Kind::Text => {}
            }
            ws.write_string(r, c, clip(value))?;
        }
    }
    Ok(())
}

/// The width, in pixels, that fits each column's widest value (the header
/// in bold, each line of a text, a date as `yyyy-mm-dd hh:mm`), at most
/// [`MAX_WIDTH`]; 0 for a column with nothing in it. An estimate in the way
/// Excel's own autofit is: about 7 pixels a narrow character, 13 a wide
/// (CJK) one, plus the cell's padding.
#[cfg(test)]
fn fitted_widths(header: &[&str], shown: &[String], rows: &[Vec<String>]) -> Vec<u32> {
    let mut widths = Widths::new(shown);
    for row in rows {
        widths.add(header, row);
    }
    widths.finish()
}

/// [`fitted_widths`] a row at a time.
struct Widths(Vec<u32>);

impl Widths {
    fn new(shown: &[String]) -> Widths {
        Widths(shown.iter().map(|h| text_px(h) + 8).collect())
    }

    fn add(&mut self, header: &[&str], row: &[String]) {
        for (c, value) in row.iter().enumerate() {
            if value.is_empty() || c >= self.0.len() {
                continue;
            }
            let px = match header.get(c).map_or(Kind::Text, |h| kind(h)) {
                Kind::When => 7 * 16,
                Kind::Bool => 7 * 5,
                Kind::Number | Kind::Text => text_px(value),
            };
            self.0[c] = self.0[c].max(px + 7);
        }
    }

    fn finish(self) -> Vec<u32> {
        self.0.into_iter().map(|w| w.min(MAX_WIDTH)).collect()
    }
}

fn text_px(s: &str) -> u32 {
    s.lines()
        .map(|l| {
            l.chars()
                .map(|c| if (c as u32) < 0x1100 { 7 } else { 13 })
                .sum::<u32>()
        })
        .max()
        .unwrap_or(0)
}

/// Text longer than a cell may hold is cut, and says so.
fn clip(s: &str) -> std::borrow::Cow<'_, str> {
    if s.len() <= MAX_CELL || s.chars().count() <= MAX_CELL {
        return s.into();
    }
    let mut out: String = s.chars().take(MAX_CELL - 1).collect();
    out.push('…');
    out.into()
}

/// The workbook, written to `zip` (the same bytes `save_to_buffer` gives:
/// `rust_xlsxwriter` writes every zip as a stream).
fn build(env: &Env, parts: &std::fs::File, zip: impl Write + Send) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let d = env.today;
    let today = ExcelDateTime::from_ymd(
        u16::try_from(d.year()).unwrap_or(2000),
        u8::try_from(d.month()).unwrap_or(1),
        u8::try_from(d.day()).unwrap_or(1),
    )?;
    book.set_properties(
        &DocProperties::new()
            .set_title(format!("{} — register", env.content.site.title))
            .set_author("ismsbook")
            .set_creation_datetime(&today),
    );
    let f = Formats {
        header: Format::new().set_bold(),
        date: Format::new().set_num_format("yyyy-mm-dd"),
        datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
    };
    let heads = |names: &'static [&'static str]| (names, headers(env, names));
    let header = incident_header(env);
    sheet(
        &mut book,
        &f,
        "incidents",
        (&header, headers(env, &header)),
        &|each| sheet_rows(parts, INCIDENTS, each),
    )?;
    sheet(&mut book, &f, "actions", heads(ACTION_COLUMNS), &|each| {
        sheet_rows(parts, ACTIONS, each)?;
        drill_action_rows(env).try_for_each(|row| each(&row))
    })?;
    sheet(
        &mut book,
        &f,
        "notifications",
        heads(NOTIFICATION_COLUMNS),
        &|each| sheet_rows(parts, NOTIFICATIONS, each),
    )?;
    let drills = drill_table(env);
    sheet(&mut book, &f, "drills", heads(DRILL_COLUMNS), &|each| {
        drills.iter().try_for_each(|row| each(row))
    })?;
    book.save_to_writer(zip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_read_directly_read_as_chrono_reads_them() {
        let chrono = |s: &str| {
            if let Ok(t) = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M") {
                Some((t.date(), Some(t.time())))
            } else {
                NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .ok()
                    .map(|d| (d, None))
            }
        };
        let mut written: Vec<String> = [
            "2026-04-03",
            "2026-04-03 09:15",
            "2026-04-03 24:00",
            "2026-04-03 23:60",
            "2026-02-30",
            "2026-02-30 10:00",
            "2026-4-03",
            "2026-04-03 9:15",
            "2026-04-03T09:15",
            "2026-04-03  09:15",
            "2026-04-03 09:15:00",
            "2026-04-03 0915",
            "0000-01-01",
            "",
            "2026-04-0x",
            "2026-04-03 0x:15",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for n in 0..3000u32 {
            written.push(format!(
                "2024-{:02}-{:02} {:02}:{:02}",
                n % 14,
                n % 32,
                n % 26,
                n % 61
            ));
        }
        for s in &written {
            if let Some(quick) = quick_when(s) {
                assert_eq!(quick, chrono(s), "{s:?}");
            }
        }
        assert!(quick_when("2026-04-03").is_some() && quick_when("2026-04-03 09:15").is_some());
    }

    #[test]
    fn columns_get_their_cell_kinds() {
        assert_eq!(kind("detected_at"), Kind::When);
        assert_eq!(kind("due"), Kind::When);
        assert_eq!(kind("level"), Kind::Number);
        assert_eq!(kind("notifications_late"), Kind::Number);
        assert_eq!(kind("personal_data"), Kind::Bool);
        assert_eq!(kind("title"), Kind::Text);
        assert_eq!(kind("level_name"), Kind::Text);
        assert!(excel_when("2026-04-03 09:15").is_some_and(|(_, t)| t));
        assert!(excel_when("2026-04-03").is_some_and(|(_, t)| !t));
        assert!(excel_when("soon").is_none());
    }

    #[test]
    fn columns_are_as_wide_as_their_widest_value_up_to_a_limit() {
        let rows = vec![
            vec!["2026-04-03 09:15".to_string(), "a".into(), "".into()],
            vec!["".into(), "情報漏えい".into(), "".into()],
            vec!["".into(), "x".repeat(500), "".into()],
        ];
        let w = fitted_widths(
            &["detected_at", "title", "remarks"],
            &["発見日時".into(), "件名".into(), "".into()],
            &rows,
        );
        assert_eq!(w[0], 7 * 16 + 7);
        assert_eq!(w[1], MAX_WIDTH);
        assert_eq!(w[2], 8, "an empty column keeps only its header's padding");
        let w = fitted_widths(&["title"], &["件名".into()], &[vec!["情報漏えい".into()]]);
        assert_eq!(w[0], 5 * 13 + 7);
    }

    #[test]
    fn overlong_text_is_cut_to_a_cell() {
        let long = "あ".repeat(MAX_CELL + 10);
        assert_eq!(clip(&long).chars().count(), MAX_CELL);
        assert_eq!(clip("=1+1"), "=1+1");
    }
}
