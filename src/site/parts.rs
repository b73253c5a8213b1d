//! The row-wise exports of a render that keeps its memory (`serve`): each
//! record's part of every export ([`crate::export::Rows`]) is kept between
//! renders, and an export is written again as its frame around the parts,
//! only the parts of records rendered again being made anew. A record's
//! part depends on that record alone (with the policy, the view and the
//! date of the build, which an incremental rebuild never changes) and on
//! whether it is the first of the file, so a kept part is the bytes the
//! whole model would give.

use super::memory::KeptParts;
use crate::export::spool::Spools;
use crate::export::{Export, EXPORTS};
use crate::present::{Env, RenderError};
use rayon::prelude::*;
use std::io::Write;

/// Every record's parts, by its index in [`Env::incidents`]: those of the
/// records `dirty` marks (all when `None`) made again, the others taken
/// from `kept` at their place there (`places`, see
/// [`super::memory::Order`]; made again too if missing, or made for
/// another place).
pub(super) fn make(
    env: &Env,
    dirty: Option<&[bool]>,
    (kept, places): (Vec<KeptParts>, &[Option<usize>]),
) -> Result<Vec<KeptParts>, RenderError> {
    let mut kept: Vec<Option<KeptParts>> = kept.into_iter().map(Some).collect();
    let taken: Vec<Option<KeptParts>> = (0..env.incidents.len())
        .map(|k| {
            let clean = dirty.is_some_and(|d| !d[k]);
            let at = places.get(k).copied().flatten();
            let part = clean.then(|| kept.get_mut(at?)?.take())??;
            (part.first == (k == 0)).then_some(part)
        })
        .collect();
    taken
        .into_par_iter()
        .enumerate()
        .map(|(k, part)| match part {
            Some(part) => Ok(part),
            None => {
                let mut parts =
                    Spools::parts(env, k, k == 0).map_err(|e| RenderError::Io(e.to_string()))?;
                // Kept until the next edit: not the room each grew into.
                for part in &mut parts {
                    part.shrink_to_fit();
                }
                Ok(KeptParts {
                    first: k == 0,
                    parts,
                })
            }
        })
        .collect()
}

/// Write `export` from the records' kept parts (or whole from `env` when
/// it has no row-wise form).
pub(super) fn write<'p>(
    export: &Export,
    env: &Env,
    parts: impl IntoIterator<Item = &'p KeptParts>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let at = EXPORTS.iter().position(|e| e.path == export.path);
    let (Some(rows), Some(at)) = (export.rows, at) else {
        return (export.write)(env, out);
    };
    let mut file = std::io::BufWriter::with_capacity(256 * 1024, tempfile::tempfile()?);
    for part in parts {
        file.write_all(&part.parts[at])?;
    }
    let file = file.into_inner().map_err(|e| e.into_error())?;
    (rows.finish)(env, &file, out)
}

/// Whether `export` is left out of an incremental rebuild that defers its
/// slow files (`register.xlsx`: a whole workbook compressed again, about a
/// second at 10,000 records) until [`super::deferred::finish`].
pub(super) fn is_deferred(export: &Export) -> bool {
    !export.is_text()
}
