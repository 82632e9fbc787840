//! Review and tokens: the drafts editors write (list, show, approve, reject) and,
//! for admins, the API tokens.
//!
//! A draft is approved by a reviewer who is not its author (the four-eyes rule):
//! it is then published, the history naming both. A rejection keeps the draft with
//! its reason. Every refusal for want of a role is a 403 naming the role needed.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use foedus_store::{Draft, DraftStatus, Role, TokenError, TokenInfo};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::agreements::EditView;
use super::{AgreementDoc, Caller, Shared, blocking, json_ok};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Json, Query};

/// The drafts' routes, with their OpenAPI descriptions.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(show))
        .routes(routes!(approve))
        .routes(routes!(reject))
}

/// The tokens' routes (admins only), with their OpenAPI descriptions.
pub fn token_routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(tokens, create_token))
        .routes(routes!(revoke_token))
        .routes(routes!(whoami))
}

/// A proposed change of one agreement record, and where it stands.
#[derive(Serialize, ToSchema)]
pub struct DraftView {
    /// Its number.
    pub id: i64,
    /// The agreement it changes or creates.
    pub agreement_id: String,
    /// `create` or `update`.
    pub kind: String,
    /// `create`, `update`, `event`, `notice`, `notice_step`.
    pub action: String,
    /// One line on what it changes.
    pub summary: String,
    /// Who wrote it (a token's name).
    pub author: String,
    /// When (UTC).
    pub created_at: String,
    /// `pending`, `approved` or `rejected`.
    pub status: String,
    /// Who approved or rejected it.
    pub reviewer: Option<String>,
    /// When.
    pub reviewed_at: Option<String>,
    /// Why it was rejected.
    pub reason: Option<String>,
    /// The history entry its approval wrote.
    pub history_seq: Option<i64>,
    /// The record as proposed.
    #[schema(schema_with = agreement_doc)]
    pub record: serde_json::Value,
    /// Each value it changes: `{path, before, after}`.
    #[schema(schema_with = super::objects_schema)]
    pub diff: serde_json::Value,
}

fn agreement_doc() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::PartialSchema;
    AgreementDoc::schema()
}

impl From<Draft> for DraftView {
    fn from(d: Draft) -> Self {
        DraftView {
            id: d.id,
            agreement_id: d.agreement_id,
            kind: serde_json::to_value(d.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            action: d.action,
            summary: d.summary,
            author: d.author,
            created_at: d.created_at,
            status: d.status.name().into(),
            reviewer: d.reviewer,
            reviewed_at: d.reviewed_at,
            reason: d.reason,
            history_seq: d.history_seq,
            record: serde_json::to_value(&d.record).unwrap_or_default(),
            diff: serde_json::to_value(&d.diff).unwrap_or_default(),
        }
    }
}

/// An approved draft: the draft and the history entry its publication wrote.
#[derive(Serialize, ToSchema)]
pub struct ApprovalView {
    /// The draft, now approved.
    pub draft: DraftView,
    /// The history entry: its author as `who`, the approver as `reviewer`.
    pub edit: EditView,
}

/// Which drafts to list.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DraftQuery {
    /// `pending` (the default), `approved`, `rejected` or `all`.
    pub status: Option<String>,
}

/// A rejection.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectRequest {
    /// Why, in words (kept with the draft).
    pub reason: String,
}

fn draft_id(text: &str) -> Result<i64, ApiError> {
    text.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| {
        ApiError::param(
            "id",
            format!(
                "found `{}`; expected a draft number (1, 2, ...)",
                text.chars().take(40).collect::<String>()
            ),
        )
    })
}

/// The drafts, oldest first: those pending review by default. Needs a token of
/// the editor role or higher.
#[utoipa::path(get, path = "/api/v1/drafts", tag = "review", params(DraftQuery),
    security(("token" = [])),
    responses(
        (status = 200, description = "The drafts, oldest first", body = Vec<DraftView>),
        (status = 400, description = "A bad parameter", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The token's role is below editor: the role needed is named", body = ErrorBody)))]
async fn list(
    State(app): State<Shared>,
    caller: Caller,
    Query(q): Query<DraftQuery>,
) -> ApiResult<Response> {
    caller.require(Role::Editor, "listing drafts")?;
    let status = match q.status.as_deref() {
        None | Some("pending") => Some(DraftStatus::Pending),
        Some("all") => None,
        Some(s) => Some(s.parse::<DraftStatus>().map_err(|_| {
            ApiError::param(
                "status",
                format!(
                    "found `{}`; expected pending, approved, rejected or all",
                    s.chars().take(40).collect::<String>()
                ),
            )
        })?),
    };
    let drafts = blocking(move || Ok(app.with_store(|s| s.drafts(status))?)).await?;
    Ok(json_ok(
        &drafts.into_iter().map(DraftView::from).collect::<Vec<_>>(),
    ))
}

/// One draft, with what it changes. Needs a token of the editor role or higher.
#[utoipa::path(get, path = "/api/v1/drafts/{id}", tag = "review",
    params(("id" = i64, Path, description = "The draft's number", minimum = 1, example = 1)),
    security(("token" = [])),
    responses(
        (status = 200, description = "The draft", body = DraftView),
        (status = 400, description = "A bad draft number", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The token's role is below editor: the role needed is named", body = ErrorBody),
        (status = 404, description = "No such draft", body = ErrorBody)))]
async fn show(
    State(app): State<Shared>,
    Path(id): Path<String>,
    caller: Caller,
) -> ApiResult<Response> {
    let id = draft_id(&id)?;
    caller.require(Role::Editor, "reading a draft")?;
    let draft = blocking(move || Ok(app.with_store(|s| s.draft(id))?)).await?;
    match draft {
        Some(d) => Ok(json_ok(&DraftView::from(d))),
        None => Err(ApiError::not_found(format!("no draft {id}"))),
    }
}

/// Approve a pending draft: it is published, the history naming its author and
/// you. Needs the reviewer role, and you must not be its author (four eyes).
#[utoipa::path(post, path = "/api/v1/drafts/{id}/approve", tag = "review",
    params(("id" = i64, Path, description = "The draft's number", minimum = 1, example = 1)),
    security(("token" = [])),
    responses(
        (status = 200, description = "Approved and published", body = ApprovalView),
        (status = 400, description = "A bad draft number", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The token's role is below reviewer, or it wrote the draft: the role needed is named", body = ErrorBody),
        (status = 404, description = "No such draft", body = ErrorBody),
        (status = 409, description = "The draft was reviewed already, or the record changed since it was drafted", body = ErrorBody),
        (status = 422, description = "Publishing it would leave an amendment unfit", body = ErrorBody)))]
async fn approve(
    State(app): State<Shared>,
    Path(id): Path<String>,
    caller: Caller,
) -> ApiResult<Response> {
    let id = draft_id(&id)?;
    caller.require(Role::Reviewer, "approving a draft")?;
    let (draft, entry) = blocking(move || app.approve(id, &caller.name)).await?;
    Ok(json_ok(&ApprovalView {
        draft: draft.into(),
        edit: entry.into(),
    }))
}

/// Reject a pending draft with a reason: nothing is published; the draft is kept
/// with the reason. Needs the reviewer role.
#[utoipa::path(post, path = "/api/v1/drafts/{id}/reject", tag = "review",
    params(("id" = i64, Path, description = "The draft's number", minimum = 1, example = 1)),
    request_body(content = RejectRequest, description = "Why", content_type = "application/json",
        example = json!({"reason": "no source cited for the new date"})),
    security(("token" = [])),
    responses(
        (status = 200, description = "Rejected", body = DraftView),
        (status = 400, description = "A bad draft number or malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The token's role is below reviewer: the role needed is named", body = ErrorBody),
        (status = 404, description = "No such draft", body = ErrorBody),
        (status = 409, description = "The draft was reviewed already", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "No reason given", body = ErrorBody)))]
async fn reject(
    State(app): State<Shared>,
    Path(id): Path<String>,
    caller: Caller,
    Json(req): Json<RejectRequest>,
) -> ApiResult<Response> {
    let id = draft_id(&id)?;
    caller.require(Role::Reviewer, "rejecting a draft")?;
    let draft = blocking(move || app.reject(id, &caller.name, &req.reason)).await?;
    Ok(json_ok(&DraftView::from(draft)))
}

/// An API token as listed: never the token itself.
#[derive(Serialize, ToSchema)]
pub struct TokenView {
    /// Its name.
    pub name: String,
    /// `viewer`, `editor`, `reviewer` or `admin`.
    pub role: String,
    /// When it was created.
    pub created_at: String,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
}

impl From<TokenInfo> for TokenView {
    fn from(t: TokenInfo) -> Self {
        TokenView {
            name: t.name,
            role: t.role.name().into(),
            created_at: t.created_at,
            revoked_at: t.revoked_at,
        }
    }
}

/// A token to create.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// Its name: 1–64 letters, digits, `.`, `_`, `-`, `@`.
    pub name: String,
    /// `viewer`, `editor`, `reviewer` or `admin`.
    pub role: String,
}

/// A created token: shown once, stored only as a hash.
#[derive(Serialize, ToSchema)]
pub struct CreatedToken {
    /// The token: send it as `Authorization: Bearer TOKEN`. It is not shown again.
    pub token: String,
    /// The token as listed.
    pub info: TokenView,
}

/// Every API token, active and revoked (never the tokens). Admins only.
#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens",
    security(("token" = [])),
    responses(
        (status = 200, description = "The tokens, by name", body = Vec<TokenView>),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The token is not an admin's: the role needed is named", body = ErrorBody)))]
async fn tokens(State(app): State<Shared>, caller: Caller) -> ApiResult<Response> {
    caller.require(Role::Admin, "listing tokens")?;
    let tokens = blocking(move || Ok(app.with_store(|s| s.tokens())?)).await?;
    Ok(json_ok(
        &tokens.into_iter().map(TokenView::from).collect::<Vec<_>>(),
    ))
}

/// Create an API token with a role; it is answered once. Admins only.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens",
    request_body(content = TokenRequest, description = "Its name and role", content_type = "application/json",
        example = json!({"name": "alice", "role": "editor"})),
    security(("token" = [])),
    responses(
        (status = 201, description = "Created: the token is in the answer, and only there", body = CreatedToken),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The token is not an admin's: the role needed is named", body = ErrorBody),
        (status = 409, description = "The name is taken", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "A bad name or role", body = ErrorBody)))]
async fn create_token(
    State(app): State<Shared>,
    caller: Caller,
    Json(req): Json<TokenRequest>,
) -> ApiResult<Response> {
    caller.require(Role::Admin, "creating a token")?;
    let invalid = |field: &str, message: String| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_request", message).field(field)
    };
    if !crate::tokens::valid_name(&req.name) {
        return Err(invalid(
            "name",
            "name: expected 1 to 64 letters, digits, `.`, `_`, `-` or `@`".into(),
        ));
    }
    let role: Role = req
        .role
        .parse()
        .map_err(|e: String| invalid("role", format!("role: {e}")))?;
    let created = blocking(move || {
        let token =
            crate::tokens::generate().map_err(|e| ApiError::internal("drawing a token", e))?;
        let hash = crate::tokens::hash(&token);
        let info = app
            .with_store(|s| s.add_token(&req.name, &hash, role))
            .map_err(|e| match e {
                TokenError::NameTaken(_) => {
                    ApiError::new(StatusCode::CONFLICT, "conflict", e.to_string()).field("name")
                }
                TokenError::Store(e) => e.into(),
            })?;
        Ok(CreatedToken {
            token,
            info: info.into(),
        })
    })
    .await?;
    Ok((StatusCode::CREATED, axum::Json(created)).into_response())
}

/// Revoke an API token by name: requests with it are refused from now on. Admins only.
#[utoipa::path(delete, path = "/api/v1/tokens/{name}", tag = "tokens",
    params(("name" = String, Path, description = "The token's name", example = "alice")),
    security(("token" = [])),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The token is not an admin's: the role needed is named", body = ErrorBody),
        (status = 404, description = "No active token of that name", body = ErrorBody)))]
async fn revoke_token(
    State(app): State<Shared>,
    Path(name): Path<String>,
    caller: Caller,
) -> ApiResult<Response> {
    caller.require(Role::Admin, "revoking a token")?;
    let revoked = blocking(move || Ok(app.with_store(|s| s.revoke_token(&name))?)).await?;
    if !revoked {
        return Err(ApiError::not_found("no active token of that name"));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Who a token stands for: its name and role, so a client (the browser UI) shows
/// only the controls that role may use and knows which drafts are its own.
#[derive(Serialize, ToSchema)]
pub struct WhoAmI {
    /// The token's name (as drafts and the history name their author).
    pub name: String,
    /// `viewer`, `editor`, `reviewer` or `admin`.
    pub role: String,
}

/// The caller's token: its name and role. Any role.
#[utoipa::path(get, path = "/api/v1/whoami", tag = "tokens",
    security(("token" = [])),
    responses(
        (status = 200, description = "The token's name and role", body = WhoAmI),
        (status = 401, description = "No valid API token", body = ErrorBody)))]
async fn whoami(caller: Caller) -> ApiResult<Response> {
    Ok(json_ok(&WhoAmI {
        name: caller.name,
        role: caller.role.name().into(),
    }))
}
