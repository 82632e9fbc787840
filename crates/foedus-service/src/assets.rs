//! The browser UI, built from `ui/` and embedded at build time (see build.rs). Files
//! are looked up by name in the embedded tree only: nothing is read from the file
//! system at run time, so no path can reach outside it.

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use include_dir::{Dir, include_dir};

use crate::api::Shared;

static UI: Dir<'static> = include_dir!("$FOEDUS_UI_DIST");

/// Changes whenever the embedded files change (build.rs), so this crate is rebuilt.
const _UI_HASH: &str = env!("FOEDUS_UI_HASH");

pub fn routes() -> Router<Shared> {
    Router::new().fallback(serve)
}

fn mime(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// True if a request path is a plain relative file name: no `..`, no empty or
/// dot segments, no backslashes or control characters.
pub fn safe_path(path: &str) -> bool {
    !path.is_empty()
        && path.len() <= 200
        && !path.contains('\\')
        && !path.chars().any(|c| c.is_control())
        && path
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != ".." && !seg.starts_with('.'))
}

async fn serve(req: Request) -> Response {
    if req.method() != axum::http::Method::GET && req.method() != axum::http::Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "method not allowed\n",
        )
            .into_response();
    }
    let raw = req.uri().path();
    let decoded = percent_decode(raw);
    let path = decoded.trim_start_matches('/');
    if path.is_empty() {
        return file("index.html");
    }
    if !safe_path(path) {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    }
    if UI.get_file(path).is_some() {
        return file(path);
    }
    // Pages of the single-page UI (`/agreements/x`, `/network`) get the shell;
    // a missing file (`/assets/nope.js`) is a 404.
    let last = path.rsplit('/').next().unwrap_or("");
    if path.starts_with("assets/") || last.contains('.') && !last.starts_with('@') && !is_page(path)
    {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    }
    file("index.html")
}

/// UI routes whose last segment may contain a dot (agreement ids like `anzus-1951.1`).
fn is_page(path: &str) -> bool {
    ["agreements/", "states/"]
        .iter()
        .any(|p| path.starts_with(p))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn file(path: &str) -> Response {
    let Some(f) = UI.get_file(path) else {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    };
    let cache = if path.starts_with("assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(mime(path))),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        f.contents(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_paths_are_refused() {
        for p in [
            "../etc/passwd",
            "assets/../../x",
            "a//b",
            ".env",
            "a\\b",
            "./x",
            "a/./b",
        ] {
            assert!(!safe_path(p), "{p}");
        }
        assert!(safe_path("assets/index-abc.js"));
        assert_eq!(percent_decode("/%2e%2e/x"), "/../x");
    }
}
