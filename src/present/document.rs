//! Document control as the policy, contacts, handbook and template pages
//! show it: version, approving role and date (`model::DocumentControl`),
//! the file's revisions from git up to the build's `--today`, and whether
//! the file was changed after its approval.

use super::context::{day_view, DateView};
use super::Env;
use crate::model::DocumentControl;
use serde::Serialize;

/// Revisions listed before "and N more".
const MAX_REVISIONS: usize = 20;

#[derive(Serialize, Clone, Debug)]
pub struct RevisionView {
    pub date: DateView,
    /// Shown only to an audience that may see who did what (`timeline.by`).
    pub author: Option<String>,
    pub subject: String,
    pub hash: String,
}

#[derive(Serialize, Clone, Debug, Default)]
pub struct DocumentView {
    /// The file, relative to the content directory.
    pub file: String,
    pub version: Option<String>,
    pub approved_by: Option<String>,
    pub approved_at: Option<DateView>,
    pub in_git: bool,
    /// Newest first, up to `--today`.
    pub revisions: Vec<RevisionView>,
    pub more: usize,
    pub last_change: Option<DateView>,
    /// The file was committed after the day it was approved.
    pub changed_after_approval: bool,
}

/// The view of `file`'s document control.
pub fn document_view(env: &Env, file: &str, control: &DocumentControl) -> DocumentView {
    let mut v = DocumentView {
        file: file.to_string(),
        version: control.version.clone(),
        approved_by: control
            .approved_by
            .as_ref()
            .map(|r| env.role_name(r).to_string()),
        approved_at: control.approved_at.as_ref().map(|d| day_view(d.value)),
        ..Default::default()
    };
    let Some(repo) = env.audit.git() else {
        return v;
    };
    v.in_git = true;
    let history = repo.history_until(file, env.today, env.tz);
    let show_author = env.view.shows("timeline.by");
    let last = history
        .first()
        .map(|c| c.at.with_timezone(&env.tz).date_naive());
    v.last_change = last.map(day_view);
    // Changed after the approval day in a commit that recorded no new
    // approval or version (the same judgement as `check`'s W908).
    v.changed_after_approval = match (&env.audit.provenance.root, &control.approved_at) {
        (Some(root), Some(approved)) => crate::evidence::approval::changed_after(
            root,
            repo,
            file,
            approved.value,
            env.today,
            env.tz,
        )
        .is_some(),
        _ => false,
    };
    v.more = history.len().saturating_sub(MAX_REVISIONS);
    v.revisions = history
        .into_iter()
        .take(MAX_REVISIONS)
        .map(|c| {
            let local = c.at.with_timezone(&env.tz);
            RevisionView {
                date: DateView {
                    text: local.format("%Y-%m-%d %H:%M").to_string(),
                    iso: local.format("%Y-%m-%dT%H:%M%:z").to_string(),
                },
                author: show_author.then(|| c.author.clone()),
                subject: c.subject.clone(),
                hash: c.hash.chars().take(10).collect(),
            }
        })
        .collect();
    v
}
