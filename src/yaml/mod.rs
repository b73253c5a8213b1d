//! The only place that talks to a YAML library. Everything else sees [`Node`],
//! a plain tree where every value knows its line and column. Swapping the YAML
//! implementation means changing this module alone.
//!
//! Hostile input is bounded here: nesting depth and alias expansion are capped,
//! so an alias bomb or a 100,000-deep flow sequence becomes a diagnostic.

mod fast;

use crate::diagnostics::Pos;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Deepest nesting accepted (real content needs fewer than 10 levels).
pub const MAX_DEPTH: usize = 64;
/// Most nodes one document may expand to, aliases included.
pub const MAX_NODES: usize = 1_000_000;

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

    pub fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
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

    /// Number of nodes in this subtree (for alias expansion accounting).
    fn size(&self) -> usize {
        match &self.value {
            Value::Seq(s) => 1 + s.iter().map(Node::size).sum::<usize>(),
            Value::Map(m) => 1 + m.iter().map(|(k, v)| k.size() + v.size()).sum::<usize>(),
            _ => 1,
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

enum Frame {
    Seq {
        items: Vec<Node>,
        pos: Pos,
        anchor: usize,
    },
    Map {
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        pos: Pos,
        anchor: usize,
    },
}

struct Builder {
    stack: Vec<Frame>,
    anchors: Vec<Option<Node>>,
    nodes: usize,
    root: Option<Node>,
}

impl Builder {
    fn count(&mut self, n: usize, at: Pos) -> Result<(), Error> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_NODES {
            return Err(Error {
                kind: ErrorKind::Limit,
                pos: at,
                message: format!(
                    "the document expands to more than {MAX_NODES} values (alias bomb?)"
                ),
            });
        }
        Ok(())
    }

    fn remember(&mut self, anchor: usize, node: &Node) {
        if anchor > 0 {
            if self.anchors.len() <= anchor {
                self.anchors.resize(anchor + 1, None);
            }
            self.anchors[anchor] = Some(node.clone());
        }
    }

    fn finish(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }

    fn open(&mut self, frame: Frame, at: Pos) -> Result<(), Error> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(Error {
                kind: ErrorKind::Limit,
                pos: at,
                message: format!("nesting deeper than {MAX_DEPTH} levels"),
            });
        }
        self.count(1, at)?;
        self.stack.push(frame);
        Ok(())
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
        nodes: 0,
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
                b.count(1, at)?;
                let value = if style == TScalarStyle::Plain {
                    plain_scalar(s)
                } else {
                    Value::Str(s)
                };
                let node = Node { value, pos: at };
                b.remember(anchor, &node);
                b.finish(node);
            }
            Event::Alias(id) => {
                let node = b
                    .anchors
                    .get(id)
                    .and_then(Clone::clone)
                    .ok_or_else(|| Error {
                        kind: ErrorKind::Syntax,
                        pos: at,
                        message: "alias to an unknown anchor".into(),
                    })?;
                b.count(node.size(), at)?;
                b.finish(Node { pos: at, ..node });
            }
            Event::SequenceStart(anchor, _) => b.open(
                Frame::Seq {
                    items: Vec::new(),
                    pos: at,
                    anchor,
                },
                at,
            )?,
            Event::MappingStart(anchor, _) => b.open(
                Frame::Map {
                    entries: Vec::new(),
                    key: None,
                    pos: at,
                    anchor,
                },
                at,
            )?,
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match b.stack.pop() {
                    Some(Frame::Seq { items, pos, anchor }) => (
                        Node {
                            value: Value::Seq(items),
                            pos,
                        },
                        anchor,
                    ),
                    Some(Frame::Map {
                        entries,
                        pos,
                        anchor,
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
                    ),
                    None => continue,
                };
                b.remember(node.1, &node.0);
                b.finish(node.0);
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
