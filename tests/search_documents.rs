//! Search documents come from the model, not from the rendered pages: a
//! record is never found through another record's previous/next link, and
//! the template's boilerplate (notices, headings, navigation labels) never
//! matches a query nor fills a snippet. Checked on the example site's
//! index with the reference query evaluation (`search::IndexFiles`), which
//! the browser client mirrors (`tests/js/search.test.js`).

mod common;

use ismsbook::search::IndexFiles;
use ismsbook::site::{build, BuildOptions};
use std::path::Path;

/// The example built into a temporary directory: its search files.
fn example_index() -> Vec<(String, Vec<u8>)> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&BuildOptions {
        content: Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        out: out.clone(),
        theme: None,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        audience: None,
    })
    .unwrap_or_else(|e| panic!("example build failed: {e:?}"));
    common::read_tree(&out)
        .into_iter()
        .filter(|(path, _)| path.starts_with("search/"))
        .collect()
}

fn urls(index: &IndexFiles, query: &str) -> Vec<String> {
    index
        .search(query)
        .hits
        .iter()
        .map(|h| index.doc(h.doc).unwrap().0)
        .collect()
}

/// Every document: (url, title, stored text).
fn documents(index: &IndexFiles) -> Vec<(String, String, String)> {
    (0..).map_while(|k| index.doc(k)).collect()
}

const RANSOMWARE: &str = "incidents/INC-2025-006.html";
const RANSOMWARE_TITLE: &str = "生産管理サーバがランサムウェアに感染し、データが暗号化された";
/// The records before and after it in detection order, whose pages link
/// to it with its title.
const NEIGHBOURS: [&str; 2] = ["incidents/INC-2025-005.html", "incidents/INC-2025-007.html"];

#[test]
fn a_record_is_not_found_through_its_neighbours_links() {
    let files = example_index();
    let index = IndexFiles::new(&files).unwrap();
    let docs = documents(&index);
    for n in NEIGHBOURS {
        let (_, _, text) = docs.iter().find(|d| d.0 == n).expect(n);
        assert!(
            !text.contains(RANSOMWARE_TITLE),
            "{n} holds the ransomware record's title: {text}"
        );
    }
    assert_eq!(
        urls(&index, RANSOMWARE_TITLE),
        [RANSOMWARE],
        "the exact title finds its record and nothing through links"
    );
    let hits = urls(&index, "ランサムウェア");
    assert!(hits.iter().any(|u| u == RANSOMWARE), "{hits:?}");
    for n in NEIGHBOURS {
        assert!(
            !hits.iter().any(|u| u == n),
            "{n} found for ランサムウェア: {hits:?}"
        );
    }
    // An id finds its record, not the records next to it.
    assert_eq!(urls(&index, "INC-2025-006"), [RANSOMWARE]);
}

#[test]
fn boilerplate_never_matches_nor_shows_in_a_snippet() {
    let files = example_index();
    let index = IndexFiles::new(&files).unwrap();
    // Notices, navigation and headings the templates add (ja locale).
    let boilerplate = [
        "元データが git リポジトリにないため、変更履歴はありません。",
        "この記録はまだコミットされていません。",
        "方針上、必要な外部への届出はありません。",
        "是正処置は登録されていません。",
        "この記録は公開範囲が制限されています。",
        "この記録には証拠ファイルがありません。",
        "事故報告書（印刷用）",
        "前の記録",
        "次の記録",
        "インシデント台帳 ›",
    ];
    // Section headings of the record page (a handbook page may well say
    // 何が起きたか in its own words).
    let headings = ["記録の変更履歴", "何が起きたか"];
    for (url, _, text) in documents(&index) {
        let record = url.starts_with("incidents/");
        for b in boilerplate.iter().chain(headings.iter().filter(|_| record)) {
            assert!(
                !text.contains(b),
                "{url} stores the boilerplate {b:?}: {text}"
            );
        }
    }
    assert_eq!(urls(&index, "変更履歴はありません"), Vec::<String>::new());
    // Every record page links its print report under this label; no record
    // is found by it.
    let hits = urls(&index, "事故報告書（印刷用）");
    assert!(
        !hits.iter().any(|u| u.starts_with("incidents/")),
        "{hits:?}"
    );
    // The restricted record is found by its id only, with no notice text.
    let stub = "incidents/INC-2025-009.html";
    assert_eq!(urls(&index, "INC-2025-009"), [stub]);
    assert!(!urls(&index, "公開範囲").iter().any(|u| u == stub));
}

#[test]
fn guidance_documents_hold_the_text_not_the_navigation() {
    let files = example_index();
    let index = IndexFiles::new(&files).unwrap();
    let docs = documents(&index);
    let text = |url: &str| docs.iter().find(|d| d.0 == url).expect(url).2.clone();
    // A handbook page starts with its heading and its own text; the side
    // list of the other pages and the table of contents are not in it.
    let start = text("handbook/start.html");
    assert!(
        start.starts_with("はじめに — 見つけたら、まず このハンドブックは"),
        "{start}"
    );
    assert!(!start.contains("目次"), "{start}");
    assert!(!text("handbook/first-response.html").contains("再発防止 レベル判断の目安 訓練"));
    // The facts of the contacts page are there: people and their numbers.
    let contacts = text("contacts.html");
    assert!(contacts.contains("中村 大輔 03-6712-4103"), "{contacts}");
    // "訓練" finds the training page and the drills, not every handbook
    // page through the side list.
    let hits = urls(&index, "訓練");
    assert_eq!(
        hits.first().map(String::as_str),
        Some("handbook/training.html")
    );
    assert!(
        !hits.iter().any(|u| u == "handbook/recovery.html"),
        "{hits:?}"
    );
}
