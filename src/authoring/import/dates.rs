//! Dates as spreadsheets hold them: ISO 8601 and RFC 3339, `2025/4/1 9:30`,
//! `2025年4月1日 9時30分`, Japanese era dates (`令和7年4月1日`, `R7.4.1`,
//! `平成31年4月30日`, `令和元年5月1日`), Excel serial numbers, and the
//! mapping's own chrono formats.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
    Timelike, Weekday,
};
use unicode_normalization::UnicodeNormalization;

/// A point in time read from a cell: a day, and the time when the cell gave one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// A month whose day is unknown (`2023年5月`, `2023/5`), as its first day.
    Month(NaiveDate),
    Day(NaiveDate),
    Local(NaiveDateTime),
    Exact(DateTime<FixedOffset>),
}

impl When {
    pub fn date(&self) -> NaiveDate {
        match self {
            When::Month(d) | When::Day(d) => *d,
            When::Local(t) => t.date(),
            When::Exact(t) => t.date_naive(),
        }
    }

    /// The instant in `tz` (a bare day: its start).
    pub fn at(&self, tz: FixedOffset) -> DateTime<FixedOffset> {
        let local = match self {
            When::Exact(t) => return *t,
            When::Local(t) => *t,
            When::Month(d) | When::Day(d) => d.and_time(NaiveTime::MIN),
        };
        tz.from_local_datetime(&local)
            .single()
            .unwrap_or_else(|| local.and_utc().fixed_offset())
    }

    /// The YAML value of a datetime field: a bare date stays a bare date,
    /// a month a month (`2023-05`), a time gets the offset `tz`.
    pub fn datetime_text(&self, tz: FixedOffset) -> String {
        match self {
            When::Month(d) => d.format("%Y-%m").to_string(),
            When::Day(d) => d.format("%Y-%m-%d").to_string(),
            _ => self.at(tz).format("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        }
    }
}

/// Japanese eras: name, Latin initial, first day. Year 1 of an era is the
/// year of its first day.
const ERAS: &[(&str, char, (i32, u32, u32))] = &[
    ("令和", 'R', (2019, 5, 1)),
    ("平成", 'H', (1989, 1, 8)),
    ("昭和", 'S', (1926, 12, 25)),
];

/// The earliest and latest serial numbers read as dates (1900-01-01 and
/// 9999-12-31, as Excel allows).
const SERIAL_RANGE: std::ops::RangeInclusive<f64> = 1.0..=2_958_465.999_999;

/// An Excel serial number (days since 1899-12-30, the fraction the time of
/// day; the 1900 workbook system).
pub fn from_serial(serial: f64) -> Option<When> {
    if !SERIAL_RANGE.contains(&serial) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_time(NaiveTime::MIN);
    let seconds = (serial * 86_400.0).round() as i64;
    let t = base.checked_add_signed(Duration::seconds(seconds))?;
    Some(if t.time() == NaiveTime::MIN {
        When::Day(t.date())
    } else {
        When::Local(t)
    })
}

/// An Excel serial number written as text: what a CSV file saved from a
/// workbook holds for a date cell without a date format (`45748`,
/// `45748.3958`). Only numbers from 20,000 (1954-10-03) up are taken for
/// serials, so that a year alone (`2025`) is never read as a day of 1905.
pub fn serial_text(text: &str) -> Option<When> {
    let raw = text.trim();
    let plain = !raw.is_empty()
        && raw.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && raw.bytes().filter(|&b| b == b'.').count() <= 1
        && !raw.starts_with('.');
    let n: f64 = raw.parse().ok().filter(|_| plain)?;
    (n >= 20_000.0).then(|| from_serial(n)).flatten()
}

/// Text as people type dates, with the mapping's `formats` tried first.
pub fn parse(text: &str, formats: &[String]) -> Option<When> {
    let raw = text.trim();
    for f in formats {
        if let Ok(t) = NaiveDateTime::parse_from_str(raw, f) {
            return Some(When::Local(t));
        }
        if let Ok(d) = NaiveDate::parse_from_str(raw, f) {
            return Some(When::Day(d));
        }
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(When::Exact(t));
    }
    // Full-width digits and punctuation (２０２５／４／１) as ASCII.
    let norm: String = raw.nfkc().collect();
    // `2023年5月ごろ` / `5月頃`: about then, so no day is known.
    let (norm, about) = match ["ごろ", "頃", "ころ"]
        .iter()
        .find_map(|w| norm.trim().strip_suffix(w))
    {
        Some(rest) => (rest.trim().to_string(), true),
        None => (norm, false),
    };
    let (norm, meridiem, weekday) = display_marks(norm.trim())?;
    let when = parse_plain(&norm, about)?;
    if weekday.is_some_and(|w| w != when.date().weekday()) {
        return None;
    }
    match (meridiem, when) {
        (None, _) => Some(when),
        (Some(pm), When::Local(t)) if t.hour() <= 12 => {
            let hour = t.hour() % 12 + if pm { 12 } else { 0 };
            Some(When::Local(t.with_hour(hour)?))
        }
        _ => None,
    }
}

/// Excel's Japanese display forms, taken off the date: a weekday in
/// brackets (`2024/4/1(月)`, `（月曜日）`) and 午前/午後 or AM/PM
/// (`午後 1:30`, `午後3時`, `1:30 PM`). The text left, whether the time is
/// after noon (when said), and the weekday (when said). `None` when a
/// bracket holds anything but a weekday.
fn display_marks(s: &str) -> Option<(String, Option<bool>, Option<Weekday>)> {
    let mut text = s.to_string();
    let mut weekday = None;
    if let Some(open) = text.find('(') {
        let close = open + text[open..].find(')')?;
        let inside = text[open + 1..close].trim();
        let name = inside
            .strip_suffix("曜日")
            .or_else(|| inside.strip_suffix('曜'))
            .unwrap_or(inside);
        const DAYS: [(&str, Weekday); 7] = [
            ("月", Weekday::Mon),
            ("火", Weekday::Tue),
            ("水", Weekday::Wed),
            ("木", Weekday::Thu),
            ("金", Weekday::Fri),
            ("土", Weekday::Sat),
            ("日", Weekday::Sun),
        ];
        weekday = Some(DAYS.iter().find(|(n, _)| *n == name)?.1);
        text.replace_range(open..=close, " ");
    }
    let mut meridiem = None;
    for (mark, pm) in [("午前", false), ("午後", true)] {
        if let Some(at) = text.find(mark) {
            text.replace_range(at..at + mark.len(), " ");
            meridiem = Some(pm);
            break;
        }
    }
    if meridiem.is_none() {
        let upper = text.trim_end().to_ascii_uppercase();
        for (mark, pm) in [("AM", false), ("PM", true)] {
            if let Some(rest) = upper.strip_suffix(mark) {
                text.truncate(rest.len());
                meridiem = Some(pm);
                break;
            }
        }
    }
    Some((text.trim().to_string(), meridiem, weekday))
}

/// The date of text with only numbers and separators left, or an era.
fn parse_plain(norm: &str, about: bool) -> Option<When> {
    let (norm, era) = strip_era(norm.trim())?;
    let nums = numbers(&norm)?;
    let (y, m) = (nums.first()?, nums.get(1)?);
    // A year and a month alone: the month, its day unknown.
    let d = nums.get(2).copied().unwrap_or(1);
    let year = match era {
        Some((start, _)) => start.0 + i32::try_from(*y).ok()? - 1,
        None if *y >= 1000 => i32::try_from(*y).ok()?,
        None => return None,
    };
    let date = NaiveDate::from_ymd_opt(year, u32::try_from(*m).ok()?, u32::try_from(d).ok()?)?;
    if let Some((start, next)) = era {
        let first = NaiveDate::from_ymd_opt(start.0, start.1, start.2)?;
        // A month is in the era when any of its days is.
        let last = if nums.len() == 2 {
            date.checked_add_months(chrono::Months::new(1))?
                .pred_opt()?
        } else {
            date
        };
        if last < first || next.is_some_and(|n| date >= n) {
            return None;
        }
    }
    match nums.len() {
        2 => Some(When::Month(date)),
        // `ごろ` after a day or a time: which day is not said; refused.
        _ if about => None,
        3 => Some(When::Day(date)),
        // `…日 14時`: the hour alone, said in words (a bare `2025/4/1 14`
        // stays refused: it could be anything).
        4 if norm.trim_end().ends_with('時') => {
            let time = NaiveTime::from_hms_opt(u32::try_from(nums[3]).ok()?, 0, 0)?;
            Some(When::Local(date.and_time(time)))
        }
        5 | 6 => {
            let s = nums.get(5).copied().unwrap_or(0);
            let time = NaiveTime::from_hms_opt(
                u32::try_from(nums[3]).ok()?,
                u32::try_from(nums[4]).ok()?,
                u32::try_from(s).ok()?,
            )?;
            Some(When::Local(date.and_time(time)))
        }
        _ => None,
    }
}

type Era = ((i32, u32, u32), Option<NaiveDate>);

/// `令和7年…` / `R7.…` → (`7年…`, the era); `元年` is year 1.
fn strip_era(s: &str) -> Option<(String, Option<Era>)> {
    for (i, (name, initial, start)) in ERAS.iter().enumerate() {
        let rest = s
            .strip_prefix(name)
            .or_else(|| {
                s.strip_prefix(*initial)
                    .or_else(|| s.strip_prefix(initial.to_ascii_lowercase()))
            })
            .filter(|r| r.starts_with(|c: char| c.is_ascii_digit() || c == '元'));
        if let Some(rest) = rest {
            // The day the next (newer) era began ends this one.
            let next = i
                .checked_sub(1)
                .and_then(|j| ERAS.get(j))
                .and_then(|(_, _, (y, m, d))| NaiveDate::from_ymd_opt(*y, *m, *d));
            let rest = rest
                .strip_prefix('元')
                .map_or(rest.to_string(), |r| format!("1{r}"));
            return Some((rest, Some((*start, next))));
        }
    }
    Some((s.to_string(), None))
}

/// The numbers of a date written with the separators people use:
/// `2025-04-01 09:30`, `2025/4/1 9:30:15`, `2025.4.1`, `2025年4月1日 9時30分`,
/// `2025-04-01T09:30`. Anything else (letters, a second time) is refused.
fn numbers(s: &str) -> Option<Vec<u64>> {
    let mut out = Vec::new();
    let mut cur: Option<u64> = None;
    for c in s.chars() {
        if let Some(d) = c.to_digit(10) {
            cur = Some(
                cur.unwrap_or(0)
                    .checked_mul(10)?
                    .checked_add(u64::from(d))?,
            );
            continue;
        }
        if let Some(n) = cur.take() {
            out.push(n);
        }
        if !matches!(
            c,
            '-' | '/' | '.' | ':' | ' ' | 'T' | '年' | '月' | '日' | '時' | '分' | '秒'
        ) {
            return None;
        }
    }
    if let Some(n) = cur {
        out.push(n);
    }
    (out.len() <= 6).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> When {
        When::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    fn local(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> When {
        When::Local(
            NaiveDate::from_ymd_opt(y, mo, d)
                .unwrap()
                .and_hms_opt(h, mi, 0)
                .unwrap(),
        )
    }

    #[test]
    fn a_year_and_month_alone_is_a_month() {
        let month = When::Month(NaiveDate::from_ymd_opt(2023, 5, 1).unwrap());
        let may = Some(month);
        for s in [
            "2023年5月",
            "2023/5",
            "2023-05",
            "２０２３年５月",
            "2023年5月ごろ",
            "2023/5頃",
            "令和5年5月",
        ] {
            assert_eq!(parse(s, &[]), may, "{s}");
        }
        assert_eq!(
            month.datetime_text(FixedOffset::east_opt(9 * 3600).unwrap()),
            "2023-05"
        );
        // 平成31年4月 is a month of Heisei; 令和元年4月 is not (Reiwa began in May).
        assert!(parse("平成31年4月", &[]).is_some());
        assert_eq!(parse("令和元年4月", &[]), None);
        assert_eq!(
            parse("令和元年5月", &[]),
            Some(When::Month(NaiveDate::from_ymd_opt(2019, 5, 1).unwrap()))
        );
        // A day said to be approximate, a month 13, a year alone: refused.
        for s in ["2023年5月10日ごろ", "2023/13", "2023", "5月"] {
            assert_eq!(parse(s, &[]), None, "{s}");
        }
    }

    #[test]
    fn the_forms_people_type() {
        assert_eq!(parse("2025-04-01", &[]), Some(day(2025, 4, 1)));
        assert_eq!(parse("2025/4/1 9:30", &[]), Some(local(2025, 4, 1, 9, 30)));
        assert_eq!(parse(" 2025/04/01 ", &[]), Some(day(2025, 4, 1)));
        assert_eq!(parse("２０２５／４／１", &[]), Some(day(2025, 4, 1)));
        assert_eq!(
            parse("2025年4月1日 9時30分", &[]),
            Some(local(2025, 4, 1, 9, 30))
        );
        assert_eq!(
            parse("2025-04-01 09:30", &[]),
            Some(local(2025, 4, 1, 9, 30))
        );
        let exact = parse("2025-04-01T09:30:00+09:00", &[]).unwrap();
        assert_eq!(
            exact.datetime_text(FixedOffset::east_opt(0).unwrap()),
            "2025-04-01T09:30:00+09:00"
        );
        assert_eq!(parse("2025/13/1", &[]), None);
        assert_eq!(
            parse("令和6年3月20日 14時", &[]),
            Some(local(2024, 3, 20, 14, 0))
        );
        assert_eq!(parse("2024/3/20 14", &[]), None);
        assert_eq!(parse("来週", &[]), None);
        assert_eq!(parse("25/4/1", &[]), None, "a two-digit year is ambiguous");
        assert_eq!(parse("2025/4/1 9:30 10:00", &[]), None);
    }

    #[test]
    fn excel_japanese_display_forms() {
        // Excel's Japanese date and time formats, as a CSV saves them.
        assert_eq!(parse("2024/4/1(月)", &[]), Some(day(2024, 4, 1)));
        assert_eq!(parse("2024年4月1日（月）", &[]), Some(day(2024, 4, 1)));
        assert_eq!(
            parse("2024/4/1(月曜日) 9:30", &[]),
            Some(local(2024, 4, 1, 9, 30))
        );
        assert_eq!(
            parse("令和6年4月1日 午後3時", &[]),
            Some(local(2024, 4, 1, 15, 0))
        );
        assert_eq!(
            parse("2024/4/1 午後 1:30", &[]),
            Some(local(2024, 4, 1, 13, 30))
        );
        assert_eq!(
            parse("2024/4/1 午前9時5分", &[]),
            Some(local(2024, 4, 1, 9, 5))
        );
        assert_eq!(
            parse("2024/4/1 1:30 PM", &[]),
            Some(local(2024, 4, 1, 13, 30))
        );
        assert_eq!(
            parse("2024/4/1 12:10 AM", &[]),
            Some(local(2024, 4, 1, 0, 10))
        );
        assert_eq!(
            parse("2024/4/1 午後0時", &[]),
            Some(local(2024, 4, 1, 12, 0))
        );
        assert_eq!(
            parse("2024/4/1 午後12時", &[]),
            Some(local(2024, 4, 1, 12, 0))
        );
        // A weekday the date does not fall on, 午後 with an hour past 12 or
        // with no time at all: which is meant is not known; refused.
        assert_eq!(parse("2024/4/1(火)", &[]), None);
        assert_eq!(parse("2024/4/1 午後15時", &[]), None);
        assert_eq!(parse("2024/4/1 午後", &[]), None);
        assert_eq!(parse("2024/4/1(x)", &[]), None);
    }

    #[test]
    fn japanese_eras() {
        assert_eq!(parse("令和7年4月1日", &[]), Some(day(2025, 4, 1)));
        assert_eq!(parse("令和元年5月1日", &[]), Some(day(2019, 5, 1)));
        assert_eq!(parse("R7.4.1", &[]), Some(day(2025, 4, 1)));
        assert_eq!(parse("平成31年4月30日", &[]), Some(day(2019, 4, 30)));
        assert_eq!(parse("H30/1/5 14:05", &[]), Some(local(2018, 1, 5, 14, 5)));
        // 平成 ended on 2019-04-30; 令和 began on 2019-05-01.
        assert_eq!(parse("平成31年5月1日", &[]), None);
        assert_eq!(parse("令和1年4月30日", &[]), None);
    }

    #[test]
    fn serial_numbers_and_own_formats() {
        assert_eq!(from_serial(45748.0), Some(day(2025, 4, 1)));
        assert_eq!(
            from_serial(45748.395833333336),
            Some(local(2025, 4, 1, 9, 30))
        );
        assert_eq!(serial_text(" 45748 "), Some(day(2025, 4, 1)));
        assert_eq!(
            serial_text("45748.395833333336"),
            from_serial(45748.395833333336)
        );
        // A year alone, a yyyymmdd number or other text is no serial.
        assert_eq!(serial_text("2025"), None);
        assert_eq!(serial_text("20250401"), None);
        assert_eq!(serial_text("4.5.6"), None);
        assert_eq!(serial_text("-45748"), None);
        assert_eq!(from_serial(0.0), None);
        assert_eq!(from_serial(-5.0), None);
        assert_eq!(from_serial(1e12), None);
        assert_eq!(
            parse("01.04.2025", &["%d.%m.%Y".to_string()]),
            Some(day(2025, 4, 1))
        );
    }
}
