//! Footnotes, collected while rendering and written at the end of the
//! document with ids from the page's slugger; and the small pieces of text
//! handling the renderer shares.

use super::*;
use pulldown_cmark::{Event, Tag};
use std::collections::HashMap;

/// What happened to a link or image start tag, so its end tag matches.
pub(super) enum Kept {
    Link,
    Image,
    Dropped,
}

/// Footnote numbering and ids for one document.
pub(super) struct Footnotes {
    /// label → (number, definition id, reference id)
    by_label: HashMap<String, (usize, String, String)>,
}

impl Footnotes {
    pub(super) fn collect(events: &[Event], slugs: &mut Slugger) -> Footnotes {
        let mut by_label = HashMap::new();
        for e in events {
            let label = match e {
                Event::FootnoteReference(l) | Event::Start(Tag::FootnoteDefinition(l)) => l,
                _ => continue,
            };
            if !by_label.contains_key(label.as_ref()) {
                let n = by_label.len() + 1;
                let base = slugify(label);
                let def = slugs.unique(&format!("fn-{base}"));
                let reference = slugs.unique(&format!("fnref-{base}"));
                by_label.insert(label.to_string(), (n, def, reference));
            }
        }
        Footnotes { by_label }
    }

    pub(super) fn reference(&self, label: &str) -> String {
        match self.by_label.get(label) {
            Some((n, def, reference)) => format!(
                "<sup class=\"fn-ref\" id=\"{}\"><a href=\"#{}\">{n}</a></sup>",
                crate::markup::escape_html(reference),
                crate::markup::escape_html(def)
            ),
            None => String::new(),
        }
    }

    pub(super) fn definition_start(&self, label: &str) -> String {
        let mut s = String::new();
        if let Some((n, def, reference)) = self.by_label.get(label) {
            let _ = write!(
                s,
                "<div class=\"footnote\" id=\"{}\"><a class=\"fn-label\" href=\"#{}\">{n}</a>",
                crate::markup::escape_html(def),
                crate::markup::escape_html(reference)
            );
        } else {
            s.push_str("<div class=\"footnote\">");
        }
        s
    }
}

/// Attributes that hold a URL a browser may follow or load, on any element
/// (more than ammonia's own list: `cite`, `srcset`, `background` … are
/// judged too, whether or not the allow-list keeps them).
pub(crate) fn is_url_attribute(element: &str, attribute: &str) -> bool {
    matches!(
        attribute,
        "href"
            | "src"
            | "srcset"
            | "imagesrcset"
            | "poster"
            | "cite"
            | "action"
            | "formaction"
            | "data"
            | "background"
            | "longdesc"
            | "lowsrc"
            | "dynsrc"
            | "ping"
            | "manifest"
            | "icon"
            | "codebase"
            | "archive"
            | "usemap"
            | "xlink:href"
    ) || (element == "object" && attribute == "classid")
}
