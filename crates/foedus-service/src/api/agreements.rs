//! Agreements: search with the CLI's filters, and one record with its
//! obligations, timeline, status, dates ahead and write history.

use axum::extract::{Path, State};
use axum::response::Response;
use foedus_domain::Agreement;
use foedus_domain::agreement::{EventKind, Family};
use foedus_domain::lifecycle::{Basis, Change, History, Status};
use foedus_domain::obligation::ObligationKind;
use foedus_domain::registry::Registry;
use foedus_store::HistoryEntry;
use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{AgreementDoc, Shared, StateRef, blocking, json_ok, state_ref};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Query, date_param};
use crate::state::Snapshot;

/// This area's routes, with their OpenAPI descriptions.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(show))
        .routes(routes!(history))
        .routes(routes!(recent_history))
}

/// Filters of the agreement list, as `foedus agreement list` takes them.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Words to find in the title, short title, id or identifiers.
    pub q: Option<String>,
    /// Only agreements this state is a party to (COW number, abbreviation, ISO alpha-3 or name).
    pub party: Option<String>,
    /// Only agreements this state is also a party to.
    pub partner: Option<String>,
    /// Only agreements of this family (see `/api/v1/meta`).
    pub family: Option<String>,
    /// Only agreements with a directed obligation of this type (see `/api/v1/meta`).
    pub obligation: Option<String>,
    /// Only agreements in force on this date (YYYY-MM-DD or `today`).
    #[param(pattern = r"^([0-9]{4}-[0-9]{2}-[0-9]{2}|today)$")]
    pub in_force: Option<String>,
    /// The date statuses are given on (YYYY-MM-DD or `today`; default: `in_force`, else today).
    #[param(pattern = r"^([0-9]{4}-[0-9]{2}-[0-9]{2}|today)$")]
    pub status_on: Option<String>,
    /// Only bilateral agreements.
    pub bilateral: Option<bool>,
    /// Only agreements from this source (`atop`, `dcad`, `starter`, `registry-edits`, ...).
    pub source: Option<String>,
    /// At most this many (1–1000; default 50).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<u32>,
    /// Skip this many (0–10000000; default 0).
    #[param(minimum = 0, maximum = 10000000)]
    pub offset: Option<u32>,
}

/// One agreement in a list.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AgreementSummary {
    /// The foedus id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Short title, if any.
    pub short_title: Option<String>,
    /// The parties.
    pub parties: Vec<StateRef>,
    /// Families.
    pub families: Vec<String>,
    /// Obligation types it contains.
    pub obligation_kinds: Vec<String>,
    /// The first signature date (or first event).
    pub signed: Option<String>,
    /// Status code on the date asked (`in_force`, `terminated`, `signed`, ...; `invalid` if the record cannot be replayed).
    pub status: String,
    /// The status in words.
    pub status_text: String,
    /// Legally binding (a treaty) or not (most memoranda).
    pub binding: bool,
    /// Bilateral.
    pub bilateral: bool,
    /// The source it came from.
    pub source: Option<String>,
}

/// A page of agreements.
#[derive(Serialize, ToSchema)]
pub struct AgreementPage {
    /// Matches in all.
    pub total: usize,
    /// Skipped.
    pub offset: usize,
    /// Page size.
    pub limit: usize,
    /// The date statuses are given on.
    pub status_on: String,
    /// The page.
    pub items: Vec<AgreementSummary>,
}

/// The status code of a status.
pub fn status_code(s: &Status) -> &'static str {
    match s {
        Status::NotSigned => "not_signed",
        Status::Signed => "signed",
        Status::ProvisionallyApplied => "provisionally_applied",
        Status::InForce => "in_force",
        Status::Suspended => "suspended",
        Status::Abandoned => "abandoned",
        Status::Terminated { .. } => "terminated",
    }
}

fn signed(a: &Agreement) -> Option<String> {
    a.events
        .iter()
        .find(|e| matches!(e.kind, EventKind::Signature { .. }))
        .or_else(|| a.events.first())
        .map(|e| e.date.to_string())
}

/// The status of the agreement at position `i` on a date.
pub fn status_on(snap: &Snapshot, i: usize, date: Date) -> Result<Status, String> {
    match &snap.histories()[i] {
        Ok(h) if date <= crate::state::horizon() => Ok(h.status_at(date).status),
        Ok(_) => History::replay(&snap.registry.agreements()[i], date)
            .map(|h| h.status_at(date).status)
            .map_err(|e| e.to_string()),
        Err(e) => Err(e.clone()),
    }
}

/// The summary of the agreement at position `i`, with its status on `date`.
pub fn summary(snap: &Snapshot, i: usize, date: Date) -> AgreementSummary {
    let r = &snap.registry;
    let a = &r.agreements()[i];
    let status = status_on(snap, i, date);
    let mut kinds: Vec<ObligationKind> = a.obligations.iter().map(|o| o.kind).collect();
    kinds.sort();
    kinds.dedup();
    AgreementSummary {
        id: a.id.to_string(),
        title: a.title.clone(),
        short_title: a.short_title.clone(),
        parties: a
            .party_states()
            .into_iter()
            .map(|c| state_ref(r, c))
            .collect(),
        families: a.families.iter().map(|f| f.name().to_string()).collect(),
        obligation_kinds: kinds.iter().map(|k| k.name().to_string()).collect(),
        signed: signed(a),
        status: status.as_ref().map_or("invalid", status_code).to_string(),
        status_text: match &status {
            Ok(s) => s.describe(a.is_binding()),
            Err(e) => format!("the record cannot be replayed: {e}"),
        },
        binding: a.is_binding(),
        bilateral: a.is_bilateral(),
        source: r.origin(&a.id).map(str::to_string),
    }
}

/// A page size parameter.
pub fn limit_param(limit: Option<u32>, default: usize, max: usize) -> Result<usize, ApiError> {
    match limit {
        None => Ok(default),
        Some(n) if n >= 1 && n as usize <= max => Ok(n as usize),
        Some(n) => Err(ApiError::param(
            "limit",
            format!("{n} is out of range; expected 1 to {max}"),
        )),
    }
}

/// An offset parameter (at most ten million).
pub fn offset_param(offset: Option<u32>) -> Result<usize, ApiError> {
    match offset {
        None => Ok(0),
        Some(n) if n <= 10_000_000 => Ok(n as usize),
        Some(n) => Err(ApiError::param(
            "offset",
            format!("{n} is out of range; expected 0 to 10000000"),
        )),
    }
}

/// Lower-cased search words.
pub fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_lowercase).collect()
}

/// How well an agreement matches search words: 0 when they are all in its title
/// or id, 1 when some are only in its parties' names or identifiers.
pub fn rank(a: &Agreement, words: &[String]) -> u8 {
    let title = format!(
        "{} {} {}",
        a.id,
        a.title,
        a.short_title.as_deref().unwrap_or("")
    )
    .to_lowercase();
    u8::from(!words.iter().all(|w| title.contains(w.as_str())))
}

/// True if every word appears in the agreement's title, id, identifiers or parties' names.
pub fn text_matches(r: &Registry, a: &Agreement, words: &[String]) -> bool {
    if words.is_empty() {
        return true;
    }
    let mut hay = format!(
        "{} {} {}",
        a.id,
        a.title,
        a.short_title.as_deref().unwrap_or("")
    )
    .to_lowercase();
    if let Some(n) = a.ids.atop {
        hay.push_str(&format!(" atop {n}"));
    }
    if let Some(d) = &a.ids.dcad {
        hay.push_str(&format!(" {}", d.to_lowercase()));
    }
    for c in a.party_states() {
        let s = state_ref(r, c);
        hay.push_str(&format!(
            " {} {}",
            s.abbrev.to_lowercase(),
            s.name.to_lowercase()
        ));
    }
    words.iter().all(|w| hay.contains(w.as_str()))
}

/// Search agreements, with the filters of `foedus agreement list`.
#[utoipa::path(get, path = "/api/v1/agreements", tag = "agreements", params(ListQuery),
    responses(
        (status = 200, description = "A page of matching agreements", body = AgreementPage),
        (status = 400, description = "A bad parameter, named", body = ErrorBody)))]
async fn list(State(app): State<Shared>, Query(q): Query<ListQuery>) -> ApiResult<Response> {
    let snap = app.snapshot();
    let page = blocking(move || list_page(&snap, q)).await?;
    Ok(json_ok(&page))
}

fn list_page(snap: &Snapshot, q: ListQuery) -> Result<AgreementPage, ApiError> {
    let r = &snap.registry;
    let limit = limit_param(q.limit, 50, 1000)?;
    let offset = offset_param(q.offset)?;
    let party = q
        .party
        .as_deref()
        .map(|p| super::resolve_state(r, "party", p))
        .transpose()?;
    let partner = q
        .partner
        .as_deref()
        .map(|p| super::resolve_state(r, "partner", p))
        .transpose()?;
    let family = q
        .family
        .as_deref()
        .map(|f| {
            Family::from_name(f).ok_or_else(|| {
                ApiError::param(
                    "family",
                    format!(
                        "unknown family `{f}`: expected one of {}",
                        Family::ALL.map(|f| f.name()).join(", ")
                    ),
                )
            })
        })
        .transpose()?;
    let kind = q
        .obligation
        .as_deref()
        .map(|k| {
            ObligationKind::from_name(k).ok_or_else(|| {
                ApiError::param(
                    "obligation",
                    format!(
                        "unknown obligation type `{k}`: expected one of {}",
                        ObligationKind::ALL.map(|k| k.name()).join(", ")
                    ),
                )
            })
        })
        .transpose()?;
    let in_force = q
        .in_force
        .as_deref()
        .map(|d| date_param("in_force", d))
        .transpose()?;
    let status_date = match q.status_on.as_deref() {
        Some(d) => date_param("status_on", d)?,
        None => in_force.unwrap_or_else(crate::today),
    };
    if let Some(s) = &q.source
        && !r.has_source(s)
    {
        return Err(ApiError::param(
            "source",
            format!(
                "source `{s}` is not loaded: loaded are {}",
                r.sources()
                    .iter()
                    .map(|s| s.source.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    let words = words(q.q.as_deref().unwrap_or(""));
    if words.iter().map(|w| w.len()).sum::<usize>() > 200 {
        return Err(ApiError::param("q", "expected at most 200 characters"));
    }
    let mut matches = Vec::new();
    for (i, a) in r.agreements().iter().enumerate() {
        if party.is_some_and(|p| !a.has_party(p))
            || partner.is_some_and(|p| !a.has_party(p))
            || family.is_some_and(|f| !a.families.contains(&f))
            || kind.is_some_and(|k| !a.obligations.iter().any(|o| o.kind == k))
            || (q.bilateral == Some(true) && !a.is_bilateral())
            || (q.bilateral == Some(false) && a.is_bilateral())
            || q.source
                .as_deref()
                .is_some_and(|s| r.origin(&a.id) != Some(s))
            || !text_matches(r, a, &words)
        {
            continue;
        }
        if let Some(d) = in_force
            && !matches!(status_on(snap, i, d), Ok(Status::InForce))
        {
            continue;
        }
        matches.push(i);
    }
    if !words.is_empty() {
        let all = r.agreements();
        matches.sort_by_key(|&i| rank(&all[i], &words));
    }
    Ok(AgreementPage {
        total: matches.len(),
        offset,
        limit,
        status_on: status_date.to_string(),
        items: matches
            .iter()
            .skip(offset)
            .take(limit)
            .map(|&i| summary(snap, i, status_date))
            .collect(),
    })
}

/// The date parameter of one record.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ShowQuery {
    /// The date to give the status on (YYYY-MM-DD or `today`; default today).
    #[param(pattern = r"^([0-9]{4}-[0-9]{2}-[0-9]{2}|today)$")]
    pub at: Option<String>,
}

/// One entry of the timeline: recorded or computed.
#[derive(Serialize, ToSchema)]
pub struct TimelineEntry {
    /// When (a day, month or year: the precision travels with the date).
    pub date: String,
    /// True if the date is a single known day.
    pub exact: bool,
    /// What happened, in words.
    pub text: String,
    /// `recorded` (in the record) or `computed` (by the engine from a rule).
    pub basis: String,
    /// The rule and article, for computed entries; the record path for recorded ones.
    pub source: String,
    /// The status after it, in words.
    pub status_after: String,
    /// The change as the engine gives it.
    #[schema(schema_with = super::object_schema)]
    pub change: serde_json::Value,
}

/// A date ahead.
#[derive(Serialize, ToSchema)]
pub struct UpcomingEntry {
    /// When (absent for what awaits an act rather than a date).
    pub date: Option<String>,
    /// True if the date is a single known day; false for a bound.
    pub exact: bool,
    /// What, in words.
    pub text: String,
    /// How it was computed: the rule and article.
    pub basis: String,
    /// The item as the engine gives it.
    #[schema(schema_with = super::object_schema)]
    pub kind: serde_json::Value,
}

/// A directed obligation with its parties named.
#[derive(Serialize, ToSchema)]
pub struct ObligationView {
    /// Who owes.
    pub obligor: StateRef,
    /// To whom.
    pub beneficiary: StateRef,
    /// The type.
    pub kind: String,
    /// Its conditions (casus foederis), in the record format.
    #[schema(schema_with = super::objects_schema)]
    pub conditions: serde_json::Value,
    /// From (if narrower than the agreement).
    pub from: Option<String>,
    /// Until (if narrower than the agreement).
    pub until: Option<String>,
    /// Suspended on the date asked (e.g. the US toward New Zealand under ANZUS from 1986).
    pub suspended: bool,
}

/// One record with everything about it.
#[derive(Serialize, ToSchema)]
pub struct AgreementDetail {
    /// The record, in the record format.
    #[schema(schema_with = agreement_ref)]
    pub record: serde_json::Value,
    /// The summary on the date asked.
    pub summary: AgreementSummary,
    /// The date asked.
    pub at: String,
    /// The status on that date as the engine gives it (with alternatives for partial dates, the term's end, suspended pairs and notices).
    #[schema(schema_with = super::object_schema)]
    pub status: serde_json::Value,
    /// The directed obligations, with the parties named.
    pub obligations: Vec<ObligationView>,
    /// The clauses in words (entry into force, duration, renewal, withdrawal).
    pub clauses: Vec<String>,
    /// The whole life, recorded and computed, in date order.
    pub timeline: Vec<TimelineEntry>,
    /// The dates ahead over the next 30 years, computed.
    pub upcoming: Vec<UpcomingEntry>,
    /// The writes made through the API, oldest first.
    pub edits: Vec<EditView>,
    /// Why the lifecycle could not be replayed, if it could not.
    pub lifecycle_error: Option<String>,
}

fn agreement_ref() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::PartialSchema;
    AgreementDoc::schema()
}

/// One write, as the history keeps it.
#[derive(Serialize, ToSchema)]
pub struct EditView {
    /// Sequence number.
    pub seq: i64,
    /// The agreement.
    pub agreement_id: String,
    /// When (UTC).
    pub at: String,
    /// Who: the API token's name.
    pub who: String,
    /// `create`, `update`, `event`, `notice`, `notice_step`.
    pub action: String,
    /// One line on what changed.
    pub summary: String,
    /// The source that held the record before.
    pub previous_source: Option<String>,
    /// Each changed value: `{path, before, after}`.
    #[schema(schema_with = super::objects_schema)]
    pub diff: serde_json::Value,
}

impl From<HistoryEntry> for EditView {
    fn from(e: HistoryEntry) -> Self {
        EditView {
            seq: e.seq,
            agreement_id: e.agreement_id,
            at: e.at,
            who: e.who,
            action: e.action,
            summary: e.summary,
            previous_source: e.previous_source,
            diff: serde_json::to_value(e.diff).unwrap_or_default(),
        }
    }
}

fn describe_upcoming(kind: &foedus_domain::lifecycle::UpcomingKind) -> String {
    use foedus_domain::lifecycle::UpcomingKind as K;
    match kind {
        K::EntryIntoForce => "entry into force".into(),
        K::Expiry => "expires at the end of its term".into(),
        K::TacitRenewal => "renewed tacitly for a further period".into(),
        K::NonRenewalDeadline { renewal } => {
            format!("last day to give notice against the renewal of {renewal}")
        }
        K::TermEnds => "initial term ends; continues until notice".into(),
        K::NoticeOpens => "a party may give notice from this day".into(),
        K::NoticeTakesEffect { notice, party } => {
            format!("notice #{notice} by {} takes effect", party.label())
        }
        K::ConsentPending { party, signed } => {
            format!(
                "{} signed {signed}; its consent to be bound is pending",
                party.label()
            )
        }
        K::ProvisionalApplicationEnds => "provisional application ends on entry into force".into(),
        K::ConciliationAvailable { notice } => {
            format!("conciliation available on notice #{notice} (art 66)")
        }
        K::ObjectionDeadline { notice } => {
            format!("last day to object to notice #{notice} (art 65(2))")
        }
        K::Other { change } => change.to_string(),
    }
}

/// Builds the detail of one record.
pub fn detail(snap: &Snapshot, i: usize, at: Date, edits: Vec<HistoryEntry>) -> AgreementDetail {
    let r = &snap.registry;
    let a = &r.agreements()[i];
    let binding = a.is_binding();
    let replayed = if at <= crate::state::horizon() {
        snap.histories()[i].clone()
    } else {
        History::replay(a, at).map_err(|e| e.to_string())
    };
    let (status, timeline, upcoming, error) = match &replayed {
        Ok(h) => {
            let st = h.status_at(at);
            // Computed renewals run to the horizon: show the life up to 30 years past
            // the later of today and the date asked (the dates ahead are in `upcoming`).
            let shown_until = at.max(crate::today()).saturating_add(30.years());
            let timeline = h
                .transitions()
                .iter()
                .filter(|t| t.date.earliest() <= shown_until)
                .take(500)
                .map(|t| TimelineEntry {
                    date: t.date.to_string(),
                    exact: t.date.is_exact(),
                    text: t.change.describe(binding),
                    basis: match &t.basis {
                        Basis::Recorded { .. } => "recorded".into(),
                        Basis::Computed { .. } => "computed".into(),
                    },
                    source: match &t.basis {
                        Basis::Recorded { subject } => subject.path(),
                        Basis::Computed { rule } => rule.clone(),
                    },
                    status_after: t.status.describe(binding),
                    change: serde_json::to_value(&t.change).unwrap_or_default(),
                })
                .collect::<Vec<_>>();
            let until = at.saturating_add(30.years());
            let upcoming = h
                .upcoming(at, until)
                .into_iter()
                .map(|u| UpcomingEntry {
                    date: u.date.map(|d| d.to_string()),
                    exact: u.is_exact(),
                    text: describe_upcoming(&u.kind),
                    basis: u.basis.clone(),
                    kind: serde_json::to_value(&u.kind).unwrap_or_default(),
                })
                .collect();
            (
                serde_json::to_value(&st).unwrap_or_default(),
                timeline,
                upcoming,
                None,
            )
        }
        Err(e) => (serde_json::Value::Null, vec![], vec![], Some(e.clone())),
    };
    let st = replayed.as_ref().ok().map(|h| h.status_at(at));
    let obligations = a
        .obligations
        .iter()
        .map(|o| ObligationView {
            obligor: state_ref(r, o.obligor),
            beneficiary: state_ref(r, o.beneficiary),
            kind: o.kind.name().to_string(),
            conditions: serde_json::to_value(&o.conditions).unwrap_or_default(),
            from: o.from.map(|d| d.to_string()),
            until: o.until.map(|d| d.to_string()),
            suspended: st
                .as_ref()
                .is_some_and(|s| s.obligations_suspended(o.obligor, o.beneficiary)),
        })
        .collect();
    AgreementDetail {
        record: serde_json::to_value(a).unwrap_or_default(),
        summary: summary(snap, i, at),
        at: at.to_string(),
        status,
        obligations,
        clauses: a.clauses.describe(),
        timeline,
        upcoming,
        edits: edits.into_iter().map(EditView::from).collect(),
        lifecycle_error: error,
    }
}

/// Finds an agreement's position, or 404.
pub fn find(snap: &Snapshot, id: &str) -> Result<usize, ApiError> {
    snap.position(id).ok_or_else(|| {
        ApiError::not_found(format!(
            "no agreement `{}` in the registry (search with /api/v1/agreements?q=...)",
            id.chars().take(80).collect::<String>()
        ))
        .field("id")
    })
}

/// One agreement: the record, directed obligations, clauses, timeline, status, dates ahead and write history.
#[utoipa::path(get, path = "/api/v1/agreements/{id}", tag = "agreements",
    params(("id" = String, Path, description = "The agreement's foedus id", example = "us-japan-security-treaty-1960"), ShowQuery),
    responses(
        (status = 200, description = "The record and its lifecycle", body = AgreementDetail),
        (status = 400, description = "A bad parameter", body = ErrorBody),
        (status = 404, description = "No such agreement", body = ErrorBody)))]
async fn show(
    State(app): State<Shared>,
    Path(id): Path<String>,
    Query(q): Query<ShowQuery>,
) -> ApiResult<Response> {
    let at =
        q.at.as_deref()
            .map(|d| date_param("at", d))
            .transpose()?
            .unwrap_or_else(crate::today);
    let snap = app.snapshot();
    let i = find(&snap, &id)?;
    let detail = blocking(move || {
        let edits = app.with_store(|s| s.agreement_history(&id))?;
        Ok(detail(&snap, i, at, edits))
    })
    .await?;
    Ok(json_ok(&detail))
}

/// The writes made to one agreement through the API, oldest first.
#[utoipa::path(get, path = "/api/v1/agreements/{id}/history", tag = "agreements",
    params(("id" = String, Path, description = "The agreement's foedus id", example = "us-japan-security-treaty-1960")),
    responses(
        (status = 200, description = "Each accepted write: who, when, what changed", body = Vec<EditView>),
        (status = 404, description = "No such agreement", body = ErrorBody)))]
async fn history(State(app): State<Shared>, Path(id): Path<String>) -> ApiResult<Response> {
    let snap = app.snapshot();
    find(&snap, &id)?;
    let edits = blocking(move || Ok(app.with_store(|s| s.agreement_history(&id))?)).await?;
    Ok(json_ok(
        &edits.into_iter().map(EditView::from).collect::<Vec<_>>(),
    ))
}

/// Page size of the recent history.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RecentQuery {
    /// At most this many (1–500; default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
}

/// The latest writes across the registry, newest first.
#[utoipa::path(get, path = "/api/v1/history", tag = "agreements", params(RecentQuery),
    responses(
        (status = 200, description = "The latest accepted writes", body = Vec<EditView>),
        (status = 400, description = "A bad parameter", body = ErrorBody)))]
async fn recent_history(
    State(app): State<Shared>,
    Query(q): Query<RecentQuery>,
) -> ApiResult<Response> {
    let limit = limit_param(q.limit, 50, 500)?;
    let edits = blocking(move || Ok(app.with_store(|s| s.recent_history(limit))?)).await?;
    Ok(json_ok(
        &edits.into_iter().map(EditView::from).collect::<Vec<_>>(),
    ))
}

/// True for a recorded change that ends an agreement.
pub fn is_end(c: &Change) -> bool {
    matches!(c, Change::Terminated { .. })
}
