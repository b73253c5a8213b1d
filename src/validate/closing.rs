//! Closing a record: a cause and at least one complete corrective action;
//! open actions past their due date are flagged.

use super::not_recorded::or_explained;
use super::Ctx;
use crate::diagnostics::msg;
use crate::diagnostics::{codes, Diagnostic};
use crate::model::{Action, Incident, RecordDate, Spanned, Status};

pub fn check(ctx: &Ctx, inc: &Incident, out: &mut Vec<Diagnostic>) {
    let file = inc.file.as_str();
    if let Some(status) = inc.status.as_ref().filter(|s| s.value == Status::Closed) {
        if inc.cause.as_deref().is_none_or(|c| c.trim().is_empty()) {
            let error = Diagnostic::new(
                codes::CLOSED_WITHOUT_CAUSE,
                file,
                status.pos,
                msg!("E602.no_cause"),
            )
            .hint(msg!("E602.no_cause_hint"));
            out.push(or_explained(inc, "cause", error));
        }
        if inc.actions.is_empty() {
            let error = Diagnostic::new(
                codes::CLOSED_WITHOUT_ACTION,
                file,
                status.pos,
                msg!("E603.no_action"),
            )
            .hint(msg!("E603.no_action_hint"));
            out.push(or_explained(inc, "actions", error));
        }
    }
    let first = out.len();
    check_actions(
        ctx,
        &inc.actions,
        file,
        inc.status() == Some(Status::Closed),
        out,
    );
    // An action the source recorded without its owner, due date or
    // evaluation: the record may say so (`not_recorded: actions`).
    for d in &mut out[first..] {
        if d.code == codes::ACTION_INCOMPLETE.id {
            let error = d.clone();
            *d = or_explained(inc, "actions", error);
        }
    }
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
                Diagnostic::new(
                    codes::ACTION_INCOMPLETE,
                    file,
                    a.pos,
                    msg!("E604.lacks", missing = missing.join(", ")),
                )
                .hint(msg!("E604.lacks_hint")),
            );
        }
        if a.is_overdue(ctx.today) {
            if let Some(due) = &a.due {
                let message = msg!(
                    "W605.overdue",
                    action = truncate(&a.action, 40),
                    due = due.value
                );
                out.push(
                    if a.late_reason
                        .as_deref()
                        .is_some_and(|r| !r.trim().is_empty())
                    {
                        Diagnostic::new(codes::ACTION_OVERDUE_EXPLAINED, file, due.pos, message)
                            .hint(msg!("W606.explained_hint"))
                    } else {
                        Diagnostic::new(codes::ACTION_OVERDUE, file, due.pos, message)
                            .hint(msg!("W605.overdue_hint"))
                    },
                );
            }
        }
        if let Some(due) = a.due.as_ref().filter(|_| a.may_be_overdue(ctx.today)) {
            out.push(unjudged(file, a, due, "W510.action"));
        }
        if let Some(r) = &a.review {
            if let Some(due) = r.due.as_ref().filter(|_| r.may_be_overdue(ctx.today)) {
                out.push(unjudged(file, a, due, "W510.review"));
            }
            if let Some(due) = r.due.as_ref().filter(|_| r.is_overdue(ctx.today)) {
                out.push(
                    Diagnostic::new(
                        codes::REVIEW_OVERDUE,
                        file,
                        due.pos,
                        msg!(
                            "W607.overdue",
                            action = truncate(&a.action, 40),
                            due = due.value
                        ),
                    )
                    .hint(msg!("W607.overdue_hint")),
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
                            msg!("W608.lacks", missing = missing.join(", ")),
                        )
                        .hint(msg!("W608.lacks_hint")),
                    );
                }
            }
        }
        if a.is_done() && a.done_at.is_none() {
            if let Some(s) = &a.status {
                out.push(
                    Diagnostic::new(codes::MISSING_DATE, file, s.pos, msg!("E404.done_at"))
                        .hint(msg!("E404.done_at_hint")),
                );
            }
        }
    }
}

/// W510: the action's or its review's (`key`) due month has begun and is
/// not over, so whether it is past due depends on the day nobody wrote.
fn unjudged(file: &str, a: &Action, due: &Spanned<RecordDate>, key: &'static str) -> Diagnostic {
    let message = msg!(key, action = truncate(&a.action, 40), due = due.value);
    Diagnostic::new(codes::DEADLINE_UNJUDGED, file, due.pos, message).hint(msg!("W510.due_hint"))
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}
