//! Redaction: the copy of the model an audience may see. The build renders
//! from this redacted copy, so a hidden value cannot reach any output file
//! (pages, search index, exports, file names): the renderer never sees it.
//! (How a page then *presents* records to that audience — full, stub — is
//! `crate::present::view`.)

use crate::model::{Audience, Content, Impact, Incident, NotificationRule, Policy, RestrictedMode};
use std::collections::{BTreeSet, HashMap, HashSet};

pub use crate::schema::hideable;
pub use each::Redactor;

mod each;

/// Whether `audience` hides the field at `path`: the path itself or a parent
/// of it (`impact` hides `impact.personal_data`), as `render::view::View`
/// reads it.
fn hides(audience: &Audience, path: &str) -> bool {
    audience.rule.hide.iter().any(|h| {
        path == h || (path.starts_with(h.as_str()) && path.as_bytes().get(h.len()) == Some(&b'.'))
    })
}

/// Whether `rule` tests a field `audience` may not see (an impact flag, or
/// the category or level should those ever become hideable): then whether it
/// applies to a record, and any report made under it, would tell the hidden
/// value.
pub fn withholds(audience: &Audience, rule: &NotificationRule) -> bool {
    let whens = std::iter::once(&rule.when).chain(rule.overrides.iter().map(|o| &o.when));
    let mut all: Vec<&crate::model::When> = Vec::new();
    for w in whens {
        all.push(w);
        all.extend(w.any.iter());
    }
    all.iter().any(|w| {
        w.impact_fields().iter().any(|f| hides(audience, f))
            || (!w.categories.is_empty() && hides(audience, "category"))
            || (w.min_level.is_some() && hides(audience, "level"))
    })
}

/// The policy as `audience` may see it: every rule kept (the policy pages
/// show them; they say nothing about a record), those keyed on a hidden
/// field marked [`NotificationRule::withheld`], so that they apply to no
/// record in this build.
fn redact_policy(policy: &Policy, audience: &Audience) -> Policy {
    let mut policy = policy.clone();
    for rule in &mut policy.notifications {
        rule.withheld = withholds(audience, rule);
    }
    policy
}

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

/// The `mask` terms of `site.yaml`, replaced by their labels in every text of
/// an audience that hides people (`crate::analysis::names` finds them in
/// any width, case and spacing).
struct Masks {
    matcher: Option<crate::analysis::names::Matcher>,
    labels: Vec<String>,
}

impl Masks {
    fn new(content: &Content, audience: &Audience) -> Masks {
        let masks = &content.site.masks;
        let matcher = (audience.hides_people() && !masks.is_empty()).then(|| {
            crate::analysis::names::Matcher::new(
                masks
                    .iter()
                    .enumerate()
                    .map(|(k, m)| crate::analysis::names::Variant::new(&m.term.value, k))
                    .collect(),
            )
        });
        Masks {
            matcher,
            labels: masks.iter().map(|m| m.label.clone()).collect(),
        }
    }

    fn text(&self, text: &mut String) {
        if let Some(m) = &self.matcher {
            let out = m.replace(text, |k| self.labels.get(k).cloned());
            if out != *text {
                *text = out;
            }
        }
    }

    fn record(&self, mut inc: Incident) -> Incident {
        if self.matcher.is_some() {
            // Evidence paths name files to copy: the guard refuses a
            // masked term in them rather than renaming them here.
            crate::model::prose::incident_mut(&mut inc, &mut |path, v| {
                if !(path.starts_with("evidence.") && path.ends_with(".path")) {
                    self.text(v);
                }
            });
        }
        inc
    }

    /// Drills, handbook pages and templates of `content`, masked.
    fn pages(&self, mut content: Content) -> Content {
        if self.matcher.is_some() {
            for d in &mut content.drills {
                crate::model::prose::drill_mut(d, &mut |_, v| self.text(v));
            }
            for p in content.handbook.iter_mut().chain(&mut content.templates) {
                self.text(&mut p.title);
                self.text(&mut p.body);
            }
        }
        content
    }
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

/// One record as `audience` may see it; `None` if it may not know of it.
/// `policy` is the policy as redacted for `audience`: reports made under a
/// rule it withholds are dropped with the flags the rule tests.
pub fn redact_record(record: &Incident, audience: &Audience, policy: &Policy) -> Option<Incident> {
    let rule = &audience.rule;
    if record.is_restricted() {
        match rule.restricted {
            RestrictedMode::Omit => return None,
            RestrictedMode::Stub => return Some(stub(record)),
            RestrictedMode::Show => {}
        }
    }
    let hidden = |path: &str| rule.hide.iter().any(|h| h == path);
    let mut owned = record.clone();
    let inc = &mut owned;
    if hidden("reporter") {
        inc.reporter = None;
    }
    if hidden("location") {
        inc.location = None;
    }
    if hidden("organization") {
        inc.organization = None;
    }
    if hidden("summary") {
        inc.summary.clear();
    }
    if hidden("cause") {
        inc.cause = None;
    }
    if hidden("system_configuration") {
        inc.system_configuration = None;
    }
    if hidden("affected_systems") {
        inc.affected_systems.clear();
    }
    if hidden("tags") {
        inc.tags.clear();
    }
    if hidden("timeline") {
        inc.timeline.clear();
    }
    for t in &mut inc.timeline {
        if hidden("timeline.by") {
            t.by = None;
        }
        if hidden("timeline.action") {
            t.action.clear();
        }
    }
    if hidden("impact") {
        inc.impact = Impact::default();
    }
    // A hidden flag is not kept for the rules either (they are withheld).
    inc.impact
        .flags
        .retain(|f, _| !hides(audience, &format!("impact.{f}")));
    // A report made under a withheld rule would tell that it applied.
    inc.notifications
        .retain(|n| policy.notification(&n.to.value).is_none_or(|r| !r.withheld));
    // Likewise a rule marked not applicable, or a report not made under it.
    let withheld = |rule: &str| policy.notification(rule).is_some_and(|r| r.withheld);
    inc.audit
        .not_applicable
        .retain(|n| !withheld(&n.rule.value));
    inc.audit
        .deviations
        .retain(|d| d.to.as_ref().is_none_or(|t| !withheld(&t.value)));
    if hidden("impact.records_affected") {
        inc.impact.records_affected = None;
    }
    if hidden("impact.customers") {
        inc.impact.customers = None;
    }
    if hidden("impact.business") {
        inc.impact.business = None;
    }
    if hidden("assessment.rationale") {
        if let Some(a) = &mut inc.assessment {
            a.rationale = None;
        }
    }
    if hidden("notifications.reference") {
        for n in &mut inc.notifications {
            n.reference = None;
        }
    }
    if hidden("evidence") {
        inc.evidence.clear();
    }
    // Who collected evidence: a role stays, a person goes for an audience
    // that may not learn who was involved.
    if audience.hides_people() {
        for e in &mut inc.evidence {
            if e.collected_by
                .as_ref()
                .is_some_and(|by| policy.role(&by.value).is_none())
            {
                e.collected_by = None;
            }
        }
    }
    // The extra text fields (`schema::fields::extra_text`), by name.
    inc.extra.retain(|name, _| !hidden(name));
    Some(owned)
}

/// A restricted record as a stub: that it exists and its classification, no details.
fn stub(inc: &Incident) -> Incident {
    Incident {
        file: inc.file.clone(),
        id: inc.id.clone(),
        title: String::new(),
        level: inc.level.clone(),
        category: inc.category.clone(),
        status: inc.status.clone(),
        visibility: inc.visibility,
        responsible: inc.responsible.clone(),
        reporter: None,
        location: None,
        occurred_at: None,
        detected_at: inc.detected_at.clone().map(|mut d| {
            // The date alone: the exact time can identify people on shift.
            d.value =
                crate::model::Timestamp::from_date(d.value.at.date_naive(), *d.value.at.offset());
            d
        }),
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
        pos: inc.pos,
        read_as: inc.read_as,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AudienceRule, Spanned, Visibility};

    fn record(restricted: bool) -> Incident {
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

    fn staff(mode: RestrictedMode) -> Audience {
        Audience {
            id: "staff".into(),
            rule: AudienceRule {
                restricted: mode,
                hide: vec!["reporter".into(), "impact.records_affected".into()],
            },
        }
    }

    #[test]
    fn hides_fields_and_stubs_restricted_records() {
        let content = Content {
            incidents: vec![record(false), record(true)],
            ..Default::default()
        };
        let out = redact(&content, &staff(RestrictedMode::Stub));
        let text = format!("{:?}", out.incidents);
        assert!(!text.contains("CANARY-REPORTER"));
        assert!(!text.contains("4242"));
        assert_eq!(out.incidents.len(), 2);
        assert_eq!(out.incidents[1].title, "");
        assert!(out.incidents[0].title.contains("CANARY-TITLE"));
    }

    /// Who collected evidence: an audience that hides people (but sees the
    /// evidence) keeps a role and loses a person's name.
    #[test]
    fn evidence_collectors_follow_the_rules_for_people() {
        let pos = crate::diagnostics::Pos::START;
        let ev = |by: &str| crate::model::Evidence {
            path: Spanned::new("evidence/x.log".into(), pos),
            description: None,
            sha256: None,
            collected_by: Some(Spanned::new(by.into(), pos)),
            collected_at: None,
        };
        let mut inc = record(false);
        inc.evidence = vec![ev("it_admin"), ev("CANARY-COLLECTOR")];
        let mut content = Content {
            incidents: vec![inc],
            ..Default::default()
        };
        content.policy.roles = vec![crate::model::Role {
            id: Spanned::new("it_admin".into(), pos),
            name: "IT".into(),
            can_assess: false,
        }];
        let by = |out: &Content| -> Vec<Option<String>> {
            out.incidents[0]
                .evidence
                .iter()
                .map(|e| e.collected_by.as_ref().map(|b| b.value.clone()))
                .collect()
        };
        let out = redact(&content, &staff(RestrictedMode::Stub));
        assert_eq!(by(&out), vec![Some("it_admin".to_string()), None]);
        let all = Audience {
            id: "auditor".into(),
            rule: AudienceRule {
                restricted: RestrictedMode::Show,
                hide: Vec::new(),
            },
        };
        let out = redact(&content, &all);
        assert_eq!(
            by(&out),
            vec![
                Some("it_admin".to_string()),
                Some("CANARY-COLLECTOR".to_string())
            ]
        );
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

    fn rule(id: &str, flags: &[(&str, bool)], categories: &[&str]) -> NotificationRule {
        NotificationRule {
            id: Spanned::new(id.into(), crate::diagnostics::Pos::START),
            label: None,
            label_en: None,
            name: format!("rule {id}"),
            contact: None,
            when: crate::model::When {
                categories: categories
                    .iter()
                    .map(|c| Spanned::new(c.to_string(), crate::diagnostics::Pos::START))
                    .collect(),
                min_level: None,
                impact: flags.iter().map(|(f, v)| (f.to_string(), *v)).collect(),
                ..Default::default()
            },
            deadlines: Vec::new(),
            draft: None,
            overrides: Vec::new(),
            withheld: false,
        }
    }

    fn made(to: &str) -> crate::model::NotificationMade {
        let pos = crate::diagnostics::Pos::START;
        crate::model::NotificationMade {
            to: Spanned::new(to.into(), pos),
            kind: Spanned::new("report".into(), pos),
            at: None,
            reference: None,
            late_reason: None,
            pos,
        }
    }

    /// Hiding `impact` hides the flags from the rules too: a rule keyed on a
    /// flag is withheld (and so is a report made under it), a rule keyed on
    /// the category is not; the flags are not in the redacted record.
    #[test]
    fn rules_keyed_on_hidden_flags_are_withheld_with_their_reports() {
        let mut inc = record(false);
        inc.impact.flags.insert("personal_data".into(), true);
        inc.notifications = vec![made("ppc"), made("police")];
        let mut content = Content {
            incidents: vec![inc],
            ..Default::default()
        };
        content.policy.notifications = vec![
            rule("ppc", &[("personal_data", true)], &[]),
            rule("police", &[], &["malware"]),
        ];
        let mut audience = staff(RestrictedMode::Stub);
        audience.rule.hide.push("impact".into());
        let out = redact(&content, &audience);
        let withheld: Vec<(&str, bool)> = out
            .policy
            .notifications
            .iter()
            .map(|r| (r.id.value.as_str(), r.withheld))
            .collect();
        assert_eq!(withheld, [("ppc", true), ("police", false)]);
        let r = &out.incidents[0];
        assert!(r.impact.flags.is_empty(), "{:?}", r.impact.flags);
        let to: Vec<&str> = r
            .notifications
            .iter()
            .map(|n| n.to.value.as_str())
            .collect();
        assert_eq!(to, ["police"]);
        // Withheld, the rule applies to no record, not even the unredacted one.
        assert!(!crate::analysis::notifications::applies(
            &out.policy.notifications[0],
            &crate::model::summary::Summary::of(&content.incidents[0])
        ));
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
        let summary = crate::model::summary::Summary::of(r);
        let required: Vec<&str> =
            crate::analysis::notifications::requirements(&out, &summary, today)
                .iter()
                .map(|q| q.rule.id.value.as_str())
                .collect();
        assert!(!required.contains(&"ppc"), "{required:?}");

        // An audience that shows the flags keeps rule, flags and report.
        let auditor = Audience {
            id: "auditor".into(),
            rule: AudienceRule {
                restricted: RestrictedMode::Show,
                hide: vec![],
            },
        };
        let out = redact(&content, &auditor);
        assert!(out.policy.notifications.iter().all(|r| !r.withheld));
        assert_eq!(out.incidents[0].notifications.len(), 2);
        assert_eq!(out.incidents[0].impact.flags.len(), 1);
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

    /// `mask` terms become their labels in every text of an audience that
    /// hides people, in any width; the auditor keeps them.
    #[test]
    fn masked_terms_are_replaced_for_audiences_that_hide_people() {
        let mut inc = record(false);
        inc.summary = "ｿﾗﾉ制作から連絡".into();
        let mut content = Content {
            incidents: vec![inc],
            ..Default::default()
        };
        content.site.masks.push(crate::model::SiteMask {
            term: Spanned::new("ソラノ制作".into(), crate::diagnostics::Pos::START),
            label: "取引先A".into(),
            label_pos: crate::diagnostics::Pos::START,
        });
        let staff = redact(&content, &staff(RestrictedMode::Stub));
        assert_eq!(staff.incidents[0].summary, "取引先Aから連絡");
        let auditor = Audience {
            id: "auditor".into(),
            rule: AudienceRule {
                restricted: RestrictedMode::Show,
                hide: vec![],
            },
        };
        let shown = redact(&content, &auditor);
        assert_eq!(shown.incidents[0].summary, "ｿﾗﾉ制作から連絡");
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
