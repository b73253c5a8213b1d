//! `compliance.html` — for every notification rule of the policy (PPC,
//! police, IPA ...): each record it applies to, the deadline of each report
//! counted from detection, and whether the report was made on time, made
//! late, is missing, or is not yet due (as of the build's `today`). The
//! states come from `analysis::notifications`, the same code `check` uses.
//! Newest records first; records shown as stubs are left out (their details
//! are not this audience's to see), and so are rules keyed on a field the
//! audience may not see (`NotificationRule::withheld`, set by
//! `redact::redact`): listing them with no record would read as "applies
//! to none".

use super::page;
use crate::analysis::notifications::{requirements, State};
use crate::model::Timestamp;
use crate::present::context::{date_view, duration_text, DateView};
use crate::present::{Env, Nav, RenderError, Rendered};
use serde::Serialize;
use std::collections::BTreeMap;

/// This page in [`super::PAGES`].
pub const PAGE: super::PageKind = super::PageKind::single(|env, _| render(env));

#[derive(Serialize)]
struct Line<'a> {
    kind: &'a str,
    /// What the kind is called under this rule (its own `label` or the
    /// theme's word).
    kind_label: String,
    deadline: DateView,
    made_at: Option<DateView>,
    reference: Option<&'a str>,
    state: &'static str,
    /// Why it was late or not made, as the record says.
    reason: Option<&'a str>,
}

/// A record that marks the rule not applicable.
#[derive(Serialize)]
struct Exempt<'a> {
    id: &'a str,
    href: String,
    title: &'a str,
    decided_by: Option<&'a str>,
    reason: &'a str,
}

#[derive(Serialize)]
struct Case<'a> {
    id: &'a str,
    href: String,
    title: &'a str,
    detected: Option<DateView>,
    lines: Vec<Line<'a>>,
}

#[derive(Serialize, Default, Clone, Copy)]
struct Counts {
    made: usize,
    late: usize,
    missing: usize,
    not_yet_due: usize,
}

impl Counts {
    fn add(&mut self, s: State) {
        match s {
            State::Made => self.made += 1,
            State::Late => self.late += 1,
            State::Missing => self.missing += 1,
            State::NotYetDue => self.not_yet_due += 1,
        }
    }
}

#[derive(Serialize)]
struct RuleView<'a> {
    id: &'a str,
    name: &'a str,
    anchor: String,
    policy_href: String,
    deadlines: Vec<(String, String)>,
    cases: Vec<Case<'a>>,
    counts: Counts,
    not_applicable: Vec<Exempt<'a>>,
}

pub fn render(env: &Env) -> Result<Rendered, RenderError> {
    let path = "compliance.html".to_string();
    let title = env.t.get("compliance.title");
    let policy = &env.content.policy;
    let show = env.view.shows("notifications");
    let show_ref = env.view.shows("notifications.reference");
    let kind = |rule: &str, k: &str| env.notification_kind(rule, k);

    // One pass over the records: each requirement goes to its rule.
    let mut by_rule: BTreeMap<&str, Vec<Case>> = BTreeMap::new();
    let mut counts: BTreeMap<&str, Counts> = BTreeMap::new();
    let records = if show { env.full_records() } else { Vec::new() };
    for i in records.iter().rev() {
        let mut per_rule: BTreeMap<&str, Vec<Line>> = BTreeMap::new();
        for r in requirements(env.content, i, env.today) {
            counts
                .entry(r.rule.id.value.as_str())
                .or_default()
                .add(r.state);
            per_rule
                .entry(r.rule.id.value.as_str())
                .or_default()
                .push(Line {
                    kind: r.kind,
                    kind_label: env.notification_kind(&r.rule.id.value, r.kind),
                    deadline: date_view(
                        &Timestamp {
                            at: r.deadline,
                            date_only: false,
                        },
                        env.tz,
                    ),
                    made_at: r
                        .made
                        .and_then(|m| m.at.as_ref())
                        .map(|t| date_view(t, env.tz)),
                    reference: r
                        .made
                        .and_then(|m| m.reference.as_deref())
                        .filter(|_| show_ref),
                    state: r.state.as_str(),
                    reason: match r.state {
                        State::Late => r.made.and_then(|m| m.late_reason.as_deref()),
                        State::Missing => i.audit.reason(
                            crate::model::About::NotificationNotMade,
                            Some(&r.rule.id.value),
                            Some(r.kind),
                        ),
                        _ => None,
                    }
                    .map(str::trim),
                });
        }
        for (rule, lines) in per_rule {
            by_rule.entry(rule).or_default().push(Case {
                id: &i.id.value,
                href: crate::paths::site_href(
                    "compliance.html",
                    &crate::paths::record_page(&i.id.value),
                ) + "#notifications",
                title: &i.title,
                detected: i.detected_at.as_ref().map(|d| date_view(d, env.tz)),
                lines,
            });
        }
    }

    // Records that mark a rule not applicable, and those older than the policy.
    let mut exempt: BTreeMap<&str, Vec<Exempt>> = BTreeMap::new();
    let mut predating = Vec::new();
    for i in records.iter().rev() {
        let href =
            crate::paths::site_href("compliance.html", &crate::paths::record_page(&i.id.value));
        if i.audit.predates() {
            predating.push(super::LinkView {
                href: href.clone() + "#predates-policy",
                title: format!("{} {}", i.id.value, i.title),
            });
        }
        for n in &i.audit.not_applicable {
            exempt
                .entry(n.rule.value.as_str())
                .or_default()
                .push(Exempt {
                    id: &i.id.value,
                    href: href.clone() + "#not-applicable",
                    title: &i.title,
                    decided_by: n.decided_by.as_ref().map(|r| env.role_name(r)),
                    reason: n.reason.trim(),
                });
        }
    }

    let mut total = Counts::default();
    let rules: Vec<RuleView> = policy
        .notifications
        .iter()
        .filter(|n| !n.withheld)
        .map(|n| {
            let c = counts.get(n.id.value.as_str()).copied().unwrap_or_default();
            total.made += c.made;
            total.late += c.late;
            total.missing += c.missing;
            total.not_yet_due += c.not_yet_due;
            RuleView {
                id: &n.id.value,
                name: &n.name,
                anchor: format!("rule-{}", n.id.value),
                policy_href: format!("levels.html#notify-{}", n.id.value),
                deadlines: n
                    .deadlines
                    .iter()
                    .map(|(k, d)| (kind(&n.id.value, k), duration_text(d.value, &env.t)))
                    .collect(),
                cases: by_rule.remove(n.id.value.as_str()).unwrap_or_default(),
                counts: c,
                not_applicable: exempt.remove(n.id.value.as_str()).unwrap_or_default(),
            }
        })
        .collect();
    let mut ctx = env.context(&path, Nav::Audit, title);
    ctx.insert("rules", &rules);
    ctx.insert("total", &total);
    ctx.insert("predating", &predating);
    page(env, path, "compliance.html", &ctx, None)
}
