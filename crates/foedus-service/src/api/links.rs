//! Links between records: suggested pairs that may be one treaty, and people's
//! verdicts on them (a confirmed pair is reconciled into one agreement).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use foedus_domain::AgreementId;
use foedus_domain::reconcile::suggest::{DEFAULT_WITHIN_DAYS, suggest};
use foedus_domain::reconcile::{Link, Verdict};
use foedus_store::LinkError;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{Caller, Shared, blocking, json_ok};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Json, Query};
use foedus_store::Role;

/// This area's routes, with their OpenAPI descriptions.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(suggestions))
        .routes(routes!(list, save))
}

/// Parameters of the suggestions.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SuggestQuery {
    /// At most this many days between the two signature dates (0–366; default 7).
    #[param(minimum = 0, maximum = 366)]
    pub within_days: Option<u32>,
    /// At most this many suggestions (1–1000; default 50).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
}

/// Two records that may describe one treaty.
#[derive(Serialize, ToSchema)]
pub struct SuggestionView {
    /// One record's id.
    pub a: String,
    /// Its source.
    pub a_source: String,
    /// The other record's id.
    pub b: String,
    /// Its source.
    pub b_source: String,
    /// Days between their signature dates.
    pub days_apart: i32,
    /// Why they look alike.
    pub evidence: Vec<String>,
}

/// A person's verdict on two records.
#[derive(Serialize, ToSchema)]
pub struct LinkView {
    /// One record (the lesser id).
    pub a: String,
    /// The other.
    pub b: String,
    /// `confirmed` (one treaty) or `rejected` (never suggested again).
    pub verdict: String,
    /// Who decided (an API token's name, or the CLI's user).
    pub who: String,
    /// When (UTC).
    pub at: String,
    /// Why.
    pub note: Option<String>,
}

impl From<Link> for LinkView {
    fn from(l: Link) -> Self {
        LinkView {
            a: l.a.to_string(),
            b: l.b.to_string(),
            verdict: l.verdict.name().into(),
            who: l.who,
            at: l.at,
            note: l.note,
        }
    }
}

/// A verdict to record.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkRequest {
    /// One record's id.
    pub a: String,
    /// The other record's id (of another source).
    pub b: String,
    /// `confirmed` or `rejected`.
    pub verdict: String,
    /// Why, in words.
    #[serde(default)]
    pub note: Option<String>,
}

/// Pairs of records, of different sources, that share no identifier but look like
/// one treaty: the same parties, signed within days, a family in common. None is
/// merged until a person confirms it (`POST /api/v1/links`).
#[utoipa::path(get, path = "/api/v1/links/suggestions", tag = "links", params(SuggestQuery),
    responses(
        (status = 200, description = "Suggested pairs, closest signature dates first", body = Vec<SuggestionView>),
        (status = 400, description = "A bad parameter", body = ErrorBody)))]
async fn suggestions(
    State(app): State<Shared>,
    Query(q): Query<SuggestQuery>,
) -> ApiResult<Response> {
    let within = match q.within_days {
        None => DEFAULT_WITHIN_DAYS,
        Some(n) if n <= 366 => n as i32,
        Some(n) => {
            return Err(ApiError::param(
                "within_days",
                format!("{n} is out of range; expected 0 to 366"),
            ));
        }
    };
    let limit = super::agreements::limit_param(q.limit, 50, 1000)?;
    let snap = app.snapshot();
    let found = blocking(move || Ok(suggest(&snap.registry, within))).await?;
    let views: Vec<SuggestionView> = found
        .into_iter()
        .take(limit)
        .map(|s| SuggestionView {
            a: s.a.to_string(),
            a_source: s.a_source,
            b: s.b.to_string(),
            b_source: s.b_source,
            days_apart: s.days_apart,
            evidence: s.evidence,
        })
        .collect();
    Ok(json_ok(&views))
}

/// The verdicts people gave on pairs of records, with who and when.
#[utoipa::path(get, path = "/api/v1/links", tag = "links",
    responses((status = 200, description = "Every verdict, by pair", body = Vec<LinkView>)))]
async fn list(State(app): State<Shared>) -> ApiResult<Response> {
    let links = blocking(move || Ok(app.with_store(|s| s.links())?)).await?;
    Ok(json_ok(
        &links.into_iter().map(LinkView::from).collect::<Vec<_>>(),
    ))
}

/// Record a verdict on two records: confirmed pairs are reconciled into one agreement.
#[utoipa::path(post, path = "/api/v1/links", tag = "links",
    request_body(content = LinkRequest, description = "The pair and the verdict", content_type = "application/json"),
    security(("token" = [])),
    responses(
        (status = 201, description = "Recorded; the registry is reconciled again", body = LinkView),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The token's role is below reviewer: the role needed is named", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "An unknown id, a pair of one source, or a verdict that leaves an amendment unfit", body = ErrorBody)))]
async fn save(
    State(app): State<Shared>,
    caller: Caller,
    Json(req): Json<LinkRequest>,
) -> ApiResult<Response> {
    caller.require(Role::Reviewer, "recording a verdict on two records")?;
    let who = caller.name;
    let invalid = |field: &str, message: String| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_link", message).field(field)
    };
    let id =
        |field: &str, text: &str| AgreementId::new(text).map_err(|e| invalid(field, e.to_string()));
    let (a, b) = (id("a", &req.a)?, id("b", &req.b)?);
    let verdict = match req.verdict.as_str() {
        "confirmed" => Verdict::Confirmed,
        "rejected" => Verdict::Rejected,
        v => {
            return Err(invalid(
                "verdict",
                format!("`{v}`: expected `confirmed` or `rejected`"),
            ));
        }
    };
    let link = blocking(move || {
        app.with_store(|store| {
            let link = store
                .save_link(&a, &b, verdict, &who, req.note)
                .map_err(|e| match e {
                    LinkError::Unknown(id) => invalid(
                        if id == a.as_str() { "a" } else { "b" },
                        format!("no agreement record `{id}` in the registry"),
                    ),
                    LinkError::Store(e) => e.into(),
                    e => invalid("b", e.to_string()),
                })?;
            app.reload(store)?;
            Ok(link)
        })
    })
    .await?;
    Ok((StatusCode::CREATED, axum::Json(LinkView::from(link))).into_response())
}
