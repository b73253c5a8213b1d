//! The YAML fast path (`src/yaml/fast.rs`) against yaml-rust2: on the example
//! content, on generated records and on random mutations of them, the fast
//! path either declines or builds exactly the tree yaml-rust2 builds, values
//! and positions alike. A difference would change what `check` reports.
//!
//! `ISMSBOOK_YAML_MUTATIONS=200000 cargo test --release --test yaml_fastpath`
//! runs a longer search than the default (which stays within a few seconds in
//! a debug build).

#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;

use ismsbook::yaml::{parse_fast, parse_general};
use rayon::prelude::*;
use std::path::Path;

const RECORDS: usize = 300;
const DEFAULT_MUTATIONS: usize = 2_000;

/// Every YAML file under `dir`, as (path, text), in a defined order.
fn yaml_files(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            matches!(
                e.path().extension().and_then(|x| x.to_str()),
                Some("yaml" | "yml")
            )
        })
        .map(|e| {
            let text = std::fs::read_to_string(e.path()).expect("readable UTF-8");
            (e.path().display().to_string(), text)
        })
        .collect();
    out.sort();
    out
}

/// `None` when the parsers agree (or the fast path declines); otherwise what differs.
fn disagreement(text: &str) -> Option<String> {
    let fast = parse_fast(text)?;
    match parse_general(text) {
        Ok(general) if general == fast => None,
        other => Some(format!(
            "fast path:\n{fast:#?}\nyaml-rust2:\n{other:#?}\ntext:\n{text}"
        )),
    }
}

/// A small deterministic PRNG (xorshift64*), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Characters that change the meaning of YAML when they appear or vanish.
const INSERTS: &[&str] = &[
    ":", "-", "#", "'", "\"", "\t", " ", "  ", "\n", "|", ">", "[", "]", ",", "{", "&a ", "*a",
    "!", "\\", "- ", ": ", "\r", "?", "%", "@", "...", "---", "|-", "~", "\u{3000}", "\\u00",
];

/// `text` with one to three random edits: a character deleted, duplicated,
/// or one of [`INSERTS`] inserted. Half of the edits land in the first
/// columns of a line, where the structure is.
fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut s = text.to_string();
    for _ in 0..1 + rng.below(3) {
        let at = if rng.below(2) == 0 {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(s.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            starts[rng.below(starts.len())] + rng.below(12)
        } else {
            rng.below(s.len() + 1)
        };
        let mut at = at.min(s.len());
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        let char_len = s[at..].chars().next().map_or(0, char::len_utf8);
        match rng.below(4) {
            0 => {
                s.replace_range(at..at + char_len, "");
            }
            1 => {
                let c = s[at..at + char_len].to_string();
                s.insert_str(at, &c);
            }
            _ => s.insert_str(at, INSERTS[rng.below(INSERTS.len())]),
        }
    }
    s
}

fn generated_corpus(dir: &Path) -> Vec<(String, String)> {
    let mut opts = gen_corpus::Options::new(RECORDS, dir);
    opts.seed = 7;
    gen_corpus::generate(&opts).expect("corpus generated");
    yaml_files(&dir.join("incidents"))
}

#[test]
fn fast_path_agrees_with_yaml_rust2() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("tempdir");
    let records = generated_corpus(tmp.path());
    assert_eq!(records.len(), RECORDS);
    let mut files = yaml_files(&root.join("content"));
    files.extend(yaml_files(&root.join("themes")));
    let examples = files.len();
    files.extend(records);

    // Unchanged files: the fast path takes every record (that is where the
    // time goes) and agrees wherever it answers.
    for (path, text) in &files {
        if let Some(diff) = disagreement(text) {
            panic!("{path}: {diff}");
        }
    }
    for (path, text) in files.iter().filter(|(p, _)| p.contains("/incidents/")) {
        assert!(parse_fast(text).is_some(), "the fast path declined {path}");
    }
    assert!(examples > 20, "the example content was found");

    let mutations = std::env::var("ISMSBOOK_YAML_MUTATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_MUTATIONS);
    let failures: Vec<String> = (0..mutations)
        .into_par_iter()
        .filter_map(|i| {
            let mut rng =
                Rng(0x9e37_79b9_7f4a_7c15 ^ (i as u64 + 1).wrapping_mul(0x1000_0000_01b3));
            let (path, text) = &files[rng.below(files.len())];
            let mutated = mutate(text, &mut rng);
            disagreement(&mutated).map(|d| format!("mutation {i} of {path}:\n{d}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {mutations} mutations differ; the first:\n{}",
        failures.len(),
        failures[0]
    );
}

#[test]
fn fast_path_declines_what_it_does_not_know() {
    // Each of these is read by yaml-rust2 (or rejected by it with a
    // diagnostic); the fast path must leave them alone.
    for text in [
        "a: >\n  folded\n",
        "a: |+\n  kept\n\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: {b: 1}\n",
        "a: [b,\n  c]\n",
        "a: b\n  c\n",
        "a: 'b\n  c'\n",
        "a: b # comment\n",
        "a:\nb: 1\n",
        "? a\n: b\n",
        "\"a\": 1\n",
        "a: 1\n---\nb: 2\n",
        "a:\tb\n",
        "a: b\r\n",
        "- a\n- b\n",
        "a: [1, 2\nb: 3\n",
        "a: \"\\q\"\n",
    ] {
        assert!(parse_fast(text).is_none(), "fast path took {text:?}");
    }
}

#[test]
fn every_record_takes_the_fast_path_with_its_positions() {
    let text = "id: INC-2026-001\ntitle: \"件名\"\nlevel: 1\ntags: [a, 情報 漏えい]\nsummary: |\n  一行目\n\n  三行目\ntimeline:\n  - at: 2026-01-01T09:00:00+09:00\n    action: 発見\nactions:\n- action: 対策\n  owner: it_admin\n";
    let node = parse_fast(text).expect("taken");
    assert_eq!(Ok(&node), parse_general(text).as_ref());
    let summary = node.get("summary").expect("summary");
    assert_eq!(summary.as_str(), Some("一行目\n\n三行目\n"));
    // A `|` block is placed at its first line of text, as yaml-rust2 does.
    assert_eq!((summary.pos.line, summary.pos.col), (6, 3));
    let tags = node.get("tags").and_then(|t| t.as_seq()).expect("tags");
    assert_eq!((tags[1].pos.line, tags[1].pos.col), (4, 11));
}
