//! [`KeptIndex`]: the index `serve` keeps between rebuilds. After a few
//! pages changed, only their documents are prepared again: their postings
//! replace the old ones, and of the files only those whose bytes changed
//! are returned. The result is byte for byte what [`super::build_index`]
//! gives for the same documents (tests in `tests.rs`).
//!
//! Impacts depend on the average page lengths, which an edit changes, so
//! the postings of a page may change although its text did not. Each page
//! keeps its distinct term counts: a page whose impact for any of them
//! changes with the new averages (rare: the averages of 10,000 pages move
//! by a thousandth) has its terms re-encoded too. Each term shard is kept
//! encoded term by term (`encoded.rs`): only those terms are encoded
//! again, from the raw postings (no text is read again), and only the
//! shards holding one are joined again and returned if their bytes
//! differ; all of them when the shard count changes. `meta.js` is made
//! again only when what it shows changed. Document
//! shards are written again only where a document changed (all of them
//! when the documents per shard change, which on a small site follows every
//! page's length). A change in the list of pages (one added, removed or
//! moved) builds the index again from the start.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};

use rayon::prelude::*;

use super::docs::{doc_shard_file, docs_per_shard, StoredDoc, LARGE_DIGITS};
use super::encoded::EncodedShards;
use super::facets::FacetLog;
use super::index::{impact_of, Count, PreparedDoc, ShardEstimate, TermHasher};
use super::postings::{average_lengths, Terms};
use super::shard::{
    doc_shard_digits, doc_shard_name_digits, meta_file, stored_body, term_shard_name, DocLayout,
    SMALL_SITE,
};
use super::SearchDoc;

/// A file's content hash, to tell which files changed.
fn file_hash(bytes: &[u8]) -> u64 {
    BuildHasherDefault::<TermHasher>::default().hash_one(bytes)
}

/// A document's fingerprint: every field the index reads. Its body, most
/// of what is hashed (every page's, at every rebuild), goes through
/// [`text_hash`].
fn doc_hash(doc: &SearchDoc) -> u64 {
    let mut h = TermHasher::default();
    doc.url.hash(&mut h);
    doc.kind.hash(&mut h);
    doc.title.hash(&mut h);
    h.write_u64(text_hash(doc.body.as_bytes()));
    doc.facets.level.hash(&mut h);
    doc.facets.category.hash(&mut h);
    doc.facets.status.hash(&mut h);
    doc.facets.year.hash(&mut h);
    h.finish()
}

/// A hash of `bytes` in four lanes of 8 bytes each, 32 bytes a step: the
/// lanes' multiplications do not wait for each other, as one lane's
/// ([`TermHasher`]) do for the one before.
fn text_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut lanes = [
        0x243f_6a88_85a3_08d3_u64,
        0x1319_8a2e_0370_7344,
        0xa409_3822_299f_31d0,
        0x082e_fa98_ec4e_6c89,
    ];
    let mut chunks = bytes.chunks_exact(32);
    for c in &mut chunks {
        for (lane, word) in lanes.iter_mut().zip(c.chunks_exact(8)) {
            let mut v = [0u8; 8];
            v.copy_from_slice(word);
            *lane = (lane.rotate_left(5) ^ u64::from_le_bytes(v)).wrapping_mul(K);
        }
    }
    let mut h = TermHasher::default();
    for lane in lanes {
        h.write_u64(lane);
    }
    h.write(chunks.remainder());
    h.write_usize(bytes.len());
    h.finish()
}

/// What a rebuild of the index gives.
#[derive(Debug, Default)]
pub struct IndexUpdate {
    /// Files whose bytes changed (or are new), `(path, bytes)`.
    pub written: Vec<(String, Vec<u8>)>,
    /// Files left as they were.
    pub unchanged: HashSet<String>,
}

/// The index of the last render, kept for the next (see the module comment).
#[derive(Default)]
pub struct KeptIndex {
    urls: Vec<String>,
    hashes: Vec<u64>,
    lens: Vec<(u32, u32)>,
    facets: FacetLog,
    terms: Terms,
    stored: Vec<StoredDoc>,
    /// Every file of the index: path → content hash.
    files: HashMap<String, u64>,
    /// Per page: its terms and their counts.
    doc_terms: Vec<DocTerms>,
    /// The estimate the term shard count comes from, and that count.
    estimate: usize,
    shards: usize,
    /// The term shards as last written, term by term.
    encoded: EncodedShards,
    /// While a rebuild runs: the lengths the replaced pages had.
    old_lens: HashMap<usize, (u32, u32)>,
    /// While a rebuild runs: whether a replaced page's facets changed.
    facets_changed: bool,
}

/// A page's terms (one after the other, `counts` holding where each ends)
/// and its distinct counts.
#[derive(Default)]
struct DocTerms {
    terms: String,
    counts: Vec<(u32, Count)>,
    distinct: Vec<Count>,
}

impl DocTerms {
    fn of(doc: &mut PreparedDoc) -> DocTerms {
        let mut distinct: Vec<Count> = doc.counts.iter().map(|(_, c)| *c).collect();
        distinct.sort_by_key(|c| match c {
            Count::Max => (0, 0, 0),
            Count::Tf(t, b) => (1, *t, *b),
        });
        distinct.dedup();
        DocTerms {
            terms: std::mem::take(&mut doc.terms),
            counts: std::mem::take(&mut doc.counts),
            distinct,
        }
    }

    fn terms(&self) -> impl Iterator<Item = (&str, Count)> {
        let mut start = 0;
        self.counts.iter().map(move |&(end, count)| {
            let term = &self.terms[start..end as usize];
            start = end as usize;
            (term, count)
        })
    }
}

impl std::fmt::Debug for KeptIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeptIndex")
            .field("docs", &self.urls.len())
            .field("files", &self.files.len())
            .finish_non_exhaustive()
    }
}

impl KeptIndex {
    /// Builds the index of `docs` (the same bytes as `build_index`) and
    /// keeps what a rebuild needs.
    pub fn build(docs: Vec<SearchDoc>) -> (KeptIndex, Vec<(String, Vec<u8>)>) {
        let urls = docs.iter().map(|d| d.url.clone()).collect();
        let hashes = docs.par_iter().map(doc_hash).collect();
        let prepared: Vec<PreparedDoc> = docs.into_par_iter().map(PreparedDoc::new).collect();
        let mut kept = KeptIndex {
            urls,
            hashes,
            ..KeptIndex::default()
        };
        let count = prepared.len();
        for (id, mut doc) in prepared.into_iter().enumerate() {
            kept.terms.add(id as u32, &doc);
            kept.doc_terms.push(DocTerms::of(&mut doc));
            kept.lens.push(doc.lens);
            kept.facets.push(&doc.kind, &doc.facets);
            let mut text = doc.stored;
            text.truncate(stored_body(&text, count).len());
            kept.stored.push(StoredDoc {
                url: doc.url,
                title: doc.title,
                text,
            });
        }
        kept.estimate = kept.terms.estimate_all(count);
        kept.shards = ShardEstimate::shards(kept.estimate);
        let avgs = average_lengths(&kept.lens);
        kept.encoded = EncodedShards::all(&kept.terms, kept.shards, &kept.lens, avgs);
        let files = kept.all_files();
        kept.files = files
            .iter()
            .map(|(p, b)| (p.clone(), file_hash(b)))
            .collect();
        (kept, files)
    }

    /// The index of `docs`, given that the last one was this one's: what
    /// changed is written, the rest listed as unchanged.
    pub fn update(&mut self, docs: Vec<SearchDoc>) -> IndexUpdate {
        self.update_from(&docs)
    }

    /// [`KeptIndex::update`] from borrowed documents (`serve` keeps the
    /// record pages' documents for the next rebuild): only the changed
    /// ones are copied (all of them when the list of pages changed).
    pub fn update_from(&mut self, docs: &[SearchDoc]) -> IndexUpdate {
        let same_pages =
            docs.len() == self.urls.len() && docs.iter().zip(&self.urls).all(|(d, u)| d.url == *u);
        if !same_pages {
            return self.rebuild(docs.to_vec());
        }
        let hashes: Vec<u64> = docs.par_iter().map(doc_hash).collect();
        let changed: Vec<(u32, SearchDoc)> = docs
            .iter()
            .enumerate()
            .filter(|(k, _)| hashes[*k] != self.hashes[*k])
            .map(|(k, d)| (k as u32, d.clone()))
            .collect();
        self.hashes = hashes;
        let layout_before = self.layout();
        let (shards_before, shapes_before) = (self.shards, self.terms.shapes().clone());
        let avgs_before = average_lengths(&self.lens);
        let prepared: Vec<(u32, PreparedDoc)> = changed
            .into_par_iter()
            .map(|(k, d)| (k, PreparedDoc::new(d)))
            .collect();
        let ids: Vec<usize> = prepared.iter().map(|(k, _)| *k as usize).collect();
        let mut touched = self.replace(prepared);
        let avgs = average_lengths(&self.lens);
        touched.extend(self.terms_of_affected(avgs_before, avgs));
        let shards = ShardEstimate::shards(self.estimate);
        let term_shards: Vec<usize> = if shards == self.shards {
            let touched = touched.iter().map(String::as_str);
            self.encoded.update(touched, &self.terms, &self.lens, avgs)
        } else {
            self.shards = shards;
            self.encoded = EncodedShards::all(&self.terms, shards, &self.lens, avgs);
            (0..shards).collect()
        };
        let (per_shard, digits) = self.layout();
        let doc_shard_count = self.stored.len().div_ceil(per_shard).max(1);
        let mut doc_shards: Vec<usize> = if (per_shard, digits) == layout_before {
            ids.iter().map(|k| k / per_shard).collect()
        } else {
            (0..doc_shard_count).collect()
        };
        doc_shards.dedup();
        let mut files: Vec<(String, Vec<u8>)> = doc_shards
            .par_iter()
            .map(|&s| self.doc_shard(s, per_shard, digits))
            .collect();
        files.extend(self.encoded.files(&term_shards));
        // `meta.js` only when what it shows changed: the layout, a page's
        // facets, the ids' shapes.
        let facets_changed = std::mem::take(&mut self.facets_changed);
        if facets_changed
            || (per_shard, digits) != layout_before
            || shards != shards_before
            || *self.terms.shapes() != shapes_before
        {
            files.push(self.meta(per_shard, digits));
        }
        if (per_shard, digits) != layout_before || shards != shards_before {
            // Every file of the index now: the document shards, the term
            // shards (their count changed), meta.
            let mut expected: HashSet<String> = (0..doc_shard_count)
                .map(|k| format!("search/{}.js", doc_shard_name_digits(k, digits)))
                .collect();
            expected
                .extend((0..shards).map(|k| format!("search/{}.js", term_shard_name(k, shards))));
            expected.insert("search/meta.js".to_owned());
            self.files.retain(|p, _| expected.contains(p));
        }
        self.compare(files)
    }

    fn rebuild(&mut self, docs: Vec<SearchDoc>) -> IndexUpdate {
        let (kept, files) = KeptIndex::build(docs);
        let before = std::mem::replace(self, kept);
        let mut update = IndexUpdate::default();
        for (path, bytes) in files {
            if before.files.get(&path) == Some(&file_hash(&bytes)) {
                update.unchanged.insert(path);
            } else {
                update.written.push((path, bytes));
            }
        }
        update
    }

    /// Keeps the files whose bytes differ from the last ones; lists the
    /// others as unchanged.
    fn compare(&mut self, files: Vec<(String, Vec<u8>)>) -> IndexUpdate {
        let mut written = Vec::new();
        for (path, bytes) in files {
            let hash = file_hash(&bytes);
            if self.files.insert(path.clone(), hash) != Some(hash) {
                written.push((path, bytes));
            }
        }
        let fresh: HashSet<&str> = written.iter().map(|(p, _)| p.as_str()).collect();
        let unchanged = self
            .files
            .keys()
            .filter(|p| !fresh.contains(p.as_str()))
            .cloned()
            .collect();
        IndexUpdate { written, unchanged }
    }

    /// Documents per document shard and digits of their names, as the
    /// builder chooses them: a small site's from every page, a large
    /// site's from the first pages.
    fn layout(&self) -> (usize, usize) {
        let count = self.stored.len();
        if count <= SMALL_SITE {
            let per_shard = docs_per_shard(&self.stored);
            (
                per_shard,
                doc_shard_digits(count.div_ceil(per_shard).max(1)),
            )
        } else {
            (docs_per_shard(&self.stored[..=SMALL_SITE]), LARGE_DIGITS)
        }
    }

    fn doc_shard(&self, shard: usize, per_shard: usize, digits: usize) -> (String, Vec<u8>) {
        let start = (shard * per_shard).min(self.stored.len());
        let end = (start + per_shard).min(self.stored.len());
        doc_shard_file(shard, digits, start, &self.stored[start..end])
    }

    /// Every file, as the builder would write them.
    fn all_files(&self) -> Vec<(String, Vec<u8>)> {
        let (per_shard, digits) = self.layout();
        let shards = self.stored.len().div_ceil(per_shard).max(1);
        let mut files: Vec<(String, Vec<u8>)> = (0..shards)
            .into_par_iter()
            .map(|k| self.doc_shard(k, per_shard, digits))
            .collect();
        files.extend(self.term_and_meta_files(per_shard, digits));
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }

    fn term_and_meta_files(&self, per_shard: usize, digits: usize) -> Vec<(String, Vec<u8>)> {
        let all: Vec<usize> = (0..self.encoded.len()).collect();
        let mut files = self.encoded.files(&all);
        files.push(self.meta(per_shard, digits));
        files
    }

    fn meta(&self, per_shard: usize, digits: usize) -> (String, Vec<u8>) {
        let layout = DocLayout { per_shard, digits };
        (
            "search/meta.js".to_owned(),
            meta_file(&self.facets, self.shards, &layout, self.terms.shapes()),
        )
    }

    /// Replaces the documents `changed` (ascending ids): their postings,
    /// lengths, facets and stored texts. Returns the terms whose postings
    /// changed.
    fn replace(&mut self, changed: Vec<(u32, PreparedDoc)>) -> HashSet<String> {
        let docs = self.stored.len();
        let mut touched: HashSet<String> = HashSet::new();
        for (k, mut doc) in changed {
            let old = std::mem::take(&mut self.doc_terms[k as usize]);
            let new = DocTerms::of(&mut doc);
            let new_terms: HashMap<&str, Count> = new.terms().collect();
            let old_terms: HashMap<&str, Count> = old.terms().collect();
            let mut terms: Vec<&str> = new_terms.keys().chain(old_terms.keys()).copied().collect();
            terms.sort_unstable();
            terms.dedup();
            for term in terms {
                let count = new_terms.get(term).copied();
                if count == old_terms.get(term).copied() {
                    continue;
                }
                touched.insert(term.to_owned());
                self.estimate -= self.terms.estimate(term, docs);
                self.terms.set_doc(term, k, count);
                self.estimate += self.terms.estimate(term, docs);
            }
            let k = k as usize;
            self.doc_terms[k] = new;
            self.old_lens.insert(k, self.lens[k]);
            self.lens[k] = doc.lens;
            self.facets_changed |= self.facets.set(k, &doc.kind, &doc.facets);
            let text = stored_body(&doc.stored, docs).to_owned();
            self.stored[k] = StoredDoc {
                url: doc.url,
                title: doc.title,
                text,
            };
        }
        touched
    }

    /// The terms whose impact in some page differs between the averages
    /// `before` and `after` (and, for the pages replaced, their lengths
    /// before and now) though their count there is the same.
    fn terms_of_affected(&mut self, before: (f64, f64), after: (f64, f64)) -> Vec<String> {
        let old_lens = std::mem::take(&mut self.old_lens);
        let changed_counts = |k: usize| -> Vec<Count> {
            let lens = self.lens[k];
            let was = old_lens.get(&k).copied().unwrap_or(lens);
            self.doc_terms[k]
                .distinct
                .iter()
                .copied()
                .filter(|&c| impact_of(c, was, before) != impact_of(c, lens, after))
                .collect()
        };
        (0..self.doc_terms.len())
            .into_par_iter()
            .filter(|k| before != after || old_lens.contains_key(k))
            .flat_map_iter(|k| {
                let counts = changed_counts(k);
                if counts.is_empty() {
                    return Vec::new();
                }
                self.doc_terms[k]
                    .terms()
                    .filter(|(_, c)| counts.contains(c))
                    .map(|(t, _)| t.to_owned())
                    .collect::<Vec<_>>()
            })
            .collect()
    }
}
