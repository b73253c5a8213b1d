//! `contacts.html` — internal contacts by role (with deputies; roles nobody
//! holds are listed too, so a gap is visible) and external contacts (IPA,
//! JPCERT/CC, police, PPC ...).

use super::{page, plain_meta};
use crate::model::contacts::web_href;
use crate::present::context::{mailto_href, tel_href, ContactView};
use crate::present::{Env, Nav, RenderError, Rendered};
use serde::Serialize;

/// This page in [`super::PAGES`].
pub const PAGE: super::PageKind = super::PageKind::single(|env, _| render(env));

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

pub fn render(env: &Env) -> Result<Rendered, RenderError> {
    let c = env.content;
    let path = "contacts.html".to_string();
    let title = env.t.get("contacts.title");
    let finder = super::home::finder_role(&c.policy.flow);
    let mut roles: Vec<RoleView> = c
        .policy
        .roles
        .iter()
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
    // The first-report chain first, in the order contacts.yaml gives it;
    // the finder's own role last.
    let chain_pos = |r: &RoleView| {
        c.contacts
            .internal
            .iter()
            .position(|x| x.first_report && format!("role-{}", x.role.value) == r.anchor)
    };
    roles.sort_by_key(|r| (!r.first_report, r.finder, chain_pos(r)));
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
    ctx.insert("external", &external);
    page(
        env,
        path,
        "contacts.html",
        &ctx,
        plain_meta("contacts", title),
    )
}
