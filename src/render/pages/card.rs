//! `card.html` — what to print for the wall and the wallet: an A4 poster
//! (what to do first, whom to call, the levels in one line each, the QR code
//! of the report page) and a wallet-size card (the first-report phones and
//! the QR code), each one printed page. The QR code is drawn at build time
//! from `site.yaml`'s `base_url` + `report.html`; without `base_url` the
//! card says so instead of printing a code that leads nowhere.

use super::home::finder_steps;
use super::{contacts_for_role, page};
use crate::present::context::{duration_text, ContactView};
use crate::present::{Env, Nav, RenderError, Rendered};
use serde::Serialize;

/// This page in [`super::PAGES`].
pub const PAGE: super::PageKind = super::PageKind::single(|env, _| render(env)).without_records();

/// The page's path.
pub const PATH: &str = "card.html";

#[derive(Serialize)]
struct LevelLine {
    level: i64,
    name: String,
    role_name: String,
    report_within: Option<String>,
    contacts: Vec<ContactView>,
}

/// The address the QR code leads to: `base_url` (with a final `/`) and the
/// report page.
pub fn report_url(base: &str) -> String {
    let base = base.trim();
    let sep = if base.ends_with('/') { "" } else { "/" };
    format!("{base}{sep}{}", crate::paths::REPORT_ASSISTANT)
}

pub fn render(env: &Env) -> Result<Rendered, RenderError> {
    let c = env.content;
    let path = PATH.to_string();
    let title = env.t.get("card.title");
    // Only an address `check` accepts (E109 otherwise) becomes a code.
    let url = c
        .site
        .base_url
        .as_deref()
        .filter(|u| crate::model::contacts::web_href(u).is_some())
        .map(|u| report_url(u));
    let label = env.t.get("card.qr_label");
    let qr_big = url
        .as_deref()
        .and_then(|u| crate::svg::qr_svg(u, 200, label));
    let qr_small = url
        .as_deref()
        .and_then(|u| crate::svg::qr_svg(u, 96, label));
    let steps: Vec<String> = finder_steps(&c.policy.flow)
        .into_iter()
        .map(|n| n.label.clone())
        .collect();
    let first_contacts = super::first_report_contacts(env);
    let levels: Vec<LevelLine> = c
        .policy
        .levels
        .iter()
        .rev()
        .map(|l| LevelLine {
            level: l.level.value,
            name: l.name.clone(),
            role_name: env.role_name(&l.responsible).to_string(),
            report_within: l
                .report_within
                .as_ref()
                .map(|d| duration_text(d.value, &env.t)),
            contacts: contacts_for_role(env, &l.responsible),
        })
        .collect();
    let mut ctx = env.context(&path, Nav::Report, title);
    ctx.insert("url", &url);
    ctx.insert("qr_big", &qr_big);
    ctx.insert("qr_small", &qr_small);
    ctx.insert("steps", &steps);
    ctx.insert("first_contacts", &first_contacts);
    ctx.insert("levels", &levels);
    page(env, path, "card.html", &ctx, None)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_code_leads_to_the_report_page() {
        assert_eq!(
            super::report_url("https://isms.example.co.jp"),
            "https://isms.example.co.jp/report.html"
        );
        assert_eq!(
            super::report_url("https://intra.example.jp/isms/"),
            "https://intra.example.jp/isms/report.html"
        );
    }
}
