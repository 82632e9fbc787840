//! Strict extractors: query strings and JSON bodies read with the field path of
//! the first error, unknown parameters and fields rejected, every failure a 4xx
//! that names what is wrong.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use std::collections::HashMap;
use std::sync::LazyLock;

use axum::extract::MatchedPath;
use axum::http::{Method, StatusCode, header};
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
        let operation = req
            .extensions()
            .get::<MatchedPath>()
            .map(|p| (req.method().clone(), p.as_str().to_string()));
        let text = json_text(req, state).await?;
        // The text is parsed twice on purpose: the schema check needs a Value, and
        // reading `T` from the text (not from the Value) keeps the line and column
        // of a shape error for the answer. Bodies are small (capped by json_text).
        if let Some((method, path)) = operation
            && let Ok(value) = serde_json::from_str::<serde_json::Value>(&text)
        {
            body_schemas().check(&method, &path, &value)?;
        }
        parse_json(&text).map(Json)
    }
}

/// The request-body schema of every operation in the OpenAPI document, compiled:
/// a body is checked against the schema the document publishes before it is
/// read, so nothing the document calls invalid is accepted (serde alone would
/// take, for one, an array where the schema asks for an object).
struct BodySchemas(HashMap<(Method, String), jsonschema::Validator>);

fn body_schemas() -> &'static BodySchemas {
    static SCHEMAS: LazyLock<BodySchemas> = LazyLock::new(|| BodySchemas::of(&crate::openapi()));
    &SCHEMAS
}

impl BodySchemas {
    fn of(doc: &serde_json::Value) -> BodySchemas {
        let mut out = HashMap::new();
        let components = doc.get("components").cloned().unwrap_or_default();
        let paths = doc.get("paths").and_then(|p| p.as_object());
        for (path, item) in paths.into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                let Ok(method) = Method::from_bytes(method.to_ascii_uppercase().as_bytes()) else {
                    continue;
                };
                let Some(schema) = op.pointer("/requestBody/content/application~1json/schema")
                else {
                    continue;
                };
                let mut root = serde_json::json!({ "allOf": [schema] });
                root["components"] = components.clone();
                let validator = jsonschema::options()
                    .with_draft(jsonschema::Draft::Draft202012)
                    .build(&root)
                    .expect("the OpenAPI document's request schemas compile");
                out.insert((method, path.clone()), validator);
            }
        }
        BodySchemas(out)
    }

    fn check(
        &self,
        method: &Method,
        path: &str,
        value: &serde_json::Value,
    ) -> Result<(), ApiError> {
        let Some(validator) = self.0.get(&(method.clone(), path.to_string())) else {
            return Ok(());
        };
        let Some(error) = validator.iter_errors(value).next() else {
            return Ok(());
        };
        let field = field_of_pointer(&error.instance_path().to_string());
        let mut found = error.instance().to_string();
        if found.chars().count() > 60 {
            found = found.chars().take(60).collect::<String>() + "…";
        }
        let expected = expected_of(&strip_instance(&error.to_string(), &found));
        let message = format!(
            "{}: found {found}; expected {expected}",
            if field.is_empty() { "body" } else { &field },
        );
        // A record's faults are `invalid_record`, as foedus-records names them;
        // any other body's (a simulation, a link) are its parameters'.
        let code = if path.starts_with("/api/v1/agreements") {
            "invalid_record"
        } else {
            "invalid_parameter"
        };
        Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, message).field(field))
    }
}

/// `/parties/0/state` as `parties[0].state`, the form serde's errors use.
fn field_of_pointer(pointer: &str) -> String {
    let mut out = String::new();
    for seg in pointer.split('/').skip(1) {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        if seg.parse::<usize>().is_ok() {
            out.push_str(&format!("[{seg}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg);
        }
    }
    out
}

/// What the schema asked for, in words, from the validator's message.
fn expected_of(msg: &str) -> String {
    if let Some(ty) = msg.strip_prefix("is not of type ") {
        let ty = ty.trim_matches('"');
        let article = if ty.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        return format!("{article} {ty}");
    }
    for (prefix, words) in [
        ("is less than the minimum of ", "at least"),
        ("is greater than the maximum of ", "at most"),
        ("is less than or equal to the minimum of ", "more than"),
        ("is greater than or equal to the maximum of ", "less than"),
    ] {
        if let Some(n) = msg.strip_prefix(prefix) {
            return format!("{words} {n}");
        }
    }
    if let Some(rest) = msg.strip_prefix("is not one of ") {
        return format!("one of {rest}");
    }
    if msg.contains("'anyOf'") || msg.contains("'oneOf'") {
        return "one of the forms the API document's schema allows for this field \
                (/api/v1/openapi.json)"
            .into();
    }
    format!("what the API document's schema allows ({msg})")
}

/// The validator's message without the instance it repeats.
fn strip_instance(msg: &str, found: &str) -> String {
    msg.strip_prefix(found)
        .map_or(msg, str::trim)
        .chars()
        .take(200)
        .collect()
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

/// The earliest year a date parameter may name (the domain's rule for typed dates).
pub const MIN_YEAR: i16 = foedus_domain::date::typed::FIRST_YEAR;
/// The latest year a date parameter may name.
pub const MAX_YEAR: i16 = foedus_domain::date::typed::LAST_YEAR;

/// A date parameter: `YYYY-MM-DD` or `today` (UTC), within [`MIN_YEAR`]–[`MAX_YEAR`]:
/// the domain's parser, which the CLI's date arguments use too.
pub fn date_param(field: &str, text: &str) -> Result<Date, ApiError> {
    foedus_domain::date::typed::parse_day(text, crate::today())
        .map_err(|e| ApiError::param(field, e.to_string()))
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
