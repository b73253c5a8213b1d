use super::{Spanned, Timestamp};
use crate::diagnostics::Pos;
use chrono::NaiveDate;
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Open,
    Contained,
    Recovered,
    Closed,
}

impl Status {
    pub const ALL: &'static [&'static str] = &["open", "contained", "recovered", "closed"];
    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "open" => Status::Open,
            "contained" => Status::Contained,
            "recovered" => Status::Recovered,
            "closed" => Status::Closed,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        Self::ALL[self as usize]
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Visibility {
    #[default]
    Normal,
    Restricted,
}

impl Visibility {
    pub const ALL: &'static [&'static str] = &["normal", "restricted"];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    Weakness,
    Event,
    Incident,
}

impl Stage {
    pub const ALL: &'static [&'static str] = &["weakness", "event", "incident"];
    pub fn parse(s: &str) -> Option<Stage> {
        Some(match s {
            "weakness" => Stage::Weakness,
            "event" => Stage::Event,
            "incident" => Stage::Incident,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        Self::ALL[self as usize]
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ActionStatus {
    Planned,
    InProgress,
    Done,
    Verified,
}

impl ActionStatus {
    pub const ALL: &'static [&'static str] = &["planned", "in_progress", "done", "verified"];
    pub fn parse(s: &str) -> Option<ActionStatus> {
        Some(match s {
            "planned" => ActionStatus::Planned,
            "in_progress" => ActionStatus::InProgress,
            "done" => ActionStatus::Done,
            "verified" => ActionStatus::Verified,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        Self::ALL[self as usize]
    }
    pub fn is_done(self) -> bool {
        matches!(self, ActionStatus::Done | ActionStatus::Verified)
    }
}

#[derive(Clone, Debug, Default)]
pub struct Impact {
    /// Boolean flags: the built-in ones (`personal_data`, `malicious`,
    /// `sensitive_data`, `financial_damage`, `crime_suspected`) and those
    /// the policy declares (`impacts:`).
    pub flags: BTreeMap<String, bool>,
    /// Where each flag's key is written (for E118 on an undeclared one).
    pub flag_pos: BTreeMap<String, Pos>,
    pub records_affected: Option<i64>,
    pub customers: Option<String>,
    pub business: Option<String>,
}

impl Impact {
    pub fn flag(&self, name: &str) -> bool {
        self.flags.get(name).copied().unwrap_or(false)
    }

    /// A numeric impact field by name (`records_affected`).
    pub fn figure(&self, name: &str) -> Option<i64> {
        match name {
            "records_affected" => self.records_affected,
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Assessment {
    pub stage: Option<Spanned<Stage>>,
    pub decided_by: Option<Spanned<String>>,
    pub decided_at: Option<Spanned<Timestamp>>,
    pub rationale: Option<String>,
    pub pos: Pos,
}

#[derive(Clone, Debug)]
pub struct TimelineEntry {
    pub at: Option<Spanned<Timestamp>>,
    pub by: Option<String>,
    pub action: String,
    pub pos: Pos,
}

#[derive(Clone, Debug)]
pub struct NotificationMade {
    pub to: Spanned<String>,
    pub kind: Spanned<String>,
    pub at: Option<Spanned<Timestamp>>,
    pub reference: Option<String>,
    /// Why it was made after its deadline (turns E503 into the warning W506).
    pub late_reason: Option<String>,
    pub pos: Pos,
}

#[derive(Clone, Debug)]
pub struct Action {
    pub action: String,
    pub owner: Option<Spanned<String>>,
    pub due: Option<Spanned<super::RecordDate>>,
    pub evaluation: Option<String>,
    pub status: Option<Spanned<ActionStatus>>,
    pub done_at: Option<Spanned<super::RecordDate>>,
    pub controls: Vec<Spanned<String>>,
    /// Why it is past its due date (turns W605 into W606).
    pub late_reason: Option<String>,
    /// The review of its effectiveness (boxed: most actions have none, and
    /// a streamed build keeps every action of the register).
    pub review: Option<Box<super::Review>>,
    pub pos: Pos,
}

impl Action {
    pub fn is_done(&self) -> bool {
        self.status.as_ref().is_some_and(|s| s.value.is_done())
    }
    /// Past due and not done, as of `today`: certainly past, for a due
    /// month only once the month is over.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        let due = self.due.as_ref().map(|d| &d.value);
        super::RecordDate::overdue(due, self.is_done(), today)
    }
    /// Not done, and due in a month that has begun and is not over: whether
    /// it is past due depends on the day nobody wrote (W510).
    pub fn may_be_overdue(&self, today: NaiveDate) -> bool {
        let due = self.due.as_ref().map(|d| &d.value);
        super::RecordDate::may_be_overdue(due, self.is_done(), today)
    }
}

#[derive(Clone, Debug)]
pub struct Evidence {
    pub path: Spanned<String>,
    pub description: Option<String>,
    pub sha256: Option<Spanned<String>>,
    /// `collected_by`: the role (an id of the policy's `roles`) or the
    /// person who collected it. A person is left out of the builds of
    /// audiences that hide people.
    pub collected_by: Option<Spanned<String>>,
    /// `collected_at`: when it was collected.
    pub collected_at: Option<Spanned<Timestamp>>,
}

/// One record from `incidents/<year>/<id>.yaml`.
#[derive(Clone, Debug)]
pub struct Incident {
    /// Path relative to the content directory.
    pub file: String,
    pub id: Spanned<String>,
    pub title: String,
    pub level: Option<Spanned<i64>>,
    pub category: Option<Spanned<String>>,
    pub status: Option<Spanned<Status>>,
    pub visibility: Visibility,
    pub responsible: Option<Spanned<String>>,
    pub reporter: Option<String>,
    pub location: Option<String>,
    pub occurred_at: Option<Spanned<Timestamp>>,
    /// `occurred_at: unknown` (`不明`): nobody knows when it occurred.
    pub occurred_unknown: bool,
    pub detected_at: Option<Spanned<Timestamp>>,
    pub reported_at: Option<Spanned<Timestamp>>,
    pub contained_at: Option<Spanned<Timestamp>>,
    pub recovered_at: Option<Spanned<Timestamp>>,
    pub closed_at: Option<Spanned<Timestamp>>,
    pub summary: String,
    pub cause: Option<String>,
    pub affected_systems: Vec<String>,
    pub system_configuration: Option<String>,
    pub organization: Option<String>,
    pub impact: Impact,
    pub assessment: Option<Assessment>,
    pub timeline: Vec<TimelineEntry>,
    pub notifications: Vec<NotificationMade>,
    pub actions: Vec<Action>,
    pub evidence: Vec<Evidence>,
    pub tags: Vec<String>,
    /// The optional free-text fields the field table declares `extra`
    /// (`schema::fields::extra_text`), by name: read, shown, exported and
    /// hidden generically. Absent when the record leaves one out.
    pub extra: super::texts::Texts,
    /// Deviations explained, rules not applicable, imported history.
    pub audit: super::RecordAudit,
    /// Position of the document root (for whole-record diagnostics).
    pub pos: Pos,
    /// The first 8 bytes of the SHA-256 of the file's text as it was read
    /// (`None` for a record not read from a file): a build that reads the
    /// record again compares it, so that what it publishes is what it
    /// checked (E016).
    pub read_as: Option<u64>,
}

impl Incident {
    /// The record of `file` with only its id and position: every other
    /// field empty (what a redacted stub is built on).
    pub fn empty(file: String, id: Spanned<String>, pos: Pos) -> Incident {
        Incident {
            file,
            id,
            title: String::new(),
            level: None,
            category: None,
            status: None,
            visibility: Visibility::Normal,
            responsible: None,
            reporter: None,
            location: None,
            occurred_at: None,
            occurred_unknown: false,
            detected_at: None,
            reported_at: None,
            contained_at: None,
            recovered_at: None,
            closed_at: None,
            summary: String::new(),
            cause: None,
            affected_systems: Vec::new(),
            system_configuration: None,
            organization: None,
            impact: Impact::default(),
            assessment: None,
            timeline: Vec::new(),
            notifications: Vec::new(),
            actions: Vec::new(),
            evidence: Vec::new(),
            tags: Vec::new(),
            extra: Default::default(),
            audit: Default::default(),
            pos,
            read_as: None,
        }
    }
    pub fn level(&self) -> Option<i64> {
        self.level.as_ref().map(|l| l.value)
    }
    pub fn status(&self) -> Option<Status> {
        self.status.as_ref().map(|s| s.value)
    }
    pub fn is_restricted(&self) -> bool {
        self.visibility == Visibility::Restricted
    }
    /// The lessons learned (A.5.27), an extra text field of the table.
    pub fn lessons(&self) -> Option<&str> {
        self.extra.get("lessons").map(String::as_str)
    }
    /// The record's key dates in lifecycle order, with their field names.
    pub fn milestones(&self) -> [(&'static str, Option<&Spanned<Timestamp>>); 6] {
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

#[cfg(test)]
impl Incident {
    /// A small record for unit tests.
    pub fn sample() -> Incident {
        let tz = chrono::FixedOffset::east_opt(9 * 3600).expect("offset");
        let at = |s: &str| Timestamp::parse(s, tz).map(|t| Spanned::new(t, Pos::START));
        Incident {
            title: "sample".into(),
            level: Some(Spanned::new(1, Pos::START)),
            category: Some(Spanned::new("malware".into(), Pos::START)),
            status: Some(Spanned::new(Status::Open, Pos::START)),
            responsible: Some(Spanned::new("it_admin".into(), Pos::START)),
            reporter: Some("reporter".into()),
            detected_at: at("2026-04-01T09:00:00+09:00"),
            reported_at: at("2026-04-01T10:00:00+09:00"),
            summary: "summary".into(),
            ..Incident::empty(
                "incidents/2026/INC-2026-001.yaml".into(),
                Spanned::new("INC-2026-001".into(), Pos::START),
                Pos::START,
            )
        }
    }
}
