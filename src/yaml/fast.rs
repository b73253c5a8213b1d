//! A fast path for the regular YAML that content files are written in.
//!
//! yaml-rust2 is general and careful, and it is most of the time `check`
//! spends on a large register. Records, though, use a small, regular part of
//! YAML: block mappings with plain keys, block sequences (also of
//! `- key: value` mappings), one-line plain, double-quoted and single-quoted
//! scalars, one-line flow sequences of plain scalars, and `|` blocks. This
//! module reads exactly that, line by line, and builds the same [`Node`] tree
//! yaml-rust2 would, positions included.
//!
//! Anything else — anchors, tags, flow mappings, folded or chomped blocks,
//! multi-line plain or quoted scalars, comments after a value, empty values,
//! tabs, CR, document markers, and every syntax error — is "not mine"
//! (`None`): the general parser then reads the file as before and produces
//! the diagnostics. Declining is always safe, so every rule here errs on the
//! side of declining. Since anchors and aliases are declined, nothing here is
//! ever copied: the text this path builds is at most the file's own bytes, and
//! the expanded-size limit (`MAX_EXPANDED_BYTES`) only needs enforcing where
//! aliases are expanded, in the general parser. `tests/yaml_fastpath.rs` compares both parsers on the
//! example content, generated records and random mutations of them.

use super::{resolve_plain, Node, Value, MAX_DEPTH, MAX_NODES};
use crate::diagnostics::Pos;

/// The tree of `text`, or `None` when the text is outside the subset.
pub(super) fn parse(text: &str) -> Option<Node> {
    if !plain_text(text) {
        return None;
    }
    let mut p = Parser {
        lines: lines(text),
        next: 0,
        nodes: 0,
        depth: 0,
    };
    // The root is a block mapping at column 1; anything after it is not ours.
    let (first, indent) = p.peek()?;
    if indent != 0 {
        return None;
    }
    let root = p.mapping(0, first, p.lines[first])?;
    match p.peek() {
        None => Some(root),
        Some(_) => None,
    }
}

/// The search for a space before a line break, made once.
static SPACE_BEFORE_BREAK: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b" \n"));

/// False for text the line-based reader must not try: control characters
/// (tab, CR, NUL ...), the Unicode line and paragraph separators and NEL, a
/// byte order mark, and trailing spaces (which blank lines full of spaces and
/// the spaces after a `|` block's lines would need special rules for).
fn plain_text(text: &str) -> bool {
    let b = text.as_bytes();
    // Whether byte `i` starts something refused (`b[i - 1]`: the byte before).
    let refused = |i: usize| match b[i] {
        b'\n' => i > 0 && b[i - 1] == b' ',
        0..=0x1f | 0x7f => true,
        // U+0080..U+009F (C1 controls, NEL among them)
        0xc2 => matches!(b.get(i + 1), Some(0x80..=0x9f)),
        // U+2028, U+2029
        0xe2 => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xa8 | 0xa9)),
        // U+FEFF
        0xef => b.get(i + 1) == Some(&0xbb) && b.get(i + 2) == Some(&0xbf),
        _ => false,
    };
    // Controls asked of 32 bytes at a time without a branch per byte; the
    // rest found with `memchr` (full-width punctuation, `EF BC ..`, is
    // common in Japanese text: a chunk holding one is not read byte by byte).
    let control = |c: u8| u8::from(((c < 0x20) & (c != b'\n')) | (c == 0x7f));
    let chunks = b.chunks_exact(32);
    let tail = chunks.remainder();
    for chunk in chunks {
        if chunk.iter().fold(0u8, |m, &c| m | control(c)) != 0 {
            return false;
        }
    }
    if tail.iter().any(|&c| control(c) != 0)
        || SPACE_BEFORE_BREAK.find(b).is_some()
        || memchr::memchr3_iter(0xc2, 0xe2, 0xef, b).any(refused)
    {
        return false;
    }
    !text.ends_with(' ')
}

/// A 0-based line index and column (in characters) as a 1-based position.
fn pos(line: usize, col: usize) -> Pos {
    Pos::new(line + 1, col + 1)
}

fn indent_of(line: &str) -> usize {
    line.bytes().take_while(|&b| b == b' ').count()
}

/// `- item` (or a bare `-`, which the sequence reader declines).
fn is_entry(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// Length of the plain key that starts `text`, when `text` is `key:` or
/// `key: value`. Keys are ASCII names (`detected_at`, `ja`, `A-1`), short
/// enough to stay clear of YAML's 1024-character limit on implicit keys.
fn key_length(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let first = *b.first()?;
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return None;
    }
    let n = b
        .iter()
        .take_while(|&&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
        .count();
    if n > 256 || b.get(n) != Some(&b':') {
        return None;
    }
    match b.get(n + 1) {
        None | Some(b' ') => Some(n),
        _ => None,
    }
}

fn plain_value(s: &str) -> Value {
    resolve_plain(s).unwrap_or_else(|| Value::Str(s.to_owned()))
}

/// A one-line plain scalar in block context, or `None` when the text would
/// mean something else to YAML (an indicator first, `: ` or ` #` inside, `:`
/// last).
fn plain(text: &str) -> Option<Value> {
    let b = text.as_bytes();
    match *b.first()? {
        b'-' if b.len() == 1 || b[1] == b' ' => return None,
        b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
        | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' => return None,
        _ => {}
    }
    if comment_or_key_inside(b) || text.ends_with(':') {
        return None;
    }
    Some(plain_value(text))
}

/// Whether `b` holds ` #` (a comment) or `: ` (a key): one pass over the
/// two bytes that can start or end either (most values hold neither).
fn comment_or_key_inside(b: &[u8]) -> bool {
    memchr::memchr2_iter(b'#', b':', b).any(|i| {
        if b[i] == b'#' {
            i > 0 && b[i - 1] == b' '
        } else {
            b.get(i + 1) == Some(&b' ')
        }
    })
}

/// `text.split('\n')`, found with `memchr` (the standard library's search
/// for one character is slower on lines this short).
fn lines(text: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(text.len() / 24 + 1);
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        out.push(&text[start..end]);
        start = end + 1;
    }
    out.push(&text[start..]);
    out
}

/// A plain scalar inside a one-line flow sequence: no indicator first and no
/// character that ends or nests a flow item.
fn flow_item_ok(item: &str) -> bool {
    let first_ok = !matches!(
        item.as_bytes().first(),
        None | Some(b'-' | b'?' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`')
    );
    first_ok
        && !item
            .bytes()
            .any(|b| matches!(b, b'[' | b']' | b'{' | b'}' | b'#' | b':' | b'\'' | b'"'))
}

/// `"..."` ending the line, with YAML's escapes resolved.
fn double_quoted(text: &str) -> Option<String> {
    let body = text.strip_prefix('"')?;
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (i + 1 == body.len()).then_some(out),
            '\\' => {
                let e = chars.next()?.1;
                out.push(match e {
                    '0' => '\0',
                    'a' => '\x07',
                    'b' => '\x08',
                    't' => '\t',
                    'n' => '\n',
                    'v' => '\x0b',
                    'f' => '\x0c',
                    'r' => '\r',
                    'e' => '\x1b',
                    ' ' => ' ',
                    '"' => '"',
                    '/' => '/',
                    '\\' => '\\',
                    'N' => '\u{85}',
                    '_' => '\u{a0}',
                    'L' => '\u{2028}',
                    'P' => '\u{2029}',
                    'x' => hex_escape(&mut chars, 2)?,
                    'u' => hex_escape(&mut chars, 4)?,
                    'U' => hex_escape(&mut chars, 8)?,
                    _ => return None,
                });
            }
            c => out.push(c),
        }
    }
    None
}

fn hex_escape(chars: &mut std::str::CharIndices<'_>, digits: usize) -> Option<char> {
    let mut value = 0u32;
    for _ in 0..digits {
        value = (value << 4) + chars.next()?.1.to_digit(16)?;
    }
    char::from_u32(value)
}

/// `'...'` ending the line (`''` is one quote).
fn single_quoted(text: &str) -> Option<String> {
    let mut rest = text.strip_prefix('\'')?;
    let mut out = String::with_capacity(rest.len());
    loop {
        let q = rest.find('\'')?;
        out.push_str(&rest[..q]);
        let after = &rest[q + 1..];
        if let Some(more) = after.strip_prefix('\'') {
            out.push('\'');
            rest = more;
        } else {
            return after.is_empty().then_some(out);
        }
    }
}

struct Parser<'a> {
    lines: Vec<&'a str>,
    /// Index of the first line not consumed yet.
    next: usize,
    /// Nodes built so far and collections open now, against the same limits
    /// the general parser enforces (over them, it reports; we decline).
    nodes: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    /// The next line with content (blank and comment lines are skipped): its
    /// index and indentation.
    fn peek(&mut self) -> Option<(usize, usize)> {
        while let Some(line) = self.lines.get(self.next) {
            let indent = indent_of(line);
            let rest = &line[indent..];
            if !(rest.is_empty() || rest.starts_with('#')) {
                return Some((self.next, indent));
            }
            self.next += 1;
        }
        None
    }

    fn count(&mut self) -> Option<()> {
        self.nodes += 1;
        (self.nodes <= MAX_NODES).then_some(())
    }

    fn open(&mut self) -> Option<()> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        self.count()
    }

    fn close(&mut self) {
        self.depth -= 1;
    }

    /// A block mapping at column `col` whose first key starts `text` on line `l`.
    fn mapping(&mut self, col: usize, l: usize, text: &'a str) -> Option<Node> {
        self.open()?;
        let mut entries = Vec::new();
        let (mut l, mut text) = (l, text);
        loop {
            self.next = l + 1;
            entries.push(self.entry(col, l, text)?);
            match self.peek() {
                Some((nl, indent)) if indent == col => {
                    l = nl;
                    text = &self.lines[nl][col..];
                }
                // Deeper than the keys after a value: a continuation line or an error.
                Some((_, indent)) if indent > col => return None,
                _ => break,
            }
        }
        self.close();
        let pos = entries.first()?.0.pos;
        Some(Node {
            value: Value::Map(entries),
            pos,
        })
    }

    /// `key: value` or `key:` with its value on the lines below.
    fn entry(&mut self, col: usize, l: usize, text: &'a str) -> Option<(Node, Node)> {
        let n = key_length(text)?;
        self.count()?;
        let key = Node {
            value: plain_value(&text[..n]),
            pos: pos(l, col),
        };
        let after = &text[n + 1..];
        let value = if after.is_empty() {
            self.nested(col)?
        } else {
            let spaces = indent_of(after);
            // The prefix (indentation, `- `, key, `: `) is ASCII: bytes are columns.
            self.inline(col, l, col + n + 1 + spaces, &after[spaces..])?
        };
        Some((key, value))
    }

    /// The value of a key at column `col` that has nothing after its colon:
    /// a mapping or sequence on the lines below (a sequence may sit at the
    /// key's own column). Anything else (an empty value) is not ours.
    fn nested(&mut self, col: usize) -> Option<Node> {
        let (l, indent) = self.peek()?;
        let text = &self.lines[l][indent..];
        if is_entry(text) && indent >= col {
            self.sequence(indent, l, indent == col)
        } else if indent > col && key_length(text).is_some() {
            self.mapping(indent, l, text)
        } else {
            None
        }
    }

    /// A block sequence whose `-` are at column `col`, starting on line `l`.
    /// yaml-rust2 places an indented one at its first `-`, and one at its
    /// key's column (`key:` then `- item` below it) at its first item.
    fn sequence(&mut self, col: usize, l: usize, indentless: bool) -> Option<Node> {
        self.open()?;
        let mut at = pos(l, col);
        let mut items = Vec::new();
        let mut l = l;
        loop {
            let body = self.lines[l][col..].strip_prefix("- ")?;
            let spaces = indent_of(body);
            let body = &body[spaces..];
            let item_col = col + 2 + spaces;
            if indentless && items.is_empty() {
                at = pos(l, item_col);
            }
            self.next = l + 1;
            let item = if key_length(body).is_some() {
                self.mapping(item_col, l, body)?
            } else {
                self.inline(col, l, item_col, body)?
            };
            items.push(item);
            match self.peek() {
                Some((nl, indent)) if indent == col && is_entry(&self.lines[nl][col..]) => l = nl,
                Some((_, indent)) if indent > col => return None,
                _ => break,
            }
        }
        self.close();
        Some(Node {
            value: Value::Seq(items),
            pos: at,
        })
    }

    /// A value written on its key's or dash's line, at column `col` of line
    /// `l`. `parent` is the column of the collection it belongs to (a `|`
    /// block's lines must be indented further).
    fn inline(&mut self, parent: usize, l: usize, col: usize, text: &'a str) -> Option<Node> {
        let value = match text.as_bytes().first()? {
            b'[' => return self.flow_sequence(l, col, text),
            b'|' if text == "|" => return self.literal(parent),
            b'"' => Value::Str(double_quoted(text)?),
            b'\'' => Value::Str(single_quoted(text)?),
            _ => plain(text)?,
        };
        self.count()?;
        Some(Node {
            value,
            pos: pos(l, col),
        })
    }

    /// `[a, b, c]` on one line, of plain scalars.
    fn flow_sequence(&mut self, l: usize, col: usize, text: &str) -> Option<Node> {
        let inner = text.strip_prefix('[')?.strip_suffix(']')?;
        self.open()?;
        let mut items = Vec::new();
        if !inner.is_empty() {
            // Column of the current part's first character; items may hold
            // any Unicode, so count characters.
            let mut at = col + 1;
            for part in inner.split(',') {
                let lead = indent_of(part);
                let item = part[lead..].trim_end_matches(' ');
                if !flow_item_ok(item) {
                    return None;
                }
                self.count()?;
                items.push(Node {
                    value: plain_value(item),
                    pos: pos(l, at + lead),
                });
                at += part.chars().count() + 1;
            }
        }
        self.close();
        Some(Node {
            value: Value::Seq(items),
            pos: pos(l, col),
        })
    }

    /// A `|` block (clip chomping: one final newline) whose lines follow the
    /// current one and are indented more than `parent`. Like yaml-rust2, its
    /// position is that of its first character, not of the `|`.
    fn literal(&mut self, parent: usize) -> Option<Node> {
        let mut i = self.next;
        let mut breaks = 0;
        // Its indentation is that of its first non-empty line.
        let indent = loop {
            let line = self.lines.get(i)?;
            if !line.is_empty() {
                break indent_of(line);
            }
            breaks += 1;
            i += 1;
        };
        if indent <= parent {
            return None; // an empty block
        }
        let at = pos(i, indent);
        let mut out = String::new();
        while let Some(line) = self.lines.get(i) {
            if line.is_empty() {
                breaks += 1;
            } else if line.len() > indent && line.as_bytes()[..indent].iter().all(|&b| b == b' ') {
                for _ in 0..breaks {
                    out.push('\n');
                }
                out.push_str(&line[indent..]);
                breaks = 1;
            } else {
                break;
            }
            i += 1;
        }
        out.push('\n');
        self.next = i;
        self.count()?;
        Some(Node {
            value: Value::Str(out),
            pos: at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(text: &str) -> Node {
        let fast = parse(text).unwrap_or_else(|| panic!("declined:\n{text}"));
        assert_eq!(
            Ok(&fast),
            super::super::parse_general(text).as_ref(),
            "{text}"
        );
        fast
    }

    fn declined(text: &str) {
        assert_eq!(parse(text), None, "{text}");
    }

    #[test]
    fn lines_are_the_text_split_at_line_breaks() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\nb",
            "\n\na\n\n",
            "id: 1\ntitle: 漏えい\n",
        ] {
            let split: Vec<&str> = text.split('\n').collect();
            assert_eq!(lines(text), split, "{text:?}");
        }
    }

    #[test]
    fn a_comment_or_a_key_inside_a_value_is_found_in_one_pass() {
        for text in [
            "",
            "#",
            " #",
            "a #b",
            "a#b",
            "#a",
            "a:",
            "a: b",
            "a:b",
            ":",
            ": ",
            "a ::",
            "a: #",
            "時刻: 10時",
            "メモ #1",
            "C#",
            "http://x",
            "a :b",
            "# :",
        ] {
            let slow = text.contains(" #") || text.contains(": ");
            assert_eq!(comment_or_key_inside(text.as_bytes()), slow, "{text:?}");
        }
    }

    /// The byte-at-a-time reading of what `plain_text` refuses.
    fn refused_slowly(text: &str) -> bool {
        let b = text.as_bytes();
        let odd = (0..b.len()).any(|i| match b[i] {
            b'\n' => i > 0 && b[i - 1] == b' ',
            0..=0x1f | 0x7f => true,
            0xc2 => matches!(b.get(i + 1), Some(0x80..=0x9f)),
            0xe2 => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xa8 | 0xa9)),
            0xef => b.get(i + 1) == Some(&0xbb) && b.get(i + 2) == Some(&0xbf),
            _ => false,
        });
        odd || text.ends_with(' ')
    }

    #[test]
    fn what_is_refused_is_found_wherever_it_falls() {
        let odd = [
            "\t", " \n", "\r", "\u{0}", "\u{7f}", "\u{85}", "\u{9f}", "\u{2028}", "\u{2029}",
            "\u{feff}",
        ];
        let fine = ["\n", "\u{a0}", "…", "（", "語", "a"];
        for k in 0..70 {
            let pad = "あ".repeat(k / 3) + &"b".repeat(k % 3);
            for c in odd.iter().chain(&fine) {
                for text in [
                    format!("{pad}{c}x"),
                    format!("{c}{pad}x"),
                    format!("{pad}x{c}"),
                ] {
                    assert_eq!(plain_text(&text), !refused_slowly(&text), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn reads_what_records_use_exactly_like_the_general_parser() {
        both("id: INC-2026-001\nlevel: 2\nclosed: true\nnote: ~\n");
        both("title: \"引用 \\\"符\\\" \\u00e9\"\nother: 'it''s'\n");
        both("tags: [マルウェア, 誤送信 メール,  x ]\nempty: []\n");
        both("summary: |\n  一行目\n\n    字下げ\n  三行目\n\n\nnext: 1\n");
        both("timeline:\n  - at: 2026-01-01T06:23:00+09:00\n    by: 田中\n  - at: x\nactions:\n- a\n- b\n");
        both("# comment\nimpact:\n  personal_data: false\n  # inside\n  malicious: true\n");
    }

    #[test]
    fn declines_everything_else() {
        declined("a: b # trailing comment\n");
        declined("a:\nb: 1\n"); // empty value
        declined("a: >-\n  folded\n");
        declined("a: |-\n  x\n");
        declined("a: &x 1\nb: *x\n");
        declined("a: {b: 1}\n");
        declined("a: b\n  continued\n");
        declined("a: \"two\n  lines\"\n");
        declined("a:\tb\n");
        declined("a: b\r\n");
        declined("---\na: 1\n");
        declined("a: b \n");
        declined("- a\n");
        declined("a: [1, [2]]\n");
        declined("");
    }

    /// The fast path never expands an alias: anchors, aliases (and tags,
    /// merge keys) in every place it reads values are declined, so the
    /// general parser, which bounds their expansion, gets them.
    #[test]
    fn declines_anchors_and_aliases_everywhere() {
        declined("a: &x 1\n");
        declined("a: *x\n");
        declined("a: !!str 1\n");
        declined("a: [x, *x]\n");
        declined("a: [&x y, z]\n");
        declined("a:\n  - *x\n");
        declined("a:\n  - &x big\n  - *x\n");
        declined("a:\n  - k: *x\n");
        declined("a: &x\n  b: 1\nc: *x\n");
        declined("a: &x |\n  text\nb: *x\n");
        declined("<<: *x\n");
        declined("*x : 1\n");
        declined("a:\n  *x : 1\n");
    }

    #[test]
    fn declines_what_the_limits_refuse() {
        let mut deep = String::new();
        for d in 0..MAX_DEPTH + 1 {
            deep.push_str(&" ".repeat(d));
            deep.push_str("k:\n");
        }
        deep.push_str(&" ".repeat(MAX_DEPTH + 1));
        deep.push_str("k: v\n");
        declined(&deep);
    }
}
