//! A record read again after the check must be the record that was
//! checked. The streamed build reads each record a second time to render
//! it (`super::stream`), and the case book and `serve` read the content
//! again whole (`super::build`); a record file changed in between but
//! still valid would otherwise be published without the rules (those
//! across records above all) having seen its text. Each record carries a
//! fingerprint of the text it was read from ([`Incident::read_as`]); a
//! second reading that differs stops the build with E016 before anything
//! is published. The same holds for the site settings, the policy and the
//! contacts where they are read again (the case book):
//! [`crate::load::Loaded::documents`] has their fingerprints. (The
//! streamed build renders from the first reading of those.)

use crate::diagnostics::{codes, msg, Diagnostic, Diagnostics, Pos};
use crate::model::{Content, Incident};
use std::collections::HashMap;

/// E016 for the record file `rel`.
pub fn changed(rel: &str) -> Diagnostic {
    Diagnostic::new(
        codes::CHANGED_DURING_BUILD,
        rel,
        Pos::START,
        msg!("E016.changed"),
    )
    .hint(msg!("E016.changed_hint"))
}

/// Whether `again` (the record read a second time) is not what `first`
/// (its entry from the check) was read from.
pub fn differs(first: Option<u64>, again: &Incident) -> bool {
    first.is_none() || first != again.read_as
}

/// E016 for every record of `again` (the content read whole a second
/// time) whose text is not what `first` (the checked content) read, and
/// for every record file one has and the other has not.
pub fn compare(first: &Content, again: &Content) -> Diagnostics {
    let mut checked: HashMap<&str, Option<u64>> = first
        .incidents
        .iter()
        .map(|i| (i.file.as_str(), i.read_as))
        .collect();
    let mut out = Diagnostics::new();
    for inc in &again.incidents {
        match checked.remove(inc.file.as_str()) {
            Some(read_as) if !differs(read_as, inc) => {}
            _ => out.push(changed(&inc.file)),
        }
    }
    for rel in checked.keys() {
        out.push(changed(rel));
    }
    out.sorted()
}

/// E016 for every document of `again` (as [`crate::load::Loaded::documents`]
/// lists them, read a second time) whose text is not what `first` read,
/// and for one read only once.
pub fn compare_documents(
    first: &[(String, Option<u64>)],
    again: &[(String, Option<u64>)],
) -> Diagnostics {
    let mut out = Diagnostics::new();
    for (file, read_as) in first {
        let same = again.iter().find(|(f, _)| f == file);
        if same.is_none_or(|(_, r)| r.is_none() || r != read_as) {
            out.push(changed(file));
        }
    }
    for (file, _) in again {
        if !first.iter().any(|(f, _)| f == file) {
            out.push(changed(file));
        }
    }
    out.sorted()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_read_otherwise_or_come_or_gone_is_reported() {
        let record = |file: &str, read_as: Option<u64>| Incident {
            file: file.into(),
            read_as,
            ..Incident::sample()
        };
        let first = Content {
            incidents: vec![
                record("a", Some(1)),
                record("b", Some(2)),
                record("c", Some(3)),
            ],
            ..Content::default()
        };
        let again = Content {
            incidents: vec![
                record("a", Some(1)),
                record("b", Some(9)),
                record("d", Some(4)),
            ],
            ..Content::default()
        };
        let files: Vec<String> = compare(&first, &again)
            .iter()
            .map(|d| format!("{} {}", d.code, d.file))
            .collect();
        assert_eq!(files, ["E016 b", "E016 c", "E016 d"]);
        assert!(compare(&first, &first).is_empty());
        assert!(differs(None, &record("a", None)));
    }

    #[test]
    fn a_document_read_otherwise_or_only_once_is_reported() {
        let docs = |list: &[(&str, Option<u64>)]| -> Vec<(String, Option<u64>)> {
            list.iter().map(|(f, r)| (f.to_string(), *r)).collect()
        };
        let first = docs(&[
            ("site.yaml", Some(1)),
            ("policy.yaml", Some(2)),
            ("contacts.yaml", None),
        ]);
        let again = docs(&[
            ("site.yaml", Some(1)),
            ("policy.yaml", Some(3)),
            ("contacts.yaml", Some(4)),
        ]);
        let files: Vec<String> = compare_documents(&first, &again)
            .iter()
            .map(|d| format!("{} {}", d.code, d.file))
            .collect();
        assert_eq!(files, ["E016 contacts.yaml", "E016 policy.yaml"]);
        assert!(compare_documents(&again, &again).is_empty());
        let gone = compare_documents(&again, &again[..1]);
        assert_eq!(gone.len(), 2);
    }
}
