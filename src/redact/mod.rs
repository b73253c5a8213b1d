//! Redaction: the copy of the model an audience may see. The build renders
//! from this redacted copy, so a hidden value cannot reach any output file
//! (pages, search index, exports, file names): the renderer never sees it.
//! (How a page then *presents* records to that audience — full, stub — is
//! `crate::present::view`.)

use crate::model::{Audience, Content, Incident, Policy, RestrictedMode};
use std::collections::{BTreeSet, HashMap, HashSet};

pub use crate::schema::hideable;
pub use each::Redactor;
pub use policy::withholds;
pub use record::redact_record;

use masks::Masks;
use policy::redact_policy;

mod each;
mod masks;
mod policy;
mod record;

/// Whether `audience` sees `record` as its file has it: the audience hides no
/// field and the record is neither a stub nor omitted. Only such records'
/// files are among the sources the manifest lists with size and SHA-256; the
/// hash of a file the site does not show in full would confirm a guess of
/// what it hides (a number of records affected, a reporter's name).
pub fn sees_whole(record: &Incident, audience: &Audience) -> bool {
    audience.rule.hide.is_empty()
        && (!record.is_restricted() || audience.rule.restricted == RestrictedMode::Show)
}

/// A copy of `content` as `audience` may see it.
pub fn redact(content: &Content, audience: &Audience) -> Content {
    let policy = redact_policy(&content.policy, audience);
    let masks = Masks::new(content, audience);
    masks.pages(with_records(content, audience, policy, |inc, policy| {
        redact_record(inc, audience, policy).map(|r| masks.record(r))
    }))
}

/// [`redact`], consuming `content`: each record is dropped as soon as its
/// redacted copy is made, so the two copies of the register never sit in
/// memory together (a build that keeps nothing for a rebuild).
pub fn redact_owned(mut content: Content, audience: &Audience) -> Content {
    let policy = redact_policy(&content.policy, audience);
    let masks = Masks::new(&content, audience);
    let records = std::mem::take(&mut content.incidents);
    let mut unlisted = HashSet::new();
    let incidents: Vec<Incident> = records
        .into_iter()
        .filter_map(|inc| {
            let r = redact_record(&inc, audience, &policy).map(|r| masks.record(r));
            if r.is_none() || !sees_whole(&inc, audience) {
                unlisted.insert(inc.file);
            }
            r
        })
        .collect();
    content.sources.retain(|s| !unlisted.contains(s.as_str()));
    masks.pages(Content {
        policy,
        incidents,
        ..content
    })
}

/// [`redact`] for a `content` whose records differ from those `previous`
/// was redacted from only in the files `changed`: the other records are
/// taken from `previous` instead of being copied again.
pub fn redact_again(
    content: &Content,
    audience: &Audience,
    previous: Content,
    changed: &BTreeSet<String>,
) -> Content {
    // Slot each earlier redaction by its file's place in `content` (no
    // copies of the file names: this runs for every record on every rebuild).
    let place: HashMap<&str, usize> = content
        .incidents
        .iter()
        .enumerate()
        .map(|(k, i)| (i.file.as_str(), k))
        .collect();
    let mut old: Vec<Option<Incident>> = vec![None; content.incidents.len()];
    for r in previous.incidents {
        if let Some(&k) = place.get(r.file.as_str()) {
            if !changed.contains(&r.file) {
                old[k] = Some(r);
            }
        }
    }
    let policy = redact_policy(&content.policy, audience);
    let masks = Masks::new(content, audience);
    let mut k = 0;
    masks.pages(with_records(content, audience, policy, |inc, policy| {
        let r = old[k]
            .take()
            .or_else(|| redact_record(inc, audience, policy).map(|r| masks.record(r)));
        k += 1;
        r
    }))
}

/// `content` with `policy` (as redacted for `audience`), its records
/// replaced by `redacted` of each (`None`: the audience may not know of it,
/// nor of its file), and its sources without the files of records the
/// audience does not see whole ([`sees_whole`]).
fn with_records(
    content: &Content,
    audience: &Audience,
    policy: Policy,
    mut redacted: impl FnMut(&Incident, &Policy) -> Option<Incident>,
) -> Content {
    let mut unlisted = HashSet::new();
    let incidents: Vec<Incident> = content
        .incidents
        .iter()
        .filter_map(|inc| {
            let r = redacted(inc, &policy);
            if r.is_none() || !sees_whole(inc, audience) {
                unlisted.insert(inc.file.as_str());
            }
            r
        })
        .collect();
    Content {
        site: content.site.clone(),
        policy,
        contacts: content.contacts.clone(),
        handbook: content.handbook.clone(),
        templates: content.templates.clone(),
        incidents,
        drills: content.drills.clone(),
        sources: content
            .sources
            .iter()
            .filter(|s| !unlisted.contains(s.as_str()))
            .cloned()
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AudienceRule, Spanned, Visibility};

    pub(super) fn record(restricted: bool) -> Incident {
        let mut inc = Incident::sample();
        inc.reporter = Some("CANARY-REPORTER".into());
        inc.title = "CANARY-TITLE".into();
        inc.impact.records_affected = Some(4242);
        if restricted {
            inc.visibility = Visibility::Restricted;
        }
        inc.id = Spanned::new(
            if restricted {
                "R-1".into()
            } else {
                "N-1".into()
            },
            inc.pos,
        );
        inc
    }

    pub(super) fn staff(mode: RestrictedMode) -> Audience {
        Audience {
            id: "staff".into(),
            rule: AudienceRule {
                restricted: mode,
                hide: vec!["reporter".into(), "impact.records_affected".into()],
            },
        }
    }

    #[test]
    fn omits_restricted_records_and_their_sources() {
        let mut content = Content {
            incidents: vec![record(false), record(true)],
            ..Default::default()
        };
        content.incidents[1].file = "incidents/2026/R-1.yaml".into();
        content.sources = vec!["incidents/2026/R-1.yaml".into(), "policy.yaml".into()];
        let out = redact(&content, &staff(RestrictedMode::Omit));
        assert_eq!(out.incidents.len(), 1);
        assert_eq!(out.sources, vec!["policy.yaml".to_string()]);
    }

    /// Record files are listed (and hashed) only for audiences that see them
    /// whole: nothing hidden, not a stub.
    #[test]
    fn record_sources_are_listed_only_when_seen_whole() {
        let mut content = Content {
            incidents: vec![record(false), record(true)],
            ..Default::default()
        };
        content.incidents[0].file = "incidents/2026/N-1.yaml".into();
        content.incidents[1].file = "incidents/2026/R-1.yaml".into();
        content.sources = vec![
            "incidents/2026/N-1.yaml".into(),
            "incidents/2026/R-1.yaml".into(),
            "policy.yaml".into(),
        ];
        let listed = |hide: &[&str], restricted| {
            let a = Audience {
                id: "x".into(),
                rule: AudienceRule {
                    restricted,
                    hide: hide.iter().map(|h| h.to_string()).collect(),
                },
            };
            redact(&content, &a).sources
        };
        assert_eq!(
            listed(&["reporter"], RestrictedMode::Show),
            ["policy.yaml"],
            "a build that hides a field lists no record file"
        );
        assert_eq!(
            listed(&[], RestrictedMode::Stub),
            ["incidents/2026/N-1.yaml", "policy.yaml"],
            "a stub's file is not listed"
        );
        assert_eq!(listed(&[], RestrictedMode::Show), content.sources);
    }

    /// The build's consuming redaction gives exactly the copy `serve`'s
    /// borrowing one gives: records, stubs, omissions, sources and masks.
    #[test]
    fn owned_redaction_equals_the_borrowed_one() {
        let mut content = Content {
            incidents: vec![record(false), record(true)],
            ..Default::default()
        };
        content.incidents[0].summary = "ソラノ制作から連絡".into();
        content.incidents[0].file = "incidents/2026/N-1.yaml".into();
        content.incidents[1].file = "incidents/2026/R-1.yaml".into();
        content.sources = vec![
            "incidents/2026/N-1.yaml".into(),
            "incidents/2026/R-1.yaml".into(),
            "policy.yaml".into(),
        ];
        content.site.masks.push(crate::model::SiteMask {
            term: Spanned::new("ソラノ制作".into(), crate::diagnostics::Pos::START),
            label: "取引先A".into(),
            label_pos: crate::diagnostics::Pos::START,
        });
        for mode in [
            RestrictedMode::Stub,
            RestrictedMode::Omit,
            RestrictedMode::Show,
        ] {
            let a = staff(mode);
            let borrowed = format!("{:?}", redact(&content, &a));
            let owned = format!("{:?}", redact_owned(content.clone(), &a));
            assert_eq!(borrowed, owned, "{mode:?}");
        }
    }
}
