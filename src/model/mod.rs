//! The typed content model: what `load` produces and every later stage reads.
//! Values that rules point at carry their source position ([`Spanned`]).

pub mod audit;
pub mod contacts;
pub mod date;
pub mod document;
pub mod drill;
pub mod incident;
pub mod page;
pub mod phone;
pub mod policy;
pub mod prose;
pub mod routes;
pub mod site;
pub mod summary;
pub mod texts;
pub mod time;

pub use audit::{
    About, Explanation, NotApplicable, PredatesPolicy, RecordAudit, Review, NOT_RECORDABLE,
};
pub use contacts::{Contacts, ExternalContact, InternalContact, Person};
pub use date::RecordDate;
pub use document::DocumentControl;
pub use drill::Drill;
pub use incident::{
    Action, ActionStatus, Assessment, Evidence, Impact, Incident, NotificationMade, Stage, Status,
    TimelineEntry, Visibility,
};
pub use page::{Page, PageKind};
pub use policy::{
    Audience, AudienceRule, Category, Control, Criterion, FlowEdge, FlowKind, FlowNode, Level,
    NotificationRule, Policy, RestrictedMode, Role, When,
};
pub use site::{Language, Site, SiteMask};
pub use time::{Duration, Timestamp};

use crate::diagnostics::Pos;

/// A value with the position it was read from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Spanned<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Spanned<T> {
    pub fn new(value: T, pos: Pos) -> Self {
        Spanned { value, pos }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// Everything in a content directory, loaded and typed.
#[derive(Clone, Debug, Default)]
pub struct Content {
    pub site: Site,
    pub policy: Policy,
    pub contacts: Contacts,
    pub handbook: Vec<Page>,
    pub templates: Vec<Page>,
    /// Sorted by detection time, then id.
    pub incidents: Vec<Incident>,
    /// Sorted by date, then id.
    pub drills: Vec<Drill>,
    /// Every source file read, relative to the content directory, sorted.
    pub sources: Vec<String>,
}
