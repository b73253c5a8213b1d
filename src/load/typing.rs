//! Typing mistakes a YAML parser reports badly, found before it runs: a
//! full-width colon after a key (`title：…`, E011), a full-width space used
//! as indentation or after a colon (E012), a tab used for indentation
//! (E013), and curly quotation marks around a value (W014). Each is
//! reported at its character, naming it.
//!
//! The colon and the space after a colon are repaired in a copy of the text
//! (a half-width colon and space) so that the rest of the file is still
//! read and checked; indentation cannot be repaired with certainty, so a
//! file with tabs or full-width spaces there is reported with those alone.

use crate::diagnostics::msg;
use crate::diagnostics::{codes, Diagnostic, Pos};

/// What the scan found in one text.
pub struct Scan {
    pub diagnostics: Vec<Diagnostic>,
    /// The text with the repairable mistakes repaired (`None`: nothing to
    /// repair).
    pub repaired: Option<String>,
    /// Where the repair inserted a character: (line, column) of the
    /// insertion; later columns on that line are one more than in the file.
    pub inserted: Vec<(u32, u32)>,
    /// Indentation was broken: the structure cannot be trusted.
    pub structural: bool,
}

impl Scan {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

const FW_COLON: char = '：';
const FW_SPACE: char = '\u{3000}';

/// Whether `text` holds a tab, a full-width colon or space, or a curly
/// quotation mark: what [`scan`] looks at further.
fn holds_any(text: &str) -> bool {
    // The searchers made once (`memmem::find` makes one a call: 0.4 % of
    // `check` at 100,000 records).
    static FINDERS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 4]> =
        std::sync::LazyLock::new(|| {
            [FW_COLON, FW_SPACE, '“', '‘'].map(|c| {
                memchr::memmem::Finder::new(c.encode_utf8(&mut [0; 4]).as_bytes()).into_owned()
            })
        });
    let b = text.as_bytes();
    memchr::memchr(b'\t', b).is_some() || FINDERS.iter().any(|f| f.find(b).is_some())
}

/// Scan `text` of file `rel`, whose first line is line `1 + line_offset`.
pub fn scan(text: &str, rel: &str, line_offset: u32) -> Scan {
    let mut out = Scan {
        diagnostics: Vec::new(),
        repaired: None,
        inserted: Vec::new(),
        structural: false,
    };
    // One pass per character, each a substring search (vectorised), not
    // one pass decoding every character: most files hold none of them.
    if !holds_any(text) {
        return out;
    }
    let mut repaired = String::with_capacity(text.len() + 8);
    let mut changed = false;
    // The indentation of the key whose block scalar (`|`, `>`) the
    // following lines may belong to.
    let mut block: Option<usize> = None;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let line_no = u32::try_from(i).unwrap_or(u32::MAX - 1) + 1 + line_offset;
        let line = raw.trim_end_matches(['\n', '\r']);
        let ending = &raw[line.len()..];
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(b) = block {
            if line.trim().is_empty() || indent > b {
                repaired.push_str(raw);
                continue;
            }
            block = None;
        }
        let at = |col: usize| Pos::new(line_no as usize, col);
        let mut fixed = String::with_capacity(line.len() + 2);
        let chars: Vec<char> = line.chars().collect();
        // Indentation: spaces, tabs and full-width spaces before the text.
        let lead = chars
            .iter()
            .take_while(|c| matches!(**c, ' ' | '\t' | FW_SPACE))
            .count();
        let body_starts_comment = chars.get(lead) == Some(&'#');
        if lead < chars.len() && !body_starts_comment {
            if let Some(p) = chars[..lead].iter().position(|&c| c == '\t') {
                out.structural = true;
                out.diagnostics.push(
                    Diagnostic::new(codes::TAB_INDENT, rel, at(p + 1), msg!("E013.indent"))
                        .hint(msg!("E013.indent_hint")),
                );
            } else if let Some(p) = chars[..lead].iter().position(|&c| c == FW_SPACE) {
                out.structural = true;
                out.diagnostics.push(
                    Diagnostic::new(codes::FULLWIDTH_SPACE, rel, at(p + 1), msg!("E012.indent"))
                        .hint(msg!("E012.indent_hint")),
                );
            }
        }
        fixed.extend(&chars[..lead]);
        let mut k = lead;
        // List markers: `- `, or `-` followed by a full-width space.
        while chars.get(k) == Some(&'-')
            && matches!(chars.get(k + 1).copied(), Some(' ' | FW_SPACE))
        {
            fixed.push('-');
            if chars[k + 1] == FW_SPACE {
                out.diagnostics.push(
                    Diagnostic::new(
                        codes::FULLWIDTH_SPACE,
                        rel,
                        at(k + 2),
                        msg!("E012.after_dash"),
                    )
                    .hint(msg!("E012.after_dash_hint")),
                );
                changed = true;
            }
            fixed.push(' ');
            k += 2;
            while chars.get(k) == Some(&' ') {
                fixed.push(' ');
                k += 1;
            }
        }
        // A key: ASCII letters, digits and `_`, then a colon.
        let key_len = chars[k..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == '_')
            .count();
        let mut colon_at = None;
        if key_len > 0 && chars[k].is_ascii_alphabetic() {
            let key: String = chars[k..k + key_len].iter().collect();
            let mut j = k + key_len;
            while matches!(chars.get(j).copied(), Some(' ' | FW_SPACE)) {
                j += 1;
            }
            match chars.get(j) {
                Some(&FW_COLON) => {
                    out.diagnostics.push(
                        Diagnostic::new(
                            codes::FULLWIDTH_COLON,
                            rel,
                            at(j + 1),
                            msg!("E011.colon", key = &key),
                        )
                        .hint(msg!("E011.colon_hint", key = &key)),
                    );
                    fixed.extend(&chars[k..j]);
                    fixed.push(':');
                    changed = true;
                    if !matches!(
                        chars.get(j + 1).copied(),
                        None | Some(' ' | '\t' | FW_SPACE)
                    ) {
                        fixed.push(' ');
                        out.inserted.push((line_no, j as u32 + 2));
                    }
                    colon_at = Some(j);
                }
                Some(':')
                    if matches!(
                        chars.get(j + 1).copied(),
                        None | Some(' ' | '\t' | FW_SPACE)
                    ) =>
                {
                    fixed.extend(&chars[k..=j]);
                    colon_at = Some(j);
                }
                _ => {}
            }
        }
        let Some(colon) = colon_at else {
            fixed.extend(&chars[k..]);
            push_line(&mut repaired, &fixed, ending);
            continue;
        };
        // After the colon: a full-width space as the separator.
        let mut v = colon + 1;
        if chars.get(v) == Some(&FW_SPACE) {
            out.diagnostics.push(
                Diagnostic::new(
                    codes::FULLWIDTH_SPACE,
                    rel,
                    at(v + 1),
                    msg!("E012.after_colon"),
                )
                .hint(msg!("E012.after_colon_hint")),
            );
            changed = true;
            fixed.push(' ');
            v += 1;
            while chars.get(v) == Some(&FW_SPACE) {
                fixed.push(' ');
                v += 1;
            }
        }
        let value: String = chars[v..].iter().collect();
        let trimmed = value.trim();
        if trimmed.starts_with(['|', '>']) {
            block = Some(indent);
        }
        if let Some(first) = trimmed.chars().next().filter(|c| matches!(c, '“' | '‘')) {
            let close = if first == '“' { '”' } else { '’' };
            if trimmed.chars().count() > 1 && trimmed.ends_with(close) {
                let lead_in_value = value.len() - value.trim_start().len();
                let col = v + value[..lead_in_value].chars().count() + 1;
                out.diagnostics.push(
                    Diagnostic::new(
                        codes::SMART_QUOTES,
                        rel,
                        at(col),
                        msg!("W014.quotes", open = first, close = close),
                    )
                    .hint(msg!(
                        "W014.quotes_hint",
                        open = first,
                        close = close
                    )),
                );
            }
        }
        fixed.push_str(&value);
        push_line(&mut repaired, &fixed, ending);
    }
    if changed {
        out.repaired = Some(repaired);
    }
    out
}

fn push_line(out: &mut String, line: &str, ending: &str) {
    out.push_str(line);
    out.push_str(ending);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_question_is_the_characters_looked_for() {
        let slow = |t: &str| {
            ['\t', FW_COLON, FW_SPACE, '“', '‘']
                .iter()
                .any(|c| t.contains(*c))
        };
        for t in [
            "",
            "a",
            "a\tb",
            "title：漏えい",
            "a\u{3000}b",
            "“x”",
            "‘x’",
            "「」、。",
            "：",
            "\u{3001}\u{3000}",
            "”’",
            "ｔ",
        ] {
            assert_eq!(holds_any(t), slow(t), "{t:?}");
        }
    }

    fn found(text: &str) -> Vec<(&'static str, u32, u32)> {
        scan(text, "a.yaml", 0)
            .diagnostics
            .iter()
            .map(|d| (d.code, d.pos.line, d.pos.col))
            .collect()
    }

    #[test]
    fn each_mistake_at_its_character() {
        assert_eq!(found("id: X\ntitle：漏えい\n"), vec![("E011", 2, 6)]);
        assert_eq!(found("a:\n\tb: 1\n"), vec![("E013", 2, 1)]);
        assert_eq!(found("a:\n  \u{3000}b: 1\n"), vec![("E012", 2, 3)]);
        assert_eq!(found("title:\u{3000}x\n"), vec![("E012", 1, 7)]);
        assert_eq!(found("title: “x”\n"), vec![("W014", 1, 8)]);
        assert_eq!(found("-\u{3000}a\n"), vec![("E012", 1, 2)]);
    }

    #[test]
    fn text_in_values_and_block_scalars_is_left_alone() {
        assert!(found("title: 件名：誤送信\nsummary: |\n  \t表\n  key：値\n").is_empty());
        assert!(found("title: “Emotet” 感染\n# a：b\n").is_empty());
    }

    #[test]
    fn the_repair_reads_as_meant() {
        let s = scan("title：漏えい\nlevel:\u{3000}1\n", "a.yaml", 0);
        assert_eq!(s.repaired.as_deref(), Some("title: 漏えい\nlevel: 1\n"));
        assert_eq!(s.inserted, vec![(1, 7)]);
        assert!(!s.structural);
    }
}
