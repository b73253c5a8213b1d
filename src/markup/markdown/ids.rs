//! Heading ids: unique per page, never one the page templates use.

use std::collections::HashSet;
use unicode_normalization::UnicodeNormalization;

/// Ids used by the page templates; Markdown headings never take them.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "top",
    "site-header",
    "site-nav",
    "site-search",
    "site-search-q",
    "search-form",
    "search-input",
    "search-facets",
    "search-results",
    "search-help",
    "search-status",
    "search-i18n",
    "register-filters",
    "register-count",
    "register-table",
    "filter-level",
    "filter-category",
    "filter-status",
    "filter-stage",
    "filter-year",
    "filter-text",
    "filter-reset",
    "toc",
    "toc-heading",
    "footnotes",
    // card.html, index.html
    "situations-h",
    "poster-h",
    "wallet-h",
    // Record, report, drill and audit pages (every literal `id` of the default
    // theme's templates; `reserved_ids_cover_the_theme` keeps this in step).
    "deviations",
    "deviations-h",
    "not-applicable",
    "predates-policy",
    "predating",
    "predating-h",
    "nc-by-kind-h",
    "nc-reviews-h",
    "nc-all",
    "nc-all-h",
    "nc-na-h",
    "nc-pre-h",
    "signoff-h",
    "late",
    "late-h",
    "document-control",
    "document-control-h",
    "manifest-hash",
    "deadlines",
    "deadlines-h",
    "drafts",
    "drafts-h",
    "overview-h",
    "dates-h",
    "summary-h",
    "impact-h",
    "assessment-h",
    "cause-h",
    "syscfg-h",
    "timeline-h",
    "notifications",
    "notifications-h",
    "actions",
    "actions-h",
    "lessons-h",
    "evidence",
    "evidence-h",
    "evidence-files",
    "evidence-files-h",
    "evidence-coverage",
    "evidence-coverage-h",
    "history",
    "history-h",
    "scenario-h",
    "findings-h",
    "handbook-pages-h",
    "template-pages-h",
    "controls-toc-h",
    "rules-toc-h",
    "s1-h",
    "s2-h",
    "s3-h",
    "s4-h",
    "s5-h",
    "s6-h",
    "s7-h",
    "s8-h",
    "s9-h",
    "first-heading",
    "entry-heading",
    "call-heading",
    "levels-heading",
    "flow-steps",
    "register-empty",
    "sources",
    "sources-h",
    "skeleton-h",
    "outputs",
    "outputs-h",
    "all-actions",
    "all-actions-h",
    "actions-on-time",
    "actions-on-time-h",
    "overdue",
    "overdue-h",
    "years",
    "years-h",
    "quarters",
    "quarters-h",
    "times",
    "times-h",
    "times-quarters",
    "verify-h",
    "means-h",
    "open-closed-h",
    "by-month-h",
    "by-level-h",
    "by-category-h",
    "by-control",
    "by-control-h",
    "internal-h",
    "external-h",
    // The case book (`cases.html`, `booklet.html`).
    "by-category",
    "by-level",
    "by-theme",
    "all-cases",
    "register-listings-h",
    "register-newest",
];

/// Prefixes of the ids the templates make from policy and contact ids
/// (`control-A.5.24`, `role-ciso`, `level-3` …). A heading whose slug starts
/// with one gets `h-` in front, so it cannot take such an id.
pub const RESERVED_PREFIXES: &[&str] = &[
    "control-", "rule-", "role-", "ext-", "step-", "level-", "notify-", "case-", "assist-",
];

/// Whether `id` is one the page templates use (or may make).
pub fn is_reserved_id(id: &str) -> bool {
    RESERVED_IDS.contains(&id) || RESERVED_PREFIXES.iter().any(|p| id.starts_with(p))
}

/// Hands out ids that are unique within one page.
#[derive(Clone, Debug, Default)]
pub struct Slugger {
    used: HashSet<String>,
}

impl Slugger {
    /// A slugger that already knows the template's own ids.
    pub fn for_page() -> Slugger {
        Slugger::default()
    }

    pub(super) fn is_free(&self, id: &str) -> bool {
        !is_reserved_id(id) && !self.used.contains(id)
    }

    /// `base`, or `base-2`, `base-3` ... whichever is free (`h-base` … when
    /// `base` has the form of an id the templates make).
    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        let prefixed;
        let base = if RESERVED_PREFIXES.iter().any(|p| base.starts_with(p)) {
            prefixed = format!("h-{base}");
            prefixed.as_str()
        } else {
            base
        };
        if self.is_free(base) {
            self.used.insert(base.to_string());
            return base.to_string();
        }
        let mut n = 2;
        loop {
            let candidate = format!("{base}-{n}");
            if self.is_free(&candidate) {
                self.used.insert(candidate.clone());
                return candidate;
            }
            n += 1;
        }
    }
}

/// A URL fragment from heading text: NFKC (full-width Latin becomes ASCII),
/// lower case, letters and digits of every script kept (Japanese headings
/// stay readable), spaces and `-`/`_` become one `-`, other punctuation goes.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.nfkc().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else if c.is_whitespace() || c == '-' || c == '_' {
            dash = true;
        }
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}
