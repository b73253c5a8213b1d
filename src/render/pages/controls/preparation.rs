//! A.5.24, planning and preparation: the documents of the procedure (with
//! when each last changed), whether each role can be reached, and drills.

use super::figure::{Ctx, FigRow, FigureView, MAX_LINKS};
use super::PATH;
use crate::paths::site_href;
use crate::present::context::{day_view, duration_text, DateView};
use crate::present::Env;
use crate::render::pages::LinkView;

fn last_change(env: &Env, file: &str) -> (String, bool) {
    match env.audit.git() {
        None => (env.t.get("controls.not_in_git").to_string(), false),
        // Cut off at the build's --today, like every history the site shows.
        Some(repo) => match repo.history_until(file, env.today, env.tz).first() {
            Some(c) => (
                c.at.with_timezone(&env.tz).format("%Y-%m-%d").to_string(),
                false,
            ),
            None => (env.t.get("controls.uncommitted").to_string(), true),
        },
    }
}

pub(super) fn procedure(c: &Ctx) -> Vec<FigureView> {
    let env = c.env;
    // The documents that make up the procedure, with the page showing each.
    let mut docs: Vec<(String, String, String)> = vec![
        (
            c.t("controls.doc_policy"),
            "levels.html".into(),
            "policy.yaml".into(),
        ),
        (
            c.t("controls.doc_flow"),
            "flow.html".into(),
            "policy.yaml".into(),
        ),
        (
            c.t("controls.doc_contacts"),
            "contacts.html".into(),
            "contacts.yaml".into(),
        ),
    ];
    docs.extend(env.handbook.iter().map(|p| {
        (
            p.title.clone(),
            site_href(PATH, &crate::paths::handbook_page(&p.slug)),
            p.file.clone(),
        )
    }));
    docs.extend(env.templates.iter().map(|p| {
        (
            p.title.clone(),
            site_href(PATH, &crate::paths::template_page(&p.slug)),
            p.file.clone(),
        )
    }));
    let doc_rows: Vec<FigRow> = docs
        .into_iter()
        .map(|(label, href, file)| {
            let (value, alert) = last_change(env, &file);
            FigRow {
                label,
                href: Some(href),
                value,
                alert,
            }
        })
        .collect();
    let roles = &c.f.procedure.roles;
    let reachable = roles.iter().filter(|(_, ok)| *ok).count();
    let role_rows = roles
        .iter()
        .map(|(id, ok)| FigRow {
            label: env.role_name(id).to_string(),
            href: Some(format!("contacts.html#role-{id}")),
            value: c.t(if *ok {
                "controls.reachable"
            } else {
                "controls.unreachable"
            }),
            alert: !ok,
        })
        .collect();
    vec![
        FigureView {
            key: "documents",
            value: c
                .env
                .t
                .fmt("common.count", &[("n", &doc_rows.len().to_string())]),
            rows: doc_rows,
            basis: vec![
                c.link("flow.html", "controls.basis_flow"),
                c.link("levels.html", "controls.basis_levels"),
            ],
            ..Default::default()
        },
        FigureView {
            key: "roles",
            value: c.ratio(reachable, roles.len()),
            alert: reachable < roles.len(),
            rows: role_rows,
            detail: Some(env.t.fmt(
                "controls.flow_steps",
                &[("n", &c.f.procedure.flow_steps.to_string())],
            )),
            basis: vec![c.link("contacts.html", "controls.basis_contacts")],
            ..Default::default()
        },
    ]
}

pub(super) fn drills(c: &Ctx) -> Vec<FigureView> {
    let d = &c.f.drills;
    let env = c.env;
    let t = &env.t;
    let every = env
        .content
        .policy
        .drill_every
        .as_ref()
        .map(|e| duration_text(e.value, t));
    let last: Option<DateView> = d
        .last
        .map(|(_, date)| crate::present::context::record_date_view(&date, t));
    let mut rows = vec![
        FigRow {
            label: c.t("controls.drill_every"),
            href: None,
            value: every.unwrap_or_else(|| c.t("controls.no_data")),
            alert: false,
        },
        FigRow {
            label: c.t("controls.drill_last"),
            href: d
                .last
                .map(|(id, _)| site_href(PATH, &crate::paths::drill_page(id))),
            value: last
                .map(|l| l.text)
                .unwrap_or_else(|| c.t("controls.no_data")),
            alert: false,
        },
    ];
    if let Some((from, to)) = d.next_due {
        // A span when the latest drill is known only to its month.
        let value = if from == to {
            day_view(from).text
        } else {
            format!("{} – {}", day_view(from).text, day_view(to).text)
        };
        rows.push(FigRow {
            label: c.t("controls.drill_next"),
            href: None,
            value,
            alert: d.overdue,
        });
    }
    rows.extend(d.per_year.iter().rev().map(|(y, n)| FigRow {
        label: t.fmt("common.year_n", &[("n", &y.to_string())]),
        href: None,
        value: t.fmt("common.count", &[("n", &n.to_string())]),
        alert: false,
    }));
    let records = env
        .drills
        .iter()
        .rev()
        .take(MAX_LINKS)
        .map(|x| LinkView {
            href: site_href(PATH, &crate::paths::drill_page(&x.id.value)),
            title: format!("{} {}", x.id.value, x.title),
        })
        .collect();
    vec![FigureView {
        key: "drills",
        value: t.fmt("common.count", &[("n", &d.held.to_string())]),
        alert: d.overdue,
        detail: d.overdue.then(|| c.t("controls.drill_overdue")),
        rows,
        records_key: Some("drills"),
        records,
        more: env.drills.len().saturating_sub(MAX_LINKS),
        basis: vec![c.link("drills.html", "controls.basis_drills")],
    }]
}
