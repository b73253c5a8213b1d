//! People's names in free text (issue 21): canary names planted in every
//! kind of text, in every variant the matcher knows (width, case, spacing,
//! honorifics, kana readings), are each reported by `check` (E121) for the
//! audiences that hide people; a build for such an audience refuses while
//! they stand; masked, they are in no byte and no file name of the staff
//! and training builds; the auditor build shows every one.

mod common;
use common::{read_tree, Fixture};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

const TODAY: &str = "2026-11-22";
const RECORD: &str = "incidents/2026/INC-2026-001.yaml";
const DRILL: &str = "drills/2026/DRL-2026-02.yaml";
const PAGE: &str = "handbook/first-response.md";
const TEMPLATE: &str = "templates/first-report.md";
const EVIDENCE: &str = "evidence/INC-2026-001/鷹司-mail.txt";

/// Where a canary is planted: the file, the text it replaces and the
/// canary as written there.
struct Plant {
    file: &'static str,
    anchor: &'static str,
    written: &'static str,
    /// Visible to the training audience too (it hides evidence).
    training: bool,
}

const PLANTS: &[Plant] = &[
    // A person known only as a reporter, in full width with an ideographic space.
    Plant {
        file: RECORD,
        anchor: "summary: |\n",
        written: "鷹司　蓮",
        training: true,
    },
    // The same, family name and honorific, in a timeline entry.
    Plant {
        file: RECORD,
        anchor: "    action: インシデント対応責任者へ報告",
        written: "鷹司さん",
        training: true,
    },
    // A person in Latin letters, written in full-width with -san, in the lessons.
    Plant {
        file: RECORD,
        anchor: "lessons: |\n",
        written: "ＴＡＫＡＴＳＵＫＡＳＡ-san",
        training: true,
    },
    // A contact, by the katakana of her reading, in a corrective action.
    Plant {
        file: RECORD,
        anchor: "  - action: VPN の利用者を",
        written: "クジョウさん",
        training: true,
    },
    // The same contact, full name without a space, in an evaluation.
    Plant {
        file: RECORD,
        anchor: "    evaluation: VPN 装置上の",
        written: "九条紗良",
        training: true,
    },
    // An evidence title.
    Plant {
        file: RECORD,
        anchor: "    description: VPN 装置の",
        written: "鷹司 蓮",
        training: false,
    },
    // A drill, a handbook page and a template.
    Plant {
        file: DRILL,
        anchor: "scenario: |\n",
        written: "鷹司様",
        training: true,
    },
    Plant {
        file: PAGE,
        anchor: "",
        written: "九条 紗良",
        training: true,
    },
    Plant {
        file: TEMPLATE,
        anchor: "",
        written: "ｸｼﾞｮｳ ｻﾗ",
        training: true,
    },
];

/// The example with the people registered and every canary planted; staff
/// see evidence here, so that evidence titles and file names are in play.
fn planted() -> Fixture {
    let f = Fixture::example();
    f.replace(
        "contacts.yaml",
        "    email: privacy@example.co.jp\n",
        "    email: privacy@example.co.jp\n    first_report: true\n    deputy:\n      name: 九条 紗良\n      reading: くじょう さら\n      phone: 03-6712-4211\n      email: s.kujo@example.co.jp\n      after_hours: 090-0000-4211\n",
    );
    f.replace(RECORD, "reporter: ", "reporter: 鷹司 蓮\n# was: ");
    f.replace(
        RECORD,
        "    action: 週次の VPN ログ点検で不審なログインを発見",
        "    action: 週次の VPN ログ点検で不審なログインを発見\n  - at: 2026-01-20T09:20:00+09:00\n    by: Ren Takatsukasa\n    action: ログを確認",
    );
    f.replace(
        "policy.yaml",
        "    hide: [reporter, timeline.by, impact.records_affected, evidence, organization]",
        "    hide: [reporter, timeline.by, impact.records_affected, organization]",
    );
    for p in PLANTS {
        if p.file.ends_with(".md") {
            let text = f.read(p.file);
            f.write(p.file, format!("{text}\n{}に連絡する。\n", p.written));
        } else if p.anchor.ends_with('\n') {
            f.replace(
                p.file,
                p.anchor,
                &format!("{}  {}が関わった。\n", p.anchor, p.written),
            );
        } else {
            f.replace(p.file, p.anchor, &format!("{}（{}）", p.anchor, p.written));
        }
    }
    // An evidence file whose name carries the reporter's family name.
    let body = b"From: someone\n";
    f.write(EVIDENCE, body);
    let sha = format!("{:x}", Sha256::digest(body));
    f.replace(
        RECORD,
        "evidence:\n",
        &format!("evidence:\n  - path: {EVIDENCE}\n    sha256: {sha}\n"),
    );
    f
}

fn build(f: &Fixture, audience: &str) -> (common::Run, BTreeMap<String, Vec<u8>>) {
    let out = format!("site-{audience}");
    let run = f.build_site(&out, TODAY, &["--audience", audience]);
    let dir = f.workdir().join(&out);
    let files = if dir.is_dir() {
        read_tree(&dir)
    } else {
        BTreeMap::new()
    };
    (run, files)
}

#[test]
fn every_planted_name_is_reported_for_staff_and_training_and_blocks_their_builds() {
    let f = planted();
    let report = f.check();
    let e121: Vec<_> = report.diags.iter().filter(|d| d.code == "E121").collect();
    for p in PLANTS {
        let text = f.read(p.file);
        let lines: Vec<&str> = text.lines().collect();
        let anchor = p.anchor.trim_end();
        let from = lines
            .iter()
            .position(|l| !anchor.is_empty() && l.contains(anchor))
            .unwrap_or(0);
        let line = (from..lines.len())
            .find(|&i| lines[i].contains(p.written))
            .map(|i| i as u64 + 1)
            .unwrap_or_else(|| panic!("{} not planted", p.written));
        let d = e121
            .iter()
            .find(|d| d.file == p.file && d.line == line)
            .unwrap_or_else(|| panic!("no E121 for {} at {}:{line}: {e121:#?}", p.written, p.file));
        assert!(d.message.contains("`staff`"), "{}", d.message);
        assert_eq!(
            d.message.contains("`training`"),
            p.training,
            "{}",
            d.message
        );
        assert!(!d.message.contains("auditor"), "{}", d.message);
    }
    // The evidence file name too.
    assert!(
        e121.iter().any(|d| d.message.contains("`evidence.0.path`")),
        "{e121:#?}"
    );
    for audience in ["staff", "training"] {
        let (run, files) = build(&f, audience);
        assert_eq!(run.status, 1, "{audience}: {}", run.stderr);
        assert!(files.is_empty(), "{audience}: a site was written");
    }
}

/// Every form a canary takes, to look for in output.
const FORMS: &[&str] = &[
    "鷹司",
    "Takatsukasa",
    "ＴＡＫＡＴＳＵＫＡＳＡ",
    "九条",
    "クジョウ",
    "ｸｼﾞｮｳ",
    "くじょう",
    "紗良",
];

/// The masked site: no name in text, so staff and training build.
fn masked() -> Fixture {
    let f = planted();
    f.replace(
        "site.yaml",
        "language: ja\n",
        "language: ja\nmask:\n  鷹司 蓮: 担当者A\n  鷹司: 担当者A\n  Takatsukasa: 担当者A\n  九条 紗良: 担当者B\n  九条: 担当者B\n  くじょう さら: 担当者B\n  くじょう: 担当者B\n",
    );
    // A file name cannot be masked: the evidence is renamed.
    let renamed = "evidence/INC-2026-001/mail.txt";
    f.write(renamed, b"From: someone\n");
    f.remove(EVIDENCE);
    f.replace(RECORD, EVIDENCE, renamed);
    f
}

/// Pages where a contact's name may stand (so that staff can call):
/// `ismsbook::site::guard::CONTACT_PAGES` and the search shards.
fn contact_page(path: &str) -> bool {
    ismsbook::site::guard::CONTACT_PAGES.contains(&path) || path.starts_with("search/t-")
}

#[test]
fn masked_names_are_in_no_byte_of_the_staff_and_training_builds_and_in_the_auditor_build() {
    let f = masked();
    let report = f.check();
    assert!(
        !report.diags.iter().any(|d| d.code == "E121"),
        "{:#?}",
        report.diags
    );
    for audience in ["staff", "training"] {
        let (run, files) = build(&f, audience);
        assert_eq!(run.status, 0, "{audience}: {}", run.stderr);
        assert!(files.len() > 10);
        for (path, bytes) in &files {
            // A document shard's texts are packed: read them unpacked.
            let unpacked = path
                .starts_with("search/d-")
                .then(|| ismsbook::search::doc_shard_json(bytes).expect("a packed document shard"));
            let text = ismsbook::site::guard::decode(unpacked.as_deref().unwrap_or(bytes));
            let name = ismsbook::site::guard::decode(path.as_bytes());
            for form in FORMS {
                let contact = ["九条", "クジョウ", "ｸｼﾞｮｳ", "くじょう", "紗良"].contains(form);
                assert!(
                    !name.contains(form),
                    "{audience}: file name {path} has {form}"
                );
                if contact && contact_page(path) {
                    continue;
                }
                if contact && path.starts_with("search/d-") {
                    // Shards of documents: only contact pages' documents may name her.
                    for doc in docs(&text) {
                        assert!(
                            contact_page(&doc.0) || !doc.1.contains(form),
                            "{audience}: search document {} has {form}",
                            doc.0
                        );
                    }
                    continue;
                }
                assert!(!text.contains(form), "{audience}: {path} has {form}");
            }
        }
        if audience == "staff" {
            let page = String::from_utf8_lossy(&files["incidents/INC-2026-001.html"]).into_owned();
            assert!(
                page.contains("担当者A") && page.contains("担当者B"),
                "labels missing"
            );
            // The contact and her after-hours number stand where staff call
            // from; the guard lets them through there.
            for page in ["report.html", "card.html", "contacts.html"] {
                let html = String::from_utf8_lossy(&files[page]).into_owned();
                assert!(html.contains("九条 紗良"), "{page} lacks the contact");
            }
            let contacts = String::from_utf8_lossy(&files["contacts.html"]).into_owned();
            assert!(contacts.contains("tel:09000004211"), "no after-hours call");
        } else {
            assert!(
                !files.contains_key("report.html") && !files.contains_key("card.html"),
                "the case book has no report assistant or card"
            );
        }
    }
    let (run, files) = build(&f, "auditor");
    assert_eq!(run.status, 0, "{}", run.stderr);
    let all: String = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    for p in PLANTS {
        assert!(all.contains(p.written), "auditor build lacks {}", p.written);
    }
}

#[test]
fn the_auditor_builds_while_names_stand_in_text() {
    let f = planted();
    let (run, files) = build(&f, "auditor");
    assert_eq!(run.status, 0, "{}", run.stderr);
    let page = String::from_utf8_lossy(&files["incidents/INC-2026-001.html"]).into_owned();
    assert!(page.contains("鷹司　蓮") && page.contains("クジョウさん"));
}

/// (url, whole text) of each document in the JSON of a `search/d-*.js`
/// shard.
fn docs(json: &str) -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    v["docs"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|d| {
                    let url = d[0].as_str().unwrap_or("").to_string();
                    (url, d.to_string())
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A name where `check` does not look (a label of the reporting flow, drawn
/// into an SVG and indexed for search) is stopped by the build's last guard.
#[test]
fn the_build_guard_refuses_a_name_that_reached_the_output_another_way() {
    let f = Fixture::example();
    f.replace(
        "policy.yaml",
        "label: システム管理者へすぐに第一報（電話とメール）",
        "label: 藤田さんへすぐに第一報",
    );
    let (run, files) = build(&f, "staff");
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("refusing to publish"), "{}", run.stderr);
    assert!(run.stderr.contains("flow.html: 藤田 亮"), "{}", run.stderr);
    assert!(files.is_empty(), "a site was written");
    // The case book has no flowchart: it builds, without the name.
    let (run, files) = build(&f, "training");
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(files
        .values()
        .all(|b| !String::from_utf8_lossy(b).contains("藤田")));
    let (run, _) = build(&f, "auditor");
    assert_eq!(run.status, 0, "{}", run.stderr);
}
