//! Shape checking: compare a YAML tree against a field table and report
//! missing fields, wrong types, bad enum values, unreadable dates and durations,
//! duplicate keys and unknown keys (with a "did you mean"), and text whose
//! characters its field does not allow (ids outside their set, invisible and
//! control characters; the classes are `crate::chars`'s).

use super::fields::{Chars, Field, Hide, RefKind, Ty, CRITERION};
use crate::chars::{self, IdSyntax, Lines};
use crate::diagnostics::{codes, suggest, Diagnostic, Diagnostics};
use crate::model::time::{Duration, Timestamp};
use crate::yaml::{Node, Value};
use chrono::{FixedOffset, NaiveDate};

struct Ctx<'a> {
    file: &'a str,
    tz: FixedOffset,
    out: &'a mut Diagnostics,
}

/// Check a whole document against `table`. Problems are appended to `out`.
pub fn check_shape(
    root: &Node,
    table: &'static [Field],
    file: &str,
    tz: FixedOffset,
    out: &mut Diagnostics,
) {
    let mut ctx = Ctx { file, tz, out };
    check_object(&mut ctx, root, table, "");
}

fn path_join(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent}.{name}")
    }
}

fn check_object(ctx: &mut Ctx, node: &Node, table: &'static [Field], path: &str) {
    let Some(entries) = node.as_map() else {
        let what = if path.is_empty() {
            "the file".to_string()
        } else {
            format!("`{path}`")
        };
        ctx.out.push(
            Diagnostic::new(
                codes::WRONG_TYPE,
                ctx.file,
                node.pos,
                format!(
                    "{what} must be a mapping of fields, found {}",
                    node.type_name()
                ),
            )
            .hint(format!(
                "write it as `key: value` lines, e.g. `{}: ...`",
                table.first().map(|f| f.name).unwrap_or("id")
            )),
        );
        return;
    };
    let mut seen: Vec<&str> = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        let Some(name) = key.as_str() else {
            ctx.out.push(Diagnostic::new(
                codes::WRONG_TYPE,
                ctx.file,
                key.pos,
                format!("a key must be text, found {}", key.type_name()),
            ));
            continue;
        };
        if seen.contains(&name) {
            ctx.out.push(
                Diagnostic::new(
                    codes::DUPLICATE_KEY,
                    ctx.file,
                    key.pos,
                    format!("`{}` appears more than once", path_join(path, name)),
                )
                .hint("keep one of them: YAML would silently use only one value"),
            );
            continue;
        }
        seen.push(name);
        match table.iter().find(|f| f.name == name) {
            Some(field) => {
                if value.is_null() {
                    if field.required {
                        ctx.out.push(
                            Diagnostic::new(
                                codes::MISSING_FIELD,
                                ctx.file,
                                key.pos,
                                format!("required field `{}` is empty", path_join(path, name)),
                            )
                            .hint(format!("give it a value ({})", field.en.to_lowercase())),
                        );
                    }
                    continue;
                }
                if field.required
                    && matches!(field.ty, Ty::Str | Ty::Markdown)
                    && value.as_str().is_some_and(|s| s.trim().is_empty())
                {
                    ctx.out.push(
                        Diagnostic::new(
                            codes::BLANK_REQUIRED,
                            ctx.file,
                            value.pos,
                            format!("required field `{}` is blank", path_join(path, name)),
                        )
                        .hint(format!(
                            "write its text ({}); an empty or whitespace-only value shows as an empty heading or cell",
                            field.en.to_lowercase()
                        )),
                    );
                    continue;
                }
                check_value(ctx, value, &field.ty, field.chars, &path_join(path, name));
            }
            None => {
                let known = table.iter().map(|f| f.name);
                let mut d = Diagnostic::new(
                    codes::UNKNOWN_KEY,
                    ctx.file,
                    key.pos,
                    format!("unknown field `{}`", path_join(path, name)),
                );
                d = match suggest(name, known) {
                    Some(s) => d.hint(format!("did you mean `{s}`?")),
                    None => d.hint(format!(
                        "known fields here: {}",
                        table.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
                    )),
                };
                ctx.out.push(d);
            }
        }
    }
    for field in table.iter().filter(|f| f.required) {
        if !seen.contains(&field.name) {
            ctx.out.push(
                Diagnostic::new(
                    codes::MISSING_FIELD,
                    ctx.file,
                    node.pos,
                    format!(
                        "required field `{}` is missing",
                        path_join(path, field.name)
                    ),
                )
                .hint(format!(
                    "add `{}: ...` ({})",
                    field.name,
                    field.en.to_lowercase()
                )),
            );
        }
    }
}

fn wrong_type(ctx: &mut Ctx, node: &Node, path: &str, expected: &str, hint: &str) {
    ctx.out.push(
        Diagnostic::new(
            codes::WRONG_TYPE,
            ctx.file,
            node.pos,
            format!("`{path}` must be {expected}, found {}", node.type_name()),
        )
        .hint(hint.to_string()),
    );
}

/// Check `node` against `ty`; `chars` is the character class of the field's
/// text (see [`Chars`]).
fn check_value(ctx: &mut Ctx, node: &Node, ty: &Ty, chars: Chars, path: &str) {
    // Every text value of every document meets its field's character class
    // before anything reads it. Values that are not free text (ids,
    // references, enumerations, dates) stop at a bad character: one
    // diagnostic says what is wrong, instead of a second one quoting it.
    let class = match ty {
        Ty::Str | Ty::Markdown => Some(chars),
        Ty::Criterion if node.as_map().is_none() => Some(chars),
        Ty::Ref(_) | Ty::FlowNext => Some(Chars::Visible),
        Ty::Enum(_) | Ty::DateTime | Ty::Date | Ty::Duration => Some(Chars::Line),
        _ => None,
    };
    if let Some(class) = class {
        let clean = check_chars(ctx, node, class, path);
        if !clean && !matches!(ty, Ty::Str | Ty::Markdown | Ty::Criterion) {
            return;
        }
    }
    match ty {
        Ty::Str | Ty::Markdown => {
            if matches!(node.value, Value::Seq(_) | Value::Map(_)) {
                wrong_type(ctx, node, path, "text", "write the text on the same line, or use `|` for several lines");
            }
        }
        Ty::Int => {
            if !matches!(node.value, Value::Int(_)) {
                wrong_type(ctx, node, path, "a whole number", "write digits only, e.g. `2`");
            }
        }
        Ty::Bool => {
            if !matches!(node.value, Value::Bool(_)) {
                wrong_type(ctx, node, path, "true or false", "write `true` or `false` (not yes/no)");
            }
        }
        Ty::DateTime => match node.as_str() {
            Some(s) if Timestamp::parse(s, ctx.tz).is_some() => {}
            _ => ctx.out.push(
                Diagnostic::new(codes::INVALID_DATE, ctx.file, node.pos, format!("`{path}` is not a date or time: {}", scalar_text(node)))
                    .hint("use RFC 3339 with an offset, e.g. `2026-04-03T09:15:00+09:00`, or a date `2026-04-03`"),
            ),
        },
        Ty::Date => match node.as_str() {
            Some(s) if NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").is_ok() => {}
            _ => ctx.out.push(
                Diagnostic::new(codes::INVALID_DATE, ctx.file, node.pos, format!("`{path}` is not a date: {}", scalar_text(node)))
                    .hint("write the date as YYYY-MM-DD, e.g. `2026-05-31`"),
            ),
        },
        Ty::Duration => match node.as_str() {
            Some(s) if Duration::parse(s).is_some() => {}
            _ => ctx.out.push(
                Diagnostic::new(codes::INVALID_DURATION, ctx.file, node.pos, format!("`{path}` is not a duration: {}", scalar_text(node)))
                    .hint("write a number and a unit: m (minutes), h (hours), d (days) or w (weeks), e.g. `30m`, `1h`, `5d`"),
            ),
        },
        Ty::Enum(allowed) => {
            let text = scalar_text(node);
            if !allowed.contains(&text.as_str()) {
                let mut d = Diagnostic::new(codes::INVALID_ENUM, ctx.file, node.pos, format!("`{path}` must be one of {}, found `{text}`", allowed.join(", ")));
                if let Some(s) = suggest(&text, allowed.iter().copied()) {
                    d = d.hint(format!("did you mean `{s}`?"));
                } else {
                    d = d.hint(format!("use one of: {}", allowed.join(", ")));
                }
                ctx.out.push(d);
            }
        }
        Ty::Ref(RefKind::Level) => {
            if !matches!(node.value, Value::Int(_)) {
                wrong_type(ctx, node, path, "a level number", "write the level as a number, e.g. `2`");
            }
        }
        Ty::Ref(_) => {
            if !matches!(node.value, Value::Str(_) | Value::Int(_)) {
                wrong_type(ctx, node, path, "an id", "write the id as plain text");
            }
        }
        Ty::List(inner) => match node.as_seq() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    check_value(ctx, item, inner, chars, &format!("{path}[{i}]"));
                }
            }
            None => wrong_type(ctx, node, path, "a list", "write each item on its own line starting with `- `"),
        },
        Ty::Object(table) => check_object(ctx, node, table, path),
        Ty::Flags => match node.as_map() {
            Some(entries) => {
                for (k, v) in entries {
                    let name = k.as_str().unwrap_or("?");
                    if !matches!(v.value, Value::Bool(_)) {
                        wrong_type(ctx, v, &path_join(path, name), "true or false", "impact conditions are flags: `personal_data: true`");
                    }
                }
            }
            None => wrong_type(ctx, node, path, "a mapping of flags", "e.g. `personal_data: true`"),
        },
        Ty::MapOf(inner) => match node.as_map() {
            Some(entries) => {
                for (k, v) in entries {
                    check_value(ctx, v, inner, chars, &path_join(path, k.as_str().unwrap_or("?")));
                }
            }
            None => wrong_type(ctx, node, path, "a mapping", "write `name: value` lines"),
        },
        Ty::FlowNext => match &node.value {
            Value::Str(_) => {}
            Value::Map(_) => check_object(ctx, node, FLOW_EDGE, path),
            _ => wrong_type(ctx, node, path, "a node id or `{to, label}`", "e.g. `- report` or `- { to: report, label: はい }`"),
        },
        Ty::Criterion => match &node.value {
            Value::Map(_) => check_object(ctx, node, CRITERION, path),
            Value::Seq(_) => wrong_type(ctx, node, path, "a text or `{text, question}`", "e.g. `- text: 個人情報が漏えいした` and `question: 個人情報が漏れましたか？`"),
            _ => {}
        },
    }
}

const FLOW_EDGE: &[Field] = &[
    Field {
        name: "to",
        ty: Ty::Ref(RefKind::FlowNode),
        required: true,
        ja: "次のノード",
        en: "Next node",
        chars: Chars::Visible,
        hide: Hide::Unclassified,
        extra: false,
    },
    Field {
        name: "label",
        ty: Ty::Str,
        required: false,
        ja: "分岐の名前",
        en: "Branch label",
        chars: Chars::Line,
        hide: Hide::Unclassified,
        extra: false,
    },
];

/// A character as a message names it: visible ones quoted, with their code
/// point when they are not ASCII (a Cyrillic `С` looks like a Latin `C`).
fn char_named(c: char) -> String {
    if c == ' ' {
        "a space".into()
    } else if c.is_ascii_graphic() {
        format!("`{c}`")
    } else if chars::is_control(c) || chars::is_hidden(c) || c.is_whitespace() {
        chars::describe(c)
    } else {
        format!("`{c}` ({})", chars::describe(c))
    }
}

/// The characters of one text value against its class: control characters
/// (E112), then bidi controls and zero-width characters (E111), then an id's
/// character set (E110). At most one diagnostic, at the value. True when
/// the value is clean.
fn check_chars(ctx: &mut Ctx, node: &Node, class: Chars, path: &str) -> bool {
    let raw = match &node.value {
        Value::Str(s) => s.as_str(),
        // Numbers and booleans read as text are plain ASCII: only an id's
        // character set can refuse them (`id: 1.5` for a role).
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
            return match class {
                Chars::Id(syntax) => check_id(ctx, node, &scalar_text(node), syntax, path),
                _ => true,
            }
        }
        _ => return true,
    };
    let lines = match class {
        Chars::Text => Lines::Multi,
        _ => Lines::Single,
    };
    if let Some(found) = chars::find_control(raw, lines) {
        let hint = match (found.ch, lines) {
            ('\n' | '\t', Lines::Single) => {
                "this field is one line: write it without line breaks or tabs"
            }
            _ => "delete the character; it usually comes with text pasted from another program",
        };
        ctx.out.push(
            Diagnostic::new(
                codes::CONTROL_CHARACTER,
                ctx.file,
                node.pos,
                format!(
                    "`{path}` contains the control character {} at character {}",
                    found.describe(),
                    found.at
                ),
            )
            .hint(hint),
        );
        return false;
    }
    if matches!(class, Chars::Visible | Chars::Id(_)) {
        if let Some(found) = chars::find_hidden(raw) {
            ctx.out.push(
                Diagnostic::new(
                    codes::INVISIBLE_CHARACTER,
                    ctx.file,
                    node.pos,
                    format!(
                        "`{path}` `{}` contains the invisible character {} at character {}",
                        chars::shown(raw),
                        found.describe(),
                        found.at
                    ),
                )
                .hint("delete it: it changes how the value reads without being seen (turn on \"show invisible characters\" in the editor to find it)"),
            );
            return false;
        }
    }
    match class {
        Chars::Id(syntax) => check_id(ctx, node, raw.trim(), syntax, path),
        _ => true,
    }
}

/// An id's character set (E110), on the id as the model reads it (trimmed).
fn check_id(ctx: &mut Ctx, node: &Node, id: &str, syntax: IdSyntax, path: &str) -> bool {
    let Some(found) = chars::id_violation(id, syntax) else {
        return true;
    };
    let hint = match chars::suggest_id(id, syntax) {
        Some(s) => format!("write `{s}`"),
        None => {
            let example = match syntax {
                IdSyntax::Name => "`incident_manager`",
                IdSyntax::Record => "`INC-2026-001` or `A.5.24`",
            };
            format!("use {}, e.g. {example}", syntax.describe())
        }
    };
    let what = if found.at == 1 && syntax == IdSyntax::Record && found.ch.is_ascii() {
        format!("may not begin with {}", char_named(found.ch))
    } else {
        format!(
            "may use only {}, not {} (character {})",
            syntax.describe(),
            char_named(found.ch),
            found.at
        )
    };
    ctx.out.push(
        Diagnostic::new(
            codes::INVALID_ID,
            ctx.file,
            node.pos,
            format!("`{path}` `{}` {what}", chars::shown(id)),
        )
        .hint(hint),
    );
    false
}

fn scalar_text(node: &Node) -> String {
    match &node.value {
        Value::Str(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "nothing".into(),
        Value::Seq(_) => "a list".into(),
        Value::Map(_) => "a mapping".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::fields::INCIDENT;
    use crate::yaml::parse;

    fn run(src: &str) -> Vec<(String, u32, u32)> {
        let node = parse(src).unwrap();
        let mut out = Diagnostics::new();
        check_shape(
            &node,
            INCIDENT,
            "x.yaml",
            FixedOffset::east_opt(9 * 3600).unwrap(),
            &mut out,
        );
        out.into_iter()
            .map(|d| (d.code.to_string(), d.pos.line, d.pos.col))
            .collect()
    }

    const OK: &str = "id: A\ntitle: t\nlevel: 1\ncategory: c\nstatus: open\nresponsible: r\nreporter: x\ndetected_at: 2026-01-01\nsummary: s\n";

    #[test]
    fn valid_minimal_record_has_no_problems() {
        assert_eq!(run(OK), vec![]);
    }

    #[test]
    fn reports_unknown_key_with_position() {
        let d = run(&format!("{OK}responsable: r\n"));
        assert_eq!(d, vec![("W104".into(), 10, 1)]);
    }

    #[test]
    fn reports_bad_enum_date_and_type_at_the_value() {
        let src = OK
            .replace("status: open", "status: opne")
            .replace("detected_at: 2026-01-01", "detected_at: 2026-02-30")
            .replace("level: 1", "level: high");
        let d = run(&src);
        assert!(d.contains(&("E103".into(), 5, 9)), "{d:?}");
        assert!(d.contains(&("E105".into(), 8, 14)), "{d:?}");
        assert!(d.contains(&("E102".into(), 3, 8)), "{d:?}");
    }

    #[test]
    fn reports_missing_and_nested_problems() {
        let src = format!(
            "{}actions:\n  - action: a\n    owner: r\n    due: tomorrow\n",
            OK.replace("title: t\n", "")
        );
        let d = run(&src);
        assert!(d.iter().any(|x| x.0 == "E101" && x.1 == 1), "{d:?}");
        assert!(d.contains(&("E105".into(), 12, 10)), "{d:?}");
        assert_eq!(
            d.iter().filter(|x| x.0 == "E101").count(),
            2,
            "title and actions[0].status: {d:?}"
        );
    }

    /// Every table, walked into its objects.
    fn all_fields(table: &'static [Field], path: &str, out: &mut Vec<(String, &'static Field)>) {
        fn walk(ty: &Ty, path: &str, out: &mut Vec<(String, &'static Field)>) {
            match ty {
                Ty::Object(t) => all_fields(t, path, out),
                Ty::List(inner) | Ty::MapOf(inner) => walk(inner, path, out),
                Ty::FlowNext => all_fields(FLOW_EDGE, path, out),
                Ty::Criterion => all_fields(CRITERION, path, out),
                _ => {}
            }
        }
        for f in table {
            let here = if path.is_empty() {
                f.name.to_string()
            } else {
                format!("{path}.{}", f.name)
            };
            walk(&f.ty, &here, out);
            out.push((here, f));
        }
    }

    #[test]
    fn every_id_title_and_path_has_its_character_class() {
        use crate::schema::fields::{CONTACTS, DRILL, FRONT_MATTER, POLICY, SITE};
        let mut fields = Vec::new();
        for (name, table) in [
            ("site", SITE),
            ("policy", POLICY),
            ("contacts", CONTACTS),
            ("page", FRONT_MATTER),
            ("incident", INCIDENT),
            ("drill", DRILL),
        ] {
            all_fields(table, name, &mut fields);
        }
        let ids: Vec<&str> = fields
            .iter()
            .filter(|(_, f)| f.name == "id")
            .map(|(p, _)| p.as_str())
            .collect();
        assert_eq!(ids.len(), 8, "{ids:?}");
        for (path, f) in &fields {
            let want = match f.name {
                "id" if path.starts_with("incident.")
                    || path.starts_with("drill.")
                    || path.contains("controls.") =>
                {
                    Chars::Id(IdSyntax::Record)
                }
                "id" => Chars::Id(IdSyntax::Name),
                "title" | "path" => Chars::Visible,
                "name" | "name_en" | "label" if !path.starts_with("contacts.") => Chars::Line,
                _ => continue,
            };
            assert_eq!(f.chars, want, "{path}");
        }
    }

    #[test]
    fn text_meets_its_field_class_at_the_value() {
        // Titles: one visible line.
        let d = run(&OK.replace("title: t", "title: \"VPN \\u202Egol.exe\""));
        assert_eq!(d, vec![("E111".into(), 2, 8)]);
        let d = run(&OK.replace("title: t", "title: \"a\\tb\""));
        assert_eq!(d, vec![("E112".into(), 2, 8)]);
        // Free text keeps newlines and tabs, but no other control character.
        assert_eq!(
            run(&OK.replace("summary: s", "summary: \"a\\n\\tb\\u202E\"")),
            vec![]
        );
        for c in ["\\0", "\\a", "\\e", "\\x7f", "\\N", "\\u0090"] {
            let d = run(&OK.replace("summary: s", &format!("summary: \"a{c}\"")));
            assert_eq!(d, vec![("E112".into(), 9, 10)], "{c}");
        }
        // Ids: their character set; references: visible, then E203 elsewhere.
        let d = run(&OK.replace("id: A", "id: \"INC 1\""));
        assert_eq!(d, vec![("E110".into(), 1, 5)]);
        let d = run(&OK.replace("id: A", "id: .A"));
        assert_eq!(d, vec![("E110".into(), 1, 5)]);
        let d = run(&OK.replace("id: A", "id: \"A\\u200B\""));
        assert_eq!(d, vec![("E111".into(), 1, 5)]);
        let d = run(&OK.replace("responsible: r", "responsible: \"r\\u202E\""));
        assert_eq!(d, vec![("E111".into(), 6, 14)]);
        // An enumeration with a control character: E112 alone, not also E103.
        let d = run(&OK.replace("status: open", "status: \"open\\u0007\""));
        assert_eq!(d, vec![("E112".into(), 5, 9)]);
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let d = run(&format!("{OK}title: again\n"));
        assert_eq!(d, vec![("E107".into(), 10, 1)]);
    }
}
