//! National Material Capabilities: `milex`, `milper`, `irst`, `pec`, `tpop`, `upop`, `cinc`.

use foedus_domain::registry::{Capability, Registry};
use foedus_domain::state::Ccode;

use super::{Variables, empty_columns, floats, require};
use crate::{Column, DyadYears, PanelError, StateYears};

/// NMC's six components and the CINC score, by state-year (suffixes `1`/`2` in dyad-years).
pub struct Nmc;

const FIELDS: [&str; 7] = ["milex", "milper", "irst", "pec", "tpop", "upop", "cinc"];

fn values(c: &Capability) -> [Option<f64>; 7] {
    [c.milex, c.milper, c.irst, c.pec, c.tpop, c.upop, c.cinc]
}

const COMMAND: &str = "foedus import nmc PATH (or foedus fetch nmc)";

/// Each year's members' capabilities, by position.
fn per_year<'r>(
    registry: &'r Registry,
    years: &[crate::YearMembers],
) -> Vec<Vec<Option<&'r Capability>>> {
    years
        .iter()
        .map(|y| {
            y.members
                .iter()
                .map(|m| m.ccode.and_then(|c| registry.capability(Ccode(c), y.year)))
                .collect()
        })
        .collect()
}

impl Variables for Nmc {
    fn name(&self) -> &'static str {
        "nmc"
    }

    fn state_year_columns(
        &self,
        registry: &Registry,
        panel: &StateYears,
    ) -> Result<Vec<Column>, PanelError> {
        require(registry, "--add nmc", "nmc", COMMAND)?;
        let caps = per_year(registry, &panel.system_years.years);
        let mut cols: Vec<Vec<Option<f64>>> = empty_columns(7, panel.len());
        for (&y, &p) in panel.year_index.iter().zip(&panel.position) {
            let v = caps[y as usize][p as usize]
                .map(values)
                .unwrap_or([None; 7]);
            for (c, x) in cols.iter_mut().zip(v) {
                c.push(x);
            }
        }
        Ok(FIELDS
            .iter()
            .zip(cols)
            .map(|(n, c)| Column::new(*n, floats(c)))
            .collect())
    }

    fn dyad_year_columns(
        &self,
        registry: &Registry,
        panel: &DyadYears,
    ) -> Result<Vec<Column>, PanelError> {
        require(registry, "--add nmc", "nmc", COMMAND)?;
        let caps = per_year(registry, &panel.system_years.years);
        let mut cols: Vec<Vec<Option<f64>>> = empty_columns(14, panel.len());
        for (y, i, j) in panel.rows() {
            let a = caps[y][i].map(values).unwrap_or([None; 7]);
            let b = caps[y][j].map(values).unwrap_or([None; 7]);
            for (k, x) in a.into_iter().chain(b).enumerate() {
                cols[k].push(x);
            }
        }
        let names = FIELDS
            .iter()
            .map(|f| format!("{f}1"))
            .chain(FIELDS.iter().map(|f| format!("{f}2")));
        Ok(names
            .zip(cols)
            .map(|(n, c)| Column::new(n, floats(c)))
            .collect())
    }
}
