//! The packed payload of a document shard: its JSON compressed with raw
//! DEFLATE and written as one base64 string, which the client inflates
//! with the browser's `DecompressionStream("deflate-raw")`.
//!
//! The stored texts are read only to show snippets, and the shards of a
//! large register are most of the index's bytes: packed, they take about
//! a third of the space. The compression level is fixed, so the bytes
//! depend only on the JSON (`flate2` with the `zlib-rs` back end, one
//! thread).

use std::io::{Read, Write};

use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;

/// DEFLATE level of the packed shards: level 9 saves under 0.5 % more and
/// takes a third longer.
const LEVEL: u32 = 6;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `json` compressed and base64-encoded (standard alphabet, padded: what
/// `atob` reads).
pub(crate) fn pack(json: &[u8]) -> String {
    let mut encoder =
        DeflateEncoder::new(Vec::with_capacity(json.len() / 2), Compression::new(LEVEL));
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(json);
    let deflated = encoder.finish().unwrap_or_default();
    base64(&deflated)
}

/// The JSON of a packed payload, or `None` when `text` is not one.
pub(crate) fn unpack(text: &str) -> Option<Vec<u8>> {
    let deflated = unbase64(text)?;
    let mut json = Vec::with_capacity(deflated.len() * 3);
    DeflateDecoder::new(deflated.as_slice())
        .read_to_end(&mut json)
        .ok()?;
    Some(json)
}

/// The JSON of a document shard file `search/d-*.js`
/// (`{"docs": [...], "first": id}`), for readers other than the client: the
/// build's name guard and tests. `None` when `file` is not a packed shard.
pub fn doc_shard_json(file: &[u8]) -> Option<Vec<u8>> {
    // Asked of every file the guard reads: the prelude first, before the
    // whole file is checked as UTF-8.
    let rest = file.strip_prefix(super::shard::SHARD_PRELUDE.as_bytes())?;
    let rest = std::str::from_utf8(rest).ok()?;
    // `"d-0001","<packed>");`
    let (_, packed) = rest.split_once("\",\"")?;
    unpack(packed.trim_end().strip_suffix("\");")?)
}

fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Each byte's value in [`ALPHABET`], or 255 for a byte outside it.
const VALUES: [u8; 256] = {
    let mut values = [255u8; 256];
    let mut k = 0;
    while k < 64 {
        values[ALPHABET[k] as usize] = k as u8;
        k += 1;
    }
    values
};

fn unbase64(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match VALUES[c as usize] {
            255 => return None,
            v => u32::from(v),
        };
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits & 0xff) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_encoding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
        assert_eq!(base64(&[0xfb, 0xff, 0xbf]), "+/+/");
        for s in ["", "f", "fo", "foo", "foob", "fooba", "foobar"] {
            assert_eq!(unbase64(&base64(s.as_bytes())).unwrap(), s.as_bytes());
        }
        assert_eq!(unbase64("Zm9v!"), None);
    }

    #[test]
    fn a_packed_payload_unpacks_to_the_same_json() {
        let json =
            r#"{"docs":[["incidents/INC-1.html","情報漏えい","本文 本文 本文",1]],"first":0}"#;
        let packed = pack(json.as_bytes());
        assert!(packed.bytes().all(|b| ALPHABET.contains(&b) || b == b'='));
        assert_eq!(unpack(&packed).unwrap(), json.as_bytes());
        assert_eq!(pack(json.as_bytes()), packed, "the same bytes every time");
        assert_eq!(unpack("not base64!"), None);
        let file = super::super::shard::script("d-7", format!("\"{packed}\"").as_bytes());
        assert_eq!(doc_shard_json(&file).unwrap(), json.as_bytes());
        assert_eq!(doc_shard_json(b"self.ISMS_SEARCH.add(\"d-7\",{});"), None);
    }
}
