//! The mapping reader: what it takes, and where it says what is wrong.

use super::*;

#[test]
fn a_full_mapping_reads() {
    let text = "sheet: 台帳\nheader_row: [1, 2]\nid: { pattern: \"OLD-{year}-{seq:3}\" }\nfields:\n  title: 件名\n  level: { column: 重要度, map: { 重大: 2 } }\n  summary: { columns: [概要, 備考], labels: true }\n  status: { value: closed }\n  impact.personal_data: { column: 個人情報, map: { あり: true } }\n  timeline:\n    - { at: 発見日時, action: { value: 発見 } }\n";
    let mut d = Diagnostics::new();
    let m = parse(text, "m.yaml", &mut d).unwrap();
    assert!(d.is_empty());
    assert_eq!(m.header_rows, vec![1, 2]);
    assert_eq!(m.fields.len(), 6);
    assert!(matches!(&m.fields[5].spec, Spec::Entries(e) if e[0].len() == 2));
}

#[test]
fn mistakes_point_at_their_line() {
    let text = "id: { column: No }\nfields:\n  titel: 件名\n  level: { colum: 重要度 }\n";
    let mut d = Diagnostics::new();
    assert!(parse(text, "m.yaml", &mut d).is_none());
    let v = d.into_vec();
    assert_eq!(v[0].code, "E131");
    assert_eq!(v[0].pos, Pos::new(3, 3));
    assert_eq!(v[0].hint.as_deref(), Some("did you mean `title`?"));
    assert!(v
        .iter()
        .any(|x| x.pos.line == 4 && x.message.contains("colum")));
}
