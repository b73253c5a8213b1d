//! Garbage instead of a record; encoding, emptiness and size.

use super::*;

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
