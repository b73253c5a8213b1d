//! An Excel register where a value shared by consecutive rows is one
//! merged cell (a category, a reporter, a day written once for two
//! incidents): Excel shows the value on every row of the merge, and the
//! file holds it only in the merge's top cell. `import` reads it for every
//! row the merge spans, as the person reading the sheet does, instead of
//! leaving the lower rows empty (E137 for a required field, with a hint to
//! write `不明` for a value the register states).

mod common;

use common::*;
use rust_xlsxwriter::{Format, Workbook};

const MAPPING: &str = "\
sheet: 台帳
header_row: 1
timezone: \"+09:00\"
id: { column: 番号 }
fields:
  title: 件名
  level: { value: 0 }
  category: { column: 分類, map: { 紛失: loss_theft, 誤送信: misdelivery } }
  status: { value: open }
  responsible: { value: it_admin }
  reporter: 報告者
  summary: { column: 件名 }
  detected_at: 発見
";

fn register(path: &std::path::Path) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("台帳").unwrap();
    let plain = Format::new();
    for (c, h) in ["番号", "件名", "分類", "報告者", "発見"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [
        ["OLD-1", "USBメモリの紛失"],
        ["OLD-2", "社用スマホの紛失"],
        ["OLD-3", "見積書の誤送信"],
    ];
    for (r, [id, title]) in rows.iter().enumerate() {
        sheet.write_string(r as u32 + 1, 0, *id).unwrap();
        sheet.write_string(r as u32 + 1, 1, *title).unwrap();
    }
    // 分類 and 報告者 merged over OLD-1 and OLD-2; 発見 over all three.
    sheet.merge_range(1, 2, 2, 2, "紛失", &plain).unwrap();
    sheet.write_string(3, 2, "誤送信").unwrap();
    sheet
        .merge_range(1, 3, 2, 3, "総務部 山田", &plain)
        .unwrap();
    sheet.write_string(3, 3, "営業部 佐藤").unwrap();
    sheet
        .merge_range(1, 4, 3, 4, "2025/4/1 9:30", &plain)
        .unwrap();
    book.save(path).unwrap();
}

#[test]
fn a_merged_cell_gives_its_value_to_every_row_it_spans() {
    let f = Fixture::example();
    let xlsx = f.workdir().join("台帳.xlsx");
    register(&xlsx);
    imports_with_the_merged_cells_filled(&f, &xlsx);
}

/// `import` of `workbook` (the register above) succeeds, and the rows a
/// merged cell spans each hold its value.
fn imports_with_the_merged_cells_filled(f: &Fixture, workbook: &std::path::Path) {
    let map = f.workdir().join("map.yaml");
    std::fs::write(&map, MAPPING).unwrap();
    let run = f.import(workbook, &map, &[]);
    assert_eq!(run.status, 0, "{}\n{}", run.stdout, run.stderr);
    let second = f.read("incidents/2025/OLD-2.yaml");
    assert!(second.contains("category: loss_theft"), "{second}");
    assert!(second.contains("reporter: 総務部 山田"), "{second}");
    assert!(
        second.contains("detected_at: 2025-04-01T09:30:00+09:00"),
        "{second}"
    );
    let third = f.read("incidents/2025/OLD-3.yaml");
    assert!(third.contains("category: misdelivery"), "{third}");
    assert!(third.contains("reporter: 営業部 佐藤"), "{third}");
    assert!(
        third.contains("detected_at: 2025-04-01T09:30:00+09:00"),
        "{third}"
    );
}

/// The same register as an OpenDocument spreadsheet (written by odfpy:
/// tests/fixtures/import/merged_ods.py): a merge down is the top cell's
/// `table:number-rows-spanned` and `table:covered-table-cell`s below it,
/// which calamine does not report; `import` reads them from `content.xml`.
#[test]
fn a_merged_cell_of_an_ods_file_gives_its_value_to_every_row_it_spans() {
    let f = Fixture::example();
    let ods = repo_root().join("tests/fixtures/import/merged.ods");
    imports_with_the_merged_cells_filled(&f, &ods);
}

#[test]
fn a_blank_cell_under_a_value_in_a_csv_file_says_how_a_merge_is_read() {
    // The same register saved as CSV: the merge is gone, the rows below
    // its top are empty. E137's hint says so, instead of only suggesting
    // a `default:` for a value the register states.
    let f = Fixture::example();
    let csv = f.workdir().join("台帳.csv");
    std::fs::write(
        &csv,
        "番号,件名,分類,報告者,発見\n\
         OLD-1,USBメモリの紛失,紛失,総務部 山田,2025/4/1 9:30\n\
         OLD-2,社用スマホの紛失,,総務部 山田,2025/4/1 9:30\n",
    )
    .unwrap();
    let map = f.workdir().join("map.yaml");
    std::fs::write(&map, MAPPING.replace("sheet: 台帳\n", "")).unwrap();
    let run = f.import(&csv, &map, &["--lang", "ja"]);
    assert_eq!(run.status, 1, "{}\n{}", run.stdout, run.stderr);
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(said.contains("E137"), "{said}");
    assert!(
        said.contains(".xlsx"),
        "the hint names the workbook: {said}"
    );
}
