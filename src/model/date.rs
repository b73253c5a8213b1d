//! The date fields of records and drills (an action's `due` and `done_at`,
//! its review's, a drill's `date`), as precisely as they are known.

use super::time::{parse_date, parse_month, ym, ymd};
use chrono::{Datelike, NaiveDate};
use std::cmp::Ordering;
use std::fmt;

/// A calendar date from a record: a day (`2025-03-07`) or a month whose day
/// is unknown (`2025-03`, "done some day in March"). A month is the
/// interval of its days: [`RecordDate::first`] to [`RecordDate::last`].
///
/// Ordered by the first day, a month before the days of its own month
/// (`2025-03` < `2025-03-01` < `2025-03-02`): a stable order that never
/// places a month as if it were a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RecordDate {
    first: NaiveDate,
    month: bool,
}

impl RecordDate {
    /// `YYYY-MM-DD`, or the month `YYYY-MM`.
    pub fn parse(s: &str) -> Option<RecordDate> {
        let s = s.trim();
        match parse_date(s) {
            Some(d) => Some(RecordDate::day(d)),
            None => parse_month(s).map(|first| RecordDate { first, month: true }),
        }
    }

    /// A known day.
    pub fn day(d: NaiveDate) -> RecordDate {
        RecordDate {
            first: d,
            month: false,
        }
    }

    /// The month of `d`, its day unknown.
    pub fn month_of(d: NaiveDate) -> RecordDate {
        RecordDate {
            first: d.with_day(1).unwrap_or(d),
            month: true,
        }
    }

    /// Whether only the month is known.
    pub fn is_month(&self) -> bool {
        self.month
    }

    /// The day, when it is known.
    pub fn exact(&self) -> Option<NaiveDate> {
        (!self.month).then_some(self.first)
    }

    /// The earliest day it may be.
    pub fn first(&self) -> NaiveDate {
        self.first
    }

    /// The latest day it may be: the day, or the last day of the month.
    pub fn last(&self) -> NaiveDate {
        if !self.month {
            return self.first;
        }
        let (y, m) = (self.first.year(), self.first.month());
        let next = if m == 12 {
            NaiveDate::from_ymd_opt(y + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(y, m + 1, 1)
        };
        next.and_then(|n| n.pred_opt()).unwrap_or(self.first)
    }

    /// Whether every day it may be is before `day`.
    pub fn surely_before(&self, day: NaiveDate) -> bool {
        self.last() < day
    }

    /// Whether every day it may be is after `day`.
    pub fn surely_after(&self, day: NaiveDate) -> bool {
        self.first > day
    }

    /// Whether `day` is past it for some of the days it may be and not for
    /// others: a month that has begun before `day` and is not over.
    pub fn undecided_before(&self, day: NaiveDate) -> bool {
        self.first < day && !self.surely_before(day)
    }

    /// Whether a task due on `due` and not `done` is past due as of
    /// `today`: certainly past, for a due month only once the month is
    /// over (an action's `due`, its review's: W605, W607).
    pub fn overdue(due: Option<&Self>, done: bool, today: NaiveDate) -> bool {
        !done && due.is_some_and(|d| d.surely_before(today))
    }

    /// Whether a task due on `due` and not `done` may be past due as of
    /// `today`: due in a month that has begun and is not over, so the
    /// answer depends on the day nobody wrote (W510).
    pub fn may_be_overdue(due: Option<&Self>, done: bool, today: NaiveDate) -> bool {
        !done && due.is_some_and(|d| d.undecided_before(today))
    }

    /// The text as written: `2025-03-07`, or `2025-03`.
    pub fn iso(&self) -> String {
        if self.month {
            ym(self.first)
        } else {
            ymd(self.first)
        }
    }
}

impl fmt::Display for RecordDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl PartialOrd for RecordDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for RecordDate {
    fn cmp(&self, other: &Self) -> Ordering {
        // A month (`true`) before the days of its month.
        (self.first, !self.month).cmp(&(other.first, !other.month))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> RecordDate {
        RecordDate::parse(s).unwrap()
    }

    #[test]
    fn a_month_is_its_days() {
        let m = d("2024-02");
        assert!(m.is_month() && m.exact().is_none());
        assert_eq!(
            (m.first().to_string(), m.last().to_string()),
            ("2024-02-01".into(), "2024-02-29".into())
        );
        assert_eq!(d("2023-12").last().to_string(), "2023-12-31");
        assert_eq!(m.to_string(), "2024-02");
        assert_eq!(d("2024-02-05").to_string(), "2024-02-05");
        assert!(RecordDate::parse("2024-13").is_none() && RecordDate::parse("2024年2月").is_none());
    }

    #[test]
    fn a_task_is_overdue_only_when_open_and_surely_past() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let (day, month) = (d("2026-11-21"), d("2026-11"));
        assert!(RecordDate::overdue(Some(&day), false, today));
        assert!(!RecordDate::overdue(Some(&day), true, today), "done");
        assert!(!RecordDate::overdue(None, false, today), "no due date");
        assert!(!RecordDate::overdue(Some(&month), false, today));
        assert!(RecordDate::may_be_overdue(Some(&month), false, today));
        assert!(!RecordDate::may_be_overdue(Some(&month), true, today));
        assert!(!RecordDate::may_be_overdue(Some(&day), false, today));
        assert!(!RecordDate::may_be_overdue(
            Some(&d("2026-12")),
            false,
            today
        ));
    }

    #[test]
    fn a_month_is_past_only_once_it_is_over() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let m = d("2026-11");
        assert!(!m.surely_before(day("2026-11-30")) && m.surely_before(day("2026-12-01")));
        assert!(m.undecided_before(day("2026-11-22")) && !m.undecided_before(day("2026-11-01")));
        assert!(m.surely_after(day("2026-10-31")) && !m.surely_after(day("2026-11-01")));
    }

    #[test]
    fn a_month_sorts_before_the_days_of_its_month() {
        let mut v = [
            d("2025-03-01"),
            d("2025-03"),
            d("2025-02-28"),
            d("2025-03-02"),
        ];
        v.sort();
        let s: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(s, ["2025-02-28", "2025-03", "2025-03-01", "2025-03-02"]);
        assert_ne!(d("2025-03"), d("2025-03-01"));
    }
}
