//! The foedus HTTP service: a JSON API under `/api/v1` with an OpenAPI 3.1
//! document generated from the code, and the browser UI embedded in the binary.
//!
//! This is the only crate that knows HTTP and JSON APIs. It holds the
//! [`foedus_domain::registry::Registry`] snapshot behind an atomic pointer (swapped
//! after each accepted write) and the [`foedus_store::Store`] behind a lock (one
//! writer at a time). Reads never wait for writes.
//!
//! ```no_run
//! # async fn demo(store: foedus_store::Store) -> std::io::Result<()> {
//! let app = std::sync::Arc::new(foedus_service::App::new(store).unwrap());
//! let addr: std::net::SocketAddr = "127.0.0.1:8080".parse().unwrap();
//! foedus_service::serve(app, addr, |a| println!("open http://{a}/")).await
//! # }
//! ```
//!
//! Security defaults: the CLI binds to loopback unless told otherwise; every write
//! needs an API token (only its SHA-256 is stored); request bodies are limited to
//! [`BODY_LIMIT`] bytes and requests to [`REQUEST_TIMEOUT`]; every parameter is
//! validated and unknown ones rejected; errors carry no stack traces or SQL; the
//! UI is served from files embedded at build time, never from the file system;
//! no other origin may call the API from a browser unless `--cors-origin` names it.
//!
//! Reads are compressed (gzip or brotli, as the client accepts), carry a weak
//! `ETag` and answer `If-None-Match` with `304 Not Modified`; paged lists give
//! the address of their next page (`next`, and a `Link` header) and answer
//! `Accept: text/csv` with CSV.

#![warn(missing_docs)]

pub mod api;
mod assets;
mod cache;
pub mod error;
pub mod extract;
pub mod http;
mod state;
pub mod tokens;
pub mod version;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub use state::{App, Snapshot};

use crate::error::ApiError;

/// The largest request body accepted (1 MiB).
pub const BODY_LIMIT: usize = 1 << 20;

/// The longest a request may take to produce its answer's head (a streamed table
/// keeps streaming after it).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Today's date, in UTC.
pub fn today() -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date()
}

/// The OpenAPI document.
pub fn openapi() -> serde_json::Value {
    let (_, doc) = api::routes().split_for_parts();
    api::finish_document(doc)
}

/// The whole service: the API, its document and page, and the UI.
pub fn router(app: Arc<App>) -> Router {
    let (api_router, doc) = api::routes().split_for_parts();
    let doc = api::finish_document(doc);
    let doc_bytes = Arc::new(serde_json::to_vec_pretty(&doc).expect("the document serializes"));
    let page = Arc::new(api::docs::page(&doc));
    let api_router = api_router
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let b = doc_bytes.clone();
                async move {
                    (
                        [(
                            header::CONTENT_TYPE,
                            HeaderValue::from_static("application/json"),
                        )],
                        b.as_ref().clone(),
                    )
                }
            }),
        )
        .route(
            "/api/v1/docs",
            get(move || {
                let p = page.clone();
                async move { axum::response::Html(p.as_ref().clone()) }
            }),
        )
        .route("/api", get(api_not_found))
        .route("/api/{*rest}", axum::routing::any(api_not_found));
    let cors = http::cors(&app.cors_origins);
    let router = Router::new()
        .merge(api_router)
        .merge(assets::routes())
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            http::etag,
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(axum::middleware::from_fn(body_limit))
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            api::private_reads,
        ))
        .layer(axum::middleware::from_fn(json_errors))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(on_panic))
        .layer(axum::middleware::from_fn(security_headers))
        .layer(tower_http::compression::CompressionLayer::new())
        .with_state(app);
    match cors {
        Some(layer) => router.layer(layer),
        None => router,
    }
}

/// Limits a request's body: [`BODY_LIMIT`] bytes, a document upload
/// [`foedus_store::DOCUMENT_LIMIT`]. A declared length over the limit is refused at
/// once (413); a body that grows past it fails when read.
async fn body_limit(req: Request, next: Next) -> Response<Body> {
    let upload = api::documents::is_upload(req.method(), req.uri().path());
    let limit = if upload {
        foedus_store::DOCUMENT_LIMIT
    } else {
        BODY_LIMIT
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return if upload {
            api::documents::too_large(declared.map(|n| n as usize))
        } else {
            extract::too_large()
        }
        .into_response();
    }
    let (parts, body) = req.into_parts();
    let body = Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, body)).await
}

async fn api_not_found(req: Request) -> ApiError {
    let path: String = req.uri().path().chars().take(200).collect();
    ApiError::not_found(format!(
        "no API endpoint at {path}: the endpoints are listed at /api/v1/docs"
    ))
}

fn on_panic(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    eprintln!("foedus serve: a request handler panicked; the server goes on");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "the server could not complete the request; the details are in its log",
    )
    .into_response()
}

/// Answers that axum or tower-http produce themselves (a method not allowed, a
/// body too large, a timeout, an undecodable path) become JSON errors like ours.
async fn json_errors(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api");
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json || (!api && status == StatusCode::NOT_FOUND) {
        return res;
    }
    let allow = res.headers().get(header::ALLOW).cloned();
    let (code, message) = match status {
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            format!(
                "this endpoint does not take that method{}",
                allow
                    .as_ref()
                    .and_then(|a| a.to_str().ok())
                    .map(|a| format!("; it takes {a}"))
                    .unwrap_or_default()
            ),
        ),
        StatusCode::PAYLOAD_TOO_LARGE => (
            "payload_too_large",
            format!("the request body is larger than the limit of {BODY_LIMIT} bytes"),
        ),
        StatusCode::REQUEST_TIMEOUT => (
            "timeout",
            format!(
                "the request took longer than {} s",
                REQUEST_TIMEOUT.as_secs()
            ),
        ),
        StatusCode::NOT_FOUND => ("not_found", "not found".to_string()),
        s if s.is_server_error() => (
            "internal",
            "the server could not complete the request; the details are in its log".to_string(),
        ),
        s => (
            "bad_request",
            format!(
                "the request is malformed ({})",
                s.canonical_reason().unwrap_or("client error")
            ),
        ),
    };
    let mut out = ApiError::new(status, code, message).into_response();
    if let Some(a) = allow {
        out.headers_mut().insert(header::ALLOW, a);
    }
    out
}

async fn security_headers(req: Request, next: Next) -> Response<Body> {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; worker-src 'self' blob:",
    ));
    res
}

/// Limits that keep the server answering while some clients misbehave.
#[derive(Clone, Copy, Debug)]
pub struct ServeLimits {
    /// How long a client may take to send a request's headers (and how long an
    /// idle kept-alive connection stays open) before it is closed.
    pub header_timeout: Duration,
    /// How many connections are served at once; more wait in the listen backlog
    /// until one closes.
    pub max_connections: usize,
}

impl Default for ServeLimits {
    fn default() -> Self {
        ServeLimits {
            header_timeout: Duration::from_secs(10),
            max_connections: 512,
        }
    }
}

/// Serves until Ctrl-C (or SIGTERM), calling `ready` with the bound address.
pub async fn serve(
    app: Arc<App>,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    serve_with(app, addr, ServeLimits::default(), ready).await
}

/// [`serve`] with the given limits.
pub async fn serve_with(
    app: Arc<App>,
    addr: SocketAddr,
    limits: ServeLimits,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    // Replay every agreement's lifecycle now rather than on the first request.
    let warm = app.clone();
    tokio::task::spawn_blocking(move || {
        let snap = warm.snapshot();
        snap.histories();
        api::analyses::warm(&snap);
    });
    ready(local);
    serve_listener(listener, router(app), limits, shutdown()).await;
    Ok(())
}

/// Serves `router` on `listener` until `stop` completes, then lets the open
/// requests finish (for at most [`REQUEST_TIMEOUT`]).
///
/// axum's own `serve` has neither a header timeout nor a connection limit, so a
/// crowd of clients that never finish their headers would starve everyone else;
/// this loop bounds both with hyper's connection builder.
pub async fn serve_listener(
    listener: tokio::net::TcpListener,
    router: Router,
    limits: ServeLimits,
    stop: impl std::future::Future<Output = ()>,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let permits = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            _ = &mut stop => break,
        };
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((stream, _)) => stream,
                // Out of file descriptors, or a connection reset before it was
                // accepted: wait a moment rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
            drop(permit);
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(REQUEST_TIMEOUT, graceful.shutdown()).await;
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// [`serve_with`] on a runtime of its own, for callers without one (the CLI).
pub fn serve_blocking(
    app: Arc<App>,
    addr: SocketAddr,
    limits: ServeLimits,
    ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(serve_with(app, addr, limits, ready))
}
