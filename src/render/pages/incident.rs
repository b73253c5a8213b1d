//! `incidents/<id>.html` — one record: every field the audience may see, the
//! timeline, corrective actions (overdue ones marked, relative to the build's
//! `today`), required external notifications against those made (from
//! `analysis::notifications`, so the page agrees with `check`), evidence, and
//! links to the previous and next record in detection order. The extra text
//! fields of the field table (`fields::extra_text`) each get a section after
//! the corrective actions, headed by the locale's `incident.<name>`.
//!
//! Printed (A4), the page is the record's incident report (事故報告書): the
//! sections in the order of the report template, each with the report's
//! heading, and the prepared/approved block (`themes/default/templates/
//! incident.html` says how). With the built-in theme the page is written by
//! compiled code ([`html`]) that gives the same bytes as the template; a
//! theme that overrides the template gets it rendered by Tera.

mod html;
mod tables;

use super::register::year_of;
use crate::analysis::notifications::{requirements, State};
use crate::markup::markdown::Slugger;
use crate::model::summary::Summary;
use crate::model::{Action, Incident, Status};
use crate::paths::site_href;
use crate::present::audit::{
    deviation_views, record_audit_view, review_view, DeviationView, RecordAuditView, ReviewView,
};
use crate::present::context::{date_view, date_view_in, record_date_view, DateView};
use crate::present::view::Presence;
use crate::present::{Env, Nav, RenderError, Rendered, SearchMeta};
use crate::search::Facets;
use serde::Serialize;

/// `incidents/<id>.html`, one per published record.
pub const PAGE: super::PageKind = super::PageKind {
    instances: |env| (0..env.incidents.len()).collect(),
    render,
    record_page: Some(|env, n| Some(crate::paths::record_page(&env.incidents.get(n)?.0.id))),
    book: super::Book::Site,
    document: Some(crate::render::documents::record::document),
    // Told apart by `record_page` (an incremental render keeps its own).
    inputs: None,
};

#[derive(Serialize)]
struct Neighbour<'a> {
    href: String,
    id: &'a str,
    title: Option<&'a str>,
}

#[derive(Serialize)]
struct Milestone {
    key: &'static str,
    date: DateView,
}

#[derive(Serialize)]
struct ImpactRow {
    key: String,
    value: String,
}

#[derive(Serialize)]
struct AssessmentView {
    stage: Option<&'static str>,
    decided_by: Option<String>,
    decided_at: Option<DateView>,
    rationale: Option<String>,
}

#[derive(Serialize)]
struct TimelineRow<'a> {
    at: Option<DateView>,
    by: Option<&'a str>,
    action: &'a str,
}

#[derive(Serialize)]
pub(crate) struct ActionRow<'a> {
    pub action: &'a str,
    pub owner: Option<String>,
    pub due: Option<DateView>,
    pub status: Option<&'static str>,
    pub done_at: Option<DateView>,
    pub evaluation: Option<&'a str>,
    pub controls: Vec<&'a str>,
    pub overdue: bool,
    pub days_overdue: i64,
    /// Why it is (or was) past its due date.
    pub late_reason: Option<&'a str>,
    pub review: Option<ReviewView>,
}

#[derive(Serialize)]
struct NotificationRow<'a> {
    name: &'a str,
    href: String,
    kind: &'a str,
    /// The kind as this rule calls it (`label:` of the policy, or the theme's word).
    kind_label: String,
    deadline: DateView,
    made_at: Option<DateView>,
    reference: Option<&'a str>,
    state: &'static str,
    /// The recorded reason for a late report or one not made.
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct MadeRow<'a> {
    name: String,
    kind: &'a str,
    kind_label: String,
    at: Option<DateView>,
    reference: Option<&'a str>,
}

#[derive(Serialize)]
struct EvidenceRow<'a> {
    path: &'a str,
    description: Option<&'a str>,
    sha256: Option<&'a str>,
}

/// An extra text field's section: Markdown as HTML, or one line of text.
#[derive(Serialize)]
struct ExtraSection<'a> {
    name: &'static str,
    label: &'a str,
    html: Option<String>,
    text: Option<&'a str>,
}

#[derive(Serialize, Default)]
struct Record<'a> {
    id: &'a str,
    title: &'a str,
    stub: bool,
    level: Option<i64>,
    level_name: Option<&'a str>,
    category: Option<&'a str>,
    category_name: Option<&'a str>,
    status: Option<&'static str>,
    /// The role that prepares the printed report, when the audience sees it.
    responsible: Option<&'a str>,
    responsible_anchor: Option<String>,
    reporter: Option<&'a str>,
    location: Option<&'a str>,
    organization: Option<&'a str>,
    milestones: Vec<Milestone>,
    summary: Option<String>,
    cause: Option<String>,
    system_configuration: Option<String>,
    extra: Vec<ExtraSection<'a>>,
    /// Drafts of the required notifications (`present::drafts`; only for an
    /// audience that hides nothing).
    drafts: Vec<crate::present::drafts::Draft>,
    affected_systems: Vec<&'a str>,
    /// The business impact, shown again under section 6 of the printed report.
    business_impact: Option<&'a str>,
    tags: Vec<(&'a str, String)>,
    impact: Vec<ImpactRow>,
    assessment: Option<AssessmentView>,
    timeline: Vec<TimelineRow<'a>>,
    actions: Vec<ActionRow<'a>>,
    required: Vec<NotificationRow<'a>>,
    other_notifications: Vec<MadeRow<'a>>,
    evidence: Vec<EvidenceRow<'a>>,
    /// Non-conformities with their reasons (`analysis::deviations`).
    deviations: Vec<DeviationView>,
    /// Rules not applicable, imported history.
    audit: RecordAuditView,
}

/// An action as shown in tables (also used by drills).
pub(crate) fn action_row<'a>(env: &Env, a: &'a Action) -> ActionRow<'a> {
    let overdue = a.is_overdue(env.today);
    ActionRow {
        action: &a.action,
        owner: a.owner.as_ref().map(|o| env.role_name(o).to_string()),
        due: a.due.as_ref().map(|d| record_date_view(&d.value, &env.t)),
        status: a.status.as_ref().map(|s| s.value.as_str()),
        done_at: a
            .done_at
            .as_ref()
            .map(|d| record_date_view(&d.value, &env.t)),
        evaluation: a.evaluation.as_deref(),
        controls: a.controls.iter().map(|c| c.value.as_str()).collect(),
        overdue,
        days_overdue: if overdue {
            a.due
                .as_ref()
                // How many days is not known when only the month is.
                .and_then(|d| d.value.exact())
                .map(|d| (env.today - d).num_days())
                .unwrap_or(0)
        } else {
            0
        },
        late_reason: a.late_reason.as_deref().map(str::trim),
        review: a.review.as_ref().map(|r| review_view(env, r)),
    }
}

fn state_key(s: State) -> &'static str {
    s.as_str()
}

fn markdown(env: &Env, text: Option<&str>, slugs: &mut Slugger) -> Option<String> {
    text.filter(|t| !t.trim().is_empty())
        .map(|t| env.markdown(t, slugs))
}

/// `s` is `i`'s summary.
fn full_record<'a>(env: &'a Env, i: &'a Incident, s: &'a Summary) -> Record<'a> {
    let v = &env.view;
    let show = |field: &str| v.shows(field);
    let mut slugs = Slugger::for_page();
    let milestones = i
        .milestones()
        .into_iter()
        .filter(|(k, _)| show(k))
        .filter_map(|(k, ts)| match ts {
            Some(t) => Some(Milestone {
                key: k,
                date: date_view_in(t, env),
            }),
            // Said to be unknown: shown so (text alone, no `<time>`).
            None if k == "occurred_at" && i.occurred_unknown => Some(Milestone {
                key: k,
                date: DateView {
                    text: env.t.get("dates.unknown").to_string(),
                    iso: String::new(),
                },
            }),
            None => None,
        })
        .collect();

    let mut impact = Vec::new();
    for (flag, value) in &i.impact.flags {
        if show(&format!("impact.{flag}")) {
            let key = env.impact_name(flag);
            let value = if *value {
                env.t.get("common.yes")
            } else {
                env.t.get("common.no")
            };
            impact.push(ImpactRow {
                key,
                value: value.to_string(),
            });
        }
    }
    if let Some(n) = i
        .impact
        .records_affected
        .filter(|_| show("impact.records_affected"))
    {
        impact.push(ImpactRow {
            key: env.t.get("impact.records_affected").into(),
            value: env.t.fmt("common.count", &[("n", &n.to_string())]),
        });
    }
    for (key, value) in [
        ("customers", &i.impact.customers),
        ("business", &i.impact.business),
    ] {
        if let Some(text) = value.as_ref().filter(|_| show(&format!("impact.{key}"))) {
            impact.push(ImpactRow {
                key: env.t.get(&format!("impact.{key}")).to_string(),
                value: text.clone(),
            });
        }
    }

    let assessment = i
        .assessment
        .as_ref()
        .filter(|_| show("assessment"))
        .map(|a| AssessmentView {
            stage: a.stage.as_ref().map(|s| s.value.as_str()),
            decided_by: a.decided_by.as_ref().map(|r| env.role_name(r).to_string()),
            decided_at: a.decided_at.as_ref().map(|t| date_view_in(t, env)),
            rationale: markdown(env, a.rationale.as_deref(), &mut slugs),
        });

    let timeline = if show("timeline") {
        i.timeline
            .iter()
            .map(|e| TimelineRow {
                at: e.at.as_ref().map(|t| date_view_in(t, env)),
                by: e.by.as_deref().filter(|_| show("timeline.by")),
                action: &e.action,
            })
            .collect()
    } else {
        Vec::new()
    };

    let (required, other_notifications) = if show("notifications") {
        notifications(env, s)
    } else {
        (Vec::new(), Vec::new())
    };

    Record {
        id: &i.id.value,
        title: &i.title,
        stub: false,
        level: i.level(),
        level_name: i.level().and_then(|l| env.level_name(l)),
        category: i.category.as_ref().map(|c| c.value.as_str()),
        category_name: i.category.as_ref().map(|c| env.category_name(c)),
        status: i.status().map(Status::as_str),
        responsible: i
            .responsible
            .as_ref()
            .filter(|_| show("responsible"))
            .map(|r| env.role_name(r)),
        responsible_anchor: i.responsible.as_ref().map(|r| format!("role-{}", r.value)),
        reporter: i.reporter.as_deref().filter(|_| show("reporter")),
        location: i.location.as_deref().filter(|_| show("location")),
        organization: i.organization.as_deref().filter(|_| show("organization")),
        milestones,
        summary: markdown(
            env,
            Some(&i.summary)
                .filter(|_| show("summary"))
                .map(String::as_str),
            &mut slugs,
        ),
        cause: markdown(
            env,
            i.cause.as_deref().filter(|_| show("cause")),
            &mut slugs,
        ),
        system_configuration: markdown(
            env,
            i.system_configuration
                .as_deref()
                .filter(|_| show("system_configuration")),
            &mut slugs,
        ),
        extra: extra_sections(env, i, &mut slugs),
        drafts: crate::present::drafts::drafts(env, i, s, &mut slugs),
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
        tags: if show("tags") {
            i.tags.iter().map(|t| (t.as_str(), query_iri(t))).collect()
        } else {
            Vec::new()
        },
        impact,
        assessment,
        timeline,
        actions: if show("actions") {
            i.actions.iter().map(|a| action_row(env, a)).collect()
        } else {
            Vec::new()
        },
        required,
        other_notifications,
        deviations: deviation_views(
            env,
            &crate::analysis::deviations::of_incident(env.content, s, env.today),
            &crate::paths::record_page(&i.id.value),
        ),
        audit: record_audit_view(env, s, &crate::paths::record_page(&i.id.value)),
        evidence: if show("evidence") {
            i.evidence
                .iter()
                .map(|e| EvidenceRow {
                    path: &e.path.value,
                    description: e.description.as_deref(),
                    sha256: e.sha256.as_ref().map(|s| s.value.as_str()),
                })
                .collect()
        } else {
            Vec::new()
        },
    }
}

/// A tag as the query of its search link: letters and digits (Japanese
/// ones too) as they are, which a browser encodes when it follows the link,
/// everything else percent-encoded; a third of the bytes of encoding every
/// byte of a Japanese tag.
fn query_iri(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let plain = c.is_ascii_alphanumeric()
            || matches!(c, '-' | '_' | '.' | '~')
            || (!c.is_ascii() && c.is_alphanumeric() && crate::markup::shown_as(c).is_none());
        if plain {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The sections of the extra text fields the record has and the audience may see.
fn extra_sections<'a>(env: &'a Env, i: &'a Incident, slugs: &mut Slugger) -> Vec<ExtraSection<'a>> {
    crate::schema::fields::extra_text()
        .filter(|f| env.view.shows(f.name))
        .filter_map(|f| {
            let value = i.extra.get(f.name)?;
            let markdown = matches!(f.ty, crate::schema::Ty::Markdown);
            Some(ExtraSection {
                name: f.name,
                label: env
                    .t
                    .lookup(&format!("incident.{}", f.name))
                    .unwrap_or(f.name),
                html: markdown.then(|| env.markdown(value, slugs)),
                text: (!markdown).then_some(value.as_str()),
            })
        })
        .collect()
}

/// Required reports with their state, and reports made that no rule required.
fn notifications<'a>(env: &'a Env, i: &'a Summary) -> (Vec<NotificationRow<'a>>, Vec<MadeRow<'a>>) {
    let reqs = requirements(env.content, i, env.today);
    let required: Vec<NotificationRow> = reqs
        .iter()
        .map(|r| NotificationRow {
            name: &r.rule.name,
            href: format!("../levels.html#notify-{}", r.rule.id.value),
            kind: r.kind,
            kind_label: env.notification_kind(&r.rule.id.value, r.kind),
            deadline: date_view(
                &crate::model::Timestamp {
                    at: r.deadline,
                    precision: crate::model::time::Precision::Time,
                },
                env.tz,
            ),
            made_at: r
                .made
                .and_then(|m| m.at.as_ref())
                .map(|t| date_view_in(t, env)),
            reference: r.made.and_then(|m| m.reference.as_deref()),
            state: state_key(r.state),
            reason: r.reason(i),
        })
        .collect();
    let others = i
        .notifications
        .iter()
        .filter(|m| {
            !reqs
                .iter()
                .any(|r| r.made.is_some_and(|x| std::ptr::eq(x, *m)))
        })
        .map(|m| MadeRow {
            name: env
                .content
                .policy
                .notification(&m.to)
                .map(|n| n.name.clone())
                .unwrap_or_else(|| m.to.value.clone()),
            kind: &m.kind.value,
            kind_label: env.notification_kind(&m.to.value, &m.kind.value),
            at: m.at.as_ref().map(|t| date_view_in(t, env)),
            reference: m.reference.as_deref(),
        })
        .collect();
    (required, others)
}

/// A restricted record shown to an audience that may only know it exists.
fn stub_record<'a>(env: &'a Env, i: &'a Incident) -> Record<'a> {
    Record {
        id: &i.id.value,
        title: &i.id.value,
        stub: true,
        level: i.level(),
        level_name: i.level().and_then(|l| env.level_name(l)),
        category: i.category.as_ref().map(|c| c.value.as_str()),
        category_name: i.category.as_ref().map(|c| env.category_name(c)),
        status: i.status().map(Status::as_str),
        milestones: i
            .detected_at
            .as_ref()
            .map(|t| Milestone {
                key: "detected_at",
                date: date_view_in(t, env),
            })
            .into_iter()
            .collect(),
        ..Default::default()
    }
}

fn neighbour<'a>(env: &'a Env, from: &str, index: Option<usize>) -> Option<Neighbour<'a>> {
    let (i, p) = env.incidents.get(index?)?;
    Some(Neighbour {
        href: site_href(from, &crate::paths::record_page(&i.id)),
        id: &i.id,
        title: (*p == Presence::Full).then_some(&*i.title),
    })
}

pub fn render(env: &Env, index: usize) -> Result<Rendered, RenderError> {
    let ((i, presence), (s, _)) = (env.records[index], env.incidents[index]);
    let path = crate::paths::record_page(&i.id.value);
    let record = match presence {
        Presence::Full => full_record(env, i, s),
        _ => stub_record(env, i),
    };
    let title = if record.stub {
        i.id.value.clone()
    } else {
        format!("{} {}", i.id.value, i.title)
    };
    let page = Page {
        r: record,
        prev: neighbour(env, &path, index.checked_sub(1)),
        next: neighbour(env, &path, index.checked_add(1)),
        // The record's open deadlines as iCalendar (render::pages::record_calendar).
        calendar_href: super::record_calendar::has_calendar(env, index)
            .then(|| site_href(&path, &crate::paths::record_calendar(&i.id.value))),
        // Evidence files and git history (crate::evidence).
        panel: super::evidence::record_panel(env, i, presence, &path),
        // The commit the printed report was made from.
        source_commit: env
            .audit
            .git()
            .and_then(|g| g.commit.as_deref())
            .map(|c| c.chars().take(10).collect()),
    };
    let html = if env.compiled_record_page {
        html::page(&env.frame(&path, Nav::Register, &title), env, &page)
    } else {
        tera_page(env, &path, &title, &page)?
    };
    let meta = SearchMeta {
        kind: "incident",
        title,
        facets: Facets {
            level: i.level(),
            category: i.category.as_ref().map(|c| c.value.clone()),
            status: i.status().map(|s| s.as_str().to_string()),
            year: year_of(env, s),
        },
    };
    Ok(Rendered {
        path,
        html,
        search: Some(meta),
    })
}

/// Everything the record page shows: the template's context.
#[derive(Serialize)]
struct Page<'a> {
    r: Record<'a>,
    prev: Option<Neighbour<'a>>,
    next: Option<Neighbour<'a>>,
    calendar_href: Option<String>,
    panel: super::evidence::RecordPanel,
    source_commit: Option<String>,
}

/// The page rendered by Tera from the theme's `incident.html`.
fn tera_page(env: &Env, path: &str, title: &str, page: &Page) -> Result<String, RenderError> {
    // One page per record: the lean context copies only the strings used.
    let template = crate::present::theme::RECORD_TEMPLATE;
    let mut ctx = env.lean_context(path, Nav::Register, title, template);
    ctx.insert("r", &page.r);
    ctx.insert("prev", &page.prev);
    ctx.insert("next", &page.next);
    ctx.insert("calendar_href", &page.calendar_href);
    ctx.insert("panel", &page.panel);
    ctx.insert("source_commit", &page.source_commit);
    env.render_lean(template, &mut ctx)
}

#[cfg(test)]
mod tests {
    #[test]
    fn tag_queries_keep_letters_and_encode_the_rest() {
        assert_eq!(super::query_iri("誤公開"), "誤公開");
        assert_eq!(super::query_iri("VPN 退職"), "VPN%20退職");
        assert_eq!(super::query_iri("a&b#c?d=e+f%"), "a%26b%23c%3Fd%3De%2Bf%25");
        assert_eq!(
            super::query_iri("全角（括弧）"),
            "全角%EF%BC%88括弧%EF%BC%89"
        );
        assert_eq!(super::query_iri("x\u{202e}y"), "x%E2%80%AEy");
    }
}
