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

/// Whether the file at `path` is one a rebuild defers: a deferred export,
/// or one of the evidence index's `pages`.
pub(super) fn is_deferred_path(path: &str, pages: &[String]) -> bool {
    deferred_exports().any(|e| e.path == path) || pages.iter().any(|p| p == path)
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
    let result = finish_with(&redacted, theme, opts, sink, memory);
    memory.redacted = Some(redacted);
    result
}

fn finish_with(
    redacted: &crate::model::Content,
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
    let summaries = crate::model::summary::all(&redacted.incidents);
    let mut env = Env::new(redacted, &summaries, theme, opts)?;
    env.audit = std::mem::take(&mut memory.audit);
    let old_pages = std::mem::take(&mut memory.evidence_pages);
    let held = std::mem::take(&mut memory.files);
    let before: Vec<Option<(u64, String)>> = deferred_exports()
        .map(|e| held.get(e.path).cloned())
        .collect();
    let recorder = Recorder::over(inner, held);
    recorder.keep_held(|p| !is_deferred_path(p, &old_pages));
    let parts: Vec<&KeptParts> = env
        .incidents
        .iter()
        .map(|(inc, _)| memory.parts.get(&*inc.id))
        .collect::<Option<_>>()
        .ok_or_else(|| RenderError::Io("a record's export parts were not kept".into()))?;
    let mut changed = Vec::new();
    for (export, before) in deferred_exports().zip(before) {
        recorder
            .put_with(export.path, &mut |out| {
                super::parts::write(export, &env, parts.iter().copied(), out)
            })
            .map_err(RenderError::Io)?;
        let now = recorder.entry(export.path).map(|f| (f.size, f.sha256));
        if now != before {
            changed.push(export.path.to_string());
        }
    }
    let pages = super::render::write_evidence_pages(&env, &recorder)?;
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
    memory.files = recorder
        .snapshot()
        .into_iter()
        .map(|f| (f.path, (f.size, f.sha256)))
        .collect();
    memory.audit = std::mem::take(&mut env.audit);
    memory.evidence_pages = pages;
    memory.pending = false;
    Ok((changed, gone))
}
