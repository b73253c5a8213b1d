//! Diagnostics: what `check` reports. Every problem found anywhere in the
//! pipeline becomes a [`Diagnostic`] with a stable code, a position and a hint.

pub mod codes;
pub mod report;

use serde::Serialize;

pub use codes::Code;

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
    pub message: String,
    pub hint: Option<String>,
    /// For a spreadsheet (`import`): the cell, `Sheet1!D17` (`D17` in a
    /// CSV file); `pos` then holds its row and column number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<Box<str>>,
}

impl Diagnostic {
    pub fn new(code: Code, file: impl Into<String>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            code: code.id,
            severity: code.severity,
            file: file.into(),
            pos,
            message: message.into(),
            hint: None,
            cell: None,
        }
    }

    /// Point at a spreadsheet cell (`Sheet1!D17`).
    pub fn at_cell(mut self, cell: impl Into<String>) -> Self {
        self.cell = Some(cell.into().into_boxed_str());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
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
        self.items.sort_by(|a, b| {
            (&a.file, a.pos, a.code, &a.message).cmp(&(&b.file, b.pos, b.code, &b.message))
        });
        self.items.dedup();
        self
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
