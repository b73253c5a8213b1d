//! The search document of a record page (`incidents/<id>.html`), from the
//! record itself: its title, the facts and texts the page shows this
//! audience, in the page's order. Not in it: the previous and next records'
//! titles, the breadcrumb, the template's headings and labels, notices
//! ("no corrective actions", "no history"), yes/no answers and the
//! generated notification drafts. A restricted record (shown as a stub)
//! gives its id, badges and detection date only.

use super::Body;
use crate::analysis::notifications::{requirements, State};
use crate::model::summary::Summary;
use crate::model::{About, Incident};
use crate::present::context::date_view_in;
use crate::present::view::Presence;
use crate::present::Env;
use crate::search::{Facets, SearchDoc};

/// The document of record `index` of [`Env::incidents`] (none past the end).
pub fn document(env: &Env, index: usize) -> Vec<SearchDoc> {
    let (Some(&(i, presence)), Some(&(s, _))) = (env.records.get(index), env.incidents.get(index))
    else {
        return Vec::new();
    };
    let full = presence == Presence::Full;
    let title = if full {
        format!("{} {}", i.id.value, i.title)
    } else {
        i.id.value.clone()
    };
    let mut body = Body::headed(&title);
    // The badges: level, its name, status, category.
    if let Some(l) = i.level() {
        body.push_level(env, l);
        body.push_opt(env.level_name(l));
    }
    if let Some(s) = i.status() {
        body.push_opt(env.t.lookup(&format!("status.{}", s.as_str())));
    }
    if let Some(c) = &i.category {
        body.push(env.category_name(c));
    }
    if full {
        full_text(env, i, s, &mut body);
    } else if let Some(at) = &i.detected_at {
        // A restricted record's page shows when it was noticed, no more.
        body.push(&date_view_in(at, env).text);
    }
    vec![SearchDoc {
        url: crate::paths::record_page(&i.id.value),
        kind: "incident".to_string(),
        title,
        body: body.into_string(),
        facets: Facets {
            level: i.level(),
            category: i.category.as_ref().map(|c| c.value.clone()),
            status: i.status().map(|s| s.as_str().to_string()),
            year: crate::render::pages::register::year_of(env, s),
        },
    }]
}

/// What the page of a record shown in full says, in the page's order.
fn full_text(env: &Env, i: &Incident, s: &Summary, body: &mut Body) {
    let show = |field: &str| env.view.shows(field);
    if show("responsible") {
        if let Some(r) = &i.responsible {
            body.push(env.role_name(r));
        }
    }
    for (field, value) in [
        ("reporter", &i.reporter),
        ("location", &i.location),
        ("organization", &i.organization),
    ] {
        body.push_opt(value.as_deref().filter(|_| show(field)));
    }
    if show("affected_systems") {
        i.affected_systems.iter().for_each(|s| body.push(s));
    }
    for (key, at) in i.milestones() {
        if let Some(at) = at.filter(|_| show(key)) {
            body.push(&date_view_in(at, env).text);
        }
    }
    if show("summary") {
        body.push_markdown(&i.summary);
    }
    for (key, value) in [
        ("customers", &i.impact.customers),
        ("business", &i.impact.business),
    ] {
        body.push_opt(value.as_deref().filter(|_| show(&format!("impact.{key}"))));
    }
    if let Some(a) = i.assessment.as_ref().filter(|_| show("assessment")) {
        if let Some(r) = &a.decided_by {
            body.push(env.role_name(r));
        }
        if let Some(at) = &a.decided_at {
            body.push(&date_view_in(at, env).text);
        }
        body.push_markdown(a.rationale.as_deref().unwrap_or(""));
    }
    for field in ["cause", "system_configuration"] {
        let text = match field {
            "cause" => i.cause.as_deref(),
            _ => i.system_configuration.as_deref(),
        };
        if show(field) {
            body.push_markdown(text.unwrap_or(""));
        }
    }
    if show("timeline") {
        for e in &i.timeline {
            if let Some(at) = &e.at {
                body.push(&date_view_in(at, env).text);
            }
            body.push(&e.action);
            body.push_opt(e.by.as_deref().filter(|_| show("timeline.by")));
        }
    }
    if show("notifications") {
        notifications(env, s, body);
    }
    deviations(env, s, body);
    if show("actions") {
        for a in &i.actions {
            body.push(&a.action);
            a.controls.iter().for_each(|c| body.push(&c.value));
            if let Some(o) = &a.owner {
                body.push(env.role_name(o));
            }
            body.push_opt(a.evaluation.as_deref());
            body.push_opt(a.late_reason.as_deref());
        }
    }
    for f in crate::schema::fields::extra_text().filter(|f| show(f.name)) {
        if let Some(value) = i.extra.get(f.name) {
            match f.ty {
                crate::schema::Ty::Markdown => body.push_markdown(value),
                _ => body.push(value),
            }
        }
    }
    if show("evidence") {
        for e in &i.evidence {
            body.push(&e.path.value);
            body.push_opt(e.description.as_deref());
        }
    }
    if show("tags") {
        i.tags.iter().for_each(|t| body.push(t));
    }
}

/// The rules that required a report and the reports made: names,
/// references and recorded reasons (not the state labels).
fn notifications(env: &Env, i: &Summary, body: &mut Body) {
    let reqs = requirements(env.content, i, env.today);
    for r in &reqs {
        body.push(&r.rule.name);
        body.push_opt(r.made.and_then(|m| m.reference.as_deref()));
        let reason = match r.state {
            State::Late => r.made.and_then(|m| m.late_reason.as_deref()),
            State::Missing => i.audit().reason(
                About::NotificationNotMade,
                Some(&r.rule.id.value),
                Some(r.kind),
            ),
            _ => None,
        };
        body.push_opt(reason);
    }
    for m in i.notifications.iter() {
        if reqs
            .iter()
            .any(|r| r.made.is_some_and(|x| std::ptr::eq(x, m)))
        {
            continue;
        }
        match env.content.policy.notification(&m.to) {
            Some(n) => body.push(&n.name),
            None => body.push(&m.to.value),
        }
        body.push_opt(m.reference.as_deref());
    }
}

/// The reasons the record gives for its non-conformities, for rules it
/// marks not applicable and for predating the policy.
fn deviations(env: &Env, i: &Summary, body: &mut Body) {
    let page = crate::paths::record_page(&i.id);
    let found = crate::analysis::deviations::of_incident(env.content, i, env.today);
    let audit = crate::present::audit::record_audit_view(env, i, &page);
    body.push_opt(audit.predates_reason.as_deref());
    for d in crate::present::audit::deviation_views(env, &found, &page) {
        body.push_opt(d.reason.as_deref());
    }
    for n in &audit.not_applicable {
        body.push(&n.name);
        body.push(&n.reason);
    }
}
