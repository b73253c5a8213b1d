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
    /// The folders holding record files (`incidents/2026/`), and drill
    /// files: an id is looked up in the sorted list of sources under each
    /// (no set of every id is made: 100,000 records would cost megabytes).
    record_dirs: BTreeSet<String>,
    drill_dirs: BTreeSet<String>,
    /// Ids of records and drills loaded whole but not listed as sources
    /// (content made by hand, as in unit tests).
    loaded: HashSet<String>,
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
        let dirs = |under: &str| -> BTreeSet<String> {
            content
                .sources
                .iter()
                .filter(|s| s.starts_with(under))
                .filter_map(|s| s.rsplit_once('/').map(|(d, _)| format!("{d}/")))
                .collect()
        };
        // Only what no listed file holds: cloning every id of a 100,000-record
        // register would cost megabytes the sorted sources already answer.
        let unlisted = |file: &String| content.sources.binary_search(file).is_err();
        let loaded = content
            .incidents
            .iter()
            .filter(|i| unlisted(&i.file))
            .map(|i| i.id.value.clone())
            .chain(
                content
                    .drills
                    .iter()
                    .filter(|d| unlisted(&d.file))
                    .map(|d| d.id.value.clone()),
            )
            .filter(|id| !id.is_empty())
            .collect();
        Routes {
            pages,
            record_dirs: dirs("incidents/"),
            drill_dirs: dirs("drills/"),
            loaded,
        }
    }

    /// Whether a file `<dir><id>.yaml` (or `.yml`) is among `sources` for
    /// one of `dirs`.
    fn listed(dirs: &BTreeSet<String>, sources: &[String], id: &str) -> bool {
        dirs.iter().any(|d| {
            ["yaml", "yml"].iter().any(|ext| {
                let file = format!("{d}{id}.{ext}");
                sources.binary_search(&file).is_ok()
            })
        })
    }

    fn is_record(&self, sources: &[String], id: &str) -> bool {
        !id.is_empty() && (self.loaded.contains(id) || Self::listed(&self.record_dirs, sources, id))
    }

    fn is_drill(&self, sources: &[String], id: &str) -> bool {
        !id.is_empty() && (self.loaded.contains(id) || Self::listed(&self.drill_dirs, sources, id))
    }

    /// Whether the site will have a file at `path` (a site path, `/`
    /// separated, not encoded).
    /// `sources`: the content's sources, sorted ([`Content::sources`]).
    pub fn has(&self, sources: &[String], path: &str) -> bool {
        if crate::paths::FIXED_FILES.contains(&path) || self.pages.contains(path) {
            return true;
        }
        if MADE_FOLDERS.iter().any(|f| path.starts_with(f)) {
            return true;
        }
        if let Some(rest) = path.strip_prefix("incidents/") {
            return match rest.split_once('/') {
                // An evidence copy: there when its record is.
                Some((id, _)) => self.is_record(sources, id),
                None => [".html", ".ics"].iter().any(|ext| {
                    rest.strip_suffix(ext)
                        .is_some_and(|id| self.is_record(sources, id))
                }),
            };
        }
        if let Some(id) = path
            .strip_prefix("drills/")
            .and_then(|r| r.strip_suffix(".html"))
        {
            return self.is_drill(sources, id);
        }
        false
    }

    /// Whether a page's path is `path` with invisible characters in it
    /// (`templates/first<U+2066>-report.html`): the link is not dead but
    /// the file's name is wrong, which E111 reports on the file.
    pub fn has_hidden_twin(&self, path: &str) -> bool {
        self.pages.iter().any(|p| {
            p.chars().any(crate::chars::is_hidden)
                && p.chars()
                    .filter(|c| !crate::chars::is_hidden(*c))
                    .eq(path.chars())
        })
    }

    /// Whether `path` is a handbook or template page (made from a Markdown
    /// file, so a link may name it by its `.md`).
    pub fn is_source_page(&self, path: &str) -> bool {
        self.pages.contains(path)
    }

    /// The existing page whose path is nearest to `path` (a misspelt name,
    /// a page in another folder), when one is near enough to be meant.
    /// Whether the page is made from a Markdown source is [`Routes::is_source_page`].
    pub fn nearest(&self, sources: &[String], path: &str) -> Option<String> {
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
        // Only a record or drill of that very id: the register is too long
        // to suggest the nearest of its ids.
        let exact = (self.is_record(sources, &wanted))
            .then(|| format!("incidents/{wanted}.html"))
            .or_else(|| {
                self.is_drill(sources, &wanted)
                    .then(|| format!("drills/{wanted}.html"))
            })
            .filter(|p| p != path);
        if exact.is_some() {
            return exact;
        }
        // Never a name nobody can type (E111 reports the file's name).
        let typeable = |c: &String| {
            !c.chars()
                .any(|ch| crate::chars::is_hidden(ch) || ch.is_control())
        };
        let best = candidates
            .filter(|c| c != path && typeable(c))
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
            record_dirs: ["incidents/2026/".to_string()].into(),
            ..Routes::default()
        }
    }

    fn sources() -> Vec<String> {
        vec![
            "handbook/start.md".into(),
            "incidents/2026/INC-1.yaml".into(),
        ]
    }

    #[test]
    fn knows_fixed_pages_content_pages_and_records() {
        let (r, s) = (routes(), sources());
        assert!(r.has(&s, "contacts.html"));
        assert!(r.has(&s, "handbook/start.html"));
        assert!(r.has(&s, "incidents/INC-1.html"));
        assert!(r.has(&s, "incidents/INC-1/evidence/log.txt"));
        assert!(r.has(&s, "register/2026.html"));
        assert!(!r.has(&s, "handbook/missing.html"));
        assert!(!r.has(&s, "incidents/INC-2.html"));
        assert!(!r.has(&s, "handbook/img/x.png"));
    }

    #[test]
    fn listed_records_are_answered_from_the_sources_not_copied() {
        let record = |file: &str, id: &str| {
            let mut inc = crate::model::Incident::sample();
            inc.file = file.to_string();
            inc.id.value = id.to_string();
            inc
        };
        let c = Content {
            incidents: vec![
                record("incidents/2026/INC-1.yaml", "INC-1"),
                // Made by hand (no file read): only known from the record.
                record("", "INC-9"),
            ],
            sources: vec!["incidents/2026/INC-1.yaml".into()],
            ..Content::default()
        };
        let r = Routes::of(&c);
        assert_eq!(r.loaded.len(), 1, "{:?}", r.loaded);
        assert!(r.has(&c.sources, "incidents/INC-1.html"));
        assert!(r.has(&c.sources, "incidents/INC-9.html"));
        assert!(!r.has(&c.sources, "incidents/INC-2.html"));
    }

    #[test]
    fn suggests_the_nearest_page() {
        let (r, s) = (routes(), sources());
        assert_eq!(
            r.nearest(&s, "handbook/first-responce.html").as_deref(),
            Some("handbook/first-response.html")
        );
        assert_eq!(
            r.nearest(&s, "incidents/handbook/start.html").as_deref(),
            Some("handbook/start.html")
        );
        assert_eq!(r.nearest(&s, "zzzzzz.png"), None);
        assert_eq!(
            r.nearest(&s, "handbook/INC-1.html").as_deref(),
            Some("incidents/INC-1.html")
        );
    }

    #[test]
    fn a_page_named_with_an_invisible_character_is_not_offered() {
        let mut r = routes();
        r.pages.insert("templates/first\u{2066}-report.html".into());
        assert!(r.has_hidden_twin("templates/first-report.html"));
        assert!(!r.has_hidden_twin("templates/other.html"));
        let near = r.nearest(&sources(), "templates/first-reprt.html");
        assert!(!near.is_some_and(|p| p.contains('\u{2066}')));
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
