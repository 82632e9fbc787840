//! The analyses behind the API: casus foederis, cascade simulations and the
//! renewal calendar (foedus-scenario); networks, blocs and similarity
//! (foedus-network, foedus-similarity). Each is computed from the snapshot and
//! kept with it when it is reused (the casus foederis index, a year's network).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use foedus_query::Attack;
use foedus_scenario::{CasusFoederis, Scenario, ScenarioError};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{Shared, blocking, download, heavy, json_ok, resolve_state};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Json, Query, date_param};
use crate::state::Snapshot;

/// The analyses this build serves (listed by `/api/v1/meta`).
pub const AVAILABLE: &[&str] = &[
    "casus_foederis",
    "simulation",
    "calendar",
    "network",
    "blocs",
    "similarity",
];

/// This area's routes, with their OpenAPI descriptions.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(casus_foederis))
        .routes(routes!(simulation))
        .routes(routes!(calendar))
        .routes(routes!(network_year))
        .routes(routes!(blocs))
        .routes(routes!(network_tables))
        .routes(routes!(similarity_panel))
}

fn casus_index(snap: &Snapshot) -> std::sync::Arc<CasusFoederis> {
    snap.cache
        .get_or::<_, std::convert::Infallible>("casus-index", || {
            Ok(CasusFoederis::index(&snap.registry))
        })
        .unwrap_or_else(|never| match never {})
}

/// A bad field of a request body: 422, named.
fn body_error(field: &str, message: impl std::fmt::Display) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_parameter",
        format!("{field}: {message}"),
    )
    .field(field)
}

/// The reliability record of the snapshot over the default years, judged with the
/// cached index and computed once: track records and empirical rates read it.
pub(super) fn reliability_record(
    snap: &Snapshot,
) -> std::sync::Arc<foedus_scenario::reliability::Record> {
    snap.cache
        .get_or::<_, std::convert::Infallible>("reliability-record", || {
            Ok(foedus_engine::track::reliability_record(
                &casus_index(snap),
                &snap.registry,
            ))
        })
        .unwrap_or_else(|never| match never {})
}

/// The reliability record's rates, computed once per snapshot (`None`: it decides nothing).
fn empirical_rates(
    snap: &Snapshot,
) -> std::sync::Arc<Option<foedus_scenario::empirical::Empirical>> {
    snap.cache
        .get_or::<_, std::convert::Infallible>("empirical-rates", || {
            Ok(foedus_scenario::empirical::Empirical::from_record(
                &reliability_record(snap),
                foedus_scenario::reliability::Options::default(),
            ))
        })
        .unwrap_or_else(|never| match never {})
}

fn scenario_error(e: ScenarioError) -> ApiError {
    let field = match &e {
        ScenarioError::UnknownState(_) => "attacker",
        ScenarioError::SameState(_) => "target",
        ScenarioError::DateOutsideData { .. } | ScenarioError::NotAMember { .. } => "date",
        ScenarioError::Probability { .. } => "honour",
        ScenarioError::ZeroRuns => "runs",
        ScenarioError::ZeroAttackers => "attackers",
        ScenarioError::EmptyWindow { .. } | ScenarioError::LongWindow { .. } => "to",
        ScenarioError::TooManyRuns { .. } | ScenarioError::Stopped { .. } => "runs",
    };
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_scenario",
        e.to_string(),
    )
    .field(field)
}

/// An attack, as query parameters.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CasusQuery {
    /// The attacking state (COW number, abbreviation, ISO alpha-3 or name).
    pub attacker: String,
    /// The state attacked.
    pub target: String,
    /// The day of the attack (YYYY-MM-DD or `today`).
    #[param(pattern = r"^([0-9]{4}-[0-9]{2}-[0-9]{2}|today)$")]
    pub date: String,
    /// Where, comma-separated: home, europe, africa, middle_east, asia, americas, oceania, north_atlantic, pacific.
    pub place: Option<String>,
    /// The target provoked the attack: yes, no or unknown (default).
    pub provoked: Option<String>,
    /// How many states attack, the attacker included (1–50).
    #[param(minimum = 1, maximum = 50)]
    pub attackers: Option<u32>,
    /// The target asks its partners for help: yes, no or unknown (default).
    pub requested: Option<String>,
}

/// The attack of a request, its `date` parsed here; the query layer reads the rest.
fn scenario(
    snap: &Snapshot,
    date: &str,
    attack: impl FnOnce(Date) -> Attack,
) -> Result<Scenario, ApiError> {
    let attack = attack(date_param("date", date)?);
    Ok(foedus_query::parse_scenario(
        &snap.registry,
        &attack.input(),
    )?)
}

/// Who is bound to act, stay out or consult when `attacker` attacks `target` on `date`, under which agreement, on what condition.
#[utoipa::path(get, path = "/api/v1/casus-foederis", tag = "scenarios", params(CasusQuery),
    responses(
        (status = 200, description = "The evaluation: obligations triggered, possibly triggered (with the reason) or not", body = Object),
        (status = 400, description = "A bad parameter, named", body = ErrorBody),
        (status = 422, description = "The scenario cannot be evaluated (a state not a member on the date, a date the data do not cover)", body = ErrorBody)))]
async fn casus_foederis(
    State(app): State<Shared>,
    Query(q): Query<CasusQuery>,
) -> ApiResult<Response> {
    let snap = app.snapshot();
    let s = scenario(&snap, &q.date, |date| Attack {
        attacker: q.attacker,
        target: q.target,
        date,
        place: q.place.into_iter().collect(),
        provoked: q.provoked,
        attackers: q.attackers,
        requested: q.requested,
    })?;
    let index = casus_index(&snap);
    let e = index.evaluate(&s).map_err(scenario_error)?;
    Ok(json_ok(&e))
}

/// Honouring probabilities by obligation type.
#[derive(Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HonourBody {
    /// Defense obligations (0–1).
    pub defense: Option<f64>,
    /// Offense obligations (0–1).
    pub offense: Option<f64>,
    /// Neutrality obligations (0–1).
    pub neutrality: Option<f64>,
    /// Nonaggression obligations (0–1).
    pub nonaggression: Option<f64>,
}

/// Rates estimated rather than given.
#[derive(Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HonourModel {
    /// Each commitment's rate from the reliability record: its type's in the
    /// attack's era, shrunk toward its agreement's own record (docs/scenarios.md).
    Empirical,
}

/// How commitments are honoured: probabilities by type, or `empirical`.
#[derive(Deserialize, Serialize, ToSchema)]
#[serde(untagged)]
pub enum HonourParam {
    /// `empirical`: the reliability record's rates (needs wars and disputes loaded).
    Model(HonourModel),
    /// Probabilities by type, overriding `honour_all`.
    ByType(HonourBody),
}

/// What possibly triggered obligations count as: the schema's list of the words
/// that `possibly` takes (`foedus_query::honour::possibly` reads them).
#[derive(Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PossiblyParam {
    /// As triggered (an upper bound).
    AsTriggered,
    /// As not triggered (a lower bound).
    Ignore,
}

/// A cascade simulation: the attack, and how commitments are honoured.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SimulationRequest {
    /// The attacking state.
    pub attacker: String,
    /// The state attacked.
    pub target: String,
    /// The day (YYYY-MM-DD).
    #[schema(pattern = r"^([0-9]{4}-[0-9]{2}-[0-9]{2}|today)$")]
    pub date: String,
    /// Where: home, europe, africa, middle_east, asia, americas, oceania, north_atlantic, pacific.
    #[serde(default)]
    pub place: Vec<String>,
    /// yes, no or unknown.
    pub provoked: Option<String>,
    /// How many states attack (1–50).
    #[schema(minimum = 1, maximum = 50)]
    pub attackers: Option<u32>,
    /// yes, no or unknown.
    pub requested: Option<String>,
    /// Number of runs (1–100000; default 2000).
    #[schema(minimum = 1, maximum = 100000)]
    pub runs: Option<u64>,
    /// The seed (0–9007199254740991, default 1914): the same seed gives the same result.
    #[schema(minimum = 0, maximum = 9007199254740991_i64)]
    pub seed: Option<u64>,
    /// One honouring probability for every type (0–1; default 0.75, Leeds, Long & Mitchell 2000).
    pub honour_all: Option<f64>,
    /// Honouring probabilities by type, overriding `honour_all`; or `"empirical"`:
    /// each commitment's rate from the reliability record.
    pub honour: Option<HonourParam>,
    /// What possibly triggered obligations count as (default as_triggered).
    #[schema(value_type = Option<PossiblyParam>)]
    pub possibly: Option<String>,
    /// How many of the most common chains to report (0–50; default 10).
    #[schema(minimum = 0, maximum = 50)]
    pub top_chains: Option<u32>,
}

/// Run an escalation cascade many times: who joins, coalition sizes and the capability balance, as distributions.
#[utoipa::path(post, path = "/api/v1/simulations", tag = "scenarios",
    request_body(content = SimulationRequest, content_type = "application/json", example = json!({
        "attacker": "PRK", "target": "ROK", "date": "2015-06-01", "place": ["home"],
        "provoked": "no", "requested": "yes", "runs": 500, "seed": 1914, "honour_all": 0.75
    })),
    responses(
        (status = 200, description = "The distributions over the runs, with the model's assumptions", body = Object),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 413, description = "The body is too large", body = ErrorBody),
        (status = 415, description = "Not JSON", body = ErrorBody),
        (status = 422, description = "A bad field, named", body = ErrorBody)))]
async fn simulation(
    State(app): State<Shared>,
    Json(req): Json<SimulationRequest>,
) -> ApiResult<Response> {
    let snap = app.snapshot();
    let s = scenario(&snap, &req.date, |date| Attack {
        attacker: req.attacker,
        target: req.target,
        date,
        place: req.place,
        provoked: req.provoked,
        attackers: req.attackers,
        requested: req.requested,
    })
    .map_err(|e| {
        let b = e.body().clone();
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, &b.error, b.message)
            .field(b.field.unwrap_or_default())
    })?;
    let runs = req.runs.unwrap_or(2000);
    let max = foedus_scenario::cascade::MAX_RUNS;
    foedus_scenario::cascade::runs_within(runs, max).map_err(|_| {
        body_error(
            "runs",
            format!("{runs} is out of range; expected 1 to {max}"),
        )
    })?;
    let seed = req.seed.unwrap_or(1914);
    if seed > (1 << 53) - 1 {
        return Err(body_error(
            "seed",
            format!("{seed} is out of range; expected 0 to 9007199254740991"),
        ));
    }
    let top = req.top_chains.unwrap_or(10);
    if top > 50 {
        return Err(body_error(
            "top_chains",
            format!("{top} is out of range; expected 0 to 50"),
        ));
    }
    let all = match (&req.honour, req.honour_all) {
        (Some(HonourParam::Model(HonourModel::Empirical)), Some(_)) => {
            return Err(body_error(
                "honour_all",
                "cannot be combined with honour: \"empirical\" (the reliability record gives every rate)",
            ));
        }
        (Some(HonourParam::Model(HonourModel::Empirical)), None) => {
            Some(foedus_query::HonourAll::Empirical)
        }
        (_, p) => p.map(foedus_query::HonourAll::Probability),
    };
    let by_type: Vec<(&str, f64)> = match &req.honour {
        Some(HonourParam::ByType(h)) => [
            ("defense", h.defense),
            ("offense", h.offense),
            ("neutrality", h.neutrality),
            ("nonaggression", h.nonaggression),
        ]
        .into_iter()
        .filter_map(|(k, p)| Some((k, p?)))
        .collect(),
        _ => Vec::new(),
    };
    let honour = foedus_query::honour::honour(all, &by_type).map_err(|e| {
        let field = e.field().unwrap_or("honour");
        body_error(field, e.to_string())
    })?;
    let possibly = req
        .possibly
        .as_deref()
        .map(foedus_query::honour::possibly)
        .transpose()
        .map_err(|e| body_error(e.field().unwrap_or("possibly"), e))?
        .unwrap_or_default();
    let asked = foedus_engine::ask::SimAsked {
        runs,
        seed,
        honour,
        possibly,
        top_chains: top as usize,
    };
    let sim = heavy(&app, move || {
        let index = casus_index(&snap);
        // The rates kept with the snapshot, cloned only if asked for.
        let options = asked
            .options_with(s.date, || empirical_rates(&snap).as_ref().clone())
            .map_err(|_| {
                // The one refusal `options_with` has, in the service's words.
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "not_loaded",
                    "honour: empirical rates need the reliability record, and it decides no commitment: this server holds no wars or disputes (/api/v1/meta lists the sources it holds)",
                )
                .field("honour")
            })?;
        foedus_scenario::simulate(&index, &s, &options).map_err(scenario_error)
    })
    .await?;
    Ok(json_ok(&sim))
}

/// The calendar's window and format.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CalendarQuery {
    /// First day (YYYY-MM-DD or `today`; default today).
    #[param(pattern = r"^([0-9]{4}-[0-9]{2}-[0-9]{2}|today)$")]
    pub from: Option<String>,
    /// Last day (YYYY-MM-DD; default two years after `from`; at most 50 years after it).
    #[param(pattern = r"^([0-9]{4}-[0-9]{2}-[0-9]{2}|today)$")]
    pub to: Option<String>,
    /// Only agreements of this state.
    pub party: Option<String>,
    /// Only dates of these kinds, comma-separated (`non_renewal_deadline,expiry`):
    /// entry_into_force, provisional_application_ends, expiry, non_renewal_deadline,
    /// tacit_renewal, term_ends, notice_opens, notice_takes_effect, objection_deadline,
    /// conciliation_available, ratification_pending, other. The ICS feed follows it.
    pub kind: Option<String>,
    /// `json` (default) or `ics` (RFC 5545, for calendar applications).
    #[param(inline)]
    pub format: Option<CalendarFormat>,
}

/// The formats of the calendar.
#[derive(Clone, Copy, Deserialize, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CalendarFormat {
    /// JSON.
    Json,
    /// iCalendar.
    Ics,
}

/// The kinds a `kind` parameter names (none: every kind).
pub(crate) fn calendar_kinds(
    text: Option<&str>,
) -> Result<Vec<foedus_scenario::calendar::ItemKind>, ApiError> {
    use foedus_scenario::calendar::ItemKind;
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(Vec::new());
    };
    text.split(',')
        .filter(|k| !k.trim().is_empty())
        .map(|k| {
            ItemKind::from_name(k).ok_or_else(|| {
                ApiError::param(
                    "kind",
                    format!(
                        "unknown kind of date `{}`: expected one or more of {}, separated by commas",
                        k.trim().chars().take(60).collect::<String>(),
                        ItemKind::ALL
                            .map(|k| k.slug().replace('-', "_"))
                            .join(", ")
                    ),
                )
            })
        })
        .collect()
}

/// The renewal and notice calendar: entries into force, expiries, tacit renewals and their notice deadlines, notices taking effect, in a window.
#[utoipa::path(get, path = "/api/v1/calendar", tag = "scenarios", params(CalendarQuery),
    responses(
        (status = 200, description = "The dates in the window, computed by the lifecycle engine", content(
            (Object = "application/json"),
            (String = "text/calendar"))),
        (status = 400, description = "A bad parameter, named", body = ErrorBody)))]
async fn calendar(
    State(app): State<Shared>,
    Query(q): Query<CalendarQuery>,
) -> ApiResult<Response> {
    let from = q
        .from
        .as_deref()
        .map(|d| date_param("from", d))
        .transpose()?
        .unwrap_or_else(crate::today);
    let until = match q.to.as_deref() {
        Some(d) => date_param("to", d)?,
        None => foedus_scenario::calendar::default_until(from),
    };
    foedus_scenario::calendar::window(from, until, foedus_scenario::calendar::MAX_YEARS).map_err(
        |e| match e {
            ScenarioError::LongWindow { .. } => {
                ApiError::param("to", format!("{e}; ask for a shorter one"))
            }
            _ => ApiError::param(
                "to",
                format!(
                    "the window {from} to {until} is empty: expected `to` no earlier than `from`"
                ),
            ),
        },
    )?;
    let snap = app.snapshot();
    let party = q
        .party
        .as_deref()
        .map(|p| resolve_state(&snap.registry, "party", p))
        .transpose()?;
    let format = q.format.unwrap_or(CalendarFormat::Json);
    let kinds = calendar_kinds(q.kind.as_deref())?;
    let cal = blocking(move || {
        foedus_scenario::calendar(&snap.registry, from, until, party)
            .map(|c| c.only_kinds(&kinds))
            .map_err(scenario_error)
    })
    .await?;
    if format == CalendarFormat::Ics {
        let text = foedus_scenario::ics::to_ics(&cal, jiff::Timestamp::now());
        return Ok(download(
            "text/calendar; charset=utf-8",
            "foedus-calendar.ics",
            text,
        ));
    }
    Ok(json_ok(&cal))
}

// ---------------------------------------------------------------------------
// Networks and blocs (foedus-network), similarity (foedus-similarity).

use foedus_network::{BlocOptions, Blocs, Metrics, NetworkError, NetworkOptions, Networks, Ties};

/// Every year's network for one tie type over the years the data cover, its
/// measures and its blocs: computed once per snapshot and tie type.
pub struct NetAll {
    networks: Networks,
    metrics: Metrics,
    blocs: Blocs,
    /// (year, code) -> bloc id.
    bloc_of: std::collections::HashMap<(i16, u16), u32>,
}

fn ties_param(t: Option<&str>) -> Result<Ties, ApiError> {
    t.unwrap_or("defense")
        .parse::<Ties>()
        .map_err(|e| ApiError::param("ties", e.to_string()))
}

fn network_error(e: NetworkError) -> ApiError {
    match e {
        NetworkError::UnknownTies(_) => ApiError::param("ties", e.to_string()),
        NetworkError::YearsOutside { .. } => ApiError::param("year", e.to_string()),
        NetworkError::Panel(p) => crate::api::panels::panel_error(p),
    }
}

/// The years every network can cover: ATOP's years within the COW system's.
fn network_span(snap: &Snapshot) -> Result<(i16, i16), ApiError> {
    Ok(foedus_query::coverage::network_years(
        &snap.registry,
        crate::today(),
    )?)
}

/// The networks of every year for a tie type (computed on first use).
pub fn net_all(snap: &Snapshot, ties: Ties) -> Result<std::sync::Arc<NetAll>, ApiError> {
    let (from, to) = network_span(snap)?;
    snap.cache.get_or(&format!("net:{}", ties.name()), || {
        let networks = foedus_network::networks(
            &snap.registry,
            &NetworkOptions {
                from,
                to,
                ties,
                ..NetworkOptions::default()
            },
        )
        .map_err(network_error)?;
        let metrics = foedus_network::metrics(&networks);
        let blocs = foedus_network::blocs(&networks, &metrics, &BlocOptions::default());
        let mut bloc_of = std::collections::HashMap::new();
        for b in &blocs.blocs {
            for (year, members) in &b.members {
                for c in members {
                    bloc_of.insert((*year, *c), b.id);
                }
            }
        }
        Ok(NetAll {
            networks,
            metrics,
            blocs,
            bloc_of,
        })
    })
}

/// Computes what the first requests need (the casus foederis index, the defense
/// and any-obligation networks of every year) ahead of them.
pub fn warm(snap: &Snapshot) {
    let _ = casus_index(snap);
    let _ = net_all(snap, Ties::Defense);
    let _ = net_all(snap, Ties::Any);
}

/// The network of one year.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NetworkQuery {
    /// What makes a tie: defense (default), offense, neutral, nonagg, consul or any.
    pub ties: Option<String>,
    /// `json` (default) or `graphml`.
    #[param(inline)]
    pub format: Option<GraphFormat>,
}

/// The formats of a network.
#[derive(Clone, Copy, Deserialize, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum GraphFormat {
    /// `{year, ties, summary, nodes, edges}`; each node has its measures and its bloc.
    Json,
    /// GraphML, for Gephi, Cytoscape, igraph, NetworkX.
    Graphml,
}

/// The alliance network of a year: states (with degree, centralities, community and bloc) and ties by obligation type.
#[utoipa::path(get, path = "/api/v1/network/{year}", tag = "networks",
    params(("year" = i32, Path, description = "The year (within ATOP's and the state system's years)", minimum = 1816, maximum = 2100, example = 2000), NetworkQuery),
    responses(
        (status = 200, description = "The network", content(
            (Object = "application/json"),
            (String = "application/graphml+xml"))),
        (status = 400, description = "A bad parameter, named", body = ErrorBody),
        (status = 422, description = "ATOP or the state system is not loaded", body = ErrorBody)))]
async fn network_year(
    State(app): State<Shared>,
    axum::extract::Path(year): axum::extract::Path<String>,
    Query(q): Query<NetworkQuery>,
) -> ApiResult<Response> {
    let year: i32 = year.trim().parse().map_err(|_| {
        ApiError::param(
            "year",
            format!(
                "found `{}`; expected a year such as 2000",
                year.chars().take(20).collect::<String>()
            ),
        )
    })?;
    let year = crate::extract::year_param("year", year, 1816, 2100)?;
    let ties = ties_param(q.ties.as_deref())?;
    let format = q.format.unwrap_or(GraphFormat::Json);
    let snap = app.snapshot();
    let all = match snap.cache.peek::<NetAll>(&format!("net:{}", ties.name())) {
        Some(all) => all,
        None => heavy(&app, move || net_all(&snap, ties)).await?,
    };
    let i = all
        .networks
        .years
        .iter()
        .position(|g| g.year == year)
        .ok_or_else(|| {
            let (a, b) = (
                all.networks.years.first().map_or(0, |g| g.year),
                all.networks.years.last().map_or(0, |g| g.year),
            );
            ApiError::param(
                "year",
                format!("{year} is outside the loaded data: networks cover {a}–{b}"),
            )
        })?;
    let g = &all.networks.years[i];
    let states: Vec<_> = all
        .metrics
        .states
        .iter()
        .filter(|m| m.year == year)
        .cloned()
        .collect();
    if format == GraphFormat::Graphml {
        let text = foedus_network::export::graphml(g, &states, ties);
        return Ok(download(
            "application/graphml+xml; charset=utf-8",
            "network.graphml",
            text,
        ));
    }
    let mut doc = foedus_network::export::json(g, &all.metrics.years[i], &states, ties);
    if let Some(nodes) = doc.get_mut("nodes").and_then(|n| n.as_array_mut()) {
        for n in nodes {
            let code = n.get("code").and_then(|c| c.as_u64()).unwrap_or(0) as u16;
            n["bloc"] = all
                .bloc_of
                .get(&(year, code))
                .map_or(serde_json::Value::Null, |b| serde_json::json!(b));
        }
    }
    // A year past the state system's data: its members carried forward, said so.
    let note = foedus_network::NetworkOptions {
        from: year,
        to: year,
        ..NetworkOptions::default()
    }
    .coverage_note(&app.snapshot().registry);
    let field = super::coverage::field(note.as_ref());
    doc["coverage"] = serde_json::to_value(&field).unwrap_or_default();
    Ok(super::coverage::mark(json_ok(&doc), field.as_ref()))
}

/// The years and tie type of blocs.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BlocsQuery {
    /// What makes a tie: defense (default), offense, neutral, nonagg, consul or any.
    pub ties: Option<String>,
    /// First year (default: the first the data cover).
    #[param(minimum = 1816, maximum = 2100)]
    pub from: Option<i32>,
    /// Last year (default: the last the data cover).
    #[param(minimum = 1816, maximum = 2100)]
    pub to: Option<i32>,
}

/// Alliance blocs over time: communities matched year to year, with their splits and merges.
#[utoipa::path(get, path = "/api/v1/blocs", tag = "networks", params(BlocsQuery),
    responses(
        (status = 200, description = "Blocs living in the years asked, and the splits and merges among them", body = Object),
        (status = 400, description = "A bad parameter, named", body = ErrorBody),
        (status = 422, description = "ATOP or the state system is not loaded", body = ErrorBody)))]
async fn blocs(State(app): State<Shared>, Query(q): Query<BlocsQuery>) -> ApiResult<Response> {
    let ties = ties_param(q.ties.as_deref())?;
    let from = q
        .from
        .map(|y| crate::extract::year_param("from", y, 1816, 2100))
        .transpose()?;
    let to =
        q.to.map(|y| crate::extract::year_param("to", y, 1816, 2100))
            .transpose()?;
    if let (Some(a), Some(b)) = (from, to)
        && a > b
    {
        return Err(ApiError::param(
            "to",
            format!("the year range {a}–{b} is empty: expected `from` no later than `to`"),
        ));
    }
    let snap = app.snapshot();
    let all = match snap.cache.peek::<NetAll>(&format!("net:{}", ties.name())) {
        Some(all) => all,
        None => heavy(&app, move || net_all(&snap, ties)).await?,
    };
    let (a, b) = (from.unwrap_or(i16::MIN), to.unwrap_or(i16::MAX));
    let mut out = all.blocs.clone();
    out.blocs.retain(|x| x.last >= a && x.first <= b);
    for x in &mut out.blocs {
        x.members.retain(|y, _| *y >= a && *y <= b);
    }
    out.events.retain(|e| e.year >= a && e.year <= b);
    Ok(json_ok(&serde_json::json!({
        "ties": ties.name(),
        "blocs": out.blocs,
        "events": out.events,
    })))
}

/// Which network table.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NetworkTableQuery {
    /// `years` (one row per year: density, transitivity, components, modularity...), `states` (one row per state-year: degree, centralities, community) or `edges` (the ties).
    #[param(inline)]
    pub table: Option<NetworkTable>,
    /// What makes a tie: defense (default), offense, neutral, nonagg, consul or any.
    pub ties: Option<String>,
    /// First year (default: the first the data cover).
    #[param(minimum = 1816, maximum = 2100)]
    pub from: Option<i32>,
    /// Last year.
    #[param(minimum = 1816, maximum = 2100)]
    pub to: Option<i32>,
    /// `csv` (default) or `parquet`.
    #[param(inline)]
    pub format: Option<crate::api::panels::TableFormat>,
}

/// The network tables.
#[derive(Clone, Copy, Deserialize, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum NetworkTable {
    /// One row per year.
    Years,
    /// One row per state-year.
    States,
    /// One row per tie and year.
    Edges,
}

/// Network tables (per year, per state-year, or the ties) streamed as CSV or Parquet.
#[utoipa::path(get, path = "/api/v1/panels/network", tag = "panels", params(NetworkTableQuery),
    responses(
        (status = 200, description = "The table", content(
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.apache.parquet"))),
        (status = 400, description = "A bad parameter, named", body = ErrorBody),
        (status = 422, description = "ATOP or the state system is not loaded", body = ErrorBody)))]
async fn network_tables(
    State(app): State<Shared>,
    Query(q): Query<NetworkTableQuery>,
) -> ApiResult<Response> {
    let ties = ties_param(q.ties.as_deref())?;
    let from = q
        .from
        .map(|y| crate::extract::year_param("from", y, 1816, 2100))
        .transpose()?;
    let to =
        q.to.map(|y| crate::extract::year_param("to", y, 1816, 2100))
            .transpose()?;
    let table = q.table.unwrap_or(NetworkTable::Years);
    let format = q.format.unwrap_or_default();
    let snap = app.snapshot();
    let (lo, hi) = network_span(&snap)?;
    let (a, b) = (from.unwrap_or(lo), to.unwrap_or(hi));
    if a > b {
        return Err(ApiError::param(
            "to",
            format!("the year range {a}–{b} is empty: expected `from` no later than `to`"),
        ));
    }
    if a < lo || b > hi {
        return Err(ApiError::param(
            if a < lo { "from" } else { "to" },
            format!("{a}–{b} is outside the loaded data: networks cover {lo}–{hi}"),
        ));
    }
    let all = match snap.cache.peek::<NetAll>(&format!("net:{}", ties.name())) {
        Some(all) => all,
        None => heavy(&app, move || net_all(&snap, ties)).await?,
    };
    let batch = match table {
        NetworkTable::Years => all.metrics.years_batch(),
        NetworkTable::States => all.metrics.states_batch(foedus_domain::state::System::Cow),
        NetworkTable::Edges => all.networks.edges_batch(),
    };
    let batch =
        filter_years(&batch, a, b).map_err(|e| ApiError::internal("the network table", e))?;
    let name = match table {
        NetworkTable::Years => "network-years",
        NetworkTable::States => "network-states",
        NetworkTable::Edges => "network-edges",
    };
    Ok(crate::api::panels::stream_table(
        format,
        name,
        move |w, f| {
            foedus_dataset::write_to(
                w,
                f,
                batch.schema(),
                std::slice::from_ref(&batch),
                "response",
            )
            .map_err(|e| e.to_string())
        },
    ))
}

/// The rows of a table whose `year` column is within `a..=b`.
fn filter_years(
    batch: &foedus_dataset::RecordBatch,
    a: i16,
    b: i16,
) -> Result<foedus_dataset::RecordBatch, String> {
    use foedus_dataset::arrow_array::{Array, BooleanArray, Int32Array};
    let col = batch
        .column_by_name("year")
        .ok_or("the table has no year column")?;
    let years = col
        .as_any()
        .downcast_ref::<Int32Array>()
        .ok_or("the year column is not Int32")?;
    let mask: BooleanArray = (0..years.len())
        .map(|i| Some(years.is_valid(i) && (i32::from(a)..=i32::from(b)).contains(&years.value(i))))
        .collect();
    foedus_dataset::arrow_select::filter::filter_record_batch(batch, &mask)
        .map_err(|e| e.to_string())
}

/// The parameters of the similarity panel.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SimilarityQuery {
    /// `csv` (default) or `parquet`.
    #[param(inline)]
    pub format: Option<crate::api::panels::TableFormat>,
    /// First year (default 1816).
    #[param(minimum = 1816, maximum = 2030)]
    pub from: Option<i32>,
    /// Last year (default 2016).
    #[param(minimum = 1816, maximum = 2030)]
    pub to: Option<i32>,
    /// Directed rows, both orders (default false: `ccode1 < ccode2`).
    pub directed: Option<bool>,
    /// Measures, comma-separated (default all): sallyvus, sallyvua, sallybus, sallybua, sallyvwa, sallybwa, pallyv, pallyb, kallyv, kallyb, taub.
    pub measures: Option<String>,
}

/// Alliance portfolio similarity for every dyad-year (S, Scott's pi, Cohen's kappa, Kendall's tau-b), streamed as CSV or Parquet.
#[utoipa::path(get, path = "/api/v1/panels/similarity", tag = "panels", params(SimilarityQuery),
    responses(
        (status = 200, description = "The table", content(
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.apache.parquet"))),
        (status = 400, description = "A bad parameter, named", body = ErrorBody),
        (status = 422, description = "ATOP (or NMC, for weighted measures) is not loaded", body = ErrorBody)))]
async fn similarity_panel(
    State(app): State<Shared>,
    Query(q): Query<SimilarityQuery>,
) -> ApiResult<Response> {
    use foedus_similarity::{Measure, SimilarityError, SimilarityOptions};
    let from = crate::extract::year_param("from", q.from.unwrap_or(1816), 1816, 2030)?;
    let to = crate::extract::year_param("to", q.to.unwrap_or(2016), 1816, 2030)?;
    if from > to {
        return Err(ApiError::param(
            "to",
            format!("the year range {from}–{to} is empty: expected `from` no later than `to`"),
        ));
    }
    let measures: Vec<Measure> = match q.measures.as_deref() {
        None => Measure::ALL.to_vec(),
        Some(m) => m
            .split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(|x| {
                x.parse::<Measure>()
                    .map_err(|e| ApiError::param("measures", e.to_string()))
            })
            .collect::<Result<_, _>>()?,
    };
    if measures.is_empty() {
        return Err(ApiError::param("measures", "expected at least one measure"));
    }
    let options = SimilarityOptions {
        panel: foedus_panel::PanelOptions {
            from,
            to,
            directed: q.directed.unwrap_or(false),
            ..foedus_panel::PanelOptions::default()
        },
        measures,
        ..SimilarityOptions::default()
    };
    let format = q.format.unwrap_or_default();
    let snap = app.snapshot();
    let keep = snap.clone();
    let panel = heavy(&app, move || {
        foedus_similarity::similarity(&snap.registry, &options).map_err(|e| match e {
            SimilarityError::UnknownMeasure(_) => ApiError::param("measures", e.to_string()),
            SimilarityError::YearsOutside { .. } => ApiError::param("from", e.to_string()),
            SimilarityError::Panel(p) => crate::api::panels::panel_error(p),
        })
    })
    .await?;
    Ok(crate::api::panels::stream_table(
        format,
        "similarity",
        move |w, f| {
            let _keep = keep;
            panel.write_to(w, f).map_err(|e| e.to_string())
        },
    ))
}
