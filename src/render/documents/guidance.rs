//! The search documents of the handbook pages and the report templates:
//! the page's Markdown as the text a reader sees. Not the side list of
//! pages, the table of contents, the previous/next links, the download
//! link or the document-control block.

use super::{plain, Body};
use crate::model::Page;
use crate::search::SearchDoc;

fn markdown_page(p: &Page, url: String, kind: &str) -> Vec<SearchDoc> {
    let mut body = Body::headed(&p.title);
    body.push_markdown(&p.body);
    vec![plain(url, kind, &p.title, body)]
}

/// `handbook/<slug>.html`.
pub fn handbook(env: &crate::present::Env, index: usize) -> Vec<SearchDoc> {
    env.handbook.get(index).map_or_else(Vec::new, |p| {
        markdown_page(p, crate::paths::handbook_page(&p.slug), "handbook")
    })
}

/// `templates/<slug>.html`.
pub fn template(env: &crate::present::Env, index: usize) -> Vec<SearchDoc> {
    env.templates.get(index).map_or_else(Vec::new, |p| {
        markdown_page(p, crate::paths::template_page(&p.slug), "template")
    })
}
