//! A level written by its name (`level: 軽度インシデント`): the shape check
//! (E102) cannot know the policy's level names, so its hint is given here,
//! with the policy at hand — the level whose name was written, found by
//! the same engine as every "did you mean" (`schema::names`).

use crate::diagnostics::{msg, Arg, Diagnostic, Diagnostics};
use crate::model::Content;
use crate::schema::names::id_for_name;

/// `diags` with the hint of each E102 on `level` naming the level whose
/// name its value is (or is close to).
pub fn level_names(content: &Content, diags: Diagnostics) -> Diagnostics {
    let wrong_level =
        |d: &Diagnostic| d.code == "E102" && written(d, "path").as_deref() == Some("level");
    if !diags.iter().any(wrong_level) {
        return diags;
    }
    let named: Vec<(String, Vec<String>)> = content
        .policy
        .levels
        .iter()
        .map(|l| {
            // The name, and the name without what follows in brackets
            // (`軽度インシデント（社内業務への影響）` → `軽度インシデント`).
            let short = l.name.split(['（', '(']).next().unwrap_or("").trim();
            (
                l.level.value.to_string(),
                vec![l.name.clone(), short.to_string()],
            )
        })
        .collect();
    diags
        .into_iter()
        .map(|d| {
            if !wrong_level(&d) {
                return d;
            }
            let Some(value) = written(&d, "value") else {
                return d;
            };
            match id_for_name(&value, &named) {
                Some((level, _)) => {
                    let name = named
                        .iter()
                        .find(|(n, _)| n == level)
                        .and_then(|(_, names)| names.first().cloned())
                        .unwrap_or_default();
                    let hint = msg!(
                        "E102.level_name_hint",
                        value = &value,
                        level = level,
                        name = name
                    );
                    d.hint(hint)
                }
                None => d,
            }
        })
        .collect()
}

/// The text argument `name` of the diagnostic's message.
fn written(d: &Diagnostic, name: &str) -> Option<String> {
    d.message_msg
        .as_ref()?
        .args
        .iter()
        .find_map(|(n, a)| match a {
            Arg::Text(t) if *n == name => Some(t.clone()),
            _ => None,
        })
}
