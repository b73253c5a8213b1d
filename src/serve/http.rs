//! Answering requests: files from the built site (HTML gets the live-reload
//! script), the reload endpoints, and the diagnostics page while the build fails.

use super::State;
use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{HeaderMap, HeaderValue};
use hyper::{Method, Response, StatusCode};
use std::path::{Component, Path, PathBuf};

/// An answer: the status, its headers and the whole body.
pub(super) type Answer = Response<Full<Bytes>>;

/// Polls by loading a tiny script (the site's CSP allows same-origin scripts
/// but no XHR/fetch), which reports the version of the page it is on: a page
/// reloads when its own file changed, or everything did.
const RELOAD_JS: &str = "(function(){var v=null;window.__ismsbookVersion=function(t){if(v!==null&&t!==v){location.reload();return;}v=t;};function poll(){var s=document.createElement('script');s.src='/__ismsbook/version.js?p='+encodeURIComponent(location.pathname)+'&t='+Date.now();s.onload=s.onerror=function(){s.remove();setTimeout(poll,300);};document.head.appendChild(s);}poll();})();\n";
pub(super) const RELOAD_TAG: &str = "<script src=\"/__ismsbook/livereload.js\"></script>";

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "yaml" | "yml" | "txt" | "log" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Map a URL path to a file under `site`, refusing anything that climbs out.
fn resolve(site: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    let mut out = site.to_path_buf();
    for c in Path::new(decoded.trim_start_matches('/')).components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    Some(out)
}

/// The site path of the page polling `/__ismsbook/version.js?p=<pathname>`.
fn polled_page(url: &str) -> String {
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or("");
    let pathname = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("p="))
        .and_then(percent_decode)
        .unwrap_or_default();
    let path = pathname.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Whether a request's `Host` names this server: `127.0.0.1`, `localhost`
/// or `[::1]`, with the bound port or none. Anything else is refused, so a
/// page on another site whose host name is made to resolve to 127.0.0.1
/// (DNS rebinding) cannot read the preview.
fn host_allowed(host: Option<&str>, port: u16) -> bool {
    let Some(host) = host.map(str::trim) else {
        return false;
    };
    let (name, host_port) = match host.rsplit_once(':') {
        Some((n, p)) if !n.is_empty() && !p.contains(']') => (n, Some(p)),
        _ => (host, None),
    };
    let name_ok = ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .any(|ok| name.eq_ignore_ascii_case(ok));
    let port_ok = host_port.is_none_or(|p| p.parse::<u16>() == Ok(port));
    name_ok && port_ok
}

/// Whether the browser says that a page of another site made this request
/// (`Sec-Fetch-Site`, or an `Origin` that is not the preview's): such a
/// page may open the preview (a link followed, a navigation the author
/// sees) but not read it — not load a search shard or `version.js` as a
/// script, fetch, or frame it. A `<script src="http://127.0.0.1:3000/…">`
/// on any page carries the preview's own `Host`, so the host check cannot
/// tell it apart. Programs send neither header and are answered.
fn from_another_site(headers: &HeaderMap, port: u16) -> bool {
    let value = |name: &'static str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().to_ascii_lowercase())
    };
    if let Some(origin) = value("Origin") {
        let own = origin
            .strip_prefix("http://")
            .is_some_and(|host| host_allowed(Some(host), port));
        if !own {
            return true;
        }
    }
    match value("Sec-Fetch-Site").as_deref() {
        None | Some("same-origin") | Some("none") => false,
        Some(_) => {
            let navigates = value("Sec-Fetch-Mode").as_deref() == Some("navigate");
            let document = value("Sec-Fetch-Dest").as_deref() == Some("document");
            !(navigates && document)
        }
    }
}

/// An answer of `status` with a text body and `headers`; every answer
/// also says that no other origin may embed it (browsers enforce this for
/// scripts and images too, also without `Sec-Fetch-*`) and that nothing is
/// sniffed into another type.
pub(super) fn answer(
    status: StatusCode,
    headers: &[(&'static str, &'static str)],
    body: Vec<u8>,
) -> Answer {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    let map = response.headers_mut();
    for (name, value) in headers.iter().chain(&[
        ("Cross-Origin-Resource-Policy", "same-origin"),
        ("X-Content-Type-Options", "nosniff"),
    ]) {
        map.insert(*name, HeaderValue::from_static(value));
    }
    response
}

pub(super) const TEXT: (&str, &str) = ("Content-Type", "text/plain; charset=utf-8");
const HTML: (&str, &str) = ("Content-Type", "text/html; charset=utf-8");
const SCRIPT: (&str, &str) = ("Content-Type", "text/javascript; charset=utf-8");
const NO_STORE: (&str, &str) = ("Cache-Control", "no-store");

/// The file at `path`, once it is no longer pending (a rebuild deferred
/// it: [`State::pending`]), so that it is never the previous render's.
fn read_settled(site: &Path, path: &Path, state: &State) -> Result<Vec<u8>, u16> {
    if let Ok(rel) = path.strip_prefix(site) {
        let rel = rel.to_string_lossy().replace('\\', "/");
        if !state.wait_for(&rel, std::time::Duration::from_secs(120)) {
            return Err(503);
        }
    }
    std::fs::read(path).map_err(|_| 404)
}

/// The answer to a request for `url` (its path and query) with `headers`.
/// It blocks while the file asked for is still being made: call it where a
/// thread may wait.
pub(super) fn respond(
    method: &Method,
    url: &str,
    headers: &HeaderMap,
    site: &Path,
    state: &State,
    port: u16,
) -> Answer {
    let host = headers.get("Host").and_then(|h| h.to_str().ok());
    if !host_allowed(host, port) {
        return answer(
            StatusCode::MISDIRECTED_REQUEST,
            &[TEXT],
            b"misdirected request: this preview answers only to 127.0.0.1 and localhost\n".to_vec(),
        );
    }
    if from_another_site(headers, port) {
        return answer(
            StatusCode::FORBIDDEN,
            &[TEXT],
            b"forbidden: a page of another site may not read this preview; open it yourself\n"
                .to_vec(),
        );
    }
    if method != Method::GET && method != Method::HEAD {
        return answer(
            StatusCode::METHOD_NOT_ALLOWED,
            &[TEXT, ("Allow", "GET, HEAD")],
            b"method not allowed: the preview only serves files\n".to_vec(),
        );
    }
    if url.starts_with("/__ismsbook/version.js") {
        let script = format!(
            "window.__ismsbookVersion&&window.__ismsbookVersion({});",
            state.version_of(&polled_page(url))
        );
        return answer(StatusCode::OK, &[SCRIPT, NO_STORE], script.into_bytes());
    }
    if url == "/__ismsbook/livereload.js" {
        return answer(StatusCode::OK, &[SCRIPT], RELOAD_JS.as_bytes().to_vec());
    }
    let failure = state.failure.lock().ok().and_then(|f| f.clone());
    let Some(path) = resolve(site, url) else {
        return answer(StatusCode::BAD_REQUEST, &[TEXT], b"bad request\n".to_vec());
    };
    if let Some(page) = failure {
        if path.extension().is_some_and(|e| e == "html") || !path.exists() {
            return answer(
                StatusCode::INTERNAL_SERVER_ERROR,
                &[HTML],
                page.into_bytes(),
            );
        }
    }
    match read_settled(site, &path, state) {
        Ok(mut bytes) => {
            if path.extension().is_some_and(|e| e == "html") {
                let html = String::from_utf8_lossy(&bytes);
                let injected = match html.rfind("</body>") {
                    Some(i) => format!("{}{RELOAD_TAG}{}", &html[..i], &html[i..]),
                    None => format!("{html}{RELOAD_TAG}"),
                };
                bytes = injected.into_bytes();
            }
            answer(
                StatusCode::OK,
                &[("Content-Type", content_type(&path)), NO_STORE],
                bytes,
            )
        }
        Err(503) => answer(
            StatusCode::SERVICE_UNAVAILABLE,
            &[TEXT, ("Retry-After", "1")],
            b"still being made: reload in a moment\n".to_vec(),
        ),
        Err(_) => answer(StatusCode::NOT_FOUND, &[TEXT], b"not found\n".to_vec()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polling_pages_are_named_by_their_site_path() {
        assert_eq!(
            polled_page("/__ismsbook/version.js?p=%2F&t=1"),
            "index.html"
        );
        assert_eq!(
            polled_page("/__ismsbook/version.js?p=%2Fincidents%2FINC-1.html&t=1"),
            "incidents/INC-1.html"
        );
        assert_eq!(polled_page("/__ismsbook/version.js"), "index.html");
    }

    #[test]
    fn only_the_local_host_names_are_answered() {
        for ok in [
            "127.0.0.1:3000",
            "localhost:3000",
            "LOCALHOST:3000",
            "[::1]:3000",
            "127.0.0.1",
            "localhost",
            "[::1]",
        ] {
            assert!(host_allowed(Some(ok), 3000), "{ok}");
        }
        for bad in [
            "evil.example:3000",
            "127.0.0.1.evil.example:3000",
            "localhost:3001",
            "127.0.0.2:3000",
            "",
            "localhost:x",
        ] {
            assert!(!host_allowed(Some(bad), 3000), "{bad}");
        }
        assert!(!host_allowed(None, 3000));
    }

    #[test]
    fn resolve_refuses_climbing_out() {
        let site = Path::new("/srv/site");
        assert_eq!(
            resolve(site, "/a/b.html?x=1"),
            Some(PathBuf::from("/srv/site/a/b.html"))
        );
        assert_eq!(resolve(site, "/../etc/passwd"), None);
        assert_eq!(resolve(site, "/%2e%2e/etc/passwd"), None);
        assert_eq!(
            resolve(site, "/%E6%A4%9C%E7%B4%A2.html"),
            Some(PathBuf::from("/srv/site/検索.html"))
        );
    }
}
