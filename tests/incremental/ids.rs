//! The id rules answered by `serve`'s index (`validate::id_index`): a
//! duplicate or lookalike record id made and removed by edits is found
//! as a whole check finds it, and once fixed the served folder is what a
//! whole build writes; and the workbook a rebuild makes ahead of its settle
//! (beside the search index) is a whole build's, edit after edit.

use super::*;

/// The rebuild fails with exactly the diagnostics a whole check finds.
fn fails_as_a_whole_check(f: &Fixture, session: &mut Session, opts: &BuildOptions, rel: &str) {
    match session.rebuild(&[f.path(rel)], &noop) {
        Err(BuildError::Diagnostics(d)) => {
            let loaded = ismsbook::load::load(&f.root()).unwrap();
            let mut all = loaded.diagnostics;
            all.extend(ismsbook::validate::validate(
                &loaded.content,
                &f.root(),
                opts.today,
            ));
            let all = all.sorted().into_vec();
            assert!(all.iter().any(|d| d.code == "E201" || d.code == "E205"));
            assert_eq!(d.into_vec(), all);
        }
        other => panic!("expected diagnostics, got {other:?}"),
    }
}

#[test]
fn duplicate_and_lookalike_ids_made_and_removed_match_a_whole_check_and_build() {
    let f = Fixture::example();
    let opts = options(&f, "site", None);
    let mut session = Session::new(opts.clone());
    session.build_whole().expect("first build");
    // A first rebuild, so that the index is the one kept.
    edit_and_compare(&f, &mut session, &opts, RECORD, |t| {
        t.replace(TITLE, "title: 索引の前の編集")
    });

    // A copy of the register's first record under its id: E201.
    let first = "incidents/2025/INC-2025-001.yaml";
    let copy = "incidents/2025/INC-2025-099.yaml";
    f.write(copy, f.read(first));
    fails_as_a_whole_check(&f, &mut session, &opts, copy);
    // The copy's id in lower case: E205, not E201.
    let lower = f
        .read(copy)
        .replacen("id: INC-2025-001", "id: inc-2025-001", 1);
    f.write(copy, &lower);
    fails_as_a_whole_check(&f, &mut session, &opts, copy);
    // The first record takes a middle record's id: both ids clash.
    let middle = f.read(RECORD);
    let id_line = middle
        .lines()
        .find(|l| l.starts_with("id: "))
        .expect("id")
        .to_string();
    f.replace(first, "id: INC-2025-001", &id_line);
    fails_as_a_whole_check(&f, &mut session, &opts, first);
    // Fixed: the first record's id back, the copy given its own.
    f.replace(first, &id_line, "id: INC-2025-001");
    f.replace(copy, "id: inc-2025-001", "id: INC-2025-099");
    let rebuilt = session
        .rebuild(&[f.path(first), f.path(copy)], &noop)
        .expect("fixed");
    assert!(changed(&rebuilt).contains(&"incidents/INC-2025-099.html".to_string()));
    assert_same_as_whole_build(&f, &opts, &mut session);
    // The copy removed.
    f.remove(copy);
    let rebuilt = session.rebuild(&[f.path(copy)], &noop).expect("removed");
    assert!(changed(&rebuilt).contains(&"incidents/INC-2025-099.html".to_string()));
    assert_same_as_whole_build(&f, &opts, &mut session);
    // Renamed: the last record's file under a new name and id.
    let last = "incidents/2026/INC-2026-008.yaml";
    let renamed = "incidents/2026/INC-2026-098.yaml";
    let text = f
        .read(last)
        .replacen("id: INC-2026-008", "id: INC-2026-098", 1);
    f.remove(last);
    f.write(renamed, &text);
    session
        .rebuild(&[f.path(last), f.path(renamed)], &noop)
        .expect("renamed");
    assert_same_as_whole_build(&f, &opts, &mut session);
}

/// The workbook made ahead: the first, a middle and the last record's
/// titles lengthened and shortened, twice before a settle (the second
/// rebuild makes it again from the first's chunks), a record added and
/// removed; `register.xlsx` is among the settle's changed files and the
/// served folder is a whole build's each time.
#[test]
fn the_workbook_made_ahead_matches_a_whole_build() {
    let f = Fixture::example();
    let opts = options(&f, "site", Some("auditor"));
    let mut session = Session::new(opts.clone());
    session.build_whole().expect("first build");
    let title = |t: &str, new: &str| -> String {
        t.lines()
            .map(|l| match l.starts_with("title: ") {
                true => format!("title: {new}"),
                false => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    };
    for rel in [
        "incidents/2025/INC-2025-001.yaml",
        RECORD,
        "incidents/2026/INC-2026-008.yaml",
    ] {
        for new in ["長い題名に変えた記録（作業表の行が伸びる）", "短"] {
            f.write(rel, title(&f.read(rel), new));
            session.rebuild(&[f.path(rel)], &noop).expect("rebuild");
            f.write(rel, title(&f.read(rel), &format!("{new}、再び")));
            session.rebuild(&[f.path(rel)], &noop).expect("again");
            let settled = session.settle().expect("settled");
            assert!(
                settled.contains(&"register.xlsx".to_string()),
                "{settled:?}"
            );
            assert_same_as_whole_build(&f, &opts, &mut session);
        }
    }
    let new = "incidents/2026/INC-2026-097.yaml";
    f.write(
        new,
        title(&f.read(RECORD), "追加").replacen("id: INC-2026-003", "id: INC-2026-097", 1),
    );
    session.rebuild(&[f.path(new)], &noop).expect("added");
    assert_same_as_whole_build(&f, &opts, &mut session);
    f.remove(new);
    session.rebuild(&[f.path(new)], &noop).expect("removed");
    assert_same_as_whole_build(&f, &opts, &mut session);
}
