//! Which figure kinds a control shows: its own `evidence:` list, or the
//! default table for ISO/IEC 27001:2022 Annex A ids.

use crate::model::Control;
use crate::schema::fields::FIGURE_KINDS;

/// Default figure kinds for ISO/IEC 27001:2022 Annex A controls, used when a
/// control in the policy does not list its own `evidence`.
pub const DEFAULT_MAPPING: &[(&str, &[&str])] = &[
    // Planning and preparation: procedure, roles, contacts, and rehearsal.
    ("A.5.24", &["procedure", "drills"]),
    ("A.5.25", &["assessment"]),
    ("A.5.26", &["response", "notifications"]),
    ("A.5.27", &["lessons", "actions"]),
    ("A.5.28", &["evidence"]),
    // Event reporting: how fast staff report, near misses, drills that train it.
    ("A.6.8", &["reporting", "drills"]),
];

/// The figure kinds shown for `control`, in [`FIGURE_KINDS`] order.
pub fn kinds_for(control: &Control) -> Vec<&'static str> {
    let wanted: Vec<&str> = match &control.evidence {
        Some(list) => list.iter().map(|k| k.value.as_str()).collect(),
        None => DEFAULT_MAPPING
            .iter()
            .find(|(id, _)| *id == control.id.value)
            .map(|(_, k)| k.to_vec())
            .unwrap_or_default(),
    };
    FIGURE_KINDS
        .iter()
        .copied()
        .filter(|k| wanted.contains(k))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;
    use crate::model::Spanned;

    fn sp<T>(v: T) -> Spanned<T> {
        Spanned::new(v, Pos::START)
    }

    fn control(id: &str, evidence: Option<&[&str]>) -> Control {
        Control {
            id: sp(id.into()),
            name: id.into(),
            name_en: None,
            description: String::new(),
            evidence: evidence.map(|l| l.iter().map(|k| sp(k.to_string())).collect()),
        }
    }

    #[test]
    fn mapping_comes_from_the_policy_or_the_default_table() {
        assert_eq!(kinds_for(&control("A.5.25", None)), ["assessment"]);
        assert_eq!(kinds_for(&control("A.6.8", None)), ["reporting", "drills"]);
        // The policy's own list wins, in the canonical order.
        assert_eq!(
            kinds_for(&control("A.5.25", Some(&["drills", "assessment"]))),
            ["assessment", "drills"]
        );
        assert!(kinds_for(&control("A.5.25", Some(&[]))).is_empty());
        // Another framework's id maps only through the policy.
        assert!(kinds_for(&control("NIST RS.MA-01", None)).is_empty());
        assert_eq!(
            kinds_for(&control("NIST RS.MA-01", Some(&["response"]))),
            ["response"]
        );
        for (_, kinds) in DEFAULT_MAPPING {
            assert!(kinds.iter().all(|k| FIGURE_KINDS.contains(k)));
        }
    }
}
