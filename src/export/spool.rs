//! The exports of a streamed build (`crate::site::stream`): each record's
//! part of every export with a row-wise form ([`super::Rows`]) is
//! serialised while the record is whole, on the worker that rendered it,
//! and appended in publication order to a temporary file per export. The
//! export is then written as its head, the spooled parts and its tail: the
//! bytes [`super::Export::write`] gives over the whole model, which drives
//! the same [`super::Rows`].

use super::{Export, EXPORTS};
use crate::present::Env;
use std::io::{BufWriter, Write};

/// The spooled parts of every export that has a row-wise form, by its
/// place in [`EXPORTS`].
pub struct Spools {
    files: Vec<Option<BufWriter<std::fs::File>>>,
}

/// One record's part of each export (empty for exports without rows).
pub type Parts = Vec<Vec<u8>>;

impl Spools {
    pub fn new() -> Result<Spools, String> {
        let files = EXPORTS
            .iter()
            .map(|e| {
                e.rows
                    .map(|_| tempfile::tempfile().map(BufWriter::new))
                    .transpose()
            })
            .collect::<std::io::Result<_>>()
            .map_err(|e| format!("a temporary file for the exports: {e}"))?;
        Ok(Spools { files })
    }

    /// Record `k` of `env.incidents`' part of every export; `first` when it
    /// is the first record published.
    pub fn parts(env: &Env, k: usize, first: bool) -> std::io::Result<Parts> {
        EXPORTS
            .iter()
            .map(|e| {
                let mut part = Vec::new();
                if let Some(rows) = &e.rows {
                    (rows.row)(env, k, first, &mut part)?;
                }
                Ok(part)
            })
            .collect()
    }

    /// Append records' parts, in publication order.
    pub fn append(&mut self, parts: impl IntoIterator<Item = Parts>) -> Result<(), String> {
        for record in parts {
            for (file, part) in self.files.iter_mut().zip(record) {
                if let Some(f) = file {
                    f.write_all(&part)
                        .map_err(|e| format!("spooling an export: {e}"))?;
                }
            }
        }
        Ok(())
    }

    /// Done appending: the files to read back.
    pub fn finish(self) -> Result<Spooled, String> {
        let files = self
            .files
            .into_iter()
            .map(|f| {
                f.map(|f| f.into_inner().map_err(|e| e.into_error()))
                    .transpose()
            })
            .collect::<std::io::Result<_>>()
            .map_err(|e| format!("spooling an export: {e}"))?;
        Ok(Spooled { files })
    }
}

/// The spooled parts, complete.
pub struct Spooled {
    files: Vec<Option<std::fs::File>>,
}

impl Spooled {
    /// Write `export` to `out` from the summaries in `env` and the spooled
    /// parts, or whole from `env` when it has no row-wise form.
    pub fn write(&self, export: &Export, env: &Env, out: &mut dyn Write) -> std::io::Result<()> {
        let at = EXPORTS.iter().position(|e| e.path == export.path);
        let (Some(rows), Some(Some(file))) = (export.rows, at.map(|k| &self.files[k])) else {
            return (export.write)(env, out);
        };
        (rows.finish)(env, file, out)
    }

    /// The spooled parts of `export`, if it has any.
    pub fn file(&self, export: &Export) -> Option<&std::fs::File> {
        let at = EXPORTS.iter().position(|e| e.path == export.path)?;
        self.files.get(at)?.as_ref()
    }
}
