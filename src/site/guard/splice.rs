//! The guard's search of a file changed in place (`serve`: a text export
//! made again from the records' kept parts, only the changed records'
//! parts new). Only the new bytes are searched, read with the bytes just
//! around them (longer than any term), so a term across either edge is
//! whole; the rest of the file was searched when it was written. The
//! caller changes a file in place only while the guard looks for what it
//! looked for then (`Lookup::is_for` the same register).

use super::{reach, Guard, Leak, Streamed};
use crate::write::Splice;

/// The terms found in the bytes `change` brings, with its context; `None`
/// when the context is too short to hold the rest of the longest term
/// the register has on either side (neither reaches the file's end nor
/// holds more than that term, whitespace aside, before a line break): the
/// file is then written whole, and searched whole.
pub(super) fn search(guard: &Guard, path: &str, change: &Splice) -> Option<Vec<Leak>> {
    let (evidence_copy, contacts_allowed) = Guard::kind_of(path);
    if evidence_copy {
        return Some(Vec::new());
    }
    let need = guard.lookup.reach.raw_least();
    let from_start = change.at == change.before.len() as u64;
    let to_end = change.at + change.removed + change.after.len() as u64 == change.old_size;
    if !(from_start || reach::keep_from(change.before, need).is_some())
        || !(to_end || reach::solid_after(change.after, need))
    {
        return None;
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
    Some(guard.leaks_of(path, terms))
}

impl Guard<'_> {
    /// Search `text`, an XML part of the archive at `path` that its writer
    /// made anew and wrote past the guard (`serve`'s workbook: only the
    /// chunks of rows that changed), as the part would be searched inside
    /// the archive; the archive's other parts were searched when made,
    /// for the same names (the caller checks).
    pub(in crate::site) fn search_part(&self, path: &str, text: &[u8]) {
        let mut scanner = Streamed {
            guard: self,
            contacts_allowed: false,
            searched: true,
            zip: Some(false),
            held: Vec::new(),
            terms: Vec::new(),
        };
        scanner.feed(text);
        scanner.finish();
        let terms = std::mem::take(&mut scanner.terms);
        self.record(self.leaks_of(path, terms));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::names::{Field, Register};
    use crate::write::{MemorySink, Sink};

    fn guard_over(sink: &MemorySink) -> Guard<'_> {
        let mut r = Register::default();
        r.add("藤田 亮", None, None, Field::Person);
        r.add("中村 大輔", None, None, Field::Person);
        Guard::new(sink, r)
    }

    fn change<'a>(with: &'a [&'a [u8]], before: &'a [u8], after: &'a [u8]) -> Splice<'a> {
        Splice {
            old_size: 12,
            at: 4,
            removed: 4,
            with,
            before,
            after,
            spare: None,
        }
    }

    #[test]
    fn a_name_the_new_bytes_bring_is_found_and_the_file_changed() {
        let sink = MemorySink::default();
        sink.put("register.csv", b"aaa\nbbb\nccc\n").unwrap();
        let g = guard_over(&sink);
        let with: &[&[u8]] = &["x,藤田 亮\n".as_bytes()];
        assert!(g
            .splice("register.csv", &change(with, b"aaa\n", b"ccc\n"))
            .unwrap());
        let err = g.finish().unwrap_err().render(crate::diagnostics::Lang::En);
        assert!(err.contains("register.csv: 藤田 亮"), "{err}");
        let files = sink.into_files();
        assert_eq!(files["register.csv"], "aaa\nx,藤田 亮\nccc\n".as_bytes());
    }

    #[test]
    fn a_part_written_past_the_guard_is_searched_as_inside_its_archive() {
        let sink = MemorySink::default();
        let g = guard_over(&sink);
        g.search_part(
            "register.xlsx",
            b"<row r=\"2\"><c><is><t>ok</t></is></c></row>",
        );
        assert!(g.finish().is_ok());
        let g = guard_over(&sink);
        g.search_part(
            "register.xlsx",
            "<c><is><t>&#34276;田 亮</t></is></c>".as_bytes(),
        );
        let err = g.finish().unwrap_err().render(crate::diagnostics::Lang::En);
        assert!(err.contains("register.xlsx: 藤田 亮"), "{err}");
    }

    #[test]
    fn a_name_across_the_edge_of_the_change_is_found_in_its_context() {
        let sink = MemorySink::default();
        sink.put("register.json", b"aaa\nbbb\nccc\n").unwrap();
        let g = guard_over(&sink);
        // 中村 before the change, 大輔 its first bytes.
        let with: &[&[u8]] = &["大輔,".as_bytes()];
        let before = "x 中村 ".as_bytes();
        // The context reaches the file's start and end.
        let edge = Splice {
            old_size: before.len() as u64 + 4,
            at: before.len() as u64,
            ..change(with, before, b"")
        };
        g.splice("register.json", &edge).unwrap();
        assert!(g.finish().is_err());
    }

    #[test]
    fn bytes_without_a_name_pass() {
        let sink = MemorySink::default();
        sink.put("actions.csv", b"aaa\nbbb\nccc\n").unwrap();
        let g = guard_over(&sink);
        let with: &[&[u8]] = &[b"ddd\n"];
        assert!(g
            .splice("actions.csv", &change(with, b"aaa\n", b"ccc\n"))
            .unwrap());
        assert!(g.finish().is_ok());
    }
}
