//! Impact flags are known: every flag a record sets under `impact:`, a
//! level's `applies_when` or a notification rule's `when` tests is built in
//! or declared by the policy (`impacts:`) (E118). A flag nobody declared
//! would silently never match a rule.

use super::Ctx;
use crate::diagnostics::msg;
use crate::diagnostics::{codes, suggest, Both, Diagnostic, Pos};
use crate::model::{Incident, Policy};
use crate::schema::fields::IMPACT_FLAGS;

/// The flags a record may set and a rule may test: built-in, then the
/// policy's own, each with its display name (the id when it has none).
fn known(policy: &Policy) -> Vec<(&str, &str)> {
    IMPACT_FLAGS
        .iter()
        .map(|f| (*f, *f))
        .chain(
            policy
                .impacts
                .iter()
                .map(|f| (f.id.value.as_str(), f.name.as_str())),
        )
        .collect()
}

fn undeclared(policy: &Policy, flag: &str, file: &str, pos: Pos, out: &mut Vec<Diagnostic>) {
    let known = known(policy);
    if known.iter().any(|(id, _)| *id == flag) {
        return;
    }
    let d = Diagnostic::new(
        codes::UNDECLARED_IMPACT,
        file,
        pos,
        msg!("E118.undeclared", flag = flag),
    );
    let own: Vec<String> = policy.impacts.iter().map(|f| f.id.value.clone()).collect();
    let ja: Vec<String> = policy
        .impacts
        .iter()
        .map(|f| format!("{}（{}）", f.id.value, f.name))
        .collect();
    let list = if own.is_empty() {
        msg!("E118.none_declared")
    } else {
        msg!("E118.declared", list = Both(ja.join("、"), own.join(", ")))
    };
    let d = match suggest(flag, known.iter().map(|(id, _)| *id)) {
        Some(s) => d.hint(msg!(
            "E118.did_you_mean_hint",
            id = s,
            builtin = IMPACT_FLAGS.join(", "),
            declared = list
        )),
        None => d.hint(msg!(
            "E118.declare_hint",
            flag = flag,
            builtin = IMPACT_FLAGS.join(", "),
            declared = list
        )),
    };
    out.push(d);
}

/// The flags the policy tests: levels' `applies_when`, rules' `when`, their
/// alternatives and their overrides.
pub fn check_policy(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let p = &ctx.content.policy;
    for l in &p.levels {
        for flag in l.applies_when.keys() {
            let pos = l.applies_when_pos.get(flag).copied().unwrap_or(l.pos);
            undeclared(p, flag, "policy.yaml", pos, out);
        }
    }
    for n in &p.notifications {
        let whens = std::iter::once(&n.when).chain(n.overrides.iter().map(|o| &o.when));
        for w in whens.flat_map(|w| std::iter::once(w).chain(w.any.iter())) {
            for flag in w.impact.keys() {
                let pos = w.impact_pos.get(flag).copied().unwrap_or(n.id.pos);
                undeclared(p, flag, "policy.yaml", pos, out);
            }
        }
    }
}

/// The flags a record sets under `impact:`.
pub fn check_incident(ctx: &Ctx, inc: &Incident, out: &mut Vec<Diagnostic>) {
    for flag in inc.impact.flags.keys() {
        let pos = inc.impact.flag_pos.get(flag).copied().unwrap_or(inc.pos);
        undeclared(&ctx.content.policy, flag, &inc.file, pos, out);
    }
}
