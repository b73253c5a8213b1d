//! The inputs kept in `fuzz/regressions/`, replayed without `cargo fuzz`.

use super::*;

// ---------------------------------------------------------------------------
// Fuzz regressions
// ---------------------------------------------------------------------------

/// Inputs kept in `fuzz/regressions/<target>/`, so the ordinary test run
/// replays them without `cargo fuzz`.
pub fn regression_inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter(|e| e.path().is_file())
                .map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    (name, std::fs::read(e.path()).unwrap())
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// What the `load_validate` fuzz target does, on every kept input.
#[test]
fn load_validate_fuzz_regressions_load_and_validate() {
    let root = common::example_dir();
    let content = ismsbook::load::load(&root).unwrap().content;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let inputs = regression_inputs("load_validate");
    assert!(!inputs.is_empty());
    for (name, bytes) in inputs {
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let start = Instant::now();
        let (incident, _) = ismsbook::load::incident_from_str(
            text,
            "incidents/2026/FUZZ.yaml",
            content.site.timezone,
        );
        if let Some(incident) = incident {
            let mut c = content.clone();
            c.incidents = vec![incident];
            let _ = ismsbook::validate::validate(&c, &root, today);
        }
        assert!(start.elapsed() < HOSTILE_DEADLINE, "{name} took too long");
    }
}
