//! Building the inverted index: per-document term counts, BM25F impacts and
//! postings merged per term shard.
//!
//! Ranking data is precomputed per posting as an *impact*: the BM25F
//! term-frequency component `tf' / (k1 + tf')`, where `tf'` sums the
//! length-normalised frequency of the term in the title (weighted) and the
//! body, quantised to 0..=31. The client multiplies it by the term's idf
//! (from the posting count) at query time, so no per-document lengths have to
//! be shipped to the browser.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

use super::encode::{fnv1a, push_posting, MAX_IMPACT};
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

/// Documents per unit of parallel work: at least 256, and at most about 32
/// units, since every unit keeps its own copy of the terms it has seen (the
/// memory cost of a large register). Derived from the corpus size only,
/// never from the number of threads, so output never depends on the machine.
fn chunk_docs(docs: usize) -> usize {
    docs.div_ceil(32).max(256)
}

/// Hash buckets terms are grouped in while building; the final shard count
/// is a power of two no larger than this, and a shard takes whole buckets.
const BUCKETS: usize = 4096;
/// Aimed-for size of one term shard, in bytes.
const TERM_SHARD_TARGET: usize = 8 * 1024;

/// A fast hasher for the per-document and per-chunk term tables (short
/// strings, no untrusted-collision concern: the keys come from our own
/// pages). Iteration order of these tables never reaches the output: terms
/// are sorted before they are written.
#[derive(Default)]
struct TermHasher(u64);

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

type TermMap<'a, V> = HashMap<&'a str, V, BuildHasherDefault<TermHasher>>;

/// A document after normalisation, kept for the postings pass.
pub(crate) struct Normalized {
    title: String,
    body: String,
    own_id: Option<String>,
    /// Exact-title key, for records only (see `phrase.rs`).
    title_key: Option<String>,
    /// Number of terms in the title and in the body.
    lens: (usize, usize),
}

/// The postings of one term within one chunk of documents. The first
/// posting is kept apart because its delta depends on the chunk before.
struct ChunkPostings {
    first: u32,
    first_q: u8,
    last: u32,
    rest: Vec<u8>,
}

/// Postings of one chunk, grouped into hash buckets and sorted by term.
type ChunkBuckets<'a> = Vec<Vec<(&'a str, ChunkPostings)>>;

/// The terms of one shard, sorted, with their encoded postings.
pub(crate) type TermShard<'a> = Vec<(&'a str, Vec<u8>)>;

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

fn count_terms(text: &str) -> usize {
    let mut n = 0;
    for_each_term(text, |_| n += 1);
    n
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
fn impact(tf_title: u32, tf_body: u32, lens: (usize, usize), avgs: (f64, f64)) -> u8 {
    let tf = TITLE_WEIGHT * field_tf(tf_title, lens.0, avgs.0, B_TITLE)
        + field_tf(tf_body, lens.1, avgs.1, B_BODY);
    let saturated = tf / (K1 + tf);
    let q = (saturated * f64::from(MAX_IMPACT)).round();
    q.clamp(1.0, f64::from(MAX_IMPACT)) as u8
}

/// Counts per term: (occurrences in the title, in the body). Phrase terms
/// (kanji trigrams) are counted like terms but not in the page lengths, so
/// they leave the other terms' impacts as they were.
fn term_counts(doc: &Normalized) -> TermMap<'_, (u32, u32)> {
    let mut counts: TermMap<'_, (u32, u32)> =
        HashMap::with_capacity_and_hasher(doc.lens.0 + doc.lens.1, Default::default());
    for_each_term(&doc.title, |t| counts.entry(t).or_default().0 += 1);
    for_each_term(&doc.body, |t| counts.entry(t).or_default().1 += 1);
    for_each_phrase_term(&doc.title, |t| counts.entry(t).or_default().0 += 1);
    for_each_phrase_term(&doc.body, |t| counts.entry(t).or_default().1 += 1);
    if let Some(key) = &doc.title_key {
        counts.insert(key, (1, 0));
    }
    counts
}

/// Postings of the documents `first_id..` in `chunk`, bucketed by term hash.
fn chunk_postings<'a>(
    first_id: u32,
    chunk: &'a [Normalized],
    avgs: (f64, f64),
) -> ChunkBuckets<'a> {
    let mut terms: TermMap<'a, ChunkPostings> = HashMap::default();
    for (offset, doc) in chunk.iter().enumerate() {
        let id = first_id + offset as u32;
        for (term, (tf_title, tf_body)) in term_counts(doc) {
            let q = if doc.own_id.as_deref() == Some(term) || doc.title_key.as_deref() == Some(term)
            {
                MAX_IMPACT
            } else {
                impact(tf_title, tf_body, doc.lens, avgs)
            };
            match terms.get_mut(term) {
                Some(p) => {
                    push_posting(&mut p.rest, id - p.last, q);
                    p.last = id;
                }
                None => {
                    let p = ChunkPostings {
                        first: id,
                        first_q: q,
                        last: id,
                        rest: Vec::new(),
                    };
                    terms.insert(term, p);
                }
            }
        }
    }
    let mut buckets: ChunkBuckets<'a> = (0..BUCKETS).map(|_| Vec::new()).collect();
    for (term, postings) in terms {
        buckets[fnv1a(term) as usize % BUCKETS].push((term, postings));
    }
    for bucket in &mut buckets {
        bucket.sort_unstable_by(|a, b| a.0.cmp(b.0));
    }
    buckets
}

/// Smallest power of two giving shards of about `TERM_SHARD_TARGET` bytes.
fn shard_count(chunks: &[ChunkBuckets<'_>]) -> usize {
    let bytes: usize = chunks
        .iter()
        .flatten()
        .flatten()
        .map(|(term, p)| term.len() + p.rest.len() + 8)
        .sum();
    bytes
        .div_ceil(TERM_SHARD_TARGET)
        .next_power_of_two()
        .clamp(1, BUCKETS)
}

/// Merges the chunks' postings of the buckets that make up `shard`.
fn merge_shard<'a>(shard: usize, shards: usize, chunks: &[ChunkBuckets<'a>]) -> TermShard<'a> {
    let mut merged: BTreeMap<&'a str, (Vec<u8>, u32)> = BTreeMap::new();
    for chunk in chunks {
        for bucket in (shard..BUCKETS).step_by(shards) {
            for (term, p) in &chunk[bucket] {
                let (bytes, last) = merged.entry(term).or_default();
                push_posting(bytes, p.first - *last, p.first_q);
                bytes.extend_from_slice(&p.rest);
                *last = p.last;
            }
        }
    }
    merged
        .into_iter()
        .map(|(t, (bytes, _))| (t, bytes))
        .collect()
}

/// Normalises one document and counts its terms.
fn normalize_doc(d: &SearchDoc) -> Normalized {
    let title = normalize(&d.title);
    let body = normalize(&d.body);
    let lens = (count_terms(&title), count_terms(&body));
    let title_key = RECORD_KINDS
        .contains(&d.kind.as_str())
        .then(|| title_key(&title))
        .flatten();
    Normalized {
        title,
        body,
        own_id: own_id(&d.url),
        title_key,
        lens,
    }
}

/// Normalises every document and counts its terms, in parallel.
pub(crate) fn normalize_docs(docs: &[SearchDoc]) -> Vec<Normalized> {
    docs.par_iter().map(normalize_doc).collect()
}

/// [`normalize_docs`], then each body cut to what the document shards
/// store (`trim`), so that the full text is not held twice while the
/// postings are built.
pub(crate) fn normalize_and_trim(
    docs: &mut [SearchDoc],
    trim: impl Fn(&str) -> &str + Sync,
) -> Vec<Normalized> {
    docs.par_iter_mut()
        .map(|d| {
            let n = normalize_doc(d);
            let kept = trim(&d.body).len();
            if kept < d.body.len() {
                d.body.truncate(kept);
                d.body.shrink_to_fit();
            }
            n
        })
        .collect()
}

/// Average title and body lengths in terms.
fn average_lengths(docs: &[Normalized]) -> (f64, f64) {
    if docs.is_empty() {
        return (0.0, 0.0);
    }
    let (t, b) = docs
        .iter()
        .fold((0, 0), |acc, d| (acc.0 + d.lens.0, acc.1 + d.lens.1));
    let n = docs.len() as f64;
    (t as f64 / n, b as f64 / n)
}

/// Builds the term shards of `docs`: the shard count (a power of two) and,
/// for each shard in order, its sorted terms with encoded postings.
pub(crate) fn with_term_shards<R>(
    normalized: Vec<Normalized>,
    f: impl FnOnce(Vec<TermShard<'_>>) -> R,
) -> R {
    let avgs = average_lengths(&normalized);
    let chunk = chunk_docs(normalized.len());
    let chunks: Vec<ChunkBuckets<'_>> = normalized
        .par_chunks(chunk)
        .enumerate()
        .map(|(k, docs)| chunk_postings((k * chunk) as u32, docs, avgs))
        .collect();
    let shards = shard_count(&chunks);
    let merged: Vec<TermShard<'_>> = (0..shards)
        .into_par_iter()
        .map(|s| merge_shard(s, shards, &chunks))
        .collect();
    f(merged)
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
