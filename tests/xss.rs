//! Markup safety: script-injection payloads in every text field of the
//! content (records, policy, contacts, site, flow, drills, handbook and
//! template pages) never become executable markup in any output file, Markdown
//! links with code-running schemes are refused by `check` (E109), template
//! syntax in content is shown, not evaluated, and every page carries a
//! Content-Security-Policy that forbids inline script.

mod common;
#[path = "xss/scan.rs"]
mod scan;

use common::{Fixture, Report};
use ismsbook::site::{build, BuildOptions};
use serde_yaml::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Keys whose values are free text (or lists of free text) somewhere in the format.
const TEXT_KEYS: &[&str] = &[
    "title",
    "organization",
    "name",
    "name_en",
    "label",
    "collected_by",
    "criteria",
    "description",
    "purpose",
    "summary",
    "cause",
    "location",
    "reporter",
    "system_configuration",
    "lessons",
    "affected_systems",
    "tags",
    "customers",
    "business",
    "rationale",
    "by",
    "reason",
    "late_reason",
    "result",
    "version",
    "action",
    "reference",
    "evaluation",
    "scenario",
    "findings",
];

/// Markdown fields whose links `check` vets; a `javascript:` link there is
/// E109 (tested on its own), so the build payload leaves Markdown links out.
const CHECKED_MARKDOWN: &[&str] = &[
    "summary",
    "cause",
    "system_configuration",
    "lessons",
    "rationale",
    "scenario",
    "findings",
];

/// Inline payloads: every classic way to get script into a page.
const INLINE: &str = concat!(
    "<script>alert(1)</script> ",
    "<img src=x onerror=alert(1)> ",
    "<svg><script>alert(1)</script></svg> ",
    "<svg onload=alert(1)> ",
    "<iframe src=\"javascript:alert(1)\"></iframe> ",
    "<a href=\"data:text/html,<script>alert(1)</script>\">d</a> ",
    "<a href=\"javascript:alert(1)\">j</a> ",
    "<object data=x></object> <embed src=x> ",
    "<base href=\"//evil.example/\"> ",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\"> ",
    "<style>*{}</style> ",
    "\"><script>alert(1)</script> ",
    "'><img src=x onerror=alert(1)> ",
    "\" onmouseover=\"alert(1) ",
    "' onfocus='alert(1) ",
    "</textarea></title></script><script>alert(1)</script> ",
    "]]><!-- --><script>alert(1)</script> ",
    "{{ 7*7 }} {% if true %}tmplzz{% endif %} ",
    "${7*7} #{7*7}"
);
/// Markdown links with code-running schemes (plain-text fields only).
const MD_LINKS: &str =
    " [x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) ![z](javascript:alert(1))";
/// Block-level raw HTML, for Markdown fields.
const BLOCKS: &str = "\n\n<script>alert(1)</script>\n\n<svg><script>alert(1)</script></svg>\n\n<iframe src=x></iframe>\n\n<div onclick=\"alert(1)\">d</div>\n";

/// The payload for field number `n`: a unique marker, then the attacks.
fn payload(n: usize, key: &str) -> (String, String) {
    let marker = format!("xssmark{n:04}q");
    let mut p = format!("{marker} {INLINE}");
    if CHECKED_MARKDOWN.contains(&key) {
        p.push_str(BLOCKS);
    } else {
        p.push_str(MD_LINKS);
    }
    (marker, p)
}

/// Append a payload to every free-text value under `v`; records where each went.
fn infect(v: &mut Value, file: &str, path: &str, planted: &mut Vec<(String, String)>) {
    match v {
        Value::Mapping(m) => {
            for (k, val) in m.iter_mut() {
                let Some(k) = k.as_str() else { continue };
                let here = format!("{path}.{k}");
                // `review.by` names a role (an id), unlike `timeline[].by`.
                if TEXT_KEYS.contains(&k) && !here.ends_with(".review.by") {
                    // The policy's control descriptions are Markdown too.
                    let kind = if here.starts_with(".controls[") && k == "description" {
                        "summary"
                    } else {
                        k
                    };
                    match val {
                        Value::String(s) => {
                            let (marker, p) = payload(planted.len(), kind);
                            s.push(' ');
                            s.push_str(&p);
                            planted.push((marker, format!("{file}:{here}")));
                            continue;
                        }
                        Value::Sequence(items) if items.iter().all(Value::is_string) => {
                            let (marker, p) = payload(planted.len(), k);
                            items.push(Value::String(p));
                            planted.push((marker, format!("{file}:{here}[]")));
                            continue;
                        }
                        _ => {}
                    }
                }
                infect(val, file, &here, planted);
            }
        }
        Value::Sequence(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                infect(item, file, &format!("{path}[{i}]"), planted);
            }
        }
        _ => {}
    }
}

/// Every YAML file of the content, relative to the root.
fn yaml_files(root: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "yaml"))
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    out.sort();
    out
}

/// Markdown pages (handbook and templates): payload in the front matter
/// title and in the body, inline and as blocks.
fn infect_page(f: &Fixture, rel: &str, planted: &mut Vec<(String, String)>) {
    let text = f.read(rel);
    let rest = text.strip_prefix("---\n").expect("front matter");
    let (front, body) = rest.split_once("\n---\n").expect("front matter end");
    let mut front: Value = serde_yaml::from_str(front).unwrap();
    infect(&mut front, rel, "", planted);
    let (marker, p) = payload(planted.len(), "summary");
    planted.push((marker, format!("{rel}:body")));
    let new = format!(
        "---\n{}---\n{body}\n\n{p}\n\n> {INLINE}\n\n| a | b |\n|---|---|\n| {INLINE} | x |\n",
        serde_yaml::to_string(&front).unwrap()
    );
    f.write(rel, new);
}

/// The example content with a payload in every text field; returns where each marker went.
fn infected() -> (Fixture, Vec<(String, String)>) {
    let f = Fixture::example();
    let mut planted = Vec::new();
    for rel in yaml_files(&f.root()) {
        let mut doc: Value = serde_yaml::from_str(&f.read(&rel)).unwrap();
        infect(&mut doc, &rel, "", &mut planted);
        f.write(&rel, serde_yaml::to_string(&doc).unwrap());
    }
    for dir in ["handbook", "templates"] {
        for entry in std::fs::read_dir(f.path(dir)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".md") {
                infect_page(&f, &format!("{dir}/{name}"), &mut planted);
            }
        }
    }
    (f, planted)
}

fn build_for(f: &Fixture, audience: &str) -> BTreeMap<String, Vec<u8>> {
    let out = f.workdir().join(format!("out-{audience}"));
    let opts = BuildOptions {
        content: f.root(),
        out: out.clone(),
        theme: None,
        today: chrono::NaiveDate::parse_from_str(common::TODAY, "%Y-%m-%d").unwrap(),
        audience: Some(audience.into()),
    };
    build(&opts).unwrap_or_else(|e| panic!("{audience} build failed: {e}\n{e:?}"));
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&out).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(rel, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// Assert that no HTML page of `files` holds executable markup, every page
/// has a CSP forbidding inline script, and the search shards are pure data.
fn assert_inert(files: &BTreeMap<String, Vec<u8>>) {
    let mut problems = Vec::new();
    let mut pages = 0;
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(bytes);
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".svg") {
            pages += 1;
            for finding in scan::executable_markup(&text) {
                let from = finding.at.saturating_sub(80);
                let to = (finding.at + 120).min(text.len());
                let ctx = String::from_utf8_lossy(&bytes[from..to]);
                problems.push(format!(
                    "{path}@{}: {}\n      …{ctx}…",
                    finding.at, finding.what
                ));
            }
        }
        if lower.ends_with(".html") {
            match scan::csp(&text) {
                Some(p) if scan::csp_forbids_inline_script(&p) => {}
                other => problems.push(format!(
                    "{path}: no CSP forbidding inline script ({other:?})"
                )),
            }
        }
        if lower.starts_with("search/") && lower.ends_with(".js") {
            if let Err(e) = search_shard(&text) {
                problems.push(format!("{path}: {e}"));
            }
            // A document shard's payload is packed JSON, which the client
            // reads with `JSON.parse`: it must unpack to plain JSON.
            if lower.starts_with("search/d-") {
                let json = ismsbook::search::doc_shard_json(bytes);
                if json
                    .and_then(|j| serde_json::from_slice::<serde_json::Value>(&j).ok())
                    .is_none()
                {
                    problems.push(format!("{path}: not a packed shard of plain JSON"));
                }
            }
        }
        // Evidence copies are never served as something a browser runs.
        if lower.contains("/evidence/") && !lower.starts_with("evidence/") {
            let ext = lower.rsplit('.').next().unwrap_or("");
            if ["html", "htm", "xhtml", "svg", "xml", "js", "mjs"].contains(&ext) {
                problems.push(format!("{path}: evidence copy with an active extension"));
            }
        }
    }
    assert!(pages > 20, "only {pages} pages scanned");
    assert!(
        problems.is_empty(),
        "{} problem(s):\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

/// A search file is `<bom>(loader).add("<name>",<json>);` (`meta.js`) or
/// `<bom>self.ISMS_SEARCH.add("<name>",<json>);` (shards): check that the
/// prefix is one of the fixed ones and the rest parses as JSON, so no text
/// from the content broke out of its string into code.
fn search_shard(text: &str) -> Result<(), String> {
    const LOADER: &str =
        "(self.ISMS_SEARCH=self.ISMS_SEARCH||{q:[],add:function(n,d){this.q.push([n,d])}}).add(";
    const SHARD: &str = "self.ISMS_SEARCH.add(";
    let text = text.trim_start_matches('\u{feff}');
    let Some(rest) = text
        .strip_prefix(LOADER)
        .or_else(|| text.strip_prefix(SHARD))
    else {
        return Err(format!(
            "does not start with the loader: {:?}",
            &text[..text.len().min(120)]
        ));
    };
    let rest = rest.trim_end();
    let args = rest
        .strip_suffix(");")
        .or_else(|| rest.strip_suffix(')'))
        .ok_or("does not end with `);`")?;
    serde_json::from_str::<Vec<serde_json::Value>>(&format!("[{args}]"))
        .map(|v| {
            assert_eq!(v.len(), 2);
        })
        .map_err(|e| format!("arguments are not plain JSON: {e}"))
}

/// Files that contain `needle`.
fn containing<'a>(files: &'a BTreeMap<String, Vec<u8>>, needle: &str) -> Vec<&'a str> {
    files
        .iter()
        .filter(|(_, b)| String::from_utf8_lossy(b).contains(needle))
        .map(|(p, _)| p.as_str())
        .collect()
}

/// Fields that no page shows for this audience, so their marker may be absent.
fn not_shown_anywhere(
    files: &BTreeMap<String, Vec<u8>>,
    planted: &[(String, String)],
) -> Vec<String> {
    let html: String = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    planted
        .iter()
        .filter(|(m, _)| !html.contains(m.as_str()))
        .map(|(m, w)| format!("{m} {w}"))
        .collect()
}

#[test]
fn payloads_in_every_text_field_stay_inert_in_every_output_file() {
    let (f, planted) = infected();
    assert!(planted.len() > 150, "payloads planted: {}", planted.len());
    let report = f.check();
    let errors: Vec<_> = report
        .diags
        .iter()
        .filter(|d| d.severity == "error")
        .map(|d| d.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "raw HTML without Markdown links passes check; got:\n{}",
        errors.join("\n")
    );

    let auditor = build_for(&f, "auditor");
    assert_inert(&auditor);
    // The payloads did reach the pages (escaped), so the scan was meaningful:
    // every field that has a place on some page shows its marker.
    // (`name_en` of controls is shown by English sites only.)
    let missing: Vec<String> = not_shown_anywhere(&auditor, &planted)
        .into_iter()
        .filter(|m| !m.ends_with(".name_en"))
        .collect();
    assert!(
        missing.is_empty(),
        "fields whose payload reached no page ({} of {}):\n{}",
        missing.len(),
        planted.len(),
        missing.join("\n")
    );
    assert!(!containing(&auditor, "&lt;script&gt;alert(1)&lt;/script&gt;").is_empty());
    // Template syntax in content is text, never evaluated.
    assert!(!containing(&auditor, "{{ 7*7 }}").is_empty());
    for (path, bytes) in auditor.iter().filter(|(p, _)| p.ends_with(".html")) {
        let text = String::from_utf8_lossy(bytes);
        for (at, _) in text.match_indices("tmplzz") {
            let ctx =
                String::from_utf8_lossy(&bytes[at.saturating_sub(60)..(at + 20).min(bytes.len())]);
            // As text, or percent-encoded inside a URL.
            assert!(
                text[..at].ends_with("%}") || text[..at].ends_with("%25%7D"),
                "{path}: template syntax from the content was evaluated: …{ctx}…"
            );
        }
    }

    let staff = build_for(&f, "staff");
    assert_inert(&staff);
}

#[test]
fn exports_neutralise_spreadsheet_formulas() {
    let f = Fixture::example();
    edit_yaml(&f, "incidents/2026/INC-2026-001.yaml", |doc| {
        let title = doc["title"].as_str().unwrap().to_string();
        doc["title"] = Value::String(format!("=HYPERLINK(\"http://evil.example\",\"x\"){title}"));
        doc["reporter"] = Value::String("+1-cmd|' /C calc'!A0".into());
    });
    edit_yaml(&f, "incidents/2026/INC-2026-002.yaml", |doc| {
        let title = doc["title"].as_str().unwrap().to_string();
        doc["title"] = Value::String(format!("@SUM(1+1)*cmd|' /C calc'!A0 {title}"));
        doc["location"] = Value::String("-2+3+cmd|' /C calc'!A0".into());
    });
    let files = build_for(&f, "auditor");
    let csv = files.get("register.csv").expect("register.csv");
    let body = csv.strip_prefix(b"\xEF\xBB\xBF".as_slice()).expect("BOM");
    let mut reader = csv::Reader::from_reader(body);
    let mut cells = 0;
    for row in reader.records() {
        for cell in row.unwrap().iter() {
            cells += 1;
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']) || cell.parse::<f64>().is_ok(),
                "a cell a spreadsheet would run as a formula: {cell:?}"
            );
        }
    }
    assert!(cells > 100);
    let csv = String::from_utf8_lossy(csv);
    assert!(csv.contains("'=HYPERLINK"), "the title is kept, made inert");
}

/// Parse, edit and write back one YAML file of the fixture.
fn edit_yaml(f: &Fixture, rel: &str, edit: impl FnOnce(&mut Value)) {
    let mut doc: Value = serde_yaml::from_str(&f.read(rel)).unwrap();
    edit(&mut doc);
    f.write(rel, serde_yaml::to_string(&doc).unwrap());
}

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
    let run = f.run(&[
        "build",
        "--content",
        "content",
        "--out",
        "public",
        "--today",
        common::TODAY,
    ]);
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
        page.contains("id=\"actions-2\""),
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
