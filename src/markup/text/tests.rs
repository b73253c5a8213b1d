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
