//! The last guard of a build for an audience that hides people: every file
//! the build is about to publish — its bytes and its name — is searched for
//! every person the content knows of and every masked term
//! (`crate::analysis::names`), and one hit stops the build before anything
//! is published. `check` reports the same names at their source (E121);
//! this guard holds whatever path a name takes to the output (a title in a
//! search shard, packed or not, an evidence file name, an SVG label, a
//! template).
//!
//! Contacts' names may stand on the pages that are there so staff can call
//! ([`CONTACT_PAGES`]); the search shards, built from the pages' text, are
//! searched for everyone else (a contact named on a record page is found on
//! that page). Evidence copies are the organisation's files, published as
//! they are, and are not searched (their names are).

use crate::analysis::names::{Matcher, Register, Term};
use crate::write::{Fill, Sink, Splice};

mod decode;
mod reach;
mod splice;
pub use decode::{decode, decode_text};
use reach::{pieces, Reach, PIECE};
use std::sync::{Arc, Mutex};

/// Pages that list contacts so that staff can call them.
pub const CONTACT_PAGES: &[&str] = &[
    "contacts.html",
    "index.html",
    "levels.html",
    "flow.html",
    "report.html",
    "card.html",
];

/// What was found where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leak {
    pub path: String,
    /// The term as the register has it (a person's name or a masked term).
    pub term: String,
}

/// The register and the matchers made of it: building them (the prefilter
/// is a DFA) costs about a tenth of a second at 10,000 records, so `serve`
/// keeps them between rebuilds while the register is the same
/// ([`Lookup::is_for`]).
pub struct Lookup {
    register: Register,
    everyone: Matcher,
    not_contacts: Matcher,
    contacts: Matcher,
    /// Few patterns, one of which every variant of the others holds: asked
    /// first whether a text can hold a term at all.
    first: Matcher,
    /// No term is written in ASCII alone: lines of ASCII are skipped.
    skip_ascii: bool,
    /// How far the longest term reaches (how much pieces overlap).
    reach: Reach,
}

impl std::fmt::Debug for Lookup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lookup")
            .field("people", &self.register.people.len())
            .field("masks", &self.register.masks.len())
            .finish()
    }
}

impl Lookup {
    pub fn new(register: Register) -> Lookup {
        // Four automata, built two at a time (the build waits for them).
        let ((everyone, first), (not_contacts, contacts)) = rayon::join(
            || {
                rayon::join(
                    || register.matcher(true, true),
                    || register.filter_matcher(true),
                )
            },
            || {
                rayon::join(
                    || register.matcher(false, false),
                    || register.matcher_of(|p| p.contact_role.is_some(), false),
                )
            },
        );
        Lookup {
            skip_ascii: everyone.needs_non_ascii(),
            reach: Reach::of(&everyone),
            everyone,
            not_contacts,
            contacts,
            first,
            register,
        }
    }

    /// Whether it looks for exactly what `register` names.
    pub fn is_for(&self, register: &Register) -> bool {
        self.register.people == register.people && self.register.masks == register.masks
    }
}

/// A [`Sink`] that searches every file before passing it on.
pub struct Guard<'a> {
    inner: &'a dyn Sink,
    lookup: Arc<Lookup>,
    leaks: Mutex<Vec<Leak>>,
}

impl<'a> Guard<'a> {
    pub fn new(inner: &'a dyn Sink, register: Register) -> Guard<'a> {
        Guard::with(inner, Arc::new(Lookup::new(register)))
    }

    /// A guard looking for what `lookup` holds (kept from a render before).
    pub fn with(inner: &'a dyn Sink, lookup: Arc<Lookup>) -> Guard<'a> {
        Guard {
            inner,
            lookup,
            leaks: Mutex::new(Vec::new()),
        }
    }

    /// What it looks for, to keep for the next render.
    pub fn lookup(&self) -> Arc<Lookup> {
        self.lookup.clone()
    }

    /// Nothing to look for.
    pub fn is_idle(&self) -> bool {
        self.lookup.everyone.is_empty()
    }

    fn term(&self, t: usize) -> String {
        match self.lookup.register.term(t) {
            Some(Term::Person(p)) => p.name.clone(),
            Some(Term::Mask(m)) => m.term.clone(),
            None => String::new(),
        }
    }

    /// The terms found in `text`, line by line (a name does not run across
    /// lines; memory stays that of one line). With `contacts_allowed`, what
    /// reads as a contact's name is passed over, even where it could also be
    /// someone else's (`中村` of `中村 大輔` on the contacts page).
    fn terms_in(&self, text: &str, contacts_allowed: bool, out: &mut Vec<usize>) {
        // Most files name nobody: ask that once of the text folded whole,
        // of `first` (every variant holds one of its patterns).
        // Folding drops line breaks (and a voiced mark after one joins
        // nothing), so the whole text folded holds each line's folded text,
        // and no variant in it means none in any line. Not so for a line cut
        // into pieces (a piece's last character may join a mark in the next
        // one), so only texts of short lines are asked whole (a text no
        // longer than a line may be is one without looking).
        let reach = self.lookup.reach.text();
        if text.len() <= WHOLE
            && !self.lookup.first.is_broken()
            && (text.len() <= PIECE + reach || text.split('\n').all(|l| l.len() <= PIECE + reach))
            && !self.lookup.first.is_match(text)
        {
            return;
        }
        for line in text.split('\n').flat_map(|l| pieces(l, reach)) {
            if self.lookup.skip_ascii && line.is_ascii() {
                continue;
            }
            // A piece holding none of `first`'s few patterns holds no term:
            // asked of its small automaton before the matchers of every
            // variant (long lines, large files).
            if !self.lookup.first.is_broken() && !self.lookup.first.is_match(line) {
                continue;
            }
            if !contacts_allowed {
                out.extend(self.lookup.everyone.find(line).into_iter().map(|h| h.term));
                continue;
            }
            let hits = self.lookup.not_contacts.find(line);
            if hits.is_empty() {
                continue;
            }
            let allowed = self.lookup.contacts.find(line);
            out.extend(
                hits.into_iter()
                    .filter(|h| !allowed.iter().any(|a| a.start <= h.start && h.end <= a.end))
                    .map(|h| h.term),
            );
        }
    }

    /// What kind of file `path` is to the guard: an evidence copy (its
    /// bytes are not searched, its name is), and whether contacts' names
    /// may stand in it.
    fn kind_of(path: &str) -> (bool, bool) {
        let name = path.rsplit('/').next().unwrap_or(path);
        let evidence_copy = path.starts_with("evidence/") && !path.ends_with(".html");
        let contact_page =
            (CONTACT_PAGES.contains(&name) && !path.contains('/')) || path.starts_with("search/");
        (evidence_copy, contact_page)
    }

    fn scan(&self, path: &str, bytes: &[u8]) -> Vec<Leak> {
        // A document shard's texts are packed: read them unpacked.
        self.scan_reading(path, bytes, || {
            crate::search::doc_shard_json(bytes).map(std::borrow::Cow::Owned)
        })
    }

    fn leaks_of(&self, path: &str, mut terms: Vec<usize>) -> Vec<Leak> {
        terms.sort_unstable();
        terms.dedup();
        terms
            .into_iter()
            .map(|t| Leak {
                path: path.to_string(),
                term: self.term(t),
            })
            .collect()
    }

    fn record(&self, found: Vec<Leak>) {
        if !found.is_empty() {
            if let Ok(mut l) = self.leaks.lock() {
                l.extend(found);
            }
        }
    }
}

impl Sink for Guard<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        self.record(self.scan(path, bytes));
        self.inner.put(path, bytes)
    }

    /// The file is searched as it streams past (a whole export is never
    /// gathered: `register.json` is hundreds of megabytes at 100,000
    /// records), in pieces that overlap by more than any term, escaped
    /// ([`reach`]),
    /// so a term cut by a piece's end is whole in the next one. A ZIP
    /// archive (`register.xlsx`) is gathered compressed, to be read as
    /// one; its parts are searched as they are inflated ([`zip_terms`]).
    fn put_with(&self, path: &str, fill: Fill) -> Result<(), String> {
        let (evidence_copy, contact_page) = Guard::kind_of(path);
        let mut scanner = Streamed {
            guard: self,
            contacts_allowed: contact_page,
            searched: !evidence_copy,
            zip: None,
            held: Vec::new(),
            terms: Vec::new(),
        };
        self.terms_in(&decode(path.as_bytes()), false, &mut scanner.terms);
        let result = self.inner.put_with(path, &mut |out| {
            let mut tee = Tee {
                out,
                scanner: &mut scanner,
            };
            fill(&mut tee)
        });
        scanner.finish();
        let terms = std::mem::take(&mut scanner.terms);
        self.record(self.leaks_of(path, terms));
        result
    }

    /// Only the new bytes are searched (see [`splice`]); not changed in
    /// place when the context given is too short for the longest term.
    fn splice(&self, path: &str, change: &Splice) -> Result<bool, String> {
        let Some(found) = splice::search(self, path, change) else {
            return Ok(false);
        };
        self.record(found);
        self.inner.splice(path, change)
    }

    /// A page made as text is searched without checking it as UTF-8 again.
    fn put_text(&self, path: &str, text: &str) -> Result<(), String> {
        self.record(self.scan_text(path, text));
        self.inner.put_text(path, text)
    }

    /// A packed search shard is searched in the JSON it packs (`readable`).
    fn put_packed(&self, path: &str, bytes: &[u8], readable: &[u8]) -> Result<(), String> {
        self.record(self.scan_packed(path, bytes, readable));
        self.inner.put_packed(path, bytes, readable)
    }
}

mod report;
mod shards;

/// A streamed file being searched: the bytes not yet searched (and the
/// overlap kept from the last piece).
struct Streamed<'g, 'a> {
    guard: &'g Guard<'a>,
    contacts_allowed: bool,
    searched: bool,
    /// Whether the file is a ZIP archive (known from its first four bytes).
    zip: Option<bool>,
    held: Vec<u8>,
    terms: Vec<usize>,
}

/// A streamed file is searched a piece of about this size at a time, each
/// piece starting before the last one ended by more than any term, escaped
/// ([`Reach::raw`], [`reach::keep_from`]).
const STREAM_PIECE: usize = 1 << 20;

impl Streamed<'_, '_> {
    fn feed(&mut self, bytes: &[u8]) {
        if !self.searched {
            return;
        }
        self.held.extend_from_slice(bytes);
        if self.zip.is_none() && self.held.len() >= 4 {
            self.zip = Some(self.held.starts_with(b"PK\x03\x04"));
        }
        let reach = self.guard.lookup.reach.raw();
        if self.zip != Some(false) || self.held.len() < STREAM_PIECE + reach {
            return;
        }
        // Keep the overlap (all, while what is held is mostly spaces).
        let Some(keep) = reach::keep_from(&self.held, reach).filter(|&k| k > 0) else {
            return;
        };
        let text = decode(&self.held);
        self.guard
            .terms_in(&text, self.contacts_allowed, &mut self.terms);
        drop(text);
        self.held.drain(..keep);
    }

    fn finish(&mut self) {
        if !self.searched {
            return;
        }
        let held = std::mem::take(&mut self.held);
        // The workbook's compressed bytes are not decoded as text (that
        // copy, three bytes for each byte that is not UTF-8, was the
        // 100,000-record build's peak): its names and parts are searched.
        if self.zip != Some(true) || !zip_terms(self.guard, &held, &mut self.terms) {
            self.guard
                .terms_in(&decode(&held), self.contacts_allowed, &mut self.terms);
        }
    }
}

/// Writes through to the file and hands the same bytes to the search.
struct Tee<'w, 's, 'g, 'a> {
    out: &'w mut dyn std::io::Write,
    scanner: &'s mut Streamed<'g, 'a>,
}

impl std::io::Write for Tee<'_, '_, '_, '_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.scanner.feed(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Search the files inside `bytes` when it is a ZIP archive
/// (`register.xlsx`, whose XML is compressed and so unreadable to a plain
/// search) into `terms`. Each part is inflated and searched a piece at a
/// time as a streamed file is ([`Streamed`]), never held whole: the
/// workbook's sheet is hundreds of megabytes at 100,000 records. The
/// archive is the build's own output; a part that cannot be read is passed
/// over as it would be by a reader. Whether `bytes` was read as an
/// archive (if not, the caller searches them as text).
fn zip_terms(guard: &Guard, bytes: &[u8], terms: &mut Vec<usize>) -> bool {
    if !bytes.starts_with(b"PK\x03\x04") {
        return false;
    }
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return false;
    };
    for i in 0..archive.len() {
        let Ok(mut file) = archive.by_index(i) else {
            continue;
        };
        guard.terms_in(file.name(), false, terms);
        let mut part = Streamed {
            guard,
            contacts_allowed: false,
            searched: true,
            zip: Some(false),
            held: Vec::new(),
            terms: Vec::new(),
        };
        if std::io::copy(&mut file, &mut part).is_ok() {
            part.finish();
            terms.append(&mut part.terms);
        }
    }
    true
}

/// A ZIP archive's part searched as it is inflated.
impl std::io::Write for Streamed<'_, '_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.feed(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Longest text asked whole whether it can hold a term at all; a longer
/// one is asked line by line ([`Matcher::find`] asks each first).
const WHOLE: usize = 1 << 20;

#[cfg(test)]
mod tests {
    use super::reach::{OVERLAP, STREAM_OVERLAP};
    use super::*;
    use crate::analysis::names::Field;
    use crate::write::MemorySink;

    #[test]
    fn long_lines_are_searched_in_overlapping_pieces() {
        let line = format!("{}中村{}", "a".repeat(PIECE - 3), "b".repeat(PIECE));
        let all: Vec<&str> = pieces(&line, OVERLAP).collect();
        assert_eq!(all.len(), 2);
        assert!(all[0].contains("中村"));
        assert_eq!(pieces("", OVERLAP).count(), 0);
        assert_eq!(pieces("short", OVERLAP).collect::<Vec<_>>(), ["short"]);
    }

    #[test]
    fn an_archive_is_searched_by_its_names_and_parts_not_its_bytes() {
        let mut xlsx = Vec::new();
        {
            use std::io::Write;
            let mut z = zip::ZipWriter::new(std::io::Cursor::new(&mut xlsx));
            let stored = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            z.start_file("xl/藤田 亮.xml", stored).unwrap();
            z.write_all(b"<t>nothing</t>").unwrap();
            z.finish().unwrap();
        }
        let mut r = Register::default();
        r.add("藤田 亮", None, None, Field::Person);
        let sink = MemorySink::default();
        let g = Guard::new(&sink, r);
        g.put_with("register.xlsx", &mut |w| w.write_all(&xlsx))
            .unwrap();
        let err = g.finish().unwrap_err().render(crate::diagnostics::Lang::En);
        assert!(err.contains("register.xlsx: 藤田 亮"), "{err}");
    }

    #[test]
    fn a_name_in_a_large_zip_part_is_found_a_piece_at_a_time() {
        // A sheet larger than several pieces, the name across where the
        // first piece ends and near the end; the part is never held whole.
        let mut sheet = "<c>a</c>".repeat(STREAM_PIECE / 8);
        sheet.truncate(STREAM_PIECE - 2);
        sheet.push_str("<t>藤田さん</t>");
        sheet.push_str(&"<c>b</c>".repeat(STREAM_PIECE / 4));
        sheet.push_str("<t>中村 大輔</t>");
        let mut xlsx = Vec::new();
        {
            use std::io::Write;
            let mut z = zip::ZipWriter::new(std::io::Cursor::new(&mut xlsx));
            let opts = zip::write::SimpleFileOptions::default();
            z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
            z.write_all(sheet.as_bytes()).unwrap();
            z.start_file("xl/other.xml", opts).unwrap();
            z.write_all(b"<t>nothing</t>").unwrap();
            z.finish().unwrap();
        }
        assert!(xlsx.len() < STREAM_PIECE / 4, "compressed: {}", xlsx.len());
        let mut r = Register::default();
        r.add("藤田 亮", None, None, Field::Person);
        r.add("中村 大輔", None, None, Field::Person);
        r.add("鈴木 一郎", None, None, Field::Person);
        let sink = MemorySink::default();
        let g = Guard::new(&sink, r);
        g.put("a/register.xlsx", &xlsx).unwrap();
        g.put_with("b/register.xlsx", &mut |w| w.write_all(&xlsx))
            .unwrap();
        let err = g.finish().unwrap_err().render(crate::diagnostics::Lang::En);
        for path in ["a/register.xlsx", "b/register.xlsx"] {
            for name in ["藤田 亮", "中村 大輔"] {
                assert!(err.contains(&format!("{path}: {name}")), "{err}");
            }
        }
        assert!(!err.contains("鈴木"), "{err}");
    }

    #[test]
    fn a_kept_lookup_serves_only_the_same_register() {
        let mut r = Register::default();
        r.add("中村 大輔", None, None, Field::Person);
        let lookup = Arc::new(Lookup::new(r.clone()));
        assert!(lookup.is_for(&r));
        let mut other = r.clone();
        other.add("藤田 亮", None, None, Field::Person);
        assert!(!lookup.is_for(&other));
        let sink = MemorySink::default();
        let guard = Guard::with(&sink, lookup);
        guard.put("a.html", "中村 大輔".as_bytes()).unwrap();
        assert!(guard.finish().is_err());
    }

    #[test]
    fn a_streamed_file_is_searched_in_pieces_and_a_term_cut_between_two_is_found() {
        let mut r = Register::default();
        r.add("中村 大輔", None, Some("it_admin"), Field::Person);
        let sink = MemorySink::default();
        let guard = Guard::new(&sink, r);
        // The name lands across the first piece's end, and once more far on,
        // written as character references.
        let mut text = "x".repeat(STREAM_PIECE + STREAM_OVERLAP - 3).into_bytes();
        text.extend_from_slice("中村大輔".as_bytes());
        let clean = "y".repeat(3 * STREAM_PIECE);
        let mut fill = |w: &mut dyn std::io::Write| {
            for chunk in text.chunks(1000) {
                w.write_all(chunk)?;
            }
            w.write_all(clean.as_bytes())
        };
        guard.put_with("register.json", &mut fill).unwrap();
        let msg = guard
            .finish()
            .unwrap_err()
            .render(crate::diagnostics::Lang::En);
        assert!(msg.contains("register.json"), "{msg}");
        // Written through whole.
        let files = sink.into_files();
        assert_eq!(files["register.json"].len(), text.len() + clean.len());
        let sink = MemorySink::default();
        let mut r = Register::default();
        r.add("中村 大輔", None, None, Field::Person);
        let guard = Guard::new(&sink, r);
        let far = format!("{}&#20013;&#x6751;大輔", "z".repeat(2 * STREAM_PIECE + 17));
        guard
            .put_with("actions.csv", &mut |w| w.write_all(far.as_bytes()))
            .unwrap();
        assert!(guard.finish().is_err());
        let sink = MemorySink::default();
        let mut r = Register::default();
        r.add("中村 大輔", None, None, Field::Person);
        let guard = Guard::new(&sink, r);
        guard
            .put_with("register.csv", &mut |w| w.write_all(clean.as_bytes()))
            .unwrap();
        assert!(guard.finish().is_ok());
    }

    #[test]
    fn a_name_in_the_packed_text_of_a_search_shard_is_a_leak() {
        let mut r = Register::default();
        r.add("藤田 亮", None, None, Field::Person);
        let sink = MemorySink::default();
        let g = Guard::new(&sink, r);
        let files = crate::search::build_index(&[crate::search::SearchDoc {
            url: "incidents/A.html".into(),
            kind: "incident".into(),
            title: "件名".into(),
            body: "報告者は藤田 亮さん".into(),
            ..Default::default()
        }]);
        let (path, bytes) = files
            .iter()
            .find(|(p, _)| p.starts_with("search/d-"))
            .unwrap();
        assert!(!String::from_utf8_lossy(bytes).contains("藤田"), "packed");
        g.put(path, bytes).unwrap();
        let err = g.finish().unwrap_err().render(crate::diagnostics::Lang::En);
        assert!(err.contains("search/d-0.js: 藤田 亮"), "{err}");
    }

    #[test]
    fn a_name_in_a_page_or_a_file_name_is_a_leak_but_a_contact_on_the_contacts_page_is_not() {
        let mut r = Register::default();
        r.add("中村 大輔", None, Some("it_admin"), Field::Person);
        r.add("藤田 亮", None, None, Field::Person);
        let sink = MemorySink::default();
        let g = Guard::new(&sink, r);
        g.put("contacts.html", "<p>中村 大輔</p>".as_bytes())
            .unwrap();
        g.put("incidents/A.html", b"<p>ok</p>").unwrap();
        assert!(Guard::new(&sink, Register::default()).finish().is_ok());
        g.put("incidents/B.html", "<p>&#20013;村さん</p>".as_bytes())
            .unwrap();
        g.put("evidence/X/藤田.txt", b"log").unwrap();
        g.put("search/d-01.js", "\"中村\"".as_bytes()).unwrap();
        g.put(
            "report.html",
            "<a href=\"tel:0312345678\">中村 大輔</a>".as_bytes(),
        )
        .unwrap();
        g.put("card.html", "<li>中村 大輔</li>".as_bytes()).unwrap();
        let err = g.finish().unwrap_err().render(crate::diagnostics::Lang::En);
        assert!(err.contains("incidents/B.html: 中村 大輔"), "{err}");
        assert!(err.contains("evidence/X/藤田.txt: 藤田 亮"), "{err}");
        assert!(
            !err.contains("contacts.html")
                && !err.contains("report.html")
                && !err.contains("card.html")
                && !err.contains("search/"),
            "{err}"
        );
        // A name compressed inside a spreadsheet is found too.
        let mut xlsx = Vec::new();
        {
            use std::io::Write;
            let mut z = zip::ZipWriter::new(std::io::Cursor::new(&mut xlsx));
            z.start_file(
                "xl/sharedStrings.xml",
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
            z.write_all("<t>藤田さんの報告</t>".as_bytes()).unwrap();
            z.finish().unwrap();
        }
        let g2 = Guard::new(&sink, {
            let mut r = Register::default();
            r.add("藤田 亮", None, None, Field::Person);
            r
        });
        g2.put("register.xlsx", &xlsx).unwrap();
        let err2 = g2
            .finish()
            .unwrap_err()
            .render(crate::diagnostics::Lang::En);
        assert!(err2.contains("register.xlsx: 藤田 亮"), "{err2}");
        // Everything was still passed on (the staging directory is dropped).
        assert_eq!(sink.into_files().len(), 8);
    }

    /// The terms the guard finds in `text`, and those a search of each line
    /// (each piece of a long line) alone finds: the same.
    fn both_ways(g: &Guard, text: &str, contacts_allowed: bool) -> (Vec<usize>, Vec<usize>) {
        let mut fast = Vec::new();
        g.terms_in(text, contacts_allowed, &mut fast);
        let mut slow = Vec::new();
        for line in text.split('\n').flat_map(|l| pieces(l, OVERLAP)) {
            let hits = g.lookup.not_contacts.find(line);
            if contacts_allowed {
                let allowed = g.lookup.contacts.find(line);
                slow.extend(
                    hits.into_iter()
                        .filter(|h| !allowed.iter().any(|a| a.start <= h.start && h.end <= a.end))
                        .map(|h| h.term),
                );
            } else {
                slow.extend(g.lookup.everyone.find(line).into_iter().map(|h| h.term));
            }
        }
        (fast, slow)
    }

    #[test]
    fn a_planted_name_is_caught_in_every_kind_of_output() {
        let mut r = Register::default();
        r.add("中村 大輔", None, Some("it_admin"), Field::Person);
        r.add("藤田 亮", Some("ふじた りょう"), None, Field::Person);
        r.add("Hanako Sato", None, None, Field::Person);
        let sink = MemorySink::default();
        let g = Guard::new(&sink, r);
        let long = "x".repeat(PIECE * 3);
        let huge = "y".repeat(WHOLE + 10);
        let planted: Vec<(&str, Vec<u8>)> = vec![
            ("incidents/A.html", "<p>報告は藤田さんから</p>".into()),
            ("incidents/B.html", "<p>&#x85E4;&#30000; 亮</p>".into()),
            ("register/2024.html", "<td>ﾌｼﾞﾀ ﾘｮｳ</td>".into()),
            (
                "register.json",
                format!("[{{\"t\":\"{long}\\u85e4\\u7530\"}}]").into(),
            ),
            (
                "register.csv",
                format!("id,title\nA,{huge}\nB,藤田亮の件\n").into(),
            ),
            ("calendar.ics", "SUMMARY:報告 藤\r\n 田さん\r\n".into()),
            ("dashboard.svg", "<text>Sato-san</text>".into()),
            ("search/d-02.js", "[\"藤田様\"]".into()),
            (
                "incidents/C.html",
                format!("<p>{long}</p>\n<p>中村さん</p>").into(),
            ),
            ("evidence/2024/藤田メモ.html", "<p>ok</p>".into()),
            ("incidents/%E8%97%A4%E7%94%B0.html", "<p>ok</p>".into()),
        ];
        for (path, bytes) in &planted {
            g.put(path, bytes).unwrap();
        }
        // Nothing in these.
        g.put("incidents/D.html", "<p>報告なし ﾀﾞｲｽｹ</p>".as_bytes())
            .unwrap();
        g.put("contacts.html", "<p>中村 大輔</p>".as_bytes())
            .unwrap();
        let err = g.finish().unwrap_err().render(crate::diagnostics::Lang::En);
        for (path, _) in &planted {
            assert!(
                err.contains(&format!("{path}: ")),
                "{path} not caught: {err}"
            );
        }
        assert!(
            !err.contains("incidents/D.html") && !err.contains("contacts.html"),
            "{err}"
        );
        // The first question asked of the whole text never hides a term a
        // line or a piece holds, voiced marks at a piece's edge included.
        let texts = [
            format!("{}ﾌｼﾞ\nﾀさん", "a".repeat(40)),
            format!("{}ﾌｼﾞﾀ{}", "a".repeat(PIECE - 3), "ﾞb".repeat(10)),
            format!("{}ﾌｼ\nﾞﾀさん", "a".repeat(PIECE + OVERLAP - 7)),
            "中村\n大輔 中村さん\nhanako\nsato".to_string(),
        ];
        for t in &texts {
            for contacts in [false, true] {
                let (fast, slow) = both_ways(&g, t, contacts);
                assert_eq!(fast, slow, "{t:?}");
            }
        }
    }
}
