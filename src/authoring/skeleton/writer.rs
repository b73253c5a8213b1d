//! Writing the skeleton's fields line by line: each field's comment (with
//! its note), the choices it may take, and its value — prefilled where the
//! prefill knows the field, otherwise generic from its type.

use super::notes::note;
use super::prefill::{Filled, Prefill};
use super::scalar::{rfc3339, yaml_str};
use crate::authoring::tr;
use crate::model::{Content, Language};
use crate::schema::fields::{Field, RefKind, Ty};

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
    /// `name:` and lines below it, indented one step.
    Lines(Vec<String>),
}

/// The lines written so far, and what the values come from.
pub(super) struct Writer<'a> {
    pub(super) content: &'a Content,
    pub(super) p: &'a Prefill,
    pub(super) lang: Language,
    pub(super) lines: Vec<String>,
}

impl Writer<'_> {
    pub(super) fn fields(&mut self, table: &'static [Field], indent: usize, parent: &str) {
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
        // The prefill note on `reported_at` speaks of a proposed time; an
        // imported record proposes nothing.
        let proposed = !(self.p.imported && path == "reported_at");
        if let Some(note) = note(self.lang, path).filter(|_| proposed) {
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
                    // An empty line of the text stays empty (no trailing spaces).
                    self.lines.push(if l.is_empty() {
                        String::new()
                    } else {
                        format!("{pad}  {l}")
                    });
                }
            }
            Val::Object(table) => {
                self.lines.push(format!("{pad}{}:", field.name));
                self.fields(table, indent + 2, path);
                if path == "impact" {
                    self.own_flags(table, indent + 2);
                }
            }
            Val::EmptyList => {
                for l in self.example_item(&field.ty) {
                    self.lines.push(format!("{pad}#   {l}"));
                }
                self.lines.push(format!("{pad}{}: []", field.name));
            }
            Val::Lines(body) => {
                self.lines.push(format!("{pad}{}:", field.name));
                for l in body {
                    self.lines.push(format!("{pad}  {l}"));
                }
            }
        }
    }

    /// The policy's own impact flags an import filled (`impact.<id>`, not
    /// in the table), after the built-in ones, each under the policy's name
    /// for it.
    fn own_flags(&mut self, table: &'static [Field], indent: usize) {
        let pad = " ".repeat(indent);
        for (path, value) in &self.p.filled {
            let Some(id) = path.strip_prefix("impact.") else {
                continue;
            };
            let Filled::Scalar(v) = value else { continue };
            if table.iter().any(|f| f.name == id) {
                continue;
            }
            if let Some(flag) = self
                .content
                .policy
                .impacts
                .iter()
                .find(|i| i.id.value == id)
            {
                self.lines.push(format!("{pad}# {}", flag.name));
            }
            self.lines.push(format!("{pad}{id}: {v}"));
        }
    }

    /// Known top-level values the field table has no entry for (a field
    /// another part of the format reads, such as `predates_policy`), after
    /// the table's fields.
    pub(super) fn unlisted(&mut self) {
        let p = self.p;
        for (path, value) in &p.filled {
            let listed = crate::schema::fields::INCIDENT
                .iter()
                .any(|f| f.name == path.split('.').next().unwrap_or(""));
            if listed || path.contains('.') {
                continue;
            }
            self.lines.push(String::new());
            match value {
                Filled::Scalar(s) => self.lines.push(format!("{path}: {s}")),
                Filled::Block(body) => {
                    self.lines.push(format!("{path}: |"));
                    self.lines.extend(body.iter().map(|l| {
                        if l.is_empty() {
                            String::new()
                        } else {
                            format!("  {l}")
                        }
                    }));
                }
                Filled::Lines(body) => {
                    self.lines.push(format!("{path}:"));
                    self.lines.extend(body.iter().map(|l| format!("  {l}")));
                }
            }
        }
    }

    /// The prefilled value of the field at `path`; generic by type otherwise.
    fn value(&self, field: &'static Field, path: &str) -> Val {
        let p = self.p;
        let lang = self.lang;
        if let Some(known) = p.known(path) {
            return match known {
                Filled::Scalar(s) => Val::Scalar(s.clone()),
                Filled::Block(b) => Val::Block(b.clone()),
                Filled::Lines(l) => Val::Lines(l.clone()),
            };
        }
        if p.imported {
            return self.imported(field, path);
        }
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

    /// An imported record's field the row gave no value for: objects are
    /// written when the row filled any of their fields, lists stay empty,
    /// and everything else (impact flags too: the register did not say) is
    /// left empty rather than guessed.
    fn imported(&self, field: &'static Field, path: &str) -> Val {
        match &field.ty {
            Ty::Object(table) => {
                let prefix = format!("{path}.");
                if path == "impact" || self.p.filled.iter().any(|(k, _)| k.starts_with(&prefix)) {
                    Val::Object(table)
                } else {
                    Val::Empty
                }
            }
            Ty::List(_) => Val::EmptyList,
            _ => match path {
                "id" => Val::Scalar(yaml_str(&self.p.id)),
                "level" => Val::Scalar(self.p.level.to_string()),
                "category" => Val::Scalar(yaml_str(&self.p.category)),
                "responsible" => Val::Scalar(yaml_str(&self.p.responsible)),
                "detected_at" => Val::Scalar(rfc3339(&self.p.detected_at)),
                _ => Val::Empty,
            },
        }
    }

    fn generic(&self, field: &'static Field) -> Val {
        match &field.ty {
            Ty::List(_) => Val::EmptyList,
            // An optional object with a required field of its own (such as
            // `predates_policy`) states a fact by being there: left empty, it
            // stays absent until the author means it.
            Ty::Object(table) if !field.required && table.iter().any(|f| f.required) => Val::Empty,
            Ty::Object(table) => Val::Object(table),
            // Impact flags are written out as `false` so that the author sees
            // them and flips the ones that apply (they decide notifications).
            Ty::Bool => Val::Scalar("false".into()),
            _ if !field.required => Val::Empty,
            Ty::Int | Ty::Ref(RefKind::Level) => Val::Scalar(self.p.level.to_string()),
            Ty::DateTime | Ty::DateTimeOrUnknown => Val::Scalar(rfc3339(&self.p.detected_at)),
            Ty::Date | Ty::Day => Val::Scalar(self.p.detected_at.format("%Y-%m-%d").to_string()),
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
        crate::authoring::ref_ids(self.content, kind)
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
            Ty::DateTime | Ty::DateTimeOrUnknown => rfc3339(&self.p.detected_at),
            Ty::Date | Ty::Day => self.p.detected_at.format("%Y-%m-%d").to_string(),
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
            Ty::Int | Ty::Count | Ty::LevelNumber => "0".into(),
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
