//! Calendar feeds: a token's notice deadlines as a subscribable iCalendar URL.
//!
//! `GET /api/v1/feeds/{feed}.ics?party=JPN&kind=non_renewal_deadline` serves the
//! calendar the `/api/v1/calendar` endpoint gives as ICS, filtered the same way.
//! Calendar programs cannot send an `Authorization` header, so the URL is the
//! credential: `{feed}` is derived one-way from the stored hash of an API token
//! ([`crate::tokens::feed_id`]), never the token itself, because calendar clients
//! and proxies write URLs into logs. The feed works on a `--private` server (the
//! feed id stands for the token) and stops working when its token is revoked.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{Shared, blocking, resolve_state};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::Query;

/// How often a subscribed calendar should fetch the feed again (RFC 7986
/// `REFRESH-INTERVAL`, and the older `X-PUBLISHED-TTL`).
pub const REFRESH: &str = "PT6H";

/// How far back a feed reaches, in days: a deadline just passed stays visible.
pub const PAST_DAYS: i32 = 90;

/// This area's routes.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new().routes(routes!(feed))
}

/// The filters of a feed.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// Only agreements of this state (COW number, abbreviation, ISO alpha-3 or name).
    pub party: Option<String>,
    /// Only dates of these kinds, comma-separated, as `/api/v1/calendar` takes them
    /// (`non_renewal_deadline,expiry`).
    pub kind: Option<String>,
}

/// Inserts the refresh hints after the calendar's `METHOD` line.
fn subscribable(ics: String) -> String {
    let hints =
        format!("REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}\r\nX-PUBLISHED-TTL:{REFRESH}\r\n");
    match ics.find("METHOD:PUBLISH\r\n") {
        Some(at) => {
            let at = at + "METHOD:PUBLISH\r\n".len();
            format!("{}{hints}{}", &ics[..at], &ics[at..])
        }
        None => ics,
    }
}

/// A token's calendar feed (iCalendar, RFC 5545): the notice deadlines and other treaty dates from 90 days ago to two years ahead, filtered by party and kind. The URL is the credential (no `Authorization` header): `foedus token feed --name NAME` prints it; it stops working when the token is revoked.
#[utoipa::path(get, path = "/api/v1/feeds/{feed}", tag = "scenarios",
    params(("feed" = String, Path, description = "The feed id and `.ics`, as `foedus token feed` prints it",
        pattern = r"^[0-9a-f]{32}\.ics$", example = "0123456789abcdef0123456789abcdef.ics"), FeedQuery),
    responses(
        (status = 200, description = "The calendar, subscribable", content((String = "text/calendar"))),
        (status = 400, description = "A bad parameter, named", body = ErrorBody),
        (status = 404, description = "No such feed: unknown, or its token was revoked", body = ErrorBody)))]
async fn feed(
    State(app): State<Shared>,
    Path(feed): Path<String>,
    Query(q): Query<FeedQuery>,
) -> ApiResult<Response> {
    let unknown = || {
        ApiError::not_found(
            "no such calendar feed: the address is wrong, or its token was revoked (`foedus token feed --name NAME` prints a token's feed)",
        )
    };
    let id = feed.strip_suffix(".ics").ok_or_else(unknown)?.to_string();
    if !crate::tokens::is_feed_id(&id) {
        return Err(unknown());
    }
    let lookup = app.clone();
    let owner = blocking(move || {
        let tokens = lookup.with_store(|s| s.active_token_hashes())?;
        Ok(tokens
            .into_iter()
            .find(|(_, hash)| crate::tokens::same(&crate::tokens::feed_id(hash), &id))
            .map(|(t, _)| t.name))
    })
    .await?;
    let Some(owner) = owner else {
        return Err(unknown());
    };
    let snap = app.snapshot();
    let party = q
        .party
        .as_deref()
        .map(|p| resolve_state(&snap.registry, "party", p))
        .transpose()?;
    let kinds = super::analyses::calendar_kinds(q.kind.as_deref())?;
    let today = crate::today();
    let from = today
        .checked_sub(jiff::Span::new().days(PAST_DAYS))
        .unwrap_or(today);
    let until = foedus_scenario::calendar::default_until(today);
    let cal = blocking(move || {
        foedus_scenario::calendar(&snap.registry, from, until, party)
            .map(|c| c.only_kinds(&kinds))
            .map_err(|e| ApiError::internal("the calendar feed", e))
    })
    .await?;
    let text = subscribable(foedus_scenario::ics::to_ics(&cal, jiff::Timestamp::now()));
    let mut res = text.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    // The answer belongs to one token: shared caches must not keep it.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private"));
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("inline; filename=\"foedus-{owner}.ics\""))
            .unwrap_or_else(|_| HeaderValue::from_static("inline")),
    );
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_hints_follow_the_method_line() {
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n";
        assert_eq!(
            subscribable(ics.into()),
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:PUBLISH\r\nREFRESH-INTERVAL;VALUE=DURATION:PT6H\r\nX-PUBLISHED-TTL:PT6H\r\nEND:VCALENDAR\r\n"
        );
    }
}
