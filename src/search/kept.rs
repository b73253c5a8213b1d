//! [`KeptIndex`]: the index `serve` keeps between rebuilds. After a few
//! pages changed, only their documents are prepared again: their postings
//! replace the old ones, and of the files only those whose bytes changed
//! are returned. The result is byte for byte what [`super::build_index`]
//! gives for the same documents (tests in `tests.rs`).
//!
//! Impacts depend on the average page lengths, which an edit changes, so
//! every term shard is encoded again from the raw postings (no text is
//! read again); a shard is returned only when its bytes differ. Document
//! shards are written again only where a document changed (all of them
//! when the documents per shard change, which on a small site follows
//! every page's length). A change in the list of pages (one added, removed
//! or moved) builds the index again from the start.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};

use rayon::prelude::*;

use super::docs::{doc_shard_file, docs_per_shard, StoredDoc, LARGE_DIGITS};
use super::facets::FacetLog;
use super::index::{Count, PreparedDoc, TermHasher};
use super::postings::{average_lengths, term_file, Raw, Terms};
use super::shard::{
    doc_shard_digits, doc_shard_name_digits, meta_file, stored_body, DocLayout, SMALL_SITE,
};
use super::SearchDoc;

/// A file's content hash, to tell which files changed.
fn file_hash(bytes: &[u8]) -> u64 {
    BuildHasherDefault::<TermHasher>::default().hash_one(bytes)
}

/// A document's fingerprint: every field the index reads.
fn doc_hash(doc: &SearchDoc) -> u64 {
    let mut h = TermHasher::default();
    doc.url.hash(&mut h);
    doc.kind.hash(&mut h);
    doc.title.hash(&mut h);
    doc.body.hash(&mut h);
    doc.facets.level.hash(&mut h);
    doc.facets.category.hash(&mut h);
    doc.facets.status.hash(&mut h);
    doc.facets.year.hash(&mut h);
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
        for (id, doc) in prepared.into_iter().enumerate() {
            kept.terms.add(id as u32, &doc);
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
        let same_pages =
            docs.len() == self.urls.len() && docs.iter().zip(&self.urls).all(|(d, u)| d.url == *u);
        if !same_pages {
            return self.rebuild(docs);
        }
        let hashes: Vec<u64> = docs.par_iter().map(doc_hash).collect();
        let changed: Vec<(u32, SearchDoc)> = docs
            .into_iter()
            .enumerate()
            .filter(|(k, _)| hashes[*k] != self.hashes[*k])
            .map(|(k, d)| (k as u32, d))
            .collect();
        self.hashes = hashes;
        let layout_before = self.layout();
        let prepared: Vec<(u32, PreparedDoc)> = changed
            .into_par_iter()
            .map(|(k, d)| (k, PreparedDoc::new(d)))
            .collect();
        self.replace(&prepared);
        let layout = self.layout();
        let (per_shard, digits) = layout;
        let doc_shard_count = self.stored.len().div_ceil(per_shard).max(1);
        let mut doc_shards: Vec<usize> = if layout == layout_before {
            prepared
                .iter()
                .map(|(k, _)| *k as usize / per_shard)
                .collect()
        } else {
            (0..doc_shard_count).collect()
        };
        doc_shards.dedup();
        let mut files: Vec<(String, Vec<u8>)> = doc_shards
            .par_iter()
            .map(|&s| self.doc_shard(s, per_shard, digits))
            .collect();
        let rest = self.term_and_meta_files(per_shard, digits);
        // Every file of the index now: the document shards (some maybe
        // unchanged), the term shards (their count may have changed), meta.
        let mut expected: HashSet<String> = (0..doc_shard_count)
            .map(|k| format!("search/{}.js", doc_shard_name_digits(k, digits)))
            .collect();
        expected.extend(rest.iter().map(|(p, _)| p.clone()));
        files.extend(rest);
        self.files.retain(|p, _| expected.contains(p));
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
        let avgs = average_lengths(&self.lens);
        let shards = self.terms.layout(self.lens.len());
        let mut files: Vec<(String, Vec<u8>)> = self
            .terms
            .by_shard(shards)
            .par_iter()
            .enumerate()
            .map(|(k, shard)| term_file(k, shards, shard, &self.lens, avgs))
            .collect();
        let layout = DocLayout { per_shard, digits };
        files.push((
            "search/meta.js".to_owned(),
            meta_file(&self.facets, shards, &layout),
        ));
        files
    }

    /// Replaces the documents `changed` (ascending ids): their postings,
    /// lengths, facets and stored texts.
    fn replace(&mut self, changed: &[(u32, PreparedDoc)]) {
        let ids: HashSet<u32> = changed.iter().map(|(k, _)| *k).collect();
        let mut added: HashMap<&str, Vec<(u32, Count)>> = HashMap::new();
        for (k, doc) in changed {
            for (term, count) in doc.terms() {
                added.entry(term).or_default().push((*k, count));
            }
        }
        self.terms.replace_docs(&ids, &added);
        let count = self.stored.len();
        for (k, doc) in changed {
            let k = *k as usize;
            self.lens[k] = doc.lens;
            self.facets.set(k, &doc.kind, &doc.facets);
            let text = stored_body(&doc.stored, count).to_owned();
            self.stored[k] = StoredDoc {
                url: doc.url.clone(),
                title: doc.title.clone(),
                text,
            };
        }
    }
}

impl Terms {
    /// Drops the postings of the documents `ids` and adds `added` (per
    /// term, postings in document order).
    pub(crate) fn replace_docs(
        &mut self,
        ids: &HashSet<u32>,
        added: &HashMap<&str, Vec<(u32, Count)>>,
    ) {
        self.for_each_mut(|term, raw| {
            let new = added.get(term).map(Vec::as_slice).unwrap_or(&[]);
            if new.is_empty() && !raw.iter().any(|(d, _)| ids.contains(&d)) {
                return;
            }
            let mut merged: Vec<(u32, Count)> =
                raw.iter().filter(|(d, _)| !ids.contains(d)).collect();
            merged.extend_from_slice(new);
            merged.sort_by_key(|(d, _)| *d);
            *raw = Raw::from_pairs(merged);
        });
        for (term, postings) in added {
            if !self.contains(term) {
                self.insert(term, Raw::from_pairs(postings.iter().copied()));
            }
        }
        self.retain_nonempty();
    }
}
