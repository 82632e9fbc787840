//! National Material Capabilities: `milex`, `milper`, `irst`, `pec`, `tpop`, `upop`, `cinc`.

use std::ops::Range;
use std::sync::Arc;

use foedus_dataset::arrow_array::builder::Float64Builder;
use foedus_dataset::arrow_array::types::Int32Type;
use foedus_dataset::arrow_array::{ArrayRef, DictionaryArray, Int32Array, UInt32Array};
use foedus_dataset::arrow_select::take::take;
use foedus_dataset::{DataType, Field};
use foedus_domain::registry::{Capability, Registry};
use foedus_domain::state::Ccode;

use super::{Columns, Variables, require};
use crate::{DyadYears, PanelError, StateYears};

/// NMC's six components and the CINC score, by state-year (suffixes `1`/`2` in dyad-years).
pub struct Nmc;

const FIELDS: [&str; 7] = ["milex", "milper", "irst", "pec", "tpop", "upop", "cinc"];

fn values(c: &Capability) -> [Option<f64>; 7] {
    [c.milex, c.milper, c.irst, c.pec, c.tpop, c.upop, c.cinc]
}

const COMMAND: &str = "foedus import nmc PATH (or foedus fetch nmc)";

/// Each member-year's capabilities as columns (one entry per member per year,
/// in panel order) and each year's offset into them: panel rows gather from
/// these few thousand values.
struct MemberYears {
    base: Vec<ArrayRef>,
    offsets: Vec<u32>,
}

impl MemberYears {
    fn build(registry: &Registry, years: &[crate::YearMembers]) -> MemberYears {
        let total: usize = years.iter().map(|y| y.members.len()).sum();
        let mut builders: Vec<Float64Builder> = (0..7)
            .map(|_| Float64Builder::with_capacity(total))
            .collect();
        let mut offsets = Vec::with_capacity(years.len());
        let mut at = 0u32;
        for y in years {
            offsets.push(at);
            for m in &y.members {
                let v = m
                    .ccode
                    .and_then(|c| registry.capability(Ccode(c), y.year))
                    .map(values)
                    .unwrap_or([None; 7]);
                for (b, x) in builders.iter_mut().zip(v) {
                    b.append_option(x);
                }
                at += 1;
            }
        }
        MemberYears {
            base: builders
                .iter_mut()
                .map(|b| Arc::new(b.finish()) as ArrayRef)
                .collect(),
            offsets,
        }
    }

    fn gather(&self, index: &UInt32Array) -> Vec<ArrayRef> {
        self.base
            .iter()
            .map(|b| take(b.as_ref(), index, None).expect("indices are in bounds"))
            .collect()
    }
}

fn fields(names: impl Iterator<Item = String>, data_type: DataType) -> Vec<Field> {
    names
        .map(|n| Field::new(n, data_type.clone(), true))
        .collect()
}

impl Columns<StateYears> for MemberYears {
    fn fields(&self) -> Vec<Field> {
        fields(FIELDS.iter().map(|f| f.to_string()), DataType::Float64)
    }

    fn compute(&self, panel: &StateYears, rows: Range<usize>) -> Vec<ArrayRef> {
        let index: UInt32Array = panel
            .rows_in(rows)
            .map(|(y, p)| self.offsets[y] + p as u32)
            .collect();
        self.gather(&index)
    }
}

/// Dyad-year columns are dictionary-encoded: each column of a chunk is the
/// member-years of the chunk's years, and a key per row. Computing them gathers
/// no values, and the Parquet writer takes the dictionary as it is instead of
/// finding each state's values again in every row.
impl Columns<DyadYears> for MemberYears {
    fn fields(&self) -> Vec<Field> {
        let names = FIELDS
            .iter()
            .map(|f| format!("{f}1"))
            .chain(FIELDS.iter().map(|f| format!("{f}2")));
        fields(names, dictionary_type())
    }

    fn compute(&self, panel: &DyadYears, rows: Range<usize>) -> Vec<ArrayRef> {
        let years: Vec<(usize, Range<usize>)> = panel.years_in(rows.clone()).collect();
        // The member-years of the rows' years: each column's values in this chunk.
        let (lo, hi) = match (years.first(), years.last()) {
            (Some((first, _)), Some((last, _))) => (
                self.offsets[*first],
                self.offsets
                    .get(last + 1)
                    .copied()
                    .unwrap_or(self.base[0].len() as u32),
            ),
            _ => (0, 0),
        };
        let (mut first, mut second) = (
            Vec::with_capacity(rows.len()),
            Vec::with_capacity(rows.len()),
        );
        for (y, rows) in years {
            let base = (self.offsets[y] - lo) as i32;
            for row in rows {
                first.push(base + i32::from(panel.first[row]));
                second.push(base + i32::from(panel.second[row]));
            }
        }
        let (first, second) = (Int32Array::from(first), Int32Array::from(second));
        // The keys are checked once per side; the side's other columns reuse them.
        let side = |keys: Int32Array| -> Vec<ArrayRef> {
            let values = |b: &ArrayRef| b.slice(lo as usize, (hi - lo) as usize);
            let first = DictionaryArray::<Int32Type>::try_new(keys, values(&self.base[0]))
                .expect("keys index the chunk's member-years");
            self.base
                .iter()
                .map(|b| Arc::new(first.with_values(values(b))) as ArrayRef)
                .collect()
        };
        let mut out = side(first);
        out.extend(side(second));
        out
    }
}

/// NMC's dyad-year columns: Float64 values behind 32-bit keys.
fn dictionary_type() -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Float64))
}

impl Variables for Nmc {
    fn name(&self) -> &'static str {
        "nmc"
    }

    fn state_years(
        &self,
        registry: &Registry,
        panel: &StateYears,
    ) -> Result<Box<dyn Columns<StateYears>>, PanelError> {
        require(registry, "--add nmc", "nmc", COMMAND)?;
        Ok(Box::new(MemberYears::build(
            registry,
            &panel.system_years.years,
        )))
    }

    fn dyad_years(
        &self,
        registry: &Registry,
        panel: &DyadYears,
    ) -> Result<Box<dyn Columns<DyadYears>>, PanelError> {
        require(registry, "--add nmc", "nmc", COMMAND)?;
        Ok(Box::new(MemberYears::build(
            registry,
            &panel.system_years.years,
        )))
    }
}
