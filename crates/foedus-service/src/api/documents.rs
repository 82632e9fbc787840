//! Documents attached to an agreement: the treaty's text (PDF, HTML or plain
//! text), translations and related documents, uploaded as the raw body and
//! served back with their media type, `Content-Disposition` and their SHA-256 as
//! the `ETag`.
//!
//! Attaching needs the reviewer role: a document is published at once, because
//! drafts hold agreement records (JSON a reviewer reads as a diff), not files of
//! up to 20 MiB; so the person who attaches is one a second person would otherwise
//! be, and the history names them.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use foedus_store::{DOCUMENT_LIMIT, DocumentError, DocumentInfo, DocumentKind, NewDocument, Role};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{Caller, Shared, blocking, json_ok};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::Query;
use crate::state::Snapshot;

/// This area's routes, with their OpenAPI descriptions.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(attach, list))
        .routes(routes!(content))
}

/// True for a request that uploads a document: its body may be up to
/// [`DOCUMENT_LIMIT`] bytes rather than [`crate::BODY_LIMIT`].
pub fn is_upload(method: &axum::http::Method, path: &str) -> bool {
    method == axum::http::Method::POST
        && path.starts_with("/api/v1/agreements/")
        && path.trim_end_matches('/').ends_with("/documents")
}

/// 413 for a document over the limit.
pub fn too_large(size: Option<usize>) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!(
            "the document is {}larger than the limit of {DOCUMENT_LIMIT} bytes (20 MiB)",
            size.map(|s| format!("{s} bytes, ")).unwrap_or_default()
        ),
    )
}

/// A document attached to an agreement.
#[derive(Serialize, ToSchema)]
pub struct DocumentView {
    /// The agreement's record id.
    pub agreement_id: String,
    /// SHA-256 of the bytes, lowercase hex: the document's identity (and `ETag`).
    pub sha256: String,
    /// Its name or title.
    pub name: String,
    /// `text` (of the treaty), `translation` or `related`.
    pub kind: String,
    /// `application/pdf`, `text/html` or `text/plain`.
    pub media_type: String,
    /// Size in bytes.
    pub size: u64,
    /// Who attached it.
    pub attached_by: String,
    /// When (UTC, RFC 3339).
    pub attached_at: String,
    /// Where its bytes are served.
    pub url: String,
}

impl From<DocumentInfo> for DocumentView {
    fn from(d: DocumentInfo) -> Self {
        DocumentView {
            url: format!(
                "/api/v1/agreements/{}/documents/{}",
                d.agreement_id, d.sha256
            ),
            agreement_id: d.agreement_id,
            sha256: d.sha256,
            name: d.name,
            kind: d.kind.name().into(),
            media_type: d.media_type,
            size: d.size,
            attached_by: d.attached_by,
            attached_at: d.attached_at,
        }
    }
}

/// How an upload is named and what it is.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AttachQuery {
    /// The document's name or title (`Treaty text (English)`, a file name).
    pub name: String,
    /// `text` (of the treaty; the default), `translation` or `related`.
    pub kind: Option<String>,
}

/// The record id documents are kept under: the record with this id, else the
/// agreement it is reconciled into.
fn record_id(snap: &Snapshot, id: &str) -> Result<String, ApiError> {
    if let Some(a) = snap.record(id) {
        return Ok(a.id.to_string());
    }
    Ok(
        snap.registry.agreements()[super::agreements::find(snap, id)?]
            .id
            .to_string(),
    )
}

fn document_error(e: DocumentError) -> ApiError {
    match e {
        DocumentError::TooLarge { size, .. } => too_large(Some(size)),
        DocumentError::MediaType(_) => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!("Content-Type: {e}"),
        )
        .field("Content-Type"),
        DocumentError::Mismatch { .. } => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_document",
            format!("{e}; send the Content-Type that matches the file"),
        )
        .field("Content-Type"),
        DocumentError::Empty(_) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_document",
            e.to_string(),
        ),
        DocumentError::NoAgreement(_) => ApiError::not_found(e.to_string()),
        DocumentError::Store(e) => e.into(),
    }
}

/// Attach a document to an agreement: the raw bytes as the body, their media
/// type as `Content-Type` (`application/pdf`, `text/html`, `text/plain`), at most
/// 20 MiB. The same bytes attached again are not stored twice (200, the stored document).
#[utoipa::path(post, path = "/api/v1/agreements/{id}/documents", tag = "documents",
    params(("id" = String, Path, description = "The agreement's foedus id", example = "us-japan-security-treaty-1960"), AttachQuery),
    request_body(content = Vec<u8>, description = "The document's bytes", content_type = "application/pdf"),
    security(("token" = [])),
    responses(
        (status = 201, description = "Attached; the history records it; `ETag` is its SHA-256", body = DocumentView),
        (status = 200, description = "These bytes were attached already: the stored document", body = DocumentView),
        (status = 400, description = "A bad parameter (`name` missing, an unknown `kind`)", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The token's role cannot attach documents (the reviewer role is needed)", body = ErrorBody),
        (status = 404, description = "No such agreement", body = ErrorBody),
        (status = 413, description = "The document is larger than 20 MiB", body = ErrorBody),
        (status = 415, description = "No `Content-Type`, or one that is not PDF, HTML or plain text", body = ErrorBody),
        (status = 422, description = "The bytes are not what `Content-Type` says (what was found and what was expected), or empty", body = ErrorBody),
        (status = 503, description = "The database stayed locked by another writer; nothing was written (`Retry-After`)", body = ErrorBody)))]
async fn attach(
    State(app): State<Shared>,
    Path(id): Path<String>,
    caller: Caller,
    Query(q): Query<AttachQuery>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    caller.require(Role::Reviewer, "attaching a document")?;
    let kind: DocumentKind = match q.kind.as_deref() {
        None => DocumentKind::Text,
        Some(k) => k.parse().map_err(|e: String| ApiError::param("kind", e))?,
    };
    if q.name.trim().is_empty() {
        return Err(ApiError::param("name", "a document needs a name"));
    }
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Content-Type: missing; expected application/pdf, text/html or text/plain",
            )
            .field("Content-Type")
        })?;
    let bytes = axum::body::to_bytes(body, DOCUMENT_LIMIT)
        .await
        .map_err(|_| too_large(None))?;
    let agreement_id = record_id(&app.snapshot(), &id)?;
    let (info, new) = blocking(move || {
        app.with_store(|s| {
            s.attach_document(&NewDocument {
                agreement_id: &agreement_id,
                name: &q.name,
                kind,
                media_type: &media_type,
                bytes: &bytes,
                who: &caller.name,
            })
        })
        .map_err(document_error)
    })
    .await?;
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let etag = etag(&info.sha256);
    let view = DocumentView::from(info);
    let location = HeaderValue::from_str(&view.url).unwrap_or(HeaderValue::from_static("/"));
    Ok((
        status,
        [(header::ETAG, etag), (header::LOCATION, location)],
        axum::Json(view),
    )
        .into_response())
}

/// The documents attached to an agreement, in the order attached.
#[utoipa::path(get, path = "/api/v1/agreements/{id}/documents", tag = "documents",
    params(("id" = String, Path, description = "The agreement's foedus id", example = "us-japan-security-treaty-1960")),
    responses(
        (status = 200, description = "Each document: name, kind, media type, size, SHA-256, who attached it and when", body = Vec<DocumentView>),
        (status = 400, description = "Not an agreement id", body = ErrorBody),
        (status = 404, description = "No such agreement", body = ErrorBody)))]
async fn list(State(app): State<Shared>, Path(id): Path<String>) -> ApiResult<Response> {
    let agreement_id = record_id(&app.snapshot(), &id)?;
    let docs = blocking(move || Ok(app.with_store(|s| s.documents(&agreement_id))?)).await?;
    let mut res = json_ok(&docs.into_iter().map(DocumentView::from).collect::<Vec<_>>());
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(res)
}

fn etag(sha256: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("\"{sha256}\"")).unwrap_or(HeaderValue::from_static("\"\""))
}

/// `inline; filename="..."` with an ASCII fallback and the name in UTF-8 (RFC 6266).
fn disposition(name: &str, media_type: &str) -> HeaderValue {
    let ext = match media_type {
        "application/pdf" => ".pdf",
        "text/html" => ".html",
        _ => ".txt",
    };
    let full = if name.to_ascii_lowercase().ends_with(ext) {
        name.to_string()
    } else {
        format!("{name}{ext}")
    };
    let ascii: String = full
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " .-_()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = form_urlencoded::byte_serialize(full.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    HeaderValue::from_str(&format!(
        "inline; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or(HeaderValue::from_static("inline"))
}

/// A document's bytes, with its media type; `ETag` is its SHA-256.
#[utoipa::path(get, path = "/api/v1/agreements/{id}/documents/{sha256}", tag = "documents",
    params(("id" = String, Path, description = "The agreement's foedus id", example = "us-japan-security-treaty-1960"),
           ("sha256" = String, Path, description = "The document's SHA-256 (lowercase hex)")),
    responses(
        (status = 200, description = "The bytes, with their media type and `Content-Disposition`",
            content(("application/pdf"), ("text/html"), ("text/plain")),
            headers(("ETag" = String, description = "The document's SHA-256, quoted"))),
        (status = 304, description = "`If-None-Match` names this document: unchanged"),
        (status = 400, description = "Not an agreement id", body = ErrorBody),
        (status = 404, description = "No such agreement, or no such document attached to it", body = ErrorBody)))]
async fn content(
    State(app): State<Shared>,
    Path((id, sha256)): Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let agreement_id = record_id(&app.snapshot(), &id)?;
    let tag = etag(&sha256.to_ascii_lowercase());
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == tag.as_bytes())
    {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, tag)]).into_response());
    }
    let key = sha256.to_ascii_lowercase();
    let found = blocking(move || Ok(app.with_store(|s| s.document(&agreement_id, &key))?)).await?;
    let Some((info, bytes)) = found else {
        return Err(ApiError::not_found(format!(
            "no document with SHA-256 {sha256} attached to `{id}`; GET /api/v1/agreements/{id}/documents lists them"
        )));
    };
    let content_type = match info.media_type.as_str() {
        "application/pdf" => HeaderValue::from_static("application/pdf"),
        "text/html" => HeaderValue::from_static("text/html; charset=utf-8"),
        _ => HeaderValue::from_static("text/plain; charset=utf-8"),
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (
                header::CONTENT_DISPOSITION,
                disposition(&info.name, &info.media_type),
            ),
            (header::ETAG, tag),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=31536000, immutable"),
            ),
            // An attached HTML text never runs scripts on this origin.
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(
                    "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'",
                ),
            ),
        ],
        bytes,
    )
        .into_response())
}
