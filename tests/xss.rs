//! Markup safety: script-injection payloads in every text field of the
//! content (records, policy, contacts, site, flow, drills, handbook and
//! template pages) never become executable markup in any output file, Markdown
//! links with code-running schemes are refused by `check` (E109), template
//! syntax in content is shown, not evaluated, and every page carries a
//! Content-Security-Policy that forbids inline script.

mod common;

// The tests, by theme (each file under tests/xss/).
#[path = "xss/links.rs"]
mod links;
#[path = "xss/payloads.rs"]
mod payloads;
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

/// Parse, edit and write back one YAML file of the fixture.
fn edit_yaml(f: &Fixture, rel: &str, edit: impl FnOnce(&mut Value)) {
    let mut doc: Value = serde_yaml::from_str(&f.read(rel)).unwrap();
    edit(&mut doc);
    f.write(rel, serde_yaml::to_string(&doc).unwrap());
}
