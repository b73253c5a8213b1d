//! `metrics.html` — the management review (ISO/IEC 27001 9.3) figures from
//! `analysis::metrics`: per year and per quarter, counts by level, category
//! and assessment stage (near misses against incidents), mean and median
//! times between the lifecycle dates per level, and corrective actions
//! closed on time. Records count in the period they were detected; actions
//! in the period they were due. Stubs count (their level, category and
//! detection date are shown anyway) but carry no times.

use super::page;
use crate::analysis::metrics::{self, ActionTally, PeriodMetrics, SPANS};
use crate::model::Stage;
use crate::present::context::span_text;
use crate::present::{Env, Nav, RenderError, Rendered};
use serde::Serialize;

/// This page in [`super::PAGES`].
pub const PAGE: super::PageKind = super::PageKind::single(|env, _| render(env))
    // Made from the register's summaries, no title among what it shows.
    .with_inputs(|_, _| Some(super::PageInputs::register_facts()));

#[derive(Serialize)]
struct Cell {
    mean: Option<String>,
    median: Option<String>,
    samples: usize,
}

#[derive(Serialize)]
struct TimeRow {
    level: i64,
    cells: Vec<Cell>,
}

#[derive(Serialize)]
struct PeriodView {
    key: String,
    label: String,
    total: usize,
    by_level: Vec<usize>,
    by_category: Vec<usize>,
    /// weakness, event, incident, unassessed.
    by_stage: [usize; 4],
    times: Vec<TimeRow>,
    actions: ActionTally,
    on_time: Option<String>,
}

/// `2026年`, `2026年 第3四半期`, `全期間` in the site's language.
pub(crate) fn period_label(env: &Env, p: &metrics::Period) -> String {
    match p.quarter {
        Some(q) => env.t.fmt(
            "metrics.quarter_label",
            &[("y", &p.year.to_string()), ("q", &q.to_string())],
        ),
        None if p.year == 0 => env.t.get("metrics.all_time").to_string(),
        None => env.t.fmt("common.year_n", &[("n", &p.year.to_string())]),
    }
}

fn view(env: &Env, m: &PeriodMetrics, levels: &[i64], categories: &[&str]) -> PeriodView {
    let t = &env.t;
    let times = levels
        .iter()
        .filter_map(|l| {
            let spans = m.spans.get(l)?;
            Some(TimeRow {
                level: *l,
                cells: spans
                    .iter()
                    .map(|s| Cell {
                        mean: s.mean().map(|x| span_text(x, t)),
                        median: s.median().map(|x| span_text(x, t)),
                        samples: s.len(),
                    })
                    .collect(),
            })
        })
        .collect();
    PeriodView {
        key: m.period.key(),
        label: period_label(env, &m.period),
        total: m.total,
        by_level: levels
            .iter()
            .map(|l| m.by_level.get(l).copied().unwrap_or(0))
            .collect(),
        by_category: categories
            .iter()
            .map(|c| m.by_category.get(*c).copied().unwrap_or(0))
            .collect(),
        by_stage: [
            m.stage(Some(Stage::Weakness)),
            m.stage(Some(Stage::Event)),
            m.stage(Some(Stage::Incident)),
            m.stage(None),
        ],
        times,
        actions: m.actions,
        on_time: m.actions.on_time_percent().map(|p| format!("{p:.0}%")),
    }
}

pub fn render(env: &Env) -> Result<Rendered, RenderError> {
    let path = "metrics.html".to_string();
    let title = env.t.get("metrics.title");
    let c = env.content;
    // Every action of the records shown in full and of the drills, one at
    // a time (a list of them is megabytes at 100,000 records).
    let shown = env.view.shows("actions");
    let full = env.full_records();
    let actions = full
        .iter()
        .flat_map(|i| i.actions.iter())
        .chain(env.drills.iter().flat_map(|d| d.actions.iter()))
        .filter(|_| shown);
    let m = metrics::compute(
        env.incidents.iter().map(|(i, _)| *i),
        actions,
        &c.policy,
        env.tz,
        env.today,
    );
    let levels: Vec<i64> = c.policy.levels.iter().map(|l| l.level.value).collect();
    let category_ids: Vec<&str> = c
        .policy
        .categories
        .iter()
        .map(|x| x.id.value.as_str())
        .collect();
    let category_names: Vec<&str> = c
        .policy
        .categories
        .iter()
        .map(|x| x.name.as_str())
        .collect();
    let years: Vec<PeriodView> = m
        .years
        .iter()
        .map(|p| view(env, p, &levels, &category_ids))
        .collect();
    let quarters: Vec<PeriodView> = m
        .quarters
        .iter()
        .map(|p| view(env, p, &levels, &category_ids))
        .collect();
    let all = view(env, &m.all, &levels, &category_ids);
    let spans: Vec<&str> = SPANS.iter().map(|(k, _, _)| *k).collect();

    let mut ctx = env.context(&path, Nav::Audit, title);
    ctx.insert("levels", &levels);
    ctx.insert("categories", &category_names);
    ctx.insert("spans", &spans);
    ctx.insert("years", &years);
    ctx.insert("quarters", &quarters);
    ctx.insert("all", &all);
    ctx.insert("undated", &m.undated_records);
    page(env, path, "metrics.html", &ctx, None)
}
