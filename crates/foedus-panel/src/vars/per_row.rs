//! Values that belong to a dyad (or a state) in a year, keyed by COW codes: the
//! conflict and geography variables.
//!
//! A dyad-year panel has millions of rows over a few hundred members a year, so
//! these values are not looked up row by row in maps keyed by (code, code, year):
//! each year's members are given a slot per distinct COW code ([`Slots`]), each
//! year's values are a dense matrix over its slots ([`Grid`]), filled once when
//! the columns are prepared, and a row reads its cell by its members' positions.
//! Columns are written straight into Arrow's builders, and columns
//! that all come from one chosen record (a dispute, a war, a rivalry) are
//! dictionaries on one key per row ([`Chosen`]).

use std::ops::Range;
use std::sync::Arc;

use foedus_dataset::arrow_array::builder::PrimitiveBuilder;
use foedus_dataset::arrow_array::types::{ArrowPrimitiveType, Int32Type};
use foedus_dataset::arrow_array::{ArrayRef, Int32Array};
use foedus_dataset::{DataType, Field};

use super::{Columns, Materialized, keyed, on_keys};
use crate::{Column, DyadYears, StateYears, YearMembers};

/// The slot of a member without a COW code, or of every member in a year not covered.
const NO_SLOT: u16 = u16::MAX;

/// True if `year` is within `span`.
pub(crate) fn within(span: Option<(i16, i16)>, year: i16) -> bool {
    span.is_some_and(|(a, b)| a <= year && year <= b)
}

/// One year's members by COW code.
struct YearSlots {
    /// Each member's slot, by position; [`NO_SLOT`] without a COW code.
    of_member: Vec<u16>,
    /// The year's distinct COW codes, ascending: a slot is an index into them.
    codes: Vec<u16>,
}

/// Each panel year's members by COW code: a member's slot is the index of its
/// code among the year's distinct codes (two members with one COW code share it,
/// as they share every value keyed by it). Years not covered have no slots.
struct Slots {
    first: i16,
    years: Vec<YearSlots>,
}

impl Slots {
    /// The slots of `years` (consecutive, as a panel's); those for which `covered`
    /// is false get none.
    fn of(years: &[YearMembers], covered: impl Fn(i16) -> bool) -> Slots {
        let slots = years
            .iter()
            .map(|y| {
                if !covered(y.year) {
                    return YearSlots {
                        of_member: vec![NO_SLOT; y.members.len()],
                        codes: Vec::new(),
                    };
                }
                let mut codes: Vec<u16> = y.members.iter().filter_map(|m| m.ccode).collect();
                codes.sort_unstable();
                codes.dedup();
                let of_member = y
                    .members
                    .iter()
                    .map(|m| {
                        m.ccode.map_or(NO_SLOT, |c| {
                            codes.binary_search(&c).expect("a member's code") as u16
                        })
                    })
                    .collect();
                YearSlots { of_member, codes }
            })
            .collect();
        Slots {
            first: years.first().map_or(0, |y| y.year),
            years: slots,
        }
    }

    /// The index of `year` among the panel's years.
    fn year(&self, year: i16) -> Option<usize> {
        usize::try_from(year - self.first)
            .ok()
            .filter(|&yi| yi < self.years.len())
    }

    /// The slot of COW code `ccode` in the year of index `yi`, if a member has it.
    fn slot(&self, yi: usize, ccode: u16) -> Option<usize> {
        self.years[yi].codes.binary_search(&ccode).ok()
    }

    /// The number of slots of the year of index `yi`.
    fn len(&self, yi: usize) -> usize {
        self.years[yi].codes.len()
    }
}

/// A value per ordered pair of slots in each year: row (first, second) of a year
/// reads its members' cell.
pub(crate) struct Grid<T> {
    slots: Slots,
    /// Where each year's cells start (and, last, their end).
    offsets: Vec<usize>,
    cells: Vec<T>,
}

impl<T: Copy + Send + Sync> Grid<T> {
    /// Cells `empty` for every pair of members with COW codes in the years of
    /// `years` that `covered` takes; the other years' rows have none.
    pub(crate) fn new(years: &[YearMembers], covered: impl Fn(i16) -> bool, empty: T) -> Grid<T> {
        let slots = Slots::of(years, covered);
        let mut offsets = Vec::with_capacity(years.len() + 1);
        let mut at = 0;
        for yi in 0..years.len() {
            offsets.push(at);
            at += slots.len(yi) * slots.len(yi);
        }
        offsets.push(at);
        Grid {
            slots,
            offsets,
            cells: vec![empty; at],
        }
    }

    /// The cell of codes (`a`, `b`) in `year`, if both are members that year and it is covered.
    pub(crate) fn cell_mut(&mut self, a: u16, b: u16, year: i16) -> Option<&mut T> {
        let yi = self.slots.year(year)?;
        let (sa, sb) = (self.slots.slot(yi, a)?, self.slots.slot(yi, b)?);
        let n = self.slots.len(yi);
        Some(&mut self.cells[self.offsets[yi] + sa * n + sb])
    }

    /// The cells of the year of index `yi`, by the members' positions.
    pub(crate) fn year(&self, yi: usize) -> YearCells<'_, T> {
        YearCells {
            of_member: &self.slots.years[yi].of_member,
            n: self.slots.len(yi),
            cells: &self.cells[self.offsets[yi]..self.offsets[yi + 1]],
        }
    }
}

/// One year's cells.
pub(crate) struct YearCells<'a, T> {
    of_member: &'a [u16],
    n: usize,
    cells: &'a [T],
}

impl<T: Copy> YearCells<'_, T> {
    /// The cell of the members at positions `i` and `j`; `None` if either has no
    /// COW code or the year is not covered.
    #[inline]
    pub(crate) fn get(&self, i: usize, j: usize) -> Option<T> {
        let (si, sj) = (self.of_member[i], self.of_member[j]);
        if si == NO_SLOT || sj == NO_SLOT {
            return None;
        }
        Some(self.cells[usize::from(si) * self.n + usize::from(sj)])
    }
}

/// One column of the dyad-year `rows`: for each year, `per_year(year index)`
/// gives the function of the positions of a row's members that gives its value.
pub(crate) fn dyad_column<T, V>(
    panel: &DyadYears,
    rows: Range<usize>,
    per_year: impl Fn(usize) -> V,
) -> ArrayRef
where
    T: ArrowPrimitiveType,
    V: Fn(usize, usize) -> Option<T::Native>,
{
    let mut out = PrimitiveBuilder::<T>::with_capacity(rows.len());
    for (yi, rows) in panel.years_in(rows) {
        let value = per_year(yi);
        for r in rows {
            out.append_option(value(
                usize::from(panel.first[r]),
                usize::from(panel.second[r]),
            ));
        }
    }
    Arc::new(out.finish())
}

/// A single plain column `name` of a dyad-year panel, computed by [`dyad_column`].
pub(crate) struct DyadColumn<F> {
    pub(crate) field: Field,
    pub(crate) compute: F,
}

impl<F> Columns<DyadYears> for DyadColumn<F>
where
    F: Fn(&DyadYears, Range<usize>) -> ArrayRef + Send + Sync,
{
    fn fields(&self) -> Vec<Field> {
        vec![self.field.clone()]
    }

    fn compute(&self, panel: &DyadYears, rows: Range<usize>) -> Vec<ArrayRef> {
        vec![(self.compute)(panel, rows)]
    }
}

/// Int32 columns `names` of a state-year panel, computed once for all its rows
/// (one per member-year: a few thousand): `f` gets each row's COW code (`None`
/// for a member without one) and year, and writes the row's values; values it
/// leaves are missing.
pub(crate) fn state_columns<T: ArrowPrimitiveType>(
    panel: &StateYears,
    names: &[&str],
    f: impl Fn(Option<u16>, i16, &mut [Option<T::Native>]),
) -> Box<Materialized> {
    let mut cols: Vec<PrimitiveBuilder<T>> = (0..names.len())
        .map(|_| PrimitiveBuilder::with_capacity(panel.len()))
        .collect();
    let mut buf = vec![None; names.len()];
    for (yi, p) in panel.rows_in(0..panel.len()) {
        let y = &panel.system_years.years[yi];
        buf.fill(None);
        f(y.members[p].ccode, y.year, &mut buf);
        for (c, v) in cols.iter_mut().zip(&buf) {
            c.append_option(*v);
        }
    }
    Box::new(Materialized(
        names
            .iter()
            .zip(cols)
            .map(|(n, mut c)| Column::new(*n, Arc::new(c.finish())))
            .collect(),
    ))
}

/// Dyad-year columns that all come from one record chosen for the dyad-year (its
/// dispute, its war, its rivalry), as dictionaries on one key per row.
///
/// The entries are in blocks, one per covered year: first the dyad-year with no
/// record, then the year's records. A row's key is its year's block's start plus
/// its cell; a chunk of rows takes the blocks of its years only, so each chunk's
/// dictionaries hold its own years' records, and the Parquet and CSV writers
/// encode (or format) each entry and the shared keys once.
pub(crate) struct Chosen {
    names: &'static [&'static str],
    /// Each dyad-year's entry within its year's block: 0 for none.
    pub(crate) grid: Grid<u32>,
    /// Where each year's block starts (and, last, their end).
    starts: Vec<u32>,
    /// Each column's value of every entry.
    values: Vec<ArrayRef>,
}

impl Chosen {
    /// The columns `names`, each dyad-year's record from `records` (unique
    /// (code, code, year) keys); `row(None)` gives the values of a covered
    /// dyad-year without one, `row(Some(r))` those of a dyad-year whose record is `r`.
    pub(crate) fn build<R>(
        names: &'static [&'static str],
        years: &[YearMembers],
        covered: impl Fn(i16) -> bool,
        records: impl IntoIterator<Item = ((u16, u16, i16), R)>,
        row: impl Fn(Option<&R>) -> Vec<Option<i32>>,
    ) -> Chosen {
        let mut grid = Grid::new(years, &covered, 0u32);
        // Each year's records, in the order of their codes: the entries are the same
        // whatever the order `records` come in.
        let mut by_year: Vec<Vec<(u16, u16, R)>> = (0..years.len()).map(|_| Vec::new()).collect();
        for ((a, b, year), r) in records {
            if let Some(yi) = grid.slots.year(year).filter(|&yi| grid.slots.len(yi) > 0) {
                by_year[yi].push((a, b, r));
            }
        }
        let mut entries: Vec<Vec<Option<i32>>> = vec![Vec::new(); names.len()];
        let mut push = |values: Vec<Option<i32>>| {
            for (c, v) in entries.iter_mut().zip(values) {
                c.push(v);
            }
        };
        let mut starts = Vec::with_capacity(years.len() + 1);
        let mut at = 0u32;
        for (yi, mut records) in by_year.into_iter().enumerate() {
            starts.push(at);
            if grid.slots.len(yi) == 0 {
                continue;
            }
            records.sort_unstable_by_key(|&(a, b, _)| (a, b));
            push(row(None));
            let mut local = 1u32;
            for (a, b, r) in &records {
                if let Some(cell) = grid.cell_mut(*a, *b, years[yi].year) {
                    *cell = local;
                    local += 1;
                    push(row(Some(r)));
                }
            }
            at += local;
        }
        starts.push(at);
        Chosen {
            names,
            grid,
            starts,
            values: entries
                .into_iter()
                .map(|c| Arc::new(Int32Array::from(c)) as ArrayRef)
                .collect(),
        }
    }
}

impl Columns<DyadYears> for Chosen {
    fn fields(&self) -> Vec<Field> {
        self.names
            .iter()
            .map(|n| Field::new(*n, keyed(DataType::Int32), true))
            .collect()
    }

    fn compute(&self, panel: &DyadYears, rows: Range<usize>) -> Vec<ArrayRef> {
        let years: Vec<(usize, Range<usize>)> = panel.years_in(rows.clone()).collect();
        let (lo, hi) = match (years.first(), years.last()) {
            (Some((first, _)), Some((last, _))) => (self.starts[*first], self.starts[last + 1]),
            _ => (0, 0),
        };
        let mut keys = PrimitiveBuilder::<Int32Type>::with_capacity(rows.len());
        for (yi, rows) in years {
            let cells = self.grid.year(yi);
            let base = (self.starts[yi] - lo) as i32;
            for r in rows {
                let cell = cells.get(usize::from(panel.first[r]), usize::from(panel.second[r]));
                keys.append_option(cell.map(|c| base + c as i32));
            }
        }
        let values: Vec<ArrayRef> = self
            .values
            .iter()
            .map(|v| v.slice(lo as usize, (hi - lo) as usize))
            .collect();
        on_keys(keys.finish(), &values)
    }
}

#[cfg(test)]
pub(super) mod tests {
    use std::collections::HashMap;

    use super::*;
    use crate::Member;
    use foedus_dataset::arrow_array::Array;
    use foedus_domain::registry::StateIx;
    use proptest::collection::vec;
    use proptest::option;
    use proptest::prelude::*;

    /// Consecutive years from 1900, each member's COW code as given (codes may
    /// repeat within a year, as two Gleditsch–Ward states of one COW state do).
    pub(in crate::vars) fn years_of(codes: &[Vec<Option<u16>>]) -> Vec<YearMembers> {
        codes
            .iter()
            .enumerate()
            .map(|(k, year)| YearMembers {
                year: 1900 + k as i16,
                members: year
                    .iter()
                    .enumerate()
                    .map(|(p, &ccode)| Member {
                        code: p as u16,
                        ix: StateIx(p as u32),
                        ccode,
                        days: Vec::new(),
                    })
                    .collect(),
            })
            .collect()
    }

    fn panel_codes() -> impl Strategy<Value = Vec<Vec<Option<u16>>>> {
        vec(vec(option::weighted(0.9, 1u16..12), 0..9), 1..6)
    }

    /// The key of a map by COW codes and year.
    type Key = (u16, u16, i16);

    /// Each pair of members of each year, as (year index, positions, the key a map
    /// by COW codes would be looked up with: none outside the `covered` years or
    /// for a member without a COW code).
    fn each_pair(
        years: &[YearMembers],
        covered: impl Fn(i16) -> bool,
    ) -> Vec<(usize, usize, usize, Option<Key>)> {
        let mut out = Vec::new();
        for (yi, y) in years.iter().enumerate() {
            for (i, m) in y.members.iter().enumerate() {
                for (j, n) in y.members.iter().enumerate() {
                    let key = match (m.ccode, n.ccode) {
                        (Some(a), Some(b)) if covered(y.year) => Some((a, b, y.year)),
                        _ => None,
                    };
                    out.push((yi, i, j, key));
                }
            }
        }
        out
    }

    proptest! {
        /// Each row's cell is what the map of (code, code, year) it replaces holds,
        /// 0 where it holds nothing, and none outside the covered years or for a
        /// member without a COW code.
        #[test]
        fn cells_are_the_map_lookups_they_replace(
            codes in panel_codes(),
            records in vec(((1u16..12, 1u16..12, 1899i16..1907), 1u32..100), 0..80),
            from in 1899i16..1906,
        ) {
            let years = years_of(&codes);
            let covered = |y: i16| y >= from;
            let map: HashMap<(u16, u16, i16), u32> = records.into_iter().collect();
            let mut grid = Grid::new(&years, covered, 0u32);
            for (&(a, b, year), &v) in &map {
                if let Some(cell) = grid.cell_mut(a, b, year) {
                    *cell = v;
                }
            }
            for (yi, i, j, key) in each_pair(&years, covered) {
                let expected = key.map(|k| map.get(&k).copied().unwrap_or(0));
                prop_assert_eq!(grid.year(yi).get(i, j), expected, "year {} members {} {}", yi, i, j);
            }
        }

        /// Each row's entry of the chosen records holds the values of the record the
        /// map gives its codes and year, in every column.
        #[test]
        fn chosen_entries_are_the_records_of_their_rows(
            codes in panel_codes(),
            records in vec(((1u16..12, 1u16..12, 1899i16..1907), 1i32..100), 0..80),
            from in 1899i16..1906,
        ) {
            let years = years_of(&codes);
            let covered = |y: i16| y >= from;
            let map: HashMap<(u16, u16, i16), i32> = records.into_iter().collect();
            let row = |r: Option<&i32>| vec![r.copied(), Some(i32::from(r.is_some()))];
            let chosen = Chosen::build(&["value", "some"], &years, covered, map.clone(), row);
            let value = |k: usize, e: usize| {
                let a = chosen.values[k].as_any().downcast_ref::<Int32Array>().unwrap();
                a.is_valid(e).then(|| a.value(e))
            };
            for (yi, i, j, key) in each_pair(&years, covered) {
                let expected = key.map(|k| row(map.get(&k)));
                let block = chosen.starts[yi] as usize..chosen.starts[yi + 1] as usize;
                let got = chosen.grid.year(yi).get(i, j).map(|c| {
                    let e = block.start + c as usize;
                    prop_assert!(block.contains(&e), "entry {} outside its year's block {:?}", e, block);
                    Ok(vec![value(0, e), value(1, e)])
                }).transpose()?;
                prop_assert_eq!(got, expected, "year {} members {} {}", yi, i, j);
            }
        }
    }
}
