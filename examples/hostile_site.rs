//! Renders a hostile site for the browser suite (`tests/e2e/specs/hostile.test.js`).
//!
//! ```text
//! cargo run --example hostile_site -- OUT [--content DIR]
//! ```
//!
//! Loads the content (default: the repository's `content/`), plants payloads
//! in the loaded model — raw HTML and Markdown naming other hosts (`//host`,
//! `\\host`, `/\host`, entity- and tab-encoded forms), remote images, script,
//! event handlers, frames, `javascript:` record ids, drill ids and page file
//! names, controls and bidi characters — and renders it **without `check`**
//! (most of it `check` refuses: E109, E115 …), so the renderer's own defences
//! are what the browser sees. Writes the site into OUT (replaced).

use std::path::{Path, PathBuf};

/// Raw HTML and Markdown that must not load or link anything outside the site.
const PAYLOADS: &[&str] = &[
    "<img src=\"//evil.example/raw.png\" alt=\"a\">",
    "<img src=\"\\\\evil.example\\share\\raw.png\" alt=\"b\">",
    "<img src=\"/\\evil.example/raw.png\" alt=\"c\">",
    "<img src=\"\\/evil.example/raw.png\" alt=\"d\">",
    "<img src=\"&#47;&#47;evil.example/entity.png\" alt=\"e\">",
    "<img src=\"&sol;&sol;evil.example/named.png\" alt=\"f\">",
    "<img src=\"/\t/evil.example/tab.png\" alt=\"g\">",
    "<img src=\"/&#10;/evil.example/nl.png\" alt=\"h\">",
    "<img src=\"https://evil.example/remote.png\" alt=\"i\">",
    "<img src=\"http://127.0.0.2:9/remote.png\" alt=\"j\">",
    "<img srcset=\"//evil.example/srcset.png 1x\" src=\"x.png\" alt=\"k\">",
    "<img src=x onerror=alert(1)>",
    "<picture><source srcset=\"//evil.example/pic.png\"><img src=\"y.png\" alt=\"l\"></picture>",
    "<video poster=\"//evil.example/poster.png\" src=\"//evil.example/v.mp4\" autoplay></video>",
    "<audio src=\"//evil.example/a.mp3\" autoplay></audio>",
    "<object data=\"//evil.example/o\"></object><embed src=\"//evil.example/e\">",
    "<iframe src=\"//evil.example/f\"></iframe><iframe src=\"javascript:alert(2)\"></iframe>",
    "<link rel=\"stylesheet\" href=\"//evil.example/s.css\">",
    "<style>@import url(//evil.example/i.css); body{background:url(//evil.example/bg.png)}</style>",
    "<div style=\"background:url(//evil.example/inline.png)\">s</div>",
    "<base href=\"//evil.example/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=//evil.example/\">",
    "<form action=\"//evil.example/\"><input type=\"image\" src=\"//evil.example/in.png\"></form>",
    "<svg><image href=\"//evil.example/svg.png\"/><script>alert(3)</script></svg>",
    "<svg onload=alert(4)></svg>",
    "<script>alert(5)</script><script src=\"//evil.example/x.js\"></script>",
    "<a href=\"//evil.example/link\">l1</a> <a href=\"\\\\evil.example\\l\">l2</a> <a href=\"javascript:alert(6)\">l3</a>",
    "<blockquote cite=\"//evil.example/q\">q</blockquote>",
    "![m](//evil.example/md.png) ![n](\\\\\\\\evil.example\\\\md.png) ![o](https://evil.example/md-remote.png)",
    "[p](//evil.example/md-link) [q](javascript:alert(7)) [r](/\\evil.example/x)",
    "x[^h1]\n\n[^h1]: <img src=\"//evil.example/fn.png\" alt=\"fn\">",
    "[^h2]: <img src=\"//evil.example/unreferenced.png\" alt=\"fn2\">",
    "## Actions\n\n<div id=\"evidence\">clobber</div>\n\n## role-ciso",
    "ctl\u{0}\u{7}\u{1b} bidi\u{202e}txt.exe zw\u{200b}end",
];

fn hostile_markdown() -> String {
    PAYLOADS.join("\n\n")
}

/// A sink writing into a directory.
struct Dir(PathBuf);

impl ismsbook::write::Sink for Dir {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        let file = self.0.join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(&file, bytes).map_err(|e| format!("{}: {e}", file.display()))
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next().map(PathBuf::from) else {
        eprintln!("usage: hostile_site OUT [--content DIR]");
        std::process::exit(2);
    };
    let mut content_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    while let Some(a) = args.next() {
        if a == "--content" {
            content_dir = args.next().map(PathBuf::from).unwrap_or(content_dir);
        }
    }
    let mut content = ismsbook::load::load(&content_dir)
        .unwrap_or_else(|e| panic!("cannot load {}: {e:?}", content_dir.display()))
        .content;
    let md = hostile_markdown();
    let add = |s: &mut String| {
        s.push_str("\n\n");
        s.push_str(&md);
        s.push('\n');
    };
    for p in content
        .handbook
        .iter_mut()
        .chain(content.templates.iter_mut())
    {
        add(&mut p.body);
        p.title.push_str(" <script>alert(8)</script>\u{202e}");
    }
    for i in content.incidents.iter_mut() {
        add(&mut i.summary);
        if let Some(c) = i.cause.as_mut() {
            add(c);
        }
        // The extra text fields (lessons, ...).
        for l in i.extra.values_mut() {
            add(l);
        }
        i.title.push_str(" \"><img src=x onerror=alert(9)>");
    }
    for d in content.drills.iter_mut() {
        add(&mut d.scenario);
    }
    for c in content.policy.controls.iter_mut() {
        add(&mut c.description);
    }
    // Ids and file names that read as schemes or hosts.
    if let Some(p) = content.handbook.get_mut(0) {
        p.slug = "javascript:alert(10)".into();
    }
    if let Some(p) = content.templates.get_mut(0) {
        p.slug = "javascript:alert(11)".into();
    }
    if let Some(d) = content.drills.get_mut(0) {
        d.id.value = "javascript:alert(12)".into();
    }
    if let Some(i) = content.incidents.get_mut(0) {
        i.id.value = "javascript:alert(13)".into();
    }
    if let Some(i) = content.incidents.get_mut(1) {
        i.id.value = "\\\\evil.example\\i".into();
    }

    if out.exists() {
        std::fs::remove_dir_all(&out).expect("remove the previous hostile site");
    }
    std::fs::create_dir_all(&out).expect("create OUT");
    let opts = ismsbook::present::RenderOptions {
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        audience: Some("auditor".into()),
        provenance: None,
    };
    let stats = ismsbook::site::render_site(
        &content,
        &ismsbook::present::theme::Theme::builtin(),
        &opts,
        &Dir(out.clone()),
    )
    .expect("renders");
    println!("hostile site: {} pages in {}", stats.pages, out.display());
}
