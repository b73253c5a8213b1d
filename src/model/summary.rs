//! A record's summary: what the pages, exports and facts that read the
//! whole register (the register's listings, the dashboard and metrics, the
//! audit pages, the calendars, the evidence index, the exports' `finish`,
//! `crate::analysis`) read of each record, in a type of its own and
//! smaller than the record. A streamed build (`crate::site::stream`) keeps
//! one for every record of the register once the record's page is written,
//! so its size is what that build's memory grows by per record (at
//! 100,000 records each 100 bytes are 10 MB). Everything else makes one
//! from an [`Incident`] with [`Summary::of`].
//!
//! Kept, under the record's own field names: id, title, file,
//! classification, status, visibility, the responsible role, every date,
//! the impact flags that are set and the figures, the assessment's stage,
//! decision and time, notifications and actions whole (the actions and
//! compliance pages show them), how many evidence files it lists, the
//! audit notes. Of the timeline only whether it has entries and its newest time
//! (the record calendar's last change); of the cause and the extra text
//! fields only whether they are written (what `analysis::deviations::lacks`
//! and the lessons figure ask). No text only the record's own page shows,
//! and no position but those inside the kept lists.

use super::{
    Action, Incident, NotificationMade, RecordAudit, Stage, Status, TimelineEntry, Timestamp,
    Visibility,
};

/// What a summary keeps of the assessment.
#[derive(Clone, Debug)]
pub struct Assessed {
    pub stage: Option<Stage>,
    /// Whether `decided_by` is written.
    pub decided: bool,
    pub decided_at: Option<Timestamp>,
}

/// The impact flags that are set (in the record's order of names) and the
/// figures.
#[derive(Clone, Debug, Default)]
pub struct Impacts {
    pub set: Box<[Box<str>]>,
    pub records_affected: Option<i64>,
}

impl Impacts {
    pub fn flag(&self, name: &str) -> bool {
        self.set.iter().any(|f| &**f == name)
    }
    /// A numeric impact field by name (`records_affected`).
    pub fn figure(&self, name: &str) -> Option<i64> {
        match name {
            "records_affected" => self.records_affected,
            _ => None,
        }
    }
}

/// What a summary keeps of the timeline.
#[derive(Clone, Copy, Debug, Default)]
pub struct Timeline {
    /// Whether it has entries.
    pub recorded: bool,
    /// The newest time of its entries.
    pub newest: Option<Timestamp>,
}

/// A record's summary (see the module).
#[derive(Clone, Debug)]
pub struct Summary {
    /// Path relative to the content directory.
    pub file: Box<str>,
    pub id: Box<str>,
    pub title: Box<str>,
    pub level: Option<i64>,
    pub category: Option<Box<str>>,
    pub status: Option<Status>,
    pub visibility: Visibility,
    pub responsible: Option<Box<str>>,
    pub occurred_at: Option<Timestamp>,
    pub detected_at: Option<Timestamp>,
    pub reported_at: Option<Timestamp>,
    pub contained_at: Option<Timestamp>,
    pub recovered_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    /// Whether the cause is written (not blank).
    pub cause: bool,
    pub impact: Impacts,
    pub assessment: Option<Assessed>,
    pub timeline: Timeline,
    pub notifications: Box<[NotificationMade]>,
    pub actions: Box<[Action]>,
    /// How many evidence files it lists (the evidence index's coverage).
    pub evidence: usize,
    /// The extra text fields (`schema::fields::extra_text`) that are
    /// written (not blank), by name.
    pub extra: Box<[&'static str]>,
    /// Deviations explained, rules not applicable, imported history (none
    /// for most records: boxed).
    pub audit: Option<Box<RecordAudit>>,
}

/// No audit notes.
static NO_AUDIT: RecordAudit = RecordAudit {
    deviations: Vec::new(),
    not_applicable: Vec::new(),
    predates_policy: None,
};

fn present(t: &str) -> bool {
    !t.trim().is_empty()
}

impl Summary {
    /// `inc`'s summary.
    pub fn of(inc: &Incident) -> Summary {
        let audit = &inc.audit;
        let has_audit = !audit.deviations.is_empty()
            || !audit.not_applicable.is_empty()
            || audit.predates_policy.is_some();
        Summary {
            file: inc.file.as_str().into(),
            id: inc.id.value.as_str().into(),
            title: inc.title.as_str().into(),
            level: inc.level(),
            category: inc.category.as_ref().map(|c| c.value.as_str().into()),
            status: inc.status(),
            visibility: inc.visibility,
            responsible: inc.responsible.as_ref().map(|r| r.value.as_str().into()),
            occurred_at: inc.occurred_at.as_ref().map(|t| t.value),
            detected_at: inc.detected_at.as_ref().map(|t| t.value),
            reported_at: inc.reported_at.as_ref().map(|t| t.value),
            contained_at: inc.contained_at.as_ref().map(|t| t.value),
            recovered_at: inc.recovered_at.as_ref().map(|t| t.value),
            closed_at: inc.closed_at.as_ref().map(|t| t.value),
            cause: inc.cause.as_deref().is_some_and(present),
            impact: Impacts {
                set: inc
                    .impact
                    .flags
                    .iter()
                    .filter(|(_, set)| **set)
                    .map(|(f, _)| f.as_str().into())
                    .collect(),
                records_affected: inc.impact.records_affected,
            },
            assessment: inc.assessment.as_ref().map(|a| Assessed {
                stage: a.stage.as_ref().map(|s| s.value),
                decided: a.decided_by.is_some(),
                decided_at: a.decided_at.as_ref().map(|t| t.value),
            }),
            timeline: Timeline {
                recorded: !inc.timeline.is_empty(),
                newest: newest(&inc.timeline),
            },
            notifications: inc.notifications.as_slice().into(),
            actions: inc.actions.as_slice().into(),
            evidence: inc.evidence.len(),
            extra: inc
                .extra
                .iter()
                .filter(|(_, t)| present(t))
                .map(|(n, _)| n)
                .collect(),
            audit: has_audit.then(|| Box::new(audit.clone())),
        }
    }

    pub fn level(&self) -> Option<i64> {
        self.level
    }
    pub fn status(&self) -> Option<Status> {
        self.status
    }
    pub fn is_restricted(&self) -> bool {
        self.visibility == Visibility::Restricted
    }
    /// Whether the lessons learned (A.5.27) are written.
    pub fn has_lessons(&self) -> bool {
        self.has_extra("lessons")
    }
    /// Whether extra text field `name` is written.
    pub fn has_extra(&self, name: &str) -> bool {
        self.extra.contains(&name)
    }
    /// The record's audit notes (empty when it has none).
    pub fn audit(&self) -> &RecordAudit {
        self.audit.as_deref().unwrap_or(&NO_AUDIT)
    }
    /// The record's key dates in lifecycle order, with their field names.
    pub fn milestones(&self) -> [(&'static str, Option<&Timestamp>); 6] {
        [
            ("occurred_at", self.occurred_at.as_ref()),
            ("detected_at", self.detected_at.as_ref()),
            ("reported_at", self.reported_at.as_ref()),
            ("contained_at", self.contained_at.as_ref()),
            ("recovered_at", self.recovered_at.as_ref()),
            ("closed_at", self.closed_at.as_ref()),
        ]
    }
}

/// The summaries of `records`, in their order.
pub fn all(records: &[Incident]) -> Vec<Summary> {
    use rayon::prelude::*;
    records.par_iter().map(Summary::of).collect()
}

/// The newest time of `timeline`'s entries (the first written of those
/// with the same instant).
fn newest(timeline: &[TimelineEntry]) -> Option<Timestamp> {
    let mut best: Option<Timestamp> = None;
    for t in timeline.iter().filter_map(|e| e.at.as_ref()) {
        if best.is_none_or(|b| t.value.at > b.at) {
            best = Some(t.value);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;
    use crate::model::Spanned;

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
    fn the_timeline_keeps_its_newest_time() {
        let mut inc = Incident::sample();
        inc.timeline = vec![
            entry(Some("2026-04-01T09:00:00+09:00"), "山田 太郎", "検知"),
            // Written in another offset: the newest instant, not the
            // largest local time, is kept.
            entry(Some("2026-04-01T02:30:00+00:00"), "佐藤 花子", "封じ込め"),
            entry(Some("2026-04-01T10:00:00+09:00"), "佐藤 花子", "報告"),
            entry(None, "佐藤 花子", "時刻なし"),
        ];
        let s = Summary::of(&inc);
        assert!(s.timeline.recorded);
        let at = s.timeline.newest.expect("a time").at;
        assert_eq!(at.to_rfc3339(), "2026-04-01T02:30:00+00:00");
    }

    #[test]
    fn a_timeline_without_times_or_entries_stays_so() {
        let mut inc = Incident::sample();
        inc.timeline = vec![entry(None, "a", "x"), entry(None, "b", "y")];
        let s = Summary::of(&inc);
        assert!(s.timeline.recorded, "handling was recorded");
        assert!(s.timeline.newest.is_none());
        let none = Summary::of(&Incident::sample());
        assert!(!none.timeline.recorded && none.timeline.newest.is_none());
    }

    #[test]
    fn texts_only_their_presence_and_flags_only_those_set() {
        let mut inc = Incident::sample();
        inc.cause = Some("  ".into());
        inc.extra.insert("lessons", "教訓".into());
        inc.extra.insert("follow_up", " ".into());
        inc.impact.flags.insert("personal_data".into(), true);
        inc.impact.flags.insert("malicious".into(), false);
        inc.impact.records_affected = Some(12);
        let s = Summary::of(&inc);
        assert!(!s.cause, "a blank cause is not written");
        assert!(s.has_lessons());
        assert!(!s.has_extra("follow_up"), "a blank text is not written");
        assert!(s.impact.flag("personal_data"));
        assert!(!s.impact.flag("malicious"));
        assert_eq!(s.impact.set.len(), 1);
        assert_eq!(s.impact.figure("records_affected"), Some(12));
        // What the register shows stays.
        assert_eq!(&*s.id, "INC-2026-001");
        assert_eq!(&*s.title, "sample");
        assert_eq!(s.responsible.as_deref(), Some("it_admin"));
        assert_eq!(s.category.as_deref(), Some("malware"));
        assert_eq!((s.level, s.status), (Some(1), Some(Status::Open)));
        assert_eq!(
            s.detected_at.map(|t| t.at),
            inc.detected_at.map(|t| t.value.at)
        );
        assert!(s.audit.is_none() && !s.audit().predates());
    }

    /// What a summary costs inline: a streamed build keeps one per record.
    #[test]
    fn a_summary_stays_small() {
        let size = std::mem::size_of::<Summary>();
        assert!(size <= 400, "{size} bytes");
    }
}
