//! Presentation for the reader of this build (the policy's `audiences`):
//! which records a page shows in full, as a stub or not at all. The values
//! the audience may not see are already gone (`crate::redact`).
//!
//! Every page asks [`View`] before showing a confidential field, and records
//! that are `restricted` are omitted, reduced to a stub or shown in full as
//! the audience's rule says. Because the search index is made from the
//! rendered pages' text, whatever a page hides is also absent from the index.

use crate::model::{Policy, RestrictedMode, Visibility};

/// How one record appears in this build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    Full,
    /// Only id, level, category, status and detection date.
    Stub,
    Omitted,
}

#[derive(Clone, Debug)]
pub struct View {
    pub audience: String,
    restricted: RestrictedMode,
    hide: Vec<String>,
}

impl View {
    /// The view for `requested`, or the policy's default audience.
    pub fn new(policy: &Policy, requested: Option<&str>) -> Result<View, String> {
        let id = requested.unwrap_or(policy.default_audience.as_str());
        let id = if id.is_empty() { "staff" } else { id };
        let Some(a) = policy.audience(id) else {
            let known: Vec<&str> = policy.audiences.iter().map(|a| a.id.as_str()).collect();
            return Err(format!(
                "unknown audience `{id}` (the policy declares: {})",
                known.join(", ")
            ));
        };
        Ok(View {
            audience: a.id.clone(),
            restricted: a.rule.restricted,
            hide: a.rule.hide.clone(),
        })
    }

    /// Whether the field at `path` (`reporter`, `timeline.by`,
    /// `impact.records_affected`) may be shown. Hiding `impact` hides every
    /// `impact.*` field.
    pub fn shows(&self, path: &str) -> bool {
        !self.hide.iter().any(|h| {
            path == h
                || (path.starts_with(h.as_str()) && path.as_bytes().get(h.len()) == Some(&b'.'))
        })
    }

    /// Whether this build is the case book for training
    /// ([`crate::present::cases`]): its pages are the cases alone.
    pub fn is_case_book(&self) -> bool {
        self.audience == crate::present::cases::AUDIENCE
    }

    /// Whether this audience may see every field (then it is shown the
    /// notification drafts, which gather personal details).
    pub fn hides_nothing(&self) -> bool {
        self.hide.is_empty()
    }

    pub fn presence(&self, visibility: Visibility) -> Presence {
        if visibility != Visibility::Restricted {
            return Presence::Full;
        }
        match self.restricted {
            RestrictedMode::Show => Presence::Full,
            RestrictedMode::Stub => Presence::Stub,
            RestrictedMode::Omit => Presence::Omitted,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Audience, AudienceRule};

    fn policy() -> Policy {
        Policy {
            audiences: vec![
                Audience {
                    id: "staff".into(),
                    rule: AudienceRule {
                        restricted: RestrictedMode::Stub,
                        hide: vec!["reporter".into(), "impact".into()],
                    },
                },
                Audience {
                    id: "auditor".into(),
                    rule: AudienceRule {
                        restricted: RestrictedMode::Show,
                        hide: vec![],
                    },
                },
            ],
            default_audience: "staff".into(),
            ..Default::default()
        }
    }

    #[test]
    fn hides_fields_and_their_children() {
        let v = View::new(&policy(), None).unwrap();
        assert_eq!(v.audience, "staff");
        assert!(!v.shows("reporter"));
        assert!(!v.shows("impact.records_affected"));
        assert!(v.shows("impact_note"));
        assert!(v.shows("timeline.by"));
        let a = View::new(&policy(), Some("auditor")).unwrap();
        assert!(a.shows("reporter"));
        assert!(View::new(&policy(), Some("public")).is_err());
    }
}
