//! A record's texts kept small for a question asked later: "can they hold
//! one of these patterns?", when the patterns are known only after the
//! record was read (`check` learns the register's people from every record,
//! and would otherwise read each record a second time to ask).
//!
//! The texts are folded as [`super::Matcher::is_match`] folds them, and only
//! the runs of two characters or more of an alphabet are kept, one `\0`
//! after each: every pattern of two characters or more made of that
//! alphabet alone that occurs in one of the folded texts occurs in what is
//! kept ([`super::Matcher::is_match_folded`] asks it), and a pattern holding
//! another character says nothing (the caller asks the texts again).

use super::fold::{fold_sparse, fold_text_into, is_kept, Folding};
use super::matcher::Fold;

/// The characters of the Basic Multilingual Plane kept, one bit each
/// (1,024 words); a character above it is always kept.
pub const ALPHABET_WORDS: usize = 1 << 10;

/// Whether the alphabet `bits` holds `c` (a character above the Basic
/// Multilingual Plane always).
#[inline]
pub fn holds(bits: &[u64], c: char) -> bool {
    let n = c as usize;
    bits.get(n >> 6)
        .is_none_or(|word| word & (1 << (n & 63)) != 0)
}

/// Put `c` in the alphabet `bits` (1,024 words); false if it was there
/// already or lies above the Basic Multilingual Plane.
pub fn insert(bits: &mut [u64], c: char) -> bool {
    let n = c as usize;
    match bits.get_mut(n >> 6) {
        Some(word) if *word & (1 << (n & 63)) == 0 => {
            *word |= 1 << (n & 63);
            true
        }
        _ => false,
    }
}

/// Every character folded, one bit each (its code point hashed to one of
/// 512): a character whose bit is not set is in none of the texts.
pub type Present = [u64; PRESENT_WORDS];

/// The words of [`Present`].
pub const PRESENT_WORDS: usize = 8;

/// The bit of [`Present`] a character's code point `n` sets: the top bits
/// of a multiplicative hash, not the code point's low bits (by which kanji
/// 1,024 or 512 apart, `中` U+4E2D and `蘭` U+862D, always collide: a rare
/// name's character then looked "seen" wherever a common one was).
#[inline]
fn present_bit(n: usize) -> usize {
    const BITS: u32 = (PRESENT_WORDS * 64).trailing_zeros();
    ((n as u32).wrapping_mul(0x9e37_79b1) >> (32 - BITS)) as usize
}

/// Whether `c` may be among the characters of `present` (false: certainly
/// not).
#[inline]
pub fn present(present: &Present, c: char) -> bool {
    let n = present_bit(c as usize);
    present[n >> 6] & (1 << (n & 63)) != 0
}

/// The ASCII characters a text folded sparse passed over, folded (upper
/// case as lower), one bit each: the 26 letters each their own, the other
/// printable characters sharing six bits. A character whose bit is not
/// set is in none of the texts.
pub type Ascii = u32;

/// The bit of [`Ascii`] for the folded ASCII byte `b` (not a space).
#[inline]
fn ascii_bit(b: u8) -> u32 {
    match b {
        b'a'..=b'z' => 1 << (b - b'a'),
        _ => 1 << (26 + b % 6),
    }
}

/// [`Ascii`] of the bytes marked in `bytes` (bit `b` for byte `b`).
fn ascii_of(bytes: u128) -> Ascii {
    const LETTERS: u128 = (1 << 26) - 1;
    let letters = ((bytes >> b'a') | (bytes >> b'A')) & LETTERS;
    // Controls and the space are in no pattern.
    let mut rest = bytes & !(LETTERS << b'a') & !(LETTERS << b'A') & !((1 << 33) - 1);
    let mut out = letters as u32;
    while rest != 0 {
        out |= ascii_bit(rest.trailing_zeros() as u8);
        rest &= rest - 1;
    }
    out
}

/// Whether the ASCII character `c` may be among those of `ascii` (false:
/// certainly not).
#[inline]
pub fn ascii_seen(ascii: Ascii, c: char) -> bool {
    !c.is_ascii() || ascii & ascii_bit((c as u8).to_ascii_lowercase()) != 0
}

/// Append to `out` the runs of two or more characters of `bits` in the
/// folded texts that `texts` hands over (each to the function it is given),
/// each run followed by `\0`, and mark every character folded in `seen`.
/// With `sparse`, the texts are folded as for patterns without ASCII (a
/// run of ASCII is one `\0`, never kept): only for an alphabet without
/// ASCII; the ASCII characters passed over are marked in `ascii` instead
/// of `seen`, so that a pattern with ASCII learned later can still be
/// answered "not there".
pub fn project(
    bits: &[u64],
    sparse: bool,
    texts: &mut dyn FnMut(Fold<'_>),
    out: &mut String,
    seen: &mut Present,
    ascii: &mut Ascii,
) {
    fold_runs(bits, 2, sparse, texts, out, seen, ascii);
}

/// The texts folded as [`project`] folds them, each whole, followed by
/// `\0`: what every pattern can be asked of, whatever its length and
/// characters (with `sparse`, but ASCII: marked in `ascii`).
pub fn fold_all(
    sparse: bool,
    texts: &mut dyn FnMut(Fold<'_>),
    out: &mut String,
    seen: &mut Present,
    ascii: &mut Ascii,
) {
    fold_runs(&[], 1, sparse, texts, out, seen, ascii);
}

/// [`project`], keeping runs of `least` characters or more (`bits` empty:
/// every character is of the alphabet).
fn fold_runs(
    bits: &[u64],
    least: usize,
    sparse: bool,
    texts: &mut dyn FnMut(Fold<'_>),
    out: &mut String,
    seen: &mut Present,
    ascii: &mut Ascii,
) {
    let mut runs = Runs {
        bits,
        least,
        out,
        seen,
        ascii: 0,
        last: None,
        count: 0,
        start: 0,
        chars: 0,
    };
    runs.start = runs.out.len();
    let mut folded = String::new();
    texts(&mut |text| {
        if sparse {
            fold_sparse(text, &mut runs);
        } else {
            folded.clear();
            fold_text_into(text, &mut folded);
            for c in folded.chars() {
                runs.push(c);
            }
        }
        // No pattern spans two texts.
        runs.flush();
        runs.cut();
    });
    *ascii |= ascii_of(runs.ascii);
}

/// The runs of an alphabet's characters, written as they are folded.
struct Runs<'a> {
    bits: &'a [u64],
    /// The fewest characters a run kept has.
    least: usize,
    out: &'a mut String,
    seen: &'a mut Present,
    /// The ASCII bytes passed over (bit `b` for byte `b`).
    ascii: u128,
    /// The last character folded, not yet written (a voiced mark after it
    /// may still join it).
    last: Option<char>,
    /// Characters folded.
    count: usize,
    /// Where the run being written began in `out`.
    start: usize,
    /// Its characters.
    chars: usize,
}

impl Runs<'_> {
    /// Write the character held back.
    fn flush(&mut self) {
        if let Some(c) = self.last.take() {
            let n = present_bit(c as usize);
            self.seen[n >> 6] |= 1 << (n & 63);
            if holds(self.bits, c) {
                self.out.push(c);
                self.chars += 1;
            } else if self.chars > 0 {
                self.cut();
            }
        }
    }

    /// End the run: kept if it has `least` characters or more.
    fn cut(&mut self) {
        if self.chars >= self.least {
            self.out.push('\0');
        } else {
            self.out.truncate(self.start);
        }
        self.start = self.out.len();
        self.chars = 0;
    }
}

impl Runs<'_> {
    /// Take the character of three bytes at byte `i` of `s` (a kanji or
    /// hiragana, not the last of its run): marked seen, written if of the
    /// alphabet, else the run cut.
    #[inline]
    fn take3(&mut self, s: &str, i: usize) {
        let Some(&[b0, b1, b2]) = s.as_bytes().get(i..i + 3) else {
            return;
        };
        let n =
            (usize::from(b0 & 0x0f) << 12) | (usize::from(b1 & 0x3f) << 6) | usize::from(b2 & 0x3f);
        let m = present_bit(n);
        self.seen[m >> 6] |= 1 << (m & 63);
        if self
            .bits
            .get(n >> 6)
            .is_none_or(|w| w & (1 << (n & 63)) != 0)
        {
            self.out.push_str(s.get(i..i + 3).unwrap_or_default());
            self.chars += 1;
        } else if self.chars > 0 {
            self.cut();
        }
    }
}

impl Folding for Runs<'_> {
    fn len(&self) -> usize {
        self.count
    }

    fn push(&mut self, c: char) {
        self.flush();
        self.last = Some(c);
        self.count += 1;
    }

    fn push_str(&mut self, s: &str) {
        for c in s.chars() {
            self.push(c);
        }
    }

    /// The run (kanji and hiragana, three bytes each) measured as it is
    /// taken from its bytes, without decoding each character into a `char`
    /// as `push_str` does: each character but the last written (or the run
    /// cut), the last held back; one pass instead of `kept_len`'s and then
    /// `push_kept`'s.
    fn fold_kept(&mut self, rest: &str) -> usize {
        let bytes = rest.as_bytes();
        let mut i = 0;
        let mut held: Option<usize> = None;
        while let Some(&[b0, b1, b2]) = bytes.get(i..i + 3) {
            if !is_kept(b0, b1, b2) {
                break;
            }
            match held {
                Some(h) => self.take3(rest, h),
                None => self.flush(),
            }
            held = Some(i);
            i += 3;
        }
        if let Some(h) = held {
            self.last = rest.get(h..h + 3).and_then(|s| s.chars().next());
            self.count += 1;
        }
        i
    }

    #[inline]
    fn pass_ascii(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.ascii |= 1 << (b & 0x7f);
        }
    }

    fn last_since(&self, base: usize) -> Option<char> {
        if self.count > base {
            self.last
        } else {
            None
        }
    }

    fn replace_last(&mut self, c: char) {
        self.last = Some(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alphabet(chars: &str) -> Vec<u64> {
        let mut bits = vec![0; ALPHABET_WORDS];
        for c in chars.chars() {
            insert(&mut bits, c);
        }
        bits
    }

    fn kept(chars: &str, sparse: bool, texts: &[&str]) -> String {
        let mut out = String::new();
        project(
            &alphabet(chars),
            sparse,
            &mut |fold| texts.iter().for_each(|t| fold(t)),
            &mut out,
            &mut [0; PRESENT_WORDS],
            &mut 0,
        );
        out
    }

    #[test]
    fn only_runs_of_two_characters_of_the_alphabet_are_kept() {
        let texts = ["報告者は山田 太郎さんで、田中課長へ連絡した。"];
        for sparse in [false, true] {
            assert_eq!(kept("山田太郎中", sparse, &texts), "山田太郎\0田中\0");
        }
        // Katakana fold to hiragana; a voiced mark joins its character.
        assert_eq!(kept("やまだ", true, &["ﾔﾏﾀﾞさん"]), "やまだ\0");
        assert_eq!(kept("やまた", true, &["ﾔﾏﾀﾞさん"]), "やま\0");
        // No run spans two texts, nor ASCII when sparse.
        assert_eq!(kept("山田", true, &["山", "田"]), "");
        assert_eq!(kept("山田", true, &["山x田", "山田"]), "山田\0");
        assert_eq!(kept("smith", false, &["Mr. SMITH called"]), "smith\0");
        assert_eq!(kept("smith", true, &["Mr. SMITH called"]), "");
        for (sparse, whole) in [(false, "mr.さとう\0様\0"), (true, "\0さとう\0様\0")] {
            let mut all = String::new();
            fold_all(
                sparse,
                &mut |fold| ["Mr. ｻﾄｳ", "様"].iter().for_each(|t| fold(t)),
                &mut all,
                &mut [0; PRESENT_WORDS],
                &mut 0,
            );
            assert_eq!(all, whole);
        }
    }

    #[test]
    fn a_pattern_of_the_alphabet_in_the_folded_texts_is_in_what_is_kept() {
        use crate::analysis::names::{Matcher, Variant};
        let texts = [
            "営業部の佐藤 花子さんから、ｻﾄｳ様の件で連絡があった。",
            "対応者: 鈴木一郎（情報システム部）",
            "Reported by Jane Doe via e-mail",
        ];
        let patterns = [
            "佐藤花子",
            "さとう様",
            "鈴木",
            "一郎",
            "janedoe",
            "営業",
            "木一",
        ];
        for p in patterns {
            let matcher = Matcher::new_dfa(vec![Variant::new(p, 0)]);
            let sparse = !p.is_ascii();
            let chars: String = Variant::new(p, 0).folded.chars().collect();
            let wide = matcher.is_match_in(&mut |fold| texts.iter().for_each(|t| fold(t)));
            let mut out = String::new();
            let mut seen = [0; PRESENT_WORDS];
            project(
                &alphabet(&chars),
                sparse,
                &mut |fold| texts.iter().for_each(|t| fold(t)),
                &mut out,
                &mut seen,
                &mut 0,
            );
            assert!(wide, "{p}");
            assert!(matcher.is_match_folded(&out), "{p}: {out:?}");
            // With no character of the alphabet, each is still seen.
            let mut none = String::new();
            let mut seen_too = [0; PRESENT_WORDS];
            project(
                &alphabet(""),
                sparse,
                &mut |fold| texts.iter().for_each(|t| fold(t)),
                &mut none,
                &mut seen_too,
                &mut 0,
            );
            assert_eq!(none, "");
            assert_eq!(seen, seen_too);
            assert!(chars.chars().all(|c| present(&seen, c)), "{p}");
        }
    }

    /// Folded sparse, the ASCII passed over is still told: a Latin name
    /// learned after the record was kept is answered "not there" when one
    /// of its letters is in none of the texts (it was "maybe" for every
    /// record kept before ASCII was of the alphabet).
    #[test]
    fn the_ascii_a_sparse_fold_passes_over_is_marked() {
        let texts = [
            "VPN 装置の障害。Mr. SMITH called (ext. 42).",
            "<p>長いマークアップ abcdefghik lmnopqrstuvwxy 0123456789</p>",
        ];
        for whole in [false, true] {
            let mut out = String::new();
            let mut seen = [0; PRESENT_WORDS];
            let mut ascii = 0;
            let texts = &mut |fold: Fold<'_>| texts.iter().for_each(|t| fold(t));
            if whole {
                fold_all(true, texts, &mut out, &mut seen, &mut ascii);
            } else {
                project(
                    &alphabet("装置"),
                    true,
                    texts,
                    &mut out,
                    &mut seen,
                    &mut ascii,
                );
            }
            for c in "vpnsmithcalledxt.42()<>/bfgkoqruwy0123456789".chars() {
                assert!(ascii_seen(ascii, c), "{c} whole {whole}");
            }
            // `j`, `z` (and `J`, folded) are in neither text.
            for c in ['j', 'z', 'J'] {
                assert!(!ascii_seen(ascii, c), "{c} whole {whole}");
            }
            assert!(ascii_seen(ascii, '装'), "not ASCII: asked of `seen`");
        }
    }

    /// The sparse fold, which takes a run of kanji and hiragana in one
    /// pass ([`Runs::fold_kept`]), keeps and marks what folding each text
    /// whole a character at a time does, for texts without ASCII (the two
    /// folds differ only there), whatever the alphabet.
    #[test]
    fn a_run_taken_in_one_pass_keeps_what_a_character_at_a_time_keeps() {
        let pieces = [
            "中村",
            "大輔",
            "さん",
            "か",
            "\u{309b}",
            "ﾞ",
            "ｶ",
            "ソラノ",
            "\u{4e00}",
            "\u{9fff}",
            "\u{3041}",
            "\u{3096}",
            "\u{3097}",
            "。",
            "\u{3000}",
            "①",
            "😀",
            "山田太郎",
            "様",
        ];
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for _ in 0..3_000 {
            let texts: Vec<String> = (0..1 + next() % 3)
                .map(|_| {
                    (0..next() % 10)
                        .map(|_| pieces[next() % pieces.len()])
                        .collect()
                })
                .collect();
            let chars: String = "中村大輔さか山田太郎様がかそらのう"
                .chars()
                .filter(|_| next() % 3 != 0)
                .collect();
            let mut got = Vec::new();
            for sparse in [true, false] {
                let (mut out, mut seen, mut ascii) = (String::new(), [0; PRESENT_WORDS], 0);
                let texts = &mut |fold: Fold<'_>| texts.iter().for_each(|t| fold(t));
                project(
                    &alphabet(&chars),
                    sparse,
                    texts,
                    &mut out,
                    &mut seen,
                    &mut ascii,
                );
                got.push((out, seen, ascii));
            }
            assert_eq!(got[0], got[1], "{texts:?} {chars:?}");
        }
    }
}
