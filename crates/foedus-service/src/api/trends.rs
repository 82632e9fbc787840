//! Trends for the charts: agreements in force per year by family and by
//! obligation type, and defense cooperation agreements by category.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::Response;
use foedus_domain::agreement::{Family, FamilyGroup};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{Shared, blocking, json_ok};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Query, year_param};
use crate::state::Snapshot;

/// This area's routes, with their OpenAPI descriptions.
pub fn routes() -> OpenApiRouter<Shared> {
    OpenApiRouter::new().routes(routes!(trends))
}

/// The years of the trends.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TrendsQuery {
    /// First year (1816–2100; default 1816).
    #[param(minimum = 1816, maximum = 2100)]
    pub from: Option<i32>,
    /// Last year (1816–2100; default this year).
    #[param(minimum = 1816, maximum = 2100)]
    pub to: Option<i32>,
}

/// Counts per year: one series per name, aligned with `years`.
#[derive(Clone, Serialize, ToSchema)]
pub struct Trends {
    /// The years.
    pub years: Vec<i16>,
    /// Agreements in force (at any time in the year) by family: an agreement of
    /// several families counts in each, so these do not add up to `total`.
    pub by_family: BTreeMap<String, Vec<u32>>,
    /// Agreements in force by main family, each counted once: its first family in
    /// the order of `/api/v1/meta` (mutual defense first), `unclassified` if it has
    /// none. These add up to `total` in every year.
    pub by_main_family: BTreeMap<String, Vec<u32>>,
    /// Agreements in force with at least one obligation of the type, by type.
    pub by_obligation: BTreeMap<String, Vec<u32>>,
    /// Defense cooperation agreements in force by category: `general` (framework DCAs) and each sector.
    pub dca_by_category: BTreeMap<String, Vec<u32>>,
    /// All agreements in force.
    pub total: Vec<u32>,
}

/// The counts for every year the registry holds, computed once per snapshot.
fn all_years(snap: &Snapshot) -> Trends {
    let (lo, hi) = (1816i16, crate::extract::MAX_YEAR.min(2100));
    let n = (hi - lo + 1) as usize;
    let mut by_family: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut by_main: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut by_obligation: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut dca: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut total = vec![0u32; n];
    for (a, h) in snap.registry.agreements().iter().zip(snap.histories()) {
        let Ok(h) = h else { continue };
        let mut years = vec![false; n];
        for (start, end) in h.operative_periods() {
            let y0 = start.earliest().year().max(lo);
            let y1 = end.map_or(hi, |e| e.earliest().year()).min(hi);
            for y in y0..=y1 {
                years[(y - lo) as usize] = true;
            }
        }
        let add = |map: &mut BTreeMap<String, Vec<u32>>, key: &str| {
            let v = map.entry(key.to_string()).or_insert_with(|| vec![0; n]);
            for (i, on) in years.iter().enumerate() {
                if *on {
                    v[i] += 1;
                }
            }
        };
        let main = Family::ALL
            .into_iter()
            .find(|f| a.families.contains(f))
            .map_or("unclassified", Family::name);
        add(&mut by_main, main);
        for f in &a.families {
            add(&mut by_family, f.name());
            match f.group() {
                FamilyGroup::Framework => add(&mut dca, "general"),
                FamilyGroup::Sector => add(&mut dca, f.name()),
                _ => {}
            }
        }
        let mut kinds: Vec<_> = a.obligations.iter().map(|o| o.kind).collect();
        kinds.sort();
        kinds.dedup();
        for k in kinds {
            add(&mut by_obligation, k.name());
        }
        for (i, on) in years.iter().enumerate() {
            if *on {
                total[i] += 1;
            }
        }
    }
    Trends {
        years: (lo..=hi).collect(),
        by_family,
        by_main_family: by_main,
        by_obligation,
        dca_by_category: dca,
        total,
    }
}

/// Agreements in force per year by family and obligation type, and DCAs by category.
#[utoipa::path(get, path = "/api/v1/trends", tag = "agreements", params(TrendsQuery),
    responses(
        (status = 200, description = "Counts per year", body = Trends),
        (status = 400, description = "A bad parameter, named", body = ErrorBody)))]
async fn trends(State(app): State<Shared>, Query(q): Query<TrendsQuery>) -> ApiResult<Response> {
    let from = year_param("from", q.from.unwrap_or(1816), 1816, 2100)?;
    let to = year_param(
        "to",
        q.to.unwrap_or(i32::from(crate::today().year())),
        1816,
        2100,
    )?;
    if from > to {
        return Err(ApiError::param(
            "to",
            format!("the year range {from}–{to} is empty: expected `from` no later than `to`"),
        ));
    }
    let snap = app.snapshot();
    let t = blocking(move || {
        let all = snap
            .cache
            .get_or::<_, std::convert::Infallible>("trends", || Ok(all_years(&snap)))
            .unwrap_or_else(|never| match never {});
        let a = (from - all.years[0]) as usize;
        let b = (to - all.years[0]) as usize + 1;
        let cut = |m: &BTreeMap<String, Vec<u32>>| -> BTreeMap<String, Vec<u32>> {
            m.iter()
                .map(|(k, v)| (k.clone(), v[a..b].to_vec()))
                .collect()
        };
        Ok(Trends {
            years: all.years[a..b].to_vec(),
            by_family: cut(&all.by_family),
            by_main_family: cut(&all.by_main_family),
            by_obligation: cut(&all.by_obligation),
            dca_by_category: cut(&all.dca_by_category),
            total: all.total[a..b].to_vec(),
        })
    })
    .await?;
    Ok(json_ok(&t))
}
