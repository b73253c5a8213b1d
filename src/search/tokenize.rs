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

/// Class of `c`; `prev` decides the script of the script-neutral `ー`.
fn classify(c: char, prev: Class) -> Class {
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
        '-' | '_' | '.' => Class::Connector,
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
    word.chars().count() <= MAX_WORD_CHARS
}

/// Calls `f` with every index term of already normalised text, in order:
/// for a compound word, the whole first and then its parts.
pub(crate) fn for_each_term<'a>(normalized: &'a str, mut f: impl FnMut(&'a str)) {
    for segment in segments(normalized) {
        match segment {
            Segment::Cjk(run) => each_bigram(run, &mut f),
            Segment::Word { parts, whole } => {
                if parts.len() > 1 && short_enough(whole) {
                    f(whole);
                }
                for part in parts.into_iter().filter(|p| short_enough(p)) {
                    f(part);
                }
            }
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
                each_query_bigram(run, &mut |t| push(QueryGroup::Term(t.to_owned())))
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

    fn plan_terms(q: &str) -> Vec<String> {
        plan_query(q)
            .into_iter()
            .filter_map(|g| match g {
                QueryGroup::Term(t) => Some(t),
                QueryGroup::Compound { .. } => None,
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
            ]
        );
    }
}
