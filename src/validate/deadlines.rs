//! Deadlines: the first report to the responsible role within the level's
//! `report_within`, and every external notification the policy requires made
//! on time (counted from detection).

use super::Ctx;
use crate::analysis::deviations::report_late;
use crate::analysis::notifications::{requirements, State};
use crate::diagnostics::{codes, Diagnostic};
use crate::model::{About, Incident};

pub fn check(ctx: &Ctx, inc: &Incident, out: &mut Vec<Diagnostic>) {
    let tz = ctx.content.site.timezone;
    let file = inc.file.as_str();
    if let (Some(deadline), Some(level), Some(detected), Some(reported)) = (
        report_late(ctx.content, inc),
        inc.level.as_ref(),
        &inc.detected_at,
        &inc.reported_at,
    ) {
        let within = ctx
            .content
            .policy
            .level(level.value)
            .and_then(|l| l.report_within.as_ref())
            .map(|w| w.value.to_string())
            .unwrap_or_default();
        let message = format!(
            "reported {} after detection; level {} must be reported within {within} (by {})",
            human_span(reported.value.at - detected.value.at),
            level.value,
            deadline.with_timezone(&tz).format("%Y-%m-%d %H:%M")
        );
        // A late report is a fact: once the record says why, it is a
        // finding to show (warning), not an error that blocks the site.
        out.push(if inc.audit.reason(About::ReportLate, None, None).is_some() {
            Diagnostic::new(codes::REPORT_LATE_EXPLAINED, file, reported.pos, message)
                .hint("the reason is recorded and shown; make sure a corrective action prevents it next time")
        } else {
            Diagnostic::new(codes::REPORT_LATE, file, reported.pos, message)
                .hint("if the date is right, keep it and add `deviations: [{ about: report_late, reason: <why> }]`; a late report cannot be made on time afterwards. If the date is a typo, correct it")
        });
    }

    for req in requirements(ctx.content, inc, ctx.today) {
        let deadline = req.deadline.with_timezone(&tz).format("%Y-%m-%d %H:%M");
        match req.state {
            State::Missing => {
                let message = format!(
                    "the {} report to {} (`{}`) was due by {deadline} and is not recorded",
                    req.kind, req.rule.name, req.rule.id.value
                );
                let explained = inc.audit.explanation(
                    About::NotificationNotMade,
                    Some(&req.rule.id.value),
                    Some(req.kind),
                );
                out.push(match explained {
                    Some(e) => Diagnostic::new(codes::NOTIFICATION_NOT_MADE_EXPLAINED, file, e.pos, message)
                        .hint("the reason is recorded and shown; if the rule does not apply to this record at all, use `not_applicable:` instead"),
                    None => Diagnostic::new(
                        codes::NOTIFICATION_MISSING,
                        file,
                        inc.detected_at.as_ref().map(|d| d.pos).unwrap_or(inc.pos),
                        message,
                    )
                    .hint(format!("add under `notifications`: `- {{ to: {id}, kind: {kind}, at: <when it was made>, reference: <receipt number> }}`; if it was not made, say why under `deviations: [{{ about: notification_not_made, to: {id}, reason: <why> }}]`; if the rule does not apply, `not_applicable: [{{ rule: {id}, reason: <why>, decided_by: <role> }}]`", id = req.rule.id.value, kind = req.kind)),
                });
            }
            State::Late => {
                let at = req.made.and_then(|m| m.at.as_ref());
                let message = format!(
                    "the {} report to {} was made {}, after its deadline {deadline}",
                    req.kind,
                    req.rule.name,
                    at.map(|m| m.value.display(tz)).unwrap_or_default()
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
                        .hint("the reason is recorded; make sure a corrective action prevents it next time")
                } else {
                    Diagnostic::new(codes::NOTIFICATION_LATE, file, pos, message).hint(
                        "keep the true date and add `late_reason:` to this notification saying why it was late (and a corrective action); if the date is a typo, correct it",
                    )
                });
            }
            State::Made | State::NotYetDue => {}
        }
    }
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
