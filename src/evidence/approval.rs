//! Documents changed after their approval (W908): the policy, the contact
//! list, handbook pages and templates whose committed content changed after
//! the day they record as approved, in a commit that did not also record a
//! new approval or version. A commit that records the approval itself (made
//! on or after the approval day, as it usually is) is not a change after
//! it, so the rule never asks anyone to move the approval date.

use super::git::{finish, spawn, Commit, Repository};
use crate::diagnostics::msg;
use crate::diagnostics::{codes, Diagnostic};
use crate::model::{Content, DocumentControl};
use chrono::{FixedOffset, NaiveDate};
use std::path::Path;

/// The `approved_at:`, `approved_by:` and `version:` lines of a document's text, trimmed:
/// what a commit changes when it records an approval or a revision.
fn control_lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| {
            ["approved_at:", "approved_by:", "version:"]
                .iter()
                .any(|k| l.starts_with(k))
        })
        .collect()
}

/// The file `rel` (relative to the content directory `root`) as commit
/// `rev` has it; `None` when it did not exist there.
fn show(root: &Path, rev: &str, rel: &str) -> Option<String> {
    let spec = format!("{rev}:./{rel}");
    let out = finish(spawn(root, &["show", &spec])?)?;
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// The newest commit up to `today` that changed `rel` after the day
/// `approved` without recording a new approval or version.
pub fn changed_after<'a>(
    root: &Path,
    repo: &'a Repository,
    rel: &str,
    approved: NaiveDate,
    today: NaiveDate,
    tz: FixedOffset,
) -> Option<&'a Commit> {
    repo.history_until(rel, today, tz)
        .into_iter()
        .take_while(|c| c.at.with_timezone(&tz).date_naive() > approved)
        .find(|c| {
            let Some(after) = show(root, &c.hash, rel) else {
                return false;
            };
            // A file new in this commit, or moved here, records its control with it.
            let Some(before) = show(root, &format!("{}^", c.hash), rel) else {
                return false;
            };
            before != after && control_lines(&before) == control_lines(&after)
        })
}

/// The documents under document control, with the file each lives in.
fn documents(content: &Content) -> Vec<(&str, &DocumentControl)> {
    [
        ("policy.yaml", &content.policy.document),
        ("contacts.yaml", &content.contacts.document),
    ]
    .into_iter()
    .chain(
        content
            .handbook
            .iter()
            .chain(&content.templates)
            .map(|p| (p.file.as_str(), &p.control)),
    )
    .collect()
}

/// W908 for each document of `content` (in the content directory `root`)
/// changed after its recorded approval.
pub fn check(
    root: &Path,
    repo: &Repository,
    content: &Content,
    today: NaiveDate,
) -> Vec<Diagnostic> {
    let tz = content.site.timezone;
    let mut out = Vec::new();
    for (file, control) in documents(content) {
        let Some(approved) = &control.approved_at else {
            continue;
        };
        let Some(c) = changed_after(root, repo, file, approved.value, today, tz) else {
            continue;
        };
        let changed = c.at.with_timezone(&tz).format("%Y-%m-%d").to_string();
        let hash: String = c.hash.chars().take(10).collect();
        out.push(
            Diagnostic::new(
                codes::CHANGED_AFTER_APPROVAL,
                file,
                approved.pos,
                msg!(
                    "W908.changed",
                    file = file,
                    changed = changed,
                    hash = hash,
                    subject = &c.subject,
                    approved = approved.value
                ),
            )
            .hint(msg!("W908.changed_hint")),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::control_lines;

    #[test]
    fn control_lines_are_the_approval_and_the_version() {
        let a = "---\ntitle: x\nversion: \"1.0\"\napproved_at: 2026-01-01\n---\nbody";
        let b = "---\ntitle: x\nversion: \"1.0\"\napproved_at: 2026-01-01\n---\nnew body";
        let c = "---\ntitle: x\nversion: \"1.1\"\napproved_at: 2026-01-01\n---\nnew body";
        assert_eq!(control_lines(a), control_lines(b));
        assert_ne!(control_lines(a), control_lines(c));
    }
}
