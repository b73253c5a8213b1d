//! `verify` on a site someone tampered with: the auditor unzips a hand-over
//! that passed through other hands. A zip can carry symbolic links and
//! (made by hand) any file type; `verify` must fail closed, say why, and
//! read nothing outside the site folder: not through a manifest, a list of
//! sums or an `evidence` folder that is a link, and not from a FIFO or a
//! device, which would hang it or fill its memory.

mod common;

use common::{copy_tree, example_dir, run_bin, Run, TODAY};
use std::path::{Path, PathBuf};

fn built() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let content = example_dir();
    let run = run_bin(
        dir.path(),
        &[
            "build",
            "--content",
            content.to_str().unwrap(),
            "--out",
            "site",
            "--today",
            TODAY,
            "--audience",
            "auditor",
        ],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let site = dir.path().join("site");
    (dir, site)
}

fn verify(dir: &Path) -> Run {
    run_bin(dir, &["verify", "site"])
}

fn assert_refused(run: &Run, file: &str) {
    assert_ne!(run.status, 0, "verify passed:\n{}", run.stderr);
    assert!(
        run.stderr.contains(file) && run.stderr.contains("not a regular file"),
        "the message does not say what is wrong with {file}:\n{}",
        run.stderr
    );
}

#[test]
fn an_untouched_site_verifies() {
    let (dir, _site) = built();
    let run = verify(dir.path());
    assert_eq!(run.status, 0, "{}", run.stderr);
}

#[test]
fn a_manifest_or_list_linked_from_outside_is_not_read() {
    let (dir, site) = built();
    // A copy of the genuine files kept outside the site: the link would
    // verify, and what was read is not part of what was handed over.
    let outside = dir.path().join("outside");
    copy_tree(&site.join("evidence"), &outside);
    for file in ["evidence/manifest.json", "evidence/SHA256SUMS"] {
        let name = Path::new(file).file_name().unwrap();
        let target = site.join(file);
        std::fs::rename(&target, dir.path().join("kept")).unwrap();
        std::os::unix::fs::symlink(outside.join(name), &target).unwrap();
        assert_refused(&verify(dir.path()), file);
        std::fs::remove_file(&target).unwrap();
        std::fs::rename(dir.path().join("kept"), &target).unwrap();
    }
    // The whole evidence folder as a link.
    std::fs::rename(site.join("evidence"), dir.path().join("kept")).unwrap();
    std::os::unix::fs::symlink(&outside, site.join("evidence")).unwrap();
    assert_refused(&verify(dir.path()), "evidence");
}

#[test]
fn a_fifo_or_a_device_in_place_of_the_list_does_not_hang_verify() {
    let (dir, site) = built();
    let sums = site.join("evidence/SHA256SUMS");
    std::fs::remove_file(&sums).unwrap();
    // (A link to /dev/zero is refused by the same rule; it is not tried
    // here, since before the rule it filled memory at gigabytes a second.)
    let made = std::process::Command::new("mkfifo")
        .arg(&sums)
        .status()
        .is_ok_and(|s| s.success());
    if made {
        // run_bin fails the test if verify is still waiting at its deadline.
        assert_refused(&verify(dir.path()), "evidence/SHA256SUMS");
    }
}

#[test]
fn a_file_listed_twice_is_refused() {
    let (dir, site) = built();
    let path = site.join("evidence/SHA256SUMS");
    let sums = std::fs::read_to_string(&path).unwrap();
    let line = sums
        .lines()
        .find(|l| l.ends_with("  index.html"))
        .expect("index.html listed");
    // The same file with another hash first: `sha256sum -c` fails on it,
    // and which of the two was compared must not decide the outcome.
    let other = format!("{}  index.html\n", "0".repeat(64));
    std::fs::write(&path, format!("{other}{sums}")).unwrap();
    let run = verify(dir.path());
    assert_ne!(run.status, 0, "a second line for index.html passed");
    assert!(
        run.stderr.contains("index.html") && run.stderr.contains("twice"),
        "{}",
        run.stderr
    );
    assert!(sums.contains(line));
}

#[test]
fn a_signature_cut_short_is_called_that_not_an_untrusted_key() {
    if !common::have_tool("ssh-keygen") {
        eprintln!("ssh-keygen is not installed; skipping");
        return;
    }
    let (dir, site) = built();
    let key = dir.path().join("key");
    let made = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "isms", "-f"])
        .arg(&key)
        .status()
        .unwrap();
    assert!(made.success());
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    let public: Vec<&str> = public.split_whitespace().take(2).collect();
    let allowed = dir.path().join("allowed");
    std::fs::write(&allowed, format!("isms@example.jp {}\n", public.join(" "))).unwrap();
    let signed = run_bin(
        dir.path(),
        &["sign", "site", "--key", key.to_str().unwrap()],
    );
    assert_eq!(signed.status, 0, "{}", signed.stderr);
    let sig = site.join("evidence/SHA256SUMS.sig");
    let bytes = std::fs::read(&sig).unwrap();
    std::fs::write(&sig, &bytes[..bytes.len() / 2]).unwrap();
    let run = run_bin(
        dir.path(),
        &[
            "verify",
            "site",
            "--signature",
            "--allowed-signers",
            allowed.to_str().unwrap(),
        ],
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("SHA256SUMS.sig") && run.stderr.contains("cut short"),
        "a damaged signature is reported as a key not trusted:\n{}",
        run.stderr
    );
}
