//! `register.csv` and `drills.csv`: one row per record, for spreadsheets.
//!
//! - UTF-8 with a byte-order mark (Excel in Japan otherwise reads Shift_JIS);
//! - RFC 4180: fields quoted when they hold a comma, quote or line break,
//!   quotes doubled, CRLF after every row (the `csv` crate);
//! - headers are the content format's field names, the same in every site
//!   language, so scripts can rely on them;
//! - the extra text fields of the field table (`fields::extra_text`) follow
//!   the `cause` column, one column each, named after the field (`lessons`);
//! - a column for a field the audience may not see is left out; restricted
//!   records shown as stubs keep only id, level, category, status, visibility
//!   and detection date;
//! - a cell starting with `=`, `+`, `-`, `@`, tab or CR, or with the
//!   full-width `＝`, `＋`, `－`, `＠` (which Japanese spreadsheet input turns
//!   into their ASCII forms), gets a leading `'` (spreadsheets would run it
//!   as a formula; OWASP "CSV injection"). The JSON
//!   export keeps every value exact.

use super::local;
use super::record::{records, RecordFacts};
use crate::paths::{drill_url, record_url};
use crate::present::Env;
use crate::schema::fields::{self, Field, IMPACT_FLAGS};

pub const INCIDENTS_PATH: &str = "register.csv";
pub const DRILLS_PATH: &str = "drills.csv";

/// `register.csv`: one row per published record.
pub const REGISTER: super::Export = super::Export {
    path: INCIDENTS_PATH,
    write: |env, out| INCIDENT_ROWS.write(env, out),
    rows: Some(INCIDENT_ROWS),
};

/// `register.csv` row-wise: BOM and header, then one row per record.
const INCIDENT_ROWS: super::Rows = super::Rows {
    row: |env, k, _, out| write_body(out, std::iter::once(incident_row(env, k))),
    finish: |env, parts, out| super::framed(incident_frame(env)?, parts, out),
    frame: Some(incident_frame),
};

/// The BOM and the header of `register.csv`; nothing after the rows.
fn incident_frame(env: &Env) -> std::io::Result<super::Frame> {
    let mut head = Vec::new();
    write_rows(
        &mut head,
        &super::headers(env, &incident_header(env)),
        std::iter::empty(),
    )?;
    Ok((head, Vec::new()))
}

/// The row of record `k` of [`Env::incidents`], before CSV quoting and the
/// formula guard (`register.xlsx` writes it as it is).
pub fn incident_row(env: &Env, k: usize) -> Vec<String> {
    let cols = shown_columns(env);
    let ((inc, presence), (s, _)) = (env.records[k], env.incidents[k]);
    let row = RecordFacts::of(env, inc, s, presence);
    cols.iter().map(|c| c.value(&row)).collect()
}

/// The names of the columns of `register.csv` this audience may see.
pub fn incident_header(env: &Env) -> Vec<&'static str> {
    shown_columns(env).iter().map(Column::name).collect()
}

/// `drills.csv`: one row per drill.
pub const DRILLS: super::Export = super::Export {
    path: DRILLS_PATH,
    write: drills,
    rows: None,
};

/// The UTF-8 byte-order mark every export starts with.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// What a column is computed from: the record as every export sees it.
type Row<'a, 'e> = RecordFacts<'a, 'e>;

type Get = for<'a, 'e> fn(&Row<'a, 'e>) -> String;

/// A column: header, the field path the audience must be allowed to see
/// (`None`: always shown), whether a stub shows it, and its value.
struct Col {
    name: &'static str,
    field: Option<&'static str>,
    in_stub: bool,
    get: Get,
}

const fn col(name: &'static str, field: Option<&'static str>, in_stub: bool, get: Get) -> Col {
    Col {
        name,
        field,
        in_stub,
        get,
    }
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn flag(r: &Row, name: &str) -> String {
    r.inc
        .impact
        .flags
        .get(name)
        .map(|b| b.to_string())
        .unwrap_or_default()
}

const INCIDENT_COLUMNS: &[Col] = &[
    col("id", None, true, |r| r.inc.id.value.clone()),
    col("title", None, false, |r| r.inc.title.clone()),
    col("level", None, true, |r| opt(r.inc.level())),
    col("level_name", None, true, |r| {
        opt(r.inc.level().and_then(|l| r.env.level_name(l)))
    }),
    col("category", None, true, |r| {
        opt(r.inc.category.as_ref().map(|c| c.value.as_str()))
    }),
    col("category_name", None, true, |r| {
        opt(r.inc.category.as_ref().map(|c| r.env.category_name(c)))
    }),
    col("status", None, true, |r| {
        opt(r.inc.status().map(|s| s.as_str()))
    }),
    col("status_name", None, true, |r| {
        opt(r
            .inc
            .status()
            .map(|s| r.env.t.get(&format!("status.{}", s.as_str())).to_string()))
    }),
    col("visibility", None, true, |r| {
        if r.inc.is_restricted() {
            "restricted".into()
        } else {
            "normal".into()
        }
    }),
    col("responsible", Some("responsible"), false, |r| {
        opt(r.inc.responsible.as_ref().map(|x| x.value.as_str()))
    }),
    col("responsible_name", Some("responsible"), false, |r| {
        opt(r.inc.responsible.as_ref().map(|x| r.env.role_name(x)))
    }),
    col("reporter", Some("reporter"), false, |r| {
        opt(r.inc.reporter.as_deref())
    }),
    col("location", Some("location"), false, |r| {
        opt(r.inc.location.as_deref())
    }),
    col("organization", Some("organization"), false, |r| {
        opt(r.inc.organization.as_deref())
    }),
    col("occurred_at", Some("occurred_at"), false, |r| {
        local(r.inc.occurred_at.as_ref(), r.env)
    }),
    col("detected_at", Some("detected_at"), true, |r| {
        local(r.inc.detected_at.as_ref(), r.env)
    }),
    col("reported_at", Some("reported_at"), false, |r| {
        local(r.inc.reported_at.as_ref(), r.env)
    }),
    col("contained_at", Some("contained_at"), false, |r| {
        local(r.inc.contained_at.as_ref(), r.env)
    }),
    col("recovered_at", Some("recovered_at"), false, |r| {
        local(r.inc.recovered_at.as_ref(), r.env)
    }),
    col("closed_at", Some("closed_at"), false, |r| {
        local(r.inc.closed_at.as_ref(), r.env)
    }),
    col("stage", Some("assessment"), false, |r| {
        opt(r
            .inc
            .assessment
            .as_ref()
            .and_then(|a| a.stage.as_ref())
            .map(|s| s.value.as_str()))
    }),
    col("stage_name", Some("assessment"), false, |r| {
        opt(r
            .inc
            .assessment
            .as_ref()
            .and_then(|a| a.stage.as_ref())
            .map(|s| {
                r.env
                    .t
                    .get(&format!("stage.{}", s.value.as_str()))
                    .to_string()
            }))
    }),
    col("decided_by", Some("assessment"), false, |r| {
        opt(r
            .inc
            .assessment
            .as_ref()
            .and_then(|a| a.decided_by.as_ref())
            .map(|s| s.value.as_str()))
    }),
    col("decided_at", Some("assessment"), false, |r| {
        local(
            r.inc
                .assessment
                .as_ref()
                .and_then(|a| a.decided_at.as_ref()),
            r.env,
        )
    }),
    col("personal_data", Some("impact.personal_data"), false, |r| {
        flag(r, IMPACT_FLAGS[0])
    }),
    col("malicious", Some("impact.malicious"), false, |r| {
        flag(r, IMPACT_FLAGS[1])
    }),
    col(
        "crime_suspected",
        Some("impact.crime_suspected"),
        false,
        |r| flag(r, IMPACT_FLAGS[2]),
    ),
    col(
        "sensitive_data",
        Some("impact.sensitive_data"),
        false,
        |r| flag(r, IMPACT_FLAGS[3]),
    ),
    col(
        "financial_damage",
        Some("impact.financial_damage"),
        false,
        |r| flag(r, IMPACT_FLAGS[4]),
    ),
    col(
        "records_affected",
        Some("impact.records_affected"),
        false,
        |r| opt(r.inc.impact.records_affected),
    ),
    col("customers", Some("impact.customers"), false, |r| {
        opt(r.inc.impact.customers.as_deref())
    }),
    col("business", Some("impact.business"), false, |r| {
        opt(r.inc.impact.business.as_deref())
    }),
    col("affected_systems", Some("affected_systems"), false, |r| {
        r.inc.affected_systems.join("; ")
    }),
    col("summary", Some("summary"), false, |r| r.inc.summary.clone()),
    col("cause", Some("cause"), false, |r| {
        opt(r.inc.cause.as_deref())
    }),
    col(
        "notifications_required",
        Some("notifications"),
        false,
        |r| r.notification_counts()[0].to_string(),
    ),
    col(
        "notifications_made_on_time",
        Some("notifications"),
        false,
        |r| r.notification_counts()[1].to_string(),
    ),
    col("notifications_late", Some("notifications"), false, |r| {
        r.notification_counts()[2].to_string()
    }),
    col("notifications_missing", Some("notifications"), false, |r| {
        r.notification_counts()[3].to_string()
    }),
    col(
        "notifications_not_yet_due",
        Some("notifications"),
        false,
        |r| r.notification_counts()[4].to_string(),
    ),
    col("actions", Some("actions"), false, |r| {
        r.inc.actions.len().to_string()
    }),
    col("actions_open", Some("actions"), false, |r| {
        r.inc
            .actions
            .iter()
            .filter(|a| !a.is_done())
            .count()
            .to_string()
    }),
    col("actions_overdue", Some("actions"), false, |r| {
        r.inc
            .actions
            .iter()
            .filter(|a| a.is_overdue(r.env.today))
            .count()
            .to_string()
    }),
    col("deviations_explained", Some("deviations"), false, |r| {
        r.deviation_counts().0.to_string()
    }),
    col("deviations_unexplained", Some("deviations"), false, |r| {
        r.deviation_counts().1.to_string()
    }),
    col("deviations", Some("deviations"), false, |r| {
        r.deviations_text()
    }),
    col("not_applicable", Some("not_applicable"), false, |r| {
        r.inc
            .audit
            .not_applicable
            .iter()
            .map(|n| {
                let by = opt(n.decided_by.as_ref().map(|b| b.value.as_str()));
                format!(
                    "{} ({by}): {}",
                    n.rule.value,
                    n.reason.trim().replace('\n', " ")
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }),
    col("predates_policy", Some("predates_policy"), false, |r| {
        opt(r.inc.audit.predates_policy.as_ref().map(|p| {
            let v = opt(p.policy_version.as_deref());
            let reason = p.reason.trim().replace('\n', " ");
            if v.is_empty() {
                reason
            } else {
                format!("{v}: {reason}")
            }
        }))
    }),
    col("reviews_overdue", Some("actions"), false, |r| {
        r.inc
            .actions
            .iter()
            .filter(|a| a.review.as_ref().is_some_and(|x| x.is_overdue(r.env.today)))
            .count()
            .to_string()
    }),
    col("evidence_files", Some("evidence"), false, |r| {
        r.evidence.len().to_string()
    }),
    col("tags", Some("tags"), false, |r| r.inc.tags.join("; ")),
    col("url", None, true, |r| record_url(&r.inc.id.value)),
];

/// Neutralise spreadsheet formulas (see the module comment).
fn cell(s: String) -> String {
    const FORMULA_START: [char; 10] = [
        '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
    ];
    if s.starts_with(FORMULA_START) {
        format!("'{s}")
    } else {
        s
    }
}

/// A table as CSV, the way `register.csv` is written (BOM, RFC 4180, CRLF,
/// formula guard), to `out` a row at a time as `rows` makes them.
pub fn write_rows<H: AsRef<[u8]>>(
    out: &mut dyn std::io::Write,
    header: &[H],
    rows: impl Iterator<Item = Vec<String>>,
) -> std::io::Result<()> {
    out.write_all(BOM)?;
    let mut w = writer(out);
    w.write_record(header)?;
    for row in rows {
        w.write_record(row.into_iter().map(cell))?;
    }
    w.flush()
}

/// Rows as [`write_rows`] writes them, without the BOM and header (the rows
/// of one record, or those after the records).
pub fn write_body(
    out: &mut dyn std::io::Write,
    rows: impl Iterator<Item = Vec<String>>,
) -> std::io::Result<()> {
    let mut w = writer(out);
    for row in rows {
        w.write_record(row.into_iter().map(cell))?;
    }
    w.flush()
}

fn writer(out: &mut dyn std::io::Write) -> ::csv::Writer<&mut dyn std::io::Write> {
    ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .quote_style(::csv::QuoteStyle::Necessary)
        .from_writer(out)
}

/// The column the extra text fields follow.
const EXTRA_AFTER: &str = "cause";

/// A column of `register.csv`: one of [`INCIDENT_COLUMNS`], or an extra text
/// field of the field table (never in a stub).
enum Column {
    Fixed(&'static Col),
    Extra(&'static Field),
}

impl Column {
    fn name(&self) -> &'static str {
        match self {
            Column::Fixed(c) => c.name,
            Column::Extra(f) => f.name,
        }
    }
    fn shown(&self, env: &Env) -> bool {
        match self {
            Column::Fixed(c) => c.field.is_none_or(|f| env.view.shows(f)),
            Column::Extra(f) => env.view.shows(f.name),
        }
    }
    fn value(&self, row: &Row) -> String {
        match self {
            Column::Fixed(c) if !row.stub || c.in_stub => (c.get)(row),
            Column::Extra(f) if !row.stub => opt(row.inc.extra.get(f.name)),
            _ => String::new(),
        }
    }
}

/// Every column in order, the extra text fields after [`EXTRA_AFTER`].
fn columns() -> Vec<Column> {
    let mut out = Vec::new();
    for c in INCIDENT_COLUMNS {
        out.push(Column::Fixed(c));
        if c.name == EXTRA_AFTER {
            out.extend(fields::extra_text().map(Column::Extra));
        }
    }
    out
}

/// The columns and rows of `register.csv` before CSV quoting and the
/// formula guard: header names, then one row of text per published record
/// (`register.xlsx` writes the same table as its `incidents` sheet).
pub fn incident_table(env: &Env) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let cols = shown_columns(env);
    let header: Vec<&str> = cols.iter().map(Column::name).collect();
    let rows = incident_rows(env, &cols).collect();
    (header, rows)
}

/// The columns of `register.csv` this audience may see.
fn shown_columns(env: &Env) -> Vec<Column> {
    columns().into_iter().filter(|c| c.shown(env)).collect()
}

/// The rows of [`incident_table`], made one at a time.
fn incident_rows<'a>(env: &'a Env, cols: &'a [Column]) -> impl Iterator<Item = Vec<String>> + 'a {
    records(env).map(move |row| cols.iter().map(|c| c.value(&row)).collect())
}

/// The header of `drills.csv`.
pub const DRILL_COLUMNS: &[&str] = &[
    "id",
    "title",
    "date",
    "kind",
    "participants",
    "findings",
    "actions",
    "actions_open",
    "actions_overdue",
    "late_by_days",
    "late_reason",
    "url",
];

/// The rows of `drills.csv` (and of the `drills` sheet of `register.xlsx`).
pub fn drill_table(env: &Env) -> Vec<Vec<String>> {
    use crate::analysis::deviations::{of_drills, Kind};
    let late = of_drills(env.content, env.today);
    env.drills
        .iter()
        .map(|d| {
            let gap = late
                .iter()
                .find(|x| x.kind == Kind::DrillLate && x.record == d.id.value);
            vec![
                d.id.value.clone(),
                d.title.clone(),
                opt(d.date.as_ref().map(|x| x.value)),
                d.kind.value.clone(),
                d.participants
                    .iter()
                    .map(|p| p.value.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
                opt(d.findings.as_deref()),
                d.actions.len().to_string(),
                d.actions
                    .iter()
                    .filter(|a| !a.is_done())
                    .count()
                    .to_string(),
                d.actions
                    .iter()
                    .filter(|a| a.is_overdue(env.today))
                    .count()
                    .to_string(),
                opt(gap.and_then(|g| g.late_minutes).map(|m| m / 1440)),
                opt(gap.and_then(|g| g.reason).map(str::trim)),
                drill_url(&d.id.value),
            ]
        })
        .collect()
}

/// `drills.csv`: every drill, in date order.
fn drills(env: &Env, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    write_rows(
        out,
        &super::headers(env, DRILL_COLUMNS),
        drill_table(env).into_iter(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extra_fields_follow_a_column_that_exists() {
        let names: Vec<&str> = columns().iter().map(Column::name).collect();
        let at = names.iter().position(|n| *n == EXTRA_AFTER);
        assert!(at.is_some(), "no `{EXTRA_AFTER}` column");
        let extra: Vec<&str> = fields::extra_text().map(|f| f.name).collect();
        let at = at.unwrap_or_default() + 1;
        assert_eq!(names[at..at + extra.len()], extra[..]);
    }

    #[test]
    fn full_width_formula_characters_are_neutralised() {
        for c in ['\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}'] {
            let s = format!("{c}HYPERLINK(\"http://x\")");
            assert_eq!(cell(s.clone()), format!("'{s}"));
        }
        assert_eq!(cell("a＝b".into()), "a＝b");
    }

    #[test]
    fn rfc4180_with_bom_and_formula_guard() {
        let mut out = Vec::new();
        write_rows(
            &mut out,
            &["id", "title"],
            vec![
                vec!["A-1".into(), "say \"hi\", then\nleave".into()],
                vec!["A-2".into(), "=1+1".into()],
            ]
            .into_iter(),
        )
        .unwrap();
        assert!(out.starts_with(BOM));
        let text = std::str::from_utf8(&out[3..]).unwrap();
        assert_eq!(
            text,
            "id,title\r\nA-1,\"say \"\"hi\"\", then\nleave\"\r\nA-2,'=1+1\r\n"
        );
        let mut r = ::csv::Reader::from_reader(&out[3..]);
        let rows: Vec<::csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
        assert_eq!(&rows[0][1], "say \"hi\", then\nleave");
    }
}
