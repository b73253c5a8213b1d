//! Drafts of the required notifications on a record page: filled from the
//! record, each item the record leaves empty marked with the field that
//! would fill it, deadlines as dates, a template overridable by the theme,
//! and none in a build for an audience that hides fields (staff).

mod common;

use common::*;

const PAGE: &str = "incidents/INC-2026-090.html";

/// A personal-data leak of 1,200 persons (the PPC rule applies) detected on
/// 2026-11-20, with `extra` lines appended to the record.
fn leak(extra: &str) -> Fixture {
    leak_fixture(
        "  records_affected: 1200\n",
        &format!("occurred_at: 2026-11-19T17:00:00+09:00\n{extra}"),
    )
}

/// Everything the PPC's nine items need beyond the base record.
const COMPLETE: &str = "cause: 暗号化していない USB メモリで名簿を持ち出した。
data_items: 氏名、住所、電話番号
secondary_harm: 現時点で不正利用は確認されていない。
response_to_persons: 対象の顧客に書面でおわびと経緯を送付した。
publication: 11月25日に当社ウェブサイトで公表した。
remarks: 警察に遺失届を提出済み。
actions:
  - action: 持ち出し用の媒体を暗号化 USB に限る
    owner: it_admin
    due: 2026-12-20
    status: planned
    evaluation: 持ち出し記録を点検する
";

fn build(f: &Fixture, audience: &str) -> std::path::PathBuf {
    let out = format!("site-{audience}");
    let run = f.build_site(&out, TODAY, &["--audience", audience]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    f.workdir().join(out)
}

/// The `data-field` of every missing mark inside the draft `anchor` (the
/// record page leaves the quotes out of such plain values).
fn missing_in(page: &str, anchor: &str) -> Vec<String> {
    let start = page
        .find(&format!("id={anchor}"))
        .unwrap_or_else(|| panic!("no draft {anchor}"));
    let draft = &page[start..];
    let draft = &draft[..draft.find("</article>").unwrap()];
    draft
        .split("data-field=")
        .skip(1)
        .map(|s| s.split([' ', '>']).next().unwrap().to_string())
        .collect()
}

#[test]
fn a_record_missing_half_the_ppc_items_shows_exactly_those() {
    // Items 2, 5, 7, 8 and 9 left out: the data items, secondary harm, the
    // announcement, the measures (no action) and other remarks.
    let f = leak(
        "cause: 暗号化していない USB メモリで名簿を持ち出した。
response_to_persons: 対象の顧客に書面でおわびと経緯を送付した。
",
    );
    let page = std::fs::read_to_string(build(&f, "auditor").join(PAGE)).unwrap();
    assert_eq!(
        missing_in(&page, "draft-ppc_leak"),
        [
            "data_items",
            "secondary_harm",
            "publication",
            "actions",
            "remarks"
        ]
    );
    // Filled items carry the record's text; the deadlines are dates.
    assert!(page.contains("対象の顧客に書面でおわびと経緯を送付した。"));
    assert!(page.contains("<time>2026-11-25"), "preliminary date");
    assert!(page.contains("<time>2026-12-20"), "final date");
    // The notice to the persons affected is drafted too.
    assert_eq!(
        missing_in(&page, "draft-customer_notice"),
        ["data_items", "secondary_harm", "actions"]
    );
}

#[test]
fn a_complete_record_shows_no_missing_item() {
    let f = leak(COMPLETE);
    let page = std::fs::read_to_string(build(&f, "auditor").join(PAGE)).unwrap();
    assert_eq!(missing_in(&page, "draft-ppc_leak"), Vec::<String>::new());
    assert_eq!(
        missing_in(&page, "draft-customer_notice"),
        Vec::<String>::new()
    );
    assert!(page.contains("氏名、住所、電話番号"));
    assert!(page.contains("・持ち出し用の媒体を暗号化 USB に限る"));
}

#[test]
fn the_staff_build_holds_no_draft() {
    let f = leak(COMPLETE);
    let out = build(&f, "staff");
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let text = String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned();
        for marker in [
            "class=\"draft",
            "class=draft",
            "id=\"drafts\"",
            "id=drafts",
            "draft-ppc_leak",
        ] {
            assert!(
                !text.contains(marker),
                "{} holds {marker}",
                entry.path().display()
            );
        }
    }
}

#[test]
fn a_theme_overrides_a_draft_template() {
    let f = leak(COMPLETE);
    let theme = f.workdir().join("mytheme/drafts/ja");
    std::fs::create_dir_all(&theme).unwrap();
    std::fs::write(
        theme.join("ppc.md"),
        "## 当社様式\n\n人数：{{impact.records_affected}}、{{unknown}}、{{publication}}\n",
    )
    .unwrap();
    let run = f.build_site(
        "site",
        TODAY,
        &["--audience", "auditor", "--theme", "mytheme"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(f.workdir().join("site").join(PAGE)).unwrap();
    assert!(page.contains("当社様式"), "the theme's template is used");
    assert!(
        page.contains("人数：1200、{{unknown}}、11月25日"),
        "placeholders filled; an unknown one left as written"
    );
}

#[test]
fn values_enter_a_draft_as_text_never_as_markup_or_placeholders() {
    let f = leak(
        "data_items: <script>alert(1)</script> {{summary}} <img src=x onerror=alert(2)>
secondary_harm: |
  <script>alert(3)</script>

  **太字** {{cause}} <img src=x onerror=alert(4)>
",
    );
    let page = std::fs::read_to_string(build(&f, "auditor").join(PAGE)).unwrap();
    assert!(!page.contains("<script>alert"), "raw markup from a record");
    // (The Markdown field's `<img src="x">`, sanitised, is written
    // `<img src=x>` like any plain value.)
    assert!(
        !page.contains("<img src=x onerror"),
        "raw markup from a record"
    );
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || page.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(
        page.contains("{{summary}}"),
        "a placeholder inside a value is left as text"
    );
    // A Markdown field is rendered and sanitised as on the record page.
    assert!(!page.contains("alert(3)</script>") && !page.contains("onerror=alert(4)"));
    assert!(page.contains("<strong>太字</strong> {{cause}}"), "{page}");
}
