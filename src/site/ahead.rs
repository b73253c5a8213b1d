//! The workbook a deferring rebuild (`serve`) makes ahead of the settle,
//! on a thread of its own ([`super::deferred::book_pool`]): started as
//! soon as every record's parts are made, beside the steps after them
//! (the page kinds' instances, the digests, the pages, the search index),
//! and waited for once the search index is updated.

use super::deferred::KeptWorkbook;
use super::guard::Guard;
use super::memory::KeptParts;
use crate::present::{Env, RenderError};
use std::sync::Mutex;

/// What the workbook made ahead is made from, besides the environment
/// and the records' parts, and where it is left.
pub(super) struct Ahead<'s> {
    /// The workbook's chunks as the last render left them.
    pub(super) kept: Option<KeptWorkbook>,
    /// Every record's stamp, by its index in [`Env::incidents`].
    pub(super) stamps: &'s [u64],
    pub(super) guard: Option<&'s Guard<'s>>,
    /// The chunks with the workbook made (or the error), once made.
    pub(super) made: &'s Made,
}

/// Where the workbook made ahead is left for the render to take.
pub(super) type Made = Mutex<Option<Result<Option<KeptWorkbook>, RenderError>>>;

impl<'s> Ahead<'s> {
    /// Start making the workbook on `scope`'s pool, from `parts` (the
    /// kept chunks left as they were, for the settle, when there are none).
    pub(super) fn start<'e: 's>(
        self,
        scope: &rayon::Scope<'s>,
        env: &'s Env<'e>,
        parts: Option<&'s [KeptParts]>,
    ) {
        let Some(parts) = parts else {
            if let Ok(mut slot) = self.made.lock() {
                *slot = Some(Ok(self.kept));
            }
            return;
        };
        scope.spawn(move |_| {
            let made = super::spans::time("workbook ahead", || {
                super::deferred::workbook_ahead(env, parts, self.stamps, self.kept, self.guard)
            });
            if let Ok(mut slot) = self.made.lock() {
                *slot = Some(made);
            }
        });
    }
}

/// The workbook left in `made`: `None` when none was started.
pub(super) fn take(made: Made) -> Option<Result<Option<KeptWorkbook>, RenderError>> {
    made.into_inner().ok().flatten()
}
