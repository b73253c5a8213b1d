//! Reading files safely: inside the content directory, bounded in size,
//! valid UTF-8, not empty. Symlinks that leave the directory and symlink loops
//! are reported, never followed.

use crate::diagnostics::{codes, Diagnostic, Pos};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest YAML or Markdown file accepted. Real records are a few KiB.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Path relative to `root` with `/` separators.
pub fn rel_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Text of a content file, or the diagnostic explaining why it cannot be used.
pub fn read_text(root: &Path, rel: &str) -> Result<String, Diagnostic> {
    // A link out of the content directory is never read, whatever links to
    // it: it could be `/proc/self/environ` (shown in a diagnostic's snippet,
    // the CI's secrets would land in its log) or `/dev/zero` (never ends).
    if let Err(why) = resolve_inside(root, rel) {
        return Err(Diagnostic::new(codes::PATH_ESCAPE, rel, Pos::START, why)
            .hint("copy the file into the content directory instead of linking to it"));
    }
    let path = root.join(rel);
    let meta = std::fs::metadata(&path).map_err(|e| {
        Diagnostic::new(
            codes::IO_ERROR,
            rel,
            Pos::START,
            format!("cannot read the file: {e}"),
        )
    })?;
    if !meta.is_file() {
        // A FIFO or device would block or never end.
        return Err(Diagnostic::new(
            codes::IO_ERROR,
            rel,
            Pos::START,
            "not a regular file",
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::new(
            codes::FILE_TOO_LARGE,
            rel,
            Pos::START,
            format!(
                "the file is {} bytes; the limit is {MAX_FILE_BYTES} bytes",
                meta.len()
            ),
        )
        .hint("split the content, or move large attachments to `evidence` files"));
    }
    // At most one byte over the limit, whatever the size said (it can grow).
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(&path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| {
            Diagnostic::new(
                codes::IO_ERROR,
                rel,
                Pos::START,
                format!("cannot read the file: {e}"),
            )
        })?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::new(
            codes::FILE_TOO_LARGE,
            rel,
            Pos::START,
            format!("the file is larger than the limit of {MAX_FILE_BYTES} bytes"),
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or("");
        let line = valid.matches('\n').count() + 1;
        let col = valid.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
        Diagnostic::new(codes::INVALID_UTF8, rel, Pos::new(line, col), "the file is not valid UTF-8")
            .hint("save the file as UTF-8 (not Shift_JIS); most editors have an encoding option when saving")
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    if text.trim().is_empty() {
        return Err(
            Diagnostic::new(codes::EMPTY_FILE, rel, Pos::START, "the file is empty")
                .hint("fill it in, or delete it if it was created by mistake"),
        );
    }
    Ok(text)
}

/// Files under `root/sub` whose extension is one of `exts`, sorted, as paths
/// relative to `root`. Symlinks pointing outside `root` and loops become
/// diagnostics. A missing `sub` directory yields nothing.
pub fn list(root: &Path, sub: &str, exts: &[&str], diags: &mut Vec<Diagnostic>) -> Vec<String> {
    let dir = root.join(sub);
    if !dir.is_dir() {
        return Vec::new();
    }
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let escapes = |p: &Path| {
        !p.canonicalize()
            .map(|c| c.starts_with(&canonical_root))
            .unwrap_or(true)
    };
    // Links are followed only while they stay inside the content directory: a
    // link out is reported once and never walked (it could be `/`).
    let escaped = std::cell::RefCell::new(Vec::new());
    let walker = walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .max_depth(16)
        .into_iter()
        .filter_entry(|e| {
            let linked = e.path_is_symlink() || (e.depth() > 0 && path_has_symlink(root, e.path()));
            if linked && escapes(e.path()) {
                escaped.borrow_mut().push(rel_path(root, e.path()));
                return false;
            }
            true
        });
    let mut out = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e
                    .path()
                    .map(|p| rel_path(root, p))
                    .unwrap_or_else(|| sub.to_string());
                let is_loop = e.loop_ancestor().is_some()
                    || e.io_error()
                        .is_some_and(|io| io.raw_os_error() == Some(ELOOP));
                let d = if is_loop {
                    Diagnostic::new(
                        codes::SYMLINK_LOOP,
                        at,
                        Pos::START,
                        "a symbolic link leads back to itself or to a directory that contains it",
                    )
                    .hint("remove the link; ismsbook does not follow link loops")
                } else {
                    Diagnostic::new(codes::IO_ERROR, at, Pos::START, format!("cannot read: {e}"))
                };
                diags.push(d);
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') && entry.depth() > 0 {
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if exts.contains(&ext) {
            out.push(rel_path(root, path));
        }
    }
    for rel in escaped.into_inner() {
        diags.push(
            Diagnostic::new(
                codes::PATH_ESCAPE,
                rel,
                Pos::START,
                "this is a symbolic link to a place outside the content directory",
            )
            .hint("copy the files into the content directory instead of linking to them"),
        );
    }
    out
}

/// "Too many levels of symbolic links" (Linux 40, macOS and the BSDs 62).
const ELOOP: i32 = if cfg!(target_os = "linux") { 40 } else { 62 };

fn path_has_symlink(root: &Path, path: &Path) -> bool {
    let mut cur = PathBuf::from(root);
    for comp in path.strip_prefix(root).unwrap_or(path).components() {
        cur.push(comp);
        if cur
            .symlink_metadata()
            .map(|m| m.file_type().is_symlink())
            .unwrap_or(false)
        {
            return true;
        }
    }
    false
}

/// Resolve a path written in a record (evidence, Markdown link) against the
/// content directory; `Err` with a reason when it would leave it.
pub fn resolve_inside(root: &Path, written: &str) -> Result<PathBuf, &'static str> {
    let p = Path::new(written);
    // `C:/x` or `C:x` is absolute (or drive-relative) on Windows; a colon
    // elsewhere is an ordinary character in a file name.
    let drive =
        written.as_bytes().get(1) == Some(&b':') && written.as_bytes()[0].is_ascii_alphabetic();
    if p.is_absolute() || written.starts_with('/') || written.starts_with('\\') || drive {
        return Err(
            "absolute paths are not allowed; write the path relative to the content directory",
        );
    }
    let mut depth: i32 = 0;
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => depth -= 1,
            std::path::Component::Normal(_) => depth += 1,
            std::path::Component::CurDir => {}
            _ => return Err("the path has a root or prefix"),
        }
        if depth < 0 {
            return Err("the path climbs out of the content directory with `..`");
        }
    }
    let full = root.join(p);
    if let (Ok(c), Ok(r)) = (full.canonicalize(), root.canonicalize()) {
        if !c.starts_with(&r) {
            return Err(
                "the path leads through a symbolic link to a place outside the content directory",
            );
        }
    }
    Ok(full)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_inside_refuses_escapes() {
        let root = Path::new("/tmp");
        assert!(resolve_inside(root, "../etc/passwd").is_err());
        assert!(resolve_inside(root, "a/../../b").is_err());
        assert!(resolve_inside(root, "/etc/passwd").is_err());
        assert!(resolve_inside(root, "C:/x").is_err());
        assert!(resolve_inside(root, "evidence/log.txt").is_ok());
        assert!(resolve_inside(root, "evidence/../evidence/log.txt").is_ok());
    }

    #[test]
    fn read_text_reports_bad_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("empty.yaml"), "  \n").unwrap();
        std::fs::write(dir.path().join("bad.yaml"), b"a: 1\nb: \xff\n").unwrap();
        std::fs::write(dir.path().join("bom.yaml"), "\u{feff}a: 1\n").unwrap();
        assert_eq!(
            read_text(dir.path(), "empty.yaml").unwrap_err().code,
            "E003"
        );
        let bad = read_text(dir.path(), "bad.yaml").unwrap_err();
        assert_eq!((bad.code, bad.pos.line, bad.pos.col), ("E002", 2, 4));
        assert_eq!(read_text(dir.path(), "bom.yaml").unwrap(), "a: 1\n");
        assert_eq!(
            read_text(dir.path(), "missing.yaml").unwrap_err().code,
            "E001"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn read_text_never_follows_links_out_nor_reads_devices() {
        // Regression (tests/hardening.rs): `policy.yaml -> /dev/zero` read
        // without end; `site.yaml -> /proc/self/environ` printed the
        // environment in the diagnostic's snippet.
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("content");
        std::fs::create_dir(&root).unwrap();
        std::fs::write(dir.path().join("outside.yaml"), "a: 1\n").unwrap();
        for (name, target) in [
            ("zero.yaml", "/dev/zero"),
            ("env.yaml", "/proc/self/environ"),
            ("out.yaml", "../outside.yaml"),
        ] {
            std::os::unix::fs::symlink(target, root.join(name)).unwrap();
            assert_eq!(read_text(&root, name).unwrap_err().code, "E007", "{name}");
        }
        std::os::unix::fs::symlink("/dev/null", root.join("null.yaml")).unwrap();
        assert_eq!(read_text(&root, "null.yaml").unwrap_err().code, "E007");
        std::fs::create_dir(root.join("dir.yaml")).unwrap();
        assert_eq!(read_text(&root, "dir.yaml").unwrap_err().code, "E001");
    }
}
