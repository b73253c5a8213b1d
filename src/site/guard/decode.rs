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
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
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
    match String::from_utf8(out) {
        Ok(text) => text.into(),
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned().into(),
    }
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
}
