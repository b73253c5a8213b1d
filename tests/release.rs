//! The release assets as a user installs them: `scripts/package-release.sh`
//! (what `.github/workflows/release.yml` runs for every platform) makes an
//! archive and a `.sha256` that `sha256sum -c` accepts, with the binary and
//! README.md at the top level, byte for byte the same when made twice; it
//! refuses a binary that still carries debug info; the binary unpacked from
//! the archive runs. The tools are the system's own (tar, sha256sum,
//! readelf, strip); a test that lacks one says so and skips.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TARGET: &str = "x86_64-unknown-linux-gnu";

fn skip(why: &str) {
    eprintln!("SKIPPED: {why}");
}

fn package(bin: &Path, out: &Path) -> Output {
    Command::new("bash")
        .arg(repo_root().join("scripts/package-release.sh"))
        .arg(bin)
        .arg(TARGET)
        .arg(out)
        .env("GZIP_LEVEL", "1")
        .env("SOURCE_DATE_EPOCH", "1795305600")
        .output()
        .unwrap()
}

fn archive_name() -> String {
    format!("ismsbook-{}-{TARGET}.tar.gz", env!("CARGO_PKG_VERSION"))
}

fn sha256_check(dir: &Path, file: &str) -> Output {
    Command::new("sha256sum")
        .args(["-c", file])
        .current_dir(dir)
        .output()
        .unwrap()
}

/// A stripped copy of the test build of ismsbook (the release profile's
/// binary has no debug info either; the test build does).
fn stripped_ismsbook(dir: &Path) -> PathBuf {
    let out = dir.join("ismsbook");
    let st = Command::new("strip")
        .args(["--strip-debug", "-o"])
        .arg(&out)
        .arg(env!("CARGO_BIN_EXE_ismsbook"))
        .status()
        .unwrap();
    assert!(st.success(), "strip");
    out
}

#[test]
fn the_release_archive_has_a_checksum_that_sha256sum_accepts_and_a_binary_that_runs() {
    if !(have_tool("tar") && have_tool("sha256sum") && have_tool("strip") && have_tool("readelf")) {
        return skip("tar, sha256sum, strip or readelf missing");
    }
    let tmp = tempfile::tempdir().unwrap();
    let bin = stripped_ismsbook(tmp.path());
    let dist = tmp.path().join("dist");
    let out = package(&bin, &dist);
    assert!(out.status.success(), "{out:?}");
    let name = archive_name();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        dist.join(&name).display().to_string()
    );

    // The checksum file is in `sha256sum -c` form and names the archive.
    let sums = std::fs::read_to_string(dist.join(format!("{name}.sha256"))).unwrap();
    assert!(sums.ends_with(&format!("  {name}\n")), "{sums}");
    let ok = sha256_check(&dist, &format!("{name}.sha256"));
    assert!(ok.status.success(), "{ok:?}");

    // What the install steps of docs/ci.md and action.yml do: unpack the
    // binary alone and run it.
    let list = Command::new("tar")
        .arg("-tzf")
        .arg(dist.join(&name))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&list.stdout),
        "ismsbook\nREADME.md\n"
    );
    let bindir = tmp.path().join("bin");
    std::fs::create_dir(&bindir).unwrap();
    let st = Command::new("tar")
        .arg("-xzf")
        .arg(dist.join(&name))
        .arg("-C")
        .arg(&bindir)
        .arg("ismsbook")
        .status()
        .unwrap();
    assert!(st.success());
    let v = Command::new(bindir.join("ismsbook"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(v.status.success());
    assert!(
        String::from_utf8_lossy(&v.stdout).contains(env!("CARGO_PKG_VERSION")),
        "{v:?}"
    );

    // A damaged download is caught.
    let mut bytes = std::fs::read(dist.join(&name)).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    std::fs::write(dist.join(&name), bytes).unwrap();
    let bad = sha256_check(&dist, &format!("{name}.sha256"));
    assert!(!bad.status.success(), "{bad:?}");
}

#[test]
fn the_release_archive_is_reproducible_and_a_binary_with_debug_info_is_refused() {
    if !(have_tool("tar") && have_tool("sha256sum") && have_tool("readelf")) {
        return skip("tar, sha256sum or readelf missing");
    }
    let tmp = tempfile::tempdir().unwrap();
    // Any small file stands for the binary here: the archive's bytes.
    let fake = tmp.path().join("ismsbook");
    std::fs::write(&fake, "#!/bin/sh\necho ismsbook\n").unwrap();
    let name = archive_name();
    let mut made = Vec::new();
    for i in 0..2 {
        let dist = tmp.path().join(format!("dist{i}"));
        let out = package(&fake, &dist);
        assert!(out.status.success(), "{out:?}");
        made.push(std::fs::read(dist.join(&name)).unwrap());
    }
    assert_eq!(made[0], made[1], "two packagings differ");

    // The test build keeps its debug info: not a release asset.
    let dist = tmp.path().join("refused");
    let out = package(Path::new(env!("CARGO_BIN_EXE_ismsbook")), &dist);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("debug info"),
        "{out:?}"
    );
    assert!(!dist.join(&name).exists());
}

#[test]
fn the_release_workflow_packages_with_the_tested_script_and_publishes_sha256sums() {
    let wf = std::fs::read_to_string(repo_root().join(".github/workflows/release.yml")).unwrap();
    assert!(wf.contains("scripts/package-release.sh"), "{wf}");
    assert!(wf.contains("CARGO_PROFILE_RELEASE_STRIP: symbols"));
    // The Linux asset is the static build that the container image and the
    // docs' install steps use.
    assert!(wf.contains(&format!("target: {TARGET}")) && wf.contains("+crt-static"));
    assert!(wf.contains("sha256sum -c ./*.sha256") && wf.contains("> SHA256SUMS"));
    for doc in ["docs/ci.md", "action.yml"] {
        let text = std::fs::read_to_string(repo_root().join(doc)).unwrap();
        assert!(
            text.contains(&format!("ismsbook-$VERSION-{TARGET}.tar.gz"))
                || text.contains(&format!("ismsbook-$ISMSBOOK_VERSION-{TARGET}.tar.gz")),
            "{doc} installs another asset"
        );
    }
}
