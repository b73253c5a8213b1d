//! `ismsbook serve`: answers on 127.0.0.1, rebuilds after a change, shows the
//! diagnostics while the content is broken, and stops cleanly on Ctrl-C.

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
    let mut child = Command::new(env!("CARGO_BIN_EXE_ismsbook"))
        .args(["serve", "--port", "0", "--today", "2026-11-22", "--content"])
        .arg(content)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
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
