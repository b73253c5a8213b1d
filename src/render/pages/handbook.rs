//! `handbook/<slug>.html` — one handbook page: navigation of all pages in
//! `order`, previous/next, a table of contents and heading anchors.

use super::{page, LinkView};
use crate::markup::markdown::{self, Heading, Slugger};
use crate::paths::site_href;
use crate::present::{Env, Nav, RenderError, Rendered};
use serde::Serialize;

pub const PAGE: super::PageKind =
    super::PageKind::each(|env| (0..env.handbook.len()).collect(), render)
        .searchable(crate::render::documents::guidance::handbook)
        .without_records();

#[derive(Serialize)]
pub(crate) struct NavEntry {
    pub href: String,
    pub title: String,
    pub current: bool,
}

/// The side navigation of a set of pages (handbook or templates), with the
/// page at `current` marked.
pub(crate) fn nav_entries(
    pages: &[&crate::model::Page],
    current: usize,
    path_of: fn(&str) -> String,
) -> Vec<NavEntry> {
    let from = pages
        .get(current)
        .map(|p| path_of(&p.slug))
        .unwrap_or_default();
    pages
        .iter()
        .enumerate()
        .map(|(i, q)| NavEntry {
            href: site_href(&from, &path_of(&q.slug)),
            title: q.title.clone(),
            current: i == current,
        })
        .collect()
}

/// Headings shown in a table of contents (levels 2 and 3).
pub(crate) fn toc(headings: Vec<Heading>) -> Vec<Heading> {
    headings
        .into_iter()
        .filter(|h| h.level == 2 || h.level == 3)
        .collect()
}

pub fn render(env: &Env, index: usize) -> Result<Rendered, RenderError> {
    let p = env.handbook[index];
    let path = crate::paths::handbook_page(&p.slug);
    let mut slugs = Slugger::for_page();
    let body = markdown::render(&p.body, &mut slugs);
    let link = |i: usize| {
        env.handbook.get(i).map(|q| LinkView {
            href: site_href(&path, &crate::paths::handbook_page(&q.slug)),
            title: q.title.clone(),
        })
    };
    let pages = nav_entries(&env.handbook, index, crate::paths::handbook_page);

    let mut ctx = env.context(&path, Nav::Handbook, &p.title);
    ctx.insert("body", &body.html);
    ctx.insert(
        "doc",
        &crate::present::document::document_view(env, &p.file, &p.control),
    );
    ctx.insert("toc", &toc(body.headings));
    ctx.insert("pages", &pages);
    ctx.insert("prev", &index.checked_sub(1).and_then(link));
    ctx.insert("next", &link(index + 1));
    page(env, path, "handbook.html", &ctx, None)
}
