//! `init DIR`: a small content directory that works from the first minute: a
//! policy with levels 0–3, contacts with placeholders, one handbook page, one
//! template, a drill and an example record, all of which check clean.
//!
//! The starter files live in `starter/{ja,en}/` and are compiled in. Two of
//! them carry dates (a drill on the init date, so that the drill schedule is
//! not overdue from day one, and an example record the day before), filled in
//! through `{{...}}` placeholders.

use super::tr;
use crate::model::Language;
use chrono::{Datelike, NaiveDate};
use std::path::{Path, PathBuf};

struct StarterFile {
    /// Destination, relative to the new content directory; may hold placeholders.
    dest: &'static str,
    ja: &'static str,
    en: &'static str,
}

macro_rules! starter {
    ($dest:expr, $file:literal) => {
        StarterFile {
            dest: $dest,
            ja: include_str!(concat!("starter/ja/", $file)),
            en: include_str!(concat!("starter/en/", $file)),
        }
    };
}

const FILES: &[StarterFile] = &[
    starter!("site.yaml", "site.yaml"),
    starter!("policy.yaml", "policy.yaml"),
    starter!("contacts.yaml", "contacts.yaml"),
    starter!("handbook/first-response.md", "handbook/first-response.md"),
    starter!("templates/first-report.md", "templates/first-report.md"),
    starter!("drills/{{YEAR}}/{{DRILL_ID}}.yaml", "drill.yaml"),
    starter!("incidents/{{EX_YEAR}}/{{EX_ID}}.yaml", "incident.yaml"),
];

#[derive(Debug)]
pub enum InitError {
    /// DIR exists and has something in it: init never mixes with existing files.
    NotEmpty(PathBuf),
    Io(String),
}

impl InitError {
    pub fn message(&self, lang: Language) -> String {
        match self {
            InitError::NotEmpty(p) => match lang {
                Language::Ja => format!(
                    "`{}` は空ではありません。新しいフォルダか空のフォルダを指定してください",
                    p.display()
                ),
                Language::En => format!(
                    "`{}` is not empty; name a new or empty directory",
                    p.display()
                ),
            },
            InitError::Io(e) => e.clone(),
        }
    }
}

fn io(path: &Path, e: std::io::Error) -> InitError {
    InitError::Io(format!("{}: {e}", path.display()))
}

/// The placeholder values for an init on `today`.
fn variables(today: NaiveDate) -> Vec<(&'static str, String)> {
    let example = today.pred_opt().unwrap_or(today);
    vec![
        ("{{DATE}}", today.format("%Y-%m-%d").to_string()),
        ("{{YEAR}}", today.year().to_string()),
        ("{{DRILL_ID}}", format!("DRL-{}-01", today.year())),
        ("{{EX_DATE}}", example.format("%Y-%m-%d").to_string()),
        ("{{EX_YEAR}}", example.year().to_string()),
        ("{{EX_ID}}", format!("INC-{}-001", example.year())),
    ]
}

fn fill(text: &str, vars: &[(&'static str, String)]) -> String {
    vars.iter()
        .fold(text.to_string(), |t, (k, v)| t.replace(k, v))
}

/// The starter files for `lang` on `today`: (relative path, contents), sorted.
pub fn starter_files(lang: Language, today: NaiveDate) -> Vec<(String, String)> {
    let vars = variables(today);
    let mut files: Vec<(String, String)> = FILES
        .iter()
        .map(|f| (fill(f.dest, &vars), fill(tr(lang, f.ja, f.en), &vars)))
        .collect();
    files.sort();
    files
}

/// Create the content directory `dir` (which must not exist or be empty) and
/// return the files written, relative to it. Also writes the JSON Schema the
/// example record's modeline points at.
pub fn init(dir: &Path, lang: Language, today: NaiveDate) -> Result<Vec<String>, InitError> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| io(dir, e))?;
        if entries.next().is_some() {
            return Err(InitError::NotEmpty(dir.to_path_buf()));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let mut written = Vec::new();
    for (rel, text) in starter_files(lang, today) {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
            .map_err(|e| io(&path, e))?;
        written.push(rel);
    }
    let loaded = crate::load::load(dir).map_err(|e| InitError::Io(e.to_string()))?;
    super::write_schema(dir, &loaded.content).map_err(|e| io(dir, e))?;
    written.push(super::SCHEMA_REL_PATH.to_string());
    Ok(written)
}

/// What to do after `init`, in `lang`.
pub fn next_steps(lang: Language, shown_dir: &str, files: usize) -> String {
    let lines: Vec<String> = match lang {
        Language::Ja => vec![
            format!("作成しました: {shown_dir}（ファイル {files} 個）"),
            "次にすること:".into(),
            "  1. site.yaml の組織名と、contacts.yaml の氏名・電話番号・メールアドレスを実際のものに書き換える".into(),
            "  2. policy.yaml のレベル・責任者・届出を自社の規程に合わせる".into(),
            format!("  3. cd {shown_dir} で移り、ismsbook check で確認する（以後のコマンドはこのフォルダーを自動で見つけます）"),
            "  4. ismsbook new incident で最初の記録を作り、ismsbook build でサイトを作り、ismsbook serve で確認する".into(),
        ],
        Language::En => vec![
            format!("created: {shown_dir} ({files} files)"),
            "next:".into(),
            "  1. put your organisation's name in site.yaml and real names, phone numbers and addresses in contacts.yaml".into(),
            "  2. adapt the levels, responsible roles and notifications in policy.yaml to your own rules".into(),
            format!("  3. cd {shown_dir} and run ismsbook check (commands find this folder by themselves)"),
            "  4. ismsbook new incident to write the first record, ismsbook build for the site, ismsbook serve to preview it".into(),
        ],
    };
    lines.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn dated_files_follow_the_init_date_across_new_year() {
        let files = starter_files(Language::Ja, day("2027-01-01"));
        let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert!(names.contains(&"drills/2027/DRL-2027-01.yaml"), "{names:?}");
        assert!(
            names.contains(&"incidents/2026/INC-2026-001.yaml"),
            "{names:?}"
        );
        assert!(
            files.iter().all(|(_, t)| !t.contains("{{")),
            "unfilled placeholder"
        );
    }

    #[test]
    fn both_languages_have_the_same_files() {
        let ja: Vec<String> = starter_files(Language::Ja, day("2026-05-01"))
            .into_iter()
            .map(|f| f.0)
            .collect();
        let en: Vec<String> = starter_files(Language::En, day("2026-05-01"))
            .into_iter()
            .map(|f| f.0)
            .collect();
        assert_eq!(ja, en);
    }

    #[test]
    fn init_checks_clean_and_refuses_a_non_empty_directory() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("site");
        let today = day("2026-05-01");
        for lang in [Language::Ja, Language::En] {
            let dir = dir.join(lang.code());
            let written = init(&dir, lang, today).unwrap();
            assert!(written.contains(&"policy.yaml".to_string()));
            let loaded = crate::load::load(&dir).unwrap();
            let mut diags = loaded.diagnostics;
            diags.extend(crate::validate::validate(&loaded.content, &dir, today));
            assert!(diags.is_empty(), "{lang:?}: {:#?}", diags.into_vec());
            assert!(matches!(
                init(&dir, lang, today),
                Err(InitError::NotEmpty(_))
            ));
        }
    }
}
