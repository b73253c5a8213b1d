//! The visible text of a rendered page, for the search index.
//!
//! The index is made from what the page shows (the `<main>` element), never
//! from the model, so it cannot hold text a reader of this build does not
//! see: fields hidden from the audience are simply not in the HTML. Scripts,
//! styles, SVG (the flow page has a text version), `hidden` elements and
//! elements marked `data-noindex` are skipped. Inline elements join their
//! text without a space (Japanese has no spaces between words); block
//! elements separate it.

/// What the extractor needs to know about an element, by (lower-case) name.
#[derive(Clone, Copy, Default)]
struct ElementKind {
    /// Content never counts as page text.
    skipped: bool,
    /// Does not break a line of text.
    inline: bool,
    /// Has no end tag.
    void: bool,
}

/// A tag name of up to eight bytes as one integer (lower-cased, byte `i`
/// in bits `8 i ..`), so that the look-up below compares integers.
const fn key_of(name: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut i = 0;
    while i < name.len() && i < 8 {
        key |= (name[i].to_ascii_lowercase() as u64) << (8 * i);
        i += 1;
    }
    key
}

const SKIPPED: ElementKind = ElementKind {
    skipped: true,
    inline: false,
    void: false,
};
const INLINE: ElementKind = ElementKind {
    skipped: false,
    inline: true,
    void: false,
};
const VOID: ElementKind = ElementKind {
    skipped: false,
    inline: false,
    void: true,
};

/// The elements the extractor treats specially. `wbr` is inline and void.
const ELEMENTS: &[(&[u8], ElementKind)] = &[
    (b"script", SKIPPED),
    (b"style", SKIPPED),
    (b"svg", SKIPPED),
    (b"template", SKIPPED),
    (b"noscript", SKIPPED),
    (b"head", SKIPPED),
    (b"select", SKIPPED),
    (b"button", SKIPPED),
    (b"a", INLINE),
    (b"abbr", INLINE),
    (b"b", INLINE),
    (b"bdi", INLINE),
    (b"bdo", INLINE),
    (b"cite", INLINE),
    (b"code", INLINE),
    (b"data", INLINE),
    (b"del", INLINE),
    (b"dfn", INLINE),
    (b"em", INLINE),
    (b"i", INLINE),
    (b"ins", INLINE),
    (b"kbd", INLINE),
    (b"mark", INLINE),
    (b"q", INLINE),
    (b"s", INLINE),
    (b"samp", INLINE),
    (b"small", INLINE),
    (b"span", INLINE),
    (b"strong", INLINE),
    (b"sub", INLINE),
    (b"sup", INLINE),
    (b"time", INLINE),
    (b"u", INLINE),
    (b"var", INLINE),
    (
        b"wbr",
        ElementKind {
            skipped: false,
            inline: true,
            void: true,
        },
    ),
    (b"area", VOID),
    (b"base", VOID),
    (b"br", VOID),
    (b"col", VOID),
    (b"embed", VOID),
    (b"hr", VOID),
    (b"img", VOID),
    (b"input", VOID),
    (b"link", VOID),
    (b"meta", VOID),
    (b"source", VOID),
    (b"track", VOID),
    (b"param", VOID),
];

/// [`ELEMENTS`] by key, sorted at compile time for a binary search.
const SORTED: [(u64, ElementKind); ELEMENTS.len()] = {
    let mut table = [(0u64, SKIPPED); ELEMENTS.len()];
    let mut i = 0;
    while i < ELEMENTS.len() {
        table[i] = (key_of(ELEMENTS[i].0), ELEMENTS[i].1);
        // Insertion sort.
        let mut j = i;
        while j > 0 && table[j - 1].0 > table[j].0 {
            let t = table[j];
            table[j] = table[j - 1];
            table[j - 1] = t;
            j -= 1;
        }
        i += 1;
    }
    table
};

/// Kind of the element `name` (any ASCII case); no allocation, as it runs
/// for every tag of every page.
fn element_kind(name: &str) -> ElementKind {
    if name.len() > 8 {
        return ElementKind::default();
    }
    let key = key_of(name.as_bytes());
    match SORTED.binary_search_by_key(&key, |e| e.0) {
        Ok(i) => SORTED[i].1,
        Err(_) => ElementKind::default(),
    }
}

/// The text inside `<main>…</main>` (the whole document when there is no
/// `<main>`), whitespace collapsed.
pub fn main_text(html: &str) -> String {
    let start = html.find("<main").unwrap_or(0);
    let end = html[start..]
        .find("</main>")
        .map(|e| start + e)
        .unwrap_or(html.len());
    visible_text(&html[start..end])
}

/// The element name at the start of a tag's inside (after `<` and any `/`):
/// ASCII letters, digits and `-`.
fn tag_name(tag: &str) -> &str {
    let s = tag.trim_start_matches('/');
    let n = s
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    &s[..n]
}

/// Visible text of an HTML fragment produced by this crate (well-formed,
/// attributes quoted).
///
/// One pass over the bytes: runs of visible characters are copied as
/// slices, and only `<`, `&`, white space and the lead bytes of non-ASCII
/// white space stop it (this runs over every page of the site).
pub fn visible_text(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 3);
    // Start of the visible characters not yet copied to `out`.
    let mut run: Option<usize> = None;
    // (tag name as written, depth) of the element being skipped; names are
    // compared without regard to ASCII case.
    let mut skipping: Option<(&str, usize)> = None;
    // Where the next tag starts (nothing inside a skipped element is shown).
    let next_tag = |i: usize| html[i..].find('<').map_or(html.len(), |k| i + k);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if !STOPS[usize::from(b)] {
            // Visible characters (UTF-8 continuation bytes included) up to
            // the next byte that needs a look.
            run.get_or_insert(i);
            i += 1;
            while bytes.get(i).is_some_and(|&b| !STOPS[usize::from(b)]) {
                i += 1;
            }
            continue;
        }
        if b == b'<' {
            flush(&mut out, html, &mut run, i);
            let rest = &html[i..];
            if let Some(after) = rest.strip_prefix("<!--") {
                i = after.find("-->").map_or(html.len(), |e| i + 4 + e + 3);
            } else {
                let Some(gt) = tag_end(rest) else {
                    break;
                };
                let tag = &rest[1..gt];
                i += gt + 1;
                on_tag(&mut out, &mut skipping, tag);
            }
            if skipping.is_some() {
                i = next_tag(i);
            }
            continue;
        }
        if b == b'&' {
            flush(&mut out, html, &mut run, i);
            // An entity never spans a tag: look no further than the next `<`.
            let window = &html[i..];
            let window = match window.bytes().take(12).position(|b| b == b'<') {
                Some(lt) => &window[..lt],
                None => window,
            };
            let (decoded, n) = decode_entity(window);
            if let Some(c) = decoded {
                if c.is_whitespace() {
                    push_space(&mut out);
                } else {
                    out.push(c);
                }
            }
            i += n;
            continue;
        }
        let (space, len) = space_at(bytes, i);
        if space {
            flush(&mut out, html, &mut run, i);
            push_space(&mut out);
        } else {
            run.get_or_insert(i);
        }
        i += len;
    }
    flush(&mut out, html, &mut run, bytes.len().min(i));
    let trimmed = out.trim();
    if trimmed.len() == out.len() {
        out
    } else {
        trimmed.to_string()
    }
}

/// Bytes the scanner must look at: `<`, `&`, ASCII white space and the lead
/// bytes of the non-ASCII white space characters (see [`space_at`]).
const STOPS: [bool; 256] = {
    let mut stops = [false; 256];
    let mut b = 0;
    while b < 256 {
        stops[b] = matches!(
            b as u8,
            b'<' | b'&' | b'\t'..=b'\r' | b' ' | 0xC2 | 0xE1 | 0xE2 | 0xE3
        );
        b += 1;
    }
    stops
};

/// Copies the pending run `html[start..end]` to `out`.
fn flush(out: &mut String, html: &str, run: &mut Option<usize>, end: usize) {
    if let Some(start) = run.take() {
        out.push_str(&html[start..end]);
    }
}

/// One space for a stretch of white space (none at the start).
fn push_space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Whether the character at byte `i` is white space (`char::is_whitespace`),
/// and its length in bytes. Only the lead bytes of white space characters
/// (ASCII, U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000) need a closer look.
fn space_at(bytes: &[u8], i: usize) -> (bool, usize) {
    let b = bytes[i];
    if b.is_ascii() {
        return (is_ascii_space(b), 1);
    }
    let next = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
    let space = match b {
        0xC2 => matches!(next(1), 0x85 | 0xA0),
        0xE1 => next(1) == 0x9A && next(2) == 0x80,
        0xE2 => match next(1) {
            0x80 => matches!(next(2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF),
            0x81 => next(2) == 0x9F,
            _ => false,
        },
        0xE3 => next(1) == 0x80 && next(2) == 0x80,
        _ => false,
    };
    (space, utf8_len(b))
}

/// Updates the skipping state for one tag (`tag` is what lies between `<`
/// and `>`) and separates the text around a block element by a space.
fn on_tag<'a>(out: &mut String, skipping: &mut Option<(&'a str, usize)>, tag: &'a str) {
    let closing = tag.starts_with('/');
    let name = tag_name(tag);
    if name.is_empty() {
        return;
    }
    let kind = element_kind(name);
    if let Some((skip_name, depth)) = skipping.as_mut() {
        if skip_name.eq_ignore_ascii_case(name) && !kind.void && !tag.ends_with('/') {
            if closing {
                *depth -= 1;
                if *depth == 0 {
                    *skipping = None;
                }
            } else {
                *depth += 1;
            }
        }
        return;
    }
    if !closing && !kind.void && !tag.ends_with('/') && (kind.skipped || is_hidden(tag)) {
        *skipping = Some((name, 1));
        return;
    }
    if !kind.inline && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Index of the `>` that ends the tag at the start of `s`, skipping quoted
/// attribute values.
pub(crate) fn tag_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'>' => return Some(i),
            b'"' | b'\'' => {
                i += 1 + closing_quote(&bytes[i + 1..], b)? + 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// Index of `quote` in `bytes`. Attribute values are short: a plain loop
/// beats `memchr`'s set-up cost here.
fn closing_quote(bytes: &[u8], quote: u8) -> Option<usize> {
    bytes.iter().position(|&b| b == quote)
}

/// `char::is_whitespace` for an ASCII byte.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

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
fn is_hidden(tag: &str) -> bool {
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

/// Length of the UTF-8 sequence a (valid) lead byte starts.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        _ => 2,
    }
}

/// `s` with character references decoded (for attribute values).
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let (c, n) = decode_entity(&rest[amp..]);
        out.extend(c);
        rest = &rest[amp + n..];
    }
    out.push_str(rest);
    out
}

/// Decode the entity at the start of `s` (which starts with `&`); returns the
/// character (None when not an entity: the `&` is then kept) and bytes used.
fn decode_entity(s: &str) -> (Option<char>, usize) {
    // Bytes, not a `&s[..12]` slice: that could end inside a multi-byte
    // character (`&quot;)退職` panicked); `;` is ASCII, so `semi` is a boundary.
    let Some(semi) = s.bytes().take(12).position(|b| b == b';') else {
        return (Some('&'), 1);
    };
    let name = &s[1..semi];
    let c = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(dec) = name.strip_prefix('#') {
                dec.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                None
            }
        }
    };
    match c {
        Some(c) => (Some(c), semi + 1),
        None => (Some('&'), 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first, straightforward implementation: the reference the
    /// single-pass scanner must agree with.
    mod reference {
        /// Elements whose content never counts as page text.
        const SKIPPED: &[&str] = &[
            "script", "style", "svg", "template", "noscript", "head", "select", "button",
        ];
        /// Elements that do not break a line of text.
        const INLINE: &[&str] = &[
            "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins",
            "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
            "var", "wbr",
        ];
        const VOID: &[&str] = &[
            "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr", "param",
        ];

        /// The text inside `<main>…</main>` (the whole document when there is no
        /// `<main>`), whitespace collapsed.
        #[allow(dead_code)]
        pub fn main_text(html: &str) -> String {
            let start = html.find("<main").unwrap_or(0);
            let end = html[start..]
                .find("</main>")
                .map(|e| start + e)
                .unwrap_or(html.len());
            visible_text(&html[start..end])
        }

        /// Visible text of an HTML fragment produced by this crate (well-formed,
        /// attributes quoted).
        pub fn visible_text(html: &str) -> String {
            let mut out = String::with_capacity(html.len() / 3);
            let mut rest = html;
            // (tag name, depth) of the element being skipped.
            let mut skipping: Option<(String, usize)> = None;
            while !rest.is_empty() {
                let Some(lt) = rest.find('<') else {
                    if skipping.is_none() {
                        push_text(&mut out, rest);
                    }
                    break;
                };
                if skipping.is_none() {
                    push_text(&mut out, &rest[..lt]);
                }
                rest = &rest[lt..];
                if let Some(after) = rest.strip_prefix("<!--") {
                    rest = after.find("-->").map(|e| &after[e + 3..]).unwrap_or("");
                    continue;
                }
                let Some(gt) = tag_end(rest) else {
                    break;
                };
                let tag = &rest[1..gt];
                rest = &rest[gt + 1..];
                let closing = tag.starts_with('/');
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect::<String>()
                    .to_ascii_lowercase();
                if name.is_empty() {
                    continue;
                }
                if let Some((skip_name, depth)) = skipping.as_mut() {
                    if *skip_name == name && !VOID.contains(&name.as_str()) && !tag.ends_with('/') {
                        if closing {
                            *depth -= 1;
                            if *depth == 0 {
                                skipping = None;
                            }
                        } else {
                            *depth += 1;
                        }
                    }
                    continue;
                }
                if !closing
                    && !VOID.contains(&name.as_str())
                    && !tag.ends_with('/')
                    && (SKIPPED.contains(&name.as_str()) || is_hidden(tag))
                {
                    skipping = Some((name, 1));
                    continue;
                }
                if !INLINE.contains(&name.as_str()) && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            out.trim().to_string()
        }

        /// Index of the `>` that ends the tag at the start of `s`, skipping quoted
        /// attribute values.
        fn tag_end(s: &str) -> Option<usize> {
            let mut quote: Option<u8> = None;
            for (i, b) in s.bytes().enumerate() {
                match (quote, b) {
                    (Some(q), _) if b == q => quote = None,
                    (Some(_), _) => {}
                    (None, b'"') | (None, b'\'') => quote = Some(b),
                    (None, b'>') => return Some(i),
                    _ => {}
                }
            }
            None
        }

        /// Whether a start tag carries `hidden` or `data-noindex` as an attribute
        /// (not inside a value).
        fn is_hidden(tag: &str) -> bool {
            let mut quote: Option<char> = None;
            let mut word = String::new();
            let mut found = false;
            let mut check = |w: &mut String| {
                let name = w.split('=').next().unwrap_or("");
                if name.eq_ignore_ascii_case("hidden") || name.eq_ignore_ascii_case("data-noindex")
                {
                    found = true;
                }
                w.clear();
            };
            for c in tag.chars() {
                match quote {
                    Some(q) if c == q => quote = None,
                    Some(_) => {}
                    None if c == '"' || c == '\'' => quote = Some(c),
                    None if c.is_whitespace() || c == '/' => check(&mut word),
                    None => word.push(c),
                }
            }
            check(&mut word);
            found
        }

        /// Append text with entities decoded and whitespace collapsed.
        fn push_text(out: &mut String, raw: &str) {
            let mut rest = raw;
            while !rest.is_empty() {
                let (chunk, decoded, next) = match rest.find('&') {
                    Some(amp) => {
                        let (c, n) = super::decode_entity(&rest[amp..]);
                        (&rest[..amp], c, &rest[amp + n..])
                    }
                    None => (rest, None, ""),
                };
                for c in chunk.chars().chain(decoded) {
                    if c.is_whitespace() {
                        if !out.is_empty() && !out.ends_with(' ') {
                            out.push(' ');
                        }
                    } else {
                        out.push(c);
                    }
                }
                rest = next;
            }
        }
    }

    #[test]
    fn equals_the_reference_on_random_markup() {
        let pieces = [
            "<p>",
            "</p>",
            "<span>",
            "</span>",
            "<a href=\"x>y\">",
            "</a>",
            "<br>",
            "<br/>",
            "<wbr>",
            "<script>",
            "</script>",
            "<svg>",
            "</svg>",
            "<SVG>",
            "<div hidden>",
            "<div data-noindex class='a'>",
            "</div>",
            "<div>",
            "<!-- c -->",
            "<!--",
            "-->",
            "<img alt=\"a\">",
            "<p title='h\"i'>",
            "<input/>",
            "<button>",
            "</button>",
            "&amp;",
            "&lt;",
            "&#x41;",
            "&#12354;",
            "&nbsp;",
            "&bogus;",
            "&",
            "&am<p>p;",
            " ",
            "  ",
            "\n\t",
            "\u{3000}",
            "\u{a0}",
            "\u{2028}",
            "\u{85}",
            "テキスト",
            "漢字",
            "abc",
            "x",
            "é",
            "𠮷",
            "<",
            ">",
            "\"",
            "'",
            "/",
            "<template>",
            "</template>",
            "<b>",
            "</B>",
            "<ScRiPt>",
            "</sCrIpT>",
            "<p id=x\u{3000}hidden>",
            "</>",
            "<!doctype>",
            "<p hid\"x\"den>",
            "<p x=\"1\"hidden>",
            "<p x=1/HiDdEn=\"\">",
            "<i data-noindex>",
            "<p a=b=hidden>",
            "<p 'x'>",
            "<hidden>",
            "</hidden>",
            "<p x=\"",
            "\u{2003}",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..30_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let len = ((state >> 40) % 14) as usize;
            let mut html = String::new();
            for _ in 0..len {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                html.push_str(pieces[(state >> 33) as usize % pieces.len()]);
            }
            assert_eq!(
                visible_text(&html),
                reference::visible_text(&html),
                "{html:?}"
            );
        }
    }

    #[test]
    fn takes_main_text_only() {
        let html = "<html><head><title>x</title></head><body><nav>ナビ</nav><main id=\"main\"><h1>初動</h1><p>見つけたら<strong>すぐ</strong>報告 &amp; 記録</p></main><footer>フッタ</footer></body></html>";
        assert_eq!(main_text(html), "初動 見つけたらすぐ報告 & 記録");
    }

    #[test]
    fn skips_scripts_svg_and_hidden_elements() {
        let html = "<main><p>a</p><script type=\"application/json\">{\"x\":1}</script><svg><text>図</text><svg><text>入れ子</text></svg></svg>\
                    <form hidden><label>絞り込み</label></form><div class=\"visually-hidden-x\">見える</div><p data-noindex>索引外</p><p>b&#x27;c&#39;d</p></main>";
        assert_eq!(main_text(html), "a 見える b'c'd");
    }

    #[test]
    fn hidden_is_an_attribute_name_in_any_case_never_a_value() {
        assert_eq!(visible_text("<p HIDDEN>a</p><p>b</p>"), "b");
        assert_eq!(visible_text("<div data-noindex=\"\">a</div>b"), "b");
        assert_eq!(visible_text("<p title=\"hidden\">a</p>"), "a");
        assert_eq!(visible_text("<p class='x hidden'>a</p>"), "a");
        assert_eq!(visible_text("<p id=x\u{3000}hidden>a</p>b"), "b");
        assert_eq!(visible_text("<p hiddenx>a</p>"), "a");
        assert_eq!(visible_text("<p title=\"x>y\" hidden>a</p>b"), "b");
        // Quotes inside a name are left out of it, as before.
        assert_eq!(visible_text("<p hid\"x\"den>a</p>b"), "b");
        assert_eq!(visible_text("<p x=\"1\"hidden>a</p>"), "a");
        assert_eq!(visible_text("<p x=1/HiDdEn=\"\">a</p>b"), "b");
    }

    #[test]
    fn unicode_white_space_is_collapsed_like_ascii() {
        assert_eq!(
            visible_text("<p>\u{3000}全角\u{3000}\u{3000}空白\u{a0}と\u{2003}\u{85}改行\n\t</p>"),
            "全角 空白 と 改行"
        );
        assert_eq!(visible_text("<p>漢字かなカナ𠮷é</p>"), "漢字かなカナ𠮷é");
    }

    #[test]
    fn non_ascii_white_space_lead_bytes_cover_every_white_space_character() {
        for c in (0x80u32..=0x10FFFF).filter_map(char::from_u32) {
            if c.is_whitespace() {
                let mut buf = [0u8; 4];
                let lead = c.encode_utf8(&mut buf).as_bytes()[0];
                assert!(matches!(lead, 0xC2 | 0xE1 | 0xE2 | 0xE3), "{c:?}");
            }
        }
    }

    #[test]
    fn attribute_values_with_gt_do_not_break_parsing() {
        assert_eq!(
            visible_text("<a title=\"a > b\" href=\"x\">リンク</a>"),
            "リンク"
        );
        assert_eq!(visible_text("AT&T <br>次"), "AT&T 次");
    }

    #[test]
    fn an_entity_followed_by_japanese_does_not_split_a_character() {
        // Regression (tests/xss.rs): byte 12 after `&` fell inside `職`.
        assert_eq!(
            visible_text("<p>&quot;)退職者の &amp;退職 AT&T退職者</p>"),
            "\")退職者の &退職 AT&T退職者"
        );
    }
}
