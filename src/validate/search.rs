//! E108 for `search.synonyms` in site.yaml: a group needs two words or
//! more (one word alone expands to nothing) and no empty word.

use super::Ctx;
use crate::diagnostics::{codes, msg, Diagnostic};

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for group in &ctx.content.site.synonyms {
        if let Some(empty) = group.words.iter().find(|w| w.value.trim().is_empty()) {
            out.push(
                Diagnostic::new(
                    codes::INVALID_VALUE,
                    "site.yaml",
                    empty.pos,
                    msg!("E108.synonym_empty"),
                )
                .hint(msg!("E108.synonym_empty_hint")),
            );
        } else if group.entries < 2 {
            out.push(
                Diagnostic::new(
                    codes::INVALID_VALUE,
                    "site.yaml",
                    group.pos,
                    msg!("E108.synonym_short", n = group.entries),
                )
                .hint(msg!("E108.synonym_short_hint")),
            );
        }
    }
}
