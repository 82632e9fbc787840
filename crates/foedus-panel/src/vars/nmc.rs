//! National Material Capabilities: `milex`, `milper`, `irst`, `pec`, `tpop`, `upop`, `cinc`.

use std::sync::Arc;

use foedus_dataset::arrow_array::ArrayRef;
use foedus_dataset::arrow_array::builder::Float64Builder;
use foedus_domain::contents::Contents;
use foedus_domain::registry::{Capability, Registry};
use foedus_domain::state::Ccode;

use super::member_years::MemberYears;
use super::{Columns, Variables, require};
use crate::{DyadYears, PanelError, StateYears};

/// NMC's six components and the CINC score, by state-year (suffixes `1`/`2` in dyad-years).
pub struct Nmc;

const FIELDS: [&str; 7] = ["milex", "milper", "irst", "pec", "tpop", "upop", "cinc"];

fn values(c: &Capability) -> [Option<f64>; 7] {
    [c.milex, c.milper, c.irst, c.pec, c.tpop, c.upop, c.cinc]
}

/// Each member-year's capabilities, one column per component.
fn member_years(registry: &Registry, years: &[crate::YearMembers]) -> MemberYears {
    let total: usize = years.iter().map(|y| y.members.len()).sum();
    let mut builders: Vec<Float64Builder> = (0..7)
        .map(|_| Float64Builder::with_capacity(total))
        .collect();
    for y in years {
        for m in &y.members {
            let v = m
                .ccode
                .and_then(|c| registry.capability(Ccode(c), y.year))
                .map(values)
                .unwrap_or([None; 7]);
            for (b, x) in builders.iter_mut().zip(v) {
                b.append_option(x);
            }
        }
    }
    let base = builders
        .iter_mut()
        .map(|b| Arc::new(b.finish()) as ArrayRef)
        .collect();
    MemberYears::new(&FIELDS, years, base)
}

impl Variables for Nmc {
    fn name(&self) -> &'static str {
        "nmc"
    }

    fn needs(&self) -> Contents {
        Contents::nothing().with_capabilities()
    }

    fn sources(&self) -> &'static [&'static str] {
        &["nmc"]
    }

    fn state_years(
        &self,
        registry: &Registry,
        panel: &StateYears,
    ) -> Result<Box<dyn Columns<StateYears>>, PanelError> {
        require(registry, "--add nmc", "nmc")?;
        Ok(Box::new(member_years(registry, &panel.system_years.years)))
    }

    fn dyad_years(
        &self,
        registry: &Registry,
        panel: &DyadYears,
    ) -> Result<Box<dyn Columns<DyadYears>>, PanelError> {
        require(registry, "--add nmc", "nmc")?;
        Ok(Box::new(member_years(registry, &panel.system_years.years)))
    }
}
