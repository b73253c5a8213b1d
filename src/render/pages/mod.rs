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

/// Make generated SVG fit the site's Content-Security-Policy, which blocks
/// `style` attributes (and would log an error for each): they are removed,
/// and a root sized `width="100%"` gets its natural size from the `viewBox`
/// instead, so the stylesheet's `max-width: 100%` shrinks it on a phone but
/// a desktop shows it at the size it was drawn for. A no-op for SVG that
/// already has neither.
pub(crate) fn inline_svg(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find(" style=\"") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 8..];
        rest = after.find('"').map(|e| &after[e + 1..]).unwrap_or("");
    }
    out.push_str(rest);
    let root_end = out.find('>').unwrap_or(0);
    let root = &out[..root_end];
    if root.starts_with("<svg") && root.contains(" width=\"100%\"") && !root.contains(" height=\"")
    {
        let view_box = root
            .split(" viewBox=\"")
            .nth(1)
            .and_then(|v| v.split('"').next());
        let size: Option<Vec<&str>> = view_box.map(|v| v.split_whitespace().collect());
        if let Some([_, _, w, h]) = size.as_deref() {
            let fixed = root.replacen(
                " width=\"100%\"",
                &format!(" width=\"{w}\" height=\"{h}\""),
                1,
            );
            out.replace_range(..root_end, &fixed);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn svg_loses_inline_styles_and_keeps_its_natural_size() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 459 1886\" width=\"100%\" style=\"max-width:459px;height:auto\"><rect style=\"fill:red\" x=\"1\"/><text>a style=&quot;b&quot;</text></svg>";
        assert_eq!(
            super::inline_svg(svg),
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 459 1886\" width=\"459\" height=\"1886\"><rect x=\"1\"/><text>a style=&quot;b&quot;</text></svg>"
        );
        let plain = "<svg viewBox=\"0 0 10 10\" width=\"10\" height=\"10\"></svg>";
        assert_eq!(super::inline_svg(plain), plain);
    }

    #[test]
    fn query_escape_encodes_utf8() {
        assert_eq!(super::query_escape("VPN 退職"), "VPN%20%E9%80%80%E8%81%B7");
    }
}
