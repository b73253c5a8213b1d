//! Typical mistakes of someone writing records in Japanese, one per case:
//! each breaks one line of the example, runs the checks, and asserts the
//! one finding it causes — code, line, column — and its message in Japanese
//! and in English, as `check --lang ja` / `--lang en` show them. A hint
//! fragment is asserted where the hint is the point (the id to write, the
//! normalised date).

mod common;

use common::*;
use ismsbook::diagnostics::{Diagnostic, Lang};

const OPEN: &str = "incidents/2026/INC-2026-007.yaml";
const CONTACTS: &str = "contacts.yaml";

struct Case {
    file: &'static str,
    from: &'static str,
    to: &'static str,
    code: &'static str,
    /// The position: `token` in the (edited) line containing `line_has`.
    line_has: &'static str,
    token: &'static str,
    ja: &'static str,
    en: &'static str,
    /// Something the hint says, in Japanese and in English.
    hint_has: (&'static str, &'static str),
}

#[allow(clippy::too_many_arguments)] // one row of the table, named
const fn case(
    file: &'static str,
    from: &'static str,
    to: &'static str,
    code: &'static str,
    (line_has, token): (&'static str, &'static str),
    ja: &'static str,
    en: &'static str,
    hint_has: (&'static str, &'static str),
) -> Case {
    Case {
        file,
        from,
        to,
        code,
        line_has,
        token,
        ja,
        en,
        hint_has,
    }
}

const CASES: &[Case] = &[
    case(OPEN, "title: 大阪", "title：大阪", "E011", ("title：", "："),
        "`title` の後ろが全角コロン「：」です。YAML はキーの区切りとして半角コロン「:」しか読みません",
        "`title` is followed by a full-width colon `：`; YAML only reads a half-width colon `:` as the end of a key",
        ("`title: `", "`title: `")),
    case(OPEN, "level: 1", "level：1", "E011", ("level：", "："),
        "`level` の後ろが全角コロン「：」です。YAML はキーの区切りとして半角コロン「:」しか読みません",
        "`level` is followed by a full-width colon `：`; YAML only reads a half-width colon `:` as the end of a key",
        ("半角コロン", "half-width colon")),
    case(OPEN, "category: leak", "category ：leak", "E011", ("category ：", "："),
        "`category` の後ろが全角コロン「：」です。YAML はキーの区切りとして半角コロン「:」しか読みません",
        "`category` is followed by a full-width colon `：`; YAML only reads a half-width colon `:` as the end of a key",
        ("`category: `", "`category: `")),
    case(OPEN, "    owner: it_admin\n    due: 2026-10-30", "    owner：it_admin\n    due: 2026-10-30", "E011", ("owner：", "："),
        "`owner` の後ろが全角コロン「：」です。YAML はキーの区切りとして半角コロン「:」しか読みません",
        "`owner` is followed by a full-width colon `：`; YAML only reads a half-width colon `:` as the end of a key",
        ("`owner: `", "`owner: `")),
    // A phone number's reason is said in the message's language.
    case(CONTACTS, "    phone: 03-6712-4103", "    phone: 03(6712)4103", "E113", ("phone: 03(6712)4103", "03(6712)4103"),
        "`phone` を電話番号として読めません: 電話番号で、数字のすぐ後ろに `(` があります",
        "`phone` cannot be read: `(` right after a digit in the phone number",
        ("03-6712-4103", "03-6712-4103")),
    case(CONTACTS, "    phone: 03-6712-4103", "    phone: \"#9110\"", "E113", ("phone: \"#9110\"", "\"#9110\""),
        "`phone` を電話番号として読めません: `#` は電話番号に使えません（#9110 のような短縮番号はリンクにできません）",
        "`phone` cannot be read: `#` cannot be part of a phone number (service codes such as #9110 cannot be a link)",
        ("例", "e.g.")),
    case(CONTACTS, "    email: d.nakamura@example.co.jp", "    email: d.nakamura@example.co.jp、y.ito@example.co.jp", "E114", ("email: d.nakamura", "d.nakamura"),
        "`email` が 1 つのアドレスになっていません: メールの欄に `、` があります。アドレスは 1 つだけ書きます",
        "`email` is not one address: `、` in the e-mail value: it must hold exactly one address",
        ("incident@example.co.jp", "incident@example.co.jp")),
    case(CONTACTS, "    phone: 03-6712-4103", "    phone：03-6712-4103", "E011", ("phone：03-6712-4103", "："),
        "`phone` の後ろが全角コロン「：」です。YAML はキーの区切りとして半角コロン「:」しか読みません",
        "`phone` is followed by a full-width colon `：`; YAML only reads a half-width colon `:` as the end of a key",
        ("`phone: `", "`phone: `")),
    case(OPEN, "reporter: 小林 彩", "reporter:\u{3000}小林 彩", "E012", ("reporter:", "\u{3000}"),
        "コロンの後ろが全角スペース「　」です。ここには半角スペースが必要です",
        "a full-width space `　` (U+3000) follows the colon; YAML needs a half-width space there",
        ("半角スペース", "half-width space")),
    case(OPEN, "  personal_data: false", "\u{3000}personal_data: false", "E012", ("\u{3000}personal_data", "\u{3000}"),
        "字下げに全角スペース「　」が使われています。YAML の字下げは半角スペースだけです",
        "a full-width space `　` (U+3000) is used for indentation; YAML indents with half-width spaces only",
        ("半角 2 つ", "two per level")),
    case(OPEN, "  - at: 2026-10-05T15:10:00+09:00", "  -\u{3000}at: 2026-10-05T15:10:00+09:00", "E012", ("-\u{3000}at: 2026-10-05T15:10", "\u{3000}"),
        "箇条書きの「-」の後ろが全角スペース「　」です。ここには半角スペースが必要です",
        "a full-width space `　` (U+3000) follows the list dash `-`; YAML needs a half-width space there",
        ("「- 」", "`- `")),
    case(OPEN, "  personal_data: false", "\tpersonal_data: false", "E013", ("\tpersonal_data", "\t"),
        "字下げにタブが使われています。YAML の字下げは半角スペースだけです",
        "a tab is used for indentation; YAML indents with spaces only",
        ("タブを半角スペース", "replace the tab")),
    case(OPEN, "    owner: it_admin\n    due: 2026-10-30", "    owner: it_admin\n\t  due: 2026-10-30", "E013", ("\t  due: 2026-10-30", "\t"),
        "字下げにタブが使われています。YAML の字下げは半角スペースだけです",
        "a tab is used for indentation; YAML indents with spaces only",
        ("1 段につき 2 つ", "two per level")),
    case(OPEN, "organization: 大阪営業所", "organization: “大阪営業所”", "W014", ("organization: “", "“"),
        "値が全角の引用符 “…” で囲まれています。YAML はこれを引用符ではなく文字の一部として残します",
        "the value is enclosed in curly quotation marks “…”; YAML keeps them as part of the text",
        ("半角の二重引用符", "straight double quotes")),
    case(OPEN, "organization: 大阪営業所", "organization: ‘大阪営業所’", "W014", ("organization: ‘", "‘"),
        "値が全角の引用符 ‘…’ で囲まれています。YAML はこれを引用符ではなく文字の一部として残します",
        "the value is enclosed in curly quotation marks ‘…’; YAML keeps them as part of the text",
        ("‘’", "‘’")),
    case(OPEN, "level: 1", "level: １", "E015", ("level: １", "１"),
        "`level` に全角文字「１」が使われています。数値・日付・期間は半角で書きます",
        "`level` contains the full-width character `１`; numbers, dates and durations are written in half-width characters",
        ("`1`", "`1`")),
    case(OPEN, "detected_at: 2026-10-05T14:00:00+09:00", "detected_at: ２０２６－１０－０５T14:00:00+09:00", "E015", ("detected_at: ２", "２"),
        "`detected_at` に全角文字「２」が使われています。数値・日付・期間は半角で書きます",
        "`detected_at` contains the full-width character `２`; numbers, dates and durations are written in half-width characters",
        ("`2026-10-05T14:00:00+09:00`", "`2026-10-05T14:00:00+09:00`")),
    case(OPEN, "    due: 2026-10-30", "    due: 2026-10-３０", "E015", ("due: 2026-10-３０", "３"),
        "`actions[0].due` に全角文字「３」が使われています。数値・日付・期間は半角で書きます",
        "`actions[0].due` contains the full-width character `３`; numbers, dates and durations are written in half-width characters",
        ("`2026-10-30`", "`2026-10-30`")),
    case(OPEN, "reported_at: 2026-10-05T15:10:00+09:00", "reported_at: 2026-10-05T15：10：00+09:00", "E015", ("reported_at: 2026-10-05T15：", "："),
        "`reported_at` に全角文字「：」が使われています。数値・日付・期間は半角で書きます",
        "`reported_at` contains the full-width character `：`; numbers, dates and durations are written in half-width characters",
        ("`2026-10-05T15:10:00+09:00`", "`2026-10-05T15:10:00+09:00`")),
    case(OPEN, "reported_at: 2026-10-05T15:10:00+09:00", "reported_at: 2026/10/5 15:10", "E105", ("reported_at: 2026", "2026"),
        "`reported_at` が日時として読めません: 2026/10/5 15:10",
        "`reported_at` is not a date or time: 2026/10/5 15:10",
        ("`2026-10-05T15:10:00+09:00`", "`2026-10-05T15:10:00+09:00`")),
    case(OPEN, "reported_at: 2026-10-05T15:10:00+09:00", "reported_at: 2026年10月5日 15時10分", "E105", ("reported_at: 2026", "2026"),
        "`reported_at` が日時として読めません: 2026年10月5日 15時10分",
        "`reported_at` is not a date or time: 2026年10月5日 15時10分",
        ("`2026-10-05T15:10:00+09:00`", "`2026-10-05T15:10:00+09:00`")),
    // The era the officer's Excel register used: the hint gives the date
    // to write, as for 2026年10月5日.
    case(OPEN, "reported_at: 2026-10-05T15:10:00+09:00", "reported_at: 令和8年10月5日 15時10分", "E105", ("reported_at: 令和", "令"),
        "`reported_at` が日時として読めません: 令和8年10月5日 15時10分",
        "`reported_at` is not a date or time: 令和8年10月5日 15時10分",
        ("`2026-10-05T15:10:00+09:00`", "`2026-10-05T15:10:00+09:00`")),
    // A day that does not exist: the hint says so instead of repeating the
    // format the value is already written in.
    case(OPEN, "    due: 2026-10-30", "    due: 2026-13-30", "E105", ("due: 2026-13-30", "2026"),
        "`actions[0].due` が日付として読めません: 2026-13-30",
        "`actions[0].due` is not a date: 2026-13-30",
        ("`2026-13-30` という日はありません", "there is no day `2026-13-30`")),
    case(OPEN, "reported_at: 2026-10-05T15:10:00+09:00", "reported_at: 2026-10-05T25:10:00+09:00", "E105", ("reported_at: 2026", "2026"),
        "`reported_at` が日時として読めません: 2026-10-05T25:10:00+09:00",
        "`reported_at` is not a date or time: 2026-10-05T25:10:00+09:00",
        ("時刻 `25:10:00` はありません", "there is no time `25:10:00`")),
    case(OPEN, "    due: 2026-10-30", "    due: 2026/10/30", "E105", ("due: 2026/10/30", "2026"),
        "`actions[0].due` が日付として読めません: 2026/10/30",
        "`actions[0].due` is not a date: 2026/10/30",
        ("`2026-10-30`", "`2026-10-30`")),
    case(OPEN, "reported_at: 2026-10-05T15:10:00+09:00", "reported_at: 2026-10-5T15:10:00+09:00", "E105", ("reported_at: 2026", "2026"),
        "`reported_at` が日時として読めません: 2026-10-5T15:10:00+09:00",
        "`reported_at` is not a date or time: 2026-10-5T15:10:00+09:00",
        ("`2026-10-05T15:10:00+09:00`", "`2026-10-05T15:10:00+09:00`")),
    case(OPEN, "status: open", "status: 対応中", "E103", ("status: 対応中", "対"),
        "`status` は open, contained, recovered, closed のどれかでなければなりませんが、`対応中` でした",
        "`status` must be one of open, contained, recovered, closed, found `対応中`",
        ("`open`", "`open`")),
    case(OPEN, "status: open", "status: Open", "E103", ("status: Open", "O"),
        "`status` は open, contained, recovered, closed のどれかでなければなりませんが、`Open` でした",
        "`status` must be one of open, contained, recovered, closed, found `Open`",
        ("`open`", "`open`")),
    case(OPEN, "    status: in_progress", "    status: 実施中", "E103", ("status: 実施中", "実"),
        "`actions[0].status` は planned, in_progress, done, verified のどれかでなければなりませんが、`実施中` でした",
        "`actions[0].status` must be one of planned, in_progress, done, verified, found `実施中`",
        ("`in_progress`", "`in_progress`")),
    case(OPEN, "responsible: incident_manager", "responsible: インシデント対応責任者", "E203", ("responsible: インシデント", "イ"),
        "役割 `インシデント対応責任者` は宣言されていません",
        "unknown role `インシデント対応責任者`",
        ("`incident_manager`", "`incident_manager`")),
    case(OPEN, "responsible: incident_manager", "responsible: incident_manger", "E203", ("responsible: incident_manger", "incident_manger"),
        "役割 `incident_manger` は宣言されていません",
        "unknown role `incident_manger`",
        ("`incident_manager`", "`incident_manager`")),
    case(OPEN, "category: leak", "category: 情報漏えい", "E203", ("category: 情報漏えい", "情"),
        "分類 `情報漏えい` は宣言されていません",
        "unknown category `情報漏えい`",
        ("`leak`", "`leak`")),
    case(OPEN, "category: leak", "category: 情報漏洩", "E203", ("category: 情報漏洩", "情"),
        "分類 `情報漏洩` は宣言されていません",
        "unknown category `情報漏洩`",
        ("`leak`", "`leak`")),
    case(OPEN, "    owner: it_admin\n    due: 2026-10-30", "    owner: システム管理者\n    due: 2026-10-30", "E203", ("owner: システム管理者", "シ"),
        "役割 `システム管理者` は宣言されていません",
        "unknown role `システム管理者`",
        ("`it_admin`", "`it_admin`")),
    case(OPEN, "level: 1", "level: レベル1", "E102", ("level: レベル1", "レ"),
        "`level` はレベルの番号でなければなりませんが、文字列でした",
        "`level` must be a level number, found string",
        ("`1`", "`1`")),
    case(OPEN, "  personal_data: false", "  personal_data: いいえ", "E102", ("personal_data: いいえ", "い"),
        "`impact.personal_data` はtrue か falseでなければなりませんが、文字列でした",
        "`impact.personal_data` must be true or false, found string",
        ("true", "true")),
    case(OPEN, "reporter: 小林 彩", "reporter: 小林 彩\nreporter: 中村 大輔", "E107", ("reporter: 中村", "r"),
        "`reporter` が 2 回以上書かれています",
        "`reporter` appears more than once",
        ("1 つだけ", "keep one")),
    case(OPEN, "reporter: 小林 彩", "reporter: 小林 彩\nreportor: 中村 大輔", "W104", ("reportor:", "r"),
        "`reportor` という項目はありません",
        "unknown field `reportor`",
        ("`reporter`", "`reporter`")),
    case(OPEN, "reported_at: 2026-10-05T15:10:00+09:00", "reported_at: 2026-10-05T13:10:00+09:00", "E401", ("reported_at: 2026-10-05T13", "2"),
        "`reported_at`（2026-10-05 13:10）が `detected_at`（2026-10-05 14:00）より前です",
        "`reported_at` (2026-10-05 13:10) is before `detected_at` (2026-10-05 14:00)",
        ("時差", "timezone")),
    case(OPEN, "id: INC-2026-007", "id: INC-2026-07", "E202", ("id: INC", "I"),
        "ID `INC-2026-07` がファイル名 `INC-2026-007` と違います",
        "id `INC-2026-07` differs from the file name `INC-2026-007`",
        ("`INC-2026-07.yaml`", "`INC-2026-07.yaml`")),
    // A colon left out: the parser stops on the next key (or on the comment
    // under the line), but the line to correct is the one without a colon.
    case(OPEN, "reporter: 小林 彩", "reporter 小林 彩", "E004", ("reporter 小林", "r"),
        "この行のキーの後ろに半角コロン「:」がありません（simple key expect ':'）",
        "this line has no colon after its key (simple key expect ':')",
        ("`reporter: 小林 彩`", "`reporter: 小林 彩`")),
    // A key left unindented under `impact:`: the next line is then deeper
    // than it, which is an indentation mistake, not a colon in a value.
    case(OPEN, "  personal_data: false", "personal_data: false", "E004", ("  malicious: false", ": false"),
        "この行が前の行より深く字下げされています（mapping values are not allowed in this context）。同じまとまりの項目は、字下げ（行頭の半角スペースの数）を揃えます",
        "this line is indented deeper than the line before it (mapping values are not allowed in this context); items of one group are indented by the same number of spaces",
        ("字下げ", "indentation")),
    // A job title that is no role's name: the hint lists the roles with
    // their names, as it does for `responsible`, so the officer can tell
    // which id is meant.
    case(OPEN, "  decided_by: incident_manager", "  decided_by: 情報システム部長", "E203", ("decided_by: 情報", "情"),
        "役割 `情報システム部長` は宣言されていません",
        "unknown role `情報システム部長`",
        ("it_admin（システム管理者）", "it_admin")),
    // A list item without the space after its dash: YAML reads `-at` as
    // a key, and the parser's words name no fix.
    case(OPEN, "  - at: 2026-10-05T15:10:00+09:00", "  -at: 2026-10-05T15:10:00+09:00", "E004", ("-at: 2026-10-05T15", "-"),
        "リストの項目の「-」の後ろに半角スペースがありません（while parsing a block collection, did not find expected '-' indicator）",
        "the dash of a list item is not followed by a space (while parsing a block collection, did not find expected '-' indicator)",
        ("`- at: 2026-10-05T15:10:00+09:00`", "`- at: 2026-10-05T15:10:00+09:00`")),
    case(OPEN, "level: 1", "level: 軽度インシデント", "E102", ("level: 軽度", "軽"),
        "`level` はレベルの番号でなければなりませんが、文字列でした",
        "`level` must be a level number, found string",
        ("番号の `1`", "the number `1`")),
];

/// The findings of the example with `case` applied, apart from the
/// example's own intended warning.
fn findings(f: &Fixture) -> Vec<Diagnostic> {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let checked = ismsbook::site::check(&f.root(), |_| today).expect("check runs");
    let baseline: Vec<(String, String)> = baseline()
        .iter()
        .map(|d| (d.code.clone(), d.file.clone()))
        .collect();
    checked
        .diagnostics
        .into_iter()
        .filter(|d| !baseline.contains(&(d.code.to_string(), d.file.clone())))
        .collect()
}

#[test]
fn typical_mistakes_are_each_reported_once_in_japanese_and_in_english() {
    assert!(CASES.len() >= 30, "{} cases", CASES.len());
    let mut failures = Vec::new();
    for (i, c) in CASES.iter().enumerate() {
        let f = Fixture::example();
        let text = f.replace(c.file, c.from, c.to);
        let at = locate(&text, c.line_has, c.token);
        let found = findings(&f);
        let shown: Vec<String> = found
            .iter()
            .map(|d| {
                format!(
                    "{} {}:{}:{} {}",
                    d.code,
                    d.file,
                    d.pos.line,
                    d.pos.col,
                    d.message_in(Lang::Ja)
                )
            })
            .collect();
        let [d] = found.as_slice() else {
            failures.push(format!(
                "case {i} ({}): expected one {} , got {shown:#?}",
                c.to, c.code
            ));
            continue;
        };
        let hint = |l| d.hint_in(l).map(|h| h.into_owned()).unwrap_or_default();
        let checks = [
            (d.code == c.code, format!("code {}", d.code)),
            (d.file == c.file, format!("file {}", d.file)),
            (
                u64::from(d.pos.line) == at.line && u64::from(d.pos.col) == at.col,
                format!("at {}:{}, expected {at}", d.pos.line, d.pos.col),
            ),
            (
                d.message_in(Lang::Ja) == c.ja,
                format!("ja message {}", d.message_in(Lang::Ja)),
            ),
            (
                d.message_in(Lang::En) == c.en,
                format!("en message {}", d.message_in(Lang::En)),
            ),
            (d.message == c.en, format!("stable message {}", d.message)),
            (
                hint(Lang::Ja).contains(c.hint_has.0),
                format!("ja hint {}", hint(Lang::Ja)),
            ),
            (
                hint(Lang::En).contains(c.hint_has.1),
                format!("en hint {}", hint(Lang::En)),
            ),
        ];
        for (ok, what) in checks {
            if !ok {
                failures.push(format!("case {i} ({}): {what}", c.to));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
