//! `templates.html` (the list, and the blank record download) and
//! `templates/<slug>.html` (one printable report template).

use super::handbook::{nav_entries, toc, NavEntry};
use super::page;
use crate::markup::markdown::{self, Slugger};
use crate::paths::site_href;
use crate::present::{Env, Nav, RenderError, Rendered};

/// `templates.html`.
pub const INDEX: super::PageKind =
    super::PageKind::single(|env, _| render_index(env)).without_records();
/// `templates/<slug>.html`, one per template.
pub const PAGE: super::PageKind =
    super::PageKind::each(|env| (0..env.templates.len()).collect(), render)
        .searchable(crate::render::documents::guidance::template)
        .without_records();

/// Where the blank record is offered for download.
pub const SKELETON_PATH: &str = "templates/incident-skeleton.yaml";

/// The blank record: the same skeleton `ismsbook new` writes, generated from
/// the field table the validator uses, so it cannot drift from the rules.
pub fn skeleton(env: &Env) -> String {
    crate::authoring::skeleton::template(env.content, env.today)
}

pub fn render_index(env: &Env) -> Result<Rendered, RenderError> {
    let path = "templates.html".to_string();
    let title = env.t.get("templates.title");
    let list: Vec<NavEntry> = env
        .templates
        .iter()
        .map(|q| NavEntry {
            href: site_href(&path, &crate::paths::template_page(&q.slug)),
            title: q.title.clone(),
            current: false,
        })
        .collect();
    let mut ctx = env.context(&path, Nav::Templates, title);
    ctx.insert("templates", &list);
    ctx.insert("skeleton_href", SKELETON_PATH);
    ctx.insert("skeleton", &skeleton(env));
    page(env, path, "templates.html", &ctx, None)
}

pub fn render(env: &Env, index: usize) -> Result<Rendered, RenderError> {
    let p = env.templates[index];
    let path = crate::paths::template_page(&p.slug);
    let mut slugs = Slugger::for_page();
    let body = markdown::render(&p.body, &mut slugs);
    let list = nav_entries(&env.templates, index, crate::paths::template_page);
    let mut ctx = env.context(&path, Nav::Templates, &p.title);
    ctx.insert("body", &body.html);
    ctx.insert(
        "doc",
        &crate::present::document::document_view(env, &p.file, &p.control),
    );
    ctx.insert("toc", &toc(body.headings));
    ctx.insert("templates", &list);
    ctx.insert(
        "skeleton_href",
        SKELETON_PATH.trim_start_matches("templates/"),
    );
    page(env, path, "template.html", &ctx, None)
}
