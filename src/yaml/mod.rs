//! The only place that talks to a YAML library. Everything else sees [`Node`],
//! a plain tree where every value knows its line and column. Swapping the YAML
//! implementation means changing this module alone.
//!
//! Hostile input is bounded here: nesting depth, the number of values and the
//! bytes of text after alias expansion are capped, so an alias bomb (many
//! aliases of one big scalar, or aliases of aliases) or a 100,000-deep flow
//! sequence becomes a diagnostic. Aliases are expanded in one place alone,
//! [`parse_general`] (the fast path declines anchors and aliases), and the
//! cost of an alias is counted before it is copied.

mod fast;
mod key;
pub use key::same_key;

use crate::diagnostics::Pos;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Deepest nesting accepted (real content needs fewer than 10 levels).
pub const MAX_DEPTH: usize = 64;
/// Most nodes one document may expand to, aliases included.
pub const MAX_NODES: usize = 1_000_000;
/// Most bytes of scalar text (keys included) one document may expand to,
/// counting every copy an alias or an anchor makes. Four times the largest
/// file accepted (`load::files::MAX_FILE_BYTES`, 4 MiB): a file without
/// aliases never comes near it (at most its own size, twice for text under
/// an anchor), real content uses aliases for a few short defaults if at all,
/// and what one document may hold in memory stays a few tens of MiB.
pub const MAX_EXPANDED_BYTES: usize = 16 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// Value of `key` in a mapping, with the position of the key itself.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// [`Node::get`], to take a value out of the tree.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        match &mut self.value {
            Value::Map(m) => m
                .iter_mut()
                .find(|(k, _)| k.as_str().is_some_and(|k| same_key(k, key)))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.as_str().is_some_and(|k| same_key(k, key)))
            .map(|(k, v)| (k, v))
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// The YAML type name used in diagnostics.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "integer",
            Value::Float(_) => "number",
            Value::Str(_) => "string",
            Value::Seq(_) => "list",
            Value::Map(_) => "mapping",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Syntax,
    Limit,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub pos: Pos,
    pub message: String,
}

fn pos(m: &Marker) -> Pos {
    Pos::new(m.line(), m.col() + 1)
}

/// Where to point for a scan error. yaml-rust2 marks a stray tab at the
/// start of the value before it; point at the tab itself.
fn error_pos(text: &str, e: &yaml_rust2::ScanError) -> Pos {
    let at = pos(e.marker());
    if !e.info().contains("tab") {
        return at;
    }
    // A tab on the marked line (before or at the mark) is the culprit;
    // otherwise the first tab after it.
    let line_start = (e.marker().index() + 1).saturating_sub(at.col as usize);
    let mut line = at.line as usize;
    let mut col = 1;
    for c in text.chars().skip(line_start) {
        if c == '\t' {
            return Pos::new(line, col);
        }
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    at
}

/// Resolve a plain scalar the YAML 1.2 core schema way.
fn plain_scalar(s: String) -> Value {
    resolve_plain(&s).unwrap_or(Value::Str(s))
}

/// The null, boolean or number a plain scalar stands for; `None` for a string.
fn resolve_plain(s: &str) -> Option<Value> {
    // Every null, boolean and number below starts with one of these bytes
    // (most plain scalars of a record are text that starts otherwise).
    if !s.as_bytes().first().is_none_or(|b| {
        b.is_ascii_digit()
            || matches!(
                b,
                b'-' | b'+' | b'.' | b'~' | b'n' | b'N' | b't' | b'T' | b'f' | b'F'
            )
    }) {
        return None;
    }
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    if let Ok(i) = s.parse::<i64>() {
        return Some(Value::Int(i));
    }
    let looks_numeric = s
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || b == b'-' || b == b'+' || b == b'.')
        && s.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
    if looks_numeric {
        if let Ok(f) = s.parse::<f64>() {
            return Some(Value::Float(f));
        }
    }
    None
}

/// What a subtree costs once expanded: its values and its scalar bytes.
#[derive(Clone, Copy, Default)]
struct Cost {
    nodes: usize,
    bytes: usize,
}

impl Cost {
    fn add(&mut self, other: Cost) {
        self.nodes = self.nodes.saturating_add(other.nodes);
        self.bytes = self.bytes.saturating_add(other.bytes);
    }
}

enum Frame {
    Seq {
        items: Vec<Node>,
        pos: Pos,
        anchor: usize,
        cost: Cost,
    },
    Map {
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        pos: Pos,
        anchor: usize,
        cost: Cost,
    },
}

/// An anchored node and what one more copy of it costs.
struct Anchored {
    node: Node,
    cost: Cost,
}

struct Builder {
    stack: Vec<Frame>,
    anchors: Vec<Option<Anchored>>,
    /// Everything built so far, copies included.
    total: Cost,
    root: Option<Node>,
}

impl Builder {
    fn charge(&mut self, cost: Cost, at: Pos) -> Result<(), Error> {
        charge(&mut self.total, cost, at)
    }

    /// Keep a copy of an anchored node for its aliases; the copy is memory
    /// too, so it is charged (nested anchors would otherwise copy a large
    /// subtree once per level for free).
    fn remember(&mut self, anchor: usize, node: &Node, cost: Cost) -> Result<(), Error> {
        if anchor > 0 {
            self.charge(cost, node.pos)?;
            if self.anchors.len() <= anchor {
                self.anchors.resize_with(anchor + 1, || None);
            }
            self.anchors[anchor] = Some(Anchored {
                node: node.clone(),
                cost,
            });
        }
        Ok(())
    }

    /// Hand a finished node (costing `cost`, already charged) to its parent.
    fn finish(&mut self, node: Node, cost: Cost) {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq { items, cost: c, .. }) => {
                c.add(cost);
                items.push(node);
            }
            Some(Frame::Map {
                entries,
                key,
                cost: c,
                ..
            }) => {
                c.add(cost);
                match key.take() {
                    None => *key = Some(node),
                    Some(k) => entries.push((k, node)),
                }
            }
        }
    }

    fn open(&mut self, frame: Frame, at: Pos) -> Result<(), Error> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(limit(at, format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        self.charge(Cost { nodes: 1, bytes: 0 }, at)?;
        self.stack.push(frame);
        Ok(())
    }
}

/// Add `cost` to `total` before building what it stands for; over a limit,
/// the error points at `at` (the alias, anchor or value that crossed it) and
/// `total` is unchanged.
fn charge(total: &mut Cost, cost: Cost, at: Pos) -> Result<(), Error> {
    let mut sum = *total;
    sum.add(cost);
    if sum.nodes > MAX_NODES {
        return Err(limit(
            at,
            format!("the document expands to more than {MAX_NODES} values (alias bomb?)"),
        ));
    }
    if sum.bytes > MAX_EXPANDED_BYTES {
        return Err(limit(
            at,
            format!(
                "the document expands to more than {} MiB of text once aliases are copied (alias bomb?)",
                MAX_EXPANDED_BYTES >> 20
            ),
        ));
    }
    *total = sum;
    Ok(())
}

fn limit(pos: Pos, message: String) -> Error {
    Error {
        kind: ErrorKind::Limit,
        pos,
        message,
    }
}

/// Parse one YAML document. An empty document gives `Value::Null` at 1:1.
/// Only the first document of a stream is read; a second one is an error.
///
/// Files in the regular subset records are written in take the fast path
/// ([`fast`]); everything else, errors included, goes to yaml-rust2. Both
/// give the same tree.
pub fn parse(text: &str) -> Result<Node, Error> {
    match fast::parse(text) {
        Some(node) => Ok(node),
        None => parse_general(text),
    }
}

/// The fast path alone: `None` when `text` is outside its subset. For the
/// differential tests and benchmarks; use [`parse`].
#[doc(hidden)]
pub fn parse_fast(text: &str) -> Option<Node> {
    fast::parse(text)
}

/// The general (yaml-rust2) path alone. For the differential tests and
/// benchmarks; use [`parse`].
#[doc(hidden)]
pub fn parse_general(text: &str) -> Result<Node, Error> {
    let mut parser = Parser::new_from_str(text);
    let mut b = Builder {
        stack: Vec::new(),
        anchors: Vec::new(),
        total: Cost::default(),
        root: None,
    };
    let mut documents = 0;
    loop {
        let (event, marker) = parser.next_token().map_err(|e| Error {
            // The scanner has its own nesting guard; report it as the limit it is.
            kind: if e.info().contains("recursion limit") {
                ErrorKind::Limit
            } else {
                ErrorKind::Syntax
            },
            pos: error_pos(text, &e),
            message: e.info().to_string(),
        })?;
        let at = pos(&marker);
        match event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(Error {
                        kind: ErrorKind::Syntax,
                        pos: at,
                        message: "more than one YAML document in this file".into(),
                    });
                }
            }
            Event::Scalar(s, style, anchor, _tag) => {
                let cost = Cost {
                    nodes: 1,
                    bytes: s.len(),
                };
                b.charge(cost, at)?;
                let value = if style == TScalarStyle::Plain {
                    plain_scalar(s)
                } else {
                    Value::Str(s)
                };
                let node = Node { value, pos: at };
                b.remember(anchor, &node, cost)?;
                b.finish(node, cost);
            }
            Event::Alias(id) => {
                let a = b
                    .anchors
                    .get(id)
                    .and_then(Option::as_ref)
                    .ok_or_else(|| Error {
                        kind: ErrorKind::Syntax,
                        pos: at,
                        message: "alias to an unknown anchor".into(),
                    })?;
                // Counted before anything is copied: a refused alias costs nothing.
                charge(&mut b.total, a.cost, at)?;
                let (node, cost) = (a.node.clone(), a.cost);
                b.finish(Node { pos: at, ..node }, cost);
            }
            Event::SequenceStart(anchor, _) => b.open(
                Frame::Seq {
                    items: Vec::new(),
                    pos: at,
                    anchor,
                    cost: Cost { nodes: 1, bytes: 0 },
                },
                at,
            )?,
            Event::MappingStart(anchor, _) => b.open(
                Frame::Map {
                    entries: Vec::new(),
                    key: None,
                    pos: at,
                    anchor,
                    cost: Cost { nodes: 1, bytes: 0 },
                },
                at,
            )?,
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor, cost) = match b.stack.pop() {
                    Some(Frame::Seq {
                        items,
                        pos,
                        anchor,
                        cost,
                    }) => (
                        Node {
                            value: Value::Seq(items),
                            pos,
                        },
                        anchor,
                        cost,
                    ),
                    Some(Frame::Map {
                        entries,
                        pos,
                        anchor,
                        cost,
                        ..
                    }) => (
                        // A block mapping's marker sits on its first key's `:`;
                        // the first key is where a reader looks for it.
                        Node {
                            // (A flow mapping's marker is its `{`, before the key: keep it.)
                            pos: entries
                                .first()
                                .map(|(k, _)| k.pos)
                                .filter(|k| *k < pos)
                                .unwrap_or(pos),
                            value: Value::Map(entries),
                        },
                        anchor,
                        cost,
                    ),
                    None => continue,
                };
                b.remember(anchor, &node, cost)?;
                b.finish(node, cost);
            }
            Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
        }
    }
    Ok(b.root.unwrap_or(Node {
        value: Value::Null,
        pos: Pos::START,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `resolve_plain` without its first-byte filter.
    fn resolve_slowly(s: &str) -> Option<Value> {
        match s {
            "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
            "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
            "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
            _ => {}
        }
        if let Ok(i) = s.parse::<i64>() {
            return Some(Value::Int(i));
        }
        let numeric = s
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit() || b"-+.".contains(&b))
            && s.bytes()
                .all(|b| b.is_ascii_digit() || b".-+eE".contains(&b));
        numeric
            .then(|| s.parse::<f64>().ok().map(Value::Float))
            .flatten()
    }

    #[test]
    fn plain_scalars_resolve_as_without_the_first_byte_filter() {
        let words = [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nul",
            "true",
            "True",
            "TRUE",
            "false",
            "False",
            "FALSE",
            "0",
            "-1",
            "+2",
            "1.5",
            ".5",
            "-.5e3",
            "1e9",
            "12:30",
            "2024-01-01",
            "0x1F",
            "inf",
            ".inf",
            "NaN",
            "nan",
            "title",
            "漏えい",
            " 1",
            "1 ",
            "e5",
            "E5",
            "T",
            "f",
            "+",
            "-",
            ".",
            "9223372036854775808",
            "Ｔrue",
            "１",
        ];
        for w in words {
            assert_eq!(resolve_plain(w), resolve_slowly(w), "{w:?}");
        }
    }

    #[test]
    fn positions_point_at_values_and_keys() {
        let n = parse("title: 障害\nlevel: 2\nlist:\n  - a\n  - b\n").unwrap();
        let (k, v) = n.entry("level").unwrap();
        assert_eq!((k.pos.line, k.pos.col), (2, 1));
        assert_eq!((v.pos.line, v.pos.col), (2, 8));
        assert_eq!(v.value, Value::Int(2));
        let t = n.get("title").unwrap();
        assert_eq!((t.pos.line, t.pos.col), (1, 8));
        let l = n.get("list").unwrap().as_seq().unwrap();
        assert_eq!(l[1].pos.line, 5);
    }

    #[test]
    fn scalars_resolve_like_yaml_1_2() {
        let n = parse("a: yes\nb: true\nc: '1'\nd: 1.5\ne:\nf: 2026-01-02\n").unwrap();
        assert_eq!(n.get("a").unwrap().value, Value::Str("yes".into()));
        assert_eq!(n.get("b").unwrap().value, Value::Bool(true));
        assert_eq!(n.get("c").unwrap().value, Value::Str("1".into()));
        assert_eq!(n.get("d").unwrap().value, Value::Float(1.5));
        assert!(n.get("e").unwrap().is_null());
        assert_eq!(n.get("f").unwrap().value, Value::Str("2026-01-02".into()));
    }

    #[test]
    fn syntax_error_has_position() {
        let e = parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Syntax);
        assert!(e.pos.line >= 1);
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = i - 1;
            s.push_str(&format!("a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"));
        }
        let e = parse(&s).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Limit);
    }

    /// One big anchored scalar and many aliases of it: few values, but
    /// gigabytes once copied. Refused at the alias that crosses the limit,
    /// before that alias is copied.
    #[test]
    fn aliases_of_a_big_scalar_are_refused_by_expanded_size() {
        let big = "x".repeat(1 << 20);
        let mut s = format!("big: &a \"{big}\"\ncopies:\n");
        for _ in 0..10_000 {
            s.push_str("  - *a\n");
        }
        let e = parse(&s).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Limit, "{e:?}");
        assert!(e.message.contains("MiB"), "{e:?}");
        // 1 MiB of text + its anchored copy, then one MiB per alias: with the
        // keys' few bytes, the 14th alias (line 16) crosses 16 MiB.
        assert_eq!((e.pos.line, e.pos.col), (16, 5), "{e:?}");
    }

    /// Aliases of aliases of a 1 kB scalar: 100,000 values (under
    /// MAX_NODES) but 100 MB of text.
    #[test]
    fn nested_aliases_are_refused_by_expanded_size() {
        let mut s = format!("a0: &a0 {}\n", "y".repeat(1000));
        for i in 1..=5 {
            let p = format!("*a{}", i - 1);
            s.push_str(&format!("a{i}: &a{i} [{}]\n", vec![p; 10].join(", ")));
        }
        let e = parse(&s).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Limit, "{e:?}");
        assert!(e.message.contains("MiB"), "{e:?}");
        // a4 holds 10 MB; keeping its anchored copy crosses 16 MiB.
        assert_eq!((e.pos.line, e.pos.col), (5, 9), "{e:?}");
    }

    /// Anchors nested in anchors each keep a copy of the subtree: charged too.
    #[test]
    fn copies_kept_for_nested_anchors_are_charged() {
        let mut s = String::from("a: ");
        for i in 0..MAX_DEPTH - 2 {
            s.push_str(&format!("&n{i} ["));
        }
        s.push_str(&format!("\"{}\"", "z".repeat(1 << 20)));
        s.push_str(&"]".repeat(MAX_DEPTH - 2));
        s.push('\n');
        let e = parse(&s).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Limit, "{e:?}");
    }

    #[test]
    fn ordinary_aliases_stay_under_the_limits() {
        // A 1 MiB anchored scalar copied ten times: 12 MiB in all, accepted.
        let big = "x".repeat(1 << 20);
        let mut s = format!("big: &a \"{big}\"\ncopies:\n");
        for _ in 0..10 {
            s.push_str("  - *a\n");
        }
        let n = parse(&s).unwrap();
        assert_eq!(n.get("copies").unwrap().as_seq().unwrap().len(), 10);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let s = "[".repeat(10_000);
        let e = parse(&s).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Limit, "{e:?}");
    }

    #[test]
    fn aliases_are_expanded() {
        let n = parse("base: &b {x: 1}\ncopy: *b\n").unwrap();
        assert_eq!(
            n.get("copy").unwrap().get("x").unwrap().value,
            Value::Int(1)
        );
    }

    #[test]
    fn empty_document_is_null() {
        assert!(parse("").unwrap().is_null());
        assert!(parse("# only a comment\n").unwrap().is_null());
    }
}
