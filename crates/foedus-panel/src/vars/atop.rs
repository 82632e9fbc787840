//! ATOP alliance obligations: `atop_alliance`, `atop_defense`, ... (peacesciencer's names).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use foedus_dataset::arrow_array::{ArrayRef, Int32Array};
use foedus_dataset::arrow_buffer::{BooleanBufferBuilder, NullBuffer};
use foedus_dataset::{DataType, Field};
use foedus_domain::contents::Contents;
use foedus_domain::registry::Registry;

use super::{Columns, Variables, empty_columns, int_fields, ints, keyed, on_keys, require};
use crate::alliance::{self, AllianceTable, AllianceYears, OBLIGATIONS};
use crate::membership::YearMembers;
use crate::{DyadYears, PanelError, StateYears};

/// ATOP's obligations, as ATOP's own files give them.
///
/// Dyad-years: `atop_alliance` (the two share an alliance) and the five
/// obligations of the first state toward the second (undirected: either way),
/// from the registry's directed obligations, as ATOP's dyad-year file.
/// State-years: `atop_alliance` (in any alliance), each obligation the state's
/// member-level rows code (owed to anyone, in or outside the system),
/// `atop_number` (alliances in force), as ATOP's state-year file
/// ([`alliance::MemberYears`]). Missing outside ATOP's years.
pub struct Atop;

/// `atop-dyadic`: ATOP's dyad-year variables, and state-years summed from the
/// directed dyad-years (a state has an obligation when it owes it to some member
/// of the system that year; alliances counted where it has a partner in the
/// system). Differs from ATOP's state-year file where partners are outside the
/// system (France–Annam) or ATOP's dyad-year file omits what a member's row codes
/// (Locarno).
pub struct AtopDyadic;

/// No shared alliance.
const NONE: u8 = 0xFF;
/// Not computable (outside the data's years, or a state without a COW code).
const MISSING: u8 = 0xFE;

const DYAD_NAMES: [&str; 6] = [
    "atop_alliance",
    "atop_defense",
    "atop_offense",
    "atop_neutral",
    "atop_nonagg",
    "atop_consul",
];

/// Each year's obligations between its members, as a dense matrix by position.
struct Matrices {
    years: Vec<(usize, Vec<u8>)>,
}

impl Matrices {
    /// Fills each year's matrix straight from each alliance's dyad-years: a dense
    /// index per cell instead of a map of all dyad-years merged first (which was
    /// most of the time of adding ATOP to a panel).
    fn build(registry: &Registry, years: &[YearMembers]) -> Result<Matrices, PanelError> {
        // A panel holds every year of its range, so a year's index is its distance
        // from the first.
        let first = years.first().map_or(0, |y| y.year);
        let last = years.last().map_or(-1, |y| y.year);
        let table = AllianceTable::of(registry)?;
        let (from, to) = table.coverage();
        // Each year's matrix, and each ccode's position among its members
        // (none in years outside the data, which stay missing).
        let mut positions: Vec<Vec<u16>> = Vec::with_capacity(years.len());
        let mut matrices: Vec<(usize, Vec<u8>)> = Vec::with_capacity(years.len());
        for year in years {
            let m = year.members.len();
            let mut pos = vec![u16::MAX; 1000];
            if !(from <= year.year && year.year <= to) {
                positions.push(pos);
                matrices.push((m, vec![MISSING; m * m]));
                continue;
            }
            let mut matrix = vec![NONE; m * m];
            for (p, member) in year.members.iter().enumerate() {
                match member.ccode.filter(|c| *c < 1000) {
                    Some(c) => pos[c as usize] = p as u16,
                    None => {
                        for q in 0..m {
                            matrix[p * m + q] = MISSING;
                            matrix[q * m + p] = MISSING;
                        }
                    }
                }
            }
            positions.push(pos);
            matrices.push((m, matrix));
        }
        // One row per dyad-year, merged over alliances: each cell is set once.
        for d in table.dyads_in(first, last) {
            let index = (d.year - first) as usize;
            let pos = &positions[index];
            let (pa, pb) = (pos[usize::from(d.obligor)], pos[usize::from(d.beneficiary)]);
            let (m, matrix) = &mut matrices[index];
            if pa != u16::MAX && pb != u16::MAX {
                matrix[usize::from(pa) * *m + usize::from(pb)] = d.bits;
            }
        }
        Ok(Matrices { years: matrices })
    }
}

/// The dyad-year columns: each row's pattern (key) into each column's value of
/// every pattern. A pattern is a shared alliance's obligation bits (0–31), or
/// [`UNALLIED`]; outside ATOP's years the key is missing.
struct DyadColumns {
    matrices: Matrices,
    patterns: Vec<ArrayRef>,
}

/// The key of a dyad-year whose states share no alliance.
const UNALLIED: u8 = 32;

impl DyadColumns {
    fn new(matrices: Matrices) -> DyadColumns {
        let allied = |k: u8| k != UNALLIED;
        let column = |value: &dyn Fn(u8) -> bool| -> ArrayRef {
            Arc::new(Int32Array::from_iter_values(
                (0..=UNALLIED).map(|k| i32::from(value(k))),
            ))
        };
        let mut patterns = vec![column(&allied)];
        for (_, bit, _) in OBLIGATIONS {
            patterns.push(column(&move |k| allied(k) && k & bit != 0));
        }
        DyadColumns { matrices, patterns }
    }
}

/// The six dyad-year columns are dictionaries over the 33 patterns with one key
/// per row: computing them writes one key per row instead of six values, and the
/// Parquet writer encodes the six columns' shared pages once.
impl Columns<DyadYears> for DyadColumns {
    fn fields(&self) -> Vec<Field> {
        DYAD_NAMES
            .iter()
            .map(|n| Field::new(*n, keyed(DataType::Int32), true))
            .collect()
    }

    fn compute(&self, panel: &DyadYears, rows: Range<usize>) -> Vec<ArrayRef> {
        let mut keys: Vec<i32> = Vec::with_capacity(rows.len());
        let mut valid = BooleanBufferBuilder::new(rows.len());
        for (y, i, j) in panel.rows_in(rows) {
            let (m, matrix) = &self.matrices.years[y];
            let forward = matrix[i * m + j];
            let value = if panel.options.directed {
                forward
            } else {
                match (forward, matrix[j * m + i]) {
                    (MISSING, _) | (_, MISSING) => MISSING,
                    (NONE, x) | (x, NONE) => x,
                    (x, z) => x | z,
                }
            };
            valid.append(value != MISSING);
            keys.push(i32::from(match value {
                NONE => UNALLIED,
                MISSING => 0,
                bits => bits,
            }));
        }
        let nulls = NullBuffer::new(valid.finish());
        let keys = Int32Array::new(keys.into(), (nulls.null_count() > 0).then_some(nulls));
        on_keys(keys, &self.patterns)
    }
}

/// Per (state, year), as ATOP's state-year file: alliances in force and the
/// obligations the state's rows code.
struct MemberColumns(alliance::MemberYears);

impl Columns<StateYears> for MemberColumns {
    fn fields(&self) -> Vec<Field> {
        let mut names = DYAD_NAMES.to_vec();
        names.push("atop_number");
        int_fields(&names)
    }

    fn compute(&self, panel: &StateYears, rows: Range<usize>) -> Vec<ArrayRef> {
        let mut cols: Vec<Vec<Option<i32>>> = empty_columns(7, rows.len());
        for (y, p) in panel.rows_in(rows) {
            let year = &panel.system_years.years[y];
            match year.members[p].ccode.filter(|_| self.0.covers(year.year)) {
                None => cols.iter_mut().for_each(|c| c.push(None)),
                Some(c) => {
                    let (number, bits) =
                        self.0.years.get(&(c, year.year)).copied().unwrap_or((0, 0));
                    cols[0].push(Some(i32::from(number > 0)));
                    for (k, (_, bit, _)) in OBLIGATIONS.iter().enumerate() {
                        cols[k + 1].push(Some(i32::from(bits & bit != 0)));
                    }
                    cols[6].push(Some(i32::from(number)));
                }
            }
        }
        cols.into_iter().map(ints).collect()
    }
}

/// Per (state, year), summed from the directed dyad-years: alliances with a
/// partner in the system and the obligations owed to one.
struct StateColumns {
    alliances: std::sync::Arc<AllianceYears>,
    owed: HashMap<(u16, i16), u8>,
}

impl Columns<StateYears> for StateColumns {
    fn fields(&self) -> Vec<Field> {
        let mut names = DYAD_NAMES.to_vec();
        names.push("atop_number");
        int_fields(&names)
    }

    fn compute(&self, panel: &StateYears, rows: Range<usize>) -> Vec<ArrayRef> {
        let mut cols: Vec<Vec<Option<i32>>> = empty_columns(7, rows.len());
        for (y, p) in panel.rows_in(rows) {
            let year = &panel.system_years.years[y];
            match year.members[p]
                .ccode
                .filter(|_| self.alliances.covers(year.year))
            {
                None => cols.iter_mut().for_each(|c| c.push(None)),
                Some(c) => {
                    let number = self
                        .alliances
                        .memberships
                        .get(&(c, year.year))
                        .copied()
                        .unwrap_or(0);
                    let bits = self.owed.get(&(c, year.year)).copied().unwrap_or(0);
                    cols[0].push(Some(i32::from(number > 0)));
                    for (k, (_, bit, _)) in OBLIGATIONS.iter().enumerate() {
                        cols[k + 1].push(Some(i32::from(bits & bit != 0)));
                    }
                    cols[6].push(Some(i32::from(number)));
                }
            }
        }
        cols.into_iter().map(ints).collect()
    }
}

impl Variables for Atop {
    fn name(&self) -> &'static str {
        "atop"
    }

    fn needs(&self) -> Contents {
        Contents::nothing().with_alliances()
    }

    fn sources(&self) -> &'static [&'static str] {
        &["atop"]
    }

    fn dyad_years(
        &self,
        registry: &Registry,
        panel: &DyadYears,
    ) -> Result<Box<dyn Columns<DyadYears>>, PanelError> {
        require(registry, "--add atop", "atop")?;
        Ok(Box::new(DyadColumns::new(Matrices::build(
            registry,
            &panel.system_years.years,
        )?)))
    }

    fn state_years(
        &self,
        registry: &Registry,
        _: &StateYears,
    ) -> Result<Box<dyn Columns<StateYears>>, PanelError> {
        require(registry, "--add atop", "atop")?;
        Ok(Box::new(MemberColumns(alliance::MemberYears::build(
            registry,
        )?)))
    }
}

impl Variables for AtopDyadic {
    fn name(&self) -> &'static str {
        "atop-dyadic"
    }

    fn needs(&self) -> Contents {
        Contents::nothing().with_alliances()
    }

    fn sources(&self) -> &'static [&'static str] {
        &["atop"]
    }

    fn dyad_years(
        &self,
        registry: &Registry,
        panel: &DyadYears,
    ) -> Result<Box<dyn Columns<DyadYears>>, PanelError> {
        Atop.dyad_years(registry, panel)
    }

    fn state_years(
        &self,
        registry: &Registry,
        _: &StateYears,
    ) -> Result<Box<dyn Columns<StateYears>>, PanelError> {
        require(registry, "--add atop-dyadic", "atop")?;
        let alliances = AllianceYears::build(registry)?;
        let mut owed: HashMap<(u16, i16), u8> = HashMap::new();
        for (&(a, _, y), &bits) in &alliances.dyads {
            *owed.entry((a, y)).or_insert(0) |= bits;
        }
        Ok(Box::new(StateColumns { alliances, owed }))
    }
}
