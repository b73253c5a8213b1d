//! Other forms of a page's words, so that what staff type finds them.
//! Those indexed beside the terms count, like phrase terms, in no page
//! length, so every other term's impact stays as it was.
//!
//! * **Kanji inside a title's compounds**: each kanji of a run of two or
//!   more kanji in a page's title is also indexed alone (`端末の盗難` →
//!   `盗`, `難`), so a one-kanji query (`盗`, `鍵`, `漏`) finds the pages
//!   whose title holds it in a compound, as it already found the kanji
//!   standing alone anywhere (`盗まれた`). Titles only: in every body they
//!   grew the index of a 10,000-record register by 17.6 % (10.19 → 11.99
//!   MB), in titles by 1.5 % (→ 10.34 MB; docs/search.md). Kanji only: a
//!   lone kana or hangul is grammar or a fragment, not a word.
//! * **Id forms**: an id (letters, then numbers, joined by `-` or `_`:
//!   `INC-2017-0379`, `DRL-2026-01`) is also found typed with its
//!   connectors left out (`inc20170379`) or, when a number has leading
//!   zeros, with them left out (`inc-2017-379`): the shapes people type
//!   from memory. These forms are not indexed (at 100,000 records they were
//!   two new distinct terms a record, about 17 MiB of the build's peak):
//!   the index lists, per prefix, the shapes of the ids it holds
//!   ([`IdShapes`], `idShapes` in `meta.js`, `-4-4` for `inc-2017-0379`),
//!   and the query side maps a typed form to the ids of those shapes
//!   ([`id_candidates`], `idCandidates` in `search.js`), whose postings it
//!   looks up beside the typed word's.

use std::collections::BTreeMap;

use serde_json::Value;

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

/// The prefix and shape of an id (see the module comment), when `term` (a
/// normalised compound word) is one: `inc-2017-0379` → `("inc", "-4-4")`,
/// `drl_2026_10` → `("drl", "_4_2")`.
pub(crate) fn id_shape(term: &str) -> Option<(&str, String)> {
    let first_end = term.find(['-', '_'])?;
    let (first, mut rest) = term.split_at(first_end);
    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let mut shape = String::with_capacity(8);
    while let Some(connector) = rest.chars().next() {
        if connector != '-' && connector != '_' {
            return None;
        }
        let digits = rest[1..].bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        shape.push(connector);
        shape.push_str(&digits.to_string());
        rest = &rest[1 + digits..];
    }
    Some((first, shape))
}

/// Most prefixes `idShapes` lists (see [`IdShapes::to_json`]).
pub(crate) const MAX_PREFIXES: usize = 32;
/// Most shapes `idShapes` lists for one prefix.
pub(crate) const MAX_SHAPES: usize = 8;

/// The shapes of the ids among an index's terms, by prefix, each with the
/// number of distinct terms of that shape (so that removing a term can
/// remove its shape: `serve`'s kept index; and so that, past
/// [`MAX_PREFIXES`], the prefixes of the most ids are listed).
#[derive(Default, Clone, Debug, PartialEq, Eq)]
pub(crate) struct IdShapes(BTreeMap<String, BTreeMap<String, u32>>);

impl IdShapes {
    /// Counts a distinct term of the index, if it is an id.
    pub(crate) fn add(&mut self, term: &str) {
        if !term.contains(['-', '_']) {
            return;
        }
        if let Some((prefix, shape)) = id_shape(term) {
            let shapes = match self.0.get_mut(prefix) {
                Some(s) => s,
                None => self.0.entry(prefix.to_owned()).or_default(),
            };
            *shapes.entry(shape).or_default() += 1;
        }
    }

    /// Forgets a distinct term the index no longer holds.
    pub(crate) fn remove(&mut self, term: &str) {
        if !term.contains(['-', '_']) {
            return;
        }
        let Some((prefix, shape)) = id_shape(term) else {
            return;
        };
        let Some(shapes) = self.0.get_mut(prefix) else {
            return;
        };
        if let Some(n) = shapes.get_mut(&shape) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                shapes.remove(&shape);
            }
        }
        if shapes.is_empty() {
            self.0.remove(prefix);
        }
    }

    /// Adds the shapes of `other` (postings spilled in another run).
    pub(crate) fn merge(&mut self, other: &IdShapes) {
        for (prefix, shapes) in &other.0 {
            let mine = self.0.entry(prefix.clone()).or_default();
            for (shape, n) in shapes {
                *mine.entry(shape.clone()).or_default() += n;
            }
        }
    }

    /// `idShapes` of `meta.js`: `{"inc": ["-4-4"], ...}`, sorted: of the
    /// prefixes the [`MAX_PREFIXES`] with the most ids, of each the
    /// [`MAX_SHAPES`] shapes with the most (ties by name), so that text
    /// full of id-like words (`sha-256`, `windows-10`, `iso-27001`) cannot
    /// grow `meta.js`, which every search loads, without bound.
    pub(crate) fn to_json(&self) -> Value {
        let mut prefixes: Vec<(&String, &BTreeMap<String, u32>, u64)> = self
            .0
            .iter()
            .map(|(p, shapes)| (p, shapes, shapes.values().map(|&n| u64::from(n)).sum()))
            .collect();
        if prefixes.len() > MAX_PREFIXES {
            prefixes.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(b.0)));
            prefixes.truncate(MAX_PREFIXES);
            prefixes.sort_by(|a, b| a.0.cmp(b.0));
        }
        Value::Object(
            prefixes
                .into_iter()
                .map(|(prefix, shapes, _)| {
                    let mut list: Vec<(&String, u32)> =
                        shapes.iter().map(|(s, &n)| (s, n)).collect();
                    if list.len() > MAX_SHAPES {
                        list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
                        list.truncate(MAX_SHAPES);
                        list.sort_by(|a, b| a.0.cmp(b.0));
                    }
                    let list = list.into_iter().map(|(s, _)| Value::from(s.as_str()));
                    (prefix.clone(), Value::Array(list.collect()))
                })
                .collect(),
        )
    }
}

/// The connectors and widths of a shape (`-4_2` → `[('-', 4), ('_', 2)]`).
fn shape_parts(shape: &str) -> Vec<(char, usize)> {
    let mut out = Vec::new();
    let mut rest = shape;
    while let Some(c) = rest.chars().next() {
        let digits = rest[c.len_utf8()..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        let width = rest[c.len_utf8()..c.len_utf8() + digits]
            .parse()
            .unwrap_or(0);
        out.push((c, width));
        rest = &rest[c.len_utf8() + digits..];
    }
    out
}

/// The ids of the index (by their shapes, `shapes`: prefix → shapes, as in
/// `meta.js`) that a query term stands for besides itself: a word of
/// letters then digits (`inc20170379`) stands for each id of its prefix
/// whose digits are those (`inc-2017-0379`); an id joined by `-` whose
/// numbers have no leading zeros (`inc-2017-379`) for each id of its
/// prefix with as many numbers, each as wide or wider, padded with zeros
/// (`inc-2017-0379`). Mirrors `idCandidates` in `search.js`.
pub(crate) fn id_candidates(term: &str, shapes: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    let letters = term.bytes().take_while(u8::is_ascii_lowercase).count();
    if letters == 0 || letters == term.len() {
        return Vec::new();
    }
    let (prefix, rest) = term.split_at(letters);
    let Some(known) = shapes.get(prefix) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if rest.bytes().all(|b| b.is_ascii_digit()) {
        // Joined: the digits split as each shape splits them.
        for shape in known {
            let parts = shape_parts(shape);
            if parts.iter().map(|p| p.1).sum::<usize>() != rest.len() {
                continue;
            }
            let mut id = prefix.to_owned();
            let mut at = 0;
            for (c, w) in parts {
                id.push(c);
                id.push_str(&rest[at..at + w]);
                at += w;
            }
            out.push(id);
        }
        return out;
    }
    let Some(numbers) = rest.strip_prefix('-') else {
        return Vec::new();
    };
    let numbers: Vec<&str> = numbers.split('-').collect();
    let unpadded = numbers.iter().all(|n| {
        !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && (*n == "0" || !n.starts_with('0'))
    });
    if !unpadded {
        return Vec::new();
    }
    for shape in known {
        let parts = shape_parts(shape);
        // As wide or wider, and wider somewhere: the typed form is the id
        // with its zeros left out.
        let fits = parts.len() == numbers.len()
            && parts.iter().zip(&numbers).all(|(p, n)| p.1 >= n.len())
            && parts.iter().zip(&numbers).any(|(p, n)| p.1 > n.len());
        if !fits {
            continue;
        }
        let mut id = prefix.to_owned();
        for ((c, w), n) in parts.iter().zip(&numbers) {
            id.push(*c);
            id.extend(std::iter::repeat_n('0', w - n.len()));
            id.push_str(n);
        }
        out.push(id);
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
    fn ids_have_a_prefix_and_a_shape() {
        let shape = |t| id_shape(t).map(|(p, s)| (p.to_owned(), s));
        assert_eq!(shape("inc-2017-0379"), Some(("inc".into(), "-4-4".into())));
        assert_eq!(shape("drl_2026_10"), Some(("drl".into(), "_4_2".into())));
        assert_eq!(
            shape("x-1_234567890123"),
            Some(("x".into(), "-1_12".into()))
        );
        for not in [
            "a.5.24",
            "2026-12-01",
            "wi-fi",
            "vpn",
            "inc-",
            "inc--1",
            "-1",
            "inc-1a",
        ] {
            assert_eq!(shape(not), None, "{not}");
        }
    }

    fn known(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        pairs
            .iter()
            .map(|(p, s)| (p.to_string(), s.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn typed_forms_stand_for_the_ids_of_their_shapes() {
        let shapes = known(&[("inc", &["-4-4", "_4_3", "-8"]), ("drl", &["-4-2"])]);
        assert_eq!(
            id_candidates("inc20170379", &shapes),
            ["inc-2017-0379", "inc-20170379"]
        );
        assert_eq!(id_candidates("inc2017379", &shapes), ["inc_2017_379"]);
        assert_eq!(id_candidates("inc-2017-379", &shapes), ["inc-2017-0379"]);
        assert_eq!(
            id_candidates("inc-2017-1", &shapes),
            ["inc-2017-0001", "inc_2017_001"]
        );
        assert_eq!(id_candidates("drl-2026-1", &shapes), ["drl-2026-01"]);
        assert_eq!(
            id_candidates("inc-0-0", &shapes),
            ["inc-0000-0000", "inc_0000_000"]
        );
        // Padded, joined by `_`, unknown prefixes, and no id at all: nothing.
        for none in [
            "inc-2017-0379",
            "inc_2017_379",
            "inc-02017-379",
            "abc2017",
            "inc",
            "2017",
            "個人",
        ] {
            assert!(id_candidates(none, &shapes).is_empty(), "{none}");
        }
    }

    #[test]
    fn shapes_are_counted_per_distinct_term() {
        let mut shapes = IdShapes::default();
        for t in [
            "inc-2017-0379",
            "inc-2017-0380",
            "drl_2026_01",
            "vpn",
            "a.5.24",
        ] {
            shapes.add(t);
        }
        assert_eq!(
            shapes.to_json().to_string(),
            r#"{"drl":["_4_2"],"inc":["-4-4"]}"#
        );
        shapes.remove("inc-2017-0379");
        shapes.remove("drl_2026_01");
        assert_eq!(shapes.to_json().to_string(), r#"{"inc":["-4-4"]}"#);
        shapes.remove("inc-2017-0380");
        assert_eq!(shapes, IdShapes::default());
    }
}
