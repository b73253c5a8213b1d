//! Values written the way people type them in Japanese: full-width digits
//! and signs in a number, date or duration (E015, with the half-width value
//! to write), and dates in the forms `2026/4/1`, `2026年4月1日` or
//! `2026-4-1` (the normalised value, as the hint of E105).

use chrono::{FixedOffset, NaiveDate};
use unicode_normalization::UnicodeNormalization;

/// The first full-width (or other look-alike) character of `s` that a
/// number, date or duration may not contain, with its character index.
pub fn first_wide(s: &str) -> Option<(usize, char)> {
    s.chars()
        .enumerate()
        .find(|(_, c)| is_wide(*c))
}

fn is_wide(c: char) -> bool {
    matches!(c, '\u{FF01}'..='\u{FF5E}' | '\u{3000}' | '−' | 'ー' | '―' | '‐' | '–' | '—')
}

/// `s` with full-width characters made half-width (`２０２６－０４－０１`
/// → `2026-04-01`; long marks and dashes between digits → `-`).
pub fn narrow(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '−' | 'ー' | '―' | '‐' | '–' | '—' => '-',
            '\u{3000}' => ' ',
            c => c,
        })
        .collect::<String>()
        .nfkc()
        .collect()
}

/// The RFC 3339 form of a date (and time) written as `2026/4/1`,
/// `2026年4月1日`, `2026-4-1`, `2026.4.1`, optionally followed by a time
/// `9:15` or `9時15分`: `2026-04-01`, or `2026-04-01T09:15:00+09:00` with
/// the site's offset. `None` when `s` is no such date.
pub fn normalise_date(s: &str, tz: FixedOffset) -> Option<String> {
    let s = narrow(s.trim());
    let mut nums: Vec<u32> = Vec::new();
    let mut cur = String::new();
    let mut seps = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            cur.push(c);
        } else {
            if !cur.is_empty() {
                nums.push(cur.parse().ok()?);
                cur.clear();
            }
            seps.push(c);
        }
    }
    if !cur.is_empty() {
        nums.push(cur.parse().ok()?);
    }
    // Separators allowed between the parts: / - . 年 月 日 時 分, spaces, T.
    if !seps
        .chars()
        .all(|c| matches!(c, '/' | '-' | '.' | '年' | '月' | '日' | '時' | '分' | ' ' | 'T' | ':' | '(' | ')'))
    {
        return None;
    }
    let (&y, rest) = nums.split_first()?;
    if !(1900..=2999).contains(&y) || rest.len() < 2 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(y as i32, rest[0], rest[1])?;
    match rest.len() {
        2 => Some(date.format("%Y-%m-%d").to_string()),
        3 | 4 => {
            let (h, m) = (rest[2], rest.get(3).copied().unwrap_or(0));
            if h > 23 || m > 59 {
                return None;
            }
            let t = date.and_hms_opt(h, m, 0)?;
            Some(format!("{}{}", t.format("%Y-%m-%dT%H:%M:%S"), offset(tz)))
        }
        _ => None,
    }
}

fn offset(tz: FixedOffset) -> String {
    let secs = tz.local_minus_utc();
    let sign = if secs < 0 { '-' } else { '+' };
    let secs = secs.abs();
    format!("{sign}{:02}:{:02}", secs / 3600, secs % 3600 / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jst() -> FixedOffset {
        FixedOffset::east_opt(9 * 3600).unwrap()
    }

    #[test]
    fn japanese_date_forms_normalise() {
        for s in ["2026/4/1", "2026年4月1日", "2026-4-1", "２０２６／４／１", "2026.04.01"] {
            assert_eq!(normalise_date(s, jst()).as_deref(), Some("2026-04-01"), "{s}");
        }
        assert_eq!(
            normalise_date("2026/4/1 9:15", jst()).as_deref(),
            Some("2026-04-01T09:15:00+09:00")
        );
        assert_eq!(
            normalise_date("2026年4月1日 9時15分", jst()).as_deref(),
            Some("2026-04-01T09:15:00+09:00")
        );
        assert_eq!(normalise_date("2026/2/30", jst()), None);
        assert_eq!(normalise_date("last tuesday", jst()), None);
    }

    #[test]
    fn wide_characters_are_found_and_narrowed() {
        assert_eq!(first_wide("2026-04-０1"), Some((8, '０')));
        assert_eq!(narrow("２０２６－０４－０１"), "2026-04-01");
        assert_eq!(narrow("１"), "1");
        assert_eq!(first_wide("2026-04-01"), None);
    }
}
