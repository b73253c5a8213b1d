//! Turn an ismsbook content directory into a Hugo site with the same text,
//! for the side-by-side benchmark in `scripts/bench.sh --hugo`.
//!
//! usage: hugo_input CONTENT_DIR HUGO_SITE_DIR
//!
//! Every incident record becomes one Markdown page (front matter: title,
//! date, level, category, status; body: summary, cause, timeline, actions,
//! lessons as Markdown), every handbook page is copied, and a small theme
//! gives each page a header with the site's navigation, like ismsbook's
//! pages. Hugo then renders one HTML page per record plus the section lists.
//! The benchmark compares how long each tool takes to turn the same records
//! into a site; it is not a port of ismsbook's pages.

use serde_yaml::Value;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

const CONFIG: &str = r#"baseURL = "https://intranet.example/"
languageCode = "ja"
title = "インシデント対応ハンドブック"
disableKinds = ["taxonomy", "term"]
[markup.goldmark.renderer]
unsafe = false
"#;

const BASEOF: &str = r#"<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body><header><nav><a href="{{ "/" | relURL }}">ホーム</a> <a href="{{ "/incidents/" | relURL }}">台帳</a> <a href="{{ "/handbook/" | relURL }}">ハンドブック</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</body></html>
"#;

const SINGLE: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>
<dl><dt>レベル</dt><dd>{{ .Params.level }}</dd><dt>分類</dt><dd>{{ .Params.category }}</dd><dt>状態</dt><dd>{{ .Params.status }}</dd><dt>検知</dt><dd>{{ .Date.Format "2006-01-02 15:04" }}</dd></dl>
{{ .Content }}{{ end }}
"#;

const LIST: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>
<table><tr><th>ID</th><th>件名</th><th>レベル</th><th>状態</th></tr>
{{ range .Pages }}<tr><td>{{ .File.BaseFileName }}</td><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Params.level }}</td><td>{{ .Params.status }}</td></tr>
{{ end }}</table>{{ end }}
"#;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: hugo_input CONTENT_DIR HUGO_SITE_DIR");
        std::process::exit(2);
    }
    let (content, site) = (Path::new(&args[1]), PathBuf::from(&args[2]));
    if let Err(e) = convert(content, &site) {
        eprintln!("hugo_input: {e}");
        std::process::exit(1);
    }
}

fn convert(content: &Path, site: &Path) -> std::io::Result<()> {
    if site.exists() {
        fs::remove_dir_all(site)?;
    }
    for dir in ["layouts/_default", "content/incidents", "content/handbook"] {
        fs::create_dir_all(site.join(dir))?;
    }
    fs::write(site.join("config.toml"), CONFIG)?;
    fs::write(site.join("layouts/_default/baseof.html"), BASEOF)?;
    fs::write(site.join("layouts/_default/single.html"), SINGLE)?;
    fs::write(site.join("layouts/_default/list.html"), LIST)?;
    fs::write(site.join("layouts/index.html"), LIST)?;
    fs::write(
        site.join("content/incidents/_index.md"),
        "---\ntitle: インシデント台帳\n---\n",
    )?;
    let mut records = 0;
    for entry in walkdir::WalkDir::new(content.join("incidents")).sort_by_file_name() {
        let entry = entry.map_err(std::io::Error::other)?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = fs::read_to_string(path)?;
            let Ok(record) = serde_yaml::from_str::<Value>(&text) else {
                continue;
            };
            let id = field(&record, "id");
            fs::write(
                site.join("content/incidents").join(format!("{id}.md")),
                page(&record),
            )?;
            records += 1;
        }
    }
    if let Ok(pages) = fs::read_dir(content.join("handbook")) {
        for page in pages.flatten() {
            if page.path().extension().is_some_and(|e| e == "md") {
                fs::copy(
                    page.path(),
                    site.join("content/handbook").join(page.file_name()),
                )?;
            }
        }
    }
    eprintln!("wrote {records} record pages to {}", site.display());
    Ok(())
}

fn field(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// One record as a Hugo page: front matter and the record's text as Markdown.
fn page(r: &Value) -> String {
    let mut md = String::from("---\n");
    let _ = writeln!(md, "title: {:?}", field(r, "title"));
    let _ = writeln!(md, "date: {}", field(r, "detected_at"));
    for key in ["level", "category", "status"] {
        let _ = writeln!(md, "{key}: {:?}", field(r, key));
    }
    md.push_str("---\n\n");
    for (key, heading) in [("summary", "概要"), ("cause", "原因")] {
        let text = field(r, key);
        if !text.is_empty() {
            let _ = write!(md, "## {heading}\n\n{text}\n\n");
        }
    }
    if let Some(Value::Sequence(steps)) = r.get("timeline") {
        md.push_str("## 経過\n\n| 日時 | 担当 | 対応 |\n|---|---|---|\n");
        for s in steps {
            let _ = writeln!(
                md,
                "| {} | {} | {} |",
                field(s, "at"),
                field(s, "by"),
                field(s, "action")
            );
        }
        md.push('\n');
    }
    if let Some(Value::Sequence(actions)) = r.get("actions") {
        md.push_str("## 是正処置\n\n");
        for a in actions {
            let _ = writeln!(
                md,
                "- {} ({}, {}, {})",
                field(a, "action"),
                field(a, "owner"),
                field(a, "due"),
                field(a, "status")
            );
        }
        md.push('\n');
    }
    let lessons = field(r, "lessons");
    if !lessons.is_empty() {
        let _ = write!(md, "## 教訓\n\n{lessons}\n");
    }
    md
}
