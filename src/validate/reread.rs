//! A record `check` reads a second time must be the one it checked. The
//! name rule (E121) can only run once every record was read, so it reads
//! again the records whose text may name someone (`super::name_scan`); one
//! saved again in between would be judged by a text the other rules never
//! saw, and the report would hold for neither. Each record's register
//! entry keeps a fingerprint of the text first read
//! ([`crate::model::Incident::read_as`]); a second reading that differs is
//! reported (E016) instead of checked.

use crate::diagnostics::{codes, msg, Diagnostic, Pos};

/// E016 for the record file `rel`, changed while `check` read it twice.
pub fn changed(rel: &str) -> Diagnostic {
    Diagnostic::new(
        codes::CHANGED_DURING_BUILD,
        rel,
        Pos::START,
        msg!("E016.changed_checked"),
    )
    .hint(msg!("E016.changed_checked_hint"))
}
