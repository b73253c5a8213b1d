//! `templates.html` (the list, and the blank record download) and
//! `templates/<slug>.html` (one printable report template).

use super::handbook::{toc, NavEntry};
use super::{page, plain_meta};
use crate::render::markdown::{self, Slugger};
use crate::render::skeleton::{incident_skeleton, SKELETON_PATH};
use crate::render::{Env, Nav, RenderError, Rendered};

pub fn render_index(env: &Env) -> Result<Rendered, RenderError> {
    let path = "templates.html".to_string();
    let title = env.t.get("templates.title");
    let list: Vec<NavEntry> = env
        .templates
        .iter()
        .map(|q| NavEntry {
            href: format!("templates/{}.html", q.slug),
            title: q.title.clone(),
            current: false,
        })
        .collect();
    let mut ctx = env.context(&path, Nav::Templates, title);
    ctx.insert("templates", &list);
    ctx.insert("skeleton_href", SKELETON_PATH);
    ctx.insert("skeleton", &incident_skeleton(&env.t, &[]));
    page(env, path, "templates.html", &ctx, None)
}

pub fn render(env: &Env, index: usize) -> Result<Rendered, RenderError> {
    let p = env.templates[index];
    let path = format!("templates/{}.html", p.slug);
    let mut slugs = Slugger::for_page();
    let body = markdown::render(&p.body, &mut slugs);
    let list: Vec<NavEntry> = env
        .templates
        .iter()
        .enumerate()
        .map(|(i, q)| NavEntry {
            href: format!("{}.html", q.slug),
            title: q.title.clone(),
            current: i == index,
        })
        .collect();
    let mut ctx = env.context(&path, Nav::Templates, &p.title);
    ctx.insert("body", &body.html);
    ctx.insert("toc", &toc(body.headings));
    ctx.insert("templates", &list);
    ctx.insert(
        "skeleton_href",
        SKELETON_PATH.trim_start_matches("templates/"),
    );
    page(
        env,
        path,
        "template.html",
        &ctx,
        plain_meta("template", &p.title),
    )
}
