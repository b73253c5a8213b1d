//! What a build produces, as a list of jobs (Zola's queue): one per page of
//! every kind in [`crate::render::pages::PAGES`] and one per export of
//! [`crate::export::EXPORTS`]. Reading [`all`] tells what the site contains;
//! adding an output is an entry in one of those two tables.

use crate::export::EXPORTS;
use crate::present::{Env, RenderError, Rendered};
use crate::render::pages::PAGES;
use rayon::prelude::*;

/// One unit of parallel work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    /// Page `n` of the `kind`-th entry of `PAGES`.
    Page { kind: usize, n: usize },
    /// The `n`-th entry of `EXPORTS`.
    Export(usize),
}

/// Every job of a whole build, pages first in the order of `PAGES` (the
/// search index numbers its documents in this order), then the exports.
pub fn all(env: &Env) -> Vec<Job> {
    let case_book = env.view.is_case_book();
    // Each kind's instances are worked out on their own (in parallel: a
    // few kinds read the whole register), and listed in the order of
    // `PAGES`.
    let kinds: Vec<Vec<Job>> = PAGES
        .par_iter()
        .enumerate()
        .filter(|(_, page)| page.book.has(case_book))
        .map(|(kind, page)| {
            let _span = super::spans::Span::named(|| format!("instances {kind}"));
            (page.instances)(env)
                .into_iter()
                .map(move |n| Job::Page { kind, n })
                .collect()
        })
        .collect();
    let mut jobs: Vec<Job> = kinds.into_iter().flatten().collect();
    // The case book has no register to export.
    if !case_book {
        jobs.extend((0..EXPORTS.len()).map(Job::Export));
    }
    jobs
}

/// The jobs of the per-record pages of the records `dirty` marks (by
/// their index in [`Env::incidents`]), in the order of [`all`].
pub fn of_records(env: &Env, dirty: &[bool]) -> Vec<Job> {
    let case_book = env.view.is_case_book();
    PAGES
        .iter()
        .enumerate()
        .filter(|(_, page)| page.book.has(case_book) && page.record_page.is_some())
        .flat_map(|(kind, page)| {
            (page.instances)(env)
                .into_iter()
                .filter(|&n| dirty.get(n).copied().unwrap_or(false))
                .map(move |n| Job::Page { kind, n })
        })
        .collect()
}

/// Run one job.
pub fn run(env: &Env, job: Job) -> Result<Rendered, RenderError> {
    match job {
        Job::Page { kind, n } => (PAGES[kind].render)(env, n),
        Job::Export(n) => EXPORTS[n].render(env),
    }
}

/// The search documents of a job's page, made from the model (no
/// rendering): none for pages search does not list and for exports.
pub fn documents(env: &Env, job: Job) -> Vec<crate::search::SearchDoc> {
    match job {
        Job::Page { kind, n } => PAGES[kind].document.map_or_else(Vec::new, |f| f(env, n)),
        Job::Export(_) => Vec::new(),
    }
}

/// The export of a job (written as it is made, not rendered like a page).
pub fn export(job: Job) -> Option<&'static crate::export::Export> {
    match job {
        Job::Export(n) => EXPORTS.get(n),
        Job::Page { .. } => None,
    }
}

/// For a page rendered once per record: the record's index.
pub fn record(job: Job) -> Option<usize> {
    match job {
        Job::Page { kind, n } if PAGES[kind].record_page.is_some() => Some(n),
        _ => None,
    }
}

/// The site path of a per-record page, without rendering it.
pub fn record_page_path(env: &Env, job: Job) -> Option<String> {
    match job {
        Job::Page { kind, n } => (PAGES[kind].record_page?)(env, n),
        Job::Export(_) => None,
    }
}

/// Whether the job writes an HTML page (the exports do not).
pub fn is_page(job: Job) -> bool {
    matches!(job, Job::Page { .. })
}

/// The search documents of every job (`docs[k]` those of `jobs[k]`) in the
/// order the index numbers them: the record pages' first, in the order of
/// the register, then the other pages' in job order. A streamed build
/// (`super::stream`) makes the record pages' documents first, as it reads
/// the records, so the whole-model render orders them the same way.
pub fn index_order(
    jobs: &[Job],
    docs: Vec<Vec<crate::search::SearchDoc>>,
) -> Vec<crate::search::SearchDoc> {
    let (records, rest): (Vec<_>, Vec<_>) = jobs
        .iter()
        .zip(docs)
        .partition(|(job, _)| record(**job).is_some());
    records
        .into_iter()
        .chain(rest)
        .flat_map(|(_, docs)| docs)
        .collect()
}
