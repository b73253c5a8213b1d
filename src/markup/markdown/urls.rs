//! Which link and image URLs a page may keep, read the way a browser reads
//! them.

use pulldown_cmark::Options;

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
pub fn scheme(url: &str) -> Option<String> {
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
pub(super) fn browser_normalised(url: &str) -> String {
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
pub(super) fn is_rooted(url: &str) -> bool {
    browser_normalised(url).starts_with(['/', '\\'])
}

/// A URL that would load something from another host.
pub(super) fn is_remote(url: &str) -> bool {
    names_other_host(url) || scheme(url).is_some()
}

/// Whether a link target may stay in the site: a relative path inside it
/// (no root, no other host) or a safe scheme ([`is_safe_url`]).
pub(super) fn is_kept_link(url: &str) -> bool {
    is_safe_url(url) && !is_rooted(url)
}

/// Relative links to Markdown sources point at the rendered pages instead
/// (`first-response.md#x` → `first-response.html#x`).
pub fn rewrite_link(url: &str) -> String {
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
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}
