//! Two ranking signals beyond the bag of bigrams, kept small and apart:
//!
//! * **Phrase terms**: every kanji trigram of a page is indexed too. A
//!   query word of four or more kanji also looks up its trigrams
//!   (`情報漏洩` → `情報漏`, `報漏洩`), not as required terms but
//!   as evidence that the page holds the whole compound rather than its
//!   parts (`情報` … `漏洩` apart); pages with more of them rank first.
//!   No dictionary: a trigram of kanji is almost never split by a word
//!   boundary that a reader would respect.
//! * **Title keys**: a record (incident, drill) gets one more term, `~`
//!   and the hex FNV-1a hash of its normalised title without spaces, so
//!   that a query typed as the record's exact title finds it first even
//!   where guidance pages otherwise rank above records.
//!
//! `search.js` implements the same functions (`phraseTerms`, `titleKey`).

use super::encode::fnv1a;
use super::tokenize::is_han;

/// Query words of at least this many kanji look up phrase terms. Shorter
/// ones gain little (a page with `責任` and `任者` but not `責任者` is rare)
/// and would cost a term shard more per query.
pub(crate) const PHRASE_FROM_CHARS: usize = 4;

/// Up to this many kanji, a query word looks up every one of its trigrams,
/// which pins every character to its neighbours (`標準入出力` → `標準入`,
/// `準入出`, `入出力`; with only the first and last, pages with `標準入力`
/// and `入出力` apart would count as whole). Longer words look up every
/// other trigram and the last, to bound the shards a query loads.
pub(crate) const PHRASE_ALL_UP_TO: usize = 6;

/// A query that looks up more required terms than this (an id counting
/// once) looks up no phrase terms: it is specific already, and phrase
/// terms of long role names (`インシデント対応責任者`, `個人情報保護管理者`)
/// would take the download at 10,000 records past 150 KB.
pub(crate) const PHRASE_MAX_LOOKUPS: usize = 4;

/// Page types that are records of what happened, not guidance on what to do.
pub(crate) const RECORD_KINDS: &[&str] = &["drill", "incident"];

/// Calls `f` with every trigram of each kanji run of normalised text.
pub(crate) fn for_each_phrase_term<'a>(s: &'a str, mut f: impl FnMut(&'a str)) {
    // Byte offsets of the last two kanji of the current run.
    let (mut a, mut b): (Option<usize>, Option<usize>) = (None, None);
    for (i, c) in s.char_indices() {
        if !is_han(c) {
            (a, b) = (None, None);
            continue;
        }
        if let Some(start) = a {
            f(&s[start..i + c.len_utf8()]);
        }
        (a, b) = (b, Some(i));
    }
}

/// The phrase terms a query needs for a CJK run of one script (from
/// `segments`): for a kanji run of `PHRASE_FROM_CHARS` or more, all its
/// trigrams up to `PHRASE_ALL_UP_TO` characters, beyond that those starting
/// at every other character plus the last one; none otherwise.
pub(crate) fn query_phrases(run: &str) -> Vec<&str> {
    let starts: Vec<usize> = run.char_indices().map(|(i, _)| i).collect();
    let n = starts.len();
    if n < PHRASE_FROM_CHARS || !run.chars().all(is_han) {
        return Vec::new();
    }
    let end = |w: usize| starts.get(w + 3).copied().unwrap_or(run.len());
    let step = if n <= PHRASE_ALL_UP_TO { 1 } else { 2 };
    let mut out: Vec<&str> = (0..n - 2)
        .step_by(step)
        .map(|w| &run[starts[w]..end(w)])
        .collect();
    if (n - 3) % step != 0 {
        out.push(&run[starts[n - 3]..]);
    }
    out
}

/// Queries shorter than this (spaces aside) do not look up a title key:
/// record titles are sentences, and a short query loads one shard less.
pub(crate) const TITLE_KEY_FROM_CHARS: usize = 12;

fn compact(normalized: &str) -> String {
    normalized
        .chars()
        .filter(|c| !matches!(c, ' ' | '\t' | '\n' | '\r'))
        .collect()
}

/// The title key of a record's normalised title (see the module comment),
/// or `None` when nothing is left once spaces are removed.
pub(crate) fn title_key(normalized: &str) -> Option<String> {
    let compact = compact(normalized);
    (!compact.is_empty()).then(|| format!("~{:08x}", fnv1a(&compact)))
}

/// The title key a normalised query looks up: none below
/// `TITLE_KEY_FROM_CHARS` characters.
pub(crate) fn query_title_key(normalized: &str) -> Option<String> {
    let long = compact(normalized).chars().count() >= TITLE_KEY_FROM_CHARS;
    long.then(|| title_key(normalized)).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trigrams(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for_each_phrase_term(s, |t| out.push(t));
        out
    }

    #[test]
    fn trigrams_stay_inside_kanji_runs() {
        assert_eq!(
            trigrams("個人情報の漏洩対策"),
            ["個人情", "人情報", "漏洩対", "洩対策"]
        );
        assert!(trigrams("情報 漏洩、メール送信").is_empty());
        assert_eq!(trigrams("〇〇部長"), ["〇〇部", "〇部長"]);
    }

    #[test]
    fn long_kanji_query_words_get_a_cover_of_trigrams() {
        assert_eq!(query_phrases("個人情報"), ["個人情", "人情報"]);
        assert_eq!(query_phrases("標準入出力"), ["標準入", "準入出", "入出力"]);
        assert_eq!(
            query_phrases("個人情報保護管理"),
            ["個人情", "情報保", "保護管", "護管理"]
        );
        assert_eq!(
            query_phrases("個人情報保護管理者"),
            ["個人情", "情報保", "保護管", "管理者"]
        );
        assert!(query_phrases("誤送信").is_empty());
        assert!(query_phrases("ランサムウェア").is_empty());
    }

    #[test]
    fn title_keys_ignore_spaces_only() {
        assert_eq!(title_key("vpn 装置の 脆弱性"), title_key("vpn装置の脆弱性"));
        assert_ne!(title_key("vpn装置"), title_key("vpn装置の脆弱性"));
        assert_eq!(title_key(" \n"), None);
        assert!(title_key("a").is_some_and(|k| k.starts_with('~') && k.len() == 9));
        assert_eq!(
            query_title_key("ノートpcの紛失"),
            None,
            "short queries look up no key"
        );
        assert_eq!(
            query_title_key("出張帰りの電車内にノートpcを置き忘れた"),
            title_key("出張帰りの電車内にノートpcを置き忘れた")
        );
    }
}
