//! YAML syntax errors (E004) said for the mistakes people make most: the
//! parser's own words (always English, `{detail}`) become a plain sentence,
//! and where the parser stops a line or two after the mistake, the
//! diagnostic points at the line to correct.

use crate::diagnostics::{msg, Msg, Pos};

/// What E004 says, its hint, and where: `detail` is the parser's message at
/// `at` (a position in `text`, lines counted from 1 within it).
pub(super) fn explain(text: &str, detail: &str, at: Pos) -> (Msg, Msg, Pos) {
    if detail.contains("simple key expect ':'") || detail.contains("mapping values are not allowed")
    {
        if let Some((pos, example)) = colon_without_space_above(text, at.line) {
            return (
                msg!("E004.colon_no_space", detail = detail),
                msg!("E004.colon_no_space_hint", example = example),
                pos,
            );
        }
    }
    if detail.contains("simple key expect ':'") {
        if let Some((line, col, written)) = line_without_colon(text, at.line) {
            let example = with_colon(written);
            return (
                msg!("E004.missing_colon", detail = detail),
                msg!("E004.missing_colon_hint", example = example),
                Pos { line, col },
            );
        }
    }
    if detail.contains("expected '-' indicator") {
        if let Some(item) = dash_without_space(text, at) {
            let example = format!("- {}", item);
            return (
                msg!("E004.dash_no_space", detail = detail),
                msg!("E004.dash_no_space_hint", example = example),
                at,
            );
        }
    }
    if detail.contains("mapping values are not allowed") && indented_deeper(text, at) {
        return (
            msg!("E004.indented_deeper", detail = detail),
            msg!("E004.syntax_hint"),
            at,
        );
    }
    (
        msg!(key(detail), detail = detail),
        msg!("E004.syntax_hint"),
        at,
    )
}

/// The catalogue key of the parser's message, for the errors people make
/// most; the plain `E004.syntax` otherwise.
fn key(detail: &str) -> &'static str {
    const KNOWN: [(&str, &str); 6] = [
        ("mapping values are not allowed", "E004.colon_in_value"),
        ("could not find expected ':'", "E004.no_colon"),
        ("did not find expected key", "E004.expected_key"),
        ("cannot start any token", "E004.bad_start"),
        ("while scanning a quoted scalar", "E004.unclosed_quote"),
        ("more than one YAML document", "E004.two_documents"),
    ];
    KNOWN
        .iter()
        .find(|(words, _)| detail.contains(words))
        .map_or("E004.syntax", |(_, key)| key)
}

/// Lines of text that say something: not blank, not only a comment.
fn says_something(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with('#')
}

/// The line before line `before` that says something, with its number, when
/// it has no colon ending a key: the line a "simple key" error (raised on
/// the next key, or on the comment under the line) is about. Its number,
/// the column of its first character, and its text without indentation.
fn line_without_colon(text: &str, before: u32) -> Option<(u32, u32, &str)> {
    let lines: Vec<&str> = text.lines().collect();
    let last = usize::try_from(before).ok()?.checked_sub(1)?;
    let (idx, line) = lines
        .get(..last.min(lines.len()))?
        .iter()
        .enumerate()
        .rev()
        .find(|(_, l)| says_something(l))?;
    let written = line.trim_start();
    if written.starts_with('-') || written.contains(": ") || written.trim_end().ends_with(':') {
        return None;
    }
    let indent = line.chars().count() - written.chars().count();
    Some((
        u32::try_from(idx + 1).ok()?,
        u32::try_from(indent + 1).ok()?,
        written.trim_end(),
    ))
}

/// The line above line `before` that says something, when it is a key
/// and its value with no space after the colon (`status:closed`): the
/// parser reads it as the start of a value and stops on the next line. The
/// position of its colon, and the line as it should be written.
fn colon_without_space_above(text: &str, before: u32) -> Option<(Pos, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let here = usize::try_from(before).ok()?.checked_sub(1)?;
    let (idx, line) = lines
        .get(..here.min(lines.len()))?
        .iter()
        .enumerate()
        .rev()
        .find(|(_, l)| says_something(l))?;
    let indent_of = |l: &str| l.chars().count() - l.trim_start().chars().count();
    // The line the parser stopped on continues the value: same indentation.
    if let Some(next) = lines.get(here) {
        if says_something(next) && indent_of(next) != indent_of(line) {
            return None;
        }
    }
    let written = line.trim();
    let (key, value) = written.split_once(':')?;
    let keyish = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !key.starts_with('-');
    let glued = value.starts_with(|c: char| !c.is_whitespace() && c != '/' && c != ':');
    if !keyish || !glued || value.contains(": ") {
        return None;
    }
    let col = indent_of(line) + key.chars().count() + 1;
    Some((
        Pos {
            line: u32::try_from(idx + 1).ok()?,
            col: u32::try_from(col).ok()?,
        },
        format!("{key}: {value}"),
    ))
}

/// The text after the dash when the line at `at` is a list item written
/// without the space after its dash (`-at: …`), the dash at `at`.
fn dash_without_space(text: &str, at: Pos) -> Option<&str> {
    let line = text
        .lines()
        .nth(usize::try_from(at.line).ok()?.checked_sub(1)?)?;
    let written = line.trim_start();
    let indent = line.chars().count() - written.chars().count();
    let rest = written.strip_prefix('-')?;
    let spaced = rest.is_empty() || rest.starts_with(char::is_whitespace) || rest.starts_with('-');
    (indent + 1 == at.col as usize && !spaced).then(|| rest.trim_end())
}

/// `reporter 小林 彩` as it should be written: `reporter: 小林 彩`.
fn with_colon(written: &str) -> String {
    match written.split_once(|c: char| c.is_whitespace()) {
        Some((key, rest)) => format!("{key}: {}", rest.trim_start()),
        None => format!("{written}: "),
    }
}

/// Whether the colon at `at` ends the key that starts its line, on a line
/// indented deeper than the line above it that says something: the mark of
/// a key indented too far (or of the key above left too shallow), which
/// the parser reports as a colon in a value.
fn indented_deeper(text: &str, at: Pos) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    let Some(idx) = (at.line as usize).checked_sub(1) else {
        return false;
    };
    let Some(line) = lines.get(idx) else {
        return false;
    };
    let written = line.trim_start();
    let indent = line.chars().count() - written.chars().count();
    // The first colon of the line, as a column counted from 1.
    let Some(colon) = written.chars().position(|c| c == ':') else {
        return false;
    };
    if indent + colon + 1 != at.col as usize || written.starts_with(['-', '#', '"', '\'']) {
        return false;
    }
    let above = lines[..idx].iter().rev().find(|l| says_something(l));
    above.is_some_and(|l| {
        let w = l.trim_start();
        l.chars().count() - w.chars().count() < indent && !w.trim_end().ends_with(':')
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Arg;

    fn at(line: u32, col: u32) -> Pos {
        Pos { line, col }
    }

    #[test]
    fn a_missing_colon_is_shown_on_its_line_above_comments_and_blank_lines() {
        let text = "id: X\nreporter 総務部\n\n# 発生場所\nlocation:\n";
        let (m, hint, pos) = explain(text, "simple key expect ':'", at(4, 1));
        assert_eq!(m.key, "E004.missing_colon");
        assert_eq!(pos, at(2, 1));
        assert!(matches!(&hint.args[0].1, Arg::Text(t) if t == "reporter: 総務部"));
    }

    #[test]
    fn a_colon_without_its_space_is_named_with_the_line_to_write() {
        // `status:closed` at the top level: the parser stops on the next key.
        let text = "id: X\nstatus:closed\nresponsible: it_admin\n";
        let (m, hint, pos) = explain(text, "simple key expect ':'", at(3, 1));
        assert_eq!(m.key, "E004.colon_no_space");
        assert_eq!(pos, at(2, 7));
        assert!(matches!(&hint.args[0].1, Arg::Text(t) if t == "status: closed"));
        let text = "id: X\ntags:[誤送信, 見本]\nlessons: x\n";
        let (_, hint, _) = explain(text, "simple key expect ':'", at(3, 1));
        assert!(matches!(&hint.args[0].1, Arg::Text(t) if t == "tags: [誤送信, 見本]"));
        // Nested: the parser reads `stage:weakness` as the start of a value
        // and stops at the colon of the next line.
        let text = "assessment:\n  stage:weakness\n  decided_by: it_admin\n";
        let (m, hint, pos) = explain(
            text,
            "mapping values are not allowed in this context",
            at(3, 13),
        );
        assert_eq!(m.key, "E004.colon_no_space");
        assert_eq!(pos, at(2, 8));
        assert!(matches!(&hint.args[0].1, Arg::Text(t) if t == "stage: weakness"));
        // A URL on a line of its own is not a key.
        let text = "summary:\n  http://example.com\n  note: x\n";
        let (m, _, _) = explain(
            text,
            "mapping values are not allowed in this context",
            at(3, 7),
        );
        assert_ne!(m.key, "E004.colon_no_space");
    }

    #[test]
    fn a_dash_without_its_space_is_named() {
        let text = "timeline:\n  - at: 1\n  -at: 2\n";
        let (m, hint, pos) = explain(text, "did not find expected '-' indicator", at(3, 3));
        assert_eq!(m.key, "E004.dash_no_space");
        assert_eq!(pos, at(3, 3));
        assert!(matches!(&hint.args[0].1, Arg::Text(t) if t == "- at: 2"));
        let text = "timeline:\n  - at: 1\n  x: 2\n";
        let (m, _, _) = explain(text, "did not find expected '-' indicator", at(3, 3));
        assert_eq!(m.key, "E004.syntax");
    }

    #[test]
    fn a_line_with_its_colon_keeps_the_parsers_position() {
        let text = "id: X\nreporter: a\nlocation: b\n";
        let (m, _, pos) = explain(text, "simple key expect ':'", at(3, 1));
        assert_eq!(m.key, "E004.syntax");
        assert_eq!(pos, at(3, 1));
    }

    #[test]
    fn a_colon_in_a_value_is_not_taken_for_indentation() {
        let text = "id: X\ntitle: 大阪: 古い NAS\n";
        let (m, _, _) = explain(text, "mapping values are not allowed", at(2, 10));
        assert_eq!(m.key, "E004.colon_in_value");
        let text = "impact:\npersonal_data: false\n  malicious: false\n";
        let (m, _, pos) = explain(text, "mapping values are not allowed", at(3, 12));
        assert_eq!(m.key, "E004.indented_deeper");
        assert_eq!(pos, at(3, 12));
    }
}
