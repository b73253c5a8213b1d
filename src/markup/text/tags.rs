//! Tags: where a tag ends (quoted values may hold `>`), its element name,
//! and what the scanner does at each tag (start or stop skipping an
//! element, separate block elements by a space).

use super::elements::element_kind;
use super::hidden::{closing_quote, is_hidden};

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

/// Updates the skipping state for one tag (`tag` is what lies between `<`
/// and `>`) and separates the text around a block element by a space.
pub(super) fn on_tag<'a>(out: &mut String, skipping: &mut Option<(&'a str, usize)>, tag: &'a str) {
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
