//! Lenient readers from YAML nodes into typed values. Shapes were already
//! checked against the field tables (see `schema::check`), so these readers
//! just take what is usable and skip the rest without reporting twice.

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
