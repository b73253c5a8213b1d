//! Links, URLs and names: code-running schemes (E109), contact URLs, Markdown
//! fuzz regressions, other hosts (E115), footnotes and control descriptions,
//! ids and file names that read like schemes, page ids, invisible characters.

use super::*;

/// Markdown with `javascript:`-style links, one per paragraph.
const BAD_LINKS: &[&str] = &[
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](java&#09;script:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
];

#[test]
fn markdown_links_with_code_running_schemes_are_e109() {
    let f = Fixture::example();
    let body = BAD_LINKS.join("\n\n");
    // A handbook page: one E109 per link, on the link's line.
    let page = "handbook/start.md";
    let text = f.read(page);
    f.write(page, format!("{text}\n{body}\n"));
    // A record's Markdown fields.
    let rec = "incidents/2026/INC-2026-001.yaml";
    let mut doc: Value = serde_yaml::from_str(&f.read(rec)).unwrap();
    for field in ["summary", "cause", "lessons"] {
        doc[field] = Value::String(body.clone());
    }
    f.write(rec, serde_yaml::to_string(&doc).unwrap());

    let report: Report = f.check();
    assert_eq!(report.status, 1);
    let e109 = |file: &str| {
        report
            .diags
            .iter()
            .filter(|d| d.code == "E109" && d.file == file)
            .count()
    };
    assert_eq!(
        e109(page),
        BAD_LINKS.len(),
        "{}",
        common::list(&report.diags)
    );
    // Record fields: one per field and kind of problem (their positions are
    // the record's start for now, so equal messages collapse into one).
    for field in ["summary", "cause", "lessons"] {
        for scheme in ["javascript", "vbscript", "data"] {
            assert!(
                report.diags.iter().any(|d| d.code == "E109"
                    && d.file == rec
                    && d.message.contains(&format!("`{field}`"))
                    && d.message.contains(&format!("`{scheme}:`"))),
                "no E109 for {scheme}: in {field}:\n{}",
                common::list(&report.diags)
            );
        }
    }
    assert!(e109(rec) >= 9);
    // Lines point at the links in the page.
    let lines: Vec<u64> = report
        .diags
        .iter()
        .filter(|d| d.code == "E109" && d.file == page)
        .map(|d| d.line)
        .collect();
    let first = text.lines().count() as u64 + 2;
    assert_eq!(lines[0], first, "{lines:?}");

    // And `build` refuses, leaving no output.
    let run = f.build_site("public", common::TODAY, &[]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("E109"), "{}", run.stderr);
    assert!(!f.workdir().join("public").exists());
}

#[test]
fn the_renderer_drops_code_running_links_even_unchecked() {
    use ismsbook::markup::markdown::{render, Slugger};
    for link in BAD_LINKS {
        let md = format!("{link}\n\n{INLINE}\n{BLOCKS}");
        let html = render(&md, &mut Slugger::for_page()).html;
        let found = scan::executable_markup(&html);
        assert!(found.is_empty(), "{link}: {found:?}\n{html}");
        assert!(!html.to_ascii_lowercase().contains("javascript:alert(1)\""));
    }
}

#[test]
fn contact_urls_and_addresses_cannot_inject() {
    let f = Fixture::example();
    f.replace(
        "contacts.yaml",
        "url: https://www.jnsa.org/emergency_response/",
        "url: \"javascript:alert(1)\"",
    );
    f.replace(
        "contacts.yaml",
        "email: all-staff@example.co.jp",
        "email: \"all-staff@example.co.jp\\\" onmouseover=\\\"alert(1)\"",
    );
    f.replace(
        "contacts.yaml",
        "phone: 03-6712-4000",
        "phone: \"03\\\"><script>alert(1)</script>\"",
    );
    let report = f.check();
    if report.status == 1 {
        // Refused: each bad value has a diagnostic.
        let p = report.new_problems();
        assert!(
            p.iter().any(|d| d.code == "E109" || d.code == "E108"),
            "{}",
            common::list(&p)
        );
        return;
    }
    let files = build_for(&f, "auditor");
    assert_inert(&files);
    // The contact is still listed; its bad address is text, not a link.
    let contacts = String::from_utf8_lossy(&files["contacts.html"]).into_owned();
    assert!(contacts.contains("JNSA"));
    assert!(!contacts.contains("href=\"javascript"));
}

/// What the `markdown` fuzz target does, on every input kept in
/// `fuzz/regressions/markdown/`.
#[test]
fn markdown_fuzz_regressions_render_inert() {
    use ismsbook::markup::markdown::{render, Slugger};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/markdown");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let html = render(&text, &mut Slugger::for_page()).html;
        let found = scan::executable_markup(&html);
        assert!(found.is_empty(), "{}: {found:?}", path.display());
        let _ = ismsbook::markup::text::visible_text(&html);
        n += 1;
    }
    assert!(n > 0);
}

/// Raw HTML and Markdown that name another host without a scheme: what a
/// browser reads as `//host` (from a site opened as file://, a network share).
const OTHER_HOST: &[&str] = &[
    "<img src=\"//evil.example/1.png\">",
    "<img src=\"\\\\evil.example\\2.png\">",
    "<img src=\"/\\evil.example/3.png\">",
    "<img src=\"\\/evil.example/4.png\">",
    "<img src=\"&#47;&#47;evil.example/5.png\">",
    "<img src=\"/&#9;/evil.example/6.png\">",
    "<img src=\"/&NewLine;/evil.example/7.png\">",
    "<a href=\"//evil.example/8\">x</a>",
    "![x](//evil.example/9.png)",
    "[x](//evil.example/10)",
    "[x](\\\\\\\\evil.example\\\\11)",
];

/// A Markdown page with one payload per paragraph, and the 1-based line of
/// each in `text + "\n" + body`.
fn paragraphs(text: &str, payloads: &[&str]) -> (String, Vec<u64>) {
    let first = text.lines().count() as u64 + 2;
    let lines = (0..payloads.len() as u64).map(|k| first + 2 * k).collect();
    (format!("{text}\n{}\n", payloads.join("\n\n")), lines)
}

#[test]
fn urls_naming_another_host_are_e115_at_their_position() {
    let f = Fixture::example();
    let page = "handbook/start.md";
    let (text, lines) = paragraphs(&f.read(page), OTHER_HOST);
    f.write(page, text);
    let rec = "incidents/2026/INC-2026-001.yaml";
    edit_yaml(&f, rec, |doc| {
        doc["summary"] = Value::String(format!(
            "{}\n\n<img src=\"//evil.example/r.png\">\n",
            doc["summary"].as_str().unwrap()
        ));
    });
    let report = f.check();
    assert_eq!(report.status, 1);
    let e115: Vec<&common::Diag> = report
        .diags
        .iter()
        .filter(|d| d.code == "E115" && d.file == page)
        .collect();
    let got: Vec<u64> = e115.iter().map(|d| d.line).collect();
    assert_eq!(got, lines, "{}", common::list(&report.diags));
    assert!(e115.iter().all(|d| d.column == 1 && d.hint.is_some()));
    assert!(
        report
            .diags
            .iter()
            .any(|d| d.code == "E115" && d.file == rec && d.message.contains("`summary`")),
        "{}",
        common::list(&report.diags)
    );
    // Nothing else is wrong with them.
    let others: Vec<_> = report
        .new_problems()
        .into_iter()
        .filter(|d| d.code != "E115")
        .collect();
    assert!(others.is_empty(), "{}", common::list(&others));

    // The renderer removes them even unchecked.
    use ismsbook::markup::markdown::{render, Slugger};
    for p in OTHER_HOST {
        let html = render(p, &mut Slugger::for_page()).html;
        assert!(!html.contains("evil.example"), "{p}: {html}");
    }
}

/// Several raw HTML elements on one line, in a block quote and in an HTML
/// block: each E115 points at its own element.
#[test]
fn e115_points_at_each_element() {
    let f = Fixture::example();
    let page = "handbook/start.md";
    let text = format!(
        "{}\n> 見て <img src=\"//evil.example/q1.png\"> と <a href=\"//evil.example/q2\" title=\"t\">x</a>\n\n<div>\n<p>本文 <img alt=\"a\" src=\"\\\\evil.example\\q3.png\"></p>\n</div>\n",
        f.read(page)
    );
    f.write(page, &text);
    let report = f.check();
    let got: Vec<String> = report
        .diags
        .iter()
        .filter(|d| d.code == "E115" && d.file == page)
        .map(|d| format!("{}:{}", d.line, d.column))
        .collect();
    let want: Vec<String> = [
        common::locate(&text, "> 見て <img", "<img"),
        common::locate(&text, "> 見て <img", "<a "),
        common::locate(&text, "<p>本文 <img", "<img"),
    ]
    .iter()
    .map(|a| a.to_string())
    .collect();
    assert_eq!(got, want, "{}", common::list(&report.diags));
}

/// Footnote definitions nobody refers to, and the Markdown of the policy's
/// control descriptions, are checked like every other Markdown text.
#[test]
fn footnotes_and_control_descriptions_are_link_checked() {
    let f = Fixture::example();
    let page = "handbook/start.md";
    let notes = [
        "[^a]: <img src=\"../../../../etc/passwd\">",
        "[^b]: ![x](../../../../etc/passwd)",
        "[^c]: [x](javascript:alert(1))",
        "[^d]: <img src=\"//evil.example/fn.png\">",
    ];
    let (text, lines) = paragraphs(&f.read(page), &notes);
    f.write(page, text);
    f.replace(
        "policy.yaml",
        "      インシデントに素早く、確実に対応できるよう",
        "      [x](javascript:alert(1)) ![y](../../../../etc/passwd) <img src=\"//evil.example/c.png\">\n      インシデントに素早く、確実に対応できるよう",
    );
    let report = f.check();
    let at = |file: &str| -> Vec<(String, u64)> {
        report
            .diags
            .iter()
            .filter(|d| d.file == file && ["E007", "E109", "E115"].contains(&d.code.as_str()))
            .map(|d| (d.code.clone(), d.line))
            .collect()
    };
    assert_eq!(
        at(page),
        vec![
            ("E007".to_string(), lines[0]),
            ("E007".to_string(), lines[1]),
            ("E109".to_string(), lines[2]),
            ("E115".to_string(), lines[3]),
        ],
        "{}",
        common::list(&report.diags)
    );
    let mut policy: Vec<String> = at("policy.yaml").into_iter().map(|(c, _)| c).collect();
    policy.sort();
    assert_eq!(
        policy,
        ["E007", "E109", "E115"],
        "{}",
        common::list(&report.diags)
    );
    assert!(report
        .diags
        .iter()
        .filter(|d| d.file == "policy.yaml" && d.code == "E115")
        .all(|d| d.message.contains("A.5.24") && d.line > 100));

    // The renderer drops what it can judge on its own (schemes, other hosts,
    // rooted paths); `..` that climbs out is left to `check`, which refuses
    // the build.
    use ismsbook::markup::markdown::{render, Slugger};
    let html = render(
        &format!(
            "{}\n\n{}\n\n{}",
            notes[2], notes[3], "[^e]: <img src=\"/etc/passwd\">"
        ),
        &mut Slugger::for_page(),
    )
    .html;
    assert!(
        !html.contains("javascript:")
            && !html.contains("evil.example")
            && !html.contains("/etc/passwd"),
        "{html}"
    );
}

/// Render a content directory without checking it (what a hostile model
/// would look like if `check` missed something), after `edit`.
fn render_unchecked(
    root: &Path,
    edit: impl FnOnce(&mut ismsbook::model::Content),
) -> BTreeMap<String, Vec<u8>> {
    let mut content = ismsbook::load::load(root).expect("loads").content;
    edit(&mut content);
    let sink = ismsbook::write::MemorySink::default();
    let opts = ismsbook::present::RenderOptions {
        today: chrono::NaiveDate::parse_from_str(common::TODAY, "%Y-%m-%d").unwrap(),
        audience: Some("auditor".into()),
        provenance: None,
    };
    ismsbook::site::render_site(
        &content,
        &ismsbook::present::theme::Theme::builtin(),
        &opts,
        &sink,
    )
    .expect("renders");
    sink.into_files()
}

/// Every `href`/`src`-like value in the HTML pages of `files` (decoded), by page.
fn url_values(files: &BTreeMap<String, Vec<u8>>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes);
        for attr in [" href=\"", " src=\"", " action=\""] {
            for (at, _) in text.match_indices(attr) {
                let rest = &text[at + attr.len()..];
                let v = &rest[..rest.find('"').unwrap_or(rest.len())];
                out.push((path.clone(), v.replace("&amp;", "&")));
            }
        }
    }
    out
}

/// Whether a browser reads `v` as "another host, same scheme" (`//h`,
/// `\\h`, `/\h`, `\/h`, with tabs and newlines removed): the test's own
/// oracle, independent of the renderer's.
fn reads_as_other_host(v: &str) -> bool {
    let v: String = v
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let v = v.trim_start_matches(|c: char| c <= ' ');
    v.starts_with("//") || v.starts_with("\\\\") || v.starts_with("/\\") || v.starts_with("\\/")
}

/// Ids and file names that read like schemes or hosts never become one in
/// the site's own links: every link the site writes to its own files starts
/// with `./` or `../` and is percent-encoded.
#[test]
fn ids_and_file_names_never_become_schemes_in_the_sites_links() {
    let f = Fixture::example();
    let files = render_unchecked(&f.root(), |c| {
        c.handbook[0].slug = "javascript:alert(1)".into();
        c.handbook[1].slug = "//evil.example/h".into();
        c.templates[0].slug = "javascript:alert(2)".into();
        c.drills[0].id.value = "javascript:alert(3)".into();
        c.incidents[0].id.value = "javascript:alert(4)".into();
        c.incidents[1].id.value = "\\\\evil.example\\i".into();
    });
    let mut bad = Vec::new();
    let mut prefixed = 0;
    for (page, v) in url_values(&files) {
        let lower = v.to_ascii_lowercase();
        if lower.contains("javascript") || lower.contains("evil.example") {
            if !(v.starts_with("./") || v.starts_with("../")) || v.contains(':') {
                bad.push(format!("{page}: {v}"));
            }
            prefixed += 1;
        }
        if reads_as_other_host(&v) || !ismsbook::markup::markdown::is_safe_url(&v) {
            bad.push(format!("{page}: {v}"));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(prefixed > 20, "only {prefixed} links to the hostile names");
    let problems: Vec<String> = ismsbook::markup::links::check_site(&files)
        .into_iter()
        .filter(|p| p.reason != "no such file in the site" && p.reason != "no element with this id")
        .map(|p| p.to_string())
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Headings and raw ids in record Markdown do not take the ids of the
/// record page's own sections (`#actions`, `#evidence` …).
#[test]
fn record_markdown_cannot_take_the_pages_ids() {
    let f = Fixture::example();
    let rec = "incidents/2026/INC-2026-001.yaml";
    edit_yaml(&f, rec, |doc| {
        for field in ["summary", "cause", "lessons"] {
            doc[field] = Value::String(format!(
                "{}\n\n## Actions\n\n## Evidence\n\n## Notifications\n\n## History {{#history}}\n\n<div id=\"actions-h\">x</div>\n\n<h3 id=\"main\">y</h3>\n",
                doc[field].as_str().unwrap_or("")
            ));
        }
    });
    let report = f.check();
    assert_eq!(report.status, 0, "{}", common::list(&report.diags));
    let files = build_for(&f, "auditor");
    let mut dups = Vec::new();
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        for id in ismsbook::markup::links::duplicate_ids(&String::from_utf8_lossy(bytes)) {
            dups.push(format!("{path}: #{id}"));
        }
    }
    assert!(dups.is_empty(), "{}", dups.join("\n"));
    let page = String::from_utf8_lossy(&files["incidents/INC-2026-001.html"]).into_owned();
    assert!(
        common::has_attr(&page, "id", "actions-2"),
        "the heading got its own id"
    );
}

/// NUL and other controls never reach a page raw; bidirectional controls and
/// zero-width characters in free text are shown as `<U+202E>`, whether the
/// text goes through a template or through Markdown.
#[test]
fn controls_and_invisible_characters_are_shown_not_written() {
    const RAW: &[char] = &[
        '\u{0}', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}', '\u{202e}', '\u{2066}', '\u{200b}',
        '\u{feff}',
    ];
    let f = Fixture::example();
    let hostile =
        "ctl\u{0}\u{7}\u{1b}\u{7f}\u{85} bidi\u{202e}txt.exe\u{2066} zw\u{200b}\u{feff}end";
    let files = render_unchecked(&f.root(), |c| {
        let i = &mut c.incidents[0];
        i.title = format!("{} {hostile}", i.title);
        i.summary = format!(
            "{}\n\n{hostile}\n\n`{hostile}`\n\n<kbd>{hostile}</kbd>\n",
            i.summary
        );
        c.handbook[0]
            .body
            .push_str(&format!("\n\n## {hostile}\n\n{hostile}\n"));
    });
    let mut raw = Vec::new();
    let mut marked = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes);
        // A BOM is only ever written at the start of data files, not pages.
        if let Some(c) = text.chars().find(|c| RAW.contains(c)) {
            raw.push(format!("{path}: U+{:04X}", c as u32));
        }
        marked += text
            .matches("bidi&lt;U+202E&gt;txt.exe&lt;U+2066&gt;")
            .count();
    }
    assert!(raw.is_empty(), "{}", raw.join("\n"));
    assert!(marked >= 4, "markers shown {marked} times");
}
