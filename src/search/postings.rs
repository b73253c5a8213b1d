//! The builder's postings: per term, the documents it appears in with their
//! raw counts (title and body occurrences), compact until the index is
//! written. Impacts need the average page lengths, known only once every
//! document is in, so they are computed when the term shards are written.
//!
//! A raw posting is one byte, then what it needs: bit 7 set means "the
//! document after the previous one"; the low 7 bits hold the counts as
//! `title · 31 + body` (title below 4, body below 31), [`MAX`] for a page's
//! own id or title key, or [`ESCAPE`] when the counts follow as two numbers.
//! Otherwise the gap to the previous document follows (7 bits per byte,
//! LEB128), and after it the escaped counts.

use rayon::prelude::*;

use super::encode::{fnv1a, push_posting};
use super::forms::IdShapes;
use super::index::{impact_of, Count, OwnedTermMap, PreparedDoc, ShardEstimate};
use super::shard::{term_shard_file, term_shard_name};

const MAX: u8 = 127;
const ESCAPE: u8 = 126;
const NEXT: u8 = 0x80;

/// The terms of one shard, sorted, with their encoded postings.
pub(crate) type TermShard<'a> = Vec<(&'a str, Vec<u8>)>;

/// The raw postings of one term.
#[derive(Clone, Debug, Default)]
pub(crate) struct Raw {
    last: u32,
    bytes: Vec<u8>,
}

fn push_leb(out: &mut Vec<u8>, mut v: u32) {
    loop {
        let low = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

fn read_leb(bytes: &[u8], at: &mut usize) -> u32 {
    let (mut v, mut shift) = (0u32, 0u32);
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        v |= u32::from(b & 0x7f) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            break;
        }
    }
    v
}

impl Raw {
    /// Appends a posting of document `doc` (after every one before).
    pub(crate) fn push(&mut self, doc: u32, count: Count) {
        let delta = doc - self.last;
        self.last = doc;
        push_raw(&mut self.bytes, delta, count);
    }

    /// The postings: `(document, count)` in document order.
    pub(crate) fn iter(&self) -> RawIter<'_> {
        RawIter::new(&self.bytes)
    }

    /// The encoded postings (what a spilled run stores).
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Bytes of memory these postings take (their buffer's capacity).
    fn heap(&self) -> usize {
        self.bytes.capacity()
    }

    /// Sets (`Some`) or removes (`None`) the posting of `doc`, rewriting
    /// only the bytes around it.
    fn set_doc(&mut self, doc: u32, count: Option<Count>) {
        let mut it = self.iter();
        let mut prev = 0;
        // The first posting at or after `doc`: where it starts and ends.
        let found = loop {
            let start = it.at;
            match it.next() {
                Some((d, _)) if d < doc => prev = d,
                Some((d, c)) => break Some((start, it.at, d, c)),
                None => break None,
            }
        };
        let Some((start, end, d, c)) = found else {
            if let Some(count) = count {
                self.push(doc, count);
            }
            return;
        };
        // The posting after the one found, which keeps its place.
        let next = if d == doc {
            let next_start = it.at;
            it.next().map(|(d2, c2)| (d2, c2, next_start, it.at))
        } else {
            Some((d, c, start, end))
        };
        let mut middle = Vec::new();
        let mut last = prev;
        if let Some(count) = count {
            push_raw(&mut middle, doc - prev, count);
            last = doc;
        }
        let region_end = match next {
            Some((d2, c2, _, e2)) => {
                push_raw(&mut middle, d2 - last, c2);
                e2
            }
            None => {
                // `doc` was the last posting.
                self.last = last;
                self.bytes.len()
            }
        };
        self.bytes.splice(start..region_end, middle);
    }

    #[cfg(test)]
    /// Rebuilds the postings from `(document, count)` pairs in document
    /// order.
    pub(crate) fn from_pairs(pairs: impl IntoIterator<Item = (u32, Count)>) -> Raw {
        let mut raw = Raw::default();
        for (doc, count) in pairs {
            raw.push(doc, count);
        }
        raw.bytes.shrink_to_fit();
        raw
    }
}

fn push_raw(out: &mut Vec<u8>, delta: u32, count: Count) {
    let (code, escaped) = match count {
        Count::Max => (MAX, None),
        Count::Tf(t, b) if t < 4 && b < 31 => ((t * 31 + b) as u8, None),
        Count::Tf(t, b) => (ESCAPE, Some((t, b))),
    };
    if delta == 1 {
        out.push(NEXT | code);
    } else {
        out.push(code);
        push_leb(out, delta);
    }
    if let Some((t, b)) = escaped {
        push_leb(out, t);
        push_leb(out, b);
    }
}

/// What postings (`(document, count)` in document order) add to the
/// estimate the shard count is chosen from.
pub(crate) fn estimate(
    postings: impl Iterator<Item = (u32, Count)>,
    term_len: usize,
    docs: usize,
) -> usize {
    let mut estimate = ShardEstimate::new(docs);
    let mut last = 0;
    let mut scratch = Vec::with_capacity(8);
    for (doc, _) in postings {
        scratch.clear();
        push_posting(&mut scratch, doc - last, 0);
        estimate.posting(term_len, doc, scratch.len());
        last = doc;
    }
    estimate.bytes
}

/// A term's postings in document order, wherever they are kept: one
/// [`Raw`] in memory, or its pieces read back from spilled runs.
pub(crate) trait Postings {
    fn postings(&self) -> impl Iterator<Item = (u32, Count)> + '_;
}

impl Postings for &Raw {
    fn postings(&self) -> impl Iterator<Item = (u32, Count)> + '_ {
        self.iter()
    }
}

pub(crate) struct RawIter<'a> {
    bytes: &'a [u8],
    at: usize,
    doc: u32,
}

impl RawIter<'_> {
    /// The postings encoded in `bytes` (as [`Raw`] keeps them: the first
    /// document's id from 0).
    pub(crate) fn new(bytes: &[u8]) -> RawIter<'_> {
        RawIter {
            bytes,
            at: 0,
            doc: 0,
        }
    }
}

impl Iterator for RawIter<'_> {
    type Item = (u32, Count);

    fn next(&mut self) -> Option<(u32, Count)> {
        let head = *self.bytes.get(self.at)?;
        self.at += 1;
        let delta = if head & NEXT != 0 {
            1
        } else {
            read_leb(self.bytes, &mut self.at)
        };
        self.doc += delta;
        let code = head & !NEXT;
        let count = match code {
            MAX => Count::Max,
            ESCAPE => {
                let t = read_leb(self.bytes, &mut self.at);
                let b = read_leb(self.bytes, &mut self.at);
                Count::Tf(t, b)
            }
            c => Count::Tf(u32::from(c / 31), u32::from(c % 31)),
        };
        Some((self.doc, count))
    }
}

/// What one term costs in memory besides its text, its postings' buffer
/// and its slot in the table: the rounding of its two allocations.
const ENTRY_HEAP: usize = 24;

/// Bytes of one slot of the term table: the key, the [`Raw`] and its
/// control byte.
const SLOT: usize = std::mem::size_of::<(Box<str>, Raw)>() + 1;

/// The capacity of a table of twice the slots of one of `capacity`.
fn doubled_capacity(capacity: usize) -> usize {
    let slots = (capacity * 8).div_ceil(7).next_power_of_two() * 2;
    if slots < 8 {
        slots - 1
    } else {
        slots / 8 * 7
    }
}

/// Bytes the term table's own allocation takes at `capacity` (as
/// `HashMap::capacity` gives it: seven eighths of its slots, a power of
/// two), whether its slots are used or not.
fn table_bytes(capacity: usize) -> usize {
    match capacity {
        0 => 0,
        c => (c * 8).div_ceil(7).next_power_of_two() * SLOT + 16,
    }
}

/// Every term's raw postings.
#[derive(Default)]
pub(crate) struct Terms {
    map: OwnedTermMap<Raw>,
    /// About the bytes of memory the terms hold outside the table's own
    /// allocation (see [`Terms::heap`]).
    heap: usize,
    /// The shapes of the ids among the terms (`idShapes` of `meta.js`).
    shapes: IdShapes,
}

impl Terms {
    /// Adds the postings of document `doc` (after every document before).
    pub(crate) fn add(&mut self, doc: u32, prepared: &PreparedDoc) {
        for (term, count) in prepared.terms() {
            match self.map.get_mut(term) {
                Some(raw) => {
                    let before = raw.heap();
                    raw.push(doc, count);
                    self.heap += raw.heap() - before;
                }
                None => {
                    let mut raw = Raw::default();
                    raw.push(doc, count);
                    self.heap += ENTRY_HEAP + term.len() + raw.heap();
                    self.shapes.add(term);
                    self.map.insert(term.into(), raw);
                }
            }
        }
    }

    /// About the bytes of memory the postings added take: each term's text,
    /// its postings' buffer and [`ENTRY_HEAP`], and the table's slots, used
    /// or not (its capacity, not its length). (Not kept up to date by
    /// [`Terms::set_doc`].)
    pub(crate) fn heap(&self) -> usize {
        self.heap + table_bytes(self.map.capacity())
    }

    /// About the bytes of memory the postings would take at their most
    /// while `new_terms` more distinct terms are added: should the table
    /// have to grow, it holds its old slots and its new ones at once.
    pub(crate) fn heap_growing_by(&self, new_terms: usize) -> usize {
        let capacity = self.map.capacity();
        if self.map.len() + new_terms <= capacity {
            return self.heap();
        }
        let mut grown = capacity.max(3);
        while grown < self.map.len() + new_terms {
            grown = doubled_capacity(grown);
        }
        self.heap + table_bytes(capacity) + table_bytes(grown)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The shapes of the ids among the terms.
    pub(crate) fn shapes(&self) -> &IdShapes {
        &self.shapes
    }

    /// Sets (`Some`) or removes (`None`) the posting of document `doc` in
    /// the postings of `term`; a term left without postings is dropped.
    pub(crate) fn set_doc(&mut self, term: &str, doc: u32, count: Option<Count>) {
        match self.map.get_mut(term) {
            Some(raw) => {
                raw.set_doc(doc, count);
                if raw.bytes.is_empty() {
                    self.map.remove(term);
                    self.shapes.remove(term);
                }
            }
            None => {
                if let Some(count) = count {
                    let mut raw = Raw::default();
                    raw.push(doc, count);
                    self.shapes.add(term);
                    self.map.insert(term.into(), raw);
                }
            }
        }
    }

    /// The postings of `term`, if any.
    pub(crate) fn get(&self, term: &str) -> Option<&Raw> {
        self.map.get(term)
    }

    /// What the postings of `term` add to the shard count's estimate.
    pub(crate) fn estimate(&self, term: &str, docs: usize) -> usize {
        self.map
            .get(term)
            .map_or(0, |raw| estimate(raw.iter(), term.len(), docs))
    }

    /// The term shard count.
    pub(crate) fn layout(&self, docs: usize) -> usize {
        ShardEstimate::shards(self.estimate_all(docs))
    }

    /// The estimate the shard count is chosen from (see `ShardEstimate`).
    pub(crate) fn estimate_all(&self, docs: usize) -> usize {
        self.entries()
            .par_iter()
            .map(|(term, raw)| estimate(raw.iter(), term.len(), docs))
            .sum()
    }

    pub(crate) fn entries(&self) -> Vec<(&str, &Raw)> {
        self.map.iter().map(|(t, r)| (&**t, r)).collect()
    }

    /// The terms of every shard, sorted, among `shards`.
    pub(crate) fn by_shard(&self, shards: usize) -> Vec<Vec<(&str, &Raw)>> {
        let mut out: Vec<Vec<(&str, &Raw)>> = (0..shards).map(|_| Vec::new()).collect();
        for (term, raw) in self.entries() {
            out[fnv1a(term) as usize % shards].push((term, raw));
        }
        out.par_iter_mut()
            .for_each(|terms| terms.sort_unstable_by(|a, b| a.0.cmp(b.0)));
        out
    }
}

/// The file of term shard `k` among `shards`: its terms' postings with
/// impacts from the documents' lengths `lens` and the averages `avgs`.
pub(crate) fn term_file(
    k: usize,
    shards: usize,
    terms: &[(&str, impl Postings)],
    lens: &[(u32, u32)],
    avgs: (f64, f64),
) -> (String, Vec<u8>) {
    let encoded: TermShard<'_> = terms
        .iter()
        .map(|(term, raw)| (*term, encoded_postings(raw, lens, avgs)))
        .collect();
    let name = term_shard_name(k, shards);
    let bytes = term_shard_file(&name, &encoded);
    (format!("search/{name}.js"), bytes)
}

/// A term's postings as its term shard holds them: impacts from the
/// documents' lengths `lens` and the averages `avgs`.
pub(crate) fn encoded_postings(
    raw: &impl Postings,
    lens: &[(u32, u32)],
    avgs: (f64, f64),
) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut last = 0;
    for (doc, count) in raw.postings() {
        let q = impact_of(count, lens[doc as usize], avgs);
        push_posting(&mut bytes, doc - last, q);
        last = doc;
    }
    bytes
}

/// Average title and body lengths in terms.
pub(crate) fn average_lengths(lens: &[(u32, u32)]) -> (f64, f64) {
    if lens.is_empty() {
        return (0.0, 0.0);
    }
    let (t, b) = lens.iter().fold((0u64, 0u64), |acc, d| {
        (acc.0 + u64::from(d.0), acc.1 + u64::from(d.1))
    });
    let n = lens.len() as f64;
    (t as f64 / n, b as f64 / n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_postings_round_trip() {
        let list = [
            (0u32, Count::Tf(1, 0)),
            (1, Count::Max),
            (2, Count::Tf(3, 30)),
            (40, Count::Tf(4, 2)),
            (100_000, Count::Tf(0, 500)),
            (100_001, Count::Tf(0, 1)),
        ];
        let raw = Raw::from_pairs(list);
        assert_eq!(raw.iter().collect::<Vec<_>>(), list);
    }

    #[test]
    fn a_posting_is_set_and_removed_in_place() {
        let base = [
            (0u32, Count::Tf(1, 0)),
            (1, Count::Max),
            (5, Count::Tf(0, 2)),
            (300, Count::Tf(9, 40)),
        ];
        let edits: [(u32, Option<Count>); 8] = [
            (0, None),
            (1, Some(Count::Tf(0, 7))),
            (3, Some(Count::Tf(2, 2))),
            (5, None),
            (300, None),
            (400, Some(Count::Max)),
            (2, None),
            (0, Some(Count::Tf(5, 50))),
        ];
        for (doc, count) in edits {
            let mut raw = Raw::from_pairs(base);
            raw.set_doc(doc, count);
            let mut expected: Vec<(u32, Count)> =
                base.iter().copied().filter(|(d, _)| *d != doc).collect();
            expected.extend(count.map(|c| (doc, c)));
            expected.sort_by_key(|p| p.0);
            assert_eq!(raw.iter().collect::<Vec<_>>(), expected, "{doc} {count:?}");
            let mut again = raw.clone();
            again.push(1000, Count::Tf(0, 1));
            expected.push((1000, Count::Tf(0, 1)));
            assert_eq!(
                again.iter().collect::<Vec<_>>(),
                expected,
                "push after {doc}"
            );
        }
    }

    #[test]
    fn the_term_table_counts_its_slots_and_sees_its_growth_coming() {
        let mut terms = Terms::default();
        let mut grown = 0;
        for k in 0..20_000u32 {
            let term = format!("t{k}");
            let before = terms.map.capacity();
            let (heap, growing) = (terms.heap(), terms.heap_growing_by(1));
            let mut raw = Raw::default();
            raw.push(k, Count::Tf(0, 1));
            terms.heap += ENTRY_HEAP + term.len() + raw.heap();
            terms.map.insert(term.into(), raw);
            let after = terms.map.capacity();
            // The table's own bytes are counted from its capacity: a
            // table just grown counts every slot it now holds.
            assert!(terms.heap() >= table_bytes(after) + terms.heap);
            if after != before {
                grown += 1;
                let expected = match before {
                    0 => 3,
                    c => doubled_capacity(c),
                };
                assert_eq!(after, expected, "{k}");
                // Seen coming: the old slots and the new ones at once.
                assert_eq!(growing, heap + table_bytes(after), "{k}");
            } else {
                assert_eq!(growing, heap, "{k}");
            }
        }
        assert!(grown > 8, "{grown}");
        // 20,000 terms take a table of 32,768 slots: 1.5 MiB not counted
        // before.
        assert!(table_bytes(terms.map.capacity()) > 32_768 * 48);
    }

    #[test]
    fn consecutive_postings_with_small_counts_take_one_byte() {
        let raw = Raw::from_pairs((1..=10).map(|d| (d, Count::Tf(0, 2))));
        assert_eq!(raw.bytes.len(), 10);
    }
}
