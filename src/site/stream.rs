//! The streamed build (`ismsbook build`): the register is read a second
//! time in the order it is published, a chunk of records at a time; each
//! record is redacted for the audience on its own, its page written and its
//! search document made on the worker that read it, its export rows
//! appended to the exports' spools, and then it is reduced to the summary
//! the register-wide pages read ([`crate::model::slim`]). Only those
//! summaries stay: the register's full text is never in memory whole.
//! The register-wide pages, the exports and the evidence index are then
//! made from the summaries, as [`super::render`] makes them from the whole
//! model, to the same bytes (`tests/stream_site.rs`).
//!
//! What this needs of the first pass (`validate::load_and_check`): the
//! content but the records, and each record's register entry, which gives
//! the publication order (detection order, without the records this
//! audience may not know of), the files to read, and the names the guard
//! looks for.

use super::guard::Guard;
use super::jobs::{self, Job};
use super::render::{audience_of, run_job, write_assets, write_evidence, IndexInput};
use super::RenderStats;
use crate::diagnostics::Diagnostics;
use crate::evidence::Audit;
use crate::export::spool::{Parts, Spooled, Spools};
use crate::model::{Content, Incident};
use crate::present::theme::Theme;
use crate::present::view::{Presence, View};
use crate::present::{Env, RenderError, RenderOptions};
use crate::render::pages::incident;
use crate::search::{IndexBuilder, PreparedDoc, SearchDoc};
use crate::write::{Recorder, Sink};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Records read, rendered and reduced together: enough to keep both cores
/// busy, few enough that their full text stays small.
const CHUNK: usize = 512;

/// Why a streamed render stopped.
#[derive(Debug)]
pub enum StreamError {
    Render(RenderError),
    /// A record file no longer reads as it did in the first pass (changed
    /// during the build): its diagnostics; nothing is published.
    Changed(Diagnostics),
}

impl From<RenderError> for StreamError {
    fn from(e: RenderError) -> StreamError {
        StreamError::Render(e)
    }
}

/// Whether the streamed build can render this audience's site: the case
/// book (its booklet holds every case's full text in one page) is rendered
/// from the whole model.
pub fn streams(content: &Content, opts: &RenderOptions) -> bool {
    View::new(&content.policy, opts.audience.as_deref()).is_ok_and(|v| !v.is_case_book())
}

/// Render the audience's site into `sink` from the first pass's `entries`
/// (the content, each record reduced to its register entry), reading every
/// published record again from `root`.
pub fn render_streamed(
    entries: Content,
    root: &Path,
    theme: &Theme,
    opts: &RenderOptions,
    sink: &dyn Sink,
) -> Result<RenderStats, StreamError> {
    let audience = audience_of(&entries.policy, opts)?;
    let view =
        View::new(&entries.policy, opts.audience.as_deref()).map_err(RenderError::Options)?;
    // The names to guard against are the unredacted register's: the entries
    // keep every person a record names.
    let guard = audience
        .hides_people()
        .then(|| Guard::new(sink, crate::analysis::names::Register::of(&entries)))
        .filter(|g| !g.is_idle());
    let sink: &dyn Sink = match &guard {
        Some(g) => g,
        None => sink,
    };
    let recorder = Recorder::new(sink);
    let redactor = crate::redact::Redactor::new(&entries, &audience);
    let published: Vec<String> = entries
        .incidents
        .iter()
        .filter(|i| view.presence(i) != Presence::Omitted)
        .map(|i| i.file.clone())
        .collect();
    let mut base = redactor.rest(entries);
    let provenance = opts.provenance.clone().unwrap_or_default();
    let sources = base.sources.clone();
    // The content files are hashed beside the stream.
    let (hashed, streamed) = rayon::join(
        || match provenance.root.as_deref() {
            Some(r) => crate::evidence::manifest::hash_sources(r, &sources),
            None => Ok(Vec::new()),
        },
        || {
            let mut stream = Stream {
                root,
                tz: base.site.timezone,
                theme,
                opts,
                recorder: &recorder,
                redactor: &redactor,
                provenance: provenance.clone(),
                evidence: BTreeMap::new(),
                index: IndexBuilder::new(),
                kept: Vec::with_capacity(published.len()),
                spools: Spools::new().map_err(RenderError::Io)?,
            };
            stream.all(&mut base, &published)?;
            Ok::<_, StreamError>(stream)
        },
    );
    let stream = streamed?;
    let hashed = hashed.map_err(RenderError::Io)?;
    let spooled = stream.spools.finish().map_err(RenderError::Io)?;
    base.incidents = stream.kept;
    let mut env = Env::new(&base, theme, opts)?;
    env.audit = Audit {
        provenance,
        sources: crate::evidence::sources(hashed, &stream.evidence),
        evidence: stream.evidence,
    };
    let all_jobs: Vec<Job> = jobs::all(&env)
        .into_iter()
        .filter(|j| jobs::record(*j).is_none())
        .collect();
    // The other pages' documents are numbered after the record pages', in
    // job order (as `super::render` numbers them).
    let mut index = stream.index;
    let rest: Vec<PreparedDoc> = render_rest(&env, &all_jobs, &spooled, &recorder)?
        .into_par_iter()
        .map(PreparedDoc::new)
        .collect();
    for doc in rest {
        put_all(&recorder, index.add_prepared(doc))?;
    }
    write_assets(&env, theme, IndexInput::Built(index), &recorder)?;
    let index_pages = write_evidence(&env, &recorder)?;
    if let Some(g) = &guard {
        g.finish().map_err(RenderError::Leak)?;
    }
    Ok(RenderStats {
        pages: all_jobs.iter().filter(|j| jobs::is_page(**j)).count()
            + env.incidents.len()
            + index_pages,
        records: env.incidents.len(),
        files: recorder.len() + 2,
    })
}

/// The streaming part: what it carries from chunk to chunk.
struct Stream<'s> {
    root: &'s Path,
    tz: chrono::FixedOffset,
    theme: &'s Theme,
    opts: &'s RenderOptions,
    recorder: &'s Recorder<'s>,
    redactor: &'s crate::redact::Redactor,
    provenance: std::sync::Arc<crate::evidence::Provenance>,
    /// Evidence copied, by record id.
    evidence: BTreeMap<String, Vec<crate::evidence::copy::Copied>>,
    /// The search index, given the record pages' documents in publication
    /// order as they are made (only their terms stay; their text leaves in
    /// document shards as those fill).
    index: IndexBuilder,
    /// Each record's summary, in publication order.
    kept: Vec<Incident>,
    spools: Spools,
}

impl Stream<'_> {
    /// Every record of `published` (files, in publication order), a chunk
    /// at a time, rendered in an environment over `base` (the content
    /// without records) holding the chunk and its two neighbours.
    fn all(&mut self, base: &mut Content, published: &[String]) -> Result<(), StreamError> {
        let n = published.len();
        let mut start = 0;
        while start < n {
            let end = (start + CHUNK).min(n);
            // The record before and the one after the chunk: their pages
            // link to them by title.
            let lo = start.saturating_sub(1);
            let hi = (end + 1).min(n);
            base.incidents = self.read(&published[lo..hi])?;
            self.chunk(base, start - lo, end - lo, start == 0)?;
            let mut read = std::mem::take(&mut base.incidents);
            self.kept.extend(
                read.drain(start - lo..end - lo)
                    .map(crate::model::slim::record),
            );
            start = end;
        }
        Ok(())
    }

    /// The records of `files`, read and redacted in parallel.
    fn read(&self, files: &[String]) -> Result<Vec<Incident>, StreamError> {
        let tz = self.tz;
        files
            .par_iter()
            .map(|rel| {
                let (inc, diags) = crate::load::reload_record(self.root, rel, tz);
                let errors: Diagnostics = diags.into_iter().filter(|d| d.is_error()).collect();
                if errors.has_errors() {
                    return Err(StreamError::Changed(errors.sorted()));
                }
                inc.and_then(|i| self.redactor.record(&i)).ok_or_else(|| {
                    StreamError::Render(RenderError::Io(format!(
                        "{rel} changed during the build; nothing was published"
                    )))
                })
            })
            .collect()
    }

    /// Render records `from..to` of `base.incidents` (the others are their
    /// neighbours): pages, evidence copies, search documents, export rows.
    fn chunk(
        &mut self,
        base: &Content,
        from: usize,
        to: usize,
        first: bool,
    ) -> Result<(), StreamError> {
        let mut env = Env::new(base, self.theme, self.opts)?;
        if env.incidents.len() != base.incidents.len() {
            return Err(RenderError::Io("a record changed during the build".into()).into());
        }
        let full: Vec<&Incident> = env.incidents[from..to]
            .iter()
            .filter(|(_, p)| *p == Presence::Full)
            .map(|(i, _)| *i)
            .collect();
        let copied = match (self.provenance.root.as_deref(), env.view.shows("evidence")) {
            (Some(root), true) => crate::evidence::copy::copy_all(root, &full, self.recorder)
                .map_err(RenderError::Io)?,
            _ => BTreeMap::new(),
        };
        env.audit = Audit {
            provenance: self.provenance.clone(),
            evidence: copied,
            sources: Vec::new(),
        };
        let recorder = self.recorder;
        let done: Vec<(Vec<PreparedDoc>, Parts)> = (from..to)
            .into_par_iter()
            .map(|k| {
                let page = incident::render(&env, k)?;
                recorder
                    .put(&page.path, page.html.as_bytes())
                    .map_err(RenderError::Io)?;
                let parts = Spools::parts(&env, k, first && k == from)
                    .map_err(|e| RenderError::Io(format!("an export: {e}")))?;
                let docs = crate::render::documents::record::document(&env, k)
                    .into_iter()
                    .map(PreparedDoc::new)
                    .collect();
                Ok((docs, parts))
            })
            .collect::<Result<_, RenderError>>()?;
        let (docs, parts): (Vec<_>, Vec<_>) = done.into_iter().unzip();
        for doc in docs.into_iter().flatten() {
            put_all(self.recorder, self.index.add_prepared(doc))?;
        }
        self.spools.append(parts).map_err(RenderError::Io)?;
        self.evidence.append(&mut env.audit.evidence);
        Ok(())
    }
}

/// Write the files the index builder finished.
fn put_all(recorder: &Recorder, files: Vec<(String, Vec<u8>)>) -> Result<(), RenderError> {
    files
        .iter()
        .try_for_each(|(path, bytes)| recorder.put(path, bytes))
        .map_err(RenderError::Io)
}

/// Every job but the record pages, in parallel, with the exports' spooled
/// rows; the search documents in job order.
fn render_rest(
    env: &Env,
    all_jobs: &[Job],
    spools: &Spooled,
    recorder: &Recorder,
) -> Result<Vec<SearchDoc>, RenderError> {
    let docs: Vec<Vec<SearchDoc>> = all_jobs
        .par_iter()
        .map(|&job| {
            run_job(env, job, recorder, &|export, out| {
                spools.write(export, env, out)
            })
        })
        .collect::<Result<_, RenderError>>()?;
    Ok(docs.into_iter().flatten().collect())
}
