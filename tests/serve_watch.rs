//! `ismsbook serve` watches the content from before it says `serving`: an
//! edit saved the moment that line appears is rebuilt, never missed.
//!
//! The watcher used to start after the line was printed; an edit saved in
//! that gap (a script, or a fast editor) was lost until the next one, which
//! failed about half the tries on a fast machine.

mod common;

use common::serve::Served;
use std::time::{Duration, Instant};

#[test]
fn an_edit_saved_as_serving_is_printed_is_rebuilt() {
    const PAGE: &str = "/incidents/INC-2026-001.html";
    // Each try had about even odds of losing the edit before the fix.
    for attempt in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        common::copy_tree(&common::example_dir(), &content);
        let out = dir.path().join("out");
        let served = Served::start(&content, &["--out", out.to_str().unwrap()]);

        // Saved at once, before any request.
        let record = content.join("incidents/2026/INC-2026-001.yaml");
        let text = std::fs::read_to_string(&record).unwrap();
        std::fs::write(&record, text.replacen("title: ", "title: 【更新】", 1)).unwrap();

        let started = Instant::now();
        while !served.get(PAGE, &[]).body.contains("【更新】") {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "try {attempt}: the edit saved as `serving` appeared was never rebuilt"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
