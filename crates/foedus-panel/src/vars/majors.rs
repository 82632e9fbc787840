//! COW major powers: `cowmaj` (state-years), `cowmaj1`, `cowmaj2` (dyad-years).

use jiff::civil::Date;

use foedus_domain::registry::Registry;

use super::{Variables, coverage, ints, require};
use crate::{Column, DyadYears, PanelError, StateYears, YearMembers};

/// 1 if the state was a COW major power on some day of the year; missing outside the data's years.
pub struct Majors;

const SOURCE: &str = "cow-majors";
const COMMAND: &str = "foedus import cow-majors PATH (or foedus fetch cow)";

fn per_year(registry: &Registry, years: &[YearMembers]) -> Vec<Vec<Option<i32>>> {
    let span = coverage(registry, SOURCE);
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
                            registry
                                .major_powers()
                                .iter()
                                .any(|s| s.ccode.0 == c && s.start <= dec31 && s.end >= jan1),
                        )
                    })
                })
                .collect()
        })
        .collect()
}

impl Variables for Majors {
    fn name(&self) -> &'static str {
        "majors"
    }

    fn state_year_columns(
        &self,
        registry: &Registry,
        panel: &StateYears,
    ) -> Result<Vec<Column>, PanelError> {
        require(registry, "--add majors", SOURCE, COMMAND)?;
        let m = per_year(registry, &panel.system_years.years);
        let col = panel
            .year_index
            .iter()
            .zip(&panel.position)
            .map(|(&y, &p)| m[y as usize][p as usize])
            .collect();
        Ok(vec![Column::new("cowmaj", ints(col))])
    }

    fn dyad_year_columns(
        &self,
        registry: &Registry,
        panel: &DyadYears,
    ) -> Result<Vec<Column>, PanelError> {
        require(registry, "--add majors", SOURCE, COMMAND)?;
        let m = per_year(registry, &panel.system_years.years);
        let (mut a, mut b) = (
            Vec::with_capacity(panel.len()),
            Vec::with_capacity(panel.len()),
        );
        for (y, i, j) in panel.rows() {
            a.push(m[y][i]);
            b.push(m[y][j]);
        }
        Ok(vec![
            Column::new("cowmaj1", ints(a)),
            Column::new("cowmaj2", ints(b)),
        ])
    }
}
