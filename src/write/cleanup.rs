//! Names of the directories a build makes beside `--out`, and removing what
//! a killed build left there.
//!
//! Every directory a build creates beside `--out` is named
//! `.<out>.tmp-<pid>[-n]` (staging, and after the swap the old site on its
//! way out) or `.<out>.old-<pid>[-n]` (the old site set aside where the
//! system cannot exchange two directories). Such a directory carries the
//! marker file from its creation until the very last step of its removal, so
//! a build killed at any moment leaves either a marked directory or an empty
//! one with our name; the next build removes both.

use super::{io, MARKER};
use std::path::{Path, PathBuf};

/// Create a new directory named `stem-<pid>[-n]` in `parent`; creation is
/// the claim, so two builds never share one.
pub(super) fn fresh_dir(parent: &Path, stem: &str) -> Result<PathBuf, String> {
    let pid = std::process::id();
    for n in 0..1000 {
        let name = if n == 0 {
            format!("{stem}-{pid}")
        } else {
            format!("{stem}-{pid}-{n}")
        };
        let p = parent.join(name);
        match std::fs::create_dir(&p) {
            Ok(()) => return Ok(p),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io("cannot create", &p, e)),
        }
    }
    Err(format!(
        "cannot find a free temporary directory name in `{}`",
        parent.display()
    ))
}

/// A free path `stem-<pid>[-n]` in `parent` (not created).
pub(super) fn free_path(parent: &Path, stem: &str) -> Result<PathBuf, String> {
    let pid = std::process::id();
    (0..1000)
        .map(|n| {
            parent.join(if n == 0 {
                format!("{stem}-{pid}")
            } else {
                format!("{stem}-{pid}-{n}")
            })
        })
        .find(|p| p.symlink_metadata().is_err())
        .ok_or_else(|| {
            format!(
                "cannot find a free directory name in `{}`",
                parent.display()
            )
        })
}

/// Remove a directory tree of ours, the top-level entries in parallel: the
/// kernel serialises removals within one directory, not across directories
/// (`incidents/` and `search/` hold thousands of files each).
/// The marker file goes last, just before the directory itself, so a
/// removal cut short still leaves a directory the next build recognises.
/// Best effort: the caller has nothing to undo on failure.
pub(super) fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    // Never follow a symbolic link put in place of the tree.
    if !dir.symlink_metadata().is_ok_and(|m| m.is_dir()) {
        let _ = std::fs::remove_file(dir);
        return;
    }
    let entries: Vec<std::fs::DirEntry> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(Result::ok).collect(),
        Err(_) => return,
    };
    entries
        .par_iter()
        .filter(|e| e.file_name() != MARKER)
        .for_each(|e| {
            let path = e.path();
            let _ = match e.file_type() {
                Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
                _ => std::fs::remove_file(&path),
            };
        });
    let _ = std::fs::remove_file(dir.join(MARKER));
    let _ = std::fs::remove_dir_all(dir);
}

/// The pid in a name `stem-<pid>` or `stem-<pid>-<n>` (as [`fresh_dir`] and
/// [`free_path`] make them).
pub(super) fn pid_in_name(name: &str, stem: &str) -> Option<u32> {
    let rest = name.strip_prefix(stem)?.strip_prefix('-')?;
    let (pid, n) = match rest.split_once('-') {
        Some((pid, n)) => (pid, Some(n)),
        None => (rest, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(pid) || n.is_some_and(|n| !digits(n)) {
        return None;
    }
    pid.parse().ok()
}

/// Whether process `pid` is running (on this system's pid namespace).
#[cfg(unix)]
pub(super) fn pid_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    if pid <= 0 {
        return true;
    }
    // Signal 0 checks existence only; EPERM means it exists as another user.
    // SAFETY: kill with signal 0 sends nothing.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
pub(super) fn pid_alive(_pid: u32) -> bool {
    // Unknown: never remove another build's directory.
    true
}

/// Remove what killed builds left beside the output: staging directories
/// `.<name>.tmp-<pid>[-n]` and set-aside old sites `.<name>.old-<pid>[-n]`
/// whose build process is no longer running. Only real directories with
/// our name pattern that carry our marker file, or are empty, are touched
/// (see the module comment); failures are ignored (the build goes on; the
/// next one tries again).
pub(super) fn remove_stale(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let stems = [format!(".{name}.tmp"), format!(".{name}.old")];
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let Some(pid) = stems.iter().find_map(|stem| pid_in_name(file_name, stem)) else {
            continue;
        };
        let path = entry.path();
        let is_dir = path.symlink_metadata().is_ok_and(|m| m.is_dir());
        if is_dir && !pid_alive(pid) && (path.join(MARKER).is_file() || is_empty(&path)) {
            remove_tree(&path);
        }
    }
}

fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pids_are_read_from_our_names_only() {
        assert_eq!(pid_in_name(".p.tmp-12", ".p.tmp"), Some(12));
        assert_eq!(pid_in_name(".p.tmp-12-3", ".p.tmp"), Some(12));
        assert_eq!(pid_in_name(".p.tmp-12-", ".p.tmp"), None);
        assert_eq!(pid_in_name(".p.tmp-x", ".p.tmp"), None);
        assert_eq!(pid_in_name(".p.tmp12", ".p.tmp"), None);
        assert_eq!(pid_in_name(".q.tmp-12", ".p.tmp"), None);
    }
}
