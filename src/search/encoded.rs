//! The term shards a [`super::KeptIndex`] wrote last, kept encoded term by
//! term: each term's part of its shard's JSON (`"term":"postings"`, its
//! postings with their impacts), in term order per shard. After an edit
//! only the terms whose postings or impacts changed are encoded again
//! (the kept index knows them: `touched`), in place among their shard's
//! sorted parts, the shards in parallel; a shard's file is then its parts
//! joined, the same bytes as [`super::postings::term_file`] gives.

use rayon::prelude::*;

use super::encode::fnv1a;
use super::postings::{encoded_postings, Terms};
use super::shard::{script, term_shard_name};

/// One term's part of its shard: the term and its JSON
/// (`"term":"postings"`).
struct Part {
    term: Box<str>,
    json: Vec<u8>,
}

impl Part {
    fn new(term: &str, terms: &Terms, lens: &[(u32, u32)], avgs: (f64, f64)) -> Option<Part> {
        let raw = terms.get(term)?;
        let postings = encoded_postings(&raw, lens, avgs);
        let mut json = Vec::with_capacity(term.len() + postings.len() + 8);
        // A term is a plain string; writing it to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut json, term);
        json.extend_from_slice(b":\"");
        json.extend_from_slice(&postings);
        json.push(b'"');
        Some(Part {
            term: term.into(),
            json,
        })
    }
}

/// Every term shard's parts, in term order (see the module comment).
#[derive(Default)]
pub(crate) struct EncodedShards {
    shards: Vec<Vec<Part>>,
}

impl EncodedShards {
    /// Every term of `terms` encoded, in `shards` shards.
    pub(crate) fn all(
        terms: &Terms,
        shards: usize,
        lens: &[(u32, u32)],
        avgs: (f64, f64),
    ) -> EncodedShards {
        let shards = terms
            .by_shard(shards)
            .into_par_iter()
            .map(|members| {
                members
                    .into_iter()
                    .filter_map(|(term, _)| Part::new(term, terms, lens, avgs))
                    .collect()
            })
            .collect();
        EncodedShards { shards }
    }

    /// Number of shards.
    pub(crate) fn len(&self) -> usize {
        self.shards.len()
    }

    /// Encodes again the terms `touched` (those now without postings
    /// leave their shard, new ones take their place in its order); returns
    /// the shards they are in, ascending.
    pub(crate) fn update<'t>(
        &mut self,
        touched: impl Iterator<Item = &'t str>,
        terms: &Terms,
        lens: &[(u32, u32)],
        avgs: (f64, f64),
    ) -> Vec<usize> {
        let count = self.shards.len();
        if count == 0 {
            return Vec::new();
        }
        let mut per_shard: Vec<Vec<&str>> = vec![Vec::new(); count];
        for term in touched {
            per_shard[fnv1a(term) as usize % count].push(term);
        }
        self.shards
            .par_iter_mut()
            .zip(per_shard.par_iter_mut())
            .enumerate()
            .filter(|(_, (_, touched))| !touched.is_empty())
            .map(|(k, (parts, touched))| {
                touched.sort_unstable();
                touched.dedup();
                for &term in touched.iter() {
                    let at = parts.binary_search_by(|p| (*p.term).cmp(term));
                    match (at, Part::new(term, terms, lens, avgs)) {
                        (Ok(i), Some(part)) => parts[i] = part,
                        (Ok(i), None) => {
                            parts.remove(i);
                        }
                        (Err(i), Some(part)) => parts.insert(i, part),
                        (Err(_), None) => {}
                    }
                }
                k
            })
            .collect()
    }

    /// The file of shard `k`: its parts joined.
    pub(crate) fn file(&self, k: usize) -> (String, Vec<u8>) {
        let parts = &self.shards[k];
        let mut json =
            Vec::with_capacity(parts.iter().map(|p| p.json.len() + 1).sum::<usize>() + 2);
        json.push(b'{');
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                json.push(b',');
            }
            json.extend_from_slice(&part.json);
        }
        json.push(b'}');
        let name = term_shard_name(k, self.shards.len());
        let bytes = script(&name, &json);
        (format!("search/{name}.js"), bytes)
    }

    /// The files of shards `which`, in parallel, in that order.
    pub(crate) fn files(&self, which: &[usize]) -> Vec<(String, Vec<u8>)> {
        which.par_iter().map(|&k| self.file(k)).collect()
    }
}
