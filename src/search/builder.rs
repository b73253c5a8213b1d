//! [`IndexBuilder`]: the index built one document at a time.
//!
//! Per document the builder keeps only its term lengths, its facets and its
//! postings (raw counts, a byte or two each); its stored text leaves in its
//! document shard as soon as that shard is full (on a site of more than
//! 2,000 pages; a small site keeps its texts until the end, see `docs.rs`).
//! Impacts need the average page lengths, so the term shards are written by
//! [`IndexBuilder::finish`].

use rayon::prelude::*;

use super::docs::{DocShards, StoredDoc};
use super::facets::FacetLog;
use super::index::PreparedDoc;
use super::postings::{average_lengths, term_file, Terms};
use super::shard::meta_file;
use super::SearchDoc;

/// Builds the search index from documents handed over in order (document
/// ids are their positions). See the module comment.
#[derive(Default)]
pub struct IndexBuilder {
    lens: Vec<(u32, u32)>,
    facets: FacetLog,
    terms: Terms,
    stored: DocShards,
}

impl IndexBuilder {
    pub fn new() -> IndexBuilder {
        IndexBuilder::default()
    }

    /// Adds the next document; returns the files complete now (document
    /// shards as they fill), `(path, bytes)`.
    pub fn add(&mut self, doc: SearchDoc) -> Vec<(String, Vec<u8>)> {
        self.add_prepared(PreparedDoc::new(doc))
    }

    /// [`IndexBuilder::add`] of a document prepared elsewhere (on a worker
    /// thread: [`PreparedDoc::new`] does the normalising and counting).
    pub fn add_prepared(&mut self, doc: PreparedDoc) -> Vec<(String, Vec<u8>)> {
        let id = self.lens.len() as u32;
        self.terms.add(id, &doc);
        self.lens.push(doc.lens);
        self.facets.push(&doc.kind, &doc.facets);
        self.stored.push(StoredDoc {
            url: doc.url,
            title: doc.title,
            text: doc.stored,
        })
    }

    /// Number of documents added.
    pub fn len(&self) -> usize {
        self.lens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lens.is_empty()
    }

    /// The remaining files: the document shards not yet returned, every
    /// term shard (empty ones included, so the client never requests a
    /// missing file) and `search/meta.js`, sorted by path.
    pub fn finish(self) -> Vec<(String, Vec<u8>)> {
        let IndexBuilder {
            lens,
            facets,
            terms,
            stored,
        } = self;
        let ((mut files, term_shards), (doc_files, layout)) =
            rayon::join(|| term_files(&terms, &lens), || stored.finish());
        files.extend(doc_files);
        files.push((
            "search/meta.js".to_owned(),
            meta_file(&facets, term_shards, &layout),
        ));
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }
}

/// Every term shard, and their number.
fn term_files(terms: &Terms, lens: &[(u32, u32)]) -> (Vec<(String, Vec<u8>)>, usize) {
    let avgs = average_lengths(lens);
    let shards = terms.layout(lens.len());
    let files = terms
        .by_shard(shards)
        .par_iter()
        .enumerate()
        .map(|(k, shard)| term_file(k, shards, shard, lens, avgs))
        .collect();
    (files, shards)
}

/// Adds `docs` in order, preparing them in parallel a batch at a time, and
/// returns every file.
pub(crate) fn build_all(
    docs: impl ExactSizeIterator<Item = SearchDoc> + Send,
) -> Vec<(String, Vec<u8>)> {
    /// Documents prepared at once: enough to keep the threads busy, few
    /// enough that their term lists stay small.
    const BATCH: usize = 512;
    let mut builder = IndexBuilder::new();
    let mut files = Vec::new();
    let mut docs = docs.peekable();
    while docs.peek().is_some() {
        let batch: Vec<SearchDoc> = docs.by_ref().take(BATCH).collect();
        let prepared: Vec<PreparedDoc> = batch.into_par_iter().map(PreparedDoc::new).collect();
        for doc in prepared {
            files.extend(builder.add_prepared(doc));
        }
    }
    files.extend(builder.finish());
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}
