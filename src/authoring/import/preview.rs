//! `import --dry-run`'s check of the planned records against the policy and
//! the rest of the register (deadlines, notifications, level and role, ids
//! already taken), without writing into the content directory: the
//! content's files are linked (or, across file systems, copied) into a
//! scratch directory, the planned records written there and checked, and
//! the scratch directory removed when the preview is dropped.

use super::stage::{write_all, Staged};
use crate::diagnostics::Diagnostics;
use chrono::{FixedOffset, NaiveDate};
use std::collections::BTreeSet;
use std::path::Path;

/// The planned records as `check` finds them, and the scratch content they
/// were checked in (its files are what the diagnostics' snippets show).
pub struct Preview {
    pub diagnostics: Diagnostics,
    pub scratch: tempfile::TempDir,
}

/// Check `records` as if they were written into the content at `root`.
/// Only the findings in the planned records are kept.
pub fn check_planned(
    root: &Path,
    records: &[Staged],
    today: impl Fn(FixedOffset) -> NaiveDate + Sync,
) -> Result<Preview, String> {
    let scratch = tempfile::Builder::new()
        .prefix("ismsbook-import-preview-")
        .tempdir()
        .map_err(|e| format!("a scratch directory for the preview: {e}"))?;
    mirror(root, scratch.path())?;
    write_all(scratch.path(), records)?;
    let checked =
        crate::validate::load_and_check(scratch.path(), today).map_err(|e| e.to_string())?;
    let ours: BTreeSet<&str> = records.iter().map(|s| s.rel.as_str()).collect();
    let mut diagnostics = checked.diagnostics;
    diagnostics.retain(|d| ours.contains(d.file.as_str()));
    Ok(Preview {
        diagnostics,
        scratch,
    })
}

/// Every regular file under `from` (but `.git`) at the same place under
/// `to`: a hard link where the file system allows one, else a copy;
/// symbolic links as links; named pipes and devices left out.
fn mirror(from: &Path, to: &Path) -> Result<(), String> {
    let walk = walkdir::WalkDir::new(from)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || e.file_name() != ".git");
    for entry in walk {
        let entry = entry.map_err(|e| e.to_string())?;
        let Ok(rel) = entry.path().strip_prefix(from) else {
            continue;
        };
        if rel.as_os_str().is_empty() {
            continue;
        }
        let dest = to.join(rel);
        let kind = entry.file_type();
        let done = if kind.is_dir() {
            std::fs::create_dir_all(&dest)
        } else if kind.is_symlink() {
            link(entry.path(), &dest)
        } else if kind.is_file() {
            std::fs::hard_link(entry.path(), &dest)
                .or_else(|_| std::fs::copy(entry.path(), &dest).map(|_| ()))
        } else {
            // A named pipe or a device is left out: copying one would block
            // or read without end (the check reports it in the content).
            Ok(())
        };
        done.map_err(|e| format!("{}: {e}", entry.path().display()))?;
    }
    Ok(())
}

#[cfg(unix)]
fn link(original: &Path, dest: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(std::fs::read_link(original)?, dest)
}

#[cfg(not(unix))]
fn link(original: &Path, dest: &Path) -> std::io::Result<()> {
    std::fs::copy(original, dest).map(|_| ())
}
