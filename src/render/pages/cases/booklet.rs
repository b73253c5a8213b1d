//! `cases/booklet.html` — every case on one page, for printing: each case
//! starts a new sheet (print CSS), with a cover and a list of contents.

use crate::paths::site_href;
use crate::present::{Env, Nav, RenderError, Rendered};

/// The printable booklet.
pub const BOOKLET: super::super::PageKind =
    super::super::PageKind::single(|env, _| render(env)).in_book(super::super::Book::Cases);

pub fn render(env: &Env) -> Result<Rendered, RenderError> {
    let path = crate::present::cases::BOOKLET.to_string();
    let title = env.t.get("cases.booklet_title");
    let cases = super::all(env);
    let mut ctx = env.context(&path, Nav::Booklet, title);
    ctx.insert("cases", &cases);
    ctx.insert("index_href", &site_href(&path, "index.html"));
    super::super::page(env, path, "booklet.html", &ctx, None)
}
