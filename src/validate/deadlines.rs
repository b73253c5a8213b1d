//! Deadlines: the first report to the responsible role within the level's
//! `report_within`, and every external notification the policy requires made
//! on time (counted from detection).

use super::Ctx;
use crate::analysis::deviations::report_late;
use crate::analysis::notifications::{requirements, State};
use crate::diagnostics::msg;
use crate::diagnostics::{codes, Diagnostic};
use crate::model::summary::Summary;
use crate::model::{About, Incident};

/// `summary` is `inc`'s.
pub fn check(ctx: &Ctx, inc: &Incident, summary: &Summary, out: &mut Vec<Diagnostic>) {
    let tz = ctx.content.site.timezone;
    let file = inc.file.as_str();
    if let (Some(deadline), Some(level), Some(detected), Some(reported)) = (
        report_late(ctx.content, summary),
        inc.level.as_ref(),
        &inc.detected_at,
        &inc.reported_at,
    ) {
        let within = ctx
            .content
            .policy
            .level(level.value)
            .and_then(|l| l.report_within.as_ref());
        let within = within.map(|w| w.value.to_string()).unwrap_or_default();
        let message = msg!(
            "E501.late",
            after = human_span_both(reported.value.at - detected.value.at),
            level = level.value,
            within = within,
            deadline = deadline.with_timezone(&tz).format("%Y-%m-%d %H:%M")
        );
        // A late report is a fact: once the record says why, it is a
        // finding to show (warning), not an error that blocks the site.
        out.push(
            if inc.audit.reason(About::ReportLate, None, None).is_some() {
                Diagnostic::new(codes::REPORT_LATE_EXPLAINED, file, reported.pos, message)
                    .hint(msg!("W504.explained_hint"))
            } else {
                Diagnostic::new(codes::REPORT_LATE, file, reported.pos, message)
                    .hint(msg!("E501.late_hint"))
            },
        );
    }

    if let (Some(reported), Some(level)) = (&inc.reported_at, inc.level.as_ref()) {
        if crate::analysis::deviations::report_unjudged(ctx.content, summary) {
            let within = ctx
                .content
                .policy
                .level(level.value)
                .and_then(|l| l.report_within.as_ref())
                .map(|w| w.value.to_string())
                .unwrap_or_default();
            out.push(
                Diagnostic::new(
                    codes::DEADLINE_UNJUDGED,
                    file,
                    reported.pos,
                    msg!("W510.report", within = within),
                )
                .hint(msg!("W510.hint")),
            );
        }
    }

    for req in requirements(ctx.content, summary, ctx.today) {
        let deadline = req.deadline.with_timezone(&tz).format("%Y-%m-%d %H:%M");
        match req.state {
            State::Missing => {
                let message = msg!(
                    "E502.missing",
                    kind = kind_msg(req.kind),
                    name = &req.rule.name,
                    id = &req.rule.id.value,
                    deadline = deadline
                );
                let explained = inc.audit.explanation(
                    About::NotificationNotMade,
                    Some(&req.rule.id.value),
                    Some(req.kind),
                );
                out.push(match explained {
                    Some(e) => Diagnostic::new(
                        codes::NOTIFICATION_NOT_MADE_EXPLAINED,
                        file,
                        e.pos,
                        message,
                    )
                    .hint(msg!("W507.explained_hint")),
                    None => Diagnostic::new(
                        codes::NOTIFICATION_MISSING,
                        file,
                        inc.detected_at.as_ref().map(|d| d.pos).unwrap_or(inc.pos),
                        message,
                    )
                    .hint(msg!(
                        "E502.missing_hint",
                        id = &req.rule.id.value,
                        kind = req.kind
                    )),
                });
            }
            State::Late => {
                let at = req.made.and_then(|m| m.at.as_ref());
                let message = msg!(
                    "E503.late",
                    kind = kind_msg(req.kind),
                    name = &req.rule.name,
                    at = at.map(|m| m.value.display(tz)).unwrap_or_default(),
                    deadline = deadline
                );
                let pos = at.map(|m| m.pos).unwrap_or(inc.pos);
                // A late report is a fact: once the record says why, it is a
                // finding to show (warning), not an error that blocks the site.
                let explained = req.made.is_some_and(|m| {
                    m.late_reason
                        .as_deref()
                        .is_some_and(|r| !r.trim().is_empty())
                });
                out.push(if explained {
                    Diagnostic::new(codes::NOTIFICATION_LATE_EXPLAINED, file, pos, message)
                        .hint(msg!("W506.explained_hint"))
                } else {
                    Diagnostic::new(codes::NOTIFICATION_LATE, file, pos, message)
                        .hint(msg!("E503.late_hint"))
                });
            }
            State::Unjudged => {
                let at = req.made.and_then(|m| m.at.as_ref());
                let pos = at
                    .map(|m| m.pos)
                    .or(inc.detected_at.as_ref().map(|d| d.pos))
                    .unwrap_or(inc.pos);
                out.push(
                    Diagnostic::new(
                        codes::DEADLINE_UNJUDGED,
                        file,
                        pos,
                        msg!(
                            "W510.notification",
                            kind = kind_msg(req.kind),
                            name = &req.rule.name
                        ),
                    )
                    .hint(msg!("W510.hint")),
                );
            }
            State::Made | State::NotYetDue => {}
        }
    }
}

/// A notification kind as messages name it: `the preliminary report`,
/// `the report` (not "the report report").
fn kind_msg(kind: &str) -> crate::diagnostics::Msg {
    crate::diagnostics::Msg::new(match kind {
        "preliminary" => "notify.preliminary",
        "final" => "notify.final",
        _ => "notify.report",
    })
}

/// [`human_span`] in both languages (`4 時間 50 分`).
fn human_span_both(d: chrono::Duration) -> crate::diagnostics::Both {
    let total = d.num_minutes().max(0);
    let (days, hours, minutes) = (total / (60 * 24), (total / 60) % 24, total % 60);
    let parts: Vec<String> = [(days, "日"), (hours, "時間"), (minutes, "分")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n} {unit}"))
        .collect();
    let ja = if parts.is_empty() {
        "0 分".to_string()
    } else {
        parts.join(" ")
    };
    crate::diagnostics::Both(ja, human_span(d))
}

/// `2 days 3 hours 5 minutes`, exact to the minute (rounding could make a
/// late report read as on time).
fn human_span(d: chrono::Duration) -> String {
    let total = d.num_minutes().max(0);
    let (days, hours, minutes) = (total / (60 * 24), (total / 60) % 24, total % 60);
    let mut parts = Vec::new();
    for (n, unit) in [(days, "day"), (hours, "hour"), (minutes, "minute")] {
        if n > 0 {
            parts.push(format!("{n} {unit}{}", if n == 1 { "" } else { "s" }));
        }
    }
    if parts.is_empty() {
        "0 minutes".to_string()
    } else {
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn human_span_is_exact() {
        assert_eq!(
            super::human_span(chrono::Duration::minutes(4 * 60 + 50)),
            "4 hours 50 minutes"
        );
        assert_eq!(
            super::human_span(chrono::Duration::minutes(24 * 60 + 1)),
            "1 day 1 minute"
        );
    }
}
