//! The summary of a record a streamed build keeps once the record's page
//! is written (`crate::site::stream`): what the register-wide pages, the
//! dashboard, the audit pages, the calendars, `register.xlsx` and the
//! evidence index read of it, without the texts only its own page, its
//! search document and the row-wise exports (`register.csv`, `actions.csv`,
//! `register.json`, made while it was whole) show.
//!
//! Kept although no register-wide page shows the text: the timeline's
//! entries with their times (the record calendar's newest time, whether
//! a record's handling was recorded at all).

use super::Incident;

/// `inc` reduced to what the register-wide pages read.
pub fn record(mut inc: Incident) -> Incident {
    for t in &mut inc.timeline {
        t.action = String::new();
    }
    inc.timeline.shrink_to_fit();
    if let Some(a) = &mut inc.assessment {
        a.rationale = None;
    }
    inc.system_configuration = None;
    inc
}
