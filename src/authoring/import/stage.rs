//! Records into files: each rendered in the shape `new` writes, checked
//! with the same shape rules as a hand-written record (a finding is placed
//! back on the row's cell), its id compared with every id in the content
//! and in the import, and — once all of that is clean — written all or
//! nothing, never over an existing file.

use super::rows::Made;
use super::sheet::cell_name;
use crate::authoring::schema_modeline;
use crate::authoring::skeleton::render_imported;
use crate::diagnostics::{codes, msg, Arg, Diagnostic, Diagnostics, Lang, Pos};
use crate::model::{Content, Language};
use crate::schema::{check_shape, fields::INCIDENT};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A record ready to be written.
#[derive(Clone, Debug)]
pub struct Staged {
    pub id: String,
    /// Relative to the content directory, `/`-separated.
    pub rel: String,
    pub text: String,
    /// The 1-based row it came from.
    pub row: usize,
}

/// Where the rows came from, for headers and diagnostics.
pub struct Origin<'a> {
    pub file: &'a str,
    pub sheet: Option<&'a str>,
}

/// The ids of the records already in the content: id (lower-cased) → file.
fn existing(root: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(root.join("incidents"))
        .max_depth(4)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let stem = e.path().file_stem()?.to_string_lossy().to_lowercase();
            let rel = e
                .path()
                .strip_prefix(root)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((stem, rel))
        })
        .collect()
}

fn header(lang: Language, at: &Origin, row: usize) -> Vec<String> {
    let place = match at.sheet {
        Some(s) => format!("{} {s}", file_name(at.file)),
        None => file_name(at.file),
    };
    match lang {
        Language::Ja => vec![
            format!("# インシデント記録（ismsbook import で {place} の {row} 行目から作成）"),
            "# 元の台帳にない項目は空欄のままです。分かったことを書き足し、`ismsbook check` で確認してください。".into(),
        ],
        Language::En => vec![
            format!("# Incident record (created by ismsbook import from {place}, row {row})"),
            "# Fields the register did not hold are left empty. Add what you know, then run `ismsbook check`.".into(),
        ],
    }
}

fn file_name(file: &str) -> String {
    Path::new(file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.to_string())
}

/// Render and check every record; say what stands in the way of writing.
pub fn stage(
    root: &Path,
    content: &Content,
    at: &Origin,
    made: Vec<(usize, Made)>,
    diags: &mut Diagnostics,
) -> Vec<Staged> {
    let there = existing(root);
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (r, m) in made {
        let id_col = m
            .columns
            .iter()
            .find(|(p, _)| p == "id")
            .map_or(0, |(_, c)| *c);
        let cell = |c: usize| cell_name(at.sheet, r, c);
        let pos = |c: usize| Pos::new(r + 1, c + 1);
        let key = m.id.to_lowercase();
        if let Some(first) = seen.get(&key) {
            diags.push(
                Diagnostic::new(
                    codes::IMPORT_DUPLICATE,
                    at.file,
                    pos(id_col),
                    msg!("E136.duplicate", id = &m.id, row = first),
                )
                .hint(msg!("E136.duplicate_hint"))
                .at_cell(cell(id_col)),
            );
            continue;
        }
        seen.insert(key.clone(), r + 1);
        if let Some(file) = there.get(&key) {
            diags.push(
                Diagnostic::new(
                    codes::IMPORT_EXISTS,
                    at.file,
                    pos(id_col),
                    msg!("E135.exists", id = &m.id, file = file),
                )
                .hint(msg!("E135.exists_hint"))
                .at_cell(cell(id_col)),
            );
            continue;
        }
        let rel = format!("incidents/{}/{}.yaml", m.year, m.id);
        let text = render_imported(
            content,
            &m.prefill,
            Some(&schema_modeline(&rel)),
            header(content.site.language, at, r + 1),
        );
        shape(&text, &rel, content, &m, r, at, diags);
        out.push(Staged {
            id: m.id,
            rel,
            text,
            row: r + 1,
        });
    }
    out
}

/// The shape rules of a hand-written record, on the rendered text; each
/// error placed on the cell of the field it is about.
fn shape(
    text: &str,
    rel: &str,
    content: &Content,
    m: &Made,
    r: usize,
    at: &Origin,
    diags: &mut Diagnostics,
) {
    let node = match crate::yaml::parse(text) {
        Ok(n) => n,
        Err(e) => {
            diags.push(
                Diagnostic::new(
                    codes::YAML_SYNTAX,
                    at.file,
                    Pos::new(r + 1, 1),
                    msg!("import.unreadable_record", row = r + 1, detail = e.message),
                )
                .hint(msg!("import.unreadable_record_hint"))
                .at_cell(cell_name(at.sheet, r, 0)),
            );
            return;
        }
    };
    let mut found = Diagnostics::new();
    check_shape(&node, INCIDENT, rel, content.site.timezone, &mut found);
    let lines: Vec<&str> = text.lines().collect();
    for d in found.iter().filter(|d| d.is_error()) {
        // The key on the finding's line names the field; its column is the cell.
        let line = lines
            .get(d.pos.line.saturating_sub(1) as usize)
            .copied()
            .unwrap_or("");
        let key = line
            .trim_start()
            .trim_start_matches("- ")
            .split(':')
            .next()
            .unwrap_or("")
            .trim();
        let col = m
            .columns
            .iter()
            .find(|(p, _)| p == key || p.rsplit('.').next() == Some(key))
            .map(|(_, c)| *c);
        // "row N: …", in the reader's language when the finding has one.
        let problem = match d.message_msg.as_deref() {
            Some(m) if m.render(Lang::En) == d.message => Arg::Msg(m.clone()),
            _ => Arg::Text(d.message.clone()),
        };
        let in_row = msg!("import.in_row", row = r + 1, problem = problem);
        let d2 = Diagnostic {
            file: at.file.to_string(),
            pos: Pos::new(r + 1, col.unwrap_or(0) + 1),
            message: in_row.render(Lang::En),
            message_msg: Some(Box::new(in_row)),
            cell: Some(Box::new(cell_name(at.sheet, r, col.unwrap_or(0)))),
            ..d.clone()
        };
        diags.push(d2);
    }
}

/// Write every record, or none: all target paths are checked free first;
/// each file is created new (never replacing one); on a failure the files
/// this call created are removed again.
pub fn write_all(root: &Path, records: &[Staged]) -> Result<Vec<PathBuf>, String> {
    for s in records {
        let p = root.join(&s.rel);
        if p.exists() {
            return Err(format!(
                "{} already exists; nothing was written",
                p.display()
            ));
        }
    }
    let mut written: Vec<PathBuf> = Vec::new();
    let mut made_dirs: Vec<PathBuf> = Vec::new();
    let result = (|| -> Result<(), String> {
        for s in records {
            let p = root.join(&s.rel);
            if let Some(dir) = p.parent() {
                if !dir.exists() {
                    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                    made_dirs.push(dir.to_path_buf());
                }
            }
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&p)
                .map_err(|e| format!("{}: {e}", p.display()))?;
            written.push(p.clone());
            f.write_all(s.text.as_bytes())
                .map_err(|e| format!("{}: {e}", p.display()))?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => Ok(written),
        Err(e) => {
            for p in &written {
                let _ = std::fs::remove_file(p);
            }
            for d in made_dirs.iter().rev() {
                let _ = std::fs::remove_dir(d);
            }
            Err(format!("{e}; nothing was kept"))
        }
    }
}
