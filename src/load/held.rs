//! Record bytes held between their two readings. `check` read every
//! record's raw text before the load, to find the people the register
//! names; the load then read each file again. (It now reads each record
//! once, `validate::name_scan`, and passes a budget of 0.) A
//! record whose bytes the first reading kept, within a fixed budget, is
//! loaded from them instead: one opening, one reading and one fingerprint
//! fewer, and the very bytes that were scanned (so the text checked is the
//! text scanned). The budget keeps memory bounded however long the
//! register: the records held are the first read by each thread, which are
//! also the first each thread loads, so they are let go early in the load.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

/// How many bytes of record text `check` holds between the two readings at
/// most: every record of a register of 40,000 (their text is 2.9 KB on
/// average), not half of one of 100,000. Held bytes are let go in the first
/// part of the load, before most of the register's entries are made, so
/// they add little to the peak at 100,000 records (242 MiB against 235 MiB
/// without, the entries at the end of the load).
pub const HOLD_BYTES: usize = 128 << 20;

/// The bytes of one file and their fingerprint (`files::fingerprint`).
type Bytes = (Vec<u8>, u64);

/// The bytes of some of a list of files, by their index in it, each with
/// the fingerprint of its bytes.
pub struct Held {
    slots: Vec<Mutex<Option<Bytes>>>,
    /// Bytes that may still be held.
    left: AtomicUsize,
}

impl Held {
    /// Room for files `0..files`, `budget` bytes in all (none: nothing is
    /// held, and nothing allocated).
    pub fn new(files: usize, budget: usize) -> Held {
        let files = if budget == 0 { 0 } else { files };
        Held {
            slots: (0..files).map(|_| Mutex::new(None)).collect(),
            left: AtomicUsize::new(budget),
        }
    }

    /// Hold `bytes`, the bytes of file `i` whose fingerprint is `read_as`,
    /// if they fit in what is left of the budget; given back otherwise.
    pub fn keep(&self, i: usize, bytes: Vec<u8>, read_as: u64) -> Option<Vec<u8>> {
        let Some(slot) = self.slots.get(i) else {
            return Some(bytes);
        };
        let len = bytes.len();
        let reserved = self
            .left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(len)
            })
            .is_ok();
        if !reserved {
            return Some(bytes);
        }
        *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some((bytes, read_as));
        None
    }

    /// The bytes held of file `i` (and their fingerprint), no longer held.
    pub fn take(&self, i: usize) -> Option<Bytes> {
        self.slots
            .get(i)?
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_held_within_the_budget_and_taken_once() {
        let held = Held::new(3, 10);
        assert_eq!(held.keep(0, b"123456".to_vec(), 1), None);
        // 6 of 10 used: 5 more do not fit, 4 do.
        assert_eq!(held.keep(1, b"12345".to_vec(), 2), Some(b"12345".to_vec()));
        assert_eq!(held.keep(2, b"1234".to_vec(), 3), None);
        assert_eq!(held.take(0), Some((b"123456".to_vec(), 1)));
        assert_eq!(held.take(0), None, "taken once");
        assert_eq!(held.take(1), None, "never held");
        assert_eq!(held.take(2), Some((b"1234".to_vec(), 3)));
        assert_eq!(held.take(7), None, "no such file");
    }

    #[test]
    fn nothing_is_held_without_a_budget() {
        let held = Held::new(2, 0);
        assert_eq!(held.keep(0, Vec::new(), 1), Some(Vec::new()));
        assert_eq!(held.keep(1, b"x".to_vec(), 1), Some(b"x".to_vec()));
        assert_eq!(held.take(0), None);
    }
}
