//! The HTTP API under `/api/v1`: one module per area, each handler annotated for
//! the OpenAPI document, which is generated from these annotations and from the
//! domain types' JSON Schemas.

pub mod agreements;
pub mod analyses;
pub mod docs;
pub mod meta;
pub mod panels;
pub mod states;
pub mod trends;
pub mod writes;

use std::borrow::Cow;
use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use foedus_domain::registry::Registry;
use foedus_domain::state::Ccode;
use serde::Serialize;
use utoipa::openapi::{RefOr, schema::Schema};
use utoipa::{PartialSchema, ToSchema};
use utoipa_axum::router::OpenApiRouter;

use crate::App;
use crate::error::ApiError;

/// The shared state handlers receive.
pub type Shared = Arc<App>;

/// Every API route, with its OpenAPI description.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::with_openapi(base_document())
        .merge(meta::routes())
        .merge(states::routes())
        .merge(agreements::routes())
        .merge(writes::routes())
        .merge(panels::routes())
        .merge(analyses::routes())
        .merge(trends::routes())
}

fn base_document() -> utoipa::openapi::OpenApi {
    use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
    let mut doc = utoipa::openapi::OpenApiBuilder::new()
        .info(
            utoipa::openapi::InfoBuilder::new()
                .title("foedus API")
                .version(env!("CARGO_PKG_VERSION"))
                .description(Some(
                    "A registry of bilateral military agreements: states, agreements with their directed \
                     obligations and lifecycle under the law of treaties, research panels, networks, \
                     casus foederis and cascade scenarios, and the renewal calendar. Reads are open; \
                     writes need an API token (`foedus token create --name NAME`) sent as \
                     `Authorization: Bearer TOKEN`. Errors are JSON (`ErrorBody`) and name the \
                     parameter or field at fault.",
                ))
                .license(Some(utoipa::openapi::License::new("MIT OR Apache-2.0")))
                .build(),
        )
        .build();
    let components = doc.components.get_or_insert_with(Default::default);
    components.add_security_scheme(
        "token",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some("An API token from `foedus token create --name NAME`."))
                .build(),
        ),
    );
    doc
}

/// The OpenAPI document as JSON: utoipa's, with the domain types' JSON Schemas
/// (from schemars, as the record format defines them) added as components.
pub fn finish_document(doc: utoipa::openapi::OpenApi) -> serde_json::Value {
    let mut v = serde_json::to_value(&doc).expect("the OpenAPI document serializes");
    let schemas = v
        .pointer_mut("/components/schemas")
        .and_then(|s| s.as_object_mut())
        .map(std::mem::take)
        .unwrap_or_default();
    let mut schemas = schemas;
    for (name, schema) in domain_schemas() {
        add_schemars(&mut schemas, name, schema);
    }
    v["components"]["schemas"] = serde_json::Value::Object(schemas);
    v
}

fn domain_schemas() -> Vec<(&'static str, serde_json::Value)> {
    use foedus_domain::agreement::{Event, Notice, NoticeStep};
    let s = |schema: schemars::Schema| serde_json::to_value(schema).expect("schemas serialize");
    vec![
        ("Agreement", foedus_records::json_schema()),
        ("Event", s(schemars::schema_for!(Event))),
        ("Notice", s(schemars::schema_for!(Notice))),
        ("NoticeStep", s(schemars::schema_for!(NoticeStep))),
        (
            "State",
            s(schemars::schema_for!(foedus_domain::state::State)),
        ),
    ]
}

/// Adds a schemars root schema as a component: its `$defs` become components
/// too, and references are rewritten to point there.
fn add_schemars(
    into: &mut serde_json::Map<String, serde_json::Value>,
    name: &str,
    mut schema: serde_json::Value,
) {
    rewrite_refs(&mut schema);
    if let Some(obj) = schema.as_object_mut() {
        obj.remove("$schema");
        if let Some(serde_json::Value::Object(defs)) = obj.remove("$defs") {
            for (k, d) in defs {
                into.entry(k).or_insert(d);
            }
        }
    }
    into.insert(name.to_string(), schema);
}

fn rewrite_refs(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::String(r)) = map.get_mut("$ref")
                && let Some(rest) = r.strip_prefix("#/$defs/")
            {
                *r = format!("#/components/schemas/{rest}");
            }
            for (_, x) in map.iter_mut() {
                rewrite_refs(x);
            }
        }
        serde_json::Value::Array(xs) => xs.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

/// Declares a type that stands in the OpenAPI document for a domain type whose
/// schema comes from schemars (added by [`finish_document`]).
macro_rules! domain_ref {
    ($marker:ident, $name:literal, $doc:literal) => {
        #[doc = $doc]
        pub struct $marker;
        impl PartialSchema for $marker {
            fn schema() -> RefOr<Schema> {
                RefOr::Ref(utoipa::openapi::Ref::from_schema_name($name))
            }
        }
        impl ToSchema for $marker {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed($name)
            }
        }
    };
}

domain_ref!(
    AgreementDoc,
    "Agreement",
    "An agreement record (docs/records.md)."
);
domain_ref!(
    EventDoc,
    "Event",
    "A lifecycle event, in the record format."
);
domain_ref!(NoticeDoc, "Notice", "A notice, in the record format.");
domain_ref!(
    NoticeStepDoc,
    "NoticeStep",
    "A step in a notice's life (suspended, resumed, revoked, objected to)."
);
domain_ref!(
    StateDoc,
    "State",
    "A state with its codes and system membership spells."
);

/// A schema for a JSON object described in words (engine outputs with no JSON Schema).
pub fn object_schema() -> RefOr<Schema> {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::Object)
        .into()
}

/// A schema for a list of JSON objects.
pub fn objects_schema() -> RefOr<Schema> {
    utoipa::openapi::ArrayBuilder::new()
        .items(object_schema())
        .into()
}

/// A state as it appears in answers.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct StateRef {
    /// COW country code.
    pub ccode: u16,
    /// COW abbreviation.
    pub abbrev: String,
    /// Name.
    pub name: String,
    /// ISO 3166-1 alpha-3, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iso3: Option<String>,
}

/// A state reference from the registry, else the built-in crosswalk.
pub fn state_ref(r: &Registry, c: Ccode) -> StateRef {
    if let Some(ix) = r.by_ccode(c) {
        let s = r.state(ix);
        return StateRef {
            ccode: c.0,
            abbrev: s.abbrev.clone(),
            name: s.name.clone(),
            iso3: s
                .iso3
                .clone()
                .or_else(|| c.known().and_then(|k| k.iso3.map(str::to_string))),
        };
    }
    match c.known() {
        Some(k) => StateRef {
            ccode: c.0,
            abbrev: k.cow.to_string(),
            name: k.name.to_string(),
            iso3: k.iso3.map(str::to_string),
        },
        None => StateRef {
            ccode: c.0,
            abbrev: c.0.to_string(),
            name: format!("state {}", c.0),
            iso3: None,
        },
    }
}

/// The state a user names: COW number, abbreviation, ISO alpha-3 or name.
pub fn resolve_state(r: &Registry, field: &str, text: &str) -> Result<Ccode, ApiError> {
    let t = text.trim();
    if t.is_empty() || t.len() > 80 {
        return Err(ApiError::param(
            field,
            "expected a state: COW number, COW abbreviation, ISO alpha-3 code or name",
        ));
    }
    if let Some(ix) = r.find_state(t)
        && let Some(c) = r.state(ix).ccode
    {
        return Ok(c);
    }
    foedus_domain::codes::resolve(t)
        .map(|s| Ccode(s.ccode))
        .map_err(|e| ApiError::param(field, e.to_string()))
}

/// A JSON answer.
pub fn json_ok<T: Serialize>(value: &T) -> Response {
    axum::Json(value).into_response()
}

/// A text file to save (`Content-Disposition: attachment`): an iCalendar feed, a GraphML graph.
pub fn download(content_type: &'static str, filename: &str, text: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, attachment(filename)),
        ],
        text,
    )
        .into_response()
}

/// `Content-Disposition` for a file the browser saves as `filename`.
pub fn attachment(filename: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// An API token, from `Authorization: Bearer TOKEN`: who writes.
pub struct Writer(pub String);

impl FromRequestParts<Shared> for Writer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &Shared) -> Result<Self, Self::Rejection> {
        let unauthorized = |msg: &str| {
            let mut r =
                ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", msg).into_response();
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"foedus\""),
            );
            r
        };
        let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
            return Err(unauthorized(
                "writes need an API token: send `Authorization: Bearer TOKEN` (create one with `foedus token create --name NAME`)",
            ));
        };
        let text = value.to_str().unwrap_or("");
        let token = text
            .strip_prefix("Bearer ")
            .or_else(|| text.strip_prefix("bearer "))
            .map(str::trim)
            .unwrap_or("");
        if token.is_empty() || token.len() > 200 {
            return Err(unauthorized(
                "the Authorization header must be `Bearer TOKEN`",
            ));
        }
        let app = app.clone();
        let token = token.to_string();
        let found = tokio::task::spawn_blocking(move || app.token_name(&token))
            .await
            .map_err(|e| ApiError::internal("the token check", e).into_response())?
            .map_err(IntoResponse::into_response)?;
        match found {
            Some(name) => Ok(Writer(name)),
            None => Err(unauthorized("the API token is unknown or revoked")),
        }
    }
}

/// Runs CPU or database work off the async threads.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::internal("the request", e))?
}

/// Runs a heavy computation off the async threads, at most
/// `HEAVY_PERMITS` at once (a request that times out while it
/// waits gives up its place; one that times out while it runs keeps its permit
/// until the computation ends, so abandoned work never piles up).
pub async fn heavy<T: Send + 'static>(
    app: &Shared,
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let permit = app
        .heavy
        .clone()
        .acquire_owned()
        .await
        .map_err(|e| ApiError::internal("the request", e))?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        f()
    })
    .await
    .map_err(|e| ApiError::internal("the request", e))?
}
