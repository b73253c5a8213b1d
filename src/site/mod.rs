//! Site orchestration: the one place that says what a build does, in order
//! (like mdBook's driver). [`build::build_keeping`] is the whole pipeline;
//! `build`, `check`, `serve` and `verify` call into this module.
//!
//! | file | owns |
//! |---|---|
//! | `build.rs` | the pipeline: load → check → stage → render → commit |
//! | `jobs.rs` | every output of a build as a job (pages, exports) |
//! | `render.rs` | running the jobs into a sink, with evidence and manifest steps |
//! | `memory.rs` | what one render keeps for the next (incremental `serve`) |

pub mod build;
pub mod jobs;
pub mod memory;
pub mod render;

pub use build::{
    build, build_keeping, build_with_progress, BuildError, BuildOptions, BuildReport, Kept, Phase,
};
pub use memory::RenderMemory;
pub use render::{render_site, render_site_again, Previous, RenderStats};
