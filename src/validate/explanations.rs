//! What a record says about its own deviations must be true: an
//! explanation for a deviation the dates do not show (W508) would be a
//! false statement in the register, and a rule marked not applicable whose
//! conditions do not hold anyway (W509) hides nothing but misleads.

use super::Ctx;
use crate::analysis::deviations::{contained_before_report, lacks, report_late};
use crate::analysis::notifications::{applies, requirements, State};
use crate::diagnostics::msg;
use crate::diagnostics::{codes, Diagnostic};
use crate::model::summary::Summary;
use crate::model::{About, Incident};

/// `summary` is `inc`'s.
pub fn check(ctx: &Ctx, inc: &Incident, summary: &Summary, out: &mut Vec<Diagnostic>) {
    let file = inc.file.as_str();
    let reqs = requirements(ctx.content, summary, ctx.today);
    for e in &inc.audit.deviations {
        if e.about.value == About::NotRecorded {
            not_recorded(inc, summary, e, out);
            continue;
        }
        let shown = match e.about.value {
            About::NotRecorded => true,
            About::ReportLate => report_late(ctx.content, summary).is_some(),
            About::ContainedBeforeReport => contained_before_report(summary),
            About::NotificationNotMade => reqs.iter().any(|r| {
                r.state == State::Missing
                    && e.to.as_ref().is_some_and(|t| t.value == r.rule.id.value)
                    && e.kind.as_deref().is_none_or(|k| k == r.kind)
            }),
        };
        if !shown {
            let why = match e.about.value {
                About::ReportLate => msg!("W508.not_late"),
                About::ContainedBeforeReport => msg!("W508.not_contained_first"),
                About::NotificationNotMade => msg!("W508.not_missing"),
                About::NotRecorded => continue,
            };
            out.push(
                Diagnostic::new(
                    codes::EXPLANATION_WITHOUT_DEVIATION,
                    file,
                    e.about.pos,
                    msg!("W508.unfounded", about = e.about.value.as_str(), why = why),
                )
                .hint(msg!("W508.unfounded_hint")),
            );
        }
    }
    for n in &inc.audit.not_applicable {
        let Some(rule) = ctx.content.policy.notification(&n.rule) else {
            continue; // E203 reports the unknown rule
        };
        if !rule.withheld && !applies(rule, summary) {
            out.push(
                Diagnostic::new(
                    codes::NOT_APPLICABLE_UNNEEDED,
                    file,
                    n.rule.pos,
                    msg!("W509.unneeded", rule = &n.rule.value),
                )
                .hint(msg!("W509.unneeded_hint")),
            );
        }
    }
}

/// A `not_recorded` entry names facts the record lacks: a fact it holds
/// after all, or an entry naming none, would be a false or empty statement.
fn not_recorded(
    inc: &Incident,
    summary: &Summary,
    e: &crate::model::Explanation,
    out: &mut Vec<Diagnostic>,
) {
    let file = inc.file.as_str();
    if e.fields.is_empty() {
        out.push(
            Diagnostic::new(
                codes::EXPLANATION_WITHOUT_DEVIATION,
                file,
                e.about.pos,
                msg!("W508.no_fields"),
            )
            .hint(msg!("W508.no_fields_hint")),
        );
    }
    for f in e.fields.iter().filter(|f| !lacks(summary, &f.value)) {
        out.push(
            Diagnostic::new(
                codes::EXPLANATION_WITHOUT_DEVIATION,
                file,
                f.pos,
                msg!("W508.recorded", field = &f.value),
            )
            .hint(msg!("W508.recorded_hint", field = &f.value)),
        );
    }
}
