//! Asking whether a text can hold a term without writing its folded text
//! out: the automaton is walked over the characters as they are folded
//! ([`fold_sparse`]: the same folding as [`super::fold::fold_sparse_into`],
//! one code for both). Kanji and hiragana are stepped over as they stand
//! in the text; only the last character folded is held back, since a
//! voiced mark after it may still join it (`ﾀﾞ` → `だ`).
//!
//! The name guard asks this of every file a build writes, and `check` of
//! every record's texts: most of the time goes to folding and searching,
//! and the folded copy of each text was written only to be read once.
//!
//! A character that no pattern holds sends the automaton back to its start
//! (no pattern can match across it, none can begin inside it): such a
//! character, most of a text, is passed over with one look at a bitmap of
//! the patterns' characters instead of a step for each of its bytes
//! ([`Alphabet`]).

use super::fold::{fold_sparse, Folding};
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};

/// The automaton of some patterns, with the characters they hold.
pub(super) struct Patterns {
    dfa: DFA,
    alphabet: Alphabet,
}

/// The automaton of `patterns` (folded, none holding ASCII) for [`Walk`].
pub(super) fn automaton(patterns: &[&str]) -> Option<Patterns> {
    let dfa = DFA::builder()
        .match_kind(MatchKind::Standard)
        .build(patterns)
        .ok()?;
    Some(Patterns {
        dfa,
        alphabet: Alphabet::of(patterns),
    })
}

/// The characters of the Basic Multilingual Plane some pattern holds, one
/// bit each (8 KiB); a character above it is always taken to be held (the
/// automaton steps over it: never wrong, only slower).
pub(super) struct Alphabet(Vec<u64>);

impl Alphabet {
    fn of(patterns: &[&str]) -> Alphabet {
        let mut bits = vec![0u64; 1 << 10];
        for c in patterns.iter().flat_map(|p| p.chars()) {
            let n = c as usize;
            if let Some(word) = bits.get_mut(n >> 6) {
                *word |= 1 << (n & 63);
            }
        }
        Alphabet(bits)
    }

    /// Whether `c` may stand in a pattern (false: certainly not).
    #[inline]
    fn holds(&self, c: char) -> bool {
        self.holds_code(c as usize)
    }

    /// [`Alphabet::holds`] of the character whose code point is `n`.
    #[inline]
    fn holds_code(&self, n: usize) -> bool {
        self.0
            .get(n >> 6)
            .is_none_or(|word| word & (1 << (n & 63)) != 0)
    }
}

/// The automaton walked over folded text.
pub(super) struct Walk<'d> {
    dfa: &'d DFA,
    alphabet: &'d Alphabet,
    /// Where the automaton stands before anything is read.
    start: StateID,
    sid: StateID,
    /// The last character folded, not yet stepped over.
    last: Option<char>,
    /// Characters folded (what [`Folding::len`] counts).
    count: usize,
    found: bool,
    /// No pattern can be found any more.
    dead: bool,
}

impl<'d> Walk<'d> {
    pub(super) fn new(automaton: &'d Patterns) -> Option<Walk<'d>> {
        let dfa = &automaton.dfa;
        let start = dfa.start_state(Anchored::No).ok()?;
        Some(Walk {
            dfa,
            alphabet: &automaton.alphabet,
            start,
            sid: start,
            last: None,
            count: 0,
            found: false,
            dead: false,
        })
    }

    /// Fold `text` (as [`super::fold::fold_sparse_into`] appends it) and
    /// walk over it.
    pub(super) fn text(&mut self, text: &str) {
        fold_sparse(text, self);
    }

    /// Whether some pattern occurs in what was folded.
    pub(super) fn finish(mut self) -> bool {
        self.step_last();
        self.found
    }

    fn step(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.sid = self.dfa.next_state(Anchored::No, self.sid, b);
            if self.dfa.is_special(self.sid) {
                if self.dfa.is_match(self.sid) {
                    self.found = true;
                    return;
                }
                if self.dfa.is_dead(self.sid) {
                    self.dead = true;
                    return;
                }
            }
        }
    }

    /// Step over the character `c`: a character no pattern holds leaves
    /// no pattern begun, so the automaton is back at its start.
    #[inline]
    fn step_char(&mut self, c: char) {
        if self.alphabet.holds(c) {
            self.step(c.encode_utf8(&mut [0; 4]).as_bytes());
        } else {
            self.sid = self.start;
        }
    }

    fn step_last(&mut self) {
        if let Some(c) = self.last.take() {
            if !self.done() {
                self.step_char(c);
            }
        }
    }
}

impl Folding for Walk<'_> {
    fn len(&self) -> usize {
        self.count
    }

    fn push(&mut self, c: char) {
        self.step_last();
        self.last = Some(c);
        self.count += 1;
    }

    fn push_str(&mut self, s: &str) {
        let Some(last) = s.chars().next_back() else {
            return;
        };
        self.step_last();
        for c in s[..s.len() - last.len_utf8()].chars() {
            if self.done() {
                break;
            }
            self.step_char(c);
        }
        self.last = Some(last);
        self.count += 1;
    }

    /// The run is stepped over from its bytes, three at a time, without
    /// decoding each character and encoding it again as `push_str` does
    /// (the same steps); anything else in it, which `kept_len` never
    /// lets through, is stepped over as `push_str` would.
    fn push_kept(&mut self, s: &str) {
        let Some(last) = s.chars().next_back() else {
            return;
        };
        let body = &s[..s.len() - last.len_utf8()];
        self.step_last();
        let bytes = body.as_bytes();
        let mut i = 0;
        while let Some(&[b0, b1, b2]) = bytes.get(i..i + 3) {
            if b0 & 0xf0 != 0xe0 || self.done() {
                break;
            }
            let n = (usize::from(b0 & 0x0f) << 12)
                | (usize::from(b1 & 0x3f) << 6)
                | usize::from(b2 & 0x3f);
            if self.alphabet.holds_code(n) {
                self.step(&[b0, b1, b2]);
            } else {
                self.sid = self.start;
            }
            i += 3;
        }
        for c in body.get(i..).unwrap_or_default().chars() {
            if self.done() {
                break;
            }
            self.step_char(c);
        }
        self.last = Some(last);
        self.count += 1;
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

    fn done(&self) -> bool {
        self.found || self.dead
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::names::fold::fold_sparse_into;

    /// The walk's automaton and the search's of `patterns`.
    fn automata(patterns: &[&str]) -> (Patterns, aho_corasick::AhoCorasick) {
        let ac = aho_corasick::AhoCorasick::new(patterns).unwrap();
        (automaton(patterns).unwrap(), ac)
    }

    /// What the walk answers, and what searching the folded text does.
    fn both_with(
        (automaton, ac): &(Patterns, aho_corasick::AhoCorasick),
        texts: &[&str],
    ) -> (bool, bool) {
        let mut walk = Walk::new(automaton).unwrap();
        let mut folded = String::new();
        for t in texts {
            walk.text(t);
            fold_sparse_into(t, &mut folded);
        }
        (
            walk.finish(),
            !folded.is_empty() && ac.is_match(folded.as_str()),
        )
    }

    fn both(patterns: &[&str], texts: &[&str]) -> (bool, bool) {
        both_with(&automata(patterns), texts)
    }

    #[test]
    fn the_walk_answers_as_the_search_of_the_folded_text() {
        let patterns = [
            "中村大輔",
            "そらの",
            "だいさん",
            "がっこう",
            "ゔぁ",
            "\u{309d}",
        ];
        let pieces = [
            "中村", "大輔", " ", "\u{3000}", "<b>", "ソ", "ラ", "ノ", "ｿ", "ﾗ", "ﾉ", "た", "ﾀ",
            "\u{3099}", "\u{309b}", "ﾞ", "ﾟ", "い", "さん", "か", "ｶ", "ッ", "っ", "こう", "ｺｳ",
            "う", "ウ", "ｳ", "ァ", "ぁ", "\u{309d}", "ゞ", "\n", "a", "Ｓ", "①", "㍻", "\u{200b}",
        ];
        // Every text of up to four pieces, and texts of many, in one and in
        // several parts (a voiced mark never joins across two).
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let made = automata(&patterns);
        let mut tried = 0;
        let mut found = 0;
        for _ in 0..40_000 {
            let n = 1 + next() % 9;
            let text: String = (0..n).map(|_| pieces[next() % pieces.len()]).collect();
            let cut = text
                .char_indices()
                .map(|(k, _)| k)
                .nth(next() % text.chars().count())
                .unwrap_or(0);
            for texts in [vec![text.as_str()], vec![&text[..cut], &text[cut..]]] {
                let (walked, searched) = both_with(&made, &texts);
                assert_eq!(walked, searched, "{texts:?}");
                tried += 1;
                found += usize::from(walked);
            }
        }
        assert!(found > tried / 20 && found < tried, "{found} of {tried}");
        assert_eq!(both(&patterns, &[]), (false, false));
        assert_eq!(both(&patterns, &["", ""]), (false, false));
        assert_eq!(both(&["たい"], &["ﾀﾞい", "た", "ﾞい"]), (false, false));
        assert_eq!(both(&["だい"], &["ﾀﾞい"]), (true, true));
        assert_eq!(both(&["だい"], &["ﾀ ﾞい"]), (false, false));
    }

    /// Where a walk stands: its state and what it has found.
    fn state(w: &Walk<'_>) -> (StateID, Option<char>, usize, bool, bool) {
        (w.sid, w.last, w.count, w.found, w.dead)
    }

    #[test]
    fn a_run_of_kanji_and_hiragana_is_stepped_from_its_bytes_as_character_by_character() {
        // Patterns sharing first bytes with characters they do not hold
        // (中 U+4E2D, 丸 U+4E38), hiragana, a pattern above the plane of the
        // bitmap; runs of three-byte characters in and out of the patterns,
        // and runs holding other characters (`push_kept` must step them as
        // `push_str` does: two-byte é, four-byte 𠮷, ASCII).
        let patterns = ["中村", "村中", "一一一二", "\u{20bb7}田", "だい", "まる"];
        let kept = [
            "中", "村", "丸", "一", "二", "三", "田", "た", "だ", "い", "ま", "る", "ゑ",
        ];
        let other = ["é", "\u{20bb7}", "a", "ｲ"];
        let made = automaton(&patterns).unwrap();
        let mut seed = 5u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let (mut found, mut tried) = (0, 0);
        for round in 0..20_000 {
            let runs: Vec<String> = (0..1 + next() % 3)
                .map(|_| {
                    (0..next() % 12)
                        .map(|_| match next() % 16 {
                            0 if round % 4 == 0 => other[next() % other.len()],
                            _ => kept[next() % kept.len()],
                        })
                        .collect()
                })
                .collect();
            let (mut by_bytes, mut by_chars) =
                (Walk::new(&made).unwrap(), Walk::new(&made).unwrap());
            for run in &runs {
                by_bytes.push_kept(run);
                by_chars.push_str(run);
                assert_eq!(state(&by_bytes), state(&by_chars), "{runs:?}");
            }
            let (a, b) = (by_bytes.finish(), by_chars.finish());
            assert_eq!(a, b, "{runs:?}");
            tried += 1;
            found += usize::from(a);
        }
        assert!(found > tried / 20 && found < tried, "{found} of {tried}");
    }

    #[test]
    fn the_alphabet_holds_every_character_of_the_patterns_and_everything_above_the_bmp() {
        let a = Alphabet::of(&["中村", "だいすけ", "\u{20bb7}田"]);
        for c in [
            '中',
            '村',
            'だ',
            'い',
            'す',
            'け',
            '田',
            '\u{20bb7}',
            '\u{1f600}',
        ] {
            assert!(a.holds(c), "{c}");
        }
        for c in ['木', 'た', 'ダ', 'a', '\0', '\u{ffff}', '\u{3000}'] {
            assert!(!a.holds(c), "{c}");
        }
    }

    #[test]
    fn characters_no_pattern_holds_are_passed_over_as_the_search_would() {
        // Patterns whose characters share their first UTF-8 bytes with the
        // text's (中 U+4E2D, 丸 U+4E38), repeat themselves (一一一二), hold a
        // character above the plane of the bitmap (𠮷 U+20BB7) or a voiced
        // mark that joins; texts mixing them with characters no pattern holds.
        let patterns = ["中村", "村中", "一一一二", "\u{20bb7}田", "だい", "まる"];
        let pieces = [
            "中",
            "村",
            "丸",
            "一",
            "二",
            "三",
            "\u{20bb7}",
            "\u{20bb6}",
            "田",
            "た",
            "ﾀ",
            "ﾞ",
            "い",
            "マ",
            "ル",
            "ま",
            "る",
            "\u{3000}",
            "a",
            "\n",
            "①",
            "ｲ",
        ];
        let made = automata(&patterns);
        let mut seed = 11u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let (mut tried, mut found) = (0, 0);
        for _ in 0..20_000 {
            let n = 1 + next() % 10;
            let text: String = (0..n).map(|_| pieces[next() % pieces.len()]).collect();
            let (walked, searched) = both_with(&made, &[text.as_str()]);
            assert_eq!(walked, searched, "{text:?}");
            tried += 1;
            found += usize::from(walked);
        }
        assert!(found > tried / 50 && found < tried, "{found} of {tried}");
        assert_eq!(both(&patterns, &["中丸村", "村"]), (false, false));
        assert_eq!(both(&patterns, &["一一一一二"]), (true, true));
        assert_eq!(both(&patterns, &["\u{20bb7}\u{20bb6}田"]), (false, false));
        assert_eq!(both(&patterns, &["三\u{20bb7}田"]), (true, true));
        assert_eq!(both(&patterns, &["ﾏﾙ"]), (true, true));
    }
}
