//! `register.json` keeps to its documented shape (docs/evidence.md): a key
//! marked `?` is absent when its value is empty or the audience may not see
//! it — never an empty list.

mod common;

use std::process::Command;

const LISTS: &[&str] = &[
    "affected_systems",
    "timeline",
    "notifications",
    "required_notifications",
    "actions",
    "evidence",
    "tags",
];

fn register(audience: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = dir.path().join("content");
    common::copy_tree(&common::example_dir(), &content);
    let out = dir.path().join("site");
    let run = Command::new(env!("CARGO_BIN_EXE_ismsbook"))
        .args([
            "build",
            "--today",
            "2026-11-22",
            "--audience",
            audience,
            "--content",
        ])
        .arg(&content)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run build");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(out.join("register.json")).expect("register.json");
    serde_json::from_str(&text).expect("register.json is JSON")
}

#[test]
fn list_keys_are_absent_when_empty_never_empty_lists() {
    for audience in ["auditor", "staff"] {
        let json = register(audience);
        let incidents = json["incidents"].as_array().expect("incidents");
        let mut absent = 0;
        for inc in incidents {
            for key in LISTS {
                match inc.get(*key) {
                    None => absent += 1,
                    Some(v) => assert!(
                        v.as_array().is_some_and(|a| !a.is_empty()),
                        "{audience}: {} has `{key}`: {v}",
                        inc["id"]
                    ),
                }
            }
        }
        assert!(absent > 0, "{audience}: some record leaves a list out");
    }
}
