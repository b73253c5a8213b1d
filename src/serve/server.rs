//! The preview's HTTP server: hyper on a small tokio runtime, answering
//! every connection on its own task while the caller's thread watches and
//! rebuilds. What a request gets is decided in [`super::http`]; this module
//! only carries bytes.
//!
//! A browser opens several keep-alive connections at once and leaves them
//! open; each is a task here, not a thread, so a new connection is answered
//! however many idle ones are held (tiny_http, used before, could leave one
//! queued behind them until they closed).

use super::{http, State};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// A client that has not sent its request's headers in this time is
/// dropped (a slow or stuck client holds nothing for long).
const HEADER_TIMEOUT: Duration = Duration::from_secs(30);

/// Serving on a bound address until dropped.
pub struct Server {
    runtime: Option<tokio::runtime::Runtime>,
    addr: SocketAddr,
}

/// Bind 127.0.0.1:`port` (0 picks a free one) now, so that a port another
/// program holds is said before anything is built; requests wait in the
/// listen queue until [`Server::start`].
pub fn bind(port: u16) -> std::io::Result<std::net::TcpListener> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
    listener.set_nonblocking(true)?;
    Ok(listener)
}

impl Server {
    /// Start answering on `listener` with the files under `site`.
    pub fn start(
        listener: std::net::TcpListener,
        site: PathBuf,
        state: Arc<State>,
    ) -> std::io::Result<Server> {
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("ismsbook-serve")
            .enable_io()
            .enable_time()
            .build()?;
        let listener = {
            let _entered = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        let site = Arc::new(site);
        runtime.spawn(accept(listener, site, state, addr.port()));
        Ok(Server {
            runtime: Some(runtime),
            addr,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Requests still waiting for a file are not waited for.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

async fn accept(
    listener: tokio::net::TcpListener,
    site: Arc<PathBuf>,
    state: Arc<State>,
    port: u16,
) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // E.g. out of file descriptors: the connection stays queued;
            // try again shortly rather than spinning or stopping.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let (site, state) = (site.clone(), state.clone());
        tokio::spawn(async move {
            let service =
                service_fn(move |request| answer(request, site.clone(), state.clone(), port));
            // A connection's errors (a client gone mid-answer, a malformed
            // request hyper already answered with 400) end only it.
            let _ = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Answer one request on the blocking pool: reading a file may wait until
/// a rebuild has made it ([`State::wait_for`]).
async fn answer(
    request: Request<Incoming>,
    site: Arc<PathBuf>,
    state: Arc<State>,
    port: u16,
) -> Result<http::Answer, Infallible> {
    let (parts, _body) = request.into_parts();
    let answered = tokio::task::spawn_blocking(move || {
        let url = parts.uri.path_and_query().map_or("/", |p| p.as_str());
        http::respond(&parts.method, url, &parts.headers, &site, &state, port)
    })
    .await;
    Ok(answered.unwrap_or_else(|_| {
        http::answer(
            StatusCode::INTERNAL_SERVER_ERROR,
            &[http::TEXT],
            b"internal error\n".to_vec(),
        )
    }))
}
