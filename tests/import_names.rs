//! `ismsbook import` and `ismsbook new` never write a record file Windows
//! cannot open: an id that is a device name (`CON`, `com1`) or ends in a dot
//! or a space is E206 where it is given, and nothing is written.

mod common;

use common::*;
use std::path::Path;

fn date_only_mapping() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/date-only.yaml")
}

#[test]
fn an_id_windows_cannot_name_a_file_is_refused_at_its_cell_before_anything_is_written() {
    // `CON` (any case, with or without an extension), `COM1`, … are device
    // names on Windows: a record file so named cannot be unpacked there
    // (E206 in `check`). The import says so at the id's cell and writes
    // nothing, instead of writing a file `check` then refuses.
    for id in ["CON", "com1", "D-2."] {
        let f = Fixture::example();
        let csv = f.workdir().join("windows.csv");
        std::fs::write(
            &csv,
            format!(
                "Ref,Subject,Found,Reported,Contained\n\
                 D-1,Phishing mail opened,2025/4/1 9:30,2025/4/1,2025/4/1 10:15\n\
                 {id},USB stick found,2025/4/2 7:00,2025/4/2,2025/4/2 8:00\n"
            ),
        )
        .unwrap();
        let before = read_tree(&f.root());
        let map = date_only_mapping();
        let run = f.import(&csv, &map, &["--format", "json"]);
        assert_eq!(run.status, 1, "{id}: {}\n{}", run.stdout, run.stderr);
        assert!(read_tree(&f.root()) == before, "{id}: the import wrote");
        let json: serde_json::Value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout, run.stderr));
        let found: Vec<(String, u64, u64)> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["line"].as_u64().unwrap(),
                    d["column"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(found, [("E206".to_string(), 3, 1)], "{id}: {}", run.stdout);
    }
}
