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

/// `evidence/index.html` with its further pages and, last, the manifest and
/// `evidence/SHA256SUMS`. Returns the number of pages written. What the
/// index shows of the records is worked out before (`records`): `env` may
/// hold none any more.
pub(super) fn write_evidence_with(
    env: &Env,
    records: &pages::evidence::IndexRecords,
    recorder: &Recorder,
) -> Result<usize, RenderError> {
    write_evidence_of(env, records, recorder, None).map(|(pages, _)| pages.len())
}

/// [`write_evidence_with`], the records read from `env`, returning the
/// paths of the pages written and every file the recorder wrote (as
/// [`Recorder::snapshot`] lists them after the pages). With `kept` (`serve`: what the last render
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
) -> Result<(Vec<String>, Vec<crate::write::FileHash>), RenderError> {
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
) -> Result<(Vec<String>, Vec<crate::write::FileHash>), RenderError> {
    let manifest = crate::evidence::manifest(&env.view.audience, env.today, &env.audit, recorder);
    // The index shows the manifest's SHA-256, so it cannot be in it: the
    // manifest lists every file written before it, SHA256SUMS every file.
    let bytes = manifest.to_bytes();
    // The case book has no audit pages for the readable manifest to lead to.
    let mut written = Vec::new();
    if !env.view.is_case_book() {
        let same = match kept {
            Some((kept, lookup)) => {
                super::index_pages::unchanged(&manifest, recorder, kept, lookup)
            }
            None => Default::default(),
        };
        // Each page is written as it is made: together they list every
        // file of the site.
        let put = |page: &crate::present::Rendered| {
            recorder
                .put_text(&page.path, &page.html)
                .map_err(RenderError::Io)
        };
        written.extend(pages::evidence::render_index_into(
            env,
            records,
            &manifest,
            &crate::digest::sha256_hex(&bytes),
            &|p| same.contains(p),
            &put,
        )?);
        written.extend(same);
        written.sort();
    }
    // Its list of every file is not needed again.
    drop(manifest);
    let files =
        crate::evidence::write_manifest_listing(&bytes, recorder).map_err(RenderError::Io)?;
    Ok((written, files))
}
