//! `ismsbook serve` against a hostile web page in the author's own browser
//! and against a port someone else holds.
//!
//! A page on any site the author visits while the preview runs can point a
//! `<script>` at `http://127.0.0.1:3000/` (the default port): the browser
//! connects there itself, so the `Host` header is the preview's own. The
//! search index is published as scripts (`self.ISMS_SEARCH.add(…)`, so that
//! a site opened from disk can search); a page that defines `ISMS_SEARCH`
//! first would receive every shard. Browsers say where a request comes from
//! (`Sec-Fetch-Site`) and honour `Cross-Origin-Resource-Policy`.

mod common;

use common::serve::Served;
use std::time::{Duration, Instant};

const CROSS_SITE_SCRIPT: &[(&str, &str)] = &[
    ("Sec-Fetch-Site", "cross-site"),
    ("Sec-Fetch-Mode", "no-cors"),
    ("Sec-Fetch-Dest", "script"),
    ("Referer", "https://evil.example/"),
];

#[test]
fn a_page_on_another_site_cannot_load_the_preview_as_a_script() {
    let server = Served::start(&common::example_dir(), &[]);

    // The preview's own pages load the shards.
    let own = server.get(
        "/search/meta.js",
        &[
            ("Sec-Fetch-Site", "same-origin"),
            ("Sec-Fetch-Mode", "no-cors"),
            ("Sec-Fetch-Dest", "script"),
        ],
    );
    assert_eq!(own.status, 200, "{}", own.head);
    assert!(own.body.contains("ISMS_SEARCH"));
    // Every answer forbids other origins to embed it (browsers without
    // `Sec-Fetch-*` still honour this header).
    assert_eq!(
        own.header("Cross-Origin-Resource-Policy").as_deref(),
        Some("same-origin"),
        "{}",
        own.head
    );
    assert_eq!(
        own.header("X-Content-Type-Options").as_deref(),
        Some("nosniff")
    );

    // Another site's page gets nothing: not the index, not a page's
    // version (which tells which records the author is editing), not a
    // page, not the register.
    for path in [
        "/search/meta.js",
        "/search/t-0.js",
        "/search/d-0.js",
        "/__ismsbook/version.js?p=%2Findex.html&t=1",
        "/__ismsbook/livereload.js",
        "/register.json",
        "/index.html",
    ] {
        let foreign = server.get(path, CROSS_SITE_SCRIPT);
        assert_eq!(foreign.status, 403, "{path}: {}", foreign.head);
        assert!(!foreign.body.contains("ISMS_SEARCH"), "{path}");
        assert!(!foreign.body.contains("__ismsbookVersion"), "{path}");
        // Nor from a sibling site (`same-site`: another port of localhost).
        let sibling = server.get(
            path,
            &[
                ("Sec-Fetch-Site", "same-site"),
                ("Sec-Fetch-Mode", "cors"),
                ("Sec-Fetch-Dest", "empty"),
            ],
        );
        assert_eq!(sibling.status, 403, "{path}: {}", sibling.head);
    }

    // Following a link to the preview from elsewhere (a chat, a mail) or
    // typing its address still opens it: a navigation shows the page to
    // the author, never to the page that linked it.
    for site in ["cross-site", "none"] {
        let opened = server.get(
            "/index.html",
            &[
                ("Sec-Fetch-Site", site),
                ("Sec-Fetch-Mode", "navigate"),
                ("Sec-Fetch-Dest", "document"),
            ],
        );
        assert_eq!(opened.status, 200, "{site}: {}", opened.head);
    }
    // …but not framed in another site's page.
    let framed = server.get(
        "/index.html",
        &[
            ("Sec-Fetch-Site", "cross-site"),
            ("Sec-Fetch-Mode", "navigate"),
            ("Sec-Fetch-Dest", "iframe"),
        ],
    );
    assert_eq!(framed.status, 403, "{}", framed.head);
    // A program (curl, the tests) sends no `Sec-Fetch-*` and is answered.
    assert_eq!(server.get("/search/meta.js", &[]).status, 200);
}

#[test]
fn a_port_already_taken_is_said_before_anything_is_built() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let started = Instant::now();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ismsbook"))
        .args([
            "serve",
            "--port",
            &port,
            "--today",
            common::TODAY,
            "--content",
        ])
        .arg(common::example_dir())
        .env("ISMSBOOK_LANG", "en")
        .output()
        .expect("run serve");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&format!("127.0.0.1:{port}")), "{stderr}");
    // It tells the way out.
    assert!(stderr.contains("--port"), "{stderr}");
    // Nothing was built for a server that never ran.
    assert!(!stderr.contains("rebuilt"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(30));
    drop(taken);
}

/// What held already (hostile7's round), kept so that it stays so: paths
/// that climb out, encoded separators, NUL, a very long path.
#[test]
fn hostile_paths_reach_nothing_outside_the_site() {
    let server = Served::start(&common::example_dir(), &[]);
    for path in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/search/..%2f..%2f..%2fetc/passwd",
        "/%c0%ae%c0%ae/etc/passwd",
    ] {
        let a = server.get(path, &[]);
        assert_eq!(a.status, 400, "{path}: {}", a.head);
        assert!(!a.body.contains("root:"), "{path}");
    }
    for path in ["/%00", "/index.html%00.txt", "/..\\..\\etc\\passwd"] {
        let a = server.get(path, &[]);
        assert_eq!(a.status, 404, "{path}: {}", a.head);
    }
    // A path no file system holds is refused before it is looked up.
    let long = format!("/{}.html", "a".repeat(100_000));
    assert_eq!(server.get(&long, &[]).status, 414);
    let long_name = format!("/{}.html", "a".repeat(5_000));
    assert_eq!(server.get(&long_name, &[]).status, 404);
    // An encoded separator inside the site names the file it spells.
    let inside = server.get("/search%2fmeta.js", &[]);
    assert_eq!(inside.status, 200, "{}", inside.head);
}
