//! `--format gitlab`: a GitLab Code Quality report (a JSON array of issues
//! in the Code Climate subset GitLab reads), for the merge-request widget.
//! Severity: error → `major`, warning → `minor` (`blocker` for a run that
//! could not check). The fingerprint is unique per finding and stable when
//! unrelated lines move (see [`super::locate`]). UTF-8 without a byte-order
//! mark, which GitLab's parser rejects.

use super::locate::{display_path, locate_all};
use super::Context;
use crate::diagnostics::{Diagnostics, Severity};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
    }
}

/// 32 hex digits: GitLab compares fingerprints between the source and the
/// target branch to tell new findings from old ones.
fn fingerprint(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    h.update(b"ismsbook-gitlab");
    for p in parts {
        h.update([0]);
        h.update(p.as_bytes());
    }
    h.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn to_string(issues: &[Value]) -> String {
    let mut s = serde_json::to_string_pretty(issues).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

pub fn render(diags: &Diagnostics, ctx: &Context) -> String {
    let located = locate_all(diags, ctx);
    let issues: Vec<Value> = diags
        .iter()
        .zip(&located)
        .map(|(d, at)| {
            let mut description = format!("{}: {}", d.code, d.message);
            if let Some(h) = d.hint.as_deref().filter(|h| !h.trim().is_empty()) {
                description.push_str(" (hint: ");
                description.push_str(h);
                description.push(')');
            }
            json!({
                "description": description,
                "check_name": d.code,
                "fingerprint": fingerprint(&[&at.line_hash()]),
                "severity": severity(d.severity),
                "location": {
                    "path": at.path,
                    "lines": { "begin": at.line.max(1) },
                },
            })
        })
        .collect();
    to_string(&issues)
}

/// One `blocker` issue on the content directory saying why the check could
/// not run (exit 2), so the report is never an empty file.
pub fn failure(message: &str, ctx: &Context) -> String {
    let path = display_path(ctx.shown_dir, "");
    to_string(&[json!({
        "description": format!("ismsbook could not check the content: {message}"),
        "check_name": "ismsbook",
        "fingerprint": fingerprint(&["failure", &path, message]),
        "severity": "blocker",
        "location": { "path": path, "lines": { "begin": 1 } },
    })])
}
