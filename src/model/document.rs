//! Document control of the policy, the contact list, handbook pages and
//! templates: the version in force, who approved it and when (front matter,
//! or `document:` in `policy.yaml` and `contacts.yaml`). The pages show it
//! with the file's revision history from git.

use super::Spanned;
use chrono::NaiveDate;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentControl {
    pub version: Option<String>,
    /// The approving role.
    pub approved_by: Option<Spanned<String>>,
    pub approved_at: Option<Spanned<NaiveDate>>,
}

impl DocumentControl {
    pub fn is_empty(&self) -> bool {
        self.version.is_none() && self.approved_by.is_none() && self.approved_at.is_none()
    }
}
