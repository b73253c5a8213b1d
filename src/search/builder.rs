//! [`IndexBuilder`]: the index built one document at a time.
//!
//! Per document the builder keeps only its term lengths, its facets and its
//! postings (raw counts, a byte or two each); its stored text leaves in its
//! document shard as soon as that shard is full (on a site of more than
//! 2,000 pages; a small site keeps its texts until the end, see `docs.rs`).
//! Impacts need the average page lengths, so the term shards are written by
//! [`IndexBuilder::finish_into`].
//!
//! The postings are the part that grows with the register (about 1 KB a
//! record). Past a budget ([`SPILL_BUDGET`]) they are written to a
//! temporary file and memory starts empty again; the term shards are then
//! merged from those runs one shard at a time (`spill.rs`). The files are
//! the same bytes either way.

use std::sync::Mutex;

use rayon::prelude::*;

use super::docs::{DocShards, StoredDoc};
use super::facets::FacetLog;
use super::forms::IdShapes;
use super::index::{PreparedDoc, ShardEstimate};
use super::postings::{average_lengths, estimate, term_file, Postings, Terms};
use super::shard::meta_file;
use super::spill::{merged, pieces, shard_positions, Runs};
use super::{IndexFile, SearchDoc};

/// Bytes of memory (as [`Terms::heap`] counts them) the builder's raw
/// postings may take before they are spilled to a temporary file. The
/// 10,000-record corpus of `gen_corpus` counts about 9.4 MB at the end, so
/// a site up to about 12,000 such records never spills and pays nothing
/// for it (up to about 17,000, only at the stream's end:
/// [`IndexBuilder::spill_if_mostly_full`]); at 100,000 records (about 92 MB) five or six runs are spilled
/// while the documents arrive and the rest at the end. 16 MiB rather than
/// 24 (32 before session 20): the table in memory is part of the build's
/// peak at 100,000 records, at the stream's end (docs/performance.md,
/// `search14` and `mem15`).
pub const SPILL_BUDGET: usize = 16 << 20;

/// Builds the search index from documents handed over in order (document
/// ids are their positions). See the module comment.
pub struct IndexBuilder {
    lens: Vec<(u32, u32)>,
    facets: FacetLog,
    terms: Terms,
    stored: DocShards,
    /// Past this many bytes the postings are spilled (`None`: never).
    budget: Option<usize>,
    runs: Runs,
    /// Why spilling failed: [`IndexBuilder::finish_into`] reports it.
    failed: Option<String>,
}

impl Default for IndexBuilder {
    fn default() -> Self {
        IndexBuilder::new()
    }
}

/// Where the finished files go: `(path, bytes)`, called from any thread.
type Put<'a> = dyn Fn(String, Vec<u8>) -> Result<(), String> + Sync + 'a;

impl IndexBuilder {
    /// A builder spilling its postings past [`SPILL_BUDGET`].
    pub fn new() -> IndexBuilder {
        IndexBuilder::with_budget(Some(SPILL_BUDGET))
    }

    /// A builder spilling its postings past `budget` bytes (`None`: keeping
    /// them in memory).
    pub fn with_budget(budget: Option<usize>) -> IndexBuilder {
        IndexBuilder {
            lens: Vec::new(),
            facets: FacetLog::default(),
            terms: Terms::default(),
            stored: DocShards::default(),
            budget,
            runs: Runs::default(),
            failed: None,
        }
    }

    /// Adds the next document; returns the files complete now (document
    /// shards as they fill), `(path, bytes)`.
    pub fn add(&mut self, doc: SearchDoc) -> Vec<(String, Vec<u8>)> {
        self.add_prepared(PreparedDoc::new(doc))
            .into_iter()
            .map(|f| (f.path, f.bytes))
            .collect()
    }

    /// [`IndexBuilder::add`] of a document prepared elsewhere (on a worker
    /// thread: [`PreparedDoc::new`] does the normalising and counting).
    /// Should the postings fail to spill, the error waits for
    /// [`IndexBuilder::finish_into`].
    pub fn add_prepared(&mut self, doc: PreparedDoc) -> Vec<IndexFile> {
        let id = self.lens.len() as u32;
        if self.failed.is_none() {
            // A table that must grow for this document's terms holds its
            // old slots and its new ones at once: spilled first when the
            // two would pass the budget.
            let growing = |b| self.terms.heap_growing_by(doc.counts.len()) > b;
            if !self.terms.is_empty() && self.budget.is_some_and(growing) {
                self.spill();
            }
            self.terms.add(id, &doc);
            if self.budget.is_some_and(|b| self.terms.heap() > b) {
                self.spill();
            }
        }
        self.lens.push(doc.lens);
        self.facets.push(&doc.kind, &doc.facets);
        self.stored.push(StoredDoc {
            url: doc.url,
            title: doc.title,
            text: doc.stored,
        })
    }

    /// Writes the postings in memory as a run and empties memory; on
    /// failure keeps the error and from then on no postings.
    fn spill(&mut self) {
        let terms = std::mem::take(&mut self.terms);
        if let Err(e) = self.runs.spill(&terms) {
            self.failed = Some(spill_error(&e));
        }
    }

    /// Spills the postings in memory now if some were spilled before or
    /// they take more than three quarters of the budget: for a caller about
    /// to need the memory for something else (the streamed build's
    /// register-wide pages). A builder that has spilled reads its runs
    /// back at the end anyway (one more costs a piece per shard); a small
    /// site (the 10,000-record register: about 9.4 MB, under 12 MiB) still
    /// never spills. The files are the same.
    pub fn spill_if_mostly_full(&mut self) {
        let most = self.budget.map(|b| b / 4 * 3);
        let spilled = !self.runs.is_empty();
        if self.failed.is_none()
            && self.terms.heap() > 0
            && (spilled || most.is_some_and(|m| self.terms.heap() > m))
        {
            self.spill();
        }
    }

    /// Number of documents added.
    pub fn len(&self) -> usize {
        self.lens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lens.is_empty()
    }

    /// Number of runs spilled so far.
    pub fn runs(&self) -> usize {
        self.runs.len()
    }

    /// Spills into temporary files in `dir` rather than the system's
    /// temporary directory.
    #[cfg(test)]
    pub(crate) fn spill_in(mut self, dir: impl Into<std::path::PathBuf>) -> IndexBuilder {
        self.runs.dir = Some(dir.into());
        self
    }

    /// Hands the remaining files to `put` as each is made, from any thread:
    /// the document shards not yet returned, every term shard (empty ones
    /// included, so the client never requests a missing file) and, last,
    /// `search/meta.js`. Fails on the first error of `put` or of spilling
    /// (the spilled postings written or read back).
    pub fn finish_into(
        mut self,
        put: impl Fn(String, Vec<u8>) -> Result<(), String> + Sync,
    ) -> Result<(), String> {
        if !self.runs.is_empty() && !self.terms.is_empty() && self.failed.is_none() {
            self.spill();
        }
        if let Some(e) = self.failed {
            return Err(e);
        }
        let IndexBuilder {
            lens,
            facets,
            terms,
            stored,
            runs,
            ..
        } = self;
        // The ids' shapes, each distinct term counted once: from the
        // postings in memory, or, spilled, as the runs are merged (a term
        // in several runs is one term).
        let (term_shards, layout) = rayon::join(
            || {
                if runs.is_empty() {
                    term_files(&terms, &lens, &put).map(|n| (n, terms.shapes().clone()))
                } else {
                    spilled_term_files(&runs, &lens, &put)
                }
            },
            || -> Result<_, String> {
                let (files, layout) = stored.finish();
                for (path, bytes) in files {
                    put(path, bytes)?;
                }
                Ok(layout)
            },
        );
        let ((term_shards, shapes), layout) = (term_shards?, layout?);
        put(
            "search/meta.js".to_owned(),
            meta_file(&facets, term_shards, &layout, &shapes),
        )
    }

    /// The remaining files (see [`IndexBuilder::finish_into`]), sorted by
    /// path.
    pub fn finish(self) -> Result<Vec<(String, Vec<u8>)>, String> {
        let files = Mutex::new(Vec::new());
        self.finish_into(|path, bytes| {
            files
                .lock()
                .map_err(|_| "the search index: a thread failed".to_owned())?
                .push((path, bytes));
            Ok(())
        })?;
        let mut files = files
            .into_inner()
            .map_err(|_| "the search index: a thread failed".to_owned())?;
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(files)
    }
}

fn spill_error(e: &std::io::Error) -> String {
    format!("the search index's temporary files: {e}")
}

/// Every term shard from the postings in memory, handed to `put`; their
/// number.
fn term_files(terms: &Terms, lens: &[(u32, u32)], put: &Put<'_>) -> Result<usize, String> {
    let avgs = average_lengths(lens);
    let shards = terms.layout(lens.len());
    terms
        .by_shard(shards)
        .par_iter()
        .enumerate()
        .try_for_each(|(k, shard)| {
            let (path, bytes) = term_file(k, shards, shard, lens, avgs);
            put(path, bytes)
        })?;
    Ok(shards)
}

/// Every term shard from the spilled runs, handed to `put`; their number
/// and the shapes of the ids among their terms. Two readings: the shard
/// count comes from every term's postings, then each shard is merged and
/// written.
fn spilled_term_files(
    runs: &Runs,
    lens: &[(u32, u32)],
    put: &Put<'_>,
) -> Result<(usize, IdShapes), String> {
    /// Parts the runs are read in to size the shards.
    const PARTS: usize = 256;
    let docs = lens.len();
    let bytes: usize = (0..PARTS)
        .into_par_iter()
        .map(|part| -> std::io::Result<usize> {
            let bufs = runs.read(shard_positions(part, PARTS))?;
            let pieces = pieces(&bufs)?;
            Ok(merged(&pieces)
                .iter()
                .map(|(term, p)| estimate(p.postings(), term.len(), docs))
                .sum())
        })
        .try_reduce(|| 0, |a, b| Ok(a + b))
        .map_err(|e| spill_error(&e))?;
    let shards = ShardEstimate::shards(bytes);
    let avgs = average_lengths(lens);
    let shapes = (0..shards)
        .into_par_iter()
        .map(|k| {
            let bufs = runs
                .read(shard_positions(k, shards))
                .map_err(|e| spill_error(&e))?;
            let pieces = pieces(&bufs).map_err(|e| spill_error(&e))?;
            let terms = merged(&pieces);
            let mut shapes = IdShapes::default();
            terms.iter().for_each(|(term, _)| shapes.add(term));
            let (path, bytes) = term_file(k, shards, &terms, lens, avgs);
            put(path, bytes)?;
            Ok::<_, String>(shapes)
        })
        .try_reduce(IdShapes::default, |mut a, b| {
            a.merge(&b);
            Ok(a)
        })?;
    Ok((shards, shapes))
}

/// Adds `docs` in order, preparing them in parallel a batch at a time, and
/// returns every file.
pub(crate) fn build_all(
    docs: impl ExactSizeIterator<Item = SearchDoc> + Send,
) -> Vec<(String, Vec<u8>)> {
    /// Documents prepared at once: enough to keep the threads busy, few
    /// enough that their term lists stay small.
    const BATCH: usize = 512;
    let mut builder = IndexBuilder::with_budget(None);
    let mut files = Vec::new();
    let mut docs = docs.peekable();
    while docs.peek().is_some() {
        let batch: Vec<SearchDoc> = docs.by_ref().take(BATCH).collect();
        let prepared: Vec<PreparedDoc> = batch.into_par_iter().map(PreparedDoc::new).collect();
        for doc in prepared {
            files.extend(
                builder
                    .add_prepared(doc)
                    .into_iter()
                    .map(|f| (f.path, f.bytes)),
            );
        }
    }
    match builder.finish() {
        Ok(rest) => files.extend(rest),
        // Kept in memory, nothing is spilled or read back: nothing fails.
        Err(e) => unreachable!("an index kept in memory failed: {e}"),
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::synthetic;

    fn built(docs: &[SearchDoc], budget: Option<usize>) -> (Vec<(String, Vec<u8>)>, usize) {
        let mut builder = IndexBuilder::with_budget(budget);
        let mut files = Vec::new();
        for doc in docs {
            files.extend(builder.add(doc.clone()));
        }
        let runs = builder.runs();
        files.extend(builder.finish().expect("spilled and read back"));
        files.sort_by(|a, b| a.0.cmp(&b.0));
        (files, runs)
    }

    #[test]
    fn spilled_postings_give_the_same_files() {
        // A small site and one past 2,000 pages (document shards written as
        // they fill), with budgets from a run per page to a few runs.
        let cases = [
            (1, 0),
            (60, 0),
            (60, 20_000),
            (2300, 256 << 10),
            (2300, 1 << 20),
        ];
        for (n, budget) in cases {
            let docs = synthetic::corpus(n);
            let whole = crate::search::build_index(&docs);
            let (files, runs) = built(&docs, Some(budget));
            assert!(runs > 1, "{n} pages, budget {budget}: {runs} runs");
            if budget == 0 {
                // Every page's postings spilled as it came.
                assert_eq!(runs, docs.len(), "{n} pages, budget 0");
            }
            assert_eq!(files.len(), whole.len(), "{n} pages, budget {budget}");
            for (a, b) in files.iter().zip(&whole) {
                assert!(a == b, "{} differs ({n} pages, budget {budget})", a.0);
            }
        }
    }

    #[test]
    fn the_default_budget_spills_nothing_on_a_site_of_thousands_of_pages() {
        let docs = synthetic::corpus(2300);
        let mut builder = IndexBuilder::new();
        for doc in &docs {
            builder.add(doc.clone());
        }
        assert_eq!(builder.runs(), 0);
    }

    #[test]
    fn spilling_past_three_quarters_of_the_budget_midway_gives_the_same_files() {
        let docs = synthetic::corpus(2300);
        let whole = crate::search::build_index(&docs);
        let half = docs.len() / 2;
        let with = |budget: usize| {
            let mut builder = IndexBuilder::with_budget(Some(budget));
            let mut files = Vec::new();
            for doc in &docs[..half] {
                files.extend(builder.add(doc.clone()));
            }
            let before = builder.runs();
            builder.spill_if_mostly_full();
            let spilled = builder.runs() - before;
            for doc in &docs[half..] {
                files.extend(builder.add(doc.clone()));
            }
            files.extend(builder.finish().expect("spilled and read back"));
            files.sort_by(|a, b| a.0.cmp(&b.0));
            (files, spilled)
        };
        // What the first half's postings take.
        let mut first = IndexBuilder::with_budget(None);
        for doc in &docs[..half] {
            first.add(doc.clone());
        }
        let heap = first.terms.heap();
        // Far under the budget: nothing is spilled; past three quarters of
        // it (and under all of it, so nothing was spilled before): a run.
        let (files, spilled) = with(SPILL_BUDGET);
        assert_eq!(spilled, 0);
        assert!(files == whole);
        // Past half of it, under three quarters: kept (a site of about
        // 10,000 records does not spill at the stream's end).
        let (files, spilled) = with(heap + heap / 2);
        assert_eq!(spilled, 0);
        assert!(files == whole);
        let (files, spilled) = with(heap + heap / 4);
        assert_eq!(spilled, 1);
        assert_eq!(files.len(), whole.len());
        for (a, b) in files.iter().zip(&whole) {
            assert!(a == b, "{} differs", a.0);
        }
    }

    #[test]
    fn a_builder_that_has_spilled_spills_what_it_holds_at_the_streams_end() {
        let docs = synthetic::corpus(2300);
        let whole = crate::search::build_index(&docs);
        let mut builder = IndexBuilder::with_budget(Some(256 << 10));
        let mut files = Vec::new();
        let mut docs = docs.iter();
        // Up to the first run, and one page more.
        while builder.runs() == 0 {
            let doc = docs.next().expect("a run within the corpus");
            files.extend(builder.add(doc.clone()));
        }
        if let Some(doc) = docs.next() {
            files.extend(builder.add(doc.clone()));
        }
        // Far under three quarters of the budget, but it has spilled: what
        // it holds goes too, and it then holds nothing.
        assert!(builder.terms.heap() > 0 && builder.terms.heap() < (192 << 10));
        builder.spill_if_mostly_full();
        assert_eq!(builder.runs(), 2);
        assert_eq!(builder.terms.heap(), 0);
        // Nothing held: no empty run.
        builder.spill_if_mostly_full();
        assert_eq!(builder.runs(), 2);
        for doc in docs {
            files.extend(builder.add(doc.clone()));
        }
        files.extend(builder.finish().expect("spilled and read back"));
        files.sort_by(|a, b| a.0.cmp(&b.0));
        assert!(files == whole);
    }

    #[test]
    fn a_term_table_that_would_grow_past_the_budget_is_spilled_before_it_grows() {
        let docs = synthetic::corpus(2300);
        let whole = crate::search::build_index(&docs);
        // The first page past the first few hundred whose terms may make
        // the table grow, and what the postings took before it.
        let mut free = IndexBuilder::with_budget(None);
        let (mut found, mut most) = (None, 0);
        for (k, doc) in docs.iter().enumerate() {
            let doc = PreparedDoc::new(doc.clone());
            let heap = free.terms.heap();
            let growing = free.terms.heap_growing_by(doc.counts.len());
            if k > 300 && growing > heap && growing > most.max(heap) {
                found = Some((k, most.max(heap)));
                break;
            }
            most = most.max(growing);
            free.add_prepared(doc);
        }
        let Some((k, heap)) = found else {
            panic!("the table never grew")
        };
        // A budget the postings before that page stay within: the table
        // would pass it only while it grows, holding its old slots and its
        // new ones. It is spilled before that page's terms, not after.
        let mut builder = IndexBuilder::with_budget(Some(heap));
        let mut files = Vec::new();
        for doc in &docs[..=k] {
            files.extend(builder.add(doc.clone()));
        }
        assert_eq!(builder.runs(), 1);
        assert!(!builder.terms.is_empty(), "page {k}'s terms came after");
        assert!(builder.terms.heap() < heap / 2);
        for doc in &docs[k + 1..] {
            files.extend(builder.add(doc.clone()));
        }
        files.extend(builder.finish().expect("spilled and read back"));
        files.sort_by(|a, b| a.0.cmp(&b.0));
        assert!(files == whole);
    }

    #[test]
    fn a_failure_to_spill_is_an_error_of_finish() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let missing = dir.path().join("missing");
        let mut builder = IndexBuilder::with_budget(Some(0)).spill_in(&missing);
        let docs = synthetic::corpus(30);
        let mut shards = 0;
        for doc in docs {
            shards += builder.add(doc).len();
        }
        assert_eq!(
            shards, 0,
            "a small site writes its document shards at the end"
        );
        let err = builder.finish().expect_err("the spill failed");
        assert!(err.contains("search index"), "{err}");
        assert!(!missing.exists());
    }
}
