//! Lenient readers from YAML nodes into typed values. Shapes were already
//! checked against the field tables (see `schema::check`), so these readers
//! just take what is usable and skip the rest without reporting twice.

use crate::diagnostics::Pos;
use crate::model::time::{Duration, Timestamp};
use crate::model::Spanned;
use crate::yaml::{Node, Value};
use chrono::{FixedOffset, NaiveDate};
use std::collections::BTreeMap;

/// Any scalar as text (numbers and booleans too); `None` for null, empty or non-scalars.
pub fn scalar(node: &Node) -> Option<String> {
    let s = match &node.value {
        Value::Str(s) => s.trim().to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

/// [`scalar`], the string moved out of `node` (left empty) instead of
/// copied when it needs no trimming: for a tree read once and dropped.
pub fn take_scalar(node: &mut Node) -> Option<String> {
    match &mut node.value {
        Value::Str(s) => {
            let trimmed = s.trim();
            if trimmed.is_empty() {
                None
            } else if trimmed.len() == s.len() {
                Some(std::mem::take(s))
            } else {
                Some(trimmed.to_string())
            }
        }
        _ => scalar(node),
    }
}

/// [`text`], taking the string out of the tree ([`take_scalar`]).
pub fn take_text(node: &mut Node, key: &str) -> Option<String> {
    node.get_mut(key).and_then(take_scalar)
}

/// [`markdown`], taking the string out of the tree.
pub fn take_markdown(node: &mut Node, key: &str) -> Option<String> {
    let v = node.get_mut(key)?;
    match &mut v.value {
        Value::Str(s) if !s.trim().is_empty() => Some(std::mem::take(s)),
        _ => take_scalar(v),
    }
}

/// [`text_list`], taking the strings out of the tree.
pub fn take_text_list(node: &mut Node, key: &str) -> Vec<String> {
    list_mut(node, key)
        .iter_mut()
        .filter_map(take_scalar)
        .collect()
}

/// [`list`], to take values out of the items.
pub fn list_mut<'a>(node: &'a mut Node, key: &str) -> &'a mut [Node] {
    match node.get_mut(key).map(|n| &mut n.value) {
        Some(Value::Seq(items)) => items,
        _ => &mut [],
    }
}

pub fn text(node: &Node, key: &str) -> Option<String> {
    node.get(key).and_then(scalar)
}

/// Multi-line text (Markdown) keeps its inner newlines.
pub fn markdown(node: &Node, key: &str) -> Option<String> {
    match &node.get(key)?.value {
        Value::Str(s) if !s.trim().is_empty() => Some(s.clone()),
        _ => text(node, key),
    }
}

pub fn spanned_text(node: &Node, key: &str) -> Option<Spanned<String>> {
    let v = node.get(key)?;
    scalar(v).map(|s| Spanned::new(s, v.pos))
}

pub fn int(node: &Node, key: &str) -> Option<Spanned<i64>> {
    let v = node.get(key)?;
    match v.value {
        Value::Int(i) => Some(Spanned::new(i, v.pos)),
        _ => None,
    }
}

pub fn boolean(node: &Node, key: &str) -> Option<bool> {
    match node.get(key)?.value {
        Value::Bool(b) => Some(b),
        _ => None,
    }
}

pub fn timestamp(node: &Node, key: &str, tz: FixedOffset) -> Option<Spanned<Timestamp>> {
    let v = node.get(key)?;
    Timestamp::parse(v.as_str()?, tz).map(|t| Spanned::new(t, v.pos))
}

/// [`timestamp`], taken from `times` (what the shape check read, by the
/// value's place) when it is there: the same value, not read again.
pub fn timestamp_read(
    node: &Node,
    key: &str,
    tz: FixedOffset,
    times: &[(Pos, Timestamp)],
) -> Option<Spanned<Timestamp>> {
    let v = node.get(key)?;
    // In the document's order but where an alias repeated a value: a
    // place not found is read as `timestamp` reads it.
    if let Ok(k) = times.binary_search_by(|(at, _)| at.cmp(&v.pos)) {
        return times.get(k).map(|&(_, t)| Spanned::new(t, v.pos));
    }
    Timestamp::parse(v.as_str()?, tz).map(|t| Spanned::new(t, v.pos))
}

pub fn date(node: &Node, key: &str) -> Option<Spanned<NaiveDate>> {
    let v = node.get(key)?;
    crate::model::time::parse_date(v.as_str()?.trim()).map(|d| Spanned::new(d, v.pos))
}

/// A record's or drill's date field: a day, or a month whose day is unknown.
pub fn record_date(node: &Node, key: &str) -> Option<Spanned<crate::model::RecordDate>> {
    let v = node.get(key)?;
    crate::model::RecordDate::parse(v.as_str()?).map(|d| Spanned::new(d, v.pos))
}

pub fn duration(node: &Node, key: &str) -> Option<Spanned<Duration>> {
    let v = node.get(key)?;
    Duration::parse(v.as_str()?).map(|d| Spanned::new(d, v.pos))
}

/// Items of a list field; empty when absent or not a list.
pub fn list<'a>(node: &'a Node, key: &str) -> &'a [Node] {
    node.get(key).and_then(Node::as_seq).unwrap_or(&[])
}

pub fn text_list(node: &Node, key: &str) -> Vec<String> {
    list(node, key).iter().filter_map(scalar).collect()
}

pub fn spanned_list(node: &Node, key: &str) -> Vec<Spanned<String>> {
    list(node, key)
        .iter()
        .filter_map(|n| scalar(n).map(|s| Spanned::new(s, n.pos)))
        .collect()
}

/// A mapping of names to booleans.
/// Where each key of the mapping under `key` is written.
pub fn key_positions(node: &Node, key: &str) -> BTreeMap<String, crate::diagnostics::Pos> {
    node.get(key)
        .and_then(Node::as_map)
        .unwrap_or(&[])
        .iter()
        .filter_map(|(k, _)| Some((k.as_str()?.to_string(), k.pos)))
        .collect()
}

pub fn flags(node: &Node, key: &str) -> BTreeMap<String, bool> {
    node.get(key)
        .and_then(Node::as_map)
        .unwrap_or(&[])
        .iter()
        .filter_map(|(k, v)| match v.value {
            Value::Bool(b) => Some((k.as_str()?.to_string(), b)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;

    fn node(value: Value) -> Node {
        Node {
            value,
            pos: Pos::START,
        }
    }

    fn s(text: &str) -> Node {
        node(Value::Str(text.to_string()))
    }

    /// Every kind of value a field can hold, as the fast path and the
    /// general parser make them.
    fn values() -> Vec<Node> {
        vec![
            s("中村 大輔"),
            s("  trimmed  "),
            s("line\nbreaks\n"),
            s("\n\nindented\n"),
            s(""),
            s("   "),
            s("\u{3000}全角の空白\u{3000}"),
            node(Value::Int(42)),
            node(Value::Float(1.5)),
            node(Value::Bool(true)),
            node(Value::Null),
            node(Value::Seq(vec![
                s("a"),
                s(" b "),
                node(Value::Int(3)),
                s(""),
                node(Value::Null),
            ])),
            node(Value::Map(vec![(s("k"), s("v"))])),
        ]
    }

    fn mapping(value: Node) -> Node {
        node(Value::Map(vec![(s("other"), s("x")), (s("field"), value)]))
    }

    #[test]
    fn taking_a_value_out_of_the_tree_gives_what_copying_it_gives() {
        for value in values() {
            let tree = mapping(value);
            let mut taken = tree.clone();
            assert_eq!(
                take_text(&mut taken, "field"),
                text(&tree, "field"),
                "{tree:?}"
            );
            let mut taken = tree.clone();
            assert_eq!(
                take_markdown(&mut taken, "field"),
                markdown(&tree, "field"),
                "{tree:?}"
            );
            let mut taken = tree.clone();
            assert_eq!(
                take_text_list(&mut taken, "field"),
                text_list(&tree, "field"),
                "{tree:?}"
            );
            // A key that is not there, and a node that is no mapping.
            let mut taken = tree.clone();
            assert_eq!(take_text(&mut taken, "missing"), None);
            assert_eq!(take_text_list(&mut taken, "missing"), Vec::<String>::new());
            let mut scalar_node = s("x");
            assert_eq!(take_markdown(&mut scalar_node, "field"), None);
        }
    }

    #[test]
    fn a_value_is_moved_only_when_it_is_kept_whole() {
        // Moved: the tree keeps an empty string.
        let mut tree = mapping(s("中村 大輔"));
        assert_eq!(take_text(&mut tree, "field").as_deref(), Some("中村 大輔"));
        assert_eq!(tree.get("field").and_then(Node::as_str), Some(""));
        // Trimmed: copied, the tree as it was.
        let mut tree = mapping(s(" 中村 "));
        assert_eq!(take_text(&mut tree, "field").as_deref(), Some("中村"));
        assert_eq!(tree.get("field").and_then(Node::as_str), Some(" 中村 "));
        // Markdown keeps its spaces and line breaks, and is moved.
        let mut tree = mapping(s(" a\n"));
        assert_eq!(take_markdown(&mut tree, "field").as_deref(), Some(" a\n"));
        assert_eq!(tree.get("field").and_then(Node::as_str), Some(""));
    }
}
