//! One record from one row: every mapped field converted, the id made,
//! the fields the record is built around (level, category, detection)
//! required, and history older than the policy marked as such.

use super::convert::{Got, Problem, ProblemKind, Row};
use super::dates::When;
use super::mapping::{FieldMap, IdRule, Mapping, Spec};
use crate::authoring::skeleton::{yaml_str, Filled, Prefill};
use crate::diagnostics::{codes, msg, Code, Msg, Pos};
use crate::schema::fields::INCIDENT;
use chrono::Datelike;

/// A record made from a row, not yet rendered.
pub struct Made {
    pub id: String,
    pub year: i32,
    pub prefill: Prefill,
    /// Which column each field path came from (to place later findings).
    pub columns: Vec<(String, usize)>,
}

/// A problem in a row: its code, the column (`None`: the mapping's
/// constant or the row as a whole), message and hint.
pub struct RowProblem {
    pub code: Code,
    pub col: Option<usize>,
    /// For a constant of the mapping: where it is written there.
    pub at: Option<Pos>,
    pub message: Msg,
    pub hint: Msg,
}

impl From<Problem> for RowProblem {
    fn from(p: Problem) -> Self {
        RowProblem {
            code: match p.kind {
                ProblemKind::Type => codes::IMPORT_CELL_TYPE,
                ProblemKind::Value => codes::IMPORT_CELL_VALUE,
            },
            col: p.col,
            at: p.at,
            message: p.message,
            hint: p.hint,
        }
    }
}

/// Fields the record is built around; `new` derives the rest from them.
const CORE: &[&str] = &["id", "level", "category", "detected_at", "responsible"];

/// The running numbers handed out so far, per year.
#[derive(Default)]
pub struct Sequence {
    next: std::collections::BTreeMap<i32, u64>,
}

impl Sequence {
    fn take(&mut self, year: i32, start: u64) -> u64 {
        let n = self.next.entry(year).or_insert(start);
        let v = *n;
        *n += 1;
        v
    }
}

/// `INC-{year}-{seq:3}` → `INC-2025-007`.
pub fn expand(pattern: &str, year: i32, seq: u64) -> String {
    let mut out = pattern.replace("{year}", &year.to_string());
    while let Some(at) = out.find("{seq") {
        let Some(end) = out[at..].find('}') else {
            break;
        };
        let width: usize = out[at + 4..at + end]
            .trim_start_matches(':')
            .parse()
            .unwrap_or(1);
        out.replace_range(at..=at + end, &format!("{seq:0width$}"));
    }
    out
}

/// Build the record of a row, or say everything wrong with it.
pub fn make(row: &Row, m: &Mapping, seq: &mut Sequence) -> Result<Made, Vec<RowProblem>> {
    let row = &Row {
        predates: predates_policy(row, m),
        ..*row
    };
    let mut problems: Vec<RowProblem> = Vec::new();
    let mut filled: Vec<(String, Filled)> = Vec::new();
    let mut core: Vec<(String, Got)> = Vec::new();
    let mut columns = Vec::new();
    // Fields whose value was there but wrong: reported once, not as missing too.
    let mut failed: Vec<String> = Vec::new();
    for fm in &m.fields {
        match one_field(row, fm) {
            Ok(Some((f, got))) => {
                if let Spec::One(src) = &fm.spec {
                    if let Some(c) = row.column_of(src) {
                        columns.push((fm.path.clone(), c));
                    }
                }
                if let Some(got) = got {
                    core.push((fm.path.clone(), got));
                }
                filled.push((fm.path.clone(), f));
            }
            Ok(None) => {}
            Err(mut p) => {
                failed.push(fm.path.clone());
                problems.append(&mut p);
            }
        }
    }
    let got = |name: &str| core.iter().find(|(p, _)| p == name).map(|(_, g)| g);
    let missing = |name: &str, problems: &mut Vec<RowProblem>| {
        let src = m
            .fields
            .iter()
            .find(|f| f.path == name)
            .and_then(|f| match &f.spec {
                Spec::One(s) => Some(s),
                Spec::Entries(_) => None,
            });
        let col = src.and_then(|s| row.column_of(s));
        problems.push(RowProblem {
            code: codes::IMPORT_MISSING,
            col,
            at: None,
            message: msg!("E137.missing", field = name),
            hint: if col.is_some_and(|c| row.below_a_value_in_csv(c)) {
                msg!("E137.missing_csv_merge_hint", field = name)
            } else if col.is_some() {
                msg!("E137.missing_cell_hint", field = name)
            } else if src.is_some_and(|s| !s.when.is_empty()) {
                msg!("E137.missing_rules_hint", field = name)
            } else {
                msg!("E137.missing_map_hint", field = name)
            },
        });
    };
    let level = got("level").and_then(|g| g.int);
    let category = got("category").map(|g| g.text.clone());
    let detected: Option<When> = got("detected_at").and_then(|g| g.when);
    for (name, present) in [
        ("level", level.is_some()),
        ("category", category.is_some()),
        ("detected_at", detected.is_some()),
    ] {
        if !present && !failed.iter().any(|f| f == name) {
            missing(name, &mut problems);
        }
    }
    for f in INCIDENT
        .iter()
        .filter(|f| f.required && !CORE.contains(&f.name))
    {
        if !filled.iter().any(|(p, _)| p == f.name) && !failed.iter().any(|p| p == f.name) {
            missing(f.name, &mut problems);
        }
    }
    let (Some(level), Some(category), Some(detected)) = (level, category, detected) else {
        return Err(problems);
    };
    let at = detected.at(row.tz);
    let year = at.with_timezone(&row.tz).year();
    let id = match &m.id {
        IdRule::Pattern { pattern, start, .. } => {
            Some(expand(pattern, year, seq.take(year, *start)))
        }
        IdRule::Column(src) => {
            let id_field = INCIDENT.iter().find(|f| f.name == "id");
            match id_field.map(|f| row.value(f, src)) {
                Some(Ok(Some(g))) => Some(g.text),
                Some(Err(p)) => {
                    problems.push(p.into());
                    None
                }
                _ => {
                    missing("id", &mut problems);
                    None
                }
            }
        }
    };
    // A record file named after an id Windows cannot create (`CON`,
    // `COM1`, `A.`) is E206 in `check`: said at the id's cell instead,
    // before anything is written.
    if let Some((message, hint)) = id.as_deref().and_then(crate::validate::windows_name_msgs) {
        problems.push(RowProblem {
            code: codes::WINDOWS_NAME,
            col: match &m.id {
                IdRule::Column(src) => row.column_of(src),
                IdRule::Pattern { .. } => None,
            },
            at: None,
            message,
            hint,
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let Some(id) = id else { return Err(problems) };
    let mut prefill =
        match Prefill::from_policy(&row.content.policy, id.clone(), level, category, at) {
            Ok(p) => p,
            Err(_) => return Err(problems),
        };
    prefill.reported_at = None;
    prefill.assessment = None;
    prefill.imported = true;
    if let Some(since) = m.policy_since.filter(|s| detected.date() < *s) {
        let lang = row.content.site.language;
        filled.push(("predates_policy".into(), predates(m, since, lang)));
    }
    prefill.filled = filled;
    if let IdRule::Column(src) = &m.id {
        if let Some(c) = row.column_of(src) {
            columns.push(("id".into(), c));
        }
    }
    Ok(Made {
        id,
        year,
        prefill,
        columns,
    })
}

/// Whether the row's record is detected before `policy_since` (never,
/// without one); `None` when its detection cannot be read.
fn predates_policy(row: &Row, m: &Mapping) -> Option<bool> {
    let Some(since) = m.policy_since else {
        return Some(false);
    };
    let fm = m.fields.iter().find(|f| f.path == "detected_at")?;
    let Spec::One(src) = &fm.spec else {
        return None;
    };
    let when = row.value(fm.field, src).ok()??.when?;
    Some(when.date() < since)
}

/// The `predates_policy` object of a record detected before `policy_since`.
fn predates(m: &Mapping, since: chrono::NaiveDate, lang: crate::model::Language) -> Filled {
    // The record is read in the site's language.
    let reason = m.predates_reason.clone().unwrap_or_else(|| match lang {
        crate::model::Language::Ja => {
            format!("移行した過去の記録: 規程の施行日（{since}）より前に発見された")
        }
        crate::model::Language::En => {
            format!("imported history: detected before the policy took effect on {since}")
        }
    });
    let mut lines = vec![format!("reason: {}", yaml_str(&reason))];
    if let Some(v) = &m.policy_version {
        lines.push(format!("policy_version: {}", yaml_str(v)));
    }
    Filled::Lines(lines)
}

/// A mapped field of a row: its YAML, and the converted value for the
/// core fields. `Ok(None)`: the row has no value for it.
#[allow(clippy::type_complexity)]
fn one_field(row: &Row, fm: &FieldMap) -> Result<Option<(Filled, Option<Got>)>, Vec<RowProblem>> {
    match &fm.spec {
        Spec::One(src) => match row.value(fm.field, src) {
            Ok(Some(g)) => {
                let keep = CORE.contains(&fm.path.as_str()).then(|| g.clone());
                Ok(Some((g.filled, keep)))
            }
            Ok(None) => Ok(None),
            Err(p) => Err(vec![p.into()]),
        },
        Spec::Entries(entries) => {
            let mut lines = Vec::new();
            let mut problems = Vec::new();
            for entry in entries {
                let mut item = Vec::new();
                for (f, src) in entry {
                    match row.value(f, src) {
                        Ok(Some(g)) => item.push((f.name, scalar_of(g.filled))),
                        Ok(None) => {}
                        Err(p) => problems.push(p.into()),
                    }
                }
                // An entry is written when the row has its first field (the
                // time of a timeline entry, the action of an action).
                let first = fm.field_first();
                if !item.iter().any(|(n, _)| Some(*n) == first) {
                    continue;
                }
                for (k, (name, v)) in item.into_iter().enumerate() {
                    let lead = if k == 0 { "- " } else { "  " };
                    lines.push(format!("{lead}{name}: {v}"));
                }
            }
            if !problems.is_empty() {
                return Err(problems);
            }
            Ok((!lines.is_empty()).then_some((Filled::Lines(lines), None)))
        }
    }
}

/// A value inside a list entry is written on one line.
fn scalar_of(f: Filled) -> String {
    match f {
        Filled::Scalar(s) => s,
        Filled::Block(b) => yaml_str(&b.join("\n")),
        Filled::Lines(l) => yaml_str(&l.join("\n")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_patterns() {
        assert_eq!(expand("INC-{year}-{seq:3}", 2025, 7), "INC-2025-007");
        assert_eq!(expand("OLD{seq}", 2025, 12), "OLD12");
        let mut s = Sequence::default();
        assert_eq!(s.take(2025, 1), 1);
        assert_eq!(s.take(2025, 1), 2);
        assert_eq!(s.take(2024, 1), 1);
    }
}
