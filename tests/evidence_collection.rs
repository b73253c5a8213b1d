//! Who collected each evidence file and when (`collected_by`,
//! `collected_at`), on the record page, the evidence page and in
//! `register.json`; and the evidence coverage per level on the evidence page.

mod common;

use common::*;
use ismsbook::site::{build, BuildOptions};
use std::collections::BTreeMap;

fn auditor_build() -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&BuildOptions {
        content: example_dir(),
        out: out.clone(),
        theme: None,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        audience: Some("auditor".into()),
    })
    .unwrap_or_else(|e| panic!("build failed: {e:?}"));
    let files = read_tree(&out);
    (dir, files)
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(files[path].clone()).unwrap()
}

#[test]
fn the_collector_and_time_show_on_the_record_and_evidence_pages() {
    let (_dir, files) = auditor_build();
    // A role is shown by its name.
    let record = text(&files, "incidents/INC-2026-001.html");
    assert!(
        record.contains("<span class=\"muted small evidence-collected\">収集: システム管理者、2026-01-20 11:30</span>"),
        "record page"
    );
    let index = text(&files, "evidence/index.html");
    assert!(index.contains("収集: システム管理者、2026-01-20 11:30"));
    // The auditor may see people: a person is shown as written.
    assert!(index.contains("収集: 山口 剛、2025-09-01 10:40"));
    // A file whose record says neither has no such line.
    let leak = text(&files, "incidents/INC-2025-007.html");
    assert!(!leak.contains("evidence-collected"));
}

#[test]
fn register_json_carries_who_collected_and_when() {
    let (_dir, files) = auditor_build();
    let json: serde_json::Value = serde_json::from_slice(&files["register.json"]).unwrap();
    let incidents = json["incidents"].as_array().unwrap();
    let find = |id: &str| {
        incidents
            .iter()
            .find(|i| i["id"] == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    let vpn = &find("INC-2026-001")["evidence"][0];
    assert_eq!(vpn["collected_by"], "it_admin");
    assert_eq!(vpn["collected_at"], "2026-01-20T11:30:00+09:00");
    let mail = &find("INC-2025-007")["evidence"][0];
    assert!(mail.get("collected_by").is_none() && mail.get("collected_at").is_none());
}

#[test]
fn the_evidence_page_shows_coverage_per_level() {
    let (_dir, files) = auditor_build();
    let index = text(&files, "evidence/index.html");
    let start = index
        .find("id=\"evidence-coverage\"")
        .expect("coverage section");
    let section = &index[start..start + index[start..].find("</section>").unwrap()];
    let row = |level: u8| -> String {
        let at = section
            .find(&format!("<tr data-level=\"{level}\">"))
            .unwrap_or_else(|| panic!("level {level}"));
        let rest = &section[at..];
        rest[..rest.find("</tr>").unwrap()].to_string()
    };
    // Level 3: three records, two with evidence; INC-2025-009 has none.
    let three = row(3);
    assert!(
        three.contains("<td class=\"num\">3</td><td class=\"num\">2</td>"),
        "{three}"
    );
    assert!(three.contains(">INC-2025-009</a>"), "{three}");
    assert!(!three.contains(">INC-2025-007</a>"), "{three}");
    // The figures agree with the records: count them from the sources.
    let mut with = 0;
    let mut all = 0;
    for entry in walkdir::WalkDir::new(example_dir().join("incidents")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "yaml") {
            let y = std::fs::read_to_string(entry.path()).unwrap();
            if y.contains("\nlevel: 3\n") {
                all += 1;
                if y.contains("\nevidence:\n") {
                    with += 1;
                }
            }
        }
    }
    assert_eq!((all, with), (3, 2));
}

#[test]
fn staff_see_no_coverage_when_evidence_is_hidden() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&BuildOptions {
        content: example_dir(),
        out: out.clone(),
        theme: None,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        audience: None,
    })
    .unwrap();
    let index = std::fs::read_to_string(out.join("evidence/index.html")).unwrap();
    assert!(!index.contains("evidence-coverage"));
    assert!(!index.contains("山口 剛"));
}

#[test]
fn a_collector_named_only_in_evidence_is_a_person_the_name_rule_knows() {
    let f = Fixture::example();
    f.replace(
        "incidents/2026/INC-2026-001.yaml",
        "    collected_by: it_admin\n",
        "    collected_by: 藤原 悠真\n",
    );
    // Named in a summary that staff read: E121, as for a reporter.
    let text = f.replace(
        "incidents/2026/INC-2026-007.yaml",
        "  JPCERT/CC から",
        "  藤原 悠真が JPCERT/CC から",
    );
    let p = f.problems();
    let d = assert_has(
        &p,
        "E121",
        "incidents/2026/INC-2026-007.yaml",
        locate(&text, "藤原 悠真が", "藤原 悠真"),
    );
    assert!(d.message.contains("藤原"), "{d}");
}
