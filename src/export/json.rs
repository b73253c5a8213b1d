//! `register.json`: every published incident record and drill, with every
//! field this audience may see (schema documented in `docs/evidence.md`,
//! format id [`FORMAT`]).
//!
//! Keys for fields the audience may not see are left out (not `null`, not
//! `[]`), so "hidden" never reads as "none". Times are RFC 3339 with their
//! offset (a date alone when the record gave only a date); Markdown fields
//! are the Markdown source. The extra text fields of the field table
//! (`fields::extra_text`) follow `actions`, one key each, named after the field
//! (`lessons`).

use super::record::RecordFacts;
use crate::analysis::deviations::{self, Deviation, Kind};
use crate::analysis::notifications::State;
use crate::model::{Action, Drill, Incident, Spanned, Timestamp};
use crate::paths::{drill_url, record_url};
use crate::present::Env;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

pub const PATH: &str = "register.json";

/// `register.json`: every published record and drill in full.
pub const REGISTER: super::Export = super::Export {
    path: PATH,
    write: |env, out| ROWS.write(env, out),
    rows: Some(ROWS),
};

/// `register.json` row-wise: the object up to the `incidents` array, each
/// record's object (after a comma but the first), then the rest (the
/// drills). Compact JSON has no spaces, so the frame is the document with
/// no records, cut where the array opens.
const ROWS: super::Rows = super::Rows {
    row: |env, k, first, out| {
        let ((inc, presence), (s, _)) = (env.records[k], env.incidents[k]);
        let r = super::record::RecordFacts::of(env, inc, s, presence);
        if !first {
            out.write_all(b",")?;
        }
        let value = if r.stub { stub(r.inc) } else { full(&r) };
        serde_json::to_writer(out, &value).map_err(std::io::Error::from)
    },
    finish: |env, parts, out| super::framed(frame(env)?, parts, out),
    frame: Some(frame),
};

/// The document with no records, cut where the `incidents` array opens.
fn frame(env: &Env) -> std::io::Result<super::Frame> {
    let mut doc = Vec::new();
    register(env, &mut doc)?;
    const EMPTY: &[u8] = b"\"incidents\":[]";
    let at = doc
        .windows(EMPTY.len())
        .position(|w| w == EMPTY)
        .map(|at| at + EMPTY.len() - 1)
        .ok_or_else(|| std::io::Error::other("register.json: no incidents array"))?;
    let tail = doc.split_off(at);
    Ok((doc, tail))
}
pub const FORMAT: &str = "ismsbook-register/1";

#[derive(Serialize)]
struct Register<'a> {
    format: &'static str,
    generator: &'static str,
    version: &'static str,
    as_of: String,
    audience: &'a str,
    /// Written empty: [`ROWS`] puts each record's object in it.
    incidents: [u8; 0],
    drills: Vec<DrillJson<'a>>,
}

#[derive(Serialize, Default)]
struct Impact<'a> {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    flags: BTreeMap<&'a str, bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    records_affected: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    customers: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    business: Option<&'a str>,
}

#[derive(Serialize)]
struct Assessment<'a> {
    stage: Option<&'static str>,
    decided_by: Option<&'a str>,
    decided_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rationale: Option<&'a str>,
}

#[derive(Serialize)]
struct TimelineJson<'a> {
    at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    by: Option<&'a str>,
    action: &'a str,
}

#[derive(Serialize)]
struct Made<'a> {
    to: &'a str,
    kind: &'a str,
    at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    late_reason: Option<&'a str>,
}

#[derive(Serialize)]
struct Required<'a> {
    rule: &'a str,
    kind: &'a str,
    deadline: String,
    made_at: Option<String>,
    state: &'static str,
    /// Why it was late or not made, as the record says.
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

/// One non-conformity (`analysis::deviations`).
#[derive(Serialize)]
struct DeviationJson<'a> {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    subject: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    report_kind: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    due: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    late_minutes: Option<i64>,
    explained: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

fn deviation<'a>(d: &Deviation<'a>) -> DeviationJson<'a> {
    DeviationJson {
        kind: d.kind.as_str(),
        subject: d.subject,
        report_kind: d.report_kind,
        due: d.due.map(|x| x.to_string()),
        late_minutes: d.late_minutes,
        explained: d.explained(),
        reason: d.reason.map(str::trim),
    }
}

#[derive(Serialize)]
struct NotApplicableJson<'a> {
    rule: &'a str,
    decided_by: Option<&'a str>,
    reason: &'a str,
}

#[derive(Serialize)]
struct PredatesJson<'a> {
    reason: &'a str,
    policy_version: Option<&'a str>,
}

#[derive(Serialize)]
struct ReviewJson<'a> {
    due: Option<String>,
    done_at: Option<String>,
    by: Option<&'a str>,
    result: Option<&'a str>,
    evidence: Option<&'a str>,
    overdue: bool,
}

#[derive(Serialize)]
struct ActionJson<'a> {
    action: &'a str,
    owner: Option<&'a str>,
    due: Option<String>,
    status: Option<&'static str>,
    done_at: Option<String>,
    evaluation: Option<&'a str>,
    controls: Vec<&'a str>,
    overdue: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    late_reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    review: Option<ReviewJson<'a>>,
}

#[derive(Serialize)]
struct EvidenceJson<'a> {
    path: &'a str,
    description: Option<&'a str>,
    size: u64,
    sha256: &'a str,
    /// Site path of the copy; `null` when the file was too large to copy.
    url: Option<String>,
    /// Who collected it: a role id, or a person (left out for an audience
    /// that hides people); absent when not recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    collected_by: Option<&'a str>,
    /// When it was collected (RFC 3339, or a date); absent when not recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    collected_at: Option<String>,
}

/// One record. Every field but `id`, `url`, `stub` and the classification is
/// optional: absent when empty, hidden from the audience, or the record is a stub.
#[derive(Serialize, Default)]
struct IncidentJson<'a> {
    id: &'a str,
    url: String,
    stub: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    level: Option<i64>,
    category: Option<&'a str>,
    status: Option<&'static str>,
    visibility: &'static str,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    dates: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    responsible: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reporter: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    organization: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cause: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    system_configuration: Option<&'a str>,
    #[serde(skip_serializing_if = "absent")]
    affected_systems: Option<Vec<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    impact: Option<Impact<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    assessment: Option<Assessment<'a>>,
    #[serde(skip_serializing_if = "absent")]
    timeline: Option<Vec<TimelineJson<'a>>>,
    #[serde(skip_serializing_if = "absent")]
    notifications: Option<Vec<Made<'a>>>,
    #[serde(skip_serializing_if = "absent")]
    required_notifications: Option<Vec<Required<'a>>>,
    #[serde(skip_serializing_if = "absent")]
    actions: Option<Vec<ActionJson<'a>>>,
    #[serde(skip_serializing_if = "absent")]
    deviations: Option<Vec<DeviationJson<'a>>>,
    #[serde(skip_serializing_if = "absent")]
    not_applicable: Option<Vec<NotApplicableJson<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    predates_policy: Option<PredatesJson<'a>>,
    #[serde(flatten)]
    extra: Extra<'a>,
    #[serde(skip_serializing_if = "absent")]
    evidence: Option<Vec<EvidenceJson<'a>>>,
    #[serde(skip_serializing_if = "absent")]
    tags: Option<Vec<&'a str>>,
}

/// The extra text fields a record has and the audience may see, in table
/// order: keys of the record object itself.
#[derive(Default)]
struct Extra<'a>(Vec<(&'static str, &'a str)>);

impl Serialize for Extra<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct DrillJson<'a> {
    id: &'a str,
    url: String,
    title: &'a str,
    date: Option<String>,
    kind: &'a str,
    scenario: &'a str,
    participants: Vec<&'a str>,
    findings: Option<&'a str>,
    actions: Vec<ActionJson<'a>>,
    /// Held later than the policy's interval after the drill before.
    #[serde(skip_serializing_if = "Option::is_none")]
    late: Option<DeviationJson<'a>>,
}

fn iso(t: Option<&Spanned<Timestamp>>) -> Option<String> {
    t.map(|t| t.value.iso())
}

fn action<'a>(a: &'a Action, env: &Env) -> ActionJson<'a> {
    ActionJson {
        action: &a.action,
        owner: a.owner.as_ref().map(|o| o.value.as_str()),
        due: a.due.as_ref().map(|d| d.value.to_string()),
        status: a.status.as_ref().map(|s| s.value.as_str()),
        done_at: a.done_at.as_ref().map(|d| d.value.to_string()),
        evaluation: a.evaluation.as_deref(),
        controls: a.controls.iter().map(|c| c.value.as_str()).collect(),
        overdue: a.is_overdue(env.today),
        late_reason: a.late_reason.as_deref().map(str::trim),
        review: a.review.as_ref().map(|r| ReviewJson {
            due: r.due.as_ref().map(|d| d.value.to_string()),
            done_at: r.done_at.as_ref().map(|d| d.value.to_string()),
            by: r.by.as_ref().map(|b| b.value.as_str()),
            result: r.result.as_deref().map(str::trim),
            evidence: r.evidence.as_deref(),
            overdue: r.is_overdue(env.today),
        }),
    }
}

fn nonempty(s: &str) -> Option<&str> {
    (!s.trim().is_empty()).then_some(s)
}

fn stub<'a>(i: &'a Incident) -> IncidentJson<'a> {
    IncidentJson {
        id: &i.id.value,
        url: record_url(&i.id.value),
        stub: true,
        level: i.level(),
        category: i.category.as_ref().map(|c| c.value.as_str()),
        status: i.status().map(|s| s.as_str()),
        visibility: if i.is_restricted() {
            "restricted"
        } else {
            "normal"
        },
        dates: i
            .detected_at
            .as_ref()
            .map(|d| ("detected_at", d.value.iso()))
            .into_iter()
            .collect(),
        ..Default::default()
    }
}

fn full<'a>(r: &RecordFacts<'a, '_>) -> IncidentJson<'a> {
    let (env, i) = (r.env, r.inc);
    let show = |f: &str| r.shows(f);
    let impact = show("impact").then(|| Impact {
        flags: i
            .impact
            .flags
            .iter()
            .filter(|(k, _)| show(&format!("impact.{k}")))
            .map(|(k, v)| (k.as_str(), *v))
            .collect(),
        records_affected: i
            .impact
            .records_affected
            .filter(|_| show("impact.records_affected")),
        customers: i
            .impact
            .customers
            .as_deref()
            .filter(|_| show("impact.customers")),
        business: i
            .impact
            .business
            .as_deref()
            .filter(|_| show("impact.business")),
    });
    IncidentJson {
        id: &i.id.value,
        url: record_url(&i.id.value),
        stub: false,
        title: Some(&i.title),
        level: i.level(),
        category: i.category.as_ref().map(|c| c.value.as_str()),
        status: i.status().map(|s| s.as_str()),
        visibility: if i.is_restricted() {
            "restricted"
        } else {
            "normal"
        },
        dates: i
            .milestones()
            .into_iter()
            .filter(|(k, _)| show(k))
            .filter_map(|(k, t)| match t {
                Some(t) => Some((k, t.value.iso())),
                // Said to be unknown is not the same as not given.
                None if k == "occurred_at" && i.occurred_unknown => Some((k, "unknown".into())),
                None => None,
            })
            .collect(),
        responsible: i
            .responsible
            .as_ref()
            .filter(|_| show("responsible"))
            .map(|r| r.value.as_str()),
        reporter: i.reporter.as_deref().filter(|_| show("reporter")),
        location: i.location.as_deref().filter(|_| show("location")),
        organization: i.organization.as_deref().filter(|_| show("organization")),
        summary: nonempty(&i.summary).filter(|_| show("summary")),
        cause: i.cause.as_deref().filter(|_| show("cause")),
        system_configuration: i
            .system_configuration
            .as_deref()
            .filter(|_| show("system_configuration")),
        affected_systems: show("affected_systems")
            .then(|| i.affected_systems.iter().map(String::as_str).collect()),
        impact,
        assessment: i
            .assessment
            .as_ref()
            .filter(|_| show("assessment"))
            .map(|a| Assessment {
                stage: a.stage.as_ref().map(|s| s.value.as_str()),
                decided_by: a.decided_by.as_ref().map(|r| r.value.as_str()),
                decided_at: iso(a.decided_at.as_ref()),
                rationale: a
                    .rationale
                    .as_deref()
                    .filter(|_| show("assessment.rationale")),
            }),
        timeline: show("timeline").then(|| {
            i.timeline
                .iter()
                .map(|e| TimelineJson {
                    at: iso(e.at.as_ref()),
                    by: e.by.as_deref().filter(|_| show("timeline.by")),
                    action: &e.action,
                })
                .collect()
        }),
        notifications: show("notifications").then(|| {
            i.notifications
                .iter()
                .map(|n| Made {
                    to: &n.to.value,
                    kind: &n.kind.value,
                    at: iso(n.at.as_ref()),
                    reference: n
                        .reference
                        .as_deref()
                        .filter(|_| show("notifications.reference")),
                    late_reason: n.late_reason.as_deref().map(str::trim),
                })
                .collect()
        }),
        required_notifications: show("notifications").then(|| {
            r.required
                .iter()
                .map(|r| Required {
                    rule: &r.rule.id.value,
                    kind: r.kind,
                    deadline: r.deadline.to_rfc3339(),
                    made_at: r.made.and_then(|m| m.at.as_ref()).map(|t| t.value.iso()),
                    state: r.state.as_str(),
                    reason: match r.state {
                        State::Late => r.made.and_then(|m| m.late_reason.as_deref()),
                        State::Missing => i.audit.reason(
                            crate::model::About::NotificationNotMade,
                            Some(&r.rule.id.value),
                            Some(r.kind),
                        ),
                        _ => None,
                    }
                    .map(str::trim),
                })
                .collect()
        }),
        actions: show("actions").then(|| i.actions.iter().map(|a| action(a, env)).collect()),
        deviations: Some(r.deviations.iter().map(deviation).collect()),
        not_applicable: Some(
            i.audit
                .not_applicable
                .iter()
                .map(|n| NotApplicableJson {
                    rule: &n.rule.value,
                    decided_by: n.decided_by.as_ref().map(|b| b.value.as_str()),
                    reason: n.reason.trim(),
                })
                .collect(),
        ),
        predates_policy: i.audit.predates_policy.as_ref().map(|p| PredatesJson {
            reason: p.reason.trim(),
            policy_version: p.policy_version.as_deref(),
        }),
        extra: Extra(
            crate::schema::fields::extra_text()
                .filter(|f| show(f.name))
                .filter_map(|f| Some((f.name, i.extra.get(f.name)?.as_str())))
                .collect(),
        ),
        evidence: show("evidence").then(|| {
            r.evidence
                .iter()
                .map(|c| EvidenceJson {
                    path: &c.source,
                    description: c.description.as_deref(),
                    size: c.size,
                    sha256: &c.sha256,
                    url: c.output.as_deref().map(crate::paths::encode_path),
                    collected_by: c.collected_by.as_deref(),
                    collected_at: c.collected_at.as_ref().map(|a| a.iso()),
                })
                .collect()
        }),
        tags: show("tags").then(|| i.tags.iter().map(String::as_str).collect()),
    }
}

fn drill<'a>(env: &Env, d: &'a Drill, late: &[Deviation<'a>]) -> DrillJson<'a> {
    DrillJson {
        id: &d.id.value,
        url: drill_url(&d.id.value),
        title: &d.title,
        date: d.date.as_ref().map(|x| x.value.to_string()),
        kind: &d.kind.value,
        scenario: &d.scenario,
        participants: d.participants.iter().map(|p| p.value.as_str()).collect(),
        findings: d.findings.as_deref(),
        actions: d.actions.iter().map(|a| action(a, env)).collect(),
        late: late
            .iter()
            .find(|x| x.kind == Kind::DrillLate && x.record == d.id.value)
            .map(deviation),
    }
}

/// `register.json`, compact, with a final newline.
/// Whether a list key is left out: the audience may not see it, or it is
/// empty (docs/evidence.md: keys marked `?` are absent when empty).
fn absent<T>(list: &Option<Vec<T>>) -> bool {
    list.as_ref().is_none_or(Vec::is_empty)
}

/// The document without its records (the frame of [`ROWS`]).
fn register(env: &Env, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let late = deviations::of_drills(env.content, env.today);
    let doc = Register {
        format: FORMAT,
        generator: "ismsbook",
        version: crate::VERSION,
        as_of: env.today.to_string(),
        audience: &env.view.audience,
        incidents: [],
        drills: env.drills.iter().map(|d| drill(env, d, &late)).collect(),
    };
    serde_json::to_writer(&mut *out, &doc)?;
    out.write_all(b"\n")
}
