//! A fact the record must hold at its stage, but that the source it was
//! imported from never recorded (an old Excel register without containment
//! times, say). The record says so with a `not_recorded` deviation and a
//! reason; the missing fact is then reported as the warning W409 instead
//! of the error, and shown as a non-conformity on the pages — never filled
//! in with an invented value to pass.

use crate::diagnostics::msg;
use crate::diagnostics::{codes, Diagnostic};
use crate::model::Incident;

/// `error` (a missing `field`), or W409 at the same place when the record
/// says the source never recorded `field`.
pub fn or_explained(inc: &Incident, field: &str, error: Diagnostic) -> Diagnostic {
    let Some(e) = inc.audit.not_recorded(field) else {
        return error;
    };
    let reason = e.reason.lines().next().unwrap_or("").trim();
    Diagnostic::new(
        codes::NOT_RECORDED,
        &inc.file,
        error.pos,
        msg!("W409.explained", field = field, reason = reason),
    )
    .hint(msg!("W409.explained_hint", field = field))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::incident_from_str;

    fn record(extra: &str) -> Incident {
        let yaml = format!("id: INC-2019-001\ntitle: t\nstatus: closed\nlevel: 1\n{extra}");
        let tz = chrono::FixedOffset::east_opt(9 * 3600).unwrap();
        incident_from_str(&yaml, "incidents/2019/INC-2019-001.yaml", tz)
            .0
            .expect("parses")
    }

    fn missing(inc: &Incident) -> Diagnostic {
        Diagnostic::new(codes::MISSING_DATE, &inc.file, inc.pos, "missing")
    }

    #[test]
    fn a_named_field_becomes_a_warning_with_the_reason() {
        let inc = record(
            "deviations:\n  - about: not_recorded\n    fields: [contained_at]\n    reason: 旧台帳に記載なし\n",
        );
        let d = or_explained(&inc, "contained_at", missing(&inc));
        assert_eq!(d.code, "W409");
        assert!(d.message.contains("旧台帳に記載なし"), "{}", d.message);
        assert_eq!(
            or_explained(&inc, "recovered_at", missing(&inc)).code,
            "E404"
        );
    }

    #[test]
    fn without_a_reason_the_error_stays() {
        let inc = record(
            "deviations:\n  - about: not_recorded\n    fields: [contained_at]\n    reason: \" \"\n",
        );
        assert_eq!(
            or_explained(&inc, "contained_at", missing(&inc)).code,
            "E404"
        );
    }
}
