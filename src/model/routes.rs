//! The pages and files a site built from some content will have, known from
//! the content alone (without rendering): the fixed pages every build writes
//! ([`crate::paths::FIXED_FILES`]), one page per handbook page, template,
//! record and drill, and the folders whose files are made from the register
//! (listings, pages of a long list, evidence copies, search shards). `check`
//! asks it whether a Markdown link leads somewhere (E208).
//!
//! Record and drill ids are taken from their files' names, listed before any
//! record is read (a record whose id is not its file name is E202).

use super::Content;
use std::collections::{BTreeSet, HashSet};

#[derive(Debug, Default)]
pub struct Routes {
    /// Site paths of the handbook and template pages.
    pages: BTreeSet<String>,
    records: HashSet<String>,
    drills: HashSet<String>,
}

/// Folders whose files are made from the register and the build: a link
/// into them is not followed (their file names depend on counts).
const MADE_FOLDERS: &[&str] = &[
    "register/",
    "actions/",
    "compliance/",
    "evidence/",
    "search/",
    "static/",
    "cases/",
];

impl Routes {
    pub fn of(content: &Content) -> Routes {
        let pages = content
            .handbook
            .iter()
            .map(|p| crate::paths::handbook_page(&p.slug))
            .chain(
                content
                    .templates
                    .iter()
                    .map(|p| crate::paths::template_page(&p.slug)),
            )
            .collect();
        let stems = |dir: &str| -> HashSet<String> {
            content
                .sources
                .iter()
                .filter(|s| s.starts_with(dir))
                .filter_map(|s| {
                    let name = s.rsplit('/').next()?;
                    let (stem, _) = name.rsplit_once('.')?;
                    Some(stem.to_string())
                })
                .collect()
        };
        let mut records = stems("incidents/");
        records.extend(content.incidents.iter().map(|i| i.id.value.clone()));
        let mut drills = stems("drills/");
        drills.extend(content.drills.iter().map(|d| d.id.value.clone()));
        Routes {
            pages,
            records,
            drills,
        }
    }

    /// Whether the site will have a file at `path` (a site path, `/`
    /// separated, not encoded).
    pub fn has(&self, path: &str) -> bool {
        if crate::paths::FIXED_FILES.contains(&path) || self.pages.contains(path) {
            return true;
        }
        if MADE_FOLDERS.iter().any(|f| path.starts_with(f)) {
            return true;
        }
        if let Some(rest) = path.strip_prefix("incidents/") {
            return match rest.split_once('/') {
                // An evidence copy: there when its record is.
                Some((id, _)) => self.records.contains(id),
                None => [".html", ".ics"].iter().any(|ext| {
                    rest.strip_suffix(ext)
                        .is_some_and(|id| self.records.contains(id))
                }),
            };
        }
        if let Some(id) = path
            .strip_prefix("drills/")
            .and_then(|r| r.strip_suffix(".html"))
        {
            return self.drills.contains(id);
        }
        false
    }

    /// Whether `path` is a handbook or template page (made from a Markdown
    /// file, so a link may name it by its `.md`).
    pub fn is_source_page(&self, path: &str) -> bool {
        self.pages.contains(path)
    }

    /// The existing page whose path is nearest to `path` (a misspelt name,
    /// a page in another folder), when one is near enough to be meant.
    /// Whether the page is made from a Markdown source is [`Routes::is_source_page`].
    pub fn nearest(&self, path: &str) -> Option<String> {
        // The file's name without its extension: `other.md` is not near
        // `report.html` for sharing the extension.
        let name = |p: &str| {
            let file = p.rsplit('/').next().unwrap_or(p);
            file.rsplit_once('.')
                .map_or(file, |(stem, _)| stem)
                .to_string()
        };
        let wanted = name(path);
        let candidates = crate::paths::FIXED_FILES
            .iter()
            .filter(|f| f.ends_with(".html"))
            .map(|f| f.to_string())
            .chain(self.pages.iter().cloned());
        let in_folder = |dir: &str, ids: &HashSet<String>| {
            let stem = wanted.clone();
            // Only a record or drill of that very id: the register is too
            // long to suggest the nearest of its ids.
            ids.contains(&stem).then(|| format!("{dir}/{stem}.html"))
        };
        let exact = in_folder("incidents", &self.records)
            .or_else(|| in_folder("drills", &self.drills))
            .filter(|p| p != path);
        if exact.is_some() {
            return exact;
        }
        let best = candidates
            .filter(|c| c != path)
            .map(|c| {
                let score = strsim::jaro_winkler(&wanted, &name(&c));
                // The same name in another folder is as near as it gets.
                (score, c)
            })
            .filter(|(s, _)| *s >= 0.85)
            .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(&a.1)))?;
        Some(best.1)
    }
}

/// The link from the page at `from` to the site file `to` (both site paths),
/// as short as it can be written (`x.html`, `../contacts.html`).
pub fn relative(from: &str, to: &str) -> String {
    let mut from_dirs: Vec<&str> = from.split('/').collect();
    from_dirs.pop();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len().saturating_sub(1));
    let mut out = "../".repeat(from_dirs.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routes() -> Routes {
        Routes {
            pages: ["handbook/start.html", "handbook/first-response.html"]
                .map(String::from)
                .into(),
            records: ["INC-1".to_string()].into(),
            drills: HashSet::new(),
        }
    }

    #[test]
    fn knows_fixed_pages_content_pages_and_records() {
        let r = routes();
        assert!(r.has("contacts.html"));
        assert!(r.has("handbook/start.html"));
        assert!(r.has("incidents/INC-1.html"));
        assert!(r.has("incidents/INC-1/evidence/log.txt"));
        assert!(r.has("register/2026.html"));
        assert!(!r.has("handbook/missing.html"));
        assert!(!r.has("incidents/INC-2.html"));
        assert!(!r.has("handbook/img/x.png"));
    }

    #[test]
    fn suggests_the_nearest_page() {
        let r = routes();
        assert_eq!(
            r.nearest("handbook/first-responce.html").as_deref(),
            Some("handbook/first-response.html")
        );
        assert_eq!(
            r.nearest("incidents/handbook/start.html").as_deref(),
            Some("handbook/start.html")
        );
        assert_eq!(r.nearest("zzzzzz.png"), None);
    }

    #[test]
    fn relative_links() {
        assert_eq!(relative("handbook/a.html", "handbook/b.html"), "b.html");
        assert_eq!(
            relative("handbook/a.html", "contacts.html"),
            "../contacts.html"
        );
        assert_eq!(
            relative("incidents/X.html", "handbook/s.html"),
            "../handbook/s.html"
        );
        assert_eq!(relative("index.html", "handbook/s.html"), "handbook/s.html");
    }
}
