//! Redaction: the copy of the model an audience may see. The build renders
//! from this redacted copy, so a hidden value cannot reach any output file
//! (pages, search index, exports, file names): the renderer never sees it.
//! (How a page then *presents* records to that audience — full, stub — is
//! `crate::present::view`.)

use crate::model::{Audience, Content, Incident, Policy, RestrictedMode};
use std::collections::{BTreeSet, HashSet};

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
/// was redacted from only in the files `changed` (`serve`: any other change
/// is a whole build): the other records are taken from `previous` instead
/// of being copied again, and so are its policy, contacts, handbook,
/// templates and drills, already redacted and masked. When the records are
/// the same files in the same order (an edit that does not move a record),
/// the changed ones are replaced in `previous`'s list where they stand, so
/// that the 10,000 records of a register are not moved at all.
pub fn redact_again(
    content: &Content,
    audience: &Audience,
    mut previous: Content,
    changed: &BTreeSet<String>,
) -> Content {
    let masks = Masks::new(content, audience);
    let fresh = |inc: &Incident, policy: &Policy| {
        redact_record(inc, audience, policy).map(|r| masks.record(r))
    };
    let mut records = std::mem::take(&mut previous.incidents);
    let same_files = records.len() == content.incidents.len()
        && records
            .iter()
            .zip(&content.incidents)
            .all(|(r, i)| r.file == i.file);
    let in_place = same_files.then(|| {
        content
            .incidents
            .iter()
            .enumerate()
            .filter(|(_, i)| changed.contains(&i.file))
            .map(|(k, i)| Some((k, fresh(i, &previous.policy)?)))
            .collect::<Option<Vec<_>>>()
    });
    let incidents = match in_place.flatten() {
        Some(again) => {
            for (k, r) in again {
                records[k] = r;
            }
            records
        }
        None => {
            // The records not changed keep their order: each is the next
            // one of `previous` left after dropping the changed files (or
            // was not there: the audience may not know of it).
            let mut old = records
                .into_iter()
                .filter(|r| !changed.contains(&r.file))
                .peekable();
            content
                .incidents
                .iter()
                .filter_map(|inc| {
                    if !changed.contains(&inc.file) {
                        if let Some(r) = old.next_if(|r| r.file == inc.file) {
                            return Some(r);
                        }
                    }
                    fresh(inc, &previous.policy)
                })
                .collect()
        }
    };
    let unlisted: HashSet<&str> = content
        .incidents
        .iter()
        .filter(|inc| !sees_whole(inc, audience))
        .map(|inc| inc.file.as_str())
        .chain(listed_none(content, &incidents))
        .collect();
    previous.sources = content
        .sources
        .iter()
        .filter(|s| !unlisted.contains(s.as_str()))
        .cloned()
        .collect();
    previous.incidents = incidents;
    previous
}

/// The files of `content`'s records that are not among `redacted` (in
/// the same order, some left out): those the audience may not know of.
fn listed_none<'c>(content: &'c Content, redacted: &[Incident]) -> Vec<&'c str> {
    let mut kept = redacted.iter().peekable();
    content
        .incidents
        .iter()
        .filter(|inc| kept.next_if(|r| r.file == inc.file).is_none())
        .map(|inc| inc.file.as_str())
        .collect()
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

    /// `serve`'s redaction after an edit gives exactly what redacting the
    /// edited content whole gives: a record edited where it stands (replaced
    /// in place), one moved by its new date, one added, one removed, and a
    /// restricted one made public (it was omitted, its file unlisted).
    #[test]
    fn redacting_again_equals_redacting_the_edited_content() {
        let tz = chrono::FixedOffset::east_opt(9 * 3600).expect("offset");
        let detected = |at: &str| {
            crate::model::Timestamp::parse(&format!("{at}:00+09:00"), tz)
                .map(|t| Spanned::new(t, crate::diagnostics::Pos::START))
        };
        let named = |id: &str, restricted: bool, at: &str| {
            let mut r = record(restricted);
            r.id = Spanned::new(id.into(), r.pos);
            r.file = format!("incidents/2026/{id}.yaml");
            r.summary = format!("{id} ソラノ制作から連絡");
            r.detected_at = detected(at);
            r
        };
        let before = Content {
            incidents: vec![
                named("A-1", false, "2026-01-01T09:00"),
                named("A-2", true, "2026-01-02T09:00"),
                named("A-3", false, "2026-01-03T09:00"),
                named("A-4", false, "2026-01-04T09:00"),
            ],
            sources: ["A-1", "A-2", "A-3", "A-4"]
                .iter()
                .map(|id| format!("incidents/2026/{id}.yaml"))
                .chain(["policy.yaml".to_string()])
                .collect(),
            ..Default::default()
        };
        let mut masked = before.clone();
        masked.site.masks.push(crate::model::SiteMask {
            term: Spanned::new("ソラノ制作".into(), crate::diagnostics::Pos::START),
            label: "取引先A".into(),
            label_pos: crate::diagnostics::Pos::START,
        });
        type Edit<'a> = Box<dyn Fn(&mut Content) + 'a>;
        let edits: Vec<(&str, Edit<'_>)> = vec![
            (
                "title edited in place",
                Box::new(|c: &mut Content| {
                    c.incidents[2].title = "EDITED".into();
                }),
            ),
            (
                "moved by its date",
                Box::new(|c: &mut Content| {
                    let mut r = c.incidents.remove(0);
                    r.detected_at = detected("2026-01-05T09:00");
                    c.incidents.push(r);
                }),
            ),
            (
                "added and removed",
                Box::new(|c: &mut Content| {
                    c.incidents.remove(3);
                    c.sources.retain(|s| !s.contains("A-4"));
                    c.incidents
                        .insert(1, named("A-0", false, "2026-01-01T10:00"));
                    c.sources.push("incidents/2026/A-0.yaml".into());
                    c.sources.sort();
                }),
            ),
            (
                "made public",
                Box::new(|c: &mut Content| {
                    c.incidents[1].visibility = Default::default();
                }),
            ),
        ];
        let changed_files = |a: &Content, b: &Content| -> BTreeSet<String> {
            let files = |c: &Content| -> Vec<(String, String)> {
                c.incidents
                    .iter()
                    .map(|i| (i.file.clone(), format!("{i:?}")))
                    .collect()
            };
            let (fa, fb) = (files(a), files(b));
            fa.iter()
                .filter(|x| !fb.contains(x))
                .chain(fb.iter().filter(|x| !fa.contains(x)))
                .map(|(f, _)| f.clone())
                .collect()
        };
        for base in [&before, &masked] {
            for mode in [
                RestrictedMode::Stub,
                RestrictedMode::Omit,
                RestrictedMode::Show,
            ] {
                let a = staff(mode);
                for (what, edit) in &edits {
                    let mut after = base.clone();
                    edit(&mut after);
                    let changed = changed_files(base, &after);
                    let again = redact_again(&after, &a, redact(base, &a), &changed);
                    let whole = redact(&after, &a);
                    assert_eq!(
                        format!("{again:?}"),
                        format!("{whole:?}"),
                        "{what}, {mode:?}"
                    );
                }
            }
        }
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
