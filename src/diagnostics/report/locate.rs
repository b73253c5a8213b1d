//! Where a diagnostic is, as machine formats need it: the path relative to
//! the path base (the repository root), the span the human format
//! underlines, and a fingerprint that survives unrelated edits.
//!
//! The span runs from the diagnostic's column to the end of its line's text
//! (trailing blanks left out), as the human snippet underlines it. End
//! columns are exclusive (the column after the last character), as in SARIF.
//!
//! The fingerprint hashes the code, the file and the trimmed text of the
//! line (not its number), so inserting or removing lines elsewhere keeps
//! it; an occurrence counter tells two findings of the same code on the
//! same text apart.

use super::{Context, SourceMap};
use crate::diagnostics::{Diagnostic, Diagnostics};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// One diagnostic, placed.
#[derive(Clone, Debug)]
pub struct Located {
    /// `/`-separated path relative to the path base (never empty).
    pub path: String,
    pub line: u32,
    pub column: u32,
    /// End of the underlined span, exclusive; `None` when the source is not
    /// available or the span is empty.
    pub end: Option<(u32, u32)>,
    /// The fingerprint's hash (16 hex digits) and the occurrence counter.
    pub hash: String,
    pub occurrence: u32,
}

impl Located {
    /// `hash:occurrence`, the form of SARIF's `primaryLocationLineHash`.
    pub fn line_hash(&self) -> String {
        format!("{}:{}", self.hash, self.occurrence)
    }

    /// End line and column, or one character past the start when no span is known.
    pub fn end_or_next(&self) -> (u32, u32) {
        self.end
            .unwrap_or((self.line, self.column.saturating_add(1)))
    }
}

/// The path of `file` (relative to the content directory) as reports show it.
pub fn display_path(shown_dir: &Path, file: &str) -> String {
    let joined = shown_dir.join(file);
    let s = joined.to_string_lossy().replace('\\', "/");
    let s = s.strip_prefix("./").map(str::to_string).unwrap_or(s);
    let s = s.trim_end_matches('/').to_string();
    if s.is_empty() {
        ".".to_string()
    } else {
        s
    }
}

/// Place every diagnostic, reading each file's text at most once and
/// finding its lines once (a record of 100,000 unknown keys has as many
/// diagnostics: looking for each one's line from the top took minutes).
pub fn locate_all(diags: &Diagnostics, ctx: &Context) -> Vec<Located> {
    let mut texts: BTreeMap<&str, Option<Lines>> = BTreeMap::new();
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    diags
        .iter()
        .map(|d| {
            let text = texts
                .entry(d.file.as_str())
                .or_insert_with(|| source_text(ctx.sources, &d.file).map(Lines::new));
            let line_text = text.as_ref().and_then(|t| t.nth(d.pos.line));
            let end = line_text.and_then(|l| span_end(l, d.pos.col));
            let path = display_path(ctx.shown_dir, &d.file);
            let hash = line_hash(d, &path, line_text);
            let n = seen.entry(hash.clone()).or_insert(0);
            *n += 1;
            Located {
                path,
                line: d.pos.line,
                column: d.pos.col,
                end: end.map(|c| (d.pos.line, c)),
                hash,
                occurrence: *n,
            }
        })
        .collect()
}

fn source_text(sources: &dyn SourceMap, file: &str) -> Option<String> {
    if file.is_empty() {
        return None;
    }
    sources.text(file)
}

/// A file's text with where each of its lines starts.
struct Lines {
    text: String,
    starts: Vec<usize>,
}

/// Where each line of `text` starts (byte offsets; the first is 0).
pub(super) fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

impl Lines {
    fn new(text: String) -> Lines {
        let starts = line_starts(&text);
        Lines { text, starts }
    }

    /// Line `line` (1-based) without its line break.
    fn nth(&self, line: u32) -> Option<&str> {
        let idx = usize::try_from(line.checked_sub(1)?).ok()?;
        let start = *self.starts.get(idx)?;
        let end = self
            .starts
            .get(idx + 1)
            .map_or(self.text.len(), |next| next - 1);
        self.text.get(start..end).map(|l| l.trim_end_matches('\r'))
    }
}

/// The exclusive end column of the span starting at `col`, if non-empty.
fn span_end(line: &str, col: u32) -> Option<u32> {
    let start = usize::try_from(col.checked_sub(1)?).ok()?;
    let before = line.chars().count();
    if start >= before {
        return None;
    }
    let len = line.trim_end().chars().count();
    (len > start).then(|| u32::try_from(len + 1).unwrap_or(u32::MAX))
}

/// 16 hex digits of SHA-256 over code, path and the line's trimmed text (the
/// message when the line cannot be read).
fn line_hash(d: &Diagnostic, path: &str, line_text: Option<&str>) -> String {
    let mut h = Sha256::new();
    for part in [d.code, path, line_text.map(str::trim).unwrap_or(&d.message)] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A path as a URI reference: `/`-separated segments, every byte outside
/// RFC 3986's unreserved set percent-encoded.
pub fn uri_reference(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The repository root above `start`: the nearest folder holding `.git`
/// (a folder, or a file in a worktree).
pub fn repository_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

/// The content directory as reports name it: relative to `base` when it lies
/// inside it, else as given (made absolute only if it was). `cwd` is the
/// directory relative paths start from.
pub fn shown_dir(content: &Path, base: &Path, cwd: &Path) -> PathBuf {
    let abs = |p: &Path| {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            cwd.join(p)
        };
        std::fs::canonicalize(&p).unwrap_or_else(|_| normalise(&p))
    };
    match abs(content).strip_prefix(abs(base)) {
        Ok(rel) => rel.to_path_buf(),
        Err(_) => content.to_path_buf(),
    }
}

/// `.` and `..` resolved without touching the file system.
pub fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The files `--only` names, as paths relative to the content directory
/// (the form of [`crate::diagnostics::Diagnostic::file`]). `only` holds paths
/// relative to `cwd` (as `git diff --name-only` prints them from the
/// repository root) or absolute; those outside the content directory are
/// left out.
pub fn content_relative(content: &Path, cwd: &Path, only: &[PathBuf]) -> Vec<String> {
    let abs = |p: &Path| {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            cwd.join(p)
        };
        normalise(&std::fs::canonicalize(&p).unwrap_or(p))
    };
    let root = abs(content);
    only.iter()
        .filter_map(|p| {
            let rel = abs(p).strip_prefix(&root).ok()?.to_path_buf();
            let s = rel.to_string_lossy().replace('\\', "/");
            (!s.is_empty()).then_some(s)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_those_a_split_at_line_feeds_gives() {
        for text in ["", "a", "a\n", "a\r\nb\n\nc", "\n\n", "é\r\n日本\n"] {
            let lines = Lines::new(text.to_string());
            let split: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
            for n in 0..split.len() as u32 + 2 {
                let want = n
                    .checked_sub(1)
                    .and_then(|i| split.get(i as usize).copied());
                assert_eq!(lines.nth(n), want, "{text:?} line {n}");
            }
        }
    }

    #[test]
    fn span_runs_to_the_end_of_the_trimmed_line() {
        assert_eq!(span_end("status: opne  ", 9), Some(13));
        assert_eq!(span_end("status:", 8), None);
        assert_eq!(span_end("x", 0), None);
    }

    #[test]
    fn uri_reference_encodes_spaces_and_non_ascii() {
        assert_eq!(
            uri_reference("content/a b/é#.yaml"),
            "content/a%20b/%C3%A9%23.yaml"
        );
    }

    fn located(text: &str, at: &[(usize, usize)]) -> Vec<Located> {
        use crate::diagnostics::{codes, Diagnostic, Pos};
        let mut sources = BTreeMap::new();
        sources.insert("a.yaml".to_string(), text.to_string());
        let diags: Diagnostics = at
            .iter()
            .map(|&(l, c)| Diagnostic::new(codes::UNKNOWN_KEY, "a.yaml", Pos::new(l, c), "x"))
            .collect();
        let ctx = Context {
            shown_dir: Path::new("content"),
            sources: &sources,
            color: false,
            files_checked: 1,
            failed: false,
            lang: crate::diagnostics::Lang::En,
        };
        locate_all(&diags, &ctx)
    }

    #[test]
    fn line_hash_ignores_line_numbers_and_counts_repeats_on_one_line() {
        let before = located("a: 1\nm: {x: 1, y: 2}\n", &[(2, 5), (2, 11)]);
        let after = located("\n\na: 1\nm: {x: 1, y: 2}\n", &[(4, 5), (4, 11)]);
        assert_eq!(before[0].line_hash(), after[0].line_hash());
        assert_eq!(before[1].line_hash(), after[1].line_hash());
        assert_ne!(before[0].line_hash(), before[1].line_hash());
        assert_eq!(before[0].path, "content/a.yaml");
        assert_eq!(before[0].end, Some((2, 16)));
    }

    #[test]
    fn display_path_is_never_empty() {
        assert_eq!(display_path(Path::new(""), ""), ".");
        assert_eq!(
            display_path(Path::new("./content"), "a.yaml"),
            "content/a.yaml"
        );
    }
}
