//! `flow.html` — the reporting flowchart as inline SVG (drawn at build time
//! by `svg::flow_svg`) and an ordered-list text version of the same flow for
//! screen readers, print and search.

use super::page;
use crate::model::FlowKind;
use crate::present::{Env, Nav, RenderError, Rendered};
use crate::svg;
use serde::Serialize;
use std::collections::HashMap;

/// This page in [`super::PAGES`].
pub const PAGE: super::PageKind = super::PageKind::single(|env, _| render(env))
    .searchable(crate::render::documents::policy::flow)
    .without_records();

#[derive(Serialize)]
struct Branch {
    label: Option<String>,
    href: String,
    number: usize,
    to_label: String,
}

#[derive(Serialize)]
struct Step {
    number: usize,
    anchor: String,
    label: String,
    kind: &'static str,
    actor: Option<String>,
    actor_href: Option<String>,
    /// The people of the roles the step's label names ("システム管理者へ
    /// すぐに第一報"), with their call buttons.
    calls: Vec<crate::present::context::ContactView>,
    next: Vec<Branch>,
}

/// Roles whose name (or its part before a parenthesis) the label contains,
/// other than the step's own actor, in policy order.
fn named_roles<'a>(env: &'a Env, label: &str, actor: Option<&str>) -> Vec<&'a str> {
    env.content
        .policy
        .roles
        .iter()
        .filter(|r| Some(r.id.value.as_str()) != actor)
        .filter(|r| {
            let short = r.name.split(['（', '(']).next().unwrap_or("").trim();
            (!r.name.is_empty() && label.contains(r.name.as_str()))
                || (short.chars().count() >= 2 && label.contains(short))
        })
        .map(|r| r.id.value.as_str())
        .collect()
}

/// The contacts a step calls: those of the roles its label names (other
/// than the one acting).
pub(crate) fn calls(
    env: &Env,
    n: &crate::model::FlowNode,
) -> Vec<crate::present::context::ContactView> {
    named_roles(env, &n.label, n.actor.as_ref().map(|a| a.value.as_str()))
        .into_iter()
        .flat_map(|r| super::contacts_for_role(env, r))
        .collect()
}

fn kind_key(k: FlowKind) -> &'static str {
    match k {
        FlowKind::Start => "start",
        FlowKind::Step => "step",
        FlowKind::Decision => "decision",
        FlowKind::End => "end",
    }
}

fn svg_kind(k: FlowKind) -> svg::FlowKind {
    match k {
        FlowKind::Start => svg::FlowKind::Start,
        FlowKind::Step => svg::FlowKind::Step,
        FlowKind::Decision => svg::FlowKind::Decision,
        FlowKind::End => svg::FlowKind::End,
    }
}

pub fn render(env: &Env) -> Result<Rendered, RenderError> {
    let flow = &env.content.policy.flow;
    let path = "flow.html".to_string();
    let title = env.t.get("flow.title");
    let number: HashMap<&str, usize> = flow
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.value.as_str(), i + 1))
        .collect();

    let nodes: Vec<svg::FlowNode> = flow
        .iter()
        .map(|n| svg::FlowNode {
            id: n.id.value.clone(),
            label: n.label.clone(),
            kind: svg_kind(n.kind),
            actor: n.actor.as_ref().map(|a| env.role_name(a).to_string()),
            next: n
                .next
                .iter()
                .map(|e| svg::FlowEdge {
                    to: e.to.value.clone(),
                    label: e.label.clone(),
                })
                .collect(),
        })
        .collect();
    let drawing = svg::flow_svg(&nodes, title);

    let steps: Vec<Step> = flow
        .iter()
        .enumerate()
        .map(|(i, n)| Step {
            number: i + 1,
            anchor: format!("step-{}", n.id.value),
            label: n.label.clone(),
            kind: kind_key(n.kind),
            actor: n.actor.as_ref().map(|a| env.role_name(a).to_string()),
            actor_href: n
                .actor
                .as_ref()
                .filter(|a| env.content.contacts.for_role(a).next().is_some())
                .map(|a| format!("contacts.html#role-{}", a.value)),
            calls: calls(env, n),
            next: n
                .next
                .iter()
                .filter_map(|e| {
                    let to = flow.iter().find(|x| x.id.value == e.to.value)?;
                    Some(Branch {
                        label: e.label.clone(),
                        href: format!("#step-{}", to.id.value),
                        number: number.get(to.id.value.as_str()).copied().unwrap_or(0),
                        to_label: to.label.clone(),
                    })
                })
                .collect(),
        })
        .collect();

    let mut ctx = env.context(&path, Nav::Flow, title);
    ctx.insert("svg", &drawing);
    ctx.insert("steps", &steps);
    page(env, path, "flow.html", &ctx, None)
}
