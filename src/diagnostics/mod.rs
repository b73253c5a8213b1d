//! Diagnostics: what `check` reports. Every problem found anywhere in the
//! pipeline becomes a [`Diagnostic`] with a stable code, a position and a hint.

pub mod catalogue;
pub mod codes;
pub mod report;
mod text;

use serde::Serialize;

/// `msg!("CODE.key", name = value, …)`: a catalogue message (see [`text`]).
pub use super::msg;
pub use codes::Code;
pub use text::{fill, placeholders, Arg, Both, IntoArg, Lang, Msg, Text};

/// How bad a problem is. Errors fail `check` and stop `build`; warnings do not
/// (unless `--deny-warnings`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A 1-based line and column (column counted in characters) in a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, col: 1 };

    pub fn new(line: usize, col: usize) -> Pos {
        Pos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            col: u32::try_from(col).unwrap_or(u32::MAX),
        }
    }
}

/// One problem, in one file, at one place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    /// Path relative to the content directory, with `/` separators.
    pub file: String,
    #[serde(flatten)]
    pub pos: Pos,
    /// The English text: stable, what machine formats (JSON, SARIF, GitLab)
    /// carry.
    pub message: String,
    pub hint: Option<String>,
    /// For a spreadsheet (`import`): the cell, `Sheet1!D17` (`D17` in a
    /// CSV file); `pos` then holds its row and column number. (Boxed: a
    /// diagnostic stays small enough to be an error value.)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<Box<String>>,
    /// The catalogue messages `message` and `hint` were rendered from, to
    /// render them again in the reader's language; `None` for a text given
    /// as a plain string.
    #[serde(skip)]
    pub message_msg: Option<Box<Msg>>,
    #[serde(skip)]
    pub hint_msg: Option<Box<Msg>>,
}

impl Diagnostic {
    /// A diagnostic saying `message`: a catalogue message (`msg!(...)`) or,
    /// not yet translated, an English string.
    pub fn new(code: Code, file: impl Into<String>, pos: Pos, message: impl Into<Text>) -> Self {
        let (message, message_msg) = message.into().split();
        Diagnostic {
            code: code.id,
            severity: code.severity,
            file: file.into(),
            pos,
            message,
            hint: None,
            cell: None,
            message_msg: message_msg.map(Box::new),
            hint_msg: None,
        }
    }

    /// Point at a spreadsheet cell (`Sheet1!D17`).
    pub fn at_cell(mut self, cell: impl Into<String>) -> Self {
        self.cell = Some(Box::new(cell.into()));
        self
    }

    pub fn hint(mut self, hint: impl Into<Text>) -> Self {
        let (hint, hint_msg) = hint.into().split();
        self.hint = Some(hint);
        self.hint_msg = hint_msg.map(Box::new);
        self
    }

    /// The message in `lang` (English when it has no catalogue entry).
    pub fn message_in(&self, lang: Lang) -> std::borrow::Cow<'_, str> {
        localised(&self.message, self.message_msg.as_deref(), lang)
    }

    /// The hint in `lang`.
    pub fn hint_in(&self, lang: Lang) -> Option<std::borrow::Cow<'_, str>> {
        Some(localised(
            self.hint.as_deref()?,
            self.hint_msg.as_deref(),
            lang,
        ))
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `english` in `lang`: its catalogue message rendered again, as long as
/// the English text is still the one that message gave (code that sets
/// `message` or `hint` directly gets what it wrote, in every language).
fn localised<'a>(english: &'a str, msg: Option<&Msg>, lang: Lang) -> std::borrow::Cow<'a, str> {
    match (msg, lang) {
        (Some(m), Lang::Ja) if m.render(Lang::En) == english => m.render(lang).into(),
        _ => english.into(),
    }
}

/// A collection of diagnostics, kept in a defined order for output.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn errors(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.items.len() - self.errors()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sort by file, position, then code, and drop exact duplicates, so output is
    /// deterministic whatever order the (parallel) rules ran in.
    pub fn sorted(mut self) -> Self {
        self.drop_missing_when_malformed();
        self.items.sort_by(|a, b| {
            (&a.file, a.pos, a.code, &a.message).cmp(&(&b.file, b.pos, b.code, &b.message))
        });
        self.items.dedup();
        self
    }

    /// A value that is there but cannot be read is reported once: a rule
    /// that then finds the field "missing" (E404, E101) is left out for
    /// that file and field.
    fn drop_missing_when_malformed(&mut self) {
        const MALFORMED: [&str; 7] = ["E015", "E102", "E103", "E105", "E106", "E110", "E112"];
        const MISSING: [&str; 2] = ["E404", "E101"];
        let arg = |d: &Diagnostic, name: &str| -> Option<String> {
            d.message_msg
                .as_ref()?
                .args
                .iter()
                .find_map(|(n, a)| match a {
                    Arg::Text(t) if *n == name => Some(t.clone()),
                    _ => None,
                })
        };
        let malformed: std::collections::HashSet<(String, String)> = self
            .items
            .iter()
            .filter(|d| MALFORMED.contains(&d.code))
            .filter_map(|d| Some((d.file.clone(), arg(d, "path")?)))
            .collect();
        if malformed.is_empty() {
            return;
        }
        self.items.retain(|d| {
            !MISSING.contains(&d.code)
                || arg(d, "field").is_none_or(|f| !malformed.contains(&(d.file.clone(), f)))
        });
    }

    /// Keep only the diagnostics `keep` accepts (`check --only`).
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics {
            items: iter.into_iter().collect(),
        }
    }
}

/// "Did you mean ...?" for a misspelt name: the closest candidate when it is
/// close enough to be a plausible typo.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let c = ["responsible", "reporter", "reported_at"];
        assert_eq!(suggest("responsable", c), Some("responsible"));
        assert_eq!(suggest("reportedat", c), Some("reported_at"));
        assert_eq!(suggest("zzz", c), None);
    }

    #[test]
    fn a_text_set_directly_is_shown_as_written() {
        let mut d = Diagnostic::new(codes::EMPTY_FILE, "a.yaml", Pos::START, msg!("E003.empty"))
            .hint(msg!("E003.empty_hint"));
        assert_eq!(d.message, "the file is empty");
        assert_eq!(d.message_in(Lang::Ja), "ファイルが空です");
        d.hint = Some("something else".into());
        assert_eq!(d.hint_in(Lang::Ja).as_deref(), Some("something else"));
        let plain = Diagnostic::new(codes::EMPTY_FILE, "a.yaml", Pos::START, "plain English");
        assert_eq!(plain.message_in(Lang::Ja), "plain English");
    }

    #[test]
    fn a_value_that_cannot_be_read_is_not_also_missing() {
        let malformed = Diagnostic::new(
            codes::INVALID_DATE,
            "r.yaml",
            Pos::new(9, 12),
            msg!("E105.not_datetime", path = "closed_at", value = "2026/4/1"),
        );
        let missing = |field: &str| {
            Diagnostic::new(
                codes::MISSING_DATE,
                "r.yaml",
                Pos::new(5, 9),
                msg!("E404.missing", field = field, why = "x"),
            )
        };
        let ds: Diagnostics = vec![malformed, missing("closed_at"), missing("recovered_at")]
            .into_iter()
            .collect();
        let codes: Vec<_> = ds.sorted().into_iter().map(|d| d.message).collect();
        assert_eq!(codes.len(), 2, "{codes:?}");
        assert!(codes.iter().any(|m| m.contains("recovered_at")));
    }

    #[test]
    fn sorted_is_deterministic_and_dedups() {
        let d = |f: &str, l| Diagnostic::new(codes::UNKNOWN_KEY, f, Pos::new(l, 1), "x");
        let ds: Diagnostics = vec![d("b", 1), d("a", 2), d("a", 1), d("a", 1)]
            .into_iter()
            .collect();
        let v: Vec<_> = ds
            .sorted()
            .into_iter()
            .map(|d| (d.file, d.pos.line))
            .collect();
        assert_eq!(v, vec![("a".into(), 1), ("a".into(), 2), ("b".into(), 1)]);
    }
}
