//! `controls.html` — the audit view: for each control of the policy, what in
//! the site evidences it and the figures an auditor asks for, computed from
//! the records (`analysis::controls`), each linking to the records behind it
//! or to the page that lists them all. From here every piece of evidence is
//! at most two clicks away: a figure links to a record, an evidence file or
//! a listing page (register, actions, compliance, metrics, evidence index,
//! drills), and the listing links to the record.
//!
//! Which figures a control shows is data, not code: the control's
//! `evidence:` list in `policy.yaml`, or the default table for ISO/IEC
//! 27001:2022 ids (see `analysis::controls`).
//!
//! This file builds one view per control and renders the page. The figures
//! of each kind are built in `preparation` (procedure, drills), `handling`
//! (assessment, response, notifications, lessons), `actions`, `evidence`
//! and `reporting`, from the shared view types and helpers in `figure`.

mod actions;
mod evidence;
mod figure;
mod handling;
mod preparation;
mod reporting;

pub use figure::MAX_LINKS;

use crate::analysis::controls::{self as facts, kinds_for};
use crate::markup::markdown::Slugger;
use crate::model::Language;
use crate::present::{Env, Nav, RenderError, Rendered};
use crate::render::pages::actions::control_anchor;
use crate::render::pages::page;
use actions::actions;
use evidence::evidence;
use figure::{Ctx, FigureView};
use handling::{assessment, lessons, notifications, response};
use preparation::{drills, procedure};
use reporting::reporting;
use serde::Serialize;

/// This page in [`super::PAGES`].
pub const PAGE: super::PageKind = super::PageKind::single(|env, _| render(env)).with_inputs(inputs);

/// What the page is made from: the register's summaries (no title among
/// what it shows), and of the rest of a render what it shows of the
/// evidence and the sources.
fn inputs(env: &Env, _: usize) -> Option<super::PageInputs> {
    let mut inputs = super::PageInputs::register_facts();
    let audit = format!(
        "{} {:?} {:?}",
        env.content.sources.len(),
        env.audit.evidence,
        env.audit.git()
    );
    inputs.add(audit.as_bytes());
    Some(inputs)
}

/// Site path of the audit view (every link on it is made relative to it).
const PATH: &str = "controls.html";

#[derive(Serialize)]
struct ControlView {
    id: String,
    name: String,
    anchor: String,
    description: Option<String>,
    figures: Vec<FigureView>,
    actions_named: usize,
    actions_done: usize,
    actions_href: String,
}

fn figures(kind: &str, c: &Ctx) -> Vec<FigureView> {
    match kind {
        "procedure" => procedure(c),
        "assessment" => assessment(c),
        "response" => response(c),
        "notifications" => notifications(c),
        "lessons" => lessons(c),
        "actions" => actions(c),
        "evidence" => evidence(c),
        "reporting" => reporting(c),
        "drills" => drills(c),
        _ => Vec::new(),
    }
}

pub fn render(env: &Env) -> Result<Rendered, RenderError> {
    let path = "controls.html".to_string();
    let title = env.t.get("controls.title");
    let full = env.full_records();
    let f = facts::compute(env.content, &full, env.today);
    let c = Ctx { env, f: &f };
    let mut slugs = Slugger::for_page();
    // Computed once per kind, shared by every control that shows the kind.
    let mut cache: std::collections::BTreeMap<&str, Vec<FigureView>> =
        std::collections::BTreeMap::new();
    let mut controls = Vec::new();
    for control in &env.content.policy.controls {
        let mut figs = Vec::new();
        for kind in kinds_for(control) {
            figs.extend(
                cache
                    .entry(kind)
                    .or_insert_with(|| figures(kind, &c))
                    .iter()
                    .cloned(),
            );
        }
        let (actions_named, actions_done) = f
            .actions
            .controls
            .get(&control.id.value)
            .copied()
            .unwrap_or((0, 0));
        let name = match (env.content.site.language, &control.name_en) {
            (Language::En, Some(en)) => en.clone(),
            _ => control.name.clone(),
        };
        let anchor = control_anchor(&control.id.value);
        controls.push(ControlView {
            id: control.id.value.clone(),
            name,
            description: (!control.description.trim().is_empty())
                .then(|| env.markdown(&control.description, &mut slugs)),
            figures: figs,
            actions_named,
            actions_done,
            actions_href: format!("actions.html#{anchor}"),
            anchor,
        });
    }
    let mut ctx = env.context(&path, Nav::Audit, title);
    ctx.insert("controls", &controls);
    // The count of non-conformities, linking to their page with the reasons.
    let found = crate::analysis::deviations::all(env.content, &full, env.today);
    let explained = found.iter().filter(|d| d.explained()).count();
    ctx.insert(
        "nonconformities",
        &env.t.fmt(
            "nonconformities.summary",
            &[
                ("explained", &explained.to_string()),
                ("unexplained", &(found.len() - explained).to_string()),
            ],
        ),
    );
    page(env, path, "controls.html", &ctx, None)
}
