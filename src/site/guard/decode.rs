//! The text a reader of an output file sees, for the guard to search:
//! escapes undone (HTML character references, percent escapes, JSON `\\u`
//! escapes, iCalendar line folding).

/// The text a reader of `bytes` sees: HTML character references, percent
/// escapes (links, file names), JSON `\u` escapes (search shards) and
/// iCalendar line folding undone.
pub fn decode(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    // Nothing to undo (most files): the text itself.
    let mut escapes = Escapes::new(bytes);
    if escapes.next_from(0).is_none() {
        // The build's own files are UTF-8: the plain check is much the
        // cheaper one; the lossy one only for what fails it.
        return match std::str::from_utf8(bytes) {
            Ok(text) => text.into(),
            Err(_) => String::from_utf8_lossy(bytes),
        };
    }
    let (out, _) = undo(bytes, escapes);
    checked(out).into()
}

/// [`decode`] of text known to be UTF-8 (a page the build made as a
/// string): not checked again as UTF-8, unless a percent escape was undone
/// (its bytes may be anything).
pub fn decode_text(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut escapes = Escapes::new(bytes);
    if escapes.next_from(0).is_none() {
        return text.into();
    }
    let (out, percent) = undo(bytes, escapes);
    if percent {
        return checked(out).into();
    }
    // SAFETY: `out` is `text` (UTF-8) with some escapes replaced: the runs
    // copied are cut only at ASCII bytes (where an escape starts), so each
    // is whole UTF-8; what replaces an escape is a `char` encoded as UTF-8
    // or an ASCII byte; only a percent escape gives bytes of its own, and
    // none was undone.
    unsafe { String::from_utf8_unchecked(out) }.into()
}

/// `out` as a string, what is not UTF-8 replaced.
fn checked(out: Vec<u8>) -> String {
    match String::from_utf8(out) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

/// `bytes` with every escape `escapes` finds undone, and whether a
/// percent escape was among them.
fn undo(bytes: &[u8], mut escapes: Escapes) -> (Vec<u8>, bool) {
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut percent = false;
    let mut i = 0;
    let hex = |b: u8| (b as char).to_digit(16);
    while i < bytes.len() {
        // Copy the run of bytes that start no escape at once.
        let run = escapes.next_from(i).unwrap_or(bytes.len()) - i;
        out.extend_from_slice(&bytes[i..i + run]);
        i += run;
        if i == bytes.len() {
            break;
        }
        let b = bytes[i];
        match b {
            b'%' if i + 2 < bytes.len() => {
                if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    out.push((h * 16 + l) as u8);
                    percent = true;
                    i += 3;
                    continue;
                }
            }
            b'\r'
                if bytes.get(i + 1) == Some(&b'\n')
                    && matches!(bytes.get(i + 2), Some(b' ' | b'\t')) =>
            {
                i += 3;
                continue;
            }
            b'\\' if bytes.get(i + 1) == Some(&b'u') => {
                if let Some(c) = bytes
                    .get(i + 2..i + 6)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .and_then(char::from_u32)
                {
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    i += 6;
                    continue;
                }
            }
            b'&' => {
                if let Some((c, len)) = reference(&bytes[i..]) {
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    i += len;
                    continue;
                }
            }
            _ => {}
        }
        out.push(b);
        i += 1;
    }
    (out, percent)
}

/// A character reference at the start of `s` (`&#20013;`, `&#x4e2d;`,
/// `&amp;`): the character and the reference's length.
/// Where the bytes that may begin an escape [`decode`] undoes stand (`%`,
/// `\\`, `&`; `\r`), searched with SIMD, since most of every file holds
/// none. Each search resumes past its last hit, so a file is read once
/// whatever its number of escapes or line ends.
struct Escapes<'b> {
    bytes: &'b [u8],
    /// The next `%`, `\\` or `&` at or after a position, and the next `\r`
    /// (the length when there is none).
    three: usize,
    cr: usize,
}

impl<'b> Escapes<'b> {
    fn new(bytes: &'b [u8]) -> Escapes<'b> {
        let mut e = Escapes {
            bytes,
            three: 0,
            cr: 0,
        };
        e.three = e.find_three(0);
        e.cr = e.find_cr(0);
        e
    }

    fn find_three(&self, from: usize) -> usize {
        memchr::memchr3(b'%', b'\\', b'&', &self.bytes[from..])
            .map_or(self.bytes.len(), |k| from + k)
    }

    fn find_cr(&self, from: usize) -> usize {
        memchr::memchr(b'\r', &self.bytes[from..]).map_or(self.bytes.len(), |k| from + k)
    }

    /// The first escape's start at or after `from` (positions only grow).
    fn next_from(&mut self, from: usize) -> Option<usize> {
        if self.three < from {
            self.three = self.find_three(from);
        }
        if self.cr < from {
            self.cr = self.find_cr(from);
        }
        let next = self.three.min(self.cr);
        (next < self.bytes.len()).then_some(next)
    }
}

fn reference(s: &[u8]) -> Option<(char, usize)> {
    let end = s.iter().take(12).position(|&b| b == b';')?;
    let body = std::str::from_utf8(&s[1..end]).ok()?;
    let c = if let Some(num) = body.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(h) => u32::from_str_radix(h, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(n)?
    } else {
        match body {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => ' ',
            _ => return None,
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_that_hide_a_name_from_a_plain_search_are_undone() {
        assert_eq!(decode(b"&#20013;&#x6751;"), "中村");
        assert_eq!(decode("%E4%B8%AD村".as_bytes()), "中村");
        assert_eq!(decode(br"\u4e2d\u6751"), "中村");
        assert_eq!(decode("SUMMARY:中\r\n 村".as_bytes()), "SUMMARY:中村");
        assert_eq!(decode(b"50% &amp; &foo; \\n"), "50% & &foo; \\n");
        assert_eq!(decode(b"a\r\nb\r\n c&lt;\r"), "a\r\nbc<\r");
    }

    #[test]
    fn text_known_to_be_utf8_decodes_as_its_bytes_do() {
        let texts = [
            "&#20013;&#x6751;",
            "%E4%B8%AD村",
            "%E4%B8",
            "%ff%fe 中",
            r"\u4e2d\u6751",
            "SUMMARY:中\r\n 村",
            "50% &amp; &foo; \\n",
            "a\r\nb\r\n c&lt;\r",
            "<p title=\"藤田&nbsp;亮\">中村 &#x5927;輔</p>\n%",
            "",
            "plain 中村",
        ];
        for t in texts {
            assert_eq!(decode_text(t), decode(t.as_bytes()), "{t:?}");
        }
    }
}
