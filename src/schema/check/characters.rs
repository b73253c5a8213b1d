//! The characters of one text value against its field's class: control
//! characters (E112), bidi controls and zero-width characters (E111), an
//! id's character set (E110). The classes are `crate::chars`'s.

use super::{scalar_text, At, Ctx};
use crate::chars::{self, IdSyntax, Lines};
use crate::diagnostics::msg;
use crate::diagnostics::{codes, Diagnostic, Msg};
use crate::schema::fields::Chars;
use crate::yaml::{Node, Value};

/// A character as a message names it: visible ones quoted, with their code
/// point when they are not ASCII (a Cyrillic `С` looks like a Latin `C`).
fn char_named(c: char) -> String {
    if c == ' ' {
        "a space".into() // (English only: ids are ASCII)
    } else if c.is_ascii_graphic() {
        format!("`{c}`")
    } else if chars::is_control(c) || chars::is_hidden(c) || c.is_whitespace() {
        chars::describe(c)
    } else {
        format!("`{c}` ({})", chars::describe(c))
    }
}

/// The characters of one text value against its class: control characters
/// (E112), then bidi controls and zero-width characters (E111), then an id's
/// character set (E110). At most one diagnostic, at the value. True when
/// the value is clean.
pub(super) fn check_chars(ctx: &mut Ctx, node: &Node, class: Chars, path: &At) -> bool {
    let raw = match &node.value {
        Value::Str(s) => s.as_str(),
        // Numbers and booleans read as text are plain ASCII: only an id's
        // character set can refuse them (`id: 1.5` for a role).
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
            return match class {
                Chars::Id(syntax) => check_id(ctx, node, &scalar_text(node), syntax, path),
                _ => true,
            }
        }
        _ => return true,
    };
    let lines = match class {
        Chars::Text => Lines::Multi,
        _ => Lines::Single,
    };
    if let Some(found) = may_hold_control(raw, lines)
        .then(|| chars::find_control(raw, lines))
        .flatten()
    {
        let hint = match (found.ch, lines) {
            ('\n' | '\t', Lines::Single) => "E112.one_line_hint",
            _ => "E112.control_hint",
        };
        ctx.out.push(
            Diagnostic::new(
                codes::CONTROL_CHARACTER,
                ctx.file,
                node.pos,
                msg!(
                    "E112.control",
                    path = path,
                    what = found.describe(),
                    at = found.at
                ),
            )
            .hint(Msg::new(hint)),
        );
        return false;
    }
    if matches!(class, Chars::Visible | Chars::Id(_)) {
        if let Some(found) = chars::find_hidden(raw) {
            ctx.out.push(
                Diagnostic::new(
                    codes::INVISIBLE_CHARACTER,
                    ctx.file,
                    node.pos,
                    msg!(
                        "E111.invisible",
                        path = path,
                        value = chars::shown(raw),
                        what = found.describe(),
                        at = found.at
                    ),
                )
                .hint(msg!("E111.invisible_hint")),
            );
            return false;
        }
    }
    match class {
        Chars::Id(syntax) => check_id(ctx, node, raw.trim(), syntax, path),
        _ => true,
    }
}

/// Whether `raw` may hold a control character `lines` does not allow: a
/// byte below a space (but a line feed or tab in `Lines::Multi`), DEL, or
/// the first byte of a C1 control (U+0080–U+009F are `C2 80`–`C2 9F`).
/// Asked of every byte without a branch, so that a clean text (nearly
/// every one) is not decoded character by character.
fn may_hold_control(raw: &str, lines: Lines) -> bool {
    let multi = lines == Lines::Multi;
    raw.as_bytes().chunks(64).any(|chunk| {
        let mut maybe = false;
        for &b in chunk {
            maybe |=
                ((b < 0x20) & !(multi & ((b == b'\n') | (b == b'\t')))) | (b == 0x7f) | (b == 0xc2);
        }
        maybe
    })
}

/// An id's character set (E110), on the id as the model reads it (trimmed).
fn check_id(ctx: &mut Ctx, node: &Node, id: &str, syntax: IdSyntax, path: &At) -> bool {
    let Some(found) = chars::id_violation(id, syntax) else {
        return check_id_length(ctx, node, id, path);
    };
    let set = match syntax {
        IdSyntax::Name => Msg::new("E110.set_name"),
        IdSyntax::Record => Msg::new("E110.set_record"),
    };
    let hint = match chars::suggest_id(id, syntax) {
        Some(s) => msg!("E110.write_hint", id = s),
        None => {
            let example = match syntax {
                IdSyntax::Name => "`incident_manager`",
                IdSyntax::Record => "`INC-2026-001` or `A.5.24`",
            };
            msg!("E110.use_hint", set = set.clone(), example = example)
        }
    };
    let shown = chars::shown(id);
    let message = if found.at == 1 && syntax == IdSyntax::Record && found.ch.is_ascii() {
        msg!(
            "E110.begin",
            path = path,
            id = shown,
            ch = char_named(found.ch)
        )
    } else {
        msg!(
            "E110.chars",
            path = path,
            id = shown,
            set = set,
            ch = char_named(found.ch),
            at = found.at
        )
    };
    ctx.out
        .push(Diagnostic::new(codes::INVALID_ID, ctx.file, node.pos, message).hint(hint));
    false
}

/// An id's length (E110): it names pages, calendar files and folders, and
/// a path through a long one is more than Windows unpacks from a zip.
fn check_id_length(ctx: &mut Ctx, node: &Node, id: &str, path: &At) -> bool {
    let n = id.chars().count();
    if n <= chars::MAX_ID_CHARS {
        return true;
    }
    let message = msg!(
        "E110.too_long",
        path = path,
        id = chars::shown(id),
        n = n,
        max = chars::MAX_ID_CHARS
    );
    ctx.out.push(
        Diagnostic::new(codes::INVALID_ID, ctx.file, node.pos, message)
            .hint(msg!("E110.too_long_hint", max = chars::MAX_ID_CHARS)),
    );
    false
}

#[cfg(test)]
mod tests {
    use super::super::tests::{run, OK};
    use super::*;

    #[test]
    fn text_meets_its_field_class_at_the_value() {
        // Titles: one visible line.
        let d = run(&OK.replace("title: t", "title: \"VPN \\u202Egol.exe\""));
        assert_eq!(d, vec![("E111".into(), 2, 8)]);
        let d = run(&OK.replace("title: t", "title: \"a\\tb\""));
        assert_eq!(d, vec![("E112".into(), 2, 8)]);
        // Free text keeps newlines and tabs, but no other control character.
        assert_eq!(
            run(&OK.replace("summary: s", "summary: \"a\\n\\tb\\u202E\"")),
            vec![]
        );
        for c in ["\\0", "\\a", "\\e", "\\x7f", "\\N", "\\u0090"] {
            let d = run(&OK.replace("summary: s", &format!("summary: \"a{c}\"")));
            assert_eq!(d, vec![("E112".into(), 9, 10)], "{c}");
        }
        // Ids: their character set; references: visible, then E203 elsewhere.
        let d = run(&OK.replace("id: A", "id: \"INC 1\""));
        assert_eq!(d, vec![("E110".into(), 1, 5)]);
        let d = run(&OK.replace("id: A", "id: .A"));
        assert_eq!(d, vec![("E110".into(), 1, 5)]);
        let d = run(&OK.replace("id: A", "id: \"A\\u200B\""));
        assert_eq!(d, vec![("E111".into(), 1, 5)]);
        let d = run(&OK.replace("responsible: r", "responsible: \"r\\u202E\""));
        assert_eq!(d, vec![("E111".into(), 6, 14)]);
        // An enumeration with a control character: E112 alone, not also E103.
        let d = run(&OK.replace("status: open", "status: \"open\\u0007\""));
        assert_eq!(d, vec![("E112".into(), 5, 9)]);
    }

    /// The quick question never says "clean" of a text holding a control
    /// character the full check finds, wherever it falls.
    #[test]
    fn the_quick_control_question_misses_nothing_the_full_check_finds() {
        let mut texts = Vec::new();
        for k in 0..70 {
            let pad = "あa".repeat(k / 2) + &"b".repeat(k % 2);
            for c in [
                '\u{0}', '\u{1b}', '\t', '\n', '\r', '\u{7f}', '\u{85}', '\u{9f}', '\u{a0}', 'é',
                '語',
            ] {
                texts.push(format!("{pad}{c}{pad}"));
            }
        }
        for text in &texts {
            for lines in [Lines::Single, Lines::Multi] {
                let found = chars::find_control(text, lines);
                assert!(
                    may_hold_control(text, lines) || found.is_none(),
                    "{text:?} {lines:?}"
                );
            }
        }
        assert!(!may_hold_control("件名\n\tあ", Lines::Multi));
    }
}
