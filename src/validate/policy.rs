//! The policy's promises: each level names a responsible role, that role is
//! reachable, records carry the role their level assigns, and impact raises
//! the minimum level.

use super::Ctx;
use crate::diagnostics::msg;
use crate::diagnostics::{codes, Diagnostic};
use crate::model::{Incident, When};
use std::collections::BTreeMap;

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let content = ctx.content;
    overrides(ctx, out);
    questions(ctx, out);
    unreachable_min_levels(ctx, out);
    // Roles in use: responsible for a level, owning an action, acting in the flow.
    let mut in_use: BTreeMap<&str, (&str, crate::diagnostics::Pos)> = BTreeMap::new();
    for l in &content.policy.levels {
        if !l.responsible.value.is_empty() {
            in_use
                .entry(&l.responsible.value)
                .or_insert(("policy.yaml", l.responsible.pos));
        }
    }
    for n in &content.policy.flow {
        if let Some(a) = &n.actor {
            in_use.entry(&a.value).or_insert(("policy.yaml", a.pos));
        }
    }
    for inc in &content.incidents {
        if let Some(r) = &inc.responsible {
            in_use.entry(&r.value).or_insert((&inc.file, r.pos));
        }
        for owner in inc.actions.iter().filter_map(|a| a.owner.as_ref()) {
            in_use.entry(&owner.value).or_insert((&inc.file, owner.pos));
        }
    }
    for (role, (file, pos)) in in_use {
        if content.policy.role(role).is_none() {
            continue; // reported as an unknown reference
        }
        let reachable = content.contacts.for_role(role).any(|c| {
            c.person
                .phone
                .as_deref()
                .is_some_and(|p| !p.trim().is_empty())
                && c.person
                    .email
                    .as_deref()
                    .is_some_and(|e| !e.trim().is_empty())
        });
        if !reachable {
            out.push(
                Diagnostic::new(
                    codes::ROLE_WITHOUT_CONTACT,
                    file,
                    pos,
                    msg!("E303.no_contact", role = role),
                )
                .hint(msg!("E303.no_contact_hint", role = role)),
            );
        }
    }
}

pub fn check_incident(ctx: &Ctx, inc: &Incident, out: &mut Vec<Diagnostic>) {
    let policy = &ctx.content.policy;
    let Some(level) = inc.level.as_ref() else {
        return;
    };
    let Some(def) = policy.level(level.value) else {
        return;
    };
    if let Some(r) = &inc.responsible {
        if !def.responsible.value.is_empty()
            && r.value != def.responsible.value
            && policy.role(&r.value).is_some()
        {
            out.push(
                Diagnostic::new(
                    codes::WRONG_RESPONSIBLE,
                    &inc.file,
                    r.pos,
                    msg!(
                        "E301.wrong",
                        level = level.value,
                        role = &def.responsible.value,
                        name = policy.role_name(&def.responsible.value),
                        written = &r.value
                    ),
                )
                .hint(msg!("E301.wrong_hint", role = &def.responsible.value)),
            );
        }
    }
    // The highest level whose conditions the impact meets sets the minimum.
    let required = policy
        .levels
        .iter()
        .filter(|l| {
            !l.applies_when.is_empty()
                && l.applies_when
                    .iter()
                    .all(|(f, want)| inc.impact.flag(f) == *want)
        })
        .max_by_key(|l| l.level.value);
    if let Some(min) = required {
        if level.value < min.level.value {
            let flags: Vec<String> = min
                .applies_when
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect();
            out.push(
                Diagnostic::new(
                    codes::LEVEL_TOO_LOW,
                    &inc.file,
                    level.pos,
                    msg!(
                        "E304.too_low",
                        flags = flags.join(", "),
                        min = min.level.value,
                        level = level.value
                    ),
                )
                .hint(msg!(
                    "E304.too_low_hint",
                    min = min.level.value,
                    role = &min.responsible.value
                )),
            );
        }
    }
}

/// E120: an override replaces deadlines of the rule's own kinds only; a kind
/// the rule lacks would be silently ignored.
fn overrides(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for rule in &ctx.content.policy.notifications {
        let kinds: Vec<&str> = rule.deadlines.iter().map(|(k, _)| k.as_str()).collect();
        for o in &rule.overrides {
            for (kind, d) in o
                .deadlines
                .iter()
                .filter(|(k, _)| !kinds.contains(&k.as_str()))
            {
                out.push(
                    Diagnostic::new(
                        codes::OVERRIDE_UNKNOWN_KIND,
                        "policy.yaml",
                        d.pos,
                        msg!(
                            "E120.unknown_kind",
                            rule = &rule.id.value,
                            kind = kind,
                            kinds = kinds.join(", ")
                        ),
                    )
                    .hint(msg!(
                        "E120.unknown_kind_hint",
                        kind = kind,
                        kinds = kinds.join(", ")
                    )),
                );
            }
        }
    }
}

/// W305: every criterion of a level above the lowest gives the report page
/// a short yes/no question (`question:`). The lowest level asks nothing: it
/// is where a report lands when every question is answered "no".
fn questions(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let levels = &ctx.content.policy.levels;
    for l in levels.iter().skip(1) {
        for c in l.criteria.iter().filter(|c| c.question.is_none()) {
            out.push(
                Diagnostic::new(
                    codes::CRITERION_WITHOUT_QUESTION,
                    "policy.yaml",
                    c.pos,
                    msg!("W305.no_question", level = l.level.value),
                )
                .hint(msg!("W305.no_question_hint", text = &c.text)),
            );
        }
    }
}

/// W307: a rule's `min_level` above the policy's highest level (`20` typed
/// for `2`) makes the rule apply to no record, silently: no record would
/// ever owe that notification. Checked in the rule's `when`, its
/// alternatives and its overrides' conditions.
fn unreachable_min_levels(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let policy = &ctx.content.policy;
    let Some(top) = policy.levels.iter().map(|l| l.level.value).max() else {
        return; // no levels: reported elsewhere
    };
    for (i, rule) in policy.notifications.iter().enumerate() {
        let mut conditions = vec![(format!("notifications[{i}].when"), &rule.when)];
        for (k, o) in rule.overrides.iter().enumerate() {
            conditions.push((format!("notifications[{i}].overrides[{k}].when"), &o.when));
        }
        while let Some((path, when)) = conditions.pop() {
            for (j, alternative) in when.any.iter().enumerate() {
                conditions.push((format!("{path}.any[{j}]"), alternative));
            }
            above(&path, when, top, &rule.id.value, out);
        }
    }
}

/// W307 for one condition whose `min_level` is above `top`.
fn above(path: &str, when: &When, top: i64, rule: &str, out: &mut Vec<Diagnostic>) {
    let (Some(n), Some(at)) = (when.min_level, when.min_level_at) else {
        return;
    };
    if n <= top {
        return;
    }
    let path = format!("{path}.min_level");
    out.push(
        Diagnostic::new(
            codes::MIN_LEVEL_ABOVE_LEVELS,
            "policy.yaml",
            at,
            msg!("W307.above", path = &path, n = n, top = top, rule = rule),
        )
        .hint(msg!("W307.above_hint", top = top)),
    );
}
