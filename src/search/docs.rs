//! Document shards `d-NNNN.js`: the URL, title and stored text of
//! consecutive documents, written as soon as a shard is full.
//!
//! A small site (up to [`SMALL_SITE`] pages) keeps its stored texts (at most
//! 4,000 characters each) until the index is finished, and sizes its shards
//! from the average over every page. Once a page more arrives, the texts are
//! cut to 1,200 characters, the shard size is fixed from the pages so far,
//! and from then on each shard is written as it fills (names padded to
//! [`LARGE_DIGITS`] digits, since the final count is not known yet).
//!
//! A shard's payload is its JSON packed (`packed`: raw DEFLATE in base64),
//! so a shard is sized by its JSON before packing: about 32 KB, a third of
//! that once packed (16 records at 10,000: twice the records of 16 KB
//! shards, packed in a fifth less space, since a larger shard compresses
//! better). Full shards of a large site are packed a few at a time
//! in parallel ([`PACK_AT_ONCE`]).

use rayon::prelude::*;
use serde::Serialize;

use super::packed::pack;
use super::shard::{
    doc_shard_digits, doc_shard_name_digits, script, stored_body, DocLayout, SMALL_SITE,
};
use super::IndexFile;

/// Aimed-for size of one document shard's JSON, in bytes (before packing).
const DOC_SHARD_TARGET: usize = 32 * 1024;
/// Full shards of a large site packed at once, in parallel.
const PACK_AT_ONCE: usize = 16;
/// Digits of the document shard names of a large site.
pub(crate) const LARGE_DIGITS: usize = 4;

/// What a document shard holds of one document.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct StoredDoc {
    pub(crate) url: String,
    pub(crate) title: String,
    pub(crate) text: String,
}

impl StoredDoc {
    /// Cuts the text to what a site of `docs` pages stores.
    fn cut(&mut self, docs: usize) {
        let kept = stored_body(&self.text, docs).len();
        if kept < self.text.len() {
            self.text.truncate(kept);
            self.text.shrink_to_fit();
        }
    }
}

/// Documents per document shard, from the average stored size.
pub(crate) fn docs_per_shard(docs: &[StoredDoc]) -> usize {
    if docs.is_empty() {
        return 1;
    }
    let bytes: usize = docs
        .iter()
        .map(|d| d.url.len() + d.title.len() + d.text.len() + 16)
        .sum();
    let average = bytes.div_ceil(docs.len()).max(1);
    (DOC_SHARD_TARGET / average).clamp(1, 256)
}

/// The payload of a document shard.
#[derive(Serialize)]
struct DocShard<'a> {
    docs: Vec<Row<'a>>,
    first: usize,
}

/// A document's row: `[url, title, text]`, or `[url, title, rest, 1]` when
/// the text is the title, a space and `rest` (a record's text starts with
/// its heading: the title is not stored twice).
#[derive(Serialize)]
#[serde(untagged)]
enum Row<'a> {
    Plain([&'a str; 3]),
    Titled(&'a str, &'a str, &'a str, u8),
}

impl<'a> Row<'a> {
    fn of(d: &'a StoredDoc) -> Row<'a> {
        let rest = d
            .text
            .strip_prefix(d.title.as_str())
            .and_then(|r| r.strip_prefix(' '));
        match rest {
            Some(rest) if !d.title.is_empty() => Row::Titled(&d.url, &d.title, rest, 1),
            _ => Row::Plain([&d.url, &d.title, &d.text]),
        }
    }
}

/// One document shard: `{"docs": [row, ...], "first": id}` (see [`Row`]),
/// packed into one string.
pub(crate) fn doc_shard_file(
    index: usize,
    digits: usize,
    first: usize,
    docs: &[StoredDoc],
) -> (String, Vec<u8>) {
    let file = packed_doc_shard(index, digits, first, docs);
    (file.path, file.bytes)
}

/// [`doc_shard_file`] with the JSON it packs.
fn packed_doc_shard(index: usize, digits: usize, first: usize, docs: &[StoredDoc]) -> IndexFile {
    let rows = docs.iter().map(Row::of).collect();
    let name = doc_shard_name_digits(index, digits);
    // Field order as the former `json!` object (keys sorted).
    let payload = DocShard { docs: rows, first };
    let json = serde_json::to_vec(&payload).unwrap_or_default();
    // Base64 needs no escaping inside a JSON string.
    let packed = format!("\"{}\"", pack(&json));
    IndexFile {
        path: format!("search/{name}.js"),
        bytes: script(&name, packed.as_bytes()),
        unpacked: Some(json),
    }
}

/// The document shards being written.
pub(crate) enum DocShards {
    /// Every document so far (a small site).
    Small(Vec<StoredDoc>),
    /// A large site: shards of `per_shard` documents, `written` of them out,
    /// the documents of the next ones (up to [`PACK_AT_ONCE`]) in `open`.
    Large {
        per_shard: usize,
        written: usize,
        open: Vec<StoredDoc>,
    },
}

impl Default for DocShards {
    fn default() -> Self {
        DocShards::Small(Vec::new())
    }
}

impl DocShards {
    /// Adds the next document; returns the shards now full.
    pub(crate) fn push(&mut self, mut doc: StoredDoc) -> Vec<IndexFile> {
        match self {
            DocShards::Small(docs) => {
                docs.push(doc);
                if docs.len() <= SMALL_SITE {
                    return Vec::new();
                }
                let mut docs = std::mem::take(docs);
                let count = docs.len();
                docs.iter_mut().for_each(|d| d.cut(count));
                let per_shard = docs_per_shard(&docs);
                let full = docs.len() / per_shard * per_shard;
                let open = docs.split_off(full);
                let files: Vec<_> = docs
                    .par_chunks(per_shard)
                    .enumerate()
                    .map(|(k, rows)| packed_doc_shard(k, LARGE_DIGITS, k * per_shard, rows))
                    .collect();
                *self = DocShards::Large {
                    per_shard,
                    written: files.len(),
                    open,
                };
                files
            }
            DocShards::Large {
                per_shard,
                written,
                open,
            } => {
                doc.cut(SMALL_SITE + 1);
                open.push(doc);
                if open.len() < *per_shard * PACK_AT_ONCE {
                    return Vec::new();
                }
                let files = large_files(*written, *per_shard, open);
                *written += files.len();
                open.clear();
                files
            }
        }
    }

    /// The shards not written yet, and the layout of all of them.
    pub(crate) fn finish(self) -> (Vec<(String, Vec<u8>)>, DocLayout) {
        match self {
            DocShards::Small(docs) => {
                let per_shard = docs_per_shard(&docs);
                let count = docs.len().div_ceil(per_shard).max(1);
                let digits = doc_shard_digits(count);
                let files = (0..count)
                    .into_par_iter()
                    .map(|k| {
                        let start = (k * per_shard).min(docs.len());
                        let end = ((k + 1) * per_shard).min(docs.len());
                        doc_shard_file(k, digits, start, &docs[start..end])
                    })
                    .collect();
                (files, DocLayout { per_shard, digits })
            }
            DocShards::Large {
                per_shard,
                written,
                open,
            } => {
                let files = large_files(written, per_shard, &open)
                    .into_iter()
                    .map(|f| (f.path, f.bytes))
                    .collect();
                let layout = DocLayout {
                    per_shard,
                    digits: LARGE_DIGITS,
                };
                (files, layout)
            }
        }
    }
}

/// The shards of `docs` on a large site, the first being shard `written`.
fn large_files(written: usize, per_shard: usize, docs: &[StoredDoc]) -> Vec<IndexFile> {
    docs.par_chunks(per_shard)
        .enumerate()
        .map(|(k, rows)| {
            let index = written + k;
            packed_doc_shard(index, LARGE_DIGITS, index * per_shard, rows)
        })
        .collect()
}
