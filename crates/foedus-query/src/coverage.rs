//! Which years the loaded data let an analysis cover.

use foedus_domain::registry::Registry;

use crate::error::QueryError;

/// The years alliance networks can cover: ATOP's years within the COW state
/// system's (from 1816). Names what is missing when either is not loaded.
///
/// The system's memberships are carried forward past its last coded year, so
/// ATOP's last year (or `today`'s) bounds the networks, not the system's.
pub fn network_years(
    registry: &Registry,
    today: jiff::civil::Date,
) -> Result<(i16, i16), QueryError> {
    const WHAT: &str = "alliance networks";
    let atop = registry
        .source("atop")
        .and_then(|s| s.span)
        .ok_or(QueryError::NotLoaded {
            what: WHAT,
            source_name: "atop",
        })?;
    let system = registry
        .source("cow-states")
        .and_then(|s| s.span)
        .ok_or(QueryError::NoStateSystem { what: WHAT })?;
    let from = atop.0.max(system.0).max(1816);
    let to = atop.1.min(today.year());
    if from > to {
        return Err(QueryError::NoOverlap {
            what: WHAT,
            a: "atop",
            a_years: format!("{}–{}", atop.0, atop.1),
            b: "cow-states",
            b_years: format!("{}–{}", system.0, system.1),
        });
    }
    Ok((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_without_atop_or_the_state_system_name_what_is_missing() {
        let r = crate::tests::starter();
        let e = network_years(&r, jiff::civil::date(2026, 1, 1)).unwrap_err();
        assert!(e.is_missing_data(), "{e:?}");
        assert!(!e.to_string().contains("foedus"), "{e}");
        assert!(e.to_string().contains("atop") || e.to_string().contains("COW"));
    }
}
