//! Audiences: what each reader may see. The build renders from a redacted copy
//! of the model, so a hidden value cannot reach any output file (pages, search
//! index, exports, file names): the renderer never sees it.

use crate::diagnostics::{codes, suggest, Diagnostic};
use crate::model::{Audience, Content, Impact, Incident, RestrictedMode};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Field paths an audience may hide, as written in `policy.yaml` `audiences.*.hide`.
pub const HIDEABLE: &[&str] = &[
    "reporter",
    "location",
    "organization",
    "summary",
    "cause",
    "system_configuration",
    "affected_systems",
    "lessons",
    "tags",
    "timeline",
    "timeline.by",
    "timeline.action",
    "impact",
    "impact.records_affected",
    "impact.customers",
    "impact.business",
    "assessment.rationale",
    "notifications.reference",
    "evidence",
];

/// Report hide paths that name no field (a typo would silently publish data).
pub fn check_policy(content: &Content) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for a in &content.policy.audiences {
        for h in &a.rule.hide {
            if !HIDEABLE.contains(&h.as_str()) {
                let mut d = Diagnostic::new(
                    codes::UNKNOWN_REFERENCE,
                    "policy.yaml",
                    crate::diagnostics::Pos::START,
                    format!(
                        "audience `{}` hides `{h}`, which is not a field that can be hidden",
                        a.id
                    ),
                );
                d = match suggest(h, HIDEABLE.iter().copied()) {
                    Some(s) => d.hint(format!("did you mean `{s}`?")),
                    None => d.hint(format!(
                        "fields that can be hidden: {}",
                        HIDEABLE.join(", ")
                    )),
                };
                out.push(d);
            }
        }
    }
    let ids: Vec<&str> = content
        .policy
        .audiences
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    if !ids.contains(&content.policy.default_audience.as_str()) {
        out.push(
            Diagnostic::new(
                codes::UNKNOWN_REFERENCE,
                "policy.yaml",
                crate::diagnostics::Pos::START,
                format!(
                    "default audience `{}` is not declared",
                    content.policy.default_audience
                ),
            )
            .hint(format!("use one of: {}", ids.join(", "))),
        );
    }
    out
}

/// A copy of `content` as `audience` may see it.
pub fn redact(content: &Content, audience: &Audience) -> Content {
    with_records(content, |inc| redact_record(inc, audience))
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
    let mut k = 0;
    with_records(content, |inc| {
        let r = old[k].take().or_else(|| redact_record(inc, audience));
        k += 1;
        r
    })
}

/// `content` with its records replaced by `redacted` of each (`None`: the
/// audience may not know of it, nor of its file).
fn with_records(
    content: &Content,
    mut redacted: impl FnMut(&Incident) -> Option<Incident>,
) -> Content {
    let mut omitted = HashSet::new();
    let incidents: Vec<Incident> = content
        .incidents
        .iter()
        .filter_map(|inc| {
            let r = redacted(inc);
            if r.is_none() {
                omitted.insert(inc.file.as_str());
            }
            r
        })
        .collect();
    Content {
        site: content.site.clone(),
        policy: content.policy.clone(),
        contacts: content.contacts.clone(),
        handbook: content.handbook.clone(),
        templates: content.templates.clone(),
        incidents,
        drills: content.drills.clone(),
        sources: content
            .sources
            .iter()
            .filter(|s| !omitted.contains(s.as_str()))
            .cloned()
            .collect(),
    }
}

/// One record as `audience` may see it; `None` if it may not know of it.
pub fn redact_record(record: &Incident, audience: &Audience) -> Option<Incident> {
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
    if hidden("lessons") {
        inc.lessons = None;
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
        inc.impact = Impact {
            flags: inc.impact.flags.clone(),
            ..Impact::default()
        };
    }
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
        lessons: None,
        evidence: Vec::new(),
        tags: Vec::new(),
        pos: inc.pos,
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
}
