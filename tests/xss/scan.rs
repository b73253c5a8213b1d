//! A tolerant scan of HTML for markup that runs code: script elements that
//! are not local files or JSON data blocks, event-handler attributes, URLs
//! with code-running schemes, frames, plugins and `<base>`/refresh tricks.
//!
//! It tokenises the way a browser does where it matters (tag names and
//! attributes, quoted or not; comments; the raw text of `<script>`, `<style>`,
//! `<textarea>` and `<title>`), so text that merely *mentions* `onerror=` or
//! `<script>` (escaped as `&lt;script&gt;`) is not flagged, while a real tag
//! anywhere, inside SVG too, is.
//!
//! Shared by `tests/xss.rs` and the Markdown fuzz target.

/// One finding: byte offset and what was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub at: usize,
    pub what: String,
}

/// A start tag with its lower-cased name and attributes (values entity-decoded).
#[derive(Clone, Debug)]
pub struct Tag {
    pub at: usize,
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];
/// Elements that load or run foreign content.
const FORBIDDEN: &[&str] = &[
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "portal",
    "fencedframe",
];
/// Attributes that hold a URL the browser may navigate to or load.
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "codebase",
    "dynsrc",
    "lowsrc",
    "manifest",
    "ping",
    "srcset",
    "to",
    "from",
    "values",
];

/// Every start tag in `html`.
pub fn start_tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let lt = i + off;
        i = lt + 1;
        if html[i..].starts_with("!--") {
            i = html[i + 3..]
                .find("-->")
                .map(|e| i + 3 + e + 3)
                .unwrap_or(b.len());
            continue;
        }
        if i < b.len() && (b[i] == b'!' || b[i] == b'?') {
            i = html[i..].find('>').map(|e| i + e + 1).unwrap_or(b.len());
            continue;
        }
        let closing = i < b.len() && b[i] == b'/';
        let name_start = if closing { i + 1 } else { i };
        if name_start >= b.len() || !b[name_start].is_ascii_alphabetic() {
            continue; // `<` as text
        }
        let mut j = name_start;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'/' && b[j] != b'>' {
            j += 1;
        }
        let name = html[name_start..j].to_ascii_lowercase();
        let (attrs, end) = attributes(html, j);
        i = end;
        if closing {
            continue;
        }
        if RAW_TEXT.contains(&name.as_str()) {
            // Skip to the matching end tag, case-blind.
            let close = format!("</{name}");
            let rest = html[i..].to_ascii_lowercase();
            i = rest.find(&close).map(|e| i + e).unwrap_or(b.len());
        }
        tags.push(Tag {
            at: lt,
            name,
            attrs,
        });
    }
    tags
}

/// Attributes from `from` to the end of the tag; returns them and the index after `>`.
fn attributes(html: &str, from: usize) -> (Vec<(String, String)>, usize) {
    let b = html.as_bytes();
    let mut attrs = Vec::new();
    let mut i = from;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return (attrs, i);
        }
        if b[i] == b'>' {
            return (attrs, i + 1);
        }
        let ns = i;
        // The first character may be `=` (the spec's edge case), never the end.
        i += html[i..].chars().next().map(char::len_utf8).unwrap_or(1);
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = html[ns..i].to_ascii_lowercase();
        let mut k = i;
        while k < b.len() && b[k].is_ascii_whitespace() {
            k += 1;
        }
        let mut value = String::new();
        if k < b.len() && b[k] == b'=' {
            k += 1;
            while k < b.len() && b[k].is_ascii_whitespace() {
                k += 1;
            }
            if k < b.len() && (b[k] == b'"' || b[k] == b'\'') {
                let q = b[k] as char;
                let end = html[k + 1..].find(q).map(|e| k + 1 + e).unwrap_or(b.len());
                value = html[k + 1..end].to_string();
                k = (end + 1).min(b.len());
            } else {
                let s = k;
                while k < b.len() && !b[k].is_ascii_whitespace() && b[k] != b'>' {
                    k += 1;
                }
                value = html[s..k].to_string();
            }
            i = k;
        }
        attrs.push((name, decode_entities(&value)));
    }
}

/// Character references as a browser decodes them in attribute values
/// (numeric ones and the named ones that matter for URLs).
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|e| e + 1)
            .unwrap_or(rest.len());
        let body = &rest[1..end];
        let decoded = if let Some(num) = body.strip_prefix('#') {
            let n = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse::<u32>().ok(),
            };
            n.and_then(char::from_u32)
        } else {
            match body.to_ascii_lowercase().as_str() {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                "nbsp" => Some('\u{a0}'),
                _ => None,
            }
        };
        match decoded {
            Some(c) if !body.is_empty() => {
                out.push(c);
                let semi = rest[end..].starts_with(';') as usize;
                rest = &rest[end + semi..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The scheme a browser reads from a URL (whitespace and controls removed).
pub fn url_scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let end = cleaned.find(['/', '?', '#']).unwrap_or(cleaned.len());
    let colon = cleaned[..end].find(':')?;
    Some(cleaned[..colon].to_ascii_lowercase())
}

/// Whether a URL would run code or load an active document.
pub fn is_code_url(url: &str) -> bool {
    match url_scheme(url).as_deref() {
        Some("javascript" | "vbscript" | "livescript" | "mocha") => true,
        Some("data") => {
            // Raster images are inert; everything else (HTML, SVG, script) is not.
            let lower = url.trim().to_ascii_lowercase();
            ![
                "data:image/png",
                "data:image/gif",
                "data:image/jpeg",
                "data:image/webp",
            ]
            .iter()
            .any(|p| lower.starts_with(p))
        }
        _ => false,
    }
}

/// Whether a `<script src>` names a local file of the site.
fn is_local_script(src: &str) -> bool {
    let s = src.trim();
    url_scheme(s).is_none() && !s.starts_with("//") && !s.starts_with('\\') && s.ends_with(".js")
}

/// Every piece of executable markup in `html`.
pub fn executable_markup(html: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut flag = |at: usize, what: String| out.push(Finding { at, what });
    for tag in start_tags(html) {
        let at = tag.at;
        if tag.name == "script" {
            match (tag.attr("src"), tag.attr("type")) {
                (Some(src), _) if is_local_script(src) => {}
                (None, Some(t)) if t.eq_ignore_ascii_case("application/json") => {}
                (src, _) => flag(at, format!("<script> with src {src:?}")),
            }
        }
        if FORBIDDEN.contains(&tag.name.as_str()) {
            flag(at, format!("<{}>", tag.name));
        }
        if tag.name == "meta"
            && tag
                .attr("http-equiv")
                .is_some_and(|h| h.eq_ignore_ascii_case("refresh"))
        {
            flag(at, "<meta http-equiv=refresh>".into());
        }
        for (name, value) in &tag.attrs {
            if name.starts_with("on") && name.len() > 2 {
                flag(at, format!("event handler `{name}` on <{}>", tag.name));
            }
            if name == "srcdoc" {
                flag(at, format!("srcdoc on <{}>", tag.name));
            }
            if URL_ATTRS.contains(&name.as_str()) && is_code_url(value) {
                flag(at, format!("{name}={value:?} on <{}>", tag.name));
            }
            if name == "style" {
                let v = value.to_ascii_lowercase();
                if v.contains("expression(") || v.contains("javascript:") || v.contains("url(") {
                    flag(at, format!("style={value:?} on <{}>", tag.name));
                }
            }
        }
    }
    out
}

/// The Content-Security-Policy of a page's `<meta http-equiv>`, if any.
pub fn csp(html: &str) -> Option<String> {
    start_tags(html)
        .into_iter()
        .find(|t| {
            t.name == "meta"
                && t.attr("http-equiv")
                    .is_some_and(|h| h.eq_ignore_ascii_case("content-security-policy"))
        })
        .and_then(|t| t.attr("content").map(str::to_string))
}

/// Whether a CSP forbids inline script: a `script-src` (or `default-src`)
/// without `'unsafe-inline'`, `'unsafe-eval'`, wildcards or `data:`.
pub fn csp_forbids_inline_script(policy: &str) -> bool {
    let directives: Vec<(String, Vec<String>)> = policy
        .split(';')
        .filter_map(|d| {
            let mut parts = d.split_whitespace();
            let name = parts.next()?.to_ascii_lowercase();
            Some((name, parts.map(|p| p.to_ascii_lowercase()).collect()))
        })
        .collect();
    let find = |n: &str| directives.iter().find(|(d, _)| d == n).map(|(_, v)| v);
    let Some(sources) = find("script-src").or_else(|| find("default-src")) else {
        return false;
    };
    !sources.iter().any(|s| {
        matches!(
            s.as_str(),
            "'unsafe-inline'"
                | "'unsafe-eval'"
                | "'unsafe-hashes'"
                | "*"
                | "data:"
                | "http:"
                | "https:"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_real_markup_and_ignores_escaped_text() {
        let bad = [
            "<script>alert(1)</script>",
            "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
            "<img src=x onerror=alert(1)>",
            "<img src=x\nONERROR = \"alert(1)\">",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href='JaVa&#x09;ScRiPt&colon;alert(1)'>x</a>",
            "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
            "<svg><script>alert(1)</script></svg>",
            "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
            "<iframe srcdoc=\"x\"></iframe>",
            "<object data=x></object>",
            "<embed src=x>",
            "<base href=\"//evil.example/\">",
            "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
            "<p/onclick=alert(1)>x</p>",
        ];
        for b in bad {
            assert!(!executable_markup(b).is_empty(), "not flagged: {b}");
        }
        let good = [
            "<p>&lt;script&gt;alert(1)&lt;/script&gt; and onerror=alert(1)</p>",
            "<p title=\"&quot; onerror=&quot;alert(1)\">x</p>",
            "<script src=\"../static/search.js\"></script>",
            "<script type=\"application/json\" id=\"x\">{\"a\":\"onload=1\"}</script>",
            "<a href=\"https://example.com/javascript:x\">x</a>",
            "<a href=\"tel:javascript:alert(1)\">x</a>",
            "<!-- <script>alert(1)</script> -->",
            "<code>&lt;img src=x onerror=alert(1)&gt;</code>",
            "<img src=\"data:image/png;base64,AAAA\" alt=\"\">",
            "a < b and c <3",
        ];
        for g in good {
            assert_eq!(executable_markup(g), vec![], "flagged: {g}");
        }
    }

    #[test]
    fn a_script_block_hides_nothing_after_it_ends() {
        let html = "<script type=\"application/json\">{\"a\":\"</script><script>alert(1)</script>\"}</script>";
        assert!(!executable_markup(html).is_empty());
    }

    #[test]
    fn csp_rules() {
        assert!(csp_forbids_inline_script(
            "default-src 'none'; script-src 'self'; style-src 'self'"
        ));
        assert!(!csp_forbids_inline_script(
            "script-src 'self' 'unsafe-inline'"
        ));
        assert!(!csp_forbids_inline_script("style-src 'self'"));
        assert!(csp_forbids_inline_script("default-src 'self'"));
    }
}
