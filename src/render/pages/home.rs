//! `index.html` — 見つけたら、まず: what to do first, whom to call (big
//! `tel:`/`mailto:` targets), who is responsible at each level, and the way
//! to everything else.

use super::{contacts_for_role, page, LinkView};
use crate::model::{FlowKind, FlowNode};
use crate::present::context::{duration_text, ContactView};
use crate::present::{Env, Nav, RenderError, Rendered};
use serde::Serialize;

/// This page in [`super::PAGES`].
pub const PAGE: super::PageKind = super::PageKind::single(|env, _| render(env)).without_records();

#[derive(Serialize)]
struct Step {
    label: String,
    actor: Option<String>,
    href: String,
}

#[derive(Serialize)]
struct LevelContact {
    level: i64,
    name: String,
    role_name: String,
    report_within: Option<String>,
    href: String,
    contacts: Vec<ContactView>,
}

/// Most first steps shown on the home page; the rest is on flow.html.
const MAX_FIRST_STEPS: usize = 4;

/// The flow from its start up to (not including) the first decision: what
/// anyone who finds something does before others take over.
pub(crate) fn first_steps(flow: &[FlowNode]) -> Vec<&FlowNode> {
    let mut out: Vec<&FlowNode> = Vec::new();
    let mut cur = flow
        .iter()
        .find(|n| n.kind == FlowKind::Start)
        .or(flow.first());
    while let Some(node) = cur {
        if node.kind == FlowKind::Decision
            || out.len() >= MAX_FIRST_STEPS
            || out.iter().any(|n| n.id.value == node.id.value)
        {
            break;
        }
        out.push(node);
        if node.kind == FlowKind::End {
            break;
        }
        cur = node
            .next
            .first()
            .and_then(|e| flow.iter().find(|n| n.id.value == e.to.value));
    }
    out
}

/// The role of whoever finds something: the actor of the flow's start.
pub(crate) fn finder_role(flow: &[FlowNode]) -> Option<&str> {
    flow.iter()
        .find(|n| n.kind == FlowKind::Start)
        .and_then(|n| n.actor.as_ref())
        .map(|a| a.value.as_str())
}

/// The [`first_steps`] the finder takes (those of the finder's role or of
/// no role).
pub(crate) fn finder_steps(flow: &[FlowNode]) -> Vec<&FlowNode> {
    let finder = finder_role(flow);
    first_steps(flow)
        .into_iter()
        .filter(|n| {
            n.actor
                .as_ref()
                .is_none_or(|a| Some(a.value.as_str()) == finder)
        })
        .collect()
}

pub fn render(env: &Env) -> Result<Rendered, RenderError> {
    let c = env.content;
    let path = "index.html".to_string();
    // The finder's own steps: those of the start's actor (or of no one);
    // what other roles do next is on flow.html.
    let finder = c
        .policy
        .flow
        .iter()
        .find(|n| n.kind == FlowKind::Start)
        .and_then(|n| n.actor.as_ref())
        .map(|a| a.value.clone());
    // The finder's own steps; what other roles do next is on flow.html.
    let steps: Vec<Step> = finder_steps(&c.policy.flow)
        .into_iter()
        .filter(|n| n.actor.as_ref().map(|a| &a.value) == finder.as_ref() || n.actor.is_none())
        .map(|n| Step {
            label: n.label.clone(),
            actor: n.actor.as_ref().map(|a| env.role_name(a).to_string()),
            href: format!("flow.html#step-{}", n.id.value),
        })
        .collect();
    let first_contacts = super::first_report_contacts(env);
    let levels: Vec<LevelContact> = c
        .policy
        .levels
        .iter()
        .map(|l| LevelContact {
            level: l.level.value,
            name: l.name.clone(),
            role_name: env.role_name(&l.responsible).to_string(),
            report_within: l
                .report_within
                .as_ref()
                .map(|d| duration_text(d.value, &env.t)),
            href: format!("levels.html#level-{}", l.level.value),
            contacts: contacts_for_role(env, &l.responsible),
        })
        .collect();
    let guide = env.handbook.first().map(|p| LinkView {
        href: crate::paths::site_href(&path, &crate::paths::handbook_page(&p.slug)),
        title: p.title.clone(),
    });

    // One tap to what to do in each situation the policy describes.
    let situations: Vec<LinkView> = c
        .policy
        .categories
        .iter()
        .filter(|k| !k.todo.is_empty() || !k.dont.is_empty() || !k.tell.is_empty())
        .map(|k| LinkView {
            href: format!(
                "{}#assist-what-{}",
                crate::paths::REPORT_ASSISTANT,
                k.id.value
            ),
            title: k.name.clone(),
        })
        .collect();
    let mut ctx = env.context(&path, Nav::Home, &c.site.title);
    ctx.insert("situations", &situations);
    ctx.insert("steps", &steps);
    ctx.insert("first_contacts", &first_contacts);
    ctx.insert("levels", &levels);
    ctx.insert("guide", &guide);
    ctx.insert("has_drills", &!env.drills.is_empty());
    page(env, path, "index.html", &ctx, None)
}
