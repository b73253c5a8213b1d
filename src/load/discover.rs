//! Finding the content directory when none is named, the way mdBook and
//! Zola find their configuration: the working directory or the nearest
//! parent that holds `site.yaml`, or a `content/` folder holding one.

use std::path::{Path, PathBuf};

/// Where the content directory was found, relative to the working
/// directory, and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The directory as commands should name it (`.`, `content`, `..`,
    /// `../content`, …).
    pub dir: PathBuf,
    /// How many levels above the working directory it lies (0: here).
    pub up: usize,
}

/// How far up the search goes (a content directory is never deep).
const MAX_UP: usize = 8;

/// The content directory for a run started in `cwd`: at each level from
/// `cwd` up, the level itself when it holds `site.yaml`, else its
/// `content/` when that holds one. `None` when no level does.
pub fn discover(cwd: &Path) -> Option<Found> {
    let mut at = cwd.to_path_buf();
    for up in 0..=MAX_UP {
        let prefix: PathBuf = if up == 0 {
            PathBuf::from(".")
        } else {
            (0..up).map(|_| "..").collect()
        };
        if at.join("site.yaml").is_file() {
            return Some(Found { dir: prefix, up });
        }
        if at.join("content").join("site.yaml").is_file() {
            let dir = if up == 0 {
                PathBuf::from("content")
            } else {
                prefix.join("content")
            };
            return Some(Found { dir, up });
        }
        if !at.pop() {
            break;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_here_a_content_child_or_a_parent() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        std::fs::create_dir_all(root.join("content/incidents/2026")).unwrap();
        std::fs::write(root.join("content/site.yaml"), "title: x\n").unwrap();
        let at = |p: &str| discover(&root.join(p)).map(|f| f.dir);
        assert_eq!(at(""), Some(PathBuf::from("content")));
        assert_eq!(at("content"), Some(PathBuf::from(".")));
        assert_eq!(at("content/incidents/2026"), Some(PathBuf::from("../..")));
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(discover(empty.path()), None);
    }
}
