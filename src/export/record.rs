//! One record as the exports see it, worked out once per record: whether
//! the audience sees it whole or as a stub, the reports the policy requires
//! of it, its non-conformities and its evidence. `register.csv` (and the
//! `incidents` sheet of `register.xlsx`, made from the same rows) and
//! `register.json` serialise each record from this one value, so the three
//! agree on every fact and none works a fact out again; [`records`] makes
//! them one at a time, as the exports stream.

use crate::analysis::deviations::{self, Deviation};
use crate::analysis::notifications::{requirements, Requirement, State};
use crate::evidence::copy::Copied;
use crate::model::summary::Summary;
use crate::model::Incident;
use crate::present::view::Presence;
use crate::present::Env;

/// A published record and what the exports say about it.
pub struct RecordFacts<'a, 'e> {
    pub env: &'a Env<'e>,
    pub inc: &'a Incident,
    /// Shown as a stub (restricted for this audience): id, classification
    /// and detection date only; the lists below are empty.
    pub stub: bool,
    /// The reports the policy requires, with their state as of the build.
    pub required: Vec<Requirement<'a>>,
    pub deviations: Vec<Deviation<'a>>,
    pub evidence: &'a [Copied],
}

impl<'a, 'e> RecordFacts<'a, 'e> {
    /// `summary` is `inc`'s.
    pub fn of(
        env: &'a Env<'e>,
        inc: &'a Incident,
        summary: &'a Summary,
        presence: Presence,
    ) -> Self {
        let stub = presence != Presence::Full;
        if stub {
            return RecordFacts {
                env,
                inc,
                stub,
                required: Vec::new(),
                deviations: Vec::new(),
                evidence: &[],
            };
        }
        RecordFacts {
            env,
            inc,
            stub,
            required: requirements(env.content, summary, env.today),
            deviations: deviations::of_incident(env.content, summary, env.today),
            evidence: env.audit.evidence_of(&inc.id.value),
        }
    }

    /// Whether the audience may see the field (a path of the field table).
    pub fn shows(&self, field: &str) -> bool {
        self.env.view.shows(field)
    }

    /// Required reports by state: `[required, made on time, late, missing,
    /// not yet due]`.
    pub fn notification_counts(&self) -> [usize; 5] {
        let mut n = [0; 5];
        for r in &self.required {
            n[0] += 1;
            // One whose timeliness cannot be told (W510) is only required.
            let bucket = match r.state {
                State::Made => 1,
                State::Late => 2,
                State::Missing => 3,
                State::NotYetDue => 4,
                State::Unjudged => continue,
            };
            n[bucket] += 1;
        }
        n
    }

    /// The non-conformities as text for a spreadsheet cell, one a line:
    /// `kind (subject): reason`, or `kind (subject): no reason recorded`.
    /// Kinds are the names `analysis::deviations::Kind` gives (the same in
    /// every site language); reasons are the record's own words.
    pub fn deviations_text(&self) -> String {
        self.deviations
            .iter()
            .map(|d| {
                let subject = match (d.subject, d.report_kind) {
                    (Some(s), Some(k)) => format!(" ({s}, {k})"),
                    (Some(s), None) => format!(" ({s})"),
                    _ => String::new(),
                };
                let reason = d
                    .reason
                    .map(|r| r.trim().replace('\n', " "))
                    .unwrap_or_else(|| "no reason recorded".to_string());
                format!("{}{subject}: {reason}", d.kind.as_str())
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Explained and unexplained non-conformities.
    pub fn deviation_counts(&self) -> (usize, usize) {
        let explained = self.deviations.iter().filter(|d| d.explained()).count();
        (explained, self.deviations.len() - explained)
    }
}

/// Every published record in the register's order, each made as it is
/// asked for (never all at once).
pub fn records<'a, 'e>(env: &'a Env<'e>) -> impl Iterator<Item = RecordFacts<'a, 'e>> + 'a {
    env.records
        .iter()
        .zip(&env.incidents)
        .map(move |((inc, presence), (s, _))| RecordFacts::of(env, inc, s, *presence))
}
