//! Search documents made from the model, one function per kind of page,
//! beside (never from) the rendered page: a record's fields and texts, a
//! handbook page's or template's Markdown as plain text, the policy and
//! contact facts the guidance pages show. What a page adds around them —
//! navigation (previous/next links, breadcrumbs, side lists, tables of
//! contents), headings and labels of the template, notices such as "no
//! history" — is never in a document, so it can neither match a query nor
//! fill a snippet. Nothing here renders a page: `serve` and a streaming
//! build can make the documents of a record without its page.
//!
//! Each function mirrors what its page shows to the build's audience (the
//! model is already redacted, and fields the view hides are left out here
//! as on the page), so the index still holds no text a reader of the
//! build cannot see.

pub mod case;
pub mod drill;
pub mod guidance;
pub mod policy;
pub mod record;

use crate::markup::markdown::{self, Slugger};
use crate::present::context::ContactView;
use crate::search::{Facets, SearchDoc};

/// The plain text of a document, built piece by piece: white space
/// collapsed to single spaces and pieces separated by one space, as the
/// page's own text reads.
#[derive(Default)]
pub(crate) struct Body(String);

impl Body {
    /// A body that starts with the page's heading, as the page does: a
    /// snippet of a page found by its title shows the title.
    pub(crate) fn headed(title: &str) -> Body {
        let mut body = Body::default();
        body.push(title);
        body
    }

    /// Appends one piece of text (nothing for an empty one).
    pub(crate) fn push(&mut self, text: &str) {
        for word in text.split_whitespace() {
            if !self.0.is_empty() {
                self.0.push(' ');
            }
            self.0.push_str(word);
        }
    }

    /// Appends an optional piece of text.
    pub(crate) fn push_opt(&mut self, text: Option<&str>) {
        if let Some(t) = text {
            self.push(t);
        }
    }

    /// Appends the text a reader sees of Markdown `md` (links, emphasis
    /// and markup gone; code and list items kept as words).
    pub(crate) fn push_markdown(&mut self, md: &str) {
        if md.trim().is_empty() {
            return;
        }
        let html = markdown::render(md, &mut Slugger::for_page()).html;
        self.push(&crate::markup::text::visible_text(&html));
    }

    /// Appends what a contact card shows: the person's name, numbers and
    /// address, and the deputy's (the role name is the caller's to add).
    pub(crate) fn push_contact(&mut self, c: &ContactView) {
        for p in std::iter::once(&c.person).chain(c.deputy.as_ref()) {
            self.push(&p.name);
            self.push_opt(p.phone.as_deref().filter(|_| p.tel.is_some()));
            self.push_opt(
                p.after_hours
                    .as_deref()
                    .filter(|_| p.after_hours_tel.is_some()),
            );
            self.push_opt(p.email.as_deref().filter(|_| p.mailto.is_some()));
        }
    }

    /// Appends the level badge a page shows (`レベル2`).
    pub(crate) fn push_level(&mut self, env: &crate::present::Env, level: i64) {
        self.push(
            &env.t
                .get("common.level_n")
                .replace("{n}", &level.to_string()),
        );
    }

    pub(crate) fn into_string(self) -> String {
        self.0
    }
}

/// A document with no facets.
pub(crate) fn plain(url: String, kind: &str, title: &str, body: Body) -> SearchDoc {
    SearchDoc {
        url,
        kind: kind.to_string(),
        title: title.to_string(),
        body: body.into_string(),
        facets: Facets::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::Body;

    #[test]
    fn pieces_are_joined_by_one_space_and_white_space_collapses() {
        let mut b = Body::default();
        b.push("  ランサムウェア\n感染 ");
        b.push("");
        b.push_opt(None);
        b.push("VPN\u{3000}接続");
        assert_eq!(b.into_string(), "ランサムウェア 感染 VPN 接続");
    }

    #[test]
    fn markdown_becomes_the_text_a_reader_sees() {
        let mut b = Body::default();
        b.push_markdown("## 原因\n\n**パスワード**を[付箋](https://example.com)に書いた。\n\n- 一つ目\n- 二つ目\n");
        assert_eq!(
            b.into_string(),
            "原因 パスワードを付箋に書いた。 一つ目 二つ目"
        );
    }
}
