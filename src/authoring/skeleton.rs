//! The incident record skeleton: every field of [`fields::INCIDENT`], in table
//! order, each with a comment in the site's language, and prefilled so that
//! the record checks clean as written (the author then replaces the
//! placeholders). `new` writes it; the site's template page can show it.
//!
//! Fields the prefill does not know are written generically from their type,
//! so a field added to the table appears here without touching this file.

use super::tr;
use crate::model::{Content, Language, Policy};
use crate::schema::fields::{self, Field, RefKind, Ty};
use chrono::{DateTime, FixedOffset};

/// The assessment decision written into a new record (A.5.25). From level 1
/// the format requires one; `new` proposes the first stage the level allows,
/// decided by a role that may decide, at detection time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssessmentPrefill {
    pub stage: String,
    pub decided_by: String,
    pub decided_at: DateTime<FixedOffset>,
}

/// The values a new record starts with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Prefill {
    pub id: String,
    pub title: Option<String>,
    pub level: i64,
    pub category: String,
    pub responsible: String,
    pub reporter: Option<String>,
    pub detected_at: DateTime<FixedOffset>,
    /// From level 1 the report to the responsible role must be dated; the
    /// skeleton proposes the detection time and asks the author to correct it.
    pub reported_at: Option<DateTime<FixedOffset>>,
    pub assessment: Option<AssessmentPrefill>,
}

/// Why no prefill could be made from a policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrefillError {
    /// The policy declares no such level; the known levels are listed.
    UnknownLevel { level: i64, known: Vec<i64> },
    /// The policy declares no levels or no categories at all.
    EmptyPolicy(&'static str),
}

impl Prefill {
    /// A prefill that checks clean at `level` under `policy`: the level's
    /// responsible role; from level 1 a report at detection time and an
    /// assessment by a role with `can_assess` (the responsible role when it
    /// may decide) with the first stage the level allows.
    pub fn from_policy(
        policy: &Policy,
        id: String,
        level: i64,
        category: String,
        detected_at: DateTime<FixedOffset>,
    ) -> Result<Prefill, PrefillError> {
        if policy.levels.is_empty() {
            return Err(PrefillError::EmptyPolicy("levels"));
        }
        let Some(def) = policy.level(level) else {
            return Err(PrefillError::UnknownLevel {
                level,
                known: policy.levels.iter().map(|l| l.level.value).collect(),
            });
        };
        let responsible = def.responsible.value.clone();
        let assessor = policy
            .role(&responsible)
            .filter(|r| r.can_assess)
            .or_else(|| policy.roles.iter().find(|r| r.can_assess))
            .map(|r| r.id.value.clone());
        let stage = def
            .stages
            .first()
            .map(|s| s.value.clone())
            .unwrap_or_else(|| default_stage(level).to_string());
        let assessment = assessor.map(|decided_by| AssessmentPrefill {
            stage,
            decided_by,
            decided_at: detected_at,
        });
        Ok(Prefill {
            id,
            title: None,
            level,
            category,
            responsible,
            reporter: None,
            detected_at,
            reported_at: (level >= 1).then_some(detected_at),
            assessment,
        })
    }
}

/// Without a `stages` list on the level, the usual reading of the scale:
/// level 0 is a weakness (near miss), above that an event until damage is
/// confirmed.
fn default_stage(level: i64) -> &'static str {
    if level <= 0 {
        "weakness"
    } else {
        "event"
    }
}

/// RFC 3339 with seconds and offset, as the format and chrono both read it.
pub fn rfc3339(t: &DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// A YAML scalar for arbitrary text: plain when that reads back as the same
/// text, otherwise double-quoted (JSON string syntax is valid YAML).
pub fn yaml_str(s: &str) -> String {
    if is_plain_safe(s) {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
    }
}

fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.trim() != s || s.chars().any(|c| c.is_control()) {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || first.is_ascii_digit()
        || first == '+'
        || first == '.'
    {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    // Words YAML 1.1 or 1.2 would read as booleans or null.
    let lower = s.to_ascii_lowercase();
    !matches!(
        lower.as_str(),
        "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off" | "y" | "n"
    )
}

/// What one field is written as.
enum Val {
    /// `name:` with nothing after it: an optional field left for later (the
    /// checker treats an empty optional field as absent).
    Empty,
    Scalar(String),
    /// `name: |` and the lines below it.
    Block(Vec<String>),
    /// A nested mapping, written field by field.
    Object(&'static [Field]),
    /// `name: []`, preceded by a commented example entry.
    EmptyList,
}

struct Writer<'a> {
    content: &'a Content,
    p: &'a Prefill,
    lang: Language,
    lines: Vec<String>,
}

/// The skeleton of a new incident record. `modeline`, when given, becomes the
/// first line (the `# yaml-language-server: $schema=...` comment).
pub fn render(content: &Content, p: &Prefill, modeline: Option<&str>) -> String {
    render_with(content, p, modeline, header(content.site.language, &p.id))
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

impl Writer<'_> {
    fn fields(&mut self, table: &'static [Field], indent: usize, parent: &str) {
        for field in table {
            let path = if parent.is_empty() {
                field.name.to_string()
            } else {
                format!("{parent}.{}", field.name)
            };
            self.field(field, indent, &path);
        }
    }

    fn field(&mut self, field: &'static Field, indent: usize, path: &str) {
        let pad = " ".repeat(indent);
        if indent == 0 {
            self.lines.push(String::new());
        }
        let value = self.value(field, path);
        let mut comment = format!("{pad}# {}", tr(self.lang, field.ja, field.en));
        if field.required {
            comment.push_str(tr(self.lang, "［必須］", " (required)"));
        }
        if let Some(note) = note(self.lang, path) {
            comment.push_str(tr(self.lang, "。", ". "));
            comment.push_str(note);
        }
        self.lines.push(comment);
        for choice in self.choices(field, path) {
            self.lines.push(format!("{pad}#   {choice}"));
        }
        match value {
            Val::Empty => self.lines.push(format!("{pad}{}:", field.name)),
            Val::Scalar(s) => self.lines.push(format!("{pad}{}: {s}", field.name)),
            Val::Block(body) => {
                self.lines.push(format!("{pad}{}: |", field.name));
                for l in body {
                    self.lines.push(format!("{pad}  {l}"));
                }
            }
            Val::Object(table) => {
                self.lines.push(format!("{pad}{}:", field.name));
                self.fields(table, indent + 2, path);
            }
            Val::EmptyList => {
                for l in self.example_item(&field.ty) {
                    self.lines.push(format!("{pad}#   {l}"));
                }
                self.lines.push(format!("{pad}{}: []", field.name));
            }
        }
    }

    /// The prefilled value of the field at `path`; generic by type otherwise.
    fn value(&self, field: &'static Field, path: &str) -> Val {
        let p = self.p;
        let lang = self.lang;
        match path {
            "id" => return Val::Scalar(yaml_str(&p.id)),
            "title" => return Val::Scalar(yaml_str(p.title.as_deref().unwrap_or(tr(lang, "（件名を書く：何が起きたかを一行で）", "(title: what happened, in one line)")))),
            "level" => return Val::Scalar(p.level.to_string()),
            "category" => return Val::Scalar(yaml_str(&p.category)),
            "status" => return Val::Scalar("open".into()),
            "visibility" => return Val::Scalar("normal".into()),
            "responsible" => return Val::Scalar(yaml_str(&p.responsible)),
            "reporter" => return Val::Scalar(yaml_str(p.reporter.as_deref().unwrap_or(tr(lang, "（報告者の氏名）", "(reporter's name)")))),
            "detected_at" => return Val::Scalar(rfc3339(&p.detected_at)),
            "reported_at" => return p.reported_at.map(|t| Val::Scalar(rfc3339(&t))).unwrap_or(Val::Empty),
            "summary" => {
                return Val::Block(
                    tr(
                        lang,
                        "（何が起きたかを書く：いつ、どこで、誰が、何に気づいたか。\n分かっていないことは「不明」と書き、分かりしだい書き足す）",
                        "(What happened: when, where, who noticed what.\nWrite \"unknown\" for what is not known yet and add it when it is.)",
                    )
                    .lines()
                    .map(str::to_string)
                    .collect(),
                )
            }
            "assessment" => return if p.assessment.is_some() { Val::Object(object_table(field)) } else { Val::Empty },
            _ => {}
        }
        if let (Some(a), Some(sub)) = (&p.assessment, path.strip_prefix("assessment.")) {
            match sub {
                "stage" => return Val::Scalar(yaml_str(&a.stage)),
                "decided_by" => return Val::Scalar(yaml_str(&a.decided_by)),
                "decided_at" => return Val::Scalar(rfc3339(&a.decided_at)),
                "rationale" => {
                    return Val::Block(vec![tr(
                        lang,
                        "（判断の理由を書く。新しい事実が分かったら段階とレベルを見直す）",
                        "(Why this stage and level. Revisit them when new facts come in.)",
                    )
                    .to_string()])
                }
                _ => {}
            }
        }
        self.generic(field)
    }

    fn generic(&self, field: &'static Field) -> Val {
        match &field.ty {
            Ty::List(_) => Val::EmptyList,
            Ty::Object(table) => Val::Object(table),
            // Impact flags are written out as `false` so that the author sees
            // them and flips the ones that apply (they decide notifications).
            Ty::Bool => Val::Scalar("false".into()),
            _ if !field.required => Val::Empty,
            Ty::Int | Ty::Ref(RefKind::Level) => Val::Scalar(self.p.level.to_string()),
            Ty::DateTime => Val::Scalar(rfc3339(&self.p.detected_at)),
            Ty::Date => Val::Scalar(self.p.detected_at.format("%Y-%m-%d").to_string()),
            Ty::Enum(values) => Val::Scalar(values.first().copied().unwrap_or("").to_string()),
            Ty::Ref(kind) => Val::Scalar(yaml_str(
                self.ref_ids(*kind)
                    .first()
                    .map(|(id, _)| id.as_str())
                    .unwrap_or("?"),
            )),
            _ => Val::Scalar(yaml_str(tr(self.lang, "（記入する）", "(fill in)"))),
        }
    }

    /// Ids (with display names) a reference of `kind` may name in this content.
    fn ref_ids(&self, kind: RefKind) -> Vec<(String, String)> {
        super::ref_ids(self.content, kind)
    }

    /// Comment lines listing what a field may say, where the list is short
    /// enough to help and not already in the field's description.
    fn choices(&self, field: &Field, path: &str) -> Vec<String> {
        let policy = &self.content.policy;
        let lang = self.lang;
        match (&field.ty, path) {
            (Ty::Ref(RefKind::Level), _) => policy
                .levels
                .iter()
                .map(|l| {
                    let within = l
                        .report_within
                        .as_ref()
                        .map(|d| d.value.to_string())
                        .unwrap_or_else(|| "-".into());
                    match lang {
                        Language::Ja => format!(
                            "{}: {} — 責任者 {}、報告期限 {within}",
                            l.level.value, l.name, l.responsible.value
                        ),
                        Language::En => format!(
                            "{}: {} — responsible {}, report within {within}",
                            l.level.value, l.name, l.responsible.value
                        ),
                    }
                })
                .collect(),
            // The responsible role follows from the level (listed above).
            (Ty::Ref(RefKind::Role), "responsible") => Vec::new(),
            (Ty::Ref(RefKind::Role), "assessment.decided_by") => policy
                .roles
                .iter()
                .filter(|r| r.can_assess)
                .map(|r| format!("{}: {}", r.id.value, r.name))
                .collect(),
            (Ty::Ref(kind), _) => self
                .ref_ids(*kind)
                .into_iter()
                .map(|(id, name)| format!("{id}: {name}"))
                .collect(),
            (Ty::Enum(values), _) => {
                let desc = tr(lang, field.ja, field.en);
                if values.iter().all(|v| desc.contains(v)) {
                    Vec::new()
                } else {
                    vec![values.join(" / ")]
                }
            }
            _ => Vec::new(),
        }
    }

    /// A commented example entry for an empty list, built from the item type.
    fn example_item(&self, ty: &Ty) -> Vec<String> {
        let Ty::List(item) = ty else {
            return Vec::new();
        };
        let intro = tr(self.lang, "例:", "e.g.:").to_string();
        match item {
            Ty::Object(table) => {
                let mut out = vec![intro];
                for (i, f) in table.iter().enumerate() {
                    let lead = if i == 0 { "- " } else { "  " };
                    // Fields whose description already says when they are needed get no marker.
                    let conditional = f.ja.contains("必須") || f.en.contains("required");
                    let optional = if f.required || conditional {
                        ""
                    } else {
                        tr(self.lang, "（任意）", " (optional)")
                    };
                    out.push(format!(
                        "{lead}{}: {}{optional}",
                        f.name,
                        self.example_value(f)
                    ));
                }
                out
            }
            other => vec![format!(
                "{intro} [{}]",
                self.example_scalar(other, tr(self.lang, "項目", "item"))
            )],
        }
    }

    fn example_value(&self, f: &Field) -> String {
        self.example_scalar(&f.ty, tr(self.lang, f.ja, f.en))
    }

    fn example_scalar(&self, ty: &Ty, desc: &str) -> String {
        match ty {
            Ty::DateTime => rfc3339(&self.p.detected_at),
            Ty::Date => self.p.detected_at.format("%Y-%m-%d").to_string(),
            Ty::Enum(values) => values.join(" | "),
            Ty::Ref(kind) => {
                let ids: Vec<String> = self
                    .ref_ids(*kind)
                    .into_iter()
                    .map(|(id, _)| id)
                    .take(6)
                    .collect();
                if ids.is_empty() {
                    desc.to_string()
                } else {
                    ids.join(" | ")
                }
            }
            Ty::List(inner) => format!("[{}]", self.example_scalar(inner, desc)),
            Ty::Int => "0".into(),
            Ty::Bool => "false".into(),
            _ => desc.to_string(),
        }
    }
}

fn object_table(field: &Field) -> &'static [Field] {
    match field.ty {
        Ty::Object(t) => t,
        _ => &[],
    }
}

/// Extra guidance for fields where the description alone is not enough.
fn note(lang: Language, path: &str) -> Option<&'static str> {
    let (ja, en) = match path {
        "level" => (
            "変えたら responsible と assessment も合わせる",
            "when you change it, change responsible and assessment to match",
        ),
        "responsible" => (
            "レベルごとに方針で決まっている（上のレベル一覧を参照）",
            "fixed by the policy for each level (see the levels above)",
        ),
        "detected_at" => (
            "報告期限や届出期限はここから数える",
            "reporting and notification deadlines count from here",
        ),
        "reported_at" => (
            "仮に発見日時を入れてある。実際に報告した日時に直す",
            "prefilled with the detection time: correct it to when the report was made",
        ),
        "status" => (
            "対応が進んだら contained_at などの日時と合わせて変える",
            "update it together with contained_at and the other dates as the response progresses",
        ),
        "impact" => (
            "当てはまるものを true にする（届出が必要かどうかが変わる）",
            "set what applies to true (it decides which notifications are required)",
        ),
        "assessment" => (
            "誰が、いつ、どの段階と判断したか",
            "who decided the stage, and when",
        ),
        "notifications" => (
            "個人情報保護委員会・警察・IPA などへ届け出たら追加する",
            "add each report made to the authorities",
        ),
        "actions" => (
            "完了（closed）にするには1件以上必要",
            "at least one is needed before the record can be closed",
        ),
        "timeline" => ("古い順に書く", "oldest first"),
        _ => return None,
    };
    Some(tr(lang, ja, en))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;
    use crate::model::Spanned;
    use crate::model::{Level, Role};

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
            name: format!("L{n}"),
            criteria: vec![],
            responsible: sp(resp.to_string()),
            report_within: None,
            stages: stages.iter().map(|s| sp(s.to_string())).collect(),
            applies_when: Default::default(),
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

    #[test]
    fn yaml_str_quotes_only_when_needed() {
        assert_eq!(yaml_str("顧客へのメール誤送信"), "顧客へのメール誤送信");
        assert_eq!(yaml_str("a: b"), "\"a: b\"");
        assert_eq!(yaml_str("yes"), "\"yes\"");
        assert_eq!(yaml_str("2026"), "\"2026\"");
        assert_eq!(yaml_str("- x"), "\"- x\"");
        assert_eq!(yaml_str(""), "\"\"");
        assert_eq!(yaml_str("say \"hi\"\n"), "\"say \\\"hi\\\"\\n\"");
    }
}
