//! What the registry holds, and search across states and agreements.

use axum::extract::State;
use axum::response::Response;
use foedus_domain::agreement::Family;
use foedus_domain::obligation::ObligationKind;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::agreements::{AgreementSummary, summary};
use super::states::{StateSummary, state_summary};
use super::{Shared, json_ok};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::Query;

/// This area's routes, with their OpenAPI descriptions.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(meta))
        .routes(routes!(search))
}

/// A loaded source.
#[derive(Serialize, ToSchema)]
pub struct SourceSummary {
    /// Its name (`atop`, `cow-states`, `starter`, `registry-edits`).
    pub source: String,
    /// Its version.
    pub version: String,
    /// First and last year covered.
    pub span: Option<[i16; 2]>,
    /// Agreement records it holds (its own view; several sources' records of one
    /// treaty are one agreement in the registry).
    pub agreements: usize,
}

/// What the registry holds, and the vocabularies the filters take.
#[derive(Serialize, ToSchema)]
pub struct Meta {
    /// The foedus version.
    pub version: String,
    /// Increases with every accepted write.
    pub generation: u64,
    /// Number of agreements (one per treaty, reconciled from its sources).
    pub agreements: usize,
    /// Number of states.
    pub states: usize,
    /// The sources loaded.
    pub sources: Vec<SourceSummary>,
    /// Agreement families (`family=`).
    pub families: Vec<String>,
    /// Obligation types (`obligation=`).
    pub obligation_kinds: Vec<String>,
    /// The analyses this build serves.
    pub analyses: Vec<String>,
    /// Today, as the server sees it.
    pub today: String,
}

/// What the registry holds.
#[utoipa::path(get, path = "/api/v1/meta", tag = "meta",
    responses((status = 200, description = "The registry's contents and vocabularies", body = Meta)))]
async fn meta(State(app): State<Shared>) -> Response {
    let snap = app.snapshot();
    let r = &snap.registry;
    let mut counts = std::collections::HashMap::<&str, usize>::new();
    for a in r.records() {
        *counts.entry(r.origin(&a.id).unwrap_or("")).or_default() += 1;
    }
    json_ok(&Meta {
        version: env!("CARGO_PKG_VERSION").into(),
        generation: snap.generation,
        agreements: r.agreements().len(),
        states: r.states().len(),
        sources: r
            .sources()
            .iter()
            .map(|s| SourceSummary {
                source: s.source.clone(),
                version: s.version.clone(),
                span: s.span.map(|(a, b)| [a, b]),
                agreements: counts.get(s.source.as_str()).copied().unwrap_or(0),
            })
            .collect(),
        families: Family::ALL.iter().map(|f| f.name().to_string()).collect(),
        obligation_kinds: ObligationKind::ALL
            .iter()
            .map(|k| k.name().to_string())
            .collect(),
        analyses: crate::api::analyses::AVAILABLE
            .iter()
            .map(|s| s.to_string())
            .collect(),
        today: crate::today().to_string(),
    })
}

/// Search parameters.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Text to find (1–100 characters): an agreement's name, alias, words of its title,
    /// its parties or an identifier (`3215`, a UNTS number); a state's name or code.
    pub q: String,
    /// At most this many of each kind (1–100; default 10).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u32>,
}

/// Matches among states and agreements.
#[derive(Serialize, ToSchema)]
pub struct SearchResults {
    /// States.
    pub states: Vec<StateSummary>,
    /// Agreements.
    pub agreements: Vec<AgreementSummary>,
    /// Agreements matching in all (only `limit` are listed).
    pub agreements_total: usize,
}

/// Search across states and agreements: agreements ranked by identifier, then name
/// or alias, then the beginning of a name, then words of a name, then words of
/// their names, parties and identifiers ("ANZUS", "Rio Treaty" and "3215" find
/// their treaty first).
#[utoipa::path(get, path = "/api/v1/search", tag = "meta", params(SearchQuery),
    responses(
        (status = 200, description = "Matching states and agreements", body = SearchResults),
        (status = 400, description = "A bad parameter", body = ErrorBody)))]
async fn search(State(app): State<Shared>, Query(q): Query<SearchQuery>) -> ApiResult<Response> {
    let limit = crate::api::agreements::limit_param(q.limit, 10, 100)?;
    let text = q.q.trim();
    if text.is_empty() || text.chars().count() > 100 {
        return Err(crate::error::ApiError::param(
            "q",
            "expected 1 to 100 characters of search text",
        ));
    }
    let snap = app.snapshot();
    let today = crate::today();
    let states = super::states::matching_states(&snap.registry, text)
        .into_iter()
        .take(limit)
        .map(|ix| state_summary(&snap, ix, today))
        .collect();
    let hits = foedus_domain::search::search(&snap.registry, text);
    let agreements = hits
        .iter()
        .take(limit)
        .map(|h| AgreementSummary {
            matched: Some(format!("{}: {}", h.matched.describe(), h.on)),
            ..summary(&snap, h.index, today)
        })
        .collect();
    let matches = hits;
    Ok(json_ok(&SearchResults {
        states,
        agreements,
        agreements_total: matches.len(),
    }))
}
