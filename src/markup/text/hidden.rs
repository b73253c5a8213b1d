//! Whether a start tag carries `hidden` or `data-noindex` as an attribute
//! (such elements are not page text).

use super::is_ascii_space;

/// The part of an attribute word before `=`, collected on the stack: only
/// whether it is `hidden` or `data-noindex` matters, so anything longer than
/// those (or not ASCII) can never match.
struct AttrName {
    buf: [u8; 12],
    len: usize,
    /// Longer than `buf`, or holds a non-ASCII character.
    spoiled: bool,
    /// An `=` was seen: the rest of the word is the value.
    ended: bool,
}

impl AttrName {
    const EMPTY: AttrName = AttrName {
        buf: [0; 12],
        len: 0,
        spoiled: false,
        ended: false,
    };

    fn push(&mut self, c: char) {
        if self.ended {
            return;
        }
        if c == '=' {
            self.ended = true;
        } else if !c.is_ascii() || self.len == self.buf.len() {
            self.spoiled = true;
        } else {
            self.buf[self.len] = c as u8;
            self.len += 1;
        }
    }

    fn hides(&self) -> bool {
        let name = &self.buf[..self.len];
        !self.spoiled
            && (name.eq_ignore_ascii_case(b"hidden") || name.eq_ignore_ascii_case(b"data-noindex"))
    }
}

/// Whether a start tag carries `hidden` or `data-noindex` as an attribute
/// (not inside a value). A word is what lies between white space or `/`
/// outside quotes, quoted parts left out; its name is the part before `=`.
///
/// Runs for most tags, so the common case is done on slices: the name is
/// `tag[word..=]` unless a quote stands inside it (`a"b"c=`), which is left
/// to [`is_hidden_by_chars`].
pub(super) fn is_hidden(tag: &str) -> bool {
    let bytes = tag.as_bytes();
    let hides = |name: &str| {
        name.eq_ignore_ascii_case("hidden") || name.eq_ignore_ascii_case("data-noindex")
    };
    let mut word = 0;
    let mut name_end: Option<usize> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let separator_len = match b {
            b'"' | b'\'' => {
                if name_end.is_none() {
                    return is_hidden_by_chars(tag);
                }
                // An unclosed quote runs to the end of the tag.
                let Some(close) = closing_quote(&bytes[i + 1..], b) else {
                    break;
                };
                i += 1 + close + 1;
                continue;
            }
            b'=' => {
                name_end.get_or_insert(i);
                0
            }
            b'/' => 1,
            b if b.is_ascii() => usize::from(is_ascii_space(b)),
            _ => match tag[i..].chars().next() {
                Some(c) if c.is_whitespace() => c.len_utf8(),
                Some(c) => {
                    i += c.len_utf8();
                    continue;
                }
                None => break,
            },
        };
        if separator_len > 0 {
            if hides(&tag[word..name_end.unwrap_or(i)]) {
                return true;
            }
            word = i + separator_len;
            name_end = None;
            i += separator_len;
        } else {
            i += 1;
        }
    }
    hides(&tag[word..name_end.unwrap_or(tag.len()).min(tag.len())])
}

/// [`is_hidden`] character by character, for tags with a quote inside an
/// attribute name.
fn is_hidden_by_chars(tag: &str) -> bool {
    let bytes = tag.as_bytes();
    let mut word = AttrName::EMPTY;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (c, len) = if b.is_ascii() {
            (char::from(b), 1)
        } else {
            match tag[i..].chars().next() {
                Some(c) => (c, c.len_utf8()),
                None => break,
            }
        };
        if c == '"' || c == '\'' {
            // An unclosed quote runs to the end of the tag.
            let Some(close) = tag[i + 1..].find(c) else {
                break;
            };
            i += close + 2;
            continue;
        }
        if c.is_whitespace() || c == '/' {
            if word.hides() {
                return true;
            }
            word = AttrName::EMPTY;
        } else {
            word.push(c);
        }
        i += len;
    }
    word.hides()
}

/// Index of `quote` in `bytes`. Attribute values are short: a plain loop
/// beats `memchr`'s set-up cost here.
pub(super) fn closing_quote(bytes: &[u8], quote: u8) -> Option<usize> {
    bytes.iter().position(|&b| b == quote)
}
