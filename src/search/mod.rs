//! Japanese-first offline full-text search: the index builder.
//!
//! `build_index` turns the pages' visible text into small JavaScript files
//! under `search/` that `themes/default/static/search.js` loads with
//! `<script>` tags, so search works from `file://` with no server, no
//! `fetch` and no WebAssembly. How it works and how big it gets is described
//! in `docs/search.md`.
//!
//! * `normalize` — NFKC, lower case, dash→`ー` between katakana.
//! * `tokenize` — CJK bigrams per script run, words, ids whole and by part.
//! * `index` — BM25F impacts per posting, built in parallel with rayon.
//! * `shard` — files: `meta.js`, term shards `t-XX.js` (by FNV-1a hash of
//!   the term), document shards `d-NNNN.js` (by document id range).
//! * `phrase` — kanji trigrams (whole compounds above their parts) and the
//!   exact-title keys of records.
//! * `query` — the reference query evaluation the client mirrors.

mod encode;
mod index;
mod normalize;
mod phrase;
mod query;
mod shard;
mod tokenize;

#[cfg(test)]
mod synthetic;
#[cfg(test)]
mod tests;

pub use encode::fnv1a;
pub use normalize::normalize;
pub use query::{Hit, IndexFiles, Outcome, QueryCost};
pub use tokenize::tokenize;

use rayon::prelude::*;

/// One searchable page (or section of a page).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchDoc {
    /// Relative to the site root, e.g. `incidents/INC-2026-001.html` or
    /// `handbook/first-response.html#anchor`.
    pub url: String,
    /// Page type: `incident`, `handbook`, `template`, `drill`, `contacts`,
    /// `levels`, `flow`, `page` ...
    pub kind: String,
    pub title: String,
    /// Plain text the page shows. Only `title` and `body` are indexed, so
    /// the index never holds text the page does not show.
    pub body: String,
    pub facets: Facets,
}

/// Values the results can be filtered by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    pub level: Option<i64>,
    /// Category id from the policy.
    pub category: Option<String>,
    /// Record status (`open`, `contained`, `recovered`, `closed`).
    pub status: Option<String>,
    pub year: Option<i32>,
}

/// Builds the search index of `docs`: `(path relative to the output
/// directory, bytes)` pairs sorted by path — `search/meta.js`, every term
/// shard `search/t-*.js` (empty ones included, so the client never requests
/// a missing file) and the document shards `search/d-*.js`. The bytes depend
/// only on `docs` (order included), never on the machine or thread count.
pub fn build_index(docs: &[SearchDoc]) -> Vec<(String, Vec<u8>)> {
    build_normalized(docs, index::normalize_docs(docs))
}

/// [`build_index`] of documents handed over: each body is cut to what the
/// document shards store as soon as it is normalised, so the build never
/// holds every page's full text twice. Same bytes as [`build_index`].
pub fn build_index_owned(mut docs: Vec<SearchDoc>) -> Vec<(String, Vec<u8>)> {
    let count = docs.len();
    let normalized = index::normalize_and_trim(&mut docs, |body| shard::stored_body(body, count));
    build_normalized(&docs, normalized)
}

fn build_normalized(
    docs: &[SearchDoc],
    normalized: Vec<index::Normalized>,
) -> Vec<(String, Vec<u8>)> {
    let per_shard = shard::docs_per_shard(docs);
    let ((term_shards, mut files), doc_files) = rayon::join(
        || {
            index::with_term_shards(normalized, |shards| {
                let count = shards.len();
                let files: Vec<(String, Vec<u8>)> = shards
                    .par_iter()
                    .enumerate()
                    .map(|(k, terms)| {
                        let name = shard::term_shard_name(k, count);
                        let bytes = shard::term_shard_file(&name, terms);
                        (format!("search/{name}.js"), bytes)
                    })
                    .collect();
                (count, files)
            })
        },
        || shard::doc_shard_files(docs, per_shard),
    );
    files.extend(doc_files);
    files.push((
        "search/meta.js".to_owned(),
        shard::meta_file(docs, term_shards, per_shard),
    ));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}
