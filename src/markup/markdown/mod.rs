//! Markdown → safe HTML (pulldown-cmark with tables, footnotes,
//! strikethrough, task lists and heading ids).
//!
//! Safety: link and image URLs are checked before they reach the HTML
//! (`javascript:`, `data:` and every other scheme but http, https, mailto and
//! tel are dropped, keeping the link text, and so are URLs naming another host
//! without a scheme — `//host`, `\\host`, `/\host`, `\/host` — and rooted
//! paths); heading attributes other than the id are dropped; remote images
//! become links (the site loads nothing from outside). Documents that contain
//! raw HTML are passed through ammonia with a whitelist that keeps only the
//! markup this module itself produces, so no script, event handler or style
//! survives, and with the same URL rules on every URL attribute (plus: no
//! scheme at all in an attribute the browser loads by itself, no `srcset`).
//! Controls are replaced and bidirectional / zero-width characters shown as
//! `<U+202E>` (`crate::markup::show_controls`).
//!
//! Ids: headings get unique ids (Japanese kept, duplicates numbered `-2`,
//! `-3`), shared across every Markdown field of one page through a [`Slugger`]
//! that also knows the ids the page templates use ([`RESERVED_IDS`],
//! [`RESERVED_PREFIXES`]; raw HTML loses such `id`/`name` attributes). Footnote ids go through
//! the same slugger, so two fields with a footnote `[^1]` do not clash.
//! Tables are wrapped in a scrolling `div.table-wrap` and column alignment is
//! a class (the site's Content-Security-Policy forbids `style` attributes).

use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};
use std::fmt::Write as _;

mod depth;
mod footnotes;
mod ids;
mod sanitize;
mod urls;

use footnotes::*;
use sanitize::*;
use urls::*;

pub use depth::{too_deep, too_deep_in_markdown, MAX_HTML_DEPTH};
pub use ids::{is_reserved_id, slugify, Slugger, RESERVED_IDS, RESERVED_PREFIXES};
pub use sanitize::{raw_html_urls, HtmlUrl};
pub use urls::{is_safe_url, names_other_host, options, rewrite_link, scheme};

/// A heading found in a document, for the table of contents.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// Rendered Markdown.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
}

pub(super) fn heading_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// Render one Markdown text. Ids are taken from `slugs`.
pub fn render(md: &str, slugs: &mut Slugger) -> Rendered {
    if md.trim().is_empty() {
        return Rendered::default();
    }
    let events: Vec<Event> = Parser::new_ext(md, options()).collect();
    let notes = Footnotes::collect(&events, slugs);
    let mut out: Vec<Event> = Vec::with_capacity(events.len() + 8);
    let mut headings = Vec::new();
    // Where in `out` the author's raw HTML stands.
    let mut raw_at: Vec<usize> = Vec::new();
    // Heading being built: index of its placeholder, level, explicit id, text.
    let mut heading: Option<(usize, u8, Option<String>, String)> = None;
    let mut heading_ids: Vec<String> = Vec::new();
    // For each open link or image: what became of its tags.
    let mut links_kept: Vec<Kept> = Vec::new();
    let mut table: Option<(Vec<Alignment>, bool, usize)> = None;

    let mut events = events.into_iter().peekable();
    while let Some(event) = events.next() {
        match event {
            // A line break inside a Japanese paragraph is not a space: joining
            // CJK text across source lines must not put a gap in the sentence.
            Event::SoftBreak if ends_wide(out.last()) && starts_wide(events.peek()) => {}
            Event::Start(Tag::Heading { level, id, .. }) => {
                out.push(Event::Html(CowStr::Borrowed("")));
                heading = Some((
                    out.len() - 1,
                    heading_number(level),
                    id.map(|s| s.to_string()),
                    String::new(),
                ));
            }
            Event::End(TagEnd::Heading(level)) => {
                let n = heading_number(level);
                if let Some((at, lvl, explicit, text)) = heading.take() {
                    let text = text.trim().to_string();
                    let base = explicit
                        .as_deref()
                        .map(slugify)
                        .unwrap_or_else(|| slugify(&text));
                    let id = slugs.unique(&base);
                    out[at] = Event::Html(
                        format!("<h{lvl} id=\"{}\">", crate::markup::escape_html(&id)).into(),
                    );
                    heading_ids.push(id.clone());
                    headings.push(Heading {
                        level: lvl,
                        id,
                        text,
                    });
                }
                let id = heading_ids.last().cloned().unwrap_or_default();
                let id = crate::markup::escape_html(&id);
                out.push(Event::Html(
                    format!(
                        "<a class=\"anchor\" href=\"#{id}\" aria-labelledby=\"{id}\"></a></h{n}>\n"
                    )
                    .into(),
                ));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if is_kept_link(&dest_url) {
                    links_kept.push(Kept::Link);
                    let dest_url = rewrite_link(&dest_url).into();
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title: shown(title, false),
                        id,
                    }));
                } else {
                    links_kept.push(Kept::Dropped);
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if !is_kept_link(&dest_url) {
                    links_kept.push(Kept::Dropped);
                } else if is_remote(&dest_url) {
                    // The site loads nothing from elsewhere: offer the picture
                    // as a link, labelled with its alt text.
                    links_kept.push(Kept::Link);
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title: shown(title, false),
                        id,
                    }));
                } else {
                    links_kept.push(Kept::Image);
                    out.push(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title: shown(title, false),
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => match links_kept.pop() {
                Some(Kept::Link) => out.push(Event::End(TagEnd::Link)),
                Some(Kept::Image) => out.push(Event::End(TagEnd::Image)),
                _ => {}
            },
            // Controls in raw HTML are shown like everywhere else (already
            // HTML, so the markers are escaped).
            Event::Html(t) => {
                raw_at.push(out.len());
                out.push(Event::Html(shown(t, true)));
            }
            Event::InlineHtml(t) => {
                raw_at.push(out.len());
                out.push(Event::InlineHtml(shown(t, true)));
            }
            Event::FootnoteReference(label) => {
                out.push(Event::Html(notes.reference(&label).into()));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                out.push(Event::Html(notes.definition_start(&label).into()));
            }
            Event::End(TagEnd::FootnoteDefinition) => out.push(Event::Html("</div>\n".into())),
            // Scrolling boxes must be reachable by keyboard (tabindex).
            Event::Start(Tag::Table(aligns)) => {
                table = Some((aligns, false, 0));
                out.push(Event::Html(
                    "<div class=\"table-wrap\" tabindex=\"0\"><table>\n".into(),
                ));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let class = match kind {
                    CodeBlockKind::Fenced(lang) => lang
                        .split_whitespace()
                        .next()
                        .map(|l| format!(" class=\"language-{}\"", crate::markup::escape_html(l)))
                        .unwrap_or_default(),
                    CodeBlockKind::Indented => String::new(),
                };
                out.push(Event::Html(
                    format!("<pre tabindex=\"0\"><code{class}>").into(),
                ));
            }
            Event::End(TagEnd::CodeBlock) => out.push(Event::Html("</code></pre>\n".into())),
            Event::End(TagEnd::Table) => {
                table = None;
                out.push(Event::Html("</tbody></table></div>\n".into()));
            }
            Event::Start(Tag::TableHead) => {
                if let Some(t) = table.as_mut() {
                    t.1 = true;
                    t.2 = 0;
                }
                out.push(Event::Html("<thead><tr>".into()));
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = table.as_mut() {
                    t.1 = false;
                }
                out.push(Event::Html("</tr></thead>\n<tbody>\n".into()));
            }
            Event::Start(Tag::TableRow) => {
                if let Some(t) = table.as_mut() {
                    t.2 = 0;
                }
                out.push(Event::Html("<tr>".into()));
            }
            Event::End(TagEnd::TableRow) => out.push(Event::Html("</tr>\n".into())),
            Event::Start(Tag::TableCell) => {
                let (cell, class) = match table.as_mut() {
                    Some((aligns, head, col)) => {
                        let class = match aligns.get(*col) {
                            Some(Alignment::Left) => " class=\"al-left\"",
                            Some(Alignment::Center) => " class=\"al-center\"",
                            Some(Alignment::Right) => " class=\"al-right\"",
                            _ => "",
                        };
                        *col += 1;
                        (if *head { "th" } else { "td" }, class)
                    }
                    None => ("td", ""),
                };
                out.push(Event::Html(format!("<{cell}{class}>").into()));
            }
            Event::End(TagEnd::TableCell) => {
                let cell = if table.as_ref().is_some_and(|t| t.1) {
                    "th"
                } else {
                    "td"
                };
                out.push(Event::Html(format!("</{cell}>").into()));
            }
            Event::TaskListMarker(done) => {
                let mark = if done { "☑" } else { "☐" };
                out.push(Event::Html(
                    format!("<span class=\"task-box\">{mark}</span> ").into(),
                ));
            }
            // Text is escaped by the HTML writer: the markers go in as text.
            Event::Text(t) => {
                let t = shown(t, false);
                if let Some(h) = heading.as_mut() {
                    h.3.push_str(&t);
                }
                out.push(Event::Text(t));
            }
            Event::Code(t) => {
                let t = shown(t, false);
                if let Some(h) = heading.as_mut() {
                    h.3.push_str(&t);
                }
                out.push(Event::Code(t));
            }
            other => out.push(other),
        }
    }

    let mut html = String::with_capacity(md.len() * 3 / 2);
    if raw_at.is_empty() {
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
    } else {
        pulldown_cmark::html::push_html(&mut html, out.iter().cloned());
        if too_deep(&html).is_none() {
            html = sanitize(&html);
        } else {
            // Too deep for the sanitiser to read in reasonable time (E017):
            // the author's raw HTML is shown as text.
            html.clear();
            for k in raw_at {
                if let Event::Html(t) | Event::InlineHtml(t) = &out[k] {
                    out[k] = Event::Text(t.clone());
                }
            }
            pulldown_cmark::html::push_html(&mut html, out.into_iter());
        }
    }
    Rendered { html, headings }
}

/// `t` with controls, bidirectional controls and zero-width characters
/// replaced by their stand-ins (`crate::markup::show_controls`).
pub(super) fn shown(t: CowStr<'_>, escaped: bool) -> CowStr<'_> {
    match crate::markup::show_controls(&t, escaped) {
        std::borrow::Cow::Borrowed(_) => t,
        std::borrow::Cow::Owned(s) => s.into(),
    }
}

/// Characters written without spaces between words (CJK scripts and
/// full-width punctuation).
pub(super) fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x303F      // CJK radicals, symbols and punctuation (、。「」)
        | 0x3040..=0x30FF    // hiragana, katakana
        | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0xFF00..=0xFF60    // full-width forms (（）！？)
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFF)
}

pub(super) fn ends_wide(e: Option<&Event>) -> bool {
    matches!(e, Some(Event::Text(t)) if t.chars().last().is_some_and(is_wide))
}

pub(super) fn starts_wide(e: Option<&Event>) -> bool {
    matches!(e, Some(Event::Text(t)) if t.chars().next().is_some_and(is_wide))
}

#[cfg(test)]
mod tests;
