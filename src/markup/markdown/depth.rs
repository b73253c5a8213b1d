//! How deep raw HTML nests, asked before the sanitiser reads it: html5ever
//! looks through its stack of open elements at every tag, so a text of
//! tens of thousands of unclosed elements (`<div>` a hundred thousand
//! times, 500 KB) takes it minutes; four megabytes, hours. Nothing an
//! author writes nests that deep, so HTML that does is never handed to it.
//!
//! The depth is counted as the parser would build the tree, never less:
//! an element a start tag of its kind closes by itself (`<li>`, `<p>`,
//! `<td>` …) is closed when it is the current element and not inside SVG
//! or MathML (whose elements nest as written), void elements open nothing,
//! comments and the text of `<script>`, `<style>`, `<textarea>` … hold no
//! tags, and an end tag closes up to the element it names.

/// Deepest raw HTML handed to the sanitiser.
pub const MAX_HTML_DEPTH: usize = 128;

/// The byte offset of the start tag in `html` at which elements nest more
/// than [`MAX_HTML_DEPTH`] deep, if they do.
pub fn too_deep(html: &str) -> Option<usize> {
    let b = html.as_bytes();
    let mut tree = Tree::default();
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'<', &b[i..]) {
        let at = i + k;
        let rest = &b[at + 1..];
        if rest.starts_with(b"!--") {
            i = find(b, at + 4, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        if rest.first().is_some_and(|c| matches!(c, b'!' | b'?')) {
            i = find(b, at + 1, b">").map_or(b.len(), |e| e + 1);
            continue;
        }
        let end = rest.first() == Some(&b'/');
        let name_from = at + 1 + usize::from(end);
        let name_len = b[name_from..]
            .iter()
            .take_while(|c| !c.is_ascii_whitespace() && !matches!(c, b'/' | b'>'))
            .count();
        if name_len == 0 || !b[name_from].is_ascii_alphabetic() {
            i = at + 1;
            continue;
        }
        let name = html[name_from..name_from + name_len].to_ascii_lowercase();
        let close = tag_end(b, name_from + name_len);
        i = close;
        if end {
            tree.end_tag(&name);
            continue;
        }
        let self_closed = close >= 2 && b[close - 2] == b'/';
        if VOID.contains(&name.as_str()) || (tree.foreign > 0 && self_closed) {
            continue;
        }
        if tree.foreign == 0 {
            tree.start_closes(&name);
        }
        if let Some(text) = RAW_TEXT.iter().find(|t| **t == name) {
            // Its text holds no tags: skip to its end tag.
            i = find_ci(b, close, text).unwrap_or(b.len());
            continue;
        }
        if name == "plaintext" {
            return None;
        }
        // A formatting element is known by its whole tag (attributes too).
        let tag = if FORMATTING.contains(&name.as_str()) {
            html[at..close].to_ascii_lowercase()
        } else {
            String::new()
        };
        tree.push(name, tag);
        if tree.depth() > MAX_HTML_DEPTH {
            return Some(at);
        }
    }
    None
}

/// The stack of open elements, and the formatting elements (`<b>`, `<a>`
/// …) closed without their end tag, which the parser opens again before
/// the next text (its list of active formatting elements): counted as
/// open until their end tag, at most three alike, and forgotten when the
/// table cell (or other marker) they were opened in closes.
#[derive(Default)]
struct Tree {
    stack: Vec<Open>,
    formatting: Vec<Open>,
    foreign: usize,
}

struct Open {
    name: String,
    /// The whole start tag, for a formatting element.
    tag: String,
    /// Markers (`td`, `th`, `caption` …) open when it was opened.
    markers: usize,
}

impl Tree {
    fn depth(&self) -> usize {
        self.stack.len() + self.formatting.len()
    }

    fn markers(&self) -> usize {
        self.stack
            .iter()
            .filter(|o| MARKERS.contains(&o.name.as_str()))
            .count()
    }

    fn push(&mut self, name: String, tag: String) {
        self.foreign += usize::from(is_foreign(&name));
        if !tag.is_empty() {
            // Noah's Ark: a fourth alike pushes out the first.
            let alike = |o: &Open| o.tag == tag;
            if self.stack.iter().filter(|o| alike(o)).count()
                + self.formatting.iter().filter(|o| alike(o)).count()
                >= 3
            {
                if let Some(k) = self.formatting.iter().position(alike) {
                    self.formatting.remove(k);
                }
            }
        }
        let markers = self.markers();
        self.stack.push(Open { name, tag, markers });
    }

    /// Close the elements from `k` up.
    fn close_from(&mut self, k: usize) {
        for o in self.stack.drain(k..).collect::<Vec<_>>() {
            self.foreign -= usize::from(is_foreign(&o.name));
            if !o.tag.is_empty() {
                self.formatting.push(o);
            }
        }
        let markers = self.markers();
        self.formatting.retain(|o| o.markers <= markers);
    }

    fn end_tag(&mut self, name: &str) {
        if FORMATTING.contains(&name) {
            if let Some(k) = self.formatting.iter().rposition(|o| o.name == name) {
                self.formatting.remove(k);
                return;
            }
        }
        let names: Vec<&str> = self.stack.iter().map(|o| o.name.as_str()).collect();
        if let Some(k) = closed_by_end_tag(&names, name) {
            // Closed by its own end tag: not opened again.
            self.stack[k].tag.clear();
            self.close_from(k);
        }
    }

    fn start_closes(&mut self, name: &str) {
        if name == "a" {
            // An `a` still open is closed (as by its end tag) before another.
            self.end_tag("a");
        }
        let names: Vec<&str> = self.stack.iter().map(|o| o.name.as_str()).collect();
        if let Some(k) = closed_by_start_tag(&names, name) {
            self.close_from(k);
        }
    }
}

/// Where in the Markdown text `md` its raw HTML makes the page's HTML nest
/// more than [`MAX_HTML_DEPTH`] deep (a byte offset of `md`: the start of
/// the piece of Markdown whose HTML crosses the limit), if it does. `None`
/// for a text without raw HTML, which the sanitiser never reads. What
/// `check` reports (E017) where [`super::render`] shows the raw HTML as
/// text: the HTML is made as the renderer makes it, the same events in
/// the same order.
pub fn too_deep_in_markdown(md: &str) -> Option<usize> {
    use pulldown_cmark::{Event, Parser};
    use std::cell::{Cell, RefCell};
    let events: Vec<_> = Parser::new_ext(md, super::options())
        .into_offset_iter()
        .collect();
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Html(_) | Event::InlineHtml(_)))
    {
        return None;
    }
    /// Writes the HTML, telling how long it is so far.
    struct Counted<'c> {
        html: String,
        len: &'c Cell<usize>,
    }
    impl std::fmt::Write for Counted<'_> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.html.push_str(s);
            self.len.set(self.html.len());
            Ok(())
        }
    }
    let len = Cell::new(0);
    // (offset in the HTML, offset in `md`) as each event starts.
    let marks = RefCell::new(Vec::with_capacity(events.len()));
    let mut out = Counted {
        html: String::with_capacity(md.len() * 3 / 2),
        len: &len,
    };
    let pulled = events.into_iter().map(|(e, range)| {
        marks.borrow_mut().push((len.get(), range.start));
        e
    });
    pulldown_cmark::html::write_html_fmt(&mut out, pulled).ok()?;
    let at = too_deep(&out.html)?;
    let marks = marks.into_inner();
    let k = marks.partition_point(|m| m.0 <= at).saturating_sub(1);
    Some(marks.get(k).map_or(0, |m| m.1))
}

/// Elements the parser opens again after they were closed by another's
/// end tag (its formatting elements).
const FORMATTING: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

/// Elements whose closing forgets the formatting elements opened inside.
const MARKERS: &[&str] = &[
    "td", "th", "caption", "applet", "object", "marquee", "template",
];

const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];

const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

fn is_foreign(name: &str) -> bool {
    name == "svg" || name == "math"
}

/// What a start tag of `name` closes (outside SVG and MathML), as the
/// index the stack is closed down to: an open `p` before a block, the `li`,
/// `dd` or `dt` before another, a table cell or row before the next, an
/// option before the next, a heading before a heading.
fn closed_by_start_tag(stack: &[&str], name: &str) -> Option<usize> {
    let p = if CLOSES_P.contains(&name) {
        in_scope(stack, "p", &["button"])
    } else {
        None
    };
    let own = match name {
        "li" | "dd" | "dt" => {
            let same: &[&str] = if name == "li" { &["li"] } else { &["dd", "dt"] };
            // The nearest of its kind, passing only elements not special
            // (and `address`, `div`, `p`).
            let k = stack.iter().rposition(|n| {
                same.contains(n) || (is_special(n) && !matches!(*n, "address" | "div" | "p"))
            });
            k.filter(|&k| same.contains(&stack[k]))
        }
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => stack
            .last()
            .filter(|t| is_heading(t))
            .map(|_| stack.len() - 1),
        _ => {
            let tops: &[&str] = match name {
                "option" => &["option"],
                "optgroup" => &["option", "optgroup"],
                "td" | "th" => &["td", "th"],
                "tr" => &["td", "th", "tr"],
                "tbody" | "thead" | "tfoot" => &["td", "th", "tr", "tbody", "thead", "tfoot"],
                "rb" | "rt" | "rtc" | "rp" => &["rb", "rt", "rtc", "rp"],
                _ => &[],
            };
            let kept = stack
                .iter()
                .rposition(|t| !tops.contains(t))
                .map_or(0, |k| k + 1);
            (kept < stack.len()).then_some(kept)
        }
    };
    match (p, own) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Where the end tag `</name>` closes the stack down to, if it closes
/// anything: a special element (`div`, `li`, `table` …) when one is in
/// scope, any other when no special element stands above it (else the
/// parser ignores the tag, or, for `<b>` and its kin, keeps the depth).
fn closed_by_end_tag(stack: &[&str], name: &str) -> Option<usize> {
    if is_special(name) {
        let extra: &[&str] = match name {
            "p" => &["button"],
            "li" => &["ol", "ul"],
            _ => &[],
        };
        return in_scope(stack, name, extra);
    }
    let k = stack.iter().rposition(|n| *n == name || is_special(n))?;
    (stack[k] == name).then_some(k)
}

/// The nearest `name` in the stack if no scope boundary (or one of
/// `extra`) stands above it.
fn in_scope(stack: &[&str], name: &str, extra: &[&str]) -> Option<usize> {
    let k = stack
        .iter()
        .rposition(|n| *n == name || SCOPE.contains(n) || extra.contains(n))?;
    (stack[k] == name).then_some(k)
}

fn is_heading(n: &str) -> bool {
    matches!(n, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn is_special(n: &str) -> bool {
    is_heading(n) || SPECIAL.contains(&n) || SCOPE.contains(&n)
}

/// Elements that bound the default scope.
const SCOPE: &[&str] = &[
    "applet",
    "caption",
    "html",
    "table",
    "td",
    "th",
    "marquee",
    "object",
    "template",
    "mi",
    "mo",
    "mn",
    "ms",
    "mtext",
    "annotation-xml",
    "foreignobject",
    "desc",
    "title",
    "svg",
    "math",
];

/// The rest of the parser's special elements (with [`SCOPE`] and headings).
const SPECIAL: &[&str] = &[
    "address",
    "area",
    "article",
    "aside",
    "base",
    "basefont",
    "bgsound",
    "blockquote",
    "body",
    "br",
    "button",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "head",
    "header",
    "hgroup",
    "hr",
    "iframe",
    "img",
    "input",
    "keygen",
    "li",
    "link",
    "listing",
    "main",
    "menu",
    "meta",
    "nav",
    "noembed",
    "noframes",
    "noscript",
    "ol",
    "p",
    "param",
    "plaintext",
    "pre",
    "script",
    "search",
    "section",
    "select",
    "source",
    "style",
    "summary",
    "tbody",
    "textarea",
    "tfoot",
    "thead",
    "tr",
    "track",
    "ul",
    "wbr",
    "xmp",
];

/// Start tags that close an open `p` first.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "search",
    "section",
    "summary",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "listing",
    "form",
    "hr",
    "xmp",
    "plaintext",
    "li",
    "dd",
    "dt",
];

/// Just past the `>` that ends the tag whose name ends at `from` (quoted
/// attribute values may hold `>`).
fn tag_end(b: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (k, &c) in b[from..].iter().enumerate() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'>') => return from + k + 1,
            _ => {}
        }
    }
    b.len()
}

fn find(b: &[u8], from: usize, what: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, what).map(|k| from + k)
}

/// Where `</name` starts at or after `from`, in any case.
fn find_ci(b: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut i = from;
    while let Some(k) = find(b, i, b"</") {
        let n = &b[k + 2..];
        if n.len() >= name.len() && n[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return Some(k);
        }
        i = k + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_counted_as_the_parser_builds_the_tree() {
        let deep = |open: &str, n: usize| open.repeat(n);
        assert_eq!(too_deep(&deep("<div>", MAX_HTML_DEPTH)), None);
        assert_eq!(
            too_deep(&deep("<div>", MAX_HTML_DEPTH + 1)),
            Some(5 * MAX_HTML_DEPTH)
        );
        assert!(too_deep(&deep("<b><i>", 100)).is_some());
        // Elements closed across others as the parser does it.
        assert!(too_deep(&deep("<span><div></span>", 100)).is_some());
        assert!(too_deep(&deep("<div><table></div>", 100)).is_some());
        // Formatting elements closed by another's end tag are opened
        // again before the next text: each unlike the others counts.
        let unlike: String = (0..200)
            .map(|k| format!("<div><b id={k}>x</div>"))
            .collect();
        assert!(too_deep(&unlike).is_some());
        // Closed, void, self-closing-by-kind and skipped content is flat.
        for flat in [
            deep("<div></div>", 10_000),
            deep("<br><img src=x><hr/>", 10_000),
            deep("<li>x", 10_000),
            format!("<ul>{}</ul>", deep("<li><p>x<p>y", 5_000)),
            format!("<table>{}</table>", deep("<tr><td>a<td>b", 5_000)),
            deep("<!-- <div> -->", 10_000),
            format!("<script>{}</SCRIPT>", deep("<div>", 10_000)),
            format!("<div a='>' b=\"<div>\">{}", deep("<p>", 1000)),
            deep("<div/>x</div>", 10_000),
            deep("<div><b>x</div>", 10_000),
            format!("<table>{}</table>", deep("<tr><td><a href=x>x</td>", 5_000)),
            (0..5_000).map(|k| format!("<a href=x{k}>x")).collect(),
            deep("<p><span>x<div>y</div>", 10_000),
            deep("<dl><dt>a<dd>b</dl>", 10_000),
            "a < b and <3 and <> and </>".repeat(1000),
        ] {
            assert_eq!(too_deep(&flat), None, "{}", &flat[..60.min(flat.len())]);
        }
        // Inside SVG every element nests as written, self-closed ones aside.
        assert!(too_deep(&format!("<svg>{}", deep("<option>", 200))).is_some());
        assert_eq!(too_deep(&format!("<svg>{}", deep("<g/>", 200))), None);
        // A tag that crosses the limit is found where it starts.
        let t = format!("text {}", deep("<span>", 200));
        assert_eq!(too_deep(&t), Some(5 + 6 * MAX_HTML_DEPTH));
    }

    #[test]
    fn markdown_is_measured_as_the_renderer_writes_it() {
        // Unclosed inline elements in many paragraphs: each paragraph's end
        // closes them; without raw HTML nothing is measured at all.
        let spans = "<span>x\n\n".repeat(500);
        assert_eq!(too_deep_in_markdown(&spans), None);
        assert_eq!(too_deep_in_markdown(&"> ".repeat(500)), None);
        // Quotes nested deep with raw HTML inside: found, at the Markdown
        // whose HTML crosses the limit.
        let md = format!("intro\n\n{}<b>x</b>\n", "> ".repeat(200));
        let at = too_deep_in_markdown(&md).unwrap();
        assert!(at >= "intro\n\n".len(), "{at}");
        let md = format!("intro\n\n{}x\n", "<div>".repeat(200));
        assert_eq!(too_deep_in_markdown(&md), Some("intro\n\n".len()));
    }
}
