use super::phone::forbidden_character;
use super::Spanned;
use crate::diagnostics::{msg, Msg, Pos};

/// `contacts.yaml`.
#[derive(Clone, Debug, Default)]
pub struct Contacts {
    pub internal: Vec<InternalContact>,
    pub external: Vec<ExternalContact>,
    /// `document:`: version, approver, approval date.
    pub document: super::DocumentControl,
}

impl Contacts {
    /// Internal contacts holding `role`, in file order.
    pub fn for_role<'a>(&'a self, role: &'a str) -> impl Iterator<Item = &'a InternalContact> + 'a {
        self.internal.iter().filter(move |c| c.role.value == role)
    }

    pub fn external(&self, id: &str) -> Option<&ExternalContact> {
        self.external.iter().find(|c| c.id.value == id)
    }
}

/// Phone, e-mail and URL values keep their position, so `check` can point at
/// one that cannot become a link (`validate::contacts`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    /// How the name is read (`なかむら だいすけ`): looked for in free text
    /// like the name (`crate::analysis::names`).
    pub reading: Option<String>,
    pub phone: Option<Spanned<String>>,
    pub email: Option<Spanned<String>>,
    /// `after_hours`: the number that reaches the person at night and at
    /// weekends (a mobile), when it is not `phone`.
    pub after_hours: Option<Spanned<String>>,
}

#[derive(Clone, Debug)]
pub struct InternalContact {
    pub role: Spanned<String>,
    pub person: Person,
    pub first_report: bool,
    pub deputy: Option<Person>,
    pub pos: Pos,
}

#[derive(Clone, Debug)]
pub struct ExternalContact {
    pub id: Spanned<String>,
    pub name: String,
    pub phone: Option<Spanned<String>>,
    pub email: Option<Spanned<String>>,
    pub url: Option<Spanned<String>>,
    pub purpose: String,
}

/// Longest address SMTP carries (RFC 5321: 254 in a path).
const MAX_EMAIL: usize = 254;

/// Check that `text` is exactly one plain e-mail address, `local@domain`:
/// the local part of ASCII letters, digits and `. _ + -` (no dot first, last
/// or twice), the domain of two or more DNS labels (letters, digits, `-`).
/// Deliberately narrower than RFC 5322: no quoted local parts, comments,
/// display names, IP literals or non-ASCII addresses, and none of the
/// characters that mean something in a `mailto:` URI (`? & % # ,` and
/// spaces), so a `mailto:` built from the address can carry nothing but it.
/// `Err` holds the reason, for a diagnostic (E114's `why`).
pub fn check_email(text: &str) -> Result<(), Msg> {
    if let Some(why) = text.chars().find_map(forbidden_character) {
        return Err(msg!("E114.why_contains", why = why));
    }
    if text
        .get(..7)
        .is_some_and(|p| p.eq_ignore_ascii_case("mailto:"))
    {
        return Err(msg!("E114.why_mailto"));
    }
    if let Some(c) = text
        .chars()
        .find(|c| matches!(c, ',' | ';' | ' ' | '\u{3000}' | '、'))
    {
        return Err(msg!("E114.why_two", c = c));
    }
    if text.len() > MAX_EMAIL {
        return Err(msg!("E114.why_long", max = MAX_EMAIL));
    }
    let mut parts = text.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(msg!("E114.why_at"));
    };
    if local.is_empty() || local.len() > 64 {
        return Err(msg!("E114.why_local_length"));
    }
    if let Some(c) = local
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '-')))
    {
        return Err(msg!("E114.why_local_char", c = c));
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(msg!("E114.why_dots"));
    }
    check_domain(domain)
}

/// Two or more DNS labels of ASCII letters, digits and `-`.
fn check_domain(domain: &str) -> Result<(), Msg> {
    if let Some(c) = domain
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-')))
    {
        return Err(msg!("E114.why_domain_char", c = c));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 || domain.len() > 253 {
        return Err(msg!("E114.why_domain_dot"));
    }
    for l in &labels {
        if l.is_empty() || l.len() > 63 || l.starts_with('-') || l.ends_with('-') {
            return Err(msg!("E114.why_domain", domain = domain));
        }
    }
    if labels
        .last()
        .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(msg!("E114.why_domain", domain = domain));
    }
    Ok(())
}

/// The `mailto:` link for an address [`check_email`] accepts; `None` for
/// anything else (shown as text).
pub fn mailto_href(email: &str) -> Option<String> {
    check_email(email).ok().map(|()| format!("mailto:{email}"))
}

/// Check that `text` is a web address a contact may link to: `http://` or
/// `https://` (any case) and a host, with no whitespace, control or
/// invisible character, no `< > " \` and no user name before the host
/// (`https://www.ipa.go.jp@evil.example/` goes to evil.example).
pub fn check_url(text: &str) -> Result<(), Msg> {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &text[8..]
    } else if lower.starts_with("http://") {
        &text[7..]
    } else {
        return Err(msg!("E109.why_scheme"));
    };
    if let Some(why) = text.chars().find_map(forbidden_character) {
        return Err(msg!("E109.why_contains", why = why));
    }
    if let Some(c) = text
        .chars()
        .find(|&c| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\\' | '`'))
    {
        return Err(msg!("E109.why_char", c = c));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() {
        return Err(msg!("E109.why_no_host"));
    }
    if authority.contains('@') {
        return Err(msg!("E109.why_user"));
    }
    Ok(())
}

/// The link for a URL [`check_url`] accepts; `None` otherwise.
pub fn web_href(url: &str) -> Option<String> {
    check_url(url).ok().map(|()| url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_plain_address_is_an_email() {
        for ok in [
            "incident@example.co.jp",
            "d.nakamura@example.co.jp",
            "a+isms@example.com",
            "cs-support@ipa.go.jp",
            "A_B@Sub-1.Example.JP",
        ] {
            assert_eq!(check_email(ok), Ok(()), "{ok}");
            assert_eq!(mailto_href(ok), Some(format!("mailto:{ok}")));
        }
    }

    #[test]
    fn anything_that_could_add_to_a_mailto_link_is_refused() {
        for bad in [
            "a@example.jp?cc=b@example.jp",
            "a@example.jp&bcc=b@example.jp",
            "a@example.jp?body=x%0D%0Ay",
            "a%0D%0Abcc:b@example.jp",
            "a@example.jp,b@example.jp",
            "a@example.jp; b@example.jp",
            "a@example.jp b@example.jp",
            "a@example.jp\nb@example.jp",
            "田中 <a@example.jp>",
            "<a@example.jp>",
            "mailto:a@example.jp",
            "a@b@example.jp",
            "a@example.jp#x",
            "not an address",
            "a@localhost",
            "a@example.",
            "a@-example.jp",
            "a@1.2.3.4",
            ".a@example.jp",
            "a..b@example.jp",
            "a@例え.jp",
            "山田@example.jp",
            "a\u{202E}@example.jp",
            "",
        ] {
            assert!(check_email(bad).is_err(), "{bad:?} accepted");
            assert_eq!(mailto_href(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn only_plain_web_addresses_are_contact_links() {
        for ok in [
            "https://www.ipa.go.jp/security/anshin/",
            "http://example.jp",
            "HTTPS://example.jp/a?b=c#d",
            "https://example.jp/日本語",
        ] {
            assert_eq!(check_url(ok), Ok(()), "{ok}");
            assert_eq!(web_href(ok).as_deref(), Some(ok));
        }
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "ftp://example.jp/",
            "www.ipa.go.jp",
            "//example.jp",
            "https://",
            "https:///path",
            "https://www.ipa.go.jp@evil.example/",
            "https://example.jp/a b",
            "https://example.jp/\u{202E}",
            "https://example.jp/\"onmouseover=x",
            "",
        ] {
            assert!(check_url(bad).is_err(), "{bad:?} accepted");
            assert_eq!(web_href(bad), None, "{bad:?}");
        }
    }
}
