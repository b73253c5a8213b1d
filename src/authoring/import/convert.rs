//! A field's value from its cells: the text (one column, several joined,
//! or a constant), translated by the mapping's `map`, then read as the
//! field's type — a date, a number, yes/no, one of the allowed values, an id
//! the policy declares — and written as YAML the way the skeleton writes it.
//! Cell text is only ever data: it is quoted whenever YAML could read it as
//! anything else.

use super::dates::{self, When};
use super::input::{Cell, Sheet};
use super::mapping::{From, Source};
use super::sheet::Headers;
use crate::authoring::ref_ids;
use crate::authoring::skeleton::{yaml_str, Filled};
use crate::diagnostics::{msg, Msg, Pos};
use crate::model::Content;
use crate::schema::fields::{Chars, Field, RefKind, Ty};
use chrono::FixedOffset;
use unicode_normalization::UnicodeNormalization;

/// What the conversion of one row reads from.
pub struct Row<'a> {
    pub content: &'a Content,
    pub sheet: &'a Sheet,
    pub headers: &'a Headers,
    /// 0-based row index.
    pub row: usize,
    pub tz: FixedOffset,
    pub formats: &'a [String],
    /// Whether the row's record predates the policy (`when` rules may ask);
    /// `None` until known, or when its detection cannot be read.
    pub predates: Option<bool>,
}

/// Why a value could not be used: E132 (type) or E133 (not accepted), at
/// a column of the row (`None`: the mapping's constant, at `at` in the
/// mapping file).
#[derive(Debug, PartialEq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub col: Option<usize>,
    pub at: Option<Pos>,
    pub message: Msg,
    pub hint: Msg,
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum ProblemKind {
    Type,
    Value,
}

/// A converted value: its YAML form, and for the fields the record is
/// built around, the value itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Got {
    pub filled: Filled,
    pub when: Option<When>,
    pub int: Option<i64>,
    pub text: String,
}

impl Row<'_> {
    /// Whether the cell of column `col` is blank in a CSV file under a
    /// filled one: the mark a cell merged down in Excel leaves in its CSV.
    pub fn below_a_value_in_csv(&self, col: usize) -> bool {
        self.sheet.name.is_none()
            && self.sheet.cell(self.row, col).is_blank()
            && self
                .row
                .checked_sub(1)
                .is_some_and(|above| !self.sheet.cell(above, col).is_blank())
    }

    /// The source that gives the value in this row: the first of `src`'s
    /// `when` rules whose condition holds (its own rules first, if it has
    /// any), else `src` itself; and the column the condition tested. A
    /// condition's cell holding an error value (`#N/A`) is a problem: what
    /// it would have said is not known.
    pub fn chosen<'s>(&self, src: &'s Source) -> Result<(&'s Source, Option<usize>), Problem> {
        for rule in &src.when {
            let tested = rule
                .cond
                .column
                .as_ref()
                .and_then(|c| self.headers.resolve(c));
            if let Some(Cell::Error(e)) = tested.map(|c| self.sheet.cell(self.row, c)) {
                return Err(Problem {
                    kind: ProblemKind::Type,
                    col: tested,
                    at: None,
                    message: msg!("E132.error_condition", value = e),
                    hint: msg!("E132.error_value_hint"),
                });
            }
            if rule
                .cond
                .holds(self.sheet, self.headers, self.row, self.predates)
            {
                let (then, inner) = self.chosen(&rule.then)?;
                return Ok((then, inner.or(tested)));
            }
        }
        Ok((src, None))
    }

    /// The column a value is placed at: the column read, else the one a
    /// rule tested.
    pub fn column_of(&self, src: &Source) -> Option<usize> {
        let (used, tested) = self.chosen(src).ok()?;
        let read = match &used.from {
            From::Column(c) => self.headers.resolve(c),
            From::Columns(cs) => cs.iter().find_map(|c| self.headers.resolve(c)),
            From::Value(_) => None,
        };
        read.or(tested)
    }

    /// The raw text of a source and the column it came from (first column
    /// of joined ones); empty text when every cell is blank.
    fn raw(&self, src: &Source) -> (String, Option<usize>, Option<&Cell>) {
        match &src.from {
            From::Value(v) => (v.clone(), None, None),
            From::Column(c) => {
                let col = self.headers.resolve(c);
                let cell = col.map(|i| self.sheet.cell(self.row, i));
                (cell.map(Cell::text).unwrap_or_default(), col, cell)
            }
            From::Columns(cs) => {
                let mut parts = Vec::new();
                let mut first = None;
                for c in cs {
                    let Some(i) = self.headers.resolve(c) else {
                        continue;
                    };
                    first.get_or_insert(i);
                    let t = self.sheet.cell(self.row, i).text();
                    let t = t.trim();
                    if t.is_empty() {
                        continue;
                    }
                    parts.push(if src.labels {
                        format!("{}: {t}", self.headers.label(i))
                    } else {
                        t.to_string()
                    });
                }
                (parts.join(&src.join), first, None)
            }
        }
    }

    /// Convert `src` for `field`. `Ok(None)`: no value in this row.
    pub fn value(&self, field: &'static Field, src: &Source) -> Result<Option<Got>, Problem> {
        let (src, _) = self.chosen(src).map_err(|p| Problem {
            message: msg!(
                "import.field_problem",
                field = field.name,
                problem = p.message
            ),
            ..p
        })?;
        let (raw, col, cell) = self.raw(src);
        let at = col.is_none().then_some(src.pos);
        if let Some(Cell::Error(e)) = cell {
            return Err(Problem {
                kind: ProblemKind::Type,
                col,
                at,
                message: msg!("E132.error_value", field = field.name, value = e),
                hint: msg!("E132.error_value_hint"),
            });
        }
        let mut text = raw.replace("\r\n", "\n").replace('\r', "\n");
        if text.trim().is_empty() {
            match &src.default {
                Some(d) => text = d.clone(),
                None => return Ok(None),
            }
        }
        let mapped = lookup(&src.map, &text);
        // A word the map sends to "" (`不明: ""`) is a blank cell: the
        // field's default, or no value — never a value made up for it.
        let mapped = match mapped {
            Some(m) if m.trim().is_empty() => match &src.default {
                Some(d) => Some(d.clone()),
                None => return Ok(None),
            },
            other => other,
        };
        let cell = if mapped.is_some() { None } else { cell };
        let text = mapped.unwrap_or(text);
        // `template`: the text around the value (the value is then text).
        let (text, cell) = match &src.template {
            Some(t) => (t.replace("{value}", text.trim()), None),
            None => (text, cell),
        };
        self.typed(field, &field.ty, &text, cell, src)
            .map(Some)
            .map_err(|(kind, message, hint)| {
                let hint = if src.map.is_empty() {
                    hint
                } else {
                    let keys: Vec<&str> =
                        src.map.iter().map(|(k, _)| k.as_str()).take(12).collect();
                    msg!("import.hint_with_map", hint = hint, keys = keys.join(", "))
                };
                Problem {
                    kind,
                    col,
                    at,
                    message: msg!(
                        "import.field_problem",
                        field = field.name,
                        problem = message
                    ),
                    hint,
                }
            })
    }

    fn typed(
        &self,
        field: &'static Field,
        ty: &Ty,
        text: &str,
        cell: Option<&Cell>,
        src: &Source,
    ) -> Result<Got, (ProblemKind, Msg, Msg)> {
        let got = |filled: Filled| Got {
            filled,
            when: None,
            int: None,
            text: text.trim().to_string(),
        };
        let shown = shorten(text);
        match ty {
            Ty::Str | Ty::Markdown => {
                let multi = matches!(ty, Ty::Markdown) || matches!(field.chars, Chars::Text);
                Ok(got(text_value(text, multi, matches!(ty, Ty::Markdown))))
            }
            Ty::Int | Ty::Count | Ty::LevelNumber | Ty::Ref(RefKind::Level) => {
                let n = match cell {
                    Some(Cell::Number(n)) if n.fract() == 0.0 => Some(*n as i64),
                    _ => {
                        let t: String = text
                            .nfkc()
                            .filter(|c| *c != ',' && !c.is_whitespace())
                            .collect();
                        t.parse::<i64>().ok()
                    }
                };
                let Some(n) = n else {
                    if matches!(ty, Ty::Ref(RefKind::Level)) {
                        let known: Vec<String> = self
                            .content
                            .policy
                            .levels
                            .iter()
                            .map(|l| format!("{} ({})", l.level.value, l.name))
                            .collect();
                        return Err((
                            ProblemKind::Value,
                            msg!("E133.not_level", value = &shown),
                            msg!("E133.levels_hint", levels = known.join(", ")),
                        ));
                    }
                    return Err((
                        ProblemKind::Type,
                        msg!("E132.not_integer", value = &shown),
                        msg!("E132.not_integer_hint"),
                    ));
                };
                if matches!(ty, Ty::Ref(RefKind::Level)) && self.content.policy.level(n).is_none() {
                    let known: Vec<String> = self
                        .content
                        .policy
                        .levels
                        .iter()
                        .map(|l| l.level.value.to_string())
                        .collect();
                    return Err((
                        ProblemKind::Value,
                        msg!("E133.unknown_level", level = n),
                        msg!("E133.levels_hint", levels = known.join(", ")),
                    ));
                }
                Ok(Got {
                    int: Some(n),
                    ..got(Filled::Scalar(n.to_string()))
                })
            }
            Ty::Bool => {
                let b = match cell {
                    Some(Cell::Bool(b)) => Some(*b),
                    _ => yes_no(text),
                };
                match b {
                    Some(b) => Ok(got(Filled::Scalar(b.to_string()))),
                    None => Err((
                        ProblemKind::Type,
                        msg!("E132.not_bool", value = &shown),
                        msg!("E132.not_bool_hint"),
                    )),
                }
            }
            // A register that says it does not know when it occurred.
            Ty::DateTimeOrUnknown if crate::model::time::is_unknown(text) => {
                Ok(got(Filled::Scalar("unknown".to_string())))
            }
            Ty::DateTime | Ty::DateTimeOrUnknown | Ty::Date | Ty::Day => {
                let when = match cell {
                    Some(Cell::Date(n) | Cell::Number(n)) => dates::from_serial(*n),
                    _ => dates::parse(text, self.formats).or_else(|| dates::serial_text(text)),
                };
                let Some(when) = when else {
                    return Err((
                        ProblemKind::Type,
                        msg!("E132.not_date", value = &shown),
                        msg!("E132.not_date_hint"),
                    ));
                };
                // A day whose time is not known stays a day: no time is
                // invented (and a month stays a month).
                let when = match when {
                    When::Month(_) => when,
                    _ if src.date_only => When::Day(when.date()),
                    _ => when,
                };
                // A document's day (`approved_at`) takes a day: a month would
                // have to become an invented one. A record's date field
                // (`due`, `done_at`) keeps the month.
                if matches!((ty, when), (Ty::Day, When::Month(_))) {
                    return Err((
                        ProblemKind::Type,
                        msg!("E132.not_date", value = &shown),
                        msg!("E132.month_not_day_hint"),
                    ));
                }
                let s = if let (Ty::Date, When::Month(m)) = (ty, when) {
                    crate::model::time::ym(m)
                } else if matches!(ty, Ty::Date | Ty::Day) {
                    when.date().format("%Y-%m-%d").to_string()
                } else {
                    when.datetime_text(self.tz)
                };
                Ok(Got {
                    when: Some(when),
                    ..got(Filled::Scalar(s))
                })
            }
            Ty::Enum(values) => {
                let t = text.trim();
                if values.contains(&t) {
                    Ok(got(Filled::Scalar(t.to_string())))
                } else {
                    Err((
                        ProblemKind::Value,
                        msg!("E133.not_allowed", value = &shown),
                        msg!("E133.takes_hint", values = values.join(", ")),
                    ))
                }
            }
            Ty::Ref(kind) => {
                let t = text.trim();
                let ids = ref_ids(self.content, *kind);
                // The id itself, or the name the policy gives it.
                match ids.iter().find(|(id, name)| id == t || name == t) {
                    Some((id, _)) => Ok(Got {
                        text: id.clone(),
                        ..got(Filled::Scalar(yaml_str(id)))
                    }),
                    None => {
                        let known: Vec<String> = ids
                            .iter()
                            .take(12)
                            .map(|(id, name)| format!("{id} ({name})"))
                            .collect();
                        Err((
                            ProblemKind::Value,
                            msg!("E133.not_declared", value = &shown),
                            msg!("E133.takes_hint", values = known.join(", ")),
                        ))
                    }
                }
            }
            Ty::List(inner) => {
                let seps: Vec<&str> = if src.split.is_empty() {
                    vec!["\n", "、", ";", "；"]
                } else {
                    src.split.iter().map(String::as_str).collect()
                };
                let mut items = vec![text.to_string()];
                for sep in seps {
                    items = items
                        .iter()
                        .flat_map(|i| i.split(sep).map(str::to_string))
                        .collect();
                }
                let mut out = Vec::new();
                for item in items.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
                    let item = lookup(&src.map, item).unwrap_or_else(|| item.to_string());
                    let g = self.typed(field, inner, &item, None, src)?;
                    match g.filled {
                        Filled::Scalar(s) => out.push(s),
                        _ => out.push(yaml_str(&g.text)),
                    }
                }
                Ok(got(Filled::Scalar(format!("[{}]", out.join(", ")))))
            }
            _ => Err((
                ProblemKind::Value,
                msg!("E133.not_importable", field = field.name),
                msg!("E133.not_importable_hint"),
            )),
        }
    }
}

/// The mapping's translation of a cell text (trimmed; full-width and
/// half-width forms compare equal).
fn lookup(map: &[(String, String)], text: &str) -> Option<String> {
    let t = text.trim();
    let norm = |s: &str| s.nfkc().collect::<String>();
    map.iter()
        .find(|(k, _)| k == t)
        .or_else(|| map.iter().find(|(k, _)| norm(k) == norm(t)))
        .map(|(_, v)| v.clone())
}

fn yes_no(text: &str) -> Option<bool> {
    let t: String = text.trim().nfkc().collect::<String>().to_lowercase();
    match t.as_str() {
        "true" | "yes" | "y" | "1" | "○" | "◯" | "〇" | "有" | "あり" | "有り" | "はい"
        | "該当" => Some(true),
        "false" | "no" | "n" | "0" | "×" | "✕" | "無" | "なし" | "無し" | "いいえ" | "-"
        | "非該当" => Some(false),
        _ => None,
    }
}

/// At most 60 characters of a cell for a message.
fn shorten(text: &str) -> String {
    let t = text.trim();
    if t.chars().count() > 60 {
        format!("{}…", t.chars().take(60).collect::<String>())
    } else {
        t.to_string()
    }
}

/// Text as YAML: a one-line field gets its line breaks as spaces; Markdown
/// is a `|` block when it reads back unchanged that way, otherwise (and
/// for other text) a plain or double-quoted scalar.
fn text_value(text: &str, multi_line: bool, markdown: bool) -> Filled {
    let t = text.trim();
    if !multi_line {
        let one: Vec<&str> = t.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        return Filled::Scalar(yaml_str(&one.join(" ")));
    }
    let block_safe = t.contains('\n')
        && !t.chars().any(|c| c.is_control() && c != '\n')
        && t.lines()
            .all(|l| !l.starts_with([' ', '\t']) && l.trim_end() == l);
    if markdown && block_safe {
        Filled::Block(t.lines().map(str::to_string).collect())
    } else {
        Filled::Scalar(yaml_str(t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_looks_like_yaml_stays_text() {
        for s in [
            "key: value",
            "- item",
            "&anchor",
            "*alias",
            "!!python/object",
            "{a: 1}",
            "yes",
            "2025",
            "'quoted",
            "# comment",
        ] {
            let Filled::Scalar(y) = text_value(s, false, false) else {
                panic!()
            };
            let node = crate::yaml::parse(&format!("x: {y}\n")).unwrap();
            assert_eq!(node.get("x").and_then(|n| n.as_str()), Some(s), "{y}");
        }
        assert_eq!(
            text_value("a\nb", false, false),
            Filled::Scalar("a b".into())
        );
        assert_eq!(
            text_value("a\nb", true, true),
            Filled::Block(vec!["a".into(), "b".into()])
        );
        assert_eq!(
            text_value("a\n  b", true, true),
            Filled::Scalar("\"a\\n  b\"".into())
        );
    }

    #[test]
    fn yes_and_no_in_the_words_registers_use() {
        assert_eq!(yes_no("○"), Some(true));
        assert_eq!(yes_no("なし"), Some(false));
        assert_eq!(yes_no("ＹＥＳ"), Some(true));
        assert_eq!(yes_no("たぶん"), None);
    }

    #[test]
    fn map_keys_match_across_character_widths() {
        let map = vec![("レベル２".to_string(), "2".to_string())];
        assert_eq!(lookup(&map, " レベル2 "), Some("2".into()));
        assert_eq!(lookup(&map, "レベル3"), None);
    }
}
