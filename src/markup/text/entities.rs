//! Character references (`&amp;`, `&#x41;`, …): decoded in page text and
//! in attribute values.

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
pub(super) fn decode_entity(s: &str) -> (Option<char>, usize) {
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
