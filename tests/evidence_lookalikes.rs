//! Evidence copies are published as `incidents/<id>/evidence/<file name>`:
//! the folders of the record's evidence paths are dropped. Two files in
//! different folders whose names differ only in case or Unicode form are
//! two different paths to `check` (E205 compares whole paths), but would
//! be two copies in one folder that Windows and macOS — where the auditor
//! unpacks the site — hold as one file: one copy replaces the other.

mod common;

use common::{read_tree, Fixture, TODAY};
use unicode_normalization::UnicodeNormalization;

#[test]
fn copies_whose_names_differ_only_in_case_or_unicode_form_get_distinct_names() {
    let f = Fixture::example();
    let nfc = "ガイド.pdf".to_string();
    let nfd: String = nfc.nfd().collect();
    assert_ne!(nfc, nfd);
    let files = [
        ("evidence/INC-2025-006/a/Scan.pdf", "first"),
        ("evidence/INC-2025-006/b/scan.pdf", "second"),
        (&*format!("evidence/INC-2025-006/a/{nfc}"), "third"),
        (&*format!("evidence/INC-2025-006/b/{nfd}"), "fourth"),
    ]
    .map(|(p, b)| (p.to_string(), b));
    let mut list = String::new();
    for (path, bytes) in &files {
        f.write(path, bytes);
        list.push_str(&format!("  - path: {path}\n    description: 証跡\n"));
    }
    f.replace(
        "incidents/2025/INC-2025-006.yaml",
        "evidence:\n",
        &format!("evidence:\n{list}"),
    );
    let run = f.build_site("site", TODAY, &["--audience", "auditor"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let site = read_tree(&f.workdir().join("site"));
    let copies: Vec<(&String, &Vec<u8>)> = site
        .iter()
        .filter(|(p, _)| p.starts_with("incidents/INC-2025-006/evidence/"))
        .collect();
    // Each copy under a name no other copy shares on a case-blind,
    // normalising file system.
    let mut folded = std::collections::BTreeMap::new();
    for (path, _) in &copies {
        let key: String = path.nfkc().collect::<String>().to_lowercase();
        if let Some(other) = folded.insert(key, path) {
            panic!("{path} and {other} are one file on Windows and macOS");
        }
    }
    for (_, bytes) in &files {
        assert!(
            copies.iter().any(|(_, b)| b.as_slice() == bytes.as_bytes()),
            "the copy holding `{bytes}` is missing"
        );
    }
}
