//! Strategic rivalries (Thompson and Dreyer): `ongoingrivalry` and the rivalry's types
//! in dyad-years, counts of ongoing rivalries by type in state-years, as
//! peacesciencer's `add_strategic_rivalries()`.
//!
//! Like peacesciencer, the years of Austria-Hungary's (300) rivalries from 1919 on
//! are Austria's (305); years before 1816 are dropped by the panel itself.

use foedus_dataset::arrow_array::types::Int32Type;
use foedus_domain::contents::Contents;
use foedus_domain::registry::Registry;

use super::per_row::{Chosen, state_columns, within};
use super::{Columns, Variables, coverage, require};
use crate::{DyadYears, FastMap, PanelError, StateYears};

/// Ongoing strategic rivalries; 0 within the data's years when none, missing after.
pub struct Rivalries;

const SOURCE: &str = "rivalries";
const TYPES: [&str; 4] = ["ideological", "interventionary", "positional", "spatial"];
const DYAD_NAMES: [&str; 6] = [
    "rivalryno",
    "ongoingrivalry",
    "ideological",
    "interventionary",
    "positional",
    "spatial",
];

/// A rivalry-year's types as bits in the order of [`TYPES`], with its number.
type Entry = (u32, u8);

/// (ccode1, ccode2, year) → the rivalries ongoing, in both orders.
fn rivalry_years(registry: &Registry) -> FastMap<(u16, u16, i16), Vec<Entry>> {
    let mut out: FastMap<(u16, u16, i16), Vec<Entry>> = FastMap::default();
    for r in &registry.history().rivalries {
        let bits = TYPES
            .iter()
            .enumerate()
            .filter(|(_, t)| r.types.iter().any(|x| x == *t))
            .fold(0u8, |acc, (i, _)| acc | 1 << i);
        for year in r.start.max(1816)..=r.end {
            let code = |c: u16| if c == 300 && year >= 1919 { 305 } else { c };
            let (a, b) = (code(r.ccode1.0), code(r.ccode2.0));
            for key in [(a, b, year), (b, a, year)] {
                out.entry(key).or_default().push((r.number, bits));
            }
        }
    }
    out
}

impl Variables for Rivalries {
    fn name(&self) -> &'static str {
        "rivalries"
    }

    fn needs(&self) -> Contents {
        Contents::nothing().with_history(SOURCE)
    }

    fn state_years(
        &self,
        registry: &Registry,
        panel: &StateYears,
    ) -> Result<Box<dyn Columns<StateYears>>, PanelError> {
        require(registry, "--add rivalries", SOURCE)?;
        let span = coverage(registry, SOURCE);
        let mut counts: FastMap<(u16, i16), [i32; 4]> = FastMap::default();
        for ((a, _, year), entries) in rivalry_years(registry) {
            let e = counts.entry((a, year)).or_default();
            for (_, bits) in entries {
                for (i, n) in e.iter_mut().enumerate() {
                    *n += i32::from(bits >> i & 1);
                }
            }
        }
        Ok(state_columns::<Int32Type>(
            panel,
            &[
                "n_ideological",
                "n_interventionary",
                "n_positional",
                "n_spatial",
            ],
            |c, year, out| {
                let Some(c) = c.filter(|_| within(span, year)) else {
                    return;
                };
                let v = counts.get(&(c, year)).copied().unwrap_or_default();
                for (o, n) in out.iter_mut().zip(v) {
                    *o = Some(n);
                }
            },
        ))
    }

    fn dyad_years(
        &self,
        registry: &Registry,
        panel: &DyadYears,
    ) -> Result<Box<dyn Columns<DyadYears>>, PanelError> {
        require(registry, "--add rivalries", SOURCE)?;
        let span = coverage(registry, SOURCE);
        Ok(Box::new(Chosen::build(
            &DYAD_NAMES,
            &panel.system_years.years,
            |y| within(span, y),
            rivalry_years(registry),
            |entries: Option<&Vec<Entry>>| {
                let number = entries.and_then(|e| e.first()).map(|(n, _)| *n as i32);
                let bits = entries.map_or(0, |e| e.iter().fold(0, |acc, (_, b)| acc | b));
                let mut out = vec![number, Some(i32::from(entries.is_some()))];
                out.extend((0..TYPES.len()).map(|i| Some(i32::from(bits >> i & 1))));
                out
            },
        )))
    }
}
