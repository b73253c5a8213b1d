//! Auditor evidence (issues 7 and 10): the manifest and `verify`, the CSV
//! and JSON exports, notification compliance, management review metrics,
//! the audit view `controls.html`, evidence copies and record history, and
//! what a staff build must not contain.
//!
//! Builds go through the library (`build::build`, or `render::render_site`
//! into memory for content `check` would refuse, such as a late report);
//! `verify` also through the binary, for its exit code and output.

mod common;

// The tests, by theme (each file under tests/evidence/).
#[path = "evidence/figures.rs"]
mod figures;
#[path = "evidence/manifest.rs"]
mod manifest;

use ismsbook::evidence::verify::{verify, Change};
use ismsbook::evidence::Provenance;
use ismsbook::present::{theme::Theme, RenderOptions};
use ismsbook::site::render_site;
use ismsbook::site::{build, BuildOptions};
use ismsbook::write::MemorySink;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

const TODAY: &str = "2026-11-22";

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A private copy of the example content (outside any git repository).
fn example_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&example(), &content);
    (dir, content)
}

fn build_into(content: &Path, out: &Path, audience: &str) {
    let opts = BuildOptions {
        content: content.to_path_buf(),
        out: out.to_path_buf(),
        theme: None,
        today: today(),
        audience: Some(audience.into()),
    };
    if let Err(e) = build(&opts) {
        panic!("build failed: {e}");
    }
}

/// Render `content` (loaded, not checked) into memory, as `build` would.
fn render_unchecked(content: &Path, audience: &str) -> BTreeMap<String, Vec<u8>> {
    let loaded = ismsbook::load::load(content).unwrap();
    let opts = RenderOptions {
        today: today(),
        audience: Some(audience.into()),
        provenance: Some(Arc::new(Provenance::collect(content))),
    };
    let sink = MemorySink::default();
    render_site(&loaded.content, &Theme::builtin(), &opts, &sink).unwrap();
    sink.into_files()
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .clone(),
    )
    .unwrap()
}

/// The part of `html` from the element with `id` to the next element of the
/// same kind of section (good enough for the flat pages tested here). The
/// record page writes plain attribute values without quotes.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .or_else(|| {
            let bare = format!(" id={id}");
            html.match_indices(&bare)
                .find(|(at, _)| matches!(html.as_bytes().get(at + bare.len()), Some(b' ' | b'>')))
                .map(|(at, _)| at + 1)
        })
        .unwrap_or_else(|| panic!("no #{id}"));
    let rest = &html[start..];
    let end = rest[1..]
        .find("<section")
        .map(|e| e + 1)
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The text of the first element with class `class` after `from`.
fn text_of_class<'a>(html: &'a str, class: &str) -> &'a str {
    let at = html
        .find(&format!("class=\"{class}\""))
        .unwrap_or_else(|| panic!("no .{class}"));
    let open = at + html[at..].find('>').unwrap() + 1;
    let close = open + html[open..].find('<').unwrap();
    html[open..close].trim()
}

/// The figure `key` of the control `control` on controls.html: its value.
fn figure(controls_html: &str, control: &str, key: &str) -> String {
    let sec = section(controls_html, &format!("control-{control}"));
    let at = sec
        .find(&format!("data-figure=\"{key}\""))
        .unwrap_or_else(|| panic!("no figure {key} in {control}"));
    text_of_class(&sec[at..], "figure-value").to_string()
}

fn verify_bin(dir: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ismsbook"))
        .arg("verify")
        .arg(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}
