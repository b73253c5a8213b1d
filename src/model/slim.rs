//! The summary of a record a streamed build keeps once the record's page
//! is written (`crate::site::stream`): what the register-wide pages, the
//! dashboard, the audit pages, the calendars and the evidence index read of
//! it, without the texts only its own page, its search document and the
//! exports' rows (all made while it was whole) show.
//!
//! Kept: id, title, classification, status, visibility, responsible role,
//! every date, impact flags and figures, the assessment but its rationale,
//! the timeline's entries with their times and actors but not their text
//! (the record calendar's newest time, whether handling was recorded),
//! notifications, actions and evidence whole (the actions, compliance and
//! evidence pages show them), tags, the audit notes. A text a rule only
//! asks the presence of (the cause, the extra fields such as the lessons:
//! `analysis::deviations::lacks`, the lessons figure of the audit view)
//! keeps whether it is there, not what it says.

use super::Incident;

/// What a text that is not blank is reduced to.
const PRESENT: &str = "…";

/// `inc` reduced to what the register-wide pages read.
pub fn record(mut inc: Incident) -> Incident {
    let present = |t: &str| !t.trim().is_empty();
    inc.summary = String::new();
    if inc.cause.as_deref().is_some_and(present) {
        inc.cause = Some(PRESENT.to_string());
    }
    for t in inc.extra.values_mut() {
        if present(t) {
            *t = PRESENT.to_string();
        }
    }
    inc.location = None;
    inc.organization = None;
    inc.affected_systems = Vec::new();
    inc.system_configuration = None;
    inc.impact.customers = None;
    inc.impact.business = None;
    for t in &mut inc.timeline {
        t.action = String::new();
    }
    inc.timeline.shrink_to_fit();
    if let Some(a) = &mut inc.assessment {
        a.rationale = None;
    }
    inc
}
