//! The policy's own impact flags (`impacts:` in policy.yaml, such as
//! `customer_confidential`), mapped as `impact.<id>` like the built-in
//! ones. The mapping is read before the policy is looked at, so such a
//! path is taken as a flag first and checked against the policy's
//! declarations once the content is known (E131 at its line otherwise).

use super::mapping::{FieldMap, Mapping};
use crate::diagnostics::{codes, msg, suggest, Diagnostic, Diagnostics};
use crate::model::Content;
use crate::schema::fields::{Chars, Field, Hide, Ty};

/// What a declared flag is read as: yes or no.
pub static DECLARED: Field = Field {
    name: "impact",
    ty: Ty::Bool,
    required: false,
    ja: "方針で定めた影響のフラグ",
    en: "An impact flag the policy declares",
    chars: Chars::Line,
    hide: Hide::Never,
    extra: false,
};

/// `impact.<id>` not among the built-in flags: a flag the policy may declare.
pub fn field(path: &str) -> Option<&'static Field> {
    let id = path.strip_prefix("impact.")?;
    let ok = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    ok.then_some(&DECLARED)
}

/// Is this mapped field one of the policy's flags?
pub fn is_declared(fm: &FieldMap) -> bool {
    std::ptr::eq(fm.field, &DECLARED)
}

/// Every `impact.<id>` the mapping fills must be declared in the policy.
pub fn check(m: &Mapping, content: &Content, file: &str, diags: &mut Diagnostics) -> bool {
    let before = diags.len();
    let declared: Vec<&str> = content
        .policy
        .impacts
        .iter()
        .map(|i| i.id.value.as_str())
        .collect();
    for fm in m.fields.iter().filter(|f| is_declared(f)) {
        let id = fm.path.trim_start_matches("impact.");
        if declared.contains(&id) {
            continue;
        }
        let hint = match suggest(id, declared.iter().copied()) {
            Some(s) => msg!("suggest.did_you_mean", id = format!("impact.{s}")),
            None => msg!("E131.unknown_flag_hint", flags = declared.join(", ")),
        };
        diags.push(
            Diagnostic::new(
                codes::IMPORT_MAPPING,
                file,
                fm.pos,
                msg!("E131.unknown_field", field = &fm.path),
            )
            .hint(hint),
        );
    }
    diags.len() == before
}
