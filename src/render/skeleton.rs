//! The blank incident record offered on the templates page
//! (`templates/incident-skeleton.yaml`), generated from the same field table
//! the validator checks records against (`schema::fields::INCIDENT`), so the
//! template cannot drift from the rules. Every field carries a comment in the
//! site's language; required fields say so.

use super::i18n::I18n;
use crate::model::Language;
use crate::schema::fields::{Field, INCIDENT};
use crate::schema::Ty;

/// Output path of the skeleton in the site.
pub const SKELETON_PATH: &str = "templates/incident-skeleton.yaml";

/// Comments start at this column (or two spaces after a longer line).
const COMMENT_COLUMN: usize = 30;

/// The blank record. `prefill` gives YAML values for top-level fields
/// (`("id", "INC-2026-009")`); they are written as given.
pub fn incident_skeleton(t: &I18n, prefill: &[(&str, &str)]) -> String {
    let mut out = String::new();
    out.push_str("# ");
    out.push_str(t.get("skeleton.title"));
    out.push_str("\n# ");
    out.push_str(t.get("skeleton.save_as"));
    out.push_str("\n\n");
    write_fields(&mut out, INCIDENT, 0, false, t, prefill);
    out
}

/// The skeleton in the built-in theme's wording (for `ismsbook new`).
pub fn incident_skeleton_builtin(
    lang: Language,
    prefill: &[(&str, &str)],
) -> Result<String, String> {
    let t = super::theme::Theme::builtin().locale(lang)?;
    Ok(incident_skeleton(&t, prefill))
}

fn description(f: &Field, t: &I18n) -> String {
    let text = match t.lang() {
        Language::Ja => f.ja,
        Language::En => f.en,
    };
    if f.required {
        format!("{text}{}", t.get("skeleton.required"))
    } else {
        text.to_string()
    }
}

/// Placeholder value for a scalar type; `None` for types written as blocks.
fn placeholder(ty: &Ty) -> Option<String> {
    Some(match ty {
        Ty::Str | Ty::DateTime | Ty::Date | Ty::Duration | Ty::Ref(_) => "\"\"".to_string(),
        // A literal block: lines written under it, indented, are the text.
        Ty::Markdown => "|".to_string(),
        Ty::Int => "0".to_string(),
        Ty::Bool => "false".to_string(),
        Ty::Enum(values) => values
            .first()
            .map(|v| v.to_string())
            .unwrap_or_else(|| "\"\"".into()),
        Ty::List(inner) if !matches!(inner, Ty::Object(_)) => "[]".to_string(),
        Ty::Flags | Ty::MapOf(_) => "{}".to_string(),
        Ty::FlowNext => "[]".to_string(),
        Ty::List(_) | Ty::Object(_) => return None,
    })
}

fn write_line(out: &mut String, text: &str, comment: &str) {
    out.push_str(text);
    let width = text.chars().count();
    let pad = if width + 2 > COMMENT_COLUMN {
        2
    } else {
        COMMENT_COLUMN - width
    };
    out.extend(std::iter::repeat_n(' ', pad));
    out.push_str("# ");
    out.push_str(comment);
    out.push('\n');
}

/// Write `fields` as a mapping at `indent`. With `first_dash`, the first
/// key opens a list item (`- key:`).
fn write_fields(
    out: &mut String,
    fields: &[Field],
    indent: usize,
    first_dash: bool,
    t: &I18n,
    prefill: &[(&str, &str)],
) {
    for (i, f) in fields.iter().enumerate() {
        let lead = if first_dash && i == 0 {
            format!("{}- ", " ".repeat(indent.saturating_sub(2)))
        } else {
            " ".repeat(indent)
        };
        let comment = description(f, t);
        let given = if indent == 0 {
            prefill
                .iter()
                .find(|(k, _)| *k == f.name)
                .map(|(_, v)| v.to_string())
        } else {
            None
        };
        match (given, &f.ty) {
            (Some(v), _) => write_line(out, &format!("{lead}{}: {v}", f.name), &comment),
            (None, Ty::Object(sub)) => {
                write_line(out, &format!("{lead}{}:", f.name), &comment);
                write_fields(out, sub, indent + 2, false, t, prefill);
            }
            (None, Ty::List(Ty::Object(sub))) => {
                write_line(out, &format!("{lead}{}:", f.name), &comment);
                write_fields(out, sub, indent + 4, true, t, prefill);
            }
            (None, ty) => {
                let v = placeholder(ty).unwrap_or_else(|| "\"\"".into());
                write_line(out, &format!("{lead}{}: {v}", f.name), &comment);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn ja() -> I18n {
        super::super::theme::Theme::builtin()
            .locale(Language::Ja)
            .unwrap()
    }

    #[test]
    fn skeleton_is_yaml_with_every_incident_field() {
        let s = incident_skeleton(&ja(), &[]);
        let node = yaml::parse(&s).expect("skeleton parses");
        for f in INCIDENT {
            assert!(node.get(f.name).is_some(), "missing {}", f.name);
        }
        // Lists of objects show one item with every sub-field.
        let timeline = node.get("timeline").unwrap().as_seq().unwrap();
        assert!(timeline[0].get("at").is_some() && timeline[0].get("action").is_some());
        assert!(node.get("impact").unwrap().get("personal_data").is_some());
    }

    #[test]
    fn comments_are_in_the_site_language_and_mark_required_fields() {
        let s = incident_skeleton(&ja(), &[]);
        let title_line = s.lines().find(|l| l.starts_with("title:")).unwrap();
        assert!(title_line.contains("# 件名（必須）"), "{title_line}");
        let en = super::super::theme::Theme::builtin()
            .locale(Language::En)
            .unwrap();
        let s = incident_skeleton(&en, &[]);
        assert!(s
            .lines()
            .any(|l| l.starts_with("location:") && l.ends_with("# Where it happened")));
    }

    #[test]
    fn prefilled_values_are_used() {
        let s = incident_skeleton(&ja(), &[("id", "INC-2026-009"), ("level", "2")]);
        let node = yaml::parse(&s).unwrap();
        assert_eq!(node.get("id").unwrap().as_str(), Some("INC-2026-009"));
        assert_eq!(node.get("level").unwrap().value, yaml::Value::Int(2));
    }
}
