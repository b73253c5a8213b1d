//! The mapping file: which column fills which record field, and how. Read
//! from YAML through [`crate::yaml`] and checked like content: an unknown
//! key, a field the record format lacks or a value of the wrong kind is an
//! E131 at its line and column. The format is documented in docs/import.md
//! and described by the JSON Schema `ismsbook schema --mapping` prints.

use super::input::Encoding;
use super::when::{Cond, Rule, SKIP_KEYS};
use crate::diagnostics::{codes, msg, suggest, Arg, Diagnostic, Diagnostics, Msg, Pos};
use crate::schema::fields::{Field, Ty, INCIDENT};
use crate::yaml::{Node, Value};
use chrono::{FixedOffset, NaiveDate};

/// A column named in the mapping: by its header text, or by its letter
/// (`D`) when no header has that text.
#[derive(Clone, Debug, PartialEq)]
pub struct ColRef {
    pub name: String,
    pub pos: Pos,
}

/// Where a field's value comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum From {
    Column(ColRef),
    /// Several columns joined into one text (empty ones left out).
    Columns(Vec<ColRef>),
    /// The same value for every row.
    Value(String),
}

/// One field's source and how its text is turned into the value.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub from: From,
    /// Cell text → value (`重大` → `2`), matched after trimming.
    pub map: Vec<(String, String)>,
    /// A list field: the separators between items of one cell.
    pub split: Vec<String>,
    /// Joined columns: what goes between them.
    pub join: String,
    /// Joined columns: each part starts with its column's header.
    pub labels: bool,
    /// Used when the cell is empty.
    pub default: Option<String>,
    /// `date_only: true`: the column holds a day whose time is not known;
    /// the value is written as the date alone (a time the cell shows, such
    /// as a placeholder 0:00, is dropped rather than taken as true).
    pub date_only: bool,
    /// `when:`: values that depend on other cells, tried in order before
    /// `from`; the first rule that holds gives the value.
    pub when: Vec<Rule>,
    /// `template: "…{value}…"`: the text written, the value in its place.
    pub template: Option<String>,
    pub pos: Pos,
}

impl Source {
    /// A constant (`value: …`) written at `pos` of the mapping.
    pub fn constant(value: String, pos: Pos) -> Source {
        Source {
            from: From::Value(value),
            map: Vec::new(),
            split: Vec::new(),
            join: "\n\n".into(),
            labels: false,
            default: None,
            date_only: false,
            when: Vec::new(),
            template: None,
            pos,
        }
    }

    /// Every column this source reads: its own, its rules' conditions and
    /// the sources they give.
    pub fn columns(&self) -> Vec<ColRef> {
        let mut out = match &self.from {
            From::Column(c) => vec![c.clone()],
            From::Columns(cs) => cs.clone(),
            From::Value(_) => Vec::new(),
        };
        for r in &self.when {
            out.extend(r.cond.column.iter().cloned());
            out.extend(r.then.columns());
        }
        out
    }
}

/// What a record field is filled with.
#[derive(Clone, Debug)]
pub enum Spec {
    One(Source),
    /// A list of objects (`timeline`, `actions`, …): one entry per item,
    /// written when any of its fields has a value in the row.
    Entries(Vec<Vec<(&'static Field, Source)>>),
}

#[derive(Clone, Debug)]
pub struct FieldMap {
    /// `title`, `impact.personal_data`, `assessment.stage`, `timeline`.
    pub path: String,
    pub field: &'static Field,
    pub spec: Spec,
    /// Where the field's key is written in the mapping.
    pub pos: Pos,
}

impl FieldMap {
    /// For a list of objects: the name of the first field of an entry.
    pub fn field_first(&self) -> Option<&'static str> {
        match self.field.ty {
            Ty::List(Ty::Object(t)) => t.first().map(|f| f.name),
            _ => None,
        }
    }
}

/// How record ids are made.
#[derive(Clone, Debug, PartialEq)]
pub enum IdRule {
    Column(Source),
    /// `INC-{year}-{seq:3}`: the year of detection and a running number per
    /// year, counted in sheet order from `start`.
    Pattern {
        pattern: String,
        start: u64,
        pos: Pos,
    },
}

#[derive(Clone, Debug)]
pub struct Mapping {
    pub sheet: Option<String>,
    /// 1-based rows holding the column headers (several: a header with
    /// merged cells above the column names).
    pub header_rows: Vec<usize>,
    /// 1-based first data row; default: the row after the last header row.
    pub first_row: Option<usize>,
    pub encoding: Encoding,
    pub timezone: Option<FixedOffset>,
    pub formats: Vec<String>,
    pub policy_since: Option<NaiveDate>,
    pub predates_reason: Option<String>,
    pub policy_version: Option<String>,
    pub id: IdRule,
    pub skip_blank: bool,
    pub skip_header_repeated: bool,
    /// `skip.when`: a row whose cell matches one of these is left out.
    pub skip_when: Vec<Cond>,
    pub fields: Vec<FieldMap>,
}

/// The top-level keys of a mapping file, in the order docs/import.md lists them.
pub const KEYS: &[&str] = &[
    "sheet",
    "header_row",
    "first_row",
    "encoding",
    "timezone",
    "date_formats",
    "policy_since",
    "predates_reason",
    "policy_version",
    "id",
    "skip",
    "fields",
];

/// The keys of a field's source.
pub const SOURCE_KEYS: &[&str] = &[
    "column",
    "columns",
    "value",
    "map",
    "split",
    "join",
    "labels",
    "default",
    "date_only",
    "when",
    "template",
];

/// Reads a mapping file, collecting E131 for everything wrong in it.
pub(super) struct Reader<'a> {
    file: &'a str,
    diags: &'a mut Diagnostics,
}

impl Reader<'_> {
    pub(super) fn err(&mut self, pos: Pos, message: Msg, hint: Msg) {
        self.diags
            .push(Diagnostic::new(codes::IMPORT_MAPPING, self.file, pos, message).hint(hint));
    }

    pub(super) fn keys(&mut self, node: &Node, allowed: &[&str], what: &str) {
        let Some(map) = node.as_map() else {
            self.err(
                node.pos,
                msg!(
                    "E131.not_mapping",
                    what = what_arg(what),
                    found = crate::schema::check::type_msg(node)
                ),
                msg!("E131.not_mapping_hint", keys = allowed.join(", ")),
            );
            return;
        };
        for (k, _) in map {
            let name = k.as_str().unwrap_or("");
            if !allowed.contains(&name) {
                let hint = match suggest(name, allowed.iter().copied()) {
                    Some(s) => msg!("suggest.did_you_mean", id = s),
                    None => msg!(
                        "E131.keys_hint",
                        what = what_arg(what),
                        keys = allowed.join(", ")
                    ),
                };
                self.err(
                    k.pos,
                    msg!("E131.unknown_key", key = name, what = what_arg(what)),
                    hint,
                );
            }
        }
    }

    pub(super) fn text(&mut self, node: &Node, what: &str) -> Option<String> {
        match scalar(node) {
            Some(s) => Some(s),
            None => {
                self.err(
                    node.pos,
                    msg!(
                        "E131.not_scalar",
                        what = what_arg(what),
                        found = crate::schema::check::type_msg(node)
                    ),
                    msg!("E131.not_scalar_hint"),
                );
                None
            }
        }
    }

    /// A constant (`value:`): one value, or for a list field a list of
    /// values (kept one per line, which the list field splits on).
    pub(super) fn constant(&mut self, node: &Node, what: &str) -> Option<String> {
        match node.as_seq() {
            Some(items) if !items.is_empty() && items.iter().all(|i| scalar(i).is_some()) => Some(
                items
                    .iter()
                    .filter_map(scalar)
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            _ => self.text(node, what),
        }
    }

    pub(super) fn texts(&mut self, node: &Node, what: &str) -> Vec<String> {
        match node.as_seq() {
            Some(items) => items.iter().filter_map(|n| self.text(n, what)).collect(),
            None => self.text(node, what).into_iter().collect(),
        }
    }

    fn row(&mut self, node: &Node, what: &str) -> Option<usize> {
        match &node.value {
            Value::Int(n) if *n >= 1 => usize::try_from(*n).ok(),
            _ => {
                self.err(
                    node.pos,
                    msg!("E131.not_row", what = what_arg(what)),
                    msg!("E131.not_row_hint"),
                );
                None
            }
        }
    }

    pub(super) fn col(&mut self, node: &Node) -> Option<ColRef> {
        let name = self.text(node, "E131.what_column")?;
        Some(ColRef {
            name,
            pos: node.pos,
        })
    }

    pub(super) fn source(&mut self, node: &Node) -> Option<Source> {
        let mut s = Source::constant(String::new(), node.pos);
        if node.as_map().is_none() {
            // Shorthand: `title: 件名` names the column.
            s.from = From::Column(self.col(node)?);
            return Some(s);
        }
        self.keys(node, SOURCE_KEYS, "E131.what_source");
        let column = node.get("column").and_then(|n| self.col(n));
        let columns = node.get("columns").map(|n| {
            let items: Vec<&Node> = match n.as_seq() {
                Some(items) => items.iter().collect(),
                None => vec![n],
            };
            items
                .into_iter()
                .filter_map(|i| self.col(i))
                .collect::<Vec<_>>()
        });
        let value = node.get("value").and_then(|n| self.constant(n, "`value`"));
        if let Some(n) = node.get("when") {
            s.when = self.rules(n);
        }
        s.from = match (column, columns, value) {
            (Some(c), None, None) => From::Column(c),
            (None, Some(cs), None) => From::Columns(cs),
            (None, None, Some(v)) => From::Value(v),
            // Only the rules: no value when none of them holds.
            (None, None, None) if node.get("when").is_some() => From::Value(String::new()),
            _ => {
                self.err(
                    node.pos,
                    msg!("E131.one_source"),
                    msg!("E131.one_source_hint"),
                );
                return None;
            }
        };
        if let Some(m) = node.get("map") {
            match m.as_map() {
                Some(pairs) => {
                    for (k, v) in pairs {
                        if let (Some(k), Some(v)) = (
                            self.text(k, "E131.what_map_key"),
                            self.text(v, "E131.what_map_value"),
                        ) {
                            s.map.push((k.trim().to_string(), v));
                        }
                    }
                }
                None => self.err(
                    m.pos,
                    msg!("E131.map_not_mapping"),
                    msg!("E131.map_not_mapping_hint"),
                ),
            }
        }
        if let Some(n) = node.get("split") {
            s.split = self.texts(n, "`split`");
        }
        if let Some(n) = node.get("join") {
            s.join = self.text(n, "`join`").unwrap_or_default();
        }
        if let Some(n) = node.get("labels") {
            s.labels = matches!(n.value, Value::Bool(true));
        }
        if let Some(n) = node.get("default") {
            s.default = self.text(n, "`default`");
        }
        if let Some(n) = node.get("date_only") {
            s.date_only = matches!(n.value, Value::Bool(true));
        }
        if let Some(n) = node.get("template") {
            s.template = self.text(n, "`template`");
            if s.template.as_ref().is_some_and(|t| !t.contains("{value}")) {
                self.err(n.pos, msg!("E131.template"), msg!("E131.template_hint"));
            }
        }
        Some(s)
    }

    fn fields(&mut self, node: &Node) -> Vec<FieldMap> {
        let mut out = Vec::new();
        let Some(map) = node.as_map() else {
            self.err(
                node.pos,
                msg!("E131.fields_not_mapping"),
                msg!("E131.fields_not_mapping_hint"),
            );
            return out;
        };
        for (k, v) in map {
            let path = k.as_str().unwrap_or("").to_string();
            let Some(field) = field_at(&path).or_else(|| super::flags::field(&path)) else {
                let names = field_paths();
                let hint = match suggest(&path, names.iter().map(String::as_str)) {
                    Some(s) => msg!("suggest.did_you_mean", id = s),
                    None => msg!("E131.unknown_field_hint"),
                };
                self.err(k.pos, msg!("E131.unknown_field", field = &path), hint);
                continue;
            };
            let spec = match (&field.ty, v.as_seq()) {
                (Ty::List(inner), Some(items)) if matches!(inner, Ty::Object(_)) => {
                    let Ty::Object(table) = inner else { continue };
                    Spec::Entries(items.iter().map(|i| self.entry(i, table)).collect())
                }
                (Ty::Object(_), _) => {
                    self.err(
                        k.pos,
                        msg!("E131.group", field = &path),
                        msg!("E131.group_hint", field = &path, first = first_name(field)),
                    );
                    continue;
                }
                _ => match self.source(v) {
                    Some(s) => Spec::One(s),
                    None => continue,
                },
            };
            if path == "id" {
                self.err(k.pos, msg!("E131.id_in_fields"), msg!("E131.id_hint"));
                continue;
            }
            out.push(FieldMap {
                path,
                field,
                spec,
                pos: k.pos,
            });
        }
        out
    }

    fn entry(&mut self, node: &Node, table: &'static [Field]) -> Vec<(&'static Field, Source)> {
        let names: Vec<&str> = table.iter().map(|f| f.name).collect();
        self.keys(node, &names, "E131.what_entry");
        let mut out = Vec::new();
        for f in table {
            if let Some(v) = node.get(f.name) {
                if let Some(s) = self.source(v) {
                    out.push((f, s));
                }
            }
        }
        out
    }
}

/// What a reader's `what` names, as a message argument: one of the
/// phrases below (a catalogue key), else a key of the mapping, in backticks.
fn what_arg(what: &str) -> Arg {
    const PHRASES: [&str; 8] = [
        "E131.what_column",
        "E131.what_source",
        "E131.what_map_key",
        "E131.what_map_value",
        "E131.what_entry",
        "E131.what_mapping",
        "E131.what_skip_rule",
        "E131.what_when_rule",
    ];
    match PHRASES.iter().find(|p| **p == what) {
        Some(key) => Arg::Msg(Msg::new(key)),
        None => {
            let key = what.trim_matches('`');
            Arg::Both(format!("`{key}` "), format!("`{key}`"))
        }
    }
}

fn first_name(field: &Field) -> &'static str {
    match field.ty {
        Ty::Object(t) => t.first().map(|f| f.name).unwrap_or(""),
        _ => "",
    }
}

/// A YAML scalar as text (numbers and booleans as written).
fn scalar(node: &Node) -> Option<String> {
    match &node.value {
        Value::Str(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The field at a dotted path of the incident table.
pub fn field_at(path: &str) -> Option<&'static Field> {
    let mut table = INCIDENT;
    let mut parts = path.split('.').peekable();
    while let Some(name) = parts.next() {
        let f = table.iter().find(|f| f.name == name)?;
        if parts.peek().is_none() {
            return Some(f);
        }
        table = match f.ty {
            Ty::Object(t) => t,
            _ => return None,
        };
    }
    None
}

/// Every path a mapping may fill.
pub fn field_paths() -> Vec<String> {
    let mut out = Vec::new();
    for f in INCIDENT {
        match f.ty {
            Ty::Object(t) => out.extend(t.iter().map(|s| format!("{}.{}", f.name, s.name))),
            _ => out.push(f.name.to_string()),
        }
    }
    out
}

/// Read a mapping file's text. `None` (with diagnostics) when it cannot be used.
pub fn parse(text: &str, file: &str, diags: &mut Diagnostics) -> Option<Mapping> {
    let root = match crate::yaml::parse(text) {
        Ok(n) => n,
        Err(e) => {
            diags.push(
                Diagnostic::new(
                    codes::IMPORT_MAPPING,
                    file,
                    e.pos,
                    msg!("E131.yaml", detail = e.message),
                )
                .hint(msg!("E131.yaml_hint")),
            );
            return None;
        }
    };
    let before = diags.len();
    let mut r = Reader { file, diags };
    r.keys(&root, KEYS, "E131.what_mapping");
    let header_rows = match root.get("header_row") {
        Some(n) => match n.as_seq() {
            Some(items) => items
                .iter()
                .filter_map(|i| r.row(i, "`header_row`"))
                .collect(),
            None => r.row(n, "`header_row`").into_iter().collect(),
        },
        None => vec![1],
    };
    let encoding = match root
        .get("encoding")
        .and_then(|n| Some((n, r.text(n, "`encoding`")?)))
    {
        None => Encoding::Auto,
        Some((n, e)) => match e.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "auto" => Encoding::Auto,
            "utf8" => Encoding::Utf8,
            "shiftjis" | "sjis" | "cp932" | "windows31j" => Encoding::ShiftJis,
            _ => {
                r.err(
                    n.pos,
                    msg!("E131.encoding", encoding = &e),
                    msg!("E131.encoding_hint"),
                );
                Encoding::Auto
            }
        },
    };
    let timezone = root.get("timezone").and_then(|n| {
        let t = r.text(n, "`timezone`")?;
        let tz = crate::model::time::parse_offset(&t);
        if tz.is_none() {
            r.err(
                n.pos,
                msg!("E131.timezone", value = &t),
                msg!("E131.timezone_hint"),
            );
        }
        tz
    });
    let policy_since = root.get("policy_since").and_then(|n| {
        let t = r.text(n, "`policy_since`")?;
        let d = NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok();
        if d.is_none() {
            r.err(n.pos, msg!("E131.date", value = &t), msg!("E131.date_hint"));
        }
        d
    });
    let id = match root.get("id") {
        Some(n) if n.get("pattern").is_some() => {
            r.keys(n, &["pattern", "start"], "`id`");
            let pattern = n
                .get("pattern")
                .and_then(|p| r.text(p, "`pattern`"))
                .unwrap_or_default();
            let start = match n.get("start").map(|s| &s.value) {
                Some(Value::Int(i)) if *i >= 0 => u64::try_from(*i).unwrap_or(1),
                _ => 1,
            };
            if !pattern.contains("{seq") {
                r.err(n.pos, msg!("E131.no_seq"), msg!("E131.no_seq_hint"));
            }
            IdRule::Pattern {
                pattern,
                start,
                pos: n.pos,
            }
        }
        Some(n) => match r.source(n) {
            Some(s) => IdRule::Column(s),
            None => return None,
        },
        None => {
            r.err(root.pos, msg!("E131.no_id"), msg!("E131.id_hint"));
            return None;
        }
    };
    let (mut skip_blank, mut skip_header_repeated, mut skip_when) = (true, true, Vec::new());
    if let Some(s) = root.get("skip") {
        r.keys(s, &["blank", "header_repeated", "when"], "`skip`");
        if let Some(b) = s.get("blank") {
            skip_blank = !matches!(b.value, Value::Bool(false));
        }
        if let Some(b) = s.get("header_repeated") {
            skip_header_repeated = !matches!(b.value, Value::Bool(false));
        }
        for w in s.get("when").and_then(Node::as_seq).unwrap_or(&[]) {
            r.keys(w, SKIP_KEYS, "E131.what_skip_rule");
            skip_when.extend(r.cond(w, false));
        }
    }
    let fields = match root.get("fields") {
        Some(f) => r.fields(f),
        None => {
            r.err(
                root.pos,
                msg!("E131.no_fields"),
                msg!("E131.no_fields_hint"),
            );
            Vec::new()
        }
    };
    let get_text = |r: &mut Reader, key: &str| root.get(key).and_then(|n| r.text(n, key));
    let mapping = Mapping {
        sheet: get_text(&mut r, "sheet"),
        first_row: root.get("first_row").and_then(|n| r.row(n, "`first_row`")),
        formats: root
            .get("date_formats")
            .map(|n| r.texts(n, "`date_formats`"))
            .unwrap_or_default(),
        predates_reason: get_text(&mut r, "predates_reason"),
        policy_version: get_text(&mut r, "policy_version"),
        header_rows,
        encoding,
        timezone,
        policy_since,
        id,
        skip_blank,
        skip_header_repeated,
        skip_when,
        fields,
    };
    (diags.len() == before).then_some(mapping)
}

#[cfg(test)]
mod tests;
