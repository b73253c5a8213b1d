//! `contacts.yaml`: every phone number, e-mail address and URL must be one
//! the site can turn into a link that does what the page shows. Phone numbers
//! are read by [`crate::model::phone`] (E113), e-mail values must be exactly
//! one plain address (E114), URLs must be `http(s)` (E109). The renderer uses
//! the same readers, so a value refused here is never a link.

use super::Ctx;
use crate::diagnostics::{codes, Diagnostic};
use crate::model::contacts::{check_email, check_url};
use crate::model::{phone, Person, Spanned};

const FILE: &str = "contacts.yaml";

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    if let Some(url) = &ctx.content.site.base_url {
        if let Err(why) = check_url(url) {
            out.push(
                Diagnostic::new(codes::UNSAFE_URL, "site.yaml", url.pos, format!("`base_url` cannot be the address of the site: {why}"))
                    .hint("write where the site is published, in full, e.g. `base_url: https://isms.example.co.jp/`"),
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
                    Diagnostic::new(codes::UNSAFE_URL, FILE, url.pos, format!("`url` cannot be a link: {why}"))
                        .hint("write the web address in full, starting with `https://` (e.g. `https://www.ipa.go.jp/`)"),
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
            Diagnostic::new(codes::INVALID_PHONE, FILE, v.pos, format!("`{key}` cannot be read: {}", e.message))
                .hint("write one number as it is dialled, e.g. `03-6712-4103`, `+81 (0)3-6712-4103`, `03-6712-4102 内線 7` or `0120-123-456 (24h)`; put another number in another contact"),
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
            Diagnostic::new(codes::INVALID_EMAIL, FILE, v.pos, format!("`email` is not one address: {why}"))
                .hint("write exactly one address such as `incident@example.co.jp`, without a name, `mailto:`, `?cc=` or a second address"),
        );
    }
}
