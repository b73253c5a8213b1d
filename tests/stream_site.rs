//! `ismsbook build` streams the register (`site::stream`: records read a
//! chunk at a time, each page written and the record reduced to a summary
//! as it is read); `serve` renders from the whole model it keeps
//! (`site::build_keeping`). Both must give the same site, byte for byte:
//! the example content for every audience, and a generated register with
//! restricted records shown as stubs and omitted, hidden fields, masked
//! terms and more records than one chunk holds.

#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;

mod common;

use ismsbook::site::{build, build_keeping, BuildOptions};
use std::path::{Path, PathBuf};

fn options(content: &Path, out: PathBuf, audience: Option<&str>) -> BuildOptions {
    BuildOptions {
        content: content.to_path_buf(),
        out,
        theme: None,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date"),
        audience: audience.map(str::to_string),
    }
}

/// Build `content` for `audience` both ways and compare every file.
fn assert_same_both_ways(content: &Path, audience: Option<&str>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (streamed, whole) = (dir.path().join("streamed"), dir.path().join("whole"));
    let report = build(&options(content, streamed.clone(), audience)).expect("streamed build");
    build_keeping(&options(content, whole.clone(), audience), &|_| {}).expect("whole build");
    let (a, b) = (common::read_tree(&streamed), common::read_tree(&whole));
    assert!(report.records > 0, "no record published");
    let mut differ: Vec<String> = a
        .iter()
        .filter(|(p, bytes)| b.get(*p) != Some(*bytes))
        .map(|(p, _)| format!("differs or only streamed: {p}"))
        .collect();
    differ.extend(
        b.keys()
            .filter(|p| !a.contains_key(*p))
            .map(|p| format!("only whole: {p}")),
    );
    assert!(
        differ.is_empty(),
        "{:?}: {} file(s) differ:\n  {}",
        audience,
        differ.len(),
        differ
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}

fn example_copy(dir: &Path) -> PathBuf {
    let content = dir.join("content");
    common::copy_tree(&common::example_dir(), &content);
    content
}

#[test]
fn the_example_streams_to_the_whole_model_site_for_every_audience() {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = example_copy(dir.path());
    for audience in [None, Some("auditor"), Some("training")] {
        assert_same_both_ways(&content, audience);
    }
}

#[test]
fn a_generated_register_with_stubs_omissions_and_masks_streams_the_same() {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = dir.path().join("content");
    // More records than a chunk of the stream holds (512), so chunks meet.
    let mut opts = gen_corpus::Options::new(1200, &content);
    opts.seed = 3;
    gen_corpus::generate(&opts).expect("corpus generated");
    // Masked terms the records use.
    let site = content.join("site.yaml");
    let mut text = std::fs::read_to_string(&site).expect("site");
    assert!(!text.contains("\nmask:"), "the example has no masks yet");
    text.push_str("mask:\n  本社: 拠点\n  物流部: 某部署\n");
    std::fs::write(&site, text).expect("write site");
    // Restricted records as stubs (staff) and in full (auditor).
    for audience in [None, Some("auditor")] {
        assert_same_both_ways(&content, audience);
    }
    // Restricted records omitted, and a text field hidden.
    let policy = content.join("policy.yaml");
    let text = std::fs::read_to_string(&policy).expect("policy");
    let from = "  staff:\n    restricted: stub\n    hide: [";
    assert!(
        text.contains(from),
        "the staff audience of the example policy"
    );
    let text = text.replacen(
        from,
        "  staff:\n    restricted: omit\n    hide: [cause, ",
        1,
    );
    std::fs::write(&policy, text).expect("write policy");
    assert_same_both_ways(&content, Some("staff"));
}
