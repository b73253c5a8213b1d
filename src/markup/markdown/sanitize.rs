//! Raw HTML through ammonia: only the markup this module itself produces
//! survives, with the same URL rules on every URL attribute.

use super::*;

/// Attributes whose URL the browser loads by itself, without a click.
pub(super) fn loads_by_itself(attribute: &str) -> bool {
    !matches!(
        attribute,
        "href" | "xlink:href" | "cite" | "action" | "formaction" | "usemap"
    )
}

/// Whether a URL attribute of author HTML may stay: a relative path inside
/// the site, or, for links only, a safe scheme. Other hosts (`//host`,
/// `\\host`), rooted paths and every scheme in an attribute the browser
/// loads by itself (`<img src="https://…">`) are removed. `srcset`-like
/// lists are never kept (the renderer writes none).
pub(super) fn is_kept_html_url(attribute: &str, value: &str) -> bool {
    if attribute.ends_with("srcset") || attribute == "ping" {
        return false;
    }
    if !is_kept_link(value) {
        return false;
    }
    !(loads_by_itself(attribute) && scheme(value).is_some())
}

/// The sanitiser's allow-list: ordinary document markup and the classes and
/// ids this module produces; no script, event handler, style, form or frame,
/// and URLs only with the safe schemes. Attribute values are judged by the
/// filter the caller adds.
pub(super) fn cleaner() -> ammonia::Builder<'static> {
    let mut b = ammonia::Builder::default();
    b.url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .add_tag_attributes("a", ["aria-labelledby"])
        .add_allowed_classes("div", ["table-wrap", "footnote"])
        .add_allowed_classes("a", ["anchor", "fn-label"])
        .add_allowed_classes("sup", ["fn-ref"])
        .add_allowed_classes("span", ["task-box"])
        .add_allowed_classes("th", ["al-left", "al-center", "al-right"])
        .add_allowed_classes("td", ["al-left", "al-center", "al-right"]);
    for tag in ["h1", "h2", "h3", "h4", "h5", "h6", "div", "sup"] {
        b.add_tag_attributes(tag, ["id"]);
    }
    b.add_tag_attributes("div", ["tabindex"])
        .add_tag_attributes("pre", ["tabindex"]);
    b
}

/// Clean HTML that contains author-written raw HTML: keep ordinary document
/// markup and the classes and ids this module produces; drop scripts, event
/// handlers, styles, forms, frames, ids the templates use, and every URL
/// that is not a relative path inside the site or a safe link
/// ([`is_kept_html_url`]).
pub(super) fn sanitize(html: &str) -> String {
    use std::sync::OnceLock;
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    let cleaner = CLEANER.get_or_init(|| {
        let mut b = cleaner();
        b.attribute_filter(|element, attribute, value| {
            // Ids the page's templates and scripts use must not be taken
            // over by author HTML.
            if matches!(attribute, "id" | "name") && is_reserved_id(value) {
                return None;
            }
            if is_url_attribute(element, attribute) && !is_kept_html_url(attribute, value) {
                return None;
            }
            Some(value.into())
        });
        b
    });
    cleaner.clean(html).to_string()
}

/// A URL in author-written raw HTML, as the sanitiser reads it (entities
/// decoded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HtmlUrl {
    pub element: String,
    pub attribute: String,
    pub value: String,
}

/// The URL attributes of raw HTML that the sanitiser's allow-list lets
/// through to its URL rules (so `check` reports exactly what [`sanitize`]
/// judges, parsed the same way), in document order.
pub fn raw_html_urls(html: &str) -> Vec<HtmlUrl> {
    use std::cell::RefCell;
    use std::sync::OnceLock;
    // Not read when too deep (the renderer shows it as text; E017).
    if super::too_deep(html).is_some() {
        return Vec::new();
    }
    thread_local! {
        static FOUND: RefCell<Vec<HtmlUrl>> = const { RefCell::new(Vec::new()) };
    }
    // Made once: a text of many small pieces of raw HTML (each read on its
    // own) would otherwise build the allow-list again for every piece.
    static FINDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    let finder = FINDER.get_or_init(|| {
        let mut b = cleaner();
        // The filter also sees the attributes of elements the sanitiser then
        // removes whole (`<base href>`, `<script src>`): those load nothing.
        let kept: std::collections::HashSet<String> =
            b.clone_tags().into_iter().map(str::to_string).collect();
        b.attribute_filter(move |element, attribute, value| {
            if kept.contains(element) && is_url_attribute(element, attribute) {
                FOUND.with(|f| {
                    if let Ok(mut f) = f.try_borrow_mut() {
                        f.push(HtmlUrl {
                            element: element.to_string(),
                            attribute: attribute.to_string(),
                            value: value.to_string(),
                        });
                    }
                });
            }
            Some(value.into())
        });
        b
    });
    FOUND.with(|f| f.borrow_mut().clear());
    let _ = finder.clean(html);
    FOUND.with(|f| std::mem::take(&mut *f.borrow_mut()))
}
