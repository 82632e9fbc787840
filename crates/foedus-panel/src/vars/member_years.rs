//! Columns whose value belongs to a state in a year (NMC's capabilities, major-power
//! status): held once per member-year and looked up by each panel row.

use std::ops::Range;

use foedus_dataset::arrow_array::{ArrayRef, Int32Array, UInt32Array};
use foedus_dataset::arrow_select::take::take;
use foedus_dataset::{DataType, Field};

use super::{Columns, keyed, on_keys};
use crate::{DyadYears, StateYears, YearMembers};

/// Each member-year's values, one array per column (one entry per member per
/// year, in panel order), and each year's offset into them: panel rows take
/// their values from these few thousand.
pub(super) struct MemberYears {
    names: &'static [&'static str],
    base: Vec<ArrayRef>,
    offsets: Vec<u32>,
}

impl MemberYears {
    /// Columns `names`, whose arrays in `base` hold a value for every member of
    /// every one of `years`, in order.
    pub(super) fn new(
        names: &'static [&'static str],
        years: &[YearMembers],
        base: Vec<ArrayRef>,
    ) -> MemberYears {
        let mut offsets = Vec::with_capacity(years.len());
        let mut at = 0u32;
        for y in years {
            offsets.push(at);
            at += y.members.len() as u32;
        }
        debug_assert!(base.iter().all(|b| b.len() == at as usize));
        MemberYears {
            names,
            base,
            offsets,
        }
    }

    /// Each column's type: its values'.
    fn types(&self) -> Vec<DataType> {
        self.base.iter().map(|b| b.data_type().clone()).collect()
    }
}

/// Nullable fields named `names`, their types `types` in turn (repeated for each side).
fn nullable_fields(names: impl Iterator<Item = String>, types: &[DataType]) -> Vec<Field> {
    names
        .zip(types.iter().cycle())
        .map(|(n, t)| Field::new(n, t.clone(), true))
        .collect()
}

impl Columns<StateYears> for MemberYears {
    fn fields(&self) -> Vec<Field> {
        nullable_fields(self.names.iter().map(|n| n.to_string()), &self.types())
    }

    fn compute(&self, panel: &StateYears, rows: Range<usize>) -> Vec<ArrayRef> {
        let index: UInt32Array = panel
            .rows_in(rows)
            .map(|(y, p)| self.offsets[y] + p as u32)
            .collect();
        self.base
            .iter()
            .map(|b| take(b.as_ref(), &index, None).expect("indices are in bounds"))
            .collect()
    }
}

/// Dyad-year columns are dictionary-encoded: each column of a chunk is the
/// member-years of the chunk's years, and a key per row. Computing them gathers
/// no values, and the Parquet writer takes each dictionary as it is instead of
/// finding each state's values again in every row; the columns of one side
/// share their keys, and so their encoded pages.
impl Columns<DyadYears> for MemberYears {
    fn fields(&self) -> Vec<Field> {
        let names = ["1", "2"]
            .iter()
            .flat_map(|side| self.names.iter().map(move |n| format!("{n}{side}")));
        let types: Vec<DataType> = self.types().into_iter().map(keyed).collect();
        nullable_fields(names, &types)
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
        // The member-years of the chunk, shared by both sides' columns.
        let values: Vec<ArrayRef> = self
            .base
            .iter()
            .map(|b| b.slice(lo as usize, (hi - lo) as usize))
            .collect();
        let mut out = on_keys(Int32Array::from(first), &values);
        out.extend(on_keys(Int32Array::from(second), &values));
        out
    }
}
