//! `ismsbook import`: the registers of tests/fixtures/import (made by
//! openpyxl and odfpy, see make.py there) and ismsbook's own register.csv,
//! imported with the real binary into copies of the example content. The
//! error classes, each at its cell, are in tests/check_rules.rs (E13x).

mod common;

// The tests, by theme (each file under tests/import/).
#[path = "import/formats.rs"]
mod formats;
#[path = "import/mapping.rs"]
mod mapping;
#[path = "import/rules.rs"]
mod rules;

use common::*;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

fn example_mapping(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples/import")
        .join(name)
}

fn import(f: &Fixture, file: &Path, map: &Path, extra: &[&str]) -> Run {
    f.import(file, map, extra)
}

/// The record files under content/incidents whose name starts with `prefix`.
fn records(f: &Fixture, prefix: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = read_tree(&f.root().join("incidents"))
        .into_iter()
        .filter(|(rel, _)| {
            Path::new(rel)
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .map(|(rel, bytes)| (rel, String::from_utf8(bytes).unwrap()))
        .collect();
    out.sort();
    out
}

/// The mapping of date-only.csv without its `date_only: true`, written
/// into the fixture's work directory.
fn without_date_only(f: &Fixture) -> PathBuf {
    let map = f.workdir().join("no-date-only.yaml");
    std::fs::write(
        &map,
        std::fs::read_to_string(fixture("date-only.yaml"))
            .unwrap()
            .replace(", date_only: true", ""),
    )
    .unwrap();
    map
}

fn yaml(text: &str) -> serde_yaml::Value {
    serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}
