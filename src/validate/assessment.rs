//! The assessment decision (ISO/IEC 27001 A.5.25): present from level 1,
//! taken after detection, by a role allowed to decide, with a stage the level
//! permits.

use super::Ctx;
use crate::diagnostics::{codes, Diagnostic};
use crate::model::Incident;

pub fn check(ctx: &Ctx, inc: &Incident, out: &mut Vec<Diagnostic>) {
    let policy = &ctx.content.policy;
    let file = inc.file.as_str();
    let Some(a) = &inc.assessment else {
        if let Some(level) = inc.level.as_ref().filter(|l| l.value >= 1) {
            out.push(
                Diagnostic::new(codes::ASSESSMENT_MISSING, file, level.pos, format!("level {} records need an assessment decision", level.value))
                    .hint("add `assessment: { stage: event|incident, decided_by: <role>, decided_at: <when>, rationale: <why> }`"),
            );
        }
        return;
    };
    if let (Some(at), Some(detected)) = (&a.decided_at, &inc.detected_at) {
        if at.value < detected.value
            && !(at.value.date_only
                && at.value.date_in(ctx.content.site.timezone)
                    == detected.value.date_in(ctx.content.site.timezone))
        {
            out.push(
                Diagnostic::new(
                    codes::ASSESSMENT_BEFORE_DETECTION,
                    file,
                    at.pos,
                    "the assessment was decided before the event was detected",
                )
                .hint("`assessment.decided_at` must be at or after `detected_at`"),
            );
        }
    }
    if let Some(by) = &a.decided_by {
        if let Some(role) = policy.role(&by.value) {
            if !role.can_assess {
                let allowed: Vec<&str> = policy
                    .roles
                    .iter()
                    .filter(|r| r.can_assess)
                    .map(|r| r.id.value.as_str())
                    .collect();
                out.push(
                    Diagnostic::new(
                        codes::ASSESSOR_NOT_ALLOWED,
                        file,
                        by.pos,
                        format!("role `{}` may not take assessment decisions", by.value),
                    )
                    .hint(if allowed.is_empty() {
                        "give the deciding role `can_assess: true` in policy.yaml".to_string()
                    } else {
                        format!("roles allowed to decide: {}", allowed.join(", "))
                    }),
                );
            }
        }
    }
    if let (Some(stage), Some(level)) = (&a.stage, inc.level.as_ref()) {
        if let Some(def) = policy.level(level.value) {
            if !def.stages.is_empty() && !def.stages.iter().any(|s| s.value == stage.value.as_str())
            {
                let allowed: Vec<&str> = def.stages.iter().map(|s| s.value.as_str()).collect();
                out.push(
                    Diagnostic::new(
                        codes::STAGE_INCONSISTENT,
                        file,
                        stage.pos,
                        format!(
                            "stage `{}` does not fit level {}",
                            stage.value.as_str(),
                            level.value
                        ),
                    )
                    .hint(format!(
                        "level {} allows: {} (policy.yaml); change the stage or the level",
                        level.value,
                        allowed.join(", ")
                    )),
                );
            }
        }
    }
}
