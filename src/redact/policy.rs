//! Which notification rules an audience is not told of: those keyed on a
//! field it may not see, withheld so that they apply to no record.

use crate::model::{Audience, NotificationRule, Policy};

/// Whether `audience` hides the field at `path`: the path itself or a parent
/// of it (`impact` hides `impact.personal_data`), as `render::view::View`
/// reads it.
pub(super) fn hides(audience: &Audience, path: &str) -> bool {
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
pub(super) fn redact_policy(policy: &Policy, audience: &Audience) -> Policy {
    let mut policy = policy.clone();
    for rule in &mut policy.notifications {
        rule.withheld = withholds(audience, rule);
    }
    policy
}

#[cfg(test)]
mod tests {
    use super::super::redact;
    use super::super::tests::{record, staff};
    use crate::model::{
        Audience, AudienceRule, Content, NotificationRule, RestrictedMode, Spanned,
    };

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
}
