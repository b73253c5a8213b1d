//! `reports/<id>.html` — the incident report (事故報告書) of one
//! record, print-ready on A4, in the sections of the report template
//! (`content/templates/incident-report.md`): 1 overview, 2 dates,
//! 3 what happened, 4 response, 5 cause, 6 affected systems, 7 system
//! configuration, 8 external notifications, 9 corrective actions; then
//! lessons, evidence and the record's provenance. Only records shown in full
//! get a report; every field follows the audience's rules.

use super::evidence::record_panel;
use super::incident::{action_row, ActionRow};
use crate::analysis::notifications::requirements;
use crate::markup::markdown::Slugger;
use crate::model::{Incident, Timestamp};
use crate::present::audit::{deviation_views, record_audit_view, DeviationView, RecordAuditView};
use crate::present::context::{date_view, DateView};
use crate::present::view::Presence;
use crate::present::{Env, Nav, RenderError, Rendered};
use serde::Serialize;

/// `reports/<id>.html`, one per record that has a report.
pub const PAGE: super::PageKind = super::PageKind {
    instances: |env| {
        (0..env.incidents.len())
            .filter(|&n| has_report(env, n))
            .collect()
    },
    render,
    record_page: Some(|env, n| Some(crate::paths::report_page(&env.incidents.get(n)?.0.id.value))),
    book: super::Book::Site,
};

#[derive(Serialize)]
struct Fact {
    key: String,
    value: String,
}

#[derive(Serialize)]
struct DateRow {
    key: &'static str,
    date: Option<DateView>,
}

#[derive(Serialize)]
struct Step<'a> {
    at: Option<DateView>,
    by: Option<&'a str>,
    action: &'a str,
}

#[derive(Serialize)]
struct Notice {
    name: String,
    kind: String,
    deadline: Option<DateView>,
    at: Option<DateView>,
    reference: Option<String>,
    state: Option<&'static str>,
}

#[derive(Serialize)]
struct Report<'a> {
    id: &'a str,
    title: &'a str,
    overview: Vec<Fact>,
    dates: Vec<DateRow>,
    summary: Option<String>,
    impact: Vec<Fact>,
    timeline: Vec<Step<'a>>,
    show_by: bool,
    cause: Option<String>,
    affected_systems: Vec<&'a str>,
    business_impact: Option<&'a str>,
    system_configuration: Option<String>,
    notifications: Vec<Notice>,
    actions: Vec<ActionRow<'a>>,
    lessons: Option<String>,
    /// Non-conformities with their reasons, rules not applicable, imported
    /// history (`present::audit`).
    deviations: Vec<DeviationView>,
    audit: RecordAuditView,
}

fn markdown(env: &Env, text: Option<&str>, slugs: &mut Slugger) -> Option<String> {
    text.filter(|t| !t.trim().is_empty())
        .map(|t| env.markdown(t, slugs))
}

/// Section 1: the overview table of the template, in its order.
fn overview(env: &Env, i: &Incident) -> Vec<Fact> {
    let t = &env.t;
    let show = |f: &str| env.view.shows(f);
    let mut out = vec![
        Fact {
            key: t.get("report.f_id").into(),
            value: i.id.value.clone(),
        },
        Fact {
            key: t.get("report.f_title").into(),
            value: i.title.clone(),
        },
    ];
    if let Some(c) = &i.category {
        out.push(Fact {
            key: t.get("report.f_category").into(),
            value: env.category_name(c).into(),
        });
    }
    let level = i.level().map(|l| {
        let name = env
            .level_name(l)
            .map(|n| format!(" {n}"))
            .unwrap_or_default();
        format!(
            "{}{name}",
            t.fmt("common.level_n", &[("n", &l.to_string())])
        )
    });
    let stage = i
        .assessment
        .as_ref()
        .and_then(|a| a.stage.as_ref())
        .map(|s| t.get(&format!("stage.{}", s.value.as_str())).to_string());
    let level_stage = [level, stage]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" / ");
    if !level_stage.is_empty() {
        out.push(Fact {
            key: t.get("report.f_level").into(),
            value: level_stage,
        });
    }
    if let Some(o) = i.organization.as_deref().filter(|_| show("organization")) {
        out.push(Fact {
            key: t.get("report.f_organization").into(),
            value: o.into(),
        });
    }
    if let Some(r) = i.responsible.as_ref().filter(|_| show("responsible")) {
        out.push(Fact {
            key: t.get("report.f_responsible").into(),
            value: env.role_name(r).into(),
        });
    }
    if let Some(r) = i.reporter.as_deref().filter(|_| show("reporter")) {
        out.push(Fact {
            key: t.get("incident.reporter").into(),
            value: r.into(),
        });
    }
    if let Some(l) = i.location.as_deref().filter(|_| show("location")) {
        out.push(Fact {
            key: t.get("report.f_location").into(),
            value: l.into(),
        });
    }
    if let Some(a) = i.assessment.as_ref() {
        if let Some(by) = &a.decided_by {
            let at = a
                .decided_at
                .as_ref()
                .map(|d| format!(" ({})", d.value.display(env.tz)))
                .unwrap_or_default();
            out.push(Fact {
                key: t.get("incident.decided_by").into(),
                value: format!("{}{at}", env.role_name(by)),
            });
        }
    }
    out
}

fn impact(env: &Env, i: &Incident) -> Vec<Fact> {
    let t = &env.t;
    let show = |f: &str| env.view.shows(f);
    let mut out = Vec::new();
    for (flag, value) in i
        .impact
        .flags
        .iter()
        .filter(|(f, _)| show(&format!("impact.{f}")))
    {
        let key = env.impact_name(flag);
        out.push(Fact {
            key,
            value: t
                .get(if *value { "common.yes" } else { "common.no" })
                .into(),
        });
    }
    if let Some(n) = i
        .impact
        .records_affected
        .filter(|_| show("impact.records_affected"))
    {
        out.push(Fact {
            key: t.get("impact.records_affected").into(),
            value: t.fmt("common.count", &[("n", &n.to_string())]),
        });
    }
    if let Some(c) = i
        .impact
        .customers
        .as_deref()
        .filter(|_| show("impact.customers"))
    {
        out.push(Fact {
            key: t.get("impact.customers").into(),
            value: c.into(),
        });
    }
    out
}

fn notifications(env: &Env, i: &Incident) -> Vec<Notice> {
    let kind = |rule: &str, k: &str| env.notification_kind(rule, k);
    let rule_name = |id: &str| {
        env.content
            .policy
            .notification(id)
            .map(|n| n.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let reference = |r: Option<&str>| {
        r.filter(|_| env.view.shows("notifications.reference"))
            .map(str::to_string)
    };
    let reqs = requirements(env.content, i, env.today);
    let mut out: Vec<Notice> = reqs
        .iter()
        .map(|r| Notice {
            name: r.rule.name.clone(),
            kind: kind(&r.rule.id.value, r.kind),
            deadline: Some(date_view(
                &Timestamp {
                    at: r.deadline,
                    date_only: false,
                },
                env.tz,
            )),
            at: r
                .made
                .and_then(|m| m.at.as_ref())
                .map(|a| date_view(a, env.tz)),
            reference: reference(r.made.and_then(|m| m.reference.as_deref())),
            state: Some(r.state.as_str()),
        })
        .collect();
    // Reports made that no rule required (a voluntary report) are listed too.
    for m in i.notifications.iter().filter(|m| {
        !reqs
            .iter()
            .any(|r| r.made.is_some_and(|x| std::ptr::eq(x, *m)))
    }) {
        out.push(Notice {
            name: rule_name(&m.to),
            kind: kind(&m.to.value, &m.kind),
            deadline: None,
            at: m.at.as_ref().map(|a| date_view(a, env.tz)),
            reference: reference(m.reference.as_deref()),
            state: None,
        });
    }
    out
}

fn report<'a>(env: &'a Env, i: &'a Incident) -> Report<'a> {
    let show = |f: &str| env.view.shows(f);
    let mut slugs = Slugger::for_page();
    let dates = i
        .milestones()
        .into_iter()
        .filter(|(k, _)| show(k))
        .map(|(key, ts)| DateRow {
            key,
            date: ts.map(|t| date_view(t, env.tz)),
        })
        .collect();
    let path = crate::paths::report_page(&i.id.value);
    Report {
        deviations: deviation_views(
            env,
            &crate::analysis::deviations::of_incident(env.content, i, env.today),
            &path,
        ),
        audit: record_audit_view(env, i, &path),
        id: &i.id.value,
        title: &i.title,
        overview: overview(env, i),
        dates,
        summary: markdown(
            env,
            Some(i.summary.as_str()).filter(|_| show("summary")),
            &mut slugs,
        ),
        impact: impact(env, i),
        timeline: if show("timeline") {
            i.timeline
                .iter()
                .map(|e| Step {
                    at: e.at.as_ref().map(|t| date_view(t, env.tz)),
                    by: e.by.as_deref().filter(|_| show("timeline.by")),
                    action: &e.action,
                })
                .collect()
        } else {
            Vec::new()
        },
        show_by: show("timeline.by"),
        cause: markdown(
            env,
            i.cause.as_deref().filter(|_| show("cause")),
            &mut slugs,
        ),
        affected_systems: if show("affected_systems") {
            i.affected_systems.iter().map(String::as_str).collect()
        } else {
            Vec::new()
        },
        business_impact: i
            .impact
            .business
            .as_deref()
            .filter(|_| show("impact.business")),
        system_configuration: markdown(
            env,
            i.system_configuration
                .as_deref()
                .filter(|_| show("system_configuration")),
            &mut slugs,
        ),
        notifications: if show("notifications") {
            notifications(env, i)
        } else {
            Vec::new()
        },
        actions: if show("actions") {
            i.actions.iter().map(|a| action_row(env, a)).collect()
        } else {
            Vec::new()
        },
        lessons: markdown(env, i.lessons().filter(|_| show("lessons")), &mut slugs),
    }
}

/// The report of the `index`-th published record (only full records have one).
pub fn render(env: &Env, index: usize) -> Result<Rendered, RenderError> {
    let (i, presence) = env.incidents[index];
    let path = crate::paths::report_page(&i.id.value);
    let title = format!("{} {} {}", env.t.get("report.title"), i.id.value, i.title);
    // One page per record: the lean context copies only the strings used.
    let mut ctx = env.lean_context(&path, Nav::Register, &title, "report.html");
    ctx.insert("r", &report(env, i));
    ctx.insert("panel", &record_panel(env, i, presence, &path));
    // Prepared by the record's responsible role; the approver signs by hand
    // (the policy names no approving role).
    let mut signoff = std::collections::BTreeMap::new();
    signoff.insert(
        "prepared",
        i.responsible.as_ref().map(|r| env.role_name(r).to_string()),
    );
    ctx.insert("signoff", &signoff);
    ctx.insert(
        "record_href",
        &crate::paths::site_href(&path, &crate::paths::record_page(&i.id.value)),
    );
    ctx.insert(
        "source_commit",
        &env.audit
            .git()
            .and_then(|g| g.commit.as_deref())
            .map(|c| c.chars().take(10).collect::<String>()),
    );
    let html = env.render_lean("report.html", &mut ctx)?;
    Ok(Rendered {
        path,
        html,
        search: None,
    })
}

/// Whether the `index`-th published record gets a report.
pub fn has_report(env: &Env, index: usize) -> bool {
    env.incidents
        .get(index)
        .is_some_and(|(_, p)| *p == Presence::Full)
}
