//! How non-conformities are shown: one view of a deviation
//! (`analysis::deviations`), of a rule marked not applicable and of a
//! record that predates the policy, shared by the record page, the printed
//! report, the compliance, actions and audit pages, so the reason reads the
//! same everywhere.

use super::context::{record_date_view, span_text, DateView};
use super::Env;
use crate::analysis::deviations::{Deviation, Kind};
use crate::markup::markdown::Slugger;
use crate::model::summary::Summary;
use crate::model::Review;
use crate::paths::{drill_page, record_page, site_href};
use serde::Serialize;

/// One non-conformity as a page shows it.
#[derive(Serialize, Clone, Debug)]
pub struct DeviationView {
    /// `report_late`, `notification_late` … (CSS class and locale key
    /// `deviation.kind.<kind>`).
    pub kind: &'static str,
    pub label: String,
    pub record: String,
    /// The record's page (`#deviations`) or the drill's page, relative to
    /// the page showing it.
    pub href: String,
    /// What departed: the rule and report kind, or the action.
    pub subject: Option<String>,
    pub due: Option<DateView>,
    /// How late, as text (`about 6.2 hours`).
    pub late: Option<String>,
    pub explained: bool,
    /// The reason as HTML (Markdown), and as plain text.
    pub reason_html: Option<String>,
    pub reason: Option<String>,
}

/// The views of `deviations`, for a page at site path `from`.
pub fn deviation_views(env: &Env, deviations: &[Deviation], from: &str) -> Vec<DeviationView> {
    let mut slugs = Slugger::for_page();
    deviations
        .iter()
        .map(|d| deviation_view(env, d, from, &mut slugs))
        .collect()
}

fn deviation_view(env: &Env, d: &Deviation, from: &str, slugs: &mut Slugger) -> DeviationView {
    let t = &env.t;
    let subject = d.subject.map(|s| match d.report_kind {
        Some(k) => format!("{s} ({})", env.notification_kind(d.rule.unwrap_or(""), k)),
        None if d.kind == Kind::NotRecorded => field_label(env, s),
        None => s.to_string(),
    });
    let href = if d.drill {
        site_href(from, &drill_page(d.record)) + "#late"
    } else {
        site_href(from, &record_page(d.record)) + "#deviations"
    };
    let reason = d.reason.filter(|r| !r.trim().is_empty());
    DeviationView {
        kind: d.kind.as_str(),
        label: kind_label(env, d.kind),
        record: d.record.to_string(),
        href,
        subject,
        due: d.due.map(|x| record_date_view(&x, t)),
        late: d
            .late_minutes
            .filter(|m| *m > 0)
            .map(|m| span_text(m as f64, t)),
        explained: d.explained(),
        reason_html: reason.map(|r| env.markdown(r, slugs)),
        reason: reason.map(|r| r.trim().to_string()),
    }
}

/// The record page's name for a fact a `not_recorded` deviation names.
fn field_label(env: &Env, field: &str) -> String {
    let key = match field {
        "cause" | "actions" | "assessment" => format!("incident.{field}"),
        _ => format!("incident.dates.{field}"),
    };
    env.t.lookup(&key).unwrap_or(field).to_string()
}

/// The label of a kind of non-conformity.
pub fn kind_label(env: &Env, kind: Kind) -> String {
    env.t
        .lookup(&format!("deviation.kind.{}", kind.as_str()))
        .unwrap_or(kind.as_str())
        .to_string()
}

/// A notification rule the record marks not applicable.
#[derive(Serialize, Clone, Debug)]
pub struct NotApplicableView {
    pub rule: String,
    pub name: String,
    pub rule_href: String,
    pub decided_by: Option<String>,
    pub reason_html: String,
    pub reason: String,
}

/// What the record says of itself beyond its deviations: the rules it marks
/// not applicable and whether it predates the policy.
#[derive(Serialize, Clone, Debug, Default)]
pub struct RecordAuditView {
    pub not_applicable: Vec<NotApplicableView>,
    /// `predates_policy`: the reason as HTML.
    pub predates_html: Option<String>,
    pub predates_reason: Option<String>,
    pub policy_version: Option<String>,
}

/// The view of `inc`'s `not_applicable` and `predates_policy`, for a page
/// at site path `from`.
pub fn record_audit_view(env: &Env, inc: &Summary, from: &str) -> RecordAuditView {
    let mut slugs = Slugger::for_page();
    let a = inc.audit();
    RecordAuditView {
        not_applicable: a
            .not_applicable
            .iter()
            .map(|n| NotApplicableView {
                rule: n.rule.value.clone(),
                name: env
                    .content
                    .policy
                    .notification(&n.rule)
                    .map(|r| r.name.clone())
                    .unwrap_or_else(|| n.rule.value.clone()),
                rule_href: site_href(from, "levels.html") + &format!("#notify-{}", n.rule.value),
                decided_by: n.decided_by.as_ref().map(|r| env.role_name(r).to_string()),
                reason_html: env.markdown(&n.reason, &mut slugs),
                reason: n.reason.trim().to_string(),
            })
            .collect(),
        predates_html: a
            .predates_policy
            .as_ref()
            .map(|p| env.markdown(&p.reason, &mut slugs)),
        predates_reason: a
            .predates_policy
            .as_ref()
            .map(|p| p.reason.trim().to_string()),
        policy_version: a
            .predates_policy
            .as_ref()
            .and_then(|p| p.policy_version.clone()),
    }
}

/// An effectiveness review as a table shows it.
#[derive(Serialize, Clone, Debug)]
pub struct ReviewView {
    pub due: Option<DateView>,
    pub done_at: Option<DateView>,
    pub by: Option<String>,
    pub result: Option<String>,
    pub evidence: Option<String>,
    pub overdue: bool,
}

pub fn review_view(env: &Env, r: &Review) -> ReviewView {
    ReviewView {
        due: r.due.as_ref().map(|d| record_date_view(&d.value, &env.t)),
        done_at: r
            .done_at
            .as_ref()
            .map(|d| record_date_view(&d.value, &env.t)),
        by: r.by.as_ref().map(|b| env.role_name(b).to_string()),
        result: r.result.as_ref().map(|x| x.trim().to_string()),
        evidence: r.evidence.clone(),
        overdue: r.is_overdue(env.today),
    }
}
