//! Site orchestration: the one place that says what a build does, in order
//! (like mdBook's driver). [`build::build_keeping`] is the whole pipeline;
//! `build`, `check`, `serve` and `verify` call into this module: [`build`]
//! and [`build_keeping`] (serve), [`check`] (the same rules without
//! rendering, each record checked as it is read) and [`verify`] (a built
//! site against its manifest).
//!
//! | file | owns |
//! |---|---|
//! | `build.rs` | the pipeline: load → check → stage → render → commit |
//! | `jobs.rs` | every output of a build as a job (pages, exports) |
//! | `stream.rs` | `build`'s render: the register read a chunk at a time, each record's page and export parts made as it is read, summaries kept |
//! | `render.rs` | running the jobs over the whole model (`serve`, the case book), with evidence and manifest steps |
//! | `memory.rs` | what one render keeps for the next (incremental `serve`) |
//! | `guard/` | the last check of every file an audience hiding people is about to get |

mod assets;
pub mod build;
mod deferred;
pub mod guard;
mod hashed;
mod index_pages;
pub mod jobs;
pub mod memory;
mod parts;
pub mod render;
mod reread;
mod skip;
pub mod spans;
mod splice;
pub mod stream;
pub mod trim;

pub use build::{
    build, build_keeping, build_with_progress, BuildError, BuildOptions, BuildReport, Kept, Phase,
};
pub use deferred::{deferred_paths, finish as finish_deferred};
pub use memory::RenderMemory;
pub use render::{render_site, render_site_again, Previous, RenderStats};

use crate::load::LoadError;
use crate::validate::Checked;
use chrono::{FixedOffset, NaiveDate};
use std::path::Path;

/// `ismsbook check`: every rule of the build's check step, without
/// rendering, so the register need not be kept whole: each record is
/// checked on the thread that read it. `today` gets the site's timezone.
pub fn check(
    content: &Path,
    today: impl Fn(FixedOffset) -> NaiveDate + Sync,
) -> Result<Checked, LoadError> {
    let git = std::thread::scope(|s| {
        let git = s.spawn(|| crate::evidence::git::Git::read(content));
        let checked = crate::validate::load_and_check(content, &today);
        (git.join().ok(), checked)
    });
    let (git, checked) = git;
    let mut checked = checked?;
    if let Some(repo) = git.as_ref().and_then(|g| g.repository()) {
        let today = today(checked.content.site.timezone);
        let mut all = std::mem::take(&mut checked.diagnostics);
        all.extend(crate::evidence::approval::check(
            content,
            repo,
            &checked.content,
            today,
        ));
        checked.diagnostics = all.sorted();
    }
    Ok(checked)
}

/// `ismsbook verify DIR`: the files of a built site against its manifest.
pub use crate::evidence::verify::{verify, Verified};
