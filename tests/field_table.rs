//! A record field declared once: every extra text field of the field table
//! (`schema::fields::extra_text`) is checked, read, shown on its record page,
//! exported to `register.csv` and `register.json`, searchable, hidden by
//! `audiences.*.hide`, and in the JSON Schema and the skeleton, with no other
//! code naming it. Each stage is asserted per field, so a stage that forgets
//! the extra fields (or one kind of them) fails here, naming the field.
//!
//! The table drives the test: a field added to it is covered without an edit
//! here (docs/architecture.md lists the files such a field touches).

mod common;

use common::*;
use ismsbook::schema::fields::{self, Field, Ty};
use ismsbook::site::{build, BuildOptions};
use std::collections::BTreeMap;
use std::path::Path;

const TODAY: &str = "2026-11-22";
/// A normal record (staff see it in full).
const RECORD: &str = "incidents/2026/INC-2026-001.yaml";
const RECORD_ID: &str = "INC-2026-001";
/// The example policy's staff `hide` line.
const STAFF_HIDE: &str =
    "hide: [reporter, timeline.by, impact.records_affected, evidence, organization]";

fn extra() -> Vec<&'static Field> {
    fields::extra_text().collect()
}

/// A letters-only word that occurs nowhere else and survives the search
/// index's normalisation whole.
fn canary(f: &Field) -> String {
    let letters: String = f.name.chars().filter(char::is_ascii_alphabetic).collect();
    format!("qzextra{letters}qz")
}

/// `text` (a record) without the top-level key `name` and its value's
/// indented lines (the example may already have the field).
fn without(text: &str, name: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in text.lines() {
        if line.starts_with(&format!("{name}:")) {
            skipping = true;
            continue;
        }
        if skipping && (line.starts_with(' ') || line.is_empty()) {
            continue;
        }
        skipping = false;
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The record with `value(f)` (YAML text after `name: `) for every extra field.
fn with_fields(fx: &Fixture, value: impl Fn(&Field) -> String) {
    let mut text = fx.read(RECORD);
    for f in extra() {
        text = without(&text, f.name);
        text.push_str(&format!("{}: {}\n", f.name, value(f)));
    }
    fx.write(RECORD, text);
}

/// Every file of a build of `fx` for `audience`: path → text.
fn site(fx: &Fixture, audience: &str) -> BTreeMap<String, String> {
    let out = fx.workdir().join(format!("site-{audience}"));
    build(&BuildOptions {
        content: fx.root(),
        out: out.clone(),
        theme: None,
        today: chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap(),
        audience: Some(audience.into()),
    })
    .unwrap_or_else(|e| panic!("{audience} build failed: {e}"));
    let mut files = BTreeMap::new();
    for e in walkdir::WalkDir::new(&out) {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(&out).unwrap();
            let mut bytes = std::fs::read(e.path()).unwrap();
            // A document shard's texts are packed: read them unpacked.
            if let Some(json) = ismsbook::search::doc_shard_json(&bytes) {
                bytes = json;
            }
            files.insert(
                rel.to_string_lossy().replace('\\', "/"),
                String::from_utf8_lossy(&bytes).into_owned(),
            );
        }
    }
    files
}

/// The record's `register.csv` row as column → value.
fn csv_row(files: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let bytes = files["register.csv"]
        .trim_start_matches('\u{feff}')
        .to_string();
    let mut r = csv::Reader::from_reader(bytes.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let row = r
        .records()
        .map(Result::unwrap)
        .find(|row| &row[0] == RECORD_ID)
        .expect("the record's row");
    header
        .into_iter()
        .zip(row.iter().map(String::from))
        .collect()
}

/// The record's object in `register.json`.
fn json_record(files: &BTreeMap<String, String>) -> serde_json::Value {
    let doc: serde_json::Value = serde_json::from_str(&files["register.json"]).unwrap();
    doc["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == RECORD_ID)
        .cloned()
        .expect("the record in register.json")
}

#[test]
fn every_extra_field_is_optional_text_with_a_label_in_every_locale() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/locales");
    for lang in ["ja", "en"] {
        let text = std::fs::read_to_string(root.join(format!("{lang}.yaml"))).unwrap();
        let t: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        for f in extra() {
            assert!(!f.required, "`{}` is optional", f.name);
            assert!(
                matches!(f.ty, Ty::Str | Ty::Markdown),
                "`{}` is text",
                f.name
            );
            assert!(
                t["incident"][f.name].as_str().is_some(),
                "{lang}.yaml has no `incident.{}` (the record page's heading)",
                f.name
            );
        }
    }
}

#[test]
fn extra_fields_are_checked_for_type_and_characters() {
    let tz = chrono::FixedOffset::east_opt(9 * 3600).unwrap();
    let base = std::fs::read_to_string(example_dir().join(RECORD)).unwrap();
    for f in extra() {
        let base = without(&base, f.name);
        for (value, code) in [("{ a: 1 }", "E102"), ("\"bell\\a here\"", "E112")] {
            let text = format!("{base}\n{}: {value}\n", f.name);
            let (_, diags) = ismsbook::load::incident_from_str(&text, RECORD, tz);
            assert!(
                diags.iter().any(|d| d.code == code),
                "`{}: {value}` gives no {code}: {:?}",
                f.name,
                diags.iter().map(|d| d.code).collect::<Vec<_>>()
            );
        }
        let ok = format!("{base}\n{}: {}\n", f.name, canary(f));
        let (inc, diags) = ismsbook::load::incident_from_str(&ok, RECORD, tz);
        assert!(diags.is_empty(), "`{}`: {diags:?}", f.name);
        assert_eq!(
            inc.and_then(|i| i.extra.get(f.name).cloned()).as_deref(),
            Some(canary(f).as_str()),
            "`{}` is read into Incident::extra",
            f.name
        );
    }
}

#[test]
fn extra_fields_are_in_the_schema_and_the_skeleton() {
    let loaded = ismsbook::load::load(&example_dir()).unwrap();
    let schema = ismsbook::authoring::jsonschema::incident_schema(&loaded.content);
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    let skeleton = ismsbook::authoring::skeleton::template(&loaded.content, today);
    for f in extra() {
        assert!(
            schema["properties"][f.name].is_object(),
            "`{}` is not in the JSON Schema",
            f.name
        );
        assert!(
            skeleton.lines().any(|l| l
                .trim_start_matches("# ")
                .starts_with(&format!("{}:", f.name))),
            "`{}` is not in the record skeleton",
            f.name
        );
    }
}

#[test]
fn extra_fields_are_shown_exported_searchable_and_hidden() {
    let fx = Fixture::example();
    with_fields(&fx, canary);
    let page = format!("incidents/{RECORD_ID}.html");

    let auditor = site(&fx, "auditor");
    let (csv, json) = (csv_row(&auditor), json_record(&auditor));
    for f in extra() {
        let c = canary(f);
        assert!(
            auditor[&page].contains(&c),
            "`{}` not on the record page",
            f.name
        );
        assert!(
            {
                // The canary is inside a section of its own: the nearest
                // section start before it comes after the last section end.
                let html = &auditor[&page];
                let before = &html[..html.find(&c).unwrap()];
                before.rfind("<section><h2") > before.rfind("</section>")
            },
            "`{}` has no section on the record page",
            f.name
        );
        assert_eq!(
            csv.get(f.name),
            Some(&c),
            "`{}` not in register.csv",
            f.name
        );
        assert_eq!(
            json[f.name].as_str(),
            Some(c.as_str()),
            "`{}` not in register.json",
            f.name
        );
        assert!(
            auditor
                .iter()
                .any(|(p, text)| p.starts_with("search/") && text.contains(&c)),
            "`{}` is not in the search index",
            f.name
        );
    }

    // Staff hiding every hideable extra field: no byte of them anywhere.
    let hideable: Vec<&Field> = extra()
        .into_iter()
        .filter(|f| ismsbook::schema::hideable().contains(&f.name))
        .collect();
    let names: Vec<&str> = hideable.iter().map(|f| f.name).collect();
    fx.replace(
        "policy.yaml",
        STAFF_HIDE,
        &STAFF_HIDE.replace(']', &format!(", {}]", names.join(", "))),
    );
    let staff = site(&fx, "staff");
    for f in &hideable {
        let c = canary(f);
        let leaks: Vec<&String> = staff
            .iter()
            .filter(|(_, text)| text.contains(&c))
            .map(|(p, _)| p)
            .collect();
        assert!(leaks.is_empty(), "hidden `{}` is in {leaks:?}", f.name);
        assert!(
            !csv_row(&staff).contains_key(f.name),
            "hidden `{}` has a CSV column",
            f.name
        );
        assert!(
            json_record(&staff).get(f.name).is_none(),
            "hidden `{}` has a JSON key",
            f.name
        );
    }
    // A field no audience may hide stays.
    for f in extra().into_iter().filter(|f| !names.contains(&f.name)) {
        assert!(
            staff[&page].contains(&canary(f)),
            "`{}` vanished for staff",
            f.name
        );
    }
}
