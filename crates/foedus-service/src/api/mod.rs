//! The HTTP API under `/api/v1`: one module per area, each handler annotated for
//! the OpenAPI document, which is generated from these annotations and from the
//! domain types' JSON Schemas.

pub mod agreements;
pub mod analyses;
pub mod coverage;
pub mod docs;
pub mod documents;
pub mod drafts;
pub mod feeds;
pub mod links;
pub mod meta;
pub mod panels;
pub mod states;
pub mod track;
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
use foedus_store::Role;

/// The shared state handlers receive.
pub type Shared = Arc<App>;

/// Every API route, with its OpenAPI description.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::with_openapi(base_document())
        .merge(meta::routes())
        .merge(coverage::routes())
        .merge(states::routes())
        .merge(agreements::routes())
        .merge(writes::routes())
        .merge(documents::routes())
        .merge(drafts::routes())
        .merge(drafts::token_routes())
        .merge(links::routes())
        .merge(panels::routes())
        .merge(analyses::routes())
        .merge(feeds::routes())
        .merge(track::routes())
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
                     casus foederis and cascade scenarios, and the renewal calendar. Reads are open \
                     (unless the server runs with `--private`: then every request needs a token); \
                     writes need an API token (`foedus token create --name NAME --role ROLE`) sent as \
                     `Authorization: Bearer TOKEN`. Each token has a role: an editor's writes are \
                     drafts (202) until a reviewer who is not their author approves them; an admin's \
                     writes are published at once; a role too low is a 403 naming the role needed. Errors are JSON (`ErrorBody`) and name the \
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
                .description(Some(
                    "An API token from `foedus token create --name NAME --role ROLE`.",
                ))
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
    name_operations(&mut v);
    // Every read answers `If-None-Match` (crate::http::etag): say so on each.
    if let Some(paths) = v.get_mut("paths").and_then(|p| p.as_object_mut()) {
        for item in paths.values_mut() {
            if let Some(responses) = item
                .pointer_mut("/get/responses")
                .and_then(|r| r.as_object_mut())
            {
                responses.entry("304").or_insert_with(|| {
                    serde_json::json!({
                        "description": "Not modified: the `ETag` sent in `If-None-Match` is current"
                    })
                });
            }
        }
    }
    v
}

/// What each tag groups, in the order the documentation shows them.
const TAGS: &[(&str, &str)] = &[
    ("meta", "The service, its sources and their coverage"),
    (
        "review",
        "Drafts awaiting a second reviewer, and the tokens an admin manages",
    ),
    (
        "agreements",
        "Agreements: lists, search, a record with its lifecycle, its history",
    ),
    (
        "states",
        "States: lists and a state's memberships and commitments over time",
    ),
    (
        "links",
        "Links between records that may be one treaty, for a person to confirm",
    ),
    (
        "writes",
        "Creating and changing records through the lifecycle engine (a token needed)",
    ),
    (
        "documents",
        "The treaty's text and related documents attached to an agreement",
    ),
    (
        "panels",
        "Research panels: state-years, dyad-years, similarity, networks",
    ),
    ("networks", "The alliance network of a year, and blocs"),
    (
        "scenarios",
        "Casus foederis, cascade simulations, the treaty calendar and its feeds",
    ),
    ("trends", "Counts of agreements in force over time"),
];

/// Gives every operation a tag the document declares and an operationId no
/// other operation uses: utoipa names an operation after its handler, and
/// several areas have a `list` or a `show`; those are prefixed with their tag.
fn name_operations(doc: &mut serde_json::Value) {
    use std::collections::BTreeMap;
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    let mut used = std::collections::BTreeSet::new();
    if let Some(paths) = doc["paths"].as_object() {
        for item in paths.values() {
            for op in item.as_object().into_iter().flat_map(|o| o.values()) {
                if let Some(id) = op["operationId"].as_str() {
                    *count.entry(id.to_string()).or_default() += 1;
                }
                for t in op["tags"].as_array().into_iter().flatten() {
                    used.insert(t.as_str().unwrap_or("").to_string());
                }
            }
        }
    }
    if let Some(paths) = doc["paths"].as_object_mut() {
        for item in paths.values_mut() {
            for op in item
                .as_object_mut()
                .into_iter()
                .flat_map(|o| o.values_mut())
            {
                let tag = op["tags"][0].as_str().unwrap_or("api").to_string();
                if let Some(id) = op["operationId"].as_str()
                    && count.get(id).copied().unwrap_or(0) > 1
                {
                    op["operationId"] = serde_json::Value::String(format!("{tag}_{id}"));
                }
            }
        }
    }
    let mut tags: Vec<serde_json::Value> = TAGS
        .iter()
        .filter(|(name, _)| used.contains(*name))
        .map(|(name, description)| serde_json::json!({"name": name, "description": description}))
        .collect();
    for name in &used {
        if !TAGS.iter().any(|(n, _)| n == name) {
            tags.push(serde_json::json!({ "name": name }));
        }
    }
    doc["tags"] = serde_json::Value::Array(tags);
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

/// A schema for a JSON object, or null where there is none.
pub fn nullable_object_schema() -> RefOr<Schema> {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::SchemaType::from_iter([
            utoipa::openapi::schema::Type::Object,
            utoipa::openapi::schema::Type::Null,
        ]))
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

/// The state a user names: COW number, abbreviation, ISO alpha-3, name or alias
/// (the query layer's, as the CLI's), or a bad parameter naming `field`.
pub fn resolve_state(r: &Registry, field: &'static str, text: &str) -> Result<Ccode, ApiError> {
    foedus_query::resolve_state(r, text)
        .map_err(|error| foedus_query::QueryError::State { field, error }.into())
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

/// The caller, from `Authorization: Bearer TOKEN`: an active token's name and role.
/// A request without a valid token is refused with 401 before the handler runs.
pub struct Caller {
    /// The token's name: who writes, reviews or reads.
    pub name: String,
    /// What the token may do.
    pub role: Role,
}

impl Caller {
    /// Refuses (403, naming the role needed) a caller whose role is below `needed`;
    /// `what` says what was asked, as in "approving a draft".
    pub fn require(&self, needed: Role, what: &str) -> Result<(), ApiError> {
        if self.role.allows(needed) {
            return Ok(());
        }
        Err(ApiError::forbidden(
            needed,
            format!(
                "{what} needs the {needed} role{}; the token `{}` is {} {}",
                if needed == Role::Admin {
                    ""
                } else {
                    " or higher"
                },
                self.name,
                if self.role == Role::Admin { "an" } else { "a" },
                self.role
            ),
        ))
    }
}

fn unauthorized(msg: &str) -> Response {
    let mut r = ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", msg).into_response();
    r.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"foedus\""),
    );
    r
}

/// The caller a request's `Authorization` header names, or the 401 answer.
pub async fn authenticate(
    headers: &axum::http::HeaderMap,
    app: &Shared,
) -> Result<Caller, Response> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(unauthorized(
            "this needs an API token: send `Authorization: Bearer TOKEN` (an admin creates one with `foedus token create --name NAME --role ROLE`)",
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
    let found = tokio::task::spawn_blocking(move || app.token(&token))
        .await
        .map_err(|e| ApiError::internal("the token check", e).into_response())?
        .map_err(IntoResponse::into_response)?;
    match found {
        Some(t) => Ok(Caller {
            name: t.name,
            role: t.role,
        }),
        None => Err(unauthorized("the API token is unknown or revoked")),
    }
}

impl FromRequestParts<Shared> for Caller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &Shared) -> Result<Self, Self::Rejection> {
        authenticate(&parts.headers, app).await
    }
}

/// With `foedus serve --private`, every API request needs a token (any role): the
/// register is not public. The API's description (`/api/v1/openapi.json`,
/// `/api/v1/docs`) stays open; it holds no records. So do the calendar feeds,
/// whose address stands for a token (`feeds`).
pub async fn private_reads(
    axum::extract::State(app): axum::extract::State<Shared>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = req.uri().path();
    // A calendar feed carries its own credential in its address (api::feeds).
    let open = !path.starts_with("/api")
        || path == "/api/v1/openapi.json"
        || path == "/api/v1/docs"
        || path.starts_with("/api/v1/feeds/");
    if app.private()
        && !open
        && let Err(r) = authenticate(req.headers(), &app).await
    {
        return r;
    }
    next.run(req).await
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
