//! Folding text for name matching: full-width and half-width forms made one
//! (NFKC), letters lower-cased, katakana made hiragana, whitespace (also the
//! ideographic space U+3000) taken out but remembered, and every folded
//! character keeping where it came from in the original text.

use unicode_normalization::UnicodeNormalization;

/// One character of folded text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    /// Byte range of the original character(s) it was folded from.
    pub start: usize,
    pub end: usize,
    /// Whether whitespace stood between it and the folded character before it.
    pub space_before: bool,
}

/// Text folded for matching: `text` has no whitespace; `origin[k]` is the
/// [`Origin`] of its `k`-th character, `char_at[b]` the index of the
/// character starting at byte `b` of `text`.
#[derive(Clone, Debug, Default)]
pub struct Folded {
    pub text: String,
    pub origin: Vec<Origin>,
    char_at: Vec<u32>,
}

impl Folded {
    /// The index of the folded character starting at byte `b` (or the end).
    pub fn char_index(&self, b: usize) -> usize {
        self.char_at
            .get(b)
            .map(|&k| k as usize)
            .unwrap_or(self.origin.len())
    }
}

/// Whether `c` counts as a space between words.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{200b}'
}

/// Fold one character (not a space) into `out`.
fn fold_char(c: char, out: &mut Vec<char>) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        // Spacing voiced marks fold to the combining ones (NFKC would put a
        // space before them).
        '\u{309b}' => return out.push('\u{3099}'),
        '\u{309c}' => return out.push('\u{309a}'),
        _ => {}
    }
    // Only compatibility forms change under NFKC; skip the work for the rest.
    let compat =
        matches!(c as u32, 0xff00..=0xffef | 0x2000..=0x206f | 0x3200..=0x33ff | 0x2460..=0x24ff);
    let mut push = |d: char| {
        if d.is_ascii() {
            out.push(d.to_ascii_lowercase());
        } else if (d as u32) < 0x3000 || (0xff00..0xfff0).contains(&(d as u32)) {
            // Scripts with case (Latin, Greek, Cyrillic); none above U+3000
            // but the full-width forms.
            out.extend(d.to_lowercase());
        } else {
            out.push(to_hiragana(d));
        }
    };
    if compat {
        for d in c.nfkc() {
            push(d);
        }
    } else {
        push(c);
    }
}

/// Katakana letters as hiragana (ヴ and the small forms included).
fn to_hiragana(c: char) -> char {
    match c as u32 {
        0x30a1..=0x30f6 => char::from_u32(c as u32 - 0x60).unwrap_or(c),
        _ => c,
    }
}

/// Fold `text` (see the module comment).
pub fn fold(text: &str) -> Folded {
    let mut f = Folded {
        text: String::with_capacity(text.len()),
        origin: Vec::with_capacity(text.len() / 2),
        char_at: Vec::with_capacity(text.len() + 1),
    };
    let mut space = false;
    let mut buf = Vec::with_capacity(4);
    for (start, c) in text.char_indices() {
        let end = start + c.len_utf8();
        if is_space(c) {
            space = true;
            continue;
        }
        buf.clear();
        fold_char(c, &mut buf);
        for &d in &buf {
            // A voiced mark joins the character before it (ﾀﾞ → だ).
            if matches!(d, '\u{3099}' | '\u{309a}') && !space {
                if let Some(last) = f.text.chars().next_back() {
                    if let Some(joined) = unicode_normalization::char::compose(last, d) {
                        let len = last.len_utf8();
                        f.text.truncate(f.text.len() - len);
                        f.char_at.truncate(f.char_at.len() - len);
                        let k = f.origin.len() - 1;
                        f.origin[k].end = end;
                        for _ in 0..joined.len_utf8() {
                            f.char_at.push(k as u32);
                        }
                        f.text.push(joined);
                        continue;
                    }
                }
            }
            let k = f.origin.len() as u32;
            for _ in 0..d.len_utf8() {
                f.char_at.push(k);
            }
            f.text.push(d);
            f.origin.push(Origin {
                start,
                end,
                space_before: space,
            });
            space = false;
        }
    }
    f.char_at.push(f.origin.len() as u32);
    f
}

/// The text of [`fold`]`(text)` alone, appended to `out`: no origins and
/// no index, for asking cheaply whether a text can hold a term at all
/// ([`super::Matcher::is_match`]) before finding where.
pub fn fold_text_into(text: &str, out: &mut String) {
    let base = out.len();
    let mut space = false;
    let mut buf = Vec::with_capacity(4);
    for c in text.chars() {
        if c.is_ascii() {
            // The common case, as `fold_char` folds it.
            if is_space(c) {
                space = true;
            } else {
                out.push(c.to_ascii_lowercase());
                space = false;
            }
            continue;
        }
        push_folded(c, &mut space, out, base, &mut buf);
    }
}

/// [`fold_text_into`] with every run of ASCII characters (spaces aside)
/// written as one `\0`: for asking patterns none of which holds an ASCII
/// character whether they occur (`super::Matcher::is_match`). No such
/// pattern can match across an ASCII character, nor across the `\0`, so
/// the answer is the same, and the markup of a page, most of its bytes, is
/// passed over in a tight loop instead of being folded and searched.
pub fn fold_sparse_into(text: &str, out: &mut String) {
    fold_sparse(text, out);
}

/// Where folded text goes: a string ([`fold_sparse_into`]), or an
/// automaton walked over it without writing it out
/// (`super::walk::Walk`).
pub(super) trait Folding {
    /// How much has been folded: grows with every character pushed.
    fn len(&self) -> usize;
    fn push(&mut self, c: char);
    /// A run of characters, none of them a voiced mark.
    fn push_str(&mut self, s: &str);
    /// A run of kanji and hiragana as they stand in the text, each three
    /// bytes of UTF-8 (what `kept_len` measures): [`Folding::push_str`]
    /// unless the folding can use that.
    fn push_kept(&mut self, s: &str) {
        self.push_str(s);
    }
    /// Fold the run of kanji and hiragana `rest` starts with (what
    /// `kept_len` measures) as [`Folding::push_kept`] does, and say how
    /// many bytes it took: a folding that can do it in one pass over the
    /// run measures it as it goes.
    #[inline]
    fn fold_kept(&mut self, rest: &str) -> usize {
        let kept = kept_len(rest.as_bytes());
        if let Some(same) = rest.get(..kept).filter(|_| kept > 0) {
            self.push_kept(same);
        }
        kept
    }
    /// ASCII bytes the sparse fold passes over (a run of them is written
    /// as one `\0`): for a folding that notes which characters a text
    /// holds.
    #[inline]
    fn pass_ascii(&mut self, _bytes: &[u8]) {}
    /// The last character pushed, if it was pushed after `len()` was `base`.
    fn last_since(&self, base: usize) -> Option<char>;
    /// Make the last character pushed `c` (a voiced mark joined it).
    fn replace_last(&mut self, c: char);
    /// Nothing folded from here on can change the answer.
    fn done(&self) -> bool {
        false
    }
}

impl Folding for String {
    fn len(&self) -> usize {
        self.len()
    }

    fn push(&mut self, c: char) {
        self.push(c);
    }

    fn push_str(&mut self, s: &str) {
        self.push_str(s);
    }

    fn last_since(&self, base: usize) -> Option<char> {
        self.get(base..).and_then(|s| s.chars().next_back())
    }

    fn replace_last(&mut self, c: char) {
        self.pop();
        self.push(c);
    }
}

/// [`fold_sparse_into`] into any [`Folding`].
pub(super) fn fold_sparse<O: Folding + ?Sized>(text: &str, out: &mut O) {
    let base = out.len();
    let bytes = text.as_bytes();
    let (mut space, mut run) = (false, false);
    // Made only for a character `fold_char` folds (rare in Japanese text):
    // not an allocation for each of the 20 texts a record folds.
    let mut buf = Vec::new();
    let mut i = 0;
    while i < bytes.len() && !out.done() {
        let b = bytes[i];
        if b.is_ascii() {
            // Inside a run only whether a space comes matters: asked of
            // 32 bytes at a time while they are all ASCII (markup).
            if run {
                if let Some(chunk) = bytes.get(i..i + ASCII_CHUNK) {
                    let (high, spaces) = chunk.iter().fold((0u8, 0u8), |(h, s), &b| {
                        (h | b, s | u8::from(is_ascii_space(b)))
                    });
                    if high.is_ascii() {
                        space |= spaces != 0;
                        out.pass_ascii(chunk);
                        i += ASCII_CHUNK;
                        continue;
                    }
                }
            }
            if is_ascii_space(b) {
                space = true;
            } else {
                out.pass_ascii(&bytes[i..=i]);
                if !run {
                    out.push('\0');
                    (space, run) = (false, true);
                }
            }
            i += 1;
            continue;
        }
        // Kanji and hiragana, most of a Japanese text, fold to themselves:
        // copied a run at a time.
        let kept = out.fold_kept(text.get(i..).unwrap_or_default());
        if kept > 0 {
            (space, run) = (false, false);
            i += kept;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        let before = out.len();
        push_folded(c, &mut space, out, base, &mut buf);
        run &= out.len() == before;
    }
}

/// How many bytes [`fold_sparse_into`] asks of ASCII at a time.
const ASCII_CHUNK: usize = 32;

/// [`is_space`] of an ASCII byte.
fn is_ascii_space(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
}

/// The length of the run of kanji (U+4E00–U+9FFF) and hiragana
/// (U+3041–U+3096) that `bytes` (UTF-8) starts with: the characters
/// [`push_folded`] keeps as they are.
fn kept_len(bytes: &[u8]) -> usize {
    let mut n = 0;
    while let Some(&[b0, b1, b2]) = bytes.get(n..n + 3) {
        if !is_kept(b0, b1, b2) {
            break;
        }
        n += 3;
    }
    n
}

/// Whether the three bytes of UTF-8 `b0 b1 b2` are a kanji or hiragana
/// that [`kept_len`] counts.
#[inline]
pub(super) fn is_kept(b0: u8, b1: u8, b2: u8) -> bool {
    match b0 {
        0xe5..=0xe9 => true,
        0xe4 => b1 >= 0xb8,
        0xe3 => (b1 == 0x81 && b2 >= 0x81) || (b1 == 0x82 && b2 <= 0x96),
        _ => false,
    }
}

/// Fold `c` (not ASCII) onto `out` as [`fold`] would, `space` saying
/// whether whitespace came since the last character pushed.
fn push_folded<O: Folding + ?Sized>(
    c: char,
    space: &mut bool,
    out: &mut O,
    base: usize,
    buf: &mut Vec<char>,
) {
    // Kanji and hiragana stay, katakana become hiragana (as `fold_char`
    // folds them, without its questions).
    let n = c as u32;
    if (0x4e00..=0x9fff).contains(&n) || (0x3041..=0x3096).contains(&n) {
        out.push(c);
        *space = false;
        return;
    }
    if (0x30a1..=0x30f6).contains(&n) {
        out.push(to_hiragana(c));
        *space = false;
        return;
    }
    if is_space(c) {
        *space = true;
        return;
    }
    buf.clear();
    fold_char(c, buf);
    for &d in buf.iter() {
        // A voiced mark joins the character before it, as in `fold`.
        if matches!(d, '\u{3099}' | '\u{309a}') && !*space && out.len() > base {
            if let Some(last) = out.last_since(base) {
                if let Some(joined) = unicode_normalization::char::compose(last, d) {
                    out.replace_last(joined);
                    continue;
                }
            }
        }
        out.push(d);
        *space = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_cases_and_kana_fold_to_one_form() {
        assert_eq!(fold("ＳＡＴＯ Taro").text, "satotaro");
        assert_eq!(fold("ｻﾄｳ").text, "さとう");
        assert_eq!(fold("ﾀﾞｲｽｹ").text, "だいすけ");
        assert_eq!(fold("ダイスケ").text, "だいすけ");
        assert_eq!(fold("中村\u{3000}大輔").text, "中村大輔");
        assert_eq!(fold("佐藤 さん").text, "佐藤さん");
    }

    #[test]
    fn each_folded_character_knows_its_source_and_the_space_before_it() {
        let text = "a ＢｃﾀﾞX";
        let f = fold(text);
        assert_eq!(f.text, "abcだx");
        let spans: Vec<&str> = f.origin.iter().map(|o| &text[o.start..o.end]).collect();
        assert_eq!(spans, ["a", "Ｂ", "ｃ", "ﾀﾞ", "X"]);
        let spaces: Vec<bool> = f.origin.iter().map(|o| o.space_before).collect();
        assert_eq!(spaces, [false, true, false, false, false]);
        assert_eq!(f.char_index(3), 3); // "だ" starts at byte 3 of "abcだx"
        assert_eq!(f.char_index(6), 4);
        assert_eq!(f.char_index(7), 5);
    }

    /// [`fold_sparse_into`] as it was written first, a character at a time.
    fn fold_sparse_slowly(text: &str, out: &mut String) {
        let base = out.len();
        let (mut space, mut run) = (false, false);
        let mut buf = Vec::with_capacity(4);
        for c in text.chars() {
            if c.is_ascii() {
                if is_space(c) {
                    space = true;
                } else if !run {
                    out.push('\0');
                    (space, run) = (false, true);
                }
                continue;
            }
            let before = out.len();
            push_folded(c, &mut space, out, base, &mut buf);
            run &= out.len() == before;
        }
    }

    #[test]
    fn the_sparse_fold_a_run_at_a_time_gives_what_a_character_at_a_time_gave() {
        // Pieces around every edge the fast paths ask about: ASCII runs
        // longer than a chunk with and without spaces, the ends of the
        // kanji and hiragana ranges, katakana, voiced marks, spaces.
        let pieces = [
            "<td class=\"x\">",
            "</td>\n",
            "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ",
            "abcdefghijklmnopqrstuvwxyz0123456789 ABCDEFGHIJ",
            "                                        ",
            "\t\u{b}\u{c}\r\n",
            "\u{1c}\u{1f}",
            "中村",
            "大輔",
            "\u{4dff}",
            "\u{4e00}",
            "\u{9fff}",
            "\u{a000}",
            "\u{3040}",
            "\u{3041}",
            "\u{3096}",
            "\u{3097}",
            "\u{3099}",
            "\u{309a}",
            "か",
            "は",
            "ソラノ",
            "ｿﾗﾉ",
            "ﾞ",
            "ﾟ",
            "\u{309b}",
            "\u{3000}",
            "\u{200b}",
            "ＳＡＴＯ",
            "①",
            "é",
            "Ω",
            "\u{85}",
            "\u{a0}",
            "😀",
            " ",
        ];
        let mut seed = 1u64;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(seed % 12) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let (mut fast, mut slow) = (String::from("x"), String::from("x"));
            fold_sparse_into(&text, &mut fast);
            fold_sparse_slowly(&text, &mut slow);
            assert_eq!(fast, slow, "{text:?}");
        }
    }

    #[test]
    fn folding_the_text_alone_gives_the_same_text() {
        let samples = [
            "",
            "a ＢｃﾀﾞX",
            "ＳＡＴＯ Taro\tと\u{3000}中村　大輔さん",
            "ﾀﾞｲｽｹ ﾞｱ\u{309b}ｶﾟ ゙x",
            "\u{b}\u{1c}\u{85}\u{200b}Ⅻ①㍻ｶﾞ\u{ff9e}",
            "Ωmega ΣΊΣΥΦΟΣ straße İstanbul",
            "line\nnext\r\nend ",
        ];
        for s in samples {
            let mut out = String::from("prefix");
            fold_text_into(s, &mut out);
            assert_eq!(&out["prefix".len()..], fold(s).text, "{s:?}");
        }
        // Every character up to U+FFFF, alone and after a kana.
        for n in 0..=0xffffu32 {
            let Some(c) = char::from_u32(n) else { continue };
            for s in [format!("{c}"), format!("ｶ{c}"), format!("か {c}")] {
                let mut out = String::new();
                fold_text_into(&s, &mut out);
                assert_eq!(out, fold(&s).text, "U+{n:04X}");
            }
        }
    }
}
