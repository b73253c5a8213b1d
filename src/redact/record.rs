//! One record as an audience may see it: hidden fields removed, a
//! restricted record omitted or reduced to a stub, reports under a withheld
//! rule dropped, a collector's name removed for an audience that hides
//! people.

use super::policy::hides;
use crate::model::{Audience, Impact, Incident, Policy, RestrictedMode};

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
        level: inc.level.clone(),
        category: inc.category.clone(),
        status: inc.status.clone(),
        visibility: inc.visibility,
        responsible: inc.responsible.clone(),
        detected_at: inc.detected_at.clone().map(|mut d| {
            // The date alone: the exact time can identify people on shift.
            // (A month stays a month: no day is invented.)
            if d.value.has_time() {
                d.value = crate::model::Timestamp::from_date(
                    d.value.at.date_naive(),
                    *d.value.at.offset(),
                );
            }
            d
        }),
        read_as: inc.read_as,
        ..Incident::empty(inc.file.clone(), inc.id.clone(), inc.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::super::redact;
    use super::super::tests::{record, staff};
    use crate::model::{Audience, AudienceRule, Content, RestrictedMode, Spanned};

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
}
