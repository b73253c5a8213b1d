//! Rendering a whole site into a sink: every job of [`super::jobs`] in
//! parallel, the theme's static files, the search index, the evidence
//! copies before the pages and the manifest after them. Incremental
//! rebuilds (`serve`) render only what changed records feed.

pub(super) use super::assets::{
    index_again, write_assets, write_evidence_pages, write_evidence_with, IndexInput,
};
use super::guard::Guard;
use super::jobs::{self, Job};
use super::memory::{self, Carried, KeptParts, RenderMemory};
use crate::model::Content;
use crate::present::theme::Theme;
use crate::present::view::View;
use crate::present::{Env, RenderError, RenderOptions};
use crate::redact;
use crate::render::pages::action_plan::KeptPlan;
use crate::search::SearchDoc;
use crate::write::{Recorder, Sink};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RenderStats {
    /// HTML pages written.
    pub pages: usize,
    /// Incident records published (full or stub).
    pub records: usize,
    /// Every file written (pages, assets, search index, downloads).
    pub files: usize,
}

/// Render the whole site into `sink`: every page, the theme's static files,
/// the record skeleton and the search index.
pub fn render_site(
    content: &Content,
    theme: &Theme,
    opts: &RenderOptions,
    sink: &dyn Sink,
) -> Result<RenderStats, RenderError> {
    render_site_again(content, theme, opts, sink, None).map(|(stats, _)| stats)
}

/// A previous render and the content files (relative paths) changed,
/// added or removed since: what [`render_site_again`] needs to render only
/// what can differ.
pub struct Previous<'a> {
    pub memory: RenderMemory,
    pub changed_files: &'a std::collections::BTreeSet<String>,
    /// Called once the pages of the changed records are written, before the
    /// pages built from the whole register.
    pub records_done: Option<&'a (dyn Fn() + Sync)>,
    /// Leave the slow exports, the manifest and the evidence index as
    /// they are, for [`super::deferred::finish`] to make (`serve`).
    pub defer: bool,
    /// The records name the same people, in the same order, as when
    /// `memory` was rendered (all that `analysis::names::Register::add_record`
    /// reads of them): the guard's register is then the one kept, and is
    /// not made again (folding every name: about 0.1 s at 10,000 records).
    pub same_names: bool,
}

/// [`render_site`], also returning what the next render can reuse. Given the
/// [`Previous`] render (into the same destination), the pages of unchanged
/// records whose neighbours are unchanged are not rendered again (their
/// hashes come from memory, their search documents are made again from the
/// model, which needs no rendering), the evidence of the
/// changed records only is copied again, and files whose bytes did not
/// change are not written. Changes to anything but record files need a
/// render without `previous`.
///
/// The steps, in order: the audience's copy of the model; the environment
/// pages render in; evidence copied and sources hashed (record pages show
/// them); every page and export, in parallel; the static files, the record
/// skeleton and the search index; the readable manifest page; last, the
/// manifest of everything written.
pub fn render_site_again(
    content: &Content,
    theme: &Theme,
    opts: &RenderOptions,
    sink: &dyn Sink,
    previous: Option<Previous>,
) -> Result<(RenderStats, RenderMemory), RenderError> {
    render_model(Model::Borrowed(content), theme, opts, sink, previous)
}

/// [`render_site`] for a build that keeps nothing for a rebuild: the
/// audience's copy is made by consuming `content`, record by record, so the
/// register is never held twice.
pub fn render_site_once(
    content: Content,
    theme: &Theme,
    opts: &RenderOptions,
    sink: &dyn Sink,
) -> Result<RenderStats, RenderError> {
    render_model(Model::Owned(Box::new(content)), theme, opts, sink, None).map(|(stats, _)| stats)
}

/// The model a render starts from: borrowed (kept by `serve` for the next
/// rebuild) or owned (redaction consumes it).
enum Model<'a> {
    Borrowed(&'a Content),
    Owned(Box<Content>),
}

fn render_model(
    content: Model,
    theme: &Theme,
    opts: &RenderOptions,
    sink: &dyn Sink,
    mut previous: Option<Previous>,
) -> Result<(RenderStats, RenderMemory), RenderError> {
    // Only a render from a borrowed model (`serve`) is followed by another.
    let keeps = matches!(content, Model::Borrowed(_));
    let whole = match &content {
        Model::Borrowed(c) => *c,
        Model::Owned(c) => c,
    };
    let audience = audience_of(&whole.policy, opts)?;
    // An audience that hides people gets no file with a name in it; the
    // names to guard against are the unredacted model's.
    let kept_lookup = previous.as_mut().and_then(|p| p.memory.guard.take());
    let names_known = previous.as_ref().is_some_and(|p| p.same_names);
    // Whether the guard looks for what it looked for last time: only then
    // may a file be searched for its changed bytes alone.
    let mut same_names = true;
    let guard = audience
        .hides_people()
        .then(|| {
            if let Some(lookup) = kept_lookup.clone().filter(|_| names_known) {
                return Guard::with(sink, lookup);
            }
            let register = crate::analysis::names::Register::of(whole);
            match kept_lookup {
                Some(lookup) if lookup.is_for(&register) => Guard::with(sink, lookup),
                _ => {
                    same_names = false;
                    Guard::new(sink, register)
                }
            }
        })
        .filter(|g| !g.is_idle());
    let lookup = guard.as_ref().filter(|_| keeps).map(Guard::lookup);
    let redacted = super::spans::time("redact", || {
        redacted_for(content, &audience, previous.as_mut())
    });
    let sink: &dyn Sink = match &guard {
        Some(g) => g,
        None => sink,
    };
    let kept_summaries = previous
        .as_mut()
        .map(|p| (std::mem::take(&mut p.memory.summaries), p.changed_files));
    let summaries = super::spans::time("summaries", || {
        memory::summaries_again(&redacted.incidents, kept_summaries)
    });
    let kept_strings = previous.as_mut().and_then(|p| p.memory.strings.take());
    let strings = memory::strings_again(kept_strings, &redacted, theme)?;
    let mut env = super::spans::time("env", || {
        Env::with_strings(&redacted, &summaries, theme, opts, &strings)
    })?;
    // Every file goes through the recorder, which hashes it for the manifest;
    // a rebuild writes into the previous site, so files whose bytes are
    // unchanged are recorded but not written again.
    let held = previous
        .as_mut()
        .map(|p| std::mem::take(&mut p.memory.files));
    // A deferring rebuild leaves the deferred files as the folder holds
    // them, and its memory lists them so.
    let deferring = previous
        .as_mut()
        .filter(|p| p.defer)
        .map(|p| std::mem::take(&mut p.memory.evidence_pages));
    let left: Vec<(Box<str>, (u64, crate::digest::Sha256Digest))> = match (&deferring, &held) {
        (Some(pages), Some(held)) => {
            let deferred = super::deferred::deferred_set(pages);
            held.iter()
                .filter(|(path, _)| deferred.contains(&***path))
                .map(|(p, e)| (p.clone(), *e))
                .collect()
        }
        _ => Vec::new(),
    };
    let kept_index = previous.as_mut().and_then(|p| p.memory.index.take());
    // The workbook's chunks are kept by what they were made from (the
    // records' stamps, their rows), so they stay good whatever this
    // render writes.
    let mut workbook = previous.as_mut().and_then(|p| p.memory.workbook.take());
    let previous_index_pages = previous.as_mut().and_then(|p| p.memory.index_pages.take());
    let kept_exports = previous
        .as_mut()
        .map(|p| std::mem::take(&mut p.memory.exports))
        .unwrap_or_default();
    // The exports' parts of every record, kept for the next render.
    let kept_parts = keeps.then(|| {
        previous
            .as_mut()
            .map(|p| std::mem::take(&mut p.memory.parts))
            .unwrap_or_default()
    });
    // The records' stamps and the digests of the pages that list them.
    let kept_fragments = previous
        .as_mut()
        .map(|p| std::mem::take(&mut p.memory.fragments))
        .unwrap_or_default();
    let (kept_stamps, mut next_stamp, kept_pages, kept_facts) = previous
        .as_mut()
        .map(|p| {
            let m = &mut p.memory;
            (
                std::mem::take(&mut m.stamps),
                m.next_stamp,
                std::mem::take(&mut m.page_digests),
                std::mem::take(&mut m.facts),
            )
        })
        .unwrap_or_default();
    let kept_plan = previous.as_mut().and_then(|p| p.memory.action_plan.take());
    let kept_order = previous
        .as_mut()
        .map(|p| std::mem::take(&mut p.memory.order))
        .unwrap_or_default();
    let recorder = Recorder::over(sink, held.unwrap_or_default());
    let mut plan = super::spans::time("carried begin", || {
        Plan::begin(&mut env, opts, previous, &recorder)
    })?;
    let span = super::spans::Span::new("stamps, facts");
    // Where each record was last time: its parts, stamp and facts are
    // found there (a render that keeps nothing needs neither).
    let (order, places) = match keeps {
        true => memory::Order::again(kept_order, &env),
        false => Default::default(),
    };
    let stamps = keeps.then(|| {
        let kept = (&kept_stamps[..], &places[..]);
        super::skip::stamps(&env, plan.dirty.as_deref(), kept, &mut next_stamp)
    });
    let facts = super::skip::facts(&env, stamps.as_deref(), (kept_facts, &places));
    // The action plan kept, when the records' actions are those it was
    // made from.
    let plan_marks = stamps
        .as_deref()
        .map(|s| KeptPlan::reuse(&env, s, kept_plan));
    drop(span);
    // Rows kept by their record's stamp, spliced into the pages that list
    // them (a render that keeps its memory).
    env.fragments = stamps
        .as_ref()
        .map(|s| crate::present::fragments::Fragments::new(s.clone(), kept_fragments));
    let reuse = Reuse {
        parts: kept_parts.map(|p| (p, &places[..])),
        stamps: stamps.as_deref(),
        facts: &facts,
        pages: kept_pages,
        exports: std::sync::Mutex::new(kept_exports),
        in_place: same_names,
    };
    // A deferring render makes the workbook ahead, for `deferred::finish`
    // to write, as soon as every record's parts are known (beside the
    // serial steps before the pages, the pages and the search index,
    // instead of after them). Not the first: a workbook made whole is left
    // to the settle.
    let ahead = deferring.is_some() && keeps && workbook.is_some() && stamps.is_some();
    if !ahead {
        super::deferred::forget_made(&mut workbook);
    }
    let to_make = ahead.then(|| workbook.take());
    let made_parts = OnceLock::new();
    let (env_ref, all_jobs, done) =
        render_jobs(&mut env, &mut plan, reuse, &recorder, &made_parts)?;
    let (page_digests, exports, rendered) = done.1;
    let action_plan =
        (stamps.as_deref().zip(plan_marks)).map(|(s, m)| KeptPlan::keep(env_ref, s, m));
    // Beside the search index's update (which leaves the workers idle):
    // the workbook made ahead (it has every record's parts and stamp),
    // and the records' facts and stamps kept for the next render.
    let (indexed, (made, (facts, stamps))) = rayon::join(
        || index_again(env_ref, theme, keeps, kept_index, done.0, &recorder),
        || {
            let made = to_make.map(|w| match (made_parts.get(), stamps.as_deref()) {
                (Some(parts), Some(s)) => super::spans::time("workbook ahead", || {
                    super::deferred::workbook_ahead(env_ref, parts, s, w, guard.as_ref())
                }),
                _ => Ok(w),
            });
            let _span = super::spans::Span::new("keep facts, stamps");
            let facts = super::skip::keep_facts(stamps.as_deref(), &facts);
            let stamps = stamps.as_deref().map(<[u64]>::to_vec);
            (made, (facts, stamps.unwrap_or_default()))
        },
    );
    let (index, kept_docs) = indexed?;
    if let Some(made) = made {
        workbook = made?;
    }
    let parts = made_parts.into_inner().unwrap_or_default();
    let mut kept_index_pages = previous_index_pages;
    let evidence_pages = match &deferring {
        Some(pages) => pages.clone(),
        None => write_evidence_pages(
            &env,
            &recorder,
            keeps.then(|| (&mut kept_index_pages, lookup.clone())),
        )?,
    };
    let index_pages = if deferring.is_some() {
        0
    } else {
        evidence_pages.len()
    };
    if let Some(g) = &guard {
        g.finish().map_err(RenderError::Leak)?;
    }
    let stats = RenderStats {
        // Every job is a page but the exports; plus evidence/index.html
        // and its further pages.
        pages: all_jobs.iter().filter(|j| jobs::is_page(**j)).count() + index_pages,
        // The case book publishes its cases, not the records they came from.
        records: if env.view.is_case_book() {
            env.cases.len()
        } else {
            env.incidents.len()
        },
        // and the manifest and SHA256SUMS, written past the recorder.
        files: recorder.len() + 2,
    };
    let fragments = env
        .fragments
        .take()
        .map(crate::present::fragments::Fragments::into_kept)
        .unwrap_or_default();
    let old_pages = plan.carried.as_mut().map(Carried::take_pages);
    let span = super::spans::Span::new("remember, snapshot");
    let (pages, audit) = memory::remember(env, old_pages.zip(plan.dirty.as_deref()));
    let memory = RenderMemory {
        redacted: Some(redacted),
        summaries: if keeps { summaries } else { Vec::new() },
        docs: kept_docs,
        files: {
            let mut files = recorder.into_files();
            files.extend(left);
            files
        },
        audit,
        pages,
        index,
        guard: lookup,
        order,
        parts,
        exports,
        evidence_pages,
        workbook,
        index_pages: kept_index_pages,
        pending: deferring.is_some(),
        strings: keeps.then_some(strings),
        stamps,
        next_stamp,
        facts,
        page_digests,
        rendered,
        fragments,
        action_plan,
    };
    drop(span);
    Ok((stats, memory))
}

/// The audience this render is for (the policy's default when the options
/// name none), with its rule.
pub(super) fn audience_of(
    policy: &crate::model::Policy,
    opts: &RenderOptions,
) -> Result<crate::model::Audience, RenderError> {
    let view = View::new(policy, opts.audience.as_deref()).map_err(RenderError::Options)?;
    // Fail closed: never render the unredacted model for want of a rule.
    policy.audience(&view.audience).cloned().ok_or_else(|| {
        RenderError::Options(format!(
            "audience `{}` has no rule in the policy",
            view.audience
        ))
    })
}

/// The copy of the model this audience may see: everything it may not see
/// removed, so no page, index or file name can leak it.
fn redacted_for(
    content: Model,
    audience: &crate::model::Audience,
    previous: Option<&mut Previous>,
) -> Content {
    match (
        content,
        previous.and_then(|p| Some((p.memory.redacted.take()?, p))),
    ) {
        (Model::Borrowed(c), Some((before, p))) => {
            redact::redact_again(c, audience, before, p.changed_files)
        }
        (Model::Borrowed(c), None) => redact::redact(c, audience),
        (Model::Owned(c), _) => redact::redact_owned(*c, audience),
    }
}

/// What this render renders: everything, or (a rebuild) the pages of the
/// records that changed, with the rest carried over from the previous one.
struct Plan<'p> {
    /// Per record: whether its pages are rendered again (`None`: all are).
    dirty: Option<Vec<bool>>,
    carried: Option<Carried>,
    records_done: Option<&'p (dyn Fn() + Sync)>,
    /// Whether the slow exports are left for later.
    defer: bool,
}

impl<'p> Plan<'p> {
    /// Copy the evidence the record pages show and hash the sources (all of
    /// them; or, for a rebuild, the changed records' evidence only).
    fn begin(
        env: &mut Env,
        opts: &RenderOptions,
        previous: Option<Previous<'p>>,
        recorder: &Recorder,
    ) -> Result<Plan<'p>, RenderError> {
        let Some(previous) = previous else {
            env.audit = crate::evidence::prepare(
                &env.full_whole_records(),
                env.view.shows("evidence"),
                &env.content.sources,
                opts.provenance.clone(),
                recorder,
            )
            .map_err(RenderError::Io)?;
            return Ok(Plan {
                dirty: None,
                carried: None,
                records_done: None,
                defer: false,
            });
        };
        let defer = previous.defer;
        let (dirty, carried) =
            Carried::begin(env, previous.memory, previous.changed_files, recorder)?;
        Ok(Plan {
            dirty: Some(dirty),
            carried: Some(carried),
            records_done: previous.records_done,
            defer,
        })
    }

    /// Whether `job` is left as the previous render wrote it.
    fn skips(&self, job: Job) -> bool {
        match (jobs::record(job), &self.dirty) {
            (Some(i), Some(dirty)) => !dirty[i],
            _ => self.defer && jobs::export(job).is_some_and(super::parts::is_deferred),
        }
    }
}

/// Every page and export, in parallel; each is written at once. Returns
/// the search documents in job order, made from the model beside each page
/// (and, for the pages a rebuild leaves as they were, without rendering),
/// and, given the parts `kept` (a render that keeps its memory), every
/// record's parts of the exports, which they were written from.
fn render_jobs<'s, 'e>(
    env: &'s mut Env<'e>,
    plan: &mut Plan,
    mut reuse: Reuse<'s>,
    recorder: &'s Recorder,
    parts: &'s OnceLock<Vec<KeptParts>>,
) -> Result<(&'s Env<'e>, Vec<Job>, RenderedJobs), RenderError> {
    let mut kept = reuse.parts.take();
    let written = std::sync::Mutex::new(HashMap::new());
    let run = |env: &Env, job: Job| {
        // A text export made from the kept parts changes in place.
        let framed = jobs::export(job).and_then(|e| Some((e, super::splice::framed_at(e)?)));
        if let (Some((export, at)), Some(parts), Some(stamps)) = (framed, parts.get(), reuse.stamps)
        {
            let old = reuse
                .exports
                .lock()
                .ok()
                .and_then(|mut m| m.remove(export.path));
            let file = super::splice::write(
                export,
                at,
                env,
                parts,
                stamps,
                old,
                reuse.in_place,
                recorder,
            )?;
            if let Ok(mut m) = written.lock() {
                m.insert(export.path.to_string(), file);
            }
            return Ok((Vec::new(), None));
        }
        let fill = |export: &crate::export::Export, out: &mut dyn std::io::Write| match parts.get()
        {
            Some(parts) => super::parts::write(export, env, parts, out),
            None => (export.write)(env, out),
        };
        run_job_at(env, job, recorder, &fill)
    };
    // A rebuild renders the changed records' own pages first and says so,
    // so that `serve` can show them before the rest; the list of every
    // job, and which of them are unchanged, is worked out after them.
    let first_jobs = plan
        .dirty
        .as_deref()
        .map(|dirty| jobs::of_records(env, dirty))
        .unwrap_or_default();
    let span = super::spans::Span::new("record pages");
    let first_done: Vec<(Vec<SearchDoc>, Option<String>)> = first_jobs
        .par_iter()
        .map(|&job| run(env, job))
        .collect::<Result<_, RenderError>>()?;
    drop(span);
    if let Some(done) = plan.records_done {
        done();
    }
    // The rest of what the previous render left, before the pages that
    // list sources and files.
    if let Some(c) = plan.carried.as_mut() {
        let content = env.content;
        let _span = super::spans::Span::new("carried finish");
        c.finish(
            env,
            plan.dirty.as_deref().unwrap_or(&[]),
            recorder,
            &content.sources,
        )?;
    }
    // Every record's parts of the exports: the kept ones of the records
    // left as they were, the others made again.
    if let Some(kept) = kept.take() {
        let made = super::spans::time("parts make", || {
            super::parts::make(env, plan.dirty.as_deref(), kept)
        })?;
        let _ = parts.set(made);
    }
    let env: &'s Env<'e> = env;
    let all_jobs = super::spans::time("jobs all", || jobs::all(env));
    let paths: Vec<OnceLock<String>> = all_jobs.iter().map(|_| OnceLock::new()).collect();
    let mut docs: Vec<Vec<SearchDoc>> = vec![Vec::new(); all_jobs.len()];
    let mut firsts = Vec::new();
    for (job, (doc, path)) in first_jobs.into_iter().zip(first_done) {
        let k = all_jobs
            .iter()
            .position(|j| *j == job)
            .ok_or_else(|| RenderError::Io(format!("{job:?} is not a job of the site")))?;
        if let Some(path) = path {
            let _ = paths[k].set(path);
        }
        docs[k] = doc;
        firsts.push(k);
    }
    // Pages whose inputs are the last render's are left as written.
    let mut digests = vec![None; all_jobs.len()];
    let mut unchanged = vec![false; all_jobs.len()];
    if let Some(stamps) = reuse.stamps {
        digests = super::spans::time("digests", || {
            super::skip::digests(env, &all_jobs, stamps, reuse.facts)
        });
    }
    for (k, digest) in digests.iter().enumerate() {
        let same = plan
            .dirty
            .as_ref()
            .and_then(|_| super::skip::unchanged(&reuse.pages, all_jobs[k], *digest));
        if let Some(path) = same {
            let _ = paths[k].set(path.to_string());
            unchanged[k] = !firsts.contains(&k);
        }
    }
    let left: std::collections::HashSet<&str> = paths
        .iter()
        .enumerate()
        .filter(|(k, _)| unchanged[*k])
        .filter_map(|(_, p)| p.get().map(String::as_str))
        .collect();
    super::spans::time("keep_held jobs", || {
        recorder.keep_held(|p| left.contains(p))
    });
    let mut rest: Vec<usize> = (0..all_jobs.len())
        .filter(|&k| !plan.skips(all_jobs[k]) && !unchanged[k] && !firsts.contains(&k))
        .collect();
    // The exports start first: the workbook is built whole in memory (its
    // cells for every record), and started last it would sit beside the
    // search documents of every page made by then (at 10,000 records the
    // two together were the build's peak). Documents keep their job order.
    rest.sort_by_key(|&k| jobs::export(all_jobs[k]).is_none());
    let rendered: Vec<(usize, Vec<SearchDoc>)> = rest
        .par_iter()
        .map(|&k| {
            let _span = super::spans::Span::named(|| format!("job {:?}", all_jobs[k]));
            let (doc, path) = run(env, all_jobs[k])?;
            if let Some(path) = path {
                let _ = paths[k].set(path);
            }
            Ok((k, doc))
        })
        .collect::<Result<_, RenderError>>()?;
    // The pages this render ran (the first ones and the rest), in job order.
    let mut ran: Vec<usize> = firsts.clone();
    for (k, doc) in rendered {
        docs[k] = doc;
        ran.push(k);
    }
    ran.sort_unstable();
    let ran: Vec<String> = ran
        .into_iter()
        .filter_map(|k| paths[k].get().cloned())
        .collect();
    // The documents of the record pages left as they were: remembered (a
    // record's document depends on that record alone), else made again.
    let span = super::spans::Span::new("skipped docs, index order");
    let skipped: Vec<usize> = (0..all_jobs.len())
        .filter(|&k| plan.skips(all_jobs[k]) || unchanged[k])
        .collect();
    let taken: Vec<(usize, Option<SearchDoc>)> = skipped
        .into_iter()
        .map(|k| {
            let url = jobs::record_page_path(env, all_jobs[k]);
            (k, url.and_then(|url| plan.carried.as_mut()?.take_doc(&url)))
        })
        .collect();
    // Those not remembered (the listing pages left as written) are made
    // in parallel, and put back in job order.
    let made: Vec<(usize, Vec<SearchDoc>)> = taken
        .into_par_iter()
        .map(|(k, kept)| match kept {
            Some(doc) => (k, vec![doc]),
            None => (k, jobs::documents(env, all_jobs[k])),
        })
        .collect();
    for (k, doc) in made {
        docs[k] = doc;
    }
    let pages = all_jobs
        .iter()
        .zip(digests)
        .zip(paths)
        .filter_map(
            |((job, digest), path)| match (*job, digest, path.into_inner()) {
                (Job::Page { kind, n }, Some(d), Some(p)) => Some(((kind, n), (d, p))),
                _ => None,
            },
        )
        .collect();
    let docs = jobs::index_order(&all_jobs, docs);
    let written = written.into_inner().unwrap_or_default();
    drop(span);
    Ok((env, all_jobs, (docs, (pages, written, ran))))
}

/// What a render that keeps its memory reuses of the last: every record's
/// export parts, the records' stamps and the digests of the pages that
/// list records (see [`super::skip`]).
struct Reuse<'s> {
    /// With where each record was last time (see [`memory::Order`]).
    parts: Option<(Vec<KeptParts>, &'s [Option<usize>])>,
    stamps: Option<&'s [u64]>,
    /// Every record's facts (with `stamps`; see [`super::skip::facts`]).
    facts: &'s [super::skip::Facts],
    pages: super::skip::Kept,
    /// The text exports the last render wrote from the parts.
    exports: std::sync::Mutex<HashMap<String, super::splice::KeptFile>>,
    /// Whether they may be changed in place (the guard, if any, looks
    /// for what it looked for then).
    in_place: bool,
}

/// The search documents of every job, and the digest and path of every
/// page whose inputs are known, the text exports written from the parts
/// and the paths of the pages rendered (not those left as written).
type RenderedJobs = (
    Vec<SearchDoc>,
    (
        super::skip::Kept,
        HashMap<String, super::splice::KeptFile>,
        Vec<String>,
    ),
);

/// Run one job into `recorder`: a page is written and its search
/// documents returned; an export is streamed to its file as `export_fill`
/// makes it (from the whole model, or from the stream's spooled rows).
pub(super) fn run_job(
    env: &Env,
    job: Job,
    recorder: &Recorder,
    export_fill: &(dyn Fn(&crate::export::Export, &mut dyn std::io::Write) -> std::io::Result<()>
          + Sync),
) -> Result<Vec<SearchDoc>, RenderError> {
    run_job_at(env, job, recorder, export_fill).map(|(docs, _)| docs)
}

/// [`run_job`], also returning the path of the page written.
fn run_job_at(
    env: &Env,
    job: Job,
    recorder: &Recorder,
    export_fill: &(dyn Fn(&crate::export::Export, &mut dyn std::io::Write) -> std::io::Result<()>
          + Sync),
) -> Result<(Vec<SearchDoc>, Option<String>), RenderError> {
    if let Some(export) = jobs::export(job) {
        recorder
            .put_with(export.path, &mut |out| export_fill(export, out))
            .map_err(RenderError::Io)?;
        return Ok((Vec::new(), None));
    }
    let page = jobs::run(env, job)?;
    recorder
        .put_text(&page.path, &page.html)
        .map_err(RenderError::Io)?;
    Ok((jobs::documents(env, job), Some(page.path)))
}
