//! The visible text of HTML: of a Markdown text rendered for a search
//! document (`crate::render::documents`; the documents themselves are made
//! from the model, never from a rendered page), and of a page's `<main>`
//! element (`main_text`, for checks that read a built page). Scripts,
//! styles, SVG (the flow page has a text version), `hidden` elements and
//! elements marked `data-noindex` are skipped. Inline elements join their
//! text without a space (Japanese has no spaces between words); block
//! elements separate it.
//!
//! This file is the scanner: one pass over the bytes, copying runs of
//! visible characters and collapsing white space. What it does at a tag is
//! in `tags` (with the element table in `elements` and the `hidden` /
//! `data-noindex` attribute test in `hidden`); character references are
//! decoded in `entities`.

mod elements;
mod entities;
mod hidden;
mod tags;

pub(crate) use entities::decode_entities;
pub(crate) use tags::tag_end;

use entities::decode_entity;
use tags::on_tag;

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

/// `char::is_whitespace` for an ASCII byte.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// Length of the UTF-8 sequence a (valid) lead byte starts.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        _ => 2,
    }
}

#[cfg(test)]
mod tests;
