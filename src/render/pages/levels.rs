//! `levels.html` — each level's criteria, responsible role with its contact
//! (`tel:`/`mailto:`), reporting deadline; then the external notifications
//! the policy requires: to whom, when, by what deadline.

use super::{contacts_for_role, page};
use crate::model::{NotificationRule, When};
use crate::present::context::{duration_text, ContactView};
use crate::present::{Env, Nav, RenderError, Rendered};
use serde::Serialize;

/// This page in [`super::PAGES`].
pub const PAGE: super::PageKind = super::PageKind::single(|env, _| render(env))
    .searchable(crate::render::documents::policy::levels)
    .without_records();

#[derive(Serialize)]
struct LevelView {
    level: i64,
    anchor: String,
    name: String,
    criteria: Vec<String>,
    role_name: String,
    role_anchor: String,
    report_within: Option<String>,
    contacts: Vec<ContactView>,
    /// The role that approves the response at this level (`approval:`).
    approval: Option<RoleLink>,
}

#[derive(Serialize)]
struct RoleLink {
    name: String,
    anchor: String,
}

#[derive(Serialize)]
struct Deadline {
    kind: String,
    within: String,
}

#[derive(Serialize)]
struct ContactLink {
    name: String,
    href: String,
}

#[derive(Serialize)]
struct NotificationView {
    anchor: String,
    name: String,
    contact: Option<ContactLink>,
    conditions: Vec<String>,
    deadlines: Vec<Deadline>,
}

/// The rule's conditions in words (`分類: 情報漏えい、誤送信`, `レベル2以上`).
pub(crate) fn conditions(env: &Env, rule: &NotificationRule) -> Vec<String> {
    when_words(env, &rule.when)
}

/// Conditions in words, alternatives (`any`) as one item.
pub(crate) fn when_words(env: &Env, w: &When) -> Vec<String> {
    let t = &env.t;
    let mut out = Vec::new();
    if !w.categories.is_empty() {
        let names: Vec<&str> = w.categories.iter().map(|c| env.category_name(c)).collect();
        out.push(t.fmt(
            "levels.when_categories",
            &[("list", &names.join(t.get("common.list_sep")))],
        ));
    }
    if let Some(min) = w.min_level {
        out.push(t.fmt("levels.when_min_level", &[("n", &min.to_string())]));
    }
    for (flag, want) in &w.impact {
        let name = env.impact_name(flag);
        let value = if *want {
            t.get("common.yes")
        } else {
            t.get("common.no")
        };
        out.push(t.fmt("levels.when_flag", &[("flag", &name), ("value", value)]));
    }
    for (figure, limit) in &w.more_than {
        let name = t.lookup(&format!("impact.{figure}")).unwrap_or(figure);
        out.push(t.fmt(
            "levels.when_more_than",
            &[("figure", name), ("n", &limit.to_string())],
        ));
    }
    if !w.any.is_empty() {
        let alternatives: Vec<String> = w
            .any
            .iter()
            .map(|a| when_words(env, a).join(t.get("common.and_sep")))
            .collect();
        out.push(t.fmt(
            "levels.when_any",
            &[("list", &alternatives.join(t.get("levels.or_sep")))],
        ));
    }
    out
}

pub fn render(env: &Env) -> Result<Rendered, RenderError> {
    let c = env.content;
    let path = "levels.html".to_string();
    let title = env.t.get("levels.title");
    let levels: Vec<LevelView> = c
        .policy
        .levels
        .iter()
        .map(|l| LevelView {
            level: l.level.value,
            anchor: format!("level-{}", l.level.value),
            name: l.name.clone(),
            criteria: l.criteria.iter().map(|c| c.text.clone()).collect(),
            role_name: env.role_name(&l.responsible).to_string(),
            role_anchor: format!("role-{}", l.responsible.value),
            report_within: l
                .report_within
                .as_ref()
                .map(|d| duration_text(d.value, &env.t)),
            contacts: contacts_for_role(env, &l.responsible),
            approval: l.approval.as_ref().map(|a| RoleLink {
                name: env.role_name(&a.value).to_string(),
                anchor: format!("role-{}", a.value),
            }),
        })
        .collect();
    let notifications: Vec<NotificationView> = c
        .policy
        .notifications
        .iter()
        .map(|n| NotificationView {
            anchor: format!("notify-{}", n.id.value),
            name: n.name.clone(),
            contact: n.contact.as_ref().and_then(|id| {
                let ext = c.contacts.external(id)?;
                Some(ContactLink {
                    name: ext.name.clone(),
                    href: format!("contacts.html#ext-{}", ext.id.value),
                })
            }),
            conditions: conditions(env, n),
            deadlines: n
                .deadlines
                .iter()
                .map(|(kind, d)| Deadline {
                    kind: env.notification_kind(&n.id.value, kind),
                    within: duration_text(d.value, &env.t),
                })
                .chain(n.overrides.iter().flat_map(|o| {
                    let when = when_words(env, &o.when).join(env.t.get("common.and_sep"));
                    o.deadlines.iter().map(move |(kind, d)| {
                        let kind = env.notification_kind(&n.id.value, kind);
                        Deadline {
                            kind: env
                                .t
                                .fmt("levels.override_kind", &[("kind", &kind), ("when", &when)]),
                            within: duration_text(d.value, &env.t),
                        }
                    })
                }))
                .collect(),
        })
        .collect();
    let mut ctx = env.context(&path, Nav::Levels, title);
    ctx.insert("levels", &levels);
    ctx.insert(
        "doc",
        &crate::present::document::document_view(env, "policy.yaml", &env.content.policy.document),
    );
    ctx.insert("notifications", &notifications);
    page(env, path, "levels.html", &ctx, None)
}
