//! A.6.8, event reporting: how quickly events are reported, by level, and
//! near misses per quarter.

use crate::analysis::metrics::{stage_of, Period, Samples};
use crate::model::summary::Summary;
use crate::model::{Content, Stage};
use chrono::FixedOffset;
use std::collections::BTreeMap;

/// A.6.8: how quickly events are reported.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReportingFacts {
    /// Level → detection → report, minutes.
    pub by_level: BTreeMap<i64, Samples>,
    /// Near misses per quarter, newest first: every quarter from the one of
    /// the earliest record to the one of the build date, with none as 0.
    pub near_misses_per_quarter: Vec<(Period, usize)>,
}

pub(super) fn reporting(
    content: &Content,
    incidents: &[&Summary],
    tz: FixedOffset,
    today: chrono::NaiveDate,
) -> ReportingFacts {
    let mut f = ReportingFacts::default();
    let mut quarters: BTreeMap<Period, usize> = BTreeMap::new();
    for i in incidents {
        if let Some(l) = i.level() {
            f.by_level
                .entry(l)
                .or_default()
                .add(i.detected_at.as_ref(), i.reported_at.as_ref());
        }
        if stage_of(i, &content.policy) == Some(Stage::Weakness) {
            if let Some(d) = &i.detected_at {
                *quarters
                    .entry(Period::quarter_of(d.date_in(tz)))
                    .or_default() += 1;
            }
        }
    }
    // A quarter without a near miss is a figure too (0), not a gap.
    let first = incidents
        .iter()
        .filter_map(|i| i.detected_at.as_ref())
        .map(|d| Period::quarter_of(d.date_in(tz)))
        .min();
    if let Some(mut q) = first {
        let last = Period::quarter_of(today);
        while q <= last {
            quarters.entry(q).or_default();
            q = match q.quarter {
                Some(4) => Period {
                    year: q.year + 1,
                    quarter: Some(1),
                },
                Some(n) => Period {
                    year: q.year,
                    quarter: Some(n + 1),
                },
                None => break,
            };
        }
    }
    f.near_misses_per_quarter = quarters.into_iter().rev().collect();
    f
}
