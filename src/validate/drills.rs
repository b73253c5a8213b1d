//! Drills: held as often as the policy asks; their actions tracked like
//! incident actions.

use super::closing::check_actions;
use super::Ctx;
use crate::analysis::deviations::Kind;
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
                    format!(
                        "the drill date {} is after the check date {}",
                        date.value, ctx.today
                    ),
                )
                .hint("record drills once they have taken place"),
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
        let message = format!(
            "this drill was held {} days after the interval since the drill before had run out ({})",
            d.late_minutes.unwrap_or(0) / 1440,
            d.due.map(|x| x.to_string()).unwrap_or_default()
        );
        out.push(if d.explained() {
            Diagnostic::new(codes::DRILL_LATE_EXPLAINED, &drill.file, d.pos, message)
                .hint("the reason is recorded and shown on the drills and audit pages")
        } else {
            Diagnostic::new(codes::DRILL_LATE, &drill.file, d.pos, message)
                .hint("keep the true date and add `late_reason:` to this drill saying why the gap was longer than the policy allows")
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
            Some(l) => format!("the latest drill was on {l}; the policy asks for one every {}, so one was due by {}", every.value, due.map(|d| d.to_string()).unwrap_or_default()),
            None => format!("no drill is recorded; the policy asks for one every {}", every.value),
        };
        out.push(Diagnostic::new(codes::DRILL_OVERDUE, "policy.yaml", every.pos, msg).hint("hold a drill (tabletop, phishing simulation or technical) and record it under drills/<year>/<id>.yaml"));
    }
}
