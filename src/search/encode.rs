//! Compact encodings shared with `search.js`: FNV-1a hashing of terms and
//! postings packed into JSON-safe base-64 characters.
//!
//! A posting is a document id and its quantised impact `q` (0..=31, see
//! `index.rs`). Document ids are delta-coded from 0. Each posting starts
//! with one character holding `q` in its low 5 bits; bit 5 set means
//! "delta is 1" (consecutive documents, the common case for frequent terms,
//! costs one character). Otherwise a variable-length delta follows: 5 bits
//! per character, low bits first, bit 5 set on every character but the last.

/// The 64 digits, all safe inside a JSON string without escaping.
pub(crate) const DIGITS: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Largest impact value a posting can carry.
pub(crate) const MAX_IMPACT: u8 = 31;

/// 32-bit FNV-1a over the UTF-8 bytes of `s`.
pub fn fnv1a(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

fn digit(value: u32) -> u8 {
    DIGITS[(value & 63) as usize]
}

fn value_of(byte: u8) -> Option<u32> {
    DIGITS.iter().position(|&d| d == byte).map(|p| p as u32)
}

fn push_varint(out: &mut Vec<u8>, mut v: u32) {
    loop {
        let low = v & 31;
        v >>= 5;
        if v == 0 {
            out.push(digit(low));
            return;
        }
        out.push(digit(low | 32));
    }
}

/// Appends one posting whose document id is `delta` after the previous one.
pub(crate) fn push_posting(out: &mut Vec<u8>, delta: u32, q: u8) {
    let q = u32::from(q.min(MAX_IMPACT));
    if delta == 1 {
        out.push(digit(32 | q));
    } else {
        out.push(digit(q));
        push_varint(out, delta);
    }
}

/// Decodes a postings string into `(doc id, impact)` pairs.
/// Returns `None` on malformed input (never produced by the builder).
pub(crate) fn decode_postings(s: &str) -> Option<Vec<(u32, u8)>> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut doc = 0u32;
    let mut i = 0;
    while i < bytes.len() {
        let head = value_of(bytes[i])?;
        i += 1;
        let delta = if head & 32 != 0 {
            1
        } else {
            let (mut v, mut shift) = (0u32, 0u32);
            loop {
                let d = value_of(*bytes.get(i)?)?;
                i += 1;
                v |= (d & 31).checked_shl(shift)?;
                shift += 5;
                if d & 32 == 0 {
                    break v;
                }
            }
        };
        doc = doc.checked_add(delta)?;
        out.push((doc, (head & 31) as u8));
    }
    Some(out)
}

/// Writes `v` as exactly `width` base-64 digits, most significant first.
pub(crate) fn push_fixed(out: &mut String, v: u32, width: usize) {
    for k in (0..width).rev() {
        out.push(char::from(digit(v >> (6 * k))));
    }
}

/// Reads `width` base-64 digits at `at` (`None` past the end or on a
/// character that is not a digit).
pub(crate) fn read_fixed(s: &str, at: usize, width: usize) -> Option<u32> {
    let digits = s.as_bytes().get(at..at.checked_add(width)?)?;
    digits
        .iter()
        .try_fold(0u32, |v, &d| Some(v.checked_mul(64)? | value_of(d)?))
}

/// Number of fixed-width base-64 digits needed for values below `count`.
pub(crate) fn fixed_width(count: usize) -> usize {
    let mut width = 1;
    while count > 1usize << (6 * width) {
        width += 1;
    }
    width
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_reference_values() {
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
        assert_eq!(fnv1a("foobar"), 0xbf9c_f968);
    }

    #[test]
    fn postings_round_trip() {
        let list = [
            (0u32, 3u8),
            (1, 31),
            (2, 0),
            (40, 7),
            (100_000, 12),
            (100_001, 1),
        ];
        let mut bytes = Vec::new();
        let mut prev = 0;
        for &(doc, q) in &list {
            push_posting(&mut bytes, doc - prev, q);
            prev = doc;
        }
        let s = String::from_utf8(bytes).unwrap();
        assert_eq!(decode_postings(&s).unwrap(), list);
    }

    #[test]
    fn consecutive_documents_cost_one_character_each() {
        let mut bytes = Vec::new();
        for _ in 0..10 {
            push_posting(&mut bytes, 1, 5);
        }
        assert_eq!(bytes.len(), 10);
    }

    #[test]
    fn malformed_postings_are_rejected() {
        assert_eq!(decode_postings("A"), None);
        assert_eq!(decode_postings("!"), None);
    }

    #[test]
    fn fixed_width_fits_the_count() {
        assert_eq!(fixed_width(1), 1);
        assert_eq!(fixed_width(64), 1);
        assert_eq!(fixed_width(65), 2);
        let mut s = String::new();
        push_fixed(&mut s, 64, 2);
        assert_eq!(s, "BA");
        assert_eq!(read_fixed(&s, 0, 2), Some(64));
        assert_eq!(read_fixed(&s, 1, 2), None);
    }
}
