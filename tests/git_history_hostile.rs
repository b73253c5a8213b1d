//! The git history of the content as a hostile contributor can shape it.
//!
//! `check` and `build` run `git status` and `git log` on the content
//! directory. A pull request can commit any files under `content/`, among
//! them the files of a whole bare repository (`HEAD`, `config`, `objects/`,
//! `refs/`): git, looking for the repository from `content/`, would take
//! that directory for one and obey its `config`, which can name a program
//! to run (`gpg.program` with `log.showSignature`, `core.fsmonitor`). And a
//! commit's subject and author are free text that can hold the bytes the
//! log output is split at, so one commit could pose as another, by someone
//! else, on another day.

mod common;

use common::{copy_tree, example_dir, run_bin, TODAY};
use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Contributor",
            "-c",
            "user.email=c@example.jp",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", "2026-11-20T10:00:00+09:00")
        .env("GIT_COMMITTER_DATE", "2026-11-20T10:00:00+09:00")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Write the object `body` of `kind` into the repository at `dir`.
fn object(dir: &Path, kind: &str, body: &[u8]) -> String {
    let file = dir.join("object.tmp");
    std::fs::write(&file, body).unwrap();
    let id = git(
        dir,
        &["hash-object", "-t", kind, "-w", file.to_str().unwrap()],
    )
    .expect("hash-object");
    std::fs::remove_file(file).unwrap();
    id
}

#[test]
fn a_bare_repository_committed_into_the_content_runs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&example_dir(), &content);
    if git(dir.path(), &["init", "-q"]).is_none() {
        eprintln!("git is not installed; skipping");
        return;
    }
    // The hostile files: a bare repository whose only commit carries a
    // signature and whose config asks `git log` to check it with a program
    // of the contributor's choosing.
    let bare = dir.path().join("bare");
    std::fs::create_dir(&bare).unwrap();
    git(&bare, &["init", "-q", "--bare"]).expect("git init --bare");
    let blob = object(&bare, "blob", b"hi\n");
    let tree = {
        let out = Command::new("git")
            .args(["mktree"])
            .current_dir(&bare)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut c| {
                use std::io::Write;
                c.stdin
                    .take()
                    .unwrap()
                    .write_all(format!("100644 blob {blob}\tpolicy.yaml\n").as_bytes())?;
                c.wait_with_output()
            })
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let commit = object(
        &bare,
        "commit",
        format!(
            "tree {tree}\nauthor a <a@b> 1700000000 +0000\ncommitter a <a@b> 1700000000 +0000\n\
             gpgsig -----BEGIN PGP SIGNATURE-----\n \n AAAA\n -----END PGP SIGNATURE-----\n\nsigned\n"
        )
        .as_bytes(),
    );
    git(&bare, &["update-ref", "refs/heads/main", &commit]).unwrap();
    git(&bare, &["symbolic-ref", "HEAD", "refs/heads/main"]).unwrap();
    let ran = dir.path().join("ran");
    let program = dir.path().join("program.sh");
    std::fs::write(
        &program,
        format!("#!/bin/sh\ntouch '{}'\nexit 1\n", ran.display()),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let config = format!(
        "[core]\n\trepositoryformatversion = 0\n\tbare = true\n\tfsmonitor = {p}\n\
         [log]\n\tshowSignature = true\n[gpg]\n\tprogram = {p}\n",
        p = program.display()
    );
    std::fs::write(bare.join("config"), config).unwrap();
    // Committed into content/ like any other files of a pull request.
    for name in ["HEAD", "config", "objects", "refs"] {
        let from = bare.join(name);
        if from.is_dir() {
            copy_tree(&from, &content.join(name));
        } else {
            std::fs::copy(&from, content.join(name)).unwrap();
        }
    }
    git(dir.path(), &["add", "-A", "content"]).expect("git add");
    git(dir.path(), &["commit", "-q", "-m", "pull request"]).expect("git commit");

    for args in [
        vec!["check", "--content", "content", "--today", TODAY],
        vec![
            "build",
            "--content",
            "content",
            "--out",
            "site",
            "--today",
            TODAY,
            "--audience",
            "auditor",
        ],
    ] {
        run_bin(dir.path(), &args);
        assert!(
            !ran.exists(),
            "`ismsbook {}` ran a program named by a config file committed into content/",
            args[0]
        );
    }
}

#[test]
fn a_commit_subject_cannot_pose_as_another_commit() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&example_dir(), &content);
    if git(dir.path(), &["init", "-q"]).is_none() {
        eprintln!("git is not installed; skipping");
        return;
    }
    git(dir.path(), &["add", "content"]).unwrap();
    git(dir.path(), &["commit", "-q", "-m", "記録を登録"]).unwrap();
    let rec = content.join("incidents/2025/INC-2025-006.yaml");
    let yaml = std::fs::read_to_string(&rec)
        .unwrap()
        .replace("tags: [", "tags: [監査, ");
    std::fs::write(&rec, yaml).unwrap();
    // A subject holding the bytes the log is read by: what follows them
    // reads like a commit of its own, approved by someone else a year ago.
    let forged = format!(
        "小さな修正\u{1e}{}\u{1f}2025-01-01T09:00:00+09:00\u{1f}情報セキュリティ委員長\u{1f}委員会で承認済み",
        "f".repeat(40)
    );
    git(dir.path(), &["commit", "-q", "-am", &forged]).unwrap();
    // And an author name holding the field separator.
    std::fs::write(&rec, std::fs::read_to_string(&rec).unwrap() + "\n").unwrap();
    Command::new("git")
        .args([
            "-c",
            "user.name=Mallory\u{1f}偽の件名",
            "-c",
            "user.email=m@example.jp",
            "-c",
            "commit.gpgsign=false",
            "commit",
            "-q",
            "-am",
            "本当の件名",
        ])
        .current_dir(dir.path())
        .env("GIT_AUTHOR_DATE", "2026-11-21T10:00:00+09:00")
        .env("GIT_COMMITTER_DATE", "2026-11-21T10:00:00+09:00")
        .status()
        .unwrap();

    let run = run_bin(
        dir.path(),
        &[
            "build",
            "--content",
            "content",
            "--out",
            "site",
            "--today",
            TODAY,
            "--audience",
            "auditor",
        ],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let page =
        std::fs::read_to_string(dir.path().join("site/incidents/INC-2025-006.html")).unwrap();
    let history = &page[page.find("id=history").expect("history")..];
    let history = &history[..history.find("</section>").expect("end of history")];
    // Each row: its date, author, subject and commit id. No row may be
    // made of the text after a separator.
    let rows = history.matches("<tr><td").count();
    assert_eq!(rows, 3, "three commits touched the record:\n{history}");
    assert!(
        !history.contains("<code class=hash>fffffff"),
        "a commit id made up in a subject is shown as a commit:\n{history}"
    );
    assert!(
        !history.contains("datetime=\"2025"),
        "a date made up in a subject is shown as a commit's date:\n{history}"
    );
    assert!(
        !history.contains("<td>情報セキュリティ委員長</td>"),
        "an author made up in a subject is shown as a commit's author:\n{history}"
    );
    assert!(
        history.contains("本当の件名") && history.contains("小さな修正"),
        "a commit whose subject or author holds a separator is lost:\n{history}"
    );
    // The made-up text is shown, as part of the subject it was written in.
    let forged_at = history.find("委員会で承認済み").expect("the whole subject");
    let real_at = history.find("小さな修正").unwrap();
    assert!(
        forged_at > real_at && forged_at - real_at < 200,
        "the rest of the subject is shown as its own row:\n{history}"
    );
}
