//! `ismsbook serve` under the connections a browser really opens: several
//! at once for one page's scripts, each kept alive afterwards. The preview
//! once left one of such a burst unanswered until older idle connections
//! closed (the search page never finished loading: CI's browser suite).

mod common;

use common::serve::Served;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Send a keep-alive `GET path` on `stream` and read exactly one answer's
/// head and body (by `Content-Length`): the status, or 0 if none came
/// within `limit`.
fn get_keep_alive(stream: &mut TcpStream, addr: &str, path: &str, limit: Duration) -> u16 {
    let _ = stream.set_read_timeout(Some(limit));
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return 0;
    }
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        let text = String::from_utf8_lossy(&raw).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length: usize = head
                .lines()
                .find_map(|l| {
                    let (n, v) = l.split_once(':')?;
                    n.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse().ok())?
                })
                .unwrap_or(0);
            if body.len() >= length {
                return head
                    .split_whitespace()
                    .nth(1)
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
            }
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return 0,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    }
}

#[test]
fn every_connection_of_a_burst_is_answered_while_older_ones_stay_open() {
    let server = Served::start(&common::example_dir(), &[]);
    // Generous: an answer comes in milliseconds; a lost connection never.
    let limit = Duration::from_secs(20);
    let mut held: Vec<TcpStream> = Vec::new();
    let mut unanswered = Vec::new();
    for round in 0..40 {
        // A page's scripts: six connections opened together, then used.
        let mut burst: Vec<TcpStream> = (0..6)
            .map(|_| TcpStream::connect(&server.addr).expect("connect"))
            .collect();
        for (i, stream) in burst.iter_mut().enumerate() {
            let status = get_keep_alive(stream, &server.addr, "/static/style.css", limit);
            if status != 200 {
                unanswered.push(format!("round {round}, connection {i}: {status}"));
            }
        }
        // The browser keeps them alive; the oldest ones it closes.
        held.extend(burst);
        if held.len() > 12 {
            held.drain(..6);
        }
    }
    assert!(unanswered.is_empty(), "unanswered: {unanswered:?}");
    // A kept-alive connection answers its next request too.
    for stream in held.iter_mut().take(3) {
        assert_eq!(
            get_keep_alive(stream, &server.addr, "/index.html", limit),
            200
        );
    }
}

#[test]
fn only_get_and_head_are_answered_with_files() {
    let server = Served::start(&common::example_dir(), &[]);
    let head = server.raw(
        format!(
            "HEAD /index.html HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            server.addr
        )
        .as_bytes(),
    );
    assert_eq!(head.status, 200, "{}", head.head);
    assert!(head.body.is_empty(), "a HEAD answer carries no body");
    let post = server.raw(
        format!(
            "POST /index.html HTTP/1.1\r\nHost: {}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi",
            server.addr
        )
        .as_bytes(),
    );
    assert_eq!(post.status, 405, "{}", post.head);
    assert_eq!(post.header("Allow").as_deref(), Some("GET, HEAD"));
}
