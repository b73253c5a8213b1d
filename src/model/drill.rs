use super::{incident::Action, Spanned};
use crate::diagnostics::Pos;

/// One exercise from `drills/<year>/<id>.yaml`.
#[derive(Clone, Debug)]
pub struct Drill {
    pub file: String,
    pub id: Spanned<String>,
    pub title: String,
    pub date: Option<Spanned<super::RecordDate>>,
    pub kind: Spanned<String>,
    pub scenario: String,
    pub participants: Vec<Spanned<String>>,
    pub findings: Option<String>,
    pub actions: Vec<Action>,
    /// Why it was held later than the policy's interval after the drill before.
    pub late_reason: Option<String>,
    pub pos: Pos,
}

impl Drill {
    pub const KINDS: &'static [&'static str] =
        &["tabletop", "phishing_simulation", "technical", "other"];
}
