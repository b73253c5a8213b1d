//! `controls.html` — the audit view: for each control of the policy, what in
//! the site evidences it and the figures an auditor asks for, computed from
//! the records (`analysis::controls`), each linking to the records behind it
//! or to the page that lists them all. From here every piece of evidence is
//! at most two clicks away: a figure links to a record, an evidence file or
//! a listing page (register, actions, compliance, metrics, evidence index,
//! drills), and the listing links to the record.
//!
//! Which figures a control shows is data, not code: the control's
//! `evidence:` list in `policy.yaml`, or the default table for ISO/IEC
//! 27001:2022 ids (see `analysis::controls`).

use super::actions::control_anchor;
use super::evidence::EvidenceFileView;
use super::{page, LinkView};
use crate::analysis::controls::{self as facts, kinds_for, Facts};
use crate::render::href::site_href;

/// Site path of the audit view (every link on it is made relative to it).
const PAGE: &str = "controls.html";
use crate::evidence::full_records;
use crate::evidence::manifest::{INDEX_PATH, MANIFEST_PATH};
use crate::model::Language;
use crate::render::context::{day_view, duration_text, span_text, DateView};
use crate::render::markdown::Slugger;
use crate::render::{Env, Nav, RenderError, Rendered};
use serde::Serialize;

/// Records listed under a figure before "and N more".
pub const MAX_LINKS: usize = 12;

#[derive(Serialize, Default, Clone)]
struct FigRow {
    label: String,
    href: Option<String>,
    value: String,
    /// Highlights a row that needs attention.
    alert: bool,
}

#[derive(Serialize, Default, Clone)]
struct FigureView {
    /// Locale key under `controls.fig`.
    key: &'static str,
    value: String,
    alert: bool,
    detail: Option<String>,
    rows: Vec<FigRow>,
    /// What the listed records are (locale key under `controls.records`).
    records_key: Option<&'static str>,
    records: Vec<LinkView>,
    more: usize,
    /// Pages holding the full basis of the figure.
    basis: Vec<LinkView>,
}

#[derive(Serialize)]
struct ControlView {
    id: String,
    name: String,
    anchor: String,
    description: Option<String>,
    figures: Vec<FigureView>,
    actions_named: usize,
    actions_done: usize,
    actions_href: String,
}

/// What every figure builder needs.
struct Ctx<'a, 'e> {
    env: &'a Env<'e>,
    f: &'a Facts<'e>,
}

impl Ctx<'_, '_> {
    fn t(&self, key: &str) -> String {
        self.env.t.get(key).to_string()
    }

    fn ratio(&self, num: usize, den: usize) -> String {
        if den == 0 {
            return self.t("controls.no_data");
        }
        let pct = format!("{:.0}", num as f64 * 100.0 / den as f64);
        self.env.t.fmt(
            "controls.ratio",
            &[
                ("num", &num.to_string()),
                ("den", &den.to_string()),
                ("pct", &pct),
            ],
        )
    }

    fn link(&self, href: &str, key: &str) -> LinkView {
        LinkView {
            href: href.to_string(),
            title: self.t(key),
        }
    }

    /// Links to records, capped; returns (links, how many more).
    fn records(
        &self,
        ids: &[&str],
        note: impl Fn(&str) -> Option<String>,
    ) -> (Vec<LinkView>, usize) {
        let links = ids
            .iter()
            .take(MAX_LINKS)
            .map(|id| LinkView {
                href: site_href(PAGE, &crate::render::memory::record_path(id)),
                title: note(id)
                    .map(|n| format!("{id} ({n})"))
                    .unwrap_or_else(|| id.to_string()),
            })
            .collect();
        (links, ids.len().saturating_sub(MAX_LINKS))
    }
}

fn last_change(env: &Env, file: &str) -> (String, bool) {
    match env.audit.git() {
        None => (env.t.get("controls.not_in_git").to_string(), false),
        Some(repo) => match repo.last_change(file) {
            Some(c) => (
                c.at.with_timezone(&env.tz).format("%Y-%m-%d").to_string(),
                false,
            ),
            None => (env.t.get("controls.uncommitted").to_string(), true),
        },
    }
}

fn procedure(c: &Ctx) -> Vec<FigureView> {
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
            site_href(PAGE, &super::handbook::path(&p.slug)),
            p.file.clone(),
        )
    }));
    docs.extend(env.templates.iter().map(|p| {
        (
            p.title.clone(),
            site_href(PAGE, &super::templates::path(&p.slug)),
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

fn assessment(c: &Ctx) -> Vec<FigureView> {
    let a = &c.f.assessment;
    let (records, more) = c.records(&a.undecided, |_| None);
    let slow: Vec<&str> = a.slowest.iter().map(|(id, _)| *id).collect();
    let minutes = |id: &str| {
        a.slowest
            .iter()
            .find(|(x, _)| *x == id)
            .map(|(_, m)| span_text(*m as f64, &c.env.t))
    };
    let (slow_links, slow_more) = c.records(&slow[..slow.len().min(5)], minutes);
    vec![
        FigureView {
            key: "assessed",
            value: c.ratio(a.decided, a.records),
            alert: a.decided < a.records,
            records_key: (!records.is_empty()).then_some("undecided"),
            records,
            more,
            basis: vec![c.link("register.html", "controls.basis_register")],
            ..Default::default()
        },
        FigureView {
            key: "decision_time",
            value: a
                .decision_time
                .median()
                .map(|m| span_text(m, &c.env.t))
                .unwrap_or_else(|| c.t("controls.no_data")),
            detail: Some(c.env.t.fmt(
                "controls.samples",
                &[("n", &a.decision_time.len().to_string())],
            )),
            records_key: (!slow_links.is_empty()).then_some("slowest"),
            records: slow_links,
            more: slow_more,
            basis: vec![c.link("register.html", "controls.basis_register")],
            ..Default::default()
        },
    ]
}

fn response(c: &Ctx) -> Vec<FigureView> {
    let r = &c.f.response;
    let (records, more) = c.records(&r.incomplete, |_| None);
    vec![FigureView {
        key: "timeline",
        value: c.ratio(r.complete, r.records),
        alert: r.complete < r.records,
        records_key: (!records.is_empty()).then_some("incomplete"),
        records,
        more,
        basis: vec![c.link("register.html", "controls.basis_register")],
        ..Default::default()
    }]
}

fn notifications(c: &Ctx) -> Vec<FigureView> {
    let n = &c.f.notifications;
    let ids: Vec<&str> = n.late_or_missing.iter().map(|s| s.record).collect();
    let state = |id: &str| {
        n.late_or_missing.iter().find(|s| s.record == id).map(|s| {
            let kind = c
                .env
                .t
                .lookup(&format!("notification_kind.{}", s.kind))
                .unwrap_or(s.kind);
            format!(
                "{} {kind}: {}",
                s.rule,
                c.env
                    .t
                    .get(&format!("notification_state.{}", s.state.as_str()))
            )
        })
    };
    let mut seen = std::collections::BTreeSet::new();
    let ids: Vec<&str> = ids.into_iter().filter(|id| seen.insert(*id)).collect();
    let (records, more) = c.records(&ids, state);
    vec![FigureView {
        key: "notified",
        value: c.ratio(n.on_time, n.due),
        alert: !n.late_or_missing.is_empty(),
        detail: Some(
            c.env
                .t
                .fmt("controls.not_yet_due", &[("n", &n.not_yet_due.to_string())]),
        ),
        records_key: (!records.is_empty()).then_some("late_or_missing"),
        records,
        more,
        basis: vec![c.link("compliance.html", "controls.basis_compliance")],
        ..Default::default()
    }]
}

fn lessons(c: &Ctx) -> Vec<FigureView> {
    let l = &c.f.lessons;
    let (missing, missing_more) = c.records(&l.closed_without, |_| None);
    let (with, with_more) = c.records(&l.with_lessons, |_| None);
    let (records, more, records_key) = if missing.is_empty() {
        (with, with_more, "with_lessons")
    } else {
        (missing, missing_more, "without_lessons")
    };
    vec![FigureView {
        key: "lessons",
        value: c.ratio(l.closed_with_lessons, l.closed),
        alert: l.closed_with_lessons < l.closed,
        detail: Some(c.env.t.fmt(
            "controls.with_lessons_total",
            &[("n", &l.with_lessons.len().to_string())],
        )),
        records_key: (!records.is_empty()).then_some(records_key),
        records,
        more,
        basis: vec![c.link("register.html", "controls.basis_register")],
        ..Default::default()
    }]
}

fn actions(c: &Ctx) -> Vec<FigureView> {
    let a = &c.f.actions;
    let t = &c.env.t;
    let rows = a
        .controls
        .iter()
        .map(|(id, (named, done))| FigRow {
            label: id.clone(),
            href: Some(format!("actions.html#{}", control_anchor(id))),
            value: t.fmt(
                "controls.named_done",
                &[("named", &named.to_string()), ("done", &done.to_string())],
            ),
            alert: false,
        })
        .collect();
    vec![
        FigureView {
            key: "actions",
            value: c.ratio(a.done, a.total),
            alert: a.overdue > 0,
            detail: Some(t.fmt(
                "controls.actions_detail",
                &[
                    ("verified", &a.verified.to_string()),
                    ("overdue", &a.overdue.to_string()),
                ],
            )),
            basis: vec![c.link("actions.html", "controls.basis_actions")],
            ..Default::default()
        },
        FigureView {
            key: "strengthened",
            value: t.fmt("common.count", &[("n", &a.controls.len().to_string())]),
            rows,
            basis: vec![c.link("actions.html", "controls.basis_actions")],
            ..Default::default()
        },
    ]
}

fn evidence(c: &Ctx) -> Vec<FigureView> {
    let env = c.env;
    let t = &env.t;
    let index = site_href(PAGE, INDEX_PATH);
    let manifest_row = |key: &str, value: String, alert: bool| FigRow {
        label: c.t(key),
        href: None,
        value,
        alert,
    };
    let mut rows = vec![manifest_row(
        "controls.sources_hashed",
        t.fmt(
            "common.count",
            &[(
                "n",
                &(env.content.sources.len()
                    + env.audit.evidence.values().map(Vec::len).sum::<usize>())
                .to_string(),
            )],
        ),
        false,
    )];
    match env.audit.git() {
        Some(repo) => {
            rows.push(manifest_row(
                "controls.commit",
                repo.commit
                    .as_deref()
                    .map(|h| h.chars().take(10).collect())
                    .unwrap_or_else(|| c.t("controls.uncommitted")),
                repo.commit.is_none(),
            ));
            rows.push(manifest_row(
                "controls.dirty",
                c.t(if repo.dirty {
                    "common.yes"
                } else {
                    "common.no"
                }),
                repo.dirty,
            ));
        }
        None => rows.push(manifest_row(
            "controls.commit",
            c.t("controls.not_in_git"),
            false,
        )),
    }
    let files: Vec<EvidenceFileView> = env
        .audit
        .evidence
        .iter()
        .flat_map(|(id, fs)| fs.iter().map(move |f| (id, f)))
        .map(|(id, f)| EvidenceFileView::new(env, id, f, "controls.html"))
        .collect();
    let records_with = env.audit.evidence.len();
    let matched = files.iter().filter(|f| f.recorded == Some(true)).count();
    let links: Vec<LinkView> = files
        .iter()
        .take(MAX_LINKS)
        .map(|f| LinkView {
            href: f.href.clone().unwrap_or_else(|| f.record_href.clone()),
            title: format!(
                "{} {} (SHA-256 {}…)",
                f.record,
                f.source,
                &f.sha256[..f.sha256.len().min(12)]
            ),
        })
        .collect();
    let mut out = vec![FigureView {
        key: "manifest",
        value: c.t("controls.manifest_value"),
        rows,
        detail: Some(c.t("controls.verify_hint")),
        basis: vec![
            c.link(&index, "controls.basis_manifest"),
            c.link(MANIFEST_PATH, "controls.basis_manifest_json"),
        ],
        ..Default::default()
    }];
    if env.view.shows("evidence") {
        out.push(FigureView {
            key: "evidence_files",
            value: t.fmt(
                "controls.files_in_records",
                &[
                    ("files", &files.len().to_string()),
                    ("records", &records_with.to_string()),
                ],
            ),
            detail: Some(t.fmt("controls.recorded_hashes", &[("n", &matched.to_string())])),
            records_key: (!links.is_empty()).then_some("evidence_files"),
            more: files.len().saturating_sub(MAX_LINKS),
            records: links,
            basis: vec![c.link(
                &format!("{index}#evidence-files"),
                "controls.basis_manifest",
            )],
            ..Default::default()
        });
    }
    out
}

fn reporting(c: &Ctx) -> Vec<FigureView> {
    let r = &c.f.reporting;
    let t = &c.env.t;
    let level_rows = r
        .by_level
        .iter()
        .map(|(l, s)| FigRow {
            label: t.fmt("common.level_n", &[("n", &l.to_string())]),
            href: Some(format!("levels.html#level-{l}")),
            value: match s.median() {
                Some(m) => format!(
                    "{} ({})",
                    span_text(m, t),
                    t.fmt("controls.samples", &[("n", &s.len().to_string())])
                ),
                None => c.t("controls.no_data"),
            },
            alert: false,
        })
        .collect();
    let quarter_rows: Vec<FigRow> = r
        .near_misses_per_quarter
        .iter()
        .map(|(q, n)| FigRow {
            label: super::metrics::period_label(c.env, q),
            href: None,
            value: t.fmt("common.count", &[("n", &n.to_string())]),
            alert: false,
        })
        .collect();
    let total: usize = r.near_misses_per_quarter.iter().map(|(_, n)| n).sum();
    vec![
        FigureView {
            key: "report_time",
            value: String::new(),
            rows: level_rows,
            basis: vec![c.link("metrics.html#times", "controls.basis_metrics")],
            ..Default::default()
        },
        FigureView {
            key: "near_misses",
            value: t.fmt("common.count", &[("n", &total.to_string())]),
            rows: quarter_rows,
            basis: vec![c.link("metrics.html#quarters", "controls.basis_metrics")],
            ..Default::default()
        },
    ]
}

fn drills(c: &Ctx) -> Vec<FigureView> {
    let d = &c.f.drills;
    let env = c.env;
    let t = &env.t;
    let every = env
        .content
        .policy
        .drill_every
        .as_ref()
        .map(|e| duration_text(e.value, t));
    let last: Option<DateView> = d.last.map(|(_, date)| day_view(date));
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
                .map(|(id, _)| site_href(PAGE, &super::drills::path(id))),
            value: last
                .map(|l| l.text)
                .unwrap_or_else(|| c.t("controls.no_data")),
            alert: false,
        },
    ];
    if let Some(due) = d.next_due {
        rows.push(FigRow {
            label: c.t("controls.drill_next"),
            href: None,
            value: day_view(due).text,
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
            href: site_href(PAGE, &super::drills::path(&x.id.value)),
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

fn figures(kind: &str, c: &Ctx) -> Vec<FigureView> {
    match kind {
        "procedure" => procedure(c),
        "assessment" => assessment(c),
        "response" => response(c),
        "notifications" => notifications(c),
        "lessons" => lessons(c),
        "actions" => actions(c),
        "evidence" => evidence(c),
        "reporting" => reporting(c),
        "drills" => drills(c),
        _ => Vec::new(),
    }
}

pub fn render(env: &Env) -> Result<Rendered, RenderError> {
    let path = "controls.html".to_string();
    let title = env.t.get("controls.title");
    let full = full_records(env);
    let f = facts::compute(env.content, &full, env.today);
    let c = Ctx { env, f: &f };
    let mut slugs = Slugger::for_page();
    // Computed once per kind, shared by every control that shows the kind.
    let mut cache: std::collections::BTreeMap<&str, Vec<FigureView>> =
        std::collections::BTreeMap::new();
    let mut controls = Vec::new();
    for control in &env.content.policy.controls {
        let mut figs = Vec::new();
        for kind in kinds_for(control) {
            figs.extend(
                cache
                    .entry(kind)
                    .or_insert_with(|| figures(kind, &c))
                    .iter()
                    .cloned(),
            );
        }
        let (actions_named, actions_done) = f
            .actions
            .controls
            .get(&control.id.value)
            .copied()
            .unwrap_or((0, 0));
        let name = match (env.content.site.language, &control.name_en) {
            (Language::En, Some(en)) => en.clone(),
            _ => control.name.clone(),
        };
        let anchor = control_anchor(&control.id.value);
        controls.push(ControlView {
            id: control.id.value.clone(),
            name,
            description: (!control.description.trim().is_empty())
                .then(|| env.markdown(&control.description, &mut slugs)),
            figures: figs,
            actions_named,
            actions_done,
            actions_href: format!("actions.html#{anchor}"),
            anchor,
        });
    }
    let mut ctx = env.context(&path, Nav::Audit, title);
    ctx.insert("controls", &controls);
    page(env, path, "controls.html", &ctx, None)
}
