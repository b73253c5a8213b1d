//! The packed search shards of a build, searched from the JSON they pack.
//!
//! A document shard's texts are packed (raw DEFLATE in base64): searched
//! as a reader sees them, they would have to be unpacked again, which cost
//! about a sixth of the guard's time at 10,000 records. The index builder
//! hands the JSON over with each shard it packs
//! ([`crate::search::IndexFile::unpacked`], the same bytes
//! [`crate::search::doc_shard_json`] unpacks, which the search module's
//! tests hold), and the build passes both ([`crate::write::Sink::put_packed`]);
//! a shard put without its JSON (`serve`, the last shards of an index) is
//! still unpacked ([`Guard::scan`]).

use super::{decode, decode_text, zip_terms, Guard, Leak};

impl Guard<'_> {
    /// The terms in `path`'s name and `bytes`, and in `readable()`: what a
    /// reader sees of a packed file once unpacked (`None` if it is not).
    pub(super) fn scan_reading<'r>(
        &self,
        path: &str,
        bytes: &[u8],
        readable: impl FnOnce() -> Option<std::borrow::Cow<'r, [u8]>>,
    ) -> Vec<Leak> {
        self.scan_as(path, bytes, None, readable)
    }

    /// [`Guard::scan`] of a page made as text: its bytes are `text`'s, read
    /// without checking them as UTF-8 again.
    pub(super) fn scan_text(&self, path: &str, text: &str) -> Vec<Leak> {
        let bytes = text.as_bytes();
        self.scan_as(path, bytes, Some(text), || {
            crate::search::doc_shard_json(bytes).map(std::borrow::Cow::Owned)
        })
    }

    /// [`Guard::scan_reading`], `text` the bytes as text when known.
    fn scan_as<'r>(
        &self,
        path: &str,
        bytes: &[u8],
        text: Option<&str>,
        readable: impl FnOnce() -> Option<std::borrow::Cow<'r, [u8]>>,
    ) -> Vec<Leak> {
        let mut terms = Vec::new();
        self.terms_in(&decode(path.as_bytes()), false, &mut terms);
        let (evidence_copy, contact_page) = Guard::kind_of(path);
        if !evidence_copy {
            // An archive's bytes are compressed: its names and parts are
            // what a reader sees, not its bytes read as text.
            if !zip_terms(self, bytes, &mut terms) {
                let decoded = match text {
                    Some(text) => decode_text(text),
                    None => decode(bytes),
                };
                self.terms_in(&decoded, contact_page, &mut terms);
            }
            if let Some(text) = readable() {
                self.terms_in(&decode(&text), contact_page, &mut terms);
            }
        }
        self.leaks_of(path, terms)
    }

    /// [`Guard::scan`] of a file whose reader sees `readable`: its name and
    /// its own bytes are searched as any file's, and `readable` in place of
    /// what unpacking it would give.
    pub(super) fn scan_packed(&self, path: &str, bytes: &[u8], readable: &[u8]) -> Vec<Leak> {
        self.scan_reading(path, bytes, || Some(readable.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::names::{Field, Register};
    use crate::search::{IndexBuilder, SearchDoc};
    use crate::write::{MemorySink, Sink};

    /// A large index (document shards packed as they fill), one record
    /// naming someone, another a contact.
    fn shards() -> Vec<crate::search::IndexFile> {
        let mut builder = IndexBuilder::new();
        let mut files = Vec::new();
        for k in 0..2600 {
            let body = match k {
                1234 => "報告者は藤田 亮さん".to_string(),
                1500 => "連絡先は中村 大輔".to_string(),
                _ => format!("記録 {k} の本文"),
            };
            let doc = SearchDoc {
                url: format!("incidents/INC-{k}.html"),
                kind: "incident".into(),
                title: format!("件名 {k}"),
                body,
                ..Default::default()
            };
            files.extend(builder.add_prepared(crate::search::PreparedDoc::new(doc)));
        }
        files
    }

    #[test]
    fn a_name_in_a_shard_handed_over_with_its_json_is_found_and_a_contact_is_not() {
        let files = shards();
        assert!(files.len() >= 5, "{}", files.len());
        let mut r = Register::default();
        r.add("藤田 亮", None, None, Field::Person);
        r.add("中村 大輔", None, Some("it_admin"), Field::Person);
        let sink = MemorySink::default();
        let guard = Guard::new(&sink, r);
        for f in &files {
            let json = f.unpacked.as_deref().expect("a packed shard");
            assert_eq!(
                crate::search::doc_shard_json(&f.bytes).as_deref(),
                Some(json)
            );
            assert!(
                !String::from_utf8_lossy(&f.bytes).contains("藤田"),
                "packed"
            );
            guard.put_packed(&f.path, &f.bytes, json).unwrap();
        }
        let err = guard
            .finish()
            .unwrap_err()
            .render(crate::diagnostics::Lang::En);
        let found: Vec<&str> = err.lines().filter(|l| l.contains(": 藤田 亮")).collect();
        assert_eq!(found.len(), 1, "{err}");
        assert!(!err.contains("中村"), "{err}");
        // What is stored is the file itself, not its JSON.
        let stored = sink.into_files();
        assert!(files.iter().all(|f| stored[&f.path] == f.bytes));
    }

    #[test]
    fn the_json_handed_over_is_searched_whatever_the_file_holds() {
        let mut r = Register::default();
        r.add("藤田 亮", None, None, Field::Person);
        let sink = MemorySink::default();
        let guard = Guard::new(&sink, r);
        guard
            .put_packed("search/d-0.js", b"x", "[\"藤田さん\"]".as_bytes())
            .unwrap();
        guard
            .put_packed("search/d-1.js", "藤田 亮".as_bytes(), b"[]")
            .unwrap();
        let err = guard
            .finish()
            .unwrap_err()
            .render(crate::diagnostics::Lang::En);
        assert!(err.contains("search/d-0.js: 藤田 亮"), "{err}");
        assert!(err.contains("search/d-1.js: 藤田 亮"), "{err}");
    }
}
