//! The workbook's ZIP container, written from parts compressed beforehand.
//!
//! A sheet's XML is compressed a run of rows at a time ([`deflate_piece`]:
//! raw DEFLATE, each piece from a fresh compressor, ending in a sync flush,
//! so byte-aligned and not final). Such pieces joined, followed by an empty
//! final block ([`END`]), are one DEFLATE stream, and the CRC-32 of the
//! whole is combined from the pieces' (as pigz does), so a piece can be
//! kept and only the runs of rows that changed compressed again. A piece
//! may be primed with the text just before it in the stream (at most the
//! last [`WINDOW`] bytes of the piece before: [`window`]), as pigz primes
//! its blocks: it may then refer back into that text, which the reader has
//! just inflated, and compresses as well as if the stream were made whole. Entries
//! carry no time (1980-01-01, as `rust_xlsxwriter` wrote them) and the
//! same input gives the same bytes.

use flate2::{Compress, Compression, FlushCompress};
use std::io::{self, Write};

/// An empty final block with fixed codes: ends a stream of pieces.
pub(super) const END: [u8; 2] = [0x03, 0x00];

/// How far back DEFLATE refers: the most of the text before a piece that
/// can prime it.
pub(super) const WINDOW: usize = 32 * 1024;

/// What a piece that follows `before` in the stream is primed with: its
/// last [`WINDOW`] bytes.
pub(super) fn window(before: &[u8]) -> &[u8] {
    &before[before.len().saturating_sub(WINDOW)..]
}

/// `data` as raw DEFLATE ending in a sync flush (not final), with its
/// CRC-32; primed with `dict`, which must be (the end of) the text just
/// before `data` in the stream, or empty.
pub(super) fn deflate_piece(data: &[u8], dict: &[u8]) -> io::Result<(Vec<u8>, u32)> {
    let mut out = deflate(data, FlushCompress::Sync, dict)?;
    out.shrink_to_fit();
    Ok((out, crc32fast::hash(data)))
}

fn deflate(data: &[u8], flush: FlushCompress, dict: &[u8]) -> io::Result<Vec<u8>> {
    let mut c = Compress::new(Compression::default(), false);
    if !dict.is_empty() {
        c.set_dictionary(window(dict)).map_err(io::Error::other)?;
    }
    let mut out = Vec::with_capacity(data.len() / 4 + 64);
    loop {
        let read = c.total_in() as usize;
        let status = c
            .compress_vec(&data[read..], &mut out, flush)
            .map_err(io::Error::other)?;
        let all_in = c.total_in() as usize == data.len();
        let done = match flush {
            // Flushed once all is in and the output was not filled.
            FlushCompress::Sync => all_in && out.len() < out.capacity(),
            _ => status == flate2::Status::StreamEnd,
        };
        if done {
            return Ok(out);
        }
        out.reserve(out.capacity().max(4096));
    }
}

/// The CRC-32 of pieces of `(crc, length)` joined in order.
pub(super) fn crc_of(pieces: impl IntoIterator<Item = (u32, u64)>) -> u32 {
    let mut whole = crc32fast::Hasher::new();
    for (crc, len) in pieces {
        whole.combine(&crc32fast::Hasher::new_with_initial_len(crc, len));
    }
    whole.finalize()
}

/// A ZIP archive being written: entries as they come, the directory at
/// [`Zip::finish`].
pub(super) struct Zip<W: Write> {
    out: W,
    at: u64,
    central: Vec<u8>,
    entries: u16,
}

/// 1980-01-01 in MS-DOS form; the time is 0.
const DOS_DATE: u16 = (1 << 5) | 1;

fn u32_of(n: u64, what: &str) -> io::Result<u32> {
    u32::try_from(n).map_err(|_| io::Error::other(format!("the workbook's {what} passes 4 GiB")))
}

impl<W: Write> Zip<W> {
    pub(super) fn new(out: W) -> Zip<W> {
        Zip {
            out,
            at: 0,
            central: Vec::new(),
            entries: 0,
        }
    }

    /// A small part, compressed whole.
    pub(super) fn part(&mut self, name: &str, data: &[u8]) -> io::Result<()> {
        let deflated = deflate(data, FlushCompress::Finish, &[])?;
        let crc = crc32fast::hash(data);
        self.entry(
            name,
            crc,
            data.len() as u64,
            deflated.len() as u64,
            &mut |out| out.write_all(&deflated),
        )
    }

    /// An entry of `raw` bytes whose CRC-32 is `crc`, stored as the
    /// `deflated` bytes `write` writes (exactly that many: checked).
    pub(super) fn entry(
        &mut self,
        name: &str,
        crc: u32,
        raw: u64,
        deflated: u64,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let (raw32, size32) = (u32_of(raw, name)?, u32_of(deflated, name)?);
        let offset = u32_of(self.at, "size")?;
        let name_len = u16::try_from(name.len()).map_err(io::Error::other)?;
        let mut local = Vec::with_capacity(30 + name.len());
        local.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        common(&mut local, crc, size32, raw32, name_len);
        local.extend_from_slice(name.as_bytes());
        self.out.write_all(&local)?;
        let mut counted = Counted {
            out: &mut self.out,
            n: 0,
        };
        write(&mut counted)?;
        if counted.n != deflated {
            return Err(io::Error::other(format!(
                "{name}: {} bytes written where {deflated} were said",
                counted.n
            )));
        }
        let c = &mut self.central;
        c.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        c.extend_from_slice(&20u16.to_le_bytes()); // made by: MS-DOS, 2.0
        common(c, crc, size32, raw32, name_len);
        c.extend_from_slice(&[0; 6]); // comment, disk, internal attributes
        c.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        c.extend_from_slice(&offset.to_le_bytes());
        c.extend_from_slice(name.as_bytes());
        self.at += local.len() as u64 + deflated;
        self.entries += 1;
        Ok(())
    }

    /// The central directory and its end; the writer back.
    pub(super) fn finish(mut self) -> io::Result<W> {
        let offset = u32_of(self.at, "size")?;
        let size = u32_of(self.central.len() as u64, "directory")?;
        self.out.write_all(&self.central)?;
        let mut end = Vec::with_capacity(22);
        end.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        end.extend_from_slice(&[0; 4]); // this disk, the directory's disk
        end.extend_from_slice(&self.entries.to_le_bytes());
        end.extend_from_slice(&self.entries.to_le_bytes());
        end.extend_from_slice(&size.to_le_bytes());
        end.extend_from_slice(&offset.to_le_bytes());
        end.extend_from_slice(&0u16.to_le_bytes()); // comment
        self.out.write_all(&end)?;
        Ok(self.out)
    }
}

/// The fields a local header and a directory entry share, from "version
/// needed" to the extra field's length.
fn common(out: &mut Vec<u8>, crc: u32, size: u32, raw: u32, name_len: u16) {
    out.extend_from_slice(&20u16.to_le_bytes()); // version needed: 2.0
    out.extend_from_slice(&0u16.to_le_bytes()); // flags
    out.extend_from_slice(&8u16.to_le_bytes()); // deflated
    out.extend_from_slice(&0u16.to_le_bytes()); // time
    out.extend_from_slice(&DOS_DATE.to_le_bytes());
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&raw.to_le_bytes());
    out.extend_from_slice(&name_len.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // extra field
}

struct Counted<'w, W: Write> {
    out: &'w mut W,
    n: u64,
}

impl<W: Write> Write for Counted<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.n += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn pieces_deflated_apart_and_joined_read_as_the_whole() {
        let texts: Vec<Vec<u8>> = (0..5)
            .map(|i| format!("<row r=\"{i}\">{}</row>", "情報 ".repeat(i * 700)).into_bytes())
            .collect();
        // Each piece but the first primed with the text before it, as the
        // workbook's runs of rows are.
        let pieces: Vec<(Vec<u8>, u32)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let before = if i == 0 { &[][..] } else { &texts[i - 1][..] };
                deflate_piece(t, before).unwrap()
            })
            .collect();
        let whole: Vec<u8> = texts.concat();
        let crc = crc_of(
            pieces
                .iter()
                .zip(&texts)
                .map(|((_, c), t)| (*c, t.len() as u64)),
        );
        assert_eq!(crc, crc32fast::hash(&whole));
        let mut stream: Vec<u8> = pieces.iter().flat_map(|(d, _)| d.clone()).collect();
        stream.extend_from_slice(&END);

        let mut zip = Zip::new(Vec::new());
        zip.part("a.xml", b"<a/>").unwrap();
        zip.entry(
            "b.xml",
            crc,
            whole.len() as u64,
            stream.len() as u64,
            &mut |o| o.write_all(&stream),
        )
        .unwrap();
        let bytes = zip.finish().unwrap();
        let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut read = |name: &str| {
            let mut s = Vec::new();
            archive.by_name(name).unwrap().read_to_end(&mut s).unwrap();
            s
        };
        assert_eq!(read("a.xml"), b"<a/>");
        assert_eq!(read("b.xml"), whole, "checked against the CRC too");
    }

    #[test]
    fn a_piece_primed_with_the_text_before_it_is_smaller_and_reads_back() {
        let text = |i: usize| -> Vec<u8> {
            (0..300)
                .map(|r| {
                    format!(
                        "<row r=\"{}\"><c><is><t>情報セキュリティ {}</t></is></c></row>",
                        i * 300 + r,
                        r % 7
                    )
                })
                .collect::<String>()
                .into_bytes()
        };
        let (a, b) = (text(0), text(1));
        let (alone, _) = deflate_piece(&b, &[]).unwrap();
        let (primed, _) = deflate_piece(&b, &a).unwrap();
        assert!(
            primed.len() * 4 < alone.len() * 3,
            "{} against {}",
            primed.len(),
            alone.len()
        );
        let (first, _) = deflate_piece(&a, &[]).unwrap();
        let stream = [first, primed, END.to_vec()].concat();
        let mut back = Vec::new();
        flate2::read::DeflateDecoder::new(&stream[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, [&a[..], &b[..]].concat());
        // More than the window before it: only its end primes the piece.
        let long = [text(2), text(3), text(4)].concat();
        assert!(long.len() > WINDOW);
        assert_eq!(window(&long).len(), WINDOW);
        let (first, _) = deflate_piece(&long, &[]).unwrap();
        let (next, _) = deflate_piece(&b, &long).unwrap();
        let stream = [first, next, END.to_vec()].concat();
        let mut back = Vec::new();
        flate2::read::DeflateDecoder::new(&stream[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, [long, b].concat());
    }

    #[test]
    fn an_entry_whose_bytes_are_not_the_said_length_is_refused() {
        let mut zip = Zip::new(Vec::new());
        let e = zip.entry("x", 0, 0, 3, &mut |o| o.write_all(&END));
        assert!(e.is_err());
    }
}
