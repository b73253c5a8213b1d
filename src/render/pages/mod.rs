//! One module per kind of page. Each builds a small view of what its
//! template shows and renders it; see `docs/site.md` for what each shows.

pub mod actions;
pub mod compliance;
pub mod contacts;
pub mod controls;
pub mod dashboard;
pub mod drills;
pub mod evidence;
pub mod flow;
pub mod handbook;
pub mod home;
pub mod incident;
pub mod levels;
pub mod metrics;
pub mod register;
pub mod report;
pub mod search;
pub mod templates;

use super::context::ContactView;
use super::{Env, RenderError, Rendered, SearchMeta};
use crate::search::Facets;
use serde::Serialize;
use tera::Context;

/// Render `template` with `ctx` into a page at `path`.
pub(crate) fn page(
    env: &Env,
    path: String,
    template: &str,
    ctx: &Context,
    search: Option<SearchMeta>,
) -> Result<Rendered, RenderError> {
    let html = env.render(template, ctx)?;
    Ok(Rendered { path, html, search })
}

/// A search entry with no facets.
pub(crate) fn plain_meta(kind: &'static str, title: &str) -> Option<SearchMeta> {
    Some(SearchMeta {
        kind,
        title: title.to_string(),
        facets: Facets::default(),
    })
}

/// A link to another page, relative to the current one.
#[derive(Clone, Debug, Serialize)]
pub struct LinkView {
    pub href: String,
    pub title: String,
}

/// Internal contacts holding `role`, in file order.
pub(crate) fn contacts_for_role(env: &Env, role: &str) -> Vec<ContactView> {
    env.content
        .contacts
        .for_role(role)
        .map(|c| ContactView::new(c, env.role_name(role)))
        .collect()
}

/// Percent-encode a query value (`search.html?q=...`), keeping it readable
/// for ASCII letters and digits.
pub(crate) fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_escape_encodes_utf8() {
        assert_eq!(super::query_escape("VPN 退職"), "VPN%20%E9%80%80%E8%81%B7");
    }
}
