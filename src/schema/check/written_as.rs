//! Values written in another form than their field's: a number, date or
//! duration in full-width characters (E015), a level as words (E102), a
//! date written another way (the hint of E105). Each says what to write.

use super::{scalar_text, type_msg, At, Ctx};
use crate::diagnostics::msg;
use crate::diagnostics::{codes, Diagnostic, Msg, Pos};
use crate::schema::fields::Ty;
use crate::schema::written;
use crate::yaml::Node;

/// E102 for a level written as words (`レベル2`, `Level 2`): the number to
/// write when the text holds exactly one.
pub(super) fn level_not_number(ctx: &mut Ctx, node: &Node, path: &At) {
    let digits: Vec<String> = node
        .as_str()
        .map(written::narrow)
        .unwrap_or_default()
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let hint = match digits.as_slice() {
        [n] => msg!("E102.level_digits_hint", n = n),
        _ => Msg::new("E102.level_number_hint"),
    };
    // The written value rides along (the message does not show it) for the
    // hint `validate::level_names` gives with the policy's level names.
    let message = msg!(
        "E102.wrong",
        path = path,
        expected = Msg::new("types.level_number"),
        found = type_msg(node),
        value = scalar_text(node)
    );
    ctx.out
        .push(Diagnostic::new(codes::WRONG_TYPE, ctx.file, node.pos, message).hint(hint));
}

/// E015 when a number, date or duration is written with full-width
/// characters: at the first one, with the value to write. True when found.
pub(super) fn fullwidth(ctx: &mut Ctx, node: &Node, ty: &Ty, path: &At) -> bool {
    let Some(s) = node.as_str() else { return false };
    let Some((at, ch)) = written::first_wide(s) else {
        return false;
    };
    let narrow = written::narrow(s.trim());
    let fixed = match ty {
        // A month (`2023-05`) only where a month is taken: not in a date field.
        Ty::DateTime | Ty::DateTimeOrUnknown | Ty::Date | Ty::Day => {
            written::normalise_date(&narrow, ctx.tz)
                .filter(|f| f.len() != 7 || !matches!(ty, Ty::Day))
                .unwrap_or(narrow)
        }
        _ => narrow,
    };
    let pos = Pos {
        col: node.pos.col + at as u32,
        ..node.pos
    };
    ctx.out.push(
        Diagnostic::new(
            codes::FULLWIDTH_DIGITS,
            ctx.file,
            pos,
            msg!("E015.wide", path = path, ch = ch),
        )
        .hint(msg!("E015.wide_hint", fixed = fixed)),
    );
    true
}

/// The hint of E105: the normalised date when `node` is one written
/// another way (`2026/4/1`), else what makes it impossible (`2026-13-01`,
/// `25:10`), else `otherwise`.
pub(super) fn date_hint(
    ctx: &Ctx,
    node: &Node,
    date_only: bool,
    month_ok: bool,
    otherwise: &'static str,
) -> Msg {
    match node
        .as_str()
        .and_then(|s| written::normalise_date(s, ctx.tz))
    {
        // A month: what a datetime or a record's date field takes when
        // only the month is known; a document's day is not invented.
        Some(fixed) if fixed.len() == 7 => {
            if !month_ok {
                Msg::new(otherwise)
            } else {
                msg!("E105.month_hint", fixed = fixed)
            }
        }
        Some(fixed) => {
            let fixed = if date_only {
                fixed.chars().take(10).collect()
            } else {
                fixed
            };
            msg!("E105.normalised_hint", fixed = fixed)
        }
        None => node
            .as_str()
            .and_then(written::impossible)
            .unwrap_or(Msg::new(otherwise)),
    }
}
