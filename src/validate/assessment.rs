//! The assessment decision (ISO/IEC 27001 A.5.25): present from level 1,
//! taken after detection, by a role allowed to decide, with a stage the level
//! permits.

use super::Ctx;
use crate::diagnostics::msg;
use crate::diagnostics::{codes, Diagnostic};
use crate::model::Incident;

pub fn check(ctx: &Ctx, inc: &Incident, out: &mut Vec<Diagnostic>) {
    let policy = &ctx.content.policy;
    let file = inc.file.as_str();
    let Some(a) = &inc.assessment else {
        if let Some(level) = inc.level.as_ref().filter(|l| l.value >= 1) {
            let error = Diagnostic::new(
                codes::ASSESSMENT_MISSING,
                file,
                level.pos,
                msg!("E901.missing", level = level.value),
            )
            .hint(msg!("E901.missing_hint"));
            out.push(super::not_recorded::or_explained(inc, "assessment", error));
        }
        return;
    };
    if let (Some(at), Some(detected)) = (&a.decided_at, &inc.detected_at) {
        if at.value.surely_before(&detected.value) {
            out.push(
                Diagnostic::new(
                    codes::ASSESSMENT_BEFORE_DETECTION,
                    file,
                    at.pos,
                    msg!("E902.before"),
                )
                .hint(msg!("E902.before_hint")),
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
                        msg!("E903.not_allowed", role = &by.value),
                    )
                    .hint(if allowed.is_empty() {
                        msg!("E903.grant_hint")
                    } else {
                        msg!("E903.allowed_hint", list = allowed.join(", "))
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
                        msg!(
                            "E904.misfit",
                            stage = stage.value.as_str(),
                            level = level.value
                        ),
                    )
                    .hint(msg!(
                        "E904.misfit_hint",
                        level = level.value,
                        list = allowed.join(", ")
                    )),
                );
            }
        }
    }
}
