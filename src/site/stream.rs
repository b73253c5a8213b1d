//! The streamed build (`ismsbook build`): the register is read a second
//! time in the order it is published, a chunk of records at a time; each
//! record is redacted for the audience on its own, its page written and its
//! search document made on the worker that read it, its export rows
//! appended to the exports' spools, and only its summary
//! ([`crate::model::summary`]), what the register-wide pages read, is kept. Only those
//! summaries stay: the register's full text is never in memory whole.
//! The register-wide pages, the exports and the evidence index are then
//! made from the summaries, as [`super::render`] makes them from the whole
//! model, to the same bytes (`tests/stream_site.rs`).
//!
//! What must happen in publication order (each record page's search
//! document added to the index, each record's export parts appended to
//! the spools) is done for one chunk while the next is read and rendered,
//! so neither core waits for it; and after the stream the exports (the
//! workbook first, one thread's work) run beside the register-wide pages
//! and the search index.
//!
//! What this needs of the first pass (`validate::load_and_check`): the
//! content but the records, and each record's register entry, which gives
//! the publication order (detection order, without the records this
//! audience may not know of), the files to read, and the names the guard
//! looks for.

use super::guard::Guard;
use super::jobs::{self, Job};
use super::render::{audience_of, run_job, write_assets, write_evidence_with, IndexInput};
use super::RenderStats;
use crate::diagnostics::Diagnostics;
use crate::evidence::Audit;
use crate::export::spool::{Parts, Spooled, Spools};
use crate::model::summary::Summary;
use crate::model::{Content, Incident};
use crate::present::theme::Theme;
use crate::present::view::{Presence, View};
use crate::present::{Env, RenderError, RenderOptions, Strings};
use crate::render::pages::incident;
use crate::search::{IndexBuilder, IndexFile, PreparedDoc, SearchDoc};
use crate::write::{Recorder, Sink};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Records read, rendered and reduced together: enough to keep both cores
/// busy, few enough that their full text stays small.
const CHUNK: usize = 512;

/// Chunks between two hand-backs of freed memory in the stream
/// ([`super::trim`]): a few milliseconds each.
const TRIM_EVERY: usize = 20;

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
    let register = audience
        .hides_people()
        .then(|| crate::analysis::names::Register::of(&entries));
    // What is made of the entries, made before they go: the audience's copy
    // of the rest of the content drops them.
    let strings = Strings::new(&entries, theme);
    let redactor = crate::redact::Redactor::new(&entries, &audience);
    let mut published: Vec<(String, Option<u64>)> = entries
        .incidents
        .iter()
        .filter(|i| view.presence(i.visibility) != Presence::Omitted)
        .map(|i| (i.file.clone(), i.read_as))
        .collect();
    let mut base = redactor.rest(entries);
    let strings = strings?;
    // What the check pass held (every record's register entry) and freed is
    // handed back before the guard's matchers and the templates are made:
    // made beside the entries, their building memory came on top of the
    // check pass's (the build's peak at 100,000 records, session 20).
    crate::trace::mark("stream: entries dropped");
    super::trim::trim();
    crate::trace::mark("stream: entries dropped, trimmed");
    let (guard, ()) = rayon::join(
        || {
            register
                .map(|r| Guard::new(sink, r))
                .filter(|g| !g.is_idle())
        },
        || {
            let _ = theme.compiled();
        },
    );
    crate::trace::mark("stream: guard and templates ready");
    let inner = sink;
    let sink: &dyn Sink = match &guard {
        Some(g) => g,
        None => sink,
    };
    let recorder = Recorder::new(sink);
    let provenance = opts.provenance.clone().unwrap_or_default();
    let streamed = {
        let mut stream = Stream {
            root,
            tz: base.site.timezone,
            theme,
            strings: &strings,
            opts,
            recorder: &recorder,
            redactor: &redactor,
            provenance: provenance.clone(),
            evidence: BTreeMap::new(),
            kept: Vec::with_capacity(published.len()),
        };
        let mut ordered = Ordered {
            index: IndexBuilder::new(),
            spools: Spools::new().map_err(RenderError::Io)?,
        };
        stream.all(&mut base, &mut published, &mut ordered)?;
        Ok::<_, StreamError>((stream.kept, stream.evidence, ordered))
    };
    let (kept, evidence, mut ordered) = streamed?;
    drop(published);
    crate::trace::mark("stream: records rendered");
    // The index's postings go to disk before the register-wide pages need
    // memory (the files are the same bytes either way).
    ordered.index.spill_if_mostly_full();
    // What the chunks' records held is freed; the summaries stay.
    super::trim::trim();
    crate::trace::mark("stream: trimmed");
    let spooled = ordered.spools.finish().map_err(RenderError::Io)?;
    base.incidents = Vec::new();
    let mut env = Env::with_strings(&base, &kept, theme, opts, &strings)?;
    // The content files' hashes are made later, for the manifest only.
    env.audit = Audit {
        provenance,
        sources: Vec::new(),
        evidence,
    };
    let all_jobs: Vec<Job> = jobs::all(&env)
        .into_iter()
        .filter(|j| jobs::record(*j).is_none())
        .collect();
    // The workbook is made once the summaries are dropped: it holds every
    // text of the register in its table of shared strings, and writes that
    // table out whole (at 100,000 records this was the build's peak).
    let (last, rest): (Vec<Job>, Vec<Job>) = all_jobs
        .iter()
        .partition(|j| jobs::export(**j).is_some_and(|e| e.path == crate::export::xlsx::PATH));
    crate::trace::mark("register-wide: env made");
    let index = render_rest(&env, &rest, &spooled, ordered.index, &recorder)?;
    crate::trace::mark("stream: register-wide pages and exports written");
    let records = env.incidents.len();
    let shown = crate::render::pages::evidence::IndexRecords::of(&env);
    let audit = std::mem::take(&mut env.audit);
    drop(env);
    drop(kept);
    super::trim::trim();
    crate::trace::mark("summaries dropped, trimmed");
    let mut env = Env::with_strings(&base, &[], theme, opts, &strings)?;
    env.audit = audit;
    // The content files are hashed beside the workbook (one thread's
    // work) and the search index's end, once the summaries are gone.
    let ((workbook, assets), hashed) = rayon::join(
        || {
            rayon::join(
                || {
                    let written = last.iter().try_for_each(|&job| {
                        let searched = guard.as_ref().map(|g| (g, inner));
                        write_workbook(&env, job, &spooled, &recorder, searched)
                    });
                    crate::trace::mark("tail: workbook written");
                    written
                },
                || {
                    let written = write_assets(&env, theme, IndexInput::Built(index), &recorder);
                    crate::trace::mark("tail: search index written");
                    written
                },
            )
        },
        || match env.audit.provenance.root.as_deref() {
            Some(r) => crate::evidence::manifest::hash_sources(r, &base.sources),
            None => Ok(Vec::new()),
        },
    );
    workbook?;
    assets?;
    env.audit.sources =
        crate::evidence::sources(hashed.map_err(RenderError::Io)?, &env.audit.evidence);
    crate::trace::mark("stream: workbook, search index and hashes written");
    // What the workbook and the search index's end held is freed before
    // the evidence index lists every file.
    super::trim::trim();
    let index_pages = write_evidence_with(&env, &shown, &recorder)?;
    crate::trace::mark("stream: evidence index and manifest written");
    if let Some(g) = &guard {
        g.finish().map_err(RenderError::Leak)?;
    }
    crate::trace::mark("guard finished");
    Ok(RenderStats {
        pages: all_jobs.iter().filter(|j| jobs::is_page(**j)).count() + records + index_pages,
        records,
        files: recorder.len() + 2,
    })
}

/// The streaming part: what it reads from, and what it keeps from chunk to
/// chunk.
struct Stream<'s> {
    root: &'s Path,
    tz: chrono::FixedOffset,
    theme: &'s Theme,
    /// The theme's strings, read once for every chunk's environment.
    strings: &'s Strings,
    opts: &'s RenderOptions,
    recorder: &'s Recorder<'s>,
    redactor: &'s crate::redact::Redactor,
    provenance: std::sync::Arc<crate::evidence::Provenance>,
    /// Evidence copied, by record id.
    evidence: BTreeMap<String, Vec<crate::evidence::copy::Copied>>,
    /// Each record's summary, in publication order.
    kept: Vec<Summary>,
}

/// What a chunk's records made that must be taken in publication order:
/// their search documents and their parts of the exports.
struct Made {
    docs: Vec<Vec<PreparedDoc>>,
    parts: Vec<Parts>,
}

/// The ordered step: the search index, given the record pages' documents
/// in publication order as they are made (only their terms stay; their
/// text leaves in document shards as those fill), and the exports' spools.
struct Ordered {
    index: IndexBuilder,
    spools: Spools,
}

impl Ordered {
    /// Take a chunk's documents and export parts (the chunks in order).
    fn take(&mut self, made: Option<Made>, recorder: &Recorder) -> Result<(), RenderError> {
        let Some(made) = made else { return Ok(()) };
        for doc in made.docs.into_iter().flatten() {
            put_all(recorder, self.index.add_prepared(doc))?;
        }
        self.spools.append(made.parts).map_err(RenderError::Io)?;
        Ok(())
    }
}

impl Stream<'_> {
    /// Every record of `published` (files, in publication order, with what
    /// the check read of each: [`Incident::read_as`]), a chunk
    /// at a time, rendered in an environment over `base` (the content
    /// without records) holding the chunk and its two neighbours. Each
    /// chunk's ordered step (`ordered`) runs beside the reading and
    /// rendering of the next, so the workers do not wait for it; at most
    /// two chunks' documents and parts are held. A file's name in
    /// `published` is emptied once it is read for the last time.
    fn all(
        &mut self,
        base: &mut Content,
        published: &mut [(String, Option<u64>)],
        ordered: &mut Ordered,
    ) -> Result<(), StreamError> {
        let n = published.len();
        let recorder = self.recorder;
        let mut pending: Option<Made> = None;
        let mut start = 0;
        while start < n {
            let end = (start + CHUNK).min(n);
            // The record before and the one after the chunk: their pages
            // link to them by title.
            let lo = start.saturating_sub(1);
            let hi = (end + 1).min(n);
            let this = &*self;
            let base_now = &mut *base;
            let (taken, made) = rayon::join(
                || ordered.take(pending.take(), recorder),
                || {
                    base_now.incidents = this.read(&published[lo..hi])?;
                    let summaries = crate::model::summary::all(&base_now.incidents);
                    let made =
                        this.chunk(base_now, &summaries, start - lo, end - lo, start == 0)?;
                    Ok::<_, StreamError>((made, summaries))
                },
            );
            taken?;
            let ((made, mut copied), summaries) = made?;
            self.evidence.append(&mut copied);
            base.incidents = Vec::new();
            // Copied here, one thread, rather than moved: the workers made
            // them among the chunk's short-lived objects, and a summary
            // left alone on a page of the allocator's would keep the page.
            self.kept
                .extend(summaries[start - lo..end - lo].iter().cloned());
            drop(summaries);
            pending = Some(made);
            // The files read are not needed again (the next chunk starts
            // with this one's last record): their names go, on the thread
            // that keeps the summaries, whose copies take their place.
            for (file, _) in &mut published[lo..end.saturating_sub(1)] {
                *file = String::new();
            }
            start = end;
            if (start / CHUNK) % TRIM_EVERY == 0 {
                // What the chunks' records held is handed back now and
                // then: otherwise it stays resident to the stream's end
                // (about 35 MB at 100,000 records).
                super::trim::trim();
                crate::trace::mark(&format!("stream: {start} records"));
            }
        }
        ordered.take(pending, recorder)?;
        Ok(())
    }

    /// The records of `files`, read and redacted in parallel; a record
    /// whose text is not the one the check read stops the stream (E016,
    /// with the errors it has now). A text that is the one checked is not
    /// checked again ([`crate::load::reload_unchanged`]).
    fn read(&self, files: &[(String, Option<u64>)]) -> Result<Vec<Incident>, StreamError> {
        let tz = self.tz;
        files
            .par_iter()
            .map(|(rel, read_as)| {
                // Most often the text is the one checked: read cheaply, not
                // checked again. Otherwise read as any named file, for the
                // diagnostics.
                let same =
                    read_as.and_then(|r| crate::load::reload_unchanged(self.root, rel, tz, r));
                if let Some(i) = same {
                    return self.redactor.record(&i).ok_or_else(|| {
                        StreamError::Changed(std::iter::once(super::reread::changed(rel)).collect())
                    });
                }
                let (inc, diags) = crate::load::reload_record(self.root, rel, tz);
                let mut errors: Diagnostics = diags.into_iter().filter(|d| d.is_error()).collect();
                match inc {
                    Some(i) if !errors.has_errors() && !super::reread::differs(*read_as, &i) => {
                        self.redactor.record(&i).ok_or_else(|| {
                            StreamError::Changed(
                                std::iter::once(super::reread::changed(rel)).collect(),
                            )
                        })
                    }
                    _ => {
                        errors.push(super::reread::changed(rel));
                        Err(StreamError::Changed(errors.sorted()))
                    }
                }
            })
            .collect()
    }

    /// Render records `from..to` of `base.incidents` (the others are their
    /// neighbours): pages and evidence copies are written; the search
    /// documents and export parts are returned for the ordered step, with
    /// the evidence copied.
    #[allow(clippy::type_complexity)]
    fn chunk(
        &self,
        base: &Content,
        summaries: &[Summary],
        from: usize,
        to: usize,
        first: bool,
    ) -> Result<(Made, BTreeMap<String, Vec<crate::evidence::copy::Copied>>), StreamError> {
        let mut env = Env::with_strings(base, summaries, self.theme, self.opts, self.strings)?;
        if env.records.len() != base.incidents.len() {
            return Err(RenderError::Io("a record changed during the build".into()).into());
        }
        let full: Vec<&Incident> = env.records[from..to]
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
                    .put_text(&page.path, &page.html)
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
        let (docs, parts) = done.into_iter().unzip();
        Ok((
            Made { docs, parts },
            std::mem::take(&mut env.audit.evidence),
        ))
    }
}

/// The workbook's job: run as any export's, or, past a name guard
/// (`searched`: the guard and the sink it passes files on to), written
/// straight to that sink with its XML texts handed to the guard as they
/// are made, in parallel ([`crate::export::xlsx::write_searched`]),
/// instead of the guard inflating the archive again on one thread, and
/// recorded with its hash.
fn write_workbook(
    env: &Env,
    job: Job,
    spooled: &Spooled,
    recorder: &Recorder,
    searched: Option<(&Guard, &dyn Sink)>,
) -> Result<(), RenderError> {
    let direct = jobs::export(job)
        .filter(|e| e.path == crate::export::xlsx::PATH)
        .zip(searched)
        .and_then(|(export, searched)| Some((export, searched, spooled.file(export)?)));
    let Some((export, (guard, inner), parts)) = direct else {
        return run_job(env, job, recorder, &|export, out| {
            spooled.write(export, env, out)
        })
        .map(drop);
    };
    let path = export.path;
    let mut made = None;
    let fresh = |xml: &[u8]| guard.search_part(path, xml);
    inner
        .put_with(path, &mut |out| {
            let mut hashed = crate::digest::HashingWriter::new(out);
            crate::export::xlsx::write_searched(env, parts, &fresh, &mut hashed)?;
            made = Some(hashed.finish_digest());
            Ok(())
        })
        .map_err(RenderError::Io)?;
    let (size, digest) = made.ok_or_else(|| RenderError::Io(format!("{path}: not written")))?;
    recorder
        .record_written(path, size, digest)
        .map_err(RenderError::Io)
}

/// Write the files the index builder finished (a packed shard with the
/// JSON it packs, for the name guard).
fn put_all(recorder: &Recorder, files: Vec<IndexFile>) -> Result<(), RenderError> {
    files
        .iter()
        .try_for_each(|f| match &f.unpacked {
            Some(json) => recorder.put_packed(&f.path, &f.bytes, json),
            None => recorder.put(&f.path, &f.bytes),
        })
        .map_err(RenderError::Io)
}

/// The jobs `all_jobs` (every job but the record pages and the workbook),
/// with the exports' spooled rows; returns the search index with the
/// pages' documents added. The exports run beside the pages; each job is a
/// task of its own (`with_max_len(1)`), so an idle worker can take any job
/// not started. The pages' documents are added to `index` in job order
/// once the pages are written (as `super::render` numbers them), while the
/// exports may still be running.
fn render_rest(
    env: &Env,
    all_jobs: &[Job],
    spooled: &Spooled,
    mut index: IndexBuilder,
    recorder: &Recorder,
) -> Result<IndexBuilder, RenderError> {
    let run = |job: Job| {
        let _span = super::spans::Span::named(|| format!("job {job:?}"));
        run_job(env, job, recorder, &|export, out| {
            spooled.write(export, env, out)
        })
    };
    let (pages, exports): (Vec<Job>, Vec<Job>) =
        all_jobs.iter().partition(|j| jobs::export(**j).is_none());
    let (exported, indexed) = rayon::join(
        || {
            let done = exports
                .par_iter()
                .with_max_len(1)
                .try_for_each(|&job| run(job).map(drop));
            crate::trace::mark("rest: exports written");
            done
        },
        || -> Result<(), RenderError> {
            let docs: Vec<Vec<SearchDoc>> = pages
                .par_iter()
                .with_max_len(1)
                .map(|&job| run(job))
                .collect::<Result<_, RenderError>>()?;
            crate::trace::mark("rest: pages written");
            let prepared: Vec<PreparedDoc> = docs
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .into_par_iter()
                .map(PreparedDoc::new)
                .collect();
            for doc in prepared {
                put_all(recorder, index.add_prepared(doc))?;
            }
            Ok(())
        },
    );
    exported?;
    indexed?;
    Ok(index)
}
