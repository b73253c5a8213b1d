//! Writing the index as JavaScript files that register themselves with the
//! client, so that it loads them with `<script>` tags (works from `file://`,
//! where `fetch` does not).
//!
//! Every file is `PRELUDE "name", JSON);` — the prelude creates the global
//! queue `self.ISMS_SEARCH` if `search.js` has not done so yet. Files start
//! with a UTF-8 byte order mark so browsers decode them as UTF-8 whatever
//! the server or the file system says.

use serde_json::{json, Value};

use super::encode::{fixed_width, push_fixed};
use super::facets::{FacetLog, FacetTable};
use super::forms::IdShapes;
use super::phrase::RECORD_KINDS;
use super::postings::TermShard;

/// Start of `meta.js`, up to the arguments of `add`: the page loads it
/// with a `<script>` tag, maybe before `search.js`, so it creates the queue
/// `self.ISMS_SEARCH` when `search.js` has not done so yet.
pub(crate) const PRELUDE: &str =
    "\u{FEFF}(self.ISMS_SEARCH=self.ISMS_SEARCH||{q:[],add:function(n,d){this.q.push([n,d])}}).add(";
/// Start of every shard: only `search.js` loads shards, once it has set up
/// `self.ISMS_SEARCH`.
pub(crate) const SHARD_PRELUDE: &str = "\u{FEFF}self.ISMS_SEARCH.add(";
/// Format of the files, checked by the client.
pub(crate) const FORMAT_VERSION: u32 = 3;
/// Characters of a page's text kept for snippets: generous for a handbook
/// sized site, shorter for a large register so that the document shards of
/// ten results stay small. A match beyond the kept text gets a snippet from
/// the start of the page.
pub(crate) fn stored_chars(doc_count: usize) -> usize {
    if doc_count <= SMALL_SITE {
        4000
    } else {
        1200
    }
}
/// Pages up to which the index is a small site's: longer stored texts, and
/// document shards sized from every page.
pub(crate) const SMALL_SITE: usize = 2000;

/// Ranking weight of a page type relative to the others (1.0 when absent):
/// at equal relevance, a drill (a rehearsal) comes after the real incidents
/// and the handbook pages about the same thing.
pub(crate) const KIND_WEIGHTS: &[(&str, f64)] = &[("drill", 0.9)];

/// Wraps a JSON payload into a self-registering script.
pub(crate) fn script(name: &str, json: &[u8]) -> Vec<u8> {
    let prelude = if name == "meta" {
        PRELUDE
    } else {
        SHARD_PRELUDE
    };
    let mut out = Vec::with_capacity(prelude.len() + name.len() + json.len() + 8);
    out.extend_from_slice(prelude.as_bytes());
    out.push(b'"');
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\",");
    out.extend_from_slice(json);
    out.extend_from_slice(b");\n");
    out
}

/// Name of term shard `index` among `count` (hex, fixed width).
pub(crate) fn term_shard_name(index: usize, count: usize) -> String {
    let digits = hex_digits(count);
    format!("t-{index:0digits$x}")
}

fn hex_digits(count: usize) -> usize {
    format!("{:x}", count.saturating_sub(1)).len()
}

/// Name of document shard `index` among `count` (decimal, fixed width).
#[cfg(test)]
pub(crate) fn doc_shard_name(index: usize, count: usize) -> String {
    doc_shard_name_digits(index, doc_shard_digits(count))
}

/// Digits of the names of `count` document shards.
pub(crate) fn doc_shard_digits(count: usize) -> usize {
    count.saturating_sub(1).to_string().len()
}

/// Name of document shard `index`, zero-padded to at least `digits`.
pub(crate) fn doc_shard_name_digits(index: usize, digits: usize) -> String {
    format!("d-{index:0digits$}")
}

/// One term shard as a script: `{"term":"postings",...}` in term order.
pub(crate) fn term_shard_file(name: &str, terms: &TermShard<'_>) -> Vec<u8> {
    let mut json = Vec::with_capacity(terms.iter().map(|(t, p)| t.len() + p.len() + 8).sum());
    json.push(b'{');
    for (k, (term, postings)) in terms.iter().enumerate() {
        if k > 0 {
            json.push(b',');
        }
        // A term is a plain string; writing it to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut json, term);
        json.push(b':');
        json.push(b'"');
        json.extend_from_slice(postings);
        json.push(b'"');
    }
    json.push(b'}');
    script(name, &json)
}

/// The stored snippet text of a page: its body, cut at a character boundary.
pub(crate) fn stored_body(body: &str, doc_count: usize) -> &str {
    let keep = stored_chars(doc_count);
    // At most `keep` characters take at most 4 bytes each.
    if body.len() <= keep {
        return body;
    }
    // Byte index of character number `keep`: count the bytes that start a
    // character (not UTF-8 continuation bytes).
    let mut seen = 0;
    for (i, b) in body.bytes().enumerate() {
        if (b as i8) >= -0x40 {
            if seen == keep {
                return &body[..i];
            }
            seen += 1;
        }
    }
    body
}

/// The distinct facet tuples as one string: per tuple, each facet's value
/// position plus one (0 = none) in that facet's fixed number of digits.
fn encode_tuples(table: &FacetTable) -> (Vec<usize>, String) {
    let widths: Vec<usize> = ["kind", "level", "category", "status", "year"]
        .iter()
        .map(|k| fixed_width(table.values[*k].as_array().map_or(0, Vec::len) + 1))
        .collect();
    let mut out = String::new();
    for tuple in &table.tuples {
        for (v, &w) in tuple.iter().zip(&widths) {
            push_fixed(&mut out, (v + 1) as u32, w);
        }
    }
    (widths, out)
}

/// How the document shards are laid out, for `meta.js`.
pub(crate) struct DocLayout {
    pub(crate) per_shard: usize,
    pub(crate) digits: usize,
}

/// `meta.js`: shard layout, facet values of every document and the shapes
/// of the ids the index holds.
pub(crate) fn meta_file(
    facets: &FacetLog,
    term_shards: usize,
    docs: &DocLayout,
    shapes: &IdShapes,
) -> Vec<u8> {
    let table = facets.table();
    let width = fixed_width(table.tuples.len());
    let mut doc_tuples = String::with_capacity(facets.len() * width);
    for &t in &table.doc_tuples {
        push_fixed(&mut doc_tuples, t as u32, width);
    }
    let (tuple_widths, tuples) = encode_tuples(&table);
    let meta = json!({
        "version": FORMAT_VERSION,
        "docs": facets.len(),
        "termShards": term_shards,
        "termShardDigits": hex_digits(term_shards),
        "docsPerShard": docs.per_shard,
        "docShardDigits": docs.digits,
        "facets": table.values,
        "tupleWidths": tuple_widths,
        "tuples": tuples,
        "tupleDigits": width,
        "docTuples": doc_tuples,
        "kindWeights": KIND_WEIGHTS
            .iter()
            .map(|&(k, w)| (k.to_owned(), json!(w)))
            .collect::<serde_json::Map<String, Value>>(),
        "recordKinds": RECORD_KINDS,
        "idShapes": shapes.to_json(),
    });
    script("meta", meta.to_string().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_names_have_fixed_width() {
        assert_eq!(term_shard_name(3, 256), "t-03");
        assert_eq!(term_shard_name(0, 1), "t-0");
        assert_eq!(term_shard_name(4095, 4096), "t-fff");
        assert_eq!(doc_shard_name(7, 1200), "d-0007");
        assert_eq!(doc_shard_name(0, 1), "d-0");
    }

    #[test]
    fn stored_body_is_cut_on_a_character_boundary() {
        let long = "情".repeat(5000);
        assert_eq!(stored_body(&long, 10).chars().count(), 4000);
        assert_eq!(stored_body(&long, 10_000).chars().count(), 1200);
        assert_eq!(stored_body("短い", 10), "短い");
        let mixed = "aé情𠮷".repeat(1500);
        for n in [10, 10_000] {
            let expected = match mixed.char_indices().nth(stored_chars(n)) {
                Some((i, _)) => &mixed[..i],
                None => &mixed[..],
            };
            assert_eq!(stored_body(&mixed, n), expected);
        }
        assert_eq!(stored_body(&"a".repeat(1200), 10_000).len(), 1200);
        assert_eq!(stored_body(&"a".repeat(1201), 10_000).len(), 1200);
    }

    #[test]
    fn scripts_register_themselves() {
        let s = String::from_utf8(script("meta", b"{}")).unwrap();
        assert!(s.starts_with('\u{FEFF}'));
        assert!(s.ends_with(".add(\"meta\",{});\n"));
    }
}
