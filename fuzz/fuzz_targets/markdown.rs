//! Any text through the Markdown renderer and sanitiser: never panics, and
//! never lets executable markup through. The rendered HTML then goes through
//! the search indexer's text extraction, which reads the same HTML.
#![no_main]

use ismsbook::markup::markdown::{render, Slugger};
use libfuzzer_sys::fuzz_target;

// The same scan `tests/xss.rs` runs over every built page: real tags and
// attributes only, so text that merely mentions `onerror=` is not a finding.
#[allow(dead_code)]
#[path = "../../tests/xss/scan.rs"]
mod scan;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let html = render(text, &mut Slugger::for_page()).html;
    let found = scan::executable_markup(&html);
    assert!(found.is_empty(), "executable markup survived: {found:?}\n{html}");
    let _ = ismsbook::markup::text::visible_text(&html);
});
