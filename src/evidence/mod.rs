//! Auditor evidence (ISO/IEC 27001 A.5.28): every build proves what it was
//! made from and what it wrote.
//!
//! - [`git`]: the content's commit, whether it was dirty, and the history of
//!   every record file (two `git` invocations per build);
//! - [`copy`]: evidence files copied next to their record with size and
//!   SHA-256;
//! - [`manifest`]: `evidence/manifest.json` with the SHA-256 of every source
//!   and output file, hashed as the files are written;
//! - [`sums`]: `evidence/SHA256SUMS`, the same hashes for `sha256sum -c`;
//! - [`sign`]: an SSH signature of that list (`ssh-keygen -Y sign`) and its check;
//! - [`verify`]: `ismsbook verify DIR [--signature]`.
//!
//! The build (`crate::site`) calls [`Provenance::start`] before loading (git
//! runs while the content is read and checked), [`prepare`] before the pages
//! are rendered (evidence copies, which the record pages show, and the
//! hashes of the source files), and [`manifest`], [`put_manifest`] and [`write_sums`] after
//! every other file is written (the readable index, `evidence/index.html`,
//! is a page of `crate::render` written in between). All of it works on the
//! audience's redacted model, so nothing the audience may not see is copied,
//! listed or hashed under its name. Nothing here renders HTML.

pub mod approval;
pub mod copy;
pub mod git;
pub mod manifest;
pub mod sign;
pub mod sums;
pub mod verify;

use crate::model::Incident;
use crate::write::Recorder;
use manifest::{FileHash, Manifest, SourceControl, FORMAT, MANIFEST_PATH};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the content came from, gathered before rendering.
#[derive(Debug, Default)]
pub struct Provenance {
    /// The content directory; `None` when rendering from memory (no copies,
    /// no source hashes).
    pub root: Option<PathBuf>,
    pub git: git::Git,
}

/// A [`Provenance`] being gathered on another thread.
pub struct Pending {
    root: PathBuf,
    handle: std::thread::JoinHandle<git::Git>,
}

impl Provenance {
    /// Gather it now.
    pub fn collect(root: &Path) -> Provenance {
        Provenance {
            root: Some(root.to_path_buf()),
            git: git::Git::read(root),
        }
    }

    /// Start reading git in the background; [`Pending::wait`] when needed.
    pub fn start(root: &Path) -> Pending {
        let dir = root.to_path_buf();
        Pending {
            root: root.to_path_buf(),
            handle: std::thread::spawn(move || git::Git::read(&dir)),
        }
    }
}

impl Pending {
    pub fn wait(self) -> Provenance {
        // A panic in the reader (there is no unwrap in it) degrades to "not in git".
        let git = self.handle.join().unwrap_or_default();
        Provenance {
            root: Some(self.root),
            git,
        }
    }
}

/// What the audit pages need, prepared once per build from the redacted model.
#[derive(Debug, Default)]
pub struct Audit {
    pub provenance: Arc<Provenance>,
    /// Evidence files published for each record, by record id.
    pub evidence: BTreeMap<String, Vec<copy::Copied>>,
    /// Hashes of the source files (content read, evidence copied), sorted.
    pub sources: Vec<FileHash>,
}

impl Audit {
    pub fn git(&self) -> Option<&git::Repository> {
        self.provenance.git.repository()
    }

    /// Evidence files of the record `id`.
    pub fn evidence_of(&self, id: &str) -> &[copy::Copied] {
        self.evidence.get(id).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Before the pages: copy the evidence of `records` (those published in
/// full, whose pages show it) unless the audience may not see evidence, and
/// hash the content files `sources` (those this audience may know of), side
/// by side.
pub fn prepare(
    records: &[&Incident],
    copy_evidence: bool,
    content_sources: &[String],
    provenance: Option<Arc<Provenance>>,
    sink: &Recorder<'_>,
) -> Result<Audit, String> {
    let provenance = provenance.unwrap_or_default();
    let root = provenance.root.as_deref();
    let (evidence, hashed) = rayon::join(
        || match (root, copy_evidence) {
            (Some(root), true) => copy::copy_all(root, records, sink),
            _ => Ok(BTreeMap::new()),
        },
        || match root {
            Some(root) => manifest::hash_sources(root, content_sources),
            None => Ok(Vec::new()),
        },
    );
    let evidence = evidence?;
    let sources = sources(hashed?, &evidence);
    Ok(Audit {
        provenance,
        evidence,
        sources,
    })
}

/// After `changed` content files (relative paths; changed, added or
/// removed) were loaded again and the evidence of the records rendered again
/// copied again: the source list of the build, with the files among
/// `sources` (the content files this audience may know of) that changed
/// hashed anew, every other content file's hash kept, and the evidence files
/// of every published record.
pub fn refresh_sources(
    audit: &mut Audit,
    sources: &[String],
    changed: &std::collections::BTreeSet<String>,
) -> Result<(), String> {
    let known: std::collections::HashSet<&str> = sources.iter().map(String::as_str).collect();
    let kept: Vec<FileHash> = std::mem::take(&mut audit.sources)
        .into_iter()
        .filter(|f| known.contains(f.path.as_str()) && !changed.contains(&f.path))
        .collect();
    let again = match &audit.provenance.root {
        Some(root) => {
            let again: Vec<String> = sources
                .iter()
                .filter(|s| changed.contains(*s))
                .cloned()
                .collect();
            manifest::hash_sources(root, &again)?
        }
        None => Vec::new(),
    };
    audit.sources = self::sources(kept.into_iter().chain(again).collect(), &audit.evidence);
    Ok(())
}

/// The source files of this build, sorted: the content files read (those
/// this audience may know of) and the evidence files copied.
pub fn sources(
    hashed: Vec<FileHash>,
    evidence: &BTreeMap<String, Vec<copy::Copied>>,
) -> Vec<FileHash> {
    let mut by_path: BTreeMap<String, FileHash> =
        hashed.into_iter().map(|f| (f.path.clone(), f)).collect();
    for c in evidence.values().flatten() {
        by_path.entry(c.source.clone()).or_insert_with(|| FileHash {
            path: c.source.clone(),
            size: c.size,
            sha256: c.sha256.clone(),
        });
    }
    by_path.into_values().collect()
}

/// The manifest of a build: made after every other file but the readable
/// index (`evidence/index.html`) was written through `recorder`.
pub fn manifest(
    audience: &str,
    today: chrono::NaiveDate,
    audit: &Audit,
    recorder: &Recorder,
) -> Manifest {
    Manifest {
        format: FORMAT.to_string(),
        generator: "ismsbook".to_string(),
        version: crate::VERSION.to_string(),
        build_date: today.format("%Y-%m-%d").to_string(),
        audience: audience.to_string(),
        source_control: audit.git().map(|r| SourceControl {
            vcs: "git".into(),
            commit: r.commit.clone(),
            dirty: r.dirty,
        }),
        sources: audit.sources.clone(),
        files: recorder.snapshot(),
    }
}

/// The manifest's bytes (as [`manifest`] made it), written before the
/// readable index, which shows the manifest's SHA-256.
pub fn put_manifest(manifest: &[u8], recorder: &Recorder) -> Result<(), String> {
    recorder.inner().put(MANIFEST_PATH, manifest)
}

/// Last of all: `evidence/SHA256SUMS` of every file written, the manifest
/// and the index included ([`sums::sums_of`]), made from the recorder's
/// own map (borrowed: no path copied, no hash written out but into the
/// list).
pub fn write_sums(manifest: &[u8], recorder: &Recorder) -> Result<(), String> {
    let list = recorder
        .with_files(|files| sums::sums_of(files, MANIFEST_PATH, manifest))
        .unwrap_or_else(|| sums::sums(&[], MANIFEST_PATH, manifest));
    recorder.inner().put(sums::SUMS_PATH, &list)
}
