//! A theme template whose loops never end in practice (three nested
//! `range`s: 10^15 steps; Tera has no step limit). A pull request that
//! changes the theme kept beside the content made `build` in CI run until
//! the runner's own limit (six hours on GitHub), and `serve` unstoppable by
//! Ctrl-C. A page that renders longer than the limit
//! (`ISMSBOOK_RENDER_TIMEOUT`, seconds, default 120) stops the build with
//! exit 1, naming the template; nothing is published.

mod common;

use common::{example_dir, TODAY};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn a_theme_that_loops_stops_the_build_naming_the_template() {
    let dir = tempfile::tempdir().unwrap();
    let theme = dir.path().join("theme/templates");
    std::fs::create_dir_all(&theme).unwrap();
    let page = include_str!("../themes/default/templates/handbook.html").replace(
        "<h1>{{ page_title }}</h1>",
        "<h1>{{ page_title }}</h1>{% for a in range(end=100000) %}{% for b in range(end=100000) %}{% for c in range(end=100000) %}{% endfor %}{% endfor %}{% endfor %}",
    );
    std::fs::write(theme.join("handbook.html"), page).unwrap();
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ismsbook"))
        .args(["build", "--content"])
        .arg(example_dir())
        .args(["--out", "site", "--theme", "theme", "--today", TODAY])
        .current_dir(dir.path())
        .env("ISMSBOOK_RENDER_TIMEOUT", "3")
        .env("ISMSBOOK_LANG", "en")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn build");
    // Far longer than the limit, far shorter than the loop.
    let deadline = Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut stderr = String::new();
    use std::io::Read;
    let _ = child
        .stderr
        .take()
        .map(|mut e| e.read_to_string(&mut stderr));
    let status = status.unwrap_or_else(|| panic!("the build still ran after {deadline:?}"));
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("handbook.html"), "{stderr}");
    assert!(!dir.path().join("site").exists(), "a site was published");
}
