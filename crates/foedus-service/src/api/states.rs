//! States: list and search, and one state with its memberships, its commitments
//! over time and its partners on a date.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::response::Response;
use foedus_domain::lifecycle::Status;
use foedus_domain::registry::{Registry, StateIx};
use foedus_domain::state::System;
use foedus_query::lifecycles::{Replayed, status_code, status_text};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::agreements::{limit_param, status_on};
use super::{Shared, StateDoc, StateRef, blocking, json_ok, state_ref};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Query, date_param};
use crate::state::Snapshot;

/// This area's routes, with their OpenAPI descriptions.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(show))
}

/// Filters of the state list.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Words to find in the name, abbreviation, ISO code or COW number.
    pub q: Option<String>,
    /// Only states that are system members on this date (YYYY-MM-DD or `today`).
    #[param(pattern = r"^([0-9]{4}-[0-9]{2}-[0-9]{2}|today)$")]
    pub member_on: Option<String>,
    /// The state system for `member_on`: `cow` (default) or `gw`.
    #[param(inline)]
    pub system: Option<SystemParam>,
    /// At most this many (1–1000; default 300).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
    /// Skip this many (0–10000000).
    #[param(minimum = 0, maximum = 10000000)]
    pub offset: Option<u32>,
}

/// A state system.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SystemParam {
    /// Correlates of War.
    Cow,
    /// Gleditsch–Ward.
    Gw,
}

impl From<SystemParam> for System {
    fn from(s: SystemParam) -> System {
        match s {
            SystemParam::Cow => System::Cow,
            SystemParam::Gw => System::Gw,
        }
    }
}

/// A state in a list.
#[derive(Serialize, ToSchema)]
pub struct StateSummary {
    /// COW code (absent for states only in Gleditsch–Ward).
    pub ccode: Option<u16>,
    /// Gleditsch–Ward code.
    pub gwcode: Option<u16>,
    /// Abbreviation.
    pub abbrev: String,
    /// ISO alpha-3.
    pub iso3: Option<String>,
    /// Name.
    pub name: String,
    /// A COW system member today.
    pub member_today: bool,
    /// Agreements it is a party to.
    pub agreements: usize,
    /// Of which in force today.
    pub in_force_today: usize,
}

/// A page of states.
#[derive(Serialize, ToSchema)]
pub struct StatePage {
    /// Matches in all.
    pub total: usize,
    /// The page.
    pub items: Vec<StateSummary>,
    /// The address of the next page (also in a `Link` header), or null on the last.
    pub next: Option<String>,
}

/// The positions of states matching a text, best first (exact codes, then names).
pub fn matching_states(r: &Registry, text: &str) -> Vec<StateIx> {
    foedus_query::matching_states(r, text)
}

/// The summary of a state.
pub fn state_summary(snap: &Snapshot, ix: StateIx, today: Date) -> StateSummary {
    let r = &snap.registry;
    let s = r.state(ix);
    let (mut n, mut live) = (0, 0);
    if let Some(c) = s.ccode {
        for (i, a) in r.agreements().iter().enumerate() {
            if a.has_party(c) {
                n += 1;
                if matches!(status_on(snap, i, today), Ok(Status::InForce)) {
                    live += 1;
                }
            }
        }
    }
    StateSummary {
        ccode: s.ccode.map(|c| c.0),
        gwcode: s.gwcode.map(|g| g.0),
        abbrev: s.abbrev.clone(),
        iso3: s.iso3.clone().or_else(|| {
            s.ccode
                .and_then(|c| c.known())
                .and_then(|k| k.iso3.map(str::to_string))
        }),
        name: s.name.clone(),
        member_today: s.member_on(System::Cow, today),
        agreements: n,
        in_force_today: live,
    }
}

/// List or search states. With `Accept: text/csv`, the page as CSV.
#[utoipa::path(get, path = "/api/v1/states", tag = "states", params(ListQuery),
    responses(
        (status = 200, description = "A page of states; CSV if asked with `Accept: text/csv`", content(
            (StatePage = "application/json"),
            (String = "text/csv"))),
        (status = 304, description = "Not modified: the `ETag` sent in `If-None-Match` is current"),
        (status = 400, description = "A bad parameter, named", body = ErrorBody)))]
async fn list(
    State(app): State<Shared>,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let limit = limit_param(q.limit, 300, 1000)?;
    let offset = super::agreements::offset_param(q.offset)?;
    let on = q
        .member_on
        .as_deref()
        .map(|d| date_param("member_on", d))
        .transpose()?;
    if q.q.as_deref().is_some_and(|t| t.chars().count() > 100) {
        return Err(ApiError::param("q", "expected at most 100 characters"));
    }
    let system: System = q.system.unwrap_or(SystemParam::Cow).into();
    let snap = app.snapshot();
    let page = blocking(move || {
        let r = &snap.registry;
        let mut ixs: Vec<StateIx> = match q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(t) => matching_states(r, t),
            None => (0..r.states().len()).map(|i| StateIx(i as u32)).collect(),
        };
        if let Some(d) = on {
            ixs.retain(|&ix| r.state(ix).member_on(system, d));
        }
        let today = crate::today();
        Ok(StatePage {
            total: ixs.len(),
            next: crate::http::next_page(&uri, offset, limit, ixs.len()),
            items: ixs
                .into_iter()
                .skip(offset)
                .take(limit)
                .map(|ix| state_summary(&snap, ix, today))
                .collect(),
        })
    })
    .await?;
    if crate::http::wants_csv(&headers) {
        let rows = page
            .items
            .iter()
            .map(|s| {
                vec![
                    s.name.clone(),
                    s.abbrev.clone(),
                    s.ccode.map(|c| c.to_string()).unwrap_or_default(),
                    s.gwcode.map(|c| c.to_string()).unwrap_or_default(),
                    s.iso3.clone().unwrap_or_default(),
                    s.member_today.to_string(),
                    s.agreements.to_string(),
                    s.in_force_today.to_string(),
                ]
            })
            .collect();
        return Ok(crate::http::csv_response(
            "states.csv",
            &[
                "name",
                "stateabb",
                "ccode",
                "gwcode",
                "iso3",
                "member_today",
                "agreements",
                "in_force_today",
            ],
            rows,
        ));
    }
    Ok(crate::http::page_response(&page, page.next.as_deref()))
}

/// The date of one state's view.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ShowQuery {
    /// The date for partners and statuses (YYYY-MM-DD or `today`; default today).
    #[param(pattern = r"^([0-9]{4}-[0-9]{2}-[0-9]{2}|today)$")]
    pub on: Option<String>,
}

/// One of a state's agreements over time.
#[derive(Serialize, ToSchema)]
pub struct Commitment {
    /// The agreement.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The other parties.
    pub partners: Vec<StateRef>,
    /// Families.
    pub families: Vec<String>,
    /// Obligation types this state owes.
    pub owes: Vec<String>,
    /// Obligation types owed to this state.
    pub owed: Vec<String>,
    /// Entry into force (or coming into effect).
    pub from: Option<String>,
    /// Termination.
    pub until: Option<String>,
    /// Status code on the date asked.
    pub status: String,
    /// Status in words on the date asked.
    pub status_text: String,
    /// Source.
    pub source: Option<String>,
}

/// A partner on the date asked, with what binds the two.
#[derive(Serialize, ToSchema)]
pub struct Partner {
    /// The partner.
    pub state: StateRef,
    /// The agreements in force between them on the date.
    pub agreements: Vec<String>,
    /// Obligation types this state owes the partner.
    pub owes: Vec<String>,
    /// Obligation types the partner owes this state.
    pub owed: Vec<String>,
    /// Families of those agreements.
    pub families: Vec<String>,
}

/// One state with its memberships, commitments over time and partners.
#[derive(Serialize, ToSchema)]
pub struct StateDetail {
    /// The state and its membership spells.
    #[schema(schema_with = state_doc)]
    pub state: serde_json::Value,
    /// Its summary.
    pub summary: StateRef,
    /// The date asked.
    pub on: String,
    /// A COW system member on that date.
    pub member_on: bool,
    /// The day from which that membership is carried forward past its source's
    /// last coded day (right-censored), if it is.
    pub member_carried_forward_from: Option<String>,
    /// Set when the date is past some dataset's last coded day.
    pub coverage: Option<super::coverage::CoverageField>,
    /// Every agreement it is a party to, by date of entry into force.
    pub commitments: Vec<Commitment>,
    /// Partners with agreements in force on the date.
    pub partners: Vec<Partner>,
    /// Agreements in force, per year, by family group (for its commitments over time).
    #[schema(schema_with = super::object_schema)]
    pub in_force_by_year: BTreeMap<i16, usize>,
}

fn state_doc() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::PartialSchema;
    StateDoc::schema()
}

/// One state: codes, membership spells, commitments over time, partners on a date.
#[utoipa::path(get, path = "/api/v1/states/{code}", tag = "states",
    params(("code" = String, Path, description = "COW number, COW abbreviation, ISO alpha-3 code or name", example = "JPN"), ShowQuery),
    responses(
        (status = 200, description = "The state", body = StateDetail),
        (status = 400, description = "A bad parameter", body = ErrorBody),
        (status = 404, description = "No such state", body = ErrorBody)))]
async fn show(
    State(app): State<Shared>,
    Path(code): Path<String>,
    Query(q): Query<ShowQuery>,
) -> ApiResult<Response> {
    let on =
        q.on.as_deref()
            .map(|d| date_param("on", d))
            .transpose()?
            .unwrap_or_else(crate::today);
    let snap = app.snapshot();
    let detail = blocking(move || state_detail(&snap, &code, on)).await?;
    Ok(super::coverage::mark(
        json_ok(&detail),
        detail.coverage.as_ref(),
    ))
}

fn state_detail(snap: &Snapshot, code: &str, on: Date) -> Result<StateDetail, ApiError> {
    let r = &snap.registry;
    let c = foedus_query::resolve_state(r, code)
        .map_err(|e| ApiError::not_found(e.to_string()).field("code"))?;
    let Some(s) = foedus_query::state::state_of(r, c) else {
        return Err(ApiError::not_found(format!(
            "no state {} in the registry",
            foedus_domain::quote::quote(code)
        ))
        .field("code"));
    };
    let Some(c) = s.ccode else {
        return Ok(StateDetail {
            state: serde_json::to_value(&s).unwrap_or_default(),
            summary: StateRef {
                ccode: 0,
                abbrev: s.abbrev.clone(),
                name: s.name.clone(),
                iso3: s.iso3.clone(),
            },
            on: on.to_string(),
            member_on: false,
            member_carried_forward_from: None,
            coverage: super::coverage::field(r.coverage().past_on(on, &[]).as_ref()),
            commitments: vec![],
            partners: vec![],
            in_force_by_year: BTreeMap::new(),
        });
    };
    let found = foedus_query::commitments(r, &Replayed(snap.histories()), c, on, crate::today());
    let names = |v: &[foedus_domain::obligation::ObligationKind]| -> Vec<String> {
        v.iter().map(|k| k.name().to_string()).collect()
    };
    let families = |v: &[foedus_domain::agreement::Family]| -> Vec<String> {
        v.iter().map(|f| f.name().to_string()).collect()
    };
    Ok(StateDetail {
        state: serde_json::to_value(&s).unwrap_or_default(),
        summary: state_ref(r, c),
        on: on.to_string(),
        member_on: s.member_on(System::Cow, on),
        member_carried_forward_from: s
            .spell_on(System::Cow, on)
            .and_then(|m| m.carried_forward_from)
            .map(|d| d.to_string()),
        coverage: super::coverage::field(r.coverage().past_on(on, &[]).as_ref()),
        commitments: found
            .commitments
            .iter()
            .map(|x| Commitment {
                id: x.id.clone(),
                title: x.title.clone(),
                partners: x.partners.iter().map(|p| state_ref(r, *p)).collect(),
                families: families(&x.families),
                owes: names(&x.owes),
                owed: names(&x.owed),
                from: x.from.map(|d| d.to_string()),
                until: x.until.map(|d| d.to_string()),
                status: status_code(&x.status).to_string(),
                status_text: status_text(&x.status, x.binding),
                source: x.source.clone(),
            })
            .collect(),
        partners: found
            .partners
            .iter()
            .map(|p| Partner {
                state: state_ref(r, p.state),
                agreements: p.agreements.clone(),
                owes: names(&p.owes),
                owed: names(&p.owed),
                families: families(&p.families),
            })
            .collect(),
        in_force_by_year: found.in_force_by_year,
    })
}
