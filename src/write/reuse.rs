//! Carrying the previous site's unchanged files into a new build: a file
//! whose bytes equal those the build is about to write is hard-linked into
//! the staging directory instead of being written again. A rebuild of a
//! large register changes few files, and creating a file (a new inode, its
//! data, its journal entries) costs the file system many times what a link
//! does; the old tree's removal after the swap then frees no inodes either.
//! The new site is the same, byte for byte, as if every file were written.
//!
//! Only a file that is certainly the previous build's own is linked: a plain
//! file (not a symbolic link) with one link, in folders that are real
//! folders of the previous site (no symbolic link on the way), holding
//! exactly the new bytes. Anything else, or any error, and the file is
//! written as usual.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// The site a build replaces, as a source of files to link.
#[derive(Debug)]
pub(super) struct Previous {
    root: PathBuf,
    /// Folders of the previous site (relative), and whether each is a real
    /// folder all the way down from the root.
    real_dirs: Mutex<HashMap<PathBuf, bool>>,
}

impl Previous {
    /// The previous site at `out`, when it is a real folder carrying the
    /// output marker (checked by the caller before the build replaces it).
    pub(super) fn at(out: &Path) -> Option<Previous> {
        let is_dir = out.symlink_metadata().ok()?.is_dir();
        (cfg!(unix) && is_dir && out.join(super::MARKER).is_file()).then(|| Previous {
            root: out.to_path_buf(),
            real_dirs: Mutex::new(HashMap::new()),
        })
    }

    /// Link the previous site's `rel` to `target` if it holds `bytes`;
    /// whether it did (when not, the caller writes the file).
    pub(super) fn link_if_same(&self, rel: &Path, bytes: &[u8], target: &Path) -> bool {
        let parent = rel.parent().unwrap_or(Path::new(""));
        if !self.is_real_dir(parent) {
            return false;
        }
        let old = self.root.join(rel);
        holds_exactly(&old, bytes) && std::fs::hard_link(&old, target).is_ok()
    }

    fn is_real_dir(&self, rel: &Path) -> bool {
        if rel.as_os_str().is_empty() {
            return true;
        }
        if let Some(&known) = self
            .real_dirs
            .lock()
            .ok()
            .and_then(|d| d.get(rel).copied())
            .as_ref()
        {
            return known;
        }
        let up = rel.parent().unwrap_or(Path::new(""));
        let real = rel.components().all(|c| matches!(c, Component::Normal(_)))
            && self.is_real_dir(up)
            && self
                .root
                .join(rel)
                .symlink_metadata()
                .is_ok_and(|m| m.is_dir());
        if let Ok(mut d) = self.real_dirs.lock() {
            d.insert(rel.to_path_buf(), real);
        }
        real
    }
}

/// Whether `path` is a plain file with one link whose bytes are `bytes`.
#[cfg(unix)]
fn holds_exactly(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
    let Ok(meta) = path.symlink_metadata() else {
        return false;
    };
    if !meta.is_file() || meta.nlink() != 1 || meta.len() != bytes.len() as u64 {
        return false;
    }
    let Ok(mut file) = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)
    else {
        return false;
    };
    // One byte more than expected, to see a file that grew meanwhile.
    let mut old = Vec::with_capacity(bytes.len() + 1);
    file.by_ref()
        .take(bytes.len() as u64 + 1)
        .read_to_end(&mut old)
        .is_ok()
        && old == bytes
}

#[cfg(not(unix))]
fn holds_exactly(_path: &Path, _bytes: &[u8]) -> bool {
    false
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("incidents")).unwrap();
        std::fs::write(out.join(super::super::MARKER), "").unwrap();
        std::fs::write(out.join("incidents/a.html"), "same").unwrap();
        (dir, out)
    }

    #[test]
    fn links_a_file_with_the_same_bytes_only() {
        let (dir, out) = site();
        let prev = Previous::at(&out).unwrap();
        let new = dir.path().join("new");
        std::fs::create_dir_all(&new).unwrap();
        let rel = Path::new("incidents/a.html");
        assert!(!prev.link_if_same(rel, b"other", &new.join("x")));
        assert!(!prev.link_if_same(rel, b"sam", &new.join("x")));
        assert!(!new.join("x").exists());
        assert!(prev.link_if_same(rel, b"same", &new.join("a")));
        assert_eq!(std::fs::read(new.join("a")).unwrap(), b"same");
        // Linked once, it is no longer the previous build's alone.
        assert!(!prev.link_if_same(rel, b"same", &new.join("b")));
        assert!(!prev.link_if_same(Path::new("missing.html"), b"", &new.join("c")));
    }

    #[test]
    fn never_links_through_or_to_a_symbolic_link() {
        let (dir, out) = site();
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("b.html"), "same").unwrap();
        std::os::unix::fs::symlink(&outside, out.join("evil")).unwrap();
        std::os::unix::fs::symlink(outside.join("b.html"), out.join("c.html")).unwrap();
        let prev = Previous::at(&out).unwrap();
        let new = dir.path().join("new");
        std::fs::create_dir_all(&new).unwrap();
        assert!(!prev.link_if_same(Path::new("evil/b.html"), b"same", &new.join("1")));
        assert!(!prev.link_if_same(Path::new("c.html"), b"same", &new.join("2")));
        assert_eq!(
            std::fs::metadata(outside.join("b.html")).unwrap().nlink(),
            1
        );
        // A site folder that is itself a link is no previous site.
        let linked = dir.path().join("linked");
        std::os::unix::fs::symlink(&out, &linked).unwrap();
        assert!(Previous::at(&linked).is_none());
    }
}
