//! Edits of a record's corrective actions: the action lists (the whole
//! table and each control's), the calendar page and `calendar.ics`, the
//! dashboard's overdue list and the exports follow them, and the served
//! folder is what a whole build writes; likewise edits of a record's
//! reports to the authorities and the compliance pages.

use super::*;

/// An open action, due on `due`, naming `controls`.
fn action(text: &str, due: &str, controls: &str) -> String {
    format!(
        "  - action: {text}\n    owner: it_admin\n    due: {due}\n    status: planned\n    \
         evaluation: 再発がないことを3か月後に確認する\n    controls: [{controls}]\n"
    )
}

/// Insert `block` as the record's first action.
fn add_first_action(text: String, block: &str) -> String {
    text.replacen("\nactions:\n", &format!("\nactions:\n{block}"), 1)
}

/// Actions added to, moved in and removed from the register's first, a
/// middle and its last record: one due after the build's day, moved
/// across it (open → overdue, a deadline crossing on the calendar), its
/// controls changed, then removed.
#[test]
fn actions_added_moved_and_removed_match_a_whole_build() {
    let f = Fixture::example();
    let opts = options(&f, "site", None);
    let mut session = Session::new(opts.clone());
    session.build_whole().expect("first build");
    let calendar = |out: &Path| std::fs::read_to_string(out.join("calendar.ics")).expect("ics");
    for rel in [
        "incidents/2025/INC-2025-001.yaml",
        "incidents/2026/INC-2026-003.yaml",
        "incidents/2026/INC-2026-008.yaml",
    ] {
        let text = "追加の是正処置（増分テスト）";
        // Added, due after the build's day (2026-11-22): an open deadline.
        let edited = edit_and_compare(&f, &mut session, &opts, rel, |t| {
            add_first_action(t, &action(text, "2026-12-10", "A.5.24"))
        });
        assert!(edited.contains(&"actions.html".to_string()), "{edited:?}");
        assert!(calendar(&opts.out).contains("20261210"), "{rel}");
        // Its due date moved before the build's day: now overdue.
        edit_and_compare(&f, &mut session, &opts, rel, |t| {
            t.replacen("due: 2026-12-10", "due: 2026-11-02", 1)
        });
        assert!(!calendar(&opts.out).contains("20261210"), "{rel}");
        assert!(calendar(&opts.out).contains("20261102"), "{rel}");
        // Another control, and a second one: the controls' lists change.
        edit_and_compare(&f, &mut session, &opts, rel, |t| {
            t.replacen("controls: [A.5.24]", "controls: [A.5.25, A.5.28]", 1)
        });
        // A longer text (the rows' lengths change), then removed.
        edit_and_compare(&f, &mut session, &opts, rel, |t| {
            t.replacen(text, &format!("{text}、範囲を広げて再実施する"), 1)
        });
        edit_and_compare(&f, &mut session, &opts, rel, |t| {
            let start = t.find("  - action: 追加の是正処置").expect("added action");
            let end = t[start..]
                .find("\n  - action: ")
                .map_or(t.len(), |e| start + e + 1);
            format!("{}{}", &t[..start], &t[end..])
        });
        assert!(!calendar(&opts.out).contains("20261102"), "{rel}");
    }
}

/// A record's reports to the authorities edited in the register's first, a
/// middle and its last record with reports: the reference lengthened (with
/// characters to escape) and dropped, and the first report made a minute
/// later (the time its row shows), then put back. The compliance pages' rows are
/// written by code; the served folder is what a whole build writes.
#[test]
fn reports_edited_match_a_whole_build() {
    let f = Fixture::example();
    let opts = options(&f, "site", None);
    let mut session = Session::new(opts.clone());
    session.build_whole().expect("first build");
    let compliance = |changed: &[String]| changed.iter().any(|p| p.starts_with("compliance"));
    for rel in [
        "incidents/2025/INC-2025-006.yaml",
        "incidents/2026/INC-2026-001.yaml",
        "incidents/2026/INC-2026-008.yaml",
    ] {
        let original = f.read(rel);
        edit_and_compare(&f, &mut session, &opts, rel, |t| {
            t.replacen("    reference: ", "    reference: <再送> & 追記 ", 1)
        });
        edit_and_compare(&f, &mut session, &opts, rel, |t| {
            let start = t.find("    reference: ").expect("a reference");
            let end = start + t[start..].find('\n').expect("line end") + 1;
            format!("{}{}", &t[..start], &t[end..])
        });
        // A minute later (`at: 2025-09-02T10:00:00+09:00` → `10:01`).
        let edited = edit_and_compare(&f, &mut session, &opts, rel, |t| {
            let start = t.find("\n    at: ").expect("a report's time") + "\n    at: ".len();
            let minute = start + "2025-09-02T10:".len();
            assert_eq!(&t[minute..minute + 3], "00:", "{rel}");
            format!("{}01{}", &t[..minute], &t[minute + 2..])
        });
        assert!(compliance(&edited), "{rel}: {edited:?}");
        let edited = edit_and_compare(&f, &mut session, &opts, rel, |_| original.clone());
        assert!(compliance(&edited), "{rel}: {edited:?}");
    }
}

/// The action plan is kept between rebuilds while every record's actions
/// are those it was made from: a title edit leaves it, and an edit of an
/// action after that (its due date, then its controls) is on the action
/// pages as a whole build writes them.
#[test]
fn an_action_edited_after_a_title_edit_is_on_the_action_pages() {
    let f = Fixture::example();
    let opts = options(&f, "site", None);
    let mut session = Session::new(opts.clone());
    session.build_whole().expect("first build");
    let list = |out: &Path| std::fs::read_to_string(out.join("actions.html")).expect("actions");
    let rel = "incidents/2026/INC-2026-003.yaml";
    // The title only: the plan is kept.
    edit_and_compare(&f, &mut session, &opts, rel, |t| {
        t.replacen(TITLE, &format!("{TITLE}（第二報）"), 1)
    });
    // Its action's due date and status: the action moves in the table.
    let edited = edit_and_compare(&f, &mut session, &opts, rel, |t| {
        t.replacen(
            "    due: 2026-05-15\n    status: verified\n    done_at: 2026-05-12\n",
            "    due: 2026-12-20\n    status: planned\n",
            1,
        )
    });
    assert!(edited.contains(&"actions.html".to_string()), "{edited:?}");
    assert!(list(&opts.out).contains("INC-2026-003"));
    // Its control: another control's list has it.
    edit_and_compare(&f, &mut session, &opts, rel, |t| {
        t.replacen("controls: [A.5.27]", "controls: [A.5.24, A.6.8]", 1)
    });
    // The title again, with the actions as they now are.
    edit_and_compare(&f, &mut session, &opts, rel, |t| {
        t.replacen("（第二報）", "（第三報）", 1)
    });
}

/// One rebuild that removes the register's first record and adds one
/// (with an action) at its end: as many records as before, each in
/// another place. The records' kept parts, stamps and facts are found by
/// id, the action plan is made again, and the served folder is what a
/// whole build writes; then a title edit with the new places kept.
#[test]
fn a_record_removed_and_one_added_in_one_rebuild_match_a_whole_build() {
    let f = Fixture::example();
    let opts = options(&f, "site", None);
    let mut session = Session::new(opts.clone());
    session.build_whole().expect("first build");
    let first = "incidents/2025/INC-2025-001.yaml";
    let added = "incidents/2026/INC-2026-099.yaml";
    let text = f
        .read(RECORD)
        .replace("id: INC-2026-003", "id: INC-2026-099")
        .replace(TITLE, "title: 追加した記録");
    f.remove(first);
    f.write(added, &text);
    let rebuilt = session
        .rebuild(&[f.path(first), f.path(added)], &noop)
        .expect("rebuild");
    let changed = changed(&rebuilt).to_vec();
    assert!(changed.contains(&"incidents/INC-2026-099.html".to_string()));
    assert!(changed.contains(&"actions.html".to_string()), "{changed:?}");
    assert_same_as_whole_build(&f, &opts, &mut session);
    edit_and_compare(&f, &mut session, &opts, RECORD, |t| {
        t.replacen(TITLE, &format!("{TITLE}（第二報）"), 1)
    });
}
