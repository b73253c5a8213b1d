//! Dates, times and durations as the content format writes them.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use std::fmt;

/// A point in time from a record, as precisely as the record knows it: a
/// time (`2026-04-03T09:15:00+09:00`), a day whose time is unknown
/// (`2026-04-03`), or a month whose day is unknown (`2023-05`). A day or a
/// month is the interval it covers: `at` is its first moment in the site's
/// timezone, [`Timestamp::end`] the first moment after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Timestamp {
    pub at: DateTime<FixedOffset>,
    pub precision: Precision,
}

/// How much of a point in time a record knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Precision {
    /// The time, with its offset.
    Time,
    /// The day; its time is unknown.
    Day,
    /// The month; its day is unknown.
    Month,
}

/// Whether `s` says a point in time is unknown: `unknown`, or `不明` (a
/// record's `occurred_at` when nobody knows when it happened).
pub fn is_unknown(s: &str) -> bool {
    matches!(s.trim(), "unknown" | "不明")
}

/// A month written `YYYY-MM` (seven ASCII characters), as its first day.
pub fn parse_month(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 7 || b[4] != b'-' {
        return None;
    }
    let (y, m) = (ascii_number(&b[0..4])?, ascii_number(&b[5..7])?);
    NaiveDate::from_ymd_opt(y as i32, m, 1)
}

/// The number written by the ASCII digits `digits` (`None` if any byte is
/// not a digit, or the number does not fit): the fields of the date and
/// time forms read without chrono.
pub fn ascii_number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, &c| {
        c.is_ascii_digit().then_some(())?;
        n.checked_mul(10)?.checked_add(u32::from(c - b'0'))
    })
}

/// A date written `YYYY-MM-DD`, as `NaiveDate::parse_from_str(s,
/// "%Y-%m-%d")` reads it: ten ASCII characters are read directly (a
/// record's dates nearly always are), anything else by chrono — but only
/// in the years 1 to 9999: chrono also reads `+10000-01-01` and
/// `-0001-01-01`, which no export can write (an iCalendar date is eight
/// digits; one such date made a whole `calendar.ics` unreadable).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    parse_any_date(s).filter(|d| (1..=9999).contains(&d.year()))
}

fn parse_any_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| ascii_number(&b[r]);
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        if let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) {
            return NaiveDate::from_ymd_opt(y as i32, m, d);
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// `2026-04-03T09:15:00+09:00` read directly, as chrono's RFC 3339 reader
/// reads it (a record's times nearly always are written so); `None` for
/// anything else, which chrono then reads (a second of 60, a fraction,
/// `Z`, a lower-case `t`, a space…).
fn quick_rfc3339(s: &str) -> Option<DateTime<FixedOffset>> {
    let b = s.as_bytes();
    if b.len() != 25 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    if b[16] != b':' || !matches!(b[19], b'+' | b'-') || b[22] != b':' {
        return None;
    }
    let n = |at: usize, len: usize| ascii_number(&b[at..at + len]);
    let date = NaiveDate::from_ymd_opt(n(0, 4)? as i32, n(5, 2)?, n(8, 2)?)?;
    let (hour, minute, second) = (n(11, 2)?, n(14, 2)?, n(17, 2)?);
    if second > 59 {
        return None; // a leap second: chrono's own reading
    }
    let time = NaiveTime::from_hms_opt(hour, minute, second)?;
    let (oh, om) = (n(20, 2)?, n(23, 2)?);
    if oh > 23 || om > 59 {
        return None;
    }
    let secs = (oh * 3600 + om * 60) as i32;
    let offset = FixedOffset::east_opt(if b[19] == b'-' { -secs } else { secs })?;
    offset.from_local_datetime(&date.and_time(time)).single()
}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// By the first moment, then the less precise first: a month before the
/// days of its month (`2023-05` < `2023-05-01` < `2023-05-01T00:00+09:00`),
/// so the register, the exports, the calendar and the record pages' links
/// list records in one stable order.
impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.at
            .cmp(&other.at)
            .then_with(|| self.precision.rank().cmp(&other.precision.rank()))
    }
}

impl Precision {
    /// A month before a day before a time beginning at the same moment.
    fn rank(self) -> u8 {
        match self {
            Precision::Month => 0,
            Precision::Day => 1,
            Precision::Time => 2,
        }
    }
}

impl Timestamp {
    /// Parse RFC 3339 (`2026-04-03T09:15:00+09:00`, also with a space instead
    /// of `T`) or a date (`2026-04-03`).
    pub fn parse(s: &str, tz: FixedOffset) -> Option<Timestamp> {
        let s = s.trim();
        if let Some(at) = quick_rfc3339(s) {
            return Some(Timestamp {
                at,
                precision: Precision::Time,
            });
        }
        if let Ok(at) = DateTime::parse_from_rfc3339(s) {
            return Some(Timestamp {
                at,
                precision: Precision::Time,
            });
        }
        if let Ok(at) = DateTime::parse_from_rfc3339(&s.replacen(' ', "T", 1)) {
            return Some(Timestamp {
                at,
                precision: Precision::Time,
            });
        }
        let (date, precision) = match parse_date(s) {
            Some(d) => (d, Precision::Day),
            None => (parse_month(s)?, Precision::Month),
        };
        let at = tz
            .from_local_datetime(&date.and_time(NaiveTime::MIN))
            .single()?;
        Some(Timestamp { at, precision })
    }

    /// Whether the time of day is known.
    pub fn has_time(&self) -> bool {
        self.precision == Precision::Time
    }

    /// Whether only the month is known.
    pub fn is_month(&self) -> bool {
        self.precision == Precision::Month
    }

    /// The first moment after the interval this stands for: `at` itself for
    /// a time, the next day's start for a day, the next month's for a month.
    pub fn end(&self) -> DateTime<FixedOffset> {
        use chrono::Datelike;
        match self.precision {
            Precision::Time => self.at,
            Precision::Day => self.at + chrono::Duration::days(1),
            Precision::Month => {
                let d = self.at.date_naive();
                let (y, m) = if d.month() == 12 {
                    (d.year() + 1, 1)
                } else {
                    (d.year(), d.month() + 1)
                };
                NaiveDate::from_ymd_opt(y, m, 1)
                    .and_then(|n| {
                        self.at
                            .offset()
                            .from_local_datetime(&n.and_time(NaiveTime::MIN))
                            .single()
                    })
                    .unwrap_or(self.at + chrono::Duration::days(31))
            }
        }
    }

    /// The latest moment this may stand for: `at` for a time, else the
    /// last second of its day or month.
    pub fn latest(&self) -> DateTime<FixedOffset> {
        match self.precision {
            Precision::Time => self.at,
            _ => self.end() - chrono::Duration::seconds(1),
        }
    }

    pub fn from_date(date: NaiveDate, tz: FixedOffset) -> Timestamp {
        let naive = date.and_time(NaiveTime::MIN);
        let at = tz.from_utc_datetime(&(naive - tz_offset(tz)));
        Timestamp {
            at,
            precision: Precision::Day,
        }
    }

    /// Whether this is known to come before `other`: every moment it may
    /// stand for is earlier than every moment `other` may. A day or month
    /// beside a time (or a day) inside it cannot be ordered.
    pub fn surely_before(&self, other: &Timestamp) -> bool {
        match self.precision {
            Precision::Time => self.at < other.at,
            Precision::Day | Precision::Month => self.end() <= other.at,
        }
    }

    /// The calendar date in the site's timezone.
    pub fn date_in(&self, tz: FixedOffset) -> NaiveDate {
        self.at.with_timezone(&tz).date_naive()
    }

    /// `2026-04-03 09:15` (or `2026-04-03`) in the site's timezone.
    pub fn display(&self, tz: FixedOffset) -> String {
        let local = self.at.with_timezone(&tz).naive_local();
        match self.precision {
            Precision::Time => ymd_hm(local),
            Precision::Day => ymd(local.date()),
            Precision::Month => ym(local.date()),
        }
    }

    /// RFC 3339 (or the plain date, or the month `2023-05`), for
    /// machine-readable exports.
    pub fn iso(&self) -> String {
        match self.precision {
            Precision::Time => self.at.to_rfc3339(),
            Precision::Day => self.at.format("%Y-%m-%d").to_string(),
            Precision::Month => ym(self.at.date_naive()),
        }
    }
}

/// `d` as `2026-04-03`: what chrono's `%Y-%m-%d` writes, written directly
/// (chrono reads its format string again at every call, and a page shows
/// many dates).
pub fn ymd(d: NaiveDate) -> String {
    let mut s = String::with_capacity(16);
    push_ymd(&mut s, d);
    s
}

/// The month of `d` as `2023-05`.
pub fn ym(d: NaiveDate) -> String {
    let mut s = ymd(d);
    s.truncate(s.len().saturating_sub(3));
    s
}

/// `t` as `2026-04-03 09:15`, what `%Y-%m-%d %H:%M` writes.
pub fn ymd_hm(t: chrono::NaiveDateTime) -> String {
    use chrono::Timelike;
    let mut s = String::with_capacity(16);
    push_ymd(&mut s, t.date());
    s.push(' ');
    push_two(&mut s, t.hour());
    s.push(':');
    push_two(&mut s, t.minute());
    s
}

fn push_ymd(s: &mut String, d: NaiveDate) {
    use chrono::Datelike;
    let year = match u32::try_from(d.year()) {
        Ok(y) if y <= 9999 => y,
        // Before the year 0 or past 9999 chrono writes a sign.
        _ => return s.push_str(&d.format("%Y-%m-%d").to_string()),
    };
    push_two(s, year / 100);
    push_two(s, year % 100);
    s.push('-');
    push_two(s, d.month());
    s.push('-');
    push_two(s, d.day());
}

/// `n` (below 100) in two digits.
fn push_two(s: &mut String, n: u32) {
    s.push(char::from(b'0' + (n / 10 % 10) as u8));
    s.push(char::from(b'0' + (n % 10) as u8));
}

fn tz_offset(tz: FixedOffset) -> chrono::Duration {
    chrono::Duration::seconds(i64::from(tz.local_minus_utc()))
}

/// Parse a timezone offset such as `+09:00`, `-05:30` or `Z`.
pub fn parse_offset(s: &str) -> Option<FixedOffset> {
    let s = s.trim();
    if s == "Z" || s == "UTC" || s == "+00:00" {
        return FixedOffset::east_opt(0);
    }
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if !(0..=14).contains(&h) || !(0..60).contains(&m) {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// A span of time such as `30m`, `1h`, `5d` or `26w`. Two durations are
/// equal when they are as long; `unit` only remembers how it was written
/// (`24h` stays 24 hours on the pages, not 1 day).
#[derive(Clone, Copy, Debug)]
pub struct Duration {
    pub minutes: i64,
    /// The unit it was written in (`m`, `h`, `d`, `w`); `None` when
    /// computed, and then shown in the largest unit that divides it.
    pub unit: Option<char>,
}

impl PartialEq for Duration {
    fn eq(&self, other: &Self) -> bool {
        self.minutes == other.minutes
    }
}
impl Eq for Duration {}
impl PartialOrd for Duration {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Duration {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.minutes.cmp(&other.minutes)
    }
}
impl std::hash::Hash for Duration {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.minutes.hash(state)
    }
}

impl Duration {
    pub fn parse(s: &str) -> Option<Duration> {
        let s = s.trim();
        let unit = s.chars().last()?;
        let n: i64 = s[..s.len() - unit.len_utf8()].trim().parse().ok()?;
        if !(0..=100_000).contains(&n) {
            return None;
        }
        let per = match unit {
            'm' => 1,
            'h' => 60,
            'd' => 60 * 24,
            'w' => 60 * 24 * 7,
            _ => return None,
        };
        Some(Duration {
            minutes: n * per,
            unit: Some(unit),
        })
    }

    /// A computed duration of `minutes`, with no written unit.
    pub fn of_minutes(minutes: i64) -> Duration {
        Duration {
            minutes,
            unit: None,
        }
    }

    /// The duration as written: its number and unit (`24h` → (24, 'h')),
    /// or, when it was not written, the largest unit that divides it.
    pub fn as_written(self) -> (i64, char) {
        const UNITS: [(char, i64); 4] = [('w', 60 * 24 * 7), ('d', 60 * 24), ('h', 60), ('m', 1)];
        let m = self.minutes;
        if let Some((u, per)) = UNITS.iter().find(|(u, _)| Some(*u) == self.unit) {
            return (m / per, *u);
        }
        UNITS
            .iter()
            .find(|(_, per)| m != 0 && m % per == 0)
            .map(|(u, per)| (m / per, *u))
            .unwrap_or((m, 'm'))
    }

    pub fn to_chrono(self) -> chrono::Duration {
        chrono::Duration::minutes(self.minutes)
    }
}

impl fmt::Display for Duration {
    /// The shortest exact form: `90m`, `2h`, `5d`, `2w`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.minutes;
        let (n, u) = if m != 0 && m % (60 * 24 * 7) == 0 {
            (m / (60 * 24 * 7), 'w')
        } else if m != 0 && m % (60 * 24) == 0 {
            (m / (60 * 24), 'd')
        } else if m != 0 && m % 60 == 0 {
            (m / 60, 'h')
        } else {
            (m, 'm')
        };
        write!(f, "{n}{u}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_written_as_chrono_writes_them() {
        use chrono::{Duration, NaiveDateTime};
        let mut t = NaiveDate::from_ymd_opt(1999, 12, 31)
            .and_then(|d| d.and_hms_opt(23, 59, 0))
            .unwrap();
        for k in 0..5000 {
            assert_eq!(ymd(t.date()), t.format("%Y-%m-%d").to_string());
            assert_eq!(ymd_hm(t), t.format("%Y-%m-%d %H:%M").to_string());
            t += Duration::minutes(7919 * (k % 13 + 1));
        }
        for (y, m, d) in [
            (0, 1, 1),
            (9, 2, 3),
            (999, 12, 31),
            (9999, 12, 31),
            (10000, 1, 1),
            (-1, 6, 30),
            (-10000, 1, 1),
            (123456, 7, 8),
        ] {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let t: NaiveDateTime = day.and_hms_opt(4, 5, 6).unwrap();
            assert_eq!(ymd(day), day.format("%Y-%m-%d").to_string(), "{y}");
            assert_eq!(ymd_hm(t), t.format("%Y-%m-%d %H:%M").to_string(), "{y}");
        }
    }

    use super::*;

    fn jst() -> FixedOffset {
        parse_offset("+09:00").unwrap()
    }

    #[test]
    fn times_read_directly_read_as_chrono_reads_them() {
        let mut written: Vec<String> = [
            "2026-04-03T09:15:00+09:00",
            "2026-04-03T09:15:00-05:30",
            "2026-04-03T09:15:00+00:00",
            "2026-04-03T09:15:60+09:00",
            "2026-04-03T24:00:00+09:00",
            "2026-04-03T23:60:00+09:00",
            "2026-02-30T09:15:00+09:00",
            "2026-04-03T09:15:00+24:00",
            "2026-04-03T09:15:00+23:59",
            "2026-04-03T09:15:00+09:60",
            "2026-04-03t09:15:00+09:00",
            "2026-04-03 09:15:00+09:00",
            "2026-04-03T09:15:00Z",
            "2026-04-03T09:15:00.5+09:00",
            "0000-01-01T00:00:00+09:00",
            "9999-12-31T23:59:59-09:00",
            "2026-04-03T09:1x:00+09:00",
            "2026-04-03T09:15:00+0900",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for k in 0..3000u32 {
            written.push(format!(
                "20{:02}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}",
                k % 100,
                k % 14,
                k % 33,
                k % 26,
                k % 61,
                k % 62,
                if k % 2 == 0 { '+' } else { '-' },
                k % 25,
                k % 61
            ));
        }
        for s in &written {
            if let Some(quick) = quick_rfc3339(s) {
                assert_eq!(Ok(quick), DateTime::parse_from_rfc3339(s), "{s:?}");
                // The same offset too (equality of instants would not say).
                let chrono = DateTime::parse_from_rfc3339(s).unwrap();
                assert_eq!(quick.offset(), chrono.offset(), "{s:?}");
            } else {
                assert!(
                    !(s.len() == 25 && s.as_bytes()[10] == b'T' && s.as_bytes()[19] != b'Z')
                        || DateTime::parse_from_rfc3339(s).is_err()
                        || s[17..19] == *"60",
                    "{s:?} read by chrono only"
                );
            }
        }
        assert!(quick_rfc3339("2026-04-03T09:15:00+09:00").is_some());
    }

    #[test]
    fn dates_read_directly_read_as_chrono_reads_them() {
        let written = [
            "2026-04-03",
            "2024-02-29",
            "2023-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-00",
            "2026-04-31",
            "0000-01-01",
            "9999-12-31",
            "2026-4-03",
            "2026-04-3",
            "+2026-04-03",
            "2026/04/03",
            "2026-04-0x",
            "２０２６-04-03",
            "2026-04-03 ",
            "",
            "2026-04",
            "20260403",
            "-001-01-01",
            "2026-1-1",
        ];
        for s in written {
            let chrono = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
            assert_eq!(parse_any_date(s), chrono, "{s:?}");
        }
        for n in 0..4000u32 {
            let s = format!("20{:02}-{:02}-{:02}", n % 100, n / 100 % 14, n % 33);
            let chrono = NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok();
            assert_eq!(parse_any_date(&s), chrono, "{s:?}");
            assert_eq!(parse_date(&s), chrono, "{s:?}");
        }
    }

    #[test]
    fn dates_keep_to_the_years_an_export_can_write() {
        for s in ["0001-01-01", "9999-12-31", "2026-4-3"] {
            assert!(parse_date(s).is_some(), "{s}");
        }
        for s in ["0000-01-01", "+10000-01-01", "-0001-01-01", "+262142-12-31"] {
            assert_eq!(parse_date(s), None, "{s}");
            assert_eq!(Timestamp::parse(s, jst()), None, "{s}");
        }
    }

    #[test]
    fn parses_rfc3339_and_dates() {
        let t = Timestamp::parse("2026-04-03T09:15:00+09:00", jst()).unwrap();
        assert!(t.has_time());
        assert_eq!(t.display(jst()), "2026-04-03 09:15");
        let d = Timestamp::parse("2026-04-03", jst()).unwrap();
        assert_eq!(d.precision, Precision::Day);
        // A day without a time is not before a time of the same day, nor
        // after it: their order is unknown. On different days it is known.
        let nine = Timestamp::parse("2026-04-03T09:15:00+09:00", jst()).unwrap();
        let next = Timestamp::parse("2026-04-04", jst()).unwrap();
        assert!(!d.surely_before(&nine) && !nine.surely_before(&d));
        assert!(d.surely_before(&next) && nine.surely_before(&next));
        assert!(!next.surely_before(&nine));
        assert_eq!(d.display(jst()), "2026-04-03");
        assert!(d < t);
        assert!(Timestamp::parse("2026-13-03", jst()).is_none());
        assert!(Timestamp::parse("yesterday", jst()).is_none());
    }

    #[test]
    fn a_month_is_the_interval_of_its_days() {
        let may = Timestamp::parse("2023-05", jst()).unwrap();
        assert!(may.is_month());
        assert_eq!(may.display(jst()), "2023-05");
        assert_eq!(may.iso(), "2023-05");
        assert_eq!(
            may.end(),
            Timestamp::parse("2023-06-01T00:00:00+09:00", jst())
                .unwrap()
                .at
        );
        let dec = Timestamp::parse("2023-12", jst()).unwrap();
        assert_eq!(
            dec.end(),
            Timestamp::parse("2024-01-01T00:00:00+09:00", jst())
                .unwrap()
                .at
        );
        let t = |s| Timestamp::parse(s, jst()).unwrap();
        // Inside the month: no order either way.
        for inside in ["2023-05-01", "2023-05-31T23:59:00+09:00", "2023-05-14"] {
            assert!(!may.surely_before(&t(inside)), "{inside}");
            assert!(!t(inside).surely_before(&may), "{inside}");
        }
        // Outside it: ordered.
        assert!(may.surely_before(&t("2023-06-01")));
        assert!(may.surely_before(&t("2023-06-01T00:00:00+09:00")));
        assert!(t("2023-04-30T23:59:00+09:00").surely_before(&may));
        assert!(t("2023-04").surely_before(&may) && !may.surely_before(&t("2023-04")));
        assert!(!may.surely_before(&may));
        // Not a month: a day 00, month 13, other shapes.
        for bad in [
            "2023-00", "2023-13", "2023-5", "23-05", "2023/05", "2023-05-",
        ] {
            assert!(Timestamp::parse(bad, jst()).is_none(), "{bad}");
        }
    }

    #[test]
    fn from_date_is_local_midnight() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
        assert_eq!(
            Timestamp::from_date(d, jst()),
            Timestamp::parse("2026-01-02", jst()).unwrap()
        );
    }

    #[test]
    fn durations() {
        assert_eq!(Duration::parse("30m").unwrap().minutes, 30);
        assert_eq!(Duration::parse("1h").unwrap().minutes, 60);
        assert_eq!(Duration::parse("5d").unwrap().minutes, 7200);
        assert_eq!(Duration::parse("26w").unwrap().to_string(), "26w");
        assert_eq!(Duration::parse("36h").unwrap().to_string(), "36h");
        assert!(Duration::parse("5").is_none());
        assert!(Duration::parse("d").is_none());
        assert!(Duration::parse("-1d").is_none());
        assert!(Duration::parse("1y").is_none());
    }

    #[test]
    fn offsets() {
        assert_eq!(parse_offset("+09:00").unwrap().local_minus_utc(), 9 * 3600);
        assert_eq!(
            parse_offset("-05:30").unwrap().local_minus_utc(),
            -(5 * 3600 + 1800)
        );
        assert!(parse_offset("JST").is_none());
    }
}
