//! Each document's facet values (type, level, category, status, year), kept
//! small while the index is built and written into `meta.js` as positions in
//! the sorted lists of the values present.

use std::collections::{BTreeMap, HashMap};

use serde_json::{json, Value};

use super::Facets;

/// Strings seen so far, each once, by number.
#[derive(Default, Clone)]
struct Interner {
    names: Vec<String>,
    ids: HashMap<String, u32>,
}

impl Interner {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.to_owned());
        self.ids.insert(name.to_owned(), id);
        id
    }
}

/// One document's facets, strings interned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DocFacets {
    kind: u32,
    level: Option<i64>,
    category: Option<u32>,
    status: Option<u32>,
    year: Option<i32>,
}

/// The facets of every document, in document order.
#[derive(Default, Clone)]
pub(crate) struct FacetLog {
    kinds: Interner,
    categories: Interner,
    statuses: Interner,
    docs: Vec<DocFacets>,
}

/// Distinct facet values in sorted order, and each document's tuple of
/// value positions (`-1` for none), interned.
pub(crate) struct FacetTable {
    pub(crate) values: Value,
    pub(crate) tuples: Vec<[i64; 5]>,
    pub(crate) doc_tuples: Vec<usize>,
}

/// Sorted distinct values present, and the position of each interned id
/// (`-1` for ids no document uses any more).
fn positions_of(names: &[String], used: impl Iterator<Item = u32>) -> (Vec<String>, Vec<i64>) {
    let mut present = vec![false; names.len()];
    for id in used {
        present[id as usize] = true;
    }
    let mut sorted: Vec<(&str, usize)> = names
        .iter()
        .enumerate()
        .filter(|(id, _)| present[*id])
        .map(|(id, n)| (n.as_str(), id))
        .collect();
    sorted.sort();
    let mut position = vec![-1; names.len()];
    for (p, (_, id)) in sorted.iter().enumerate() {
        position[*id] = p as i64;
    }
    (
        sorted.into_iter().map(|(n, _)| n.to_owned()).collect(),
        position,
    )
}

fn sorted_distinct<T: Ord + Clone>(values: impl Iterator<Item = T>) -> Vec<T> {
    let mut v: Vec<T> = values.collect();
    v.sort();
    v.dedup();
    v
}

fn position<T: Ord>(sorted: &[T], value: Option<&T>) -> i64 {
    value
        .and_then(|v| sorted.binary_search(v).ok())
        .map_or(-1, |p| p as i64)
}

impl FacetLog {
    fn facets_of(&mut self, kind: &str, facets: &Facets) -> DocFacets {
        DocFacets {
            kind: self.kinds.id(kind),
            level: facets.level,
            category: facets.category.as_deref().map(|c| self.categories.id(c)),
            status: facets.status.as_deref().map(|s| self.statuses.id(s)),
            year: facets.year,
        }
    }

    /// Records the facets of the next document.
    pub(crate) fn push(&mut self, kind: &str, facets: &Facets) {
        let doc = self.facets_of(kind, facets);
        self.docs.push(doc);
    }

    /// Replaces the facets of document `doc`; whether they changed.
    pub(crate) fn set(&mut self, doc: usize, kind: &str, facets: &Facets) -> bool {
        let value = self.facets_of(kind, facets);
        std::mem::replace(&mut self.docs[doc], value) != value
    }

    pub(crate) fn len(&self) -> usize {
        self.docs.len()
    }

    /// The table `meta.js` holds.
    pub(crate) fn table(&self) -> FacetTable {
        let (kinds, kind_pos) = positions_of(&self.kinds.names, self.docs.iter().map(|d| d.kind));
        let (categories, cat_pos) = positions_of(
            &self.categories.names,
            self.docs.iter().filter_map(|d| d.category),
        );
        let (statuses, status_pos) = positions_of(
            &self.statuses.names,
            self.docs.iter().filter_map(|d| d.status),
        );
        let levels = sorted_distinct(self.docs.iter().filter_map(|d| d.level));
        let years = sorted_distinct(self.docs.iter().filter_map(|d| d.year));
        let mut interned: BTreeMap<[i64; 5], usize> = BTreeMap::new();
        let mut tuples = Vec::new();
        let doc_tuples = self
            .docs
            .iter()
            .map(|d| {
                let tuple = [
                    kind_pos[d.kind as usize],
                    position(&levels, d.level.as_ref()),
                    d.category.map_or(-1, |c| cat_pos[c as usize]),
                    d.status.map_or(-1, |s| status_pos[s as usize]),
                    position(&years, d.year.as_ref()),
                ];
                *interned.entry(tuple).or_insert_with(|| {
                    tuples.push(tuple);
                    tuples.len() - 1
                })
            })
            .collect();
        FacetTable {
            values: json!({
                "kind": kinds, "level": levels, "category": categories,
                "status": statuses, "year": years,
            }),
            tuples,
            doc_tuples,
        }
    }
}
