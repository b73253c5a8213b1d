//! The hand-over of a built site, checked with tools that are not ismsbook:
//! GNU `sha256sum -c evidence/SHA256SUMS` passes on an untouched site and
//! fails on a tampered one; a site signed with a real SSH key
//! (`ssh-keygen`, via `ismsbook sign`) passes `verify --signature`, and a
//! site tampered with and rehashed throughout (manifest, evidence page and
//! SHA256SUMS all recomputed, so plain `verify` says ok) fails it. Needs
//! `sha256sum` and `ssh-keygen` (scripts/test.sh installs openssh-client).

mod common;

use common::*;
use ismsbook::digest::sha256_hex;
use std::path::Path;
use std::process::Command;

fn build(f: &Fixture) -> std::path::PathBuf {
    let run = f.build_site("site", TODAY, &[]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    f.workdir().join("site")
}

fn sha256sum_check(site: &Path) -> std::process::Output {
    Command::new("sha256sum")
        .args(["-c", "--quiet", "evidence/SHA256SUMS"])
        .current_dir(site)
        .output()
        .expect("run sha256sum (coreutils)")
}

fn keygen(dir: &Path, name: &str) -> std::path::PathBuf {
    let key = dir.join(name);
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", name, "-f"])
        .arg(&key)
        .output()
        .expect("run ssh-keygen (openssh-client)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    key
}

/// An allowed_signers file trusting `key` as `principal`.
fn allowed(dir: &Path, principal: &str, key: &Path) -> std::path::PathBuf {
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    let mut parts = public.split_whitespace();
    let line = format!(
        "{principal} {} {}\n",
        parts.next().unwrap(),
        parts.next().unwrap()
    );
    let path = dir.join("allowed_signers");
    std::fs::write(&path, line).unwrap();
    path
}

/// Change one page and rehash everything a forger can: the manifest entry,
/// the manifest's hash on the evidence page and every line of SHA256SUMS.
fn tamper_and_rehash(site: &Path) {
    let page = site.join("register.html");
    let text = std::fs::read_to_string(&page).unwrap();
    let forged = text
        .replacen("INC-2026-007", "INC-2026-070", 1)
        .into_bytes();
    std::fs::write(&page, &forged).unwrap();
    let mpath = site.join("evidence/manifest.json");
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&mpath).unwrap()).unwrap();
    for f in m["files"].as_array_mut().unwrap() {
        if f["path"] == "register.html" {
            f["sha256"] = sha256_hex(&forged).into();
            f["size"] = forged.len().into();
        }
    }
    let old_hash = sha256_hex(&std::fs::read(&mpath).unwrap());
    let mut bytes = serde_json::to_vec_pretty(&m).unwrap();
    bytes.push(b'\n');
    std::fs::write(&mpath, &bytes).unwrap();
    let index = site.join("evidence/index.html");
    let html = std::fs::read_to_string(&index)
        .unwrap()
        .replace(&old_hash, &sha256_hex(&bytes));
    std::fs::write(&index, html).unwrap();
    let sums = site.join("evidence/SHA256SUMS");
    let listed = std::fs::read_to_string(&sums).unwrap();
    let rehashed: String = listed
        .lines()
        .map(|l| {
            let (_, path) = l.split_once("  ").unwrap();
            let hash = sha256_hex(&std::fs::read(site.join(path)).unwrap());
            format!("{hash}  {path}\n")
        })
        .collect();
    std::fs::write(&sums, rehashed).unwrap();
}

#[test]
fn sha256sum_accepts_an_untouched_site_and_rejects_a_tampered_one() {
    let f = Fixture::example();
    let site = build(&f);
    let ok = sha256sum_check(&site);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    // Every file of the site but the list, its signature and the marker.
    let listed = std::fs::read_to_string(site.join("evidence/SHA256SUMS")).unwrap();
    let n_files = walkdir::WalkDir::new(&site)
        .into_iter()
        .filter(|e| e.as_ref().unwrap().file_type().is_file())
        .count();
    assert_eq!(listed.lines().count(), n_files - 2, "{listed}");
    assert!(listed.contains("  evidence/manifest.json\n"));
    assert!(listed.contains("  evidence/index.html\n"));
    // The evidence page shows the manifest's hash for the recipient to record.
    let manifest = std::fs::read(site.join("evidence/manifest.json")).unwrap();
    let index = std::fs::read_to_string(site.join("evidence/index.html")).unwrap();
    assert!(index.contains(&sha256_hex(&manifest)));

    std::fs::write(site.join("levels.html"), "<p>changed</p>").unwrap();
    let bad = sha256sum_check(&site);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stdout).contains("levels.html: FAILED"));
}

#[test]
fn a_tampered_and_rehashed_site_fails_verify_signature() {
    let f = Fixture::example();
    let site = build(&f);
    let keys = f.workdir().join("keys");
    std::fs::create_dir(&keys).unwrap();
    let key = keygen(&keys, "publisher");
    let trusted = allowed(&keys, "isms@example.co.jp", &key);
    let key_s = key.to_str().unwrap();
    let trusted_s = trusted.to_str().unwrap();

    let signed = f.run(&["sign", "site", "--key", key_s]);
    assert_eq!(signed.status, 0, "{}", signed.stderr);
    assert!(site.join("evidence/SHA256SUMS.sig").is_file());
    let good = f.run(&[
        "verify",
        "site",
        "--signature",
        "--allowed-signers",
        trusted_s,
    ]);
    assert_eq!(good.status, 0, "{}", good.stderr);
    assert!(
        good.stderr.contains("signed by isms@example.co.jp"),
        "{}",
        good.stderr
    );

    tamper_and_rehash(&site);
    // Without the signature the forgery is consistent: plain verify and
    // sha256sum both pass ...
    let plain = f.run(&["verify", "site"]);
    assert_eq!(plain.status, 0, "{}", plain.stderr);
    assert!(sha256sum_check(&site).status.success());
    // ... with it, it is not.
    let bad = f.run(&[
        "verify",
        "site",
        "--signature",
        "--allowed-signers",
        trusted_s,
    ]);
    assert_eq!(bad.status, 1, "{}", bad.stderr);
    assert!(bad.stderr.contains("signature"), "{}", bad.stderr);

    // Re-signing with the forger's own key does not help: it is not trusted.
    let other = keygen(&keys, "forger");
    let resigned = f.run(&["sign", "site", "--key", other.to_str().unwrap()]);
    assert_eq!(resigned.status, 0, "{}", resigned.stderr);
    let still_bad = f.run(&[
        "verify",
        "site",
        "--signature",
        "--allowed-signers",
        trusted_s,
    ]);
    assert_eq!(still_bad.status, 1, "{}", still_bad.stderr);
}

#[test]
fn an_unsigned_site_fails_verify_signature_and_says_why() {
    let f = Fixture::example();
    build(&f);
    let keys = f.workdir().join("keys");
    std::fs::create_dir(&keys).unwrap();
    let key = keygen(&keys, "publisher");
    let trusted = allowed(&keys, "isms@example.co.jp", &key);
    let run = f.run(&[
        "verify",
        "site",
        "--signature",
        "--allowed-signers",
        trusted.to_str().unwrap(),
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("not signed"), "{}", run.stderr);
}
