//! A link checker for a built site: every internal `href`/`src` must point at
//! a file of the site (and, with a `#fragment`, at an element with that id),
//! and no asset (script, style sheet, image, frame) may come from another
//! host. Used by the integration tests and available to the build.

use super::text::{decode_entities, tag_end};
use std::collections::{BTreeMap, HashSet};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LinkProblem {
    /// The page holding the link.
    pub page: String,
    /// The link as written.
    pub target: String,
    pub reason: &'static str,
}

impl std::fmt::Display for LinkProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: `{}`: {}", self.page, self.target, self.reason)
    }
}

/// One URL-valued attribute of one tag.
struct UrlAttr {
    tag: String,
    attr: String,
    value: String,
}

/// Check every HTML file in `files` (site path → bytes). Problems are sorted.
pub fn check_site(files: &BTreeMap<String, Vec<u8>>) -> Vec<LinkProblem> {
    let pages: BTreeMap<&str, &str> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .filter_map(|(p, b)| Some((p.as_str(), std::str::from_utf8(b).ok()?)))
        .collect();
    let ids: BTreeMap<&str, HashSet<String>> = pages
        .iter()
        .map(|(p, html)| (*p, element_ids(html)))
        .collect();
    let mut problems = Vec::new();
    for (page, html) in &pages {
        for a in url_attrs(html) {
            if let Some(reason) = check_one(page, &a, files, &ids) {
                problems.push(LinkProblem {
                    page: page.to_string(),
                    target: a.value,
                    reason,
                });
            }
        }
    }
    problems.sort();
    problems
}

fn check_one(
    page: &str,
    a: &UrlAttr,
    files: &BTreeMap<String, Vec<u8>>,
    ids: &BTreeMap<&str, HashSet<String>>,
) -> Option<&'static str> {
    let url = a.value.trim();
    let lower = url.to_ascii_lowercase();
    let is_asset = matches!(
        a.attr.as_str(),
        "src" | "srcset" | "poster" | "data" | "background"
    ) || (a.tag == "link" && a.attr == "href");
    // `//host` and `\\host` from a site opened as file:// reach a network
    // share: not even a link may name another host without a scheme.
    if crate::markup::markdown::names_other_host(url) {
        return Some("names another host without a scheme");
    }
    if lower.starts_with("http:") || lower.starts_with("https:") {
        return is_asset.then_some("asset loaded from another host");
    }
    if lower.starts_with("mailto:") || lower.starts_with("tel:") {
        return None;
    }
    if lower.starts_with("data:") && a.tag == "img" {
        return None;
    }
    if let Some(colon) = url.find(':') {
        if !url[..colon].contains(['/', '?', '#']) {
            return Some("unexpected URL scheme");
        }
    }
    if url.starts_with('/') {
        return Some("absolute path (breaks from file:// and sub-paths)");
    }
    let (path_and_query, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f))),
        None => (url, None),
    };
    let path = path_and_query.split('?').next().unwrap_or("");
    let target = if path.is_empty() {
        page.to_string()
    } else {
        match resolve(page, &percent_decode(path)) {
            Some(t) => t,
            None => return Some("climbs above the site root"),
        }
    };
    let target = if target.ends_with('/') || target.is_empty() {
        format!("{target}index.html")
    } else {
        target
    };
    if !files.contains_key(&target) {
        return Some("no such file in the site");
    }
    match fragment {
        Some(f) if !f.is_empty() => match ids.get(target.as_str()) {
            Some(set) if set.contains(&f) => None,
            Some(_) => Some("no element with this id"),
            None => Some("fragment on a file that is not a page"),
        },
        _ => None,
    }
}

/// `rel` resolved against the directory of `page`, normalised; `None` if it
/// leaves the site.
pub fn resolve(page: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if rel.ends_with('/') {
        out.push('/');
    }
    Some(out)
}

/// `%XX` escapes decoded (invalid UTF-8 replaced).
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every start tag's attributes: (tag name, [(name, decoded value)]).
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    let mut rest = html;
    let mut in_script = false;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map(|e| &after[e + 3..]).unwrap_or("");
            continue;
        }
        let Some(gt) = tag_end(rest) else { break };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
            .collect::<String>()
            .to_ascii_lowercase();
        if in_script {
            if name == "/script" {
                in_script = false;
            }
            continue;
        }
        if name.starts_with('/') || name.is_empty() {
            continue;
        }
        if name == "script" {
            in_script = true;
        }
        out.push((name.clone(), attributes(&tag[name.len()..])));
    }
    out
}

/// Attributes of a start tag's text after its name (values must be quoted,
/// as this crate writes them).
fn attributes(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = s;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            break;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = rest[name_end..].trim_start();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (value, next) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => match after[1..].find(q) {
                    Some(e) => (&after[1..1 + e], &after[e + 2..]),
                    None => (&after[1..], ""),
                },
                _ => {
                    let e = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..e], &after[e..])
                }
            };
            out.push((name, decode_entities(value)));
            rest = next;
        } else {
            out.push((name, String::new()));
        }
    }
    out
}

fn url_attrs(html: &str) -> Vec<UrlAttr> {
    let mut out = Vec::new();
    for (tag, attrs) in tags(html) {
        for (name, value) in attrs {
            if matches!(
                name.as_str(),
                "href"
                    | "src"
                    | "srcset"
                    | "action"
                    | "formaction"
                    | "poster"
                    | "data"
                    | "cite"
                    | "background"
                    | "xlink:href"
            ) {
                out.push(UrlAttr {
                    tag: tag.clone(),
                    attr: name,
                    value,
                });
            }
        }
    }
    out
}

fn element_ids(html: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    for (tag, attrs) in tags(html) {
        for (name, value) in attrs {
            if name == "id" || (tag == "a" && name == "name") {
                ids.insert(value);
            }
        }
    }
    ids
}

/// Every id that occurs more than once on a page (invalid HTML, and anchors
/// then lead to the wrong place).
pub fn duplicate_ids(html: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut dups = Vec::new();
    for (_, attrs) in tags(html) {
        for (name, value) in attrs {
            if name == "id" && !seen.insert(value.clone()) {
                dups.push(value);
            }
        }
    }
    dups.sort();
    dups.dedup();
    dups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(pages: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        pages
            .iter()
            .map(|(p, h)| (p.to_string(), h.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn finds_broken_links_and_anchors() {
        let files = site(&[
            ("index.html", "<a href=\"handbook/a.html#連絡\">x</a><a href=\"missing.html\">y</a><a href=\"#top\">z</a><p id=\"top\"></p>"),
            ("handbook/a.html", "<h2 id=\"連絡\"></h2><a href=\"../index.html#nope\">back</a><a href=\"../../up.html\">up</a><a href=\"%E9%80%A3.html\">pct</a>"),
            ("handbook/連.html", "<p></p>"),
        ]);
        let problems: Vec<_> = check_site(&files)
            .into_iter()
            .map(|p| (p.page, p.target, p.reason))
            .collect();
        assert_eq!(
            problems,
            vec![
                (
                    "handbook/a.html".into(),
                    "../../up.html".into(),
                    "climbs above the site root"
                ),
                (
                    "handbook/a.html".into(),
                    "../index.html#nope".into(),
                    "no element with this id"
                ),
                (
                    "index.html".into(),
                    "missing.html".into(),
                    "no such file in the site"
                ),
            ]
        );
    }

    #[test]
    fn external_assets_are_problems_but_external_links_are_not() {
        let files = site(&[(
            "index.html",
            "<link rel=\"stylesheet\" href=\"https://cdn.example/x.css\"><script src=\"//cdn.example/x.js\"></script>\
             <a href=\"https://www.ipa.go.jp/\" rel=\"noopener\">IPA</a><a href=\"tel:0312345678\">t</a><a href=\"search.html?q=a&amp;b\">s</a>",
        ), ("search.html", "")]);
        let reasons: Vec<_> = check_site(&files).into_iter().map(|p| p.target).collect();
        assert_eq!(
            reasons,
            vec!["//cdn.example/x.js", "https://cdn.example/x.css"]
        );
    }

    #[test]
    fn links_naming_another_host_without_a_scheme_are_problems() {
        let files = site(&[(
            "index.html",
            "<a href=\"//evil.example/\">a</a><a href=\"\\\\evil.example\\s\">b</a>\
             <a href=\"/\\evil.example/\">c</a><a href=\"&#47;&#47;evil.example/\">d</a>\
             <img src=\"/&#9;/evil.example/x.png\" alt=\"\"><a href=\"https://ok.example/\">ok</a>",
        )]);
        let problems = check_site(&files);
        assert_eq!(problems.len(), 5, "{problems:#?}");
        assert!(problems
            .iter()
            .all(|p| p.reason == "names another host without a scheme"));
    }

    #[test]
    fn script_contents_are_not_tags() {
        let files = site(&[(
            "index.html",
            "<script type=\"application/json\">{\"a\":\"<a href='x.html'>\"}</script>",
        )]);
        assert!(check_site(&files).is_empty());
    }

    #[test]
    fn duplicate_ids_are_reported() {
        assert_eq!(
            duplicate_ids("<p id=\"a\"></p><p id=\"b\"></p><p id=\"a\"></p>"),
            vec!["a".to_string()]
        );
    }
}
