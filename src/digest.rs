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
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(digest.len() * 2);
    for &b in digest {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
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
        (self.size, hex(&self.hasher.finalize()))
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
