//! `ismsbook serve` watches the content from before it says `serving`: an
//! edit saved the moment that line appears is rebuilt, never missed.
//!
//! The watcher used to start after the line was printed; an edit saved in
//! that gap (a script, or a fast editor) was lost until the next one, which
//! failed about half the tries on a fast machine.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

fn body(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    String::from_utf8_lossy(&raw).into_owned()
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn an_edit_saved_as_serving_is_printed_is_rebuilt() {
    const PAGE: &str = "/incidents/INC-2026-001.html";
    // Each try had about even odds of losing the edit before the fix.
    for attempt in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
            &content,
        );
        let mut child = Command::new(env!("CARGO_BIN_EXE_ismsbook"))
            .args(["serve", "--port", "0", "--today", "2026-11-22", "--content"])
            .arg(&content)
            .arg("--out")
            .arg(dir.path().join("out"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn serve");
        let stdout = child.stdout.take().unwrap();
        let server = Server(child);
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();

        // Saved at once, before any request.
        let record = content.join("incidents/2026/INC-2026-001.yaml");
        let text = std::fs::read_to_string(&record).unwrap();
        std::fs::write(&record, text.replacen("title: ", "title: 【更新】", 1)).unwrap();

        let started = Instant::now();
        while !body(&addr, PAGE).contains("【更新】") {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "try {attempt}: the edit saved as `serving` appeared was never rebuilt"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        drop(server);
    }
}
