//! Other forms of a page's words, indexed beside its terms so that what
//! staff type finds them. Like phrase terms, they count in no page length,
//! so every other term's impact stays as it was.
//!
//! * **Kanji inside a title's compounds**: each kanji of a run of two or
//!   more kanji in a page's title is also indexed alone (`端末の盗難` →
//!   `盗`, `難`), so a one-kanji query (`盗`, `鍵`, `漏`) finds the pages
//!   whose title holds it in a compound, as it already found the kanji
//!   standing alone anywhere (`盗まれた`). Titles only: in every body they
//!   grew the index of a 10,000-record register by 17.6 % (10.19 → 11.99
//!   MB), in titles by 5.6 % with the id forms below (→ 10.77 MB, 0.057 KB
//!   a record; docs/search.md). Kanji only: a lone kana or hangul is
//!   grammar or a fragment, not a word.
//! * **Id forms**: an id (letters, then numbers, joined by `-` or `_`:
//!   `INC-2017-0379`, `DRL-2026-01`) is also indexed with its connectors
//!   left out (`inc20170379`) and, when a number has leading zeros, with
//!   them left out (`inc-2017-379`): the shapes people type from memory.

use super::tokenize::is_han;

/// Calls `f` with each kanji of every run of two or more kanji of
/// normalised text.
pub(crate) fn for_each_inner_kanji<'a>(s: &'a str, mut f: impl FnMut(&'a str)) {
    // The kanji before this one, when it is a kanji.
    let mut prev: Option<(usize, char)> = None;
    let mut run = 0;
    for (i, c) in s.char_indices() {
        if !is_han(c) {
            (prev, run) = (None, 0);
            continue;
        }
        run += 1;
        if run == 2 {
            if let Some((j, p)) = prev {
                f(&s[j..j + p.len_utf8()]);
            }
        }
        if run >= 2 {
            f(&s[i..i + c.len_utf8()]);
        }
        prev = Some((i, c));
    }
}

/// The other forms of an id (see the module comment), when `whole` (a
/// normalised compound word) is one: its parts joined without connectors,
/// and its numbers without leading zeros when that differs.
pub(crate) fn id_forms(whole: &str) -> Vec<String> {
    if whole.contains('.') {
        return Vec::new();
    }
    let parts: Vec<&str> = whole.split(['-', '_']).collect();
    let Some((first, numbers)) = parts.split_first() else {
        return Vec::new();
    };
    let is_id = !numbers.is_empty()
        && !first.is_empty()
        && first.bytes().all(|b| b.is_ascii_lowercase())
        && numbers
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !is_id {
        return Vec::new();
    }
    let mut out = vec![parts.concat()];
    let stripped: Vec<&str> = numbers
        .iter()
        .map(|p| match p.trim_start_matches('0') {
            "" => "0",
            t => t,
        })
        .collect();
    if stripped != numbers {
        out.push(format!("{first}-{}", stripped.join("-")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inner(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for_each_inner_kanji(s, |k| out.push(k));
        out
    }

    #[test]
    fn kanji_of_compounds_are_indexed_alone() {
        assert_eq!(inner("端末の盗難"), ["端", "末", "盗", "難"]);
        assert_eq!(inner("鍵を合鍵で"), ["合", "鍵"]);
        assert!(
            inner("鍵をなくした").is_empty(),
            "a lone kanji is a term already"
        );
        assert!(inner("サーバ vpn").is_empty());
    }

    #[test]
    fn ids_get_their_joined_and_unpadded_forms() {
        assert_eq!(id_forms("inc-2017-0379"), ["inc20170379", "inc-2017-379"]);
        assert_eq!(id_forms("drl_2026_10"), ["drl202610"]);
        assert_eq!(id_forms("inc-2026-000"), ["inc2026000", "inc-2026-0"]);
        assert!(id_forms("a.5.24").is_empty());
        assert!(id_forms("2026-12-01").is_empty());
        assert!(id_forms("wi-fi").is_empty());
        assert!(id_forms("vpn").is_empty());
    }
}
