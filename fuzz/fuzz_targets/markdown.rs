//! Any text through the Markdown renderer and sanitiser: never panics, and
//! never lets executable markup through.
#![no_main]

use ismsbook::render::markdown::{render, Slugger};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let html = render(text, &mut Slugger::for_page()).html.to_ascii_lowercase();
    for bad in ["<script", "<iframe", "<object", "<embed", " onerror=", " onload=", "href=\"javascript:", "src=\"javascript:", "href=\"data:"] {
        assert!(!html.contains(bad), "`{bad}` survived in {html}");
    }
});
