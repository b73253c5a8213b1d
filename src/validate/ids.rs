//! Ids are unique within their kind, record and drill ids also when read
//! the way people read them (E205); records sit under the right year.
//!
//! An id's characters are checked where it is read, against the field table
//! (`schema::check`, E110–E112); here only whole ids are compared.

use super::Ctx;
use crate::chars::{self, fold_id, shown, Lines};
use crate::diagnostics::msg;
use crate::diagnostics::{codes, Diagnostic, Pos};
use std::collections::{HashMap, HashSet};

/// Report every id that was already used, pointing at the second use.
pub(super) fn unique<'a>(
    kind: &str,
    file_of: impl Fn(usize) -> &'a str,
    ids: impl Iterator<Item = (&'a str, Pos)>,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<&str, (usize, Pos)> = HashMap::new();
    for (i, (id, pos)) in ids.enumerate() {
        if let Some((first, first_pos)) = seen.get(id) {
            out.push(
                Diagnostic::new(
                    codes::DUPLICATE_ID,
                    file_of(i),
                    pos,
                    msg!(
                        "E201.used",
                        kind = super::refs::kind_msgs(kind).0,
                        id = shown(id)
                    ),
                )
                .hint(msg!(
                    "E201.used_hint",
                    place = format!("{}:{}", file_of(*first), first_pos.line),
                    kind = super::refs::kind_msgs(kind).0
                )),
            );
        } else {
            seen.insert(id, (i, pos));
        }
    }
}

/// Report every id that differs from an earlier one but reads the same —
/// in another case, width or Unicode form, or with invisible characters
/// ([`fold_id`]) — at the later one. Equal ids are [`unique`]'s.
pub(super) fn lookalikes<'a>(
    kind: &str,
    file_of: impl Fn(usize) -> &'a str,
    ids: impl Iterator<Item = (&'a str, Pos)>,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<String, (&str, usize, Pos)> = HashMap::new();
    let mut ids_before: HashSet<&str> = HashSet::new();
    for (i, (id, pos)) in ids.enumerate() {
        // An ASCII id folds to its lower case (nothing hidden, NFKC leaves
        // ASCII alone): most ids, and much quicker than normalising.
        let folded = if id.is_ascii() {
            id.to_ascii_lowercase()
        } else {
            fold_id(id)
        };
        match seen.get(&folded) {
            Some(&(first, first_i, first_pos)) => {
                // A second use of the very same id is E201 alone.
                let exact = first == id || ids_before.contains(id);
                if !exact {
                    out.push(
                        Diagnostic::new(
                            codes::LOOKALIKE_ID,
                            file_of(i),
                            pos,
                            msg!(
                                "E205.same",
                                kind = super::refs::kind_msgs(kind).0,
                                id = shown(id),
                                first = shown(first)
                            ),
                        )
                        .hint(msg!(
                            "E205.same_hint",
                            first = shown(first),
                            place = format!("{}:{}", file_of(first_i), first_pos.line),
                            kind = super::refs::kind_msgs(kind).0
                        )),
                    );
                }
            }
            None => {
                seen.insert(folded, (id, i, pos));
            }
        }
        ids_before.insert(id);
    }
}

/// File names identify files as ids identify things: every content file read
/// (records, drills, handbook pages, templates) has a name without control
/// characters (E112), bidi controls or zero-width characters (E111).
/// Evidence files are named by their records' `evidence[].path`, which the
/// field check holds to the same rule.
fn file_name(rel: &str, out: &mut Vec<Diagnostic>) {
    {
        let (code, found) = if let Some(f) = chars::find_control(rel, Lines::Single) {
            (codes::CONTROL_CHARACTER, f)
        } else if let Some(f) = chars::find_hidden(rel) {
            (codes::INVISIBLE_CHARACTER, f)
        } else {
            return;
        };
        out.push(
            Diagnostic::new(
                code,
                rel,
                Pos::START,
                msg!(
                    "E111.file_name",
                    name = shown(rel),
                    what = found.describe(),
                    at = found.at
                ),
            )
            .hint(msg!("E111.file_name_hint")),
        );
    }
}

/// Handbook pages and templates give their pages their file's name, and
/// evidence files are published under theirs, so two whose names differ
/// only in case, width or Unicode form (`Start.md` and `start.md`, a name
/// in NFC and in NFD) become two files of the site that Windows and macOS —
/// where an auditor unpacks it — hold as one: the second is E205. (Records
/// and drills are named by their ids, compared below; the evidence of a
/// record is compared as the record is checked.)
fn lookalike_file_names(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let pages = ctx
        .content
        .sources
        .iter()
        .filter(|rel| rel.starts_with("handbook/") || rel.starts_with("templates/"))
        .map(|rel| (rel.as_str(), rel.as_str(), Pos::START));
    same_files(pages, out);
}

/// E205 at each `(name, file, pos)` whose name reads the same as an
/// earlier, different one. Also run on each record's evidence paths
/// (`validate::evidence`), which the register does not keep.
pub(super) fn same_files<'a>(
    names: impl Iterator<Item = (&'a str, &'a str, Pos)>,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: HashMap<String, &str> = HashMap::new();
    for (name, file, pos) in names {
        let folded = fold_id(name);
        match seen.get(&folded) {
            Some(first) if *first != name => out.push(
                Diagnostic::new(
                    codes::LOOKALIKE_ID,
                    file,
                    pos,
                    msg!("E205.same_file", name = shown(name), first = shown(first)),
                )
                .hint(msg!("E205.same_file_hint")),
            ),
            Some(_) => {}
            None => {
                seen.insert(folded, name);
            }
        }
    }
}

/// E206 when Windows cannot create a file or folder of `path` (a device
/// name such as `con.md` or `COM1`, or a name ending in a dot or a space):
/// the site's zip, which names its files after these, would not unpack
/// there. Reported at `file`, `pos`.
pub(super) fn windows_name(path: &str, file: &str, pos: Pos, out: &mut Vec<Diagnostic>) {
    if let Some((message, hint)) = windows_name_msgs(path) {
        out.push(Diagnostic::new(codes::WINDOWS_NAME, file, pos, message).hint(hint));
    }
}

/// The message and hint of E206 for `path` (`None` when Windows can create
/// every segment of it): also what `new` and `import` say before they would
/// write such a file.
pub fn windows_name_msgs(path: &str) -> Option<(crate::diagnostics::Msg, crate::diagnostics::Msg)> {
    use crate::paths::WindowsUnsafe;
    let (name, why) = crate::paths::windows_unsafe_segment(path)?;
    let (message, hint) = match why {
        WindowsUnsafe::Device => ("E206.device", "E206.device_hint"),
        WindowsUnsafe::TrailingDot => ("E206.trailing_dot", "E206.trailing_dot_hint"),
        WindowsUnsafe::TrailingSpace => ("E206.trailing_space", "E206.trailing_space_hint"),
    };
    Some((
        crate::diagnostics::Msg::new(message).arg("name", shown(name)),
        crate::diagnostics::Msg::new(hint),
    ))
}

/// Every content file's path (E206); a record's or drill's own file name is
/// its id, checked where the id is written.
fn windows_file_name(rel: &str, out: &mut Vec<Diagnostic>) {
    let named_by_id = |rel: &str| rel.starts_with("incidents/") || rel.starts_with("drills/");
    let folders = match rel.rsplit_once('/') {
        Some((dir, _)) if named_by_id(rel) => dir,
        _ => rel,
    };
    windows_name(folders, rel, Pos::START, out);
}

/// E206 on the drills' ids (the records' are [`record_alone`]'s).
fn windows_drill_names(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for dr in &ctx.content.drills {
        windows_name(&dr.id.value, &dr.file, dr.id.pos, out);
    }
}

/// W207 on every content file whose path, or its page's path in the site
/// (handbook pages and templates are named after their files), passes
/// Windows' 260 characters (MAX_PATH, the terminating NUL included) once
/// it sits under a usual folder: the auditor's zip extracted by Explorer
/// into `C:\Users\<name>\Downloads\<zip>\<zip>\`, or a checkout's
/// `C:\Users\<name>\source\repos\<repo>\content\`. Explorer then can
/// neither extract nor open the file. Counted in UTF-16 units, as Windows
/// counts: 80 kanji are 80, whatever their UTF-8 bytes.
fn long_source_path(rel: &str, out: &mut Vec<Diagnostic>) {
    let site_path = |rel: &str| {
        let stem = std::path::Path::new(rel).file_stem()?.to_string_lossy();
        if rel.starts_with("handbook/") {
            Some(crate::paths::handbook_page(&stem))
        } else if rel.starts_with("templates/") {
            Some(crate::paths::template_page(&stem))
        } else {
            None
        }
    };
    let path = site_path(rel)
        .filter(|site| site.encode_utf16().count() > rel.encode_utf16().count())
        .unwrap_or_else(|| rel.to_string());
    long_path(&path, rel, Pos::START, out);
}

/// The rules of one content file's path (E111, E112, E206, W207): they
/// read the path alone, so `serve`'s index ([`super::id_index`]) keeps
/// their findings by path.
pub(super) fn source_path(rel: &str, out: &mut Vec<Diagnostic>) {
    file_name(rel, out);
    windows_file_name(rel, out);
    long_source_path(rel, out);
}

/// W207 at `file`, `pos` when `path` (of the site or the content) is too
/// long for Windows under a usual folder ([`long_paths`]). Also run on each
/// record's evidence copies (`validate::evidence`).
pub(super) fn long_path(path: &str, file: &str, pos: Pos, out: &mut Vec<Diagnostic>) {
    /// Characters of a path Windows opens without long-path support.
    const WINDOWS_MAX: usize = 259;
    /// Characters of the folder it is assumed to be unpacked into.
    const FOLDER: usize = 100;
    let n = path.encode_utf16().count();
    if n + FOLDER > WINDOWS_MAX {
        out.push(
            Diagnostic::new(
                codes::WINDOWS_LONG_PATH,
                file,
                pos,
                msg!(
                    "W207.long",
                    path = shown(path),
                    n = n,
                    folder = FOLDER,
                    limit = WINDOWS_MAX + 1
                ),
            )
            .hint(msg!("W207.long_hint", max = WINDOWS_MAX - FOLDER)),
        );
    }
}

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for rel in &ctx.content.sources {
        source_path(rel, out);
    }
    let tz = ctx.content.site.timezone;
    for inc in &ctx.content.incidents {
        record_alone(inc, tz, out);
    }
    but_records(ctx, out);
    let incidents = &ctx.content.incidents;
    let record_ids = || incidents.iter().map(|r| (r.id.value.as_str(), r.id.pos));
    // Two sets of every record's id, made side by side.
    let file_of = |i: usize| incidents[i].file.as_str();
    let (same, alike) = rayon::join(
        || {
            let mut found = Vec::new();
            unique("record", file_of, record_ids(), &mut found);
            found
        },
        || {
            let mut found = Vec::new();
            lookalikes("record", file_of, record_ids(), &mut found);
            found
        },
    );
    out.extend(same);
    out.extend(alike);
}

/// The rules of [`check`] that read neither one path nor the records:
/// handbook pages and templates alike, the policy's, contacts' and
/// drills' ids.
pub(super) fn but_records(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    lookalike_file_names(ctx, out);
    windows_drill_names(ctx, out);
    let p = &ctx.content.policy;
    let policy = |_| "policy.yaml";
    unique(
        "role",
        policy,
        p.roles.iter().map(|r| (r.id.value.as_str(), r.id.pos)),
        out,
    );
    unique(
        "category",
        policy,
        p.categories.iter().map(|c| (c.id.value.as_str(), c.id.pos)),
        out,
    );
    unique(
        "notification",
        policy,
        p.notifications
            .iter()
            .map(|n| (n.id.value.as_str(), n.id.pos)),
        out,
    );
    unique(
        "control",
        policy,
        p.controls.iter().map(|c| (c.id.value.as_str(), c.id.pos)),
        out,
    );
    unique(
        "flow node",
        policy,
        p.flow.iter().map(|n| (n.id.value.as_str(), n.id.pos)),
        out,
    );
    let levels: Vec<String> = p.levels.iter().map(|l| l.level.value.to_string()).collect();
    unique(
        "level",
        policy,
        levels
            .iter()
            .zip(&p.levels)
            .map(|(s, l)| (s.as_str(), l.level.pos)),
        out,
    );
    unique(
        "external contact",
        |_| "contacts.yaml",
        ctx.content
            .contacts
            .external
            .iter()
            .map(|c| (c.id.value.as_str(), c.id.pos)),
        out,
    );
    let drills = &ctx.content.drills;
    let drill_ids = || drills.iter().map(|d| (d.id.value.as_str(), d.id.pos));
    unique("drill", |i| drills[i].file.as_str(), drill_ids(), out);
    lookalikes("drill", |i| drills[i].file.as_str(), drill_ids(), out);
}

/// The rules of one record's id and file alone: E206 on its id, W204 on
/// its year folder.
pub(super) fn record_alone(
    inc: &crate::model::Incident,
    tz: chrono::FixedOffset,
    out: &mut Vec<Diagnostic>,
) {
    windows_name(&inc.id.value, &inc.file, inc.id.pos, out);
    {
        let Some(detected) = &inc.detected_at else {
            return;
        };
        // incidents/<year>/<id>.yaml: the folder must be the detection year.
        let mut parts = inc.file.split('/');
        let (Some(_), Some(dir), Some(_), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return;
        };
        let date = detected.value.date_in(tz);
        // The year as `%Y` writes it, compared without writing it (this
        // runs once a record, on one thread) where it has four digits.
        let y = chrono::Datelike::year(&date);
        let same = if (1000..=9999).contains(&y) {
            dir.len() == 4 && dir.bytes().all(|b| b.is_ascii_digit()) && dir.parse() == Ok(y)
        } else {
            dir == date.format("%Y").to_string()
        };
        if !same {
            let year = date.format("%Y").to_string();
            out.push(
                Diagnostic::new(
                    codes::WRONG_YEAR_DIR,
                    &inc.file,
                    detected.pos,
                    msg!("W204.wrong_year", year = &year, dir = dir),
                )
                .hint(msg!("W204.wrong_year_hint", year = year)),
            );
        }
    }
}
