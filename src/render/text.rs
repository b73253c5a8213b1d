//! The visible text of a rendered page, for the search index.
//!
//! The index is made from what the page shows (the `<main>` element), never
//! from the model, so it cannot hold text a reader of this build does not
//! see: fields hidden from the audience are simply not in the HTML. Scripts,
//! styles, SVG (the flow page has a text version), `hidden` elements and
//! elements marked `data-noindex` are skipped. Inline elements join their
//! text without a space (Japanese has no spaces between words); block
//! elements separate it.

/// Elements whose content never counts as page text.
const SKIPPED: &[&str] = &[
    "script", "style", "svg", "template", "noscript", "head", "select", "button",
];
/// Elements that do not break a line of text.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
];
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param",
];

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
pub(crate) fn tag_end(s: &str) -> Option<usize> {
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
        if name.eq_ignore_ascii_case("hidden") || name.eq_ignore_ascii_case("data-noindex") {
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
                let (c, n) = decode_entity(&rest[amp..]);
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
