//! HTTP conveniences shared by every read: validators (`ETag`, `If-None-Match`),
//! `next` links of paged lists, CSV by content negotiation, and the optional
//! CORS allow-list.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::App;

/// A weak validator of a read: every GET answer of the API is a function of the
/// registry snapshot (its generation, in this process), today's date (statuses
/// "today"), the request's path and query, and the media type asked for. A tag
/// of those is checked before any work is done, so a `304 Not Modified` costs
/// nothing.
fn tag(app: &App, uri: &Uri, headers: &HeaderMap) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let accept = headers
        .get(header::ACCEPT)
        .map(HeaderValue::as_bytes)
        .unwrap_or(b"");
    let path = uri.path_and_query().map_or("", |p| p.as_str()).as_bytes();
    for b in path.iter().chain(b"\n").chain(accept) {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!(
        "W/\"{:x}-{}-{}-{h:016x}\"",
        app.boot,
        app.snapshot().generation,
        crate::today()
    )
}

/// True if an `If-None-Match` header names the tag (weak comparison, RFC 9110 §13.1.2).
/// `*` is not honoured: a read never creates anything.
fn matches(if_none_match: &HeaderValue, tag: &str) -> bool {
    let Ok(text) = if_none_match.to_str() else {
        return false;
    };
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_string();
    let want = opaque(tag);
    text.split(',').any(|t| opaque(t) == want)
}

/// `ETag` on successful GET reads of the API, and `304 Not Modified` when the
/// client already holds the answer (`If-None-Match`).
pub async fn etag(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    // Attached documents carry their own tags (their SHA-256); attaching one does
    // not change the snapshot's generation, so its lists are never tagged by it.
    let read = matches!(*req.method(), Method::GET | Method::HEAD)
        && req.uri().path().starts_with("/api/v1/")
        && !req.uri().path().contains("/documents");
    if !read {
        return next.run(req).await;
    }
    let tag = tag(&app, req.uri(), req.headers());
    let value = HeaderValue::from_str(&tag).expect("a tag is ASCII");
    if req
        .headers()
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| matches(v, &tag))
    {
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        res.headers_mut().insert(header::ETAG, value);
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        return res;
    }
    let mut res = next.run(req).await;
    if res.status() == StatusCode::OK {
        // A record's own version (`crate::version`, for `If-Match` on writes)
        // stays: it is the tag a client must send back to change the record.
        res.headers_mut().entry(header::ETAG).or_insert(value);
        res.headers_mut()
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-cache"));
    }
    res
}

/// The address of the next page of a paged list: the request's own path and
/// query with `offset` moved on by the page size, or `None` on the last page.
pub fn next_page(uri: &Uri, offset: usize, limit: usize, total: usize) -> Option<String> {
    let next = offset.checked_add(limit)?;
    if next >= total {
        return None;
    }
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()) {
        if k != "offset" {
            query.append_pair(&k, &v);
        }
    }
    query.append_pair("offset", &next.to_string());
    Some(format!("{}?{}", uri.path(), query.finish()))
}

/// A JSON page with its `next` link also in a `Link` header (RFC 8288).
pub fn page_response<T: serde::Serialize>(page: &T, next: Option<&str>) -> Response {
    let mut res = axum::Json(page).into_response();
    if let Some(n) = next
        && let Ok(v) = HeaderValue::from_str(&format!("<{n}>; rel=\"next\""))
    {
        res.headers_mut().insert(header::LINK, v);
    }
    res
}

/// True if the client prefers CSV to JSON (`Accept: text/csv`, or CSV with a
/// higher quality than JSON). Absent or `*/*`: JSON.
pub fn wants_csv(headers: &HeaderMap) -> bool {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let (mut csv, mut json) = (0.0_f32, 0.0_f32);
    for (i, range) in accept.split(',').enumerate() {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        // Earlier ranges win ties: the order a client lists them in is its preference.
        let q = q - i as f32 * 1e-4;
        match media.as_str() {
            "text/csv" => csv = csv.max(q),
            "application/json" | "application/*" | "*/*" => json = json.max(q),
            _ => {}
        }
    }
    csv > 0.0 && csv > json
}

/// A CSV answer (RFC 4180, with a header line).
pub fn csv_response(filename: &str, header_row: &[&str], rows: Vec<Vec<String>>) -> Response {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(header_row);
    for r in rows {
        let _ = w.write_record(&r);
    }
    let bytes = w.into_inner().unwrap_or_default();
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                crate::api::attachment(filename),
            ),
        ],
        Body::from(bytes),
    )
        .into_response()
}

/// The CORS layer for an allow-list of origins (`foedus serve --cors-origin URL`):
/// those origins may read the API from a browser and send the token header;
/// with no origin given there is no CORS at all (same-origin only).
pub fn cors(origins: &[HeaderValue]) -> Option<tower_http::cors::CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    Some(
        tower_http::cors::CorsLayer::new()
            .allow_origin(tower_http::cors::AllowOrigin::list(origins.iter().cloned()))
            .allow_methods([
                Method::GET,
                Method::HEAD,
                Method::POST,
                Method::PUT,
                Method::DELETE,
            ])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                header::IF_NONE_MATCH,
                header::ACCEPT,
            ])
            .expose_headers([header::ETAG, header::LINK, header::CONTENT_DISPOSITION])
            .max_age(std::time::Duration::from_secs(600)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(accept: &str) -> HeaderMap {
        let mut m = HeaderMap::new();
        m.insert(header::ACCEPT, HeaderValue::from_str(accept).unwrap());
        m
    }

    #[test]
    fn csv_only_when_preferred() {
        assert!(wants_csv(&h("text/csv")));
        assert!(wants_csv(&h("text/csv, application/json;q=0.5")));
        assert!(!wants_csv(&h("application/json, text/csv")));
        assert!(!wants_csv(&h("*/*")));
        assert!(!wants_csv(&h("text/csv;q=0")));
        assert!(!wants_csv(&HeaderMap::new()));
    }

    #[test]
    fn next_keeps_the_query_and_moves_the_offset() {
        let uri: Uri = "/api/v1/agreements?party=USA&offset=50&limit=50"
            .parse()
            .unwrap();
        assert_eq!(
            next_page(&uri, 50, 50, 200).as_deref(),
            Some("/api/v1/agreements?party=USA&limit=50&offset=100")
        );
        assert_eq!(next_page(&uri, 150, 50, 200), None);
    }

    #[test]
    fn if_none_match_lists() {
        let t = "W/\"a-1-2026-01-01-00\"";
        assert!(matches(
            &HeaderValue::from_static("\"x\", W/\"a-1-2026-01-01-00\""),
            t
        ));
        assert!(matches(
            &HeaderValue::from_static("\"a-1-2026-01-01-00\""),
            t
        ));
        assert!(!matches(
            &HeaderValue::from_static("W/\"a-2-2026-01-01-00\""),
            t
        ));
    }
}
