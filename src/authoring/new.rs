//! `new incident`: choose the next record id, prefill a skeleton from the
//! policy, and write it without ever replacing an existing file.

use super::skeleton::{self, Prefill, PrefillError};
use super::{schema_modeline, tr};
use crate::model::{Content, Language};
use chrono::{DateTime, Datelike, FixedOffset, Timelike};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Id prefix when the content has no records yet (`INC-2026-001`).
pub const DEFAULT_PREFIX: &str = "INC";
/// Digits of the running number, at least.
const MIN_WIDTH: usize = 3;

/// What the author asked for.
#[derive(Clone, Debug)]
pub struct Request {
    /// Default: the lowest level in the policy.
    pub level: Option<i64>,
    /// Default: the first category in the policy.
    pub category: Option<String>,
    pub title: Option<String>,
    pub reporter: Option<String>,
    /// Detection time; shown in the site's timezone, to the minute.
    pub now: DateTime<FixedOffset>,
}

/// A record written by [`create_incident`].
#[derive(Clone, Debug)]
pub struct Created {
    /// `root` joined with `rel`.
    pub path: PathBuf,
    /// Relative to the content directory, `/`-separated.
    pub rel: String,
    pub prefill: Prefill,
}

#[derive(Debug)]
pub enum NewError {
    UnknownLevel {
        level: i64,
        known: Vec<i64>,
    },
    UnknownCategory {
        given: String,
        suggestion: Option<String>,
        known: Vec<String>,
    },
    EmptyPolicy(&'static str),
    /// E206: the record's file would be named after an id Windows cannot
    /// create (a device name, a trailing dot or space).
    WindowsName {
        rel: String,
        message: crate::diagnostics::Msg,
        hint: crate::diagnostics::Msg,
    },
    Io(String),
}

impl NewError {
    /// The message in the site's language.
    pub fn message(&self, lang: Language) -> String {
        let join = |v: &[String]| v.join(", ");
        match (self, lang) {
            (NewError::UnknownLevel { level, known }, Language::Ja) => {
                format!(
                    "レベル {level} は policy.yaml にありません（あるのは {}）",
                    join(&known.iter().map(i64::to_string).collect::<Vec<_>>())
                )
            }
            (NewError::UnknownLevel { level, known }, Language::En) => {
                format!(
                    "level {level} is not in policy.yaml (levels: {})",
                    join(&known.iter().map(i64::to_string).collect::<Vec<_>>())
                )
            }
            (
                NewError::UnknownCategory {
                    given,
                    suggestion,
                    known,
                },
                lang,
            ) => {
                let mut m = match lang {
                    Language::Ja => format!(
                        "分類 `{given}` は policy.yaml にありません（あるのは {}）",
                        join(known)
                    ),
                    Language::En => format!(
                        "category `{given}` is not in policy.yaml (categories: {})",
                        join(known)
                    ),
                };
                if let Some(s) = suggestion {
                    m.push_str(&match lang {
                        Language::Ja => format!("。`{s}` のことですか？"),
                        Language::En => format!("; did you mean `{s}`?"),
                    });
                }
                m
            }
            (NewError::EmptyPolicy(what), _) => format!(
                "{} `{what}`",
                tr(
                    lang,
                    "policy.yaml に次の定義がないため記録を作れません:",
                    "policy.yaml declares no"
                )
            ),
            (NewError::WindowsName { rel, message, hint }, _) => {
                let l = crate::diagnostics::Lang::from(lang);
                format!("{rel}: E206 {} {}", message.render(l), hint.render(l))
            }
            (NewError::Io(e), _) => e.clone(),
        }
    }
}

impl From<PrefillError> for NewError {
    fn from(e: PrefillError) -> Self {
        match e {
            PrefillError::UnknownLevel { level, known } => NewError::UnknownLevel { level, known },
            PrefillError::EmptyPolicy(what) => NewError::EmptyPolicy(what),
        }
    }
}

/// Existing record ids under `incidents/` (file stems of YAML files), parsed
/// as `PREFIX-YEAR-NUMBER`; others are ignored.
fn existing_ids(root: &Path) -> Vec<(String, i32, u64, usize)> {
    let dir = root.join("incidents");
    walkdir::WalkDir::new(dir)
        .max_depth(4)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            matches!(
                e.path().extension().and_then(|x| x.to_str()),
                Some("yaml" | "yml")
            )
        })
        .filter_map(|e| parse_id(&e.path().file_stem()?.to_string_lossy()))
        .collect()
}

/// `INC-2026-007` → (`INC`, 2026, 7, width 3).
pub fn parse_id(stem: &str) -> Option<(String, i32, u64, usize)> {
    let mut parts = stem.rsplitn(3, '-');
    let number = parts.next()?;
    let year = parts.next()?;
    let prefix = parts.next()?;
    let valid_prefix = !prefix.is_empty()
        && prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid_prefix
        || year.len() != 4
        || !number.chars().all(|c| c.is_ascii_digit())
        || number.is_empty()
    {
        return None;
    }
    Some((
        prefix.to_string(),
        year.parse().ok()?,
        number.parse().ok()?,
        number.len(),
    ))
}

/// The prefix, first free number and width for a new record in `year`,
/// following the ids already there: the most common prefix, the next number
/// after the highest one of that prefix and year.
pub fn next_number(root: &Path, year: i32) -> (String, u64, usize) {
    let ids = existing_ids(root);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (p, ..) in &ids {
        *counts.entry(p.as_str()).or_default() += 1;
    }
    // Most common; ties go to the alphabetically first (BTreeMap order).
    let prefix = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(p, _)| p.to_string())
        .unwrap_or_else(|| DEFAULT_PREFIX.to_string());
    let same = ids.iter().filter(|(p, ..)| *p == prefix);
    let width = same
        .clone()
        .map(|(.., w)| *w)
        .max()
        .unwrap_or(MIN_WIDTH)
        .max(MIN_WIDTH);
    let max = same
        .filter(|(_, y, ..)| *y == year)
        .map(|(_, _, n, _)| *n)
        .max()
        .unwrap_or(0);
    (prefix, max + 1, width)
}

/// Write a new incident record into `root` (a loaded content directory).
pub fn create_incident(root: &Path, content: &Content, req: &Request) -> Result<Created, NewError> {
    let policy = &content.policy;
    let level = match req.level {
        Some(l) => l,
        None => policy
            .levels
            .iter()
            .map(|l| l.level.value)
            .min()
            .ok_or(NewError::EmptyPolicy("levels"))?,
    };
    let category = pick_category(content, req.category.as_deref())?;
    let detected = req
        .now
        .with_timezone(&content.site.timezone)
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(req.now);
    let year = detected.year();
    let (prefix, mut n, width) = next_number(root, year);
    let dir = root.join("incidents").join(year.to_string());
    std::fs::create_dir_all(&dir).map_err(|e| NewError::Io(format!("{}: {e}", dir.display())))?;
    // Another author (or a second `new`) may take a number between our scan
    // and our write: create_new refuses, and we take the next number.
    for _ in 0..10_000 {
        let id = format!("{prefix}-{year}-{n:0width$}");
        let rel = format!("incidents/{year}/{id}.yaml");
        if let Some((message, hint)) = crate::validate::windows_name_msgs(&id) {
            return Err(NewError::WindowsName { rel, message, hint });
        }
        let mut prefill = Prefill::from_policy(policy, id, level, category.clone(), detected)?;
        prefill.title = req.title.clone();
        prefill.reporter = req.reporter.clone();
        let text = skeleton::render(content, &prefill, Some(&schema_modeline(&rel)));
        let path = root.join(&rel);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                f.write_all(text.as_bytes())
                    .map_err(|e| NewError::Io(format!("{}: {e}", path.display())))?;
                return Ok(Created { path, rel, prefill });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => n += 1,
            Err(e) => return Err(NewError::Io(format!("{}: {e}", path.display()))),
        }
    }
    Err(NewError::Io(format!(
        "no free record id under {}",
        dir.display()
    )))
}

fn pick_category(content: &Content, wanted: Option<&str>) -> Result<String, NewError> {
    let known: Vec<String> = content
        .policy
        .categories
        .iter()
        .map(|c| c.id.value.clone())
        .collect();
    match wanted {
        Some(c) if known.iter().any(|k| k == c) => Ok(c.to_string()),
        Some(c) => Err(NewError::UnknownCategory {
            given: c.to_string(),
            suggestion: crate::diagnostics::suggest(c, known.iter().map(String::as_str))
                .map(str::to_string),
            known,
        }),
        None => known
            .into_iter()
            .next()
            .ok_or(NewError::EmptyPolicy("categories")),
    }
}

/// What to do next, in the site's language: fill in, report, check, commit.
pub fn next_steps(content: &Content, created: &Created, shown_path: &str) -> String {
    let lang = content.site.language;
    let p = &created.prefill;
    let level = content.policy.level(p.level);
    let level_name = level.map(|l| l.name.as_str()).unwrap_or("");
    let within = level
        .and_then(|l| l.report_within.as_ref())
        .map(|d| d.value.to_string())
        .unwrap_or_default();
    let role = content.policy.role_name(&p.responsible);
    let mut out = Vec::new();
    match lang {
        Language::Ja => {
            out.push(format!("作成しました: {shown_path}"));
            out.push(format!(
                "  レベル {}（{level_name}）／分類 {}／責任者 {role}",
                p.level, p.category
            ));
            out.push("次にすること:".to_string());
            out.push("  1. ファイルを開き、件名（title）・報告者（reporter）・何が起きたか（summary）を書く".to_string());
            if p.level >= 1 {
                out.push(format!(
                    "  2. {role} へ検知から {within} 以内に報告し、その日時を reported_at に書く"
                ));
            } else {
                out.push("  2. レベルと分類が合っているか確かめる（レベルを変えるときは、コメントに従って responsible なども合わせる）".to_string());
            }
            out.push(
                "  3. ismsbook check で確認する（エラーの意味は ismsbook explain <コード>）"
                    .to_string(),
            );
            out.push("  4. git でコミットし、プルリクエストを出す".to_string());
        }
        Language::En => {
            out.push(format!("created: {shown_path}"));
            out.push(format!(
                "  level {} ({level_name}), category {}, responsible {role}",
                p.level, p.category
            ));
            out.push("next:".to_string());
            out.push(
                "  1. open the file and write the title, the reporter and what happened (summary)"
                    .to_string(),
            );
            if p.level >= 1 {
                out.push(format!("  2. report to {role} within {within} of detection and put that time in reported_at"));
            } else {
                out.push("  2. make sure the level and category fit (when you change the level, follow the comments to change responsible and the rest)".to_string());
            }
            out.push(
                "  3. run ismsbook check (ismsbook explain <CODE> explains any diagnostic)"
                    .to_string(),
            );
            out.push("  4. commit with git and open a pull request".to_string());
        }
    }
    out.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_record_ids() {
        assert_eq!(parse_id("INC-2026-007"), Some(("INC".into(), 2026, 7, 3)));
        assert_eq!(
            parse_id("SEC-INC-2025-0012"),
            Some(("SEC-INC".into(), 2025, 12, 4))
        );
        assert_eq!(parse_id("notes"), None);
        assert_eq!(parse_id("INC-26-001"), None);
        assert_eq!(parse_id("INC-2026-"), None);
    }

    #[test]
    fn next_number_follows_existing_ids_per_year() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for rel in [
            "incidents/2025/INC-2025-009.yaml",
            "incidents/2026/INC-2026-002.yaml",
            "incidents/2026/INC-2026-010.yaml",
            "incidents/2026/README.txt",
        ] {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        assert_eq!(next_number(root, 2026), ("INC".into(), 11, 3));
        assert_eq!(next_number(root, 2027), ("INC".into(), 1, 3));
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(next_number(empty.path(), 2026), ("INC".into(), 1, 3));
    }
}
