//! What a record says about its own non-conformities: deviations it
//! explains (a late report, containment before the report, a notification
//! not made), notification rules it marks not applicable, and that it is
//! history older than the current policy. `analysis::deviations` turns
//! these into the non-conformities `check` reports and the pages show.

use super::Spanned;
use crate::diagnostics::Pos;
use chrono::NaiveDate;

/// What a `deviations:` entry explains.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum About {
    /// `reported_at` after the level's `report_within`.
    ReportLate,
    /// `contained_at` before `reported_at` (contained first, reported after).
    ContainedBeforeReport,
    /// A notification the policy requires was not made.
    NotificationNotMade,
    /// Facts the policy requires at the record's stage that the source (an
    /// old register the record was imported from) never recorded.
    NotRecorded,
}

impl About {
    pub const ALL: &'static [&'static str] = &[
        "report_late",
        "contained_before_report",
        "notification_not_made",
        "not_recorded",
    ];
    pub fn parse(s: &str) -> Option<About> {
        Some(match s {
            "report_late" => About::ReportLate,
            "contained_before_report" => About::ContainedBeforeReport,
            "notification_not_made" => About::NotificationNotMade,
            "not_recorded" => About::NotRecorded,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        Self::ALL[self as usize]
    }
}

/// One `deviations:` entry: a fact the record keeps although it departs
/// from the policy, and why.
#[derive(Clone, Debug)]
pub struct Explanation {
    pub about: Spanned<About>,
    pub reason: String,
    /// For `notification_not_made`: the rule (a notification id).
    pub to: Option<Spanned<String>>,
    /// For `notification_not_made`: the report kind; every kind when absent.
    pub kind: Option<String>,
    /// For `not_recorded`: the facts the source never held
    /// ([`NOT_RECORDABLE`]).
    pub fields: Vec<Spanned<String>>,
    pub pos: Pos,
}

/// What a `not_recorded` deviation can name: the facts a record must hold
/// at its stage (E404, E602, E603/E604, E901).
pub const NOT_RECORDABLE: &[&str] = &[
    "reported_at",
    "contained_at",
    "recovered_at",
    "closed_at",
    "cause",
    "actions",
    "assessment",
];

/// One `not_applicable:` entry: a notification rule that the conditions
/// would apply but that does not apply to this record, who decided and why.
#[derive(Clone, Debug)]
pub struct NotApplicable {
    pub rule: Spanned<String>,
    pub reason: String,
    pub decided_by: Option<Spanned<String>>,
    pub pos: Pos,
}

/// `predates_policy:`: the record is imported history from before the
/// current policy; its notification rules and internal report deadline are
/// not applied.
#[derive(Clone, Debug)]
pub struct PredatesPolicy {
    pub reason: String,
    pub policy_version: Option<String>,
    pub pos: Pos,
}

/// The record's own account of its non-conformities (all optional).
#[derive(Clone, Debug, Default)]
pub struct RecordAudit {
    pub deviations: Vec<Explanation>,
    pub not_applicable: Vec<NotApplicable>,
    pub predates_policy: Option<PredatesPolicy>,
}

impl RecordAudit {
    /// The recorded reason for a deviation of kind `about` (for
    /// `notification_not_made`: of rule `to`, report `kind`).
    pub fn reason(&self, about: About, to: Option<&str>, kind: Option<&str>) -> Option<&str> {
        self.explanation(about, to, kind).map(|e| e.reason.as_str())
    }

    /// The entry explaining a deviation (see [`RecordAudit::reason`]).
    pub fn explanation(
        &self,
        about: About,
        to: Option<&str>,
        kind: Option<&str>,
    ) -> Option<&Explanation> {
        self.deviations.iter().find(|e| {
            e.about.value == about
                && !e.reason.trim().is_empty()
                && (to.is_none() || e.to.as_ref().map(|t| t.value.as_str()) == to)
                && (kind.is_none() || e.kind.is_none() || e.kind.as_deref() == kind)
        })
    }

    /// The `not_applicable` entry for notification rule `rule`.
    pub fn not_applicable(&self, rule: &str) -> Option<&NotApplicable> {
        self.not_applicable.iter().find(|n| n.rule.value == rule)
    }

    /// The `not_recorded` entry that names `field`, with a reason.
    pub fn not_recorded(&self, field: &str) -> Option<&Explanation> {
        self.deviations.iter().find(|e| {
            e.about.value == About::NotRecorded
                && !e.reason.trim().is_empty()
                && e.fields.iter().any(|f| f.value == field)
        })
    }

    pub fn predates(&self) -> bool {
        self.predates_policy.is_some()
    }
}

/// An effectiveness review of a corrective action (`actions[].review`).
#[derive(Clone, Debug, Default)]
pub struct Review {
    pub due: Option<Spanned<super::RecordDate>>,
    pub done_at: Option<Spanned<super::RecordDate>>,
    /// The reviewing role.
    pub by: Option<Spanned<String>>,
    pub result: Option<String>,
    /// What shows the result (a file, a ticket, a report).
    pub evidence: Option<String>,
    pub pos: Pos,
}

impl Review {
    pub fn is_done(&self) -> bool {
        self.done_at.is_some()
    }
    /// Past its due date and not done, as of `today` (a due month only
    /// once it is over).
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        let due = self.due.as_ref().map(|d| &d.value);
        super::RecordDate::overdue(due, self.is_done(), today)
    }
    /// Not done, and due in a month that has begun and is not over (W510).
    pub fn may_be_overdue(&self, today: NaiveDate) -> bool {
        let due = self.due.as_ref().map(|d| &d.value);
        super::RecordDate::may_be_overdue(due, self.is_done(), today)
    }
}
