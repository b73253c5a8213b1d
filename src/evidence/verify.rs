//! `ismsbook verify DIR`: recompute the hash of every file of a built site
//! and compare with its `evidence/manifest.json`. Every file added, missing
//! or changed is reported by name.
//!
//! Not compared with the manifest: the manifest itself, the output marker
//! `.ismsbook-output`, `evidence/SHA256SUMS` with its signature, and the
//! readable index `evidence/index.html` with its further pages
//! (`evidence/sources/<n>.html`, `evidence/outputs/<n>.html`: it shows the
//! manifest's SHA-256, so the manifest cannot list it). When `evidence/SHA256SUMS` is there, every
//! file is compared with it as well (the index and the manifest included),
//! and the index must show the manifest's hash. The manifest's own SHA-256
//! is reported, so an auditor who recorded it at hand-over can tell the
//! manifest was not replaced as well; a signature (`--signature`,
//! [`super::sign`]) shows it without a recorded hash.

use super::manifest::{is_index_page, Manifest, INDEX_PATH, MANIFEST_PATH};
use super::sums::{parse, SIGNATURE_PATH, SUMS_PATH};
use crate::digest::{sha256_file, sha256_hex};
use crate::write::MARKER;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// On disk, not in the manifest.
    Added,
    /// In the manifest, not on disk.
    Missing,
    /// On disk with another size or hash than the manifest says.
    Changed,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Missing => "missing",
            Change::Changed => "changed",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Difference {
    pub path: String,
    pub change: Change,
}

/// The outcome of a verification.
#[derive(Clone, Debug)]
pub struct Verified {
    pub manifest: Manifest,
    pub manifest_sha256: String,
    /// Files on disk that were hashed.
    pub checked: usize,
    /// Sorted by path.
    pub differences: Vec<Difference>,
    /// Files listed in `evidence/SHA256SUMS`, when the site has one.
    pub sums_listed: Option<usize>,
}

impl Verified {
    pub fn ok(&self) -> bool {
        self.differences.is_empty()
    }
}

/// One entry found in the site directory.
enum Found {
    File(std::path::PathBuf),
    /// A symbolic link or special file: never written by a build.
    Other,
}

fn walk(dir: &Path) -> Result<BTreeMap<String, Found>, String> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .min_depth(1)
    {
        let entry = entry.map_err(|e| format!("cannot read `{}`: {e}", dir.display()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).map_err(|e| e.to_string())?;
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if [MARKER, MANIFEST_PATH, SUMS_PATH, SIGNATURE_PATH].contains(&rel.as_str()) {
            continue;
        }
        let found = if entry.file_type().is_file() {
            Found::File(entry.path().to_path_buf())
        } else {
            Found::Other
        };
        out.insert(rel, found);
    }
    Ok(out)
}

/// The site file `rel` (`/`-separated) of the site in `dir`: `None` when
/// there is none, an error when it or a folder on its way is not what a
/// build writes — a symbolic link (whose target may be anywhere outside
/// the site), a FIFO or a device (which would make the reader wait for
/// ever or read without end). A build writes only plain files and folders.
pub(super) fn site_file(dir: &Path, rel: &str) -> Result<Option<PathBuf>, String> {
    let mut path = dir.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        path.push(part);
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read `{}`: {e}", path.display())),
        };
        let sound = if i + 1 == parts.len() {
            meta.file_type().is_file()
        } else {
            meta.file_type().is_dir()
        };
        if !sound {
            let shown = parts[..=i].join("/");
            return Err(format!(
                "`{}` in `{}` is a symbolic link or a special file, not a regular file or folder: a build never writes one, so the site was changed; nothing was read through it",
                crate::chars::shown(&shown),
                dir.display(),
            ));
        }
    }
    Ok(Some(path))
}

/// The first path `paths` holds twice, if any.
fn listed_twice<'a>(paths: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut seen = std::collections::HashSet::new();
    paths.into_iter().find(|p| !seen.insert(*p))
}

/// Verify the site in `dir` against its manifest.
pub fn verify(dir: &Path) -> Result<Verified, String> {
    if !dir.is_dir() {
        return Err(format!("`{}` is not a directory", dir.display()));
    }
    let manifest_path = site_file(dir, MANIFEST_PATH)?.ok_or_else(|| {
        format!(
            "cannot read `{}`: there is no such file",
            dir.join(MANIFEST_PATH).display()
        )
    })?;
    let bytes = std::fs::read(&manifest_path)
        .map_err(|e| format!("cannot read `{}`: {e}", manifest_path.display()))?;
    let manifest =
        Manifest::from_bytes(&bytes).map_err(|e| format!("`{}`: {e}", manifest_path.display()))?;
    // Two entries for one file: which of them is compared must not decide
    // the outcome.
    if let Some(twice) = listed_twice(manifest.files.iter().map(|f| f.path.as_str())) {
        return Err(format!(
            "`{}`: `{}` is listed twice",
            manifest_path.display(),
            crate::chars::shown(twice)
        ));
    }
    let expected: BTreeMap<&str, (u64, &str)> = manifest
        .files
        .iter()
        .map(|f| (f.path.as_str(), (f.size, f.sha256.as_str())))
        .collect();
    let found = walk(dir)?;
    // The index shows the manifest's hash: a manifest that lists it is an
    // older one; otherwise the index is checked against SHA256SUMS.
    let index_outside = !expected.contains_key(INDEX_PATH);

    let on_disk: Vec<(&String, &Found)> = found.iter().collect();
    let mut differences: Vec<Difference> = on_disk
        .par_iter()
        .filter_map(|(rel, f)| {
            let change = match (expected.get(rel.as_str()), f) {
                (None, _) if index_outside && is_index_page(rel) => None,
                (None, _) => Some(Change::Added),
                (Some(_), Found::Other) => Some(Change::Changed),
                (Some((size, sha)), Found::File(path)) => {
                    let same = std::fs::metadata(path).is_ok_and(|m| m.len() == *size)
                        && sha256_file(path).is_ok_and(|h| h == *sha);
                    (!same).then_some(Change::Changed)
                }
            };
            change.map(|change| Difference {
                path: rel.to_string(),
                change,
            })
        })
        .collect();
    differences.extend(
        expected
            .keys()
            .filter(|p| !found.contains_key(**p))
            .map(|p| Difference {
                path: p.to_string(),
                change: Change::Missing,
            }),
    );
    let manifest_sha256 = sha256_hex(&bytes);
    let sums_listed = check_sums(dir, &found, &manifest_sha256, &mut differences)?;
    if index_outside {
        if let Some(Found::File(path)) = found.get(INDEX_PATH) {
            let shows = std::fs::read_to_string(path).is_ok_and(|t| t.contains(&manifest_sha256));
            if !shows {
                differences.push(Difference {
                    path: INDEX_PATH.to_string(),
                    change: Change::Changed,
                });
            }
        }
    }
    differences.sort();
    differences.dedup();
    Ok(Verified {
        checked: found.len(),
        manifest_sha256,
        manifest,
        differences,
        sums_listed,
    })
}

/// Compare every file with `evidence/SHA256SUMS`, when the site has one;
/// returns how many files it lists.
fn check_sums(
    dir: &Path,
    found: &BTreeMap<String, Found>,
    manifest_sha256: &str,
    differences: &mut Vec<Difference>,
) -> Result<Option<usize>, String> {
    let Some(path) = site_file(dir, SUMS_PATH)? else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let pairs = parse(&text).map_err(|e| format!("`{}`: {e}", path.display()))?;
    if let Some(twice) = listed_twice(pairs.iter().map(|(p, _)| p.as_str())) {
        return Err(format!(
            "`{}`: `{}` is listed twice",
            path.display(),
            crate::chars::shown(twice)
        ));
    }
    let listed: BTreeMap<String, String> = pairs.into_iter().collect();
    let diff = |path: &str, change| Difference {
        path: path.to_string(),
        change,
    };
    let found_diffs: Vec<Difference> = found
        .par_iter()
        .filter_map(|(rel, f)| match (listed.get(rel), f) {
            (None, _) => Some(diff(rel, Change::Added)),
            (Some(_), Found::Other) => Some(diff(rel, Change::Changed)),
            (Some(sha), Found::File(p)) => {
                (!sha256_file(p).is_ok_and(|h| &h == sha)).then(|| diff(rel, Change::Changed))
            }
        })
        .collect();
    differences.extend(found_diffs);
    for (rel, sha) in &listed {
        if rel == MANIFEST_PATH {
            if sha != manifest_sha256 {
                differences.push(diff(rel, Change::Changed));
            }
        } else if !found.contains_key(rel) {
            differences.push(diff(rel, Change::Missing));
        }
    }
    Ok(Some(listed.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::manifest::{FileHash, FORMAT};

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("evidence")).unwrap();
        std::fs::write(dir.path().join("index.html"), "hello").unwrap();
        std::fs::write(dir.path().join("gone.html"), "bye").unwrap();
        std::fs::write(dir.path().join(MARKER), "marker").unwrap();
        let files = ["gone.html", "index.html"]
            .iter()
            .map(|p| {
                let b = std::fs::read(dir.path().join(p)).unwrap();
                FileHash {
                    path: p.to_string(),
                    size: b.len() as u64,
                    sha256: sha256_hex(&b),
                }
            })
            .collect();
        let m = Manifest {
            format: FORMAT.into(),
            generator: "ismsbook".into(),
            version: "0".into(),
            build_date: "2026-11-22".into(),
            audience: "auditor".into(),
            source_control: None,
            sources: vec![],
            files,
        };
        std::fs::write(dir.path().join(MANIFEST_PATH), m.to_bytes()).unwrap();
        dir
    }

    #[test]
    fn a_fresh_site_verifies() {
        let dir = site();
        let v = verify(dir.path()).unwrap();
        assert!(v.ok(), "{:?}", v.differences);
        assert_eq!(v.checked, 2);
    }

    #[test]
    fn names_every_added_missing_and_changed_file() {
        let dir = site();
        std::fs::write(dir.path().join("index.html"), "hellO").unwrap();
        std::fs::remove_file(dir.path().join("gone.html")).unwrap();
        std::fs::write(dir.path().join("new.js"), "x").unwrap();
        let v = verify(dir.path()).unwrap();
        let got: Vec<(&str, Change)> = v
            .differences
            .iter()
            .map(|d| (d.path.as_str(), d.change))
            .collect();
        assert_eq!(
            got,
            [
                ("gone.html", Change::Missing),
                ("index.html", Change::Changed),
                ("new.js", Change::Added)
            ]
        );
    }

    #[test]
    fn without_a_manifest_it_says_why() {
        let dir = tempfile::tempdir().unwrap();
        assert!(verify(dir.path()).unwrap_err().contains("manifest.json"));
    }
}
