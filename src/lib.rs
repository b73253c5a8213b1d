//! ismsbook: an ISMS incident handbook and register, from plain files to a
//! static site. The pipeline flows one way:
//! load (files → typed model) → validate (model → diagnostics) →
//! render (model → pages) → write (atomic).

pub mod diagnostics;
pub mod yaml;
pub mod model;
pub mod schema;
pub mod load;
pub mod analysis;
pub mod search;
pub mod svg;
pub mod validate;
pub mod authoring;
pub mod cli;
pub mod audience;
pub mod render;
pub mod write;
pub mod build;
pub mod serve;
