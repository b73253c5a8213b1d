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

mod ranking;
mod shards;

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
    "鍵",
    "盗",
    "漏",
    "報",
    "INC2026001",
    "inc-2026-1",
    "ＩＮＣー２０２６ー００１",
    "髙橋",
    "山﨑",
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
    "ＩＮＣー２０１７ー０３７９",
    "INC−2017–0379 Wiーfi aー メーa",
    "髙橋 山﨑 渡邊 渡邉 齋藤 斉藤",
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
