//! Payloads in every text field stay inert in every output file; exports
//! neutralise spreadsheet formulas.

use super::*;

#[test]
fn payloads_in_every_text_field_stay_inert_in_every_output_file() {
    let (f, planted) = infected();
    assert!(planted.len() > 150, "payloads planted: {}", planted.len());
    let report = f.check();
    let errors: Vec<_> = report
        .diags
        .iter()
        .filter(|d| d.severity == "error")
        .map(|d| d.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "raw HTML without Markdown links passes check; got:\n{}",
        errors.join("\n")
    );

    let auditor = build_for(&f, "auditor");
    assert_inert(&auditor);
    // The payloads did reach the pages (escaped), so the scan was meaningful:
    // every field that has a place on some page shows its marker.
    // (`name_en` of controls is shown by English sites only.)
    let missing: Vec<String> = not_shown_anywhere(&auditor, &planted)
        .into_iter()
        .filter(|m| !m.ends_with(".name_en"))
        .collect();
    assert!(
        missing.is_empty(),
        "fields whose payload reached no page ({} of {}):\n{}",
        missing.len(),
        planted.len(),
        missing.join("\n")
    );
    assert!(!containing(&auditor, "&lt;script&gt;alert(1)&lt;/script&gt;").is_empty());
    // Template syntax in content is text, never evaluated.
    assert!(!containing(&auditor, "{{ 7*7 }}").is_empty());
    for (path, bytes) in auditor.iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes);
        for (at, _) in text.match_indices("tmplzz") {
            let ctx =
                String::from_utf8_lossy(&bytes[at.saturating_sub(60)..(at + 20).min(bytes.len())]);
            // As text, or percent-encoded inside a URL.
            assert!(
                text[..at].ends_with("%}") || text[..at].ends_with("%25%7D"),
                "{path}: template syntax from the content was evaluated: …{ctx}…"
            );
        }
    }

    let staff = build_for(&f, "staff");
    assert_inert(&staff);
}

#[test]
fn exports_neutralise_spreadsheet_formulas() {
    let f = Fixture::example();
    edit_yaml(&f, "incidents/2026/INC-2026-001.yaml", |doc| {
        let title = doc["title"].as_str().unwrap().to_string();
        doc["title"] = Value::String(format!("=HYPERLINK(\"http://evil.example\",\"x\"){title}"));
        doc["reporter"] = Value::String("+1-cmd|' /C calc'!A0".into());
    });
    edit_yaml(&f, "incidents/2026/INC-2026-002.yaml", |doc| {
        let title = doc["title"].as_str().unwrap().to_string();
        doc["title"] = Value::String(format!("@SUM(1+1)*cmd|' /C calc'!A0 {title}"));
        doc["location"] = Value::String("-2+3+cmd|' /C calc'!A0".into());
    });
    let files = build_for(&f, "auditor");
    let csv = files.get("register.csv").expect("register.csv");
    let body = csv.strip_prefix(b"\xEF\xBB\xBF".as_slice()).expect("BOM");
    let mut reader = csv::Reader::from_reader(body);
    let mut cells = 0;
    for row in reader.records() {
        for cell in row.unwrap().iter() {
            cells += 1;
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']) || cell.parse::<f64>().is_ok(),
                "a cell a spreadsheet would run as a formula: {cell:?}"
            );
        }
    }
    assert!(cells > 100);
    let csv = String::from_utf8_lossy(csv);
    assert!(csv.contains("'=HYPERLINK"), "the title is kept, made inert");
}
