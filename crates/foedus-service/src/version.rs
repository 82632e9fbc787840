//! Record versions for optimistic concurrency. A record's `ETag` is a digest of
//! its stored JSON; a write names the version it changes in `If-Match`, and a
//! stale version gets 412, so no edit made meanwhile is overwritten unseen.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use foedus_domain::Agreement;
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// The record's version as a strong entity tag (quoted).
pub fn etag(a: &Agreement) -> String {
    let json = serde_json::to_vec(a).unwrap_or_default();
    let digest = Sha256::digest(&json);
    let hex: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// The `ETag` header for a record.
pub fn etag_header(a: &Agreement) -> (header::HeaderName, HeaderValue) {
    (
        header::ETAG,
        HeaderValue::from_str(&etag(a)).unwrap_or(HeaderValue::from_static("\"\"")),
    )
}

/// The `If-Match` header of a write: absent, `*`, or the versions it accepts.
pub struct IfMatch(Option<Vec<String>>);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let mut tags = Vec::new();
        let values = parts.headers.get_all(header::IF_MATCH);
        let mut any = false;
        for v in values {
            any = true;
            let text = v.to_str().map_err(|_| bad_header("is not ASCII text"))?;
            for tag in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                // A weak tag never matches in If-Match (RFC 9110 13.1.1).
                let valid = tag == "*"
                    || (tag.len() >= 2 && tag.starts_with('"') && tag.ends_with('"'))
                    || tag.starts_with("W/\"");
                if !valid {
                    return Err(bad_header(&format!(
                        "found {}; expected an entity tag in quotes, as the ETag header gave it, or `*`",
                        foedus_domain::quote::quote(tag)
                    )));
                }
                tags.push(tag.to_string());
            }
        }
        if any && tags.is_empty() {
            return Err(bad_header(
                "found an empty header; expected an entity tag in quotes, as the ETag header gave it, or `*`",
            ));
        }
        Ok(IfMatch(any.then_some(tags)))
    }
}

fn bad_header(what: &str) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        format!("If-Match: {what}"),
    )
    .field("If-Match")
}

impl IfMatch {
    /// Whether the header was given.
    pub fn given(&self) -> bool {
        self.0.is_some()
    }

    /// Refuses a write that replaces a whole record without naming its version
    /// (428): without it, an edit made meanwhile would be lost silently.
    pub fn require(&self, id: &str) -> Result<(), ApiError> {
        if self.given() {
            return Ok(());
        }
        Err(ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "precondition_required",
            format!(
                "If-Match: missing; a PUT replaces the whole record, so it must name the version it \
                 replaces: send `If-Match` with the ETag of GET /api/v1/agreements/{id}"
            ),
        )
        .field("If-Match"))
    }

    /// Refuses the write (412) if the record is no longer at a version the
    /// header names; passes when the header is absent.
    pub fn check(&self, id: &str, current: &Agreement) -> Result<(), ApiError> {
        let Some(tags) = &self.0 else {
            return Ok(());
        };
        let now = etag(current);
        if tags.iter().any(|t| t == "*" || *t == now) {
            return Ok(());
        }
        Err(ApiError::new(
            StatusCode::PRECONDITION_FAILED,
            "precondition_failed",
            format!(
                "If-Match: the record `{id}` changed since you read it (its version is now {now}, \
                 you sent {}); GET /api/v1/agreements/{id} again, apply your change to what it \
                 holds now, and send it with If-Match: {now}",
                foedus_domain::quote::quote(&tags.join(", "))
            ),
        )
        .field("If-Match"))
    }
}
