//! A theme (`--theme DIR`) is kept in the organisation's repository beside
//! the content, so a pull request can change its templates as easily as a
//! record. Tera offers templates `get_env`: a template could copy the
//! build's environment — in CI, tokens and secrets — into pages anyone
//! can read.

mod common;

use common::{example_dir, read_tree, run_bin, TODAY};

#[test]
fn a_theme_template_cannot_publish_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let theme = dir.path().join("theme/templates");
    std::fs::create_dir_all(&theme).unwrap();
    let page = include_str!("../themes/default/templates/handbook.html").replace(
        "<h1>{{ page_title }}</h1>",
        "<h1>{{ page_title }}</h1><p>{{ get_env(name=\"ISMSBOOK_TEST_SECRET\", default=\"\") }}</p>",
    );
    std::fs::write(theme.join("handbook.html"), page).unwrap();
    let secret = "ghp_canary_0123456789";
    let run = {
        // run_bin has no way to add a variable: the secret is set for the
        // whole test process, which only this test binary runs.
        std::env::set_var("ISMSBOOK_TEST_SECRET", secret);
        run_bin(
            dir.path(),
            &[
                "build",
                "--content",
                example_dir().to_str().unwrap(),
                "--out",
                "site",
                "--theme",
                "theme",
                "--today",
                TODAY,
            ],
        )
    };
    let site = dir.path().join("site");
    if site.exists() {
        for (path, bytes) in read_tree(&site) {
            assert!(
                !String::from_utf8_lossy(&bytes).contains(secret),
                "{path} holds the value of an environment variable"
            );
        }
    }
    assert!(
        run.status != 0 && run.stderr.contains("get_env"),
        "a template calling get_env is not refused by name:\n{}",
        run.stderr
    );
}
