//! Field definitions: the one description of every file's fields. The loader
//! checks shapes against it, and the record skeleton, the template page and
//! the JSON Schema are generated from it, so none of them can drift apart.

pub mod check;
pub mod fields;
pub mod hide;
pub mod names;
mod notification_rules;
mod record;
mod written;

pub use check::{check_shape, check_shape_timed, Times};
pub use fields::{Field, RefKind, Ty};
pub use hide::hideable;
