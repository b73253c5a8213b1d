//! Conditions on a row: the rules of `skip.when`, and a field's `when:`
//! list — values that depend on another column (`個人情報` is `あり` →
//! level 3), tried in order before the field's own column, the first rule
//! whose condition holds giving the value.
//!
//! A condition names a column and what its cell must hold (`equals`, one
//! of some words; `contains`, a part of the text; `filled: true`, anything;
//! `filled: false`, a blank cell), and
//! may ask whether the record predates the policy (`predates_policy`), all
//! of them holding together. A rule's value is a constant (`value:`) or
//! another source (`then:` a column, with its own `map`).

use super::input::Sheet;
use super::mapping::{ColRef, Reader, Source};
use super::sheet::{norm, Headers};
use crate::diagnostics::msg;
use crate::yaml::{Node, Value};

/// What a row's cell (and record) must be like for a rule to hold.
#[derive(Clone, Debug, PartialEq)]
pub struct Cond {
    pub column: Option<ColRef>,
    /// Any of these words, the whole cell (trimmed, widths alike).
    pub equals: Vec<String>,
    /// Any of these within the cell.
    pub contains: Vec<String>,
    /// `filled: true`: any non-blank cell; `filled: false`: a blank one.
    pub filled: Option<bool>,
    /// The record is (`true`) or is not (`false`) detected before the
    /// mapping's `policy_since`.
    pub predates: Option<bool>,
}

/// One rule of a field's `when:` list.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub cond: Cond,
    /// What the field gets when the condition holds.
    pub then: Source,
}

/// The keys of a `skip.when` rule.
pub const SKIP_KEYS: &[&str] = &["column", "equals", "contains", "filled"];
/// The keys of a rule of a field's `when:` list.
pub const RULE_KEYS: &[&str] = &[
    "column",
    "equals",
    "contains",
    "filled",
    "predates_policy",
    "value",
    "then",
];

impl Cond {
    /// Does the condition hold for `row` (0-based)? `predates`: whether the
    /// row's record predates the policy, `None` when not known (a condition
    /// on it then does not hold).
    pub fn holds(
        &self,
        sheet: &Sheet,
        headers: &Headers,
        row: usize,
        predates: Option<bool>,
    ) -> bool {
        if let Some(want) = self.predates {
            if predates != Some(want) {
                return false;
            }
        }
        let Some(column) = &self.column else {
            return true;
        };
        let Some(col) = headers.resolve(column) else {
            return false;
        };
        let t = norm(&sheet.cell(row, col).text());
        self.filled.is_some_and(|want| want != t.is_empty())
            || self.equals.iter().any(|e| norm(e) == t)
            || self
                .contains
                .iter()
                .any(|c| !c.is_empty() && t.contains(&norm(c)))
    }
}

impl Reader<'_> {
    /// A condition: `column` with `equals`/`contains`/`filled`, and (in a
    /// field's rule) `predates_policy`. `None`, with an E131, when it has
    /// nothing to test.
    pub(super) fn cond(&mut self, node: &Node, in_field: bool) -> Option<Cond> {
        let column = node.get("column").and_then(|c| self.col(c));
        let equals = node
            .get("equals")
            .map(|n| self.texts(n, "`equals`"))
            .unwrap_or_default();
        let contains = node
            .get("contains")
            .map(|n| self.texts(n, "`contains`"))
            .unwrap_or_default();
        let filled = node.get("filled").and_then(|f| match f.value {
            Value::Bool(b) => Some(b),
            _ => None,
        });
        let predates = if in_field {
            node.get("predates_policy").and_then(|n| match n.value {
                Value::Bool(b) => Some(b),
                _ => {
                    self.err(
                        n.pos,
                        msg!("E131.not_bool", key = "predates_policy"),
                        msg!("E131.not_bool_hint"),
                    );
                    None
                }
            })
        } else {
            None
        };
        let tests_cell = !equals.is_empty() || !contains.is_empty() || filled.is_some();
        match (&column, tests_cell) {
            (None, _) if !in_field => {
                self.err(
                    node.pos,
                    msg!("E131.skip_column"),
                    msg!("E131.skip_column_hint"),
                );
                return None;
            }
            (None, false) if node.get("predates_policy").is_none() => {
                self.err(
                    node.pos,
                    msg!("E131.rule_nothing"),
                    msg!("E131.rule_nothing_hint"),
                );
                return None;
            }
            (None, true) => {
                self.err(
                    node.pos,
                    msg!("E131.rule_no_column"),
                    msg!("E131.rule_no_column_hint"),
                );
                return None;
            }
            (Some(c), false) => {
                self.err(
                    c.pos,
                    msg!("E131.rule_no_test", column = &c.name),
                    msg!("E131.rule_no_test_hint"),
                );
                return None;
            }
            _ => {}
        }
        if in_field && predates.is_none() && node.get("predates_policy").is_some() {
            return None; // reported above
        }
        Some(Cond {
            column,
            equals,
            contains,
            filled,
            predates,
        })
    }

    /// A field's `when:` list: each a condition and a `value` or `then`.
    pub(super) fn rules(&mut self, node: &Node) -> Vec<Rule> {
        let Some(items) = node.as_seq() else {
            self.err(
                node.pos,
                msg!("E131.when_not_list"),
                msg!("E131.when_not_list_hint"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            self.keys(item, RULE_KEYS, "E131.what_when_rule");
            if item.as_map().is_none() {
                continue;
            }
            let cond = self.cond(item, true);
            let then = match (item.get("value"), item.get("then")) {
                (Some(v), None) => self
                    .constant(v, "`value`")
                    .map(|t| Source::constant(t, v.pos)),
                (None, Some(t)) => self.source(t),
                _ => {
                    self.err(
                        item.pos,
                        msg!("E131.rule_value"),
                        msg!("E131.rule_value_hint"),
                    );
                    None
                }
            };
            if let (Some(cond), Some(then)) = (cond, then) {
                out.push(Rule { cond, then });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::authoring::import::input::Cell;
    use crate::authoring::import::mapping::{parse, Spec};
    use crate::diagnostics::Diagnostics;

    fn rules_of(text: &str) -> Vec<Rule> {
        let mut d = Diagnostics::new();
        let m = parse(text, "m.yaml", &mut d).unwrap_or_else(|| panic!("{:?}", d.into_vec()));
        match &m.fields[0].spec {
            Spec::One(s) => s.when.clone(),
            Spec::Entries(_) => panic!("not one source"),
        }
    }

    #[test]
    fn conditions_test_the_cell_and_the_records_period() {
        let rules = rules_of(
            "id: { column: A }\nfields:\n  level:\n    column: B\n    when:\n      - { column: 個人情報, equals: [あり, ○], value: 3 }\n      - { column: 備考, contains: 届出済, predates_policy: false, value: 2 }\n      - { predates_policy: true, then: { column: B, map: { x: 0 } } }\n",
        );
        assert_eq!(rules.len(), 3);
        let t = |s: &str| Cell::Text(s.into());
        let sheet = Sheet {
            name: None,
            rows: vec![
                vec![t("A"), t("B"), t("個人情報"), t("備考")],
                vec![t("1"), t("x"), t(" ○ "), t("")],
                vec![t("2"), t("x"), t("なし"), t("IPA届出済み")],
            ],
            merged: Vec::new(),
        };
        let h = Headers::read(&sheet, &[1]);
        // Width and spaces aside, the whole cell is one of the words.
        assert!(rules[0].cond.holds(&sheet, &h, 1, None));
        assert!(!rules[0].cond.holds(&sheet, &h, 2, None));
        // A part of the cell, and only for a record after the policy; not
        // knowing when it was detected, the rule does not hold.
        assert!(rules[1].cond.holds(&sheet, &h, 2, Some(false)));
        assert!(!rules[1].cond.holds(&sheet, &h, 2, Some(true)));
        assert!(!rules[1].cond.holds(&sheet, &h, 2, None));
        // The period alone; its value from another source.
        assert!(rules[2].cond.holds(&sheet, &h, 1, Some(true)));
        assert_eq!(rules[2].then.map, vec![("x".to_string(), "0".to_string())]);
        assert_eq!(
            rules[0].then.from,
            crate::authoring::import::mapping::From::Value("3".into())
        );
    }

    #[test]
    fn a_field_of_rules_alone_has_no_value_of_its_own() {
        let rules = rules_of(
            "id: { column: A }\nfields:\n  remarks:\n    when:\n      - { column: B, filled: true, then: B }\n",
        );
        assert_eq!(rules.len(), 1);
        // No source at all; a template without its {value}.
        for (fields, line, col) in [
            ("  remarks: { template: x }\n", 3, 12),
            ("  remarks: { column: B, template: x }\n", 3, 35),
        ] {
            let mut d = Diagnostics::new();
            let text = format!("id: {{ column: A }}\nfields:\n{fields}");
            assert!(parse(&text, "m.yaml", &mut d).is_none());
            let v = d.into_vec();
            assert_eq!(v.len(), 1, "{v:?}");
            assert_eq!(
                (v[0].code, v[0].pos.line, v[0].pos.col),
                ("E131", line, col)
            );
        }
    }
}
