//! `actions.html` — every corrective action (PDCA) across incident records
//! and drills: owner, due date, evaluation method, status, and whether its
//! effectiveness was checked (`verified`). Overdue actions first (longest
//! overdue at the top), then open ones by due date, then finished ones.
//! Below, for each control of the policy, the actions that name it
//! (anchors `#control-<id>`, linked from `controls.html`).

use super::incident::{action_row, ActionRow};
use super::page;
use crate::analysis::controls::{all_actions, ActionRef, Source};
use crate::markup::escape_html as escape;
use crate::present::{Env, Nav, RenderError, Rendered};
use serde::Serialize;

/// This page in [`super::PAGES`].
pub const PAGE: super::PageKind = super::PageKind::single(|env, _| render(env));

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
    items: Vec<GroupItem<'a>>,
}

/// An action listed under a control.
#[derive(Serialize)]
struct GroupItem<'a> {
    id: &'a str,
    href: &'a str,
    action: &'a str,
    status: Option<&'static str>,
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
fn order_key(r: &ActionRef, today: chrono::NaiveDate) -> (u8, Option<chrono::NaiveDate>, bool) {
    let a = r.action;
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

fn row<'a>(
    env: &'a Env,
    r: &ActionRef<'a>,
    near_misses: &std::collections::HashSet<&str>,
) -> Row<'a> {
    let (source_kind, source_id, source_href) = match r.source {
        Source::Incident(id) if near_misses.contains(id) => {
            ("near_miss", id, crate::paths::record_page(id))
        }
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
        source_href: crate::paths::site_href("actions.html", &source_href) + "#actions",
        a: action_row(env, a),
        effectiveness,
        controls: a
            .controls
            .iter()
            .map(|c| ControlLink {
                id: &c.value,
                href: format!("controls.html#{}", control_anchor(&c.value)),
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
            "<td class=\"nowrap\"><a href=\"{}\">{}</a><br><span class=\"muted small\">{}</span></td><td>{}",
            escape(&r.source_href),
            escape(r.source_id),
            escape(t.get(&format!("actions.kinds.{}", r.source_kind))),
            escape(a.action)
        ));
        if !r.controls.is_empty() {
            out.push_str("<span class=\"controls\">");
            for c in &r.controls {
                out.push_str(&format!(
                    " <a class=\"tag\" href=\"{}\">{}</a>",
                    escape(&c.href),
                    escape(c.id)
                ));
            }
            out.push_str("</span>");
        }
        out.push_str(&format!(
            "</td><td>{}</td><td class=\"nowrap\">",
            escape(a.owner.as_deref().unwrap_or("—"))
        ));
        out.push_str(&a.due.as_ref().map(time).unwrap_or_else(|| "—".into()));
        if a.overdue {
            out.push_str(&format!(
                "<br><strong class=\"flag flag-overdue\">{}</strong>",
                escape(&t.fmt("action.overdue", &[("n", &a.days_overdue.to_string())]))
            ));
        }
        out.push_str(&format!("</td><td>{}", escape(a.evaluation.unwrap_or("—"))));
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
        out.push_str("</td><td>");
        if let Some(s) = a.status {
            out.push_str(&format!(
                "<span class=\"badge action-{s}\">{}</span>",
                escape(t.get(&format!("action_status.{s}")))
            ));
        }
        if let Some(d) = &a.done_at {
            out.push_str(&format!(
                "<br><span class=\"muted small\">{} {}</span>",
                escape(t.get("action.done_at")),
                time(d)
            ));
        }
        out.push_str(&format!(
            "</td><td><span class=\"effect effect-{}\">{}</span></td></tr>\n",
            r.effectiveness,
            escape(t.get(&format!("actions.effect.{}", r.effectiveness)))
        ));
    }
    out
}

pub fn render(env: &Env) -> Result<Rendered, RenderError> {
    let path = "actions.html".to_string();
    let title = env.t.get("actions.title");
    let records = if env.view.shows("actions") {
        env.full_records()
    } else {
        Vec::new()
    };
    let mut refs = all_actions(&records, &env.drills);
    // Stable sort: within a group, record order (detection) then drill order.
    refs.sort_by_key(|r| order_key(r, env.today));
    // Actions of near misses are labelled as such, not as incidents.
    let near_misses: std::collections::HashSet<&str> = records
        .iter()
        .filter(|i| {
            crate::analysis::metrics::stage_of(i, &env.content.policy)
                == Some(crate::model::Stage::Weakness)
        })
        .map(|i| i.id.value.as_str())
        .collect();
    let rows: Vec<Row> = refs.iter().map(|r| row(env, r, &near_misses)).collect();

    let groups: Vec<ControlGroup> = env
        .content
        .policy
        .controls
        .iter()
        .map(|c| ControlGroup {
            id: &c.id.value,
            name: &c.name,
            anchor: control_anchor(&c.id.value),
            items: rows
                .iter()
                .filter(|r| r.controls.iter().any(|x| x.id == c.id.value))
                .map(|r| GroupItem {
                    id: r.source_id,
                    href: &r.source_href,
                    action: r.a.action,
                    status: r.a.status,
                })
                .collect(),
        })
        .collect();
    let count = |f: &dyn Fn(&Row) -> bool| rows.iter().filter(|r| f(r)).count();
    let mut ctx = env.context(&path, Nav::Audit, title);
    ctx.insert("total", &rows.len());
    ctx.insert("overdue", &count(&|r| r.a.overdue));
    ctx.insert("open", &count(&|r| r.effectiveness == "open"));
    ctx.insert("unverified", &count(&|r| r.effectiveness == "unverified"));
    ctx.insert("verified", &count(&|r| r.effectiveness == "verified"));
    ctx.insert("rows_html", &rows_html(env, &rows));
    ctx.insert("groups", &groups);
    page(env, path, "actions.html", &ctx, None)
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
    format!(
        "<time datetime=\"{}\">{}</time>",
        escape(&d.iso),
        escape(&d.text)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn anchors_are_safe_ids() {
        assert_eq!(super::control_anchor("A.5.24"), "control-A.5.24");
        assert_eq!(super::control_anchor("RS.MA 01/x"), "control-RS.MA-01-x");
    }
}
