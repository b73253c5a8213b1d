//! Any bytes as an incident record, validated against the example policy:
//! must never panic, hang or blow up memory.
#![no_main]

use ismsbook::load::{incident_from_str, load};
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn example() -> &'static (ismsbook::model::Content, PathBuf) {
    static EXAMPLE: OnceLock<(ismsbook::model::Content, PathBuf)> = OnceLock::new();
    EXAMPLE.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
        let loaded = load(&root).expect("example content loads");
        (loaded.content, root)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (content, root) = example();
    let (incident, _diags) = incident_from_str(text, "incidents/2026/FUZZ.yaml", content.site.timezone);
    if let Some(incident) = incident {
        let mut c = content.clone();
        c.incidents = vec![incident];
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
        let _ = ismsbook::validate::validate(&c, root, today);
    }
});
