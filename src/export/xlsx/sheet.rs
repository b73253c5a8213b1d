//! A sheet's XML, written directly: its rows a run at a time (each run
//! compressed on its own, see [`super::zip`]), and the head and tail around
//! them, made last (the dimension, the fitted column widths and the
//! autofilter depend on every row). Text is written in the cell itself
//! (`inlineStr`), not in a table of shared strings, so a run of rows does
//! not depend on the rows before it (only on its first row's number). A
//! cell carries its reference only after an empty one.

use super::{excel_when, kind, Kind, Widths};
use std::io::Write;

/// The cell styles of `styles.xml` (see [`super::book`]).
const STYLE_HEADER: u8 = 1;
const STYLE_DATE: u8 = 2;
const STYLE_DATETIME: u8 = 3;

/// A sheet's columns: the names of the fields (which say each column's
/// kind), and their letters.
pub(super) struct Columns {
    ids: Vec<String>,
    kinds: Vec<Kind>,
    letters: Vec<String>,
}

impl Columns {
    pub(super) fn new(header: &[&str]) -> Columns {
        Columns {
            ids: header.iter().map(|h| h.to_string()).collect(),
            kinds: header.iter().map(|h| kind(h)).collect(),
            letters: (0..header.len()).map(letters).collect(),
        }
    }

    /// A defined name for each column of sheet `sheet`, whatever its
    /// header says: `incidents.detected_at` → `incidents!$F:$F` (a field
    /// name a defined name may not be is left out).
    pub(super) fn defined_names(&self, sheet: &str) -> Vec<(String, String)> {
        self.ids
            .iter()
            .zip(&self.letters)
            .filter(|(id, _)| may_name(id))
            .map(|(id, l)| (format!("{sheet}.{id}"), format!("{sheet}!${l}:${l}")))
            .collect()
    }

    fn last(&self) -> &str {
        self.letters.last().map_or("A", String::as_str)
    }
}

/// Whether a field name may follow `sheet.` in a defined name: a letter
/// or `_`, then letters, digits and `_` (Excel and LibreOffice both take
/// those; neither takes a name that reads as a cell).
fn may_name(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && id.len() < 200
}

/// `A`, …, `Z`, `AA`, … for column `c` (from 0).
fn letters(c: usize) -> String {
    let mut n = c + 1;
    let mut out = Vec::new();
    while n > 0 {
        let d = (n - 1) % 26;
        out.push(b'A' + d as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Rows of a sheet being written from row `next` on, with the widths
/// their values need.
pub(super) struct Rows<'c> {
    cols: &'c Columns,
    header: &'c [&'c str],
    pub(super) xml: Vec<u8>,
    pub(super) widths: Widths,
    pub(super) first: u32,
    pub(super) next: u32,
}

impl<'c> Rows<'c> {
    pub(super) fn new(cols: &'c Columns, header: &'c [&'c str], first: u32) -> Rows<'c> {
        Rows {
            cols,
            header,
            xml: Vec::new(),
            widths: Widths::empty(header.len()),
            first,
            next: first,
        }
    }

    /// One row, each value as a cell of its column's kind (an empty value
    /// is no cell).
    pub(super) fn add<S: AsRef<str>>(&mut self, row: &[S]) {
        self.widths.add(self.header, row);
        let r = self.next;
        self.next += 1;
        let out = &mut self.xml;
        let _ = write!(out, "<row r=\"{r}\">");
        // The column the next cell takes without a reference of its own.
        let mut next = 0;
        for (c, value) in row.iter().enumerate() {
            let value = value.as_ref();
            if value.is_empty() {
                continue;
            }
            let k = self.cols.kinds.get(c).copied().unwrap_or(Kind::Text);
            let Some(col) = self.cols.letters.get(c) else {
                continue;
            };
            let at = (c != next).then_some((col.as_str(), r));
            cell(out, at, k, value);
            next = c + 1;
        }
        out.extend_from_slice(b"</row>");
    }
}

/// `<c`, with the cell's reference `at` (column, row) when it does not
/// follow the cell before it in its row: a cell without one takes the
/// next column (ECMA-376 §18.3.1.4; Excel, LibreOffice, openpyxl and
/// calamine read it so). Without the references a run of rows repeats
/// itself far more often, which DEFLATE finds: the workbook is about
/// 40 % smaller.
fn open(out: &mut Vec<u8>, at: Option<(&str, u32)>) {
    match at {
        Some((col, r)) => {
            let _ = write!(out, "<c r=\"{col}{r}\"");
        }
        None => out.extend_from_slice(b"<c"),
    }
}

fn cell(out: &mut Vec<u8>, at: Option<(&str, u32)>, k: Kind, value: &str) {
    match k {
        Kind::Number => {
            if let Some(n) = value.parse::<f64>().ok().filter(|n| n.is_finite()) {
                open(out, at);
                let _ = write!(out, "><v>{n}</v></c>");
                return;
            }
        }
        Kind::Bool => {
            if let Ok(b) = value.parse::<bool>() {
                open(out, at);
                let _ = write!(out, " t=\"b\"><v>{}</v></c>", u8::from(b));
                return;
            }
        }
        Kind::When => {
            if let Some((t, with_time)) = excel_when(value) {
                let s = if with_time {
                    STYLE_DATETIME
                } else {
                    STYLE_DATE
                };
                open(out, at);
                let _ = write!(out, " s=\"{s}\"><v>{}</v></c>", t.to_excel());
                return;
            }
        }
        Kind::Text => {}
    }
    open(out, at);
    out.extend_from_slice(b" t=\"inlineStr\">");
    inline(out, value);
    out.extend_from_slice(b"</c>");
}

/// `<is><t>…</t></is>`: the text escaped as Excel escapes it, cut to what
/// a cell holds, its spaces kept when it begins or ends with one.
fn inline(out: &mut Vec<u8>, value: &str) {
    let value = super::clip(value);
    let edge = [' ', '\t', '\n'];
    if value.starts_with(edge) || value.ends_with(edge) {
        out.extend_from_slice(b"<is><t xml:space=\"preserve\">");
    } else {
        out.extend_from_slice(b"<is><t>");
    }
    escape(out, &value);
    out.extend_from_slice(b"</t></is>");
}

/// XML's escapes, and Excel's `_xHHHH_` for control characters; a literal
/// `_xHHHH_` gets its underscore escaped (`_x005F_`), as Excel writes it.
pub(super) fn escape(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    let mut from = 0;
    for (i, ch) in s.char_indices() {
        let esc: Option<std::borrow::Cow<'static, str>> = match ch {
            '&' => Some("&amp;".into()),
            '<' => Some("&lt;".into()),
            '>' => Some("&gt;".into()),
            '\t' | '\n' => None,
            '\0'..='\x1f' | '\u{fffe}' | '\u{ffff}' => Some(format!("_x{:04X}_", ch as u32).into()),
            '_' if b.get(i + 1) == Some(&b'x')
                && b.get(i + 2..i + 6)
                    .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
                && b.get(i + 6) == Some(&b'_') =>
            {
                Some("_x005F_".into())
            }
            _ => None,
        };
        if let Some(esc) = esc {
            out.extend_from_slice(&b[from..i]);
            out.extend_from_slice(esc.as_bytes());
            from = i + ch.len_utf8();
        }
    }
    out.extend_from_slice(&b[from..]);
}

/// The sheet's XML before its rows: the range it covers to `last_row`,
/// the header row frozen, the columns `widths` wide (pixels), and the
/// header row itself in bold.
pub(super) fn head(
    cols: &Columns,
    shown: &[String],
    widths: &[u32],
    last_row: u32,
    selected: bool,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(4096);
    out.extend_from_slice(super::book::XML_DECLARATION.as_bytes());
    out.extend_from_slice(
        b"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
          xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">",
    );
    let last = cols.last();
    let _ = write!(
        out,
        "<dimension ref=\"A1:{last}{last_row}\"/><sheetViews><sheetView{} workbookViewId=\"0\">\
         <pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>\
         <selection pane=\"bottomLeft\"/></sheetView></sheetViews>\
         <sheetFormatPr defaultRowHeight=\"15\"/><cols>",
        if selected { " tabSelected=\"1\"" } else { "" }
    );
    // Neighbouring columns of one width are one element.
    let mut c = 0;
    while c < widths.len() {
        let w = widths[c];
        let mut to = c;
        while to + 1 < widths.len() && widths[to + 1] == w {
            to += 1;
        }
        // Pixels to characters of the default font, as Excel counts them.
        let chars = f64::from(w * 256 / 7) / 256.0;
        let _ = write!(
            out,
            "<col min=\"{}\" max=\"{}\" width=\"{chars}\" customWidth=\"1\"/>",
            c + 1,
            to + 1
        );
        c = to + 1;
    }
    out.extend_from_slice(b"</cols><sheetData><row r=\"1\">");
    for (c, h) in shown.iter().enumerate() {
        let col = &cols.letters[c.min(cols.letters.len().saturating_sub(1))];
        if h.is_empty() {
            let _ = write!(out, "<c r=\"{col}1\" s=\"{STYLE_HEADER}\"/>");
        } else {
            let _ = write!(out, "<c r=\"{col}1\" s=\"{STYLE_HEADER}\" t=\"inlineStr\">");
            inline(&mut out, h);
            out.extend_from_slice(b"</c>");
        }
    }
    out.extend_from_slice(b"</row>");
    out
}

/// The sheet's XML after its rows: the autofilter over the table to
/// `last_row`.
pub(super) fn tail(cols: &Columns, last_row: u32) -> Vec<u8> {
    format!(
        "</sheetData><autoFilter ref=\"A1:{}{last_row}\"/><pageMargins left=\"0.7\" \
         right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>",
        cols.last()
    )
    .into_bytes()
}

/// The range a sheet's autofilter covers, as `workbook.xml` names it.
pub(super) fn filter_range(cols: &Columns, last_row: u32) -> String {
    format!("$A$1:${}${last_row}", cols.last())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_excel_letters_them() {
        assert_eq!(letters(0), "A");
        assert_eq!(letters(25), "Z");
        assert_eq!(letters(26), "AA");
        assert_eq!(letters(53), "BB");
        assert_eq!(letters(701), "ZZ");
        assert_eq!(letters(702), "AAA");
    }

    #[test]
    fn text_is_escaped_as_excel_escapes_it() {
        let mut out = Vec::new();
        escape(&mut out, "a<b>&c\u{1}\td_x0041_e_x00G1_");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a&lt;b&gt;&amp;c_x0001_\td_x005F_x0041_e_x00G1_"
        );
    }

    #[test]
    fn cells_get_their_kinds_and_row_numbers() {
        let header = ["level", "title", "detected_at", "overdue", "due"];
        let cols = Columns::new(&header);
        let mut rows = Rows::new(&cols, &header, 7);
        rows.add(&["2", " =1+1", "2026-04-03 09:15", "true", "2026-04-03"]);
        rows.add(&["", "x", "soon", "maybe", ""]);
        rows.add(&["1", "", "", "true", "2026-04-03"]);
        let xml = String::from_utf8(rows.xml).unwrap();
        assert!(xml.starts_with("<row r=\"7\"><c><v>2</v></c>"), "{xml}");
        assert!(xml.contains("<c t=\"inlineStr\"><is><t xml:space=\"preserve\"> =1+1</t></is></c>"));
        assert!(
            xml.contains("<c s=\"3\"><v>46115.385416666664</v></c>"),
            "{xml}"
        );
        assert!(xml.contains("<c t=\"b\"><v>1</v></c><c s=\"2\"><v>46115</v></c></row>"));
        // A cell after an empty one says where it is; the next follows it.
        assert!(xml.contains(
            "<row r=\"8\"><c r=\"B8\" t=\"inlineStr\"><is><t>x</t></is></c>\
             <c t=\"inlineStr\"><is><t>soon</t></is></c>"
        ));
        assert!(!xml.contains("A8"), "an empty value is no cell");
        assert!(
            xml.contains("<row r=\"9\"><c><v>1</v></c><c r=\"D9\" t=\"b\"><v>1</v></c><c s=\"2\">")
        );
        assert_eq!(rows.next, 10);
    }
}
