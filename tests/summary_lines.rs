//! What `build` and `serve` print when they are done is in the site's
//! language (the example is a Japanese site), or the one `--lang` asks for,
//! like the diagnostics above it. They were English on a Japanese site.

mod common;

use common::*;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn last_line(run: &Run) -> String {
    run.stderr.lines().last().unwrap_or("").to_string()
}

#[test]
fn build_says_what_it_built_in_the_sites_language() {
    let f = Fixture::example();
    // The fixture runs in English (`ISMSBOOK_LANG=en`): ask for the site's.
    let ja = f.build_site("site", "2026-11-22", &["--lang", "ja"]);
    assert_eq!(ja.status, 0, "{}", ja.stderr);
    let line = last_line(&ja);
    assert!(line.contains("ページを出力しました"), "{line}");
    assert!(line.contains("記録 17 件"), "{line}");
    assert!(
        !line.contains("built") && !line.contains("records"),
        "{line}"
    );
    let en = f.build_site("site", "2026-11-22", &["--lang", "en"]);
    let line = last_line(&en);
    assert!(
        line.starts_with("built ") && line.contains("(17 records, "),
        "{line}"
    );
}

#[test]
fn serve_says_where_it_serves_in_the_sites_language() {
    let f = Fixture::example();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ismsbook"))
        .args(["serve", "--port", "0", "--today", "2026-11-22", "--content"])
        .arg(f.root())
        .env_remove("ISMSBOOK_LANG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn serve");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("stdout");
    BufReader::new(stdout).read_line(&mut line).expect("a line");
    let _ = child.kill();
    let mut err = String::new();
    if let Some(e) = child.stderr.take() {
        use std::io::Read;
        let _ = BufReader::new(e).read_to_string(&mut err);
    }
    let _ = child.wait();
    assert!(line.contains("プレビュー: http://127.0.0.1:"), "{line}");
    assert!(!line.contains("serving"), "{line}");
    // The whole build before it was said in Japanese too.
    assert!(err.contains("作り直しました"), "{err}");
    assert!(!err.contains("rebuilt"), "{err}");
}
