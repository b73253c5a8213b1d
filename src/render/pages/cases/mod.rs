//! The case book (the `training` audience, `crate::present::cases`): the
//! index of cases by category, level and theme (`index.html`), one page per
//! case (`cases/case-NNN.html`) and the printable booklet of all of them
//! (`cases/booklet.html`). A case tells what happened, how it was noticed,
//! what was done (day by day, without dates or people), the cause, what was
//! learned and the corrective actions, with record ids, dates and masked
//! terms already replaced.

pub mod booklet;
pub mod case;
pub mod index;

use crate::markup::markdown::{self, Slugger};
use crate::model::{Incident, Timestamp};
use crate::present::cases::{case_path, month_only, IdReplacer};
use crate::present::Env;
use serde::Serialize;

pub use booklet::BOOKLET;
pub use case::PAGE;
pub use index::INDEX;

/// One step of what was done.
#[derive(Serialize)]
pub struct Step {
    /// `1日目` / `Day 1`; `発見前` / `Before it was noticed`.
    pub when: String,
    pub text: String,
}

/// One corrective action.
#[derive(Serialize)]
pub struct ActionView {
    pub text: String,
    pub role: Option<String>,
    pub done: bool,
}

/// Everything a case page and the booklet show of one case.
#[derive(Serialize)]
pub struct CaseView {
    pub number: usize,
    pub label: String,
    pub path: String,
    pub title: String,
    pub category: Option<String>,
    pub category_name: Option<String>,
    pub level: Option<i64>,
    pub level_name: Option<String>,
    /// The month it was noticed (`2026年1月` / `January 2026`).
    pub month: Option<String>,
    pub summary_html: String,
    pub noticed: Option<String>,
    pub steps: Vec<Step>,
    pub cause_html: Option<String>,
    pub impact: Option<String>,
    pub lessons_html: Option<String>,
    pub actions: Vec<ActionView>,
    /// Names of the bodies that were notified (no dates, no references).
    pub notified: Vec<String>,
    pub themes: Vec<String>,
}

/// `事例 7` / `Case 7`.
pub fn label(env: &Env, number: usize) -> String {
    env.t
        .get("cases.case_label")
        .replace("{n}", &number.to_string())
}

/// The month of `ts` in the site's language.
fn month(env: &Env, ts: &Timestamp) -> String {
    let d = ts.at.date_naive();
    env.t
        .get("cases.month")
        .replace("{y}", &d.format("%Y").to_string())
        .replace("{m}", &d.format("%-m").to_string())
        .replace("{month}", &d.format("%B").to_string())
}

/// Record ids of the content, each replaced by its case label (records that
/// are not cases by a generic one).
pub fn ids<'e>(env: &'e Env) -> &'e IdReplacer {
    env.case_ids.get_or_init(|| make_ids(env))
}

fn make_ids(env: &Env) -> IdReplacer {
    let mut label_of: std::collections::HashMap<&str, String> = env
        .cases
        .iter()
        .enumerate()
        .map(|(k, &i)| (&*env.incidents[i].0.id, label(env, k + 1)))
        .collect();
    let other = env.t.get("cases.other_case").to_string();
    IdReplacer::new(
        env.content
            .incidents
            .iter()
            .map(|i| {
                let l = label_of
                    .remove(i.id.value.as_str())
                    .unwrap_or_else(|| other.clone());
                (i.id.value.clone(), l)
            })
            .collect(),
    )
}

/// Free text made fit for a case: record ids and exact dates replaced.
fn clean(ids: &IdReplacer, text: &str) -> String {
    month_only(&ids.replace(text))
}

fn html(ids: &IdReplacer, text: &str) -> String {
    markdown::render(&clean(ids, text), &mut Slugger::for_page()).html
}

/// Case `number` (1-based) of record `inc`.
pub fn view(env: &Env, ids: &IdReplacer, number: usize, inc: &Incident) -> CaseView {
    // A month whose day is unknown has no day number.
    let detected = inc
        .detected_at
        .as_ref()
        .filter(|d| !d.value.is_month())
        .map(|d| d.value.at.date_naive());
    let day = |ts: &Option<crate::model::Spanned<Timestamp>>| -> String {
        match (ts, detected) {
            (Some(t), Some(d)) if !t.value.is_month() => {
                let n = (t.value.at.date_naive() - d).num_days();
                if n < 0 {
                    env.t.get("cases.before").to_string()
                } else {
                    env.t.get("cases.day").replace("{n}", &(n + 1).to_string())
                }
            }
            _ => String::new(),
        }
    };
    let noticed = inc
        .timeline
        .iter()
        .find(|t| t.at.as_ref().map(|a| &a.value) == inc.detected_at.as_ref().map(|d| &d.value))
        .map(|t| clean(ids, &t.action));
    let level = inc.level();
    CaseView {
        number,
        label: label(env, number),
        path: case_path(number),
        title: clean(ids, &inc.title),
        category: inc.category.as_ref().map(|c| c.value.clone()),
        category_name: inc
            .category
            .as_ref()
            .map(|c| env.category_name(c).to_string()),
        level,
        level_name: level.and_then(|l| env.level_name(l)).map(str::to_string),
        month: inc.detected_at.as_ref().map(|d| month(env, &d.value)),
        summary_html: html(ids, &inc.summary),
        noticed,
        steps: inc
            .timeline
            .iter()
            .filter(|t| !t.action.trim().is_empty())
            .map(|t| Step {
                when: day(&t.at),
                text: clean(ids, &t.action),
            })
            .collect(),
        cause_html: inc.cause.as_deref().map(|c| html(ids, c)),
        impact: inc.impact.business.as_deref().map(|b| clean(ids, b)),
        lessons_html: inc.lessons().map(|l| html(ids, l)),
        actions: inc
            .actions
            .iter()
            .map(|a| ActionView {
                text: clean(ids, &a.action),
                role: a.owner.as_ref().map(|o| env.role_name(o).to_string()),
                done: a.is_done(),
            })
            .collect(),
        notified: {
            let mut n: Vec<String> = inc
                .notifications
                .iter()
                .map(|n| {
                    env.content
                        .policy
                        .notification(&n.to.value)
                        .map(|r| r.name.clone())
                        .unwrap_or_else(|| n.to.value.clone())
                })
                .collect();
            n.dedup();
            n
        },
        themes: inc.tags.iter().map(|t| clean(ids, t)).collect(),
    }
}

/// Every case, in number order.
pub fn all(env: &Env) -> Vec<CaseView> {
    let ids = ids(env);
    env.cases
        .iter()
        .enumerate()
        .map(|(k, &i)| view(env, ids, k + 1, env.records[i].0))
        .collect()
}
