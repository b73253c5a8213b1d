//! `dashboard.html` — counts by level, category and month, open vs closed,
//! mean times (occurrence → detection, detection → report, detection →
//! closure) and overdue corrective actions. Charts are inline SVG drawn at
//! build time (`svg::bar_chart`, `svg::column_chart`, `svg::stacked_bar`);
//! every figure is also in a table, so nothing depends on reading a chart.
//! One pass over the records; nothing here is quadratic.

use super::incident::{action_row, ActionRow};
use super::page;
use super::register::listing_href;
use crate::model::{Status, Timestamp};
use crate::paths::{register_category, register_level, register_status, register_year, site_href};
use crate::present::context::span_text;
use crate::present::view::Presence;
use crate::present::{Env, Nav, RenderError, Rendered};
use crate::svg::{self, Bar};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// This page in [`super::PAGES`].
pub const PAGE: super::PageKind = super::PageKind::single(|env, _| render(env))
    // Made from the register's summaries, no title among what it shows.
    .with_inputs(|_, _| Some(super::PageInputs::register_facts()));

/// Months shown in the per-month chart, ending with the build's month.
const MONTHS: u32 = 12;

#[derive(Serialize)]
struct CountRow {
    /// Label in charts (may be shortened).
    label: String,
    /// Label in tables.
    full: String,
    count: usize,
    href: String,
}

#[derive(Serialize)]
struct MeanRow {
    key: &'static str,
    mean: Option<String>,
    samples: usize,
}

#[derive(Serialize)]
struct OverdueRow<'a> {
    id: &'a str,
    href: String,
    action: ActionRow<'a>,
}

#[derive(Default)]
struct Mean {
    total_minutes: f64,
    samples: usize,
}

impl Mean {
    fn add(&mut self, from: Option<&Timestamp>, to: Option<&Timestamp>) {
        if let (Some(a), Some(b)) = (from, to) {
            let minutes = (b.at - a.at).num_minutes();
            // A negative span is a data error the validator reports; it must
            // not distort the mean.
            if minutes >= 0 {
                self.total_minutes += minutes as f64;
                self.samples += 1;
            }
        }
    }
}

/// `(year, month)` pairs of the `n` months ending with `today`'s month.
fn last_months(today: NaiveDate, n: u32) -> Vec<(i32, u32)> {
    let mut out = Vec::with_capacity(n as usize);
    let (mut y, mut m) = (today.year(), today.month());
    for _ in 0..n {
        out.push((y, m));
        if m == 1 {
            y -= 1;
            m = 12;
        } else {
            m -= 1;
        }
    }
    out.reverse();
    out
}

/// Chart bars. They carry no links: a chart is one image (`role="img"`), and
/// links inside it would be interactive controls nested in an image; the
/// table under each chart links every figure to the register instead.
fn bars(rows: &[CountRow]) -> Vec<Bar> {
    rows.iter()
        .map(|r| Bar {
            label: r.label.clone(),
            value: r.count as f64,
            href: None,
        })
        .collect()
}

fn chart_or_empty(svg: String, title: &str, env: &Env) -> String {
    if svg.is_empty() {
        svg::no_data_svg(title, env.t.get("dashboard.no_data"))
    } else {
        svg
    }
}

pub fn render(env: &Env) -> Result<Rendered, RenderError> {
    let c = env.content;
    let t = &env.t;
    let path = "dashboard.html".to_string();
    let title = t.get("dashboard.title");
    let tz = env.tz;

    let mut by_level: BTreeMap<i64, usize> = BTreeMap::new();
    let mut by_category: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_month: BTreeMap<(i32, u32), usize> = BTreeMap::new();
    let mut by_year: BTreeMap<i32, usize> = BTreeMap::new();
    let mut by_status: BTreeMap<Status, usize> = BTreeMap::new();
    let (mut to_detect, mut to_report, mut to_close) =
        (Mean::default(), Mean::default(), Mean::default());
    let mut overdue: Vec<OverdueRow> = Vec::new();

    for (i, presence) in &env.incidents {
        if let Some(l) = i.level() {
            *by_level.entry(l).or_default() += 1;
        }
        if let Some(cat) = &i.category {
            *by_category.entry(&**cat).or_default() += 1;
        }
        if let Some(s) = i.status() {
            *by_status.entry(s).or_default() += 1;
        }
        if let Some(d) = &i.detected_at {
            let date = d.date_in(tz);
            *by_month.entry((date.year(), date.month())).or_default() += 1;
            *by_year.entry(date.year()).or_default() += 1;
        }
        let detected = i.detected_at.as_ref();
        to_detect.add(i.occurred_at.as_ref(), detected);
        to_report.add(detected, i.reported_at.as_ref());
        to_close.add(detected, i.closed_at.as_ref());
        if *presence == Presence::Full && env.view.shows("actions") {
            for a in i.actions.iter().filter(|a| a.is_overdue(env.today)) {
                overdue.push(OverdueRow {
                    id: &i.id,
                    href: site_href("dashboard.html", &crate::paths::record_page(&i.id))
                        + "#actions",
                    action: action_row(env, a),
                });
            }
        }
    }
    overdue.sort_by(|a, b| {
        a.action
            .due
            .as_ref()
            .map(|d| &d.iso)
            .cmp(&b.action.due.as_ref().map(|d| &d.iso))
            .then_with(|| a.id.cmp(b.id))
    });

    let level_rows: Vec<CountRow> = c
        .policy
        .levels
        .iter()
        .map(|l| CountRow {
            label: t.fmt("common.level_n", &[("n", &l.level.value.to_string())]),
            full: t.fmt("common.level_n", &[("n", &l.level.value.to_string())]),
            count: by_level.get(&l.level.value).copied().unwrap_or(0),
            href: listing_href("dashboard.html", &register_level(l.level.value)),
        })
        .collect();
    let category_rows: Vec<CountRow> = c
        .policy
        .categories
        .iter()
        .map(|x| CountRow {
            label: x.name.clone(),
            full: x.name.clone(),
            count: by_category.get(x.id.value.as_str()).copied().unwrap_or(0),
            href: listing_href("dashboard.html", &register_category(&x.id.value)),
        })
        .collect();
    let month_rows: Vec<CountRow> = last_months(env.today, MONTHS)
        .into_iter()
        .enumerate()
        .map(|(k, (y, m))| CountRow {
            // The year is written where it starts (and on the first column)
            // so the labels stay short enough to sit upright.
            label: t.fmt(
                if k == 0 || m == 1 {
                    "dashboard.month_label"
                } else {
                    "dashboard.month_short"
                },
                &[
                    ("y", &y.to_string()),
                    ("m", &m.to_string()),
                    ("m2", &format!("{m:02}")),
                ],
            ),
            full: t.fmt(
                "dashboard.month_label",
                &[
                    ("y", &y.to_string()),
                    ("m", &m.to_string()),
                    ("m2", &format!("{m:02}")),
                ],
            ),
            count: by_month.get(&(y, m)).copied().unwrap_or(0),
            // A year with no record has no listing.
            href: if by_year.contains_key(&y) {
                listing_href("dashboard.html", &register_year(y))
            } else {
                "register.html".to_string()
            },
        })
        .collect();
    let year_rows: Vec<CountRow> = by_year
        .iter()
        .rev()
        .map(|(y, n)| {
            let label = t.fmt("common.year_n", &[("n", &y.to_string())]);
            CountRow {
                full: label.clone(),
                label,
                count: *n,
                href: listing_href("dashboard.html", &register_year(*y)),
            }
        })
        .collect();
    let status_rows: Vec<CountRow> = Status::ALL
        .iter()
        .map(|s| CountRow {
            label: t.get(&format!("status.{s}")).to_string(),
            full: t.get(&format!("status.{s}")).to_string(),
            count: Status::parse(s)
                .and_then(|st| by_status.get(&st))
                .copied()
                .unwrap_or(0),
            href: listing_href("dashboard.html", &register_status(s)),
        })
        .collect();
    let closed = by_status.get(&Status::Closed).copied().unwrap_or(0);
    let total = env.incidents.len();
    let mean = |key: &'static str, m: &Mean| MeanRow {
        key,
        mean: (m.samples > 0).then(|| span_text(m.total_minutes / m.samples as f64, t)),
        samples: m.samples,
    };
    let means = vec![
        mean("occurrence_to_detection", &to_detect),
        mean("detection_to_report", &to_report),
        mean("detection_to_closure", &to_close),
    ];

    let unit = t.get("dashboard.unit");
    let open_closed = vec![
        Bar {
            label: t.get("dashboard.not_closed").to_string(),
            value: (total - closed) as f64,
            href: None,
        },
        Bar {
            label: t.get("status.closed").to_string(),
            value: closed as f64,
            href: None,
        },
    ];
    let charts = serde_json::json!({
        "level": chart_or_empty(svg::bar_chart(t.get("dashboard.by_level"), &bars(&level_rows), unit), t.get("dashboard.by_level"), env),
        "category": chart_or_empty(svg::bar_chart(t.get("dashboard.by_category"), &bars(&category_rows), unit), t.get("dashboard.by_category"), env),
        "month": chart_or_empty(svg::column_chart(t.get("dashboard.by_month"), &bars(&month_rows), unit), t.get("dashboard.by_month"), env),
        "open_closed": chart_or_empty(if total == 0 { String::new() } else { svg::stacked_bar(t.get("dashboard.open_closed"), &open_closed) }, t.get("dashboard.open_closed"), env),
    });

    let mut ctx = env.context(&path, Nav::Dashboard, title);
    ctx.insert("total", &total);
    ctx.insert("open", &(total - closed));
    ctx.insert("overdue_count", &overdue.len());
    ctx.insert("by_level", &level_rows);
    ctx.insert("by_category", &category_rows);
    ctx.insert("by_month", &month_rows);
    ctx.insert("by_year", &year_rows);
    ctx.insert("by_status", &status_rows);
    ctx.insert("means", &means);
    ctx.insert("overdue", &overdue);
    ctx.insert("charts", &charts);
    page(env, path, "dashboard.html", &ctx, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_months_wrap_the_year() {
        let d = NaiveDate::from_ymd_opt(2026, 2, 10).unwrap();
        assert_eq!(last_months(d, 3), vec![(2025, 12), (2026, 1), (2026, 2)]);
    }
}
