//! The one way the site writes a link to one of its own files.

use super::context::root_for;
use crate::evidence::copy::href_path;

/// The `href` from the page at `from` to the site file `to` (both site paths,
/// `/`-separated, not encoded). Each segment of `to` is percent-encoded and
/// the result always starts with `./` or `../`, so no record id, drill id,
/// page slug or evidence file name can be read as a scheme
/// (`javascript:alert(1)`), another host or a query. Append a `#fragment`
/// or `?query` to the result.
pub fn site_href(from: &str, to: &str) -> String {
    let root = root_for(from);
    let root = if root.is_empty() { "./" } else { root.as_str() };
    format!("{root}{}", href_path(to))
}

#[cfg(test)]
mod tests {
    use super::site_href;

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
