//! How far a term can reach in what the guard searches, and so where a
//! long text may be cut into pieces searched one at a time: two pieces
//! overlap by more than any term the register holds (a longer name or
//! masked term than usual makes them overlap more, never less than the
//! floors that serve the usual ones), counted without whitespace, since
//! [`crate::analysis::names::fold`] reads any run of spaces between two
//! words of a term as one.

use crate::analysis::names::fold::is_space;
use crate::analysis::names::Matcher;

/// Longest piece of a line searched at once (a JSON export is one line).
pub(super) const PIECE: usize = 16 * 1024;
/// The least overlap of two pieces of a line (decoded text).
pub(super) const OVERLAP: usize = 256;
/// The least overlap of two pieces of a streamed file, in its bytes.
pub(super) const STREAM_OVERLAP: usize = 4096;

/// Bytes of decoded text one folded character of a term comes from at
/// most: a character (4) and a voiced mark joined to it (3).
const TEXT_PER_CHAR: usize = 8;
/// The same in a file's bytes: each of those two characters written as an
/// escape of up to 12 bytes (`&#x0004E2D;`, four `%XX`).
const RAW_PER_CHAR: usize = 24;

/// The longest term, in folded characters.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Reach {
    chars: usize,
}

impl Reach {
    /// The reach of the longest variant `m` looks for.
    pub(super) fn of(m: &Matcher) -> Reach {
        let chars = m
            .variants()
            .iter()
            .map(|v| v.folded.chars().count())
            .max()
            .unwrap_or(0);
        Reach { chars }
    }

    /// More bytes of decoded text, whitespace aside, than any term spans.
    pub(super) fn text(self) -> usize {
        (self.chars * TEXT_PER_CHAR + 1).max(OVERLAP)
    }

    /// More bytes of a file, whitespace aside, than any term spans,
    /// escaped or not.
    pub(super) fn raw(self) -> usize {
        self.raw_least().max(STREAM_OVERLAP)
    }

    /// [`Reach::raw`] without its floor (what a splice's context needs).
    pub(super) fn raw_least(self) -> usize {
        self.chars * RAW_PER_CHAR + 1
    }
}

/// `line` in overlapping pieces of about [`PIECE`] bytes, so that a long
/// line is folded a piece at a time: each piece but the last holds
/// `PIECE + reach` bytes that are not whitespace, and the next starts
/// where the last `reach` of them start, so a term across a piece's end
/// is whole in the next one, however many spaces stand in it.
pub(super) fn pieces(line: &str, reach: usize) -> impl Iterator<Item = &str> {
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let s = start?;
        let rest = &line[s..];
        let end = if rest.len() <= PIECE + reach {
            line.len()
        } else {
            s + solid_ahead(rest, PIECE + reach)
        };
        if end >= line.len() {
            start = None;
            return (!rest.is_empty()).then_some(rest);
        }
        // Past `s`: the piece holds `PIECE` more solid bytes than `reach`.
        start = Some(solid_back(&line[s..end], reach) + s);
        Some(&line[s..end])
    })
}

/// Where in `s` the first `n` bytes that are not whitespace end.
fn solid_ahead(s: &str, n: usize) -> usize {
    let mut count = 0;
    for (i, c) in s.char_indices() {
        if count >= n {
            return i;
        }
        if !is_space(c) {
            count += c.len_utf8();
        }
    }
    s.len()
}

/// Where in `s` the last `n` bytes that are not whitespace start (0 when
/// it has fewer).
fn solid_back(s: &str, n: usize) -> usize {
    let mut count = 0;
    for (i, c) in s.char_indices().rev() {
        if !is_space(c) {
            count += c.len_utf8();
            if count >= n {
                return i;
            }
        }
    }
    0
}

/// Where to keep a streamed file's `held` bytes from so that a term cut
/// by their end is whole in what is kept: the start of the character from
/// which `n` bytes that are not whitespace follow, or just after a line
/// break (no term runs across one). `None` when `held` has neither.
pub(super) fn keep_from(held: &[u8], n: usize) -> Option<usize> {
    let mut count = 0;
    let mut end = held.len();
    while end > 0 {
        let (start, c) = char_before(held, end);
        if c == Some('\n') && bare_break(held, start) {
            return Some(start + 1);
        }
        match c {
            Some(c) if is_space(c) => {}
            _ => count += end - start,
        }
        if count >= n {
            return Some(start);
        }
        end = start;
    }
    None
}

/// Whether `bytes` (a file's, from just after a change) hold `n` bytes
/// that are not whitespace before a line break or their end.
pub(super) fn solid_after(bytes: &[u8], n: usize) -> bool {
    let valid = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        // Cut inside a character: what comes after is not read.
        Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
    };
    let mut count = 0;
    for (i, c) in valid.char_indices() {
        if c == '\n' && bare_break(bytes, i) {
            return true;
        }
        if !is_space(c) {
            count += c.len_utf8();
        }
        if count >= n {
            return true;
        }
    }
    false
}

/// The character that ends at `end` (its start; `None` for bytes that are
/// not UTF-8, taken one at a time).
fn char_before(bytes: &[u8], end: usize) -> (usize, Option<char>) {
    let mut start = end - 1;
    while start > 0 && end - start < 4 && bytes[start] & 0xc0 == 0x80 {
        start -= 1;
    }
    match std::str::from_utf8(&bytes[start..end]) {
        Ok(s) => (start, s.chars().next()),
        Err(_) => (end - 1, None),
    }
}

/// Whether the `\n` at `at` breaks the line for the guard: not an
/// iCalendar fold (`\r\n` and a space or tab, which decoding takes out),
/// nor possibly one (the byte after it not known yet).
fn bare_break(bytes: &[u8], at: usize) -> bool {
    let folds = at > 0 && bytes[at - 1] == b'\r';
    match bytes.get(at + 1) {
        None => !folds,
        Some(b' ' | b'\t') => !folds,
        Some(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;
    use crate::analysis::names::{Field, Mask};
    use crate::write::MemorySink;

    /// A register with a masked term of `n` kanji (longer than the old
    /// fixed overlaps) and one of two words, which a space may part.
    fn long_register(n: usize) -> (Register, String) {
        let mask = "機密".repeat(n / 2);
        let mut r = Register::default();
        for term in [mask.as_str(), "極秘計画 第七号"] {
            r.masks.push(Mask {
                term: term.to_string(),
                label: "X".into(),
            });
        }
        r.add("中村 大輔", None, None, Field::Person);
        (r, mask)
    }

    fn refused(g: &Guard) -> String {
        match g.finish() {
            Ok(()) => String::new(),
            Err(m) => m.render(crate::diagnostics::Lang::En),
        }
    }

    #[test]
    fn a_long_term_across_where_a_long_line_is_cut_is_found() {
        let (r, mask) = long_register(200);
        assert!(mask.len() > 256);
        let sink = MemorySink::default();
        let g = Guard::new(&sink, r);
        // The term starts just before the first piece's nominal end.
        let line = format!(
            "{} {mask} {}",
            "a".repeat(PIECE - 20),
            "b".repeat(2 * PIECE)
        );
        g.put("incidents/0.html", line.as_bytes()).unwrap();
        // A term whose words stand far apart, spaces between (read as one).
        let spaced = format!(
            "{}極秘計画{}第七号{}",
            "c".repeat(PIECE - 10),
            " ".repeat(400),
            "d".repeat(PIECE)
        );
        g.put("incidents/1.html", spaced.as_bytes()).unwrap();
        let err = refused(&g);
        for k in 0..2 {
            assert!(err.contains(&format!("incidents/{k}.html")), "{k}: {err}");
        }
    }

    #[test]
    fn a_long_escaped_term_across_where_a_stream_is_cut_is_found() {
        let (r, mask) = long_register(1400);
        let escaped: String = mask
            .chars()
            .map(|c| format!("&#x{:X};", c as u32))
            .collect();
        assert!(escaped.len() > 2 * 4096);
        let sink = MemorySink::default();
        let g = Guard::new(&sink, r);
        // Fed 1,000 bytes at a time: the first search happens within 1,000
        // bytes of STREAM_PIECE + 4,096; the term straddles any such cut.
        let mut text = "x".repeat(STREAM_PIECE - 2000).into_bytes();
        text.extend_from_slice(escaped.as_bytes());
        text.extend_from_slice("y".repeat(2 * STREAM_PIECE).as_bytes());
        g.put_with("register.json", &mut |w| {
            for chunk in text.chunks(1000) {
                w.write_all(chunk)?;
            }
            Ok(())
        })
        .unwrap();
        assert!(refused(&g).contains("register.json"));
    }

    #[test]
    fn a_splice_whose_context_a_long_term_outreaches_is_not_passed() {
        let (r, mask) = long_register(700);
        let bytes = mask.as_bytes();
        // The term starts 1,500 bytes before the change and ends in it; the
        // caller hands 1 KiB of context.
        let cut = bytes.len() - 600;
        let cut = (0..=cut).rev().find(|&k| mask.is_char_boundary(k)).unwrap();
        let file: Vec<u8> = [b"x".repeat(5000).as_slice(), &bytes[..cut], b"old", b"tail"].concat();
        let sink = MemorySink::default();
        sink.put("register.csv", &file).unwrap();
        let g = Guard::new(&sink, r);
        let at = 5000 + cut;
        let before = &file[at - 1024..at];
        let with: &[&[u8]] = &[&bytes[cut..]];
        let change = crate::write::Splice {
            old_size: file.len() as u64,
            at: at as u64,
            removed: 3,
            with,
            before,
            after: b"tail",
            spare: None,
        };
        let spliced = g.splice("register.csv", &change).unwrap();
        // Either the guard refuses the splice (the caller then writes the
        // whole file, searched whole) or it finds the term.
        assert!(
            !spliced || refused(&g).contains("register.csv"),
            "{spliced}"
        );
        if !spliced {
            assert_eq!(sink.into_files()["register.csv"], file, "left as it was");
        }
    }

    #[test]
    fn usual_names_leave_the_overlaps_and_a_splice_as_they_were() {
        let mut r = Register::default();
        r.add(
            "中村 大輔",
            Some("なかむら だいすけ"),
            Some("it_admin"),
            Field::Person,
        );
        r.add("Hanako Sato", None, None, Field::Person);
        let sink = MemorySink::default();
        let g = Guard::new(&sink, r);
        let reach = g.lookup.reach;
        assert_eq!(
            (reach.text(), reach.raw()),
            (super::OVERLAP, super::STREAM_OVERLAP)
        );
        assert!(reach.raw_least() < 1024, "{}", reach.raw_least());
        // 1 KiB of one-line JSON on each side: searched in place.
        let file = format!("[{}]", "{\"t\":\"x\"},".repeat(400));
        sink.put("register.json", file.as_bytes()).unwrap();
        let at = 2000;
        let change = crate::write::Splice {
            old_size: file.len() as u64,
            at: at as u64,
            removed: 10,
            with: &[b"{\"t\":\"y\"},"],
            before: &file.as_bytes()[at - 1024..at],
            after: &file.as_bytes()[at + 10..at + 10 + 1024],
            spare: None,
        };
        assert!(g.splice("register.json", &change).unwrap());
        assert!(g.finish().is_ok());
    }
}
