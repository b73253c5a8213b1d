//! `register.html` — the register's entry: links to its listings by year,
//! level, category and status (with counts), then the newest
//! [`PAGE_ROWS`] records. Each listing is `register/<key>.html` (and
//! `register/<key>/<n>.html` from its second page on), newest first, at
//! most [`PAGE_ROWS`] rows a page: filtering by a value and paging work
//! without JavaScript and from `file://`. Every table is complete without
//! JavaScript; `static/register.js` adds filters (level, category, status,
//! year, free text over the field values) and column sorting within the
//! page, reading the rows' `data-*` attributes and cells.

use super::page;
use super::paging::{page_range, pager, PAGE_ROWS};
use super::register_listings::{groups, listing_pages};
pub use super::register_listings::{listing_href, listing_path};
use crate::model::summary::Summary;
use crate::model::Status;
use crate::paths::record_page;
use crate::paths::site_href;
use crate::present::context::{date_view_in, DateView};
use crate::present::view::Presence;
use crate::present::{Env, Nav, RenderError, Rendered};
use serde::Serialize;
use std::collections::BTreeSet;

/// The template of one row of the register's tables.
const ROW_TEMPLATE: &str = crate::present::theme::REGISTER_ROW_TEMPLATE;

/// This page in [`super::PAGES`].
pub const PAGE: super::PageKind =
    super::PageKind::single(|env, _| render(env)).with_inputs(|env, _| {
        // The counts of every listing, and the newest records' rows.
        let mut inputs = super::PageInputs::register_facts();
        inputs.records = newest(env);
        Some(inputs)
    });

/// The records `register.html` lists, newest first.
fn newest(env: &Env) -> Vec<usize> {
    (0..env.incidents.len()).rev().take(PAGE_ROWS).collect()
}

/// The listings' pages in [`super::PAGES`]: every page of every listing.
pub const LISTINGS: super::PageKind = super::PageKind::each(
    |env| (0..listing_pages(env).pages.len()).collect(),
    render_listing,
)
.with_inputs(super::register_listings::listing_inputs);

#[derive(Serialize)]
pub(super) struct Row<'a> {
    id: &'a str,
    href: String,
    title: Option<&'a str>,
    level: Option<i64>,
    category: Option<&'a str>,
    category_name: Option<&'a str>,
    status: Option<&'static str>,
    /// Assessment stage (`weakness`, `event`, `incident`), from the record's
    /// assessment or the only stage its level admits.
    stage: Option<&'static str>,
    detected: Option<DateView>,
    /// Sortable key in the site's timezone (`2026-01-20T09:10`).
    detected_key: String,
    year: Option<i32>,
    responsible: Option<&'a str>,
    open_actions: usize,
    overdue_actions: usize,
    stub: bool,
}

#[derive(Serialize)]
struct Opt<'a> {
    value: String,
    label: &'a str,
}

pub(crate) fn year_of(env: &Env, i: &Summary) -> Option<i32> {
    use chrono::Datelike;
    i.detected_at.as_ref().map(|d| d.date_in(env.tz).year())
}

pub(super) fn row<'a>(env: &'a Env, from: &str, i: &'a Summary, presence: Presence) -> Row<'a> {
    let stub = presence == Presence::Stub;
    let detected = i.detected_at.as_ref().map(|d| date_view_in(d, env));
    let detected_key = i
        .detected_at
        .as_ref()
        .map(|d| {
            // A month sorts as `2023-05`: after April, before its own days.
            if d.is_month() {
                return d.iso();
            }
            d.at.with_timezone(&env.tz)
                .format("%Y-%m-%dT%H:%M")
                .to_string()
        })
        .unwrap_or_default();
    Row {
        id: &i.id,
        href: site_href(from, &record_page(&i.id)),
        title: (!stub).then_some(&*i.title),
        level: i.level(),
        category: i.category.as_deref(),
        category_name: i.category.as_ref().map(|c| env.category_name(c)),
        status: i.status().map(Status::as_str),
        stage: crate::analysis::metrics::stage_of(i, &env.content.policy).map(|s| s.as_str()),
        detected,
        detected_key,
        year: year_of(env, i),
        responsible: if stub {
            None
        } else {
            i.responsible.as_ref().map(|r| env.role_name(r))
        },
        open_actions: if stub {
            0
        } else {
            i.actions.iter().filter(|a| !a.is_done()).count()
        },
        overdue_actions: if stub {
            0
        } else {
            i.actions.iter().filter(|a| a.is_overdue(env.today)).count()
        },
        stub,
    }
}

pub fn render(env: &Env) -> Result<Rendered, RenderError> {
    let path = "register.html".to_string();
    let title = env.t.get("register.title");
    // Newest first: the order staff look for recent records in.
    let newest = newest(env);
    let mut ctx = env.context(&path, Nav::Register, title);
    insert_table(env, &path, &newest, false, &mut ctx)?;
    ctx.insert("total", &env.incidents.len());
    ctx.insert("is_index", &true);
    ctx.insert("groups", &groups(env, &path));
    page(env, path, "register.html", &ctx, None)
}

/// Page `n` of [`listing_pages`].
fn render_listing(env: &Env, n: usize) -> Result<Rendered, RenderError> {
    let listed = listing_pages(env);
    let (l, k) = listed
        .pages
        .get(n)
        .map(|(l, k)| (&listed.all[*l], k))
        .ok_or_else(|| RenderError::Io(format!("no register listing page {n}")))?;
    let path = listing_path(&l.key, *k);
    let title = format!("{} — {}", env.t.get("register.title"), l.label);
    let range = page_range(l.rows.len(), *k);
    let mut ctx = env.context(&path, Nav::Register, &title);
    // The years hold the full table; the other listings a short one.
    insert_table(env, &path, &l.rows[range], !l.full, &mut ctx)?;
    ctx.insert("total", &l.rows.len());
    ctx.insert("is_index", &false);
    ctx.insert("listing", &l.label);
    ctx.insert("index_href", &site_href(&path, "register.html"));
    ctx.insert(
        "pager",
        &pager(&path, l.rows.len(), *k, |j| listing_path(&l.key, j)),
    );
    page(env, path, "register.html", &ctx, None)
}

/// The rows at `indices` of [`Env::incidents`] (in that order), short
/// (`compact`) or full, and the filter options, for the page at `path`.
/// With [`Env::fragments`] (`serve`) and the built-in templates, the rows
/// are given as HTML (`rows_html`), each rendered alone from
/// [`ROW_TEMPLATE`] and kept by its record's stamp; otherwise as values
/// (`rows`) that `register.html` renders through the same template.
fn insert_table(
    env: &Env,
    path: &str,
    indices: &[usize],
    compact: bool,
    ctx: &mut tera::Context,
) -> Result<(), RenderError> {
    let c = env.content;
    let row_at = |k: usize| {
        let (i, p) = &env.incidents[k];
        row(env, path, i, *p)
    };
    ctx.insert("compact", &compact);
    let years: BTreeSet<i32> = indices
        .iter()
        .filter_map(|&k| year_of(env, env.incidents[k].0))
        .collect();
    match env.fragments.as_ref().filter(|_| env.splice_register_rows) {
        Some(fragments) => {
            // A row links to its record from the page's folder.
            let folder = path.rfind('/').map_or("", |at| &path[..=at]);
            let variant = format!("register {compact} {folder}");
            let mut one = env.fragment_context(ROW_TEMPLATE);
            one.insert("compact", &compact);
            let mut html = String::new();
            for &k in indices {
                let row = fragments.get_or_make(k, &variant, || {
                    one.insert("r", &row_at(k));
                    env.render_lean(ROW_TEMPLATE, &mut one)
                })?;
                html.push_str(&row);
            }
            ctx.insert("rows_html", &html);
        }
        // The built-in row written by compiled code: the same bytes.
        None if env.compiled_register_rows => {
            let html = super::register_rows::rows_html(env, path, indices, compact);
            ctx.insert("rows_html", &html);
        }
        None => {
            let rows: Vec<Row> = indices.iter().map(|&k| row_at(k)).collect();
            ctx.insert("rows", &rows);
        }
    }

    let levels: Vec<Opt> = c
        .policy
        .levels
        .iter()
        .map(|l| Opt {
            value: l.level.value.to_string(),
            label: l.name.as_str(),
        })
        .collect();
    let categories: Vec<Opt> = c
        .policy
        .categories
        .iter()
        .map(|x| Opt {
            value: x.id.value.clone(),
            label: x.name.as_str(),
        })
        .collect();
    let statuses: Vec<Opt> = Status::ALL
        .iter()
        .map(|s| Opt {
            value: s.to_string(),
            label: env.t.lookup(&format!("status.{s}")).unwrap_or(s),
        })
        .collect();
    let stages: Vec<Opt> = crate::model::Stage::ALL
        .iter()
        .map(|s| Opt {
            value: s.to_string(),
            label: env.t.lookup(&format!("stage.{s}")).unwrap_or(s),
        })
        .collect();
    let years: Vec<i32> = years.into_iter().rev().collect();

    ctx.insert("shown", &indices.len());
    ctx.insert("levels", &levels);
    ctx.insert("categories", &categories);
    ctx.insert("statuses", &statuses);
    ctx.insert("stages", &stages);
    ctx.insert("years", &years);
    Ok(())
}
