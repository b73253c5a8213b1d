//! `nonconformities.html` — the audit page of non-conformities: every place
//! a record or drill departs from the policy (`analysis::deviations`), with
//! the reason it gives, counted by kind as explained and unexplained; the
//! effectiveness reviews of corrective actions (reviewed, awaiting,
//! overdue); the rules records mark not applicable and the records that
//! predate the policy. Each row links to the record's `#deviations`
//! section, so from the audit pages every non-conformity and its reason is
//! at most two clicks away. Only records shown in full count.

use super::page;
use crate::analysis::deviations::{self, counts, review_counts, Counts};
use crate::present::audit::{deviation_views, kind_label, DeviationView};
use crate::present::{Env, Nav, RenderError, Rendered};
use serde::Serialize;

/// This page in [`super::PAGES`].
pub const PAGE: super::PageKind = super::PageKind::single(|env, _| render(env))
    // Made from the register's summaries, no title among what it shows.
    .with_inputs(|_, _| Some(super::PageInputs::register_facts()));

/// Site path of the page.
pub const PATH: &str = "nonconformities.html";

#[derive(Serialize)]
struct KindRow {
    kind: &'static str,
    label: String,
    counts: Counts,
}

#[derive(Serialize)]
struct Decision<'a> {
    id: &'a str,
    href: String,
    rule: String,
    decided_by: Option<&'a str>,
    reason: &'a str,
}

pub fn render(env: &Env) -> Result<Rendered, RenderError> {
    let path = PATH.to_string();
    let title = env.t.get("nonconformities.title");
    let full = env.full_records();
    let found = deviations::all(env.content, &full, env.today);
    let by_kind: Vec<KindRow> = counts(&found)
        .into_iter()
        .map(|(k, c)| KindRow {
            kind: k.as_str(),
            label: kind_label(env, k),
            counts: c,
        })
        .collect();
    let total = Counts {
        explained: by_kind.iter().map(|r| r.counts.explained).sum(),
        unexplained: by_kind.iter().map(|r| r.counts.unexplained).sum(),
    };
    let actions = full
        .iter()
        .flat_map(|i| i.actions.iter())
        .chain(env.content.drills.iter().flat_map(|d| d.actions.iter()));
    let reviews = review_counts(actions, env.today);
    let record_href = |id: &str, anchor: &str| {
        crate::paths::site_href(PATH, &crate::paths::record_page(id)) + anchor
    };
    let mut decisions = Vec::new();
    let mut predating = Vec::new();
    for i in full.iter().rev() {
        for n in &i.audit().not_applicable {
            decisions.push(Decision {
                id: &i.id,
                href: record_href(&i.id, "#not-applicable"),
                rule: env
                    .content
                    .policy
                    .notification(&n.rule)
                    .map(|r| r.name.clone())
                    .unwrap_or_else(|| n.rule.value.clone()),
                decided_by: n.decided_by.as_ref().map(|r| env.role_name(r)),
                reason: n.reason.trim(),
            });
        }
        if let Some(p) = &i.audit().predates_policy {
            predating.push(Decision {
                id: &i.id,
                href: record_href(&i.id, "#predates-policy"),
                rule: p.policy_version.clone().unwrap_or_default(),
                decided_by: None,
                reason: p.reason.trim(),
            });
        }
    }
    let rows: Vec<DeviationView> = deviation_views(env, &found, PATH);
    let mut ctx = env.context(&path, Nav::Audit, title);
    ctx.insert("by_kind", &by_kind);
    ctx.insert("total", &total);
    ctx.insert("reviews", &reviews);
    ctx.insert("rows", &rows);
    ctx.insert("decisions", &decisions);
    ctx.insert("predating", &predating);
    page(env, path, "nonconformities.html", &ctx, None)
}
