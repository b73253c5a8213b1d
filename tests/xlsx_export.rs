//! `register.xlsx` read by an independent client, Python's openpyxl
//! (installed by scripts/test.sh): sheet names, typed date cells, the frozen
//! header in the site's language, each column found by its field name
//! (a defined name), the autofilter, text that looks like a formula kept as
//! text, and the staff audience's redaction; and the same bytes on every
//! build.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// What openpyxl sees in a workbook, as JSON.
const READ: &str = r#"
import json, sys, datetime
import openpyxl
from openpyxl.utils import column_index_from_string
wb = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": wb.sheetnames}
# Each column's field name, from the workbook's defined names
# (incidents.detected_at -> incidents!$F:$F).
named = {}
for name, dn in wb.defined_names.items():
    sheet, _, field = name.partition(".")
    ref = dn.attr_text.split("!")[1].split(":")[0].strip("$")
    named.setdefault(sheet, {})[column_index_from_string(ref) - 1] = field
for ws in wb.worksheets:
    rows = list(ws.iter_rows())
    header = [c.value for c in rows[0]] if rows else []
    ids = [named.get(ws.title, {}).get(i) for i in range(len(header))]
    cells = []
    for row in rows[1:]:
        cells.append({h: {"type": c.data_type, "is_date": c.is_date,
                          "value": c.value.isoformat() if isinstance(c.value, (datetime.date, datetime.datetime)) else c.value}
                      for h, c in zip(ids, row)})
    out[ws.title] = {"header": header, "ids": ids, "freeze": ws.freeze_panes,
                     "filter": ws.auto_filter.ref, "rows": cells,
                     "widths": [ws.column_dimensions[k].width for k in ws.column_dimensions]}
print(json.dumps(out))
"#;

fn openpyxl_missing() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !ok {
        eprintln!(
            "SKIPPED: Python's openpyxl is not installed (scripts/test.sh installs it: python3 -m pip install openpyxl)"
        );
    }
    !ok
}

fn read_xlsx(path: &Path) -> Value {
    let out = Command::new("python3")
        .args(["-c", READ, path.to_str().unwrap()])
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "openpyxl could not read {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn build(f: &Fixture, out: &str, audience: &str) -> std::path::PathBuf {
    let dir = f.workdir().join(out);
    let run = f.build_site(
        dir.to_str().unwrap(),
        TODAY,
        &["--audience", audience, "--quiet"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    dir
}

/// No sheet's header is left as its field name: each column has a name
/// in the site's language.
fn assert_every_header_is_a_name(book: &Value) {
    for sheet in ["incidents", "actions", "notifications", "drills"] {
        let (header, ids) = (&book[sheet]["header"], &book[sheet]["ids"]);
        let same: Vec<&Value> = header
            .as_array()
            .unwrap()
            .iter()
            .zip(ids.as_array().unwrap())
            .filter(|(h, i)| h == i)
            .map(|(h, _)| h)
            .collect();
        assert!(same.is_empty(), "{sheet}: headers without a name: {same:?}");
    }
}

/// The first `n` texts of a JSON array.
fn first(v: &Value, n: usize) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .take(n)
        .map(|s| s.as_str().unwrap_or("(not text)"))
        .collect()
}

fn column<'a>(sheet: &'a Value, id: &str, name: &str) -> &'a Value {
    sheet["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"]["value"] == id || r["record"]["value"] == id)
        .map(|r| &r[name])
        .unwrap_or_else(|| panic!("no row {id} in {sheet}"))
}

#[test]
fn register_xlsx_as_openpyxl_reads_it() {
    if openpyxl_missing() {
        return;
    }
    let f = Fixture::example();
    // A title that a spreadsheet would run as a formula, were it one.
    f.replace(
        "incidents/2026/INC-2026-004.yaml",
        "title: 社外秘の図面を「リンクを知っている全員」が見られる設定で共有した",
        "title: '=HYPERLINK(\"http://evil.example\",\"x\")社外秘の図面'",
    );
    let auditor = read_xlsx(&build(&f, "auditor", "auditor").join("register.xlsx"));
    assert_eq!(
        auditor["sheets"],
        serde_json::json!(["incidents", "actions", "notifications", "drills"])
    );
    let inc = &auditor["incidents"];
    assert_eq!(inc["freeze"], "A2", "header row frozen");
    // The officer reads the headers in the site's language; every column
    // is still found by its field name, whatever its header says.
    assert_eq!(
        first(&inc["header"], 4),
        ["ID", "件名", "レベル", "レベル名"]
    );
    assert_eq!(
        first(&inc["ids"], 4),
        ["id", "title", "level", "level_name"]
    );
    assert!(inc["ids"].as_array().unwrap().iter().all(|i| i.is_string()));
    assert_eq!(auditor["actions"]["header"][7], "状況");
    assert_eq!(auditor["actions"]["ids"][7], "status");
    assert_every_header_is_a_name(&auditor);
    let cols = inc["header"].as_array().unwrap().len();
    let rows = inc["rows"].as_array().unwrap().len();
    assert_eq!(rows, 17);
    let last = (b'A' + ((cols - 1) / 26) as u8 - 1) as char;
    let last = format!("{last}{}", (b'A' + ((cols - 1) % 26) as u8) as char);
    assert_eq!(inc["filter"], format!("A1:{last}{}", rows + 1));
    // Typed cells: a date-time, a date alone, a number, a boolean.
    let detected = column(inc, "INC-2025-001", "detected_at");
    assert_eq!(detected["is_date"], true, "{detected}");
    assert_eq!(detected["value"], "2025-02-14T10:20:00");
    let occurred = column(inc, "INC-2025-001", "occurred_at");
    assert_eq!(occurred["value"], "2025-02-01T00:00:00");
    assert_eq!(occurred["is_date"], true);
    assert_eq!(column(inc, "INC-2025-007", "level")["type"], "n");
    assert_eq!(
        column(inc, "INC-2025-007", "records_affected")["value"],
        1240
    );
    assert_eq!(column(inc, "INC-2025-007", "personal_data")["value"], true);
    // The formula-like title is a string cell, exactly as written.
    let title = column(inc, "INC-2026-004", "title");
    assert_eq!(title["type"], "s", "{title}");
    assert!(title["value"].as_str().unwrap().starts_with("=HYPERLINK("));
    // Widths fitted (openpyxl lists the columns given a width).
    assert!(!inc["widths"].as_array().unwrap().is_empty());
    // The other sheets.
    let actions = &auditor["actions"];
    assert_eq!(actions["freeze"], "A2");
    assert_eq!(
        column(actions, "INC-2025-009", "record_kind")["value"],
        "incident"
    );
    let due = &actions["rows"][0]["due"];
    assert_eq!(due["is_date"], true, "{due}");
    let notes = &auditor["notifications"];
    let deadline = column(notes, "INC-2025-007", "deadline");
    assert_eq!(deadline["is_date"], true);
    assert_eq!(column(notes, "INC-2025-007", "state")["value"], "made");
    assert_eq!(
        column(notes, "INC-2025-007", "state_name")["value"],
        "期限内"
    );
    // Labels beside the codes.
    assert_eq!(
        column(inc, "INC-2026-007", "status_name")["value"],
        "対応中"
    );
    assert_eq!(
        column(inc, "INC-2025-001", "stage_name")["value"],
        "弱点（ヒヤリハット）"
    );
    let drills = &auditor["drills"];
    assert_eq!(drills["rows"][0]["date"]["is_date"], true);

    // The staff audience: hidden fields are not columns, a restricted
    // record is a stub with no actions or notifications listed.
    let staff = read_xlsx(&build(&f, "staff", "staff").join("register.xlsx"));
    let header: Vec<&str> = staff["incidents"]["ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for hidden in [
        "reporter",
        "organization",
        "records_affected",
        "evidence_files",
    ] {
        assert!(!header.contains(&hidden), "{hidden} in {header:?}");
    }
    assert!(auditor["incidents"]["ids"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h == "reporter"));
    let stub = column(&staff["incidents"], "INC-2025-009", "title");
    assert!(
        stub["value"].is_null(),
        "a restricted record's title: {stub}"
    );
    for sheet in ["actions", "notifications"] {
        assert!(
            !staff[sheet]["rows"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["record"]["value"] == "INC-2025-009"),
            "the restricted record in the staff {sheet} sheet"
        );
    }
    // Same input, same bytes.
    let again = build(&f, "auditor2", "auditor");
    assert_eq!(
        std::fs::read(again.join("register.xlsx")).unwrap(),
        std::fs::read(f.workdir().join("auditor/register.xlsx")).unwrap()
    );
}

#[test]
fn actions_csv_lists_owner_due_and_status() {
    let f = Fixture::example();
    let dir = build(&f, "site", "staff");
    let bytes = std::fs::read(dir.join("actions.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        header[..9],
        [
            "record",
            "record_kind",
            "record_title",
            "action",
            "owner",
            "owner_name",
            "due",
            "status",
            "status_name"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert!(
        rows.iter()
            .any(|r| &r[0] == "INC-2026-007" && &r[12] == "true"),
        "the overdue action"
    );
    assert!(
        !rows.iter().any(|r| &r[0] == "INC-2025-009"),
        "restricted for staff"
    );
    assert!(rows.iter().any(|r| &r[1] == "drill"));
    // The register page offers the downloads, and the links lead to files.
    let page = std::fs::read_to_string(dir.join("register.html")).unwrap();
    for file in [
        "register.xlsx",
        "register.csv",
        "actions.csv",
        "register.json",
    ] {
        assert!(
            page.contains(&format!("href=\"{file}\"")),
            "no link to {file}"
        );
        assert!(dir.join(file).is_file(), "{file}");
    }
}

#[test]
fn japanese_column_headers_on_request() {
    if openpyxl_missing() {
        return;
    }
    let f = Fixture::example();
    let site = f.read("site.yaml");
    // The CSV keeps the field names scripts rely on unless asked.
    let dir = build(&f, "plain", "auditor");
    let csv = std::fs::read(dir.join("register.csv")).unwrap();
    assert!(String::from_utf8_lossy(&csv[3..]).starts_with("id,title,level,level_name,"));
    f.write("site.yaml", format!("{site}exports:\n  headers: labels\n"));
    let dir = build(&f, "site", "auditor");
    let book = read_xlsx(&dir.join("register.xlsx"));
    let header = &book["incidents"]["header"];
    assert_eq!(header[0], "ID");
    assert_eq!(header[1], "件名");
    assert!(header.as_array().unwrap().iter().any(|h| h == "発見日時"));
    assert!(
        header.as_array().unwrap().iter().any(|h| h == "教訓"),
        "an extra field by its page heading: {header}"
    );
    // Still typed by what the column is.
    let row = &book["incidents"]["rows"][0];
    assert_eq!(row["detected_at"]["is_date"], true, "{row}");
    assert_eq!(book["actions"]["header"][7], "状況");
    let csv = std::fs::read(dir.join("register.csv")).unwrap();
    assert!(String::from_utf8_lossy(&csv[3..]).starts_with("ID,件名,レベル,レベル名,"));
    // `fields` heads the workbook's columns with the field names too.
    f.write("site.yaml", format!("{site}exports:\n  headers: fields\n"));
    let book = read_xlsx(&build(&f, "fields", "auditor").join("register.xlsx"));
    assert_eq!(first(&book["incidents"]["header"], 2), ["id", "title"]);
    assert_eq!(book["incidents"]["header"], book["incidents"]["ids"]);
}

/// An English site's workbook is headed in English.
#[test]
fn english_site_workbook_headers_are_english() {
    if openpyxl_missing() {
        return;
    }
    let f = Fixture::example();
    let site = f.read("site.yaml");
    f.write("site.yaml", site.replace("language: ja", "language: en"));
    let book = read_xlsx(&build(&f, "en", "auditor").join("register.xlsx"));
    let header = &book["incidents"]["header"];
    assert_eq!(header[1], "Title", "{header}");
    assert!(
        header
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h == "Detected at"),
        "{header}"
    );
}

/// A second reader, calamine (the crate `import` reads spreadsheets with),
/// finds every cell where openpyxl finds it, with the same text: the rows
/// give a cell's reference only after an empty cell, and both readers
/// place the others in the next column.
#[test]
fn calamine_reads_every_cell_where_openpyxl_does() {
    use calamine::{Data, Reader};
    if openpyxl_missing() {
        return;
    }
    let f = Fixture::example();
    let path = build(&f, "auditor", "auditor").join("register.xlsx");
    let py = read_xlsx(&path);
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let mut cells = 0;
    for name in ["incidents", "actions", "notifications", "drills"] {
        let range = book.worksheet_range(name).unwrap();
        let header = py[name]["ids"].as_array().unwrap();
        let rows = py[name]["rows"].as_array().unwrap();
        assert_eq!(
            range.end().map(|e| e.0 as usize),
            Some(rows.len()),
            "{name}"
        );
        for (r, row) in rows.iter().enumerate() {
            for (c, h) in header.iter().enumerate() {
                let at = ((r + 1) as u32, c as u32);
                let mine = range.get_value(at).cloned().unwrap_or(Data::Empty);
                let theirs = &row[h.as_str().unwrap()]["value"];
                match (&mine, theirs) {
                    (Data::Empty, v) => assert!(v.is_null(), "{name} {at:?}: {v}"),
                    (Data::String(s), v) => {
                        assert_eq!(v.as_str(), Some(s.as_str()), "{name} {at:?}")
                    }
                    (Data::Bool(b), v) => assert_eq!(v.as_bool(), Some(*b), "{name} {at:?}"),
                    (Data::Float(n), v) => assert_eq!(v.as_f64(), Some(*n), "{name} {at:?}"),
                    (Data::Int(n), v) => assert_eq!(v.as_i64(), Some(*n), "{name} {at:?}"),
                    (Data::DateTime(_), v) => assert!(v.is_string(), "{name} {at:?}: {v}"),
                    (other, v) => panic!("{name} {at:?}: {other:?} against {v}"),
                }
                cells += usize::from(mine != Data::Empty);
            }
        }
    }
    assert!(cells > 500, "{cells} cells read");
}
