//! Where every file of the site lives and how the site links to it: the one
//! place that names the path of a record's page (printed, its report), a drill, a
//! handbook or template page and an evidence copy, and the one way those
//! paths are encoded into links. Pages, exports, evidence and the manifest
//! all take their paths from here, so a link is spelled the same everywhere.
//!
//! Site paths are `/`-separated and not encoded (they name files); hrefs and
//! URLs are encoded, segment by segment. Ids never contain `/` (E110).

/// Site path of the report assistant (報告する), linked first in the header.
pub const REPORT_ASSISTANT: &str = "report.html";

/// The files every build writes whatever the content holds (besides one
/// page per handbook page, template, record and drill, and the folders made
/// from the register): what a Markdown link may point at
/// (`crate::model::routes`). `tests/site_routes.rs` holds it to a built site.
pub const FIXED_FILES: &[&str] = &[
    "index.html",
    REPORT_ASSISTANT,
    "card.html",
    "flow.html",
    "levels.html",
    "contacts.html",
    "templates.html",
    "templates/incident-skeleton.yaml",
    "register.html",
    "dashboard.html",
    "calendar.html",
    "calendar.ics",
    "drills.html",
    "search.html",
    "controls.html",
    "actions.html",
    "compliance.html",
    "nonconformities.html",
    "metrics.html",
    "register.csv",
    "register.json",
    "register.xlsx",
    "drills.csv",
    "actions.csv",
];

/// Site path of a record's page.
pub fn record_page(id: &str) -> String {
    format!("incidents/{id}.html")
}

/// Site path of page `k` (from 0) of the notification compliance page:
/// `compliance.html`, then `compliance/2.html`, ...
pub fn compliance_page(k: usize) -> String {
    if k == 0 {
        "compliance.html".to_string()
    } else {
        format!("compliance/{}.html", k + 1)
    }
}

/// Site path of a record's calendar (its open deadlines, iCalendar).
pub fn record_calendar(id: &str) -> String {
    format!("incidents/{id}.ics")
}

/// Site path of page `k` (from 0) of the register's listing `key`
/// (`2026`, `level-2`, `category-leak`, `status-open`): the first page is
/// `register/<key>.html`, the next ones `register/<key>/<k+1>.html` (a
/// folder per listing, so no key can collide with another's page).
pub fn register_listing(key: &str, k: usize) -> String {
    if k == 0 {
        format!("register/{key}.html")
    } else {
        format!("register/{key}/{}.html", k + 1)
    }
}

/// The key of the register's listing of the records detected in `year`.
pub fn register_year(year: i32) -> String {
    year.to_string()
}

/// The key of the register's listing of the records of a level.
pub fn register_level(level: i64) -> String {
    format!("level-{level}")
}

/// The key of the register's listing of the records of a category.
pub fn register_category(id: &str) -> String {
    format!("category-{id}")
}

/// The key of the register's listing of the records in a status.
pub fn register_status(status: &str) -> String {
    format!("status-{status}")
}

/// Site path of a drill's page.
pub fn drill_page(id: &str) -> String {
    format!("drills/{id}.html")
}

/// Site path of a handbook page.
pub fn handbook_page(slug: &str) -> String {
    format!("handbook/{slug}.html")
}

/// Site path of a template page.
pub fn template_page(slug: &str) -> String {
    format!("templates/{slug}.html")
}

/// Site path of the copy of an evidence file published as `name` with
/// record `id`.
pub fn evidence_copy(id: &str, name: &str) -> String {
    format!("incidents/{id}/evidence/{name}")
}

/// URL of a record's page from the site root (the exports' `url`).
pub fn record_url(id: &str) -> String {
    format!("incidents/{}.html", encode_segment(id))
}

/// URL of a drill's page from the site root.
pub fn drill_url(id: &str) -> String {
    format!("drills/{}.html", encode_segment(id))
}

/// One path segment, percent-encoded: everything but ASCII letters, digits
/// and `-._~`.
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A site path with each segment encoded for use in an `href`.
pub fn encode_path(path: &str) -> String {
    path.split('/')
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

/// The relative prefix from the page at `path` back to the site root
/// (`""`, `"../"`, `"../../"` …).
pub fn root_for(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The `href` from the page at `from` to the site file `to` (both site paths,
/// `/`-separated, not encoded). Each segment of `to` is percent-encoded and
/// the result always starts with `./` or `../`, so no record id, drill id,
/// page slug or evidence file name can be read as a scheme
/// (`javascript:alert(1)`), another host or a query. Append a `#fragment`
/// or `?query` to the result.
pub fn site_href(from: &str, to: &str) -> String {
    let root = root_for(from);
    let root = if root.is_empty() { "./" } else { root.as_str() };
    format!("{root}{}", encode_path(to))
}

/// Why Windows cannot create a file or folder named `name` (one segment of a
/// path), where an auditor unpacks the site's zip: `None` when it can.
/// Windows reserves device names (`CON`, `PRN`, `AUX`, `NUL`, `COM1`–`COM9`,
/// `LPT1`–`LPT9`, also with the superscript digits `¹²³`, and `CONIN$`,
/// `CONOUT$`) in any case and with any extension (`con.md`, `Nul.tar.gz`),
/// and drops a dot or a space at the end of a name.
pub fn windows_unsafe(name: &str) -> Option<WindowsUnsafe> {
    if name.ends_with('.') && name != "." && name != ".." {
        return Some(WindowsUnsafe::TrailingDot);
    }
    if name.ends_with(' ') {
        return Some(WindowsUnsafe::TrailingSpace);
    }
    // The part before the first dot, spaces at its end ignored (`CON .md`).
    let base = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    let mut chars = base.chars();
    let head: String = chars
        .by_ref()
        .take(3)
        .collect::<String>()
        .to_ascii_uppercase();
    let rest: String = chars.collect();
    let device = match head.as_str() {
        "CON" => {
            rest.is_empty() || rest.eq_ignore_ascii_case("IN$") || rest.eq_ignore_ascii_case("OUT$")
        }
        "PRN" | "AUX" | "NUL" => rest.is_empty(),
        "COM" | "LPT" => {
            let mut r = rest.chars();
            matches!(
                (r.next(), r.next()),
                (Some('1'..='9' | '\u{B9}' | '\u{B2}' | '\u{B3}'), None)
            )
        }
        _ => false,
    };
    device.then_some(WindowsUnsafe::Device)
}

/// What [`windows_unsafe`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WindowsUnsafe {
    /// A device name such as `CON` or `COM1`, with or without an extension.
    Device,
    /// The name ends in a dot, which Windows drops.
    TrailingDot,
    /// The name ends in a space, which Windows drops.
    TrailingSpace,
}

/// The first segment of the `/`-separated `path` that Windows cannot create,
/// with what is wrong with it.
pub fn windows_unsafe_segment(path: &str) -> Option<(&str, WindowsUnsafe)> {
    path.split('/')
        .find_map(|seg| windows_unsafe(seg).map(|why| (seg, why)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_prefix_counts_directories() {
        assert_eq!(root_for("index.html"), "");
        assert_eq!(root_for("incidents/INC-1.html"), "../");
    }

    #[test]
    fn paths_are_encoded_segment_by_segment() {
        assert_eq!(
            encode_path("incidents/INC-1/evidence/ログ 1.txt"),
            "incidents/INC-1/evidence/%E3%83%AD%E3%82%B0%201.txt"
        );
        assert_eq!(record_url("a b"), "incidents/a%20b.html");
        assert_eq!(
            evidence_copy("INC-1", "x.txt"),
            "incidents/INC-1/evidence/x.txt"
        );
    }

    #[test]
    fn hrefs_are_prefixed_and_encoded() {
        assert_eq!(
            site_href("register.html", "incidents/INC-1.html"),
            "./incidents/INC-1.html"
        );
        assert_eq!(
            site_href("incidents/INC-1.html", "incidents/INC-2.html"),
            "../incidents/INC-2.html"
        );
        // Ids and file names that look like schemes, hosts or queries stay paths.
        assert_eq!(
            site_href("index.html", "javascript:alert(1).html"),
            "./javascript%3Aalert%281%29.html"
        );
        assert_eq!(
            site_href("handbook/a.html", "handbook/javascript:alert(1)?y#z.html"),
            "../handbook/javascript%3Aalert%281%29%3Fy%23z.html"
        );
        for from in ["index.html", "handbook/a.html", "incidents/X/evidence/f"] {
            for to in [
                "javascript:x",
                "//host/x",
                "\\\\host\\x",
                "data:,x",
                "a b/c",
            ] {
                let h = site_href(from, to);
                assert!(h.starts_with("./") || h.starts_with("../"), "{h}");
                assert!(crate::markup::markdown::is_safe_url(&h), "{h}");
                assert!(!h.contains(['\\', ':', ' ']), "{h}");
            }
        }
    }
}

#[cfg(test)]
mod windows_tests {
    use super::*;

    #[test]
    fn device_names_in_any_case_and_with_any_extension() {
        for name in [
            "con",
            "CON.yaml",
            "Aux.md",
            "nul.txt",
            "NUL",
            "com1",
            "COM9.md",
            "lpt1.html",
            "LPT\u{B9}.md",
            "com\u{B2}",
            "prn.tar.gz",
            "conin$",
            "CONOUT$.txt",
            "con .md",
        ] {
            assert_eq!(windows_unsafe(name), Some(WindowsUnsafe::Device), "{name}");
        }
        for name in [
            "console.md",
            "com10.md",
            "com0",
            "lpt",
            "nul-policy.md",
            "acon.md",
            "com\u{B4}",
            "INC-2026-001.yaml",
            ".hidden",
            "..",
            ".",
        ] {
            assert_eq!(windows_unsafe(name), None, "{name}");
        }
    }

    #[test]
    fn trailing_dots_and_spaces() {
        assert_eq!(windows_unsafe("guide."), Some(WindowsUnsafe::TrailingDot));
        assert_eq!(windows_unsafe("notes "), Some(WindowsUnsafe::TrailingSpace));
        assert_eq!(
            windows_unsafe_segment("handbook/guide./page.md"),
            Some(("guide.", WindowsUnsafe::TrailingDot))
        );
        assert_eq!(windows_unsafe_segment("handbook/start.md"), None);
    }
}
