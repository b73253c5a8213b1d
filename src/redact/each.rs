//! Redaction one record at a time, for a build that streams the register
//! (`crate::site::stream`): the same copy [`super::redact_owned`] makes,
//! made record by record as each is read, and the rest of the content
//! (policy, pages, sources) made once from the register entries.

use super::{redact_policy, redact_record, sees_whole, Masks};
use crate::model::{Audience, Content, Incident, Policy, RestrictedMode};
use std::collections::HashSet;

/// What redacting one record for an audience needs: the audience, its
/// policy and the masked terms.
pub struct Redactor {
    audience: Audience,
    policy: Policy,
    masks: Masks,
}

impl Redactor {
    /// For `audience`, from content whose records may be register entries
    /// (only the site's masks and the policy are read).
    pub fn new(content: &Content, audience: &Audience) -> Redactor {
        Redactor {
            audience: audience.clone(),
            policy: redact_policy(&content.policy, audience),
            masks: Masks::new(content, audience),
        }
    }

    /// One record as the audience may see it; `None` if it may not know of
    /// it. The same value [`super::redact_owned`] keeps for it.
    pub fn record(&self, inc: &Incident) -> Option<Incident> {
        redact_record(inc, &self.audience, &self.policy).map(|r| self.masks.record(r))
    }

    /// `content` without its records, as the audience may see the rest:
    /// the redacted policy, masked pages and drills, and the sources
    /// without the files of records it does not see whole. `content`'s
    /// records (entries are enough: only their file and visibility are
    /// read) decide the sources and are dropped.
    pub fn rest(&self, mut content: Content) -> Content {
        let records = std::mem::take(&mut content.incidents);
        let unlisted: HashSet<String> = records
            .into_iter()
            .filter(|inc| {
                // What `redact_record` leaves out (an omitted record), or
                // shows other than its file has it.
                (inc.is_restricted() && self.audience.rule.restricted == RestrictedMode::Omit)
                    || !sees_whole(inc, &self.audience)
            })
            .map(|inc| inc.file)
            .collect();
        content.sources.retain(|s| !unlisted.contains(s.as_str()));
        self.masks.pages(Content {
            policy: self.policy.clone(),
            ..content
        })
    }
}
