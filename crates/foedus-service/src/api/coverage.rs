//! How far each dataset reaches: `GET /api/v1/coverage`, the `coverage` field of
//! answers about dates past it, and the `foedus-coverage` response header.
//!
//! The words are the domain's ([`foedus_domain::coverage::CoverageNote`]), the same
//! the command line prints.

use axum::extract::State;
use axum::http::HeaderValue;
use axum::response::Response;
use foedus_domain::coverage::{CoverageNote, SourceCoverage};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{Shared, json_ok};

/// The response header that marks an answer about dates past some datasets' last
/// coded day: `past; asked=2025-01-01; sources=atop,cow-states`.
pub const HEADER: &str = "foedus-coverage";

/// This area's routes, with their OpenAPI descriptions.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new().routes(routes!(coverage))
}

/// How far one dataset reaches.
#[derive(Serialize, ToSchema)]
pub struct SourceReach {
    /// The source (`atop`, `cow-states`).
    pub source: String,
    /// Its version.
    pub version: String,
    /// The first year it codes.
    pub first_year: i16,
    /// The last year it codes.
    pub last_year: i16,
    /// Its last coded day (YYYY-MM-DD).
    pub last_day: String,
    /// The state system (`cow`, `gw`) whose memberships are carried forward past `last_day`.
    pub carries: Option<String>,
}

impl From<&SourceCoverage> for SourceReach {
    fn from(s: &SourceCoverage) -> SourceReach {
        SourceReach {
            source: s.source.clone(),
            version: s.version.clone(),
            first_year: s.first_year,
            last_year: s.last_year,
            last_day: s.last_day.to_string(),
            carries: s.carries.map(|c| c.name().to_string()),
        }
    }
}

/// An answer's dates past some datasets' last coded day.
#[derive(Serialize, ToSchema)]
pub struct CoverageField {
    /// The dates asked, as the note words them.
    pub asked: String,
    /// The datasets whose data end before.
    pub past: Vec<SourceReach>,
    /// The note in words (the command line prints the same).
    pub note: String,
}

impl From<&CoverageNote> for CoverageField {
    fn from(n: &CoverageNote) -> CoverageField {
        CoverageField {
            asked: n.asked.clone(),
            past: n.past.iter().map(SourceReach::from).collect(),
            note: n.note.clone(),
        }
    }
}

/// The `coverage` field of an answer.
pub fn field(note: Option<&CoverageNote>) -> Option<CoverageField> {
    note.map(CoverageField::from)
}

/// Marks a response with the [`HEADER`] when its answer goes past some data.
pub fn mark(mut response: Response, note: Option<&CoverageField>) -> Response {
    if let Some(n) = note {
        let sources: Vec<&str> = n.past.iter().map(|s| s.source.as_str()).collect();
        let value = format!(
            "past; asked={}; sources={}",
            n.asked.replace(|c: char| !c.is_ascii_graphic(), "_"),
            sources.join(",")
        );
        if let Ok(v) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(HEADER, v);
        }
    }
    response
}

/// How far the loaded data reach.
#[derive(Serialize, ToSchema)]
pub struct CoverageReport {
    /// Today, as the server sees it.
    pub today: String,
    /// Each dataset (registers kept current, such as the starter registry, have no last day).
    pub sources: Vec<SourceReach>,
    /// The first and last year any dataset codes: the years with data, for a year slider.
    pub years_with_data: Option<[i16; 2]>,
    /// The note for an answer about today, if today is past some dataset's data.
    pub today_note: Option<CoverageField>,
}

/// How far each loaded dataset reaches, and what an answer about today says of it.
#[utoipa::path(get, path = "/api/v1/coverage", tag = "meta",
    responses((status = 200, description = "Each dataset's last coded day", body = CoverageReport)))]
async fn coverage(State(app): State<Shared>) -> Response {
    let snap = app.snapshot();
    let c = snap.registry.coverage();
    let today = crate::today();
    let report = CoverageReport {
        today: today.to_string(),
        sources: c.sources.iter().map(SourceReach::from).collect(),
        years_with_data: c.years_with_data().map(|(a, b)| [a, b]),
        today_note: field(c.past_on(today, &[]).as_ref()),
    };
    mark(json_ok(&report), report.today_note.as_ref())
}
