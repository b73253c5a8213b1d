//! People's names and masked terms in free text: the register of who the
//! content knows of ([`register`]), how text is folded to compare
//! ([`fold`]) and the matcher that finds every variant in one pass
//! ([`matcher`]). Pure functions of the model: `check` (rule E121), the
//! redaction of masked terms and the build's last guard all use them.

pub mod fold;
pub mod matcher;
pub mod project;
pub mod register;
mod walk;

pub use matcher::{Hit, Matcher, Variant};
pub use register::{Field, Mask, Person, Register, Term};
