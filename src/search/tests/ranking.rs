//! Which pages a query finds and in which order; determinism of the files.

use super::super::*;
use super::{doc, urls, FILLER};

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
fn one_kanji_finds_the_compounds_that_hold_it() {
    let docs = [
        doc("handbook/guide.html", "handbook", "手順", FILLER),
        doc("incidents/INC-1.html", "incident", "合鍵の紛失", FILLER),
        doc("incidents/INC-2.html", "incident", "端末の盗難", FILLER),
        doc(
            "incidents/INC-3.html",
            "incident",
            "顧客情報漏洩の疑い",
            FILLER,
        ),
        doc(
            "incidents/INC-4.html",
            "incident",
            "報告",
            &format!("{FILLER}漏えいではなかった。"),
        ),
        doc(
            "incidents/INC-5.html",
            "incident",
            "確認",
            &format!("{FILLER}情報漏洩の有無を確認した。"),
        ),
    ];
    assert_eq!(urls(&docs, "鍵"), ["incidents/INC-1.html"]);
    assert_eq!(urls(&docs, "盗"), ["incidents/INC-2.html"]);
    // A title's compound before a body's lone kanji; a body's compound is
    // not found by one of its kanji (titles only: docs/search.md).
    assert_eq!(
        urls(&docs, "漏"),
        ["incidents/INC-3.html", "incidents/INC-4.html"]
    );
    // Compounds still need the whole word.
    assert_eq!(urls(&docs, "盗難"), ["incidents/INC-2.html"]);
    assert!(urls(&docs, "鍵難").is_empty());
}

#[test]
fn ids_typed_without_hyphens_or_zeros_or_with_a_japanese_dash_find_the_record() {
    let docs = [
        doc(
            "incidents/INC-2017-0380.html",
            "incident",
            "誤送信",
            "関連: INC-2017-0379 INC-2017-0379 INC-2017-0379",
        ),
        doc(
            "incidents/INC-2017-0379.html",
            "incident",
            "ランサムウェア感染",
            "INC-2017-0379 の記録",
        ),
        doc("handbook/start.html", "handbook", "はじめに", FILLER),
    ];
    for q in [
        "INC-2017-0379",
        "INC20170379",
        "inc-2017-379",
        "ＩＮＣ－２０１７－０３７９",
        "ＩＮＣー２０１７ー０３７９",
        "INC−2017−0379",
    ] {
        assert_eq!(
            urls(&docs, q),
            [
                "incidents/INC-2017-0379.html",
                "incidents/INC-2017-0380.html"
            ],
            "{q}"
        );
    }
}

#[test]
fn ids_other_forms_are_found_from_the_ids_shapes_not_indexed() {
    let docs = [
        doc(
            "incidents/INC-2017-0380.html",
            "incident",
            "誤送信",
            "関連: INC-2017-0379 と DRL_2026_01",
        ),
        doc(
            "incidents/INC-2017-0379.html",
            "incident",
            "ランサムウェア感染",
            "INC-2017-0379 の記録",
        ),
        doc("notes.html", "page", "メモ", "inc20170379 と書かれた記録"),
        doc(
            "drills/DRL-2026-02.html",
            "drill",
            "DRL-2026-02 訓練",
            FILLER,
        ),
    ];
    let files = build_index(&docs);
    // Only the ids as written are terms: no form of theirs in a term shard.
    for (path, bytes) in files.iter().filter(|(p, _)| p.contains("/t-")) {
        let text = String::from_utf8_lossy(bytes);
        for form in [
            "\"inc-2017-379\"",
            "\"inc2017038",
            "\"drl202601\"",
            "\"drl-2026-1\"",
        ] {
            assert!(!text.contains(form), "{path} holds {form}");
        }
    }
    let meta = files
        .iter()
        .find(|(p, _)| p == "search/meta.js")
        .expect("meta");
    let meta = String::from_utf8_lossy(&meta.1);
    assert!(
        meta.contains(r#""idShapes":{"drl":["-4-2","_4_2"],"inc":["-4-4"]}"#),
        "{meta}"
    );
    // The joined form finds the pages naming the id, the record first
    // among them, and the page that writes the joined form itself (a
    // guidance page: before the records, as before).
    assert_eq!(
        urls(&docs, "INC20170379"),
        [
            "notes.html",
            "incidents/INC-2017-0379.html",
            "incidents/INC-2017-0380.html"
        ]
    );
    // An id joined by `_` is found typed joined or unpadded with `-`.
    for q in ["DRL202601", "drl-2026-1", "ｄｒｌー２０２６ー１"] {
        assert_eq!(urls(&docs, q), ["incidents/INC-2017-0380.html"], "{q}");
    }
    for q in ["DRL202602", "drl-2026-2"] {
        assert_eq!(urls(&docs, q), ["drills/DRL-2026-02.html"], "{q}");
    }
    // A typed shape no id of the index has finds nothing by it.
    assert!(urls(&docs, "inc2017379").is_empty());
}

#[test]
fn variant_kanji_of_names_find_each_other() {
    let docs = [
        doc("a.html", "incident", "髙橋さんの端末", FILLER),
        doc("b.html", "incident", "山崎さんの端末", FILLER),
        doc("c.html", "incident", "渡邉さんの端末", FILLER),
        doc("d.html", "incident", "斉藤さんの端末", FILLER),
    ];
    assert_eq!(urls(&docs, "高橋"), ["a.html"]);
    assert_eq!(urls(&docs, "髙橋"), ["a.html"]);
    assert_eq!(urls(&docs, "山﨑"), ["b.html"]);
    assert_eq!(urls(&docs, "渡辺"), ["c.html"]);
    assert_eq!(urls(&docs, "渡邊"), ["c.html"]);
    assert!(urls(&docs, "齋藤").is_empty(), "斎 and 斉 stay apart");
}

#[test]
fn id_shapes_stay_few_on_text_full_of_id_like_words() {
    // A register whose pages also name many id-like words of other
    // prefixes (`sha-256`, `windows-10` …): 200 prefixes, most in one page,
    // a few with many shapes.
    let mut docs: Vec<SearchDoc> = (0..40)
        .map(|k| {
            let id = format!("INC-2017-{:04}", 100 + k);
            doc(
                &format!("incidents/{id}.html"),
                "incident",
                &format!("{id} 誤送信"),
                FILLER,
            )
        })
        .collect();
    let words: Vec<String> = (0..200)
        .map(|k: u8| {
            let (a, b) = (char::from(b'a' + k / 26), char::from(b'a' + k % 26));
            format!("{a}{b}x-{}", 10 + k % 7)
        })
        .chain((1..13).map(|w| format!("sha-{}", "9".repeat(w))))
        .collect();
    docs.push(doc("notes.html", "page", "用語", &words.join(" ")));
    docs.push(doc("more.html", "page", "用語2", "ab を参照 INC20170105"));
    let meta_of = |files: &[(String, Vec<u8>)]| -> serde_json::Value {
        let meta = &files
            .iter()
            .find(|(p, _)| p == "search/meta.js")
            .expect("meta")
            .1;
        let text = String::from_utf8_lossy(meta);
        let start = text.find("\"meta\",").expect("meta's name") + "\"meta\",".len();
        let json = text[start..].trim_end().trim_end_matches(");");
        serde_json::from_str(json).expect("meta's JSON")
    };
    let files = build_index(&docs);
    let shapes = meta_of(&files)["idShapes"].clone();
    let shapes = shapes.as_object().expect("idShapes");
    assert_eq!(shapes.len(), forms::MAX_PREFIXES, "{shapes:?}");
    // The register's own ids (the most of one prefix) are kept, and so is
    // the prefix of the most shapes, each capped.
    assert_eq!(shapes["inc"], serde_json::json!(["-4-4"]));
    assert_eq!(
        shapes["sha"].as_array().map(Vec::len),
        Some(forms::MAX_SHAPES)
    );
    assert!(
        files
            .iter()
            .find(|(p, _)| p == "search/meta.js")
            .expect("meta")
            .1
            .len()
            < 4_000
    );
    // A typed id of the register is still found in its other form.
    let mut found = urls(&docs, "inc20170105");
    found.sort();
    assert_eq!(found, ["incidents/INC-2017-0105.html", "more.html"]);
    // The same list whether the postings were spilled or not (a term in
    // several runs is counted once).
    let mut builder = IndexBuilder::with_budget(Some(0));
    let mut spilled = Vec::new();
    for d in &docs {
        spilled.extend(builder.add(d.clone()));
    }
    spilled.extend(builder.finish().expect("spilled and read back"));
    assert_eq!(meta_of(&spilled), meta_of(&files));
}
