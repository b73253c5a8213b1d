//! The source map diagnostics are rendered with: the content files' text,
//! read lazily (only files that have diagnostics, so memory stays flat on
//! big registers) and under the loader's rules — no snippet of a file the
//! loader refused (too large, not UTF-8, a link out of the content directory
//! such as `/proc/self/environ`, a device or FIFO that never ends).

use crate::diagnostics::report::SourceMap;
use std::path::{Path, PathBuf};

pub struct SourceFiles {
    root: PathBuf,
}

impl SourceFiles {
    /// The files under the content directory `root`.
    pub fn new(root: &Path) -> SourceFiles {
        SourceFiles {
            root: root.to_path_buf(),
        }
    }
}

impl SourceMap for SourceFiles {
    fn text(&self, file: &str) -> Option<String> {
        super::files::read_text(&self.root, file).ok()
    }
}
