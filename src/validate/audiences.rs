//! The policy's audiences: every `hide` entry names a field that can be
//! hidden (a typo would silently publish the field), and the default
//! audience is declared.

use crate::diagnostics::msg;
use crate::diagnostics::{codes, suggest, Diagnostic};
use crate::model::Content;
use crate::schema::hideable;

/// Report hide paths that name no field (a typo would silently publish data).
pub fn check_policy(content: &Content) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for a in &content.policy.audiences {
        for h in &a.rule.hide {
            if !hideable().contains(&h.as_str()) {
                let mut d = Diagnostic::new(
                    codes::UNKNOWN_REFERENCE,
                    "policy.yaml",
                    crate::diagnostics::Pos::START,
                    msg!("E203.hide_unknown", audience = &a.id, field = h),
                );
                d = match suggest(h, hideable().iter().copied()) {
                    Some(s) => d.hint(msg!("suggest.did_you_mean", id = s)),
                    None => d.hint(msg!("E203.hideable_hint", list = hideable().join(", "))),
                };
                out.push(d);
            }
        }
    }
    let ids: Vec<&str> = content
        .policy
        .audiences
        .iter()
        .map(|a| a.id.as_str())
        .collect();
    if !ids.contains(&content.policy.default_audience.as_str()) {
        out.push(
            Diagnostic::new(
                codes::UNKNOWN_REFERENCE,
                "policy.yaml",
                crate::diagnostics::Pos::START,
                msg!(
                    "E203.default_audience",
                    id = &content.policy.default_audience
                ),
            )
            .hint(msg!("suggest.use_one_of", list = ids.join(", "))),
        );
    }
    out
}
