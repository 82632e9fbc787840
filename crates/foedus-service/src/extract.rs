//! Strict extractors: query strings and JSON bodies read with the field path of
//! the first error, unknown parameters and fields rejected, every failure a 4xx
//! that names what is wrong.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use jiff::civil::Date;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A query string read strictly into `T` (which denies unknown fields).
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let q = parts.uri.query().unwrap_or("");
        parse_query(q).map(Query)
    }
}

/// Reads a query string into `T`, naming the parameter at fault.
pub fn parse_query<T: DeserializeOwned>(q: &str) -> Result<T, ApiError> {
    // Repeated parameters are ambiguous: reject them rather than pick one.
    let mut seen = std::collections::BTreeSet::new();
    for (k, _) in form_pairs(q) {
        if !seen.insert(k.clone()) {
            return Err(ApiError::param(&k, "given more than once; give it once"));
        }
    }
    let de = serde_urlencoded::Deserializer::new(form_urlencoded_parse(q));
    serde_path_to_error::deserialize::<_, T>(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        if let Some(rest) = inner.strip_prefix("unknown field `") {
            let name = rest.split('`').next().unwrap_or("");
            let expected = rest
                .split_once("expected ")
                .map(|(_, x)| x.to_string())
                .unwrap_or_else(|| "no parameters".into());
            return ApiError::new(
                StatusCode::BAD_REQUEST,
                "unknown_parameter",
                format!("unknown parameter `{name}`: expected {expected}"),
            )
            .field(name);
        }
        let field = if path == "." { String::new() } else { path };
        let found = form_pairs(q)
            .into_iter()
            .find(|(k, _)| *k == field)
            .map(|(_, v)| format!("found `{}`; ", v.chars().take(40).collect::<String>()))
            .unwrap_or_default();
        let expected = if inner.contains("invalid digit") || inner.contains("number too large") {
            "expected a whole number in range".to_string()
        } else if inner.contains("`true` or `false`") {
            "expected true or false".to_string()
        } else if inner.starts_with("missing field") {
            let name = inner.split('`').nth(1).unwrap_or("").to_string();
            return ApiError::param(&name, "is required");
        } else {
            inner
        };
        let message = if field.is_empty() {
            format!("query string: {found}{expected}")
        } else {
            format!("{field}: {found}{expected}")
        };
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_parameter", message).field(field)
    })
}

fn form_pairs(q: &str) -> Vec<(String, String)> {
    form_urlencoded_parse(q)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn form_urlencoded_parse(q: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(q.as_bytes())
}

/// A JSON body read strictly into `T`: the content type must be JSON, the text
/// well-formed, the fields known and typed; errors name line, column and field.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let text = json_text(req, state).await?;
        parse_json(&text).map(Json)
    }
}

/// Reads the body of a JSON request as text.
pub async fn json_text<S: Send + Sync>(req: Request, state: &S) -> Result<String, ApiError> {
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mime = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if mime != "application/json" && !(mime.starts_with("application/") && mime.ends_with("+json"))
    {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!(
                "the body must be JSON: expected `Content-Type: application/json`, found `{}`",
                if ct.is_empty() { "none" } else { ct }
            ),
        ));
    }
    let bytes = axum::body::Bytes::from_request(req, state)
        .await
        .map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                too_large()
            } else {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    "the request body could not be read",
                )
            }
        })?;
    String::from_utf8(bytes.to_vec()).map_err(|_| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "the body is not UTF-8 text",
        )
    })
}

/// 413 with our message.
pub fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!(
            "the request body is larger than the limit of {} bytes",
            crate::BODY_LIMIT
        ),
    )
}

/// Parses JSON text into `T`: syntax errors are 400, shape errors 422, both naming where.
pub fn parse_json<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize::<_, T>(&mut *de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let msg = strip_position(&inner.to_string());
        let at = format!("line {} column {}", inner.line(), inner.column());
        if inner.is_syntax() || inner.is_eof() {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "malformed_json",
                format!("the body is not valid JSON: {msg} at {at}"),
            )
        } else {
            let field = if path == "." { String::new() } else { path };
            let message = if field.is_empty() {
                format!("{msg} (at {at})")
            } else {
                format!("{field}: {msg} (at {at})")
            };
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_record", message).field(field)
        }
    })?;
    de.end().map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            format!(
                "the body is not valid JSON: {}",
                strip_position(&e.to_string())
            ),
        )
    })?;
    Ok(value)
}

fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// The earliest and latest dates the API accepts (the state system starts in 1816;
/// the engine computes far ahead).
pub const MIN_YEAR: i16 = 1700;
/// See [`MIN_YEAR`].
pub const MAX_YEAR: i16 = 2200;

/// A date parameter: `YYYY-MM-DD` or `today`, within [`MIN_YEAR`]–[`MAX_YEAR`].
pub fn date_param(field: &str, text: &str) -> Result<Date, ApiError> {
    let text = text.trim();
    let date = if text.eq_ignore_ascii_case("today") {
        crate::today()
    } else {
        let ok_shape = text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !ok_shape {
            return Err(ApiError::param(
                field,
                format!("found `{text}`; expected a date YYYY-MM-DD or `today`"),
            ));
        }
        text.parse::<Date>().map_err(|_| {
            ApiError::param(
                field,
                format!(
                    "found `{text}`, which is not a day of the calendar; expected a date YYYY-MM-DD"
                ),
            )
        })?
    };
    if date.year() < MIN_YEAR || date.year() > MAX_YEAR {
        return Err(ApiError::param(
            field,
            format!("{date} is out of range; expected a date between {MIN_YEAR} and {MAX_YEAR}"),
        ));
    }
    Ok(date)
}

/// A year parameter within a range.
pub fn year_param(field: &str, year: i32, lo: i16, hi: i16) -> Result<i16, ApiError> {
    if year < i32::from(lo) || year > i32::from(hi) {
        return Err(ApiError::param(
            field,
            format!("{year} is out of range; expected a year from {lo} to {hi}"),
        ));
    }
    Ok(year as i16)
}
