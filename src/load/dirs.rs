//! The folders of the files one load reads, opened once: each listed file
//! is then opened by its name in its folder (`openat`), so the kernel does
//! not walk the whole path again for every record (at 100,000 records, two
//! readings each, that walk was a tenth of `check`'s system time).
//!
//! Only a shortcut: a file whose folder is not held here, or which cannot be
//! opened this way for any reason, is opened by its path as before, and the
//! error, if any, is that path's (`files::read_bytes`).

use std::fs::File;
use std::path::Path;

/// At most this many folders are held open (a register is a folder a year;
/// one of very many small folders must not use up the process's
/// descriptors, which the files themselves need).
#[cfg(unix)]
const MAX_HELD: usize = 256;

/// Open folders, by their path relative to the content directory.
#[derive(Default)]
pub struct Dirs {
    #[cfg(unix)]
    open: Vec<(String, std::os::fd::OwnedFd)>,
}

impl Dirs {
    /// The folders of `rels` (paths relative to `root`, as `files::list`
    /// returns them, so that those of one folder come together).
    pub fn of(root: &Path, rels: &[String]) -> Dirs {
        #[cfg(unix)]
        {
            let mut open: Vec<(String, std::os::fd::OwnedFd)> = Vec::new();
            for rel in rels {
                let Some((dir, _)) = rel.rsplit_once('/') else {
                    continue;
                };
                if open.len() >= MAX_HELD
                    || open.last().is_some_and(|(d, _)| d == dir)
                    || open.iter().any(|(d, _)| d == dir)
                {
                    continue;
                }
                if let Some(fd) = open_dir(&root.join(dir)) {
                    open.push((dir.to_string(), fd));
                }
            }
            open.sort_by(|a, b| a.0.cmp(&b.0));
            Dirs { open }
        }
        #[cfg(not(unix))]
        {
            let _ = (root, rels);
            Dirs::default()
        }
    }

    /// `rel` opened in its folder for reading, non-blocking like
    /// `files::read_bytes`'s own opening; `None` when its folder is not
    /// held or the opening fails (the caller then opens it by its path).
    pub fn open(&self, rel: &str) -> Option<File> {
        #[cfg(unix)]
        {
            use std::os::fd::{AsRawFd, FromRawFd};
            let (dir, name) = rel.rsplit_once('/')?;
            let k = self
                .open
                .binary_search_by(|(d, _)| d.as_str().cmp(dir))
                .ok()?;
            let name = std::ffi::CString::new(name).ok()?;
            let flags = libc::O_RDONLY | libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_CLOEXEC;
            // SAFETY: a NUL-terminated name and a folder descriptor this
            // value owns; the returned descriptor is new and owned by the file.
            let fd = unsafe { libc::openat(self.open[k].1.as_raw_fd(), name.as_ptr(), flags) };
            (fd >= 0).then(|| unsafe { File::from_raw_fd(fd) })
        }
        #[cfg(not(unix))]
        {
            let _ = rel;
            None
        }
    }
}

#[cfg(unix)]
fn open_dir(path: &Path) -> Option<std::os::fd::OwnedFd> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_DIRECTORY)
        .open(path)
        .ok()
        .map(std::os::fd::OwnedFd::from)
}

/// The name `walkdir`'s `sort_by_file_name` sorts an entry by
/// (`DirEntry::file_name`), found as the bytes after the path's last `/`
/// rather than by parsing the path's components: the walk's sort compares
/// two names for every file listed (at 10,000 records, 213,000 times, in the
/// one serial phase of `check` before the records are read).
pub fn sort_name(e: &walkdir::DirEntry) -> &std::ffi::OsStr {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = e.path().as_os_str().as_bytes();
        let name = memchr::memrchr(b'/', bytes).map_or(bytes, |at| &bytes[at + 1..]);
        // What a listed file's path ends with (its name as read from its
        // folder); anything else (`.`, `..`, a trailing `/`) is parsed.
        if !matches!(name, b"" | b"." | b"..") {
            return std::ffi::OsStr::from_bytes(name);
        }
    }
    e.file_name()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// The name the walk sorts by is `walkdir`'s own, for every entry of a
    /// tree walked from a root written in several ways.
    #[test]
    fn the_sort_name_is_the_entry_file_name() {
        let dir = tempfile::tempdir().unwrap();
        for rel in [
            "a/b.yaml",
            "a/.x",
            "a/..y",
            "a/日本.yaml",
            "b/c/d.yaml",
            "e",
        ] {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let base = dir.path().display().to_string();
        let roots = [
            base.clone(),
            format!("{base}/"),
            format!("{base}/."),
            format!("{base}/a/.."),
            format!("{base}/a/../a/"),
        ];
        let mut seen = 0;
        for root in roots {
            for e in walkdir::WalkDir::new(&root).into_iter().flatten() {
                assert_eq!(sort_name(&e), e.file_name(), "{}", e.path().display());
                seen += 1;
            }
        }
        assert!(seen > 30, "{seen}");
    }
    use std::io::Read;

    #[test]
    fn a_listed_file_opens_in_its_folder_and_anything_else_is_left_to_the_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("incidents/2026")).unwrap();
        std::fs::write(dir.path().join("incidents/2026/a.yaml"), "id: a\n").unwrap();
        let rels = vec![
            "incidents/2026/a.yaml".to_string(),
            "incidents/2026/gone.yaml".to_string(),
        ];
        let dirs = Dirs::of(dir.path(), &rels);
        let mut text = String::new();
        dirs.open("incidents/2026/a.yaml")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "id: a\n");
        // Missing, in a folder not listed, without a folder, not a name.
        assert!(dirs.open("incidents/2026/gone.yaml").is_none());
        assert!(dirs.open("incidents/2025/a.yaml").is_none());
        assert!(dirs.open("a.yaml").is_none());
        assert!(dirs.open("incidents/2026/a\0.yaml").is_none());
    }
}
