//! Drills: held as often as the policy asks; their actions tracked like
//! incident actions.

use super::closing::check_actions;
use super::Ctx;
use crate::analysis::deviations::Kind;
use crate::diagnostics::msg;
use crate::diagnostics::{codes, Diagnostic};

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for d in &ctx.content.drills {
        check_actions(ctx, &d.actions, &d.file, false, out);
        if let Some(date) = d.date.as_ref().filter(|date| date.value > ctx.today) {
            out.push(
                Diagnostic::new(
                    codes::DATE_IN_FUTURE,
                    &d.file,
                    date.pos,
                    msg!("E403.drill_future", date = date.value, today = ctx.today),
                )
                .hint(msg!("E403.drill_future_hint")),
            );
        }
    }
    for d in crate::analysis::deviations::of_drills(ctx.content, ctx.today)
        .into_iter()
        .filter(|d| d.kind == Kind::DrillLate)
    {
        let Some(drill) = ctx.content.drills.iter().find(|x| x.id.value == d.record) else {
            continue;
        };
        let message = msg!(
            "W906.late",
            days = d.late_minutes.unwrap_or(0) / 1440,
            due = d.due.map(|x| x.to_string()).unwrap_or_default()
        );
        out.push(if d.explained() {
            Diagnostic::new(codes::DRILL_LATE_EXPLAINED, &drill.file, d.pos, message)
                .hint(msg!("W907.explained_hint"))
        } else {
            Diagnostic::new(codes::DRILL_LATE, &drill.file, d.pos, message)
                .hint(msg!("W906.late_hint"))
        });
    }
    let Some(every) = &ctx.content.policy.drill_every else {
        return;
    };
    let latest = ctx
        .content
        .drills
        .iter()
        .filter_map(|d| d.date.as_ref().map(|x| x.value))
        .filter(|d| *d <= ctx.today)
        .max();
    // The same date the calendar lists (analysis::deadlines).
    let due = crate::analysis::deadlines::next_drill(ctx.content, ctx.today);
    let overdue = due.is_none_or(|due| due < ctx.today);
    if overdue {
        let msg = match latest {
            Some(l) => msg!(
                "W905.overdue",
                latest = l,
                every = &every.value,
                due = due.map(|d| d.to_string()).unwrap_or_default()
            ),
            None => msg!("W905.none", every = &every.value),
        };
        out.push(
            Diagnostic::new(codes::DRILL_OVERDUE, "policy.yaml", every.pos, msg)
                .hint(msg!("W905.overdue_hint")),
        );
    }
}
