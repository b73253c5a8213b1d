//! Which record fields an audience may hide (`policy.yaml`
//! `audiences.*.hide`). Redaction (`crate::redact`) empties them; `check`
//! refuses a `hide` entry that names none of them.

/// Field paths an audience may hide, as written in `policy.yaml` `audiences.*.hide`.
pub const HIDEABLE: &[&str] = &[
    "reporter",
    "location",
    "organization",
    "summary",
    "cause",
    "system_configuration",
    "affected_systems",
    "lessons",
    "tags",
    "timeline",
    "timeline.by",
    "timeline.action",
    "impact",
    "impact.records_affected",
    "impact.customers",
    "impact.business",
    "assessment.rationale",
    "notifications.reference",
    "evidence",
];
