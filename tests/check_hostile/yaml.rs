//! YAML resource limits; YAML that is wrong in shape or syntax.

use super::*;

// ---------------------------------------------------------------------------
// YAML resource limits
// ---------------------------------------------------------------------------

#[test]
fn hundred_thousand_open_brackets_get_e006() {
    let f = Fixture::example();
    f.write(NEW, "[".repeat(100_000));
    f.write("incidents/2026/INC-2026-098.yaml", "{a: ".repeat(100_000));
    let p = check_unchanged(&f).new_problems();
    assert_eq!(p.len(), 2, "{}", list(&p));
    for rel in [NEW, "incidents/2026/INC-2026-098.yaml"] {
        let d = p
            .iter()
            .find(|d| d.file == rel)
            .unwrap_or_else(|| panic!("{rel}: {}", list(&p)));
        assert_eq!(d.code, "E006", "{d}");
        // On the only line, within the first few hundred brackets: where the limit hit.
        assert!(d.line == 1 && d.column <= 4 * 1024, "{d}");
    }
}

#[test]
fn deep_block_nesting_gets_e006_where_the_limit_is_crossed() {
    let f = Fixture::example();
    // Each line opens one more level of block sequence: `- ` indented by two more.
    let text: String = (0..1000)
        .map(|i| format!("{}- \n", "  ".repeat(i)))
        .collect();
    f.write(NEW, &text);
    let p = check_unchanged(&f).new_problems();
    // Level MAX_DEPTH + 1 is the first refused: its line and its `-`.
    assert_only(
        &p,
        "E006",
        NEW,
        At {
            line: MAX_DEPTH as u64 + 1,
            col: 2 * MAX_DEPTH as u64 + 1,
        },
    );
}

#[test]
fn alias_bomb_gets_e006() {
    let f = Fixture::example();
    let mut text = String::from(
        "id: INC-2026-099\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..=12 {
        let prev = format!("*a{}", i - 1);
        text.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
    }
    f.write(NEW, &text);
    let p = check_unchanged(&f).new_problems();
    assert_eq!(p.len(), 1, "{}", list(&p));
    let d = &p[0];
    assert_eq!((d.code.as_str(), d.file.as_str()), ("E006", NEW), "{d}");
    // Refused on one of the alias lines, at an alias.
    assert!((3..=14).contains(&d.line), "{d}");
    let line = text.lines().nth(d.line as usize - 1).unwrap_or("");
    assert_eq!(
        line.chars().nth(d.column as usize - 1),
        Some('*'),
        "{d} on `{line}`"
    );
}

#[test]
fn wide_alias_fan_out_gets_e006_quickly() {
    let f = Fixture::example();
    // One anchor of 50,000 values referenced 100 times: 5 million values.
    let mut text = format!(
        "id: INC-2026-099\nbig: &big [{}]\n",
        vec!["x"; 50_000].join(",")
    );
    text.push_str(&format!("copies: [{}]\n", vec!["*big"; 100].join(", ")));
    f.write(NEW, &text);
    let before = Snapshot::of(f.workdir());
    let run = f.run(&[
        "check",
        "--content",
        "content",
        "--today",
        TODAY,
        "--format",
        "json",
    ]);
    assert!(
        run.elapsed < Duration::from_secs(5),
        "took {:?}",
        run.elapsed
    );
    let p = Report::from_run(run).new_problems();
    assert_eq!(p.len(), 1, "{}", list(&p));
    let d = &p[0];
    assert_eq!(
        (d.code.as_str(), d.file.as_str(), d.line),
        ("E006", NEW, 3),
        "{d}"
    );
    // At the alias whose expansion crosses the limit (about the 20th).
    let line = text.lines().nth(2).unwrap_or("");
    assert_eq!(line.chars().nth(d.column as usize - 1), Some('*'), "{d}");
    before.assert_same(&Snapshot::of(f.workdir()));
}

#[test]
fn aliases_of_a_big_scalar_get_e006_at_the_alias_crossing_the_text_limit() {
    let f = Fixture::example();
    // 1 MiB of text anchored (kept twice: the value and the anchor's copy),
    // then copied by each alias: few values, but the 14th alias takes the
    // document past 16 MiB of text (`yaml::MAX_EXPANDED_BYTES`).
    let mut text = format!("id: INC-2026-099\nbig: &big \"{}\"\n", "x".repeat(1 << 20));
    text.push_str(&format!("copies: [{}]\n", vec!["*big"; 30].join(", ")));
    f.write(NEW, &text);
    let p = check_unchanged(&f).new_problems();
    assert_eq!(p.len(), 1, "{}", list(&p));
    let d = &p[0];
    assert_eq!(
        (d.code.as_str(), d.file.as_str(), d.line, d.column),
        ("E006", NEW, 3, 10 + 13 * 6),
        "{d}"
    );
    assert!(d.message.contains("MiB"), "{d}");
}

#[test]
fn a_text_naming_a_person_twenty_thousand_times_is_reported_briefly_and_fast() {
    let f = Fixture::example();
    // 300 KB: each name used to cost a parse of the whole file (minutes),
    // and the report had one snippet per name (hundreds of megabytes).
    let rec = "incidents/2026/INC-2026-006.yaml";
    let text = f.read(rec);
    let line = text
        .lines()
        .position(|l| l.starts_with("location:"))
        .unwrap()
        + 1;
    let names = "中村 大輔".repeat(20_000);
    f.write(
        rec,
        text.lines()
            .map(|l| {
                if l.starts_with("location:") {
                    format!("location: \"{names}\"")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let started = std::time::Instant::now();
    let r = check_unchanged(&f);
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    let p = r.new_problems();
    let named: Vec<&Diag> = p.iter().filter(|d| d.code == "E121").collect();
    assert_eq!(named.len(), 101, "{}", list(&p));
    // Each at its own place on the line, the last counting the rest.
    let col = |k: usize| (line as u64, 12 + 5 * k as u64);
    for (k, d) in named.iter().enumerate() {
        assert_eq!((d.line, d.column), col(k), "{d}");
    }
    assert!(named[100].message.contains("19900 more"), "{}", named[100]);
    assert!(r.stderr.len() < 1 << 20);
}

#[test]
fn many_small_pieces_of_raw_html_nested_deep_are_one_e017_quickly() {
    let f = Fixture::example();
    // 30,000 pieces of inline HTML, each read for its URLs on its own (the
    // sanitiser's allow-list was built again for each: 9 s here), which
    // nest (MathML lets HTML in) far past the limit.
    let page = "templates/corrective-action.md";
    let text = format!("{}\n{}x\n", f.read(page), "<math><mi><div>".repeat(10_000));
    f.write(page, &text);
    let p = check_unchanged(&f).new_problems();
    assert_eq!(p.len(), 1, "{}", list(&p));
    assert_eq!((p[0].code.as_str(), p[0].file.as_str()), ("E017", page));
}

// ---------------------------------------------------------------------------
// YAML that is wrong in shape or syntax
// ---------------------------------------------------------------------------

#[test]
fn yaml_syntax_error_has_its_position() {
    let f = Fixture::example();
    let text = "id: INC-2026-099\ntitle: 誤った字下げ\n level: 1\n";
    f.write(NEW, text);
    let p = check_unchanged(&f).new_problems();
    // The colon after the wrongly indented key.
    let d = assert_only(&p, "E004", NEW, locate(text, " level: 1", ": 1"));
    assert!(
        d.hint.as_deref().unwrap_or("").contains("indentation"),
        "{d}"
    );
}

#[test]
fn second_document_in_a_record_is_a_syntax_error_at_the_marker() {
    let f = Fixture::example();
    let text = "id: INC-2026-099\ntitle: x\n---\nid: INC-2026-100\n";
    f.write(NEW, text);
    let p = check_unchanged(&f).new_problems();
    assert_only(&p, "E004", NEW, At { line: 3, col: 1 });
}

#[test]
fn tab_indented_file_gets_e013_at_each_tab() {
    let f = Fixture::example();
    let text = "id: INC-2026-099\ntitle: タブで字下げ\nimpact:\n\tpersonal_data: true\n\tmalicious: false\n";
    f.write(NEW, text);
    let p = check_unchanged(&f).new_problems();
    // Each tab at its own place, and nothing the broken indentation causes.
    assert_eq!(p.len(), 2, "{}", list(&p));
    for line in [4, 5] {
        let d = assert_has(&p, "E013", NEW, At { line, col: 1 });
        assert!(d.hint.as_deref().unwrap_or("").contains("tab"), "{d}");
    }
}

#[test]
fn tab_after_a_scalar_line_is_reported_on_the_tab_line() {
    let f = Fixture::example();
    let text = "id: INC-2026-099\nimpact:\n  personal_data: true\n\tmalicious: false\n";
    f.write(NEW, text);
    let p = check_unchanged(&f).new_problems();
    assert_only(&p, "E013", NEW, At { line: 4, col: 1 });
}

#[test]
fn record_that_is_a_list_or_a_sentence_gets_e102() {
    let f = Fixture::example();
    f.write(NEW, "- id: INC-2026-099\n- title: 一覧\n");
    f.write("incidents/2026/INC-2026-098.yaml", "ただの文章です。\n");
    let p = check_unchanged(&f).new_problems();
    assert_eq!(p.len(), 2, "{}", list(&p));
    for rel in [NEW, "incidents/2026/INC-2026-098.yaml"] {
        let d = assert_has(&p, "E102", rel, At { line: 1, col: 1 });
        assert!(d.message.contains("mapping"), "{d}");
    }
}

#[test]
fn keys_that_are_not_text_get_e102() {
    let f = Fixture::example();
    let text = f.replace(
        "incidents/2026/INC-2026-007.yaml",
        "location: ",
        "? [a, b]\n: c\n1: x\nlocation: ",
    );
    let p = check_unchanged(&f).new_problems();
    assert_eq!(p.len(), 2, "{}", list(&p));
    assert_has(
        &p,
        "E102",
        "incidents/2026/INC-2026-007.yaml",
        locate(&text, "? [a, b]", "["),
    );
    assert_has(
        &p,
        "E102",
        "incidents/2026/INC-2026-007.yaml",
        locate(&text, "1: x", "1"),
    );
}
