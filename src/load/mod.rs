//! Load: files → typed model. Every file is read, parsed and shape-checked;
//! problems become diagnostics and loading goes on, so one run reports all.

mod dirs;
mod discover;
mod documents;
pub mod extract;
pub mod files;
mod pages;
mod records;
mod sources;
mod syntax;
pub mod typing;

use crate::diagnostics::msg;
use crate::diagnostics::{codes, Diagnostic, Diagnostics, Pos};
use crate::model::{Content, Incident, Site};
use crate::schema::{check_shape_timed, Field, Times};
use crate::yaml::{self, Node};
use chrono::FixedOffset;
use rayon::prelude::*;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

pub use discover::{discover, Found};
pub use files::{escape_reason, resolve_inside};
pub use records::{fingerprint, incident_from_str};
pub use sources::SourceFiles;

/// The result of loading: a model (as complete as the files allow) and every
/// problem found on the way.
pub struct Loaded {
    pub content: Content,
    pub diagnostics: Diagnostics,
    /// The content files other than records as read (`site.yaml`,
    /// `policy.yaml`, `contacts.yaml`, the handbook pages, the templates
    /// and the drills): each file with the fingerprint of its bytes
    /// ([`files::fingerprint`]; `None`: not read). A second reading of the
    /// content, and the hash the manifest lists of each, must find the same
    /// (the records carry theirs: [`crate::model::Incident::read_as`]).
    pub documents: Vec<(String, Option<u64>)>,
}

/// Why loading could not start at all (exit code 2 territory).
#[derive(Debug)]
pub struct LoadError(pub String);

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LoadError {}

/// Parse one YAML file and check its shape against `table`; with the
/// fingerprint of its bytes ([`files::fingerprint`]; `None` when it could
/// not be read): what a second reading of the file must match
/// ([`Loaded::documents`]).
pub(crate) fn read_yaml_as(
    root: &Path,
    rel: &str,
    origin: files::Origin,
    table: &'static [Field],
    tz: FixedOffset,
) -> (Option<Node>, Vec<Diagnostic>, Option<u64>) {
    let (text, read_as) = match files::read_fingerprinted(root, rel, origin) {
        Ok(t) => t,
        Err(d) => return (None, vec![*d], None),
    };
    let (node, diags) = parse_checked(&text, rel, table, tz, 0);
    (node, diags, Some(read_as))
}

/// Parse YAML text (starting at `line_offset` lines into its file) and check it.
pub(crate) fn parse_checked(
    text: &str,
    rel: &str,
    table: &'static [Field],
    tz: FixedOffset,
    line_offset: u32,
) -> (Option<Node>, Vec<Diagnostic>) {
    parse_checked_timed(text, rel, table, tz, line_offset, &mut Times::new())
}

/// [`parse_checked`], keeping in `times` the times the shape check read
/// (a record's builder takes them from there).
pub(crate) fn parse_checked_timed(
    text: &str,
    rel: &str,
    table: &'static [Field],
    tz: FixedOffset,
    line_offset: u32,
    times: &mut Times,
) -> (Option<Node>, Vec<Diagnostic>) {
    let (node, mut diags) = parse_unchecked(text, rel, line_offset);
    if let Some(node) = &node {
        check_shape_timed(node, table, rel, tz, &mut diags, times);
    }
    (node, diags.into_vec())
}

/// [`parse_checked`] but the shape check: the node and the diagnostics of
/// reading it (typing mistakes, syntax, an empty file). For a text already
/// checked ([`reload_unchanged`]), whose shape check can only say again
/// what it said then.
fn parse_unchecked(text: &str, rel: &str, line_offset: u32) -> (Option<Node>, Diagnostics) {
    // yaml-rust2 takes a NUL for the end of the stream: whatever follows
    // would be dropped without a word. Refuse the file instead (E112).
    if let Some(at) = text.find('\0') {
        let before = &text[..at];
        let line = before.matches('\n').count() + 1 + line_offset as usize;
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        return (
            None,
            std::iter::once(
                Diagnostic::new(
                    codes::CONTROL_CHARACTER,
                    rel,
                    Pos::new(line, col),
                    msg!("E112.nul"),
                )
                .hint(msg!("E112.nul_hint")),
            )
            .collect(),
        );
    }
    // Typing mistakes first: reported at their character, and the
    // repairable ones repaired so that the rest of the file is checked.
    let scan = typing::scan(text, rel, line_offset);
    let mut diags = Diagnostics::new();
    let parsed_text = match &scan.repaired {
        Some(fixed) if !scan.structural => fixed.as_str(),
        _ => text,
    };
    let parsed = yaml::parse(parsed_text);
    if scan.has_errors() && (scan.structural || parsed.is_err()) {
        // The parser's error would only be a consequence of these.
        return (None, scan.diagnostics.into_iter().collect());
    }
    diags.extend(scan.diagnostics);
    let node = match parsed {
        Ok(n) => unshift_columns(shift_lines(n, line_offset), &scan.inserted),
        Err(e) => {
            let (code, message, hint, at) = match e.kind {
                yaml::ErrorKind::Syntax => {
                    let (message, hint, at) = syntax::explain(parsed_text, &e.message, e.pos);
                    (codes::YAML_SYNTAX, message, hint, at)
                }
                yaml::ErrorKind::Limit => (
                    codes::YAML_LIMIT,
                    msg!("E006.limit", detail = e.message),
                    msg!("E006.limit_hint"),
                    e.pos,
                ),
            };
            let pos = Pos {
                line: at.line + line_offset,
                ..at
            };
            diags.push(Diagnostic::new(code, rel, pos, message).hint(hint));
            return (None, diags);
        }
    };
    if node.is_null() {
        diags.push(
            Diagnostic::new(codes::EMPTY_FILE, rel, node.pos, msg!("E003.no_fields"))
                .hint(msg!("E003.no_fields_hint")),
        );
        return (None, diags);
    }
    (Some(node), diags)
}

/// Columns as they are in the file, where the typing repair inserted a
/// character at (line, column).
fn unshift_columns(mut node: Node, inserted: &[(u32, u32)]) -> Node {
    if inserted.is_empty() {
        return node;
    }
    fn walk(n: &mut Node, inserted: &[(u32, u32)]) {
        let shift = inserted
            .iter()
            .filter(|(l, c)| *l == n.pos.line && *c <= n.pos.col)
            .count() as u32;
        n.pos.col -= shift;
        match &mut n.value {
            yaml::Value::Seq(items) => items.iter_mut().for_each(|i| walk(i, inserted)),
            yaml::Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
                walk(k, inserted);
                walk(v, inserted);
            }),
            _ => {}
        }
    }
    walk(&mut node, inserted);
    node
}

fn shift_lines(mut node: Node, by: u32) -> Node {
    if by == 0 {
        return node;
    }
    fn walk(n: &mut Node, by: u32) {
        n.pos.line += by;
        match &mut n.value {
            yaml::Value::Seq(items) => items.iter_mut().for_each(|i| walk(i, by)),
            yaml::Value::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
                walk(k, by);
                walk(v, by);
            }),
            _ => {}
        }
    }
    walk(&mut node, by);
    node
}

/// The site's timezone, read before a full load (to resolve `--today`).
pub fn load_site_timezone(root: &Path) -> FixedOffset {
    if !root.join("site.yaml").is_file() {
        return Site::default().timezone;
    }
    documents::site(root).0.timezone
}

/// Records in register order: detection time, then id, then file.
pub fn sort_incidents(incidents: &mut [crate::model::Incident]) {
    // The file breaks every tie, so an unstable sort (no scratch buffer as
    // large as half the register) gives the same order as a stable one.
    incidents.sort_unstable_by(|a, b| {
        let key = |i: &crate::model::Incident| i.detected_at.as_ref().map(|t| t.value);
        key(a)
            .cmp(&key(b))
            .then_with(|| a.id.value.cmp(&b.id.value))
            .then_with(|| a.file.cmp(&b.file))
    });
}

/// Load one record file again (`serve`, after it changed): the record, if
/// it could be read, and its diagnostics.
pub fn reload_record(
    root: &Path,
    rel: &str,
    tz: FixedOffset,
) -> (Option<crate::model::Incident>, Vec<Diagnostic>) {
    records::incident(root, rel, files::Origin::Named, tz)
}

/// The record file `rel` read again (the streamed build), if its text is
/// still the one the check read (`read_as`, the fingerprint of its bytes:
/// [`files::fingerprint`]); `None`
/// when it is not, or cannot be read cheaply (a link, anything but a
/// plain file): then [`reload_record`] reads it as any named file, for
/// the diagnostics. The text is not checked again: its checks can only
/// find what they found the first time, and it is never shown.
pub fn reload_unchanged(
    root: &Path,
    rel: &str,
    tz: FixedOffset,
    read_as: u64,
) -> Option<crate::model::Incident> {
    let (text, bytes_read_as) = files::read_plain(root, rel)?;
    if bytes_read_as != read_as {
        return None;
    }
    let (node, diags) = parse_unchecked(&text, rel, 0);
    if diags.has_errors() {
        return None;
    }
    records::incident_from_unchecked(node, rel, tz, read_as)
}

/// Record files (as listed), loaded in parallel and each handed to `each`,
/// straight into one vector of what `each` keeps; their diagnostics in the
/// order of `rels`.
fn load_incidents<F>(
    root: &Path,
    rels: &[String],
    dirs: &files::Dirs,
    content: &Content,
    each: &F,
) -> (Vec<Incident>, Vec<Diagnostic>)
where
    F: Fn(&Content, Incident, &mut Vec<Diagnostic>) -> Option<Incident> + Sync,
{
    let tz = content.site.timezone;
    // Most records have no diagnostics: gather the few there are on the side
    // (with the file's index, to keep the order) rather than pairing every
    // record with a vector that is then copied out.
    let found: Mutex<Vec<(usize, Vec<Diagnostic>)>> = Mutex::new(Vec::new());
    let mut loaded: Vec<Option<Incident>> = Vec::new();
    rels.par_iter()
        .enumerate()
        .map(|(i, rel)| {
            let (incident, mut d) = records::listed_incident(root, rel, dirs, tz);
            let incident = incident.and_then(|inc| each(content, inc, &mut d));
            if !d.is_empty() {
                found
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push((i, d));
            }
            incident
        })
        .collect_into_vec(&mut loaded);
    // Same layout: `filter_map` (unlike `flatten`) collects in place, reusing
    // the allocation instead of copying every record to a new one.
    #[allow(clippy::filter_map_identity)]
    let incidents = loaded.into_iter().filter_map(|i| i).collect();
    let mut found = found.into_inner().unwrap_or_else(PoisonError::into_inner);
    found.sort_unstable_by_key(|(i, _)| *i);
    (incidents, found.into_iter().flat_map(|(_, d)| d).collect())
}

/// Load a whole content directory.
pub fn load(root: &Path) -> Result<Loaded, LoadError> {
    load_with(root, &|_, incident, _| Some(incident))
}

/// Load a content directory, handing each record to `each` as soon as it is
/// loaded, on the worker thread that loaded it, with the content loaded
/// before the records (site, policy, contacts, pages; no records, no
/// drills). `each` may add diagnostics about the record and returns what
/// of it to keep in `content.incidents` (`check` keeps little of each, so a
/// large register never sits in memory whole).
pub fn load_with<F>(root: &Path, each: &F) -> Result<Loaded, LoadError>
where
    F: Fn(&Content, Incident, &mut Vec<Diagnostic>) -> Option<Incident> + Sync,
{
    load_with_before(root, &|_| {}, each)
}

/// What [`load_with_before`] calls before the first record is read.
pub type Before<'a> = dyn Fn(&Content) + 'a;

/// [`load_with`], calling `before` once, before the first record is read,
/// with the content loaded before the records (`check` makes what it asks
/// of each record's texts from it: `crate::validate`).
pub fn load_with_before<F>(root: &Path, before: &Before, each: &F) -> Result<Loaded, LoadError>
where
    F: Fn(&Content, Incident, &mut Vec<Diagnostic>) -> Option<Incident> + Sync,
{
    if !root.is_dir() {
        return Err(LoadError(format!(
            "content directory `{}` does not exist or is not a directory (to start a new handbook there: `ismsbook init {}`)",
            root.display(),
            root.display()
        )));
    }
    // A folder that exists but cannot be listed would otherwise read as
    // three missing files and an empty register: say what it is, once.
    if let Err(e) = std::fs::read_dir(root) {
        return Err(LoadError(format!(
            "content directory `{}` cannot be read: {e} (check its permissions)",
            root.display()
        )));
    }
    let mut diags = Diagnostics::new();
    let mut sources = Vec::new();

    let required = |rel: &str, diags: &mut Diagnostics| {
        let path = root.join(rel);
        let exists = path.is_file();
        if !exists {
            // Something is there but it is no file (a named pipe, a device, a
            // folder, a link to one of those or out of the content
            // directory): say what it is, not "missing".
            let what = std::fs::symlink_metadata(&path).ok().map(|m| {
                let t = m.file_type();
                if t.is_symlink() {
                    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
                    match path.canonicalize() {
                        Ok(to) if !to.starts_with(&root) => {
                            (codes::PATH_ESCAPE, "files.link_outside")
                        }
                        Ok(_) => (codes::IO_ERROR, "files.link_not_file"),
                        Err(_) => (codes::IO_ERROR, "files.link_dangling"),
                    }
                } else if t.is_dir() {
                    (codes::IO_ERROR, "files.folder")
                } else {
                    (codes::IO_ERROR, "files.not_regular")
                }
            });
            diags.push(match what {
                Some((code, what)) => Diagnostic::new(
                    code,
                    rel,
                    Pos::START,
                    msg!(
                        "E009.is_not_file",
                        file = rel,
                        what = crate::diagnostics::Msg::new(what)
                    ),
                )
                .hint(msg!("E009.is_not_file_hint", file = rel)),
                None => Diagnostic::new(
                    codes::MISSING_FILE,
                    rel,
                    Pos::START,
                    msg!("E009.missing", file = rel),
                )
                .hint(msg!("E009.missing_hint")),
            });
        }
        exists
    };

    let mut read_as = Vec::new();
    let site = if required("site.yaml", &mut diags) {
        sources.push("site.yaml".to_string());
        let (site, d, f) = documents::site(root);
        diags.extend(d);
        read_as.push(("site.yaml".to_string(), f));
        site
    } else {
        Site::default()
    };
    let tz = site.timezone;

    let policy = if required("policy.yaml", &mut diags) {
        sources.push("policy.yaml".to_string());
        let (p, d, f) = documents::policy(root, tz);
        diags.extend(d);
        read_as.push(("policy.yaml".to_string(), f));
        p
    } else {
        Default::default()
    };
    let contacts = if required("contacts.yaml", &mut diags) {
        sources.push("contacts.yaml".to_string());
        let (c, d, f) = documents::contacts(root, tz);
        diags.extend(d);
        read_as.push(("contacts.yaml".to_string(), f));
        c
    } else {
        Default::default()
    };

    let mut walk_diags = Vec::new();
    let handbook_files = files::list(root, "handbook", &["md", "markdown"], &mut walk_diags);
    let template_files = files::list(root, "templates", &["md", "markdown"], &mut walk_diags);
    let incident_files = files::list(root, "incidents", &["yaml", "yml"], &mut walk_diags);
    let drill_files = files::list(root, "drills", &["yaml", "yml"], &mut walk_diags);
    diags.extend(walk_diags);

    let (handbook, d) = pages::load_all(
        root,
        &handbook_files,
        crate::model::PageKind::Handbook,
        tz,
        &mut read_as,
    );
    diags.extend(d);
    let (templates, d) = pages::load_all(
        root,
        &template_files,
        crate::model::PageKind::Template,
        tz,
        &mut read_as,
    );
    diags.extend(d);

    // Every file listed, sorted, before any record is read: `each` may
    // name a record by its file's place here.
    sources.extend(handbook_files);
    sources.extend(template_files);
    sources.extend(incident_files.iter().cloned());
    sources.extend(drill_files.iter().cloned());
    sources.sort();
    let mut content = Content {
        site,
        policy,
        contacts,
        handbook,
        templates,
        incidents: Vec::new(),
        drills: Vec::new(),
        sources,
    };
    // The records' folders opened once, each record read relative to its
    // folder, then closed.
    let dirs = files::Dirs::of(root, &incident_files);
    before(&content);
    let (mut incidents, d) = load_incidents(root, &incident_files, &dirs, &content, each);
    drop(dirs);
    drop(incident_files);
    diags.extend(d);
    sort_incidents(&mut incidents);
    content.incidents = incidents;

    let loaded: Vec<_> = drill_files
        .par_iter()
        .map(|rel| records::drill(root, rel, tz))
        .collect();
    let mut drills = Vec::with_capacity(loaded.len());
    for ((dr, d, f), rel) in loaded.into_iter().zip(&drill_files) {
        diags.extend(d);
        drills.extend(dr);
        read_as.push((rel.clone(), f));
    }
    drills.sort_by(|a, b| {
        a.date
            .as_ref()
            .map(|d| d.value)
            .cmp(&b.date.as_ref().map(|d| d.value))
            .then_with(|| a.id.value.cmp(&b.id.value))
    });

    content.drills = drills;

    Ok(Loaded {
        content,
        diagnostics: diags,
        documents: read_as,
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    const REL: &str = "incidents/2026/INC-2026-001.yaml";

    /// The example content's first record, copied into a fresh content
    /// directory (with a byte order mark when `bom`).
    fn content(bom: bool) -> (tempfile::TempDir, String) {
        let text = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("content")
                .join(REL),
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("incidents/2026")).unwrap();
        let written = if bom {
            format!("\u{feff}{text}")
        } else {
            text.clone()
        };
        std::fs::write(dir.path().join(REL), written).unwrap();
        (dir, text)
    }

    fn tz() -> FixedOffset {
        FixedOffset::east_opt(9 * 3600).unwrap()
    }

    #[test]
    fn a_record_read_again_unchanged_is_the_record_read_with_every_check() {
        for bom in [false, true] {
            let (dir, _) = content(bom);
            // The fingerprint is of the file's bytes, the mark included.
            let bytes = std::fs::read(dir.path().join(REL)).unwrap();
            let read_as = files::fingerprint(&bytes);
            let (full, diags) = reload_record(dir.path(), REL, tz());
            assert!(!diags.iter().any(Diagnostic::is_error), "{diags:?}");
            let full = full.unwrap();
            assert_eq!(full.read_as, Some(read_as));
            let quick = reload_unchanged(dir.path(), REL, tz(), read_as).unwrap();
            assert_eq!(format!("{quick:?}"), format!("{full:?}"));
        }
    }

    #[test]
    fn a_record_changed_or_linked_is_left_to_the_careful_reading() {
        let (dir, text) = content(false);
        let read_as = fingerprint(&text);
        // Another text, even a valid one: not taken.
        std::fs::write(dir.path().join(REL), text.replace("\n", "\n\n")).unwrap();
        assert!(reload_unchanged(dir.path(), REL, tz(), read_as).is_none());
        // The same text behind a link (here one leading out of the content
        // directory): not read at all, so a link out is reported as such.
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("r.yaml"), &text).unwrap();
        std::fs::remove_file(dir.path().join(REL)).unwrap();
        std::os::unix::fs::symlink(outside.path().join("r.yaml"), dir.path().join(REL)).unwrap();
        assert!(reload_unchanged(dir.path(), REL, tz(), read_as).is_none());
        let (_, diags) = reload_record(dir.path(), REL, tz());
        assert_eq!(diags[0].code, "E007");
        // Missing: nothing.
        std::fs::remove_file(dir.path().join(REL)).unwrap();
        assert!(reload_unchanged(dir.path(), REL, tz(), read_as).is_none());
    }
}
