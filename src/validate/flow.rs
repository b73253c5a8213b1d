//! The reporting flowchart is a usable graph: one start, at least one end,
//! every node reachable from the start.

use super::Ctx;
use crate::diagnostics::msg;
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
                msg!("E805.no_start"),
            )
            .hint(msg!("E805.no_start_hint")),
        ),
        _ => {
            for extra in &starts[1..] {
                out.push(
                    Diagnostic::new(
                        codes::FLOW_START,
                        "policy.yaml",
                        extra.id.pos,
                        msg!("E805.second", id = &extra.id.value),
                    )
                    .hint(msg!("E805.second_hint", start = &starts[0].id.value)),
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
                msg!("E804.no_end"),
            )
            .hint(msg!("E804.no_end_hint")),
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
                    msg!(
                        "E803.unreachable",
                        id = &node.id.value,
                        start = &start.id.value
                    ),
                )
                .hint(msg!("E803.unreachable_hint", id = &node.id.value)),
            );
        }
    }
}
