//! `serve`'s incremental rebuilds: after records change, the served
//! directory holds exactly what a whole build of the new content writes —
//! byte for byte, manifest included — and a change that is not a record's
//! falls back to a whole build.

mod common;

#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;

use chrono::NaiveDate;
use common::{read_tree as files, Fixture};
use ismsbook::serve::incremental::{Rebuilt, Session};
use ismsbook::site::{build, BuildError, BuildOptions};
use std::path::{Path, PathBuf};

fn options(f: &Fixture, out: &str, audience: Option<&str>) -> BuildOptions {
    BuildOptions {
        content: f.root(),
        out: f.workdir().join(out),
        theme: None,
        today: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        audience: audience.map(str::to_string),
    }
}

/// The served directory equals a whole build of the same content, once
/// the session has made what its last rebuild deferred.
fn assert_same_as_whole_build(f: &Fixture, served: &BuildOptions, session: &mut Session) {
    assert_same_as_whole_build_in(&f.workdir().join("whole"), served, session)
}

/// [`assert_same_as_whole_build`], the whole build made in `out`.
fn assert_same_as_whole_build_in(out: &Path, served: &BuildOptions, session: &mut Session) {
    session.settle().expect("deferred files made");
    assert!(session.pending().is_empty());
    let mut whole = served.clone();
    whole.out = out.to_path_buf();
    build(&whole).expect("whole build");
    let (a, b) = (files(&served.out), files(&whole.out));
    let differ: Vec<&String> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .collect();
    assert!(
        differ.is_empty(),
        "incremental and whole builds differ in {} files: {:?}",
        differ.len(),
        differ.iter().take(10).collect::<Vec<_>>()
    );
}

fn changed(rebuilt: &Rebuilt) -> &[String] {
    match rebuilt {
        Rebuilt::Incremental { changed, .. } => changed,
        other => panic!("expected an incremental rebuild, got {other:?}"),
    }
}

fn noop(_: &[String]) {}

const RECORD: &str = "incidents/2026/INC-2026-003.yaml";
const TITLE: &str = "title: 問い合わせフォームへの海外からの攻撃的なアクセスを検知した";

#[test]
fn a_changed_record_rebuilds_its_pages_and_the_register_and_matches_a_whole_build() {
    let f = Fixture::example();
    let opts = options(&f, "site", None);
    let mut session = Session::new(opts.clone());
    assert!(matches!(session.build_whole(), Ok(Rebuilt::Whole(_))));

    f.replace(RECORD, TITLE, &format!("{TITLE}（第二報）"));
    let shown = std::sync::Mutex::new(Vec::new());
    let rebuilt = session
        .rebuild(&[f.path(RECORD)], &|p| {
            shown.lock().unwrap().extend(p.iter().cloned())
        })
        .expect("rebuild");
    let changed = changed(&rebuilt);
    // The record's page is written first and announced before the rest.
    let shown = shown.into_inner().unwrap();
    assert!(
        shown.contains(&"incidents/INC-2026-003.html".to_string()),
        "{shown:?}"
    );
    assert!(!shown.contains(&"register.html".to_string()), "{shown:?}");
    for page in [
        "incidents/INC-2026-003.html",
        "register.html",
        "register.csv",
    ] {
        assert!(
            changed.iter().any(|c| c == page),
            "{page} not in {changed:?}"
        );
    }
    // The workbook, the manifest and the evidence index are left as they
    // were until the session is settled, and said to be pending.
    let deferred = match &rebuilt {
        Rebuilt::Incremental { deferred, .. } => deferred.clone(),
        _ => unreachable!(),
    };
    assert_eq!(deferred, session.pending());
    for path in [
        "register.xlsx",
        "evidence/manifest.json",
        "evidence/SHA256SUMS",
        "evidence/index.html",
    ] {
        assert!(
            deferred.iter().any(|d| d == path),
            "{path} not in {deferred:?}"
        );
        assert!(!changed.iter().any(|c| c == path), "{path} in {changed:?}");
    }
    let old_xlsx = std::fs::read(opts.out.join("register.xlsx")).unwrap();
    let settled = session.settle().expect("settled");
    assert!(session.pending().is_empty());
    for path in [
        "register.xlsx",
        "evidence/manifest.json",
        "evidence/index.html",
    ] {
        assert!(
            settled.iter().any(|c| c == path),
            "{path} not in {settled:?}"
        );
    }
    assert_ne!(
        old_xlsx,
        std::fs::read(opts.out.join("register.xlsx")).unwrap()
    );
    // Nothing is left to make a second time.
    assert!(session.settle().expect("settled again").is_empty());
    // Pages of records far from it are untouched.
    assert!(
        !changed.iter().any(|c| c == "incidents/INC-2025-001.html"),
        "{changed:?}"
    );
    let page = std::fs::read_to_string(opts.out.join("incidents/INC-2026-003.html")).unwrap();
    assert!(page.contains("（第二報）"));
    assert_same_as_whole_build(&f, &opts, &mut session);
}

#[test]
fn added_and_removed_records_and_a_fixed_error_match_a_whole_build() {
    let f = Fixture::example();
    let opts = options(&f, "site", Some("auditor"));
    let mut session = Session::new(opts.clone());
    session.build_whole().expect("first build");

    // A new record, as `ismsbook new incident` would add one.
    let new = "incidents/2026/INC-2026-099.yaml";
    let text = f
        .read(RECORD)
        .replace("id: INC-2026-003", "id: INC-2026-099")
        .replace(TITLE, "title: 追加した記録");
    f.write(new, &text);
    let rebuilt = session.rebuild(&[f.path(new)], &noop).expect("add");
    assert!(changed(&rebuilt).contains(&"incidents/INC-2026-099.html".to_string()));
    assert_same_as_whole_build(&f, &opts, &mut session);

    // An error: the site stays as it was and the diagnostics are returned.
    f.replace(new, "level: 1", "level: 9");
    match session.rebuild(&[f.path(new)], &noop) {
        Err(BuildError::Diagnostics(d)) => {
            // Exactly what a whole check finds.
            let loaded = ismsbook::load::load(&f.root()).unwrap();
            let mut all = loaded.diagnostics;
            all.extend(ismsbook::validate::validate(
                &loaded.content,
                &f.root(),
                opts.today,
            ));
            assert!(d.has_errors());
            assert_eq!(d.into_vec(), all.sorted().into_vec());
        }
        other => panic!("expected diagnostics, got {other:?}"),
    }
    // Fixed by deleting the record: its pages go away.
    f.remove(new);
    let rebuilt = session.rebuild(&[f.path(new)], &noop).expect("remove");
    assert!(changed(&rebuilt).contains(&"incidents/INC-2026-099.html".to_string()));
    assert!(!opts.out.join("incidents/INC-2026-099.html").exists());
    assert_same_as_whole_build(&f, &opts, &mut session);
}

#[test]
fn a_record_with_evidence_copies_it_again_and_matches_a_whole_build() {
    let f = Fixture::example();
    let opts = options(&f, "site", Some("auditor"));
    let mut session = Session::new(opts.clone());
    session.build_whole().expect("first build");
    let record = "incidents/2025/INC-2025-006.yaml";
    let text = f.read(record);
    assert!(
        text.contains("evidence:"),
        "the example record has evidence"
    );
    f.write(record, text.replacen("title: ", "title: 【追記】", 1));
    let rebuilt = session.rebuild(&[f.path(record)], &noop).expect("rebuild");
    assert!(changed(&rebuilt).contains(&"incidents/INC-2025-006.html".to_string()));
    assert_same_as_whole_build(&f, &opts, &mut session);

    // Its evidence taken off the record: the copies leave the site too.
    f.replace_lines(record, "evidence:", "tags:", "");
    let rebuilt = session.rebuild(&[f.path(record)], &noop).expect("rebuild");
    let gone: Vec<&String> = changed(&rebuilt)
        .iter()
        .filter(|p| p.starts_with("incidents/INC-2025-006/evidence/"))
        .collect();
    assert!(!gone.is_empty(), "{rebuilt:?}");
    assert!(gone.iter().all(|p| !opts.out.join(p).exists()));
    assert_same_as_whole_build(&f, &opts, &mut session);
}

#[test]
fn a_new_year_folder_is_listed_again_and_matches_a_whole_build() {
    let f = Fixture::example();
    let opts = options(&f, "site", None);
    let mut session = Session::new(opts.clone());
    session.build_whole().expect("first build");
    // Only the folder is reported, as a watcher may when it is moved in.
    let new = "incidents/2027/INC-2026-098.yaml";
    let text = f
        .read(RECORD)
        .replace("id: INC-2026-003", "id: INC-2026-098")
        .replace(TITLE, "title: 別の年のフォルダの記録");
    f.write(new, &text);
    let rebuilt = session
        .rebuild(&[f.path("incidents/2027")], &noop)
        .expect("rebuild");
    assert!(changed(&rebuilt).contains(&"incidents/INC-2026-098.html".to_string()));
    assert_same_as_whole_build(&f, &opts, &mut session);

    // The folder removed: its record goes too.
    std::fs::remove_dir_all(f.path("incidents/2027")).unwrap();
    let rebuilt = session
        .rebuild(&[f.path("incidents/2027")], &noop)
        .expect("rebuild");
    assert!(changed(&rebuilt).contains(&"incidents/INC-2026-098.html".to_string()));
    assert_same_as_whole_build(&f, &opts, &mut session);
}

#[test]
fn other_changes_rebuild_everything() {
    let f = Fixture::example();
    let opts = options(&f, "site", None);
    let mut session = Session::new(opts.clone());
    session.build_whole().expect("first build");

    f.write("contacts.yaml", f.read("contacts.yaml") + "\n");
    let rebuilt = session.rebuild(&[f.path("contacts.yaml")], &noop).unwrap();
    assert!(matches!(rebuilt, Rebuilt::Whole(_)), "{rebuilt:?}");

    // An editor's swap file beside the records feeds nothing.
    let swap = "incidents/2026/.INC-2026-003.yaml.swp";
    f.write(swap, "x");
    let rebuilt = session.rebuild(&[f.path(swap)], &noop).unwrap();
    assert!(matches!(rebuilt, Rebuilt::Nothing), "{rebuilt:?}");

    // A record saved with an upper-case extension is not read as a record:
    // the whole load reports it (E018), as `check` and `build` do, instead
    // of the change being taken for an editor's file and passed over.
    let upper = "incidents/2026/INC-2026-009.YAML";
    f.write(upper, f.read("incidents/2026/INC-2026-001.yaml"));
    match session.rebuild(&[f.path(upper)], &noop) {
        Err(BuildError::Diagnostics(d)) => assert!(
            d.iter().any(|d| d.code == "E018" && d.file == upper),
            "{d:?}"
        ),
        other => panic!("expected E018 from a whole load, got {other:?}"),
    }
    std::fs::remove_file(f.path(upper)).unwrap();

    // A path the watcher reports outside the content (or none): everything.
    let rebuilt = session.rebuild(&[PathBuf::new()], &noop).unwrap();
    assert!(matches!(rebuilt, Rebuilt::Whole(_)), "{rebuilt:?}");
    assert_same_as_whole_build(&f, &opts, &mut session);
}

/// Edit `rel` with `edit` (the text before → after), rebuild through the
/// session and check that the served folder is what a whole build writes.
fn edit_and_compare(
    f: &Fixture,
    session: &mut Session,
    served: &BuildOptions,
    rel: &str,
    edit: impl FnOnce(String) -> String,
) -> Vec<String> {
    let before = f.read(rel);
    let after = edit(before.clone());
    assert_ne!(before, after, "the edit of {rel} changes nothing");
    f.write(rel, &after);
    let rebuilt = session.rebuild(&[f.path(rel)], &noop).expect("rebuild");
    let changed = changed(&rebuilt).to_vec();
    assert_same_as_whole_build(f, served, session);
    changed
}

#[test]
fn every_kind_of_record_edit_leaves_what_a_whole_build_writes() {
    let f = Fixture::example();
    let opts = options(&f, "site", None);
    let mut session = Session::new(opts.clone());
    session.build_whole().expect("first build");
    let page = |id: &str| format!("incidents/{id}.html");

    // A text edit: the record's summary, nothing a listing shows.
    let edited = edit_and_compare(&f, &mut session, &opts, RECORD, |t| {
        t.replace("約1,800回あった", "約1,900回あった")
    });
    assert!(edited.contains(&page("INC-2026-003")), "{edited:?}");

    // A level change (2 → 1): the level listings and the dashboard move.
    let edited = edit_and_compare(
        &f,
        &mut session,
        &opts,
        "incidents/2026/INC-2026-005.yaml",
        |t| t.replacen("\nlevel: 2\n", "\nlevel: 1\n", 1),
    );
    assert!(edited.contains(&page("INC-2026-005")), "{edited:?}");

    // A status change: closed → recovered (the close date goes too).
    edit_and_compare(&f, &mut session, &opts, RECORD, |t| {
        t.replace("status: closed", "status: recovered")
            .lines()
            .filter(|l| !l.starts_with("closed_at:"))
            .map(|l| format!("{l}\n"))
            .collect()
    });

    // Dates moved a month earlier: the record's place in the register moves.
    edit_and_compare(&f, &mut session, &opts, RECORD, |t| {
        t.replace("2026-04-1", "2026-03-1")
            .replace("2026-05-1", "2026-03-2")
    });

    // Every date moved a year back: the record leaves 2026's listing.
    let edited = edit_and_compare(&f, &mut session, &opts, RECORD, |t| {
        t.replace("2026-", "2025-")
            .replace("id: INC-2025-003", "id: INC-2026-003")
    });
    assert!(edited.contains(&page("INC-2026-003")), "{edited:?}");

    // A record added, then deleted.
    let new = "incidents/2026/INC-2026-097.yaml";
    f.write(
        new,
        f.read("incidents/2026/INC-2026-004.yaml")
            .replace("id: INC-2026-004", "id: INC-2026-097"),
    );
    let rebuilt = session.rebuild(&[f.path(new)], &noop).expect("add");
    assert!(changed(&rebuilt).contains(&page("INC-2026-097")));
    assert_same_as_whole_build(&f, &opts, &mut session);
    f.remove(new);
    let rebuilt = session.rebuild(&[f.path(new)], &noop).expect("delete");
    assert!(changed(&rebuilt).contains(&page("INC-2026-097")));
    assert!(!opts.out.join(page("INC-2026-097")).exists());
    assert_same_as_whole_build(&f, &opts, &mut session);

    // A malformed edit: the served site stays as it was; then fixed.
    let served_before = files(&opts.out);
    let good = f.read(RECORD);
    f.write(
        RECORD,
        good.replacen("title: ", "title: [閉じていない\n  x: ", 1),
    );
    match session.rebuild(&[f.path(RECORD)], &noop) {
        Err(BuildError::Diagnostics(d)) => assert!(d.has_errors()),
        other => panic!("expected diagnostics, got {other:?}"),
    }
    assert!(files(&opts.out) == served_before, "a failed rebuild wrote");
    f.write(RECORD, good.replacen("title: ", "title: 【訂正】", 1));
    let rebuilt = session.rebuild(&[f.path(RECORD)], &noop).expect("fixed");
    assert!(changed(&rebuilt).contains(&page("INC-2026-003")));
    assert_same_as_whole_build(&f, &opts, &mut session);
}

/// The register's oldest and newest records removed and put back, one at
/// a time, for an audience that hides people (the guard searches what the
/// text exports gain) and one that does not. The exports are changed where
/// those records' parts lie; at either end of the register, where the JSON
/// array's first element is written without a comma, the served folder is
/// still what a whole build writes.
#[test]
fn the_first_and_last_records_removed_and_put_back_match_a_whole_build() {
    for audience in [None, Some("auditor")] {
        let f = Fixture::example();
        let opts = options(&f, "site", audience);
        let mut session = Session::new(opts.clone());
        session.build_whole().expect("first build");
        for rel in [
            "incidents/2025/INC-2025-001.yaml",
            "incidents/2026/INC-2026-008.yaml",
        ] {
            let text = f.read(rel);
            f.remove(rel);
            let rebuilt = session.rebuild(&[f.path(rel)], &noop).expect("removed");
            assert!(changed(&rebuilt).contains(&"register.json".to_string()));
            assert_same_as_whole_build(&f, &opts, &mut session);
            f.write(rel, &text);
            session.rebuild(&[f.path(rel)], &noop).expect("put back");
            assert_same_as_whole_build(&f, &opts, &mut session);
        }
    }
}

/// The text exports changed in place are made from the version before
/// the one served, kept aside beside the served folder (`serve`): only
/// the bytes that differ from it are written, or everything after the
/// change when a record's length changed. A handle opened on the served
/// `register.json` two edits back reads the newest file afterwards (the
/// same file, made again); at every step, and for edits that keep or
/// change a record's length at the register's first, last and a middle
/// record, the served folder is what a whole build writes, and nothing is
/// left in it beside the site.
#[test]
fn text_exports_are_made_from_the_version_kept_aside_and_match_a_whole_build() {
    use std::io::{Read, Seek};
    let f = Fixture::example();
    let opts = options(&f, "site", None);
    let mut session = Session::new(opts.clone());
    session.build_whole().expect("first build");
    let json = opts.out.join("register.json");
    let mut held = std::fs::File::open(&json).unwrap();
    // Same length (one three-byte character for another), twice.
    for (from, to) in [("を検知した", "を検出した"), ("を検出した", "を察知した")]
    {
        edit_and_compare(&f, &mut session, &opts, RECORD, |t| t.replace(from, to));
    }
    let mut read = String::new();
    held.rewind().unwrap();
    held.read_to_string(&mut read).unwrap();
    assert_eq!(read, std::fs::read_to_string(&json).unwrap());
    assert!(read.contains("を察知した"));
    // Longer and shorter, at the first, the last and a middle record.
    let first = "incidents/2025/INC-2025-001.yaml";
    for rel in [first, "incidents/2026/INC-2026-008.yaml", RECORD] {
        for (from, to) in [
            ("title: ", "title: 【追記】"),
            ("title: 【追記】", "title: "),
        ] {
            edit_and_compare(&f, &mut session, &opts, rel, |t| t.replacen(from, to, 1));
        }
    }
}

#[test]
fn a_name_a_record_adds_is_looked_for_in_every_record_as_a_whole_check_does() {
    let f = Fixture::example();
    let opts = options(&f, "site", None);
    let mut session = Session::new(opts.clone());
    session.build_whole().expect("first build");
    let other = "incidents/2026/INC-2026-004.yaml";
    // A name in one record's summary that no record names as a person yet.
    edit_and_compare(&f, &mut session, &opts, other, |t| {
        t.replacen("設計部員が", "設計部員の山田 花子さんが", 1)
    });
    // Another record names that person as its reporter: the first record
    // now shows a person's name, as a whole check says.
    f.replace(RECORD, "reporter: 小林 彩", "reporter: 山田 花子");
    let whole = {
        let loaded = ismsbook::load::load(&f.root()).unwrap();
        let mut all = loaded.diagnostics;
        all.extend(ismsbook::validate::validate(
            &loaded.content,
            &f.root(),
            opts.today,
        ));
        all.sorted().into_vec()
    };
    assert!(
        whole.iter().any(|d| d.file.ends_with("INC-2026-004.yaml")),
        "the whole check finds the name in the other record: {whole:?}"
    );
    match session.rebuild(&[f.path(RECORD)], &noop) {
        Err(BuildError::Diagnostics(d)) => assert_eq!(d.into_vec(), whole),
        Ok(r) => {
            assert!(!whole.iter().any(|d| d.is_error()), "{r:?}");
            assert_same_as_whole_build(&f, &opts, &mut session);
        }
        Err(e) => panic!("{e:?}"),
    }
}

#[test]
fn rebuilds_left_unsettled_are_made_whole_by_one_settle_even_after_an_error() {
    let f = Fixture::example();
    let opts = options(&f, "site", Some("auditor"));
    let mut session = Session::new(opts.clone());
    session.build_whole().expect("first build");
    let whole_xlsx = std::fs::read(opts.out.join("register.xlsx")).unwrap();
    // Two edits, neither settled: the workbook stays the first build's.
    f.replace(RECORD, TITLE, &format!("{TITLE}（第二報）"));
    session
        .rebuild(&[f.path(RECORD)], &noop)
        .expect("first edit");
    f.replace(RECORD, "（第二報）", "（第三報）");
    session
        .rebuild(&[f.path(RECORD)], &noop)
        .expect("second edit");
    assert!(session.pending().iter().any(|p| p == "register.xlsx"));
    assert_eq!(
        whole_xlsx,
        std::fs::read(opts.out.join("register.xlsx")).unwrap()
    );
    // The content gains an error: settling still completes the site of
    // the last good render, which is what a whole build of it writes.
    let good = f.read(RECORD);
    f.write(
        RECORD,
        good.replacen("title: ", "title: [閉じていない\n  x: ", 1),
    );
    assert!(session.rebuild(&[f.path(RECORD)], &noop).is_err());
    session.settle().expect("settled");
    f.write(RECORD, &good);
    let mut whole = opts.clone();
    whole.out = f.workdir().join("whole");
    build(&whole).expect("whole build");
    assert!(
        files(&opts.out) == files(&whole.out),
        "settled site differs"
    );
}

/// A register large enough for its listings to have several pages: an
/// edit renders again only the listing pages whose rows changed, and
/// after each kind of edit (title, dates moved to another year, a record
/// added, deleted) the served folder is what a whole build writes.
#[test]
fn listing_pages_are_rendered_again_only_where_their_rows_changed() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let mut gen = gen_corpus::Options::new(1200, &content);
    gen.today = today;
    gen.years = Some(2);
    gen_corpus::generate(&gen).expect("corpus");
    let opts = BuildOptions {
        content: content.clone(),
        out: dir.path().join("site"),
        theme: None,
        today,
        audience: None,
    };
    let whole = dir.path().join("whole");
    let mut session = Session::new(opts.clone());
    session.build_whole().expect("first build");
    let listings = |dir: &Path| -> Vec<String> {
        files(dir)
            .into_keys()
            .filter(|p| p.starts_with("register/") || p.starts_with("actions/"))
            .collect()
    };
    let all_listings = listings(&opts.out);
    assert!(
        all_listings.iter().any(|p| p.ends_with("/2.html")),
        "no listing has a second page: {all_listings:?}"
    );
    // A closed record of the last year, in the middle of it.
    let year = today.format("%Y").to_string();
    let mut in_year: Vec<PathBuf> = std::fs::read_dir(content.join("incidents").join(&year))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains("\nstatus: closed\n")
        })
        .collect();
    in_year.sort();
    let record = in_year[in_year.len() / 2].clone();
    let mut edit = |change: &dyn Fn(String) -> String| -> Vec<String> {
        let text = std::fs::read_to_string(&record).unwrap();
        std::fs::write(&record, change(text)).unwrap();
        let rebuilt = session
            .rebuild(std::slice::from_ref(&record), &noop)
            .expect("rebuild");
        let changed = changed(&rebuilt).to_vec();
        assert_same_as_whole_build_in(&whole, &opts, &mut session);
        changed
    };

    // A title: the record's rows change, on one page of each listing it is in.
    let changed = edit(&|t| {
        t.lines()
            .map(|l| match l.strip_prefix("title: ") {
                Some(_) => "title: 題名を書き換えた記録".to_string(),
                None => l.to_string(),
            })
            .map(|l| l + "\n")
            .collect()
    });
    let relisted: Vec<&String> = changed
        .iter()
        .filter(|p| p.starts_with("register/"))
        .collect();
    assert!(!relisted.is_empty(), "{changed:?}");
    // Its year, level, category and status: one page each.
    assert!(relisted.len() <= 4, "{relisted:?}");
    // The pages that count the register but show no title are left as
    // they were, and so are the compliance pages the record is not on.
    for page in [
        "metrics.html",
        "controls.html",
        "dashboard.html",
        "nonconformities.html",
    ] {
        assert!(!changed.iter().any(|p| p == page), "{page}: {changed:?}");
    }
    let compliance = changed
        .iter()
        .filter(|p| p.starts_with("compliance"))
        .count();
    assert!(compliance <= 1, "{changed:?}");

    // Its category, then its status: it moves between the listings, and
    // the pages that count the register change. (The example's records
    // check a change of level.)
    let line_of = |key: &str| -> String {
        let text = std::fs::read_to_string(&record).unwrap();
        let line = text.lines().find(|l| l.starts_with(key)).unwrap();
        line.to_string()
    };
    let category = line_of("category: ");
    let other_category = if category == "category: outage" {
        "category: phishing"
    } else {
        "category: outage"
    };
    let changed = edit(&|t| t.replacen(&category, other_category, 1));
    assert!(changed.iter().any(|p| p == "metrics.html"), "{changed:?}");
    edit(&|t| {
        t.replace("status: closed", "status: recovered")
            .lines()
            .filter(|l| !l.starts_with("closed_at:"))
            .map(|l| format!("{l}\n"))
            .collect()
    });

    // Every date a year back: it moves to the year before, and every
    // later row of its listings moves up.
    let before = (today.format("%Y").to_string().parse::<i32>().unwrap() - 1).to_string();
    edit(&|t| {
        t.replace(&format!("{year}-"), &format!("{before}-"))
            .replace(&format!("id: INC-{before}-"), &format!("id: INC-{year}-"))
    });

    // A record added beside it, then deleted.
    let added = record.with_file_name("INC-2026-9999.yaml");
    let text = std::fs::read_to_string(&record).unwrap();
    let id_line = text.lines().next().unwrap().to_string();
    std::fs::write(&added, text.replacen(&id_line, "id: INC-2026-9999", 1)).unwrap();
    session
        .rebuild(std::slice::from_ref(&added), &noop)
        .expect("add");
    assert_same_as_whole_build_in(&whole, &opts, &mut session);
    std::fs::remove_file(&added).unwrap();
    session
        .rebuild(std::slice::from_ref(&added), &noop)
        .expect("delete");
    assert_same_as_whole_build_in(&whole, &opts, &mut session);

    // A compliance fact: the day a record the compliance pages list made
    // its final report to an authority, one day earlier (a report made on
    // the 2nd to 9th, 12th to 19th or 22nd to 29th of a month). The record's
    // facts change, so every page that counts the register is made again;
    // the generated records' reports stay on time, so what those pages show
    // may not change.
    let final_day = |t: &str| -> Option<usize> {
        let lines: Vec<&str> = t.lines().collect();
        let at = lines.iter().position(|l| *l == "    kind: final")? + 1;
        let line = lines.get(at)?;
        let day = line.strip_prefix("    at: ")?.find('T')? + "    at: ".len() - 1;
        (b'2'..=b'9').contains(&line.as_bytes()[day]).then_some(day)
    };
    let cases: String = files(&opts.out)
        .into_iter()
        .filter(|(p, _)| p.starts_with("compliance"))
        .map(|(_, bytes)| String::from_utf8(bytes).unwrap())
        .collect();
    let mut reporting: Vec<PathBuf> = std::fs::read_dir(content.join("incidents").join(&year))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            // A case of the compliance pages.
            let id = p.file_stem().unwrap().to_string_lossy().to_string();
            cases.contains(&format!("{id}.html#notifications"))
                && final_day(&std::fs::read_to_string(p).unwrap()).is_some()
        })
        .collect();
    reporting.sort();
    let reported = reporting[reporting.len() / 2].clone();
    let text = std::fs::read_to_string(&reported).unwrap();
    let digit = final_day(&text).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let at = lines.iter().position(|l| l == "    kind: final").unwrap() + 1;
    let day = lines[at].as_bytes()[digit];
    lines[at].replace_range(digit..digit + 1, &((day - 1) as char).to_string());
    std::fs::write(&reported, lines.join("\n") + "\n").unwrap();
    let rebuilt = session
        .rebuild(std::slice::from_ref(&reported), &noop)
        .expect("rebuild");
    assert!(
        matches!(rebuilt, Rebuilt::Incremental { .. }),
        "{rebuilt:?}"
    );
    assert_same_as_whole_build_in(&whole, &opts, &mut session);
}

#[path = "incremental/actions.rs"]
mod actions;
#[path = "incremental/ids.rs"]
mod ids;
#[path = "incremental/pages.rs"]
mod pages;
