//! Document control through a real git repository: the policy, contacts,
//! handbook and template pages show version, approving role and date, their
//! revisions from git up to `--today` (a revision after the build date is
//! not shown), and a document committed after its approval is flagged
//! until it is approved again.

mod common;

use common::*;
use std::process::Command;

fn git(dir: &std::path::Path, args: &[&str], date: &str) -> bool {
    Command::new("git")
        .args([
            "-c",
            "user.name=文書 管理",
            "-c",
            "user.email=docs@example.jp",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .current_dir(dir)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

fn section(page: &str) -> &str {
    let at = page
        .find("id=\"document-control\"")
        .expect("document control section");
    let rest = &page[at..];
    &rest[..rest.find("</section>").unwrap()]
}

#[test]
fn revisions_are_cut_off_at_the_build_date_and_late_changes_are_flagged() {
    let f = Fixture::example();
    let dir = f.workdir();
    if !git(dir, &["init", "-q"], "2026-03-01T10:00:00+09:00") {
        eprintln!("git is not installed; skipping");
        return;
    }
    // Approved on 2026-04-01 (front matter), committed before that ...
    f.replace(
        "handbook/reporting.md",
        "order: 30\n",
        "order: 30\nversion: \"1.2\"\napproved_by: ceo\napproved_at: 2026-04-01\n",
    );
    assert!(git(dir, &["add", "content"], "2026-03-01T10:00:00+09:00"));
    assert!(git(
        dir,
        &["commit", "-q", "-m", "初版"],
        "2026-03-01T10:00:00+09:00"
    ));
    // ... changed after it on 2026-10-01, and again after the build date.
    f.replace(
        "handbook/reporting.md",
        "報告は「早く",
        "改訂 A。報告は「早く",
    );
    assert!(git(
        dir,
        &["commit", "-q", "-am", "承認後の改訂"],
        "2026-10-01T10:00:00+09:00"
    ));
    f.replace("handbook/reporting.md", "改訂 A。", "改訂 B。");
    assert!(git(
        dir,
        &["commit", "-q", "-am", "基準日より後の改訂"],
        "2026-12-01T10:00:00+09:00"
    ));

    let run = f.build_site("site", TODAY, &[]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(dir.join("site/handbook/reporting.html")).unwrap();
    let doc = section(&page);
    assert!(doc.contains("1.2"), "{doc}");
    assert!(doc.contains("2026-04-01"), "{doc}");
    assert!(
        doc.contains("承認後の改訂") && doc.contains("初版"),
        "{doc}"
    );
    assert!(
        !doc.contains("基準日より後の改訂"),
        "a revision after --today is shown: {doc}"
    );
    assert!(doc.contains("2026-10-01"), "last change: {doc}");
    assert!(doc.contains("flag-overdue"), "not flagged: {doc}");

    // The example's policy, contacts and template carry their approval too.
    for rel in [
        "levels.html",
        "contacts.html",
        "templates/incident-report.html",
    ] {
        let page = std::fs::read_to_string(dir.join("site").join(rel)).unwrap();
        let doc = section(&page);
        assert!(doc.contains("<time datetime=\""), "{rel}: {doc}");
    }

    // Approved again after the change: no longer flagged.
    f.replace(
        "handbook/reporting.md",
        "approved_at: 2026-04-01",
        "approved_at: 2026-10-15",
    );
    let again = f.build_site("site", TODAY, &[]);
    assert_eq!(again.status, 0, "{}", again.stderr);
    let page = std::fs::read_to_string(dir.join("site/handbook/reporting.html")).unwrap();
    let doc = section(&page);
    assert!(doc.contains("2026-10-15"), "{doc}");
    assert!(!doc.contains("flag-overdue"), "{doc}");
}
