//! Links and images in Markdown stay inside the content directory and use no
//! scheme that could run code.

use super::Ctx;
use crate::diagnostics::msg;
use crate::diagnostics::{codes, Diagnostic, Pos};
use crate::diagnostics::{Arg, Msg};
use crate::load::resolve_inside;
use crate::model::Incident;
// The renderer's own rule: `check` flags exactly the links the site would drop.
use crate::markup::links::{percent_decode, resolve};
use crate::markup::markdown::rewrite_link;
use crate::markup::markdown::{
    is_safe_url, names_other_host, options, raw_html_urls, scheme, too_deep_in_markdown, HtmlUrl,
    MAX_HTML_DEPTH,
};
use crate::model::routes::{relative, Routes};
use pulldown_cmark::{Event, Parser, Tag};

/// Where a Markdown text comes from.
struct Source<'a> {
    file: &'a str,
    /// Directory links are resolved from, relative to the content root.
    dir: &'a str,
    /// The site path of the page the text is shown on: links are followed
    /// from there (E208).
    page: String,
    /// Where the text starts in its file, when known (Markdown pages).
    start: Option<Pos>,
    /// For a YAML value: the key path of the field (found again only when a
    /// problem is reported, so clean content costs nothing).
    yaml_field: Option<&'a str>,
    fallback: Pos,
    /// What the text is, for messages ("the page", "`summary`").
    field: Arg,
}

/// Whether `text` may hold a link, an image or raw HTML: each is written
/// with a `[` or a `<` (these options read no bare URL as a link), and most
/// texts hold neither and need no parsing.
fn may_link(text: &str) -> bool {
    memchr::memchr2(b'[', b'<', text.as_bytes()).is_some()
}

/// Check the links and images of one Markdown text, and the URLs of its raw
/// HTML. It is parsed with the renderer's options, so footnote definitions
/// (referenced or not) are checked like the rest of the text.
fn check_markdown(ctx: &Ctx, text: &str, src: &Source, out: &mut Vec<Diagnostic>) {
    // Most texts hold no link and need no parsing.
    if !may_link(text) {
        return;
    }
    let start = std::cell::OnceCell::new();
    let pos_at = |offset: usize| {
        let start = *start.get_or_init(|| {
            src.start
                .or_else(|| {
                    src.yaml_field
                        .and_then(|f| field_pos(ctx.root, src.file, f))
                })
                .unwrap_or(src.fallback)
        });
        // Never inside a character, never past the end.
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset_pos(start, &text[..offset])
    };
    // Raw HTML block lines come as one event each: a run of them is one
    // chunk, with where each line starts in the chunk and in the text (a
    // block quote's `>` is not in the chunk).
    let mut html: Option<Chunk> = None;
    // The pieces of raw HTML, read for their URLs once the whole text is
    // known not to nest too deep (E017: then the site shows them as text).
    let mut pieces: Vec<Chunk> = Vec::new();
    let flush = |html: &mut Option<Chunk>, pieces: &mut Vec<Chunk>| pieces.extend(html.take());
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let (url, what) = match &event {
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url.as_ref(), "links.link"),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url.as_ref(), "links.image"),
            Event::Html(h) => {
                let chunk = html.get_or_insert_with(Chunk::default);
                chunk.lines.push((chunk.text.len(), range.start));
                chunk.text.push_str(h);
                continue;
            }
            Event::InlineHtml(h) => {
                flush(&mut html, &mut pieces);
                pieces.push(Chunk {
                    text: h.to_string(),
                    lines: vec![(0, range.start)],
                });
                continue;
            }
            _ => {
                flush(&mut html, &mut pieces);
                continue;
            }
        };
        flush(&mut html, &mut pieces);
        check_url(
            ctx,
            url,
            Arg::Msg(Msg::new(what)),
            pos_at(range.start),
            src,
            out,
        );
        // A Markdown link or image is followed into the site (E208); raw
        // HTML's URLs are not (the sanitiser's concern, E007/E109/E115).
        if let Some(d) = dead_link(ctx, url.trim(), &src.page) {
            let what = Arg::Msg(Msg::new(what));
            out.push(dead_link_diagnostic(
                src,
                what,
                url.trim(),
                pos_at(range.start),
                d,
            ));
        }
    }
    flush(&mut html, &mut pieces);
    if pieces.is_empty() {
        return;
    }
    if let Some(at) = too_deep_in_markdown(text) {
        out.push(
            Diagnostic::new(
                codes::HTML_TOO_DEEP,
                src.file,
                pos_at(at),
                msg!(
                    "E017.too_deep",
                    max = MAX_HTML_DEPTH,
                    field = src.field.clone()
                ),
            )
            .hint(msg!("E017.too_deep_hint")),
        );
        return;
    }
    for chunk in &pieces {
        check_raw_html(ctx, chunk, src, &pos_at, out);
    }
}

/// The URLs of one piece of raw HTML that starts at byte `at` of the text.
/// Each problem is reported at its element's `<`.
fn check_raw_html(
    ctx: &Ctx,
    chunk: &Chunk,
    src: &Source,
    pos_at: &dyn Fn(usize) -> crate::diagnostics::Pos,
    out: &mut Vec<Diagnostic>,
) {
    // An attribute's value follows a `=`: without one, every URL is empty,
    // which `check_url` passes (and the piece need not be parsed).
    if !chunk.text.contains('=') {
        return;
    }
    let lower = chunk.text.to_ascii_lowercase();
    // Where the element of the previous URL starts, and which it was: a
    // second URL attribute of the same element points at it again.
    let mut cursor: Option<(usize, String, String)> = None;
    for HtmlUrl {
        element,
        attribute,
        value,
    } in raw_html_urls(&chunk.text)
    {
        let at = match &cursor {
            Some((at, e, a)) if *e == element && *a != attribute => *at,
            _ => {
                let from = cursor.as_ref().map_or(0, |c| c.0 + 1);
                let open = format!("<{element}");
                lower
                    .get(from..)
                    .and_then(|r| r.find(&open))
                    .map_or(from.min(lower.len()), |k| from + k)
            }
        };
        cursor = Some((at, element.clone(), attribute.clone()));
        let what = Arg::Msg(msg!(
            "links.attribute",
            attribute = &attribute,
            element = &element
        ));
        check_url(ctx, &value, what, pos_at(chunk.source_offset(at)), src, out);
    }
}

/// Raw HTML gathered from one or more events.
#[derive(Default)]
struct Chunk {
    text: String,
    /// (offset in `text`, offset in the Markdown text) where each event starts.
    lines: Vec<(usize, usize)>,
}

impl Chunk {
    /// Offset in the Markdown text of byte `at` of the chunk.
    fn source_offset(&self, at: usize) -> usize {
        match self.lines.iter().rev().find(|(c, _)| *c <= at) {
            Some((c, s)) => s + (at - c),
            None => self.lines.first().map_or(0, |l| l.1),
        }
    }
}

/// Check one link target (`what`: "link", "image", "`src` of <img>").
fn check_url(ctx: &Ctx, url: &str, what: Arg, pos: Pos, src: &Source, out: &mut Vec<Diagnostic>) {
    let Source {
        file,
        dir,
        ref field,
        ..
    } = *src;
    let url = url.trim();
    if url.is_empty() || url.starts_with('#') {
        return;
    }
    if let Some(s) = scheme(url) {
        let drive_letter = s.len() == 1 && url[1..].starts_with(":/");
        if !(is_safe_url(url) || drive_letter) {
            out.push(
                Diagnostic::new(
                    codes::UNSAFE_URL,
                    file,
                    pos,
                    msg!(
                        "E109.scheme",
                        what = what,
                        field = field.clone(),
                        scheme = s
                    ),
                )
                .hint(msg!("E109.scheme_hint")),
            );
            return;
        }
        if is_safe_url(url) {
            return;
        }
    }
    if names_other_host(url) {
        out.push(
            Diagnostic::new(
                codes::REMOTE_RESOURCE,
                file,
                pos,
                msg!(
                    "E115.other_host",
                    what = what,
                    url = url,
                    field = field.clone()
                ),
            )
            .hint(msg!("E115.other_host_hint")),
        );
        return;
    }
    let path = url.split(['#', '?']).next().unwrap_or("");
    let joined = if path.starts_with('/') || dir.is_empty() {
        path.to_string()
    } else {
        format!("{dir}/{path}")
    };
    if let Err(why) = resolve_inside(ctx.root, &joined) {
        out.push(
            Diagnostic::new(
                codes::PATH_ESCAPE,
                file,
                pos,
                msg!(
                    "E007.link",
                    what = what,
                    url = url,
                    field = field.clone(),
                    why = crate::load::escape_reason(why)
                ),
            )
            .hint(msg!("E007.link_hint")),
        );
    }
}

/// E208 for the link `url` of `src` (`near`: the page meant, if one is near).
fn dead_link_diagnostic(
    src: &Source,
    what: Arg,
    url: &str,
    pos: Pos,
    near: Option<String>,
) -> Diagnostic {
    Diagnostic::new(
        codes::DEAD_LINK,
        src.file,
        pos,
        msg!(
            "E208.dead",
            what = what,
            url = url,
            field = src.field.clone()
        ),
    )
    .hint(match near {
        Some(near) => msg!("E208.near", url = near),
        None => msg!("E208.hint"),
    })
}

/// Whether the relative link `url` on the site page `page` leads to no file
/// of the site, read the way the site reads it (`x.md` is `x.html`):
/// `Some` with the nearest existing page, written as a link from `page`, if
/// one is near.
fn dead_link(ctx: &Ctx, url: &str, page: &str) -> Option<Option<String>> {
    // Another scheme, a root or another host: not a page of the site, and
    // E007, E109 or E115 when it is wrong.
    if url.is_empty() || url.starts_with(['/', '\\', '#']) || scheme(url).is_some() {
        return None;
    }
    if names_other_host(url) {
        return None;
    }
    let rewritten = rewrite_link(url);
    let path = rewritten.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() {
        return None;
    }
    let resolved = resolve(page, &percent_decode(path))?;
    // `../` from a page one folder down is the root: `/`.
    let mut target = resolved.trim_start_matches('/').to_string();
    if target.is_empty() || target.ends_with('/') {
        target.push_str("index.html");
    }
    let routes = ctx.routes.get_or_init(|| Routes::of(ctx.content));
    let sources = &ctx.content.sources;
    if routes.has(sources, &target) || routes.has_hidden_twin(&target) {
        return None;
    }
    let near = routes.nearest(sources, &target).map(|to| {
        let link = relative(page, &to);
        // In the form the link was written: a Markdown source for a page.
        let md = url.split(['#', '?']).next().unwrap_or("").ends_with(".md");
        match link.strip_suffix(".html") {
            Some(stem) if md && routes.is_source_page(&to) => format!("{stem}.md"),
            _ => link,
        }
    });
    Some(near)
}

/// Position of the text after `before`, for a text starting at `start`. Lines
/// after the first start at `start.col` too (a block scalar's indentation).
pub(super) fn offset_pos(start: Pos, before: &str) -> Pos {
    match before.rsplit_once('\n') {
        None => Pos::new(
            start.line as usize,
            start.col as usize + before.chars().count(),
        ),
        Some((head, tail)) => Pos::new(
            start.line as usize + head.matches('\n').count() + 1,
            start.col as usize + tail.chars().count(),
        ),
    }
}

/// Where the value of `path` (`summary`, `assessment.rationale`,
/// `controls.3.description`) starts in a YAML file.
pub(super) fn field_pos(root: &std::path::Path, file: &str, path: &str) -> Option<Pos> {
    let text = std::fs::read_to_string(root.join(file)).ok()?;
    let mut node = crate::yaml::parse(&text).ok()?;
    for key in path.split('.') {
        node = match key.parse::<usize>() {
            Ok(i) => node.as_seq()?.get(i)?.clone(),
            Err(_) => node.get(key)?.clone(),
        };
    }
    Some(node.pos)
}

fn dir_of(file: &str) -> &str {
    file.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

/// Links in the handbook, the templates, the drills and the policy's control
/// descriptions (records: [`check_incident`]).
pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let c = ctx.content;
    for (k, control) in c.policy.controls.iter().enumerate() {
        if control.description.trim().is_empty() {
            continue;
        }
        let path = format!("controls.{k}.description");
        let src = Source {
            file: "policy.yaml",
            dir: "",
            page: "controls.html".to_string(),
            start: None,
            yaml_field: Some(&path),
            fallback: control.id.pos,
            field: Arg::Msg(msg!("links.control_description", id = &control.id.value)),
        };
        check_markdown(ctx, &control.description, &src, out);
    }
    for page in c.handbook.iter().chain(&c.templates) {
        let src = Source {
            file: &page.file,
            dir: dir_of(&page.file),
            page: match page.kind {
                crate::model::PageKind::Handbook => crate::paths::handbook_page(&page.slug),
                crate::model::PageKind::Template => crate::paths::template_page(&page.slug),
            },
            start: Some(Pos::new(page.body_line as usize, 1)),
            yaml_field: None,
            fallback: page.pos,
            field: Arg::Msg(Msg::new("links.the_page")),
        };
        check_markdown(ctx, &page.body, &src, out);
    }
    for d in &c.drills {
        for (name, text) in [
            ("scenario", Some(&d.scenario)),
            ("findings", d.findings.as_ref()),
        ] {
            if let Some(t) = text {
                let src = Source {
                    file: &d.file,
                    dir: "",
                    page: crate::paths::drill_page(&d.id.value),
                    start: None,
                    yaml_field: Some(name),
                    fallback: d.pos,
                    field: Arg::Text(format!("`{name}`")),
                };
                check_markdown(ctx, t, &src, out);
            }
        }
    }
}

/// Links and images in the Markdown fields of one record.
pub fn check_incident(ctx: &Ctx, inc: &Incident, out: &mut Vec<Diagnostic>) {
    let fields = [
        ("summary", Some(&inc.summary)),
        ("cause", inc.cause.as_ref()),
        ("system_configuration", inc.system_configuration.as_ref()),
    ];
    // The extra Markdown fields of the table (`lessons`, ...).
    let extra = crate::schema::fields::extra_text()
        .filter(|f| matches!(f.ty, crate::schema::Ty::Markdown))
        .map(|f| (f.name, inc.extra.get(f.name)));
    let rationale = (
        "assessment.rationale",
        inc.assessment.as_ref().and_then(|a| a.rationale.as_ref()),
    );
    for (name, text) in fields.into_iter().chain(extra).chain([rationale]) {
        // Its name made only for a text that may hold a link.
        if let Some(t) = text.filter(|t| may_link(t)) {
            // Record text is shown on the record's page, `incidents/<id>.html`:
            // its links are read from there.
            let src = Source {
                file: &inc.file,
                dir: "incidents",
                page: crate::paths::record_page(&inc.id.value),
                start: None,
                yaml_field: Some(name),
                fallback: inc.pos,
                field: Arg::Text(format!("`{name}`")),
            };
            check_markdown(ctx, t, &src, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_within_text() {
        let start = Pos::new(12, 3);
        assert_eq!(offset_pos(start, ""), Pos::new(12, 3));
        assert_eq!(offset_pos(start, "見て "), Pos::new(12, 6));
        assert_eq!(offset_pos(start, "one\ntwo\nab"), Pos::new(14, 5));
    }
}
