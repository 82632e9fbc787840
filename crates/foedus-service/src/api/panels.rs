//! Research panels streamed as CSV or Parquet: the panel is built first (so a
//! bad request is a JSON error, not a broken download), then written batch by
//! batch into the response body from a blocking thread.

use std::io::Write;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use foedus_dataset::Format;
use foedus_panel::{DyadYears, Panel, PanelError, PanelOptions, StateYears, Variables};
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::states::SystemParam;
use super::{Shared, attachment, heavy};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Query, year_param};

/// This area's routes, with their OpenAPI descriptions.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(state_year))
        .routes(routes!(dyad_year))
}

/// The formats a table is streamed in.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TableFormat {
    /// CSV with a header row (`text/csv`).
    #[default]
    Csv,
    /// Apache Parquet, Snappy-compressed (`application/vnd.apache.parquet`).
    Parquet,
}

impl TableFormat {
    fn dataset(self) -> Format {
        match self {
            TableFormat::Csv => Format::Csv,
            TableFormat::Parquet => Format::Parquet,
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            TableFormat::Csv => "text/csv; charset=utf-8",
            TableFormat::Parquet => "application/vnd.apache.parquet",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            TableFormat::Csv => "csv",
            TableFormat::Parquet => "parquet",
        }
    }
}

/// The parameters of a panel.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PanelQuery {
    /// `csv` (default) or `parquet`.
    #[param(inline)]
    pub format: Option<TableFormat>,
    /// The state system: `cow` (default) or `gw`.
    #[param(inline)]
    pub system: Option<SystemParam>,
    /// First year (1816–2030; default 1816).
    #[param(minimum = 1816, maximum = 2030)]
    pub from: Option<i32>,
    /// Last year (1816–2030; default 2016).
    #[param(minimum = 1816, maximum = 2030)]
    pub to: Option<i32>,
    /// Include Gleditsch–Ward microstates.
    pub microstates: Option<bool>,
    /// Directed dyads, both orders (default true; dyad-year only).
    pub directed: Option<bool>,
    /// Variables to add, comma-separated: atop, dcad, nmc, majors (and fpsim where available).
    pub add: Option<String>,
}

/// Earliest year of a panel.
pub const FIRST_YEAR: i16 = 1816;
/// Latest year of a panel.
pub const LAST_YEAR: i16 = 2030;

fn options(q: &PanelQuery, dyads: bool) -> Result<PanelOptions, ApiError> {
    if !dyads && q.directed.is_some() {
        return Err(ApiError::param(
            "directed",
            "applies to dyad-year panels only",
        ));
    }
    let from = year_param("from", q.from.unwrap_or(1816), FIRST_YEAR, LAST_YEAR)?;
    let to = year_param("to", q.to.unwrap_or(2016), FIRST_YEAR, LAST_YEAR)?;
    if from > to {
        return Err(ApiError::param(
            "to",
            format!("the year range {from}–{to} is empty: expected `from` no later than `to`"),
        ));
    }
    Ok(PanelOptions {
        system: q.system.unwrap_or(SystemParam::Cow).into(),
        microstates: q.microstates.unwrap_or(false),
        from,
        to,
        directed: q.directed.unwrap_or(true),
        today: crate::today(),
    })
}

fn variables(add: Option<&str>) -> Result<Vec<Box<dyn Variables>>, ApiError> {
    let names: Vec<&str> = add.unwrap_or("").split(',').collect();
    foedus_engine::request_variables(&names).map_err(|e| ApiError::param("add", e.to_string()))
}

/// Maps a panel error to an answer naming the parameter.
pub fn panel_error(e: PanelError) -> ApiError {
    match e {
        PanelError::EmptyRange { .. } => ApiError::param("to", e.to_string()),
        PanelError::PastToday { .. } => ApiError::param("to", format!("the year {e}")),
        PanelError::YearOutOfRange { .. } => ApiError::param("from", e.to_string()),
        PanelError::NoMembers { .. } => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_loaded",
            format!("{e} (/api/v1/meta lists the sources this server holds)"),
        )
        .field("system"),
        PanelError::NotLoaded { .. } => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_loaded",
            format!("{e} on this server (/api/v1/meta lists the sources it holds)"),
        )
        .field("add"),
        other => ApiError::internal("the panel", other),
    }
}

/// A `Write` that sends what is written, in chunks, to a response body.
pub struct ChannelWriter {
    tx: mpsc::Sender<Result<Bytes, std::io::Error>>,
    buf: Vec<u8>,
}

const CHUNK: usize = 256 * 1024;

impl ChannelWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx.blocking_send(Ok(chunk)).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client went away")
        })
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// Streams a table: `write` runs on a blocking thread and writes into the body.
pub fn stream_table(
    format: TableFormat,
    name: &str,
    write: impl FnOnce(ChannelWriter, Format) -> Result<(), String> + Send + 'static,
) -> Response {
    let (tx, rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(8);
    let err_tx = tx.clone();
    tokio::task::spawn_blocking(move || {
        let w = ChannelWriter {
            tx,
            buf: Vec::with_capacity(CHUNK),
        };
        if let Err(e) = write(w, format.dataset()) {
            eprintln!("foedus serve: a table stream stopped: {e}");
            // The client sees the body end with an error, not a truncated file taken for whole.
            let _ = err_tx.blocking_send(Err(std::io::Error::other(
                "the table could not be completed",
            )));
        }
    });
    let body = Body::from_stream(tokio_stream::wrappers::ReceiverStream::new(rx));
    let mut r = (StatusCode::OK, body).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        attachment(&format!("{name}.{}", format.extension())),
    );
    r
}

/// Every state-year of a system, with variables added, streamed as CSV or Parquet.
#[utoipa::path(get, path = "/api/v1/panels/state-year", tag = "panels", params(PanelQuery),
    responses(
        (status = 200, description = "The panel", content(
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.apache.parquet"))),
        (status = 400, description = "A bad parameter, named", body = ErrorBody),
        (status = 422, description = "The data the panel needs is not loaded", body = ErrorBody)))]
async fn state_year(State(app): State<Shared>, Query(q): Query<PanelQuery>) -> ApiResult<Response> {
    serve_panel::<StateYears>(app, q, false, "state-years").await
}

/// Every dyad-year of a system (false dyads dropped), with variables added, streamed as CSV or Parquet.
#[utoipa::path(get, path = "/api/v1/panels/dyad-year", tag = "panels", params(PanelQuery),
    responses(
        (status = 200, description = "The panel", content(
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.apache.parquet"))),
        (status = 400, description = "A bad parameter, named", body = ErrorBody),
        (status = 422, description = "The data the panel needs is not loaded", body = ErrorBody)))]
async fn dyad_year(State(app): State<Shared>, Query(q): Query<PanelQuery>) -> ApiResult<Response> {
    let name = if q.directed.unwrap_or(true) {
        "dyad-years-directed"
    } else {
        "dyad-years"
    };
    serve_panel::<DyadYears>(app, q, true, name).await
}

/// Builds a panel on a worker (a bad request is a JSON error) and streams it out.
async fn serve_panel<P: Panel + 'static>(
    app: Shared,
    q: PanelQuery,
    dyads: bool,
    name: &'static str,
) -> ApiResult<Response> {
    let opts = options(&q, dyads)?;
    variables(q.add.as_deref())?;
    let format = q.format.unwrap_or_default();
    let snap = app.snapshot();
    opts.check_years().map_err(panel_error)?;
    let note = {
        let vars = variables(q.add.as_deref())?;
        let added: Vec<&dyn Variables> = vars.iter().map(|v| v.as_ref()).collect();
        foedus_panel::coverage_note(&snap.registry, &opts, &added)
    };
    let panel = {
        let snap = snap.clone();
        heavy(&app, move || {
            let vars = variables(q.add.as_deref())?;
            P::create_with(&snap.registry, &opts, &vars).map_err(panel_error)
        })
        .await?
    };
    // A table has no field for the note: the header carries it.
    let response = stream_table(format, name, move |w, f| {
        let _keep = snap;
        panel.write_to(w, f).map_err(|e| e.to_string())
    });
    Ok(super::coverage::mark(
        response,
        super::coverage::field(note.as_ref()).as_ref(),
    ))
}
