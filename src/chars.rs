//! Character classes of text that names things, and the id syntaxes.
//!
//! One pure module (no I/O, no diagnostics) so that every layer asks the same
//! questions the same way: the field check (`schema::check`) for values, the
//! id rules (`validate::ids`) for look-alikes, the file-name rule below
//! `validate`, and anyone else who needs to know whether a character can be
//! seen or what an id may contain.
//!
//! - **Control characters** (E112): C0 (U+0000–U+001F), DEL (U+007F) and C1
//!   (U+0080–U+009F, NEL among them). Multi-line text keeps newline and tab.
//! - **Hidden characters** (E111): the bidi controls that reorder what is
//!   shown (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and the
//!   characters that have no width at all (U+200B–U+200D, U+2060, U+FEFF, plus
//!   U+180E and the invisible operators U+2061–U+2064, which are format
//!   characters of the same kind with no use in a name). Not in the list, on
//!   purpose: variation selectors (Japanese names need the ideographic
//!   variation sequences, emoji use U+FE0F), the combining grapheme joiner
//!   U+034F and the soft hyphen U+00AD (they attach to or show beside a
//!   visible character and cannot reorder or hide one), nor a zero-width
//!   joiner between two emoji pictures (`👩‍💻`), which makes them one. Ids refuse every
//!   character outside ASCII anyway.
//! - **Ids**: [`IdSyntax::Name`] for roles, categories, notifications, flow
//!   nodes and contacts, [`IdSyntax::Record`] for incidents, drills and
//!   controls, and [`fold_id`], the form in which two ids that read the same
//!   compare equal.

use unicode_normalization::UnicodeNormalization;

/// A bidirectional formatting character: it changes the order in which the
/// text around it is shown without being shown itself.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// A character with no width and no glyph, which can make two different
/// strings look the same.
pub fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{180E}'
    )
}

/// Refused in ids, file names, titles and evidence paths (E111).
pub fn is_hidden(c: char) -> bool {
    is_bidi_control(c) || is_zero_width(c)
}

/// C0 controls, DEL and C1 controls (E112), newline and tab included.
pub fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
}

/// Whether a text may span lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lines {
    /// Titles, names, ids, paths: no control character at all.
    Single,
    /// Free text and Markdown: newline and tab are allowed.
    Multi,
}

/// A character found in a text: which one, and where (counted in characters
/// from 1, as columns are).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub ch: char,
    /// 1-based position in characters within the text.
    pub at: usize,
}

impl Found {
    /// `U+202E (right-to-left override)`, for messages.
    pub fn describe(&self) -> String {
        describe(self.ch)
    }
}

fn find(s: &str, mut bad: impl FnMut(char) -> bool) -> Option<Found> {
    s.chars()
        .enumerate()
        .find(|&(_, c)| bad(c))
        .map(|(i, ch)| Found { ch, at: i + 1 })
}

/// The first control character `lines` does not allow.
pub fn find_control(s: &str, lines: Lines) -> Option<Found> {
    find(s, |c| {
        is_control(c) && !(lines == Lines::Multi && (c == '\n' || c == '\t'))
    })
}

/// The first bidi control or zero-width character, except a zero-width
/// joiner inside an emoji ZWJ sequence (`👩‍💻`, `🏳️‍🌈`): there it joins two
/// pictures into the one that is shown, as phone keyboards insert it.
pub fn find_hidden(s: &str) -> Option<Found> {
    // None of them is ASCII (ids, references, paths nearly always are).
    if s.is_ascii() {
        return None;
    }
    let mut prev: Option<char> = None;
    for (i, (byte, c)) in s.char_indices().enumerate() {
        if is_hidden(c) {
            // Only a joiner's neighbours matter: the next is read on demand.
            let next = || s[byte + c.len_utf8()..].chars().next();
            if !(c == '\u{200D}' && joins_emoji(prev, next())) {
                return Some(Found { ch: c, at: i + 1 });
            }
        }
        prev = Some(c);
    }
    None
}

/// Whether a zero-width joiner between `prev` and `next` joins two emoji
/// pictures into one (an emoji ZWJ sequence): then it is part of what is
/// seen, and neither refused (E111) nor shown as `<U+200D>` on a page.
pub fn joins_emoji(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_some_and(|p| is_pictograph(p) || p == '\u{FE0F}' || is_skin_tone(p))
        && next.is_some_and(is_pictograph)
}

/// An emoji picture that an emoji ZWJ sequence joins (the blocks of
/// Unicode's Extended_Pictographic: symbols, dingbats, the emoji planes).
fn is_pictograph(c: char) -> bool {
    matches!(c,
        '\u{00A9}' | '\u{00AE}' | '\u{203C}' | '\u{2049}' | '\u{2122}' | '\u{2139}'
        | '\u{2194}'..='\u{21FF}' | '\u{2300}'..='\u{23FF}' | '\u{25A0}'..='\u{27BF}'
        | '\u{2934}' | '\u{2935}' | '\u{2B00}'..='\u{2BFF}' | '\u{3030}' | '\u{303D}'
        | '\u{3297}' | '\u{3299}' | '\u{1F000}'..='\u{1FAFF}')
        && !is_skin_tone(c)
}

/// The emoji skin-tone modifiers, which end a picture before a joiner.
fn is_skin_tone(c: char) -> bool {
    matches!(c, '\u{1F3FB}'..='\u{1F3FF}')
}

/// The code point and, for the characters these rules are about, its name.
pub fn describe(c: char) -> String {
    let name = match c {
        '\u{0}' => "null",
        '\u{7}' => "bell",
        '\u{8}' => "backspace",
        '\t' => "tab",
        '\n' => "line feed",
        '\r' => "carriage return",
        '\u{1B}' => "escape",
        '\u{7F}' => "delete",
        '\u{85}' => "next line",
        '\u{061C}' => "Arabic letter mark",
        '\u{180E}' => "Mongolian vowel separator",
        '\u{200B}' => "zero width space",
        '\u{200C}' => "zero width non-joiner",
        '\u{200D}' => "zero width joiner",
        '\u{200E}' => "left-to-right mark",
        '\u{200F}' => "right-to-left mark",
        '\u{202A}' => "left-to-right embedding",
        '\u{202B}' => "right-to-left embedding",
        '\u{202C}' => "pop directional formatting",
        '\u{202D}' => "left-to-right override",
        '\u{202E}' => "right-to-left override",
        '\u{2060}' => "word joiner",
        '\u{2061}'..='\u{2064}' => "invisible operator",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        '\u{FEFF}' => "zero width no-break space",
        c if is_control(c) => "control character",
        _ => return format!("U+{:04X}", c as u32),
    };
    format!("U+{:04X} ({name})", c as u32)
}

/// `s` with every control and hidden character written as `<U+XXXX>`, so a
/// message quoting a hostile value shows what is there instead of being
/// reordered or cut by it.
pub fn shown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_control(c) || is_hidden(c) {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// The most characters an id may have (E110): a record id names its page,
/// its calendar file and its evidence folder, and a path through a longer
/// one passes the 260 characters Windows unpacks from a zip.
pub const MAX_ID_CHARS: usize = 64;

/// The character sets of ids (docs/content-format.md, `explain E110`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdSyntax {
    /// Roles, categories, notifications, flow nodes, external contacts:
    /// `[a-z0-9_-]+`.
    Name,
    /// Incidents, drills, controls: ASCII letters, digits, `_`, `-` and `.`,
    /// beginning with a letter or digit (`INC-2026-001`, `A.5.24`).
    Record,
}

impl IdSyntax {
    fn allows(self, c: char, first: bool) -> bool {
        match self {
            IdSyntax::Name => matches!(c, 'a'..='z' | '0'..='9' | '_' | '-'),
            IdSyntax::Record => {
                c.is_ascii_alphanumeric() || (!first && matches!(c, '_' | '-' | '.'))
            }
        }
    }

    /// The set, as a message says it.
    pub fn describe(self) -> &'static str {
        match self {
            IdSyntax::Name => "lower-case ASCII letters, digits, `_` and `-`",
            IdSyntax::Record => {
                "ASCII letters, digits, `_`, `-` and `.`, beginning with a letter or digit"
            }
        }
    }
}

/// The first character of `id` outside `syntax` (`None` when `id` is valid
/// or empty: an empty id is a missing one, reported elsewhere).
pub fn id_violation(id: &str, syntax: IdSyntax) -> Option<Found> {
    id.chars()
        .enumerate()
        .find(|&(i, c)| !syntax.allows(c, i == 0))
        .map(|(i, ch)| Found { ch, at: i + 1 })
}

/// A valid id that `id` obviously meant, when there is one: hidden
/// characters dropped, full-width and other compatibility forms made ASCII
/// (NFKC), and for [`IdSyntax::Name`] lower case with spaces as `_`.
pub fn suggest_id(id: &str, syntax: IdSyntax) -> Option<String> {
    let visible: String = id.chars().filter(|c| !is_hidden(*c)).collect();
    let nfkc: String = visible.nfkc().collect();
    let candidate = match syntax {
        IdSyntax::Record => nfkc.trim().to_string(),
        IdSyntax::Name => nfkc
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("_")
            .to_lowercase(),
    };
    let valid = !candidate.is_empty() && id_violation(&candidate, syntax).is_none();
    (valid && candidate != id).then_some(candidate)
}

/// The form in which ids are compared for look-alikes (E205): hidden
/// characters dropped, NFKC, lower case (then NFKC again, as lower-casing
/// can leave a composable sequence). `INC-2026-001`, `inc-2026-001`,
/// `INC-２０２６-００１` and `INC-2026-001` with a zero-width space fold the same.
pub fn fold_id(id: &str) -> String {
    let visible: String = id.chars().filter(|c| !is_hidden(*c)).collect();
    let nfkc: String = visible.nfkc().collect();
    nfkc.to_lowercase().nfkc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII shortcut answers as decoding every character does: ASCII
    /// values, and each hidden character (or another non-ASCII one) at
    /// every place of one.
    #[test]
    fn find_hidden_answers_as_the_search_of_every_character() {
        let mut values = vec![String::new(), "INC-2026-001".into(), "a b\tc".into()];
        for c in [
            '\u{061C}', '\u{180E}', '\u{200B}', '\u{202E}', '\u{2069}', '\u{FEFF}', '日', 'é',
        ] {
            for at in 0..=12 {
                let mut v: Vec<char> = "INC-2026-001".chars().collect();
                v.insert(at, c);
                values.push(v.into_iter().collect());
            }
        }
        for v in &values {
            assert_eq!(find_hidden(v), find(v, is_hidden), "{v:?}");
        }
        assert_eq!(
            find_hidden("ab\u{200B}"),
            Some(Found {
                ch: '\u{200B}',
                at: 3
            })
        );
    }

    #[test]
    fn bidi_and_zero_width_are_hidden() {
        for c in [
            '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}',
            '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
        ] {
            assert!(is_bidi_control(c) && is_hidden(c), "{}", describe(c));
        }
        for c in [
            '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{180E}', '\u{2062}',
        ] {
            assert!(is_zero_width(c) && is_hidden(c), "{}", describe(c));
        }
        // Visible, or legitimately part of a Japanese name or an emoji.
        for c in [
            'a',
            ' ',
            '\u{3000}',
            '葛',
            '\u{E0100}',
            '\u{FE0F}',
            '\u{034F}',
            '\u{00AD}',
            '\u{2028}',
        ] {
            assert!(!is_hidden(c), "{}", describe(c));
        }
    }

    #[test]
    fn a_joiner_inside_an_emoji_is_not_hidden() {
        for seen in [
            "👩\u{200D}💻",
            "🏳\u{FE0F}\u{200D}🌈",
            "👋🏽\u{200D}x",
            "❤\u{FE0F}\u{200D}🔥",
        ] {
            let first = find_hidden(seen).map(|f| f.ch);
            assert!(seen.contains('x') == first.is_some(), "{seen:?}: {first:?}");
        }
        for hidden in [
            "a\u{200D}b",
            "\u{200D}💻",
            "👩\u{200D}",
            "葛\u{200D}💻",
            "👩\u{200B}💻",
        ] {
            assert!(find_hidden(hidden).is_some(), "{hidden:?}");
        }
    }

    #[test]
    fn controls_c0_del_and_c1() {
        for c in [
            '\u{0}', '\u{7}', '\u{1B}', '\r', '\u{7F}', '\u{80}', '\u{85}', '\u{9F}',
        ] {
            assert!(is_control(c), "{}", describe(c));
            assert_eq!(
                find_control(&format!("ab{c}"), Lines::Multi).map(|f| f.at),
                Some(3)
            );
            assert_eq!(
                find_control(&format!("ab{c}"), Lines::Single).map(|f| f.at),
                Some(3)
            );
        }
        for c in [' ', '\u{A0}', 'é', '\u{2028}'] {
            assert!(!is_control(c), "{}", describe(c));
        }
        // Newline and tab only where text may span lines.
        assert_eq!(find_control("a\n\tb", Lines::Multi), None);
        assert_eq!(
            find_control("a\n\tb", Lines::Single),
            Some(Found { ch: '\n', at: 2 })
        );
        assert_eq!(find_control("件名\t", Lines::Single).map(|f| f.at), Some(3));
    }

    #[test]
    fn positions_count_characters() {
        assert_eq!(
            find_hidden("VPN \u{202E}gol.exe"),
            Some(Found {
                ch: '\u{202E}',
                at: 5
            })
        );
        assert_eq!(
            find_hidden("障害\u{200B}"),
            Some(Found {
                ch: '\u{200B}',
                at: 3
            })
        );
        assert_eq!(find_hidden("VPN exe.log"), None);
    }

    #[test]
    fn shown_spells_out_what_cannot_be_seen() {
        assert_eq!(shown("\u{202E}gol.exe"), "<U+202E>gol.exe");
        assert_eq!(shown("a\u{1B}[31m"), "a<U+001B>[31m");
        assert_eq!(shown("報告"), "報告");
        assert_eq!(describe('\u{202E}'), "U+202E (right-to-left override)");
        assert_eq!(describe('\u{421}'), "U+0421");
    }

    #[test]
    fn name_ids_are_lower_case_ascii() {
        for ok in ["incident_manager", "it-admin", "ppc", "a1", "0"] {
            assert_eq!(id_violation(ok, IdSyntax::Name), None, "{ok}");
        }
        for (bad, at) in [
            ("Incident Lead", 1),
            ("incident lead", 9),
            ("a.b", 2),
            ("role#1", 5),
            ("javascript:x", 11),
            ("ｉｔ", 1),
            ("it\u{200B}", 3),
        ] {
            assert_eq!(
                id_violation(bad, IdSyntax::Name).map(|f| f.at),
                Some(at),
                "{bad}"
            );
        }
        assert_eq!(id_violation("", IdSyntax::Name), None);
    }

    #[test]
    fn record_ids_are_ascii_beginning_with_a_letter_or_digit() {
        for ok in ["INC-2026-001", "A.5.24", "DRL-2026-02", "x_1", "2026.1"] {
            assert_eq!(id_violation(ok, IdSyntax::Record), None, "{ok}");
        }
        for (bad, at) in [
            (".hidden", 1),
            ("-x", 1),
            ("INC 1", 4),
            ("INC-2026-001?x", 13),
            ("INC#1", 4),
            ("50%", 3),
            ("a/b", 2),
            ("javascript:alert(1)", 11),
            ("INC-２０２６-００１", 5),
            // Cyrillic С (U+0421), which looks like a Latin C.
            ("IN\u{421}-2026-001", 3),
            ("\u{202E}100-6202-CNI", 1),
        ] {
            assert_eq!(
                id_violation(bad, IdSyntax::Record).map(|f| f.at),
                Some(at),
                "{bad}"
            );
        }
    }

    #[test]
    fn suggestions_only_when_obvious() {
        assert_eq!(
            suggest_id("INC-２０２６-００１", IdSyntax::Record).as_deref(),
            Some("INC-2026-001")
        );
        assert_eq!(
            suggest_id("INC-2026\u{200B}-001", IdSyntax::Record).as_deref(),
            Some("INC-2026-001")
        );
        assert_eq!(
            suggest_id("Incident Lead", IdSyntax::Name).as_deref(),
            Some("incident_lead")
        );
        assert_eq!(suggest_id("ＰＰＣ", IdSyntax::Name).as_deref(), Some("ppc"));
        assert_eq!(suggest_id("IN\u{421}-2026-001", IdSyntax::Record), None);
        assert_eq!(suggest_id("javascript:x", IdSyntax::Name), None);
        assert_eq!(suggest_id("INC-2026-001", IdSyntax::Record), None);
    }

    #[test]
    fn look_alikes_fold_the_same() {
        let base = fold_id("INC-2026-001");
        for same in [
            "inc-2026-001",
            "INC-２０２６-００１",
            "ＩＮＣ－２０２６－００１",
            "INC-2026\u{200B}-001",
            "\u{202E}INC-2026-001",
        ] {
            assert_eq!(fold_id(same), base, "{same}");
        }
        // NFC and NFD spellings of the same letter.
        assert_eq!(fold_id("caf\u{E9}"), fold_id("cafe\u{301}"));
        assert_ne!(fold_id("INC-2026-002"), base);
        assert_ne!(fold_id("IN\u{421}-2026-001"), base);
    }
}
