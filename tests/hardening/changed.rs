//! A record or page changed between the check and the render (E016).

use super::*;

// ---------------------------------------------------------------------------
// A record changed between the check and the render
// ---------------------------------------------------------------------------

const CHANGED: &str = "incidents/2026/INC-2026-003.yaml";

/// Build `f`'s content into `public/` for `audience` through the library,
/// writing `edit` over `CHANGED` when the render starts (after every
/// record was read and checked, before any is read again): deterministic,
/// no timing. Returns the build's diagnostics (it must fail), having
/// checked that the previous site and the content are as they were but
/// for the edit.
fn build_edited_between_passes(f: &Fixture, audience: Option<&str>, edit: &str) -> Vec<String> {
    build_with_file_edited_between_passes(f, audience, CHANGED, edit)
}

/// [`build_edited_between_passes`] writing `edit` over the content file
/// `file`.
fn build_with_file_edited_between_passes(
    f: &Fixture,
    audience: Option<&str>,
    file: &str,
    edit: &str,
) -> Vec<String> {
    use ismsbook::site::build::{build, build_with_progress, BuildError, BuildOptions, Phase};
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let opts = BuildOptions {
        content: f.root(),
        out: f.workdir().join("public"),
        theme: None,
        today,
        audience: audience.map(str::to_string),
    };
    build(&opts).expect("the example builds");
    let path = f.path(file);
    let mut before = Snapshot::of(f.workdir());
    let edited = std::sync::atomic::AtomicBool::new(false);
    let result = build_with_progress(&opts, &|phase| {
        if phase == Phase::Render && !edited.swap(true, std::sync::atomic::Ordering::SeqCst) {
            std::fs::write(&path, edit).unwrap();
        }
    });
    assert!(edited.into_inner(), "the render started");
    let Err(BuildError::Diagnostics(d)) = result else {
        panic!(
            "the build for {audience:?} went on: {:?}",
            result.map(|r| (r.pages, r.records))
        );
    };
    // Nothing written: the site and the content as they were, but the edit.
    let mut after = Snapshot::of(f.workdir());
    let edited_file = |p: &PathBuf| p.ends_with(file);
    before.0.retain(|p, _| !edited_file(p));
    after.0.retain(|p, _| !edited_file(p));
    before.assert_same(&after);
    d.iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {}:{}", d.code, d.file, d.pos.line))
        .collect()
}

#[test]
fn a_record_changed_between_the_passes_but_still_valid_stops_the_build_with_e016() {
    // The streamed build (the default audience) and the one from the whole
    // model (the case book).
    for audience in [None, Some("training")] {
        let f = Fixture::example();
        // Still valid, and no rule would object; but no rule has seen it.
        let text = f.read(CHANGED);
        let edit = text.replacen("title: ", "title: 書き換えた件名 ", 1);
        assert_ne!(edit, text);
        let errors = build_edited_between_passes(&f, audience, &edit);
        assert_eq!(errors, [format!("E016 {CHANGED}:1")], "{audience:?}");
    }
}

#[test]
fn a_document_changed_between_the_passes_stops_the_case_book_with_e016() {
    // The case book reads the whole content again; the policy, the
    // contacts, the site settings, the handbook pages, the templates and
    // the drills it renders must be those checked.
    for file in [
        "policy.yaml",
        "contacts.yaml",
        "site.yaml",
        "handbook/start.md",
        "templates/first-report.md",
        "drills/2026/DRL-2026-01.yaml",
    ] {
        let f = Fixture::example();
        let edit = format!("{}\n# saved again\n", f.read(file));
        let errors = build_with_file_edited_between_passes(&f, Some("training"), file, &edit);
        assert_eq!(errors, [format!("E016 {file}:1")], "{file}");
    }
}

/// The manifest hashes the content files after the pages were rendered;
/// one saved again in between would be listed with the hash of a text no
/// page shows. The streamed build renders the handbook pages, templates and
/// drills from the check's reading: one saved again while the site is
/// rendered stops the build (E016) instead.
#[test]
fn a_page_changed_while_the_site_is_rendered_is_not_listed_with_its_new_hash() {
    for file in [
        "handbook/start.md",
        "templates/first-report.md",
        "drills/2026/DRL-2026-01.yaml",
        "policy.yaml",
    ] {
        let f = Fixture::example();
        let edit = format!("{}\n# saved again\n", f.read(file));
        let errors = build_with_file_edited_between_passes(&f, None, file, &edit);
        assert_eq!(errors, [format!("E016 {file}:1")], "{file}");
    }
}

#[test]
fn a_record_that_no_longer_parses_in_the_second_pass_is_reported_where_it_breaks() {
    for audience in [None, Some("training")] {
        let f = Fixture::example();
        let text = f.read(CHANGED);
        let line = text.lines().position(|l| l.starts_with("title:")).unwrap() + 1;
        let edit = text.replacen("title: ", "title: [unclosed ", 1);
        let errors = build_edited_between_passes(&f, audience, &edit);
        // Where the YAML reader stops: the line of the bracket or the next.
        assert!(
            [line, line + 1]
                .iter()
                .any(|l| errors.contains(&format!("E004 {CHANGED}:{l}"))),
            "{audience:?}: {errors:?}"
        );
        assert!(errors.contains(&format!("E016 {CHANGED}:1")), "{errors:?}");
    }
}
