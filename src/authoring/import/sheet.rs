//! The sheet's layout: column headers (one row, or several where merged
//! cells above the column names group them), finding a column by header or
//! letter, naming a cell (`Sheet1!D17`), and the rows the mapping skips.

use super::input::Sheet;
use super::mapping::{ColRef, Mapping};
use unicode_normalization::UnicodeNormalization;

/// The headers of every column.
#[derive(Clone, Debug, Default)]
pub struct Headers {
    /// Per column: the header rows' texts joined with `/` (`発生/日時`).
    pub full: Vec<String>,
    /// Per column: the last header row's text alone.
    pub last: Vec<String>,
    /// Each header row's texts as they stand in the sheet (a row equal to
    /// one of them is the header repeated).
    pub rows: Vec<Vec<String>>,
}

/// Header text as compared: Unicode-compatible forms, whitespace (line
/// breaks in a header cell too) collapsed to one space.
pub fn norm(s: &str) -> String {
    let n: String = s.nfkc().collect();
    n.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Headers {
    /// Read the header rows (1-based). A blank cell in an upper header row
    /// takes the text on its left, as a merged cell spanning the columns
    /// shows it.
    pub fn read(sheet: &Sheet, rows: &[usize]) -> Headers {
        let width = rows
            .iter()
            .filter_map(|r| sheet.rows.get(r.saturating_sub(1)))
            .map(Vec::len)
            .max()
            .unwrap_or(0);
        let mut full = vec![Vec::<String>::new(); width];
        let mut last = vec![String::new(); width];
        let texts = rows
            .iter()
            .map(|r| {
                (0..width)
                    .map(|c| norm(&sheet.cell(r.saturating_sub(1), c).text()))
                    .collect()
            })
            .collect();
        for (k, r) in rows.iter().enumerate() {
            let upper = k + 1 < rows.len();
            let mut left = String::new();
            for (c, parts) in full.iter_mut().enumerate() {
                let mut t = norm(&sheet.cell(r.saturating_sub(1), c).text());
                if t.is_empty() && upper {
                    t = left.clone();
                }
                left = t.clone();
                if !t.is_empty() && parts.last() != Some(&t) {
                    parts.push(t.clone());
                }
                if !upper {
                    last[c] = t;
                }
            }
        }
        Headers {
            full: full.into_iter().map(|p| p.join("/")).collect(),
            last,
            rows: texts,
        }
    }

    /// The column a mapping names: a header (the full one, or the last row's
    /// text when only one column has it), else a column letter.
    pub fn resolve(&self, c: &ColRef) -> Option<usize> {
        let want = norm(&c.name);
        if let Some(i) = self.full.iter().position(|h| *h == want) {
            return Some(i);
        }
        let mut last = self.last.iter().enumerate().filter(|(_, h)| **h == want);
        if let (Some((i, _)), None) = (last.next(), last.next()) {
            return Some(i);
        }
        letter_index(&c.name)
    }

    /// The header shown for a column (joined columns with `labels`).
    pub fn label(&self, col: usize) -> String {
        let full = self.full.get(col).and_then(|h| h.rsplit('/').next());
        match (self.last.get(col), full) {
            (Some(h), _) if !h.is_empty() => h.clone(),
            (_, Some(h)) if !h.is_empty() => h.to_string(),
            _ => column_letter(col),
        }
    }

    /// Every header, for the hint of a column that is not there.
    pub fn listing(&self) -> String {
        let names: Vec<String> = self
            .full
            .iter()
            .enumerate()
            .filter(|(_, h)| !h.is_empty())
            .map(|(i, h)| format!("{} {h}", column_letter(i)))
            .take(40)
            .collect();
        names.join(", ")
    }
}

/// Where the headers a mapping names stand, when they are not on its header
/// rows: the 1-based rows (`[4]`, or `[3, 4]` for a header of two rows —
/// a name `上/下` or names found on two adjacent rows) among the sheet's
/// first 30, for the hint of `header_row`. `None` when none is found, or
/// the rows found are not one header.
pub fn header_rows_of(sheet: &Sheet, names: &[&ColRef], now: &[usize]) -> Option<Vec<usize>> {
    let mut two = false;
    let mut found = Vec::new();
    for c in names {
        let name = norm(&c.name);
        let last = match name.rsplit_once('/') {
            Some((_, last)) => {
                two = true;
                last.to_string()
            }
            None => name,
        };
        let at = sheet
            .rows
            .iter()
            .take(30)
            .position(|row| row.iter().any(|cell| norm(&cell.text()) == last));
        found.extend(at.map(|r| r + 1));
    }
    let (lo, hi) = (*found.iter().min()?, *found.iter().max()?);
    let rows = if hi - lo > 1 {
        return None;
    } else if two || hi > lo {
        vec![hi.checked_sub(1).filter(|r| *r >= 1)?, hi]
    } else {
        vec![hi]
    };
    (rows != now).then_some(rows)
}

/// `D` → 3; `AA` → 26. Up to three upper-case letters.
pub fn letter_index(s: &str) -> Option<usize> {
    if s.is_empty() || s.len() > 3 || !s.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let n = s
        .bytes()
        .fold(0usize, |n, b| n * 26 + usize::from(b - b'A' + 1));
    Some(n - 1)
}

/// 3 → `D`; 26 → `AA`.
pub fn column_letter(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// `Sheet1!D17` (0-based row and column), `'My sheet'!D17` when the name
/// needs quoting, `D17` for a CSV file.
pub fn cell_name(sheet: Option<&str>, row: usize, col: usize) -> String {
    let at = format!("{}{}", column_letter(col), row + 1);
    match sheet {
        None => at,
        Some(s) if s.chars().all(|c| c.is_alphanumeric() || c == '_') => format!("{s}!{at}"),
        Some(s) => format!("'{}'!{at}", s.replace('\'', "''")),
    }
}

fn col_of(headers: &Headers, rule: &super::when::Cond) -> usize {
    rule.column
        .as_ref()
        .and_then(|c| headers.resolve(c))
        .unwrap_or(0)
}

/// Why a row is left out, if it is.
pub fn skipped(sheet: &Sheet, row: usize, headers: &Headers, m: &Mapping) -> Option<String> {
    let cells = sheet.rows.get(row).map(Vec::as_slice).unwrap_or(&[]);
    if m.skip_blank && cells.iter().all(|c| c.is_blank()) {
        return Some("blank".into());
    }
    if m.skip_header_repeated {
        let repeats = |h: &Vec<String>| {
            h.iter().any(|t| !t.is_empty())
                && h.iter()
                    .enumerate()
                    .filter(|(_, t)| !t.is_empty())
                    .all(|(i, t)| norm(&sheet.cell(row, i).text()) == *t)
        };
        if headers.rows.iter().any(repeats) {
            return Some("header repeated".into());
        }
    }
    for rule in &m.skip_when {
        if rule.holds(sheet, headers, row, None) {
            let name = rule.column.as_ref().map_or("", |c| c.name.as_str());
            return Some(format!(
                "{name} = {}",
                sheet.cell(row, col_of(headers, rule)).text().trim()
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authoring::import::input::Cell;
    use crate::diagnostics::Pos;

    fn col(name: &str) -> ColRef {
        ColRef {
            name: name.into(),
            pos: Pos::START,
        }
    }

    #[test]
    fn letters_and_cells() {
        assert_eq!(letter_index("A"), Some(0));
        assert_eq!(letter_index("AA"), Some(26));
        assert_eq!(letter_index("件名"), None);
        for i in [0, 3, 25, 26, 27, 701, 702] {
            assert_eq!(letter_index(&column_letter(i)), Some(i));
        }
        assert_eq!(cell_name(Some("Sheet1"), 16, 3), "Sheet1!D17");
        assert_eq!(cell_name(Some("台帳 2025"), 0, 0), "'台帳 2025'!A1");
        assert_eq!(cell_name(None, 1, 27), "AB2");
    }

    #[test]
    fn merged_headers_name_their_columns() {
        let t = |s: &str| Cell::Text(s.into());
        let sheet = Sheet {
            name: None,
            rows: vec![
                vec![t("番号"), t("発生"), Cell::Empty, t("備考")],
                vec![Cell::Empty, t("日付"), t("時刻"), Cell::Empty],
            ],
            merged: Vec::new(),
        };
        let h = Headers::read(&sheet, &[1, 2]);
        assert_eq!(h.full, vec!["番号", "発生/日付", "発生/時刻", "備考"]);
        assert_eq!(h.resolve(&col("発生/時刻")), Some(2));
        assert_eq!(h.resolve(&col("時刻")), Some(2));
        assert_eq!(h.resolve(&col("D")), Some(3));
        assert_eq!(h.resolve(&col("なし")), None);
    }
}
