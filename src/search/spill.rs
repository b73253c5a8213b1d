//! The builder's postings spilled to temporary files in bounded memory.
//!
//! When the raw postings in memory pass the builder's budget they are
//! written out as a *run* and memory starts empty again; at the end the runs
//! are merged one term shard at a time, so only one shard's postings (a few
//! per thread) are ever read back at once.
//!
//! A run holds every term of the postings spilled at once, each with its raw
//! postings exactly as [`Raw`](super::postings::Raw) keeps them (the first
//! document's id counted from 0, so a piece needs nothing from the run
//! before it). Terms are ordered by their *position* and then by their text.
//! The position is the term's bucket, the low 12 bits of its hash (which
//! pick its term shard whatever the shard count, a power of two up to
//! [`BUCKETS`]), with the bits in reverse order: then the buckets of any one
//! shard are neighbours in every run, and a shard is one read per run.
//! Documents arrive in order and each run holds a term once, so a term's
//! postings are its pieces in run order, one after the other.
//!
//! Each run is an anonymous temporary file (`tempfile::tempfile`, as the
//! export spools): the system removes it when it is closed, also when the
//! build fails or is killed.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::ops::Range;
use std::sync::Mutex;

use super::encode::fnv1a;
use super::index::{Count, BUCKETS};
use super::postings::{Postings, RawIter, Terms};

/// Bits of a bucket.
const BITS: u32 = BUCKETS.trailing_zeros();
const _: () = assert!(BUCKETS.is_power_of_two() && BITS > 0);

/// The position of `term` in a run (see the module comment).
fn position(term: &str) -> usize {
    let bucket = fnv1a(term) & (BUCKETS as u32 - 1);
    (bucket.reverse_bits() >> (32 - BITS)) as usize
}

/// The positions of the terms of shard `k` among `shards` (a power of two
/// up to [`BUCKETS`]): those whose bucket ends in the bits of `k`.
pub(crate) fn shard_positions(k: usize, shards: usize) -> Range<usize> {
    let bits = shards.trailing_zeros();
    let width = BUCKETS >> bits;
    let high = match bits {
        0 => 0,
        _ => ((k as u32).reverse_bits() >> (32 - bits)) as usize,
    };
    high * width..(high + 1) * width
}

/// One spilled run.
struct Run {
    file: Mutex<File>,
    /// Where the terms of each position start, then the run's length.
    starts: Vec<u64>,
}

/// The runs spilled so far, in document order.
#[derive(Default)]
pub(crate) struct Runs {
    runs: Vec<Run>,
    /// Where the temporary files go (`None`: the system's temporary
    /// directory).
    pub(crate) dir: Option<std::path::PathBuf>,
}

fn push_leb(out: &mut Vec<u8>, mut v: usize) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn read_leb(bytes: &[u8], at: &mut usize) -> Option<usize> {
    let (mut v, mut shift) = (0usize, 0u32);
    loop {
        let b = *bytes.get(*at)?;
        *at += 1;
        v |= usize::from(b & 0x7f).checked_shl(shift)?;
        if b & 0x80 == 0 {
            return Some(v);
        }
        shift += 7;
    }
}

impl Runs {
    pub(crate) fn len(&self) -> usize {
        self.runs.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// Writes `terms` as the next run.
    pub(crate) fn spill(&mut self, terms: &Terms) -> io::Result<()> {
        let mut entries: Vec<(usize, &str, &[u8])> = terms
            .entries()
            .into_iter()
            .map(|(term, raw)| (position(term), term, raw.bytes()))
            .collect();
        entries.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let file = match &self.dir {
            Some(dir) => tempfile::tempfile_in(dir)?,
            None => tempfile::tempfile()?,
        };
        let mut out = BufWriter::with_capacity(1 << 16, file);
        let mut starts = Vec::with_capacity(BUCKETS + 1);
        let mut at = 0u64;
        let mut head = Vec::with_capacity(16);
        for (pos, term, bytes) in entries {
            while starts.len() <= pos {
                starts.push(at);
            }
            head.clear();
            push_leb(&mut head, term.len());
            head.extend_from_slice(term.as_bytes());
            push_leb(&mut head, bytes.len());
            out.write_all(&head)?;
            out.write_all(bytes)?;
            at += (head.len() + bytes.len()) as u64;
        }
        starts.resize(BUCKETS + 1, at);
        let file = out.into_inner().map_err(|e| e.into_error())?;
        self.runs.push(Run {
            file: Mutex::new(file),
            starts,
        });
        Ok(())
    }

    /// The terms at `positions` of every run, read back: one buffer a run,
    /// in run order.
    pub(crate) fn read(&self, positions: Range<usize>) -> io::Result<Vec<Vec<u8>>> {
        self.runs
            .iter()
            .map(|run| {
                let from = run.starts[positions.start];
                let to = run.starts[positions.end];
                let mut buf = vec![0; (to - from) as usize];
                let mut file = run
                    .file
                    .lock()
                    .map_err(|_| io::Error::other("a spilled run was left half read"))?;
                file.seek(SeekFrom::Start(from))?;
                file.read_exact(&mut buf)?;
                Ok(buf)
            })
            .collect()
    }
}

/// Every term's piece in `bufs` (runs read back by [`Runs::read`], in run
/// order), sorted by term, the pieces of one term in run order.
pub(crate) fn pieces(bufs: &[Vec<u8>]) -> io::Result<Vec<(&str, &[u8])>> {
    let bad = || io::Error::new(io::ErrorKind::InvalidData, "a spilled run is damaged");
    let mut out = Vec::new();
    for buf in bufs {
        let mut at = 0;
        while at < buf.len() {
            let len = read_leb(buf, &mut at).ok_or_else(bad)?;
            let term = buf.get(at..at + len).ok_or_else(bad)?;
            let term = std::str::from_utf8(term).map_err(|_| bad())?;
            at += len;
            let len = read_leb(buf, &mut at).ok_or_else(bad)?;
            let bytes = buf.get(at..at + len).ok_or_else(bad)?;
            at += len;
            out.push((term, bytes));
        }
    }
    // Stable: a term's pieces stay in run order, that is document order.
    out.sort_by(|a, b| a.0.cmp(b.0));
    Ok(out)
}

/// One term's pieces, in document order.
pub(crate) struct Pieces<'a>(&'a [(&'a str, &'a [u8])]);

impl Postings for Pieces<'_> {
    fn postings(&self) -> impl Iterator<Item = (u32, Count)> + '_ {
        self.0.iter().flat_map(|(_, bytes)| RawIter::new(bytes))
    }
}

/// The terms of `pieces` (sorted by term), each once with its pieces.
pub(crate) fn merged<'a>(pieces: &'a [(&'a str, &'a [u8])]) -> Vec<(&'a str, Pieces<'a>)> {
    pieces
        .chunk_by(|a, b| a.0 == b.0)
        .map(|same| (same[0].0, Pieces(same)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shards_terms_lie_together_in_a_run() {
        let terms: Vec<String> = (0..5000).map(|k| format!("term{k}")).collect();
        for shards in [1usize, 2, 8, 64, BUCKETS] {
            for term in &terms {
                let k = fnv1a(term) as usize % shards;
                assert!(
                    shard_positions(k, shards).contains(&position(term)),
                    "{term} among {shards}"
                );
            }
            // The shards' ranges cover every position once.
            let mut ranges: Vec<Range<usize>> =
                (0..shards).map(|k| shard_positions(k, shards)).collect();
            ranges.sort_by_key(|r| r.start);
            assert_eq!(ranges[0].start, 0);
            assert!(ranges.windows(2).all(|w| w[0].end == w[1].start));
            assert_eq!(ranges[shards - 1].end, BUCKETS);
        }
    }

    #[test]
    fn lebs_round_trip() {
        let mut out = Vec::new();
        for v in [0, 1, 127, 128, 300, 1 << 20, usize::MAX] {
            out.clear();
            push_leb(&mut out, v);
            let mut at = 0;
            assert_eq!(read_leb(&out, &mut at), Some(v));
            assert_eq!(at, out.len());
        }
        let mut at = 0;
        assert_eq!(read_leb(&[0x80], &mut at), None);
    }

    #[test]
    fn a_damaged_run_is_an_error() {
        let bufs = vec![vec![5, b'a']];
        let err = pieces(&bufs).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
    }
}
