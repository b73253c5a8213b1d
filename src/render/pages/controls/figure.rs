//! What every figure builder shares: the views the template shows (a
//! figure, its rows and record links) and [`Ctx`], with the helpers for
//! translated text, ratios and capped record links.

use crate::analysis::controls::Facts;
use crate::present::Env;
use crate::render::pages::LinkView;
use serde::Serialize;

/// Records listed under a figure before "and N more".
pub const MAX_LINKS: usize = 12;

#[derive(Serialize, Default, Clone)]
pub(super) struct FigRow {
    pub(super) label: String,
    pub(super) href: Option<String>,
    pub(super) value: String,
    /// Highlights a row that needs attention.
    pub(super) alert: bool,
}

#[derive(Serialize, Default, Clone)]
pub(super) struct FigureView {
    /// Locale key under `controls.fig`.
    pub(super) key: &'static str,
    pub(super) value: String,
    pub(super) alert: bool,
    pub(super) detail: Option<String>,
    pub(super) rows: Vec<FigRow>,
    /// What the listed records are (locale key under `controls.records`).
    pub(super) records_key: Option<&'static str>,
    pub(super) records: Vec<LinkView>,
    pub(super) more: usize,
    /// Pages holding the full basis of the figure.
    pub(super) basis: Vec<LinkView>,
}

/// What every figure builder needs.
pub(super) struct Ctx<'a, 'e> {
    pub(super) env: &'a Env<'e>,
    pub(super) f: &'a Facts<'e>,
}

impl Ctx<'_, '_> {
    pub(super) fn t(&self, key: &str) -> String {
        self.env.t.get(key).to_string()
    }

    pub(super) fn ratio(&self, num: usize, den: usize) -> String {
        if den == 0 {
            return self.t("controls.no_data");
        }
        let pct = format!("{:.0}", num as f64 * 100.0 / den as f64);
        self.env.t.fmt(
            "controls.ratio",
            &[
                ("num", &num.to_string()),
                ("den", &den.to_string()),
                ("pct", &pct),
            ],
        )
    }

    pub(super) fn link(&self, href: &str, key: &str) -> LinkView {
        LinkView {
            href: href.to_string(),
            title: self.t(key),
        }
    }

    /// Links to records, capped; returns (links, how many more).
    pub(super) fn records(
        &self,
        ids: &[&str],
        note: impl Fn(&str) -> Option<String>,
    ) -> (Vec<LinkView>, usize) {
        let links = ids
            .iter()
            .take(MAX_LINKS)
            .map(|id| LinkView {
                href: crate::paths::site_href(super::PATH, &crate::paths::record_page(id)),
                title: note(id)
                    .map(|n| format!("{id} ({n})"))
                    .unwrap_or_else(|| id.to_string()),
            })
            .collect();
        (links, ids.len().saturating_sub(MAX_LINKS))
    }
}
