//! The text exports of a render that keeps its memory (`serve`:
//! `register.json`, `register.csv`, `actions.csv`, about 40 MB at 10,000
//! records), changed in place. Each is its frame around the records' parts
//! ([`crate::export::framed`]); the render keeps, per file, each part's
//! record stamp (see [`super::skip`]) and length in the file's order, and
//! the SHA-256 state every [`MARK_EVERY`] bytes. A rebuild finds the run of
//! parts whose stamps differ from the last render's (an edited record, a
//! record added, removed or moved, and the neighbours rendered again with
//! it), hashes the file from the last state before that run (never the
//! bytes before it), and hands the sink the run's new bytes
//! ([`crate::write::Splice`]): the served folder's file is made again from
//! the old one's bytes around the run, and the name guard searches the new
//! bytes only. A part depends on its record alone, and on whether it is the
//! file's first (JSON's comma): equal stamps at the same place before the
//! run, or both past the first after it, mean equal bytes.

use super::memory::KeptParts;
use crate::digest::Sha256Digest;
use crate::export::Export;
use crate::present::{Env, RenderError};
use crate::write::{Older, Recorder, Spare, Splice};
use sha2::{Digest, Sha256};

/// The SHA-256 state is kept about this many bytes apart.
const MARK_EVERY: u64 = 256 * 1024;
/// Bytes of the file on each side of a change that the guard reads with
/// it (longer than any term, escaped or not).
const CONTEXT: usize = 1024;

/// What the last render wrote of one text export.
#[derive(Clone)]
pub(super) struct KeptFile {
    head: Vec<u8>,
    tail: Vec<u8>,
    /// Each part's record stamp, in the file's order.
    stamps: Vec<u64>,
    /// Each part's length, in the file's order.
    lens: Vec<u64>,
    /// `(k, offset, state)`: the hash of the file's bytes before part `k`,
    /// which starts at `offset`; the first is after the head (`k` = 0).
    marks: Vec<(usize, u64, Sha256)>,
    size: u64,
    digest: Sha256Digest,
    /// The file as it was before the last change made in place (its marks
    /// dropped), which the sink may have kept aside ([`crate::write::Spare`]).
    older: Option<Box<KeptFile>>,
}

impl std::fmt::Debug for KeptFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeptFile")
            .field("parts", &self.lens.len())
            .field("marks", &self.marks.len())
            .field("size", &self.size)
            .finish()
    }
}

/// The index in [`crate::export::EXPORTS`] of `export` if it is a framed
/// text export (one this module writes).
pub(super) fn framed_at(export: &Export) -> Option<usize> {
    export.rows?.frame?;
    crate::export::EXPORTS
        .iter()
        .position(|e| e.path == export.path)
}

/// Write `export` (at `at` in the exports, see [`framed_at`]) from every
/// record's `parts` (in [`Env::incidents`] order, with their `stamps`).
/// Given the last render's `kept` file and `in_place` (the guard, if any,
/// looks for what it looked for then), only the changed run of parts is
/// hashed from its last mark and handed to the sink; else the whole file
/// is written (unless the folder holds its bytes). Returns what to keep.
#[allow(clippy::too_many_arguments)]
pub(super) fn write(
    export: &Export,
    at: usize,
    env: &Env,
    parts: &[KeptParts],
    stamps: &[u64],
    kept: Option<KeptFile>,
    in_place: bool,
    recorder: &Recorder,
) -> Result<KeptFile, RenderError> {
    let io = |e: std::io::Error| RenderError::Io(format!("{}: {e}", export.path));
    let frame = export
        .rows
        .and_then(|r| r.frame)
        .ok_or_else(|| RenderError::Io(format!("{}: not a framed export", export.path)))?;
    let (head, tail) = frame(env).map_err(io)?;
    let piece = |k: usize| -> &[u8] { &parts[k].parts[at] };
    let n = parts.len();
    let lens: Vec<u64> = (0..n).map(|k| piece(k).len() as u64).collect();
    let size = head.len() as u64 + lens.iter().sum::<u64>() + tail.len() as u64;
    let old = kept.filter(|o| in_place && o.head == head && o.tail == tail);
    let run = old.as_ref().map(|o| changed_run(&o.stamps, stamps));

    // Hash from the last mark before the run (from the head without one).
    let (mut marks, from) = match (&old, run) {
        (Some(o), Some((k0, _, _))) => {
            let keep = o.marks.partition_point(|m| m.0 <= k0).max(1);
            (o.marks[..keep].to_vec(), o.marks[keep - 1].clone())
        }
        _ => {
            let mut h = Sha256::new();
            h.update(&head);
            let first = (0, head.len() as u64, h);
            (vec![first.clone()], first)
        }
    };
    let (k_from, mut offset, mut hasher) = from;
    let mut marked = offset;
    for (k, len) in lens.iter().enumerate().skip(k_from) {
        if k > k_from && offset - marked >= MARK_EVERY {
            marks.push((k, offset, hasher.clone()));
            marked = offset;
        }
        hasher.update(piece(k));
        offset += len;
    }
    hasher.update(&tail);
    let digest = Sha256Digest(hasher.finalize().into());
    let file = KeptFile {
        head,
        tail,
        stamps: stamps.to_vec(),
        lens,
        marks,
        size,
        digest,
        older: None,
    };

    if let (Some(o), Some((k0, old_end, new_end))) = (&old, run) {
        let at_byte = file.head.len() as u64 + file.lens[..k0].iter().sum::<u64>();
        let removed = o.lens[k0..old_end].iter().sum::<u64>();
        let with: Vec<&[u8]> = (k0..new_end).map(piece).collect();
        let before = context_before(&file, &piece, k0);
        let after = context_after(&file, &piece, new_end);
        let change = Splice {
            old_size: o.size,
            at: at_byte,
            removed,
            with: &with,
            before: &before,
            after: &after,
            spare: Some(Spare {
                old: o.digest,
                older: o
                    .older
                    .as_deref()
                    .and_then(|v| from_older(&file, |k| piece(k), v)),
            }),
        };
        let done = recorder
            .splice(export.path, &change, o.digest, (file.size, file.digest))
            .map_err(RenderError::Io)?;
        if done {
            let mut file = file;
            if let Some(mut o) = old {
                o.marks = Vec::new();
                o.older = None;
                file.older = Some(Box::new(o));
            }
            return Ok(file);
        }
    }
    recorder
        .put_with_digest(export.path, file.size, file.digest, &mut |out| {
            out.write_all(&file.head)?;
            for k in 0..n {
                out.write_all(piece(k))?;
            }
            out.write_all(&file.tail)
        })
        .map_err(RenderError::Io)?;
    Ok(file)
}

/// The new `file` as a change to the `older` version (the one before the
/// file it replaces): the run of parts that differs between the two (the
/// last two edits' runs and what lies between), or, when its length
/// changed, everything from that run's start to the end. `None` when the
/// frame differs.
fn from_older<'a>(
    file: &'a KeptFile,
    piece: impl Fn(usize) -> &'a [u8],
    older: &KeptFile,
) -> Option<Older<'a>> {
    if older.head != file.head || older.tail != file.tail {
        return None;
    }
    let (k0, old_end, new_end) = changed_run(&older.stamps, &file.stamps);
    let at = file.head.len() as u64 + file.lens[..k0].iter().sum::<u64>();
    let removed = older.lens[k0..old_end].iter().sum::<u64>();
    let added = file.lens[k0..new_end].iter().sum::<u64>();
    let moved = removed != added;
    let (removed, end) = match moved {
        false => (removed, new_end),
        // Everything after the run moved: written again to the end.
        true => (older.size.checked_sub(at)?, file.lens.len()),
    };
    let tail = moved.then_some(&file.tail[..]);
    Some(Older {
        digest: older.digest,
        size: older.size,
        at,
        removed,
        with: (k0..end).map(piece).chain(tail).collect(),
    })
}

/// The run of parts that differs between the last render's `old` stamps
/// and the `new` ones: its start, and its end in the old and in the new
/// order (everything after it is the same parts, none the file's first).
fn changed_run(old: &[u64], new: &[u64]) -> (usize, usize, usize) {
    let k0 = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let room = old.len().min(new.len()) - k0;
    let same_end = (0..room)
        .take_while(|&j| {
            let (o, n) = (old.len() - 1 - j, new.len() - 1 - j);
            o > 0 && n > 0 && old[o] == new[n]
        })
        .count();
    (k0, old.len() - same_end, new.len() - same_end)
}

/// Up to [`CONTEXT`] bytes before part `k0` (the head's end included),
/// from the start of a character.
fn context_before<'p>(file: &KeptFile, piece: &impl Fn(usize) -> &'p [u8], k0: usize) -> Vec<u8> {
    let mut taken: Vec<&[u8]> = Vec::new();
    let mut have = 0;
    for k in (0..k0).rev() {
        if have >= CONTEXT {
            break;
        }
        taken.push(piece(k));
        have += piece(k).len();
    }
    if have < CONTEXT {
        taken.push(&file.head);
    }
    let joined: Vec<u8> = taken.into_iter().rev().flatten().copied().collect();
    let mut from = joined.len().saturating_sub(CONTEXT);
    while from < joined.len() && (joined[from] & 0xc0) == 0x80 {
        from += 1;
    }
    joined[from..].to_vec()
}

/// Up to [`CONTEXT`] bytes from part `k` on (the tail included), to the
/// end of a character.
fn context_after<'p>(file: &KeptFile, piece: &impl Fn(usize) -> &'p [u8], k: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for k in k..file.lens.len() {
        if out.len() >= CONTEXT {
            break;
        }
        out.extend_from_slice(piece(k));
    }
    if out.len() < CONTEXT {
        out.extend_from_slice(&file.tail);
    }
    let mut to = out.len().min(CONTEXT);
    while to < out.len() && (out[to] & 0xc0) == 0x80 {
        to += 1;
    }
    out.truncate(to);
    out
}

#[cfg(test)]
mod tests {
    use super::changed_run;

    #[test]
    fn the_run_is_what_differs_between_the_two_orders() {
        // An edit in the middle (the record and its neighbours stamped anew).
        assert_eq!(changed_run(&[1, 2, 3, 4, 5], &[1, 6, 7, 8, 5]), (1, 4, 4));
        // A record added after the second, one removed, nothing changed.
        assert_eq!(changed_run(&[1, 2, 3], &[1, 2, 9, 3]), (2, 2, 3));
        assert_eq!(changed_run(&[1, 2, 9, 3], &[1, 2, 3]), (2, 3, 2));
        assert_eq!(changed_run(&[1, 2, 3], &[1, 2, 3]), (3, 3, 3));
        // The first part is never taken as unchanged at another place: it
        // is written without JSON's comma.
        assert_eq!(changed_run(&[1, 2, 3], &[2, 3]), (0, 2, 1));
        assert_eq!(changed_run(&[2, 3], &[1, 2, 3]), (0, 1, 2));
    }
}
