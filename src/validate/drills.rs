//! Drills: held as often as the policy asks; their actions tracked like
//! incident actions.

use super::closing::check_actions;
use super::Ctx;
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
