//! Values written the way people type them in Japanese: full-width digits
//! and signs in a number, date or duration (E015, with the half-width value
//! to write), and dates in the forms `2026/4/1`, `2026年4月1日` or
//! `2026-4-1` (the normalised value, as the hint of E105).

use chrono::{FixedOffset, NaiveDate};
use unicode_normalization::UnicodeNormalization;

/// The first full-width (or other look-alike) character of `s` that a
/// number, date or duration may not contain, with its character index.
pub fn first_wide(s: &str) -> Option<(usize, char)> {
    // None of them is ASCII, and nearly every value asked is (dates, times,
    // numbers): asked a word at a time rather than decoded (1.7 % of
    // `check`'s instructions outside SHA-256).
    if s.is_ascii() {
        return None;
    }
    s.chars().enumerate().find(|(_, c)| is_wide(*c))
}

fn is_wide(c: char) -> bool {
    matches!(
        c,
        '\u{FF01}'..='\u{FF5E}' | '\u{3000}' | '−' | 'ー' | '―' | '‐' | '–' | '—'
    )
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
/// `9:15`, `9:15:30` or `9時15分` and an offset (`+09:00`): `2026-04-01`, or
/// `2026-04-01T09:15:00+09:00` (the site's offset when none is written).
/// `None` when `s` is no such date.
pub fn normalise_date(s: &str, tz: FixedOffset) -> Option<String> {
    let s = western(&narrow(s.trim()))?;
    let (date, time) = match s.find(['T', ' ']) {
        Some(at) => (&s[..at], s[at + 1..].trim()),
        None => (s.as_str(), ""),
    };
    let parts = numbers(date, &['/', '-', '.', '年', '月', '日'])?;
    // A year and a month alone (`2023年5月`, `2023/5`): the month `2023-05`.
    if let ([y, m], true) = (&parts[..], time.is_empty()) {
        return ((1900..=2999).contains(y) && (1..=12).contains(m))
            .then(|| format!("{y:04}-{m:02}"));
    }
    let [y, m, d] = parts[..] else { return None };
    if !(1900..=2999).contains(&y) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(y as i32, m, d)?;
    if time.is_empty() {
        return Some(date.format("%Y-%m-%d").to_string());
    }
    // A trailing offset: `Z`, or a sign after the time's first digit.
    let (clock, zone) = match time
        .char_indices()
        .skip(1)
        .find(|(_, c)| matches!(c, '+' | '-' | 'Z'))
    {
        Some((at, _)) => (&time[..at], Some(&time[at..])),
        None => (time, None),
    };
    let hms = numbers(clock.trim(), &[':', '時', '分', '秒'])?;
    let (h, mi, sec) = match hms[..] {
        [h] => (h, 0, 0),
        [h, mi] => (h, mi, 0),
        [h, mi, sec] => (h, mi, sec),
        _ => return None,
    };
    let t = date.and_hms_opt(h, mi, sec)?;
    let zone = match zone {
        Some(z) => crate::model::time::parse_offset(z).map(offset)?,
        None => offset(tz),
    };
    Some(format!("{}{zone}", t.format("%Y-%m-%dT%H:%M:%S")))
}

/// Japanese eras, with the Western year of their first year.
const ERAS: [(&str, char, u32); 3] = [
    ("令和", 'R', 2019),
    ("平成", 'H', 1989),
    ("昭和", 'S', 1926),
];

/// `s` with a leading Japanese era year made Western (`令和8年12月5日` →
/// `2026年12月5日`, `R8.12.5` → `2026.12.5`, `令和元年` is year 1); `s`
/// itself when it starts with no era; `None` for an era without a year.
fn western(s: &str) -> Option<String> {
    let Some((first, rest)) = ERAS.iter().find_map(|(name, letter, first)| {
        let rest = s.strip_prefix(name).or_else(|| {
            s.strip_prefix(*letter)
                .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        })?;
        Some((*first, rest))
    }) else {
        return Some(s.to_string());
    };
    let (year, rest) = match rest.strip_prefix('元') {
        Some(r) => (1, r),
        None => {
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            (rest[..digits].parse::<u32>().ok()?, &rest[digits..])
        }
    };
    Some(format!("{}{rest}", first + year - 1))
}

/// Whether `s` is written as a date (`2026-13-30`, `2026/2/30`) but names a
/// day no calendar has: the month or the day out of range.
pub fn no_such_date(s: &str) -> bool {
    let s = narrow(s.trim());
    let date = s.split(['T', ' ']).next().unwrap_or("");
    match numbers(date, &['/', '-', '.', '年', '月', '日']).as_deref() {
        Some(&[y, m, d]) => {
            (1900..=2999).contains(&y) && NaiveDate::from_ymd_opt(y as i32, m, d).is_none()
        }
        _ => false,
    }
}

/// The hint of E105 for a date (`2026-13-01`) or time (`25:10`) that does
/// not exist; `None` when `s` names none such.
pub fn impossible(s: &str) -> Option<crate::diagnostics::Msg> {
    use crate::diagnostics::msg;
    if no_such_date(s) {
        return Some(msg!("E105.no_such_date_hint", value = s.trim()));
    }
    no_such_time(s).map(|time| msg!("E105.no_such_time_hint", value = time))
}

/// The time of `s` when `s` is a valid date followed by a time no clock
/// shows (`2026-10-05T25:10:00+09:00` → `25:10:00`): hour over 23, minute
/// or second over 59.
pub fn no_such_time(s: &str) -> Option<String> {
    let s = narrow(s.trim());
    let at = s.find(['T', ' '])?;
    let time = s[at + 1..].trim();
    let clock = time
        .char_indices()
        .skip(1)
        .find(|(_, c)| matches!(c, '+' | '-' | 'Z'))
        .map_or(time, |(i, _)| &time[..i])
        .trim();
    let hms = numbers(clock, &[':', '時', '分', '秒'])?;
    let wrong = match hms[..] {
        [h] => h > 23,
        [h, m] => h > 23 || m > 59,
        [h, m, sec] => h > 23 || m > 59 || sec > 59,
        _ => false,
    };
    (wrong && !no_such_date(&s[..at])).then(|| clock.to_string())
}

/// The numbers of `s`, separated by any of `seps` (a trailing one allowed).
fn numbers(s: &str, seps: &[char]) -> Option<Vec<u32>> {
    let s = s.trim_end_matches(seps);
    if s.is_empty() {
        return None;
    }
    s.split(seps)
        .map(|n| {
            let n = n.trim();
            if n.is_empty() || n.len() > 4 || !n.bytes().all(|b| b.is_ascii_digit()) {
                None
            } else {
                n.parse().ok()
            }
        })
        .collect()
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

    /// The ASCII shortcut answers as decoding every character does: for
    /// values all ASCII, and for values with a wide character (or another
    /// non-ASCII one) at every place.
    #[test]
    fn first_wide_answers_as_the_search_of_every_character() {
        let decoded = |s: &str| s.chars().enumerate().find(|(_, c)| is_wide(*c));
        let mut values = vec![
            String::new(),
            "2026-04-01".into(),
            "2026-04-01T09:15:00+09:00".into(),
            "12".into(),
            "P3D".into(),
        ];
        for c in [
            '２', '\u{3000}', '−', 'ー', '―', '‐', '–', '—', '！', '～', '年', 'é',
        ] {
            for at in 0..=10 {
                let mut v: Vec<char> = "2026-04-01".chars().collect();
                v.insert(at, c);
                values.push(v.into_iter().collect());
            }
        }
        for v in &values {
            assert_eq!(first_wide(v), decoded(v), "{v}");
        }
        assert_eq!(first_wide("2026－04"), Some((4, '－')));
    }

    #[test]
    fn era_dates_normalise_to_the_western_year() {
        assert_eq!(
            normalise_date("令和8年12月5日", jst()).as_deref(),
            Some("2026-12-05")
        );
        assert_eq!(
            normalise_date("R8.12.5", jst()).as_deref(),
            Some("2026-12-05")
        );
        assert_eq!(
            normalise_date("令和元年5月1日", jst()).as_deref(),
            Some("2019-05-01")
        );
        assert_eq!(
            normalise_date("平成31年4月30日", jst()).as_deref(),
            Some("2019-04-30")
        );
        assert_eq!(normalise_date("令和年5月1日", jst()), None);
    }

    #[test]
    fn times_no_clock_shows_are_told_apart() {
        assert_eq!(
            no_such_time("2026-10-05T25:10:00+09:00").as_deref(),
            Some("25:10:00")
        );
        assert_eq!(no_such_time("2026/10/5 9:60").as_deref(), Some("9:60"));
        assert_eq!(no_such_time("2026-10-05T09:10:00+09:00"), None);
        assert_eq!(no_such_time("2026-10-05"), None);
    }

    #[test]
    fn days_no_calendar_has_are_told_apart() {
        assert!(no_such_date("2026-13-01"));
        assert!(no_such_date("2026/2/30 10:00"));
        assert!(!no_such_date("2026-12-01"));
        assert!(!no_such_date("いつか"));
    }

    #[test]
    fn a_year_and_month_alone_normalise_to_the_month() {
        for s in ["2023年5月", "2023/5", "２０２３年５月", "令和5年5月"] {
            assert_eq!(normalise_date(s, jst()).as_deref(), Some("2023-05"), "{s}");
        }
        assert_eq!(normalise_date("2023/13", jst()), None);
    }

    #[test]
    fn japanese_date_forms_normalise() {
        for s in [
            "2026/4/1",
            "2026年4月1日",
            "2026-4-1",
            "２０２６／４／１",
            "2026.04.01",
        ] {
            assert_eq!(
                normalise_date(s, jst()).as_deref(),
                Some("2026-04-01"),
                "{s}"
            );
        }
        assert_eq!(
            normalise_date("2026/4/1 9:15", jst()).as_deref(),
            Some("2026-04-01T09:15:00+09:00")
        );
        assert_eq!(
            normalise_date("2026年4月1日 9時15分", jst()).as_deref(),
            Some("2026-04-01T09:15:00+09:00")
        );
        assert_eq!(
            normalise_date("2026-10-5T15:10:00+09:00", jst()).as_deref(),
            Some("2026-10-05T15:10:00+09:00")
        );
        assert_eq!(
            normalise_date("2026/10/5 15:10:30Z", jst()).as_deref(),
            Some("2026-10-05T15:10:30+00:00")
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
