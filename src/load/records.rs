//! Incident and drill records: one YAML file each.

use super::extract::*;
use super::files::Origin;
use super::read_yaml_as;
use crate::chars::{id_violation, shown, IdSyntax};
use crate::diagnostics::msg;
use crate::diagnostics::{codes, Diagnostic};
use crate::model::incident::*;
use crate::model::{
    About, Drill, Explanation, NotApplicable, PredatesPolicy, RecordAudit, Review, Spanned,
};
use crate::schema::{fields, Times};
use crate::yaml::Node;
use chrono::FixedOffset;
use std::path::Path;

fn stem(rel: &str) -> String {
    Path::new(rel)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// E202's hint: only names a user can type are offered, as the file's
/// name or as the id. An id holding a character ids may not hold (a tab, a
/// control or zero-width character: E111, E112) is never offered as a
/// file name; the valid id it obviously meant is, if there is one.
fn e202_hint(id: &str, file_stem: &str) -> crate::diagnostics::Msg {
    let valid = |s: &str| !s.is_empty() && id_violation(s, IdSyntax::Record).is_none();
    let meant = if valid(id) {
        Some(id.to_string())
    } else {
        crate::chars::suggest_id(id, IdSyntax::Record)
            .or_else(|| {
                // Controls dropped too (`suggest_id` drops only hidden characters).
                let plain: String = id.chars().filter(|c| !c.is_control()).collect();
                valid(&plain).then_some(plain)
            })
            .filter(|m| m != file_stem)
    };
    match (meant, valid(file_stem)) {
        (Some(m), true) => msg!("E202.rename_or_set_hint", id = &m, stem = file_stem),
        (Some(m), false) => msg!("E202.rename_hint", id = &m),
        (None, true) => msg!("E202.set_hint", stem = file_stem),
        (None, false) => msg!("E202.valid_hint"),
    }
}

/// The id, checked against the file name. A record with no usable id is named
/// after its file so later rules can still report on it.
fn record_id(node: &Node, rel: &str, diags: &mut Vec<Diagnostic>) -> Spanned<String> {
    let file_stem = stem(rel);
    match spanned_text(node, "id") {
        Some(id) => {
            if id.value != file_stem {
                diags.push(
                    Diagnostic::new(
                        codes::ID_FILE_MISMATCH,
                        rel,
                        id.pos,
                        msg!(
                            "E202.differs",
                            id = shown(&id.value),
                            stem = shown(&file_stem)
                        ),
                    )
                    .hint(e202_hint(&id.value, &file_stem)),
                );
            }
            id
        }
        None => Spanned::new(file_stem, node.pos),
    }
}

pub fn action(a: &Node) -> Action {
    Action {
        action: text(a, "action").unwrap_or_default(),
        owner: spanned_text(a, "owner"),
        due: record_date(a, "due"),
        evaluation: text(a, "evaluation"),
        status: a
            .get("status")
            .and_then(|s| Some(Spanned::new(ActionStatus::parse(s.as_str()?)?, s.pos))),
        done_at: record_date(a, "done_at"),
        controls: spanned_list(a, "controls"),
        late_reason: markdown(a, "late_reason"),
        review: a.get("review").filter(|r| r.as_map().is_some()).map(|r| {
            Box::new(Review {
                due: record_date(r, "due"),
                done_at: record_date(r, "done_at"),
                by: spanned_text(r, "by"),
                result: markdown(r, "result"),
                evidence: text(r, "evidence"),
                pos: r.pos,
            })
        }),
        pos: a.pos,
    }
}

/// `deviations`, `not_applicable` and `predates_policy` of a record.
fn record_audit(n: &Node) -> RecordAudit {
    RecordAudit {
        deviations: list(n, "deviations")
            .iter()
            .filter_map(|d| {
                let about = d.get("about")?;
                Some(Explanation {
                    about: Spanned::new(About::parse(about.as_str()?)?, about.pos),
                    reason: markdown(d, "reason")?,
                    to: spanned_text(d, "to"),
                    kind: text(d, "kind"),
                    fields: spanned_list(d, "fields"),
                    pos: d.pos,
                })
            })
            .collect(),
        not_applicable: list(n, "not_applicable")
            .iter()
            .filter_map(|x| {
                Some(NotApplicable {
                    rule: spanned_text(x, "rule")?,
                    reason: markdown(x, "reason")?,
                    decided_by: spanned_text(x, "decided_by"),
                    pos: x.pos,
                })
            })
            .collect(),
        predates_policy: n
            .get("predates_policy")
            .filter(|p| p.as_map().is_some())
            .and_then(|p| {
                Some(PredatesPolicy {
                    reason: markdown(p, "reason")?,
                    policy_version: text(p, "policy_version"),
                    pos: p.pos,
                })
            }),
    }
}

pub fn incident(
    root: &Path,
    rel: &str,
    origin: Origin,
    tz: FixedOffset,
) -> (Option<Incident>, Vec<Diagnostic>) {
    incident_of(super::files::read_fingerprinted(root, rel, origin), rel, tz)
}

/// [`incident`] of a file `files::list` returned, opened in its folder when
/// `dirs` holds it (`files::read_listed`).
pub fn listed_incident(
    root: &Path,
    rel: &str,
    dirs: &super::files::Dirs,
    tz: FixedOffset,
) -> (Option<Incident>, Vec<Diagnostic>) {
    incident_of(
        super::files::read_fingerprinted_listed(root, rel, dirs),
        rel,
        tz,
    )
}

fn incident_of(
    read: Result<(String, u64), Box<Diagnostic>>,
    rel: &str,
    tz: FixedOffset,
) -> (Option<Incident>, Vec<Diagnostic>) {
    let (text, read_as) = match read {
        Ok(t) => t,
        Err(d) => return (None, vec![*d]),
    };
    let mut times = Times::new();
    let (node, diags) = super::parse_checked_timed(&text, rel, fields::INCIDENT, tz, 0, &mut times);
    let (incident, diags) = incident_from_node(node, rel, tz, &times, diags);
    let read_as = Some(read_as);
    (incident.map(|i| Incident { read_as, ..i }), diags)
}

/// What [`Incident::read_as`] holds of a record file whose bytes are
/// `text` (without a byte order mark: one read from a file has the
/// fingerprint of its bytes, [`super::files::read_fingerprinted`]).
pub fn fingerprint(text: &str) -> u64 {
    super::files::fingerprint(text.as_bytes())
}

/// The record of a node parsed from a text whose fingerprint is `read_as`
/// and which the check read before ([`super::reload_unchanged`]); `None`
/// if it now finds an error.
pub(super) fn incident_from_unchecked(
    node: Option<Node>,
    rel: &str,
    tz: FixedOffset,
    read_as: u64,
) -> Option<Incident> {
    let (incident, diags) = incident_from_node(node, rel, tz, &[], Vec::new());
    if diags.iter().any(Diagnostic::is_error) {
        return None;
    }
    incident.map(|i| Incident {
        read_as: Some(read_as),
        ..i
    })
}

/// An incident record from its YAML text (`rel` names it in diagnostics).
pub fn incident_from_str(
    text: &str,
    rel: &str,
    tz: FixedOffset,
) -> (Option<Incident>, Vec<Diagnostic>) {
    let mut times = Times::new();
    let (node, diags) = super::parse_checked_timed(text, rel, fields::INCIDENT, tz, 0, &mut times);
    let (incident, diags) = incident_from_node(node, rel, tz, &times, diags);
    let read_as = Some(fingerprint(text));
    (incident.map(|i| Incident { read_as, ..i }), diags)
}

fn incident_from_node(
    node: Option<Node>,
    rel: &str,
    tz: FixedOffset,
    times: &[(crate::diagnostics::Pos, crate::model::Timestamp)],
    mut diags: Vec<Diagnostic>,
) -> (Option<Incident>, Vec<Diagnostic>) {
    // The times the shape check read, not read again.
    let timestamp = |node: &Node, key: &str, tz| timestamp_read(node, key, tz, times);
    // The tree is read once: its strings are moved into the record
    // (`take_*`) rather than copied, where nothing reads them again.
    let Some(mut n) = node else {
        return (None, diags);
    };
    let id = record_id(&n, rel, &mut diags);
    let impact = n
        .get("impact")
        .map(|i| Impact {
            // Every yes/no key: built-in flags and the policy's own
            // (`impacts:`); validate reports one the policy does not declare.
            flags: impact_flags(i).map(|(k, b, _)| (k, b)).collect(),
            flag_pos: impact_flags(i).map(|(k, _, p)| (k, p)).collect(),
            records_affected: int(i, "records_affected").map(|v| v.value),
            customers: text(i, "customers"),
            business: text(i, "business"),
        })
        .unwrap_or_default();
    let assessment = n
        .get("assessment")
        .filter(|a| a.as_map().is_some())
        .map(|a| Assessment {
            stage: a
                .get("stage")
                .and_then(|s| Some(Spanned::new(Stage::parse(s.as_str()?)?, s.pos))),
            decided_by: spanned_text(a, "decided_by"),
            decided_at: timestamp(a, "decided_at", tz),
            rationale: markdown(a, "rationale"),
            pos: a.pos,
        });
    let timeline = list_mut(&mut n, "timeline")
        .iter_mut()
        .map(|t| TimelineEntry {
            at: timestamp(t, "at", tz),
            by: take_text(t, "by"),
            action: take_text(t, "action").unwrap_or_default(),
            pos: t.pos,
        })
        .collect();
    let notifications = list(&n, "notifications")
        .iter()
        .filter_map(|m| {
            Some(NotificationMade {
                to: spanned_text(m, "to")?,
                kind: spanned_text(m, "kind")?,
                at: timestamp(m, "at", tz),
                reference: text(m, "reference"),
                late_reason: markdown(m, "late_reason"),
                pos: m.pos,
            })
        })
        .collect();
    let evidence = list(&n, "evidence")
        .iter()
        .filter_map(|e| {
            Some(Evidence {
                path: spanned_text(e, "path")?,
                description: text(e, "description"),
                sha256: spanned_text(e, "sha256"),
                collected_by: spanned_text(e, "collected_by"),
                collected_at: timestamp(e, "collected_at", tz),
            })
        })
        .collect();
    let incident = Incident {
        file: rel.to_string(),
        id,
        title: take_text(&mut n, "title").unwrap_or_default(),
        level: int(&n, "level"),
        category: spanned_text(&n, "category"),
        status: n
            .get("status")
            .and_then(|s| Some(Spanned::new(Status::parse(s.as_str()?)?, s.pos))),
        visibility: match text(&n, "visibility").as_deref() {
            Some("restricted") => Visibility::Restricted,
            _ => Visibility::Normal,
        },
        responsible: spanned_text(&n, "responsible"),
        reporter: take_text(&mut n, "reporter"),
        location: take_text(&mut n, "location"),
        occurred_at: timestamp(&n, "occurred_at", tz),
        occurred_unknown: n
            .get("occurred_at")
            .and_then(|v| v.as_str())
            .is_some_and(crate::model::time::is_unknown),
        detected_at: timestamp(&n, "detected_at", tz),
        reported_at: timestamp(&n, "reported_at", tz),
        contained_at: timestamp(&n, "contained_at", tz),
        recovered_at: timestamp(&n, "recovered_at", tz),
        closed_at: timestamp(&n, "closed_at", tz),
        summary: take_markdown(&mut n, "summary").unwrap_or_default(),
        cause: take_markdown(&mut n, "cause"),
        affected_systems: take_text_list(&mut n, "affected_systems"),
        system_configuration: take_markdown(&mut n, "system_configuration"),
        organization: take_text(&mut n, "organization"),
        impact,
        assessment,
        timeline,
        notifications,
        actions: list(&n, "actions").iter().map(action).collect(),
        evidence,
        tags: take_text_list(&mut n, "tags"),
        extra: fields::extra_text()
            .filter_map(|f| {
                let value = match f.ty {
                    fields::Ty::Markdown => take_markdown(&mut n, f.name),
                    _ => take_text(&mut n, f.name),
                };
                Some((f.name, value?))
            })
            .collect(),
        audit: record_audit(&n),
        pos: n.pos,
        read_as: None,
    };
    (Some(incident), diags)
}

/// A drill record; `rel` was returned by [`super::files::list`].
/// A drill, with the fingerprint of its file as read (`None`: not read).
pub fn drill(
    root: &Path,
    rel: &str,
    tz: FixedOffset,
) -> (Option<Drill>, Vec<Diagnostic>, Option<u64>) {
    let (node, mut diags, read_as) = read_yaml_as(root, rel, Origin::Listed, fields::DRILL, tz);
    let Some(n) = node else {
        return (None, diags, read_as);
    };
    let id = record_id(&n, rel, &mut diags);
    let drill = Drill {
        file: rel.to_string(),
        id,
        title: text(&n, "title").unwrap_or_default(),
        date: record_date(&n, "date"),
        kind: spanned_text(&n, "kind").unwrap_or_else(|| Spanned::new("other".into(), n.pos)),
        scenario: markdown(&n, "scenario").unwrap_or_default(),
        participants: spanned_list(&n, "participants"),
        findings: markdown(&n, "findings"),
        actions: list(&n, "actions").iter().map(action).collect(),
        late_reason: markdown(&n, "late_reason"),
        pos: n.pos,
    };
    (Some(drill), diags, read_as)
}

/// The yes/no keys of a record's `impact:` mapping, with their positions.
fn impact_flags(
    impact: &Node,
) -> impl Iterator<Item = (String, bool, crate::diagnostics::Pos)> + '_ {
    impact
        .as_map()
        .unwrap_or(&[])
        .iter()
        .filter_map(|(k, v)| match v.value {
            crate::yaml::Value::Bool(b) => Some((k.as_str()?.to_string(), b, k.pos)),
            _ => None,
        })
}
