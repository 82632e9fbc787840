//! Democracy scores: `v2x_polyarchy`, `polity2`, `xm_qudsest` (suffixes `1`/`2` in
//! dyad-years), as peacesciencer's `add_democracy()`: missing where the dataset has
//! no value for the state-year.

use std::sync::Arc;

use foedus_dataset::arrow_array::{ArrayRef, Float64Array};
use foedus_domain::contents::Contents;
use foedus_domain::history::DemocracyScore;
use foedus_domain::registry::Registry;

use super::member_years::MemberYears;
use super::{Columns, Variables, require};
use crate::{DyadYears, FastMap, PanelError, StateYears, YearMembers};

/// V-Dem's electoral democracy index, Polity 2 and the extended Unified Democracy Scores.
pub struct Democracy;

const SOURCE: &str = "democracy";
const FIELDS: [&str; 3] = ["v2x_polyarchy", "polity2", "xm_qudsest"];

fn member_years(registry: &Registry, years: &[YearMembers]) -> MemberYears {
    let scores: FastMap<(u16, i16), &DemocracyScore> = registry
        .history()
        .democracy
        .iter()
        .map(|d| ((d.ccode.0, d.year), d))
        .collect();
    let mut cols: Vec<Vec<Option<f64>>> = vec![Vec::new(); 3];
    for y in years {
        for m in &y.members {
            let d = m.ccode.and_then(|c| scores.get(&(c, y.year)));
            cols[0].push(d.and_then(|d| d.v2x_polyarchy));
            cols[1].push(d.and_then(|d| d.polity2));
            cols[2].push(d.and_then(|d| d.xm_qudsest));
        }
    }
    let base = cols
        .into_iter()
        .map(|c| Arc::new(Float64Array::from(c)) as ArrayRef)
        .collect();
    MemberYears::new(&FIELDS, years, base)
}

impl Variables for Democracy {
    fn name(&self) -> &'static str {
        "democracy"
    }

    fn needs(&self) -> Contents {
        Contents::nothing().with_history(SOURCE)
    }

    fn state_years(
        &self,
        registry: &Registry,
        panel: &StateYears,
    ) -> Result<Box<dyn Columns<StateYears>>, PanelError> {
        require(registry, "--add democracy", SOURCE)?;
        Ok(Box::new(member_years(registry, &panel.system_years.years)))
    }

    fn dyad_years(
        &self,
        registry: &Registry,
        panel: &DyadYears,
    ) -> Result<Box<dyn Columns<DyadYears>>, PanelError> {
        require(registry, "--add democracy", SOURCE)?;
        Ok(Box::new(member_years(registry, &panel.system_years.years)))
    }
}
