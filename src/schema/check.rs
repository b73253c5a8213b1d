//! Shape checking: compare a YAML tree against a field table and report
//! missing fields, wrong types, bad enum values, unreadable dates and durations,
//! duplicate keys and unknown keys (with a "did you mean"), and text whose
//! characters its field does not allow (ids outside their set, invisible and
//! control characters; the classes are `crate::chars`'s).

use super::fields::{Chars, Field, Hide, RefKind, Ty, CRITERION};
use crate::diagnostics::msg;
use crate::diagnostics::{codes, suggest, Arg, Both, Diagnostic, Diagnostics, Msg, Pos};
use crate::model::time::{Duration, Timestamp};
use crate::yaml::{same_key, Node, Value};
use chrono::FixedOffset;

mod characters;
mod written_as;

use characters::check_chars;
use written_as::{date_hint, fullwidth, level_not_number};

struct Ctx<'a> {
    file: &'a str,
    tz: FixedOffset,
    out: &'a mut Diagnostics,
    times: &'a mut Times,
}

/// The times the check read, each at its value's place (in the order the
/// check came to them: the document's, but where an alias repeats a
/// value): what a record's builder takes instead of reading each again
/// (`load::extract::timestamp_read`).
pub type Times = Vec<(Pos, Timestamp)>;

/// Where a value sits in its document (`actions[0].owner`): a chain of
/// keys and list indices on the stack, written out only when a diagnostic
/// names it (a path for every value checked would be made and never read).
#[derive(Clone, Copy, Debug)]
pub(super) enum At<'a> {
    /// The document itself: written as nothing.
    Root,
    /// The value of key `name` of the mapping at the first.
    Key(&'a At<'a>, &'a str),
    /// Item `i` of the list at the first.
    Index(&'a At<'a>, usize),
}

impl At<'_> {
    /// Whether the path is written as nothing (what `path.is_empty()` was
    /// of the written path).
    fn is_empty(&self) -> bool {
        match self {
            At::Root => true,
            At::Key(parent, name) => name.is_empty() && parent.is_empty(),
            At::Index(..) => false,
        }
    }

    /// Whether the path is written `name` (a key of the document's own).
    fn is(&self, name: &str) -> bool {
        matches!(self, At::Key(parent, n) if *n == name && parent.is_empty())
    }
}

impl std::fmt::Display for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            At::Root => Ok(()),
            At::Key(parent, name) => {
                if !parent.is_empty() {
                    write!(f, "{parent}.")?;
                }
                f.write_str(name)
            }
            At::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// Check a whole document against `table`. Problems are appended to `out`.
pub fn check_shape(
    root: &Node,
    table: &'static [Field],
    file: &str,
    tz: FixedOffset,
    out: &mut Diagnostics,
) {
    check_shape_timed(root, table, file, tz, out, &mut Times::new());
}

/// [`check_shape`], keeping in `times` the times it read.
pub fn check_shape_timed(
    root: &Node,
    table: &'static [Field],
    file: &str,
    tz: FixedOffset,
    out: &mut Diagnostics,
    times: &mut Times,
) {
    let mut ctx = Ctx {
        file,
        tz,
        out,
        times,
    };
    check_object(&mut ctx, root, table, &At::Root);
}

/// The path of key `name` under `parent`, written out.
fn path_join(parent: &At, name: &str) -> String {
    At::Key(parent, name).to_string()
}

fn check_object(ctx: &mut Ctx, node: &Node, table: &'static [Field], path: &At) {
    let Some(entries) = node.as_map() else {
        let message = if path.is_empty() {
            msg!("E102.file_not_mapping", found = type_msg(node))
        } else {
            msg!("E102.not_mapping", path = path, found = type_msg(node))
        };
        ctx.out.push(
            Diagnostic::new(codes::WRONG_TYPE, ctx.file, node.pos, message).hint(msg!(
                "E102.not_mapping_hint",
                first = table.first().map(|f| f.name).unwrap_or("id")
            )),
        );
        return;
    };
    let mut seen = Seen::with_capacity(entries.len());
    for (key, value) in entries {
        let Some(name) = key.as_str() else {
            ctx.out.push(Diagnostic::new(
                codes::WRONG_TYPE,
                ctx.file,
                key.pos,
                msg!("E102.key_not_text", found = type_msg(key)),
            ));
            continue;
        };
        if seen.contains(name) {
            ctx.out.push(
                Diagnostic::new(
                    codes::DUPLICATE_KEY,
                    ctx.file,
                    key.pos,
                    msg!("E107.twice", path = path_join(path, name)),
                )
                .hint(msg!("E107.twice_hint")),
            );
            continue;
        }
        seen.insert(name);
        match table.iter().find(|f| same_key(f.name, name)) {
            Some(field) => {
                if value.is_null() {
                    if field.required {
                        ctx.out.push(
                            Diagnostic::new(
                                codes::MISSING_FIELD,
                                ctx.file,
                                key.pos,
                                msg!("E101.empty", path = path_join(path, name)),
                            )
                            .hint(msg!("E101.empty_hint", label = label(field))),
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
                            msg!("E116.blank", path = path_join(path, name)),
                        )
                        .hint(msg!("E116.blank_hint", label = label(field))),
                    );
                    continue;
                }
                let path = At::Key(path, name);
                check_value(ctx, value, &field.ty, field.chars, &path);
            }
            // A record's own impact flag (`impacts:` of the policy): a
            // yes/no key under `impact`, checked against the policy (E118).
            None if path.is("impact") && matches!(value.value, Value::Bool(_)) => {}
            None => {
                let known = table.iter().map(|f| f.name);
                let mut d = Diagnostic::new(
                    codes::UNKNOWN_KEY,
                    ctx.file,
                    key.pos,
                    msg!("W104.unknown", path = path_join(path, name)),
                );
                d = match suggest(name, known) {
                    Some(s) => d.hint(msg!("suggest.did_you_mean", id = s)),
                    None => d.hint(msg!(
                        "W104.unknown_hint",
                        list = table.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
                    )),
                };
                ctx.out.push(d);
            }
        }
    }
    for field in table.iter().filter(|f| f.required) {
        if !seen.contains(field.name) {
            ctx.out.push(
                Diagnostic::new(
                    codes::MISSING_FIELD,
                    ctx.file,
                    node.pos,
                    msg!("E101.missing", field = path_join(path, field.name)),
                )
                .hint(msg!(
                    "E101.missing_hint",
                    name = field.name,
                    label = label(field)
                )),
            );
        }
    }
}

/// The label of a field in both languages, as a message argument.
fn label(field: &Field) -> Both {
    Both(field.ja.to_string(), field.en.to_lowercase())
}

/// The type of `node` as messages name it (`string`, `list`, …).
pub fn type_msg(node: &Node) -> Msg {
    Msg::new(match node.value {
        Value::Null => "types.nothing",
        Value::Bool(_) => "types.boolean",
        Value::Int(_) => "types.integer",
        Value::Float(_) => "types.number",
        Value::Str(_) => "types.string",
        Value::Seq(_) => "types.list",
        Value::Map(_) => "types.mapping",
    })
}

/// E102 for `node` at `path`: it must be `expected` (a `types.` key);
/// `hint` is an `E102.` key.
fn wrong_type(ctx: &mut Ctx, node: &Node, path: &At, expected: &'static str, hint: &'static str) {
    ctx.out.push(
        Diagnostic::new(
            codes::WRONG_TYPE,
            ctx.file,
            node.pos,
            msg!(
                "E102.wrong",
                path = path,
                expected = Msg::new(expected),
                found = type_msg(node)
            ),
        )
        .hint(Msg::new(hint)),
    );
}

/// Check `node` against `ty`; `chars` is the character class of the field's
/// text (see [`Chars`]).
fn check_value(ctx: &mut Ctx, node: &Node, ty: &Ty, chars: Chars, path: &At) {
    // Every text value of every document meets its field's character class
    // before anything reads it. Values that are not free text (ids,
    // references, enumerations, dates) stop at a bad character: one
    // diagnostic says what is wrong, instead of a second one quoting it.
    let class = match ty {
        Ty::Str | Ty::Markdown => Some(chars),
        Ty::Criterion if node.as_map().is_none() => Some(chars),
        Ty::Ref(_) | Ty::FlowNext => Some(Chars::Visible),
        Ty::Enum(_) | Ty::DateTime | Ty::DateTimeOrUnknown | Ty::Date | Ty::Day | Ty::Duration => {
            Some(Chars::Line)
        }
        _ => None,
    };
    if let Some(class) = class {
        let clean = check_chars(ctx, node, class, path);
        if !clean && !matches!(ty, Ty::Str | Ty::Markdown | Ty::Criterion) {
            return;
        }
    }
    if matches!(
        ty,
        Ty::Int
            | Ty::Count
            | Ty::LevelNumber
            | Ty::Ref(RefKind::Level)
            | Ty::DateTime
            | Ty::DateTimeOrUnknown
            | Ty::Date
            | Ty::Day
            | Ty::Duration
    ) && fullwidth(ctx, node, ty, path)
    {
        return;
    }
    match ty {
        Ty::Str | Ty::Markdown => {
            if matches!(node.value, Value::Seq(_) | Value::Map(_)) {
                wrong_type(ctx, node, path, "types.text", "E102.text_hint");
            }
        }
        Ty::Int | Ty::Count | Ty::LevelNumber => match node.value {
            Value::Int(n) if n < 0 && !matches!(ty, Ty::Int) => {
                let (code, message, hint) = match ty {
                    Ty::LevelNumber => {
                        (codes::NEGATIVE_LEVEL, "E306.negative", "E306.negative_hint")
                    }
                    _ => (codes::INVALID_VALUE, "E108.negative", "E108.negative_hint"),
                };
                ctx.out.push(
                    Diagnostic::new(code, ctx.file, node.pos, msg!(message, path = path, n = n))
                        .hint(msg!(hint)),
                )
            }
            Value::Int(_) => {}
            _ => wrong_type(
                ctx,
                node,
                path,
                "types.whole_number",
                "E102.whole_number_hint",
            ),
        },
        Ty::Bool => {
            if !matches!(node.value, Value::Bool(_)) {
                wrong_type(ctx, node, path, "types.true_false", "E102.true_false_hint");
            }
        }
        Ty::DateTime | Ty::DateTimeOrUnknown => {
            // Only `occurred_at` may say nobody knows when (`unknown`).
            let may_be_unknown = matches!(ty, Ty::DateTimeOrUnknown);
            let hint = if may_be_unknown {
                "E105.not_datetime_or_unknown_hint"
            } else {
                "E105.not_datetime_hint"
            };
            let read = node.as_str().and_then(|s| {
                if may_be_unknown && crate::model::time::is_unknown(s) {
                    Some(None)
                } else {
                    Timestamp::parse(s, ctx.tz).map(Some)
                }
            });
            match read {
                Some(Some(t)) => ctx.times.push((node.pos, t)),
                Some(None) => {}
                None => ctx.out.push(
                    Diagnostic::new(
                        codes::INVALID_DATE,
                        ctx.file,
                        node.pos,
                        msg!("E105.not_datetime", path = path, value = scalar_arg(node)),
                    )
                    .hint(date_hint(ctx, node, false, true, hint)),
                ),
            }
        }
        Ty::Date => match node.as_str() {
            Some(s) if crate::model::RecordDate::parse(s).is_some() => {}
            _ => ctx.out.push(
                Diagnostic::new(
                    codes::INVALID_DATE,
                    ctx.file,
                    node.pos,
                    msg!("E105.not_date", path = path, value = scalar_arg(node)),
                )
                .hint(date_hint(
                    ctx,
                    node,
                    true,
                    true,
                    "E105.not_date_or_month_hint",
                )),
            ),
        },
        Ty::Day => match node.as_str() {
            Some(s) if crate::model::time::parse_date(s.trim()).is_some() => {}
            _ => ctx.out.push(
                Diagnostic::new(
                    codes::INVALID_DATE,
                    ctx.file,
                    node.pos,
                    msg!("E105.not_date", path = path, value = scalar_arg(node)),
                )
                .hint(date_hint(ctx, node, true, false, "E105.not_date_hint")),
            ),
        },
        Ty::Duration => match node.as_str() {
            Some(s) if Duration::parse(s).is_some() => {}
            _ => ctx.out.push(
                Diagnostic::new(
                    codes::INVALID_DURATION,
                    ctx.file,
                    node.pos,
                    msg!("E106.not_duration", path = path, value = scalar_arg(node)),
                )
                .hint(msg!("E106.not_duration_hint")),
            ),
        },
        Ty::Enum(allowed) => {
            // Nearly every value is one of them: copied only to be reported.
            let known = match &node.value {
                Value::Str(s) => allowed.contains(&s.as_str()),
                _ => allowed.contains(&scalar_text(node).as_str()),
            };
            if !known {
                let text = scalar_text(node);
                let mut d = Diagnostic::new(
                    codes::INVALID_ENUM,
                    ctx.file,
                    node.pos,
                    msg!(
                        "E103.not_allowed",
                        path = path,
                        allowed = allowed.join(", "),
                        value = &text
                    ),
                );
                d = d.hint(super::names::enum_hint(&text, allowed));
                ctx.out.push(d);
            }
        }
        Ty::Ref(RefKind::Level) => {
            if !matches!(node.value, Value::Int(_)) {
                level_not_number(ctx, node, path);
            }
        }
        Ty::Ref(_) => {
            if !matches!(node.value, Value::Str(_) | Value::Int(_)) {
                wrong_type(ctx, node, path, "types.an_id", "E102.an_id_hint");
            }
        }
        Ty::List(inner) => match node.as_seq() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    check_value(ctx, item, inner, chars, &At::Index(path, i));
                }
            }
            None => wrong_type(ctx, node, path, "types.a_list", "E102.a_list_hint"),
        },
        Ty::Object(table) => check_object(ctx, node, table, path),
        Ty::Flags => match node.as_map() {
            Some(entries) => {
                for (k, v) in entries {
                    let name = k.as_str().unwrap_or("?");
                    if !matches!(v.value, Value::Bool(_)) {
                        wrong_type(
                            ctx,
                            v,
                            &At::Key(path, name),
                            "types.true_false",
                            "E102.flag_hint",
                        );
                    }
                }
            }
            None => wrong_type(ctx, node, path, "types.flags", "E102.flags_hint"),
        },
        Ty::MapOf(inner) => match node.as_map() {
            Some(entries) => {
                for (k, v) in entries {
                    check_value(
                        ctx,
                        v,
                        inner,
                        chars,
                        &At::Key(path, k.as_str().unwrap_or("?")),
                    );
                }
            }
            None => wrong_type(ctx, node, path, "types.a_mapping", "E102.a_mapping_hint"),
        },
        Ty::FlowNext => match &node.value {
            Value::Str(_) => {}
            Value::Map(_) => check_object(ctx, node, FLOW_EDGE, path),
            _ => wrong_type(ctx, node, path, "types.flow_next", "E102.flow_next_hint"),
        },
        Ty::Criterion => match &node.value {
            Value::Map(_) => check_object(ctx, node, CRITERION, path),
            Value::Seq(_) => wrong_type(ctx, node, path, "types.criterion", "E102.criterion_hint"),
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

/// The value of `node` as a message quotes it.
fn scalar_arg(node: &Node) -> Arg {
    match &node.value {
        Value::Null => Arg::Msg(Msg::new("values.nothing")),
        Value::Seq(_) => Arg::Msg(Msg::new("values.a_list")),
        Value::Map(_) => Arg::Msg(Msg::new("values.a_mapping")),
        _ => Arg::Text(scalar_text(node)),
    }
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

/// The keys of one mapping seen so far: a list while it is short (the
/// format's mappings have a few dozen keys at most), a set past that, so a
/// hostile mapping of 100,000 keys is not checked key against key (minutes).
struct Seen<'a> {
    list: Vec<&'a str>,
    set: Option<std::collections::HashSet<&'a str>>,
}

impl<'a> Seen<'a> {
    const LIST_MAX: usize = 64;

    fn with_capacity(n: usize) -> Self {
        Seen {
            list: Vec::with_capacity(n.min(Self::LIST_MAX)),
            set: None,
        }
    }

    fn contains(&self, key: &str) -> bool {
        match &self.set {
            Some(set) => set.contains(key),
            None => self.list.iter().any(|s| same_key(s, key)),
        }
    }

    fn insert(&mut self, key: &'a str) {
        match &mut self.set {
            Some(set) => {
                set.insert(key);
            }
            None if self.list.len() < Self::LIST_MAX => self.list.push(key),
            None => {
                let mut set: std::collections::HashSet<&str> = self.list.drain(..).collect();
                set.insert(key);
                self.set = Some(set);
            }
        }
    }
}

#[cfg(test)]
#[path = "check/tests.rs"]
mod tests;
