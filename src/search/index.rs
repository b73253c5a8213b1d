//! Preparing a document for the index: normalisation, per-document term
//! counts, BM25F impacts.
//!
//! Ranking data is precomputed per posting as an *impact*: the BM25F
//! term-frequency component `tf' / (k1 + tf')`, where `tf'` sums the
//! length-normalised frequency of the term in the title (weighted) and the
//! body, quantised to 0..=31. The client multiplies it by the term's idf
//! (from the posting count) at query time, so no per-document lengths have to
//! be shipped to the browser.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::encode::MAX_IMPACT;
use super::forms::for_each_inner_kanji;
use super::normalize::normalize;
use super::phrase::{for_each_phrase_term, title_key, RECORD_KINDS};
use super::tokenize::for_each_term;
use super::SearchDoc;

/// BM25 saturation.
const K1: f64 = 1.2;
/// Weight of a title occurrence relative to a body occurrence.
const TITLE_WEIGHT: f64 = 6.0;
/// Length normalisation strength for titles and bodies.
const B_TITLE: f64 = 0.5;
const B_BODY: f64 = 0.75;

/// Most term shards: the shard count is a power of two no larger than this.
pub(crate) const BUCKETS: usize = 4096;
/// Aimed-for size of one term shard, in bytes.
const TERM_SHARD_TARGET: usize = 8 * 1024;

/// A fast hasher for the per-document and per-chunk term tables (short
/// strings, no untrusted-collision concern: the keys come from our own
/// pages). Iteration order of these tables never reaches the output: terms
/// are sorted before they are written.
#[derive(Default)]
pub(crate) struct TermHasher(u64);

impl Hasher for TermHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut v = [0u8; 8];
            v.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(v)).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut v = [0u8; 8];
            v[..rest.len()].copy_from_slice(rest);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(v)).wrapping_mul(K);
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn finish(&self) -> u64 {
        // Spread the entropy of the multiply (high bits) into the low bits
        // that pick the bucket.
        self.0 ^ (self.0 >> 29)
    }
}

pub(crate) type TermMap<'a, V> = HashMap<&'a str, V, BuildHasherDefault<TermHasher>>;

/// A term table owning its keys (the builder's postings by term).
pub(crate) type OwnedTermMap<V> = HashMap<Box<str>, V, BuildHasherDefault<TermHasher>>;

/// Counts of one term in one document, as the builder keeps them until the
/// average lengths (and so the impacts) are known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Count {
    /// Occurrences in the title and in the body.
    Tf(u32, u32),
    /// The page's own id or its title key: the highest impact.
    Max,
}

/// A document ready for [`super::IndexBuilder`]: normalised, its terms
/// counted, its body cut to what a document shard may store. Made with
/// [`super::PreparedDoc::new`], which can run on any thread; the builder
/// then only appends postings.
pub struct PreparedDoc {
    pub(crate) url: String,
    pub(crate) kind: String,
    pub(crate) title: String,
    /// The body cut to the longest stored text (small sites).
    pub(crate) stored: String,
    pub(crate) facets: super::Facets,
    /// Number of terms in the title and in the body.
    pub(crate) lens: (u32, u32),
    /// The distinct terms, one after the other; `counts` holds where each
    /// ends.
    pub(crate) terms: String,
    pub(crate) counts: Vec<(u32, Count)>,
}

impl PreparedDoc {
    /// Normalises `doc`, counts its terms and cuts its body to what the
    /// document shards can store.
    pub fn new(doc: SearchDoc) -> PreparedDoc {
        let SearchDoc {
            url,
            kind,
            title,
            mut body,
            facets,
        } = doc;
        let n_title = normalize(&title);
        let n_body = normalize(&body);
        // Each text is tokenised once: its terms, in order, give its length
        // and then its counts.
        let (t_terms, b_terms) = (terms_of(&n_title), terms_of(&n_body));
        let lens = (t_terms.len(), b_terms.len());
        let key = RECORD_KINDS
            .contains(&kind.as_str())
            .then(|| title_key(&n_title))
            .flatten();
        let own = own_id(&url);
        let counts = term_counts(&n_title, &n_body, (&t_terms, &b_terms), key.as_deref());
        let mut terms = String::with_capacity(counts.keys().map(|t| t.len()).sum());
        let mut ends = Vec::with_capacity(counts.len());
        for (term, (tf_title, tf_body)) in counts {
            terms.push_str(term);
            let count = if own.as_deref() == Some(term) || key.as_deref() == Some(term) {
                Count::Max
            } else {
                Count::Tf(tf_title, tf_body)
            };
            ends.push((terms.len() as u32, count));
        }
        let kept = super::shard::stored_body(&body, 0).len();
        if kept < body.len() {
            body.truncate(kept);
        }
        body.shrink_to_fit();
        PreparedDoc {
            url,
            kind,
            title,
            stored: body,
            facets,
            lens: (lens.0 as u32, lens.1 as u32),
            terms,
            counts: ends,
        }
    }

    /// Each distinct term with its count.
    pub(crate) fn terms(&self) -> impl Iterator<Item = (&str, Count)> {
        let mut start = 0;
        self.counts.iter().map(move |&(end, count)| {
            let term = &self.terms[start..end as usize];
            start = end as usize;
            (term, count)
        })
    }
}

/// The record id a page is named after (`incidents/INC-2026-001.html` →
/// `inc-2026-001`), used to give a page top impact for its own id. Only
/// names with a digit count: `handbook/start.html` is not named after an id.
fn own_id(url: &str) -> Option<String> {
    let path = url.split(['#', '?']).next().unwrap_or(url);
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.strip_suffix(".html").unwrap_or(file);
    stem.bytes()
        .any(|b| b.is_ascii_digit())
        .then(|| normalize(stem))
}

/// The terms of `text`, in order ([`for_each_term`]).
fn terms_of(text: &str) -> Vec<&str> {
    let mut terms = Vec::with_capacity(text.len() / 3);
    for_each_term(text, |t| terms.push(t));
    terms
}

/// BM25F length-normalised frequency of one field.
fn field_tf(tf: u32, len: usize, avg: f64, b: f64) -> f64 {
    if tf == 0 {
        return 0.0;
    }
    let ratio = if avg > 0.0 { len as f64 / avg } else { 1.0 };
    f64::from(tf) / (1.0 - b + b * ratio)
}

/// Quantised BM25F impact of a term in a document.
pub(crate) fn impact(tf_title: u32, tf_body: u32, lens: (usize, usize), avgs: (f64, f64)) -> u8 {
    let tf = TITLE_WEIGHT * field_tf(tf_title, lens.0, avgs.0, B_TITLE)
        + field_tf(tf_body, lens.1, avgs.1, B_BODY);
    let saturated = tf / (K1 + tf);
    let q = (saturated * f64::from(MAX_IMPACT)).round();
    q.clamp(1.0, f64::from(MAX_IMPACT)) as u8
}

/// The impact of a count, given the document's lengths and the averages.
pub(crate) fn impact_of(count: Count, lens: (u32, u32), avgs: (f64, f64)) -> u8 {
    match count {
        Count::Max => MAX_IMPACT,
        Count::Tf(t, b) => impact(t, b, (lens.0 as usize, lens.1 as usize), avgs),
    }
}

/// Counts per term: (occurrences in the title, in the body), from the
/// title's and the body's terms (`terms`, as [`terms_of`] gives them).
/// Phrase terms (kanji trigrams) and the kanji of the title's compounds
/// alone (`forms`) are counted like terms but not in the page lengths, so they
/// leave the other terms' impacts as they were.
fn term_counts<'a>(
    title: &'a str,
    body: &'a str,
    terms: (&[&'a str], &[&'a str]),
    key: Option<&'a str>,
) -> TermMap<'a, (u32, u32)> {
    let mut counts: TermMap<'a, (u32, u32)> =
        HashMap::with_capacity_and_hasher(terms.0.len() + terms.1.len(), Default::default());
    terms
        .0
        .iter()
        .for_each(|&t| counts.entry(t).or_default().0 += 1);
    terms
        .1
        .iter()
        .for_each(|&t| counts.entry(t).or_default().1 += 1);
    for_each_phrase_term(title, |t| counts.entry(t).or_default().0 += 1);
    for_each_phrase_term(body, |t| counts.entry(t).or_default().1 += 1);
    // Titles only: in every body they would grow the index by a sixth.
    for_each_inner_kanji(title, |t| counts.entry(t).or_default().0 += 1);
    if let Some(key) = key {
        counts.insert(key, (1, 0));
    }
    counts
}

/// Document ids per chunk of the former parallel build, still used to size
/// the term shards (see [`shard_estimate`]): at least 256, about 32 chunks.
fn chunk_docs(docs: usize) -> usize {
    docs.div_ceil(32).max(256)
}

/// What a term adds to the estimate the shard count is chosen from: per
/// chunk of documents the term appears in, its length and 8, plus the
/// encoded postings after the chunk's first. (The sizes of the former
/// chunked build, kept so the shard count stays as it was.)
pub(crate) struct ShardEstimate {
    chunk: usize,
    last_chunk: Option<usize>,
    pub(crate) bytes: usize,
}

impl ShardEstimate {
    pub(crate) fn new(docs: usize) -> ShardEstimate {
        ShardEstimate {
            chunk: chunk_docs(docs),
            last_chunk: None,
            bytes: 0,
        }
    }

    /// Counts one posting of document `doc` whose encoding took `len` bytes.
    pub(crate) fn posting(&mut self, term_len: usize, doc: u32, len: usize) {
        let chunk = doc as usize / self.chunk;
        if self.last_chunk == Some(chunk) {
            self.bytes += len;
        } else {
            self.bytes += term_len + 8;
            self.last_chunk = Some(chunk);
        }
    }

    /// Smallest power of two giving shards of about `TERM_SHARD_TARGET`
    /// bytes.
    pub(crate) fn shards(bytes: usize) -> usize {
        bytes
            .div_ceil(TERM_SHARD_TARGET)
            .next_power_of_two()
            .clamp(1, BUCKETS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_id_comes_from_the_file_name() {
        assert_eq!(
            own_id("incidents/INC-2026-001.html").as_deref(),
            Some("inc-2026-001")
        );
        assert_eq!(
            own_id("drills/DRL-2026-01.html#a").as_deref(),
            Some("drl-2026-01")
        );
        assert_eq!(own_id("handbook/first.html#step-2"), None);
        assert_eq!(own_id(""), None);
    }

    #[test]
    fn a_title_occurrence_outweighs_a_body_occurrence() {
        let avgs = (8.0, 200.0);
        let in_title = impact(1, 0, (8, 200), avgs);
        let in_body = impact(0, 1, (8, 200), avgs);
        assert!(in_title > in_body, "{in_title} <= {in_body}");
    }

    #[test]
    fn shorter_bodies_score_higher_for_equal_frequency() {
        let avgs = (8.0, 200.0);
        assert!(impact(0, 1, (8, 50), avgs) > impact(0, 1, (8, 600), avgs));
    }

    #[test]
    fn impacts_stay_in_range() {
        assert_eq!(impact(0, 1, (0, 100_000), (1.0, 10.0)), 1);
        assert_eq!(impact(100, 100, (1, 1), (10.0, 10.0)), MAX_IMPACT);
    }
}
