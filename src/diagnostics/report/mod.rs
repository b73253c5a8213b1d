//! Output formats for diagnostics: `human` (with source snippets), `json`
//! (a stable, documented schema), `github` (workflow commands), `sarif`
//! (SARIF 2.1.0, for code scanning) and `gitlab` (Code Quality). Each
//! machine format beyond the first three lives in its own file and is
//! registered with one line in [`render_report`] and one in [`failure`].

mod gitlab;
pub mod locate;
mod sarif;

use super::catalogue::fmt as tr;
use super::{Diagnostic, Diagnostics, Lang, Severity};
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};
pub use locate::{display_path, repository_root, shown_dir};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
    Sarif,
    Gitlab,
}

impl Format {
    /// Formats read by programs; they go to standard output (or `--output`).
    pub fn is_machine(self) -> bool {
        self != Format::Human
    }
}

/// What a report is rendered from besides the diagnostics.
pub struct Context<'a> {
    /// The content directory as reports name it: relative to the path base
    /// (the repository root), or as the user named it outside of it.
    pub shown_dir: &'a Path,
    /// The files' text, for snippets, spans and fingerprints.
    pub sources: &'a dyn SourceMap,
    pub color: bool,
    pub files_checked: usize,
    /// The run fails (exit 1): errors, or warnings under `--deny-warnings`.
    pub failed: bool,
    /// The language of what people read (human and github formats); the
    /// machine formats keep the stable English `message`.
    pub lang: Lang,
}

/// Version of the JSON output schema (see docs/cli.md). Bump on breaking change.
pub const JSON_SCHEMA_VERSION: u32 = 1;

/// The text of the files diagnostics point into, for source snippets. The
/// report never reads files itself: whoever renders it hands over the map
/// (the loader's, `crate::load::SourceFiles`, reads lazily and applies the
/// loader's rules; tests hand a plain map).
pub trait SourceMap {
    /// The text of `file` (relative to the content directory), or `None`
    /// when it cannot or must not be shown.
    fn text(&self, file: &str) -> Option<String>;
}

impl SourceMap for BTreeMap<String, String> {
    fn text(&self, file: &str) -> Option<String> {
        self.get(file).cloned()
    }
}

/// Render diagnostics for people or machines. `content_dir` is the directory as
/// the user named it; file paths are shown relative to the working directory
/// (content_dir joined with the file) so that editors and CI can open them.
/// `sources` gives the files' text for the snippets of the human format.
pub fn render(
    diags: &Diagnostics,
    content_dir: &Path,
    sources: &dyn SourceMap,
    format: Format,
    color: bool,
    files_checked: usize,
    lang: Lang,
) -> String {
    let ctx = Context {
        shown_dir: content_dir,
        sources,
        color,
        files_checked,
        failed: diags.has_errors(),
        lang,
    };
    render_report(diags, &ctx, format)
}

/// Render diagnostics in `format` with everything [`Context`] gives.
pub fn render_report(diags: &Diagnostics, ctx: &Context, format: Format) -> String {
    match format {
        Format::Human => human(diags, ctx),
        Format::Json => json(diags, ctx),
        Format::Github => github(diags, ctx),
        Format::Sarif => sarif::render(diags, ctx),
        Format::Gitlab => gitlab::render(diags, ctx),
    }
}

/// What a format prints when the check could not run at all (exit 2), so
/// that a CI step uploading the report never uploads an empty file.
pub fn failure(format: Format, message: &str, ctx: &Context) -> String {
    match format {
        Format::Human => no_workflow_commands(format!("error: {}\n", terminal_safe(message))),
        Format::Json => json_failure(message),
        Format::Github => format!("::error title=ismsbook::{}\n", gh_escape(message, false)),
        Format::Sarif => sarif::failure(message),
        Format::Gitlab => gitlab::failure(message, ctx),
    }
}

/// Codes that point at one character (a full-width colon, space or digit,
/// a tab, a curly quote), not at a value.
const SINGLE_CHARACTER: [&str; 5] = ["E011", "E012", "E013", "W014", "E015"];

/// Byte range of the token starting at (line, col) in `text`, whose lines
/// start at `starts` (worked out once per file: a file with 100,000
/// diagnostics was read from its top for each); falls back to an empty
/// range at the start of the line when the position is out of range.
fn byte_range(text: &str, starts: &[usize], d: &Diagnostic) -> std::ops::Range<usize> {
    let line_idx = d.pos.line.saturating_sub(1) as usize;
    let Some(&offset) = starts.get(line_idx).filter(|&&o| o < text.len()) else {
        return 0..0;
    };
    let end_of_line = starts.get(line_idx + 1).map_or(text.len(), |&e| e);
    let Some(line) = text.get(offset..end_of_line) else {
        return 0..0;
    };
    let content = line.trim_end_matches(['\n', '\r']);
    let start = content
        .char_indices()
        .nth(d.pos.col.saturating_sub(1) as usize)
        .map(|(b, _)| b)
        .unwrap_or(0);
    let rest = &content[start..];
    // A typing mistake is one character: underline just it.
    let one = SINGLE_CHARACTER.contains(&d.code);
    let end = match rest.chars().next() {
        Some(c) if one => start + c.len_utf8(),
        _ => start + rest.trim_end().len(),
    };
    offset + start..offset + end.max(start)
}

/// Longest source line shown in a snippet, in characters.
const MAX_SNIPPET_LINE: usize = 200;

/// Cut overlong lines (minified or generated files) so a snippet stays readable.
/// `text` safe to print on a terminal: control characters other than line
/// breaks and tabs (an escape sequence in a hostile file would otherwise
/// reach the terminal or the CI log) become U+FFFD, one character for one,
/// so columns stay where they were.
fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    // A carriage return is kept only as the first half of a CRLF: a bare
    // one starts a new line for a CI runner (GitHub's splits at CR), where
    // the rest of a hostile source line would be read as a command.
    let bytes = text.as_bytes();
    let unsafe_at = |i: usize, c: char| {
        (c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
            || (c == '\r' && bytes.get(i + 1) != Some(&b'\n'))
    };
    if text.char_indices().any(|(i, c)| unsafe_at(i, c)) {
        text.char_indices()
            .map(|(i, c)| if unsafe_at(i, c) { '\u{FFFD}' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// `text` on one line: every control character, line breaks and tabs
/// included, becomes U+FFFD. For file names and cells, which a line break
/// would split into a second line of the report.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

/// A line of a report for people that starts, after any whitespace, with
/// `::` is a workflow command to GitHub's runner (`::error …`,
/// `::add-mask::`, `::stop-commands::`), which reads standard error too.
/// Such a line can only come from the content (a line break in a quoted
/// key or value): its first colon becomes U+FFFD, so the line is shown and
/// never run.
fn no_workflow_commands(report: String) -> String {
    if !report.contains("::") {
        return report;
    }
    report
        .split_inclusive('\n')
        .map(|line| {
            let body = line.trim_start();
            if body.starts_with("::") {
                let at = line.len() - body.len();
                format!("{}\u{FFFD}{}", &line[..at], &line[at + 1..])
            } else {
                line.to_string()
            }
        })
        .collect()
}

fn clip_lines(text: &str) -> String {
    let text = &*terminal_safe(text);
    if text.lines().all(|l| l.len() <= MAX_SNIPPET_LINE) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len().min(1 << 20));
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if body.chars().count() > MAX_SNIPPET_LINE {
            out.extend(body.chars().take(MAX_SNIPPET_LINE));
            out.push('…');
            out.push_str(&line[body.len()..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The last line of the human and github formats. It says `failed` exactly
/// when the run fails (errors, or warnings under `--deny-warnings`).
fn summary_line(diags: &Diagnostics, ctx: &Context) -> String {
    let lang = ctx.lang;
    let files_checked = ctx.files_checked.to_string();
    let (e, w) = (diags.errors(), diags.warnings());
    let files: std::collections::BTreeSet<&str> = diags.iter().map(|d| d.file.as_str()).collect();
    if e == 0 && w == 0 {
        return tr(lang, "output.summary_clean", &[("files", &files_checked)]);
    }
    let count = |n: usize, one: &str, many: &str| {
        let key = if n == 1 { one } else { many };
        tr(lang, key, &[("n", &n.to_string())])
    };
    let checked = if ctx.files_checked > 0 {
        tr(lang, "output.files_checked", &[("n", &files_checked)])
    } else {
        String::new()
    };
    let status = tr(
        lang,
        if ctx.failed {
            "output.failed"
        } else {
            "output.ok"
        },
        &[],
    );
    tr(
        lang,
        "output.summary",
        &[
            ("status", &status),
            (
                "errors",
                &count(e, "output.errors_one", "output.errors_many"),
            ),
            (
                "warnings",
                &count(w, "output.warnings_one", "output.warnings_many"),
            ),
            (
                "files",
                &count(files.len(), "output.files_one", "output.files_many"),
            ),
            ("checked", &checked),
        ],
    )
}

fn human(diags: &Diagnostics, ctx: &Context) -> String {
    let (content_dir, sources, color) = (ctx.shown_dir, ctx.sources, ctx.color);
    let shown = |file: &str| one_line(&display_path(content_dir, file));
    let mut files = SimpleFiles::new();
    let mut ids: BTreeMap<&str, Option<(usize, Vec<usize>)>> = BTreeMap::new();
    let mut buf = termcolor::Buffer::no_color();
    if color {
        buf = termcolor::Buffer::ansi();
    }
    let config = term::Config::default();
    for d in diags.iter() {
        let file_id = ids.entry(d.file.as_str()).or_insert_with(|| {
            // Asked once per file, only for files that have diagnostics.
            let text = clip_lines(&sources.text(&d.file)?);
            let starts = locate::line_starts(&text);
            Some((files.add(shown(&d.file), text), starts))
        });
        let mut cs = match d.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        }
        .with_code(d.code)
        .with_message(terminal_safe(&d.message_in(ctx.lang)));
        let mut notes = Vec::new();
        match file_id {
            Some((id, starts)) => {
                let range = files
                    .get(*id)
                    .map(|f| byte_range(f.source(), starts, d))
                    .unwrap_or(0..0);
                cs = cs.with_labels(vec![Label::primary(*id, range)]);
            }
            None => {
                let place = match &d.cell {
                    Some(cell) => format!("{}:{}", shown(&d.file), one_line(cell)),
                    None => format!("{}:{}:{}", shown(&d.file), d.pos.line, d.pos.col),
                };
                notes.push(tr(ctx.lang, "output.at", &[("place", &place)]))
            }
        }
        if let Some(h) = d.hint_in(ctx.lang) {
            notes.push(tr(ctx.lang, "output.hint", &[("text", &terminal_safe(&h))]));
        }
        notes.push(tr(ctx.lang, "output.more", &[("code", d.code)]));
        cs = cs.with_notes(notes);
        if term::emit(&mut buf, &config, &files, &cs).is_err() {
            // A snippet that cannot be drawn must not hide the diagnostic itself.
            let fallback = format!(
                "{}[{}]: {}\n  --> {}:{}:{}\n",
                if d.is_error() { "error" } else { "warning" },
                d.code,
                terminal_safe(&d.message_in(ctx.lang)),
                shown(&d.file),
                d.pos.line,
                d.pos.col
            );
            use std::io::Write;
            let _ = buf.write_all(fallback.as_bytes());
        }
    }
    let mut out = String::from_utf8_lossy(buf.as_slice()).into_owned();
    out.push_str(&summary_line(diags, ctx));
    out.push('\n');
    no_workflow_commands(out)
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    summary: JsonSummary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonSummary {
    errors: usize,
    warnings: usize,
    files_checked: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: Severity,
    file: &'a str,
    path: String,
    line: u32,
    column: u32,
    /// End of the span the human format underlines (exclusive), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
    message: &'a str,
    hint: Option<&'a str>,
    /// The spreadsheet cell (`Sheet1!D17`) of an `import` diagnostic.
    #[serde(skip_serializing_if = "Option::is_none")]
    cell: Option<&'a str>,
}

fn json(diags: &Diagnostics, ctx: &Context) -> String {
    let located = locate::locate_all(diags, ctx);
    let files_checked = ctx.files_checked;
    let report = JsonReport {
        version: JSON_SCHEMA_VERSION,
        summary: JsonSummary {
            errors: diags.errors(),
            warnings: diags.warnings(),
            files_checked,
        },
        diagnostics: diags
            .iter()
            .zip(&located)
            .map(|(d, at)| JsonDiagnostic {
                code: d.code,
                severity: d.severity,
                file: &d.file,
                path: at.path.clone(),
                line: d.pos.line,
                column: d.pos.col,
                end_line: at.end.map(|e| e.0),
                end_column: at.end.map(|e| e.1),
                message: &d.message,
                hint: d.hint.as_deref(),
                cell: d.cell.as_deref().map(String::as_str),
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// The JSON document of a run that could not check (exit 2).
fn json_failure(message: &str) -> String {
    let doc = serde_json::json!({
        "version": JSON_SCHEMA_VERSION,
        "error": message,
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// GitHub workflow commands escape `%`, CR and LF in messages, plus `:` and `,`
/// in properties.
fn gh_escape(s: &str, property: bool) -> String {
    let mut out = terminal_safe(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

fn github(diags: &Diagnostics, ctx: &Context) -> String {
    let content_dir = ctx.shown_dir;
    let mut out = String::new();
    for d in diags.iter() {
        let kind = if d.is_error() { "error" } else { "warning" };
        let mut msg = match &d.cell {
            Some(cell) => format!("{cell}: {}", d.message_in(ctx.lang)),
            None => d.message_in(ctx.lang).into_owned(),
        };
        if let Some(h) = d.hint_in(ctx.lang) {
            msg.push('\n');
            msg.push_str(&tr(ctx.lang, "output.hint", &[("text", &h)]));
        }
        out.push_str(&format!(
            "::{kind} file={},line={},col={},title={}::{}\n",
            gh_escape(&display_path(content_dir, &d.file), true),
            d.pos.line,
            d.pos.col,
            gh_escape(d.code, true),
            gh_escape(&msg, false)
        ));
    }
    out.push_str(&summary_line(diags, ctx));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{codes, Pos};

    fn sample() -> Diagnostics {
        let d = Diagnostic::new(
            codes::MISSING_FIELD,
            "incidents/2026/INC-1.yaml",
            Pos::new(7, 14),
            "field `title` is missing",
        )
        .hint("add `title: ...`");
        vec![d].into_iter().collect()
    }

    fn no_sources() -> BTreeMap<String, String> {
        BTreeMap::new()
    }

    #[test]
    fn human_format_shows_the_snippet_from_the_map_it_is_given() {
        let mut sources = no_sources();
        let mut text = String::new();
        for n in 1..=6 {
            text.push_str(&format!("line{n}: x\n"));
        }
        text.push_str("status: closed # the line of the problem\n");
        sources.insert("incidents/2026/INC-1.yaml".to_string(), text);
        let out = render(
            &sample(),
            Path::new("/nowhere"),
            &sources,
            Format::Human,
            false,
            1,
            Lang::En,
        );
        assert!(out.contains("the line of the problem"), "{out}");
    }

    #[test]
    fn escape_sequences_never_reach_the_terminal() {
        let d = Diagnostic::new(
            codes::UNKNOWN_KEY,
            "a.yaml",
            Pos::new(1, 1),
            "key `\u{1b}[2Jx` is unknown",
        )
        .hint("remove `\u{1b}]0;owned\u{7}`");
        let mut sources = no_sources();
        sources.insert("a.yaml".to_string(), "\u{1b}[2Jx: 1\n".to_string());
        let diags: Diagnostics = vec![d].into_iter().collect();
        let out = render(
            &diags,
            Path::new("c"),
            &sources,
            Format::Human,
            false,
            1,
            Lang::En,
        );
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
        assert!(out.contains("\u{FFFD}[2Jx"), "{out}");
    }

    #[test]
    fn the_human_report_starts_no_workflow_command_and_keeps_crlf() {
        assert_eq!(
            no_workflow_commands("a `k\n  ::error::x` b\n::\nok :: ok\n".into()),
            "a `k\n  \u{FFFD}:error::x` b\n\u{FFFD}:\nok :: ok\n"
        );
        assert_eq!(terminal_safe("a\r\nb\rc"), "a\r\nb\u{FFFD}c");
        assert_eq!(one_line("a\nb\r\tc"), "a\u{FFFD}b\u{FFFD}\u{FFFD}c");
    }

    #[test]
    fn github_format_matches_workflow_command_syntax() {
        let out = render(
            &sample(),
            Path::new("content"),
            &no_sources(),
            Format::Github,
            false,
            3,
            Lang::En,
        );
        assert!(out.starts_with(
            "::error file=content/incidents/2026/INC-1.yaml,line=7,col=14,title=E101::field `title` is missing%0Ahint: add `title: ...`\n"
        ), "{out}");
    }

    #[test]
    fn json_format_has_position_and_summary() {
        let out = render(
            &sample(),
            Path::new("content"),
            &no_sources(),
            Format::Json,
            false,
            3,
            Lang::En,
        );
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["version"], 1);
        assert_eq!(v["summary"]["errors"], 1);
        assert_eq!(v["diagnostics"][0]["line"], 7);
        assert_eq!(v["diagnostics"][0]["column"], 14);
        assert_eq!(v["diagnostics"][0]["code"], "E101");
    }

    #[test]
    fn human_format_without_source_still_names_position() {
        let out = render(
            &sample(),
            Path::new("/nonexistent"),
            &no_sources(),
            Format::Human,
            false,
            3,
            Lang::En,
        );
        assert!(out.contains("E101"), "{out}");
        assert!(out.contains("INC-1.yaml:7:14"), "{out}");
        assert!(out.contains("hint: add"), "{out}");
    }
}
