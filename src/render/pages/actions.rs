//! `actions.html` — every corrective action (PDCA) across incident records
//! and drills: owner, due date, evaluation method, status, and whether its
//! effectiveness was checked (`verified`). Overdue actions first (longest
//! overdue at the top), then open ones by due date, then finished ones.
//! Below, for each control of the policy, the first actions that name it
//! (anchors `#control-<id>`, linked from `controls.html`) and a link to all
//! of them (`actions/control-<id>.html`).
//!
//! The table is paged ([`super::paging`]): `actions.html` holds its first
//! [`super::paging::PAGE_ROWS`] rows, `actions/<n>.html` the next ones; a control's list
//! likewise (`actions/control-<id>/<n>.html`).

use super::incident::{action_row, ActionRow};
use super::page;
use super::paging::{page_count, page_range, pager};
use crate::analysis::controls::{ActionRef, Source};
use crate::markup::escape_html as escape;
use crate::markup::push_escaped;
use crate::present::i18n::I18n;
use crate::present::{Env, Nav, RenderError, Rendered};
use serde::Serialize;

/// These pages in [`super::PAGES`]: every page of every list.
pub const PAGE: super::PageKind = super::PageKind::each(
    |env| (0..Lists::new(env).plan.pages.len()).collect(),
    render,
)
.with_inputs(inputs);

/// What page `n` is made from (see [`render`]): its list, which page of it
/// and the list's length (the pager), and each row's action, told by its
/// source and its place among that source's actions; the records of the
/// rows. `actions.html` itself also counts every action: it depends on
/// the register's facts too.
fn inputs(env: &Env, n: usize) -> Option<super::PageInputs> {
    let lists = Lists::new(env);
    let (l, k) = *lists.plan.pages.get(n)?;
    let (control, ref members) = lists.plan.lists[l];
    let mut inputs = super::PageInputs {
        facts: control.is_none() && k == 0,
        ..super::PageInputs::default()
    };
    inputs
        .add(b"actions")
        .add(&control.map_or(u64::MAX, |c| c as u64).to_le_bytes())
        .add(&(k as u64).to_le_bytes())
        .add(&(members.len() as u64).to_le_bytes());
    for &x in &members[page_range(members.len(), k)] {
        let (kind, id, at) = match lists.plan.order[x] {
            Loc::Incident(k, at) => {
                inputs.records.push(k as usize);
                (b"i", &*env.incidents.get(k as usize)?.0.id, at)
            }
            Loc::Drill(d, at) => (b"d", env.drills.get(d as usize)?.id.value.as_str(), at),
        };
        inputs
            .add(kind)
            .add(id.as_bytes())
            .add(&(at as u64).to_le_bytes());
    }
    Some(inputs)
}

/// The actions a control's section on `actions.html` shows before the link
/// to all of them.
const CONTROL_PREVIEW: usize = 10;

/// One action as the table shows it.
pub(crate) struct Row<'a> {
    /// `incident` or `drill`.
    source_kind: &'static str,
    source_id: &'a str,
    source_href: String,
    a: ActionRow<'a>,
    /// `verified`, `unverified` (done, not yet checked) or `open`.
    effectiveness: &'static str,
    controls: Vec<ControlLink<'a>>,
}

struct ControlLink<'a> {
    id: &'a str,
    href: String,
}

#[derive(Serialize)]
struct ControlGroup<'a> {
    id: &'a str,
    name: &'a str,
    anchor: String,
    /// How many actions name the control, and the page listing them all.
    count: usize,
    all_href: Option<String>,
    /// Its first actions' list items ([`group_items_html`]).
    items_html: String,
}

/// An action listed under a control.
struct GroupItem<'a> {
    id: &'a str,
    href: String,
    action: &'a str,
    status: Option<&'static str>,
}

impl<'a> GroupItem<'a> {
    /// The action `r` as listed on the page at `from` (the link and words
    /// of its full [`row`]).
    fn of(from: &str, r: ActionRef<'a>) -> GroupItem<'a> {
        let (id, href) = match r.source {
            Source::Incident(id) => (id, crate::paths::record_page(id)),
            Source::Drill(id) => (id, crate::paths::drill_page(id)),
        };
        GroupItem {
            id,
            href: crate::paths::site_href(from, &href) + "#actions",
            action: &r.action.action,
            status: r.action.status.as_ref().map(|s| s.value.as_str()),
        }
    }

    /// `<a href="…">id</a>`: the link to the action's record or drill.
    fn push_link(&self, out: &mut String) {
        out.push_str("<a href=\"");
        push_escaped(out, &self.href);
        out.push_str("\">");
        push_escaped(out, self.id);
        out.push_str("</a>");
    }
}

/// A control's list, one table row per action (`<tr><td>` link `<td>`
/// action `<td>` status), made here rather than by a template loop: a page
/// of 500 rows through the template engine was most of the action pages'
/// time in `serve`. Every word comes from the locale, every value is
/// escaped, as the template did.
fn items_html(t: &I18n, items: &[GroupItem]) -> String {
    let mut out = String::with_capacity(items.len() * 200);
    for r in items {
        out.push_str("<tr><td>");
        r.push_link(&mut out);
        out.push_str("<td>");
        push_escaped(&mut out, r.action);
        out.push_str("<td>");
        if let Some(s) = r.status {
            push_escaped(&mut out, t.get(&format!("action_status.{s}")));
        }
        out.push('\n');
    }
    out
}

/// A control's first actions on `actions.html`, one list item each.
fn group_items_html(t: &I18n, items: &[GroupItem]) -> String {
    let mut out = String::with_capacity(items.len() * 200);
    for r in items {
        out.push_str("      <li>");
        r.push_link(&mut out);
        out.push(' ');
        push_escaped(&mut out, r.action);
        if let Some(s) = r.status {
            out.push_str(" — ");
            push_escaped(&mut out, t.get(&format!("action_status.{s}")));
        }
        out.push_str("</li>\n");
    }
    out
}

/// The anchor of a control on `actions.html` and `controls.html`: `control-`
/// and the id with anything but letters, digits, `.`, `-` and `_` replaced.
pub fn control_anchor(id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("control-{safe}")
}

/// Sort key: overdue (oldest due first), open (by due, undated last), done.
fn order_key(
    a: &crate::model::Action,
    today: chrono::NaiveDate,
) -> (u8, Option<crate::model::RecordDate>, bool) {
    let due = a.due.as_ref().map(|d| d.value);
    let group = if a.is_overdue(today) {
        0
    } else if !a.is_done() {
        1
    } else {
        2
    };
    (group, due, due.is_none())
}

fn row<'a>(env: &'a Env, from: &str, (r, near_miss): (ActionRef<'a>, bool)) -> Row<'a> {
    let (source_kind, source_id, source_href) = match r.source {
        Source::Incident(id) if near_miss => ("near_miss", id, crate::paths::record_page(id)),
        Source::Incident(id) => ("incident", id, crate::paths::record_page(id)),
        Source::Drill(id) => ("drill", id, crate::paths::drill_page(id)),
    };
    let a = r.action;
    let effectiveness = match a.status.as_ref().map(|s| s.value) {
        Some(crate::model::ActionStatus::Verified) => "verified",
        _ if a.is_done() => "unverified",
        _ => "open",
    };
    Row {
        source_kind,
        source_id,
        source_href: crate::paths::site_href(from, &source_href) + "#actions",
        a: action_row(env, a),
        effectiveness,
        controls: a
            .controls
            .iter()
            .map(|c| ControlLink {
                id: &c.value,
                href: format!(
                    "{}#{}",
                    crate::paths::site_href(from, "controls.html"),
                    control_anchor(&c.value)
                ),
            })
            .collect(),
    }
}

/// The table rows, made here rather than in the template: a register of
/// 10,000 records has 40,000 actions, and one page that size rendered by the
/// template engine would be the slowest job of the build. Every word still
/// comes from the locale, every value is escaped.
fn rows_html(env: &Env, rows: &[Row]) -> String {
    let t = &env.t;
    let mut out = String::with_capacity(rows.len() * 700);
    for r in rows {
        let a = &r.a;
        out.push_str(if a.overdue {
            "<tr class=\"overdue\">"
        } else {
            "<tr>"
        });
        out.push_str(&format!(
            "<td><a href=\"{}\">{}</a><br><small>{}</small><td>{}",
            escape(&r.source_href),
            escape(r.source_id),
            escape(t.get(&format!("actions.kinds.{}", r.source_kind))),
            escape(a.action)
        ));
        if !r.controls.is_empty() {
            out.push_str("<span class=\"controls\">");
            for c in &r.controls {
                out.push_str(&format!(
                    " <a href=\"{}\">{}</a>",
                    escape(&c.href),
                    escape(c.id)
                ));
            }
            out.push_str("</span>");
        }
        out.push_str(&format!(
            "<td>{}<td>",
            escape(a.owner.as_deref().unwrap_or("—"))
        ));
        out.push_str(&a.due.as_ref().map(time).unwrap_or_else(|| "—".into()));
        if a.overdue {
            out.push_str(&format!(
                "<br><strong class=\"flag flag-overdue\">{}</strong>",
                escape(&t.fmt("action.overdue", &[("n", &a.days_overdue.to_string())]))
            ));
        }
        out.push_str(&format!("<td>{}", escape(a.evaluation.unwrap_or("—"))));
        if let Some(r) = a.late_reason {
            out.push_str(&format!(
                "<p class=\"late-reason\"><span class=\"badge deviation-explained\">{}</span> {}</p>",
                escape(t.get("deviation.late_reason")),
                escape(r)
            ));
        }
        if let Some(r) = &a.review {
            out.push_str(&review_html(t, r));
        }
        out.push_str("<td>");
        if let Some(s) = a.status {
            out.push_str(&format!(
                "<span class=\"badge action-{s}\">{}</span>",
                escape(t.get(&format!("action_status.{s}")))
            ));
        }
        if let Some(d) = &a.done_at {
            out.push_str(&format!(
                "<br><small>{} {}</small>",
                escape(t.get("action.done_at")),
                time(d)
            ));
        }
        out.push_str(&format!(
            "<td><span class=\"effect effect-{}\">{}</span>\n",
            r.effectiveness,
            escape(t.get(&format!("actions.effect.{}", r.effectiveness)))
        ));
    }
    out
}

/// Every list of actions and its pages: the whole table (list 0), then one
/// per control of the policy that some action names; with the actions in
/// table order, each made when a page asks for it (at 100,000 records a
/// list of every action made for each of the hundreds of pages was the
/// largest thing the register-wide pages held).
struct Lists<'a> {
    env: &'a Env<'a>,
    plan: std::sync::Arc<Plan>,
}

/// Where an action is: `(record in Env::incidents, action)` or `(drill in
/// Env::drills, action)`.
#[derive(Clone, Copy)]
enum Loc {
    Incident(u32, u32),
    Drill(u32, u32),
}

/// The order and the lists, worked out once per build
/// ([`crate::present::memo`]): every page of the actions needs them, and
/// each page sorting every action again would make the build quadratic in
/// the number of records.
pub(super) struct Plan {
    /// Every action, in table order.
    order: Vec<Loc>,
    /// `(control index in the policy or None for the whole table, indices
    /// into the sorted actions)`.
    lists: Vec<(Option<usize>, Vec<usize>)>,
    /// `(list, page from 0)` for every page.
    pages: Vec<(usize, usize)>,
}

impl<'a> Lists<'a> {
    fn new(env: &'a Env<'a>) -> Lists<'a> {
        let plan = super::action_plan::plan(env);
        Lists { env, plan }
    }

    /// How many actions the whole table lists.
    fn len(&self) -> usize {
        self.plan.order.len()
    }

    /// Action `x` of the table, and whether it is a near miss's.
    fn get(&self, x: usize) -> (ActionRef<'a>, bool) {
        let env = self.env;
        match self.plan.order[x] {
            Loc::Incident(k, a) => {
                let i = env.incidents[k as usize].0;
                let near_miss = crate::analysis::metrics::stage_of(i, &env.content.policy)
                    == Some(crate::model::Stage::Weakness);
                let r = ActionRef {
                    source: Source::Incident(&i.id),
                    title: &i.title,
                    action: &i.actions[a as usize],
                };
                (r, near_miss)
            }
            Loc::Drill(d, a) => {
                let d = env.drills[d as usize];
                let r = ActionRef {
                    source: Source::Drill(&d.id.value),
                    title: &d.title,
                    action: &d.actions[a as usize],
                };
                (r, false)
            }
        }
    }
}

impl Plan {
    pub(super) fn of(env: &Env) -> Plan {
        let shown = env.view.shows("actions");
        let mut all: Vec<Loc> = Vec::new();
        for (k, (i, p)) in env.incidents.iter().enumerate() {
            if shown && *p == crate::present::view::Presence::Full {
                all.extend((0..i.actions.len()).map(|a| Loc::Incident(k as u32, a as u32)));
            }
        }
        for (d, drill) in env.drills.iter().enumerate() {
            all.extend((0..drill.actions.len()).map(|a| Loc::Drill(d as u32, a as u32)));
        }
        let action = |l: &Loc| match *l {
            Loc::Incident(k, a) => &env.incidents[k as usize].0.actions[a as usize],
            Loc::Drill(d, a) => &env.drills[d as usize].actions[a as usize],
        };
        // Stable sort: within a group, record order (detection) then drill
        // order. Each key is worked out once (`serve` makes the plan on
        // every edit: 40,000 actions at 10,000 records).
        let mut order = all;
        order.sort_by_cached_key(|l| order_key(action(l), env.today));
        // Each control's list in one pass over the actions: an action
        // joins the list of every control it names, once (a control named
        // twice by one action lists it once), in table order.
        let controls = &env.content.policy.controls;
        let mut by_id: std::collections::HashMap<&str, usize> =
            std::collections::HashMap::with_capacity(controls.len());
        for (n, c) in controls.iter().enumerate() {
            // The first control of an id, as a scan of the policy finds it.
            by_id.entry(c.id.value.as_str()).or_insert(n);
        }
        let mut naming: Vec<Vec<usize>> = vec![Vec::new(); controls.len()];
        for (k, l) in order.iter().enumerate() {
            for x in &action(l).controls {
                if let Some(&n) = by_id.get(x.value.as_str()) {
                    if naming[n].last() != Some(&k) {
                        naming[n].push(k);
                    }
                }
            }
        }
        // A control whose id an earlier control of the policy has too lists
        // the same actions (the policy's check reports the duplicate).
        for (n, c) in controls.iter().enumerate() {
            let first = by_id.get(c.id.value.as_str()).copied().unwrap_or(n);
            if first != n {
                naming[n] = naming[first].clone();
            }
        }
        let mut lists = vec![(None, (0..order.len()).collect::<Vec<_>>())];
        lists.extend(
            naming
                .into_iter()
                .enumerate()
                .filter(|(_, rows)| !rows.is_empty())
                .map(|(n, rows)| (Some(n), rows)),
        );
        let pages = lists
            .iter()
            .enumerate()
            .flat_map(|(l, (_, rows))| (0..page_count(rows.len())).map(move |k| (l, k)))
            .collect();
        Plan {
            order,
            lists,
            pages,
        }
    }
}

/// Site path of page `k` of the whole table (`control` None) or of a
/// control's list.
fn list_path(env: &Env, control: Option<usize>, k: usize) -> String {
    let stem = match control {
        None if k == 0 => return "actions.html".to_string(),
        None => return format!("actions/{}.html", k + 1),
        Some(n) => control_anchor(&env.content.policy.controls[n].id.value),
    };
    if k == 0 {
        format!("actions/{stem}.html")
    } else {
        format!("actions/{stem}/{}.html", k + 1)
    }
}

/// Page `n` of the lists of actions.
pub fn render(env: &Env, n: usize) -> Result<Rendered, RenderError> {
    let lists = Lists::new(env);
    let (l, k) = *lists
        .plan
        .pages
        .get(n)
        .ok_or_else(|| RenderError::Io(format!("no page {n} of actions")))?;
    let (control, ref members) = lists.plan.lists[l];
    let path = list_path(env, control, k);
    let shown = &members[page_range(members.len(), k)];
    let pager = pager(&path, members.len(), k, |j| list_path(env, control, j));
    let main_title = env.t.get("actions.title");
    let title = match control {
        None => main_title.to_string(),
        Some(c) => {
            let c = &env.content.policy.controls[c];
            format!("{main_title} — {} {}", c.id.value, c.name)
        }
    };
    let mut ctx = env.context(&path, Nav::Audit, &title);
    ctx.insert("is_main", &(control.is_none() && k == 0));
    ctx.insert("total", &members.len());
    if control.is_some() {
        // A control's list is short (record, action, status): each
        // action's full row is in the whole table only.
        let items: Vec<GroupItem> = shown
            .iter()
            .map(|&x| GroupItem::of(&path, lists.get(x).0))
            .collect();
        ctx.insert("items_html", &items_html(&env.t, &items));
    } else {
        // Actions of near misses are labelled as such, not as incidents.
        let rows: Vec<Row> = shown
            .iter()
            .map(|&x| row(env, &path, lists.get(x)))
            .collect();
        ctx.insert("rows_html", &rows_html(env, &rows));
    }
    ctx.insert("is_control", &control.is_some());
    ctx.insert("pager", &pager);
    ctx.insert(
        "index_href",
        &crate::paths::site_href(&path, "actions.html"),
    );
    if control.is_none() && k == 0 {
        insert_summary(env, &lists, &mut ctx);
    }
    page(env, path, "actions.html", &ctx, None)
}

/// What only `actions.html` shows: the counts and the actions by control.
fn insert_summary(env: &Env, lists: &Lists, ctx: &mut tera::Context) {
    let from = "actions.html";
    let (mut overdue, mut open, mut unverified, mut verified) = (0, 0, 0, 0);
    for x in 0..lists.len() {
        let a = lists.get(x).0.action;
        if a.is_overdue(env.today) {
            overdue += 1;
        }
        match a.status.as_ref().map(|s| s.value) {
            Some(crate::model::ActionStatus::Verified) => verified += 1,
            _ if a.is_done() => unverified += 1,
            _ => open += 1,
        }
    }
    let groups: Vec<ControlGroup> = env
        .content
        .policy
        .controls
        .iter()
        .enumerate()
        .map(|(n, c)| {
            let members: &[usize] = lists
                .plan
                .lists
                .iter()
                .find(|(x, _)| *x == Some(n))
                .map(|(_, m)| m.as_slice())
                .unwrap_or(&[]);
            ControlGroup {
                id: &c.id.value,
                name: &c.name,
                anchor: control_anchor(&c.id.value),
                count: members.len(),
                all_href: (!members.is_empty())
                    .then(|| crate::paths::site_href(from, &list_path(env, Some(n), 0))),
                items_html: group_items_html(
                    &env.t,
                    &members
                        .iter()
                        .take(CONTROL_PREVIEW)
                        .map(|&x| GroupItem::of(from, lists.get(x).0))
                        .collect::<Vec<_>>(),
                ),
            }
        })
        .collect();
    ctx.insert("overdue", &overdue);
    ctx.insert("open", &open);
    ctx.insert("unverified", &unverified);
    ctx.insert("verified", &verified);
    ctx.insert("groups", &groups);
}

/// The effectiveness review of an action, as one line.
fn review_html(t: &crate::present::i18n::I18n, r: &crate::present::audit::ReviewView) -> String {
    let state = match (&r.done_at, &r.due) {
        (Some(d), _) => format!("{} {}", escape(t.get("review.done")), time(d)),
        (None, Some(due)) if r.overdue => format!(
            "<strong class=\"flag flag-overdue\">{}</strong> {}",
            escape(t.get("review.overdue")),
            time(due)
        ),
        (None, Some(due)) => format!("{} {}", escape(t.get("review.awaiting")), time(due)),
        (None, None) => String::new(),
    };
    let by =
        r.by.as_deref()
            .map(|b| format!(" ({})", escape(b)))
            .unwrap_or_default();
    let result = r
        .result
        .as_deref()
        .map(|x| format!(" — {}", escape(x)))
        .unwrap_or_default();
    format!(
        "<p class=\"review{}\">{}: {state}{by}{result}</p>",
        if r.overdue { " review-overdue" } else { "" },
        escape(t.get("review.heading"))
    )
}

fn time(d: &crate::present::context::DateView) -> String {
    if d.iso == d.text {
        return format!("<time>{}</time>", escape(&d.text));
    }
    format!(
        "<time datetime=\"{}\">{}</time>",
        escape(&d.iso),
        escape(&d.text)
    )
}

#[cfg(test)]
mod tests {
    use super::{group_items_html, items_html, GroupItem};
    use crate::present::i18n::I18n;

    /// The loops `actions.html` had for a control's list and for the
    /// controls' first actions, rendered by Tera with the site's escaper.
    fn by_template(loop_: &str, t: &I18n, items: &[GroupItem]) -> String {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(crate::markup::escape_html);
        tera.add_raw_template("t.html", loop_).expect("template");
        let items: Vec<serde_json::Value> = items
            .iter()
            .map(|r| {
                serde_json::json!({"id": r.id, "href": r.href, "action": r.action,
                    "status": r.status})
            })
            .collect();
        let mut ctx = tera::Context::new();
        ctx.insert("items", &items);
        ctx.insert("t", t.tree());
        tera.render("t.html", &ctx).expect("rendered")
    }

    #[test]
    fn the_control_lists_are_what_the_template_wrote() {
        let t = I18n::from_yaml(
            "action_status:\n  planned: 予定 <&> \"計画\"\n  done: 完了\n",
            crate::model::Language::Ja,
        )
        .expect("locale");
        let items = [
            GroupItem {
                id: "INC-2026-001",
                href: "../incidents/2026/INC-2026-001.html#actions".into(),
                action: "手順書を改訂 <script>&'\"/\u{202e}\u{7}",
                status: Some("planned"),
            },
            GroupItem {
                id: "DR-1",
                href: "drills/a&b.html#actions".into(),
                action: "",
                status: None,
            },
            GroupItem {
                id: "INC-2026-002",
                href: "x.html".into(),
                action: "訓練",
                status: Some("done"),
            },
        ];
        let table = "{% for r in items %}<tr><td><a href=\"{{ r.href }}\">{{ r.id }}</a><td>{{ r.action }}<td>{% if r.status %}{{ t.action_status[r.status] }}{% endif %}\n{% endfor %}";
        assert_eq!(items_html(&t, &items), by_template(table, &t, &items));
        let list = "{% for r in items %}      <li><a href=\"{{ r.href }}\">{{ r.id }}</a> {{ r.action }}{% if r.status %} — {{ t.action_status[r.status] }}{% endif %}</li>\n{% endfor %}";
        assert_eq!(group_items_html(&t, &items), by_template(list, &t, &items));
        assert!(items_html(&t, &items).contains("予定 &lt;&amp;&gt; &quot;計画&quot;"));
    }

    #[test]
    fn anchors_are_safe_ids() {
        assert_eq!(super::control_anchor("A.5.24"), "control-A.5.24");
        assert_eq!(super::control_anchor("RS.MA 01/x"), "control-RS.MA-01-x");
    }
}
