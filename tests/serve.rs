//! `ismsbook serve`: answers on 127.0.0.1, rebuilds after a change, shows the
//! diagnostics while the content is broken, and stops cleanly on Ctrl-C.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A plain HTTP/1.0 GET: status code and body.
fn get(addr: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// The version the page at `page` (a URL path) reloads on.
fn version(addr: &str, page: &str) -> String {
    let page = page.replace('/', "%2F");
    get(addr, &format!("/__ismsbook/version.js?p={page}&t=1")).1
}

struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(content: &std::path::Path) -> Server {
    start_with(content, &[], Stdio::null())
}

fn start_with(content: &std::path::Path, extra: &[&str], stderr: Stdio) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ismsbook"))
        .args(["serve", "--port", "0", "--today", "2026-11-22", "--content"])
        .arg(content)
        .args(extra)
        // The error page follows the site's language (`ja`).
        .env_remove("ISMSBOOK_LANG")
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("spawn serve");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");
    Server { child, addr }
}

fn wait_for(what: &str, limit: Duration, mut ok: impl FnMut() -> bool) {
    let started = Instant::now();
    while started.elapsed() < limit {
        if ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{what} did not happen within {limit:?}");
}

#[test]
fn serves_rebuilds_shows_errors_and_stops_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("content")
            .as_path(),
        &content,
    );
    let mut server = start(&content);
    let addr = server.addr.clone();

    let (status, home) = get(&addr, "/");
    assert_eq!(status, 200);
    assert!(home.contains("見つけたら"), "home page served");
    assert!(
        home.contains("/__ismsbook/livereload.js"),
        "live reload script injected"
    );
    assert_eq!(get(&addr, "/../../etc/passwd").0, 400);

    // A change is picked up and rebuilt within a second (plus build time).
    const PAGE: &str = "/incidents/INC-2026-001.html";
    const FAR: &str = "/incidents/INC-2025-001.html";
    let before = version(&addr, PAGE);
    let far = version(&addr, FAR);
    let record = content.join("incidents/2026/INC-2026-001.yaml");
    let text = std::fs::read_to_string(&record).unwrap();
    let retitled = text.replacen("title: ", "title: 【更新】", 1);
    let changed_at = Instant::now();
    std::fs::write(&record, &retitled).unwrap();
    wait_for("rebuild", Duration::from_secs(20), || {
        version(&addr, PAGE) != before
    });
    let (_, page) = get(&addr, PAGE);
    assert!(page.contains("【更新】"), "rebuilt page shows the change");
    eprintln!("change visible after {:?}", changed_at.elapsed());
    wait_for("register rebuilt", Duration::from_secs(20), || {
        get(&addr, "/register.html").1.contains("【更新】")
    });
    // Only pages whose bytes changed reload; a record far away does not.
    assert_eq!(
        version(&addr, FAR),
        far,
        "an unchanged page keeps its version"
    );

    // Broken content: pages show the diagnostics instead of stale content.
    let before = version(&addr, "/");
    std::fs::write(&record, retitled.replacen("level: ", "level: 9 #", 1)).unwrap();
    wait_for("rebuild after error", Duration::from_secs(20), || {
        version(&addr, "/") != before
    });
    assert_ne!(
        version(&addr, FAR),
        far,
        "every page reloads to show the errors"
    );
    let (status, page) = get(&addr, "/index.html");
    assert_eq!(status, 500);
    assert!(
        page.contains("E203") || page.contains("E102"),
        "diagnostics shown: {page}"
    );
    // In the site's language, styled, errors before the example's warning.
    assert!(
        page.starts_with("<!DOCTYPE html><html lang=\"ja\">"),
        "{page}"
    );
    assert!(
        page.contains("<style>") && page.contains("コンテンツにエラーがあります"),
        "{page}"
    );
    let first_error = page.find("class=\"diag error\"").expect("an error item");
    let warning = page.find("W605").expect("the example's warning");
    assert!(first_error < warning, "errors come first: {page}");

    // Ctrl-C: a clean exit.
    let pid = server.child.id().to_string();
    assert!(Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .unwrap()
        .success());
    let started = Instant::now();
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "serve did not stop"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // The content directory was only changed by the test itself.
    assert_eq!(
        std::fs::read_to_string(&record).unwrap(),
        retitled.replacen("level: ", "level: 9 #", 1)
    );
}

fn example_copy(dir: &std::path::Path) -> std::path::PathBuf {
    let content = dir.join("content");
    copy_dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("content")
            .as_path(),
        &content,
    );
    content
}

/// A raw request with the given `Host` header: the status code.
fn status_with_host(addr: &str, host: &str) -> u16 {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET /register.json HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    String::from_utf8_lossy(&raw)
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[test]
fn a_foreign_host_header_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let content = example_copy(dir.path());
    let server = start(&content);
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    assert_eq!(status_with_host(&server.addr, &server.addr), 200);
    assert_eq!(
        status_with_host(&server.addr, &format!("localhost:{port}")),
        200
    );
    // A DNS-rebinding page sends its own host name.
    assert_eq!(
        status_with_host(&server.addr, &format!("evil.example:{port}")),
        421
    );
    assert_eq!(status_with_host(&server.addr, "127.0.0.1.nip.io"), 421);
}

#[test]
fn a_refused_out_exits_without_serving_anything() {
    let dir = tempfile::tempdir().unwrap();
    let content = example_copy(dir.path());
    let foreign = dir.path().join("etc");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("passwd"), "root:x:0:0").unwrap();
    for out in [foreign.clone(), content.clone(), content.join("public")] {
        let started = Instant::now();
        let run = Command::new(env!("CARGO_BIN_EXE_ismsbook"))
            .args(["serve", "--port", "0", "--content"])
            .arg(&content)
            .arg("--out")
            .arg(&out)
            .output()
            .expect("run serve");
        assert_eq!(run.status.code(), Some(2), "{}", out.display());
        let stdout = String::from_utf8_lossy(&run.stdout);
        // The line saying where it serves holds the address in any language.
        assert!(!stdout.contains("http://"), "nothing bound: {stdout}");
        assert!(
            String::from_utf8_lossy(&run.stderr).contains("error:"),
            "says why"
        );
        assert!(started.elapsed() < Duration::from_secs(10));
    }
    assert_eq!(
        std::fs::read_to_string(foreign.join("passwd")).unwrap(),
        "root:x:0:0"
    );
    assert!(!content.join("public").exists());
}

fn build_reference(content: &std::path::Path, out: &std::path::Path) {
    let run = Command::new(env!("CARGO_BIN_EXE_ismsbook"))
        .args(["build", "--today", "2026-11-22", "--content"])
        .arg(content)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// `serve --out` publishes whole builds only: killed at any moment after an
/// edit, `--out` holds the site before the edit or the site after it, byte
/// for byte, and never a mixture of the two.
#[test]
fn serve_out_holds_one_whole_build_whenever_it_is_killed() {
    let dir = tempfile::tempdir().unwrap();
    let content = example_copy(dir.path());
    let record = content.join("incidents/2026/INC-2026-001.yaml");
    let original = std::fs::read_to_string(&record).unwrap();
    let edited = original.replacen("title: ", "title: 【更新】", 1);
    let before_dir = dir.path().join("ref-before");
    let after_dir = dir.path().join("ref-after");
    build_reference(&content, &before_dir);
    std::fs::write(&record, &edited).unwrap();
    build_reference(&content, &after_dir);
    std::fs::write(&record, &original).unwrap();
    let (before, after) = (
        common::read_tree(&before_dir),
        common::read_tree(&after_dir),
    );
    assert_ne!(before, after);

    let out = dir.path().join("public");
    for delay_ms in [0u64, 30, 80, 150, 300, 600] {
        std::fs::write(&record, &original).unwrap();
        let log = dir.path().join("serve.log");
        let server = start_with(
            &content,
            &["--out", out.to_str().unwrap()],
            Stdio::from(std::fs::File::create(&log).unwrap()),
        );
        wait_for("first publication", Duration::from_secs(30), || {
            // The example is a Japanese site: serve says so in Japanese.
            std::fs::read_to_string(&log).is_ok_and(|l| l.contains("公開しました"))
        });
        assert!(
            common::read_tree(&out) == before,
            "first publication is the whole site"
        );
        std::fs::write(&record, &edited).unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        drop(server); // SIGKILL
        let now = common::read_tree(&out);
        assert!(
            now == before || now == after,
            "killed {delay_ms} ms after an edit: --out is neither the old nor the new site"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".public."))
            .collect();
        // A later run cleans what a killed one left; none may pile up.
        assert!(leftovers.len() <= 1, "{leftovers:?}");
    }
}

/// After an edit, the files a rebuild makes last (the workbook, the
/// manifest and the evidence index) are never served as they were before
/// it once the edited page is: a request for one waits until it is made.
#[test]
fn deferred_files_are_served_only_once_made_after_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let content = example_copy(dir.path());
    let record = content.join("incidents/2026/INC-2026-001.yaml");
    let original = std::fs::read_to_string(&record).unwrap();
    let edited = original.replacen("title: ", "title: 【更新】", 1);
    let after_dir = dir.path().join("ref-after");
    std::fs::write(&record, &edited).unwrap();
    build_reference(&content, &after_dir);
    std::fs::write(&record, &original).unwrap();
    let server = start(&content);
    let addr = server.addr.clone();
    assert!(!get(&addr, "/incidents/INC-2026-001.html")
        .1
        .contains("【更新】"));
    std::fs::write(&record, &edited).unwrap();
    wait_for("the edited page", Duration::from_secs(30), || {
        get(&addr, "/incidents/INC-2026-001.html")
            .1
            .contains("【更新】")
    });
    let lossy = |rel: &str| {
        String::from_utf8_lossy(&std::fs::read(after_dir.join(rel)).unwrap()).into_owned()
    };
    for rel in [
        "register.xlsx",
        "evidence/manifest.json",
        "evidence/SHA256SUMS",
        "register.csv",
    ] {
        let (status, body) = get(&addr, &format!("/{rel}"));
        assert_eq!(status, 200, "{rel}");
        assert!(
            body == lossy(rel),
            "{rel} served differs from a whole build's"
        );
    }
    let (_, index) = get(&addr, "/evidence/index.html");
    let want = lossy("evidence/index.html");
    // The served page has the live-reload script added before </body>.
    assert_eq!(
        index.replace(r#"<script src="/__ismsbook/livereload.js"></script>"#, ""),
        want
    );
}
