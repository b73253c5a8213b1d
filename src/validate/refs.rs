//! References resolve: every role, level, category, notification, contact,
//! control and flow node named somewhere is declared, with a suggestion for
//! near misses.

use super::Ctx;
use crate::diagnostics::msg;
use crate::diagnostics::{codes, suggest, Both, Diagnostic, Msg};
use crate::model::{Action, Incident, Spanned};

/// The display names of the ids a reference of some kind may name, for
/// hints: (id, names).
type Names = Vec<(String, Vec<String>)>;

fn resolve<'a>(
    kind: &str,
    where_: &str,
    value: &Spanned<String>,
    candidates: impl Iterator<Item = &'a str> + Clone,
    file: &str,
    out: &mut Vec<Diagnostic>,
) {
    resolve_named(kind, where_, value, candidates, &Vec::new, file, out)
}

/// [`resolve`], with the display names `names` gives (asked only when
/// the reference does not resolve): a name written for an id suggests
/// the id.
fn resolve_named<'a>(
    kind: &str,
    where_: &str,
    value: &Spanned<String>,
    candidates: impl Iterator<Item = &'a str> + Clone,
    names: &dyn Fn() -> Names,
    file: &str,
    out: &mut Vec<Diagnostic>,
) {
    if candidates.clone().any(|c| c == value.value) {
        return;
    }
    let (one, many) = kind_msgs(kind);
    let mut d = Diagnostic::new(
        codes::UNKNOWN_REFERENCE,
        file,
        value.pos,
        msg!("E203.unknown", kind = one.clone(), value = &value.value),
    );
    let named = names();
    let by_name = crate::schema::names::id_for_name(&value.value, &named);
    d = match (suggest(&value.value, candidates.clone()), by_name) {
        (_, Some((id, true))) => d.hint(msg!(
            "E203.name_hint",
            value = &value.value,
            kind = one,
            id = id
        )),
        (Some(s), _) => d.hint(msg!(
            "E203.did_you_mean_hint",
            id = s,
            kinds = many,
            place = where_
        )),
        (None, Some((id, false))) => d.hint(msg!(
            "E203.near_name_hint",
            value = &value.value,
            kind = one,
            id = id
        )),
        (None, None) => {
            let all: Vec<&str> = candidates.take(12).collect();
            if all.is_empty() {
                d.hint(msg!("E203.declare_hint", place = where_))
            } else {
                // In Japanese each id with its name: `ciso（CISO）`.
                let with_names: Vec<String> = all
                    .iter()
                    .map(|id| {
                        match named
                            .iter()
                            .find(|(i, _)| i == id)
                            .and_then(|(_, n)| n.first())
                        {
                            Some(n) if n != id => format!("{id}（{n}）"),
                            _ => id.to_string(),
                        }
                    })
                    .collect();
                let list = Both(with_names.join("、"), all.join(", "));
                d.hint(msg!(
                    "E203.declared_hint",
                    kinds = many,
                    list = list,
                    place = where_
                ))
            }
        }
    };
    out.push(d);
}

/// The catalogue messages naming `kind` and its plural.
pub(super) fn kind_msgs(kind: &str) -> (Msg, Msg) {
    let key = match kind {
        "role" => ("kinds.role", "kinds.roles"),
        "category" => ("kinds.category", "kinds.categories"),
        "control" => ("kinds.control", "kinds.controls"),
        "notification" => ("kinds.notification", "kinds.notifications"),
        "external contact" => ("kinds.external_contact", "kinds.external_contacts"),
        "impact flag" => ("kinds.impact_flag", "kinds.impact_flags"),
        "flow node" => ("kinds.flow_node", "kinds.flow_nodes"),
        "audience" => ("kinds.audience", "kinds.audiences"),
        "level" => ("kinds.level", "kinds.levels"),
        "record" => ("kinds.record", "kinds.records"),
        "drill" => ("kinds.drill", "kinds.drills"),
        _ => ("kinds.thing", "kinds.things"),
    };
    (Msg::new(key.0), Msg::new(key.1))
}

fn role_names(ctx: &Ctx) -> Names {
    ctx.content
        .policy
        .roles
        .iter()
        .map(|r| (r.id.value.clone(), vec![r.name.clone()]))
        .collect()
}

fn category_names(ctx: &Ctx) -> Names {
    ctx.content
        .policy
        .categories
        .iter()
        .map(|c| (c.id.value.clone(), vec![c.name.clone()]))
        .collect()
}

macro_rules! ids {
    ($iter:expr) => {
        $iter.map(|x| x.id.value.as_str())
    };
}

/// A reference to a role: the hint names each role with its id.
fn resolve_role(ctx: &Ctx, value: &Spanned<String>, file: &str, out: &mut Vec<Diagnostic>) {
    resolve_named(
        "role",
        "policy.yaml `roles`",
        value,
        ids!(ctx.content.policy.roles.iter()),
        &|| role_names(ctx),
        file,
        out,
    );
}

pub fn check_policy(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let p = &ctx.content.policy;
    for l in &p.levels {
        let approval = l.approval.iter().filter(|a| !a.value.is_empty());
        for role in std::iter::once(&l.responsible)
            .filter(|r| !r.value.is_empty())
            .chain(approval)
        {
            resolve_role(ctx, role, "policy.yaml", out);
        }
    }
    for n in &p.notifications {
        if let Some(c) = &n.contact {
            resolve(
                "external contact",
                "contacts.yaml `external`",
                c,
                ids!(ctx.content.contacts.external.iter()),
                "policy.yaml",
                out,
            );
        }
        for c in &n.when.categories {
            resolve(
                "category",
                "policy.yaml `categories`",
                c,
                ids!(p.categories.iter()),
                "policy.yaml",
                out,
            );
        }
    }
    for node in &p.flow {
        if let Some(a) = &node.actor {
            resolve_role(ctx, a, "policy.yaml", out);
        }
        for e in &node.next {
            resolve(
                "flow node",
                "policy.yaml `flow`",
                &e.to,
                ids!(p.flow.iter()),
                "policy.yaml",
                out,
            );
        }
    }
    // Approving roles of the documents under document control.
    let approvers = [
        ("policy.yaml", &p.document),
        ("contacts.yaml", &ctx.content.contacts.document),
    ]
    .into_iter()
    .chain(
        ctx.content
            .handbook
            .iter()
            .chain(&ctx.content.templates)
            .map(|pg| (pg.file.as_str(), &pg.control)),
    );
    for (file, control) in approvers {
        if let Some(by) = &control.approved_by {
            resolve_role(ctx, by, file, out);
        }
    }
    for c in &ctx.content.contacts.internal {
        resolve_role(ctx, &c.role, "contacts.yaml", out);
    }
    for c in &ctx.content.contacts.external {
        if c.phone.is_none() && c.email.is_none() && c.url.is_none() {
            out.push(
                Diagnostic::new(
                    codes::MISSING_FIELD,
                    "contacts.yaml",
                    c.id.pos,
                    msg!("E101.no_way_to_reach", id = &c.id.value),
                )
                .hint(msg!("E101.no_way_to_reach_hint")),
            );
        }
    }
    for d in &ctx.content.drills {
        for r in &d.participants {
            resolve_role(ctx, r, &d.file, out);
        }
        for a in &d.actions {
            check_action(ctx, a, &d.file, out);
        }
    }
}

fn check_action(ctx: &Ctx, a: &Action, file: &str, out: &mut Vec<Diagnostic>) {
    let p = &ctx.content.policy;
    if let Some(o) = &a.owner {
        resolve_named(
            "role",
            "policy.yaml `roles`",
            o,
            ids!(p.roles.iter()),
            &|| role_names(ctx),
            file,
            out,
        );
    }
    if let Some(by) = a.review.as_ref().and_then(|r| r.by.as_ref()) {
        resolve_role(ctx, by, file, out);
    }
    for c in &a.controls {
        resolve(
            "control",
            "policy.yaml `controls`",
            c,
            ids!(p.controls.iter()),
            file,
            out,
        );
    }
}

pub fn check_incident(ctx: &Ctx, inc: &Incident, out: &mut Vec<Diagnostic>) {
    let p = &ctx.content.policy;
    let file = inc.file.as_str();
    if let Some(l) = &inc.level {
        if p.level(l.value).is_none() {
            let levels: Vec<String> = p.levels.iter().map(|l| l.level.value.to_string()).collect();
            out.push(
                Diagnostic::new(
                    codes::UNKNOWN_REFERENCE,
                    file,
                    l.pos,
                    msg!("E203.unknown_level", value = l.value),
                )
                .hint(msg!("E203.unknown_level_hint", list = levels.join(", "))),
            );
        }
    }
    if let Some(c) = &inc.category {
        resolve_named(
            "category",
            "policy.yaml `categories`",
            c,
            ids!(p.categories.iter()),
            &|| category_names(ctx),
            file,
            out,
        );
    }
    if let Some(r) = &inc.responsible {
        resolve_named(
            "role",
            "policy.yaml `roles`",
            r,
            ids!(p.roles.iter()),
            &|| role_names(ctx),
            file,
            out,
        );
    }
    for n in &inc.notifications {
        resolve(
            "notification",
            "policy.yaml `notifications`",
            &n.to,
            ids!(p.notifications.iter()),
            file,
            out,
        );
    }
    if let Some(a) = &inc.assessment {
        if let Some(by) = &a.decided_by {
            resolve_role(ctx, by, file, out);
        }
    }
    for a in &inc.actions {
        check_action(ctx, a, file, out);
    }
    let rules = inc
        .audit
        .deviations
        .iter()
        .filter_map(|d| d.to.as_ref())
        .chain(inc.audit.not_applicable.iter().map(|n| &n.rule));
    for r in rules {
        resolve(
            "notification",
            "policy.yaml `notifications`",
            r,
            ids!(p.notifications.iter()),
            file,
            out,
        );
    }
    for by in inc
        .audit
        .not_applicable
        .iter()
        .filter_map(|n| n.decided_by.as_ref())
    {
        resolve_role(ctx, by, file, out);
    }
}
