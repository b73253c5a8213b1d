//! The one HTML escaper, and what becomes of characters that must not reach
//! a page as they are (controls; bidirectional and zero-width characters).

use std::fmt::Write as _;

/// What a character that must not reach a page as it is shows as instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// C0 and C1 controls (NUL, BEL, ESC, DEL …) but tab, newline and
    /// carriage return: U+FFFD, the replacement character.
    Replaced,
    /// Bidirectional controls and zero-width characters, which would reorder
    /// or hide text (a file name read backwards, an id that looks like
    /// another): shown as a visible `<U+202E>` (as text).
    Marked,
}

/// How `c` is shown on a page, if not as itself.
pub fn shown_as(c: char) -> Option<Shown> {
    match c {
        '\t' | '\n' | '\r' => None,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => Some(Shown::Replaced),
        '\u{61c}'
        | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}' => Some(Shown::Marked),
        _ => None,
    }
}

/// Whether a zero-width joiner between `prev` and `next` joins two emoji
/// pictures into one (`👩‍💻`): then it is written as itself, not as
/// `<U+200D>`. The twin of `chars::joins_emoji` (modules of the foundation
/// layer do not use each other); `tests/check_rules` checks that a record
/// title `check` accepts is shown as written.
fn joins_emoji(prev: Option<char>, next: Option<char>) -> bool {
    let skin_tone = |c: char| matches!(c, '\u{1F3FB}'..='\u{1F3FF}');
    let picture = |c: char| {
        matches!(c,
            '\u{00A9}' | '\u{00AE}' | '\u{203C}' | '\u{2049}' | '\u{2122}' | '\u{2139}'
            | '\u{2194}'..='\u{21FF}' | '\u{2300}'..='\u{23FF}' | '\u{25A0}'..='\u{27BF}'
            | '\u{2934}' | '\u{2935}' | '\u{2B00}'..='\u{2BFF}' | '\u{3030}' | '\u{303D}'
            | '\u{3297}' | '\u{3299}' | '\u{1F000}'..='\u{1FAFF}')
            && !skin_tone(c)
    };
    prev.is_some_and(|p| picture(p) || p == '\u{FE0F}' || skin_tone(p)) && next.is_some_and(picture)
}

/// Write the stand-in for `c` (see [`shown_as`]); `escaped` when it goes
/// straight into HTML, unescaped for text that is escaped later.
fn push_shown(out: &mut String, c: char, how: Shown, escaped: bool) {
    match (how, escaped) {
        (Shown::Replaced, _) => out.push('\u{fffd}'),
        (Shown::Marked, true) => {
            let _ = write!(out, "&lt;U+{:04X}&gt;", c as u32);
        }
        (Shown::Marked, false) => {
            let _ = write!(out, "<U+{:04X}>", c as u32);
        }
    }
}

/// `s` with controls, bidirectional controls and zero-width characters
/// replaced by their stand-ins ([`shown_as`]). With `escaped`, the markers are
/// HTML (`&lt;U+202E&gt;`), for text that is already HTML; without, plain
/// text (`<U+202E>`) for text that is escaped afterwards.
pub fn show_controls(s: &str, escaped: bool) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| shown_as(c).is_some()) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut prev = None;
    let mut rest = s.chars().peekable();
    while let Some(c) = rest.next() {
        match shown_as(c) {
            Some(_) if c == '\u{200d}' && joins_emoji(prev, rest.peek().copied()) => out.push(c),
            Some(how) => push_shown(&mut out, c, how, escaped),
            None => out.push(c),
        }
        prev = Some(c);
    }
    std::borrow::Cow::Owned(out)
}

/// HTML escaping for templates: the five characters that matter in text and
/// quoted attributes (Tera's default also escapes `/`, which only bloats URLs),
/// and controls, bidirectional controls and zero-width characters shown by
/// their stand-ins ([`shown_as`]) instead of being written raw.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_escaped(&mut out, s);
    out
}

/// [`escape_html`] appending to `out`: for pages written by code. Runs of
/// bytes that start no character it changes are copied at once.
pub fn push_escaped(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let run = bytes[start..]
            .iter()
            .position(|&b| MAY_CHANGE[usize::from(b)])
            .unwrap_or(bytes.len() - start);
        out.push_str(&s[start..start + run]);
        start += run;
        // The character that may change, then on from the next one.
        let Some(c) = s[start..].chars().next() else {
            break;
        };
        let end = start + c.len_utf8();
        if c == '\u{200d}' && joins_emoji(s[..start].chars().next_back(), s[end..].chars().next()) {
            // Part of an emoji (`👩‍💻`), not a hidden character.
            out.push(c);
        } else {
            push_escaped_chars(out, &s[start..end]);
        }
        start += c.len_utf8();
    }
}

/// Whether `b` may start a character [`push_escaped`] does not copy as it
/// is: the five escaped ones, controls, and the first bytes of the UTF-8 of
/// U+0080–U+009F (`C2`), U+061C (`D8`), U+200B–U+2069 (`E2`) and U+FEFF
/// (`EF`) ([`shown_as`]).
const fn may_change(b: u8) -> bool {
    matches!(
        b,
        b'&' | b'<' | b'>' | b'"' | b'\'' | 0x00..=0x1f | 0x7f | 0xc2 | 0xd8 | 0xe2 | 0xef
    )
}

/// [`may_change`] of every byte, looked up: one load a byte in the scan
/// for the next byte to escape (every text of every page) instead of a
/// chain of comparisons.
static MAY_CHANGE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = may_change(b as u8);
        b += 1;
    }
    table
};

/// [`push_escaped`] a character at a time.
fn push_escaped_chars(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => match shown_as(c) {
                Some(how) => push_shown(out, c, how, true),
                None => out.push(c),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_joiner_inside_an_emoji_stays_a_joiner() {
        let emoji = "👩\u{200d}💻 🏳\u{fe0f}\u{200d}🌈";
        assert_eq!(escape_html(emoji), emoji);
        assert_eq!(show_controls(emoji, true), emoji);
        assert_eq!(escape_html("a\u{200d}💻"), "a&lt;U+200D&gt;💻");
        assert_eq!(show_controls("👩\u{200d}b", false), "👩<U+200D>b");
    }

    #[test]
    fn the_table_of_bytes_to_look_at_is_the_rule_it_was_made_from() {
        for b in 0..=255u8 {
            assert_eq!(MAY_CHANGE[usize::from(b)], may_change(b), "{b:#04x}");
        }
        let text = "a<b>&\"'\u{200b}（中）\u{7f}\u{85}";
        let (mut runs, mut chars) = (String::new(), String::new());
        push_escaped(&mut runs, text);
        push_escaped_chars(&mut chars, text);
        assert_eq!(runs, chars);
        assert!(runs.starts_with("a&lt;b&gt;&amp;&quot;&#39;"), "{runs}");
    }
    use tera::{Context, Tera};

    #[test]
    fn copying_runs_escapes_as_a_character_at_a_time_does() {
        let mut text = String::new();
        for n in 0..=0x10ffffu32 {
            let Some(c) = char::from_u32(n) else { continue };
            text.push(c);
            if n % 7 == 0 {
                text.push_str("連絡 a");
            }
        }
        for t in [
            text.as_str(),
            "",
            "a",
            "&",
            "連絡<b>",
            "\u{feff}x",
            "x\u{2066}",
        ] {
            let (mut fast, mut slow) = (String::new(), String::new());
            push_escaped(&mut fast, t);
            push_escaped_chars(&mut slow, t);
            assert!(fast == slow, "{t:?}");
        }
    }

    #[test]
    fn the_escaper_shows_controls_and_invisible_characters() {
        assert_eq!(escape_html("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
        assert_eq!(escape_html("\t\n\r連絡"), "\t\n\r連絡");
        assert_eq!(
            escape_html("x\u{0}\u{7}\u{1b}\u{7f}\u{85}\u{9f}y"),
            "x\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}y"
        );
        assert_eq!(
            escape_html("evil\u{202e}fdp.exe\u{200b}\u{200d}\u{2066}\u{feff}\u{61c}"),
            "evil&lt;U+202E&gt;fdp.exe&lt;U+200B&gt;&lt;U+200D&gt;&lt;U+2066&gt;&lt;U+FEFF&gt;&lt;U+061C&gt;"
        );
        // Tera's autoescape uses it.
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(escape_html);
        tera.add_raw_template("t.html", "<p title=\"{{ v }}\">{{ v }}</p>")
            .unwrap();
        let mut c = Context::new();
        c.insert("v", "a\u{0}\u{202e}b");
        assert_eq!(
            tera.render("t.html", &c).unwrap(),
            "<p title=\"a\u{fffd}&lt;U+202E&gt;b\">a\u{fffd}&lt;U+202E&gt;b</p>"
        );
    }
}
