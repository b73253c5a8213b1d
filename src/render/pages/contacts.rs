//! `contacts.html` — internal contacts by role (with deputies; roles nobody
//! holds are listed too, so a gap is visible) and external contacts (IPA,
//! JPCERT/CC, police, PPC ...).

use super::page;
use crate::model::contacts::web_href;
use crate::present::context::{mailto_href, tel_href, ContactView};
use crate::present::{Env, Nav, RenderError, Rendered};
use serde::Serialize;

/// This page in [`super::PAGES`].
pub const PAGE: super::PageKind = super::PageKind::single(|env, _| render(env))
    .searchable(crate::render::documents::policy::contacts)
    .without_records();

#[derive(Serialize)]
struct RoleView {
    anchor: String,
    name: String,
    contacts: Vec<ContactView>,
    /// Holds a first-report contact: listed first, marked as such.
    first_report: bool,
    /// The finder's own role (the actor of the flow's start): its entry is
    /// shown as information, never as a number to call for a report.
    finder: bool,
}

#[derive(Serialize)]
struct ExternalView {
    anchor: String,
    name: String,
    purpose: String,
    phone: Option<String>,
    tel: Option<String>,
    email: Option<String>,
    mailto: Option<String>,
    url: Option<String>,
}

/// The roles in the page's order: the first-report chain first (in the
/// order of contacts.yaml), the finder's own desk last, the rest in policy
/// order.
pub(crate) fn roles_in_order(c: &crate::model::Content) -> Vec<&crate::model::Role> {
    let finder = super::home::finder_role(&c.policy.flow);
    let first_report = |r: &crate::model::Role| c.contacts.for_role(&r.id).any(|x| x.first_report);
    let chain_pos = |r: &crate::model::Role| {
        c.contacts
            .internal
            .iter()
            .position(|x| x.first_report && x.role.value == r.id.value)
    };
    let mut roles: Vec<&crate::model::Role> = c.policy.roles.iter().collect();
    roles.sort_by_key(|r| {
        (
            !first_report(r),
            finder == Some(r.id.value.as_str()),
            chain_pos(r),
        )
    });
    roles
}

pub fn render(env: &Env) -> Result<Rendered, RenderError> {
    let c = env.content;
    let path = "contacts.html".to_string();
    let title = env.t.get("contacts.title");
    let finder = super::home::finder_role(&c.policy.flow);
    let roles: Vec<RoleView> = roles_in_order(c)
        .into_iter()
        .map(|r| RoleView {
            anchor: format!("role-{}", r.id.value),
            name: r.name.clone(),
            contacts: c
                .contacts
                .for_role(&r.id)
                .map(|x| ContactView::new(x, &r.name))
                .collect(),
            first_report: c.contacts.for_role(&r.id).any(|x| x.first_report),
            finder: finder == Some(r.id.value.as_str()),
        })
        .collect();
    let external: Vec<ExternalView> = c
        .contacts
        .external
        .iter()
        .map(|e| ExternalView {
            anchor: format!("ext-{}", e.id.value),
            name: e.name.clone(),
            purpose: e.purpose.clone(),
            phone: e.phone.as_ref().map(|s| s.value.clone()),
            tel: e.phone.as_deref().and_then(|s| tel_href(s)),
            email: e.email.as_ref().map(|s| s.value.clone()),
            mailto: e.email.as_deref().and_then(|s| mailto_href(s)),
            // Only plain web addresses become links (anything else is E109
            // in `check`, and never a link here).
            url: e.url.as_deref().and_then(|u| web_href(u)),
        })
        .collect();
    let mut ctx = env.context(&path, Nav::Contacts, title);
    ctx.insert("roles", &roles);
    ctx.insert(
        "doc",
        &crate::present::document::document_view(
            env,
            "contacts.yaml",
            &env.content.contacts.document,
        ),
    );
    ctx.insert("external", &external);
    page(env, path, "contacts.html", &ctx, None)
}
