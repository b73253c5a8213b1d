//! A build's output being written: a fresh, marked directory beside `--out`,
//! filled through [`Sink`], then swapped into place by [`Staging::commit`]
//! (or removed when dropped uncommitted).

use super::cleanup::{free_path, fresh_dir, remove_stale, remove_tree};
use super::reuse::Previous;
use super::swap::{exchange, exchange_unsupported};
use super::target::{check_target, is_empty_dir};
use super::{io, MARKER, MARKER_TEXT};
use crate::write::{Fill, Sink};
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// A build's output being written; swapped into place by [`Staging::commit`],
/// removed on drop otherwise.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    committed: bool,
    files: AtomicUsize,
    made_dirs: Mutex<HashSet<PathBuf>>,
    /// The site this build replaces: its unchanged files are linked, not
    /// written again ([`Previous`]).
    previous: Option<Previous>,
}

/// Write a file that should not exist yet: `openat(O_WRONLY | O_CREAT |
/// O_EXCL)`, one `write`, `close` — three system calls, and never through a
/// symbolic link. A path written twice is replaced (the last write wins, as
/// with the in-memory sink).
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    create_new(path)?.write_all(bytes)
}

/// Open a file that should not exist yet for writing (as [`write_new`]).
fn create_new(path: &Path) -> std::io::Result<std::fs::File> {
    let create = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    };
    let file = match create() {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(path)?;
            create()?
        }
        other => other?,
    };
    Ok(file)
}

impl Staging {
    /// Check the target and create the staging directory beside it.
    pub fn begin(out: &Path, content: &Path) -> Result<Staging, String> {
        let out = check_target(out, content)?;
        let parent = out.parent().ok_or("the output has no parent directory")?;
        std::fs::create_dir_all(parent).map_err(|e| io("cannot create", parent, e))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        remove_stale(parent, &name);
        let tmp = fresh_dir(parent, &format!(".{name}.tmp"))?;
        // Marked from the start, so that a later build can tell our staging
        // directory (left by a build that was killed) from anyone else's.
        let marker = tmp.join(MARKER);
        if let Err(e) = std::fs::write(&marker, MARKER_TEXT) {
            let _ = std::fs::remove_dir(&tmp);
            return Err(io("cannot write", &marker, e));
        }
        Ok(Staging {
            previous: Previous::at(&out),
            out,
            tmp,
            committed: false,
            files: AtomicUsize::new(0),
            made_dirs: Mutex::new(HashSet::new()),
        })
    }

    /// The staging directory (for tests and diagnostics).
    pub fn dir(&self) -> &Path {
        &self.tmp
    }

    /// Files written so far.
    pub fn files(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// Swap the (marked) new site into place: with one `renameat2(...,
    /// RENAME_EXCHANGE)` on Linux when an old site exists, otherwise the old
    /// site is moved aside and the new one renamed in; the old one is then
    /// removed. Returns the output's absolute path.
    pub fn commit(mut self) -> Result<PathBuf, String> {
        let parent = self
            .out
            .parent()
            .ok_or("the output has no parent directory")?
            .to_path_buf();
        let name = self
            .out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let meta = self.out.symlink_metadata().ok();
        let exists = meta.is_some();
        // Re-check: another process may have put something there meanwhile.
        if meta.is_some_and(|m| !m.is_dir())
            || (exists && !self.out.join(MARKER).is_file() && !is_empty_dir(&self.out)?)
        {
            return Err(format!(
                "`{}` changed during the build and is no longer ismsbook output; not replacing it",
                self.out.display()
            ));
        }
        if exists {
            // One atomic step where the system has it: the old site ends up
            // under the staging name, and is removed from there.
            match exchange(&self.tmp, &self.out) {
                Ok(()) => {
                    self.committed = true;
                    remove_tree(&self.tmp);
                    return Ok(self.out.clone());
                }
                Err(e) if exchange_unsupported(&e) => {}
                Err(e) => return Err(io("cannot swap the new site into", &self.out, e)),
            }
        }
        let old = if self.out.symlink_metadata().is_ok() {
            let old = free_path(&parent, &format!(".{name}.old"))?;
            std::fs::rename(&self.out, &old).map_err(|e| io("cannot move aside", &self.out, e))?;
            Some(old)
        } else {
            None
        };
        if let Err(e) = std::fs::rename(&self.tmp, &self.out) {
            if let Some(old) = &old {
                // Put the previous site back; the staging dir is dropped.
                let _ = std::fs::rename(old, &self.out);
            }
            return Err(io("cannot move the new site into", &self.out, e));
        }
        self.committed = true;
        if let Some(old) = old {
            // The old tree carried our marker (checked above); removing it is
            // best effort, the new site is already in place.
            remove_tree(&old);
        }
        Ok(self.out.clone())
    }

    fn target(&self, rel: &str) -> Result<PathBuf, String> {
        let p = Path::new(rel);
        let ok = !rel.is_empty()
            && !rel.contains('\\')
            && p.components().all(|c| matches!(c, Component::Normal(_)));
        if !ok {
            return Err(format!(
                "refusing to write `{rel}`: output paths must be relative and stay inside the site"
            ));
        }
        Ok(self.tmp.join(p))
    }
}

impl Staging {
    /// The file's place in the staging directory, its folder created.
    fn place(&self, path: &str) -> Result<PathBuf, String> {
        let target = self.target(path)?;
        if let Some(dir) = target.parent() {
            let known = self
                .made_dirs
                .lock()
                .map(|d| d.contains(dir))
                .unwrap_or(false);
            if !known {
                std::fs::create_dir_all(dir).map_err(|e| io("cannot create", dir, e))?;
                if let Ok(mut d) = self.made_dirs.lock() {
                    d.insert(dir.to_path_buf());
                }
            }
        }
        Ok(target)
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        let target = self.place(path)?;
        let linked = self
            .previous
            .as_ref()
            .is_some_and(|p| p.link_if_same(Path::new(path), bytes, &target));
        if !linked {
            write_new(&target, bytes).map_err(|e| io("cannot write", &target, e))?;
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Streams into the file through a 64 KiB buffer.
    fn put_with(&self, path: &str, fill: Fill) -> Result<(), String> {
        use std::io::Write;
        let target = self.place(path)?;
        let mut w = std::io::BufWriter::with_capacity(
            64 * 1024,
            create_new(&target).map_err(|e| io("cannot write", &target, e))?,
        );
        fill(&mut w)
            .and_then(|()| w.flush())
            .map_err(|e| io("cannot write", &target, e))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            // Ours: created by `begin` with a name no one else claimed.
            remove_tree(&self.tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).unwrap();
        (dir, content.clone(), dir_out(&content))
    }

    fn dir_out(content: &Path) -> PathBuf {
        content.parent().unwrap().join("public")
    }

    #[test]
    fn writes_then_swaps_and_marks() {
        let (_d, content, out) = setup();
        let s = Staging::begin(&out, &content).unwrap();
        s.put("a/b.html", b"one").unwrap();
        assert!(!out.exists(), "nothing visible before commit");
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("a/b.html")).unwrap(), b"one");
        assert!(out.join(MARKER).is_file());
        // Second build replaces the first entirely.
        let s = Staging::begin(&out, &content).unwrap();
        s.put("c.html", b"two").unwrap();
        s.commit().unwrap();
        assert!(!out.join("a/b.html").exists());
        assert_eq!(std::fs::read(out.join("c.html")).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(out.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            leftovers.len(),
            2,
            "only content/ and public/ remain: {leftovers:?}"
        );
    }

    #[test]
    fn a_streamed_file_is_written_whole_and_refuses_paths_outside() {
        let (_d, content, out) = setup();
        let s = Staging::begin(&out, &content).unwrap();
        let big = vec![b'x'; 200 * 1024];
        s.put_with("exports/r.csv", &mut |w| {
            w.write_all(b"head\r\n")?;
            w.write_all(&big)
        })
        .unwrap();
        // A failing writer is an error, never a half-reported success.
        let failed = s.put_with("x.csv", &mut |_| Err(std::io::Error::other("disk full")));
        assert!(failed.unwrap_err().contains("disk full"));
        assert!(s.put_with("../x.csv", &mut |_| Ok(())).is_err());
        s.commit().unwrap();
        let got = std::fs::read(out.join("exports/r.csv")).unwrap();
        assert_eq!(got.len(), 6 + big.len());
        assert!(got.starts_with(b"head\r\nxxx"));
    }

    #[test]
    fn abandoned_build_leaves_previous_output() {
        let (_d, content, out) = setup();
        let s = Staging::begin(&out, &content).unwrap();
        s.put("index.html", b"old").unwrap();
        s.commit().unwrap();
        let s = Staging::begin(&out, &content).unwrap();
        s.put("index.html", b"new").unwrap();
        let tmp = s.dir().to_path_buf();
        drop(s);
        assert!(!tmp.exists());
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"old");
    }

    #[test]
    fn refuses_foreign_directories_and_content_overlap() {
        let (_d, content, out) = setup();
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("precious.txt"), "keep").unwrap();
        let e = Staging::begin(&out, &content).unwrap_err();
        assert!(e.contains("not written by ismsbook"), "{e}");
        assert_eq!(
            std::fs::read_to_string(out.join("precious.txt")).unwrap(),
            "keep"
        );
        assert!(Staging::begin(&content.join("public"), &content)
            .unwrap_err()
            .contains("inside the content"));
        assert!(Staging::begin(content.parent().unwrap(), &content)
            .unwrap_err()
            .contains("inside the output"));
        assert!(Staging::begin(&content, &content).is_err());
        // Refused before anything is created inside the content.
        assert!(Staging::begin(&content.join("x/public"), &content).is_err());
        assert!(!content.join("x").exists());
        // An empty directory is fine.
        let empty = content.parent().unwrap().join("empty");
        std::fs::create_dir_all(&empty).unwrap();
        Staging::begin(&empty, &content).unwrap().commit().unwrap();
    }

    #[test]
    fn staging_is_marked_from_the_start() {
        let (_d, content, out) = setup();
        let s = Staging::begin(&out, &content).unwrap();
        assert!(s.dir().join(MARKER).is_file());
        s.put("a.html", b"1").unwrap();
        // A path written twice keeps the last bytes.
        s.put("a.html", b"2").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"2");
    }

    #[test]
    fn a_second_build_swaps_and_removes_the_old_site() {
        let (_d, content, out) = setup();
        let s = Staging::begin(&out, &content).unwrap();
        s.put("big/a.html", b"old").unwrap();
        s.put("old-only.html", b"old").unwrap();
        s.commit().unwrap();
        let s = Staging::begin(&out, &content).unwrap();
        let tmp = s.dir().to_path_buf();
        s.put("big/a.html", b"new").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("big/a.html")).unwrap(), b"new");
        assert!(!out.join("old-only.html").exists());
        assert!(!tmp.exists(), "the old site left under the staging name");
    }

    #[cfg(unix)]
    #[test]
    fn a_rebuild_links_the_unchanged_files_and_writes_the_rest() {
        use std::os::unix::fs::MetadataExt;
        let (_d, content, out) = setup();
        let s = Staging::begin(&out, &content).unwrap();
        s.put("a/same.html", b"same").unwrap();
        s.put("changed.html", b"old").unwrap();
        s.commit().unwrap();
        let inode = |p: &str| std::fs::metadata(out.join(p)).unwrap().ino();
        let (same, changed) = (inode("a/same.html"), inode("changed.html"));
        let s = Staging::begin(&out, &content).unwrap();
        s.put("a/same.html", b"same").unwrap();
        s.put("changed.html", b"new").unwrap();
        s.commit().unwrap();
        assert_eq!(inode("a/same.html"), same, "linked, not written again");
        assert_ne!(inode("changed.html"), changed);
        assert_eq!(std::fs::read(out.join("changed.html")).unwrap(), b"new");
        let meta = std::fs::metadata(out.join("a/same.html")).unwrap();
        assert_eq!(meta.nlink(), 1, "the old tree's link is gone");
    }

    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[test]
    fn leftovers_of_killed_builds_are_removed_and_nothing_else() {
        let (_d, content, out) = setup();
        let parent = out.parent().unwrap().to_path_buf();
        let dead = dead_pid();
        let make = |name: &str, marked: bool| {
            let p = parent.join(name);
            std::fs::create_dir_all(p.join("incidents")).unwrap();
            std::fs::write(p.join("incidents/x.html"), "x").unwrap();
            if marked {
                std::fs::write(p.join(MARKER), "").unwrap();
            }
            p
        };
        let stale_tmp = make(&format!(".public.tmp-{dead}"), true);
        let stale_old = make(&format!(".public.old-{dead}-3"), true);
        let running = make(&format!(".public.tmp-{}", std::process::id()), true);
        let unmarked = make(&format!(".public.tmp-{dead}-1"), false);
        let other_site = make(&format!(".other.tmp-{dead}"), true);
        let not_ours = make(&format!(".public.tmp-{dead}x"), true);
        // Killed between creating the directory and writing its marker, or
        // at the end of removing an old site: empty, with our name.
        let empty = parent.join(format!(".public.tmp-{dead}-2"));
        std::fs::create_dir_all(&empty).unwrap();
        let s = Staging::begin(&out, &content).unwrap();
        assert!(!stale_tmp.exists());
        assert!(!stale_old.exists());
        assert!(
            !empty.exists(),
            "an empty leftover with our name is removed"
        );
        for kept in [&running, &unmarked, &other_site, &not_ours] {
            assert!(kept.exists(), "{}", kept.display());
        }
        drop(s);
    }

    #[test]
    fn refuses_paths_that_leave_the_site() {
        let (_d, content, out) = setup();
        let s = Staging::begin(&out, &content).unwrap();
        for bad in ["../x", "/etc/x", "a/../../x", "", "a\\..\\x", "./a"] {
            assert!(s.put(bad, b"x").is_err(), "{bad}");
        }
    }
}
