//! Auditor evidence (ISO/IEC 27001 A.5.28): every build proves what it was
//! made from and what it wrote.
//!
//! - [`git`]: the content's commit, whether it was dirty, and the history of
//!   every record file (two `git` invocations per build);
//! - [`copy`]: evidence files copied next to their record with size and
//!   SHA-256;
//! - [`manifest`]: `evidence/manifest.json` with the SHA-256 of every source
//!   and output file, hashed as the files are written;
//! - [`verify`]: `ismsbook verify DIR`.
//!
//! The build calls [`Provenance::start`] before loading (git runs while the
//! content is read and checked), [`prepare`] before the pages are rendered
//! (evidence copies, which the record pages show) and [`finish`] after every
//! other file is written (exports, `evidence/index.html`, the manifest). All
//! of it works on the audience's redacted model, so nothing the audience may
//! not see is copied, listed or hashed under its name.

pub mod copy;
pub mod git;
pub mod manifest;
pub mod verify;

use crate::model::Incident;
use crate::render::audience::Presence;
use crate::render::{Env, RenderError, Sink};
use manifest::{FileHash, Manifest, Recorder, SourceControl, FORMAT, INDEX_PATH, MANIFEST_PATH};
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

/// Records shown in full to this build's audience.
pub fn full_records<'a>(env: &Env<'a>) -> Vec<&'a Incident> {
    env.incidents
        .iter()
        .filter(|(_, p)| *p == Presence::Full)
        .map(|(i, _)| *i)
        .collect()
}

/// Before the pages: copy the evidence of every record published in full.
pub fn prepare(
    env: &Env,
    provenance: Option<Arc<Provenance>>,
    sink: &dyn Sink,
) -> Result<Audit, RenderError> {
    let provenance = provenance.unwrap_or_default();
    let evidence = match (&provenance.root, env.view.shows("evidence")) {
        (Some(root), true) => {
            copy::copy_all(root, &full_records(env), sink).map_err(RenderError::Io)?
        }
        _ => BTreeMap::new(),
    };
    Ok(Audit {
        provenance,
        evidence,
    })
}

/// The source files of this build: content files read (as the audience may
/// know them) and evidence files copied.
fn sources(env: &Env) -> Result<Vec<FileHash>, RenderError> {
    let Some(root) = env.audit.provenance.root.as_deref() else {
        return Ok(Vec::new());
    };
    let mut by_path: BTreeMap<String, FileHash> =
        manifest::hash_sources(root, &env.content.sources)
            .map_err(RenderError::Io)?
            .into_iter()
            .map(|f| (f.path.clone(), f))
            .collect();
    for c in env.audit.evidence.values().flatten() {
        by_path.entry(c.source.clone()).or_insert_with(|| FileHash {
            path: c.source.clone(),
            size: c.size,
            sha256: c.sha256.clone(),
        });
    }
    Ok(by_path.into_values().collect())
}

/// After every other file: the exports, `evidence/index.html` and the
/// manifest (which lists everything, the index included, but not itself).
pub fn finish(env: &Env, recorder: &Recorder) -> Result<(), RenderError> {
    let put = |path: &str, bytes: &[u8]| recorder.put(path, bytes).map_err(RenderError::Io);
    let ((incidents_csv, drills_csv), (json, sources)) = rayon::join(
        || {
            (
                crate::export::csv::incidents(env),
                crate::export::csv::drills(env),
            )
        },
        || (crate::export::json::register(env), sources(env)),
    );
    put(crate::export::csv::INCIDENTS_PATH, &incidents_csv)?;
    put(crate::export::csv::DRILLS_PATH, &drills_csv)?;
    put(crate::export::json::PATH, &json)?;
    let mut manifest = Manifest {
        format: FORMAT.to_string(),
        generator: "ismsbook".to_string(),
        version: crate::render::VERSION.to_string(),
        build_date: env.today.format("%Y-%m-%d").to_string(),
        audience: env.view.audience.clone(),
        source_control: env.audit.git().map(|r| SourceControl {
            vcs: "git".into(),
            commit: r.commit.clone(),
            dirty: r.dirty,
        }),
        sources: sources?,
        files: recorder.snapshot(),
    };
    let index = crate::render::pages::evidence::render_index(env, &manifest)?;
    put(INDEX_PATH, index.html.as_bytes())?;
    manifest.files = recorder.snapshot();
    recorder
        .inner()
        .put(MANIFEST_PATH, &manifest.to_bytes())
        .map_err(RenderError::Io)
}
