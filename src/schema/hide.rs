//! Which record fields an audience may hide (`policy.yaml`
//! `audiences.*.hide`), derived from the record tables: every field of
//! [`INCIDENT`], at every depth, says [`Hide`]. Redaction (`crate::redact`)
//! empties the hidden ones; `check` refuses a `hide` entry that names none.

use super::fields::{Field, Hide, Ty, INCIDENT};
use std::sync::OnceLock;

/// Field paths an audience may hide, as written in `policy.yaml`
/// `audiences.*.hide` (`timeline.by` names a field of every timeline entry):
/// the [`Hide::Listed`] ones in their place, then the [`Hide::Yes`] ones in
/// table order.
pub fn hideable() -> &'static [&'static str] {
    static LIST: OnceLock<Vec<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        let mut listed = Vec::new();
        let mut yes = Vec::new();
        walk(INCIDENT, "", &mut |path, f| match f.hide {
            Hide::Listed(n) => listed.push((n, leak(path))),
            Hide::Yes => yes.push(leak(path)),
            Hide::Never | Hide::Unclassified => {}
        });
        listed.sort_by_key(|(n, _)| *n);
        listed.into_iter().map(|(_, p)| p).chain(yes).collect()
    })
}

/// A path made once for the process's life (the list is built once).
fn leak(path: String) -> &'static str {
    Box::leak(path.into_boxed_str())
}

/// Every field of `table` and of the objects inside it, depth first in table
/// order, with its dotted path.
pub(crate) fn walk(table: &'static [Field], prefix: &str, visit: &mut dyn FnMut(String, &Field)) {
    for f in table {
        let path = format!("{prefix}{}", f.name);
        visit(path.clone(), f);
        let inner = match f.ty {
            Ty::Object(t) => Some(t),
            Ty::List(Ty::Object(t)) => Some(*t),
            _ => None,
        };
        if let Some(t) = inner {
            walk(t, &format!("{path}."), visit);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The list as it was written out before it was derived (order kept:
    /// `check` prints it in this order).
    const DOCUMENTED: &[&str] = &[
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

    #[test]
    fn every_record_field_says_whether_it_may_be_hidden() {
        let mut unclassified = Vec::new();
        let mut ranks = Vec::new();
        walk(INCIDENT, "", &mut |path, f| match f.hide {
            Hide::Unclassified => unclassified.push(path),
            Hide::Listed(n) => ranks.push(n),
            _ => {}
        });
        assert!(
            unclassified.is_empty(),
            "say `.hideable()` or `.never_hidden()`: {unclassified:?}"
        );
        ranks.sort_unstable();
        let expected: Vec<u8> = (0..ranks.len() as u8).collect();
        assert_eq!(
            ranks, expected,
            "`hideable_at` places are 0, 1, 2, … once each"
        );
    }

    #[test]
    fn the_derived_list_is_the_documented_one_and_the_extra_fields() {
        let extra: Vec<&str> = super::super::fields::extra_text()
            .filter(|f| f.hide == Hide::Yes)
            .map(|f| f.name)
            .collect();
        let expected: Vec<&str> = DOCUMENTED.iter().copied().chain(extra).collect();
        assert_eq!(hideable(), expected.as_slice());
    }

    #[test]
    fn extra_fields_are_optional_text() {
        for f in super::super::fields::extra_text() {
            assert!(!f.required, "`{}`: an extra field is optional", f.name);
            assert!(
                matches!(f.ty, Ty::Str | Ty::Markdown),
                "`{}`: an extra field is text or Markdown",
                f.name
            );
        }
    }
}
