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
//! * `builder` — [`IndexBuilder`]: documents added one at a time, document
//!   shards written as they fill, term shards at the end; `spill` — its
//!   postings in temporary files past [`SPILL_BUDGET`], merged per shard.
//! * `index` — a document prepared (normalised, terms counted), BM25F
//!   impacts; `postings` — the builder's raw postings and the term shards;
//!   `docs` — document shards, their JSON packed (`packed`: raw DEFLATE in
//!   base64); `facets` — the facet values in `meta.js`.
//! * `shard` — files: `meta.js`, term shards `t-XX.js` (by FNV-1a hash of
//!   the term), document shards `d-NNNN.js` (by document id range).
//! * `forms` — the kanji of a title's compounds alone, indexed beside the
//!   terms; the shapes of the ids (`idShapes` in `meta.js`) from which a
//!   query finds an id typed without hyphens or leading zeros.
//! * `phrase` — kanji trigrams (whole compounds above their parts) and the
//!   exact-title keys of records.
//! * `query` — the reference query evaluation the client mirrors.

mod builder;
mod docs;
mod encode;
mod encoded;
mod facets;
mod forms;
pub mod glossary;
mod index;
mod kept;
mod normalize;
mod packed;
mod phrase;
mod postings;
mod query;
mod shard;
mod spill;
mod tokenize;

#[cfg(test)]
mod synthetic;
#[cfg(test)]
mod tests;

pub use builder::{IndexBuilder, SPILL_BUDGET};
pub use encode::fnv1a;
pub use index::PreparedDoc;
pub use kept::{IndexUpdate, KeptIndex};
pub use normalize::normalize;
pub use packed::doc_shard_json;
pub use query::{Hit, IndexFiles, Outcome, QueryCost};
pub use tokenize::tokenize;

/// A file of the index as the builder hands it over while documents are
/// added ([`IndexBuilder::add_prepared`]).
#[derive(Debug, Clone, PartialEq)]
pub struct IndexFile {
    /// Relative to the output directory (`search/d-0001.js`).
    pub path: String,
    pub bytes: Vec<u8>,
    /// For a packed document shard, the JSON it packs: what its reader
    /// sees once it is unpacked ([`doc_shard_json`] of `bytes`), for the
    /// build's name guard to search without unpacking it again.
    pub unpacked: Option<Vec<u8>>,
}

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
/// a missing file) and the document shards `search/d-*.js` (packed: read
/// one with [`doc_shard_json`]). The bytes depend
/// only on `docs` (order included), never on the machine or thread count.
/// The same as adding them to an [`IndexBuilder`] in order.
pub fn build_index(docs: &[SearchDoc]) -> Vec<(String, Vec<u8>)> {
    builder::build_all(docs.iter().cloned())
}

/// [`build_index`] of documents handed over (each one's body is dropped as
/// soon as it is prepared). Same bytes as [`build_index`].
pub fn build_index_owned(docs: Vec<SearchDoc>) -> Vec<(String, Vec<u8>)> {
    builder::build_all(docs.into_iter())
}
