//! A.5.27, corrective actions: how many are done, and the controls they
//! strengthen (each linking to its section of `actions.html`).

use super::figure::{Ctx, FigRow, FigureView};
use crate::render::pages::actions::control_anchor;

pub(super) fn actions(c: &Ctx) -> Vec<FigureView> {
    let a = &c.f.actions;
    let t = &c.env.t;
    let rows = a
        .controls
        .iter()
        .map(|(id, (named, done))| FigRow {
            label: id.clone(),
            href: Some(format!("actions.html#{}", control_anchor(id))),
            value: t.fmt(
                // "1 action", not "1 actions" (a theme without the key
                // keeps the plural).
                match t.lookup("controls.named_done_one") {
                    Some(_) if *named == 1 => "controls.named_done_one",
                    _ => "controls.named_done",
                },
                &[("named", &named.to_string()), ("done", &done.to_string())],
            ),
            alert: false,
        })
        .collect();
    vec![
        FigureView {
            key: "actions",
            value: c.ratio(a.done, a.total),
            alert: a.overdue > 0,
            detail: Some(t.fmt(
                "controls.actions_detail",
                &[
                    ("verified", &a.verified.to_string()),
                    ("overdue", &a.overdue.to_string()),
                ],
            )),
            basis: vec![c.link("actions.html", "controls.basis_actions")],
            ..Default::default()
        },
        FigureView {
            key: "strengthened",
            value: t.fmt("common.count", &[("n", &a.controls.len().to_string())]),
            rows,
            basis: vec![c.link("actions.html", "controls.basis_actions")],
            ..Default::default()
        },
    ]
}
