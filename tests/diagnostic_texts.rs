//! Every diagnostic speaks the reader's language: its message and hint come
//! from the catalogue (`diagnostics:` in themes/default/locales/*.yaml, via
//! `msg!`), not from an English string built in code. This test lists every
//! place in `src/` that still builds one — `Diagnostic::new(…, "…")`,
//! `Diagnostic::new(…, format!(…))`, `.hint("…")`, `.hint(format!(…))` — so
//! a message merged in from elsewhere is found at once; move it into the
//! catalogue (one line per language) and write `msg!("CODE.key", …)`.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text of the call's arguments from `open` (just after its `(`).
fn arguments(text: &str, open: usize) -> &str {
    let mut depth = 1;
    let mut in_str = false;
    let mut prev = ' ';
    for (i, c) in text[open..].char_indices() {
        match c {
            '"' if prev != '\\' => in_str = !in_str,
            '(' if !in_str => depth += 1,
            ')' if !in_str => {
                depth -= 1;
                if depth == 0 {
                    return &text[open..open + i];
                }
            }
            _ => {}
        }
        prev = if prev == '\\' && c == '\\' { ' ' } else { c };
    }
    &text[open..]
}

/// Top-level comma-separated parts of an argument list.
fn split_args(args: &str) -> Vec<&str> {
    let (mut depth, mut in_str, mut prev, mut start) = (0i32, false, ' ', 0);
    let mut out = Vec::new();
    for (i, c) in args.char_indices() {
        match c {
            '"' if prev != '\\' => in_str = !in_str,
            '(' | '[' | '{' if !in_str => depth += 1,
            ')' | ']' | '}' if !in_str => depth -= 1,
            ',' if !in_str && depth == 0 => {
                out.push(args[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
        prev = c;
    }
    out.push(args[start..].trim());
    out
}

fn english(arg: &str) -> bool {
    arg.starts_with('"') || arg.starts_with("format!") || arg.ends_with(".to_string()")
}

#[test]
fn no_diagnostic_text_is_built_in_english_in_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    let mut found = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read");
        // Unit tests may build diagnostics any way they like.
        let code = &text[..text.find("#[cfg(test)]\nmod tests").unwrap_or(text.len())];
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .display()
            .to_string();
        if rel.ends_with("tests.rs") {
            continue;
        }
        let line_of = |at: usize| code[..at].matches('\n').count() + 1;
        for (at, _) in code.match_indices("Diagnostic::new(") {
            let args = split_args(arguments(code, at + "Diagnostic::new(".len()));
            if args.get(3).is_some_and(|m| english(m)) {
                found.push(format!("{rel}:{}: message {}", line_of(at), args[3]));
            }
        }
        for (at, _) in code.match_indices(".hint(") {
            let arg = arguments(code, at + ".hint(".len()).trim();
            if english(arg) {
                found.push(format!("{rel}:{}: hint {arg}", line_of(at)));
            }
        }
    }
    assert!(
        found.is_empty(),
        "{} diagnostic texts are English strings built in code, without a Japanese text; \
         move each into the `diagnostics:` section of themes/default/locales/{{en,ja}}.yaml \
         and use msg!(\"CODE.key\", …):\n{}",
        found.len(),
        found.join("\n")
    );
}

/// Every catalogue key the code names (`msg!("E101.missing", …)`,
/// `Msg::new("types.text")`, a key in a table) has a text: a string
/// literal `"group.key"` whose group is one of the catalogue's must be
/// one of its keys, so a typo or a forgotten entry fails here rather than
/// showing the key to a user.
#[test]
fn every_key_named_in_code_is_in_the_catalogue() {
    use ismsbook::diagnostics::{catalogue, Lang};
    let keys: std::collections::BTreeSet<&str> = catalogue::keys(Lang::En).collect();
    let groups: std::collections::BTreeSet<&str> =
        keys.iter().filter_map(|k| k.split('.').next()).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut missing = Vec::new();
    let mut named = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read");
        for literal in text.split('"').skip(1).step_by(2) {
            let Some((group, rest)) = literal.split_once('.') else {
                continue;
            };
            let plain = |s: &str| {
                !s.is_empty()
                    && s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
            };
            if !groups.contains(group) || !plain(rest) || !plain(group) {
                continue;
            }
            named += 1;
            if !keys.contains(literal) {
                missing.push(format!("{}: {literal}", path.display()));
            }
        }
    }
    assert!(named > 200, "only {named} keys found: is the scan broken?");
    assert!(
        missing.is_empty(),
        "keys without a text:\n{}",
        missing.join("\n")
    );
}
