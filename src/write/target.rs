//! Where a site may be written: `--out` made absolute and checked against the
//! content directory and against directories ismsbook did not create.

use super::{io, MARKER};
use std::path::{Component, Path, PathBuf};

/// `path` made absolute with its parent resolved through the file system, so
/// that containment checks compare real locations. Missing directories are
/// not created here: [`Staging::begin`] does that once the checks passed
/// (`--out content/x/public` must not leave `content/x` behind).
fn absolute_out(out: &Path) -> Result<PathBuf, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    let abs = cwd.join(out);
    let mut clean = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            c => clean.push(c),
        }
    }
    let name = clean
        .file_name()
        .ok_or_else(|| format!("`{}` cannot be used as the output directory", out.display()))?
        .to_os_string();
    let parent = clean
        .parent()
        .ok_or_else(|| format!("`{}` has no parent directory", out.display()))?;
    // Resolve the longest part that exists; the rest is appended as written.
    let mut existing = parent.to_path_buf();
    let mut missing = Vec::new();
    while !existing.exists() {
        let (Some(n), Some(p)) = (existing.file_name(), existing.parent()) else {
            break;
        };
        missing.push(n.to_os_string());
        existing = p.to_path_buf();
    }
    let mut resolved = existing
        .canonicalize()
        .map_err(|e| io("cannot resolve", &existing, e))?;
    resolved.extend(missing.iter().rev());
    Ok(resolved.join(name))
}

/// Whether `dir` holds anything at all.
pub(super) fn is_empty_dir(dir: &Path) -> Result<bool, String> {
    let mut entries = std::fs::read_dir(dir).map_err(|e| io("cannot read", dir, e))?;
    Ok(entries.next().is_none())
}

/// Check that `out` may be (re)written for content in `content`.
pub fn check_target(out: &Path, content: &Path) -> Result<PathBuf, String> {
    let out_abs = absolute_out(out)?;
    let content_abs = content
        .canonicalize()
        .map_err(|e| io("cannot resolve", content, e))?;
    if out_abs.starts_with(&content_abs) {
        return Err(format!(
            "the output directory `{}` is inside the content directory `{}`; choose an output outside it (e.g. `public/` beside `content/`)",
            out.display(),
            content.display()
        ));
    }
    if content_abs.starts_with(&out_abs) {
        return Err(format!(
            "the content directory `{}` is inside the output directory `{}`; replacing the output would delete it",
            content.display(),
            out.display()
        ));
    }
    if let Ok(meta) = out_abs.symlink_metadata() {
        if meta.file_type().is_symlink() {
            return Err(format!(
                "the output `{}` is a symbolic link; give the real directory",
                out.display()
            ));
        }
        if !meta.is_dir() {
            return Err(format!(
                "the output `{}` exists and is not a directory",
                out.display()
            ));
        }
        if !out_abs.join(MARKER).is_file() && !is_empty_dir(&out_abs)? {
            return Err(format!(
                "`{}` is not empty and was not written by ismsbook (no `{MARKER}` file); refusing to replace it. Choose another --out or empty it first",
                out.display()
            ));
        }
    }
    Ok(out_abs)
}
