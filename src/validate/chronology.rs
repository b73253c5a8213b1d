//! Dates in order: occurred ≤ detected ≤ reported ≤ contained ≤ recovered ≤
//! closed; timeline entries in order and inside that span; nothing after the
//! check date; the dates each stage requires are present.

use super::Ctx;
use crate::diagnostics::msg;
use crate::diagnostics::{codes, Diagnostic, Pos};
use crate::model::{About, Incident, Spanned, Status, Timestamp};

/// Is `t` after the end of the check date (in the site's timezone)?
fn after_today(ctx: &Ctx, t: &Timestamp) -> bool {
    t.date_in(ctx.content.site.timezone) > ctx.today
}

fn future(ctx: &Ctx, file: &str, field: &str, t: &Spanned<Timestamp>, out: &mut Vec<Diagnostic>) {
    if after_today(ctx, &t.value) {
        out.push(
            Diagnostic::new(
                codes::DATE_IN_FUTURE,
                file,
                t.pos,
                msg!(
                    "E403.future",
                    field = field,
                    at = t.value.display(ctx.content.site.timezone),
                    today = ctx.today
                ),
            )
            .hint(msg!("E403.future_hint")),
        );
    }
}

/// A key date over a century before the check date: a wrong year, or an
/// empty spreadsheet cell read as a date (Excel's day 0 is 1899-12-30).
/// Left alone, it makes a span of hundreds of thousands of days in every
/// average of the metrics page.
fn ancient(ctx: &Ctx, file: &str, field: &str, t: &Spanned<Timestamp>, out: &mut Vec<Diagnostic>) {
    const YEARS: u32 = 100;
    let Some(floor) = ctx
        .today
        .checked_sub_months(chrono::Months::new(YEARS * 12))
    else {
        return;
    };
    let tz = ctx.content.site.timezone;
    if t.value.date_in(tz) < floor {
        out.push(
            Diagnostic::new(
                codes::DATE_IMPLAUSIBLY_OLD,
                file,
                t.pos,
                msg!(
                    "W406.ancient",
                    field = field,
                    at = t.value.display(tz),
                    today = ctx.today,
                    years = YEARS
                ),
            )
            .hint(msg!("W406.ancient_hint")),
        );
    }
}

/// "`name` (at) is before `prev` (prev_at)": the message every ordering
/// finding of the milestones shares; the caller adds its code's hint.
fn before(
    code: crate::diagnostics::Code,
    file: &str,
    tz: chrono::FixedOffset,
    (name, t): (&str, &Spanned<Timestamp>),
    (prev_name, prev): (&str, &Spanned<Timestamp>),
) -> Diagnostic {
    Diagnostic::new(
        code,
        file,
        t.pos,
        msg!(
            "E401.before",
            name = name,
            at = t.value.display(tz),
            prev = prev_name,
            prev_at = prev.value.display(tz)
        ),
    )
}

pub fn check(ctx: &Ctx, inc: &Incident, out: &mut Vec<Diagnostic>) {
    let file = inc.file.as_str();
    let tz = ctx.content.site.timezone;
    // Lifecycle order: compare each present date with the latest earlier one.
    let mut latest: Option<(&str, &Spanned<Timestamp>)> = None;
    // The latest date before `reported_at`: containment before the report,
    // when the record says why, is compared with it instead.
    let mut before_report: Option<(&str, &Spanned<Timestamp>)> = None;
    let contained_first = inc
        .audit
        .reason(About::ContainedBeforeReport, None, None)
        .is_some();
    for (name, t) in inc.milestones() {
        let Some(t) = t else { continue };
        future(ctx, file, name, t, out);
        ancient(ctx, file, name, t, out);
        if name == "reported_at" {
            before_report = latest;
        }
        if let Some((prev_name, prev)) = latest {
            if name == "contained_at"
                && prev_name == "reported_at"
                && t.value.surely_before(&prev.value)
                && contained_first
            {
                out.push(
                    before(
                        codes::CONTAINED_BEFORE_REPORT_EXPLAINED,
                        file,
                        tz,
                        (name, t),
                        (prev_name, prev),
                    )
                    .hint(msg!("W405.explained_hint")),
                );
                latest = before_report;
                if let Some((p_name, p)) = latest.filter(|(_, p)| t.value.surely_before(&p.value)) {
                    out.push(
                        before(codes::DATES_OUT_OF_ORDER, file, tz, (name, t), (p_name, p))
                            .hint(msg!("E401.contained_early_hint")),
                    );
                    continue;
                }
                latest = Some((name, t));
                continue;
            }
            // A day without a time on the day of the other: order unknown.
            if t.value.surely_before(&prev.value) {
                out.push(
                    before(
                        codes::DATES_OUT_OF_ORDER,
                        file,
                        tz,
                        (name, t),
                        (prev_name, prev),
                    )
                    .hint(
                        if name == "contained_at" && prev_name == "reported_at" {
                            msg!("E401.contained_first_hint")
                        } else {
                            msg!("E401.before_hint")
                        },
                    ),
                );
                continue;
            }
        }
        latest = Some((name, t));
    }

    // Timeline: in order, from occurrence (or detection) to closure.
    let start = inc.occurred_at.as_ref().or(inc.detected_at.as_ref());
    let end = inc.closed_at.as_ref();
    let mut prev: Option<&Spanned<Timestamp>> = None;
    for (i, entry) in inc.timeline.iter().enumerate() {
        let Some(at) = &entry.at else { continue };
        // The field's name made only for a diagnostic (a `format!` for
        // every entry of every record otherwise).
        if after_today(ctx, &at.value) {
            future(ctx, file, &format!("timeline[{i}].at"), at, out);
        }
        let mut problem = None;
        // A day or a month beside a time inside it: order unknown, not reported.
        if let Some(s) = start.filter(|s| at.value.surely_before(&s.value)) {
            problem = Some(msg!(
                "E402.before_start",
                n = i + 1,
                at = at.value.display(tz),
                other = s.value.display(tz)
            ));
        } else if let Some(e) = end.filter(|e| e.value.surely_before(&at.value)) {
            problem = Some(msg!(
                "E402.after_close",
                n = i + 1,
                at = at.value.display(tz),
                other = e.value.display(tz)
            ));
        } else if let Some(p) = prev.filter(|p| at.value.surely_before(&p.value)) {
            problem = Some(msg!(
                "E402.before_previous",
                n = i + 1,
                at = at.value.display(tz),
                other = p.value.display(tz)
            ));
        }
        if let Some(msg) = problem {
            out.push(
                Diagnostic::new(codes::TIMELINE_ORDER, file, at.pos, msg)
                    .hint(msg!("E402.order_hint")),
            );
        }
        prev = Some(at);
    }

    for n in &inc.notifications {
        if let Some(at) = &n.at {
            future(ctx, file, "notifications.at", at, out);
        }
    }
    if let Some(a) = inc.assessment.as_ref().and_then(|a| a.decided_at.as_ref()) {
        future(ctx, file, "assessment.decided_at", a, out);
    }
    for a in &inc.actions {
        if let Some(done) = &a.done_at {
            if done.value.surely_after(ctx.today) {
                out.push(
                    Diagnostic::new(
                        codes::DATE_IN_FUTURE,
                        file,
                        done.pos,
                        msg!("E403.done_future", at = done.value, today = ctx.today),
                    )
                    .hint(msg!("E403.done_future_hint")),
                );
            }
        }
    }

    required_dates(inc, out);
}

/// Each status needs the dates that lead up to it.
fn required_dates(inc: &Incident, out: &mut Vec<Diagnostic>) {
    let status_pos = inc.status.as_ref().map(|s| s.pos).unwrap_or(inc.pos);
    let mut need = |present: bool, field: &str, why: crate::diagnostics::Msg, pos: Pos| {
        if !present {
            let error = Diagnostic::new(
                codes::MISSING_DATE,
                &inc.file,
                pos,
                msg!("E404.missing", field = field, why = why),
            )
            .hint(msg!("E404.missing_hint", field = field));
            out.push(super::not_recorded::or_explained(inc, field, error));
        }
    };
    // Imported history older than the policy is not held to its report
    // rule: it need not say when the responsible role was told.
    if let Some(level) = inc
        .level
        .as_ref()
        .filter(|l| l.value >= 1 && !inc.audit.predates())
    {
        need(
            inc.reported_at.is_some(),
            "reported_at",
            msg!("E404.why_level", level = level.value),
            level.pos,
        );
    }
    let status = inc.status();
    if matches!(
        status,
        Some(Status::Contained | Status::Recovered | Status::Closed)
    ) && (inc.level().unwrap_or(0) >= 1)
    {
        need(
            inc.contained_at.is_some(),
            "contained_at",
            msg!(
                "E404.why_status",
                status = status.map(Status::as_str).unwrap_or("")
            ),
            status_pos,
        );
    }
    if matches!(status, Some(Status::Recovered | Status::Closed)) && (inc.level().unwrap_or(0) >= 1)
    {
        need(
            inc.recovered_at.is_some(),
            "recovered_at",
            msg!(
                "E404.why_status",
                status = status.map(Status::as_str).unwrap_or("")
            ),
            status_pos,
        );
    }
    if status == Some(Status::Closed) {
        need(
            inc.closed_at.is_some(),
            "closed_at",
            msg!("E404.why_status", status = "closed"),
            status_pos,
        );
    }
}
