//! Drafts of the external notifications a record requires, filled from the
//! record: for every rule that applies to it (`analysis::notifications`) and
//! names a `draft` template, and a notice to the persons affected for a
//! record with `impact.personal_data`. A template is Markdown from the
//! theme (`drafts/<lang>/<name>.md`, overridable with `--theme`) holding
//! placeholders `{{field}}` — a record field path such as `summary`,
//! `impact.records_affected` or `data_items` ([`FIELDS`]). Each is replaced
//! by the record's value, or, where the record has none, by a visible mark
//! naming the field that would fill it.
//!
//! Drafts gather personal details, so they are made only for an audience
//! that hides no field, and only for records it sees in full.

use super::Env;
use crate::analysis::notifications::{requirements, State};
use crate::markup::{escape_html, markdown};
use crate::model::summary::Summary;
use crate::model::{Incident, Spanned, Timestamp};
use serde::Serialize;

/// The template of the notice to the persons affected.
pub const CUSTOMER_NOTICE: &str = "customer_notice";

/// Every placeholder a template may use.
pub const FIELDS: &[&str] = &[
    "organization",
    "id",
    "title",
    "category",
    "level",
    "location",
    "occurred_at",
    "detected_at",
    "reported_at",
    "contained_at",
    "summary",
    "cause",
    "affected_systems",
    "system_configuration",
    "impact.records_affected",
    "impact.customers",
    "impact.business",
    "data_items",
    "secondary_harm",
    "response_to_persons",
    "publication",
    "remarks",
    "timeline",
    "actions",
    "evidence",
];

/// The placeholders whose fields hold Markdown.
const MARKDOWN: &[&str] = &[
    "summary",
    "cause",
    "system_configuration",
    "secondary_harm",
    "response_to_persons",
    "publication",
    "remarks",
];

/// One draft as the record page shows it.
#[derive(Serialize)]
pub struct Draft {
    /// `draft-<rule id>` or `draft-customer_notice`.
    pub anchor: String,
    pub name: String,
    /// Each required report of the rule: kind, deadline, state.
    pub deadlines: Vec<DraftDeadline>,
    /// The filled template (sanitised Markdown, values escaped).
    pub html: String,
    /// Record fields the draft needs and the record leaves empty, in the
    /// order the template uses them.
    pub missing: Vec<String>,
    pub missing_n: usize,
}

#[derive(Serialize)]
pub struct DraftDeadline {
    pub kind: String,
    pub due: super::context::DateView,
    pub state: &'static str,
}

/// The drafts of `incident` for this build's audience (none unless it
/// hides nothing).
/// `summary` is `incident`'s.
pub fn drafts(
    env: &Env,
    incident: &Incident,
    summary: &Summary,
    slugs: &mut markdown::Slugger,
) -> Vec<Draft> {
    if !env.view.hides_nothing() {
        return Vec::new();
    }
    let reqs = requirements(env.content, summary, env.today);
    let mut out = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for r in &reqs {
        let id = r.rule.id.value.as_str();
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        let Some(template) = r.rule.draft.as_deref().and_then(|d| env.drafts.get(d)) else {
            continue;
        };
        let deadlines = reqs
            .iter()
            .filter(|q| q.rule.id.value == id)
            .map(|q| DraftDeadline {
                kind: env.notification_kind(&q.rule.id.value, q.kind),
                due: super::context::date_view(
                    &Timestamp {
                        at: q.deadline,
                        precision: crate::model::time::Precision::Time,
                    },
                    env.tz,
                ),
                state: match q.state {
                    State::Made => "made",
                    State::Late => "late",
                    State::Missing => "missing",
                    State::NotYetDue => "not_yet_due",
                    State::Unjudged => "unjudged",
                },
            })
            .collect();
        let (html, missing) = fill(env, incident, template, slugs);
        out.push(Draft {
            anchor: format!("draft-{id}"),
            name: r.rule.name.clone(),
            deadlines,
            html,
            missing_n: missing.len(),
            missing,
        });
    }
    if incident.impact.flag("personal_data") {
        if let Some(template) = env.drafts.get(CUSTOMER_NOTICE) {
            let (html, missing) = fill(env, incident, template, slugs);
            out.push(Draft {
                anchor: format!("draft-{CUSTOMER_NOTICE}"),
                name: env.t.get("drafts.customer_notice").to_string(),
                deadlines: Vec::new(),
                html,
                missing_n: missing.len(),
                missing,
            });
        }
    }
    out
}

/// The template rendered with every placeholder replaced.
pub fn fill(
    env: &Env,
    incident: &Incident,
    template: &str,
    slugs: &mut markdown::Slugger,
) -> (String, Vec<String>) {
    let html = env.markdown(template, slugs);
    let mut out = String::with_capacity(html.len() * 2);
    let mut missing = Vec::new();
    let mut rest = html.as_str();
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let name = after[..end].trim();
        let mut tail = &after[end + 2..];
        if FIELDS.contains(&name) {
            // A Markdown field alone in its paragraph takes the paragraph's
            // place, rendered (and sanitised) like on the record page.
            let alone = out.ends_with("<p>") && tail.starts_with("</p>");
            match value(env, incident, name) {
                Some(v) if alone && MARKDOWN.contains(&name) => {
                    out.truncate(out.len() - "<p>".len());
                    out.push_str(&env.markdown(&v, slugs));
                    tail = &tail["</p>".len()..];
                }
                Some(v) => out.push_str(&escape_html(&v).replace('\n', "<br>")),
                None => {
                    if !missing.iter().any(|m| m == name) {
                        missing.push(name.to_string());
                    }
                    out.push_str(&format!(
                        "<mark class=\"draft-missing\" data-field=\"{f}\">{label}</mark>",
                        f = escape_html(name),
                        label = escape_html(&env.t.fmt("drafts.missing", &[("field", name)])),
                    ));
                }
            }
        } else {
            // Not a placeholder: left as written.
            out.push_str(&rest[start..start + 2 + end + 2]);
        }
        rest = tail;
    }
    out.push_str(rest);
    (out, missing)
}

/// The record's value for a placeholder; `None` when it has none.
fn value(env: &Env, i: &Incident, name: &str) -> Option<String> {
    let text = |s: &Option<String>| s.clone().filter(|s| !s.trim().is_empty());
    let when = |t: &Option<Spanned<Timestamp>>| t.as_ref().map(|t| t.value.display(env.tz));
    let v = match name {
        "organization" => Some(env.content.site.organization.clone()),
        "id" => Some(i.id.value.clone()),
        "title" => Some(i.title.clone()),
        "category" => i
            .category
            .as_ref()
            .map(|c| env.category_name(&c.value).to_string()),
        "level" => i.level().map(|l| l.to_string()),
        "location" => text(&i.location),
        "occurred_at" => when(&i.occurred_at).or_else(|| {
            i.occurred_unknown
                .then(|| env.t.get("dates.unknown").to_string())
        }),
        "detected_at" => when(&i.detected_at),
        "reported_at" => when(&i.reported_at),
        "contained_at" => when(&i.contained_at),
        "summary" => Some(i.summary.clone()),
        "cause" => text(&i.cause),
        "affected_systems" => Some(i.affected_systems.join("、")),
        "system_configuration" => text(&i.system_configuration),
        "impact.records_affected" => i.impact.records_affected.map(|n| n.to_string()),
        "impact.customers" => text(&i.impact.customers),
        "impact.business" => text(&i.impact.business),
        "timeline" => Some(
            i.timeline
                .iter()
                .map(|e| format!("{} {}", when(&e.at).unwrap_or_default(), e.action))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        "actions" => Some(
            i.actions
                .iter()
                .map(|a| format!("・{}", a.action))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        "evidence" => Some(
            i.evidence
                .iter()
                .map(|e| e.path.value.clone())
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        extra => i.extra.get(extra).cloned(),
    };
    v.filter(|s| !s.trim().is_empty())
}
