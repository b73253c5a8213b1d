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

use super::actions::{record_action_rows, record_notification_rows};
use super::csv::incident_row;
use crate::model::time::ascii_number;
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use rust_xlsxwriter::ExcelDateTime;
use std::io::{BufRead, Read, Write};

mod book;
mod chunks;
mod sheet;
mod zip;

pub use chunks::{write_kept, write_searched, KeptBook, CHUNK};

pub const PATH: &str = "register.xlsx";

/// `register.xlsx`.
pub const REGISTER: super::Export = super::Export {
    path: PATH,
    write: |env, out| ROWS.write(env, out),
    rows: Some(ROWS),
};

/// `register.xlsx` from each record's rows: its row of the `incidents`
/// sheet, its rows of `actions` and of `notifications` (in that order, each
/// a count and the rows); the sheets are written from them a chunk of
/// records at a time ([`chunks`]).
const ROWS: super::Rows = super::Rows {
    row: |env, k, _, out| {
        put_rows(out, &[incident_row(env, k)])?;
        put_rows(out, &record_action_rows(env, k).collect::<Vec<_>>())?;
        put_rows(out, &record_notification_rows(env, k))
    },
    finish: |env, parts, out| chunks::write_whole(env, parts, out),
    frame: None,
};

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

/// Copy one record's part from `input` to `part`; `false` at the end of
/// the parts (which falls between records).
fn take_record(input: &mut impl BufRead, part: &mut Vec<u8>) -> std::io::Result<bool> {
    if input.fill_buf()?.is_empty() {
        return Ok(false);
    }
    let mut n = [0; 4];
    let mut copy_u32 = |input: &mut dyn BufRead, part: &mut Vec<u8>| {
        input.read_exact(&mut n)?;
        part.extend_from_slice(&n);
        Ok::<usize, std::io::Error>(u32::from_le_bytes(n) as usize)
    };
    for _ in 0..3 {
        for _ in 0..copy_u32(input, part)? {
            for _ in 0..copy_u32(input, part)? {
                let len = copy_u32(input, part)?;
                let at = part.len();
                part.resize(at + len, 0);
                input.read_exact(&mut part[at..])?;
            }
        }
    }
    Ok(true)
}

/// A record's rows of each sheet, read from its part.
fn parse_record(part: &[u8]) -> std::io::Result<[Vec<Vec<&str>>; 3]> {
    let mut rest = part;
    let get = |rest: &mut &[u8]| get_u32(rest);
    let mut sheets: [Vec<Vec<&str>>; 3] = Default::default();
    for sheet in &mut sheets {
        let rows = get(&mut rest)?;
        for _ in 0..rows {
            let cells = get(&mut rest)?;
            let mut row = Vec::with_capacity(cells);
            for _ in 0..cells {
                let len = get(&mut rest)?;
                if len > rest.len() {
                    return Err(std::io::Error::other(
                        "a record's workbook part is cut short",
                    ));
                }
                let (cell, after) = rest.split_at(len);
                row.push(std::str::from_utf8(cell).map_err(std::io::Error::other)?);
                rest = after;
            }
            sheet.push(row);
        }
    }
    Ok(sheets)
}

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

    /// No column wider than nothing yet (a run of rows; the header's
    /// widths are [`Widths::new`]'s).
    fn empty(columns: usize) -> Widths {
        Widths(vec![0; columns])
    }

    /// Each column as wide as the wider of the two.
    fn merge(&mut self, other: &[u32]) {
        for (w, o) in self.0.iter_mut().zip(other) {
            *w = (*w).max(*o);
        }
    }

    fn into_inner(self) -> Vec<u32> {
        self.0
    }

    fn add<S: AsRef<str>>(&mut self, header: &[&str], row: &[S]) {
        for (c, value) in row.iter().enumerate() {
            let value = value.as_ref();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_is_a_text_cell_not_a_date_serial() {
        // `2023-05` (a date known only to its month) stays text: a date
        // cell would be a day, the 1st, that nobody wrote.
        assert!(excel_when("2023-05").is_none());
        assert!(excel_when("2023-05-01").is_some());
    }

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
