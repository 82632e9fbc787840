//! COW major powers: `cowmaj` (state-years), `cowmaj1`, `cowmaj2` (dyad-years).

use std::ops::Range;

use jiff::civil::Date;

use foedus_dataset::Field;
use foedus_dataset::arrow_array::ArrayRef;
use foedus_domain::registry::Registry;

use super::{Columns, Variables, coverage, int_fields, ints, require};
use crate::{DyadYears, PanelError, StateYears, YearMembers};

/// 1 if the state was a COW major power on some day of the year; missing outside the data's years.
pub struct Majors;

const SOURCE: &str = "cow-majors";
const COMMAND: &str = "foedus import cow-majors PATH (or foedus fetch cow)";

/// Each year's members' status, by position.
struct PerYear(Vec<Vec<Option<i32>>>);

impl PerYear {
    fn build(registry: &Registry, years: &[YearMembers]) -> PerYear {
        let span = coverage(registry, SOURCE);
        PerYear(
            years
                .iter()
                .map(|y| {
                    let covered = span.is_some_and(|(a, b)| a <= y.year && y.year <= b);
                    let (jan1, dec31) = (
                        Date::new(y.year, 1, 1).expect("year in range"),
                        Date::new(y.year, 12, 31).expect("year in range"),
                    );
                    y.members
                        .iter()
                        .map(|m| {
                            let c = m.ccode?;
                            covered.then(|| {
                                i32::from(
                                    registry.major_powers().iter().any(|s| {
                                        s.ccode.0 == c && s.start <= dec31 && s.end >= jan1
                                    }),
                                )
                            })
                        })
                        .collect()
                })
                .collect(),
        )
    }
}

impl Columns<StateYears> for PerYear {
    fn fields(&self) -> Vec<Field> {
        int_fields(&["cowmaj"])
    }

    fn compute(&self, panel: &StateYears, rows: Range<usize>) -> Vec<ArrayRef> {
        vec![ints(
            panel.rows_in(rows).map(|(y, p)| self.0[y][p]).collect(),
        )]
    }
}

impl Columns<DyadYears> for PerYear {
    fn fields(&self) -> Vec<Field> {
        int_fields(&["cowmaj1", "cowmaj2"])
    }

    fn compute(&self, panel: &DyadYears, rows: Range<usize>) -> Vec<ArrayRef> {
        let (mut a, mut b) = (
            Vec::with_capacity(rows.len()),
            Vec::with_capacity(rows.len()),
        );
        for (y, i, j) in panel.rows_in(rows) {
            a.push(self.0[y][i]);
            b.push(self.0[y][j]);
        }
        vec![ints(a), ints(b)]
    }
}

impl Variables for Majors {
    fn name(&self) -> &'static str {
        "majors"
    }

    fn state_years(
        &self,
        registry: &Registry,
        panel: &StateYears,
    ) -> Result<Box<dyn Columns<StateYears>>, PanelError> {
        require(registry, "--add majors", SOURCE, COMMAND)?;
        Ok(Box::new(PerYear::build(
            registry,
            &panel.system_years.years,
        )))
    }

    fn dyad_years(
        &self,
        registry: &Registry,
        panel: &DyadYears,
    ) -> Result<Box<dyn Columns<DyadYears>>, PanelError> {
        require(registry, "--add majors", SOURCE, COMMAND)?;
        Ok(Box::new(PerYear::build(
            registry,
            &panel.system_years.years,
        )))
    }
}
