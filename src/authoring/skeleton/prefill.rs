//! The values a new record starts with ([`Prefill`]), worked out from the
//! policy so that the record checks clean at its level.

use crate::model::Policy;
use chrono::{DateTime, FixedOffset};

/// The assessment decision written into a new record (A.5.25). From level 1
/// the format requires one; `new` proposes the first stage the level allows,
/// decided by a role that may decide, at detection time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssessmentPrefill {
    pub stage: String,
    pub decided_by: String,
    pub decided_at: DateTime<FixedOffset>,
}

/// The values a new record starts with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prefill {
    pub id: String,
    pub title: Option<String>,
    pub level: i64,
    pub category: String,
    pub responsible: String,
    pub reporter: Option<String>,
    pub detected_at: DateTime<FixedOffset>,
    /// From level 1 the report to the responsible role must be dated; the
    /// skeleton proposes the detection time and asks the author to correct it.
    pub reported_at: Option<DateTime<FixedOffset>>,
    pub assessment: Option<AssessmentPrefill>,
    /// Values already known (an imported row), by field path (`status`,
    /// `impact.personal_data`, `timeline`); they replace what the skeleton
    /// would propose. A top-level key the field table lacks is written
    /// after the table's fields.
    pub filled: Vec<(String, Filled)>,
    /// Written from known facts (`import`): a required field nobody gave
    /// stays empty instead of getting a placeholder, and nothing is
    /// proposed that the source did not say.
    pub imported: bool,
}

/// A value known for a field, already in YAML form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Filled {
    /// `name: <scalar>` (a YAML scalar or a flow list).
    Scalar(String),
    /// `name: |` and these lines below it.
    Block(Vec<String>),
    /// `name:` and these lines below it, indented one step (a block list
    /// or a mapping).
    Lines(Vec<String>),
}

impl Prefill {
    /// The known value of the field at `path`.
    pub fn known(&self, path: &str) -> Option<&Filled> {
        self.filled.iter().find(|(p, _)| p == path).map(|(_, f)| f)
    }
}

/// Why no prefill could be made from a policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrefillError {
    /// The policy declares no such level; the known levels are listed.
    UnknownLevel { level: i64, known: Vec<i64> },
    /// The policy declares no levels or no categories at all.
    EmptyPolicy(&'static str),
}

impl Prefill {
    /// A prefill that checks clean at `level` under `policy`: the level's
    /// responsible role; from level 1 a report at detection time and an
    /// assessment by a role with `can_assess` (the responsible role when it
    /// may decide) with the first stage the level allows.
    pub fn from_policy(
        policy: &Policy,
        id: String,
        level: i64,
        category: String,
        detected_at: DateTime<FixedOffset>,
    ) -> Result<Prefill, PrefillError> {
        if policy.levels.is_empty() {
            return Err(PrefillError::EmptyPolicy("levels"));
        }
        let Some(def) = policy.level(level) else {
            return Err(PrefillError::UnknownLevel {
                level,
                known: policy.levels.iter().map(|l| l.level.value).collect(),
            });
        };
        let responsible = def.responsible.value.clone();
        let assessor = policy
            .role(&responsible)
            .filter(|r| r.can_assess)
            .or_else(|| policy.roles.iter().find(|r| r.can_assess))
            .map(|r| r.id.value.clone());
        let stage = def
            .stages
            .first()
            .map(|s| s.value.clone())
            .unwrap_or_else(|| default_stage(level).to_string());
        let assessment = assessor.map(|decided_by| AssessmentPrefill {
            stage,
            decided_by,
            decided_at: detected_at,
        });
        Ok(Prefill {
            id,
            title: None,
            level,
            category,
            responsible,
            reporter: None,
            detected_at,
            reported_at: (level >= 1).then_some(detected_at),
            assessment,
            filled: Vec::new(),
            imported: false,
        })
    }
}

/// Without a `stages` list on the level, the usual reading of the scale:
/// level 0 is a weakness (near miss), above that an event until damage is
/// confirmed.
fn default_stage(level: i64) -> &'static str {
    if level <= 0 {
        "weakness"
    } else {
        "event"
    }
}
