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

use pulldown_cmark::{
    Alignment, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use unicode_normalization::UnicodeNormalization;

/// Ids used by the page templates; Markdown headings never take them.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "top",
    "site-header",
    "site-nav",
    "site-search",
    "site-search-q",
    "search-form",
    "search-input",
    "search-facets",
    "search-results",
    "search-status",
    "search-i18n",
    "register-filters",
    "register-count",
    "register-table",
    "filter-level",
    "filter-category",
    "filter-status",
    "filter-year",
    "filter-text",
    "filter-reset",
    "toc",
    "toc-heading",
    "footnotes",
    // Record, report, drill and audit pages (every literal `id` of the default
    // theme's templates; `reserved_ids_cover_the_theme` keeps this in step).
    "overview-h",
    "dates-h",
    "summary-h",
    "impact-h",
    "assessment-h",
    "cause-h",
    "syscfg-h",
    "timeline-h",
    "notifications",
    "notifications-h",
    "actions",
    "actions-h",
    "lessons-h",
    "evidence",
    "evidence-h",
    "evidence-files",
    "evidence-files-h",
    "history",
    "history-h",
    "scenario-h",
    "findings-h",
    "handbook-pages-h",
    "template-pages-h",
    "controls-toc-h",
    "rules-toc-h",
    "s1-h",
    "s2-h",
    "s3-h",
    "s4-h",
    "s5-h",
    "s6-h",
    "s7-h",
    "s8-h",
    "s9-h",
    "first-heading",
    "entry-heading",
    "call-heading",
    "levels-heading",
    "flow-steps",
    "register-empty",
    "sources",
    "sources-h",
    "skeleton-h",
    "outputs",
    "outputs-h",
    "all-actions",
    "all-actions-h",
    "actions-on-time",
    "actions-on-time-h",
    "overdue",
    "overdue-h",
    "years",
    "years-h",
    "quarters",
    "quarters-h",
    "times",
    "times-h",
    "times-quarters",
    "verify-h",
    "means-h",
    "open-closed-h",
    "by-month-h",
    "by-level-h",
    "by-category-h",
    "by-control",
    "by-control-h",
    "internal-h",
    "external-h",
];

/// Prefixes of the ids the templates make from policy and contact ids
/// (`control-A.5.24`, `role-ciso`, `level-3` …). A heading whose slug starts
/// with one gets `h-` in front, so it cannot take such an id.
pub const RESERVED_PREFIXES: &[&str] = &[
    "control-", "rule-", "role-", "ext-", "step-", "level-", "notify-",
];

/// Whether `id` is one the page templates use (or may make).
pub fn is_reserved_id(id: &str) -> bool {
    RESERVED_IDS.contains(&id) || RESERVED_PREFIXES.iter().any(|p| id.starts_with(p))
}

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

/// Hands out ids that are unique within one page.
#[derive(Clone, Debug, Default)]
pub struct Slugger {
    used: HashSet<String>,
}

impl Slugger {
    /// A slugger that already knows the template's own ids.
    pub fn for_page() -> Slugger {
        Slugger::default()
    }

    fn is_free(&self, id: &str) -> bool {
        !is_reserved_id(id) && !self.used.contains(id)
    }

    /// `base`, or `base-2`, `base-3` ... whichever is free (`h-base` … when
    /// `base` has the form of an id the templates make).
    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        let prefixed;
        let base = if RESERVED_PREFIXES.iter().any(|p| base.starts_with(p)) {
            prefixed = format!("h-{base}");
            prefixed.as_str()
        } else {
            base
        };
        if self.is_free(base) {
            self.used.insert(base.to_string());
            return base.to_string();
        }
        let mut n = 2;
        loop {
            let candidate = format!("{base}-{n}");
            if self.is_free(&candidate) {
                self.used.insert(candidate.clone());
                return candidate;
            }
            n += 1;
        }
    }
}

/// A URL fragment from heading text: NFKC (full-width Latin becomes ASCII),
/// lower case, letters and digits of every script kept (Japanese headings
/// stay readable), spaces and `-`/`_` become one `-`, other punctuation goes.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.nfkc().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else if c.is_whitespace() || c == '-' || c == '_' {
            dash = true;
        }
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

/// Whether a link target is allowed: relative, or http(s)/mailto/tel.
/// Browsers drop tabs and newlines inside URLs and ignore leading controls,
/// so they are removed before the scheme is read (`java\tscript:`).
pub fn is_safe_url(url: &str) -> bool {
    match scheme(url) {
        None => true,
        Some(s) => matches!(s.as_str(), "http" | "https" | "mailto" | "tel"),
    }
}

/// The lower-cased scheme of a URL, if it has one.
pub(crate) fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let cleaned = cleaned.trim_start_matches(|c: char| c <= ' ');
    let end = cleaned.find(['/', '?', '#']).unwrap_or(cleaned.len());
    let colon = cleaned[..end].find(':')?;
    Some(cleaned[..colon].to_ascii_lowercase())
}

/// A URL as a browser reads it before resolving it: tabs and newlines
/// removed anywhere, C0 controls and spaces trimmed at both ends.
fn browser_normalised(url: &str) -> String {
    url.chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .trim_matches(|c: char| c <= ' ')
        .to_string()
}

/// Whether a URL without a scheme names another host: `//host/x`, and the
/// backslash forms browsers read the same way (`\\host\x`, `/\host`,
/// `\/host`). From a site opened as `file://` these become `file://host/…`
/// (on Windows an SMB request that sends the user's credentials).
/// Entities must already be decoded (the Markdown parser and the HTML
/// sanitiser both hand over decoded values).
pub fn names_other_host(url: &str) -> bool {
    let t = browser_normalised(url);
    let mut c = t.chars();
    matches!((c.next(), c.next()), (Some('/' | '\\'), Some('/' | '\\')))
}

/// Whether a URL without a scheme starts at a root (`/etc/passwd`, `\x`):
/// not a path inside the site, whatever the site's location.
fn is_rooted(url: &str) -> bool {
    browser_normalised(url).starts_with(['/', '\\'])
}

/// A URL that would load something from another host.
fn is_remote(url: &str) -> bool {
    names_other_host(url) || scheme(url).is_some()
}

/// Whether a link target may stay in the site: a relative path inside it
/// (no root, no other host) or a safe scheme ([`is_safe_url`]).
fn is_kept_link(url: &str) -> bool {
    is_safe_url(url) && !is_rooted(url)
}

/// Relative links to Markdown sources point at the rendered pages instead
/// (`first-response.md#x` → `first-response.html#x`).
fn rewrite_link(url: &str) -> String {
    if is_remote(url) || url.starts_with('#') || is_rooted(url) {
        return url.to_string();
    }
    let split = url.find(['#', '?']).unwrap_or(url.len());
    let (path, rest) = url.split_at(split);
    match path.strip_suffix(".md") {
        Some(stem) => format!("{stem}.html{rest}"),
        None => url.to_string(),
    }
}

/// The Markdown dialect of every text (also what `check` parses with, so it
/// sees the same links, footnotes included).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

fn heading_number(level: HeadingLevel) -> u8 {
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
    let mut has_raw_html = false;
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
                has_raw_html = true;
                out.push(Event::Html(shown(t, true)));
            }
            Event::InlineHtml(t) => {
                has_raw_html = true;
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
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    if has_raw_html {
        html = sanitize(&html);
    }
    Rendered { html, headings }
}

/// `t` with controls, bidirectional controls and zero-width characters
/// replaced by their stand-ins (`crate::markup::show_controls`).
fn shown(t: CowStr<'_>, escaped: bool) -> CowStr<'_> {
    match crate::markup::show_controls(&t, escaped) {
        std::borrow::Cow::Borrowed(_) => t,
        std::borrow::Cow::Owned(s) => s.into(),
    }
}

/// Characters written without spaces between words (CJK scripts and
/// full-width punctuation).
fn is_wide(c: char) -> bool {
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

fn ends_wide(e: Option<&Event>) -> bool {
    matches!(e, Some(Event::Text(t)) if t.chars().last().is_some_and(is_wide))
}

fn starts_wide(e: Option<&Event>) -> bool {
    matches!(e, Some(Event::Text(t)) if t.chars().next().is_some_and(is_wide))
}

/// What happened to a link or image start tag, so its end tag matches.
enum Kept {
    Link,
    Image,
    Dropped,
}

/// Footnote numbering and ids for one document.
struct Footnotes {
    /// label → (number, definition id, reference id)
    by_label: HashMap<String, (usize, String, String)>,
}

impl Footnotes {
    fn collect(events: &[Event], slugs: &mut Slugger) -> Footnotes {
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

    fn reference(&self, label: &str) -> String {
        match self.by_label.get(label) {
            Some((n, def, reference)) => format!(
                "<sup class=\"fn-ref\" id=\"{}\"><a href=\"#{}\">{n}</a></sup>",
                crate::markup::escape_html(reference),
                crate::markup::escape_html(def)
            ),
            None => String::new(),
        }
    }

    fn definition_start(&self, label: &str) -> String {
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

/// Attributes whose URL the browser loads by itself, without a click.
fn loads_by_itself(attribute: &str) -> bool {
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
fn is_kept_html_url(attribute: &str, value: &str) -> bool {
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
fn cleaner() -> ammonia::Builder<'static> {
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
fn sanitize(html: &str) -> String {
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
    use std::sync::{Arc, Mutex};
    let found: Arc<Mutex<Vec<HtmlUrl>>> = Arc::default();
    let sink = Arc::clone(&found);
    let mut b = cleaner();
    // The filter also sees the attributes of elements the sanitiser then
    // removes whole (`<base href>`, `<script src>`): those load nothing.
    let kept: std::collections::HashSet<String> =
        b.clone_tags().into_iter().map(str::to_string).collect();
    b.attribute_filter(move |element, attribute, value| {
        if kept.contains(element) && is_url_attribute(element, attribute) {
            if let Ok(mut f) = sink.lock() {
                f.push(HtmlUrl {
                    element: element.to_string(),
                    attribute: attribute.to_string(),
                    value: value.to_string(),
                });
            }
        }
        Some(value.into())
    });
    let _ = b.clean(html);
    drop(b);
    let taken = match found.lock() {
        Ok(mut f) => std::mem::take(&mut *f),
        Err(_) => Vec::new(),
    };
    taken
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        render(md, &mut Slugger::for_page()).html
    }

    #[test]
    fn slugs_keep_japanese_and_fold_width() {
        assert_eq!(slugify("見つけたら、まずこの3つ"), "見つけたらまずこの3つ");
        assert_eq!(slugify("ＶＰＮ の 設定"), "vpn-の-設定");
        assert_eq!(slugify("First  Response!"), "first-response");
        assert_eq!(slugify("！？"), "section");
    }

    #[test]
    fn duplicate_headings_get_numbered_ids() {
        let r = render("## 連絡\n\n## 連絡\n\n## main\n", &mut Slugger::for_page());
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["連絡", "連絡-2", "main-2"]);
        assert!(r
            .html
            .contains("<h2 id=\"連絡-2\">連絡<a class=\"anchor\" href=\"#連絡-2\""));
    }

    #[test]
    fn explicit_heading_ids_are_used_and_other_attributes_dropped() {
        let h = html("## 初動 {#first .big onclick=alert(1)}\n");
        assert!(h.contains("<h2 id=\"first\">"), "{h}");
        assert!(!h.contains("onclick"));
        assert!(!h.contains("big"));
    }

    #[test]
    fn japanese_lines_join_without_a_space() {
        assert_eq!(html("確認されて\nいないが"), "<p>確認されていないが</p>\n");
        assert_eq!(html("VPN の\nログ"), "<p>VPN のログ</p>\n");
        assert_eq!(html("English\ntext"), "<p>English\ntext</p>\n");
    }

    #[test]
    fn gfm_features_render() {
        let h = html("| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n~~古い~~\n\n- [x] 済\n- [ ] 未\n\n本文[^1]\n\n[^1]: 注記\n");
        assert!(h.contains("<div class=\"table-wrap\" tabindex=\"0\"><table>"));
        assert!(h.contains("<th class=\"al-center\">a</th>"));
        assert!(h.contains("<td class=\"al-right\">2</td>"));
        assert!(!h.contains("style="));
        assert!(h.contains("<del>古い</del>"));
        assert!(h.contains("☑") && h.contains("☐"));
        assert!(h.contains("<sup class=\"fn-ref\" id=\"fnref-1\"><a href=\"#fn-1\">1</a></sup>"));
        assert!(h.contains("<div class=\"footnote\" id=\"fn-1\">"));
    }

    #[test]
    fn code_blocks_scroll_by_keyboard_and_escape_their_text() {
        let h = html("```yaml\nid: <b>\n```\n");
        assert_eq!(
            h,
            "<pre tabindex=\"0\"><code class=\"language-yaml\">id: &lt;b&gt;\n</code></pre>\n"
        );
    }

    #[test]
    fn footnote_ids_do_not_clash_across_fields() {
        let mut s = Slugger::for_page();
        let a = render("x[^1]\n\n[^1]: a\n", &mut s).html;
        let b = render("y[^1]\n\n[^1]: b\n", &mut s).html;
        assert!(a.contains("id=\"fn-1\""));
        assert!(b.contains("id=\"fn-1-2\"") && b.contains("href=\"#fn-1-2\""));
    }

    #[test]
    fn markdown_links_point_at_pages() {
        let h = html("[初動](first-response.md#連絡) [外](https://example.com/a.md)");
        // pulldown-cmark percent-encodes non-ASCII in URLs; browsers decode it.
        assert!(
            h.contains("href=\"first-response.html#%E9%80%A3%E7%B5%A1\""),
            "{h}"
        );
        assert!(h.contains("href=\"https://example.com/a.md\""));
    }

    #[test]
    fn xss_payloads_do_not_survive() {
        let payloads = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "[click](java\tscript:alert(1))",
            "[click](&#x6A;avascript:alert(1))",
            "<javascript:alert(1)>",
            "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "![x](data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+)",
            "<svg><script>alert(1)</script></svg>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<form action=\"https://evil.example\"><input name=a></form>",
            "<h2 id=\"search-results\">clobber</h2>",
            "## 見出し {onmouseover=alert(1)}",
            "<object data=x></object><embed src=x>",
            "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        ];
        for p in payloads {
            let h = html(p).to_ascii_lowercase();
            // Text that merely reads "javascript:" is harmless; URLs are not.
            for bad in [
                "<script",
                "onerror",
                "onmouseover",
                "=\"javascript:",
                "=javascript:",
                "=\"data:",
                "<iframe",
                "<form",
                "<input",
                "style=",
                "<object",
                "<embed",
                "id=\"search-results\"",
                "xlink:href",
            ] {
                assert!(!h.contains(bad), "payload {p:?} left {bad:?} in {h:?}");
            }
        }
    }

    #[test]
    fn remote_images_become_links_and_local_images_stay() {
        let h = html("![ロゴ](https://example.com/logo.png) ![図](flow.png)");
        assert!(!h.contains("<img src=\"https://"));
        assert!(h.contains("<a href=\"https://example.com/logo.png\">ロゴ</a>"));
        assert!(h.contains("<img src=\"flow.png\" alt=\"図\""));
    }

    #[test]
    fn harmless_raw_html_is_kept() {
        let h = html("一行目<br>二行目 <kbd>Ctrl</kbd>");
        assert!(h.contains("<br>"));
        assert!(h.contains("<kbd>Ctrl</kbd>"));
    }

    /// Every form a browser reads as "another host", in Markdown and in raw
    /// HTML (entities, tabs and newlines included): nothing of it survives in
    /// a URL attribute.
    const OTHER_HOST: &[&str] = &[
        "![x](//evil.example/a.png)",
        "[x](//evil.example/)",
        "[x](\\\\evil.example\\share)",
        "![x](</\\evil.example/a.png>)",
        "![x](<\\/evil.example/a.png>)",
        "[x]( //evil.example)",
        "[x](/&#9;/evil.example)",
        "[x][r]\n\n[r]: //evil.example/",
        "<img src=\"//evil.example/a.png\">",
        "<img src=\"\\\\evil.example\\a.png\">",
        "<img src=\"/\\evil.example/a.png\">",
        "<img src=\"\\/evil.example/a.png\">",
        "<img src=\"&#47;&#47;evil.example/a.png\">",
        "<img src=\"&sol;&sol;evil.example/a.png\">",
        "<img src=\"&#x5C;&#x5C;evil.example\\a.png\">",
        "<img src=\"/\t/evil.example/a.png\">",
        "<img src=\"/&#10;/evil.example/a.png\">",
        "<img src=\"/&NewLine;/evil.example/a.png\">",
        "<img src=\" //evil.example/a.png\">",
        "<img\nsrc=\"//evil.example/a.png\">",
        "<a href=\"//evil.example/\">x</a>",
        "<a href=\"\\\\evil.example\\share\">x</a>",
        "<blockquote cite=\"//evil.example/\">q</blockquote>",
        "<img srcset=\"//evil.example/a.png 1x\" src=\"ok.png\">",
        "<video poster=\"//evil.example/p.png\"></video>",
        "x[^1]\n\n[^1]: <img src=\"//evil.example/fn.png\">",
        "[^u]: ![x](//evil.example/unreferenced.png)",
    ];

    #[test]
    fn urls_naming_another_host_are_removed() {
        for p in OTHER_HOST {
            let h = html(p);
            assert!(!h.contains("evil.example"), "{p:?} left {h:?}");
        }
        // What stays: the text, and local images.
        assert!(html("[名前](//evil.example/)").contains("名前"));
        assert!(
            html("<img src=\"ok.png\" srcset=\"//evil.example/a 1x\">").contains("src=\"ok.png\"")
        );
    }

    #[test]
    fn other_host_rule() {
        for u in [
            "//h", "\\\\h", "/\\h", "\\/h", " //h", "/\t/h", "/\n/h", "\u{1}//h",
        ] {
            assert!(names_other_host(u), "{u:?}");
        }
        for u in ["/h", "./h", "h//x", "https://h", "#//h", "?//h"] {
            assert!(!names_other_host(u), "{u:?}");
        }
    }

    #[test]
    fn raw_html_loads_nothing_from_elsewhere() {
        let h = html("<img src=\"https://evil.example/a.png\" alt=\"a\"> <img src=\"/etc/passwd\" alt=\"b\"> <a href=\"https://ok.example/\">ok</a> <img src=\"flow.png\" alt=\"c\">");
        assert!(!h.contains("evil.example"), "{h}");
        assert!(!h.contains("/etc/passwd"), "{h}");
        assert!(h.contains("href=\"https://ok.example/\""), "{h}");
        assert!(h.contains("src=\"flow.png\""), "{h}");
        // Rooted Markdown targets are not paths inside the site either.
        let h = html("![a](/etc/passwd) [b](/etc/passwd)");
        assert!(!h.contains("/etc/passwd"), "{h}");
    }

    #[test]
    fn raw_html_urls_are_found_as_the_sanitiser_reads_them() {
        let found = raw_html_urls("<p><img src=\"&#47;&#47;h/x\"><a href='a.html'>x</a><script src=\"s.js\"></script></p>");
        let got: Vec<_> = found
            .iter()
            .map(|u| (u.element.as_str(), u.attribute.as_str(), u.value.as_str()))
            .collect();
        assert_eq!(got, [("img", "src", "//h/x"), ("a", "href", "a.html")]);
    }

    #[test]
    fn headings_and_raw_ids_never_take_the_page_templates_ids() {
        let r = render(
            "## Actions\n\n## evidence\n\n## x {#notifications}\n\n## role-ciso\n\n## Level 3\n",
            &mut Slugger::for_page(),
        );
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "actions-2",
                "evidence-2",
                "notifications-2",
                "h-role-ciso",
                "h-level-3"
            ]
        );
        let h = html("<h2 id=\"actions\">a</h2><div id=\"evidence\">b</div><h3 id=\"control-A.5.24\">c</h3><a name=\"history\">d</a><div id=\"mine\">e</div>");
        for id in [
            "\"actions\"",
            "\"evidence\"",
            "\"control-A.5.24\"",
            "\"history\"",
        ] {
            assert!(!h.contains(id), "{id} in {h}");
        }
        assert!(h.contains("id=\"mine\""), "{h}");
    }

    /// Every literal `id` of the default theme's templates is reserved, so a
    /// Markdown heading cannot take it.
    #[test]
    fn reserved_ids_cover_the_theme() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
        let mut missing = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for (at, _) in text.match_indices(" id=\"") {
                let rest = &text[at + 5..];
                let id = &rest[..rest.find('"').unwrap()];
                if id.contains("{{") {
                    let prefix = id.split("{{").next().unwrap();
                    if !prefix.is_empty() && !is_reserved_id(prefix) {
                        missing.push(id.to_string());
                    }
                } else if !is_reserved_id(id) {
                    missing.push(id.to_string());
                }
            }
        }
        assert!(
            missing.is_empty(),
            "ids the templates use but RESERVED_IDS lacks: {missing:?}"
        );
    }

    #[test]
    fn controls_are_shown_not_written_raw() {
        let h = html("a\u{7}b\u{202e}c\u{200b}d `e\u{0}\u{202e}` ![f\u{2066}](x.png)\n\n<kbd>g\u{1b}\u{202e}</kbd>");
        for c in [
            '\u{7}', '\u{202e}', '\u{200b}', '\u{0}', '\u{2066}', '\u{1b}',
        ] {
            assert!(!h.contains(c), "{c:?} in {h:?}");
        }
        assert!(
            h.contains("a\u{fffd}b&lt;U+202E&gt;c&lt;U+200B&gt;d"),
            "{h}"
        );
        assert!(h.contains("<code>e\u{fffd}&lt;U+202E&gt;</code>"), "{h}");
        assert!(h.contains("alt=\"f&lt;U+2066&gt;\""), "{h}");
        assert!(h.contains("<kbd>g\u{fffd}&lt;U+202E&gt;</kbd>"), "{h}");
        // Japanese, emoji, tabs and newlines are untouched.
        assert_eq!(html("連絡\t🙂"), "<p>連絡\t🙂</p>\n");
    }

    #[test]
    fn safe_url_rules() {
        assert!(is_safe_url("../contacts.html"));
        assert!(is_safe_url("#x"));
        assert!(is_safe_url("https://www.ipa.go.jp/"));
        assert!(is_safe_url("mailto:a@example.com"));
        assert!(is_safe_url("tel:+81312345678"));
        assert!(is_safe_url("a/b:c"));
        assert!(!is_safe_url(" javascript:x"));
        assert!(!is_safe_url("vbscript:x"));
        assert!(!is_safe_url("data:x"));
        assert!(!is_safe_url("file:///etc/passwd"));
    }
}
