//! The JSON Schema (draft 2020-12) of a mapping file, for editors
//! (`ismsbook schema --mapping`). Generated from the record field table, so
//! the fields a mapping may fill are exactly those `import` accepts;
//! `import` itself remains the authority (columns are checked against the
//! sheet, values against the policy).

use super::mapping::{field_at, field_paths, KEYS, SOURCE_KEYS};
use super::when::RULE_KEYS;
use crate::authoring::jsonschema::DIALECT;
use crate::schema::fields::Ty;
use serde_json::{json, Map, Value};

fn scalar() -> Value {
    json!({ "anyOf": [ { "type": "string" }, { "type": "number" }, { "type": "boolean" } ] })
}

/// A constant: one value, or a list of values for a list field.
fn constant() -> Value {
    json!({ "anyOf": [
        { "type": "string" }, { "type": "number" }, { "type": "boolean" },
        { "type": "array", "minItems": 1, "items": { "anyOf": [ { "type": "string" }, { "type": "number" } ] } }
    ] })
}

fn texts() -> Value {
    json!({ "anyOf": [ { "type": "string" }, { "type": "array", "items": { "type": "string" } } ] })
}

/// A condition on a row's cell (`skip.when`, and a `when` rule with
/// `predates_policy` and its value added).
fn cond_props() -> Map<String, Value> {
    let mut props = Map::new();
    props.insert(
        "column".into(),
        json!({ "type": "string", "description": "the column whose cell is tested" }),
    );
    props.insert("equals".into(), json!({ "anyOf": [ { "type": "string" }, { "type": "array", "items": { "type": "string" } } ], "description": "the whole cell is one of these words" }));
    props.insert("contains".into(), json!({ "anyOf": [ { "type": "string" }, { "type": "array", "items": { "type": "string" } } ], "description": "the cell contains one of these" }));
    props.insert(
        "filled".into(),
        json!({ "type": "boolean", "description": "true: the cell is not blank; false: the cell is blank" }),
    );
    props
}

/// A rule naming a column says what its cell must hold.
fn cell_test() -> Value {
    json!({ "anyOf": [ { "required": ["equals"] }, { "required": ["contains"] }, { "required": ["filled"] } ] })
}

/// A field's `when:` list: rules tried in order, the first that holds
/// giving the value (`$defs/when`; a rule's `then` is a source again).
fn rules() -> Value {
    let mut props = cond_props();
    props.insert("predates_policy".into(), json!({ "type": "boolean", "description": "the record is (true) or is not (false) detected before policy_since" }));
    props.insert("value".into(), constant());
    props.insert("then".into(), source());
    debug_assert_eq!(props.len(), RULE_KEYS.len());
    json!({
        "type": "array",
        "description": "values that depend on other cells: the first rule whose condition holds gives the value; when none holds, the field's own column (or no value)",
        "items": {
            "type": "object",
            "properties": props,
            "additionalProperties": false,
            "anyOf": [ { "required": ["column"] }, { "required": ["predates_policy"] } ],
            "oneOf": [ { "required": ["value"] }, { "required": ["then"] } ],
            "dependentSchemas": { "column": cell_test() }
        }
    })
}

/// A field's source, as a reference to its definition.
fn source() -> Value {
    json!({ "$ref": "#/$defs/source" })
}

/// A field's source: a column name, or an object with one of `column`,
/// `columns` and `value`, or `when` rules alone (`$defs/source`).
fn source_def() -> Value {
    let mut props = Map::new();
    props.insert("column".into(), json!({ "type": "string", "description": "header text (or group/name for a header of two rows), or a column letter" }));
    props.insert("columns".into(), json!({ "type": "array", "items": { "type": "string" }, "description": "columns joined into one text" }));
    props.insert("value".into(), constant());
    props.insert("map".into(), json!({ "type": "object", "additionalProperties": scalar(), "description": "cell text → value" }));
    props.insert("split".into(), texts());
    props.insert("join".into(), json!({ "type": "string" }));
    props.insert("labels".into(), json!({ "type": "boolean" }));
    props.insert("default".into(), scalar());
    props.insert("date_only".into(), json!({ "type": "boolean", "description": "a date column whose time is not known: write the day alone, without a time" }));
    props.insert("when".into(), json!({ "$ref": "#/$defs/when" }));
    props.insert("template".into(), json!({ "type": "string", "pattern": "\\{value\\}", "description": "the text written, with {value} where the cell's text goes" }));
    debug_assert_eq!(props.len(), SOURCE_KEYS.len());
    json!({
        "anyOf": [
            { "type": "string", "description": "the column: header text or letter" },
            {
                "type": "object",
                "properties": props,
                "additionalProperties": false,
                "oneOf": [
                    { "type": "object", "required": ["column"] },
                    { "type": "object", "required": ["columns"] },
                    { "type": "object", "required": ["value"] },
                    { "type": "object", "required": ["when"], "not": { "anyOf": [ { "required": ["column"] }, { "required": ["columns"] }, { "required": ["value"] } ] } }
                ]
            }
        ]
    })
}

fn fields() -> Value {
    let mut props = Map::new();
    for path in field_paths() {
        if path == "id" {
            continue;
        }
        let schema = match field_at(&path).map(|f| &f.ty) {
            Some(Ty::List(Ty::Object(table))) => {
                let entry: Map<String, Value> = table
                    .iter()
                    .map(|f| (f.name.to_string(), source()))
                    .collect();
                json!({
                    "anyOf": [
                        { "type": "array", "items": { "type": "object", "properties": entry, "additionalProperties": false } },
                        source()
                    ]
                })
            }
            _ => source(),
        };
        props.insert(path, schema);
    }
    json!({
        "type": "object",
        "properties": props,
        // The policy's own impact flags (`impacts:`), checked against it on import.
        "patternProperties": { "^impact\\.[A-Za-z0-9_-]+$": source() },
        "additionalProperties": false
    })
}

/// The schema of a mapping file.
pub fn mapping_schema() -> Value {
    let row = json!({ "type": "integer", "minimum": 1 });
    let mut props = Map::new();
    props.insert("sheet".into(), json!({ "type": "string" }));
    props.insert(
        "header_row".into(),
        json!({ "anyOf": [row, { "type": "array", "items": row }] }),
    );
    props.insert("first_row".into(), row.clone());
    props.insert("encoding".into(), json!({ "type": "string", "enum": ["auto", "utf-8", "utf8", "shift_jis", "sjis", "cp932"] }));
    props.insert(
        "timezone".into(),
        json!({ "type": "string", "pattern": "^(Z|UTC|[+-]\\d{2}:\\d{2})$" }),
    );
    props.insert("date_formats".into(), texts());
    props.insert(
        "policy_since".into(),
        json!({ "anyOf": [ { "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$" } ] }),
    );
    props.insert("predates_reason".into(), json!({ "type": "string" }));
    props.insert("policy_version".into(), json!({ "type": "string" }));
    props.insert("id".into(), json!({
        "anyOf": [
            { "type": "object", "required": ["pattern"], "additionalProperties": false,
              "properties": { "pattern": { "type": "string", "pattern": "\\{seq" }, "start": { "type": "integer", "minimum": 0 } } },
            source()
        ]
    }));
    props.insert(
        "skip".into(),
        json!({
            "type": "object", "additionalProperties": false,
            "properties": {
                "blank": { "type": "boolean" },
                "header_repeated": { "type": "boolean" },
                "when": { "type": "array", "items": {
                    "type": "object", "required": ["column"], "additionalProperties": false,
                    "properties": cond_props(),
                    "allOf": [ cell_test() ]
                } }
            }
        }),
    );
    props.insert("fields".into(), fields());
    debug_assert_eq!(props.len(), KEYS.len());
    json!({
        "$schema": DIALECT,
        "title": "ismsbook import mapping",
        "description": "Which column of a register fills which incident record field (docs/import.md)",
        "type": "object",
        "required": ["id", "fields"],
        "properties": props,
        "additionalProperties": false,
        "$defs": { "source": source_def(), "when": rules() }
    })
}

/// The schema as pretty JSON with a trailing newline.
pub fn mapping_schema_text() -> String {
    let mut s = serde_json::to_string_pretty(&mapping_schema()).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_the_reader_knows_is_in_the_schema() {
        let s = mapping_schema();
        for k in KEYS {
            assert!(s["properties"].get(*k).is_some(), "{k}");
        }
        assert!(s["properties"]["fields"]["properties"]
            .get("impact.personal_data")
            .is_some());
        assert!(s["properties"]["fields"]["properties"]["timeline"].is_object());
    }
}
