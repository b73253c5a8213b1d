//! `--format sarif`: SARIF 2.1.0, the format GitHub code scanning (and many
//! other viewers) read. One run; `tool.driver` lists every diagnostic code as
//! a rule; each diagnostic is a result with a physical location relative to
//! the `SRCROOT` base (the repository root), a region with start and end,
//! and a `primaryLocationLineHash` that survives unrelated edits (see
//! [`super::locate`]). No string in the document is empty.

use super::locate::{locate_all, uri_reference};
use super::Context;
use crate::diagnostics::{codes, Diagnostics, Severity};
use serde_json::{json, Value};

/// The schema every SARIF 2.1.0 log names.
pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Where the project lives, for `informationUri` and the rules' `helpUri`
/// (see [`repository`]).
fn repository_of_build() -> &'static str {
    repository(
        option_env!("ISMSBOOK_REPOSITORY"),
        env!("CARGO_PKG_REPOSITORY"),
    )
}

/// The repository the binary was built from: `ISMSBOOK_REPOSITORY` at build
/// time (the GitHub Action sets it to the repository it builds from), else
/// Cargo.toml's `repository`. Only an `http(s)` URL counts (SARIF wants an
/// absolute URI); empty otherwise, and then `informationUri` and `helpUri`
/// are left out rather than invented.
fn repository<'a>(build: Option<&'a str>, cargo: &'a str) -> &'a str {
    [build.unwrap_or(""), cargo]
        .into_iter()
        .map(str::trim)
        .find(|u| {
            (u.starts_with("https://") || u.starts_with("http://"))
                && u.len() > "https://".len()
                && !u.contains(char::is_whitespace)
        })
        .unwrap_or("")
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Where a finding's file is: relative to `SRCROOT` when it lies under the
/// path base, else (content outside the repository) an absolute `file://`
/// URI of its own, since an absolute path resolved against `SRCROOT` names
/// no file a viewer can open.
fn artifact_location(path: &str) -> Value {
    if path.starts_with('/') {
        json!({ "uri": format!("file://{}", uri_reference(path)) })
    } else {
        json!({ "uri": uri_reference(path), "uriBaseId": "SRCROOT" })
    }
}

/// The page of docs/diagnostics.md that explains `code`, at this version's tag.
pub fn help_uri(repository: &str, code: &str) -> Option<String> {
    let repo = repository.trim().trim_end_matches('/');
    (!repo.is_empty()).then(|| {
        format!(
            "{repo}/blob/v{VERSION}/docs/diagnostics.md#{}",
            code.to_ascii_lowercase()
        )
    })
}

/// The rule's "friendly name": its summary as one Pascal-case word
/// (`a required field is missing` → `RequiredFieldIsMissing`); one-letter
/// words and `an` are left out, acronyms written as words (`YamlSyntaxError`).
fn friendly_name(summary: &str) -> String {
    let words: Vec<&str> = summary
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let name: String = words
        .iter()
        .filter(|w| w.len() > 1 && !w.eq_ignore_ascii_case("an"))
        .map(|w| {
            let lower = w.to_ascii_lowercase();
            let mut cs = lower.chars();
            cs.next()
                .map(|f| f.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect();
    if name.is_empty() {
        "Finding".to_string()
    } else {
        name
    }
}

fn driver(repository: &str) -> Value {
    let rules: Vec<Value> = codes::ALL
        .iter()
        .map(|c| {
            let anchor = c.id.to_ascii_lowercase();
            let mut rule = json!({
                "id": c.id,
                "name": friendly_name(c.summary),
                "shortDescription": { "text": c.summary },
                "fullDescription": {
                    "text": format!(
                        "{} ({}). `ismsbook explain {}` shows what it means with a wrong and a right example.",
                        c.summary, level(c.severity), c.id
                    )
                },
                "help": {
                    "text": format!(
                        "Run `ismsbook explain {}` (add `--lang ja` for Japanese), or read docs/diagnostics.md#{anchor}.",
                        c.id
                    ),
                    "markdown": format!(
                        "Run `ismsbook explain {}` (add `--lang ja` for Japanese), or read [docs/diagnostics.md#{anchor}](docs/diagnostics.md#{anchor}).",
                        c.id
                    )
                },
                "defaultConfiguration": { "level": level(c.severity) },
            });
            if let Some(uri) = help_uri(repository, c.id) {
                rule["helpUri"] = json!(uri);
            }
            rule
        })
        .collect();
    let mut driver = json!({
        "name": "ismsbook",
        "version": VERSION,
        "semanticVersion": VERSION,
        "rules": rules,
    });
    let repo = repository.trim().trim_end_matches('/');
    if !repo.is_empty() {
        driver["informationUri"] = json!(repo);
    }
    driver
}

fn log(results: Vec<Value>, invocation: Value) -> String {
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver(repository_of_build()) },
            "originalUriBaseIds": {
                "SRCROOT": {
                    "description": { "text": "The repository root (or --path-base)." }
                }
            },
            "columnKind": "unicodeCodePoints",
            "invocations": [invocation],
            "results": results,
        }]
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

pub fn render(diags: &Diagnostics, ctx: &Context) -> String {
    let located = locate_all(diags, ctx);
    let results = diags
        .iter()
        .zip(&located)
        .map(|(d, at)| {
            let mut text = if d.message.trim().is_empty() {
                d.code.to_string()
            } else {
                d.message.clone()
            };
            if let Some(h) = d.hint.as_deref().filter(|h| !h.trim().is_empty()) {
                text.push_str("\nhint: ");
                text.push_str(h);
            }
            let (end_line, end_column) = at.end_or_next();
            let mut result = json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact_location(&at.path),
                        "region": {
                            "startLine": at.line.max(1),
                            "startColumn": at.column.max(1),
                            "endLine": end_line.max(1),
                            "endColumn": end_column.max(2),
                        }
                    }
                }],
                "partialFingerprints": { "primaryLocationLineHash": at.line_hash() },
            });
            if let Some(i) = codes::ALL.iter().position(|c| c.id == d.code) {
                result["ruleIndex"] = json!(i);
            }
            result
        })
        .collect();
    log(
        results,
        json!({ "executionSuccessful": true, "exitCode": i32::from(ctx.failed) }),
    )
}

/// A log with no results and the reason the check could not run (exit 2).
pub fn failure(message: &str) -> String {
    let text = if message.trim().is_empty() {
        "the check could not run"
    } else {
        message
    };
    log(
        Vec::new(),
        json!({
            "executionSuccessful": false,
            "exitCode": 2,
            "toolExecutionNotifications": [{
                "level": "error",
                "message": { "text": text },
            }],
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_outside_the_path_base_is_an_absolute_uri_without_a_base() {
        let inside = artifact_location("content/incidents/2026/a b.yaml");
        assert_eq!(inside["uri"], "content/incidents/2026/a%20b.yaml");
        assert_eq!(inside["uriBaseId"], "SRCROOT");
        let outside = artifact_location("/srv/isms/content/policy.yaml");
        assert_eq!(outside["uri"], "file:///srv/isms/content/policy.yaml");
        assert!(outside.get("uriBaseId").is_none(), "{outside}");
    }

    #[test]
    fn help_uri_points_into_the_diagnostics_page_when_the_repository_is_known() {
        assert_eq!(help_uri("", "E101"), None);
        let uri = help_uri("https://example.org/ismsbook/", "E101").unwrap_or_default();
        assert!(
            uri.starts_with("https://example.org/ismsbook/blob/v")
                && uri.ends_with("/docs/diagnostics.md#e101"),
            "{uri}"
        );
    }

    #[test]
    fn the_repository_comes_from_the_build_then_cargo_and_only_as_a_url() {
        let gh = "https://github.com/acme/ismsbook";
        assert_eq!(repository(Some(gh), ""), gh);
        assert_eq!(repository(Some(gh), "https://example.org/x"), gh);
        assert_eq!(
            repository(None, "https://example.org/x"),
            "https://example.org/x"
        );
        assert_eq!(
            repository(Some("  "), "https://example.org/x"),
            "https://example.org/x"
        );
        assert_eq!(repository(Some("acme/ismsbook"), ""), "");
        assert_eq!(repository(Some("https://"), ""), "");
        assert_eq!(repository(None, ""), "");
        let d = driver(repository(Some(gh), ""));
        assert_eq!(d["informationUri"], gh);
    }

    #[test]
    fn every_rule_has_descriptions_and_help() {
        let d = driver("https://example.org/x");
        let rules = d["rules"].as_array().cloned().unwrap_or_default();
        assert_eq!(rules.len(), codes::ALL.len());
        for r in rules {
            for key in ["shortDescription", "fullDescription", "help"] {
                assert!(!r[key]["text"].as_str().unwrap_or("").is_empty(), "{r}");
            }
            assert!(r["helpUri"].as_str().is_some(), "{r}");
        }
    }
}
