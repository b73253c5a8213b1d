//! Behaviour of the whole index as a reader notices it: which pages a query
//! finds and in which order, determinism, size.

use super::*;

fn doc(url: &str, kind: &str, title: &str, body: &str) -> SearchDoc {
    SearchDoc {
        url: url.into(),
        kind: kind.into(),
        title: title.into(),
        body: body.into(),
        facets: Facets::default(),
    }
}

/// URLs of the results for `query`, best first.
fn urls(docs: &[SearchDoc], query: &str) -> Vec<String> {
    let files = build_index(docs);
    let index = IndexFiles::new(&files).expect("index readable");
    index
        .search(query)
        .hits
        .iter()
        .map(|h| docs[h.doc as usize].url.clone())
        .collect()
}

const FILLER: &str = "対応の手順を確認し、関係者と共有した。記録を残した。";

#[test]
fn a_title_hit_ranks_above_a_body_hit() {
    let docs = [
        doc(
            "body.html",
            "handbook",
            "初動対応",
            &format!("{FILLER}ランサムウェアの場合も同じ。"),
        ),
        doc(
            "title.html",
            "handbook",
            "ランサムウェア",
            &format!("{FILLER}暗号化された場合。"),
        ),
    ];
    assert_eq!(urls(&docs, "ランサムウェア"), ["title.html", "body.html"]);
}

#[test]
fn shorter_page_ranks_first_for_equal_frequency() {
    let docs = [
        doc(
            "long.html",
            "page",
            "記録",
            &format!("VPN {}", FILLER.repeat(20)),
        ),
        doc("short.html", "page", "記録", &format!("VPN {FILLER}")),
    ];
    assert_eq!(urls(&docs, "vpn"), ["short.html", "long.html"]);
}

#[test]
fn full_width_and_case_variants_find_the_same_pages() {
    let docs = [
        doc("vpn.html", "handbook", "ＶＰＮ接続の障害", FILLER),
        doc("other.html", "handbook", "紛失", FILLER),
    ];
    for q in ["VPN", "vpn", "ＶＰＮ", "ｖｐｎ"] {
        assert_eq!(urls(&docs, q), ["vpn.html"], "{q}");
    }
    let kana = [doc("k.html", "page", "ランサムウェア", FILLER)];
    assert_eq!(urls(&kana, "ﾗﾝｻﾑｳｪｱ"), ["k.html"]);
}

#[test]
fn a_compound_word_query_needs_the_whole_word() {
    let docs = [
        doc("both.html", "page", "個人情報の取扱い", FILLER),
        doc(
            "apart.html",
            "page",
            "個人の端末",
            "情報システム部に連絡する。",
        ),
    ];
    assert_eq!(urls(&docs, "個人情報"), ["both.html"]);
}

#[test]
fn kanji_and_katakana_parts_match_across_other_words() {
    let docs = [
        doc("a.html", "incident", "標的型攻撃メールの受信", FILLER),
        doc("b.html", "incident", "メールの誤送信", FILLER),
    ];
    assert_eq!(urls(&docs, "標的型メール"), ["a.html"]);
}

#[test]
fn partial_matches_are_shown_when_no_page_has_every_term() {
    let docs = [
        doc("a.html", "incident", "標的型攻撃の訓練", FILLER),
        doc("b.html", "incident", "ノートPCの紛失", FILLER),
    ];
    let files = build_index(&docs);
    let index = IndexFiles::new(&files).unwrap();
    let outcome = index.search("標的型攻撃メール");
    assert!(outcome.partial);
    assert_eq!(outcome.hits.first().map(|h| h.doc), Some(0));
    assert_eq!(outcome.hits.len(), 1);
}

#[test]
fn an_incident_id_finds_its_own_page_first() {
    let docs = [
        doc(
            "incidents/INC-2026-002.html",
            "incident",
            "誤送信",
            "関連: INC-2026-001 INC-2026-001 INC-2026-001",
        ),
        doc(
            "incidents/INC-2026-001.html",
            "incident",
            "ランサムウェア感染",
            "INC-2026-001 の記録",
        ),
        doc(
            "incidents/INC-2026-010.html",
            "incident",
            "紛失",
            "2026年 001番",
        ),
    ];
    assert_eq!(
        urls(&docs, "INC-2026-001"),
        ["incidents/INC-2026-001.html", "incidents/INC-2026-002.html"]
    );
    assert_eq!(
        urls(&docs, "ＩＮＣ－２０２６－００１")[0],
        "incidents/INC-2026-001.html"
    );
    // Parts of an id still work, and an unknown whole id falls back to parts.
    assert!(urls(&docs, "001").contains(&"incidents/INC-2026-010.html".to_owned()));
    assert_eq!(urls(&docs, "2026-001").len(), 3);
}

#[test]
fn nothing_matches_an_absent_word_or_an_empty_query() {
    let docs = [doc("a.html", "page", "VPN", FILLER)];
    assert!(urls(&docs, "firewall").is_empty());
    assert!(urls(&docs, "").is_empty());
    assert!(urls(&docs, "、。!?").is_empty());
}

#[test]
fn only_title_and_body_text_is_indexed() {
    let mut secret = doc(
        "incidents/INC-1.html",
        "incident",
        "紛失",
        "ノートPCを紛失した。",
    );
    secret.facets.category = Some("loss".into());
    let files = build_index(&[secret]);
    let all: String = files
        .iter()
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(!all.contains("山田"), "no text beyond the page");
    let index = IndexFiles::new(&files).unwrap();
    assert!(
        index.search("loss").hits.is_empty(),
        "facet ids are not searchable text"
    );
}

#[test]
fn every_term_shard_exists_even_when_empty() {
    let files = build_index(&[doc("a.html", "page", "x", "y")]);
    let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(names, ["search/d-0.js", "search/meta.js", "search/t-0.js"]);
    let empty = build_index(&[]);
    assert!(empty.iter().any(|(p, _)| p == "search/t-0.js"));
    assert!(IndexFiles::new(&empty).unwrap().search("x").hits.is_empty());
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let docs = synthetic::corpus(600);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| build_index(&docs));
    let many = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .unwrap()
        .install(|| build_index(&docs));
    assert!(one == many);
}

#[test]
fn documents_handed_over_give_the_same_bytes() {
    // 2,100 pages: above 2,000 the stored text is cut shorter, so the
    // owned build really cuts bodies before the shards are written.
    for n in [40, 2100] {
        let mut docs = synthetic::corpus(n);
        let long = docs[0].body.repeat(20);
        docs[1].body = long;
        assert!(docs[1].body.chars().count() > 4000);
        assert!(
            super::build_index_owned(docs.clone()) == build_index(&docs),
            "{n} pages"
        );
    }
}

#[test]
fn documents_are_readable_back_for_snippets() {
    let docs = synthetic::corpus(50);
    let files = build_index(&docs);
    let index = IndexFiles::new(&files).unwrap();
    for (k, d) in docs.iter().enumerate() {
        let (url, title, text) = index.doc(k as u32).expect("stored");
        assert_eq!(
            (url.as_str(), title.as_str()),
            (d.url.as_str(), d.title.as_str())
        );
        assert!(d.body.starts_with(&text));
    }
}

/// Queries people type, used for the size figures in docs/search.md
/// (`{id}` stands for an incident id of the corpus).
pub(crate) const TYPICAL_QUERIES: &[&str] = &[
    "ランサムウェア",
    "個人情報",
    "誤送信",
    "標的型メール",
    "VPN",
    "ＶＰＮ",
    "ノートPC 紛失",
    "USBメモリ",
    "不正アクセス",
    "改ざん",
    "経理部",
    "情報セキュリティ責任者",
    "インシデント対応責任者",
    "インシデント",
    "{id}",
    "多要素認証",
    "バックアップ",
];

struct SizeReport {
    docs: usize,
    files: usize,
    total: usize,
    rows: Vec<(String, usize, QueryCost)>,
}

/// Bytes loaded per typical query (first 10 results shown).
fn query_sizes(n: usize) -> SizeReport {
    let docs = synthetic::corpus(n);
    let files = build_index(&docs);
    let index = IndexFiles::new(&files).unwrap();
    let id = docs[n / 2]
        .url
        .trim_start_matches("incidents/")
        .trim_end_matches(".html");
    let rows = TYPICAL_QUERIES
        .iter()
        .map(|q| {
            let q = q.replace("{id}", id);
            let (cost, outcome) = index.cost_of_query(&q, 10);
            (q, outcome.hits.len(), cost)
        })
        .collect();
    SizeReport {
        docs: docs.len(),
        files: files.len(),
        total: files.iter().map(|(_, b)| b.len()).sum(),
        rows,
    }
}

#[test]
fn a_typical_query_stays_within_budget_at_2000_records() {
    for (q, hits, cost) in query_sizes(2000).rows {
        assert!(hits > 0, "{q} finds nothing");
        assert!(cost.total() < 200 * 1024, "{q}: {cost:?}");
    }
}

/// `cargo test --lib search::tests::size_report -- --ignored --nocapture`
#[test]
#[ignore = "measurement for docs/search.md; slow in debug builds"]
fn size_report() {
    let kb = |b: usize| b as f64 / 1024.0;
    for n in [1000, 10_000] {
        let docs = synthetic::corpus(n);
        let start = std::time::Instant::now();
        let files = build_index(&docs);
        let elapsed = start.elapsed();
        drop(files);
        let r = query_sizes(n);
        println!(
            "\n{n} records ({} docs): {} files, {:.1} MB, index built in {elapsed:?}",
            r.docs,
            r.files,
            r.total as f64 / 1e6
        );
        println!("| query | results | meta | term shards | doc shards | total |");
        for (q, hits, c) in r.rows {
            println!(
                "| {q} | {hits} | {:.1} KB | {} files, {:.1} KB | {} files, {:.1} KB | {:.1} KB |",
                kb(c.meta),
                c.term_files,
                kb(c.term_shards),
                c.doc_files,
                kb(c.doc_shards),
                kb(c.total())
            );
        }
    }
}

/// Pages of the JavaScript test fixture: a small site like the example
/// content, followed by a synthetic register for ranking agreement.
fn fixture_docs() -> Vec<SearchDoc> {
    let mut docs = vec![
        SearchDoc {
            url: "incidents/INC-2026-001.html".into(),
            kind: "incident".into(),
            title: "INC-2026-001 ランサムウェア感染によるファイルサーバ暗号化".into(),
            body: "レベル3 マルウェア・ランサムウェア 対応中。VPN装置の脆弱性を突かれ、ファイルサーバがランサムウェアに感染した。インシデント対応責任者が感染端末を隔離した。".into(),
            facets: Facets { level: Some(3), category: Some("malware".into()), status: Some("open".into()), year: Some(2026) },
        },
        SearchDoc {
            url: "incidents/INC-2026-002.html".into(),
            kind: "incident".into(),
            title: "INC-2026-002 顧客宛メールの誤送信".into(),
            body: "個人情報を含む見積書を別の顧客に誤送信した。INC-2026-001 とは無関係。個人情報保護管理者に報告した。".into(),
            facets: Facets { level: Some(3), category: Some("misdelivery".into()), status: Some("closed".into()), year: Some(2026) },
        },
        SearchDoc {
            url: "incidents/INC-2025-003.html".into(),
            kind: "incident".into(),
            title: "INC-2025-003 標的型攻撃メールの開封".into(),
            body: "取引先を装った標的型攻撃メールの添付ファイルを開いた。ｳｲﾙｽ対策ソフトが検知した。".into(),
            facets: Facets { level: Some(1), category: Some("phishing".into()), status: Some("closed".into()), year: Some(2025) },
        },
        SearchDoc {
            url: "incidents/INC-2025-004.html".into(),
            kind: "incident".into(),
            title: "INC-2025-004 ノートPCの紛失".into(),
            body: "営業担当が電車内でノートPCを紛失した。個人の端末ではなく会社の端末。情報システム部が遠隔ロックした。".into(),
            facets: Facets { level: Some(2), category: Some("loss_theft".into()), status: Some("recovered".into()), year: Some(2025) },
        },
        SearchDoc {
            url: "handbook/first-response.html#ransomware".into(),
            kind: "handbook".into(),
            title: "初動対応: ランサムウェアが疑われるとき".into(),
            body: "画面に脅迫文が出たら、電源を切らずにＬＡＮケーブルを抜く。ランサムウェアの疑いをシステム管理者に電話で報告する。".into(),
            facets: Facets::default(),
        },
        SearchDoc {
            url: "handbook/reporting.html".into(),
            kind: "handbook".into(),
            title: "報告の手順".into(),
            body: "メールを誤送信したときは、すぐに上長とインシデント対応責任者に報告する。ＶＰＮに接続できないときはシステム管理者へ。".into(),
            facets: Facets::default(),
        },
        SearchDoc {
            url: "contacts.html".into(),
            kind: "contacts".into(),
            title: "連絡先".into(),
            body: "インシデント対応責任者 山田 太郎 03-0000-0000 システム管理者 佐藤 花子 個人情報保護管理者 鈴木 一郎 IPA 情報セキュリティ安心相談窓口".into(),
            facets: Facets::default(),
        },
        SearchDoc {
            url: "templates/first-report.html".into(),
            kind: "template".into(),
            title: "第一報テンプレート".into(),
            body: "発見日時、発見者、場所、事象の概要、影響範囲（個人情報の有無）を書く。constructor toString __proto__".into(),
            facets: Facets::default(),
        },
    ];
    docs.extend(synthetic::corpus(300));
    docs
}

/// Queries whose Rust results the JavaScript engine must reproduce.
const FIXTURE_QUERIES: &[&str] = &[
    "ランサムウェア",
    "ﾗﾝｻﾑｳｪｱ",
    "個人情報",
    "誤送信",
    "標的型メール",
    "VPN",
    "ＶＰＮ",
    "vpn",
    "INC-2026-001",
    "ＩＮＣ－２０２６－００１",
    "inc-2026",
    "2026-001",
    "001",
    "インシデント対応責任者",
    "システム管理者",
    "ノートPC 紛失",
    "ウイルス",
    "ｳｲﾙｽ",
    "標的型攻撃メール 訓練",
    "存在しない語",
    "",
    "、。",
    "A.5.24",
    "情報セキュリティ責任者",
    "多要素認証",
    "バックアップ 復旧",
    "経理部 ランサムウェア",
    "ノートＰＣ",
    "constructor",
    "tostring",
    "__proto__",
    "hasOwnProperty",
    "個人情報保護管理者",
    "情報システム部",
    "メール 開いた",
    "スマホ なくした",
    "INC-2025-003 標的型攻撃メールの開封",
    "初動対応: ランサムウェアが疑われるとき",
    "電源を切らずにＬＡＮケーブルを抜く",
    "情報漏洩対策 個人情報保護",
];

/// Strings on which the JavaScript normaliser and tokeniser must agree.
const TRICKY_STRINGS: &[&str] = &[
    "ＶＰＮ",
    "VPN接続",
    "ｶﾀｶﾅ",
    "ｶﾞｲﾄﾞﾗｲﾝ",
    "ﾒｰﾙ",
    "メ－ル",
    "サ—バ",
    "２０２６年４月３日",
    "ＩＮＣ－２０２６－００１",
    "INC-2026-001.",
    "A.5.24",
    "e-mail / E-Mail",
    "ＡＢＣ－ｄｅｆ",
    "㈱サンプル",
    "①②③",
    "ΣΑΣ ΟΔΟΣ",
    "Straße",
    "İstanbul",
    "すごーい",
    "ウイルスに感染",
    "個人情報・漏えい",
    "「標的型」メール",
    "𠮷野家",
    "Ｗｉ－Ｆｉ",
    "ﾊﾟｽﾜｰﾄﾞ",
    "ヴァ",
    "〇〇部",
    "x_y.z-w",
    "--x--",
    "a..b",
    "漢字カナかな123abc",
    "\u{3099}か",
    "한국어 검색",
];

fn plan_json(query: &str) -> serde_json::Value {
    use super::tokenize::{plan_query, QueryGroup};
    plan_query(query)
        .into_iter()
        .map(|g| match g {
            QueryGroup::Term(t) => serde_json::json!({ "term": t }),
            QueryGroup::Compound { whole, parts } => {
                serde_json::json!({ "whole": whole, "parts": parts })
            }
            QueryGroup::Phrase(t) => serde_json::json!({ "phrase": t }),
        })
        .collect()
}

/// Writes the fixture for `tests/js/` when `ISMSBOOK_SEARCH_FIXTURE` names
/// a directory: `search/*.js` and `expected.json` (Rust's answers).
#[test]
fn write_js_fixture() {
    let Some(dir) = std::env::var_os("ISMSBOOK_SEARCH_FIXTURE") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    let docs = fixture_docs();
    let files = build_index(&docs);
    let _ = std::fs::remove_dir_all(dir.join("search"));
    std::fs::create_dir_all(dir.join("search")).unwrap();
    for (path, bytes) in &files {
        std::fs::write(dir.join(path), bytes).unwrap();
    }
    let index = IndexFiles::new(&files).unwrap();
    let queries: Vec<serde_json::Value> = FIXTURE_QUERIES
        .iter()
        .map(|q| {
            let outcome = index.search(q);
            let top: Vec<u32> = outcome.hits.iter().take(30).map(|h| h.doc).collect();
            serde_json::json!({
                "query": q, "plan": plan_json(q), "count": outcome.hits.len(),
                "partial": outcome.partial, "top": top,
            })
        })
        .collect();
    let strings: Vec<serde_json::Value> = TRICKY_STRINGS
        .iter()
        .map(|s| {
            serde_json::json!({
                "input": s, "normalized": normalize(s), "tokens": tokenize(s),
                "hashes": tokenize(s).iter().map(|t| fnv1a(t)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let urls: Vec<&str> = docs.iter().map(|d| d.url.as_str()).collect();
    let expected = serde_json::json!({ "queries": queries, "strings": strings, "urls": urls });
    std::fs::write(
        dir.join("expected.json"),
        serde_json::to_vec_pretty(&expected).unwrap(),
    )
    .unwrap();
}

#[test]
fn a_sentence_of_unknown_words_does_not_match_through_its_kana() {
    let docs = [
        doc(
            "a.html",
            "page",
            "手順",
            "ぜひ確認していないものがないように、言ってください。",
        ),
        doc("b.html", "page", "記録", "たいていの場合、行っていない。"),
    ];
    assert!(urls(&docs, "ぜったいに載っていない語").is_empty());
    // An all-kana query still gets partial matches.
    assert_eq!(urls(&docs, "していないもの ないように"), ["a.html"]);
}

#[test]
fn guidance_ranks_above_records_unless_the_query_is_a_records_id_or_title() {
    let title = "図面を別の取引先へ送りかけたが送信保留中に気づいて取り消した";
    let docs = [
        doc(
            "incidents/INC-2025-003.html",
            "incident",
            title,
            "INC-2025-003 誤送信 誤送信 誤送信。図面を別の取引先へ送りかけた。",
        ),
        doc(
            "handbook/first-response.html",
            "handbook",
            "初動対応",
            &format!(
                "宛先を誤って送ったら、取り消せても報告する。事例: {title}。INC-2025-003 を参照。誤送信は{FILLER}"
            ),
        ),
        doc("drills/DRL-2026-01.html", "drill", "誤送信の訓練", "誤送信"),
    ];
    let found = urls(&docs, "誤送信");
    assert_eq!(found[0], "handbook/first-response.html", "{found:?}");
    assert_eq!(found.len(), 3);
    // The record's exact title (with or without spaces), and its id.
    assert_eq!(urls(&docs, title)[0], "incidents/INC-2025-003.html");
    let spaced = title.replacen("が", "が ", 1);
    assert_eq!(urls(&docs, &spaced)[0], "incidents/INC-2025-003.html");
    assert_eq!(
        urls(&docs, "INC-2025-003")[0],
        "incidents/INC-2025-003.html"
    );
}

#[test]
fn pages_with_the_whole_compound_rank_above_pages_with_its_parts() {
    let docs = [
        // 情報, 報漏 and 漏洩 all present and frequent, but never together.
        doc(
            "parts.html",
            "handbook",
            "情報の扱い",
            "情報を集める。広報漏れに注意。漏洩を防ぐ。情報と漏洩。情報 漏洩 情報 漏洩",
        ),
        doc(
            "whole.html",
            "handbook",
            "事例",
            &format!("情報漏洩が起きた。{FILLER}{FILLER}"),
        ),
    ];
    assert_eq!(urls(&docs, "情報漏洩"), ["whole.html", "parts.html"]);
    // Without the phrase terms the parts page would win on frequency.
    assert_eq!(urls(&docs, "情報 報漏 漏洩"), ["parts.html", "whole.html"]);
}

#[test]
fn the_builder_writes_document_shards_as_they_fill() {
    let docs = synthetic::corpus(2300);
    let mut builder = IndexBuilder::new();
    let mut early = Vec::new();
    let mut files = Vec::new();
    for (k, d) in docs.iter().enumerate() {
        let out = builder.add(d.clone());
        if k > 2000 {
            assert!(
                out.len() <= 16,
                "a few shards (packed together) at a time past the first 2,000"
            );
        }
        early.extend(out.iter().map(|(p, _)| p.clone()));
        files.extend(out);
    }
    assert!(
        early.len() > 50 && early.iter().all(|p| p.starts_with("search/d-")),
        "{} early files",
        early.len()
    );
    files.extend(builder.finish().expect("in memory"));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(files == build_index(&docs));
    let index = IndexFiles::new(&files).unwrap();
    let (url, _, _) = index.doc(2299).unwrap();
    assert_eq!(url, docs[2299].url);
}

#[test]
fn a_small_site_keeps_its_document_shards_to_the_end() {
    let mut builder = IndexBuilder::new();
    for d in synthetic::corpus(100) {
        assert!(builder.add(d).is_empty());
    }
    assert!(builder
        .finish()
        .expect("in memory")
        .iter()
        .any(|(p, _)| p.starts_with("search/d-0")));
}

/// The files after `update`, from the files before it.
fn apply(before: &[(String, Vec<u8>)], update: IndexUpdate) -> Vec<(String, Vec<u8>)> {
    let mut files: std::collections::BTreeMap<String, Vec<u8>> = before
        .iter()
        .filter(|(p, _)| update.unchanged.contains(p))
        .cloned()
        .collect();
    files.extend(update.written);
    files.into_iter().collect()
}

/// A change to the documents.
type Edit = Box<dyn Fn(&mut Vec<SearchDoc>)>;

#[test]
fn a_kept_index_updated_equals_a_whole_build() {
    for n in [60, 2100] {
        let mut docs = synthetic::corpus(n);
        let (mut kept, mut files) = KeptIndex::build(docs.clone());
        assert!(files == build_index(&docs), "{n}: first build");
        let last = docs.len() - 1;
        let edits: Vec<Edit> = vec![
            Box::new(|d| d[3].body.push_str(" ランサムウェア 追記した。")),
            Box::new(|d| d[5].title = "新しい題名 VPN".into()),
            Box::new(move |d| d[last].facets.status = Some("closed".into())),
            Box::new(|d| {
                d[10].body = d[11].body.clone();
                let at = 2000.min(d.len() - 1);
                d[at].body.clear();
            }),
            Box::new(|d| d[0].body = d[0].body.repeat(3)),
            Box::new(|d| {
                // Enough new text that the term shards' count may change.
                for k in 20..400.min(d.len() - 1) {
                    d[k].body = format!("{} {}", d[k].body, d[k + 1].body);
                }
            }),
            Box::new(|d| {
                d.remove(7);
            }),
            Box::new(|d| {
                let extra = d[1].clone();
                d.push(SearchDoc {
                    url: "incidents/INC-2099-0001.html".into(),
                    ..extra
                });
            }),
        ];
        for (k, edit) in edits.iter().enumerate() {
            edit(&mut docs);
            let update = kept.update(docs.clone());
            let written = update.written.len();
            files = apply(&files, update);
            let whole = build_index(&docs);
            let differ: Vec<&String> = files
                .iter()
                .zip(&whole)
                .filter(|(a, b)| a != b)
                .map(|(a, _)| &a.0)
                .collect();
            assert!(
                files.len() == whole.len() && differ.is_empty(),
                "{n} pages, edit {k}: {} against {} files, differ: {differ:?}",
                files.len(),
                whole.len()
            );
            // An edit of one or two pages rewrites the term shards of their
            // words (about half of the term shards of this small index) and
            // their document shards, not the whole index.
            if n > 2000 && k < 4 {
                assert!(
                    written < files.len() * 3 / 5,
                    "edit {k}: {written} of {} files written",
                    files.len()
                );
            }
        }
        let unchanged = kept.update(docs.clone());
        assert!(
            unchanged.written.is_empty(),
            "nothing changed, nothing written"
        );
    }
}
