//! Track records: how an agreement's commitments, and a state's, fared in the
//! wars and disputes the registry holds (`foedus_engine::track`, the same call
//! as `foedus agreement show` and `foedus state show`).

use axum::extract::{Path, State};
use axum::response::Response;
use foedus_engine::track::{Subject, TrackRecord, track_record};
use serde::Serialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::agreements::find;
use super::analyses::reliability_record as record;
use super::{Shared, heavy, json_ok, resolve_state};
use crate::error::{ApiResult, ErrorBody};

/// This area's routes, with their OpenAPI descriptions.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(agreement_track_record))
        .routes(routes!(state_track_record))
}

/// How one agreement's commitments fared in the wars and militarized disputes the registry holds: counts of each verdict (honoured, violated, not triggered, undetermined), the rate honoured with its Wilson 95% interval, the same by obligation kind, the cases in which a commitment was or may have been triggered (each with its war or dispute, date, obligor, beneficiary, verdict and reason), and notes on what the record covers.
#[utoipa::path(get, path = "/api/v1/agreements/{id}/track-record", tag = "agreements",
    params(("id" = String, Path, description = "The agreement's foedus id", example = "atop-1150")),
    responses(
        (status = 200, description = "The track record: `all`, `by_kind`, `cases`, `notes`", body = Object),
        (status = 400, description = "Not an agreement id", body = ErrorBody),
        (status = 404, description = "No such agreement", body = ErrorBody)))]
async fn agreement_track_record(
    State(app): State<Shared>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let snap = app.snapshot();
    let i = find(&snap, &id)?;
    let t = heavy(&app, move || {
        let record = record(&snap);
        let id = snap.registry.agreements()[i].id.as_str();
        Ok(track_record(&record, Subject::Agreement(id)))
    })
    .await?;
    Ok(json_ok(&t))
}

/// A state's two track records.
#[derive(Serialize)]
struct StateTracks {
    /// The state, by COW code.
    ccode: u16,
    /// The commitments it owed: did it come when called?
    as_obligor: TrackRecord,
    /// The commitments owed to it: did its allies come?
    as_beneficiary: TrackRecord,
}

/// How a state kept the commitments it owed (`as_obligor`) and how its allies kept those owed to it (`as_beneficiary`), in the wars and militarized disputes the registry holds; each as for an agreement's track record.
#[utoipa::path(get, path = "/api/v1/states/{code}/track-record", tag = "states",
    params(("code" = String, Path, description = "COW number, COW abbreviation, ISO alpha-3 code or name", example = "GMY")),
    responses(
        (status = 200, description = "`ccode`, `as_obligor` and `as_beneficiary`, each with `all`, `by_kind`, `cases`, `notes`", body = Object),
        (status = 400, description = "Not a state", body = ErrorBody),
        (status = 422, description = "No state system loaded to name it", body = ErrorBody)))]
async fn state_track_record(
    State(app): State<Shared>,
    Path(code): Path<String>,
) -> ApiResult<Response> {
    let snap = app.snapshot();
    let c = resolve_state(&snap.registry, "code", &code)?;
    let t = heavy(&app, move || {
        let record = record(&snap);
        Ok(StateTracks {
            ccode: c.0,
            as_obligor: track_record(&record, Subject::Obligor(c.0)),
            as_beneficiary: track_record(&record, Subject::Beneficiary(c.0)),
        })
    })
    .await?;
    Ok(json_ok(&t))
}
