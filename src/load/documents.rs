//! site.yaml, policy.yaml and contacts.yaml.

use super::extract::*;
use super::files::Origin;
use super::read_yaml_as;
use crate::diagnostics::msg;
use crate::diagnostics::{codes, Diagnostic};
use crate::model::policy::*;
use crate::model::site::{Language, Site};
use crate::model::time::parse_offset;
use crate::model::{Contacts, Duration, ExternalContact, InternalContact, Person, Spanned};
use crate::schema::fields;
use crate::yaml::{Node, Value};
use chrono::FixedOffset;
use std::path::Path;

pub fn site(root: &Path) -> (Site, Vec<Diagnostic>, Option<u64>) {
    let default = Site::default();
    let (node, mut diags, read_as) = read_yaml_as(
        root,
        "site.yaml",
        Origin::Named,
        fields::SITE,
        default.timezone,
    );
    let Some(node) = node else {
        return (default, diags, read_as);
    };
    let timezone = match node.get("timezone") {
        None => default.timezone,
        Some(v) => match scalar(v).as_deref().and_then(parse_offset) {
            Some(tz) => tz,
            None => {
                diags.push(
                    Diagnostic::new(
                        codes::INVALID_VALUE,
                        "site.yaml",
                        v.pos,
                        msg!("E108.timezone"),
                    )
                    .hint(msg!("E108.timezone_hint")),
                );
                default.timezone
            }
        },
    };
    let site = Site {
        title: text(&node, "title").unwrap_or_default(),
        organization: text(&node, "organization").unwrap_or_default(),
        language: text(&node, "language")
            .as_deref()
            .and_then(Language::parse)
            .unwrap_or_default(),
        timezone,
        base_url: spanned_text(&node, "base_url"),
        reminders: match node.get("calendar").and_then(|c| c.get("reminders")) {
            None => default.reminders,
            Some(r) => r
                .as_seq()
                .unwrap_or(&[])
                .iter()
                .filter_map(|v| Duration::parse(v.as_str()?))
                .map(|d| d.minutes)
                .collect(),
        },
        masks: node
            .get("mask")
            .and_then(|m| m.as_map())
            .unwrap_or(&[])
            .iter()
            .filter_map(|(k, v)| {
                Some(crate::model::SiteMask {
                    term: Spanned::new(scalar(k)?, k.pos),
                    label: scalar(v).unwrap_or_default(),
                    label_pos: v.pos,
                })
            })
            .collect(),
        export_labels: match node
            .get("exports")
            .and_then(|e| e.get("headers"))
            .and_then(|h| h.as_str())
        {
            Some("labels") => Some(true),
            Some("fields") => Some(false),
            _ => None,
        },
        synonyms: node
            .get("search")
            .and_then(|s| s.get("synonyms"))
            .and_then(|s| s.as_seq())
            .unwrap_or(&[])
            .iter()
            .filter_map(|g| {
                let entries = g.as_seq()?;
                Some(crate::model::site::SynonymGroup {
                    pos: g.pos,
                    entries: entries.len(),
                    words: entries
                        .iter()
                        // A list or mapping in place of a word is E102's.
                        .filter(|w| !matches!(w.value, Value::Seq(_) | Value::Map(_)))
                        .map(|w| Spanned::new(scalar(w).unwrap_or_default(), w.pos))
                        .collect(),
                })
            })
            .collect(),
    };
    (site, diags, read_as)
}

pub fn policy(root: &Path, tz: FixedOffset) -> (Policy, Vec<Diagnostic>, Option<u64>) {
    let (node, diags, read_as) =
        read_yaml_as(root, "policy.yaml", Origin::Named, fields::POLICY, tz);
    let Some(node) = node else {
        return (Policy::default(), diags, read_as);
    };
    let roles = list(&node, "roles")
        .iter()
        .filter_map(|r| {
            Some(Role {
                id: spanned_text(r, "id")?,
                name: text(r, "name").unwrap_or_default(),
                can_assess: boolean(r, "can_assess").unwrap_or(false),
            })
        })
        .collect();
    let impacts = list(&node, "impacts")
        .iter()
        .filter_map(|f| {
            Some(ImpactFlag {
                id: spanned_text(f, "id")?,
                name: text(f, "name").unwrap_or_default(),
                name_en: text(f, "name_en"),
            })
        })
        .collect();
    let mut levels: Vec<Level> = list(&node, "levels")
        .iter()
        .filter_map(|l| {
            Some(Level {
                level: int(l, "level")?,
                name: text(l, "name").unwrap_or_default(),
                criteria: criteria(l),
                responsible: spanned_text(l, "responsible")
                    .unwrap_or_else(|| Spanned::new(String::new(), l.pos)),
                approval: spanned_text(l, "approval"),
                report_within: duration(l, "report_within"),
                stages: spanned_list(l, "stages"),
                applies_when: flags(l, "applies_when"),
                applies_when_pos: key_positions(l, "applies_when"),
                pos: l.pos,
            })
        })
        .collect();
    levels.sort_by_key(|l| l.level.value);
    let categories = list(&node, "categories")
        .iter()
        .filter_map(|c| {
            Some(Category {
                id: spanned_text(c, "id")?,
                name: text(c, "name").unwrap_or_default(),
                todo: text_list(c, "do"),
                dont: text_list(c, "dont"),
                tell: text_list(c, "tell"),
            })
        })
        .collect();
    let notifications = list(&node, "notifications")
        .iter()
        .filter_map(notification_rule)
        .collect();
    let controls = list(&node, "controls")
        .iter()
        .filter_map(|c| {
            Some(Control {
                id: spanned_text(c, "id")?,
                name: text(c, "name").unwrap_or_default(),
                name_en: text(c, "name_en"),
                description: markdown(c, "description").unwrap_or_default(),
                evidence: c.get("evidence").map(|_| spanned_list(c, "evidence")),
            })
        })
        .collect();
    let flow = list(&node, "flow").iter().filter_map(flow_node).collect();
    let drill_every = node.get("drills").and_then(|d| duration(d, "every"));
    let (audiences, default_audience) = audiences(node.get("audiences"));
    let policy = Policy {
        roles,
        impacts,
        levels,
        categories,
        notifications,
        controls,
        flow,
        drill_every,
        audiences,
        default_audience,
        document: document_control(node.get("document")),
    };
    (policy, diags, read_as)
}

fn notification_rule(n: &Node) -> Option<NotificationRule> {
    let overrides = list(n, "overrides")
        .iter()
        .map(|o| DeadlineOverride {
            when: o.get("when").map(when).unwrap_or_default(),
            deadlines: deadlines(o),
        })
        .collect();
    Some(NotificationRule {
        id: spanned_text(n, "id")?,
        name: text(n, "name").unwrap_or_default(),
        label: text(n, "label"),
        label_en: text(n, "label_en"),
        contact: spanned_text(n, "contact"),
        when: n.get("when").map(when).unwrap_or_default(),
        deadlines: deadlines(n),
        draft: text(n, "draft"),
        overrides,
        withheld: false,
    })
}

/// A rule's (or an alternative's) conditions.
fn when(w: &Node) -> When {
    let min_level = int(w, "min_level");
    When {
        categories: spanned_list(w, "categories"),
        min_level: min_level.as_ref().map(|l| l.value),
        min_level_at: min_level.map(|l| l.pos),
        impact: flags(w, "impact"),
        impact_pos: key_positions(w, "impact"),
        more_than: w
            .get("more_than")
            .and_then(Node::as_map)
            .unwrap_or(&[])
            .iter()
            .filter_map(|(k, v)| match v.value {
                Value::Int(i) => Some((k.as_str()?.to_string(), i)),
                _ => None,
            })
            .collect(),
        any: list(w, "any").iter().map(when).collect(),
    }
}

/// `deadlines:` of a rule or an override, in file order.
fn deadlines(n: &Node) -> Vec<(String, Spanned<crate::model::Duration>)> {
    n.get("deadlines")
        .and_then(Node::as_map)
        .unwrap_or(&[])
        .iter()
        .filter_map(|(k, v)| {
            let d = crate::model::Duration::parse(v.as_str()?)?;
            Some((k.as_str()?.to_string(), Spanned::new(d, v.pos)))
        })
        .collect()
}

fn flow_node(n: &Node) -> Option<FlowNode> {
    let kind = match text(n, "kind").as_deref() {
        Some("start") => FlowKind::Start,
        Some("decision") => FlowKind::Decision,
        Some("end") => FlowKind::End,
        _ => FlowKind::Step,
    };
    let next = list(n, "next")
        .iter()
        .filter_map(|e| match e.as_map() {
            Some(_) => Some(FlowEdge {
                to: spanned_text(e, "to")?,
                label: text(e, "label"),
            }),
            None => scalar(e).map(|to| FlowEdge {
                to: Spanned::new(to, e.pos),
                label: None,
            }),
        })
        .collect();
    Some(FlowNode {
        id: spanned_text(n, "id")?,
        label: text(n, "label").unwrap_or_default(),
        kind,
        actor: spanned_text(n, "actor"),
        next,
        pos: n.pos,
    })
}

/// Audience rules, with the defaults the docs promise when the policy is silent:
/// staff see restricted records as stubs and no personal details; auditors see all.
fn audiences(node: Option<&Node>) -> (Vec<Audience>, String) {
    let default_hide: Vec<String> = [
        "reporter",
        "timeline.by",
        "impact.records_affected",
        "evidence",
        "organization",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let read = |id: &str, fallback: AudienceRule| -> Audience {
        let rule = node.and_then(|n| n.get(id)).map(|r| AudienceRule {
            restricted: match text(r, "restricted").as_deref() {
                Some("omit") => RestrictedMode::Omit,
                Some("show") => RestrictedMode::Show,
                Some("stub") => RestrictedMode::Stub,
                _ => fallback.restricted,
            },
            hide: if r.get("hide").is_some() {
                text_list(r, "hide")
            } else {
                fallback.hide.clone()
            },
        });
        Audience {
            id: id.to_string(),
            rule: rule.unwrap_or(fallback),
        }
    };
    let staff = read(
        "staff",
        AudienceRule {
            restricted: RestrictedMode::Stub,
            hide: default_hide,
        },
    );
    let auditor = read(
        "auditor",
        AudienceRule {
            restricted: RestrictedMode::Show,
            hide: Vec::new(),
        },
    );
    // The case book for training: closed records only, nobody identifiable.
    let training = read(
        "training",
        AudienceRule {
            restricted: RestrictedMode::Omit,
            hide: [
                "reporter",
                "timeline.by",
                "location",
                "organization",
                "impact.records_affected",
                "notifications.reference",
                "evidence",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        },
    );
    let default = node
        .and_then(|n| text(n, "default"))
        .unwrap_or_else(|| "staff".to_string());
    (vec![staff, auditor, training], default)
}

pub fn contacts(root: &Path, tz: FixedOffset) -> (Contacts, Vec<Diagnostic>, Option<u64>) {
    let (node, mut diags, read_as) =
        read_yaml_as(root, "contacts.yaml", Origin::Named, fields::CONTACTS, tz);
    let Some(node) = node else {
        return (Contacts::default(), diags, read_as);
    };
    let mut phone = |n: &Node, key: &str| phone_text(n, key, &mut diags);
    let mut person = |n: &Node| Person {
        name: text(n, "name").unwrap_or_default(),
        reading: text(n, "reading"),
        phone: phone(n, "phone"),
        email: spanned_text(n, "email"),
        after_hours: phone(n, "after_hours"),
    };
    let internal = list(&node, "internal")
        .iter()
        .filter_map(|c| {
            Some(InternalContact {
                role: spanned_text(c, "role")?,
                person: person(c),
                first_report: boolean(c, "first_report").unwrap_or(false),
                deputy: c
                    .get("deputy")
                    .filter(|d| d.as_map().is_some())
                    .map(&mut person),
                pos: c.pos,
            })
        })
        .collect();
    let external = list(&node, "external")
        .iter()
        .filter_map(|c| {
            Some(ExternalContact {
                id: spanned_text(c, "id")?,
                name: text(c, "name").unwrap_or_default(),
                phone: phone_text(c, "phone", &mut diags),
                email: spanned_text(c, "email"),
                url: spanned_text(c, "url"),
                purpose: text(c, "purpose").unwrap_or_default(),
            })
        })
        .collect();
    (
        Contacts {
            internal,
            external,
            document: document_control(node.get("document")),
        },
        diags,
        read_as,
    )
}

/// `version`, `approved_by` and `approved_at` of a `document:` mapping or
/// of front matter.
pub fn document_control(node: Option<&Node>) -> crate::model::DocumentControl {
    let Some(n) = node.filter(|n| n.as_map().is_some()) else {
        return Default::default();
    };
    crate::model::DocumentControl {
        version: text(n, "version"),
        approved_by: spanned_text(n, "approved_by"),
        approved_at: date(n, "approved_at"),
    }
}

/// A contact's `phone`. YAML reads `0367124103` or `+81367124103` written
/// without quotes or separators as a number, losing the leading 0 or the
/// `+`: that is E113 here (the YAML value is gone by the time the rules
/// run), and no number, so no link can dial the wrong one.
fn phone_text(n: &Node, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Spanned<String>> {
    let v = n.get(key)?;
    if matches!(v.value, Value::Int(_) | Value::Float(_)) {
        diags.push(
            Diagnostic::new(
                codes::INVALID_PHONE,
                "contacts.yaml",
                v.pos,
                msg!("E113.as_number", number = scalar(v).unwrap_or_default()),
            )
            .hint(msg!("E113.as_number_hint")),
        );
        return None;
    }
    spanned_text(n, key)
}

/// A level's `criteria`: each a text, or `{text, question}`.
fn criteria(level: &Node) -> Vec<Criterion> {
    list(level, "criteria")
        .iter()
        .filter_map(|c| match &c.value {
            Value::Map(_) => Some(Criterion {
                text: text(c, "text")?,
                question: text(c, "question"),
                impact: text(c, "impact"),
                pos: c.pos,
            }),
            _ => Some(Criterion {
                text: scalar(c)?,
                question: None,
                impact: None,
                pos: c.pos,
            }),
        })
        .collect()
}
