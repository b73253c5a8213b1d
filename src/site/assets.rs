//! What a render writes besides its jobs: the theme's static files, the
//! record skeleton and the search index ([`write_assets`]), and, last, the
//! evidence index with the manifest and `SHA256SUMS`
//! ([`write_evidence_pages`]). Moved out of `super::render` unchanged.

use super::index_pages::KeptIndexPages;
use crate::present::theme::Theme;
use crate::present::{Env, RenderError};
use crate::render::pages;
use crate::search::{KeptIndex, SearchDoc};
use crate::write::{Recorder, Sink};
use rayon::prelude::*;
use std::collections::HashMap;

/// What the search index is made from: the documents of every page (with,
/// for a render that keeps its index for the next, the last one kept), or
/// a builder the documents were added to as they were made (the streamed
/// build, `super::stream`), or the documents of every page with the last
/// render's index to update (`serve`: the documents stay the caller's).
pub(super) enum IndexInput<'d> {
    Docs(Vec<SearchDoc>, Option<Option<KeptIndex>>),
    Built(crate::search::IndexBuilder),
    Update(&'d [SearchDoc], KeptIndex),
}

/// The theme's static files, the record skeleton and the search index
/// (built while the files are written). A render that keeps its index for
/// the next (`serve`: [`IndexInput::Docs`] with `Some`) updates the last
/// one, if any, and writes only the index files that changed; it returns
/// the index.
pub(super) fn write_assets(
    env: &Env,
    theme: &Theme,
    index: IndexInput<'_>,
    recorder: &Recorder,
) -> Result<Option<KeptIndex>, RenderError> {
    let put = |path: &str, bytes: &[u8]| recorder.put(path, bytes).map_err(RenderError::Io);
    let (index, assets) = rayon::join(
        || match index {
            // The builder writes its files as it makes them.
            IndexInput::Built(builder) => builder
                .finish_into(|path, bytes| recorder.put(&path, &bytes))
                .map(|()| (Vec::new(), None))
                .map_err(RenderError::Io),
            IndexInput::Docs(docs, None) => Ok((crate::search::build_index_owned(docs), None)),
            IndexInput::Docs(docs, Some(None)) => {
                let (kept, files) = KeptIndex::build(docs);
                Ok((files, Some(kept)))
            }
            IndexInput::Docs(docs, Some(Some(mut kept))) => {
                let update = kept.update(docs);
                recorder.keep_held(|path| update.unchanged.contains(path));
                Ok((update.written, Some(kept)))
            }
            IndexInput::Update(docs, mut kept) => {
                let update = kept.update_from(docs);
                recorder.keep_held(|path| update.unchanged.contains(path));
                Ok((update.written, Some(kept)))
            }
        },
        || -> Result<(), RenderError> {
            for (path, bytes) in theme.statics() {
                put(path, bytes)?;
            }
            put(
                pages::templates::SKELETON_PATH,
                pages::templates::skeleton(env).as_bytes(),
            )
        },
    );
    assets?;
    let (index, kept) = index?;
    index
        .par_iter()
        .try_for_each(|(path, bytes)| put(path, bytes))?;
    Ok(kept)
}

/// The search index made again from `docs` (with the static files and
/// the record skeleton: [`write_assets`]), and the record pages' documents
/// to keep (`serve`: a build that keeps nothing keeps none). Updating the
/// last index borrows them, so they are moved into the memory afterwards;
/// else the index takes them (and cuts every body it no longer needs), so
/// the record pages' ones are copied first.
pub(super) fn index_again(
    env: &Env,
    theme: &Theme,
    keeps: bool,
    kept_index: Option<crate::search::KeptIndex>,
    docs: Vec<SearchDoc>,
    recorder: &Recorder,
) -> Result<(Option<crate::search::KeptIndex>, HashMap<String, SearchDoc>), RenderError> {
    let _span = super::spans::Span::new("search index update");
    let record_docs = |docs: Vec<SearchDoc>| -> HashMap<String, SearchDoc> {
        docs.into_iter()
            .filter(|d| super::memory::record_of_page(&d.url).is_some())
            .map(|d| (d.url.clone(), d))
            .collect()
    };
    match (keeps, kept_index) {
        (true, Some(kept)) => {
            let index = write_assets(env, theme, IndexInput::Update(&docs, kept), recorder)?;
            Ok((index, record_docs(docs)))
        }
        (keeps, kept_index) => {
            let kept_docs = if keeps {
                record_docs(
                    docs.iter()
                        .filter(|d| super::memory::record_of_page(&d.url).is_some())
                        .cloned()
                        .collect(),
                )
            } else {
                HashMap::new()
            };
            let input = IndexInput::Docs(docs, keeps.then_some(kept_index));
            Ok((write_assets(env, theme, input, recorder)?, kept_docs))
        }
    }
}

/// `evidence/index.html` with its further pages and, last, the manifest and
/// `evidence/SHA256SUMS`. Returns the number of pages written. What the
/// index shows of the records is worked out before (`records`): `env` may
/// hold none any more.
pub(super) fn write_evidence_with(
    env: &Env,
    records: &pages::evidence::IndexRecords,
    recorder: &Recorder,
) -> Result<usize, RenderError> {
    write_evidence_of(env, records, recorder, None).map(|pages| pages.len())
}

/// [`write_evidence_with`], the records read from `env`, returning the
/// paths of the pages written. With `kept` (`serve`: what the last render
/// wrote of the index's further pages, and the guard's lookup now), the
/// further pages whose rows are the same are left as written
/// ([`super::index_pages`]).
pub(super) fn write_evidence_pages(
    env: &Env,
    recorder: &Recorder,
    kept: Option<(
        &mut Option<KeptIndexPages>,
        Option<std::sync::Arc<super::guard::Lookup>>,
    )>,
) -> Result<Vec<String>, RenderError> {
    write_evidence_of(env, &pages::evidence::IndexRecords::of(env), recorder, kept)
}

fn write_evidence_of(
    env: &Env,
    records: &pages::evidence::IndexRecords,
    recorder: &Recorder,
    kept: Option<(
        &mut Option<KeptIndexPages>,
        Option<std::sync::Arc<super::guard::Lookup>>,
    )>,
) -> Result<Vec<String>, RenderError> {
    let manifest = super::spans::time("manifest made", || {
        crate::evidence::manifest(&env.view.audience, env.today, &env.audit, recorder)
    });
    // The index shows the manifest's SHA-256, so it cannot be in it: the
    // manifest lists every file written before it, SHA256SUMS every file.
    // The case book has no audit pages for the readable manifest to lead to.
    let lists = !env.view.is_case_book();
    let same = match kept.filter(|_| lists) {
        Some((kept, lookup)) => super::spans::time("index pages unchanged", || {
            super::index_pages::unchanged(&manifest, recorder, kept, lookup)
        }),
        None => Default::default(),
    };
    // Each page is written as it is made: together they list every file
    // of the site.
    let put = |page: &crate::present::Rendered| {
        recorder
            .put_text(&page.path, &page.html)
            .map_err(RenderError::Io)
    };
    // The lists' further pages do not show the manifest's hash: they are
    // made while the manifest is written and hashed.
    let (made, listed) = rayon::join(
        || {
            let _span = super::spans::Span::new("manifest bytes, written");
            let bytes = manifest.to_bytes();
            let sha256 = crate::digest::sha256_hex(&bytes);
            crate::evidence::put_manifest(&bytes, recorder)
                .map(|()| (bytes, sha256))
                .map_err(RenderError::Io)
        },
        || {
            let _span = super::spans::Span::new("index lists rendered");
            match lists {
                true => pages::evidence::render_lists_into(
                    env,
                    records,
                    &manifest,
                    &|p| same.contains(p),
                    &put,
                ),
                false => Ok(Vec::new()),
            }
        },
    );
    let (bytes, sha256) = made?;
    let mut written = listed?;
    if lists {
        let index = pages::evidence::render_index_page(env, records, &manifest, &sha256)?;
        put(&index)?;
        written.push(index.path);
        written.extend(same);
        written.sort();
    }
    // Its list of every file is not needed again.
    drop(manifest);
    super::spans::time("sums written", || {
        crate::evidence::write_sums(&bytes, recorder)
    })
    .map_err(RenderError::Io)?;
    Ok(written)
}
