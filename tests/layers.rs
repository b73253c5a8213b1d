//! The layering of `src/`, written down and checked (the habit of Python's
//! import-linter "layers" contract or ArchUnit's `layeredArchitecture()`).
//!
//! Every top-level module of the library sits on one layer of [`LAYERS`],
//! listed from the bottom up. A module may use (`crate::x`) only modules on
//! lower layers; two modules on the same layer may not use each other. A
//! `use crate::…` that goes against this fails the test, naming the file,
//! the line and the import. Unit tests (`#[cfg(test)] mod tests`) are not
//! counted: tests may reach anywhere.
//!
//! docs/architecture.md draws these layers; change both together. The same
//! file holds the size rule: no Rust file under `src/`, `tests/`, `benches/` or
//! `examples/` over 600 lines of code.

use std::collections::BTreeMap;
use std::path::Path;

/// Bottom first. Each entry: the layer's name, its modules.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "foundation",
        &["diagnostics", "chars", "digest", "markup", "paths", "trace"],
    ),
    ("graphics", &["search", "svg"]),
    ("yaml", &["yaml"]),
    ("model", &["model"]),
    ("schema", &["schema"]),
    ("load", &["load"]),
    ("analysis", &["analysis"]),
    ("validate", &["validate"]),
    ("authoring", &["authoring"]),
    ("redaction", &["redact"]),
    ("write", &["write"]),
    ("evidence", &["evidence"]),
    ("present", &["present"]),
    ("render", &["render", "export"]),
    ("site", &["site"]),
    ("serve", &["serve"]),
    ("cli", &["cli"]),
];

/// The layer index of a top-level module.
fn layer_of(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

/// A `crate::x` use found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edge {
    file: String,
    line: usize,
    target: String,
    text: String,
}

/// The code of a file without its unit-test module, comments and string
/// literals (blanked, so line numbers stay).
fn code_only(text: &str) -> String {
    let cut = text.find("#[cfg(test)]\nmod tests").unwrap_or(text.len());
    let src = &text[..cut];
    let mut out = String::with_capacity(src.len());
    let b = src.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
            i += 2;
            while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                if b[i] == b'\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += 2;
        } else if b[i] == b'"' {
            // A string literal (raw strings are rare in use paths; they are
            // blanked by the same rule as long as they hold no quote).
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                if b.get(i) == Some(&b'\n') {
                    out.push('\n');
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if b[i] == b'\'' && b.get(i + 2) == Some(&b'\'') {
            // A char literal such as '"'.
            out.push_str("' '");
            i += 3;
        } else {
            let ch = src[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every `crate::x` (and each name of `use crate::{x, y::z}`) in `code`.
fn edges_of(file: &str, code: &str) -> Vec<Edge> {
    let mut edges = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let before_ok = rest[..at].chars().next_back().is_none_or(|c| !is_ident(c));
            let after = &rest[at + "crate::".len()..];
            if before_ok {
                if let Some(group) = after.strip_prefix('{') {
                    // `use crate::{a, b::c, d}` possibly over several lines.
                    let start: usize = code.lines().take(n).map(|l| l.len() + 1).sum::<usize>()
                        + (line.len() - rest.len())
                        + at
                        + "crate::{".len();
                    let body = &code[start..];
                    let body = &body[..body.find('}').unwrap_or(body.len())];
                    let _ = group;
                    let mut depth = 0;
                    let mut item = String::new();
                    for c in body.chars().chain(std::iter::once(',')) {
                        match c {
                            '{' => depth += 1,
                            '}' => depth -= 1,
                            ',' if depth == 0 => {
                                let name: String =
                                    item.trim().chars().take_while(|c| is_ident(*c)).collect();
                                if !name.is_empty() && name != "self" {
                                    edges.push(Edge {
                                        file: file.to_string(),
                                        line: n + 1,
                                        target: name,
                                        text: line.trim().to_string(),
                                    });
                                }
                                item.clear();
                                continue;
                            }
                            _ => {}
                        }
                        item.push(c);
                    }
                } else {
                    let name: String = after.chars().take_while(|c| is_ident(*c)).collect();
                    if !name.is_empty() {
                        edges.push(Edge {
                            file: file.to_string(),
                            line: n + 1,
                            target: name,
                            text: line.trim().to_string(),
                        });
                    }
                }
            }
            rest = &rest[at + "crate::".len()..];
        }
    }
    edges
}

/// The top-level module a file under `src/` belongs to (`None` for
/// `lib.rs` and `main.rs`, which only declare and start).
fn module_of(rel: &str) -> Option<String> {
    let first = rel.split('/').next()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib" && name != "main").then(|| name.to_string())
}

/// Every edge that breaks the layering, as a message naming file, line and
/// import; and every module missing from [`LAYERS`].
fn violations(files: &BTreeMap<String, String>) -> Vec<String> {
    let mut out = Vec::new();
    for (rel, text) in files {
        let Some(module) = module_of(rel) else {
            continue;
        };
        let Some(own) = layer_of(&module) else {
            out.push(format!(
                "src/{rel}: module `{module}` is on no layer; add it to LAYERS in tests/layers.rs and to docs/architecture.md"
            ));
            continue;
        };
        for e in edges_of(rel, &code_only(text)) {
            // Items of the crate root (`crate::VERSION`) belong to no layer.
            if e.target == module || e.target.starts_with(|c: char| c.is_ascii_uppercase()) {
                continue;
            }
            let Some(theirs) = layer_of(&e.target) else {
                out.push(format!(
                    "src/{}:{}: `{}` uses `crate::{}`, which is on no layer",
                    e.file, e.line, e.text, e.target
                ));
                continue;
            };
            if theirs >= own {
                let why = if theirs == own {
                    "the same layer (siblings may not use each other)".to_string()
                } else {
                    format!("a higher layer (`{}`)", LAYERS[theirs].0)
                };
                out.push(format!(
                    "src/{}:{}: `{}` — `{module}` (layer `{}`) uses `{}`, on {why}; move the shared piece down, or the caller up",
                    e.file, e.line, e.text, LAYERS[own].0, e.target
                ));
            }
        }
    }
    out
}

fn source_files() -> BTreeMap<String, String> {
    rust_files("src")
}

/// Every `.rs` file under `dir` (a folder of the repository), by path
/// relative to `dir`, with its text.
fn rust_files(dir: &str) -> BTreeMap<String, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&src)
                .expect("under the folder")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(e.path()).expect("source is UTF-8");
            (rel, text)
        })
        .collect()
}

#[test]
fn src_follows_the_layers() {
    let problems = violations(&source_files());
    assert!(
        problems.is_empty(),
        "{} import(s) against the layer order (bottom first: {}):\n{}",
        problems.len(),
        LAYERS
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(" → "),
        problems.join("\n")
    );
}

/// Most lines of code (blank lines and comments not counted) a Rust file
/// may have: every file under `src/` (unit tests kept beside the code
/// included), `tests/`, `benches/` and `examples/`.
const MAX_CODE_LINES: usize = 600;

fn code_lines(text: &str) -> usize {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .count()
}

/// `dir/rel: n lines of code` for each file of `files` over the limit.
fn over_the_limit(dir: &str, files: &BTreeMap<String, String>) -> Vec<String> {
    files
        .iter()
        .map(|(rel, text)| (rel, code_lines(text)))
        .filter(|(_, n)| *n > MAX_CODE_LINES)
        .map(|(rel, n)| format!("{dir}/{rel}: {n} lines of code"))
        .collect()
}

#[test]
fn no_source_file_is_over_600_lines_of_code() {
    let big = over_the_limit("src", &source_files());
    assert!(
        big.is_empty(),
        "split these by concern (at most {MAX_CODE_LINES} lines of code each):\n{}",
        big.join("\n")
    );
}

#[test]
fn no_test_bench_or_example_file_is_over_600_lines_of_code() {
    let big: Vec<String> = ["tests", "benches", "examples"]
        .into_iter()
        .flat_map(|dir| over_the_limit(dir, &rust_files(dir)))
        .collect();
    assert!(
        big.is_empty(),
        "split these by theme, e.g. into modules in a folder of the same name \
         (at most {MAX_CODE_LINES} lines of code each):\n{}",
        big.join("\n")
    );
}

#[test]
fn a_planted_back_edge_is_caught_with_file_line_and_import() {
    let mut files = BTreeMap::new();
    files.insert(
        "model/x.rs".to_string(),
        "//! crate::render in a comment is fine\nuse crate::diagnostics::Pos;\nuse crate::{yaml, render::Sink};\nfn f() -> &'static str { \"crate::cli\" }\n".to_string(),
    );
    files.insert(
        "render/y.rs".to_string(),
        "use crate::export::csv;\n".to_string(),
    );
    files.insert("nowhere.rs".to_string(), "fn f() {}\n".to_string());
    let problems = violations(&files);
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(problems[0].starts_with("src/model/x.rs:3: `use crate::{yaml, render::Sink};`"));
    assert!(problems[0].contains("uses `render`, on a higher layer (`render`)"));
    assert!(problems[1].contains("module `nowhere` is on no layer"));
    assert!(problems[2].starts_with("src/render/y.rs:1:"));
    assert!(problems[2].contains("same layer"));
}

#[test]
fn tests_and_strings_do_not_count() {
    let text = "use crate::yaml;\n#[cfg(test)]\nmod tests {\n    use crate::cli;\n}\n";
    let edges = edges_of("model/a.rs", &code_only(text));
    assert_eq!(edges.len(), 1);
    assert_eq!(edges[0].target, "yaml");
}
