//! Hostile and broken input: every case gets its diagnostic (code and
//! position), the run ends within the deadline of `run_bin` (killed and failed
//! otherwise), nothing panics, and the content directory is byte-for-byte the
//! same afterwards.

mod common;

use common::*;
use ismsbook::yaml::MAX_DEPTH;
use std::time::Duration;

const NEW: &str = "incidents/2026/INC-2026-099.yaml";
const LEAK: &str = "incidents/2025/INC-2025-007.yaml";

/// `check` on `f`, asserting that the content directory (and its parent, where
/// nothing may be created either) is unchanged by the run.
fn check_unchanged(f: &Fixture) -> Report {
    let before = Snapshot::of(f.workdir());
    let r = f.check();
    before.assert_same(&Snapshot::of(f.workdir()));
    r
}

/// All formats, for inputs whose rendering (snippets of odd files) could break.
fn all_formats_unchanged(f: &Fixture) {
    let before = Snapshot::of(f.workdir());
    for format in ["human", "github", "json"] {
        let run = f.run(&[
            "check",
            "--content",
            "content",
            "--today",
            TODAY,
            "--format",
            format,
        ]);
        assert!(
            run.status == 1,
            "--format {format}: exit {}\n{}",
            run.status,
            run.stderr
        );
    }
    before.assert_same(&Snapshot::of(f.workdir()));
}

/// Small deterministic PRNG (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
    /// Text made of the characters YAML gives meaning to, plus Japanese.
    fn yamlish(&mut self, n: usize) -> String {
        const ALPHABET: &[&str] = &[
            "[",
            "]",
            "{",
            "}",
            ":",
            ": ",
            "-",
            "- ",
            ",",
            "&a",
            "*a",
            "!",
            "|",
            ">",
            "'",
            "\"",
            "#",
            "%",
            "@",
            "`",
            "?",
            " ",
            "  ",
            "\t",
            "\n",
            "\n  ",
            "\r\n",
            "id",
            "title",
            "level",
            "1",
            "2026-01-01",
            "true",
            "null",
            "~",
            "障害",
            "報告",
            "\\",
            "---",
            "...",
            "<<",
            "\u{feff}",
            "\u{0}",
        ];
        (0..n)
            .map(|_| ALPHABET[self.below(ALPHABET.len())])
            .collect()
    }
}

// ---------------------------------------------------------------------------
// Garbage instead of a record
// ---------------------------------------------------------------------------

#[test]
fn random_bytes_as_records() {
    let f = Fixture::example();
    let mut rng = Rng::new(7);
    let files: Vec<String> = (0..16)
        .map(|i| format!("incidents/2026/INC-2026-{:03}.yaml", 100 + i))
        .collect();
    for (i, rel) in files.iter().enumerate() {
        let n = 1 + rng.below(4096 << (i % 4));
        f.write(rel, rng.bytes(n));
    }
    let r = check_unchanged(&f);
    assert_eq!(r.status, 1);
    for rel in &files {
        let d = r
            .diags
            .iter()
            .find(|d| &d.file == rel)
            .unwrap_or_else(|| panic!("no diagnostic for {rel}:\n{}", list(&r.diags)));
        assert_eq!(d.severity, "error", "{d}");
        assert!(d.line >= 1 && d.column >= 1, "{d}");
    }
}

#[test]
fn random_yaml_like_text_in_every_kind_of_file() {
    for seed in 0..4 {
        let f = Fixture::example();
        let mut rng = Rng::new(seed);
        let targets = [
            "site.yaml",
            "policy.yaml",
            "contacts.yaml",
            NEW,
            "drills/2026/DRL-2026-99.yaml",
            "handbook/zz.md",
        ];
        for rel in targets {
            let n = 1 + rng.below(2000);
            f.write(rel, rng.yamlish(n));
        }
        let r = check_unchanged(&f);
        assert_eq!(r.status, 1, "seed {seed}");
        for rel in targets {
            assert!(
                r.diags
                    .iter()
                    .any(|d| d.file == rel && d.severity == "error"),
                "seed {seed}: no error for {rel}:\n{}\n--- content:\n{:?}",
                list(&r.diags),
                f.read(rel)
            );
        }
    }
}

/// Valid records damaged the way hurried edits damage them: lines deleted,
/// doubled, swapped, cut short, or with stray characters. Any diagnostics are
/// fine; a crash, a hang or unparsable output is not.
#[test]
fn mangled_copies_of_the_example_never_crash() {
    const STRAY: &[&str] = &[
        ":", "- ", "[", "{", "\"", "'", "&x ", "*x", "\t", "#", "|", "  ", "障害", "\u{feff}",
    ];
    for seed in 0..6u64 {
        let f = Fixture::example();
        let mut rng = Rng::new(1000 + seed);
        let mut rels = vec![
            "policy.yaml".to_string(),
            "contacts.yaml".to_string(),
            "site.yaml".to_string(),
        ];
        for dir in [
            "incidents/2025",
            "incidents/2026",
            "drills/2026",
            "handbook",
        ] {
            let mut names: Vec<String> = std::fs::read_dir(f.path(dir))
                .unwrap()
                .flatten()
                .map(|e| format!("{dir}/{}", e.file_name().to_string_lossy()))
                .collect();
            names.sort();
            rels.extend(names);
        }
        for rel in &rels {
            let text = f.read(rel);
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            for _ in 0..1 + rng.below(4) {
                if lines.is_empty() {
                    break;
                }
                let i = rng.below(lines.len());
                match rng.below(5) {
                    0 => {
                        lines.remove(i);
                    }
                    1 => lines.insert(i, lines[i].clone()),
                    2 => {
                        let j = rng.below(lines.len());
                        lines.swap(i, j);
                    }
                    3 => lines.truncate(i + 1),
                    _ => {
                        let line = &lines[i];
                        let cut = line
                            .char_indices()
                            .map(|(b, _)| b)
                            .nth(rng.below(line.chars().count() + 1))
                            .unwrap_or(line.len());
                        let stray = STRAY[rng.below(STRAY.len())];
                        lines[i] = format!("{}{stray}{}", &line[..cut], &line[cut..]);
                    }
                }
            }
            f.write(rel, lines.join("\n"));
        }
        // Every format must survive it (snippets of damaged files included).
        let before = Snapshot::of(f.workdir());
        let r = f.check();
        assert!(
            r.status == 0 || r.status == 1,
            "seed {seed}: exit {}",
            r.status
        );
        for format in ["human", "github"] {
            let run = f.run(&[
                "check",
                "--content",
                "content",
                "--today",
                TODAY,
                "--format",
                format,
            ]);
            assert_eq!(run.status, r.status, "seed {seed} --format {format}");
        }
        before.assert_same(&Snapshot::of(f.workdir()));
    }
}

// ---------------------------------------------------------------------------
// Encoding, emptiness, size
// ---------------------------------------------------------------------------

#[test]
fn invalid_utf8_gets_e002_at_the_first_bad_byte() {
    let f = Fixture::example();
    let mut bytes = "id: INC-2026-099\ntitle: 障害\nsummary: ab"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"\xff\xfe\n");
    f.write(NEW, &bytes);
    let r = check_unchanged(&f);
    let p = r.new_problems();
    // Line 3; after `summary: ab` (11 characters) comes the bad byte.
    assert_only(&p, "E002", NEW, At { line: 3, col: 12 });
    assert_eq!(r.status, 1);
}

#[test]
fn utf16_file_from_a_windows_editor_gets_e002() {
    let f = Fixture::example();
    let mut bytes = vec![0xff, 0xfe];
    for unit in "id: INC-2026-099\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    f.write(NEW, &bytes);
    let p = check_unchanged(&f).new_problems();
    assert_only(&p, "E002", NEW, At { line: 1, col: 1 });
}

#[test]
fn shift_jis_policy_gets_e002_and_the_rest_still_checks() {
    let f = Fixture::example();
    let text = f.read("policy.yaml");
    let mut bytes = text
        .replacen("    name: 情報漏えい", "    name: \u{0}", 1)
        .into_bytes();
    let at = bytes.iter().position(|b| *b == 0).unwrap();
    bytes.splice(at..=at, [0x8f, 0xee, 0x95, 0xf1]); // 情報 in Shift_JIS
    f.write("policy.yaml", &bytes);
    let r = check_unchanged(&f);
    assert_has(
        &r.diags,
        "E002",
        "policy.yaml",
        value_at(&text, "    name: 情報漏えい"),
    );
    assert_eq!(r.status, 1);
}

#[test]
fn empty_file_gets_e003() {
    let f = Fixture::example();
    f.write(NEW, "");
    f.write("incidents/2026/INC-2026-098.yaml", "\u{feff}\n \n");
    let p = check_unchanged(&f).new_problems();
    assert_eq!(p.len(), 2, "{}", list(&p));
    assert_has(&p, "E003", NEW, At { line: 1, col: 1 });
    assert_has(
        &p,
        "E003",
        "incidents/2026/INC-2026-098.yaml",
        At { line: 1, col: 1 },
    );
}

#[test]
fn twenty_megabyte_file_gets_e005_quickly() {
    let f = Fixture::example();
    let line = format!("summary: {}\n", "障害の記録".repeat(20));
    let big = line.repeat(20 * 1024 * 1024 / line.len() + 1);
    assert!(big.len() >= 20 * 1024 * 1024);
    f.write(NEW, &big);
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
    // Refused by its size, without being parsed.
    assert!(
        run.elapsed < Duration::from_secs(5),
        "took {:?}",
        run.elapsed
    );
    let r = Report::from_run(run);
    assert_only(&r.new_problems(), "E005", NEW, At { line: 1, col: 1 });
    before.assert_same(&Snapshot::of(f.workdir()));
    // The human format must not try to draw a 20 MB snippet either.
    let human = f.run(&["check", "--content", "content", "--today", TODAY]);
    assert!(
        human.stderr.contains("E005") && human.elapsed < Duration::from_secs(5),
        "{:?}",
        human.elapsed
    );
}

/// The human format draws a snippet of each file with a diagnostic; for a file
/// refused for its size it reads the whole file anyway and underlines the whole
/// first line: 20 MB without a newline took 26 s and printed 42 MB (the JSON
/// format answers in 0.1 s).
#[test]
fn twenty_megabyte_single_line_file_in_human_format_is_quick() {
    let f = Fixture::example();
    f.write(NEW, "x".repeat(20 * 1024 * 1024));
    let run = f.run(&["check", "--content", "content", "--today", TODAY]);
    assert!(
        run.stderr.contains("E005"),
        "{}",
        run.stderr.chars().take(300).collect::<String>()
    );
    assert!(
        run.elapsed < Duration::from_secs(5),
        "took {:?}",
        run.elapsed
    );
    assert!(
        run.stderr.len() < 64 * 1024,
        "printed {} bytes",
        run.stderr.len()
    );
}

#[test]
fn a_very_long_line_under_the_limit_is_fine() {
    let f = Fixture::example();
    let long = "長".repeat(1_000_000);
    let text = f.replace(
        "incidents/2026/INC-2026-007.yaml",
        "location: ",
        &format!("location: {long}\nlocaton: "),
    );
    let r = check_unchanged(&f);
    // Only the planted unknown key, positioned after the 3 MB line.
    assert_only(
        &r.new_problems(),
        "W104",
        "incidents/2026/INC-2026-007.yaml",
        key_at(&text, "locaton: "),
    );
    let human = f.run(&["check", "--content", "content", "--today", TODAY]);
    assert!(
        human.stderr.contains("W104"),
        "{}",
        human.stderr.chars().take(500).collect::<String>()
    );
}

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

// ---------------------------------------------------------------------------
// Paths that leave the content directory
// ---------------------------------------------------------------------------

#[test]
fn evidence_paths_that_escape_get_e007() {
    let f = Fixture::example();
    let cases = [
        "../outside.txt",
        "evidence/../../outside.txt",
        "/etc/passwd",
        "C:\\Windows\\win.ini",
        "\\\\server\\share\\log.txt",
    ];
    let entries: String = cases
        .iter()
        .map(|p| format!("  - path: '{p}'\n    description: 外\n"))
        .collect();
    std::fs::write(f.workdir().join("outside.txt"), "secret\n").unwrap();
    let text = f.replace(LEAK, "evidence:\n", &format!("evidence:\n{entries}"));
    let p = check_unchanged(&f).new_problems();
    assert_eq!(p.len(), cases.len(), "{}", list(&p));
    for case in cases {
        assert_has(
            &p,
            "E007",
            LEAK,
            value_at(&text, &format!("  - path: '{case}'")),
        );
    }
}

#[cfg(unix)]
#[test]
fn evidence_symlink_pointing_outside_gets_e007() {
    let f = Fixture::example();
    let outside = f.workdir().join("secret.csv");
    std::fs::write(&outside, "not evidence\n").unwrap();
    let ev = "evidence/INC-2025-007/mail-log.csv";
    f.remove(ev);
    std::os::unix::fs::symlink(&outside, f.path(ev)).unwrap();
    let text = f.read(LEAK);
    let p = check_unchanged(&f).new_problems();
    assert_only(
        &p,
        "E007",
        LEAK,
        value_at(&text, "  - path: evidence/INC-2025-007/mail-log.csv"),
    );
}

#[cfg(unix)]
#[test]
fn record_symlink_pointing_outside_gets_e007_and_is_not_read() {
    let f = Fixture::example();
    // A well-formed record outside: if it were read, its wrong id would show as E202.
    let outside = f.workdir().join("INC-2026-099.yaml");
    std::fs::write(&outside, f.read("incidents/2026/INC-2026-007.yaml")).unwrap();
    std::os::unix::fs::symlink(&outside, f.path(NEW)).unwrap();
    let p = check_unchanged(&f).new_problems();
    assert_only(&p, "E007", NEW, At { line: 1, col: 1 });
}

#[cfg(unix)]
#[test]
fn directory_symlink_pointing_outside_gets_one_e007_and_is_not_walked() {
    let f = Fixture::example();
    let outside = f.workdir().join("elsewhere");
    for i in 0..5 {
        let dir = outside.join(format!("d{i}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("notes.txt"), "x\n").unwrap();
        std::fs::write(dir.join("INC-2026-200.yaml"), "id: INC-2026-200\n").unwrap();
    }
    std::os::unix::fs::symlink(&outside, f.path("incidents/2027")).unwrap();
    let p = check_unchanged(&f).new_problems();
    assert_only(&p, "E007", "incidents/2027", At { line: 1, col: 1 });
}

// ---------------------------------------------------------------------------
// Symlink loops and missing files
// ---------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn symlink_loop_in_incidents_gets_e008_and_terminates() {
    let f = Fixture::example();
    std::os::unix::fs::symlink("..", f.path("incidents/2026/up")).unwrap();
    std::fs::create_dir(f.path("incidents/2026/sub")).unwrap();
    std::os::unix::fs::symlink("../../2026", f.path("incidents/2026/sub/again")).unwrap();
    let p = check_unchanged(&f).new_problems();
    assert_eq!(p.len(), 2, "{}", list(&p));
    assert_has(&p, "E008", "incidents/2026/up", At { line: 1, col: 1 });
    assert_has(
        &p,
        "E008",
        "incidents/2026/sub/again",
        At { line: 1, col: 1 },
    );
}

#[cfg(unix)]
#[test]
fn file_symlink_loops_get_e008() {
    let f = Fixture::example();
    std::os::unix::fs::symlink("b.yaml", f.path("incidents/2026/a.yaml")).unwrap();
    std::os::unix::fs::symlink("a.yaml", f.path("incidents/2026/b.yaml")).unwrap();
    std::os::unix::fs::symlink("self.yaml", f.path("incidents/2026/self.yaml")).unwrap();
    let p = check_unchanged(&f).new_problems();
    assert_eq!(p.len(), 3, "{}", list(&p));
    for rel in ["a.yaml", "b.yaml", "self.yaml"] {
        assert_has(
            &p,
            "E008",
            &format!("incidents/2026/{rel}"),
            At { line: 1, col: 1 },
        );
    }
}

#[test]
fn missing_policy_gets_e009_and_no_crash() {
    let f = Fixture::example();
    f.remove("policy.yaml");
    let r = check_unchanged(&f);
    assert_has(&r.diags, "E009", "policy.yaml", At { line: 1, col: 1 });
    assert_eq!(r.status, 1);
    all_formats_unchanged(&f);
}

/// One unreadable policy or contacts file is one error with a note, not
/// every reference elsewhere reported as unknown (about 180 on the example).
#[cfg(unix)]
#[test]
fn an_unreadable_policy_or_contacts_file_is_one_error_with_a_note() {
    for (file, how) in [
        ("policy.yaml", "fifo"),
        ("contacts.yaml", "fifo"),
        ("policy.yaml", "syntax"),
        ("contacts.yaml", "syntax"),
    ] {
        let f = Fixture::example();
        f.remove(file);
        match how {
            "fifo" => {
                let path = std::ffi::CString::new(f.path(file).to_str().unwrap()).unwrap();
                // SAFETY: a valid NUL-terminated path; mkfifo only creates a node.
                assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0);
            }
            _ => f.write(file, "levels: [\n"),
        }
        let r = f.check();
        let errors: Vec<&Diag> = r.diags.iter().filter(|d| d.severity == "error").collect();
        assert_eq!(errors.len(), 1, "{file} ({how}):\n{}", list(&r.diags));
        let e = errors[0];
        assert_eq!(e.file, file, "{e}");
        let code = if how == "fifo" { "E001" } else { "E004" };
        assert_eq!(e.code, code, "{e}");
        if how == "fifo" {
            assert!(e.message.contains("not a regular file"), "{e}");
        }
        let hint = e.hint.as_deref().unwrap_or_default();
        assert!(
            hint.contains("not checked against") && hint.contains("left out"),
            "{e}"
        );
        assert_eq!(r.status, 1);
    }
}

#[test]
fn empty_content_directory_names_each_missing_file() {
    let f = Fixture::empty();
    let r = check_unchanged(&f);
    assert_eq!(
        r.status, 1,
        "an empty directory is a content problem (1), not a usage error (2)"
    );
    for rel in ["site.yaml", "policy.yaml", "contacts.yaml"] {
        assert_has(&r.diags, "E009", rel, At { line: 1, col: 1 });
    }
}

// ---------------------------------------------------------------------------
// Everything at once
// ---------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn all_hostile_inputs_together_in_every_format() {
    let f = Fixture::example();
    let mut rng = Rng::new(42);
    f.write("incidents/2026/INC-2026-100.yaml", rng.bytes(3000));
    f.write("incidents/2026/INC-2026-101.yaml", "[".repeat(100_000));
    f.write("incidents/2026/INC-2026-102.yaml", b"id: \xff\n");
    f.write("incidents/2026/INC-2026-103.yaml", "");
    f.write("incidents/2026/INC-2026-104.yaml", "id: x\n\ttitle: y\n");
    // Many short lines (a single huge line is the ignored test above).
    f.write(
        "incidents/2026/INC-2026-105.yaml",
        "x: 1\n".repeat(1024 * 1024 + 1),
    );
    f.write("handbook/zz.md", rng.yamlish(500));
    std::os::unix::fs::symlink("..", f.path("incidents/2026/loop")).unwrap();
    f.replace(
        LEAK,
        "  - path: evidence/INC-2025-007/mail-log.csv",
        "  - path: ../../etc/passwd",
    );
    let r = check_unchanged(&f);
    for (rel, code) in [
        ("incidents/2026/INC-2026-101.yaml", "E006"),
        ("incidents/2026/INC-2026-102.yaml", "E002"),
        ("incidents/2026/INC-2026-103.yaml", "E003"),
        ("incidents/2026/INC-2026-104.yaml", "E013"),
        ("incidents/2026/INC-2026-105.yaml", "E005"),
        ("incidents/2026/loop", "E008"),
        (LEAK, "E007"),
    ] {
        assert!(
            r.diags.iter().any(|d| d.file == rel && d.code == code),
            "no {code} for {rel}:\n{}",
            list(&r.diags)
        );
    }
    assert!(
        r.diags
            .iter()
            .any(|d| d.file == "incidents/2026/INC-2026-100.yaml"),
        "{}",
        list(&r.diags)
    );
    assert!(
        r.diags.iter().any(|d| d.file == "handbook/zz.md"),
        "{}",
        list(&r.diags)
    );
    all_formats_unchanged(&f);
}
