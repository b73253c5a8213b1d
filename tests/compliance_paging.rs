//! `compliance.html` in pages: a generated register large enough to need
//! more than one page lists each (rule, record) case exactly once across
//! `compliance.html`, `compliance/2.html`, ..., no page holds more than 500
//! cases, the pagers chain the pages in order, every page carries the same
//! totals and rule list, and each entry of the rule list leads to a page
//! holding that rule's section.

#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

const PAGE_ROWS: usize = 500;

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// The rule sections of a page: rule id → the records of its cases, in order.
fn cases(html: &str) -> Vec<(String, Vec<String>)> {
    html.split("<section class=\"rule\" id=\"rule-")
        .skip(1)
        .map(|s| {
            let rule = s[..s.find('"').unwrap()].to_string();
            let s = &s[..s.find("</section>").unwrap()];
            let records = s
                .split("<tr class=\"state-")
                .skip(1)
                .filter(|row| row[..row.find("</tr>").unwrap()].contains("rowspan="))
                .map(|row| {
                    attr(&row[..row.find('>').unwrap()], "data-record")
                        .unwrap()
                        .to_string()
                })
                .collect();
            (rule, records)
        })
        .collect()
}

fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let s = &html[html.find(from).unwrap_or_else(|| panic!("no {from}"))..];
    &s[..s.find(to).unwrap()]
}

#[test]
fn compliance_pages_list_every_case_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = dir.path().join("content");
    let opts = gen_corpus::Options::new(3000, &content);
    gen_corpus::generate(&opts).expect("corpus generated");
    let out = dir.path().join("site");
    let run = Command::new(env!("CARGO_BIN_EXE_ismsbook"))
        .args(["build", "--quiet", "--content"])
        .arg(&content)
        .arg("--out")
        .arg(&out)
        .args(["--today", "2026-11-22"])
        .output()
        .expect("run ismsbook");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );

    let read =
        |p: &str| std::fs::read_to_string(out.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let first = read("compliance.html");
    // The rule list: name, link and number of cases of every rule.
    let toc = between(&first, "<nav class=\"toc\"", "</nav>").to_string();
    let listed: usize = toc
        .split("<span class=\"muted\">(")
        .skip(1)
        .map(|s| s[..s.find(')').unwrap()].parse::<usize>().unwrap())
        .sum();
    assert!(
        listed > PAGE_ROWS,
        "the corpus needs more than one page: {listed} cases"
    );
    let kpis = between(&first, "<ul class=\"kpis", "</ul>").to_string();

    // Walk the pages by their "next" links.
    let mut path = "compliance.html".to_string();
    let mut seen: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut on_pages: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut pages = 0;
    loop {
        pages += 1;
        let html = read(&path);
        assert_eq!(
            between(&html, "<ul class=\"kpis", "</ul>"),
            kpis,
            "{path}: totals"
        );
        assert!(html.contains("<nav class=\"pager\""), "{path}: pager");
        let mut here = 0;
        for (rule, records) in cases(&html) {
            on_pages
                .entry(rule.clone())
                .or_default()
                .insert(path.clone());
            for r in records {
                here += 1;
                if let Some(before) = seen.insert((rule.clone(), r.clone()), path.clone()) {
                    panic!("{rule} {r} on {before} and {path}");
                }
            }
        }
        assert!(here <= PAGE_ROWS, "{path}: {here} cases");
        let next = html
            .split("<a href=\"")
            .skip(1)
            .find(|s| s[..s.find('>').unwrap()].contains("rel=\"next\""))
            .map(|s| s[..s.find('"').unwrap()].to_string());
        match next {
            Some(href) => {
                let base = Path::new(&path).parent().unwrap();
                let joined = base.join(&href);
                let mut parts: Vec<&str> = Vec::new();
                for c in joined.to_str().unwrap().split('/') {
                    match c {
                        ".." => {
                            parts.pop();
                        }
                        "." | "" => {}
                        c => parts.push(c),
                    }
                }
                path = parts.join("/");
                assert_eq!(path, format!("compliance/{}.html", pages + 1));
            }
            None => break,
        }
    }
    assert_eq!(seen.len(), listed, "every case once");
    assert_eq!(pages, listed.div_ceil(PAGE_ROWS));
    // Each rule of the list links the page where its section starts.
    for item in toc.split("<li><a href=\"").skip(1) {
        let href = &item[..item.find('"').unwrap()];
        let (file, anchor) = href.split_once('#').unwrap();
        let file = file.trim_start_matches("./");
        let file = if file.is_empty() {
            "compliance.html"
        } else {
            file
        };
        let rule = anchor.strip_prefix("rule-").unwrap();
        assert!(read(file).contains(&format!("id=\"{anchor}\"")), "{href}");
        assert!(on_pages[rule].contains(file), "{href}");
    }
}
