//! `actions.csv` and the tables of corrective actions and external
//! notifications that `register.xlsx` shows as sheets: one row per action
//! (of incident records and drills) with its owner, due date and status,
//! and one row per notification a record requires.
//!
//! Built, like every export, from the audience's redacted model: a record
//! shown as a stub contributes no row, and nothing is listed from a field
//! the audience may not see.

use super::csv::write_rows;
use crate::analysis::notifications::requirements;
use crate::model::Action;
use crate::present::view::Presence;
use crate::present::Env;

pub const ACTIONS_PATH: &str = "actions.csv";

/// `actions.csv`: every corrective action of the published records and drills.
pub const ACTIONS: super::Export = super::Export {
    path: ACTIONS_PATH,
    write: |env, out| ACTION_ROWS.write(env, out),
    rows: Some(ACTION_ROWS),
};

/// The columns of `actions.csv` and of the `actions` sheet.
pub const ACTION_COLUMNS: &[&str] = &[
    "record",
    "record_kind",
    "record_title",
    "action",
    "owner",
    "owner_name",
    "due",
    "status",
    "status_name",
    "done_at",
    "evaluation",
    "controls",
    "overdue",
];

/// The columns of the `notifications` sheet.
pub const NOTIFICATION_COLUMNS: &[&str] = &[
    "record",
    "record_title",
    "rule",
    "rule_name",
    "kind",
    "kind_name",
    "deadline",
    "made_at",
    "state",
    "state_name",
    "reference",
];

fn action_row(env: &Env, id: &str, kind: &str, title: &str, a: &Action) -> Vec<String> {
    let owner = a.owner.as_ref().map(|o| o.value.as_str()).unwrap_or("");
    vec![
        id.to_string(),
        kind.to_string(),
        title.to_string(),
        a.action.clone(),
        owner.to_string(),
        if owner.is_empty() {
            String::new()
        } else {
            env.role_name(owner).to_string()
        },
        a.due
            .as_ref()
            .map(|d| d.value.to_string())
            .unwrap_or_default(),
        a.status
            .as_ref()
            .map(|s| s.value.as_str().to_string())
            .unwrap_or_default(),
        a.status
            .as_ref()
            .map(|s| {
                env.t
                    .get(&format!("action_status.{}", s.value.as_str()))
                    .to_string()
            })
            .unwrap_or_default(),
        a.done_at
            .as_ref()
            .map(|d| d.value.to_string())
            .unwrap_or_default(),
        a.evaluation.clone().unwrap_or_default(),
        a.controls
            .iter()
            .map(|c| c.value.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        a.is_overdue(env.today).to_string(),
    ]
}

/// Every action this audience may see: those of fully shown records (when
/// it may see `actions`), then those of drills.
pub fn action_table(env: &Env) -> Vec<Vec<String>> {
    action_rows(env).collect()
}

/// The rows of [`action_table`], made one at a time.
fn action_rows<'a>(env: &'a Env) -> impl Iterator<Item = Vec<String>> + 'a {
    (0..env.incidents.len())
        .flat_map(move |k| record_action_rows(env, k))
        .chain(drill_action_rows(env))
}

/// The action rows of record `k` of [`Env::incidents`]: its actions, if
/// the audience may see them and the record in full.
pub fn record_action_rows<'a>(env: &'a Env, k: usize) -> impl Iterator<Item = Vec<String>> + 'a {
    let (inc, presence) = env.incidents[k];
    let shown = env.view.shows("actions") && presence == Presence::Full;
    inc.actions
        .iter()
        .filter(move |_| shown)
        .map(move |a| action_row(env, &inc.id, "incident", &inc.title, a))
}

/// The action rows of the drills (after every record's).
pub fn drill_action_rows<'a>(env: &'a Env) -> impl Iterator<Item = Vec<String>> + 'a {
    env.drills.iter().flat_map(move |d| {
        d.actions
            .iter()
            .map(move |a| action_row(env, &d.id.value, "drill", &d.title, a))
    })
}

/// `actions.csv` row-wise: BOM and header, each record's actions, then the
/// drills' actions.
const ACTION_ROWS: super::Rows = super::Rows {
    row: |env, k, _, out| crate::export::csv::write_body(out, record_action_rows(env, k)),
    finish: |env, parts, out| super::framed(action_frame(env)?, parts, out),
    frame: Some(action_frame),
};

/// The BOM and the header of `actions.csv`, and the drills' actions.
fn action_frame(env: &Env) -> std::io::Result<super::Frame> {
    let mut head = Vec::new();
    let header = super::headers(env, ACTION_COLUMNS);
    write_rows(&mut head, &header, std::iter::empty())?;
    let mut tail = Vec::new();
    crate::export::csv::write_body(&mut tail, drill_action_rows(env))?;
    Ok((head, tail))
}

/// Every external notification a fully shown record requires, with its
/// deadline and whether (and when) it was made.
pub fn notification_table(env: &Env) -> Vec<Vec<String>> {
    (0..env.incidents.len())
        .flat_map(|k| record_notification_rows(env, k))
        .collect()
}

/// The rows of [`notification_table`] of record `k` of [`Env::incidents`].
pub fn record_notification_rows(env: &Env, k: usize) -> Vec<Vec<String>> {
    let (inc, presence) = env.incidents[k];
    if !env.view.shows("notifications") || presence != Presence::Full {
        return Vec::new();
    }
    let reference = env.view.shows("notifications.reference");
    requirements(env.content, inc, env.today)
        .into_iter()
        .map(|r| {
            let made = r.made;
            vec![
                inc.id.to_string(),
                inc.title.to_string(),
                r.rule.id.value.clone(),
                r.rule.name.clone(),
                r.kind.to_string(),
                env.notification_kind(&r.rule.id.value, r.kind),
                crate::model::time::ymd_hm(r.deadline.with_timezone(&env.tz).naive_local()),
                made.and_then(|m| m.at.as_ref())
                    .map(|t| t.value.display(env.tz))
                    .unwrap_or_default(),
                r.state.as_str().to_string(),
                env.t
                    .get(&format!("notification_state.{}", r.state.as_str()))
                    .to_string(),
                made.and_then(|m| m.reference.clone())
                    .filter(|_| reference)
                    .unwrap_or_default(),
            ]
        })
        .collect()
}
