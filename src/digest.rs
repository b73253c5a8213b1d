//! SHA-256 as lowercase hex, of bytes and of files: what the manifest,
//! evidence checks (E703) and `verify` compare.

use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lowercase hex of a digest (as `{:x}` prints it, without the formatter:
/// this runs for every output file).
fn hex(digest: &[u8]) -> String {
    let mut out = String::with_capacity(digest.len() * 2);
    push_hex(&mut out, digest);
    out
}

/// Lowercase hex of `bytes`, appended to `out` (a caller writing many
/// digests into one text reuses its buffer).
pub fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
}

/// The first 16 bytes of the SHA-256 of `bytes`: a short mark of what a
/// kept result was made from (kept per record, compared, never shown).
pub fn sha256_16(bytes: &[u8]) -> [u8; 16] {
    let d: [u8; 32] = Sha256::digest(bytes).into();
    let mut m = [0; 16];
    m.copy_from_slice(&d[..16]);
    m
}

/// A SHA-256 held as its 32 bytes: half the size of its hex and no
/// allocation, for the hash of every file a build writes, kept until the
/// manifest is written (157,541 files at 100,000 records).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sha256Digest(pub [u8; 32]);

impl Sha256Digest {
    pub fn of(bytes: &[u8]) -> Sha256Digest {
        Sha256Digest(Sha256::digest(bytes).into())
    }

    /// From lowercase or uppercase hex of 64 digits; `None` otherwise.
    pub fn parse_hex(text: &str) -> Option<Sha256Digest> {
        let digit = |c: u8| {
            char::from(c)
                .to_digit(16)
                .and_then(|d| u8::try_from(d).ok())
        };
        let text = text.as_bytes();
        if text.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (k, pair) in text.chunks_exact(2).enumerate() {
            out[k] = digit(pair[0])? << 4 | digit(pair[1])?;
        }
        Some(Sha256Digest(out))
    }

    /// Lowercase hex, as [`sha256_hex`] gives it.
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }
}

/// A writer that hashes (SHA-256) and counts the bytes on their way to
/// `inner`: a file streamed to disk is hashed as it is written, never held
/// whole in memory.
pub struct HashingWriter<W: std::io::Write> {
    inner: W,
    hasher: Sha256,
    size: u64,
}

impl<W: std::io::Write> HashingWriter<W> {
    pub fn new(inner: W) -> HashingWriter<W> {
        HashingWriter {
            inner,
            hasher: Sha256::new(),
            size: 0,
        }
    }

    /// The number of bytes written and their SHA-256 as lowercase hex.
    pub fn finish(self) -> (u64, String) {
        let (size, digest) = self.finish_digest();
        (size, digest.to_hex())
    }

    /// [`HashingWriter::finish`] with the hash as its bytes.
    pub fn finish_digest(self) -> (u64, Sha256Digest) {
        (self.size, Sha256Digest(self.hasher.finalize().into()))
    }
}

impl<W: std::io::Write> std::io::Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// SHA-256 of a file as lowercase hex, read in blocks (evidence can be large; never whole in memory).
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_matches_the_formatter() {
        for input in [&b""[..], b"abc", &[0u8, 15, 16, 255][..]] {
            assert_eq!(sha256_hex(input), format!("{:x}", Sha256::digest(input)));
        }
    }

    #[test]
    fn a_digest_held_as_bytes_reads_and_prints_as_its_hex() {
        let hex = sha256_hex(b"abc");
        let d = Sha256Digest::of(b"abc");
        assert_eq!(d.to_hex(), hex);
        assert_eq!(Sha256Digest::parse_hex(&hex), Some(d));
        assert_eq!(Sha256Digest::parse_hex(&hex.to_uppercase()), Some(d));
        assert_eq!(Sha256Digest::parse_hex(&hex[1..]), None);
        assert_eq!(Sha256Digest::parse_hex(&format!("{}g", &hex[1..])), None);
        assert_eq!(Sha256Digest::parse_hex(&"é".repeat(32)), None);
    }

    #[test]
    fn hashing_writer_hashes_what_passes_through() {
        use std::io::Write;
        let mut out = Vec::new();
        let mut w = HashingWriter::new(&mut out);
        w.write_all(b"ab").unwrap();
        w.write_all(b"c").unwrap();
        assert_eq!(w.finish(), (3, sha256_hex(b"abc")));
        assert_eq!(out, b"abc");
    }
}
