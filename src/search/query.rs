//! Reference implementation of the client's query evaluation, reading the
//! generated files. `search.js` implements the same steps; the Node test
//! compares both on a fixture. Used by tests, benchmarks and size reports.
//!
//! Evaluation:
//! 1. The query is normalised and planned (`plan_query`): CJK bigrams and
//!    words are required terms; an id (`inc-2026-001`) is required whole when
//!    the index has it, otherwise by its parts.
//! 2. Score of a page = Σ idf(term) × impact(term, page) / 31 × boost, with
//!    idf = ln(1 + (N − df + ½) / (df + ½)) and boost 2 for whole ids.
//! 3. Pages with every required term are the results. When there are none
//!    and the query has several terms, pages with at least half of its
//!    content terms (not only hiragana; all terms if it has none) are shown
//!    instead ("partial"), more terms matched first.
//! 4. The sum is multiplied by the page type's weight (`kindWeights` in
//!    `meta.js`: drills slightly below other pages).
//! 5. Phrase terms (kanji trigrams of long query words, `phrase.rs`) are
//!    not required; each one a page has adds to its score and to its count
//!    of phrases matched.
//! 6. Order: terms matched; then the tier — a record whose exact title is
//!    the query, then guidance (every page type not in `recordKinds`), then
//!    records (no tiers when the query holds a whole id); then phrases
//!    matched; then score. Ties (scores equal to 6 decimals) go to the lower
//!    document id.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::encode::{decode_postings, fnv1a, read_fixed, MAX_IMPACT};
use super::forms::id_candidates;
use super::normalize::normalize;
use super::phrase::query_title_key;
use super::shard::{doc_shard_name_digits, term_shard_name, PRELUDE, SHARD_PRELUDE};
use super::tokenize::{plan_query, QueryGroup};

/// Extra weight of an id matched whole.
pub(crate) const ID_BOOST: f64 = 2.0;

/// A required term of a query: the term, its boost and its postings.
struct Required {
    term: String,
    boost: f64,
    /// A phrase term: scores, but is not required.
    phrase: bool,
    postings: Vec<(u32, u8)>,
}

/// Tier of a page in the order (lower first), see the module comment.
fn tier(is_record: bool, title_hit: bool, by_id: bool) -> u8 {
    match (by_id, title_hit, is_record) {
        (true, _, _) => 1,
        (false, true, _) => 0,
        (false, false, false) => 1,
        (false, false, true) => 2,
    }
}

/// One ranked page.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Document id (position in the `build_index` input).
    pub doc: u32,
    pub score: f64,
    /// Number of required terms the page contains.
    pub matched: usize,
}

/// Result of a query.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Ranked pages, best first.
    pub hits: Vec<Hit>,
    /// True when no page had every term and partial matches are shown.
    pub partial: bool,
    /// Index files read to rank (meta and term shards), by path.
    pub files: BTreeSet<String>,
}

/// What one query makes the client read, in bytes and files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueryCost {
    pub meta: usize,
    pub term_shards: usize,
    pub term_files: usize,
    pub doc_shards: usize,
    pub doc_files: usize,
}

impl QueryCost {
    /// All bytes read.
    pub fn total(&self) -> usize {
        self.meta + self.term_shards + self.doc_shards
    }
}

/// A built index, read back from its files.
pub struct IndexFiles<'a> {
    files: BTreeMap<&'a str, &'a [u8]>,
    docs: usize,
    term_shards: usize,
    docs_per_shard: usize,
    doc_shard_digits: usize,
    /// Ranking weight of each document, from its type.
    weights: Vec<f64>,
    /// Whether each document is a record (its type is in `recordKinds`).
    records: Vec<bool>,
    /// The shapes of the ids the index holds, by prefix (`idShapes`).
    id_shapes: BTreeMap<String, Vec<String>>,
}

/// The JSON payload of a self-registering index script.
fn payload(bytes: &[u8]) -> Result<Value, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
    let rest = text
        .strip_prefix(PRELUDE)
        .or_else(|| text.strip_prefix(SHARD_PRELUDE))
        .ok_or("missing prelude")?;
    let comma = rest.find(',').ok_or("missing name")?;
    let json = rest[comma + 1..]
        .trim_end()
        .strip_suffix(");")
        .ok_or("missing end")?;
    serde_json::from_str(json).map_err(|e| e.to_string())
}

fn usize_field(v: &Value, key: &str) -> Result<usize, String> {
    v.get(key)
        .and_then(Value::as_u64)
        .map(|n| n as usize)
        .ok_or_else(|| format!("meta.{key} missing"))
}

/// Each document's ranking weight (`kindWeights` of its type) and whether
/// it is a record (`recordKinds`), read from the facet tuple that `meta.js`
/// stores for it.
fn kind_weights(meta: &Value, docs: usize) -> Result<Vec<(f64, bool)>, String> {
    let bad = || "meta.js facet tuples malformed".to_owned();
    let kinds = meta["facets"]["kind"].as_array().ok_or_else(bad)?;
    let widths: Vec<usize> = meta["tupleWidths"]
        .as_array()
        .ok_or_else(bad)?
        .iter()
        .map(|w| w.as_u64().map(|w| w as usize).ok_or_else(bad))
        .collect::<Result<_, _>>()?;
    let tuple_len: usize = widths.iter().sum();
    let kind_width = widths.first().copied().ok_or_else(bad)?;
    let tuples = meta["tuples"].as_str().ok_or_else(bad)?;
    let doc_tuples = meta["docTuples"].as_str().ok_or_else(bad)?;
    let digits = usize_field(meta, "tupleDigits")?;
    (0..docs)
        .map(|doc| {
            let tuple = read_fixed(doc_tuples, doc * digits, digits).ok_or_else(bad)?;
            let kind =
                read_fixed(tuples, tuple as usize * tuple_len, kind_width).ok_or_else(bad)?;
            let name = kind
                .checked_sub(1)
                .and_then(|k| kinds.get(k as usize))
                .and_then(Value::as_str)
                .unwrap_or("");
            let record = meta["recordKinds"]
                .as_array()
                .is_some_and(|r| r.iter().any(|k| k.as_str() == Some(name)));
            Ok((meta["kindWeights"][name].as_f64().unwrap_or(1.0), record))
        })
        .collect()
}

/// `idShapes` of `meta.js` (none when absent).
fn id_shapes(meta: &Value) -> BTreeMap<String, Vec<String>> {
    let Some(map) = meta.get("idShapes").and_then(Value::as_object) else {
        return BTreeMap::new();
    };
    map.iter()
        .map(|(prefix, shapes)| {
            let list = shapes.as_array().map_or(&[][..], Vec::as_slice);
            let list = list.iter().filter_map(Value::as_str).map(str::to_owned);
            (prefix.clone(), list.collect())
        })
        .collect()
}

/// Postings lists merged: every document of any, with its highest impact.
fn merge_postings(lists: Vec<Vec<(u32, u8)>>) -> Vec<(u32, u8)> {
    if lists.len() == 1 {
        return lists.into_iter().next().unwrap_or_default();
    }
    let mut best: BTreeMap<u32, u8> = BTreeMap::new();
    for (doc, q) in lists.into_iter().flatten() {
        let e = best.entry(doc).or_insert(q);
        *e = (*e).max(q);
    }
    best.into_iter().collect()
}

/// True unless `term` is only hiragana (and `ー`): kana bigrams are mostly
/// grammar (`って`, `ない`), kanji, katakana and words carry the content.
fn is_content_term(term: &str) -> bool {
    !term
        .chars()
        .all(|c| matches!(c, '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309F}' | '\u{30FC}'))
}

fn idf(docs: usize, df: usize) -> f64 {
    let (n, df) = (docs as f64, df as f64);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// Score rounded for comparisons, so that last-bit differences of `ln`
/// between Rust and JavaScript never change the order.
fn score_key(score: f64) -> i64 {
    (score * 1e6).round() as i64
}

impl<'a> IndexFiles<'a> {
    /// Reads the files returned by `build_index`.
    pub fn new(files: &'a [(String, Vec<u8>)]) -> Result<Self, String> {
        let files: BTreeMap<&str, &[u8]> = files
            .iter()
            .map(|(p, b)| (p.as_str(), b.as_slice()))
            .collect();
        let meta = payload(files.get("search/meta.js").ok_or("no search/meta.js")?)?;
        let docs = usize_field(&meta, "docs")?;
        let (weights, records) = kind_weights(&meta, docs)?.into_iter().unzip();
        Ok(IndexFiles {
            files,
            docs,
            term_shards: usize_field(&meta, "termShards")?.max(1),
            docs_per_shard: usize_field(&meta, "docsPerShard")?.max(1),
            doc_shard_digits: usize_field(&meta, "docShardDigits")?,
            weights,
            records,
            id_shapes: id_shapes(&meta),
        })
    }

    fn term_shard_path(&self, term: &str) -> String {
        let index = fnv1a(term) as usize & (self.term_shards - 1);
        format!("search/{}.js", term_shard_name(index, self.term_shards))
    }

    /// Path of the document shard holding `doc`.
    pub fn doc_shard_path(&self, doc: u32) -> String {
        let name = doc_shard_name_digits(doc as usize / self.docs_per_shard, self.doc_shard_digits);
        format!("search/{name}.js")
    }

    /// The postings of a term a query requires: its own and those of the
    /// ids it stands for when typed in another shape (`forms::id_candidates`).
    fn required_postings(&self, term: &str, read: &mut BTreeSet<String>) -> Vec<(u32, u8)> {
        let mut lists = vec![self.postings(term, read)];
        for id in id_candidates(term, &self.id_shapes) {
            lists.push(self.postings(&id, read));
        }
        merge_postings(lists)
    }

    fn postings(&self, term: &str, read: &mut BTreeSet<String>) -> Vec<(u32, u8)> {
        let path = self.term_shard_path(term);
        let shard = self.files.get(path.as_str()).and_then(|b| payload(b).ok());
        read.insert(path);
        shard
            .as_ref()
            .and_then(|s| s.get(term))
            .and_then(Value::as_str)
            .and_then(decode_postings)
            .unwrap_or_default()
    }

    /// Size in bytes of the file at `path` (0 when absent).
    pub fn file_size(&self, path: &str) -> usize {
        self.files.get(path).map_or(0, |b| b.len())
    }

    /// `(url, title, stored text)` of a document.
    pub fn doc(&self, doc: u32) -> Option<(String, String, String)> {
        let file = self.files.get(self.doc_shard_path(doc).as_str())?;
        let shard: Value = serde_json::from_slice(&super::doc_shard_json(file)?).ok()?;
        let first = shard.get("first")?.as_u64()?;
        let row = shard
            .get("docs")?
            .get(usize::try_from(u64::from(doc).checked_sub(first)?).ok()?)?;
        let field = |k: usize| row.get(k).and_then(Value::as_str).map(str::to_owned);
        let (title, text) = (field(1)?, field(2)?);
        // `[url, title, rest, 1]`: the text is the title, a space and rest.
        let text = if row.get(3).and_then(Value::as_u64) == Some(1) {
            format!("{title} {text}")
        } else {
            text
        };
        Some((field(0)?, title, text))
    }

    /// Ranks the pages for `query` (see the module comment).
    pub fn search(&self, query: &str) -> Outcome {
        let mut read = BTreeSet::from(["search/meta.js".to_owned()]);
        let mut required: Vec<Required> = Vec::new();
        let mut by_id = false;
        let mut add = |term: String, boost: f64, phrase: bool, list: Vec<(u32, u8)>| {
            if !required.iter().any(|r| r.term == term) {
                required.push(Required {
                    term,
                    boost,
                    phrase,
                    postings: list,
                });
            }
        };
        for group in plan_query(query) {
            match group {
                QueryGroup::Term(t) => {
                    let list = self.required_postings(&t, &mut read);
                    add(t, 1.0, false, list);
                }
                QueryGroup::Phrase(t) => {
                    let list = self.postings(&t, &mut read);
                    add(t, 1.0, true, list);
                }
                QueryGroup::Compound { whole, parts } => {
                    let list = self.required_postings(&whole, &mut read);
                    if !list.is_empty() {
                        by_id = true;
                        add(whole, ID_BOOST, false, list);
                        continue;
                    }
                    for p in parts {
                        let list = self.required_postings(&p, &mut read);
                        add(p, 1.0, false, list);
                    }
                }
            }
        }
        let title_hits: BTreeSet<u32> = match query_title_key(&normalize(query)) {
            Some(key) if !required.is_empty() => self
                .postings(&key, &mut read)
                .into_iter()
                .map(|(doc, _)| doc)
                .collect(),
            _ => BTreeSet::new(),
        };
        let mut outcome = self.rank(&required, &title_hits, by_id);
        outcome.files = read;
        outcome
    }

    fn rank(&self, required: &[Required], title_hits: &BTreeSet<u32>, by_id: bool) -> Outcome {
        // Per page: score, terms matched, content terms matched, phrases.
        let mut scores: BTreeMap<u32, (f64, usize, usize, usize)> = BTreeMap::new();
        // Required terms first: phrase terms only add to pages they found.
        let ordered = required.iter().filter(|r| !r.phrase);
        for r in ordered.chain(required.iter().filter(|r| r.phrase)) {
            let weight = idf(self.docs, r.postings.len()) * r.boost / f64::from(MAX_IMPACT);
            let content = usize::from(is_content_term(&r.term));
            for &(doc, q) in &r.postings {
                if r.phrase {
                    // Only for pages that some required term finds.
                    if let Some(entry) = scores.get_mut(&doc) {
                        entry.0 += weight * f64::from(q);
                        entry.3 += 1;
                    }
                    continue;
                }
                let entry = scores.entry(doc).or_default();
                entry.0 += weight * f64::from(q);
                entry.1 += 1;
                entry.2 += content;
            }
        }
        for (doc, entry) in scores.iter_mut() {
            entry.0 *= self.weights.get(*doc as usize).copied().unwrap_or(1.0);
        }
        let terms = || required.iter().filter(|r| !r.phrase);
        let all = terms().count();
        let content = terms().filter(|r| is_content_term(&r.term)).count();
        let hits_where = |keep: &dyn Fn(usize, usize) -> bool| -> Vec<(Hit, u8, usize)> {
            scores
                .iter()
                .filter(|(_, &(_, m, c, _))| keep(m, c))
                .map(|(&doc, &(score, matched, _, phrases))| {
                    let record = self.records.get(doc as usize).copied().unwrap_or(false);
                    let tier = tier(record, title_hits.contains(&doc), by_id);
                    let hit = Hit {
                        doc,
                        score,
                        matched,
                    };
                    (hit, tier, phrases)
                })
                .collect()
        };
        let mut hits = hits_where(&|m, _| m == all);
        let mut partial = false;
        if hits.is_empty() && all > 1 {
            // Half of the query's content terms (all terms when it has none):
            // common kana (`って`, `ない`) alone do not make a match.
            partial = true;
            hits = if content > 0 {
                hits_where(&|_, c| c >= content.div_ceil(2))
            } else {
                hits_where(&|m, _| m >= all.div_ceil(2))
            };
        }
        hits.sort_by(|(a, at, ap), (b, bt, bp)| {
            let key = |h: &Hit, tier: u8, phrases: usize| {
                (
                    std::cmp::Reverse(h.matched),
                    tier,
                    std::cmp::Reverse(phrases),
                    std::cmp::Reverse(score_key(h.score)),
                    h.doc,
                )
            };
            key(a, *at, *ap).cmp(&key(b, *bt, *bp))
        });
        let partial = partial && !hits.is_empty();
        Outcome {
            hits: hits.into_iter().map(|(h, _, _)| h).collect(),
            partial,
            files: BTreeSet::new(),
        }
    }

    /// Bytes a client reads for `query`: meta, term shards and the document
    /// shards of the first `shown` results.
    pub fn cost_of_query(&self, query: &str, shown: usize) -> (QueryCost, Outcome) {
        let outcome = self.search(query);
        let terms = outcome.files.iter().filter(|p| p.contains("/t-"));
        let docs: BTreeSet<String> = outcome
            .hits
            .iter()
            .take(shown)
            .map(|h| self.doc_shard_path(h.doc))
            .collect();
        let cost = QueryCost {
            meta: self.file_size("search/meta.js"),
            term_shards: terms.clone().map(|p| self.file_size(p)).sum(),
            term_files: terms.count(),
            doc_shards: docs.iter().map(|p| self.file_size(p)).sum(),
            doc_files: docs.len(),
        };
        (cost, outcome)
    }
}
