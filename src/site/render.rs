//! Rendering a whole site into a sink: every job of [`super::jobs`] in
//! parallel, the theme's static files, the search index, the evidence
//! copies before the pages and the manifest after them. Incremental
//! rebuilds (`serve`) render only what changed records feed.

use super::jobs::{self, Job};
use super::memory::{self, RenderMemory};
use crate::markup::text;
use crate::model::Content;
use crate::present::theme::Theme;
use crate::present::view::View;
use crate::present::{Env, RenderError, RenderOptions};
use crate::render::pages;
use crate::search::SearchDoc;
use crate::write::Sink;
use rayon::prelude::*;

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
}

/// [`render_site`], also returning what the next render can reuse. Given the
/// [`Previous`] render (into the same destination), the pages of unchanged
/// records whose neighbours are unchanged are not rendered again, their
/// search documents and hashes come from memory, the evidence of the
/// changed records only is copied again, and files whose bytes did not
/// change are not written. Changes to anything but record files need a
/// render without `previous`.
pub fn render_site_again(
    content: &Content,
    theme: &Theme,
    opts: &RenderOptions,
    sink: &dyn Sink,
    mut previous: Option<Previous>,
) -> Result<(RenderStats, RenderMemory), RenderError> {
    // Pages are rendered from a copy of the model with everything this
    // audience may not see removed, so no page, index or file name can leak it.
    let view =
        View::new(&content.policy, opts.audience.as_deref()).map_err(RenderError::Options)?;
    let Some(audience) = content.policy.audience(&view.audience) else {
        // Fail closed: never render the unredacted model for want of a rule.
        return Err(RenderError::Options(format!(
            "audience `{}` has no rule in the policy",
            view.audience
        )));
    };
    let redacted = match previous
        .as_mut()
        .and_then(|p| Some((p.memory.redacted.take()?, p)))
    {
        Some((before, p)) => {
            crate::redact::redact_again(content, audience, before, p.changed_files)
        }
        None => crate::redact::redact(content, audience),
    };
    let mut env = Env::new(&redacted, theme, opts)?;
    let all_jobs = jobs::all(&env);
    // Every file goes through the recorder, which hashes it for the manifest;
    // evidence files are copied first because record pages show them.
    // A rebuild writes into the previous site: files whose bytes are
    // unchanged are recorded but not written again.
    let held = previous
        .as_mut()
        .map(|p| std::mem::take(&mut p.memory.files))
        .unwrap_or_default();
    let recorder = crate::write::Recorder::over(sink, held);
    let (dirty, mut carried, records_done) = match previous {
        None => {
            env.audit = crate::evidence::prepare(
                &env.full_records(),
                env.view.shows("evidence"),
                &env.content.sources,
                opts.provenance.clone(),
                &recorder,
            )
            .map_err(RenderError::Io)?;
            (None, None, None)
        }
        Some(Previous {
            memory,
            changed_files,
            records_done,
        }) => {
            let (dirty, carried) =
                memory::Carried::begin(&mut env, memory, changed_files, &recorder)?;
            (Some(dirty), Some(carried), records_done)
        }
    };
    let put = |path: &str, bytes: &[u8]| recorder.put(path, bytes).map_err(RenderError::Io);
    let skipped = |job: &Job| match (jobs::record(*job), &dirty) {
        (Some(i), Some(dirty)) => !dirty[i],
        _ => false,
    };

    // Pages in parallel; each is written at once and only its text is kept.
    let render_job = |env: &Env, job: &Job| -> Result<Option<SearchDoc>, RenderError> {
        let page = jobs::run(env, *job)?;
        put(&page.path, page.html.as_bytes())?;
        Ok(page.search.map(|m| SearchDoc {
            body: text::main_text(&page.html),
            url: page.path,
            kind: m.kind.to_string(),
            title: m.title,
            facets: m.facets,
        }))
    };
    // A rebuild renders the changed records' own pages first and says so,
    // so that `serve` can show them before the register-wide pages are done.
    let (first, rest): (Vec<usize>, Vec<usize>) = (0..all_jobs.len())
        .filter(|&k| !skipped(&all_jobs[k]))
        .partition(|&k| dirty.is_some() && jobs::record(all_jobs[k]).is_some());
    let mut docs: Vec<Option<SearchDoc>> = vec![None; all_jobs.len()];
    for (pass, batch) in [first, rest].into_iter().enumerate() {
        let rendered: Vec<(usize, Option<SearchDoc>)> = batch
            .par_iter()
            .map(|&k| Ok((k, render_job(&env, &all_jobs[k])?)))
            .collect::<Result<_, RenderError>>()?;
        for (k, doc) in rendered {
            docs[k] = doc;
        }
        if pass == 0 {
            if let Some(done) = records_done {
                done();
            }
            // The rest of what the previous render left, before the pages
            // that list sources and files.
            if let Some(c) = carried.as_mut() {
                c.finish(
                    &mut env,
                    dirty.as_deref().unwrap_or(&[]),
                    &recorder,
                    &redacted.sources,
                )?;
            }
        }
    }
    // In job order, remembered documents where the page was not rendered.
    let docs: Vec<SearchDoc> = all_jobs
        .iter()
        .zip(docs)
        .filter_map(|(job, doc)| match doc {
            Some(d) => Some(d),
            None if skipped(job) => {
                let path = jobs::record_page_path(&env, *job)?;
                carried.as_mut()?.take_doc(&path)
            }
            None => None,
        })
        .collect();

    // The index is built while the static files and downloads are written.
    let (index, assets) = rayon::join(
        || crate::search::build_index(&docs),
        || -> Result<usize, RenderError> {
            let mut n = 0;
            for (path, bytes) in theme.statics() {
                put(path, bytes)?;
                n += 1;
            }
            put(
                pages::templates::SKELETON_PATH,
                pages::templates::skeleton(&env).as_bytes(),
            )?;
            Ok(n + 1)
        },
    );
    assets?;
    index
        .par_iter()
        .try_for_each(|(path, bytes)| put(path, bytes))?;
    // Exports, evidence/index.html and, last, the manifest of all the rest.
    let manifest = crate::evidence::manifest(&env.view.audience, env.today, &env.audit, &recorder);
    let index = pages::evidence::render_index(&env, &manifest)?;
    put(&index.path, index.html.as_bytes())?;
    crate::evidence::write_manifest(manifest, &recorder).map_err(RenderError::Io)?;
    let stats = RenderStats {
        // Every job is a page but the exports; plus evidence/index.html.
        pages: all_jobs.iter().filter(|j| jobs::is_page(**j)).count() + 1,
        records: env.incidents.len(),
        files: recorder.len() + 1,
    };
    let pages = (0..env.incidents.len())
        .map(|k| {
            (
                env.incidents[k].0.id.value.clone(),
                memory::page_inputs(&env, k),
            )
        })
        .collect();
    let audit = std::mem::take(&mut env.audit);
    drop(env);
    let memory = RenderMemory {
        redacted: Some(redacted),
        docs,
        files: recorder
            .snapshot()
            .into_iter()
            .map(|f| (f.path, (f.size, f.sha256)))
            .collect(),
        audit,
        pages,
    };
    Ok((stats, memory))
}
