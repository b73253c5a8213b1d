//! Finding many terms and their variants in a text in one pass: each
//! variant is folded like the text ([`super::fold`]), the folded text is
//! searched with Aho–Corasick, and every candidate is held to where the
//! variant allows a space and, for Latin letters, to word boundaries.

use super::fold::{fold, fold_sparse_into, fold_text_into, Folded};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::cell::RefCell;

/// One way of writing a term, folded.
#[derive(Clone, Debug)]
pub struct Variant {
    /// Folded, without spaces.
    pub folded: String,
    /// Byte offsets in `folded` where a space may stand (between family and
    /// given name, before an honorific); a space anywhere else inside the
    /// match means it is not this term.
    pub gaps: Vec<usize>,
    /// Which term it writes.
    pub term: usize,
}

impl Variant {
    /// `source` folded, its spaces becoming the places a space may stand.
    pub fn new(source: &str, term: usize) -> Variant {
        let f = fold(source);
        let gaps = f
            .origin
            .iter()
            .enumerate()
            .filter(|(_, o)| o.space_before)
            .map(|(k, _)| byte_of(&f, k))
            .collect();
        Variant {
            folded: f.text,
            gaps,
            term,
        }
    }
}

/// Byte offset of the `k`-th character of folded text.
fn byte_of(f: &Folded, k: usize) -> usize {
    f.text
        .char_indices()
        .nth(k)
        .map(|(b, _)| b)
        .unwrap_or(f.text.len())
}

/// A term found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Byte range in the original text.
    pub start: usize,
    pub end: usize,
    /// The term's index, as the variants gave it.
    pub term: usize,
}

/// What [`Matcher::is_match_in`] hands its caller: folds one text more.
pub type Fold<'a> = &'a mut dyn FnMut(&str);

/// A set of variants, ready to search texts.
pub struct Matcher {
    variants: Vec<Variant>,
    ac: Option<AhoCorasick>,
    /// The automaton [`Matcher::is_match`] walks over a text as it is
    /// folded (a matcher made by [`Matcher::new_dfa`] of patterns without
    /// ASCII); `ac` then serves [`Matcher::find`] alone.
    walk: Option<super::walk::Patterns>,
    /// No variant holds an ASCII character: [`Matcher::is_match`] may pass
    /// over runs of ASCII ([`fold_sparse_into`]).
    ascii_free: bool,
}

fn ascii_free(variants: &[Variant]) -> bool {
    variants
        .iter()
        .all(|v| !v.folded.bytes().any(|b| b.is_ascii()))
}

impl Matcher {
    pub fn new(variants: Vec<Variant>) -> Matcher {
        let variants: Vec<Variant> = variants
            .into_iter()
            .filter(|v| !v.folded.is_empty())
            .collect();
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(variants.iter().map(|v| v.folded.as_str()))
            .ok();
        Matcher {
            ascii_free: ascii_free(&variants),
            variants,
            ac,
            walk: None,
        }
    }

    /// [`Matcher::new`] searching with a DFA: more to build, faster to
    /// ask ([`Matcher::is_match`] of many texts).
    pub fn new_dfa(variants: Vec<Variant>) -> Matcher {
        let variants: Vec<Variant> = variants
            .into_iter()
            .filter(|v| !v.folded.is_empty())
            .collect();
        let build = |kind| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .kind(kind)
                .build(variants.iter().map(|v| v.folded.as_str()))
                .ok()
        };
        let free = ascii_free(&variants);
        let patterns: Vec<&str> = variants.iter().map(|v| v.folded.as_str()).collect();
        let walk = free.then(|| super::walk::automaton(&patterns)).flatten();
        let ac = match walk {
            // Asked only by `find`: the automaton cheapest to build.
            Some(_) => build(Some(AhoCorasickKind::NoncontiguousNFA)),
            None => build(Some(AhoCorasickKind::DFA)).or_else(|| build(None)),
        };
        Matcher {
            ascii_free: free,
            variants,
            ac,
            walk,
        }
    }

    /// Whether it has variants but no automaton to look for them with (too
    /// many to build one): it then finds nothing, which says nothing.
    pub fn is_broken(&self) -> bool {
        self.ac.is_none() && !self.variants.is_empty()
    }

    /// The variants looked for.
    pub fn variants(&self) -> &[Variant] {
        &self.variants
    }

    pub fn is_empty(&self) -> bool {
        self.variants.is_empty()
    }

    /// Whether every variant holds a character outside ASCII: then a text
    /// of ASCII alone holds none of them.
    pub fn needs_non_ascii(&self) -> bool {
        self.variants.iter().all(|v| !v.folded.is_ascii())
    }

    /// Whether some variant occurs in `text` folded, spaces and word edges
    /// aside: false means [`Matcher::find`] finds nothing; true means it may.
    pub fn is_match(&self, text: &str) -> bool {
        self.is_match_in(&mut |fold| fold(text))
    }

    /// [`Matcher::is_match`] of several texts as one, a line break between
    /// two, without joining them: `texts` hands each to the function it is
    /// given. (Folded one by one the texts give what their joined text
    /// gives, but for a `\0` written for each of two runs of ASCII the line
    /// break would have joined, which no variant holds.)
    pub fn is_match_in(&self, texts: &mut dyn FnMut(Fold<'_>)) -> bool {
        let Some(ac) = &self.ac else {
            return false;
        };
        if self.variants.is_empty() {
            return false;
        }
        if let Some(mut walk) = self.walk.as_ref().and_then(super::walk::Walk::new) {
            texts(&mut |text| walk.text(text));
            return walk.finish();
        }
        thread_local! {
            static FOLDED: RefCell<String> = const { RefCell::new(String::new()) };
        }
        let fold_into = if self.ascii_free {
            fold_sparse_into
        } else {
            fold_text_into
        };
        FOLDED.with(|buf| match buf.try_borrow_mut() {
            Ok(mut folded) => {
                folded.clear();
                texts(&mut |text| fold_into(text, &mut folded));
                let found = !folded.is_empty() && ac.is_match(folded.as_str());
                if folded.capacity() > 1 << 20 {
                    *folded = String::new(); // a very long text: give the memory back
                }
                found
            }
            Err(_) => {
                let mut folded = String::new();
                texts(&mut |text| fold_into(text, &mut folded));
                !folded.is_empty() && ac.is_match(folded.as_str())
            }
        })
    }

    /// Whether some variant occurs in `folded`, text already folded (what
    /// [`super::project::project`] keeps): the same automaton as
    /// [`Matcher::is_match`], without folding again.
    pub fn is_match_folded(&self, folded: &str) -> bool {
        match &self.ac {
            Some(ac) => !self.variants.is_empty() && ac.is_match(folded),
            None => false,
        }
    }

    /// Every term in `text`, in order, none overlapping (where two do, the
    /// one starting first, then the longer, wins).
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        if self.variants.is_empty() || text.is_empty() {
            return Vec::new();
        }
        // Most texts hold no term: ask that of the folded text alone (no
        // origins, no allocation) and find where only when one may be there.
        if !self.is_match(text) {
            return Vec::new();
        }
        let f = fold(text);
        let mut found: Vec<(usize, usize, usize)> = Vec::new(); // (start char, end char, term)
        for m in ac.find_overlapping_iter(&f.text) {
            let v = &self.variants[m.pattern().as_usize()];
            let (cs, ce) = (f.char_index(m.start()), f.char_index(m.end()));
            if fits(&f, v, m.start(), cs, ce) {
                found.push((cs, ce, v.term));
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut hits: Vec<Hit> = Vec::new();
        let mut reached = 0;
        for (cs, ce, term) in found {
            if cs < reached {
                continue;
            }
            reached = ce;
            hits.push(Hit {
                start: f.origin[cs].start,
                end: f.origin[ce - 1].end,
                term,
            });
        }
        hits
    }

    /// `text` with every hit for which `label` gives a replacement replaced.
    pub fn replace(&self, text: &str, label: impl Fn(usize) -> Option<String>) -> String {
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for h in self.find(text) {
            if let Some(l) = label(h.term) {
                out.push_str(&text[at..h.start]);
                out.push_str(&l);
                at = h.end;
            }
        }
        out.push_str(&text[at..]);
        out
    }
}

/// Whether the candidate `v` at folded bytes `b..` (characters `cs..ce`)
/// holds: spaces inside it only at its gaps, and a Latin-letter edge not
/// glued to another letter or digit.
fn fits(f: &Folded, v: &Variant, b: usize, cs: usize, ce: usize) -> bool {
    for k in cs + 1..ce {
        if f.origin[k].space_before {
            let at = byte_of_from(f, b, cs, k);
            if !v.gaps.contains(&at) {
                return false;
            }
        }
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let first = v.folded.chars().next();
    let last = v.folded.chars().next_back();
    let before = f.text[..b].chars().next_back();
    let end_b = b + v.folded.len();
    let after = f.text[end_b..].chars().next();
    if word(first) && word(before) && !f.origin[cs].space_before {
        return false;
    }
    if word(last) && word(after) && !f.origin.get(ce).is_some_and(|o| o.space_before) {
        return false;
    }
    true
}

/// Byte offset, relative to the match start `b` (character `cs`), of the
/// match's character `k`.
fn byte_of_from(f: &Folded, b: usize, cs: usize, k: usize) -> usize {
    f.text[b..]
        .char_indices()
        .nth(k - cs)
        .map(|(x, _)| x)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(sources: &[(&str, usize)]) -> Matcher {
        Matcher::new(sources.iter().map(|(s, t)| Variant::new(s, *t)).collect())
    }

    fn found<'a>(m: &Matcher, text: &'a str) -> Vec<(&'a str, usize)> {
        m.find(text)
            .into_iter()
            .map(|h| (&text[h.start..h.end], h.term))
            .collect()
    }

    #[test]
    fn a_space_may_stand_only_where_the_variant_allows_it() {
        let m = m(&[("中村 大輔", 0)]);
        assert_eq!(found(&m, "中村大輔が"), [("中村大輔", 0)]);
        assert_eq!(found(&m, "中村　大輔が"), [("中村　大輔", 0)]);
        assert_eq!(found(&m, "ｘ中村 大輔"), [("中村 大輔", 0)]);
        assert!(found(&m, "中 村大輔").is_empty());
    }

    #[test]
    fn latin_terms_need_word_edges() {
        let m = m(&[("Lee", 0), ("Sato-san", 1)]);
        assert_eq!(found(&m, "Ask LEE."), [("LEE", 0)]);
        assert!(found(&m, "sleep and fleet").is_empty());
        assert_eq!(
            found(&m, "ｓａｔｏ－ｓａｎ said"),
            [("ｓａｔｏ－ｓａｎ", 1)]
        );
    }

    #[test]
    fn the_longest_hit_at_a_place_wins_and_hits_do_not_overlap() {
        let m = m(&[("佐藤", 0), ("佐藤 さん", 1), ("藤さ", 2)]);
        assert_eq!(found(&m, "佐藤さんと佐藤"), [("佐藤さん", 1), ("佐藤", 0)]);
    }

    #[test]
    fn replacing_keeps_the_text_around_hits() {
        let m = m(&[("ソラノ制作", 0)]);
        let out = m.replace("株式会社ｿﾗﾉ制作へ連絡", |_| {
            Some("取引先A".into())
        });
        assert_eq!(out, "株式会社取引先Aへ連絡");
    }

    #[test]
    fn is_match_says_whether_find_can_find_anything() {
        let m = m(&[("中村 大輔", 0), ("Lee", 1), ("ソラノ制作", 2)]);
        for (text, may) in [
            ("中村大輔が", true),
            ("中 村大輔", true), // a space where none may stand: find says no
            ("sleep", true),     // inside a word: find says no
            ("ｿﾗﾉ制作", true),
            ("中村が", false),
            ("", false),
            ("nothing here", false),
        ] {
            assert_eq!(m.is_match(text), may, "{text}");
            if !may {
                assert!(m.find(text).is_empty(), "{text}");
            }
        }
        assert!(!Matcher::new(Vec::new()).is_match("中村大輔"));
    }

    #[test]
    fn passing_over_ascii_answers_as_folding_it_does() {
        let kana = m(&[("中村 大輔", 0), ("ソラノ", 1), ("だい さん", 2)]);
        let latin = m(&[("中村 大輔", 0), ("Lee", 1)]);
        assert!(kana.ascii_free && !latin.ascii_free);
        let texts = [
            "<td>中村</td><td>大輔</td>",
            "<p>中村 大輔</p>",
            "中村\n大輔",
            "ｿﾗﾉ<br>",
            "ｿ<b>ﾗﾉ",
            "ソ\u{3000}ラノ",
            "だ<i>\u{3099}い さん",
            "たﾞい さん",
            "た ﾞい さん",
            "ＳＯＲＡ中村a大輔",
            "",
            "plain ascii",
        ];
        for t in texts {
            let mut full = String::new();
            fold_text_into(t, &mut full);
            let ac = kana.ac.as_ref().unwrap();
            assert_eq!(kana.is_match(t), ac.is_match(full.as_str()), "{t:?}");
        }
        // Every character up to U+FFFF between kana and markup.
        for n in 0..=0xffffu32 {
            let Some(c) = char::from_u32(n) else { continue };
            let t = format!("<a>ソ{c}ラノ</a>中{c}村 大輔");
            let mut full = String::new();
            fold_text_into(&t, &mut full);
            let ac = kana.ac.as_ref().unwrap();
            assert_eq!(kana.is_match(&t), ac.is_match(full.as_str()), "U+{n:04X}");
        }
    }
}
