//! The reporting flowchart is a usable graph: one start, at least one end,
//! every node reachable from the start.

use super::Ctx;
use crate::diagnostics::{codes, Diagnostic};
use crate::model::FlowKind;
use std::collections::{HashMap, VecDeque};

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let flow = &ctx.content.policy.flow;
    if flow.is_empty() {
        return; // a missing `flow` is reported by the shape check
    }
    let starts: Vec<_> = flow.iter().filter(|n| n.kind == FlowKind::Start).collect();
    match starts.len() {
        1 => {}
        0 => out.push(
            Diagnostic::new(
                codes::FLOW_START,
                "policy.yaml",
                flow[0].pos,
                "the flow has no start node",
            )
            .hint("mark the first node (usually \"an incident is found\") with `kind: start`"),
        ),
        _ => {
            for extra in &starts[1..] {
                out.push(
                    Diagnostic::new(
                        codes::FLOW_START,
                        "policy.yaml",
                        extra.id.pos,
                        format!("`{}` is a second start node", extra.id.value),
                    )
                    .hint(format!(
                        "the flow starts at `{}`; make this node a `step`",
                        starts[0].id.value
                    )),
                );
            }
        }
    }
    if !flow.iter().any(|n| n.kind == FlowKind::End) {
        out.push(
            Diagnostic::new(
                codes::FLOW_NO_END,
                "policy.yaml",
                flow[0].pos,
                "the flow has no end node",
            )
            .hint("mark the final node(s) with `kind: end`"),
        );
    }
    let Some(start) = starts.first() else { return };
    let index: HashMap<&str, usize> = flow
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.value.as_str(), i))
        .collect();
    let mut seen = vec![false; flow.len()];
    let mut queue = VecDeque::new();
    if let Some(&s) = index.get(start.id.value.as_str()) {
        seen[s] = true;
        queue.push_back(s);
    }
    while let Some(i) = queue.pop_front() {
        for e in &flow[i].next {
            if let Some(&j) = index.get(e.to.value.as_str()) {
                if !seen[j] {
                    seen[j] = true;
                    queue.push_back(j);
                }
            }
        }
    }
    for (node, reached) in flow.iter().zip(&seen) {
        if !reached {
            out.push(
                Diagnostic::new(
                    codes::FLOW_UNREACHABLE,
                    "policy.yaml",
                    node.id.pos,
                    format!(
                        "flow node `{}` cannot be reached from the start `{}`",
                        node.id.value, start.id.value
                    ),
                )
                .hint(format!(
                    "add `{}` to the `next` list of the node that leads to it, or remove it",
                    node.id.value
                )),
            );
        }
    }
}
