//! What people read: the human report of a few typical mistakes, in
//! Japanese and in English, compared byte for byte with golden files
//! (`tests/golden/human_{ja,en}.txt`; `ISMSBOOK_BLESS=1` rewrites them
//! after an intended change). And what programs read: the JSON report is
//! the same bytes whatever the language, with the English `message`.

mod common;

use common::*;

const OPEN: &str = "incidents/2026/INC-2026-007.yaml";

fn mistakes() -> Fixture {
    let f = Fixture::example();
    f.replace(OPEN, "title: 大阪", "title：大阪");
    f.replace(OPEN, "level: 1", "level: １");
    f.replace(
        OPEN,
        "responsible: incident_manager",
        "responsible: インシデント対応責任者",
    );
    f.replace(OPEN, "status: open", "status: 対応中");
    f.replace(OPEN, "    due: 2026-12-25", "    due: 2026/12/25");
    f
}

fn golden(name: &str, actual: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("ISMSBOOK_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing; run with ISMSBOOK_BLESS=1", path.display()));
    assert!(
        expected == actual,
        "{name} differs (ISMSBOOK_BLESS=1 after an intended change):\n--- expected\n{expected}\n--- actual\n{actual}"
    );
}

#[test]
fn the_human_report_in_japanese_and_in_english() {
    let f = mistakes();
    for lang in ["ja", "en"] {
        let run = f.check_human(lang);
        assert_eq!(run.status, 1, "{}", run.stderr);
        golden(&format!("human_{lang}.txt"), &run.stderr);
    }
}

#[test]
fn the_site_language_chooses_and_lang_overrides() {
    let f = mistakes();
    // Without --lang and without ISMSBOOK_LANG the site's `language: ja` decides.
    let mut all = vec!["check", "--content", "content", "--today", TODAY];
    let ja = run_without_lang_env(&f, &all);
    assert!(
        ja.contains("全角コロン「：」") && ja.contains("失敗: エラー 5 件"),
        "{ja}"
    );
    all.extend(["--lang", "en"]);
    let en = run_without_lang_env(&f, &all);
    assert!(
        en.contains("full-width colon") && en.contains("failed: 5 errors"),
        "{en}"
    );
}

fn run_without_lang_env(f: &Fixture, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ismsbook"))
        .args(args)
        .current_dir(f.workdir())
        .env("NO_COLOR", "1")
        .env("LANG", "en_US.UTF-8")
        .env_remove("ISMSBOOK_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn json_is_the_same_in_every_language_with_english_messages() {
    let f = mistakes();
    let json = |lang: &str| {
        let run = f.run(&[
            "check",
            "--content",
            "content",
            "--format",
            "json",
            "--today",
            TODAY,
            "--lang",
            lang,
        ]);
        assert_eq!(run.status, 1, "{}", run.stderr);
        run.stdout
    };
    let (ja, en) = (json("ja"), json("en"));
    assert_eq!(ja, en, "the JSON report does not depend on the language");
    let v: serde_json::Value = serde_json::from_str(&ja).unwrap();
    assert_eq!(v["version"], 1);
    let keys = [
        "code",
        "severity",
        "file",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "hint",
    ];
    for d in v["diagnostics"].as_array().unwrap() {
        for k in d.as_object().unwrap().keys() {
            assert!(keys.contains(&k.as_str()), "unexpected field {k} in {d}");
        }
    }
    let messages: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert!(
        messages.contains(&"unknown role `インシデント対応責任者`"),
        "{messages:?}"
    );
    assert!(
        messages.contains(
            &"`status` must be one of open, contained, recovered, closed, found `対応中`"
        ),
        "{messages:?}"
    );
}
