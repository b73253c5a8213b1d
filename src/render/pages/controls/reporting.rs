//! A.6.8, event reporting: time to report per level and near misses per
//! quarter.

use super::figure::{Ctx, FigRow, FigureView};
use crate::present::context::span_text;
use crate::render::pages::metrics::period_label;

pub(super) fn reporting(c: &Ctx) -> Vec<FigureView> {
    let r = &c.f.reporting;
    let t = &c.env.t;
    let level_rows = r
        .by_level
        .iter()
        .map(|(l, s)| FigRow {
            label: t.fmt("common.level_n", &[("n", &l.to_string())]),
            href: Some(format!("levels.html#level-{l}")),
            value: match s.median() {
                Some(m) => format!(
                    "{} ({})",
                    span_text(m, t),
                    t.fmt("controls.samples", &[("n", &s.len().to_string())])
                ),
                None => c.t("controls.no_data"),
            },
            alert: false,
        })
        .collect();
    let quarter_rows: Vec<FigRow> = r
        .near_misses_per_quarter
        .iter()
        .map(|(q, n)| FigRow {
            label: period_label(c.env, q),
            href: None,
            value: t.fmt("common.count", &[("n", &n.to_string())]),
            alert: false,
        })
        .collect();
    let total: usize = r.near_misses_per_quarter.iter().map(|(_, n)| n).sum();
    vec![
        FigureView {
            key: "report_time",
            value: String::new(),
            rows: level_rows,
            basis: vec![c.link("metrics.html#times", "controls.basis_metrics")],
            ..Default::default()
        },
        FigureView {
            key: "near_misses",
            value: t.fmt("common.count", &[("n", &total.to_string())]),
            rows: quarter_rows,
            basis: vec![c.link("metrics.html#quarters", "controls.basis_metrics")],
            ..Default::default()
        },
    ]
}
