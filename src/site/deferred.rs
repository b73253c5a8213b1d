//! The files an incremental rebuild may leave for later (`serve`): the
//! exports too slow to make on every edit ([`super::parts::is_deferred`]:
//! `register.xlsx`), and what lists their hashes, the manifest,
//! `evidence/SHA256SUMS` and `evidence/index.html` with its further pages.
//! A rebuild that defers them writes every other file and leaves these as
//! the render before wrote them (its memory lists them with their old
//! hashes and says [`RenderMemory::is_pending`]); [`finish`] then makes
//! them from the memory alone (the audience's copy of the model, every
//! record's export parts, the evidence prepared and every file's hash), so
//! that the site is what a whole build writes. The server holds back a
//! request for one of them until they are made.

use super::guard::Guard;
use super::memory::{KeptParts, RenderMemory};
use crate::evidence::manifest::MANIFEST_PATH;
use crate::export::EXPORTS;
use crate::present::theme::Theme;
use crate::present::{Env, RenderError, RenderOptions};
use crate::write::{Recorder, Sink};
use std::sync::Arc;

/// The workbook's chunks as last written, and the guard's lookup their
/// text was searched with (none without a guard).
#[derive(Debug)]
pub(super) struct KeptWorkbook {
    book: crate::export::xlsx::KeptBook,
    searched_by: Option<Arc<super::guard::Lookup>>,
    /// The workbook of the last render, made by it ahead of [`finish`]
    /// (beside its search index, on the core that would else wait) and
    /// not yet written.
    made: Option<Made>,
}

/// Drop the workbook a render made ahead and `finish` did not write (a
/// render that makes none: the site's workbook is then its own).
pub(super) fn forget_made(kept: &mut Option<KeptWorkbook>) {
    if let Some(k) = kept.as_mut() {
        k.made = None;
    }
}

/// A workbook's bytes, their size and hash.
#[derive(Debug)]
struct Made {
    bytes: Vec<u8>,
    size: u64,
    digest: crate::digest::Sha256Digest,
}

/// Make `register.xlsx` ahead for [`finish`] to write (a deferring render,
/// once every record's parts and stamp are known: `parts` and `stamps` by
/// the record's index in [`Env::incidents`]): `kept` with the workbook
/// made, searched by `guard` where made anew; `kept` as it was when the
/// records' parts are not all there (then [`finish`] makes it).
pub(super) fn workbook_ahead(
    env: &Env,
    parts: &[KeptParts],
    stamps: &[u64],
    mut kept: Option<KeptWorkbook>,
    guard: Option<&Guard>,
) -> Result<Option<KeptWorkbook>, RenderError> {
    forget_made(&mut kept);
    let n = env.incidents.len();
    if parts.len() != n || stamps.len() != n {
        return Ok(kept);
    }
    let parts: Vec<&KeptParts> = parts.iter().collect();
    let made = made_book(env, &parts, guard, (stamps, &mut kept))?;
    if let (Some(k), Some(made)) = (kept.as_mut(), made) {
        k.made = Some(made);
    }
    Ok(kept)
}

/// The site paths a pending render has yet to make (empty when none is
/// pending).
pub fn deferred_paths(memory: &RenderMemory) -> Vec<String> {
    if !memory.pending {
        return Vec::new();
    }
    deferred_exports()
        .map(|e| e.path.to_string())
        .chain([
            MANIFEST_PATH.to_string(),
            crate::evidence::sums::SUMS_PATH.to_string(),
        ])
        .chain(memory.evidence_pages.iter().cloned())
        .collect()
}

/// The exports a rebuild defers.
pub(super) fn deferred_exports() -> impl Iterator<Item = &'static crate::export::Export> {
    EXPORTS.iter().filter(|e| super::parts::is_deferred(e))
}

/// The files a rebuild defers: the deferred exports and the evidence
/// index's `pages`, looked up by path (every file of the site is asked
/// whether it is one, twice per edit: a scan of the list for each was a
/// tenth of the settle at 10,000 records).
pub(super) fn deferred_set(pages: &[String]) -> std::collections::HashSet<&str> {
    deferred_exports()
        .map(|e| e.path)
        .chain(pages.iter().map(String::as_str))
        .collect()
}

/// Make the files the last render deferred, into `sink` (the folder it
/// rendered into), and update `memory`. Returns the paths written and
/// those no longer part of the site (an evidence index page no longer
/// needed, for the caller to remove); nothing when none is pending.
pub fn finish(
    theme: &Theme,
    opts: &RenderOptions,
    sink: &dyn Sink,
    memory: &mut RenderMemory,
) -> Result<(Vec<String>, Vec<String>), RenderError> {
    if !memory.pending {
        return Ok((Vec::new(), Vec::new()));
    }
    let redacted = memory
        .redacted
        .take()
        .ok_or_else(|| RenderError::Io("no model kept to finish the render with".into()))?;
    // The summaries the render kept (made again if it kept none).
    let mut summaries = std::mem::take(&mut memory.summaries);
    if summaries.len() != redacted.incidents.len() {
        summaries = crate::model::summary::all(&redacted.incidents);
    }
    let result = finish_with(&redacted, &summaries, theme, opts, sink, memory);
    memory.redacted = Some(redacted);
    memory.summaries = summaries;
    result
}

fn finish_with(
    redacted: &crate::model::Content,
    summaries: &[crate::model::summary::Summary],
    theme: &Theme,
    opts: &RenderOptions,
    sink: &dyn Sink,
    memory: &mut RenderMemory,
) -> Result<(Vec<String>, Vec<String>), RenderError> {
    let guard = memory.guard.clone().map(|l| Guard::with(sink, l));
    let inner: &dyn Sink = match &guard {
        Some(g) => g,
        None => sink,
    };
    let strings = super::memory::strings_again(memory.strings.take(), redacted, theme)?;
    let mut env = Env::with_strings(redacted, summaries, theme, opts, &strings)?;
    memory.strings = Some(strings);
    env.audit = std::mem::take(&mut memory.audit);
    let old_pages = std::mem::take(&mut memory.evidence_pages);
    let held = std::mem::take(&mut memory.files);
    let before: Vec<Option<(u64, crate::digest::Sha256Digest)>> = deferred_exports()
        .map(|e| held.get(e.path).copied())
        .collect();
    let recorder = Recorder::over(inner, held);
    let deferred = deferred_set(&old_pages);
    super::spans::time("settle keep_held", || {
        recorder.keep_held_but(deferred.iter().copied())
    });
    drop(deferred);
    // Kept in the order of the records the memory's model has.
    if memory.parts.len() != env.incidents.len() {
        return Err(RenderError::Io(
            "a record's export parts were not kept".into(),
        ));
    }
    let parts: Vec<&KeptParts> = memory.parts.iter().collect();
    let mut changed = Vec::new();
    for (export, before) in deferred_exports().zip(before) {
        if export.path == crate::export::xlsx::PATH {
            let kept = (&memory.stamps[..], &mut memory.workbook);
            let done = super::spans::time("settle workbook", || {
                workbook(&env, &parts, sink, guard.as_ref(), &recorder, kept)
            })?;
            if done {
                if recorder.recorded(export.path) != before {
                    changed.push(export.path.to_string());
                }
                continue;
            }
        }
        recorder
            .put_with(export.path, &mut |out| {
                super::parts::write(export, &env, parts.iter().copied(), out)
            })
            .map_err(RenderError::Io)?;
        let now = recorder.recorded(export.path);
        if now != before {
            changed.push(export.path.to_string());
        }
    }
    let lookup = guard.as_ref().map(Guard::lookup);
    let span = super::spans::Span::new("settle evidence, manifest");
    let pages = super::render::write_evidence_pages(
        &env,
        &recorder,
        Some((&mut memory.index_pages, lookup)),
    )?;
    drop(span);
    if let Some(g) = &guard {
        g.finish().map_err(RenderError::Leak)?;
    }
    changed.extend(pages.iter().cloned());
    let gone = old_pages
        .iter()
        .filter(|p| !pages.contains(p))
        .cloned()
        .collect();
    changed.push(MANIFEST_PATH.to_string());
    changed.push(crate::evidence::sums::SUMS_PATH.to_string());
    // What `SHA256SUMS` was made from: every file the recorder wrote.
    memory.files = recorder.into_files();
    memory.audit = std::mem::take(&mut env.audit);
    memory.evidence_pages = pages;
    memory.pending = false;
    Ok((changed, gone))
}

/// `register.xlsx` from its kept chunks, only those whose records changed
/// compressed again ([`crate::export::xlsx::write_kept`]), written into
/// `sink` past the guard, which searches only the XML made anew: the rest
/// it searched when it was made, for the same names (else every chunk is
/// made again). `false` (nothing written) when a record has no stamp.
fn workbook(
    env: &Env,
    parts: &[&KeptParts],
    sink: &dyn Sink,
    guard: Option<&Guard>,
    recorder: &Recorder,
    (stamps, workbook): (&[u64], &mut Option<KeptWorkbook>),
) -> Result<bool, RenderError> {
    let path = crate::export::xlsx::PATH;
    let made = match workbook.as_mut().and_then(|w| w.made.take()) {
        Some(made) => made,
        None => {
            // Kept in the order of the records the memory's model has.
            if stamps.len() != env.incidents.len() {
                return Ok(false);
            }
            match made_book(env, parts, guard, (stamps, workbook))? {
                Some(made) => made,
                None => return Ok(false),
            }
        }
    };
    sink.put(path, &made.bytes).map_err(RenderError::Io)?;
    recorder
        .record_written(path, made.size, made.digest)
        .map_err(RenderError::Io)?;
    Ok(true)
}

/// The workbook's bytes from its kept chunks ([`workbook`]), and the
/// chunks kept in `workbook`, given every record's parts and stamp (by
/// its index in [`Env::incidents`]).
fn made_book(
    env: &Env,
    parts: &[&KeptParts],
    guard: Option<&Guard>,
    (stamps, workbook): (&[u64], &mut Option<KeptWorkbook>),
) -> Result<Option<Made>, RenderError> {
    use crate::export::xlsx;
    let path = xlsx::PATH;
    let Some(at) = EXPORTS.iter().position(|e| e.path == path) else {
        return Ok(None);
    };
    let lookup = guard.map(Guard::lookup);
    let same = |w: &KeptWorkbook| match (&w.searched_by, &lookup) {
        (None, None) => true,
        (Some(a), Some(b)) => Arc::ptr_eq(a, b),
        _ => false,
    };
    let kept = workbook.take().filter(same).map(|w| w.book);
    let bytes: Vec<&[u8]> = parts.iter().map(|p| p.parts[at].as_slice()).collect();
    let fresh = |xml: &[u8]| {
        if let Some(g) = guard {
            g.search_part(path, xml);
        }
    };
    let mut out = Vec::new();
    let mut hashed = crate::digest::HashingWriter::new(&mut out);
    let book = xlsx::write_kept(env, &bytes, stamps, kept, &fresh, &mut hashed)
        .map_err(|e| RenderError::Io(format!("{path}: {e}")))?;
    let (size, digest) = hashed.finish_digest();
    *workbook = Some(KeptWorkbook {
        book,
        searched_by: lookup,
        made: None,
    });
    Ok(Some(Made {
        bytes: out,
        size,
        digest,
    }))
}
