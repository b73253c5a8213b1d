//! Ids are unique within their kind; records sit under the right year.

use super::Ctx;
use crate::diagnostics::{codes, Diagnostic, Pos};
use std::collections::HashMap;

/// Report every id that was already used, pointing at the second use.
fn unique<'a>(
    kind: &str,
    file_of: impl Fn(usize) -> &'a str,
    ids: impl Iterator<Item = (&'a str, Pos)>,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&str, (usize, Pos)> = HashMap::new();
    for (i, (id, pos)) in ids.enumerate() {
        if let Some((first, first_pos)) = seen.get(id) {
            out.push(
                Diagnostic::new(
                    codes::DUPLICATE_ID,
                    file_of(i),
                    pos,
                    format!("{kind} id `{id}` is already used"),
                )
                .hint(format!(
                    "first used in {}:{}; give each {kind} its own id",
                    file_of(*first),
                    first_pos.line
                )),
            );
        } else {
            seen.insert(id, (i, pos));
        }
    }
}

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let p = &ctx.content.policy;
    let policy = |_| "policy.yaml";
    unique(
        "role",
        policy,
        p.roles.iter().map(|r| (r.id.value.as_str(), r.id.pos)),
        out,
    );
    unique(
        "category",
        policy,
        p.categories.iter().map(|c| (c.id.value.as_str(), c.id.pos)),
        out,
    );
    unique(
        "notification",
        policy,
        p.notifications
            .iter()
            .map(|n| (n.id.value.as_str(), n.id.pos)),
        out,
    );
    unique(
        "control",
        policy,
        p.controls.iter().map(|c| (c.id.value.as_str(), c.id.pos)),
        out,
    );
    unique(
        "flow node",
        policy,
        p.flow.iter().map(|n| (n.id.value.as_str(), n.id.pos)),
        out,
    );
    let levels: Vec<String> = p.levels.iter().map(|l| l.level.value.to_string()).collect();
    unique(
        "level",
        policy,
        levels
            .iter()
            .zip(&p.levels)
            .map(|(s, l)| (s.as_str(), l.level.pos)),
        out,
    );
    unique(
        "external contact",
        |_| "contacts.yaml",
        ctx.content
            .contacts
            .external
            .iter()
            .map(|c| (c.id.value.as_str(), c.id.pos)),
        out,
    );
    let incidents = &ctx.content.incidents;
    unique(
        "record",
        |i| incidents[i].file.as_str(),
        incidents.iter().map(|r| (r.id.value.as_str(), r.id.pos)),
        out,
    );
    let drills = &ctx.content.drills;
    unique(
        "drill",
        |i| drills[i].file.as_str(),
        drills.iter().map(|d| (d.id.value.as_str(), d.id.pos)),
        out,
    );

    let tz = ctx.content.site.timezone;
    for inc in incidents {
        let Some(detected) = &inc.detected_at else {
            continue;
        };
        let year = detected.value.date_in(tz).format("%Y").to_string();
        let parts: Vec<&str> = inc.file.split('/').collect();
        // incidents/<year>/<id>.yaml: the folder must be the detection year.
        if parts.len() == 3 && parts[1] != year {
            out.push(
                Diagnostic::new(
                    codes::WRONG_YEAR_DIR,
                    &inc.file,
                    detected.pos,
                    format!(
                        "the record was detected in {year} but is filed under `{}/`",
                        parts[1]
                    ),
                )
                .hint(format!("move it to incidents/{year}/")),
            );
        }
    }
}
