//! Publishing a finished site tree to `--out` as atomically as a build does
//! (`serve --out`): the tree is linked (or, across file systems, copied)
//! into a fresh staging directory beside `--out`, which is then swapped in.
//! Readers of `--out` see the previous publication or the new one, never a
//! mixture, whatever moment the process is killed at.
//!
//! Hard links are safe here because the source tree is never modified in
//! place: every writer replaces a file by creating a new one and renaming it
//! over the old, so a published file keeps its bytes.

use super::staging::Staging;
use super::MARKER;
use std::path::{Path, PathBuf};

/// Publish the site in `from` to `out` (checked like `build --out` against
/// `content`). Returns the output's absolute path.
pub fn publish(from: &Path, out: &Path, content: &Path) -> Result<PathBuf, String> {
    let staging = Staging::begin(out, content)?;
    link_tree(from, staging.dir(), Path::new(""))?;
    staging.commit()
}

fn link_tree(from: &Path, to: &Path, rel: &Path) -> Result<(), String> {
    let dir = from.join(rel);
    let entries =
        std::fs::read_dir(&dir).map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?;
        let name = entry.file_name();
        if rel.as_os_str().is_empty() && name == MARKER {
            continue; // the staging directory has its own
        }
        let rel = rel.join(&name);
        let kind = entry
            .file_type()
            .map_err(|e| format!("cannot read `{}`: {e}", entry.path().display()))?;
        let target = to.join(&rel);
        if kind.is_dir() {
            std::fs::create_dir(&target)
                .map_err(|e| format!("cannot create `{}`: {e}", target.display()))?;
            link_tree(from, to, &rel)?;
        } else if kind.is_file() {
            std::fs::hard_link(entry.path(), &target)
                .or_else(|_| std::fs::copy(entry.path(), &target).map(|_| ()))
                .map_err(|e| format!("cannot publish `{}`: {e}", target.display()))?;
        }
        // Anything else (a link someone put there) is not published.
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publishes_a_tree_and_replaces_the_previous_publication_whole() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let site = dir.path().join("preview");
        let out = dir.path().join("public");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::create_dir_all(site.join("incidents")).unwrap();
        std::fs::write(site.join(MARKER), "x").unwrap();
        std::fs::write(site.join("index.html"), "one").unwrap();
        std::fs::write(site.join("incidents/a.html"), "a").unwrap();
        publish(&site, &out, &content).unwrap();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"one");
        assert_eq!(std::fs::read(out.join("incidents/a.html")).unwrap(), b"a");
        assert!(out.join(MARKER).is_file());

        // The preview changes by replacement (as every writer does): the
        // publication keeps its bytes until the next publish.
        std::fs::write(site.join("index.tmp"), "two").unwrap();
        std::fs::rename(site.join("index.tmp"), site.join("index.html")).unwrap();
        std::fs::remove_file(site.join("incidents/a.html")).unwrap();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"one");
        publish(&site, &out, &content).unwrap();
        assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"two");
        assert!(!out.join("incidents/a.html").exists());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), 3, "no staging left behind: {names:?}");
    }

    #[test]
    fn refuses_what_build_refuses() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let site = dir.path().join("preview");
        std::fs::create_dir_all(&content).unwrap();
        std::fs::create_dir_all(&site).unwrap();
        let foreign = dir.path().join("etc");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("passwd"), "root").unwrap();
        assert!(publish(&site, &foreign, &content).is_err());
        assert!(publish(&site, &content.join("out"), &content).is_err());
        assert_eq!(std::fs::read(foreign.join("passwd")).unwrap(), b"root");
    }
}
