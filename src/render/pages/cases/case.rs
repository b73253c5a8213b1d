//! `cases/case-NNN.html` — one case of the case book, with links to the
//! cases before and after it.

use crate::paths::site_href;
use crate::present::{Env, Nav, RenderError, Rendered};

/// One page per case.
pub const PAGE: super::super::PageKind =
    super::super::PageKind::each(|env| (0..env.cases.len()).collect(), render)
        .in_book(super::super::Book::Cases)
        .searchable(crate::render::documents::case::document);

pub fn render(env: &Env, k: usize) -> Result<Rendered, RenderError> {
    let ids = super::ids(env);
    let inc = env
        .cases
        .get(k)
        .map(|&i| env.records[i].0)
        .ok_or_else(|| RenderError::Options(format!("no case {}", k + 1)))?;
    let case = super::view(env, ids, k + 1, inc);
    let path = case.path.clone();
    let title = format!("{}: {}", case.label, case.title);
    let link = |n: usize| {
        (n >= 1 && n <= env.cases.len()).then(|| super::super::LinkView {
            href: site_href(&path, &crate::present::cases::case_path(n)),
            title: super::label(env, n),
        })
    };
    let mut ctx = env.context(&path, Nav::Cases, &title);
    ctx.insert("case", &case);
    ctx.insert("prev", &link(k));
    ctx.insert("next", &link(k + 2));
    ctx.insert("index_href", &site_href(&path, "index.html"));
    super::super::page(env, path, "case.html", &ctx, None)
}
