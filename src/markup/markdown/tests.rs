use super::*;

fn html(md: &str) -> String {
    render(md, &mut Slugger::for_page()).html
}

#[test]
fn slugs_keep_japanese_and_fold_width() {
    assert_eq!(slugify("見つけたら、まずこの3つ"), "見つけたらまずこの3つ");
    assert_eq!(slugify("ＶＰＮ の 設定"), "vpn-の-設定");
    assert_eq!(slugify("First  Response!"), "first-response");
    assert_eq!(slugify("！？"), "section");
}

#[test]
fn duplicate_headings_get_numbered_ids() {
    let r = render("## 連絡\n\n## 連絡\n\n## main\n", &mut Slugger::for_page());
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["連絡", "連絡-2", "main-2"]);
    assert!(r
        .html
        .contains("<h2 id=\"連絡-2\">連絡<a class=\"anchor\" href=\"#連絡-2\""));
}

#[test]
fn explicit_heading_ids_are_used_and_other_attributes_dropped() {
    let h = html("## 初動 {#first .big onclick=alert(1)}\n");
    assert!(h.contains("<h2 id=\"first\">"), "{h}");
    assert!(!h.contains("onclick"));
    assert!(!h.contains("big"));
}

#[test]
fn japanese_lines_join_without_a_space() {
    assert_eq!(html("確認されて\nいないが"), "<p>確認されていないが</p>\n");
    assert_eq!(html("VPN の\nログ"), "<p>VPN のログ</p>\n");
    assert_eq!(html("English\ntext"), "<p>English\ntext</p>\n");
}

#[test]
fn gfm_features_render() {
    let h = html("| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n~~古い~~\n\n- [x] 済\n- [ ] 未\n\n本文[^1]\n\n[^1]: 注記\n");
    assert!(h.contains("<div class=\"table-wrap\" tabindex=\"0\"><table>"));
    assert!(h.contains("<th class=\"al-center\">a</th>"));
    assert!(h.contains("<td class=\"al-right\">2</td>"));
    assert!(!h.contains("style="));
    assert!(h.contains("<del>古い</del>"));
    assert!(h.contains("☑") && h.contains("☐"));
    assert!(h.contains("<sup class=\"fn-ref\" id=\"fnref-1\"><a href=\"#fn-1\">1</a></sup>"));
    assert!(h.contains("<div class=\"footnote\" id=\"fn-1\">"));
}

#[test]
fn code_blocks_scroll_by_keyboard_and_escape_their_text() {
    let h = html("```yaml\nid: <b>\n```\n");
    assert_eq!(
        h,
        "<pre tabindex=\"0\"><code class=\"language-yaml\">id: &lt;b&gt;\n</code></pre>\n"
    );
}

#[test]
fn footnote_ids_do_not_clash_across_fields() {
    let mut s = Slugger::for_page();
    let a = render("x[^1]\n\n[^1]: a\n", &mut s).html;
    let b = render("y[^1]\n\n[^1]: b\n", &mut s).html;
    assert!(a.contains("id=\"fn-1\""));
    assert!(b.contains("id=\"fn-1-2\"") && b.contains("href=\"#fn-1-2\""));
}

#[test]
fn markdown_links_point_at_pages() {
    let h = html("[初動](first-response.md#連絡) [外](https://example.com/a.md)");
    // pulldown-cmark percent-encodes non-ASCII in URLs; browsers decode it.
    assert!(
        h.contains("href=\"first-response.html#%E9%80%A3%E7%B5%A1\""),
        "{h}"
    );
    assert!(h.contains("href=\"https://example.com/a.md\""));
}

#[test]
fn xss_payloads_do_not_survive() {
    let payloads = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](java\tscript:alert(1))",
        "[click](&#x6A;avascript:alert(1))",
        "<javascript:alert(1)>",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![x](data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+)",
        "<svg><script>alert(1)</script></svg>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<form action=\"https://evil.example\"><input name=a></form>",
        "<h2 id=\"search-results\">clobber</h2>",
        "## 見出し {onmouseover=alert(1)}",
        "<object data=x></object><embed src=x>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
    ];
    for p in payloads {
        let h = html(p).to_ascii_lowercase();
        // Text that merely reads "javascript:" is harmless; URLs are not.
        for bad in [
            "<script",
            "onerror",
            "onmouseover",
            "=\"javascript:",
            "=javascript:",
            "=\"data:",
            "<iframe",
            "<form",
            "<input",
            "style=",
            "<object",
            "<embed",
            "id=\"search-results\"",
            "xlink:href",
        ] {
            assert!(!h.contains(bad), "payload {p:?} left {bad:?} in {h:?}");
        }
    }
}

#[test]
fn remote_images_become_links_and_local_images_stay() {
    let h = html("![ロゴ](https://example.com/logo.png) ![図](flow.png)");
    assert!(!h.contains("<img src=\"https://"));
    assert!(h.contains("<a href=\"https://example.com/logo.png\">ロゴ</a>"));
    assert!(h.contains("<img src=\"flow.png\" alt=\"図\""));
}

#[test]
fn harmless_raw_html_is_kept() {
    let h = html("一行目<br>二行目 <kbd>Ctrl</kbd>");
    assert!(h.contains("<br>"));
    assert!(h.contains("<kbd>Ctrl</kbd>"));
}

/// Every form a browser reads as "another host", in Markdown and in raw
/// HTML (entities, tabs and newlines included): nothing of it survives in
/// a URL attribute.
const OTHER_HOST: &[&str] = &[
    "![x](//evil.example/a.png)",
    "[x](//evil.example/)",
    "[x](\\\\evil.example\\share)",
    "![x](</\\evil.example/a.png>)",
    "![x](<\\/evil.example/a.png>)",
    "[x]( //evil.example)",
    "[x](/&#9;/evil.example)",
    "[x][r]\n\n[r]: //evil.example/",
    "<img src=\"//evil.example/a.png\">",
    "<img src=\"\\\\evil.example\\a.png\">",
    "<img src=\"/\\evil.example/a.png\">",
    "<img src=\"\\/evil.example/a.png\">",
    "<img src=\"&#47;&#47;evil.example/a.png\">",
    "<img src=\"&sol;&sol;evil.example/a.png\">",
    "<img src=\"&#x5C;&#x5C;evil.example\\a.png\">",
    "<img src=\"/\t/evil.example/a.png\">",
    "<img src=\"/&#10;/evil.example/a.png\">",
    "<img src=\"/&NewLine;/evil.example/a.png\">",
    "<img src=\" //evil.example/a.png\">",
    "<img\nsrc=\"//evil.example/a.png\">",
    "<a href=\"//evil.example/\">x</a>",
    "<a href=\"\\\\evil.example\\share\">x</a>",
    "<blockquote cite=\"//evil.example/\">q</blockquote>",
    "<img srcset=\"//evil.example/a.png 1x\" src=\"ok.png\">",
    "<video poster=\"//evil.example/p.png\"></video>",
    "x[^1]\n\n[^1]: <img src=\"//evil.example/fn.png\">",
    "[^u]: ![x](//evil.example/unreferenced.png)",
];

#[test]
fn urls_naming_another_host_are_removed() {
    for p in OTHER_HOST {
        let h = html(p);
        assert!(!h.contains("evil.example"), "{p:?} left {h:?}");
    }
    // What stays: the text, and local images.
    assert!(html("[名前](//evil.example/)").contains("名前"));
    assert!(html("<img src=\"ok.png\" srcset=\"//evil.example/a 1x\">").contains("src=\"ok.png\""));
}

#[test]
fn other_host_rule() {
    for u in [
        "//h", "\\\\h", "/\\h", "\\/h", " //h", "/\t/h", "/\n/h", "\u{1}//h",
    ] {
        assert!(names_other_host(u), "{u:?}");
    }
    for u in ["/h", "./h", "h//x", "https://h", "#//h", "?//h"] {
        assert!(!names_other_host(u), "{u:?}");
    }
}

#[test]
fn raw_html_loads_nothing_from_elsewhere() {
    let h = html("<img src=\"https://evil.example/a.png\" alt=\"a\"> <img src=\"/etc/passwd\" alt=\"b\"> <a href=\"https://ok.example/\">ok</a> <img src=\"flow.png\" alt=\"c\">");
    assert!(!h.contains("evil.example"), "{h}");
    assert!(!h.contains("/etc/passwd"), "{h}");
    assert!(h.contains("href=\"https://ok.example/\""), "{h}");
    assert!(h.contains("src=\"flow.png\""), "{h}");
    // Rooted Markdown targets are not paths inside the site either.
    let h = html("![a](/etc/passwd) [b](/etc/passwd)");
    assert!(!h.contains("/etc/passwd"), "{h}");
}

#[test]
fn raw_html_urls_are_found_as_the_sanitiser_reads_them() {
    let found = raw_html_urls(
        "<p><img src=\"&#47;&#47;h/x\"><a href='a.html'>x</a><script src=\"s.js\"></script></p>",
    );
    let got: Vec<_> = found
        .iter()
        .map(|u| (u.element.as_str(), u.attribute.as_str(), u.value.as_str()))
        .collect();
    assert_eq!(got, [("img", "src", "//h/x"), ("a", "href", "a.html")]);
}

#[test]
fn headings_and_raw_ids_never_take_the_page_templates_ids() {
    let r = render(
        "## Actions\n\n## evidence\n\n## x {#notifications}\n\n## role-ciso\n\n## Level 3\n",
        &mut Slugger::for_page(),
    );
    let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "actions-2",
            "evidence-2",
            "notifications-2",
            "h-role-ciso",
            "h-level-3"
        ]
    );
    let h = html("<h2 id=\"actions\">a</h2><div id=\"evidence\">b</div><h3 id=\"control-A.5.24\">c</h3><a name=\"history\">d</a><div id=\"mine\">e</div>");
    for id in [
        "\"actions\"",
        "\"evidence\"",
        "\"control-A.5.24\"",
        "\"history\"",
    ] {
        assert!(!h.contains(id), "{id} in {h}");
    }
    assert!(h.contains("id=\"mine\""), "{h}");
}

/// Every literal `id` of the default theme's templates is reserved, so a
/// Markdown heading cannot take it.
#[test]
fn reserved_ids_cover_the_theme() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for (at, _) in text.match_indices(" id=\"") {
            let rest = &text[at + 5..];
            let id = &rest[..rest.find('"').unwrap()];
            if id.contains("{{") {
                let prefix = id.split("{{").next().unwrap();
                if !prefix.is_empty() && !is_reserved_id(prefix) {
                    missing.push(id.to_string());
                }
            } else if !is_reserved_id(id) {
                missing.push(id.to_string());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "ids the templates use but RESERVED_IDS lacks: {missing:?}"
    );
}

#[test]
fn controls_are_shown_not_written_raw() {
    let h = html("a\u{7}b\u{202e}c\u{200b}d `e\u{0}\u{202e}` ![f\u{2066}](x.png)\n\n<kbd>g\u{1b}\u{202e}</kbd>");
    for c in [
        '\u{7}', '\u{202e}', '\u{200b}', '\u{0}', '\u{2066}', '\u{1b}',
    ] {
        assert!(!h.contains(c), "{c:?} in {h:?}");
    }
    assert!(
        h.contains("a\u{fffd}b&lt;U+202E&gt;c&lt;U+200B&gt;d"),
        "{h}"
    );
    assert!(h.contains("<code>e\u{fffd}&lt;U+202E&gt;</code>"), "{h}");
    assert!(h.contains("alt=\"f&lt;U+2066&gt;\""), "{h}");
    assert!(h.contains("<kbd>g\u{fffd}&lt;U+202E&gt;</kbd>"), "{h}");
    // Japanese, emoji, tabs and newlines are untouched.
    assert_eq!(html("連絡\t🙂"), "<p>連絡\t🙂</p>\n");
}

#[test]
fn safe_url_rules() {
    assert!(is_safe_url("../contacts.html"));
    assert!(is_safe_url("#x"));
    assert!(is_safe_url("https://www.ipa.go.jp/"));
    assert!(is_safe_url("mailto:a@example.com"));
    assert!(is_safe_url("tel:+81312345678"));
    assert!(is_safe_url("a/b:c"));
    assert!(!is_safe_url(" javascript:x"));
    assert!(!is_safe_url("vbscript:x"));
    assert!(!is_safe_url("data:x"));
    assert!(!is_safe_url("file:///etc/passwd"));
}

#[test]
fn raw_html_too_deep_for_the_sanitiser_is_shown_as_text_at_once() {
    // A hundred thousand unclosed `<div>`: the sanitiser would take
    // minutes; the text is shown as written, escaped, with the rest of
    // the document (its own markup kept).
    let md = format!(
        "# 見出し\n\n**強調** {}x\n\n<div>ok</div>\n",
        "<span>".repeat(100_000)
    );
    let started = std::time::Instant::now();
    let h = html(&md);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert!(h.contains("<strong>強調</strong>"), "{}", &h[..200]);
    assert!(h.contains("&lt;span&gt;&lt;span&gt;"));
    assert!(!h.contains("<span>") && !h.contains("<div>ok"));
    // Shallow raw HTML is still sanitised and kept.
    assert_eq!(html("<div>ok</div>"), "<div>ok</div>");
}
