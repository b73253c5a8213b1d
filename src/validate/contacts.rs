//! `contacts.yaml`: every phone number, e-mail address and URL must be one
//! the site can turn into a link that does what the page shows. Phone numbers
//! are read by [`crate::model::phone`] (E113), e-mail values must be exactly
//! one plain address (E114), URLs must be `http(s)` (E109). The renderer uses
//! the same readers, so a value refused here is never a link.

use super::Ctx;
use crate::diagnostics::msg;
use crate::diagnostics::{codes, Diagnostic};
use crate::model::contacts::{check_email, check_url};
use crate::model::{phone, Person, Spanned};

const FILE: &str = "contacts.yaml";

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    if let Some(url) = &ctx.content.site.base_url {
        // The pages' addresses are made by appending to it (the card's QR
        // code is base_url + report.html): a query or a fragment would end
        // up before the page's name.
        let whole = check_url(url).and_then(|()| match url.find(['?', '#']) {
            Some(_) => Err(msg!("E109.why_base_query")),
            None => Ok(()),
        });
        if let Err(why) = whole {
            out.push(
                Diagnostic::new(
                    codes::UNSAFE_URL,
                    "site.yaml",
                    url.pos,
                    msg!("E109.base_url", why = why),
                )
                .hint(msg!("E109.base_url_hint")),
            );
        }
    }
    let contacts = &ctx.content.contacts;
    for c in &contacts.internal {
        person(&c.person, out);
        if let Some(d) = &c.deputy {
            person(d, out);
        }
    }
    for e in &contacts.external {
        check_phone(e.phone.as_ref(), "phone", out);
        check_mail(e.email.as_ref(), out);
        if let Some(url) = &e.url {
            if let Err(why) = check_url(url) {
                out.push(
                    Diagnostic::new(
                        codes::UNSAFE_URL,
                        FILE,
                        url.pos,
                        msg!("E109.contact_url", why = why),
                    )
                    .hint(msg!("E109.contact_url_hint")),
                );
            }
        }
    }
}

fn person(p: &Person, out: &mut Vec<Diagnostic>) {
    check_phone(p.phone.as_ref(), "phone", out);
    check_phone(p.after_hours.as_ref(), "after_hours", out);
    check_mail(p.email.as_ref(), out);
}

fn check_phone(value: Option<&Spanned<String>>, key: &str, out: &mut Vec<Diagnostic>) {
    let Some(v) = value else { return };
    if let Err(e) = phone::parse(v) {
        out.push(
            Diagnostic::new(
                codes::INVALID_PHONE,
                FILE,
                v.pos,
                msg!("E113.unreadable", key = key, why = e.why),
            )
            .hint(msg!("E113.unreadable_hint")),
        );
    }
}

fn check_mail(value: Option<&Spanned<String>>, out: &mut Vec<Diagnostic>) {
    let Some(v) = value else { return };
    // A control character is already E112 (one diagnostic per value).
    if v.value.chars().any(crate::chars::is_control) {
        return;
    }
    if let Err(why) = check_email(v) {
        out.push(
            Diagnostic::new(
                codes::INVALID_EMAIL,
                FILE,
                v.pos,
                msg!("E114.not_one", why = why),
            )
            .hint(msg!("E114.not_one_hint")),
        );
    }
}
