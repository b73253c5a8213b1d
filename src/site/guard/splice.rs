//! The guard's search of a file changed in place (`serve`: a text export
//! made again from the records' kept parts, only the changed records'
//! parts new). Only the new bytes are searched, read with the bytes just
//! around them (longer than any term), so a term across either edge is
//! whole; the rest of the file was searched when it was written. The
//! caller changes a file in place only while the guard looks for what it
//! looked for then (`Lookup::is_for` the same register).

use super::{Guard, Leak, Streamed};
use crate::write::Splice;

/// The terms found in the bytes `change` brings, with its context.
pub(super) fn search(guard: &Guard, path: &str, change: &Splice) -> Vec<Leak> {
    let (evidence_copy, contacts_allowed) = Guard::kind_of(path);
    if evidence_copy {
        return Vec::new();
    }
    let mut scanner = Streamed {
        guard,
        contacts_allowed,
        searched: true,
        // Only text is changed in place.
        zip: Some(false),
        held: Vec::new(),
        terms: Vec::new(),
    };
    scanner.feed(change.before);
    for piece in change.with {
        scanner.feed(piece);
    }
    scanner.feed(change.after);
    scanner.finish();
    let terms = std::mem::take(&mut scanner.terms);
    guard.leaks_of(path, terms)
}
