//! Reading files safely: inside the content directory, bounded in size,
//! valid UTF-8, not empty. Symlinks that leave the directory and symlink loops
//! are reported, never followed.

use crate::diagnostics::msg;
use crate::diagnostics::{codes, Diagnostic, Pos};
use std::io::Read;
use std::path::{Path, PathBuf};

pub use super::dirs::Dirs;

/// Largest YAML or Markdown file accepted. Real records are a few KiB.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Path relative to `root` with `/` separators.
pub fn rel_path(root: &Path, path: &Path) -> String {
    // What the walk lists is `root` joined with names: then the path is the
    // root's bytes, a slash and the names, told apart without parsing
    // components (one call per file listed).
    let (whole, start) = (
        path.as_os_str().as_encoded_bytes(),
        root.as_os_str().as_encoded_bytes(),
    );
    if let Some(rest) = whole.strip_prefix(start).and_then(|r| r.strip_prefix(b"/")) {
        let plain = rest
            .split(|&b| b == b'/')
            .all(|seg| !seg.is_empty() && seg != b"." && seg != b"..");
        if plain && !rest.contains(&b'\\') {
            if let Ok(rel) = std::str::from_utf8(rest) {
                return rel.to_string();
            }
        }
    }
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Text of a content file named by the caller (a fixed name such as
/// `site.yaml`, a path from a file watcher), or the diagnostic explaining why
/// it cannot be used.
pub fn read_text(root: &Path, rel: &str) -> Result<String, Box<Diagnostic>> {
    read(root, rel, Origin::Named)
}

/// Where the relative path of a file to read comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Returned by [`list`], which never returns a link out of the content
    /// directory: it need not be resolved again.
    Listed,
    /// Anything else: resolved first, and refused when it leads outside.
    Named,
}

/// The bytes of a content file as [`read`] reads them (the same checks of
/// where it lies, its type and its size), before they are taken as text.
pub fn read_bytes(root: &Path, rel: &str, origin: Origin) -> Result<Vec<u8>, Box<Diagnostic>> {
    read_bytes_in(root, rel, origin, None)
}

/// [`read_bytes`] of a listed file, opened in its folder when `dirs` holds
/// it (the same checks, the same diagnostics).
pub fn read_listed(root: &Path, rel: &str, dirs: &Dirs) -> Result<Vec<u8>, Box<Diagnostic>> {
    read_bytes_in(root, rel, Origin::Listed, Some(dirs))
}

fn read_bytes_in(
    root: &Path,
    rel: &str,
    origin: Origin,
    dirs: Option<&Dirs>,
) -> Result<Vec<u8>, Box<Diagnostic>> {
    // A link out of the content directory is never read, whatever links to
    // it: it could be `/proc/self/environ` (shown in a diagnostic's snippet,
    // the CI's secrets would land in its log) or `/dev/zero` (never ends).
    let path = root.join(rel);
    if origin == Origin::Named {
        if let Err(why) = resolve_inside(root, rel) {
            return Err(
                Diagnostic::new(codes::PATH_ESCAPE, rel, Pos::START, escape_reason(why))
                    .hint(msg!("E007.escape_hint"))
                    .into(),
            );
        }
        // Not even opened when it is a device or FIFO (`list` only returns
        // regular files, so listed files skip this).
        if let Some(d) = std::fs::metadata(&path)
            .ok()
            .and_then(|m| unusable(rel, &m))
        {
            return Err(d.into());
        }
    }
    let cannot_read = |e: std::io::Error| {
        Diagnostic::new(
            codes::IO_ERROR,
            rel,
            Pos::START,
            msg!("E001.cannot_read_file", error = e),
        )
    };
    // Open once and take type and size from the handle: no gap between
    // checking and reading (the file could be swapped since it was listed).
    let opened = match dirs.filter(|_| origin == Origin::Listed) {
        Some(dirs) => dirs.open(rel).map(Ok),
        None => None,
    };
    let file = match opened.unwrap_or_else(|| open_nonblocking(&path)) {
        Ok(f) => f,
        // Explain an unopenable FIFO or oversized file as such, like a readable one.
        Err(e) => {
            return Err(match std::fs::metadata(&path) {
                Ok(meta) => unusable(rel, &meta).unwrap_or_else(|| cannot_read(e)),
                Err(_) => cannot_read(e),
            }
            .into())
        }
    };
    let meta = file.metadata().map_err(cannot_read)?;
    if let Some(d) = unusable(rel, &meta) {
        return Err(d.into());
    }
    let bytes = read_sized(file, meta.len()).map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::new(
            codes::FILE_TOO_LARGE,
            rel,
            Pos::START,
            msg!("E005.over_limit", limit = MAX_FILE_BYTES),
        )
        .into());
    }
    Ok(bytes)
}

/// Text of a content file, or the diagnostic explaining why it cannot be used
/// (boxed: a diagnostic is large beside the text).
pub fn read(root: &Path, rel: &str, origin: Origin) -> Result<String, Box<Diagnostic>> {
    text_of(read_bytes(root, rel, origin)?, rel)
}

/// [`read`], with the [`fingerprint`] of the file's bytes as read (a byte
/// order mark and all): what the SHA-256 the manifest lists of the file
/// begins with, and what a second reading of it must match (E016).
pub fn read_fingerprinted(
    root: &Path,
    rel: &str,
    origin: Origin,
) -> Result<(String, u64), Box<Diagnostic>> {
    let bytes = read_bytes(root, rel, origin)?;
    let read_as = fingerprint(&bytes);
    Ok((text_of(bytes, rel)?, read_as))
}

/// [`read_fingerprinted`] of a listed file, opened in its folder when
/// `dirs` holds it ([`read_listed`]).
pub fn read_fingerprinted_listed(
    root: &Path,
    rel: &str,
    dirs: &Dirs,
) -> Result<(String, u64), Box<Diagnostic>> {
    let bytes = read_listed(root, rel, dirs)?;
    let read_as = fingerprint(&bytes);
    Ok((text_of(bytes, rel)?, read_as))
}

/// The bytes of `file`, whose size was `len` when it was opened: at most
/// one byte over the limit, whatever the size said (it can grow). A file
/// read to exactly its size is taken as read whole, without the further
/// reading that would only find its end (one system call a file fewer); one
/// that gives more or less than its size is read to its end as before.
fn read_sized(file: std::fs::File, len: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(len.min(MAX_FILE_BYTES) as usize + 1);
    if len > 0 && len <= MAX_FILE_BYTES {
        // Read into the room reserved, not zeroed first (the bytes read
        // are all that is kept): one byte more than said, to see growth.
        loop {
            match read_spare(&file, &mut bytes) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
            if bytes.len() as u64 == len || bytes.len() == bytes.capacity() {
                break;
            }
        }
        if bytes.len() as u64 != len + 1 {
            return Ok(bytes);
        }
        // Grown since: the rest, within the limit.
    }
    let have = bytes.len() as u64;
    file.take((MAX_FILE_BYTES + 1).saturating_sub(have))
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// One `read` of `file` into the spare capacity of `bytes` (nothing to
/// read into: `Ok(0)`), which grows by what was read.
#[cfg(unix)]
fn read_spare(file: &std::fs::File, bytes: &mut Vec<u8>) -> std::io::Result<usize> {
    use std::os::fd::AsRawFd;
    let spare = bytes.spare_capacity_mut();
    if spare.is_empty() {
        return Ok(0);
    }
    // SAFETY: `read` writes at most `spare.len()` bytes into the spare
    // capacity, memory `bytes` owns; exactly the count it returns is
    // written, and only that many are added to the length.
    let n = unsafe { libc::read(file.as_raw_fd(), spare.as_mut_ptr().cast(), spare.len()) };
    let n = usize::try_from(n).map_err(|_| std::io::Error::last_os_error())?;
    // SAFETY: the first `n` bytes of the spare capacity were just written.
    unsafe { bytes.set_len(bytes.len() + n) };
    Ok(n)
}

/// [`read_spare`] where there is no `read(2)`: the room zeroed first.
#[cfg(not(unix))]
fn read_spare(mut file: &std::fs::File, bytes: &mut Vec<u8>) -> std::io::Result<usize> {
    let start = bytes.len();
    bytes.resize(bytes.capacity(), 0);
    let read = file.read(&mut bytes[start..]);
    bytes.truncate(start + *read.as_ref().unwrap_or(&0));
    read
}

/// What a content file's bytes are known by once read: the first eight
/// bytes of their SHA-256, little-endian (so a file's manifest hash tells
/// whether it was the text read: [`fingerprint_of_sha256`]).
pub fn fingerprint(bytes: &[u8]) -> u64 {
    first_eight(&crate::digest::Sha256Digest::of(bytes))
}

/// The [`fingerprint`] of the bytes whose SHA-256 is `hex` (as the manifest
/// lists it); `None` when `hex` is not one.
pub fn fingerprint_of_sha256(hex: &str) -> Option<u64> {
    crate::digest::Sha256Digest::parse_hex(hex).map(|d| first_eight(&d))
}

fn first_eight(d: &crate::digest::Sha256Digest) -> u64 {
    let d = d.0;
    u64::from_le_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]])
}

/// The text of a content file's `bytes` (`rel` names it in diagnostics),
/// without a byte order mark.
pub(super) fn text_of(bytes: Vec<u8>, rel: &str) -> Result<String, Box<Diagnostic>> {
    // Checked with SIMD (most of the text is multi-byte: Japanese), and
    // only a file that is not UTF-8 again, to say where.
    let text = match simdutf8::basic::from_utf8(&bytes) {
        // SAFETY: `bytes` was just checked to be UTF-8.
        Ok(_) => Ok(unsafe { String::from_utf8_unchecked(bytes) }),
        Err(_) => String::from_utf8(bytes),
    };
    let text = text.map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or("");
        let line = valid.matches('\n').count() + 1;
        let col = valid
            .rsplit('\n')
            .next()
            .map(|l| l.chars().count())
            .unwrap_or(0)
            + 1;
        Diagnostic::new(
            codes::INVALID_UTF8,
            rel,
            Pos::new(line, col),
            msg!("E002.not_utf8"),
        )
        .hint(msg!("E002.not_utf8_hint"))
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    if text.trim().is_empty() {
        return Err(
            Diagnostic::new(codes::EMPTY_FILE, rel, Pos::START, msg!("E003.empty"))
                .hint(msg!("E003.empty_hint"))
                .into(),
        );
    }
    Ok(text)
}

/// Why a file with this metadata is not read at all, if it is not.
fn unusable(rel: &str, meta: &std::fs::Metadata) -> Option<Diagnostic> {
    if !meta.is_file() {
        // A FIFO or device would block or never end.
        return Some(Diagnostic::new(
            codes::IO_ERROR,
            rel,
            Pos::START,
            msg!("E001.not_regular"),
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Some(
            Diagnostic::new(
                codes::FILE_TOO_LARGE,
                rel,
                Pos::START,
                msg!("E005.too_large", size = meta.len(), limit = MAX_FILE_BYTES),
            )
            .hint(msg!("E005.too_large_hint")),
        );
    }
    None
}

/// Open for reading without blocking: a FIFO (or a device) swapped in for a
/// listed file must not hang the run before its type is seen.
/// The text of the content file `rel` if it is, right now, a plain file
/// that is not a link, within the size limit and UTF-8; `None` otherwise,
/// without a diagnostic and without its bytes going anywhere. For a file
/// read before whose text is then compared with what was read
/// ([`super::reload_unchanged`]): [`read`] with [`Origin::Named`] resolves
/// every component of the path, which this need not, since only a text the
/// check has read already is used.
#[cfg(unix)]
pub(super) fn read_plain(root: &Path, rel: &str) -> Option<(String, u64)> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_NOFOLLOW)
        .open(root.join(rel))
        .ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
        return None;
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).ok()?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return None;
    }
    simdutf8::basic::from_utf8(&bytes).ok()?;
    // The fingerprint of the bytes as read, a byte order mark included, as
    // `read_fingerprinted` makes it.
    let read_as = fingerprint(&bytes);
    // SAFETY: `bytes` was just checked to be UTF-8.
    let text = unsafe { String::from_utf8_unchecked(bytes) };
    // As `read` takes it: without a byte order mark.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    Some((text, read_as))
}

/// Not on this system: every file is read as [`Origin::Named`].
#[cfg(not(unix))]
pub(super) fn read_plain(_root: &Path, _rel: &str) -> Option<(String, u64)> {
    None
}

fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
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
    // Whether each directory on the way down to the current entry is or lies
    // under a link (index = depth): known from the walk itself, so only
    // entries under a link cost a look at where they lead.
    let mut under_link: Vec<bool> = Vec::new();
    let sub_is_linked = path_has_symlink(root, &dir);
    let walker = walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by(|a, b| super::dirs::sort_name(a).cmp(super::dirs::sort_name(b)))
        .max_depth(MAX_DEPTH)
        .into_iter()
        .filter_entry(|e| {
            let depth = e.depth();
            under_link.resize(depth, true);
            let parent = match depth {
                0 => sub_is_linked,
                // (The walk goes depth first, so the parent was seen last; if
                // not, assume the worst and resolve.)
                _ => under_link.get(depth - 1).copied().unwrap_or(true),
            };
            let linked = parent || e.path_is_symlink();
            under_link.push(linked);
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
                    Diagnostic::new(codes::SYMLINK_LOOP, at, Pos::START, msg!("E008.loop"))
                        .hint(msg!("E008.loop_hint"))
                } else {
                    Diagnostic::new(
                        codes::IO_ERROR,
                        at,
                        Pos::START,
                        msg!("E001.cannot_read", error = e),
                    )
                };
                diags.push(d);
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') && entry.depth() > 0 {
            continue;
        }
        if entry.depth() == MAX_DEPTH
            && entry.file_type().is_dir()
            && std::fs::read_dir(entry.path()).is_ok_and(|mut d| d.next().is_some())
        {
            diags.push(
                Diagnostic::new(
                    codes::TOO_DEEP,
                    rel_path(root, entry.path()),
                    Pos::START,
                    msg!("W117.too_deep", depth = MAX_DEPTH, sub = sub),
                )
                .hint(msg!("W117.too_deep_hint", depth = MAX_DEPTH, sub = sub)),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        // The extension of the name alone (the whole path need not be parsed).
        let ext = Path::new(entry.file_name())
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("");
        if exts.contains(&ext) {
            out.push(rel_path(root, entry.path()));
        } else if let Some(right) = exts.iter().find(|e| e.eq_ignore_ascii_case(ext)) {
            // `.YAML`, `.Md`: meant as content, but not read (E018) rather
            // than silently left out.
            diags.push(
                Diagnostic::new(
                    codes::EXTENSION_CASE,
                    rel_path(root, entry.path()),
                    Pos::START,
                    msg!("E018.upper_case", ext = ext, right = *right),
                )
                .hint(msg!("E018.upper_case_hint", ext = ext, right = *right)),
            );
        }
    }
    for rel in escaped.into_inner() {
        diags.push(
            Diagnostic::new(codes::PATH_ESCAPE, rel, Pos::START, msg!("E007.link_out"))
                .hint(msg!("E007.link_out_hint")),
        );
    }
    out
}

/// How many folders deep `list` reads below `incidents/`, `drills/`,
/// `handbook/` and `templates/`; a non-empty folder at this depth is W117.
pub const MAX_DEPTH: usize = 16;

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
/// [`escape_reason`] gives the reason as a catalogue message.
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

/// The reason [`resolve_inside`] gives, as a catalogue message.
pub fn escape_reason(why: &'static str) -> crate::diagnostics::Msg {
    let key = if why.starts_with("absolute") {
        "E007.absolute"
    } else if why.contains("root or prefix") {
        "E007.prefix"
    } else if why.contains("`..`") {
        "E007.climbs"
    } else {
        "E007.link_outside"
    };
    crate::diagnostics::Msg::new(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_read_to_its_size_is_the_file_read_to_its_end() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.yaml");
        for len in [0usize, 1, 4095, 4096, 4097, 100_000] {
            let bytes: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            std::fs::write(&path, &bytes).unwrap();
            // As `fstat` said, as an older size said (the file grew since)
            // and as a larger one said (it shrank since).
            for said in [len as u64, (len as u64).saturating_sub(1), len as u64 + 7] {
                let file = std::fs::File::open(&path).unwrap();
                assert_eq!(read_sized(file, said).unwrap(), bytes, "{len} said {said}");
            }
        }
    }

    #[test]
    fn a_listed_file_read_in_its_folder_is_read_as_by_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("incidents/2026")).unwrap();
        std::fs::write(root.join("incidents/2026/a.yaml"), "id: a\n").unwrap();
        std::fs::write(root.join("incidents/2026/empty.yaml"), "").unwrap();
        std::fs::write(root.join("incidents/2026/bad.yaml"), b"id: \xff\n").unwrap();
        let big = vec![b'a'; MAX_FILE_BYTES as usize + 1];
        std::fs::write(root.join("incidents/2026/big.yaml"), big).unwrap();
        let rels: Vec<String> = ["a", "empty", "bad", "big", "gone"]
            .iter()
            .map(|n| format!("incidents/2026/{n}.yaml"))
            .collect();
        let dirs = Dirs::of(root, &rels);
        for rel in &rels {
            let by_path = read_fingerprinted(root, rel, Origin::Listed);
            let in_folder = read_fingerprinted_listed(root, rel, &dirs);
            assert_eq!(format!("{in_folder:?}"), format!("{by_path:?}"), "{rel}");
        }
        assert!(read_listed(root, &rels[0], &dirs).is_ok());
    }

    #[test]
    fn a_relative_path_is_the_same_read_quickly_or_by_components() {
        let slow = |root: &str, path: &str| {
            Path::new(path)
                .strip_prefix(root)
                .unwrap_or(Path::new(path))
                .to_string_lossy()
                .replace('\\', "/")
        };
        for (root, path) in [
            ("/tmp/c", "/tmp/c/incidents/2026/INC-2026-001.yaml"),
            ("/tmp/c/", "/tmp/c/incidents/a.yaml"),
            (".", "./incidents/a.yaml"),
            ("c", "c/./incidents//a.yaml"),
            ("c", "c/../c/a.yaml"),
            ("c", "cd/a.yaml"),
            ("/", "/incidents/a.yaml"),
            ("", "incidents/a.yaml"),
            ("c", "c/事故/記録.yaml"),
        ] {
            assert_eq!(
                rel_path(Path::new(root), Path::new(path)),
                slow(root, path),
                "{root} {path}"
            );
        }
    }

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

    /// The fingerprint is of the file's bytes, a byte order mark and all:
    /// the hash the manifest lists of the file begins with it.
    #[test]
    fn a_file_is_fingerprinted_as_its_bytes_are_hashed() {
        let dir = tempfile::tempdir().unwrap();
        let bytes = "\u{feff}a: 1\n".as_bytes();
        std::fs::write(dir.path().join("bom.yaml"), bytes).unwrap();
        let (text, read_as) = read_fingerprinted(dir.path(), "bom.yaml", Origin::Named).unwrap();
        assert_eq!(text, "a: 1\n");
        let listed = crate::digest::Sha256Digest::of(bytes).to_hex();
        assert_eq!(fingerprint_of_sha256(&listed), Some(read_as));
        assert_ne!(fingerprint(text.as_bytes()), read_as);
        assert_eq!(fingerprint_of_sha256("not a hash"), None);
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

    #[cfg(unix)]
    #[test]
    fn listing_reports_links_out_however_deep_and_walks_links_inside() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(outside.join("deep")).unwrap();
        std::fs::write(outside.join("deep/x.yaml"), "a: 1\n").unwrap();
        let root = dir.path().join("content");
        std::fs::create_dir_all(root.join("incidents/2026")).unwrap();
        std::fs::create_dir_all(root.join("shared")).unwrap();
        std::fs::write(root.join("incidents/2026/A.yaml"), "a: 1\n").unwrap();
        std::fs::write(root.join("shared/B.yaml"), "a: 1\n").unwrap();
        // A link inside stays inside; a link out is reported, also one met
        // only under a linked folder.
        std::os::unix::fs::symlink("../shared", root.join("incidents/in")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("shared/out")).unwrap();
        let mut diags = Vec::new();
        let listed = list(&root, "incidents", &["yaml"], &mut diags);
        assert_eq!(listed, ["incidents/2026/A.yaml", "incidents/in/B.yaml"]);
        let escaped: Vec<(&str, &str)> = diags.iter().map(|d| (d.code, d.file.as_str())).collect();
        assert_eq!(escaped, [("E007", "incidents/in/out")]);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_in_place_of_a_listed_file_is_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("r.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no mkfifo here
        }
        // No writer: a blocking open would wait for ever.
        let d = read(dir.path(), "r.yaml", Origin::Listed).unwrap_err();
        assert_eq!((d.code, d.message.as_str()), ("E001", "not a regular file"));
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
