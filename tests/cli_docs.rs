//! docs/cli.md against the binary's own help (`-h`): every option a command
//! offers is in that command's part of the reference, and every command that
//! takes `--today` says what it defaults to the same way.

use std::process::Command;

/// Options every command accepts (docs/cli.md names them once, at the top).
const GLOBAL: &[&str] = &[
    "--quiet",
    "--verbose",
    "--color",
    "--lang",
    "--help",
    "--version",
];

/// The commands and their `--help` arguments.
const COMMANDS: &[&[&str]] = &[
    &["check"],
    &["build"],
    &["serve"],
    &["new", "incident"],
    &["import"],
    &["init"],
    &["explain"],
    &["schema"],
    &["completions"],
    &["verify"],
    &["sign"],
];

fn help(cmd: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_ismsbook"))
        .args(cmd)
        .arg("-h")
        .env("ISMSBOOK_LANG", "en")
        .output()
        .expect("the binary runs");
    assert!(out.status.success(), "{cmd:?} -h failed");
    String::from_utf8(out.stdout).expect("help is UTF-8")
}

/// The long options of a help text's `Options:` list.
fn options(help: &str) -> Vec<String> {
    help.lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with('-'))
        .filter_map(|l| {
            let at = l.find("--")?;
            let name: String = l[at..]
                .chars()
                .take_while(|c| *c == '-' || c.is_ascii_alphanumeric())
                .collect();
            Some(name)
        })
        .filter(|o| !GLOBAL.contains(&o.as_str()))
        .collect()
}

/// The part of docs/cli.md about `cmd`: its own section (`## check`), or its
/// item in the list of the small commands (`- \`ismsbook explain …`).
fn section<'a>(doc: &'a str, cmd: &[&str]) -> &'a str {
    let name = cmd.join(" ");
    if let Some(at) = doc.find(&format!("\n## {name}\n")) {
        let rest = &doc[at + 1..];
        let end = rest[3..].find("\n## ").map_or(rest.len(), |e| e + 3);
        return &rest[..end];
    }
    let at = doc
        .find(&format!("\n- `ismsbook {name}"))
        .unwrap_or_else(|| panic!("docs/cli.md says nothing of `ismsbook {name}`"));
    let rest = &doc[at + 1..];
    let end = rest[1..]
        .find("\n- `ismsbook ")
        .map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

fn mentions(text: &str, option: &str) -> bool {
    text.match_indices(option).any(|(at, _)| {
        !text[at + option.len()..].starts_with(|c: char| c == '-' || c.is_ascii_alphanumeric())
    })
}

#[test]
fn every_option_of_every_command_is_in_its_part_of_the_reference() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/cli.md"))
        .expect("docs/cli.md");
    let mut missing = Vec::new();
    for cmd in COMMANDS {
        let part = section(&doc, cmd);
        for option in options(&help(cmd)) {
            if !mentions(part, &option) {
                missing.push(format!("ismsbook {} {option}", cmd.join(" ")));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "options the --help lists but docs/cli.md does not:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_today_option_names_its_default_the_same_way() {
    for cmd in COMMANDS {
        let help = help(cmd);
        let Some(line) = help.lines().find(|l| l.contains("--today")) else {
            continue;
        };
        assert!(
            line.contains("SOURCE_DATE_EPOCH"),
            "ismsbook {} --help: `{}` does not say that SOURCE_DATE_EPOCH stands in for today",
            cmd.join(" "),
            line.trim()
        );
    }
}
