//! Closing a record: a cause and at least one complete corrective action;
//! open actions past their due date are flagged.

use super::Ctx;
use crate::diagnostics::{codes, Diagnostic};
use crate::model::{Action, Incident, Status};

pub fn check(ctx: &Ctx, inc: &Incident, out: &mut Vec<Diagnostic>) {
    let file = inc.file.as_str();
    if let Some(status) = inc.status.as_ref().filter(|s| s.value == Status::Closed) {
        if inc.cause.as_deref().is_none_or(|c| c.trim().is_empty()) {
            out.push(
                Diagnostic::new(
                    codes::CLOSED_WITHOUT_CAUSE,
                    file,
                    status.pos,
                    "the record is closed but has no `cause`",
                )
                .hint("add `cause:` describing why it happened (root cause), before closing"),
            );
        }
        if inc.actions.is_empty() {
            out.push(
                Diagnostic::new(codes::CLOSED_WITHOUT_ACTION, file, status.pos, "the record is closed but has no corrective action")
                    .hint("add at least one entry under `actions:` with action, owner, due, evaluation and status"),
            );
        }
    }
    check_actions(
        ctx,
        &inc.actions,
        file,
        inc.status() == Some(Status::Closed),
        out,
    );
}

/// Actions are not silently overdue; done ones say when; a closed record's
/// actions are complete.
pub fn check_actions(
    ctx: &Ctx,
    actions: &[Action],
    file: &str,
    closed: bool,
    out: &mut Vec<Diagnostic>,
) {
    for a in actions {
        let mut missing = Vec::new();
        if a.owner.is_none() {
            missing.push("owner");
        }
        if a.due.is_none() {
            missing.push("due");
        }
        if a.evaluation.as_deref().is_none_or(|e| e.trim().is_empty()) {
            missing.push("evaluation");
        }
        if closed && !missing.is_empty() {
            out.push(
                Diagnostic::new(codes::ACTION_INCOMPLETE, file, a.pos, format!("the record is closed but this action lacks {}", missing.join(", ")))
                    .hint("every corrective action of a closed record needs `owner` (a role), `due` (a date) and `evaluation` (how its effectiveness is checked)"),
            );
        }
        if a.is_overdue(ctx.today) {
            if let Some(due) = &a.due {
                let message = format!(
                    "the action \"{}\" was due {} and is not done",
                    truncate(&a.action, 40),
                    due.value
                );
                out.push(if a.late_reason.as_deref().is_some_and(|r| !r.trim().is_empty()) {
                    Diagnostic::new(codes::ACTION_OVERDUE_EXPLAINED, file, due.pos, message)
                        .hint("the reason is recorded and shown; finish it and set `status: done` with `done_at`")
                } else {
                    Diagnostic::new(codes::ACTION_OVERDUE, file, due.pos, message)
                        .hint("finish it and set `status: done` with `done_at`; if it stays late, keep `due` and add `late_reason:` saying why")
                });
            }
        }
        if let Some(r) = &a.review {
            if let Some(due) = r.due.as_ref().filter(|_| r.is_overdue(ctx.today)) {
                out.push(
                    Diagnostic::new(codes::REVIEW_OVERDUE, file, due.pos, format!("the effectiveness review of \"{}\" was due {} and is not recorded as done", truncate(&a.action, 40), due.value))
                        .hint("review whether the action worked and record `review: { done_at, by, result, evidence }`"),
                );
            }
            if let Some(done) = r.done_at.as_ref() {
                let mut missing = Vec::new();
                if r.by.is_none() {
                    missing.push("by");
                }
                if r.result.as_deref().is_none_or(|x| x.trim().is_empty()) {
                    missing.push("result");
                }
                if !missing.is_empty() {
                    out.push(
                        Diagnostic::new(
                            codes::REVIEW_INCOMPLETE,
                            file,
                            done.pos,
                            format!(
                                "the review is recorded as done but lacks {}",
                                missing.join(", ")
                            ),
                        )
                        .hint("say who reviewed (`by`, a role) and what was found (`result`)"),
                    );
                }
            }
        }
        if a.is_done() && a.done_at.is_none() {
            if let Some(s) = &a.status {
                out.push(
                    Diagnostic::new(
                        codes::MISSING_DATE,
                        file,
                        s.pos,
                        "`done_at` is missing: the action is marked done",
                    )
                    .hint("add `done_at: YYYY-MM-DD`"),
                );
            }
        }
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}
