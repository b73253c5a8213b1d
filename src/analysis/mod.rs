//! Facts computed from the model that both the validator and the pages need
//! (so a page can never disagree with `check`).

pub mod controls;
pub mod deadlines;
pub mod deviations;
pub mod metrics;
pub mod names;
pub mod notifications;
