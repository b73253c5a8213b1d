//! `drills.html` (every drill, newest first, and when the next is due) and
//! `drills/<id>.html` (scenario, participants, findings, actions).

use super::incident::{action_row, ActionRow};
use super::{page, LinkView};
use crate::analysis::deviations::Kind;
use crate::markup::markdown::Slugger;
use crate::model::Drill;
use crate::paths::site_href;
use crate::present::audit::{deviation_views, DeviationView};
use crate::present::context::{duration_text, DateView};
use crate::present::{Env, Nav, RenderError, Rendered};
use serde::Serialize;

/// `drills.html`.
pub const INDEX: super::PageKind =
    super::PageKind::single(|env, _| render_index(env)).without_records();
/// `drills/<id>.html`, one per drill.
pub const PAGE: super::PageKind =
    super::PageKind::each(|env| (0..env.drills.len()).collect(), render)
        .searchable(crate::render::documents::drill::document)
        .without_records();

#[derive(Serialize)]
struct DrillRow<'a> {
    id: &'a str,
    href: String,
    title: &'a str,
    date: Option<DateView>,
    kind: &'a str,
    participants: Vec<&'a str>,
    open_actions: usize,
    /// Held later than the policy's interval after the drill before: the
    /// delay and its reason (`analysis::deviations`).
    late: Option<DeviationView>,
}

fn row<'a>(env: &'a Env, d: &'a Drill, href: String, from: &str) -> DrillRow<'a> {
    let late: Vec<_> = crate::analysis::deviations::of_drills(env.content, env.today)
        .into_iter()
        .filter(|x| x.kind == Kind::DrillLate && x.record == d.id.value)
        .collect();
    DrillRow {
        late: deviation_views(env, &late, from).into_iter().next(),
        id: &d.id.value,
        href,
        title: &d.title,
        date: d
            .date
            .as_ref()
            .map(|x| crate::present::context::record_date_view(&x.value, &env.t)),
        kind: &d.kind.value,
        participants: d.participants.iter().map(|p| env.role_name(p)).collect(),
        open_actions: d.actions.iter().filter(|a| !a.is_done()).count(),
    }
}

pub fn render_index(env: &Env) -> Result<Rendered, RenderError> {
    let path = "drills.html".to_string();
    let title = env.t.get("drills.title");
    let rows: Vec<DrillRow> = env
        .drills
        .iter()
        .rev()
        .map(|d| {
            row(
                env,
                d,
                site_href(&path, &crate::paths::drill_page(&d.id.value)),
                &path,
            )
        })
        .collect();
    let every = env
        .content
        .policy
        .drill_every
        .as_ref()
        .map(|d| duration_text(d.value, &env.t));
    let mut ctx = env.context(&path, Nav::None, title);
    ctx.insert("drills", &rows);
    ctx.insert("every", &every);
    page(env, path, "drills.html", &ctx, None)
}

pub fn render(env: &Env, index: usize) -> Result<Rendered, RenderError> {
    let d = env.drills[index];
    let path = crate::paths::drill_page(&d.id.value);
    let mut slugs = Slugger::for_page();
    let scenario = env.markdown(&d.scenario, &mut slugs);
    let findings = d
        .findings
        .as_deref()
        .filter(|f| !f.trim().is_empty())
        .map(|f| env.markdown(f, &mut slugs));
    let actions: Vec<ActionRow> = d.actions.iter().map(|a| action_row(env, a)).collect();
    let link = |i: Option<usize>| {
        let q = env.drills.get(i?)?;
        Some(LinkView {
            href: site_href(&path, &crate::paths::drill_page(&q.id.value)),
            title: format!("{} {}", q.id.value, q.title),
        })
    };
    let title = format!("{} {}", d.id.value, d.title);
    let mut ctx = env.context(&path, Nav::None, &title);
    ctx.insert("d", &row(env, d, String::new(), &path));
    ctx.insert("scenario", &scenario);
    ctx.insert("findings", &findings);
    ctx.insert("actions", &actions);
    ctx.insert("prev", &link(index.checked_sub(1)));
    ctx.insert("next", &link(index.checked_add(1)));
    page(env, path, "drill.html", &ctx, None)
}
