//! `calendar.html` — the open deadlines of the records this audience sees in
//! full and the next drill (`analysis::deadlines`, the same list as
//! `calendar.ics`): overdue first, then by date. A plain table, no script;
//! it links the `.ics` file to subscribe to. Linked from the dashboard.

use super::page;
use crate::analysis::deadlines::{self, Kind};
use crate::paths::site_href;
use crate::present::calendar::summary;
use crate::present::context::{day_view, DateView};
use crate::present::{Env, Nav, RenderError, Rendered};
use serde::Serialize;

/// This page in [`super::PAGES`].
pub const PAGE: super::PageKind = super::PageKind::single(|env, _| render(env));

#[derive(Serialize)]
struct Row {
    due: DateView,
    overdue: bool,
    /// Days past the deadline (when overdue) or left before it.
    days: i64,
    /// `notification`, `action` or `drill`.
    kind: &'static str,
    what: String,
    href: String,
    source: String,
}

pub fn render(env: &Env) -> Result<Rendered, RenderError> {
    let path = "calendar.html".to_string();
    let title = env.t.get("calendar.title");
    let items = deadlines::open(env.content, &env.full_records(), env.today);
    let rows: Vec<Row> = items
        .iter()
        .map(|d| {
            let (href, source) = match d.record {
                Some(r) => (
                    site_href(&path, &crate::paths::record_page(&r.id)),
                    format!("{} {}", r.id, r.title),
                ),
                None => (
                    site_href(&path, "drills.html"),
                    env.t.get("drills.title").to_string(),
                ),
            };
            Row {
                due: day_view(d.due),
                overdue: d.overdue,
                days: (d.due - env.today).num_days().abs(),
                kind: match d.kind {
                    Kind::Notification { .. } => "notification",
                    Kind::Action { .. } => "action",
                    Kind::Drill => "drill",
                },
                what: summary(env, d),
                href,
                source,
            }
        })
        .collect();
    let mut ctx = env.context(&path, Nav::None, title);
    ctx.insert("overdue", &rows.iter().filter(|r| r.overdue).count());
    ctx.insert("rows", &rows);
    page(env, path, "calendar.html", &ctx, None)
}
