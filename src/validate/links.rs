//! Links and images in Markdown stay inside the content directory and use no
//! scheme that could run code.

use super::Ctx;
use crate::diagnostics::{codes, Diagnostic, Pos};
use crate::load::resolve_inside;
use pulldown_cmark::{Event, Parser, Tag};

/// Schemes a link may use; anything else with a scheme is refused.
const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// The scheme of `url`, if it has one (`javascript:` → `javascript`).
fn scheme(url: &str) -> Option<String> {
    let (head, _) = url.split_once(':')?;
    let head: String = head
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let valid = !head.is_empty()
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| head.to_ascii_lowercase())
}

/// Where a Markdown text comes from.
struct Source<'a> {
    file: &'a str,
    /// Directory links are resolved from, relative to the content root.
    dir: &'a str,
    /// File line where the text starts; `None` for a YAML value (then `fallback`).
    line0: Option<u32>,
    fallback: Pos,
    /// What the text is, for messages ("the page", "`summary`").
    field: String,
}

/// Check the links and images of one Markdown text.
fn check_markdown(ctx: &Ctx, text: &str, src: &Source, out: &mut Vec<Diagnostic>) {
    let Source {
        file,
        dir,
        line0,
        fallback,
        ref field,
    } = *src;
    for (event, range) in Parser::new(text).into_offset_iter() {
        let (url, what) = match &event {
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url.as_ref(), "link"),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url.as_ref(), "image"),
            _ => continue,
        };
        let pos = match line0 {
            Some(l) => Pos::new(l as usize + text[..range.start].matches('\n').count(), 1),
            None => fallback,
        };
        let url = url.trim();
        if url.is_empty() || url.starts_with('#') {
            continue;
        }
        if let Some(s) = scheme(url) {
            let drive_letter = s.len() == 1 && url[1..].starts_with(":/");
            if !(SAFE_SCHEMES.contains(&s.as_str()) || drive_letter) {
                out.push(
                    Diagnostic::new(codes::UNSAFE_URL, file, pos, format!("{what} in {field} uses the `{s}:` scheme, which is not allowed"))
                        .hint("use http(s), mailto or tel links, or a path to a file in the content directory"),
                );
                continue;
            }
            if SAFE_SCHEMES.contains(&s.as_str()) {
                continue;
            }
        }
        if url.starts_with("//") {
            continue; // protocol-relative web link
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
                    format!("{what} `{url}` in {field} leaves the content directory: {why}"),
                )
                .hint("link to pages and files inside the content directory with relative paths"),
            );
        }
    }
}

fn dir_of(file: &str) -> &str {
    file.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let c = ctx.content;
    for page in c.handbook.iter().chain(&c.templates) {
        let src = Source {
            file: &page.file,
            dir: dir_of(&page.file),
            line0: Some(page.body_line),
            fallback: page.pos,
            field: "the page".into(),
        };
        check_markdown(ctx, &page.body, &src, out);
    }
    for inc in &c.incidents {
        let fields = [
            ("summary", Some(&inc.summary)),
            ("cause", inc.cause.as_ref()),
            ("system_configuration", inc.system_configuration.as_ref()),
            ("lessons", inc.lessons.as_ref()),
            (
                "assessment.rationale",
                inc.assessment.as_ref().and_then(|a| a.rationale.as_ref()),
            ),
        ];
        for (name, text) in fields {
            if let Some(t) = text {
                // Record text is rendered from the site root's point of view.
                let src = Source {
                    file: &inc.file,
                    dir: "",
                    line0: None,
                    fallback: inc.pos,
                    field: format!("`{name}`"),
                };
                check_markdown(ctx, t, &src, out);
            }
        }
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
                    line0: None,
                    fallback: d.pos,
                    field: format!("`{name}`"),
                };
                check_markdown(ctx, t, &src, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        assert_eq!(scheme("javascript:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(
            scheme("JaVa\tScript:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(scheme("https://x").as_deref(), Some("https"));
        assert_eq!(scheme("evidence/a.txt"), None);
        assert_eq!(scheme("a b:c"), Some("ab".into()));
    }
}
