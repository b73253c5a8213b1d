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

use super::fold::{fold_sparse, Folding};
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};

/// The automaton of `patterns` (folded, none holding ASCII) for [`Walk`].
pub(super) fn automaton(patterns: &[&str]) -> Option<DFA> {
    DFA::builder()
        .match_kind(MatchKind::Standard)
        .build(patterns)
        .ok()
}

/// The automaton walked over folded text.
pub(super) struct Walk<'d> {
    dfa: &'d DFA,
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
    pub(super) fn new(dfa: &'d DFA) -> Option<Walk<'d>> {
        Some(Walk {
            dfa,
            sid: dfa.start_state(Anchored::No).ok()?,
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

    fn step_last(&mut self) {
        if let Some(c) = self.last.take() {
            if !self.done() {
                self.step(c.encode_utf8(&mut [0; 4]).as_bytes());
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
        if !self.done() {
            self.step(&s.as_bytes()[..s.len() - last.len_utf8()]);
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
    fn automata(patterns: &[&str]) -> (DFA, aho_corasick::AhoCorasick) {
        let ac = aho_corasick::AhoCorasick::new(patterns).unwrap();
        (automaton(patterns).unwrap(), ac)
    }

    /// What the walk answers, and what searching the folded text does.
    fn both_with((dfa, ac): &(DFA, aho_corasick::AhoCorasick), texts: &[&str]) -> (bool, bool) {
        let mut walk = Walk::new(dfa).unwrap();
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
}
