//! COW major powers: `cowmaj` (state-years), `cowmaj1`, `cowmaj2` (dyad-years).

use jiff::civil::Date;

use foedus_domain::contents::Contents;
use foedus_domain::registry::Registry;

use super::member_years::MemberYears;
use super::{Columns, Variables, coverage, ints, require};
use crate::{DyadYears, PanelError, StateYears, YearMembers};

/// 1 if the state was a COW major power on some day of the year; missing outside the data's years.
pub struct Majors;

const SOURCE: &str = "cow-majors";

/// Each member-year's status.
fn member_years(registry: &Registry, years: &[YearMembers]) -> MemberYears {
    let span = coverage(registry, SOURCE);
    let mut status = Vec::with_capacity(years.iter().map(|y| y.members.len()).sum());
    for y in years {
        let covered = span.is_some_and(|(a, b)| a <= y.year && y.year <= b);
        let (jan1, dec31) = (
            Date::new(y.year, 1, 1).expect("year in range"),
            Date::new(y.year, 12, 31).expect("year in range"),
        );
        status.extend(y.members.iter().map(|m| {
            let c = m.ccode?;
            covered.then(|| {
                i32::from(
                    registry
                        .major_powers()
                        .iter()
                        .any(|s| s.ccode.0 == c && s.start <= dec31 && s.end >= jan1),
                )
            })
        }));
    }
    MemberYears::new(&["cowmaj"], years, vec![ints(status)])
}

impl Variables for Majors {
    fn name(&self) -> &'static str {
        "majors"
    }

    fn needs(&self) -> Contents {
        Contents::nothing().with_major_powers()
    }

    fn sources(&self) -> &'static [&'static str] {
        &[SOURCE]
    }

    fn state_years(
        &self,
        registry: &Registry,
        panel: &StateYears,
    ) -> Result<Box<dyn Columns<StateYears>>, PanelError> {
        require(registry, "--add majors", SOURCE)?;
        Ok(Box::new(member_years(registry, &panel.system_years.years)))
    }

    fn dyad_years(
        &self,
        registry: &Registry,
        panel: &DyadYears,
    ) -> Result<Box<dyn Columns<DyadYears>>, PanelError> {
        require(registry, "--add majors", SOURCE)?;
        Ok(Box::new(member_years(registry, &panel.system_years.years)))
    }
}
