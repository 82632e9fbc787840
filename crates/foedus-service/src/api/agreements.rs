//! Agreements: search with the CLI's filters, and one record with its
//! obligations, timeline, status, dates ahead and write history.

use axum::extract::{Path, State};
use axum::response::Response;
use foedus_domain::Agreement;
use foedus_domain::lifecycle::{Basis, Change, History, Status};
use foedus_domain::registry::Registry;
use foedus_query::agreements::{self as query, Filter, FilterInput};
use foedus_query::lifecycles::{Lifecycles, Replayed, record_status, status_text};
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
        .routes(routes!(actions))
        .routes(routes!(history))
        .routes(routes!(recent_history))
}

/// Filters of the agreement list, as `foedus agreement list` takes them.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Text to find: a name or alias, words of a title, a party, or an identifier
    /// (`3215`, a UNTS number); matches are ranked as `/api/v1/search` ranks them.
    pub q: Option<String>,
    /// Only agreements this state is a party to (COW number, abbreviation, ISO alpha-3 or name).
    pub party: Option<String>,
    /// Only agreements this state is also a party to.
    pub partner: Option<String>,
    /// Only agreements of this family (see `/api/v1/meta`).
    pub family: Option<String>,
    /// Only agreements with a directed obligation of this type (see `/api/v1/meta`).
    /// With `owed_to` or `owed_by`, one obligation must match them all: `obligation=defense&owed_to=JPN`
    /// finds the agreements that oblige someone to defend Japan.
    pub obligation: Option<String>,
    /// Only agreements with a directed obligation owed to this state (its beneficiary).
    pub owed_to: Option<String>,
    /// Only agreements with a directed obligation this state owes (its obligor).
    pub owed_by: Option<String>,
    /// Only agreements in force on this date (YYYY-MM-DD or `today`).
    #[param(pattern = r"^([0-9]{4}-[0-9]{2}-[0-9]{2}|today)$")]
    pub in_force: Option<String>,
    /// The date statuses are given on (YYYY-MM-DD or `today`; default: `in_force`, else today).
    #[param(pattern = r"^([0-9]{4}-[0-9]{2}-[0-9]{2}|today)$")]
    pub status_on: Option<String>,
    /// Only bilateral agreements.
    pub bilateral: Option<bool>,
    /// That source's own records (`atop`, `dcad`, `starter`, `registry-edits`, ...),
    /// as it holds them, instead of the reconciled agreements.
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
    /// The source of its best record (its id's).
    pub source: Option<String>,
    /// The sources of every record reconciled into it, best first.
    pub sources: Vec<String>,
    /// How it matched the search text, if there was one (`name: ANZUS`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<String>,
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
    /// Set when that date is past some dataset's last coded day.
    pub coverage: Option<super::coverage::CoverageField>,
    /// The page.
    pub items: Vec<AgreementSummary>,
    /// The address of the next page (also in a `Link` header), or null on the last.
    pub next: Option<String>,
    /// How the matches (all of them, not only this page) divide by family, by
    /// obligation type and by status on `status_on`.
    pub counts: ListCounts,
}

/// Counts of the matches of a list, by facet.
#[derive(Serialize, ToSchema, Default)]
pub struct ListCounts {
    /// Matches per family (an agreement of two families counts in both).
    pub families: std::collections::BTreeMap<String, usize>,
    /// Matches with at least one directed obligation of each type.
    pub obligation_kinds: std::collections::BTreeMap<String, usize>,
    /// Matches per status code.
    pub status: std::collections::BTreeMap<String, usize>,
}

/// The status of the agreement at position `i` on a date.
pub fn status_on(snap: &Snapshot, i: usize, date: Date) -> Result<Status, String> {
    Replayed(snap.histories()).status_on(i, date)
}

/// The summary of the agreement at position `i`, with its status on `date`.
pub fn summary(snap: &Snapshot, i: usize, date: Date) -> AgreementSummary {
    let r = &snap.registry;
    summary_of(
        r,
        &r.agreements()[i],
        status_on(snap, i, date),
        query::sources(r, i),
    )
}

/// The summary of one source's own record, with its status on `date`.
pub fn record_summary(r: &Registry, a: &Agreement, date: Date) -> AgreementSummary {
    let sources = r.origin(&a.id).map(str::to_string).into_iter().collect();
    summary_of(r, a, record_status(a, date), sources)
}

fn summary_of(
    r: &Registry,
    a: &Agreement,
    status: Result<Status, String>,
    sources: Vec<String>,
) -> AgreementSummary {
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
        obligation_kinds: query::obligation_kinds(a)
            .iter()
            .map(|k| k.name().to_string())
            .collect(),
        signed: query::signed(a),
        status: foedus_query::lifecycles::status_code(&status).to_string(),
        status_text: status_text(&status, a.is_binding()),
        binding: a.is_binding(),
        bilateral: a.is_bilateral(),
        source: r.origin(&a.id).map(str::to_string),
        sources,
        matched: None,
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

/// The search text of a request, checked: 1 to 200 characters (absent: no search).
pub fn search_text(param: &'static str, text: Option<&str>) -> Result<Option<String>, ApiError> {
    Ok(query::search_text(param, text)?)
}

/// Search agreements, with the filters of `foedus agreement list`. With
/// `Accept: text/csv`, the page as CSV (one line per agreement).
#[utoipa::path(get, path = "/api/v1/agreements", tag = "agreements", params(ListQuery),
    responses(
        (status = 200, description = "A page of matching agreements; CSV if asked with `Accept: text/csv`", content(
            (AgreementPage = "application/json"),
            (String = "text/csv"))),
        (status = 304, description = "Not modified: the `ETag` sent in `If-None-Match` is current"),
        (status = 400, description = "A bad parameter, named", body = ErrorBody)))]
async fn list(
    State(app): State<Shared>,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
    Query(q): Query<ListQuery>,
) -> ApiResult<Response> {
    let snap = app.snapshot();
    let mut page = blocking(move || list_page(&snap, q)).await?;
    page.next = crate::http::next_page(&uri, page.offset, page.limit, page.total);
    if crate::http::wants_csv(&headers) {
        return Ok(agreements_csv(&page.items));
    }
    Ok(super::coverage::mark(
        crate::http::page_response(&page, page.next.as_deref()),
        page.coverage.as_ref(),
    ))
}

/// A list of agreements as CSV: one line each, lists joined with `;`.
pub fn agreements_csv(items: &[AgreementSummary]) -> Response {
    let rows = items
        .iter()
        .map(|a| {
            vec![
                a.id.clone(),
                a.title.clone(),
                a.short_title.clone().unwrap_or_default(),
                a.parties
                    .iter()
                    .map(|p| p.abbrev.as_str())
                    .collect::<Vec<_>>()
                    .join(";"),
                a.parties
                    .iter()
                    .map(|p| p.ccode.to_string())
                    .collect::<Vec<_>>()
                    .join(";"),
                a.families.join(";"),
                a.obligation_kinds.join(";"),
                a.signed.clone().unwrap_or_default(),
                a.status.clone(),
                a.binding.to_string(),
                a.bilateral.to_string(),
                a.sources.join(";"),
            ]
        })
        .collect();
    crate::http::csv_response(
        "agreements.csv",
        &[
            "id",
            "title",
            "short_title",
            "parties",
            "ccodes",
            "families",
            "obligation_kinds",
            "signed",
            "status",
            "binding",
            "bilateral",
            "sources",
        ],
        rows,
    )
}

fn list_page(snap: &Snapshot, q: ListQuery) -> Result<AgreementPage, ApiError> {
    let r = &snap.registry;
    let limit = limit_param(q.limit, 50, 1000)?;
    let offset = offset_param(q.offset)?;
    let in_force = q
        .in_force
        .as_deref()
        .map(|d| date_param("in_force", d))
        .transpose()?;
    let status_date = match q.status_on.as_deref() {
        Some(d) => date_param("status_on", d)?,
        None => in_force.unwrap_or_else(crate::today),
    };
    let filter = Filter::parse(
        r,
        &FilterInput {
            party: q.party.as_deref(),
            partner: q.partner.as_deref(),
            family: q.family.as_deref(),
            obligation: q.obligation.as_deref(),
            owed_to: q.owed_to.as_deref(),
            owed_by: q.owed_by.as_deref(),
            in_force,
            bilateral: q.bilateral,
            source: q.source.as_deref(),
            text: q.q.as_deref(),
        },
    )?;
    let listed = query::list(r, &Replayed(snap.histories()), &filter, status_date);
    let mut counts = ListCounts::default();
    for l in &listed {
        let a = l.agreement;
        for f in &a.families {
            *counts.families.entry(f.name().to_string()).or_default() += 1;
        }
        let mut kinds: Vec<&str> = a.obligations.iter().map(|o| o.kind.name()).collect();
        kinds.sort();
        kinds.dedup();
        for k in kinds {
            *counts.obligation_kinds.entry(k.to_string()).or_default() += 1;
        }
        let status = foedus_query::lifecycles::status_code(&l.status);
        *counts.status.entry(status.to_string()).or_default() += 1;
    }
    Ok(AgreementPage {
        total: listed.len(),
        offset,
        limit,
        next: None,
        counts,
        status_on: status_date.to_string(),
        coverage: super::coverage::field(
            snap.registry.coverage().past_on(status_date, &[]).as_ref(),
        ),
        items: listed
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|l| {
                let mut sum = summary_of(r, l.agreement, l.status, l.sources);
                sum.matched = l.matched;
                sum
            })
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
    /// That source's own record of the agreement (`atop`), as it holds it.
    pub source: Option<String>,
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
    /// The article or clause that states it, as the record quotes it.
    pub clause: Option<String>,
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
    /// How the agreement was made from its sources: the records reconciled (best
    /// first), every source's names, the fields and events where they differ with
    /// the claim chosen and why, and the amendments applied (absent for one
    /// source's own record: null).
    #[schema(schema_with = super::nullable_object_schema)]
    pub reconciliation: serde_json::Value,
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
    /// Who: the API token's name (the author, for a reviewed draft).
    pub who: String,
    /// Who approved it, for a reviewed draft (null for an admin's direct write).
    pub reviewer: Option<String>,
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
            reviewer: e.reviewer,
            action: e.action,
            summary: e.summary,
            previous_source: e.previous_source,
            diff: serde_json::to_value(e.diff).unwrap_or_default(),
        }
    }
}

/// Builds the detail of the agreement at position `i`.
pub fn detail(snap: &Snapshot, i: usize, at: Date, edits: Vec<HistoryEntry>) -> AgreementDetail {
    let r = &snap.registry;
    let a = &r.agreements()[i];
    let replayed = if at <= crate::state::horizon() {
        snap.histories()[i].clone()
    } else {
        History::replay(a, at).map_err(|e| e.to_string())
    };
    let reconciliation = serde_json::to_value(r.reconciliation(i)).unwrap_or_default();
    detail_of(
        r,
        a,
        replayed,
        summary(snap, i, at),
        reconciliation,
        at,
        edits,
    )
}

/// Builds the detail of one source's own record.
pub fn record_detail(
    r: &Registry,
    a: &Agreement,
    at: Date,
    edits: Vec<HistoryEntry>,
) -> AgreementDetail {
    let replayed = History::replay(a, at.max(crate::state::horizon())).map_err(|e| e.to_string());
    detail_of(
        r,
        a,
        replayed,
        record_summary(r, a, at),
        serde_json::Value::Null,
        at,
        edits,
    )
}

fn detail_of(
    r: &Registry,
    a: &Agreement,
    replayed: Result<History, String>,
    summary: AgreementSummary,
    reconciliation: serde_json::Value,
    at: Date,
    edits: Vec<HistoryEntry>,
) -> AgreementDetail {
    let binding = a.is_binding();
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
            let until = foedus_query::upcoming::until(at);
            let upcoming = foedus_query::upcoming::dates_ahead(h, at, until)
                .into_iter()
                .map(|u| UpcomingEntry {
                    date: u.date.map(|d| d.to_string()),
                    exact: u.exact,
                    text: u.text,
                    basis: u.basis,
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
            clause: o.clause.clone(),
        })
        .collect();
    AgreementDetail {
        record: serde_json::to_value(a).unwrap_or_default(),
        summary,
        at: at.to_string(),
        status,
        obligations,
        clauses: a.clauses.describe(),
        timeline,
        upcoming,
        edits: edits.into_iter().map(EditView::from).collect(),
        lifecycle_error: error,
        reconciliation,
    }
}

/// Finds an agreement's position by its id or any of its records' ids, or 404.
pub fn find(snap: &Snapshot, id: &str) -> Result<usize, ApiError> {
    Ok(query::find(&snap.registry, id)?)
}

/// One agreement: the record, directed obligations, clauses, timeline, status, dates ahead and write history.
#[utoipa::path(get, path = "/api/v1/agreements/{id}", tag = "agreements",
    params(("id" = String, Path, description = "The agreement's foedus id", example = "us-japan-security-treaty-1960"), ShowQuery),
    responses(
        (status = 200, description = "The record and its lifecycle", body = AgreementDetail,
            headers(("ETag" = String, description = "The record's version, for `If-Match` on writes (absent with `source`)"))),
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
    if let Some(source) = &q.source {
        query::record_from(&snap.registry, i, source)?;
    }
    let detail = blocking(move || {
        let edits = app.with_store(|s| s.agreement_history(&id))?;
        let r = &snap.registry;
        let member = q
            .source
            .as_deref()
            .and_then(|source| query::record_from(r, i, source).ok());
        // The version a write to this id replaces (`If-Match`).
        let version = q
            .source
            .is_none()
            .then(|| snap.record(&id).map(crate::version::etag_header))
            .flatten();
        let detail = match member {
            Some(record) => record_detail(r, record, at, edits),
            None => detail(&snap, i, at, edits),
        };
        Ok((version, detail))
    })
    .await?;
    let (version, detail) = detail;
    let mut res = json_ok(&detail);
    if let Some((name, value)) = version {
        res.headers_mut().insert(name, value);
    }
    Ok(res)
}

/// Which record's treaty actions.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ActionsQuery {
    /// That source's own record of the agreement (`starter`), as it holds it.
    pub source: Option<String>,
}

/// One act of one party, as the treaty-action register shows it.
#[derive(Serialize, ToSchema)]
pub struct ActionView {
    /// When (a day, month or year: the precision travels with the date).
    pub date: String,
    /// True if the date is a single known day.
    pub exact: bool,
    /// What, as records name it: `signature`, `domestic_approval`, `consent`,
    /// `deposit`, `exchange_of_instruments`, `reservation`, `declaration`,
    /// `reservation_withdrawal`, `provisional_application`,
    /// `provisional_application_end`, `declines_to_become_party`, `party_leaves`, `notice`.
    pub action: String,
    /// The particulars: the approving body, the means of consent, the depositary,
    /// the kind of notice and its clause.
    pub detail: Option<String>,
    /// The text of a reservation or declaration.
    pub text: Option<String>,
    /// The article a reservation or declaration concerns.
    pub article: Option<String>,
    /// True if the record gives it for every party at once (no party named).
    pub joint: bool,
    /// Where it is in the record (`events[3]`, `notices[0]`).
    pub source: String,
    /// A notice's later steps (suspended, resumed, revoked, objected to).
    #[schema(schema_with = notice_steps)]
    pub steps: serde_json::Value,
    /// The record's note on it (often its source).
    pub note: Option<String>,
}

fn notice_steps() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::PartialSchema;
    utoipa::openapi::ArrayBuilder::new()
        .items(super::NoticeStepDoc::schema())
        .into()
}

/// One party's acts, in date order.
#[derive(Serialize, ToSchema)]
pub struct PartyActionsView {
    /// The party.
    pub party: StateRef,
    /// Its acts.
    pub actions: Vec<ActionView>,
}

/// Every party's treaty actions under one agreement.
#[derive(Serialize, ToSchema)]
pub struct TreatyActionsView {
    /// The agreement's foedus id.
    pub agreement: String,
    /// One entry per party, in the record's order of parties.
    pub parties: Vec<PartyActionsView>,
}

/// The treaty-action register of one agreement, derived from its events and notices.
pub fn actions_view(r: &Registry, a: &Agreement) -> TreatyActionsView {
    let t = foedus_domain::actions::TreatyActions::of(a);
    TreatyActionsView {
        agreement: a.id.to_string(),
        parties: t
            .parties
            .into_iter()
            .map(|p| PartyActionsView {
                party: state_ref(r, p.party),
                actions: p
                    .actions
                    .into_iter()
                    .map(|x| ActionView {
                        date: x.date.to_string(),
                        exact: x.date.earliest() == x.date.latest(),
                        action: x.action.to_string(),
                        detail: x.detail,
                        text: x.text,
                        article: x.article,
                        joint: x.joint,
                        source: x.source,
                        steps: serde_json::to_value(&x.steps).unwrap_or_default(),
                        note: x.note,
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// Each party's treaty actions: signature, domestic approval, the instrument of consent and its deposit or exchange, reservations and declarations with their text, provisional application, notices with their steps.
#[utoipa::path(get, path = "/api/v1/agreements/{id}/actions", tag = "agreements",
    params(("id" = String, Path, description = "The agreement's foedus id", example = "us-japan-security-treaty-1960"), ActionsQuery),
    responses(
        (status = 200, description = "Every party's acts, in date order", body = TreatyActionsView),
        (status = 400, description = "A bad parameter", body = ErrorBody),
        (status = 404, description = "No such agreement, or no record of it from that source", body = ErrorBody)))]
async fn actions(
    State(app): State<Shared>,
    Path(id): Path<String>,
    Query(q): Query<ActionsQuery>,
) -> ApiResult<Response> {
    let snap = app.snapshot();
    let i = find(&snap, &id)?;
    let r = &snap.registry;
    let a = match q.source.as_deref() {
        Some(source) => query::record_from(r, i, source)?,
        None => &r.agreements()[i],
    };
    Ok(json_ok(&actions_view(r, a)))
}

/// The writes made to one agreement through the API, oldest first.
#[utoipa::path(get, path = "/api/v1/agreements/{id}/history", tag = "agreements",
    params(("id" = String, Path, description = "The agreement's foedus id", example = "us-japan-security-treaty-1960")),
    responses(
        (status = 200, description = "Each accepted write: who, when, what changed", body = Vec<EditView>),
        (status = 400, description = "Not an agreement id", body = ErrorBody),
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
