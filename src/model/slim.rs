//! The summary of a record a streamed build keeps once the record's page
//! is written (`crate::site::stream`): what the register-wide pages, the
//! dashboard, the audit pages, the calendars and the evidence index read of
//! it, without the texts only its own page, its search document and the
//! exports' rows (all made while it was whole) show.
//!
//! Kept: id, title, classification, status, visibility, responsible role,
//! every date, impact flags that are set and the figures, the assessment
//! but its rationale, notifications, actions and evidence whole (the
//! actions, compliance and evidence pages show them), tags, the audit
//! notes. The timeline keeps one entry without its text or actor: the one
//! with the newest time (the record calendar's last change; whether
//! handling was recorded at all). A text a rule only asks the presence of
//! (the cause, the extra fields such as the lessons:
//! `analysis::deviations::lacks`, the lessons figure of the audit view)
//! keeps whether it is there, not what it says. Dropped: the summary,
//! location, organisation, systems, reporter, the impact's texts, the
//! flags' positions (read by a rule, never by a page) and the flags that
//! are not set ([`super::incident::Impact::flag`] reads an absent flag as
//! not set).
//!
//! A summary is kept for every record of the register until the build
//! ends, so what it holds is what a streamed build's memory grows by per
//! record: at 100,000 records each 100 bytes are 10 MB.

use super::{Incident, TimelineEntry};

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
    inc.reporter = None;
    inc.location = None;
    inc.organization = None;
    inc.affected_systems = Vec::new();
    inc.system_configuration = None;
    inc.impact.customers = None;
    inc.impact.business = None;
    inc.impact.flag_pos = Default::default();
    // Made anew: a map emptied in place keeps its node (about 290 bytes).
    inc.impact.flags = std::mem::take(&mut inc.impact.flags)
        .into_iter()
        .filter(|(_, set)| *set)
        .collect();
    inc.timeline = newest(std::mem::take(&mut inc.timeline));
    if let Some(a) = &mut inc.assessment {
        a.rationale = None;
    }
    inc.file.shrink_to_fit();
    inc.title.shrink_to_fit();
    inc.tags.shrink_to_fit();
    inc.actions.shrink_to_fit();
    inc.notifications.shrink_to_fit();
    inc.evidence.shrink_to_fit();
    inc
}

/// The entry of `timeline` with the newest time (the first written of
/// those with the same instant; the first entry when none has a time),
/// without its text and actor; none for an empty timeline.
fn newest(timeline: Vec<TimelineEntry>) -> Vec<TimelineEntry> {
    let instant = |e: &TimelineEntry| e.at.as_ref().map(|t| t.value.at);
    let mut best: Option<TimelineEntry> = None;
    for e in timeline {
        if best.as_ref().is_none_or(|b| instant(&e) > instant(b)) {
            best = Some(e);
        }
    }
    best.map(|e| {
        vec![TimelineEntry {
            at: e.at,
            by: None,
            action: String::new(),
            pos: e.pos,
        }]
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;
    use crate::model::{Spanned, Timestamp};

    fn entry(at: Option<&str>, by: &str, action: &str) -> TimelineEntry {
        let tz = chrono::FixedOffset::east_opt(9 * 3600).expect("offset");
        TimelineEntry {
            at: at
                .and_then(|s| Timestamp::parse(s, tz))
                .map(|t| Spanned::new(t, Pos::START)),
            by: Some(by.into()),
            action: action.into(),
            pos: Pos::new(7, 3),
        }
    }

    #[test]
    fn the_timeline_keeps_its_newest_time_and_nothing_said() {
        let mut inc = Incident::sample();
        inc.timeline = vec![
            entry(Some("2026-04-01T09:00:00+09:00"), "山田 太郎", "検知"),
            // Written in another offset: the newest instant, not the
            // largest local time, is kept.
            entry(Some("2026-04-01T02:30:00+00:00"), "佐藤 花子", "封じ込め"),
            entry(Some("2026-04-01T10:00:00+09:00"), "佐藤 花子", "報告"),
            entry(None, "佐藤 花子", "時刻なし"),
        ];
        let slim = record(inc);
        assert_eq!(slim.timeline.len(), 1);
        let kept = &slim.timeline[0];
        let at = kept.at.as_ref().expect("a time").value.at;
        assert_eq!(at.to_rfc3339(), "2026-04-01T02:30:00+00:00");
        assert_eq!((kept.by.as_deref(), kept.action.as_str()), (None, ""));
    }

    #[test]
    fn a_timeline_without_times_or_entries_stays_so() {
        let mut inc = Incident::sample();
        inc.timeline = vec![entry(None, "a", "x"), entry(None, "b", "y")];
        let slim = record(inc);
        assert_eq!(slim.timeline.len(), 1, "handling was recorded");
        assert!(slim.timeline[0].at.is_none());
        assert!(record(Incident::sample()).timeline.is_empty());
    }

    #[test]
    fn texts_only_their_presence_and_flags_only_those_set() {
        let mut inc = Incident::sample();
        inc.cause = Some("  ".into());
        inc.extra.insert("lessons", "教訓".into());
        inc.impact.flags.insert("personal_data".into(), true);
        inc.impact.flags.insert("malicious".into(), false);
        inc.impact
            .flag_pos
            .insert("personal_data".into(), Pos::START);
        inc.location = Some("本社".into());
        let slim = record(inc);
        assert_eq!(
            slim.cause.as_deref(),
            Some("  "),
            "a blank cause stays blank"
        );
        assert_eq!(slim.lessons(), Some(PRESENT));
        assert!(slim.impact.flag("personal_data"));
        assert!(!slim.impact.flag("malicious"));
        assert_eq!(slim.impact.flags.len(), 1);
        assert!(slim.impact.flag_pos.is_empty());
        assert_eq!((slim.location, slim.reporter), (None, None));
        assert!(slim.summary.is_empty());
        // What the register shows stays.
        assert_eq!(slim.id.value, "INC-2026-001");
        assert_eq!(slim.title, "sample");
        assert_eq!(
            slim.responsible.map(|r| r.value).as_deref(),
            Some("it_admin")
        );
    }
}
