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
        // In the future only when the whole month is (`2026-12` on 2026-11-22).
        if let Some(date) = d
            .date
            .as_ref()
            .filter(|date| date.value.surely_after(ctx.today))
        {
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
    // A drill held in a month beside the day it was due: whether it was
    // late depends on the day nobody wrote.
    for (drill, gap) in crate::analysis::deviations::drill_gaps(ctx.content, ctx.today) {
        let (Some(date), false) = (&drill.date, gap.held_first > gap.due_latest) else {
            continue;
        };
        if gap.held_last > gap.due_first {
            out.push(
                Diagnostic::new(
                    codes::DEADLINE_UNJUDGED,
                    &drill.file,
                    date.pos,
                    msg!(
                        "W510.drill",
                        date = date.value,
                        due = span(gap.due_first, gap.due_latest)
                    ),
                )
                .hint(msg!("W510.hint")),
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
        .filter(|d| d.first() <= ctx.today)
        .max();
    // The same dates the calendar lists (analysis::deadlines): overdue only
    // when every day the next drill may be due has passed.
    let due = crate::analysis::deadlines::next_drill_span(ctx.content, ctx.today);
    let overdue = due.is_none_or(|(_, latest)| latest < ctx.today);
    if overdue {
        let msg = match latest {
            Some(l) => msg!(
                "W905.overdue",
                latest = l,
                every = &every.value,
                due = due.map(|(a, b)| span(a, b)).unwrap_or_default()
            ),
            None => msg!("W905.none", every = &every.value),
        };
        out.push(
            Diagnostic::new(codes::DRILL_OVERDUE, "policy.yaml", every.pos, msg)
                .hint(msg!("W905.overdue_hint")),
        );
    }
}

/// `2026-09-15`, or `2026-09-01 – 2026-09-30` when the day is one of a span.
fn span(first: chrono::NaiveDate, last: chrono::NaiveDate) -> String {
    if first == last {
        first.to_string()
    } else {
        format!("{first} – {last}")
    }
}
