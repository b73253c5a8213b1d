//! Phone numbers as people write them in `contacts.yaml`, read strictly
//! enough that the `tel:` link dials exactly the number the page shows.
//!
//! Accepted: one number of ASCII or full-width digits (full-width forms are
//! read the way NFKC reads them: `０３－６７１２` is `03-6712`), grouped by
//! spaces, hyphens (also `‐ – − ー`) or dots, optionally `+` and a country
//! code first, one pair of parentheses around a group (an area code, or the
//! trunk `(0)` after a country code, which is not dialled); then optionally
//! one extension (`内線 7`, `ext. 7`, `ext 7`, `x7`); then optionally one
//! note in parentheses at the end (`(24h)`, `（平日 9〜17時）`).
//!
//! Everything else is refused: letters, a second number, `/` or `,` between
//! numbers, control characters and the invisible or direction-changing ones
//! (U+202E would show `03-6712-4103` for digits stored the other way round).
//! The `tel:` link is built from the digits alone; the extension and the note
//! are shown, not dialled.

use crate::diagnostics::{msg, Lang, Msg};

/// A phone number that passed [`parse`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    /// What is dialled: an optional `+` and 3 to 15 ASCII digits.
    dial: String,
    /// Digits of the extension (`内線 7` → `7`), if any.
    pub extension: Option<String>,
    /// The note in parentheses at the end, if any.
    pub note: Option<String>,
}

impl Phone {
    /// `tel:+81367124102`. The extension is left out on purpose: RFC 3966's
    /// `;ext=` is ignored or misread by several diallers (some append its
    /// digits to the number, which is the very bug this module fixes), and a
    /// Japanese 内線 is usually reached through the switchboard; the page
    /// shows the extension next to the button.
    pub fn tel_href(&self) -> String {
        format!("tel:{}", self.dial)
    }

    /// `+81367124102`: what the link dials.
    pub fn dial(&self) -> &str {
        &self.dial
    }
}

/// Why a value is not a phone number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhoneError {
    /// Why, in English (what tests and logs read).
    pub message: String,
    /// Why, in the reader's language (E113's `why`).
    pub why: Msg,
}

/// Most digits a phone number has (E.164), country code included.
const MAX_DIGITS: usize = 15;
/// Fewest digits (`110`, `119`).
const MIN_DIGITS: usize = 3;
/// Most digits of an extension.
const MAX_EXTENSION: usize = 8;

fn err<T>(why: Msg) -> Result<T, PhoneError> {
    Err(PhoneError {
        message: why.render(Lang::En),
        why,
    })
}

/// Characters that change how text is shown without being seen: bidi
/// controls and marks, zero-width characters, the soft hyphen, joiners,
/// invisible operators, the BOM, interlinear annotations, tag characters
/// and variation selectors (the Unicode "Cf" format characters and their
/// kin). Shared by the e-mail and URL checks.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{3164}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}'
        | '\u{FFA0}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}')
}

/// A character no contact value may hold, described for a diagnostic (in
/// the report's language).
pub fn forbidden_character(c: char) -> Option<Msg> {
    let code = format!("U+{:04X}", c as u32);
    if c.is_control() {
        Some(msg!("forbidden_character.control", code = &code))
    } else if is_invisible(c) {
        Some(msg!("forbidden_character.invisible", code = &code))
    } else {
        None
    }
}

/// The ASCII a character stands for in a phone number: full-width forms
/// (U+FF01–U+FF5E) as NFKC reads them, the ideographic and no-break spaces
/// as a space, hyphen and dash look-alikes as `-`.
fn normalise(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' => ' ',
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}' | '\u{FF70}' => '-',
        c => c,
    }
}

fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '.')
}

/// Read `text` (already trimmed by the loader, trimmed again here).
pub fn parse(text: &str) -> Result<Phone, PhoneError> {
    if let Some(why) = text.chars().find_map(forbidden_character) {
        return err(msg!("E113.why_contains", why = why));
    }
    let chars: Vec<char> = text.chars().map(normalise).collect();
    let mut end = chars.len();
    while end > 0 && chars[end - 1] == ' ' {
        end -= 1;
    }
    let mut start = 0;
    while start < end && chars[start] == ' ' {
        start += 1;
    }
    let chars = &chars[start..end];
    if chars.is_empty() {
        return err(msg!("E113.why_empty"));
    }

    // A note: `(...)` closing the value, after the number.
    let (chars, note) = split_note(chars)?;

    // An extension: the first character that cannot be part of a number
    // must start one.
    let number_end = chars
        .iter()
        .position(|&c| !(c.is_ascii_digit() || is_separator(c) || matches!(c, '(' | ')' | '+')))
        .unwrap_or(chars.len());
    let extension = if number_end < chars.len() {
        Some(extension(&chars[number_end..])?)
    } else {
        None
    };
    let dial = number(&chars[..number_end])?;
    Ok(Phone {
        dial,
        extension,
        note,
    })
}

/// The value without a closing `(note)`, and the note.
fn split_note(chars: &[char]) -> Result<(&[char], Option<String>), PhoneError> {
    if chars.last() != Some(&')') {
        return Ok((chars, None));
    }
    let Some(open) = chars.iter().rposition(|&c| c == '(') else {
        return err(msg!("E113.why_close_alone"));
    };
    let inner: String = chars[open + 1..chars.len() - 1].iter().collect();
    let inner = inner.trim();
    // `03 (6712)`: a group at the end, not a note.
    let only_digits = inner.chars().all(|c| c.is_ascii_digit() || is_separator(c));
    let before = &chars[..open];
    let before_trimmed_len = before.iter().rposition(|&c| c != ' ').map_or(0, |i| i + 1);
    if only_digits || before_trimmed_len == 0 {
        return Ok((chars, None));
    }
    if inner.contains(')') {
        return err(msg!("E113.why_note_parens"));
    }
    Ok((&chars[..before_trimmed_len], Some(inner.to_string())))
}

/// `内線 7`, `ext. 7`, `ext 7`, `x7` (the marker in any case, full-width too).
fn extension(chars: &[char]) -> Result<String, PhoneError> {
    let lower: String = chars.iter().collect::<String>().to_ascii_lowercase();
    let rest = ["内線", "ext.", "ext", "x"]
        .iter()
        .find_map(|m| lower.strip_prefix(m));
    let Some(rest) = rest else {
        let c = chars[0];
        if c == '#' || c == '*' {
            return err(msg!("E113.why_service_code", c = c));
        }
        if matches!(c, '/' | ',' | ';' | '、' | '・' | '~' | '〜') {
            return err(msg!("E113.why_two_numbers", c = c));
        }
        return err(msg!("E113.why_bad_char", c = c));
    };
    let digits = rest.trim_start_matches([' ', ':']);
    if digits.is_empty() {
        return err(msg!("E113.why_extension_empty"));
    }
    if let Some(c) = digits.chars().find(|c| !c.is_ascii_digit()) {
        return err(msg!("E113.why_extension_char", c = c));
    }
    if digits.len() > MAX_EXTENSION {
        return err(msg!("E113.why_extension_long", max = MAX_EXTENSION));
    }
    Ok(digits.to_string())
}

/// The digits to dial, with `+` first for an international number.
fn number(chars: &[char]) -> Result<String, PhoneError> {
    let mut end = chars.len();
    while end > 0 && chars[end - 1] == ' ' {
        end -= 1;
    }
    let chars = &chars[..end];
    let (international, body) = match chars.split_first() {
        Some(('+', rest)) => (true, rest),
        _ => (false, chars),
    };
    let mut dial = String::with_capacity(MAX_DIGITS + 1);
    if international {
        dial.push('+');
    }
    let mut digits = 0usize;
    let mut groups = 0usize;
    let mut i = 0;
    // Whether the last thing read was a digit (or a closed group).
    let mut after_digit = false;
    while i < body.len() {
        let c = body[i];
        match c {
            '0'..='9' => {
                if international && digits == 0 && c == '0' {
                    return err(msg!("E113.why_country_zero"));
                }
                dial.push(c);
                digits += 1;
                after_digit = true;
            }
            ' ' | '-' | '.' => {
                if digits == 0 && groups == 0 && c != ' ' {
                    return err(msg!("E113.why_starts_with", c = c));
                }
                if international && digits == 0 && groups == 0 {
                    return err(msg!("E113.why_plus_country"));
                }
                after_digit = false;
            }
            '(' => {
                groups += 1;
                if groups > 1 {
                    return err(msg!("E113.why_two_groups"));
                }
                let Some(close) = body[i..].iter().position(|&c| c == ')') else {
                    return err(msg!("E113.why_open_alone"));
                };
                let inner = &body[i + 1..i + close];
                if inner.is_empty() || !inner.iter().all(char::is_ascii_digit) {
                    return err(msg!("E113.why_group_digits"));
                }
                if after_digit && !international {
                    return err(msg!("E113.why_open_after_digit"));
                }
                let rest_has_digits = body[i + close + 1..].iter().any(char::is_ascii_digit);
                if !rest_has_digits {
                    return err(msg!("E113.why_ends_with_group"));
                }
                if international {
                    if digits == 0 {
                        return err(msg!("E113.why_plus_country"));
                    }
                    if inner == ['0'] {
                        // `+81 (0)3-…`: the trunk prefix, dialled only at home.
                    } else if inner[0] == '0' {
                        return err(msg!("E113.why_trunk_zero"));
                    } else {
                        for &d in inner {
                            dial.push(d);
                            digits += 1;
                        }
                    }
                } else {
                    for &d in inner {
                        dial.push(d);
                        digits += 1;
                    }
                }
                i += close;
                after_digit = true;
            }
            ')' => return err(msg!("E113.why_close_alone")),
            '+' => return err(msg!("E113.why_plus_inside")),
            _ => return err(msg!("E113.why_bad_char", c = c)),
        }
        i += 1;
    }
    if digits < MIN_DIGITS {
        return err(msg!("E113.why_too_few", min = MIN_DIGITS));
    }
    if digits > MAX_DIGITS {
        return err(msg!("E113.why_too_many", max = MAX_DIGITS));
    }
    Ok(dial)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tel(s: &str) -> String {
        parse(s)
            .unwrap_or_else(|e| panic!("{s:?}: {}", e.message))
            .tel_href()
    }

    fn refused(s: &str) -> String {
        match parse(s) {
            Ok(p) => panic!("{s:?} accepted as {p:?}"),
            Err(e) => e.message,
        }
    }

    #[test]
    fn numbers_as_written_dial_their_digits() {
        assert_eq!(tel("03-6712-4103"), "tel:0367124103");
        assert_eq!(tel("03 6712 4103"), "tel:0367124103");
        assert_eq!(tel("03.6712.4103"), "tel:0367124103");
        assert_eq!(tel("(03) 6712-4103"), "tel:0367124103");
        assert_eq!(tel("110"), "tel:110");
        assert_eq!(tel("+81 3 6712 4103"), "tel:+81367124103");
        assert_eq!(tel("+81 (3) 6712 4103"), "tel:+81367124103");
        assert_eq!(tel("+81367124103"), "tel:+81367124103");
        assert_eq!(tel("+1 (201) 555-0123"), "tel:+12015550123");
    }

    #[test]
    fn the_trunk_zero_after_a_country_code_is_not_dialled() {
        assert_eq!(tel("+81 (0)3-6712-4102"), "tel:+81367124102");
        assert_eq!(tel("+81(0)3-6712-4102"), "tel:+81367124102");
        refused("+81 (03) 6712-4102");
    }

    #[test]
    fn full_width_forms_are_read_like_nfkc() {
        assert_eq!(tel("０３－６７１２－４１０３"), "tel:0367124103");
        assert_eq!(tel("＋８１　３　６７１２　４１０３"), "tel:+81367124103");
        assert_eq!(tel("03ー6712ー4103"), "tel:0367124103");
        assert_eq!(tel("03‐6712−4103"), "tel:0367124103");
    }

    #[test]
    fn extensions_and_notes_are_shown_not_dialled() {
        let p = parse("03-6712-4102 内線 7").unwrap();
        assert_eq!(p.tel_href(), "tel:0367124102");
        assert_eq!(p.extension.as_deref(), Some("7"));
        assert_eq!(tel("03-6712-4102 内線7"), "tel:0367124102");
        assert_eq!(tel("03-6712-4102 ext. 123"), "tel:0367124102");
        assert_eq!(tel("03-6712-4102 Ext 123"), "tel:0367124102");
        assert_eq!(tel("03-6712-4102 x123"), "tel:0367124102");
        assert_eq!(tel("03-6712-4102 ｅｘｔ．１２３"), "tel:0367124102");
        let p = parse("0120-123-456 (24h)").unwrap();
        assert_eq!(p.tel_href(), "tel:0120123456");
        assert_eq!(p.note.as_deref(), Some("24h"));
        let p = parse("0120-123-456（平日 9〜17時）").unwrap();
        assert_eq!(p.tel_href(), "tel:0120123456");
        assert_eq!(p.note.as_deref(), Some("平日 9〜17時"));
        let p = parse("03-6712-4102 内線 7 (夜間は不在)").unwrap();
        assert_eq!(
            (
                p.tel_href().as_str(),
                p.extension.as_deref(),
                p.note.as_deref()
            ),
            ("tel:0367124102", Some("7"), Some("夜間は不在"))
        );
    }

    #[test]
    fn bidi_and_invisible_characters_are_refused() {
        // Shows `03-6712-4103`, stored (and formerly dialled) as 3014217630.
        let m = refused("\u{202E}3014-2176-30");
        assert!(m.contains("U+202E"), "{m}");
        refused("03-6712\u{200B}-4103");
        refused("03-6712-4103\u{2066}");
        refused("0120-123-456 (24h\u{202E})");
        refused("03-6712-4103\n03-6712-4104");
        refused("\u{FEFF}03-6712-4103");
    }

    #[test]
    fn anything_else_is_refused() {
        refused("");
        refused("内線なし");
        refused("0120-ABC-DEF");
        refused("03-6712-4103 / 03-6712-4104");
        refused("03-6712-4103, 03-6712-4104");
        refused("03-6712-4103 03-6712-4104");
        refused("03-6712-4103 or 090-1234-5678");
        refused("#9110");
        refused("03-6712-4102 内線");
        refused("03-6712-4102 内線 7a");
        refused("03-6712-4102 内線 7 内線 8");
        refused("03 6712 (4103)");
        refused("(03)(6712) 4103");
        refused("03-6712-4103)");
        refused("(03 6712 4103");
        refused("3+81");
        refused("+ 81 3");
        refused("+0 3 6712");
        refused("12");
        refused("-03-6712-4103");
        refused("tel:0367124103");
        refused("0120-123-456 (a(b)c)");
    }

    /// Random values from the characters numbers are written with: never a
    /// panic, and what is accepted dials 3 to 15 digits that appear in the
    /// value in the same order (a trunk `(0)` may be skipped).
    #[test]
    fn random_values_never_panic_and_dial_digits_in_written_order() {
        const PARTS: &[&str] = &[
            "0", "1", "2", "4", "5", "6", "03", "12", "345", "6789", "0", "3", "7", "9", "０",
            "８", "-", "－", "ー", " ", "　", ".", "(", ")", "（", "）", "+", "＋", "(0)", "内線",
            "ext.", "x", "#", "/", ",", "24h", "a", "\u{202E}", "\u{200B}",
        ];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut accepted = 0;
        for _ in 0..20_000 {
            let mut text = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = 1 + (state % 14) as usize;
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(PARTS[(state % PARTS.len() as u64) as usize]);
            }
            let Ok(p) = parse(&text) else { continue };
            accepted += 1;
            let dial = p.dial().trim_start_matches('+');
            assert!(
                (MIN_DIGITS..=MAX_DIGITS).contains(&dial.len())
                    && dial.bytes().all(|b| b.is_ascii_digit()),
                "{text:?} -> {dial}"
            );
            let mut written = text.chars().map(normalise).filter(char::is_ascii_digit);
            assert!(
                dial.chars().all(|d| written.any(|w| w == d)),
                "{text:?} dials {dial}, not in the written order"
            );
        }
        assert!(accepted > 200, "{accepted}");
    }
}
