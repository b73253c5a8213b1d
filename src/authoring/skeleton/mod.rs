//! The incident record skeleton: every field of [`fields::INCIDENT`], in table
//! order, each with a comment in the site's language, and prefilled so that
//! the record checks clean as written (the author then replaces the
//! placeholders). `new` writes it; the site's template page can show it.
//!
//! Fields the prefill does not know are written generically from their type,
//! so a field added to the table appears here without touching this module.
//!
//! This file puts the skeleton together (header lines, then the fields) for
//! `new` ([`render`]) and for the templates page ([`template`]). The parts:
//! - `prefill`: the values a new record starts with, taken from the policy;
//! - `writer`: each field's comment, choices and value, line by line;
//! - `notes`: the extra guidance written after some fields' comments;
//! - `scalar`: YAML scalars and timestamps as the format reads them.

mod notes;
mod prefill;
mod scalar;
mod writer;

pub use prefill::{AssessmentPrefill, Filled, Prefill, PrefillError};
pub use scalar::{rfc3339, yaml_str};

use crate::model::{Content, Language};
use crate::schema::fields;
use writer::Writer;

/// The skeleton of a new incident record. `modeline`, when given, becomes the
/// first line (the `# yaml-language-server: $schema=...` comment).
pub fn render(content: &Content, p: &Prefill, modeline: Option<&str>) -> String {
    render_with(content, p, modeline, header(content.site.language, &p.id))
}

/// The record of an imported row: the skeleton with the row's values and
/// `header` (what it was imported from) as its first comment lines.
pub fn render_imported(
    content: &Content,
    p: &Prefill,
    modeline: Option<&str>,
    header: Vec<String>,
) -> String {
    render_with(content, p, modeline, header)
}

fn render_with(
    content: &Content,
    p: &Prefill,
    modeline: Option<&str>,
    header: Vec<String>,
) -> String {
    let lang = content.site.language;
    let mut w = Writer {
        content,
        p,
        lang,
        lines: Vec::new(),
    };
    if let Some(m) = modeline {
        w.lines.push(m.to_string());
    }
    for l in header {
        w.lines.push(l);
    }
    w.fields(fields::INCIDENT, 0, "");
    w.unlisted();
    let mut text = w.lines.join("\n");
    text.push('\n');
    text
}

/// The same skeleton as a form for the site's templates page: this policy's
/// first level from 1 up (a real incident, so every section shows), its
/// first category, an id pattern instead of a real id, and 09:00 on `today`
/// as the example time (deterministic for a given build date).
pub fn template(content: &Content, today: chrono::NaiveDate) -> String {
    let tz = content.site.timezone;
    let nine = today.and_hms_opt(9, 0, 0).unwrap_or_default();
    let at = nine
        .and_local_timezone(tz)
        .single()
        .unwrap_or_else(|| nine.and_utc().fixed_offset());
    let policy = &content.policy;
    let level = policy
        .levels
        .iter()
        .map(|l| l.level.value)
        .filter(|l| *l >= 1)
        .min()
        .or_else(|| policy.levels.iter().map(|l| l.level.value).min())
        .unwrap_or(0);
    let category = policy
        .categories
        .first()
        .map(|c| c.id.value.clone())
        .unwrap_or_default();
    let id = format!("INC-{}-NNN", today.format("%Y"));
    let prefill =
        Prefill::from_policy(policy, id.clone(), level, category.clone(), at).unwrap_or(Prefill {
            id,
            title: None,
            level,
            category,
            responsible: String::new(),
            reporter: None,
            detected_at: at,
            reported_at: None,
            assessment: None,
            filled: Vec::new(),
            imported: false,
        });
    let header = match content.site.language {
        Language::Ja => vec![
            "# インシデント記録のひな形。incidents/<年>/<ID>.yaml として保存する（`ismsbook new incident` なら ID と日時も入る）".to_string(),
            "# 「（…）」の仮の文と例の日時を書き換え、保存したら `ismsbook check` で確認する".to_string(),
        ],
        Language::En => vec![
            "# Incident record skeleton. Save as incidents/<year>/<id>.yaml (`ismsbook new incident` also fills in the id and time)".to_string(),
            "# Replace the \"(...)\" placeholders and the example times, then run `ismsbook check`".to_string(),
        ],
    };
    render_with(content, &prefill, None, header)
}

fn header(lang: Language, id: &str) -> Vec<String> {
    match lang {
        Language::Ja => vec![
            format!("# インシデント記録 {id}（ismsbook new incident で作成）"),
            "# 分かったことから書き足してください。空欄の項目は後で埋めればかまいません。".to_string(),
            "# 「（…）」の仮の文は書き換えます。保存したら `ismsbook check` で確認し、".to_string(),
            "# エラーの意味は `ismsbook explain <コード>` で調べられます。".to_string(),
        ],
        Language::En => vec![
            format!("# Incident record {id} (created by ismsbook new incident)"),
            "# Fill in what you know; empty fields can wait. Replace the \"(...)\" placeholders.".to_string(),
            "# After saving, run `ismsbook check`; `ismsbook explain <CODE>` explains any diagnostic.".to_string(),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;
    use crate::model::Spanned;
    use crate::model::{Level, Policy, Role};
    use chrono::{DateTime, FixedOffset};

    fn jst(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn sp<T>(v: T) -> Spanned<T> {
        Spanned::new(v, Pos::START)
    }

    fn policy() -> Policy {
        let role = |id: &str, can| Role {
            id: sp(id.to_string()),
            name: id.to_uppercase(),
            can_assess: can,
        };
        let level = |n, resp: &str, stages: &[&str]| Level {
            level: sp(n),
            approval: None,
            name: format!("L{n}"),
            criteria: vec![],
            responsible: sp(resp.to_string()),
            report_within: None,
            stages: stages.iter().map(|s| sp(s.to_string())).collect(),
            applies_when: Default::default(),
            applies_when_pos: Default::default(),
            pos: Pos::START,
        };
        Policy {
            roles: vec![role("staff", false), role("manager", true)],
            levels: vec![level(0, "staff", &[]), level(2, "manager", &["incident"])],
            ..Default::default()
        }
    }

    #[test]
    fn prefill_follows_the_policy() {
        let t = jst("2026-04-03T09:15:00+09:00");
        let p =
            Prefill::from_policy(&policy(), "INC-2026-001".into(), 2, "leak".into(), t).unwrap();
        assert_eq!(p.responsible, "manager");
        assert_eq!(p.reported_at, Some(t));
        assert_eq!(
            p.assessment,
            Some(AssessmentPrefill {
                stage: "incident".into(),
                decided_by: "manager".into(),
                decided_at: t
            })
        );
        // Level 0: no report needed; the responsible role may not decide, so another role does.
        let p0 = Prefill::from_policy(&policy(), "X".into(), 0, "leak".into(), t).unwrap();
        assert_eq!(p0.reported_at, None);
        assert_eq!(p0.assessment.unwrap().decided_by, "manager");
        assert_eq!(
            Prefill::from_policy(&policy(), "X".into(), 1, "leak".into(), t),
            Err(PrefillError::UnknownLevel {
                level: 1,
                known: vec![0, 2]
            })
        );
    }

    #[test]
    fn skeleton_has_every_field_in_table_order() {
        let t = jst("2026-04-03T09:15:00+09:00");
        let content = Content {
            policy: policy(),
            ..Default::default()
        };
        let p = Prefill::from_policy(&content.policy, "INC-2026-001".into(), 2, "leak".into(), t)
            .unwrap();
        let text = render(&content, &p, Some("# yaml-language-server: $schema=x.json"));
        assert!(text.starts_with("# yaml-language-server: $schema=x.json\n"));
        let mut last = 0;
        for f in fields::INCIDENT {
            let at = text
                .find(&format!("\n{}:", f.name))
                .unwrap_or_else(|| panic!("field {} missing", f.name));
            assert!(at > last, "{} out of order", f.name);
            last = at;
        }
        assert!(text.contains("\nlevel: 2\n"));
        assert!(text.contains("\nresponsible: manager\n"));
        assert!(text.contains("\ndetected_at: 2026-04-03T09:15:00+09:00\n"));
        assert!(text.contains("\n  decided_by: manager\n"));
        assert!(text.contains("\ntimeline: []\n"));
    }

    #[test]
    fn skeleton_parses_as_yaml_and_passes_the_shape_check() {
        let t = jst("2026-04-03T09:15:00+09:00");
        for lang in [Language::Ja, Language::En] {
            let mut content = Content {
                policy: policy(),
                ..Default::default()
            };
            content.site.language = lang;
            let mut p =
                Prefill::from_policy(&content.policy, "INC-2026-001".into(), 2, "leak".into(), t)
                    .unwrap();
            p.title = Some("Mail: sent to the wrong # address".into());
            let text = render(&content, &p, None);
            let node = crate::yaml::parse(&text).unwrap();
            assert_eq!(
                node.get("title").and_then(|n| n.as_str()),
                Some("Mail: sent to the wrong # address")
            );
            let mut diags = crate::diagnostics::Diagnostics::new();
            crate::schema::check_shape(&node, fields::INCIDENT, "x.yaml", t.timezone(), &mut diags);
            assert!(diags.is_empty(), "{lang:?}: {:?}", diags.into_vec());
        }
    }

    #[test]
    fn template_is_the_same_skeleton_with_an_id_pattern() {
        let content = Content {
            policy: policy(),
            ..Default::default()
        };
        let today = chrono::NaiveDate::from_ymd_opt(2026, 4, 3).unwrap();
        let text = template(&content, today);
        assert!(text.contains("\nid: INC-2026-NNN\n"), "{text}");
        assert!(
            text.contains("\nlevel: 2\n"),
            "first level from 1 up: {text}"
        );
        assert!(
            text.contains("\ndetected_at: 2026-04-03T09:00:00+09:00\n"),
            "{text}"
        );
        assert_eq!(text, template(&content, today));
        let node = crate::yaml::parse(&text).unwrap();
        let mut diags = crate::diagnostics::Diagnostics::new();
        crate::schema::check_shape(
            &node,
            fields::INCIDENT,
            "x.yaml",
            content.site.timezone,
            &mut diags,
        );
        assert!(diags.is_empty(), "{:?}", diags.into_vec());
    }
}
