//! `report.html` — 報告する: the staff report assistant. The questions come
//! from the policy (each criterion's `question:`, and the impact flags of
//! `applies_when` no criterion stands for); every level's result (role,
//! people, phones, deadline), the external bodies and the first-report form
//! are rendered here, so the page is a complete printable checklist without
//! JavaScript. `static/report.js` answers the questions: it shows the level
//! the answers lead to ("don't know" and unanswered count as "yes"), the
//! deadline as a clock time, and composes the first report (mail, clipboard,
//! YAML draft of a record).

use super::home::finder_steps;
use super::levels::conditions;
use super::{contacts_for_role, page};
use crate::authoring::skeleton::Prefill;
use crate::model::{Level, Policy, When};
use crate::present::context::{duration_text, ContactView};
use crate::present::{Env, Nav, RenderError, Rendered};
use serde::Serialize;
use serde_json::json;

/// This page in [`super::PAGES`].
pub const PAGE: super::PageKind = super::PageKind::single(|env, _| render(env))
    .searchable(crate::render::documents::policy::report)
    .without_records();

/// The page's path (linked first in the header and from the start page).
pub const PATH: &str = crate::paths::REPORT_ASSISTANT;

/// One yes/no/don't-know question.
#[derive(Serialize)]
struct Question {
    /// Form control name (`q-3-1`, `flag-personal_data`).
    name: String,
    text: String,
    /// The criterion has no `question:`: `text` is the criterion itself.
    plain: bool,
    /// The impact flag a "yes" means, if any.
    flag: Option<String>,
}

#[derive(Serialize)]
struct LevelView {
    level: i64,
    name: String,
    criteria: Vec<String>,
    questions: Vec<Question>,
    role: String,
    role_name: String,
    report_within: Option<String>,
    minutes: Option<i64>,
    contacts: Vec<ContactView>,
}

#[derive(Serialize)]
struct DeadlineView {
    kind: String,
    within: String,
    minutes: i64,
}

#[derive(Serialize)]
struct NotificationView {
    id: String,
    name: String,
    contact: Option<String>,
    contact_href: Option<String>,
    conditions: Vec<String>,
    deadlines: Vec<DeadlineView>,
}

#[derive(Serialize)]
struct Step {
    label: String,
    actor: Option<String>,
}

#[derive(Serialize)]
struct CategoryView {
    id: String,
    name: String,
    todo: Vec<String>,
    dont: Vec<String>,
    tell: Vec<String>,
}

/// The impact flags the questions of `levels` stand for already.
fn flags_asked(levels: &[Level]) -> Vec<&str> {
    levels
        .iter()
        .flat_map(|l| l.criteria.iter().filter_map(|c| c.impact.as_deref()))
        .collect()
}

/// The questions of one level: its criteria (the lowest level asks none:
/// it is where every "no" lands), then its `applies_when` flags that no
/// criterion stands for.
fn questions(env: &Env, policy: &Policy, l: &Level, lowest: bool) -> Vec<Question> {
    if lowest {
        return Vec::new();
    }
    let asked = flags_asked(&policy.levels);
    let mut out: Vec<Question> = l
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| Question {
            name: format!("q-{}-{}", l.level.value, i + 1),
            text: c.question.clone().unwrap_or_else(|| c.text.clone()),
            plain: c.question.is_none(),
            flag: c.impact.clone(),
        })
        .collect();
    for (flag, want) in &l.applies_when {
        if *want && !asked.contains(&flag.as_str()) {
            out.push(Question {
                name: format!("flag-{}-{flag}", l.level.value),
                text: env
                    .t
                    .lookup(&format!("assist.flag_question.{flag}"))
                    .unwrap_or(flag)
                    .to_string(),
                plain: false,
                flag: Some(flag.clone()),
            });
        }
    }
    out
}

/// A notification rule's `when` for the script (`report.js` decides which
/// rules may apply to the answers).
fn when_json(w: &When) -> serde_json::Value {
    json!({
        "categories": w.categories.iter().map(|c| c.value.as_str()).collect::<Vec<_>>(),
        "min_level": w.min_level,
        "impact": w.impact,
        "more_than": w.more_than,
        "any": w.any.iter().map(when_json).collect::<Vec<_>>(),
    })
}

/// What the script needs beyond the markup: per level the record draft's
/// prefill and the addresses of the first report, the rules' conditions,
/// the site's timezone.
fn script_data(env: &Env, levels: &[LevelView]) -> serde_json::Value {
    let policy = &env.content.policy;
    let first: Vec<String> = env
        .content
        .contacts
        .internal
        .iter()
        .filter(|c| c.first_report)
        .filter_map(|c| c.person.email.as_ref().map(|e| e.value.trim().to_string()))
        .collect();
    let now = chrono::DateTime::from_timestamp(0, 0)
        .unwrap_or_default()
        .with_timezone(&env.tz);
    let category = policy
        .categories
        .first()
        .map(|c| c.id.value.clone())
        .unwrap_or_default();
    let level_data: Vec<serde_json::Value> = policy
        .levels
        .iter()
        .map(|l| {
            let prefill =
                Prefill::from_policy(policy, String::new(), l.level.value, category.clone(), now)
                    .ok();
            let assessment = prefill.as_ref().and_then(|p| p.assessment.as_ref());
            let view = levels.iter().find(|v| v.level == l.level.value);
            let mut to: Vec<String> = Vec::new();
            for c in view.map(|v| v.contacts.as_slice()).unwrap_or(&[]) {
                for p in std::iter::once(&c.person).chain(c.deputy.as_ref()) {
                    if let (Some(e), Some(_)) = (&p.email, &p.mailto) {
                        if !to.contains(e) {
                            to.push(e.clone());
                        }
                    }
                }
            }
            let cc: Vec<&String> = first.iter().filter(|e| !to.contains(e)).collect();
            json!({
                "level": l.level.value,
                "name": l.name,
                "responsible": l.responsible.value,
                "role_name": env.role_name(&l.responsible),
                "minutes": l.report_within.as_ref().map(|d| d.value.minutes),
                "stage": assessment.map(|a| a.stage.clone()),
                "decided_by": assessment.map(|a| a.decided_by.clone()),
                "applies_when": l.applies_when,
                "to": to,
                "cc": cc,
            })
        })
        .collect();
    let offset = env.tz.local_minus_utc() / 60;
    json!({
        "offset_minutes": offset,
        "offset": env.tz.to_string(),
        "levels": level_data,
        "categories": policy.categories.iter().map(|c| json!({"id": c.id.value, "name": c.name})).collect::<Vec<_>>(),
        "notifications": policy.notifications.iter().map(|n| json!({"id": n.id.value, "when": when_json(&n.when)})).collect::<Vec<_>>(),
        "organization": env.content.site.organization,
    })
}

pub fn render(env: &Env) -> Result<Rendered, RenderError> {
    let c = env.content;
    let policy = &c.policy;
    let path = PATH.to_string();
    let title = env.t.get("assist.title");
    let lowest = policy.levels.first().map(|l| l.level.value);
    let levels: Vec<LevelView> = policy
        .levels
        .iter()
        .rev()
        .map(|l| LevelView {
            level: l.level.value,
            name: l.name.clone(),
            criteria: l.criteria.iter().map(|c| c.text.clone()).collect(),
            questions: questions(env, policy, l, Some(l.level.value) == lowest),
            role: l.responsible.value.clone(),
            role_name: env.role_name(&l.responsible).to_string(),
            report_within: l
                .report_within
                .as_ref()
                .map(|d| duration_text(d.value, &env.t)),
            minutes: l.report_within.as_ref().map(|d| d.value.minutes),
            contacts: contacts_for_role(env, &l.responsible),
        })
        .collect();
    let first_contacts = super::first_report_contacts(env);
    let steps: Vec<Step> = finder_steps(&policy.flow)
        .into_iter()
        .map(|n| Step {
            label: n.label.clone(),
            actor: n.actor.as_ref().map(|a| env.role_name(a).to_string()),
        })
        .collect();
    let notifications: Vec<NotificationView> = policy
        .notifications
        .iter()
        .map(|n| {
            let ext = n.contact.as_ref().and_then(|id| c.contacts.external(id));
            NotificationView {
                id: n.id.value.clone(),
                name: n.name.clone(),
                contact: ext.map(|e| e.name.clone()),
                contact_href: ext.map(|e| format!("contacts.html#ext-{}", e.id.value)),
                conditions: conditions(env, n),
                deadlines: n
                    .deadlines
                    .iter()
                    .map(|(kind, d)| DeadlineView {
                        kind: env.notification_kind(&n.id.value, kind),
                        within: duration_text(d.value, &env.t),
                        minutes: d.value.minutes,
                    })
                    .collect(),
            }
        })
        .collect();
    let categories: Vec<CategoryView> = policy
        .categories
        .iter()
        .map(|c| CategoryView {
            id: c.id.value.clone(),
            name: c.name.clone(),
            todo: c.todo.clone(),
            dont: c.dont.clone(),
            tell: c.tell.clone(),
        })
        .collect();
    let guide = env
        .handbook
        .iter()
        .find(|p| p.slug == "first-response")
        .or(env.handbook.first())
        .map(|p| super::LinkView {
            href: crate::paths::site_href(&path, &crate::paths::handbook_page(&p.slug)),
            title: p.title.clone(),
        });
    let data = script_data(env, &levels);
    let mut ctx = env.context(&path, Nav::Report, title);
    ctx.insert("levels", &levels);
    ctx.insert("first_contacts", &first_contacts);
    ctx.insert("steps", &steps);
    ctx.insert("notifications", &notifications);
    ctx.insert(
        "has_situations",
        &categories
            .iter()
            .any(|c| !c.todo.is_empty() || !c.dont.is_empty() || !c.tell.is_empty()),
    );
    ctx.insert("categories", &categories);
    ctx.insert("guide", &guide);
    ctx.insert(
        "has_questions",
        &levels.iter().any(|l| !l.questions.is_empty()),
    );
    let i18n = env
        .t
        .section("assist")
        .get("js")
        .cloned()
        .unwrap_or_default();
    let paper = env
        .templates
        .iter()
        .find(|p| p.slug == "first-report")
        .map(|p| crate::paths::site_href(&path, &crate::paths::template_page(&p.slug)));
    ctx.insert("paper", &paper);
    ctx.insert("assist_data", &super::search::json_for_script(&data));
    ctx.insert("assist_i18n", &super::search::json_for_script(&i18n));
    page(env, path, "assist.html", &ctx, None)
}
