//! Evidence copies are inert by an allow-list, and a build's manifest hashes
//! only what its audience's site contains (security round 2, findings 1 and 2).
//!
//! - every evidence file whose type is not on `evidence::copy::KEPT` is
//!   published as `<name>.txt`, whatever its extension, case or trailing
//!   dots, with its bytes, size and hash unchanged, and the record links the
//!   inert copy;
//! - the staff manifest lists no record file with its size and SHA-256 (a
//!   guess-confirmation oracle for hidden fields), the auditor manifest lists
//!   them all, and `ismsbook verify` passes on both builds.

mod common;

use ismsbook::digest::sha256_hex;
use ismsbook::evidence::manifest::{Manifest, MANIFEST_PATH};
use ismsbook::evidence::verify::verify;
use ismsbook::site::{build, BuildOptions};
use std::path::{Path, PathBuf};
use std::process::Command;

const TODAY: &str = "2026-11-22";
const RECORD: &str = "incidents/2025/INC-2025-006.yaml";
const ID: &str = "INC-2025-006";

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
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &content,
    );
    (dir, content)
}

fn build_into(content: &Path, out: &Path, audience: &str) {
    let opts = BuildOptions {
        content: content.to_path_buf(),
        out: out.to_path_buf(),
        theme: None,
        today: chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap(),
        audience: Some(audience.into()),
    };
    if let Err(e) = build(&opts) {
        panic!("{audience} build failed: {e}");
    }
}

fn verify_bin(dir: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ismsbook"))
        .arg("verify")
        .arg(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

/// Source name → the name its copy must have.
const NAMES: &[(&str, &str)] = &[
    // Run script in Chromium, missed by the old deny-list.
    ("a.xhtm", "a.xhtm.txt"),
    ("a.shtm", "a.shtm.txt"),
    ("a.xsd", "a.xsd.txt"),
    ("a.xbl", "a.xbl.txt"),
    ("a.atom", "a.atom.txt"),
    ("a.rss", "a.rss.txt"),
    // Any case, Windows' trailing dot, unknown types, no extension.
    ("x.HTML.", "x.HTML.txt"),
    ("y.SvG", "y.SvG.txt"),
    ("x.php", "x.php.txt"),
    ("noext", "noext.txt"),
    ("mail.eml", "mail.eml.txt"),
    ("auth.log", "auth.log.txt"),
    // Allow-listed: kept, case-blind.
    ("mail-log.csv", "mail-log.csv"),
    ("alert.JSON", "alert.JSON"),
    ("screen.png", "screen.png"),
    ("report.pdf", "report.pdf"),
    ("logs.zip", "logs.zip"),
    // Kept, without the trailing dot a Linux disk would keep (and a browser
    // would then see no extension, and sniff).
    ("scan.PDF.", "scan.PDF"),
];

/// A page that would run script if a browser opened it as markup.
fn payload(name: &str) -> String {
    format!("<html><body><script>alert('{name}')</script></body></html>\n")
}

#[test]
fn evidence_copies_are_inert_unless_their_type_is_allow_listed() {
    let (dir, content) = example_copy();
    let folder = format!("evidence/{ID}/inert");
    std::fs::create_dir_all(content.join(&folder)).unwrap();
    let mut entries = String::new();
    for (name, _) in NAMES {
        std::fs::write(content.join(&folder).join(name), payload(name)).unwrap();
        entries.push_str(&format!("  - path: \"{folder}/{name}\"\n"));
    }
    let record = content.join(RECORD);
    let text = std::fs::read_to_string(&record).unwrap();
    let text = text.replacen("evidence:\n", &format!("evidence:\n{entries}"), 1);
    std::fs::write(&record, text).unwrap();

    let out = dir.path().join("site");
    build_into(&content, &out, "auditor");
    let files = common::read_tree(&out);
    let page = String::from_utf8(files[&format!("incidents/{ID}.html")].clone()).unwrap();
    let manifest = Manifest::from_bytes(&files[MANIFEST_PATH]).unwrap();
    for (name, want) in NAMES {
        let copy = format!("incidents/{ID}/evidence/{want}");
        let bytes = payload(name).into_bytes();
        assert_eq!(
            files.get(&copy),
            Some(&bytes),
            "`{name}` is not copied, byte for byte, as `{want}`; evidence files: {:?}",
            files
                .keys()
                .filter(|k| k.contains("/evidence/"))
                .collect::<Vec<_>>()
        );
        if want != name {
            let as_is = format!("incidents/{ID}/evidence/{name}");
            assert!(!files.contains_key(&as_is), "`{as_is}` was published");
        }
        // The record links the copy and shows the unchanged size and hash.
        let href = format!("../{}", ismsbook::paths::encode_path(&copy));
        assert!(
            common::has_attr(&page, "href", &href),
            "the record does not link {href}"
        );
        assert!(page.contains(&sha256_hex(&bytes)), "hash of `{name}`");
        let listed = manifest.files.iter().find(|f| f.path == copy).unwrap();
        assert_eq!(
            (listed.size, listed.sha256.as_str()),
            (bytes.len() as u64, sha256_hex(&bytes).as_str())
        );
    }
    let v = verify(&out).unwrap();
    assert!(v.ok(), "{:?}", v.differences);
}

#[test]
fn staff_manifest_lists_no_record_file_and_both_builds_verify() {
    let (dir, content) = example_copy();
    let records: Vec<(String, Vec<u8>)> = common::read_tree(&content.join("incidents"))
        .into_iter()
        .map(|(rel, bytes)| (format!("incidents/{rel}"), bytes))
        .collect();
    assert!(records.len() >= 8, "{} record files", records.len());

    let staff = dir.path().join("staff");
    build_into(&content, &staff, "staff");
    let files = common::read_tree(&staff);
    let manifest = Manifest::from_bytes(&files[MANIFEST_PATH]).unwrap();
    assert_eq!(manifest.audience, "staff");
    assert!(
        manifest.sources.iter().any(|s| s.path == "policy.yaml"),
        "the sources the site shows whole are still listed"
    );
    let listed: Vec<&str> = manifest
        .sources
        .iter()
        .map(|s| s.path.as_str())
        .filter(|p| p.starts_with("incidents/"))
        .collect();
    assert_eq!(
        listed,
        Vec::<&str>::new(),
        "record files in the staff manifest"
    );
    // Not under another name either: no record file's hash is in any file.
    for (rel, bytes) in &records {
        let hash = sha256_hex(bytes);
        for (path, out) in &files {
            assert!(
                !String::from_utf8_lossy(out).contains(&hash),
                "the SHA-256 of {rel} is in the staff build's {path}"
            );
        }
    }
    let (code, said) = verify_bin(&staff);
    assert_eq!(code, 0, "{said}");

    let auditor = dir.path().join("auditor");
    build_into(&content, &auditor, "auditor");
    let files = common::read_tree(&auditor);
    let manifest = Manifest::from_bytes(&files[MANIFEST_PATH]).unwrap();
    for (rel, bytes) in &records {
        let entry = manifest.sources.iter().find(|s| &s.path == rel);
        let entry = entry.unwrap_or_else(|| panic!("{rel} not in the auditor manifest"));
        assert_eq!(
            (entry.size, entry.sha256.clone()),
            (bytes.len() as u64, sha256_hex(bytes)),
            "{rel}"
        );
    }
    let (code, said) = verify_bin(&auditor);
    assert_eq!(code, 0, "{said}");
}
