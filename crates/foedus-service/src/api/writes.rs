//! Writes: create and edit agreement records, and apply lifecycle events,
//! notices and notice steps through the engine. Every write needs an API token of
//! the editor role or higher, is checked by foedus-records and the lifecycle
//! engine (a rejection is a 422 naming the field and the rule with its article).
//! An admin's write is stored with its history row in one transaction; an
//! editor's or a reviewer's is stored as a draft (202) for another reviewer.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use foedus_domain::Agreement;
use foedus_domain::agreement::{Event, Notice, NoticeStep};
use foedus_store::{EditKind, Role};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::agreements::{AgreementSummary, EditView, summary};
use super::drafts::DraftView;
use super::{AgreementDoc, Caller, EventDoc, NoticeDoc, NoticeStepDoc, Shared, blocking};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::Json;
use crate::state::Written;
use crate::version::{IfMatch, etag_header};

/// This area's routes, with their OpenAPI descriptions.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(replace))
        .routes(routes!(add_event))
        .routes(routes!(add_notice))
        .routes(routes!(add_notice_step))
}

/// An accepted write.
#[derive(Serialize, ToSchema)]
pub struct WriteResult {
    /// The record as stored.
    #[schema(schema_with = agreement_doc)]
    pub record: serde_json::Value,
    /// Its summary today.
    pub summary: AgreementSummary,
    /// The history entry of this write.
    pub edit: EditView,
}

fn agreement_doc() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::PartialSchema;
    AgreementDoc::schema()
}

async fn write(
    app: Shared,
    caller: Caller,
    kind: EditKind,
    action: &'static str,
    id: String,
    change: impl FnOnce(Option<&Agreement>) -> Result<(Agreement, String), ApiError> + Send + 'static,
) -> ApiResult<Response> {
    let status = match kind {
        EditKind::Create => StatusCode::CREATED,
        EditKind::Update if action == "update" => StatusCode::OK,
        EditKind::Update => StatusCode::CREATED,
    };
    caller.require(Role::Editor, "writing a record")?;
    let result = blocking(move || {
        let (record, entry) =
            match app.write(&caller.name, caller.role, kind, action, &id, change)? {
                Written::Published(record, entry) => (record, entry),
                Written::Drafted(draft) => return Ok(Err(DraftView::from(draft))),
            };
        let snap = app.snapshot();
        let i = snap.position(record.id.as_str()).ok_or_else(|| {
            ApiError::internal("the write", "the record is missing after it was written")
        })?;
        let version = etag_header(&record);
        Ok(Ok((
            version,
            WriteResult {
                record: serde_json::to_value(&record).unwrap_or_default(),
                summary: summary(&snap, i, crate::today()),
                edit: entry.into(),
            },
        )))
    })
    .await?;
    Ok(match result {
        Ok((version, written)) => (status, [version], axum::Json(written)).into_response(),
        Err(draft) => (StatusCode::ACCEPTED, axum::Json(draft)).into_response(),
    })
}

fn check_id(record: &Agreement, path_id: Option<&str>) -> Result<(), ApiError> {
    if let Some(p) = path_id
        && record.id.as_str() != p
    {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_record",
            format!(
                "id: the record's id `{}` differs from the id in the path `{p}`; ids cannot be changed",
                record.id
            ),
        )
        .field("id"));
    }
    Ok(())
}

/// Create an agreement record (the record format, docs/records.md).
#[utoipa::path(post, path = "/api/v1/agreements", tag = "writes",
    request_body(content = AgreementDoc, description = "The record", content_type = "application/json", example = json!({
        "id": "example-defence-pact-2025",
        "title": "Defence Cooperation Agreement between Australia and Japan (example)",
        "parties": [{"state": "AUL"}, {"state": "JPN"}],
        "families": ["defense_cooperation"],
        "obligations": [{"obligor": "AUL", "beneficiary": "JPN", "kind": "training"}, {"obligor": "JPN", "beneficiary": "AUL", "kind": "training"}],
        "events": [{"date": "2025-02-01", "kind": "signature"}, {"date": "2025-05-01", "kind": "entry_into_force"}],
        "provenance": {"source": "example"}
    })),
    security(("token" = [])),
    responses(
        (status = 201, description = "Created; the history records the write", body = WriteResult),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 202, description = "Drafted: an editor's or a reviewer's write waits for another reviewer (`POST /api/v1/drafts/{id}/approve`)", body = DraftView),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The token's role cannot write (a viewer): the role needed is named", body = ErrorBody),
        (status = 409, description = "The id exists", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 503, description = "The database stayed locked by another writer; nothing was written (`Retry-After`)", body = ErrorBody),
        (status = 422, description = "The record is invalid: the field, and the rule with its article", body = ErrorBody)))]
async fn create(
    State(app): State<Shared>,
    caller: Caller,
    Json(record): Json<Agreement>,
) -> ApiResult<Response> {
    let id = record.id.to_string();
    write(app, caller, EditKind::Create, "create", id, move |_| {
        let summary = format!("created “{}”", record.title);
        Ok((record, summary))
    })
    .await
}

/// Replace an agreement record with a new version (the id cannot change).
#[utoipa::path(put, path = "/api/v1/agreements/{id}", tag = "writes",
    params(("id" = String, Path, description = "The agreement's foedus id", example = "us-japan-security-treaty-1960"),
           ("If-Match" = Option<String>, Header, description = "The version replaced: the `ETag` of GET /api/v1/agreements/{id}. Needed to replace an existing record (428 without it)")),
    request_body(content = AgreementDoc, description = "The new version of the record", content_type = "application/json"),
    security(("token" = [])),
    responses(
        (status = 200, description = "Replaced; the history records what changed; `ETag` is the new version", body = WriteResult),
        (status = 412, description = "`If-Match` names a version the record no longer has", body = ErrorBody),
        (status = 428, description = "No `If-Match`: a PUT must name the version it replaces", body = ErrorBody),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 202, description = "Drafted: an editor's or a reviewer's write waits for another reviewer (`POST /api/v1/drafts/{id}/approve`)", body = DraftView),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The token's role cannot write (a viewer): the role needed is named", body = ErrorBody),
        (status = 404, description = "No such agreement", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 503, description = "The database stayed locked by another writer; nothing was written (`Retry-After`)", body = ErrorBody),
        (status = 422, description = "The record is invalid: the field, and the rule with its article", body = ErrorBody)))]
async fn replace(
    State(app): State<Shared>,
    Path(id): Path<String>,
    caller: Caller,
    if_match: IfMatch,
    Json(record): Json<Agreement>,
) -> ApiResult<Response> {
    check_id(&record, Some(&id))?;
    let path_id = id.clone();
    write(app, caller, EditKind::Update, "update", id, move |old| {
        if let Some(old) = old {
            if_match.require(&path_id)?;
            if_match.check(&path_id, old)?;
        }
        let n = old.map_or(0, |o| changed_fields(o, &record));
        let summary = format!("edited {n} field{}", if n == 1 { "" } else { "s" });
        Ok((record, summary))
    })
    .await
}

/// The agreement an event, notice or step is added to; 404 if there is none.
fn existing(old: Option<&Agreement>) -> Result<Agreement, ApiError> {
    old.cloned()
        .ok_or_else(|| ApiError::not_found("no such agreement"))
}

fn changed_fields(old: &Agreement, new: &Agreement) -> usize {
    let a = serde_json::to_value(old).unwrap_or_default();
    let b = serde_json::to_value(new).unwrap_or_default();
    foedus_store::diff_values(Some(&a), &b).len()
}

/// Apply a lifecycle event (signature, ratification, entry into force, suspension, termination, ...) through the engine.
#[utoipa::path(post, path = "/api/v1/agreements/{id}/events", tag = "writes",
    params(("id" = String, Path, description = "The agreement's foedus id", example = "us-japan-security-treaty-1960"),
           ("If-Match" = Option<String>, Header, description = "Optional: the version this applies to (the `ETag` of GET /api/v1/agreements/{id}); 412 if the record has changed since")),
    request_body(content = EventDoc, description = "The event, in the record format", content_type = "application/json",
        example = json!({"date": "2031-01-01", "kind": "suspension"})),
    security(("token" = [])),
    responses(
        (status = 201, description = "Applied; the history records it", body = WriteResult),
        (status = 412, description = "`If-Match` names a version the record no longer has", body = ErrorBody),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 202, description = "Drafted: an editor's or a reviewer's write waits for another reviewer (`POST /api/v1/drafts/{id}/approve`)", body = DraftView),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The token's role cannot write (a viewer): the role needed is named", body = ErrorBody),
        (status = 404, description = "No such agreement", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 503, description = "The database stayed locked by another writer; nothing was written (`Retry-After`)", body = ErrorBody),
        (status = 422, description = "The engine rejects it: the rule broken, its article, and the field", body = ErrorBody)))]
async fn add_event(
    State(app): State<Shared>,
    Path(id): Path<String>,
    caller: Caller,
    if_match: IfMatch,
    Json(event): Json<Event>,
) -> ApiResult<Response> {
    let path_id = id.clone();
    write(app, caller, EditKind::Update, "event", id, move |old| {
        let mut a = existing(old)?;
        if_match.check(&path_id, &a)?;
        let summary = format!(
            "event {} on {}",
            serde_json::to_value(&event.kind)
                .ok()
                .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_string))
                .unwrap_or_else(|| "event".into()),
            event.date
        );
        a.events.push(event);
        Ok((a, summary))
    })
    .await
}

/// Give a notice (withdrawal, non-renewal, invocation of a ground) through the engine.
#[utoipa::path(post, path = "/api/v1/agreements/{id}/notices", tag = "writes",
    params(("id" = String, Path, description = "The agreement's foedus id", example = "us-japan-security-treaty-1960"),
           ("If-Match" = Option<String>, Header, description = "Optional: the version this applies to (the `ETag` of GET /api/v1/agreements/{id}); 412 if the record has changed since")),
    request_body(content = NoticeDoc, description = "The notice, in the record format", content_type = "application/json",
        example = json!({"party": "USA", "kind": "withdrawal", "sent": "2031-01-01"})),
    security(("token" = [])),
    responses(
        (status = 201, description = "Recorded; the history records it", body = WriteResult),
        (status = 412, description = "`If-Match` names a version the record no longer has", body = ErrorBody),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 202, description = "Drafted: an editor's or a reviewer's write waits for another reviewer (`POST /api/v1/drafts/{id}/approve`)", body = DraftView),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The token's role cannot write (a viewer): the role needed is named", body = ErrorBody),
        (status = 404, description = "No such agreement", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 503, description = "The database stayed locked by another writer; nothing was written (`Retry-After`)", body = ErrorBody),
        (status = 422, description = "The engine rejects it: the rule broken, its article, and the field", body = ErrorBody)))]
async fn add_notice(
    State(app): State<Shared>,
    Path(id): Path<String>,
    caller: Caller,
    if_match: IfMatch,
    Json(notice): Json<Notice>,
) -> ApiResult<Response> {
    let path_id = id.clone();
    write(app, caller, EditKind::Update, "notice", id, move |old| {
        let mut a = existing(old)?;
        if_match.check(&path_id, &a)?;
        let summary = format!("notice by {} sent {}", notice.party.label(), notice.sent);
        a.notices.push(notice);
        Ok((a, summary))
    })
    .await
}

/// Record a step in a notice's life (suspended, resumed, revoked, objected to) through the engine.
#[utoipa::path(post, path = "/api/v1/agreements/{id}/notices/{index}/steps", tag = "writes",
    params(("id" = String, Path, description = "The agreement's foedus id", example = "us-japan-security-treaty-1960"),
           ("index" = u32, Path, description = "The notice's position in the record (0-based)", minimum = 0, example = 0),
           ("If-Match" = Option<String>, Header, description = "Optional: the version this applies to (the `ETag` of GET /api/v1/agreements/{id}); 412 if the record has changed since")),
    request_body(content = NoticeStepDoc, description = "The step", content_type = "application/json",
        example = json!({"date": "2031-06-01", "action": "revoke"})),
    security(("token" = [])),
    responses(
        (status = 201, description = "Recorded; the history records it", body = WriteResult),
        (status = 412, description = "`If-Match` names a version the record no longer has", body = ErrorBody),
        (status = 400, description = "Malformed JSON or a bad index", body = ErrorBody),
        (status = 202, description = "Drafted: an editor's or a reviewer's write waits for another reviewer (`POST /api/v1/drafts/{id}/approve`)", body = DraftView),
        (status = 401, description = "No valid API token", body = ErrorBody),
        (status = 403, description = "The token's role cannot write (a viewer): the role needed is named", body = ErrorBody),
        (status = 404, description = "No such agreement or notice", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 503, description = "The database stayed locked by another writer; nothing was written (`Retry-After`)", body = ErrorBody),
        (status = 422, description = "The engine rejects it: the rule broken, its article, and the field", body = ErrorBody)))]
async fn add_notice_step(
    State(app): State<Shared>,
    Path((id, index)): Path<(String, String)>,
    caller: Caller,
    if_match: IfMatch,
    Json(step): Json<NoticeStep>,
) -> ApiResult<Response> {
    let path_id = id.clone();
    // The schema's bound: a 32-bit signed integer.
    let index: usize = index
        .parse::<u32>()
        .ok()
        .filter(|&i| i <= i32::MAX as u32)
        .map(|i| i as usize)
        .ok_or_else(|| {
            ApiError::param(
                "index",
                format!("found `{index}`; expected a notice position (0, 1, ...)"),
            )
        })?;
    write(
        app,
        caller,
        EditKind::Update,
        "notice_step",
        id,
        move |old| {
            let mut a = existing(old)?;
            if_match.check(&path_id, &a)?;
            let n = a.notices.len();
            let notice = a.notices.get_mut(index).ok_or_else(|| {
                ApiError::not_found(format!(
                    "the agreement has {n} notice{}; there is no notice {index}",
                    if n == 1 { "" } else { "s" }
                ))
                .field("index")
            })?;
            let summary =
                format!("notice {index}: {:?} on {}", step.action, step.date).to_lowercase();
            notice.steps.push(step);
            Ok((a, summary))
        },
    )
    .await
}
