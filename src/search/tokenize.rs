//! Splitting normalised text into index terms, without a dictionary.
//!
//! * A run of CJK characters of one script (kanji, hiragana, katakana or
//!   hangul) becomes overlapping character bigrams (`個人情報` → `個人`,
//!   `人情`, `情報`); a run of one character is kept as a unigram. Runs are
//!   split where the script changes (`標的型メール` → `標的型` + `メール`),
//!   because Japanese words mostly change script at word boundaries; this
//!   lets `標的型メール` match `標的型攻撃メール`.
//! * Letters and digits of other scripts form words (`vpn`, `2026`).
//! * Words joined by `-`, `_` or `.` (ids such as `inc-2026-001`, control
//!   numbers such as `a.5.24`) are indexed whole *and* by part, so that an
//!   id is found exactly and by its pieces.
//!
//! The JavaScript twin (`search.js`) implements the same rules.

use super::normalize::{is_katakana, normalize};
use super::phrase::{query_phrases, PHRASE_MAX_LOOKUPS};

/// Longest word or id kept, in characters (longer runs are hashes or noise).
pub(crate) const MAX_WORD_CHARS: usize = 64;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Han,
    Hiragana,
    Katakana,
    Hangul,
    Word,
    Connector,
    Other,
}

fn is_cjk(class: Class) -> bool {
    matches!(
        class,
        Class::Han | Class::Hiragana | Class::Katakana | Class::Hangul
    )
}

/// Whether `c` is a kanji (or `々` `〆` `〇`), whatever comes before it.
pub(crate) fn is_han(c: char) -> bool {
    !c.is_ascii() && classify(c, Class::Other) == Class::Han
}

/// Class of `c`; `prev` decides the script of the script-neutral `ー`.
fn classify(c: char, prev: Class) -> Class {
    // ASCII first: ids, numbers and markup-free Latin text are common, and
    // this avoids the Unicode table look-up of `is_alphanumeric`.
    if c.is_ascii() {
        return match c {
            '-' | '_' | '.' => Class::Connector,
            c if c.is_ascii_alphanumeric() => Class::Word,
            _ => Class::Other,
        };
    }
    match c {
        '\u{30FC}' if prev == Class::Hiragana => Class::Hiragana,
        '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309F}' => Class::Hiragana,
        c if is_katakana(c) => Class::Katakana,
        '\u{3005}'..='\u{3007}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}' => Class::Han,
        '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{AC00}'..='\u{D7AF}' => {
            Class::Hangul
        }
        // Japanese punctuation: neither letters nor digits (spares the
        // table look-up below; checked by a test).
        '\u{3000}'..='\u{3004}' | '\u{3008}'..='\u{3020}' | '\u{30FB}' => Class::Other,
        c if c.is_alphanumeric() => Class::Word,
        _ => Class::Other,
    }
}

/// A piece of normalised text, borrowed from it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Segment<'a> {
    /// A run of CJK characters of one script.
    Cjk(&'a str),
    /// Words joined by connectors: the parts and the whole span.
    Word { parts: Vec<&'a str>, whole: &'a str },
}

/// Splits normalised text into CJK runs and (compound) words.
pub(crate) fn segments(s: &str) -> Vec<Segment<'_>> {
    let mut classes = Vec::with_capacity(s.len() / 2);
    let mut prev = Class::Other;
    for (i, c) in s.char_indices() {
        prev = classify(c, prev);
        classes.push((i, prev));
    }
    let end_of = |k: usize| classes.get(k).map_or(s.len(), |&(i, _)| i);
    let mut out = Vec::new();
    let mut k = 0;
    while k < classes.len() {
        let (start, class) = classes[k];
        if is_cjk(class) {
            let mut j = k + 1;
            while j < classes.len() && classes[j].1 == class {
                j += 1;
            }
            out.push(Segment::Cjk(&s[start..end_of(j)]));
            k = j;
        } else if class == Class::Word {
            let mut parts = Vec::new();
            let mut j = k;
            loop {
                let part_start = j;
                while j < classes.len() && classes[j].1 == Class::Word {
                    j += 1;
                }
                parts.push(&s[classes[part_start].0..end_of(j)]);
                let joined = j + 1 < classes.len()
                    && classes[j].1 == Class::Connector
                    && classes[j + 1].1 == Class::Word;
                if !joined {
                    break;
                }
                j += 1;
            }
            out.push(Segment::Word {
                parts,
                whole: &s[start..end_of(j)],
            });
            k = j;
        } else {
            k += 1;
        }
    }
    out
}

/// Calls `f` with each character bigram of a CJK run (or the lone character).
fn each_bigram<'a>(run: &'a str, f: &mut impl FnMut(&'a str)) {
    let starts: Vec<usize> = run.char_indices().map(|(i, _)| i).collect();
    if starts.len() == 1 {
        f(run);
        return;
    }
    for w in 0..starts.len() - 1 {
        let end = starts.get(w + 2).copied().unwrap_or(run.len());
        f(&run[starts[w]..end]);
    }
}

/// Runs this long are queried by a cover of their bigrams, not all of them.
pub(crate) const COVER_FROM_CHARS: usize = 5;

/// The bigrams a query needs for a CJK run. Up to four characters, all of
/// them (so `個人情報` needs `人情` and does not match `個人` and `情報` apart).
/// From five characters, every other bigram plus the last one, which still
/// covers every character and pins most neighbours: a page with all of
/// `ラン` `サム` `ウェ` `ェア` but not `ランサムウェア` is vanishingly rare, and
/// each bigram left out is a shard the browser does not load — long words
/// (role names) are made of bigrams found in nearly every record.
fn each_query_bigram<'a>(run: &'a str, f: &mut impl FnMut(&'a str)) {
    let starts: Vec<usize> = run.char_indices().map(|(i, _)| i).collect();
    let n = starts.len();
    if n < COVER_FROM_CHARS {
        each_bigram(run, f);
        return;
    }
    let end = |w: usize| starts.get(w + 2).copied().unwrap_or(run.len());
    for w in (0..n - 1).step_by(2) {
        f(&run[starts[w]..end(w)]);
    }
    if n % 2 == 1 {
        f(&run[starts[n - 2]..]);
    }
}

fn short_enough(word: &str) -> bool {
    // A character takes at least one byte, so short strings need no count.
    word.len() <= MAX_WORD_CHARS || word.chars().count() <= MAX_WORD_CHARS
}

/// The character starting at byte `i` of `s`, if any.
fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|r| r.chars().next())
}

/// Whether `c` continues a word (its class does not depend on the
/// character before it, `ー` aside, which is never a word character).
fn is_word_char(c: char) -> bool {
    classify(c, Class::Word) == Class::Word
}

/// End (byte index) of the compound word starting at `start`: parts of word
/// characters joined by single connectors followed by a word character.
/// Also returns the number of parts.
fn compound_end(s: &str, start: usize) -> (usize, usize) {
    let mut j = start;
    let mut parts = 0;
    loop {
        while let Some(c) = char_at(s, j).filter(|&c| is_word_char(c)) {
            j += c.len_utf8();
        }
        parts += 1;
        // Connectors are ASCII: one byte.
        let joined = char_at(s, j).is_some_and(|c| classify(c, Class::Word) == Class::Connector)
            && char_at(s, j + 1).is_some_and(is_word_char);
        if !joined {
            return (j, parts);
        }
        j += 1;
    }
}

/// Calls `f` with every index term of already normalised text, in order:
/// for a compound word, the whole first and then its parts.
///
/// One pass over the text with no allocation (it runs twice over every
/// page's text per build); it yields exactly the terms of [`segments`].
pub(crate) fn for_each_term<'a>(s: &'a str, mut f: impl FnMut(&'a str)) {
    let mut i = 0;
    let mut prev = Class::Other;
    while let Some(c) = char_at(s, i) {
        let class = classify(c, prev);
        if is_cjk(class) {
            // Bigrams of the run of this script, or the lone character.
            let run_start = i;
            let mut last_start = i;
            let mut j = i + c.len_utf8();
            while let Some(d) = char_at(s, j).filter(|&d| classify(d, class) == class) {
                let end = j + d.len_utf8();
                f(&s[last_start..end]);
                last_start = j;
                j = end;
            }
            if last_start == run_start {
                f(&s[run_start..j]);
            }
            i = j;
            prev = class;
        } else if class == Class::Word {
            let (end, parts) = compound_end(s, i);
            let whole = &s[i..end];
            if parts > 1 {
                if short_enough(whole) {
                    f(whole);
                }
                // Parts are separated by exactly one connector each.
                for part in whole.split(['-', '_', '.']).filter(|p| short_enough(p)) {
                    f(part);
                }
            } else if short_enough(whole) {
                f(whole);
            }
            i = end;
            prev = Class::Word;
        } else {
            i += c.len_utf8();
            prev = class;
        }
    }
}

/// Normalises `s` and returns its index terms (see the module comment).
pub fn tokenize(s: &str) -> Vec<String> {
    let normalized = normalize(s);
    let mut out = Vec::new();
    for_each_term(&normalized, |t| out.push(t.to_owned()));
    out
}

/// One requirement of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum QueryGroup {
    /// A term that a matching page must contain.
    Term(String),
    /// An id or other joined word: the page must contain the whole id when
    /// the index knows it, otherwise all of its parts.
    Compound { whole: String, parts: Vec<String> },
    /// A kanji trigram of a long query word: not required, but pages that
    /// contain it rank first (see `phrase.rs`).
    Phrase(String),
}

/// What a query asks for, in query order, without repeats.
pub(crate) fn plan_query(query: &str) -> Vec<QueryGroup> {
    let normalized = normalize(query);
    let mut groups: Vec<QueryGroup> = Vec::new();
    let mut push = |g: QueryGroup| {
        if !groups.contains(&g) {
            groups.push(g);
        }
    };
    for segment in segments(&normalized) {
        match segment {
            Segment::Cjk(run) => {
                each_query_bigram(run, &mut |t| push(QueryGroup::Term(t.to_owned())));
                for p in query_phrases(run) {
                    push(QueryGroup::Phrase(p.to_owned()));
                }
            }
            Segment::Word { parts, whole } => {
                let parts: Vec<String> = parts
                    .into_iter()
                    .filter(|p| short_enough(p))
                    .map(str::to_owned)
                    .collect();
                if parts.len() > 1 && short_enough(whole) {
                    push(QueryGroup::Compound {
                        whole: whole.to_owned(),
                        parts,
                    });
                } else {
                    parts.into_iter().for_each(|p| push(QueryGroup::Term(p)));
                }
            }
        }
    }
    // Phrase terms only for queries that look up few terms: long queries
    // are specific already, and each phrase term is a shard more to load.
    if groups
        .iter()
        .filter(|g| !matches!(g, QueryGroup::Phrase(_)))
        .count()
        > PHRASE_MAX_LOOKUPS
    {
        groups.retain(|g| !matches!(g, QueryGroup::Phrase(_)));
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        tokenize(s)
    }

    #[test]
    fn kanji_run_becomes_bigrams() {
        assert_eq!(toks("個人情報"), ["個人", "人情", "情報"]);
    }

    #[test]
    fn single_cjk_character_is_a_unigram() {
        assert_eq!(toks("誤"), ["誤"]);
        assert_eq!(toks("誤って"), ["誤", "って"]);
    }

    #[test]
    fn runs_split_where_the_script_changes() {
        assert_eq!(toks("標的型メール"), ["標的", "的型", "メー", "ール"]);
        assert_eq!(
            toks("ウイルスに感染"),
            ["ウイ", "イル", "ルス", "に", "感染"]
        );
    }

    #[test]
    fn long_vowel_mark_follows_the_script_before_it() {
        assert_eq!(toks("すごーい"), ["すご", "ごー", "ーい"]);
        assert_eq!(toks("サーバー"), ["サー", "ーバ", "バー"]);
    }

    #[test]
    fn latin_text_becomes_lowercase_words() {
        assert_eq!(
            toks("VPN connection, ＶＰＮ!"),
            ["vpn", "connection", "vpn"]
        );
        assert_eq!(toks("VPN接続"), ["vpn", "接続"]);
    }

    #[test]
    fn ids_are_indexed_whole_and_by_part() {
        assert_eq!(
            toks("INC-2026-001 を参照"),
            ["inc-2026-001", "inc", "2026", "001", "を", "参照"]
        );
        assert_eq!(toks("A.5.24"), ["a.5.24", "a", "5", "24"]);
    }

    #[test]
    fn trailing_punctuation_is_not_part_of_a_word() {
        assert_eq!(
            toks("see INC-2026-001."),
            ["see", "inc-2026-001", "inc", "2026", "001"]
        );
        assert_eq!(toks("--x--"), ["x"]);
    }

    #[test]
    fn full_width_id_equals_ascii_id() {
        assert_eq!(toks("ＩＮＣ－２０２６－００１"), toks("INC-2026-001"));
    }

    #[test]
    fn punctuation_separates_cjk_runs() {
        assert_eq!(toks("情報・漏えい"), ["情報", "漏", "えい"]);
        assert_eq!(toks("「個人」"), ["個人"]);
    }

    #[test]
    fn overlong_words_are_dropped() {
        let hash = "a".repeat(65);
        assert!(toks(&hash).is_empty());
        assert_eq!(toks(&"b".repeat(64)).len(), 1);
    }

    /// The terms as `segments` defines them (the reference for the
    /// streaming `for_each_term`).
    fn reference_terms(normalized: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for segment in segments(normalized) {
            match segment {
                Segment::Cjk(run) => each_bigram(run, &mut |t| out.push(t)),
                Segment::Word { parts, whole } => {
                    if parts.len() > 1 && short_enough(whole) {
                        out.push(whole);
                    }
                    out.extend(parts.into_iter().filter(|p| short_enough(p)));
                }
            }
        }
        out
    }

    #[test]
    fn ascii_classes_follow_the_unicode_rule() {
        for c in (0u8..128).map(char::from) {
            let expected = match c {
                '-' | '_' | '.' => Class::Connector,
                c if c.is_alphanumeric() => Class::Word,
                _ => Class::Other,
            };
            assert_eq!(classify(c, Class::Other), expected, "{c:?}");
        }
    }

    #[test]
    fn japanese_punctuation_is_not_alphanumeric() {
        for c in ('\u{3000}'..='\u{3004}')
            .chain('\u{3008}'..='\u{3020}')
            .chain(['\u{30FB}'])
        {
            assert!(!c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn streaming_terms_equal_the_segment_definition() {
        let samples = [
            "",
            "個人情報の漏えい（inc-2026-001）を確認。a.5.24 / vpn_gw-01.",
            "すごーいサーバーーー ー ーあ カ-ー",
            "abc- -abc a--b a-.b .a. x_y_z-1.2.3 ＶＰＮ接続",
            "한국어 텍스트와 漢字かなカナ混じり々〆〇",
            "𠮷野家の𠮷 αβγ-δ ünïcödé-wörd",
            "mixed123漢字456かな789カナ",
        ];
        let long_word = format!("{}-ok {}", "é".repeat(40), "z".repeat(70));
        for raw in samples.iter().copied().chain([long_word.as_str()]) {
            let n = normalize(raw);
            let mut streamed = Vec::new();
            for_each_term(&n, |t| streamed.push(t));
            assert_eq!(streamed, reference_terms(&n), "{raw}");
        }
    }

    fn plan_terms(q: &str) -> Vec<String> {
        plan_query(q)
            .into_iter()
            .filter_map(|g| match g {
                QueryGroup::Term(t) => Some(t),
                QueryGroup::Compound { .. } | QueryGroup::Phrase(_) => None,
            })
            .collect()
    }

    #[test]
    fn short_query_words_need_every_bigram() {
        assert_eq!(plan_terms("個人情報"), ["個人", "人情", "情報"]);
        assert_eq!(plan_terms("誤送信"), ["誤送", "送信"]);
    }

    #[test]
    fn long_query_words_need_a_cover_of_bigrams() {
        assert_eq!(plan_terms("インシデント"), ["イン", "シデ", "ント"]);
        assert_eq!(
            plan_terms("ランサムウェア"),
            ["ラン", "サム", "ウェ", "ェア"]
        );
        assert_eq!(plan_terms("対応責任者"), ["対応", "責任", "任者"]);
    }

    #[test]
    fn only_queries_of_few_lookups_get_phrase_terms() {
        let phrases = |q: &str| {
            plan_query(q)
                .into_iter()
                .filter(|g| matches!(g, QueryGroup::Phrase(_)))
                .count()
        };
        assert_eq!(phrases("個人情報"), 2);
        assert_eq!(phrases("対応責任者"), 3);
        assert_eq!(phrases("インシデント対応責任者"), 0, "six lookups already");
        assert_eq!(phrases("個人情報保護管理者"), 0, "five lookups already");
    }

    #[test]
    fn query_plan_keeps_ids_as_compounds_and_drops_repeats() {
        let plan = plan_query("INC-2026-001 個人情報 個人");
        assert_eq!(
            plan,
            vec![
                QueryGroup::Compound {
                    whole: "inc-2026-001".into(),
                    parts: vec!["inc".into(), "2026".into(), "001".into()],
                },
                QueryGroup::Term("個人".into()),
                QueryGroup::Term("人情".into()),
                QueryGroup::Term("情報".into()),
                QueryGroup::Phrase("個人情".into()),
                QueryGroup::Phrase("人情報".into()),
            ]
        );
    }
}
