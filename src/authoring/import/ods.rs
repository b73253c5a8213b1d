//! The merged cells of an OpenDocument sheet (`.ods`), which the workbook
//! reader does not report: read from the file's `content.xml`, streamed.
//! A merge is written on its top-left cell (`table:number-rows-spanned`,
//! `table:number-columns-spanned`); the cells it covers are
//! `table:covered-table-cell`s. Rows and cells repeated
//! (`table:number-rows-repeated`, `table:number-columns-repeated`) count
//! as many times as they say, so each merge has the row and column the
//! sheet shows it at.

use super::limits::{MAX_COLUMNS, MAX_ROWS};
use quick_xml::events::{BytesStart, Event};
use std::io::{BufReader, Cursor};

/// Merges kept at most (a hostile file could write millions); more than a
/// sheet of [`MAX_ROWS`] rows needs.
const MAX_MERGES: usize = MAX_ROWS;

/// The merges of the sheet `sheet` of the ODS file `bytes`, as (first row,
/// first column, last row, last column) from 0, only those spanning more
/// than one row (a merge across columns alone gives nothing to fill).
/// Empty when the file cannot be read this way: the workbook reader has
/// already read it, and reports what is wrong with it.
pub fn merges(bytes: &[u8], sheet: &str) -> Vec<(usize, usize, usize, usize)> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Vec::new();
    };
    let Ok(entry) = zip.by_name("content.xml") else {
        return Vec::new();
    };
    read(BufReader::new(entry), sheet)
}

/// The value of attribute `name` (local name, any prefix) as a count: 1
/// when absent or unreadable.
fn count(e: &BytesStart, name: &[u8]) -> usize {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            std::str::from_utf8(&a.value)
                .ok()?
                .trim()
                .parse::<usize>()
                .ok()
        })
        .filter(|n| *n >= 1)
        .unwrap_or(1)
}

fn name_of(e: &BytesStart, decoder: quick_xml::encoding::Decoder) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"name")
        .and_then(|a| {
            a.decode_and_unescape_value(decoder)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn read(source: impl std::io::BufRead, sheet: &str) -> Vec<(usize, usize, usize, usize)> {
    let mut reader = quick_xml::Reader::from_reader(source);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    // Tables open (the sheet's, and any inside one of its cells), while
    // inside the wanted sheet; 0 outside it.
    let mut depth = 0usize;
    let (mut row, mut col, mut row_repeat) = (0usize, 0usize, 1usize);
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        let (e, empty) = match &event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                match e.local_name().as_ref() {
                    b"table" if depth > 0 => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    b"table-row" if depth == 1 => row = row.saturating_add(row_repeat),
                    _ => {}
                }
                buf.clear();
                continue;
            }
            _ => {
                buf.clear();
                continue;
            }
        };
        match e.local_name().as_ref() {
            b"table" if depth > 0 => depth += usize::from(!empty),
            b"table" if !empty && name_of(e, reader.decoder()).as_deref() == Some(sheet) => {
                depth = 1
            }
            b"table-row" if depth == 1 => {
                row_repeat = count(e, b"number-rows-repeated");
                col = 0;
                if empty {
                    row = row.saturating_add(row_repeat);
                }
            }
            b"table-cell" | b"covered-table-cell" if depth == 1 => {
                let rows = count(e, b"number-rows-spanned");
                if rows > 1 && row < MAX_ROWS && col < MAX_COLUMNS && out.len() < MAX_MERGES {
                    let cols = count(e, b"number-columns-spanned");
                    out.push((
                        row,
                        col,
                        row.saturating_add(rows - 1),
                        col.saturating_add(cols - 1),
                    ));
                }
                col = col.saturating_add(count(e, b"number-columns-repeated"));
            }
            _ => {}
        }
        if row >= MAX_ROWS {
            break;
        }
        buf.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &str) -> String {
        format!(
            "<office:document-content xmlns:table=\"t\" xmlns:text=\"x\"><office:body><office:spreadsheet>\
             <table:table table:name=\"other\"><table:table-row><table:table-cell table:number-rows-spanned=\"9\"/></table:table-row></table:table>\
             <table:table table:name=\"台帳\">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
        )
    }

    #[test]
    fn merges_are_placed_where_the_sheet_shows_them() {
        let xml = sheet(
            "<table:table-row table:number-rows-repeated=\"2\"><table:table-cell/></table:table-row>\
             <table:table-row><table:table-cell table:number-columns-repeated=\"3\"/>\
             <table:table-cell table:number-rows-spanned=\"2\" table:number-columns-spanned=\"1\"><text:p>紛失</text:p></table:table-cell>\
             <table:table-cell table:number-rows-spanned=\"3\"><table:table table:name=\"in\"><table:table-row/></table:table></table:table-cell></table:table-row>\
             <table:table-row><table:covered-table-cell table:number-columns-repeated=\"2\"/></table:table-row>",
        );
        assert_eq!(
            read(xml.as_bytes(), "台帳"),
            vec![(2, 3, 3, 3), (2, 4, 4, 4)]
        );
        assert_eq!(read(xml.as_bytes(), "missing"), vec![]);
    }

    #[test]
    fn hostile_counts_stay_bounded() {
        let xml = sheet(
            "<table:table-row table:number-rows-repeated=\"18446744073709551615\"/>\
             <table:table-row><table:table-cell table:number-rows-spanned=\"18446744073709551615\"/></table:table-row>",
        );
        assert_eq!(read(xml.as_bytes(), "台帳"), vec![]);
        let xml = sheet(
            "<table:table-row><table:table-cell table:number-columns-repeated=\"99999999\"/>\
             <table:table-cell table:number-rows-spanned=\"18446744073709551615\"/></table:table-row>",
        );
        assert_eq!(read(xml.as_bytes(), "台帳"), vec![]);
        assert_eq!(merges(b"not a zip", "台帳"), vec![]);
    }
}
