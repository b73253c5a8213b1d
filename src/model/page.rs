use crate::diagnostics::Pos;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PageKind {
    Handbook,
    Template,
}

/// A Markdown page from `handbook/` or `templates/`.
#[derive(Clone, Debug)]
pub struct Page {
    pub kind: PageKind,
    /// File stem; the page is written to `<dir>/<slug>.html`.
    pub slug: String,
    /// Path relative to the content directory.
    pub file: String,
    pub title: String,
    pub order: i64,
    /// Markdown body (front matter removed).
    pub body: String,
    /// Line in the file where `body` starts (so Markdown diagnostics can point into it).
    pub body_line: u32,
    /// Version, approver and approval date from the front matter.
    pub control: super::DocumentControl,
    pub pos: Pos,
}
