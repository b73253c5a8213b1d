//! Bytes a browser ignores, left out of a page the built-in theme writes
//! (the record page: 100,000 of them in a large register). Two rules, each
//! changing nothing a reader sees and keeping the page valid HTML:
//!
//! - the line breaks next to the start or end tag of a block-level element
//!   (`</li>\n<li>`, `</section>\n\n<section>`, `<dd>text\n<dt>`): white
//!   space there makes no box, or is collapsed at the start or end of a
//!   line (spaces are kept, and so are line breaks between inline elements);
//! - the quotes around an attribute value made only of letters, digits and
//!   `. _ : / # -` (not ending in `/`; not a `datetime`): `class="facts"`
//!   is `class=facts`, as HTML's unquoted attribute value syntax allows.
//!
//! The content of `pre`, `textarea`, `script` and `style` is copied as it
//! is, and so are comments and doctypes. Text never holds a raw `<` (the
//! escaper and the Markdown renderer write `&lt;`), so every `<` opens a tag.
//! Only for markup this program wrote: a theme's own template may rely on a
//! line break between inline elements, so its pages are left as they are.

/// Elements whose boxes are blocks (or table parts) in the built-in theme:
/// white space before their tags renders nothing. Asked of every tag of
/// every record page: one `match` on the name in lower case instead of a
/// comparison with each of them (a test holds it equal to the list).
fn is_block(name: &str) -> bool {
    let mut lower = [0u8; 10];
    let Some(lower) = lower.get_mut(..name.len()) else {
        return false;
    };
    for (l, b) in lower.iter_mut().zip(name.bytes()) {
        *l = b.to_ascii_lowercase();
    }
    matches!(
        &*lower,
        b"article"
            | b"aside"
            | b"blockquote"
            | b"body"
            | b"caption"
            | b"dd"
            | b"details"
            | b"div"
            | b"dl"
            | b"dt"
            | b"figcaption"
            | b"figure"
            | b"footer"
            | b"form"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"head"
            | b"header"
            | b"hr"
            | b"html"
            | b"li"
            | b"link"
            | b"main"
            | b"meta"
            | b"nav"
            | b"ol"
            | b"p"
            | b"pre"
            | b"section"
            | b"summary"
            | b"table"
            | b"tbody"
            | b"td"
            | b"tfoot"
            | b"th"
            | b"thead"
            | b"title"
            | b"tr"
            | b"ul"
    )
}

/// Elements whose content is copied untouched.
const VERBATIM: &[&str] = &["pre", "textarea", "script", "style"];

/// `page` without the line breaks and quotes a browser does not need.
pub fn compact_html(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let bytes = page.as_bytes();
    // Whether the tag before the current text is a block's, and the element
    // whose content is being copied as it is.
    let mut after_block = false;
    let mut verbatim: Option<&str> = None;
    let mut at = 0;
    while at < page.len() {
        let lt = memchr::memchr(b'<', &bytes[at..]).map_or(page.len(), |i| at + i);
        let tag = Tag::at(page, lt);
        let mut text = &page[at..lt];
        if verbatim.is_none() {
            if after_block {
                text = text.trim_start_matches('\n');
            }
            if tag.as_ref().is_some_and(|t| t.block) {
                text = text.trim_end_matches('\n');
            }
        }
        out.push_str(text);
        let Some(tag) = tag else {
            out.push_str(&page[lt..]);
            break;
        };
        let source = &page[lt..tag.end];
        match verbatim {
            Some(name) if tag.closing && tag.name.eq_ignore_ascii_case(name) => {
                verbatim = None;
                out.push_str(source);
            }
            Some(_) => out.push_str(source),
            None if tag.closing || tag.name.is_empty() => out.push_str(source),
            None => {
                push_start_tag(&mut out, source, tag.name.len() + 1);
                verbatim = VERBATIM
                    .iter()
                    .find(|v| tag.name.eq_ignore_ascii_case(v))
                    .copied();
            }
        }
        after_block = tag.block && verbatim.is_none();
        at = tag.end;
    }
    out
}

/// A tag, comment or doctype starting at a `<`.
struct Tag<'a> {
    /// Empty for a comment, doctype or processing instruction.
    name: &'a str,
    closing: bool,
    block: bool,
    /// Just after its `>`.
    end: usize,
}

impl<'a> Tag<'a> {
    /// The tag at `lt`, or `None` when the page ends before it does.
    fn at(page: &'a str, lt: usize) -> Option<Tag<'a>> {
        let rest = page.get(lt..).filter(|r| r.starts_with('<'))?;
        if rest.starts_with("<!--") {
            let end = rest.find("-->")? + 3;
            return Some(Tag::other(lt + end));
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            return Some(Tag::other(lt + rest.find('>')? + 1));
        }
        let closing = rest.starts_with("</");
        let from = if closing { 2 } else { 1 };
        let name_len = rest[from..]
            .bytes()
            .take_while(u8::is_ascii_alphanumeric)
            .count();
        let name = &rest[from..from + name_len];
        if name.is_empty() {
            // A `<` that opens no tag is text (the escaper never writes one).
            return Some(Tag {
                name: "",
                closing: true,
                block: false,
                end: lt + 1,
            });
        }
        Some(Tag {
            name,
            closing,
            block: is_block(name),
            end: lt + tag_end(rest)?,
        })
    }

    fn other(end: usize) -> Tag<'static> {
        Tag {
            name: "",
            closing: false,
            block: false,
            end,
        }
    }
}

/// The length of the tag at the start of `rest` up to its `>`, skipping
/// quoted attribute values.
fn tag_end(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let mut at = 0;
    loop {
        at += memchr::memchr3(b'>', b'"', b'\'', &bytes[at..])?;
        let quote = bytes[at];
        if quote == b'>' {
            return Some(at + 1);
        }
        at += 1;
        at += memchr::memchr(quote, &bytes[at..])? + 1;
    }
}

/// Where `="` first stands in `s`.
fn find_eq_quote(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut at = 0;
    loop {
        at += memchr::memchr(b'=', &bytes[at..])?;
        if bytes.get(at + 1) == Some(&b'"') {
            return Some(at);
        }
        at += 1;
    }
}

/// A start tag (`source`, from `<` to `>`), its `"`-quoted values unquoted
/// where HTML allows; `from` is where its attributes begin.
fn push_start_tag(out: &mut String, source: &str, from: usize) {
    let mut rest = source;
    let mut at = from;
    while let Some(i) = find_eq_quote(&rest[at..]) {
        let open = at + i + 2;
        let Some(len) = memchr::memchr(b'"', &rest.as_bytes()[open..]) else {
            break;
        };
        let value = &rest[open..open + len];
        let after = rest.as_bytes().get(open + len + 1).copied();
        // A `datetime` keeps its quotes: the dates are spelled one way on
        // every page (and in the tests that look for them).
        let dated = rest[..open - 2].ends_with("datetime");
        if unquotable(value) && after != Some(b'/') && !dated {
            out.push_str(&rest[..open - 1]);
            out.push_str(value);
            rest = &rest[open + len + 1..];
            at = 0;
        } else {
            at = open + len + 1;
        }
    }
    out.push_str(rest);
}

/// Whether `value` may be written without quotes and read back the same.
fn unquotable(value: &str) -> bool {
    !value.is_empty()
        && !value.ends_with('/')
        && value.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'/' | b'#' | b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::compact_html;

    #[test]
    fn line_breaks_before_block_tags_go() {
        assert_eq!(
            compact_html("<ul>\n<li>a\n<li>b\n</ul>\n\n<section>\n<h2>x</h2>\n</section>\n"),
            "<ul><li>a<li>b</ul><section><h2>x</h2></section>"
        );
    }

    #[test]
    fn line_breaks_between_inline_elements_stay() {
        let page = "<p><a href=\"#a\">a</a>\n<span>b</span>\n<time>c</time></p>";
        assert_eq!(
            compact_html(page),
            "<p><a href=#a>a</a>\n<span>b</span>\n<time>c</time></p>"
        );
    }

    #[test]
    fn safe_values_lose_their_quotes() {
        assert_eq!(
            compact_html(
                "<a class=\"badge level-3\" href=\"../levels.html#level-3\" rel=\"prev\">x</a>"
            ),
            "<a class=\"badge level-3\" href=../levels.html#level-3 rel=prev>x</a>"
        );
        // Empty, ending in a slash, or holding what an unquoted value may not.
        for kept in [
            "<p class=\"\">",
            "<html data-root=\"../\">",
            "<a href=\"search.html?q=a\">",
            "<meta content=\"default-src 'none'\">",
            "<time datetime=\"2026-01-20T09:10+09:00\">",
            "<time datetime=\"2025-02\">",
            "<input placeholder=\"例：ランサムウェア\">",
            "<p title='single'>",
        ] {
            assert_eq!(compact_html(kept), kept);
        }
    }

    #[test]
    fn verbatim_content_comments_and_doctype_are_copied() {
        let page = "<!DOCTYPE html>\n<html>\n<pre class=\"x\">a\n<b class=\"y\">\n</b>\n</pre>\n<!-- \"c\"\n<p> -->\n<div></div>";
        assert_eq!(
            compact_html(page),
            "<!DOCTYPE html><html><pre class=x>a\n<b class=\"y\">\n</b>\n</pre><!-- \"c\"\n<p> --><div></div>"
        );
    }

    #[test]
    fn text_and_unclosed_tags_pass_through() {
        assert_eq!(compact_html("a &lt;b&gt; c"), "a &lt;b&gt; c");
        assert_eq!(compact_html("x <p class=\"a"), "x <p class=\"a");
        assert_eq!(compact_html("x <"), "x <");
        assert_eq!(compact_html(""), "");
        assert_eq!(compact_html("<br/>"), "<br/>");
        assert_eq!(compact_html("<img alt=\"a\"/>"), "<img alt=\"a\"/>");
    }

    /// The list `is_block` replaced, as it was.
    const BLOCK: &[&str] = &[
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "li",
        "link",
        "main",
        "meta",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "ul",
    ];

    #[test]
    fn block_names_are_the_list_in_any_case() {
        let mut names: Vec<String> = BLOCK.iter().map(|b| b.to_string()).collect();
        names.extend(BLOCK.iter().map(|b| b.to_ascii_uppercase()));
        names.extend(
            [
                "",
                "a",
                "span",
                "time",
                "b",
                "h7",
                "figcaptions",
                "Li2",
                "tablex",
                "x",
            ]
            .map(String::from),
        );
        // Every name of up to three letters and digits.
        let alphabet = b"adhlprtu16";
        for a in alphabet {
            for b in alphabet {
                names.push(String::from_utf8(vec![*a, *b]).unwrap());
                for c in alphabet {
                    names.push(String::from_utf8(vec![*a, *b, *c]).unwrap());
                }
            }
        }
        for name in names {
            let listed = BLOCK.iter().any(|b| name.eq_ignore_ascii_case(b));
            assert_eq!(super::is_block(&name), listed, "{name}");
        }
    }

    /// Every string of up to `len` characters from `alphabet`.
    fn strings(alphabet: &[char], len: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..len {
            last = last
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    #[test]
    fn tag_end_and_attribute_search_are_the_loops_they_replaced() {
        fn tag_end_loop(rest: &str) -> Option<usize> {
            let mut quote = None;
            for (i, b) in rest.bytes().enumerate() {
                match (quote, b) {
                    (Some(q), _) if b == q => quote = None,
                    (Some(_), _) => {}
                    (None, b'"' | b'\'') => quote = Some(b),
                    (None, b'>') => return Some(i + 1),
                    _ => {}
                }
            }
            None
        }
        for s in strings(&['<', '>', '=', '"', '\'', 'a', 'é'], 6) {
            assert_eq!(super::tag_end(&s), tag_end_loop(&s), "{s:?}");
            assert_eq!(super::find_eq_quote(&s), s.find("=\""), "{s:?}");
        }
    }
}
