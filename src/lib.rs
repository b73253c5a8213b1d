//! ismsbook: an ISMS incident handbook and register, from plain files to a
//! static site. The pipeline flows one way:
//! load (files → typed model) → validate (model → diagnostics) →
//! render (model → pages) → write (atomic).

/// The version of ismsbook, written into every page's footer and manifest.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub mod analysis;
pub mod authoring;
pub mod chars;
pub mod cli;
pub mod diagnostics;
pub mod digest;
pub mod evidence;
pub mod export;
pub mod load;
pub mod markup;
pub mod model;
pub mod paths;
pub mod present;
pub mod redact;
pub mod render;
pub mod schema;
pub mod search;
pub mod serve;
pub mod site;
pub mod svg;
pub mod trace;
pub mod validate;
pub mod write;
pub mod yaml;
