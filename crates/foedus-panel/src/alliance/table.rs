//! The alliance dyad-years and member-years of a snapshot, computed once.
//!
//! Every ATOP panel, network and similarity reads the same thing: who owes which
//! of ATOP's obligations to whom, year by year, replayed from every alliance's
//! record. [`AllianceTable::of`] computes it once per snapshot and keeps it with
//! the snapshot ([`foedus_domain::derived`]). Its bytes ([`AllianceTable::to_bytes`],
//! Arrow IPC) can be kept by the store, so a later run on the same data loads
//! them instead of parsing and replaying 2,700 agreement records.

use std::io::Cursor;
use std::sync::Arc;

use arrow_ipc::reader::StreamReader;
use arrow_ipc::writer::StreamWriter;
use foedus_dataset::arrow_array::{
    Array, ArrayRef, Int16Array, RecordBatch, UInt8Array, UInt16Array,
};
use foedus_dataset::{DataType, Field, Schema};
use foedus_domain::registry::Registry;

use super::{AllianceYears, MemberYears, per_alliance};
use crate::PanelError;

/// One directed dyad-year whose states share an alliance: the obligations the
/// first owes the second over all their alliances (0 if none).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DyadBits {
    /// The year.
    pub year: i16,
    /// The obligor's COW code.
    pub obligor: u16,
    /// The beneficiary's COW code.
    pub beneficiary: u16,
    /// The obligations, as [`super::OBLIGATIONS`]' bits.
    pub bits: u8,
}

/// The alliance data of one snapshot, in sorted flat rows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AllianceTable {
    coverage: (i16, i16),
    /// Sorted by year, obligor and beneficiary.
    dyads: Vec<DyadBits>,
    /// (state, year, alliances in which it has a partner), sorted.
    memberships: Vec<(u16, i16, u16)>,
    /// (state, year, alliances, obligation bits its rows code), sorted:
    /// ATOP's state-year semantics ([`MemberYears`]).
    members: Vec<(u16, i16, u16, u8)>,
}

/// The name the store keeps the table's bytes under: it changes with the code
/// that computes them (the domain's lifecycle engine and reconciliation, this
/// module), so bytes computed by another build are never read as this one's.
pub const KEY: &str = concat!("alliance-table/", env!("FOEDUS_ALLIANCE_CODE"));

impl AllianceTable {
    /// The snapshot's table: computed from its agreements by the first caller and
    /// kept with the snapshot, or the one given to it. A snapshot loaded without
    /// agreements and given no table has none: an error naming what is missing.
    pub fn of(registry: &Registry) -> Result<Arc<AllianceTable>, PanelError> {
        if registry.contents().agreements() {
            return Ok(registry
                .derived()
                .get_or_compute(|| AllianceTable::compute(registry)));
        }
        registry
            .derived()
            .get::<AllianceTable>()
            .ok_or_else(|| PanelError::NotInSnapshot {
                what: "the agreements or the alliance dyad-years computed from them".into(),
            })
    }

    /// Computes the table from every alliance in the registry, read as ATOP holds
    /// it ([`Registry::view_as`]).
    pub fn compute(registry: &Registry) -> AllianceTable {
        let ((from, to), locals) = per_alliance(registry);
        let (dyads, members): (Vec<_>, Vec<_>) = locals.into_iter().unzip();
        let years = AllianceYears::merged((from, to), dyads);
        let mut dyads: Vec<DyadBits> = years
            .dyads
            .iter()
            .map(|(&(obligor, beneficiary, year), &bits)| DyadBits {
                year,
                obligor,
                beneficiary,
                bits,
            })
            .collect();
        dyads.sort_unstable();
        let mut memberships: Vec<(u16, i16, u16)> = years
            .memberships
            .iter()
            .map(|(&(s, y), &n)| (s, y, n))
            .collect();
        memberships.sort_unstable();
        let mut members: Vec<(u16, i16, u16, u8)> = MemberYears::merged((from, to), members)
            .years
            .iter()
            .map(|(&(s, y), &(n, bits))| (s, y, n, bits))
            .collect();
        members.sort_unstable();
        AllianceTable {
            coverage: (from, to),
            dyads,
            memberships,
            members,
        }
    }

    /// The years the alliance data cover; outside them values are missing.
    pub fn coverage(&self) -> (i16, i16) {
        self.coverage
    }

    /// The dyad-years of the years `from` to `to` (inclusive), sorted.
    pub fn dyads_in(&self, from: i16, to: i16) -> &[DyadBits] {
        let a = self.dyads.partition_point(|d| d.year < from);
        let b = self.dyads.partition_point(|d| d.year <= to);
        &self.dyads[a..b.max(a)]
    }

    /// Every dyad-year, sorted.
    pub fn dyads(&self) -> &[DyadBits] {
        &self.dyads
    }

    /// The directed dyad-years as a map, for lookups ([`AllianceYears`]).
    pub fn years(&self) -> AllianceYears {
        AllianceYears {
            coverage: self.coverage,
            dyads: self
                .dyads
                .iter()
                .map(|d| ((d.obligor, d.beneficiary, d.year), d.bits))
                .collect(),
            memberships: self
                .memberships
                .iter()
                .map(|&(s, y, n)| ((s, y), n))
                .collect(),
        }
    }

    /// ATOP's state-years as a map ([`MemberYears`]).
    pub fn member_years(&self) -> MemberYears {
        MemberYears {
            coverage: self.coverage,
            years: self
                .members
                .iter()
                .map(|&(s, y, n, bits)| ((s, y), (n, bits)))
                .collect(),
        }
    }

    /// The table as Arrow IPC bytes (one stream, one batch: each row tagged with
    /// the part it belongs to), for the store to keep.
    pub fn to_bytes(&self) -> Result<Vec<u8>, PanelError> {
        let n = self.dyads.len() + self.memberships.len() + self.members.len();
        let mut part = Vec::with_capacity(n);
        let (mut a, mut b, mut year, mut count, mut bits) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        for d in &self.dyads {
            part.push(Part::Dyad as u8);
            a.push(d.obligor);
            b.push(d.beneficiary);
            year.push(d.year);
            count.push(0);
            bits.push(d.bits);
        }
        for &(s, y, n) in &self.memberships {
            part.push(Part::Membership as u8);
            a.push(s);
            b.push(0);
            year.push(y);
            count.push(n);
            bits.push(0);
        }
        for &(s, y, n, x) in &self.members {
            part.push(Part::Member as u8);
            a.push(s);
            b.push(0);
            year.push(y);
            count.push(n);
            bits.push(x);
        }
        let columns: Vec<ArrayRef> = vec![
            Arc::new(UInt8Array::from(part)),
            Arc::new(UInt16Array::from(a)),
            Arc::new(UInt16Array::from(b)),
            Arc::new(Int16Array::from(year)),
            Arc::new(UInt16Array::from(count)),
            Arc::new(UInt8Array::from(bits)),
        ];
        let coverage = format!("{},{}", self.coverage.0, self.coverage.1);
        let schema = Arc::new(schema().as_ref().clone().with_metadata(
            std::collections::BTreeMap::from([(COVERAGE.to_string(), coverage)]),
        ));
        let batch = RecordBatch::try_new(schema, columns).map_err(arrow)?;
        let mut out = Vec::new();
        let mut w = StreamWriter::try_new(&mut out, &batch.schema()).map_err(arrow)?;
        w.write(&batch).map_err(arrow)?;
        w.finish().map_err(arrow)?;
        drop(w);
        Ok(out)
    }

    /// A table from [`AllianceTable::to_bytes`]' bytes; an error if they are not
    /// such a table (kept by another build, or damaged).
    pub fn from_bytes(bytes: &[u8]) -> Result<AllianceTable, PanelError> {
        let reader = StreamReader::try_new(Cursor::new(bytes), None).map_err(arrow)?;
        let found = reader.schema();
        if found.fields() != schema().fields() {
            return Err(PanelError::Arrow(
                "kept alliance table: its columns are not this build's".into(),
            ));
        }
        let coverage = found
            .metadata()
            .get(COVERAGE)
            .and_then(|c| c.split_once(','))
            .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
            .ok_or_else(|| PanelError::Arrow("kept alliance table: no coverage".into()))?;
        let mut t = AllianceTable {
            coverage,
            ..AllianceTable::default()
        };
        for batch in reader {
            let batch = batch.map_err(arrow)?;
            let part = column::<UInt8Array>(&batch, 0)?;
            let a = column::<UInt16Array>(&batch, 1)?;
            let b = column::<UInt16Array>(&batch, 2)?;
            let year = column::<Int16Array>(&batch, 3)?;
            let count = column::<UInt16Array>(&batch, 4)?;
            let bits = column::<UInt8Array>(&batch, 5)?;
            for i in 0..batch.num_rows() {
                let (a, b, y, n, x) = (
                    a.value(i),
                    b.value(i),
                    year.value(i),
                    count.value(i),
                    bits.value(i),
                );
                match part.value(i) {
                    p if p == Part::Dyad as u8 => t.dyads.push(DyadBits {
                        year: y,
                        obligor: a,
                        beneficiary: b,
                        bits: x,
                    }),
                    p if p == Part::Membership as u8 => t.memberships.push((a, y, n)),
                    p if p == Part::Member as u8 => t.members.push((a, y, n, x)),
                    other => {
                        return Err(PanelError::Arrow(format!(
                            "kept alliance table: row {i} is of part {other}: expected 0, 1 or 2"
                        )));
                    }
                }
            }
        }
        Ok(t)
    }
}

/// The part of the table a row of its bytes belongs to.
#[repr(u8)]
enum Part {
    Dyad = 0,
    Membership = 1,
    Member = 2,
}

/// The schema metadata key of the years covered, `FROM,TO`.
const COVERAGE: &str = "coverage";

fn schema() -> Arc<Schema> {
    let f = |name: &str, t: DataType| Field::new(name, t, false);
    Arc::new(Schema::new(vec![
        f("part", DataType::UInt8),
        f("a", DataType::UInt16),
        f("b", DataType::UInt16),
        f("year", DataType::Int16),
        f("count", DataType::UInt16),
        f("bits", DataType::UInt8),
    ]))
}

fn column<T: Array + 'static>(batch: &RecordBatch, i: usize) -> Result<&T, PanelError> {
    batch.column(i).as_any().downcast_ref::<T>().ok_or_else(|| {
        PanelError::Arrow(format!(
            "kept alliance table: column {i} is of another type"
        ))
    })
}

fn arrow(e: impl std::fmt::Display) -> PanelError {
    PanelError::Arrow(format!("kept alliance table: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tables() -> impl Strategy<Value = AllianceTable> {
        let dyad = (any::<i16>(), any::<u16>(), any::<u16>(), any::<u8>()).prop_map(
            |(year, obligor, beneficiary, bits)| DyadBits {
                year,
                obligor,
                beneficiary,
                bits,
            },
        );
        (
            (any::<i16>(), any::<i16>()),
            prop::collection::vec(dyad, 0..50),
            prop::collection::vec(any::<(u16, i16, u16)>(), 0..50),
            prop::collection::vec(any::<(u16, i16, u16, u8)>(), 0..50),
        )
            .prop_map(|(coverage, mut dyads, mut memberships, mut members)| {
                dyads.sort_unstable();
                memberships.sort_unstable();
                members.sort_unstable();
                AllianceTable {
                    coverage,
                    dyads,
                    memberships,
                    members,
                }
            })
    }

    proptest! {
        /// The bytes the store keeps give back the table they were made of.
        #[test]
        fn bytes_give_back_the_table(t in tables()) {
            let back = AllianceTable::from_bytes(&t.to_bytes().unwrap()).unwrap();
            prop_assert_eq!(back, t);
        }

        /// The dyad-years of a range of years are exactly those whose year is in it.
        #[test]
        fn dyads_in_a_range_are_those_of_its_years(t in tables(), a in any::<i16>(), b in any::<i16>()) {
            let want: Vec<DyadBits> =
                t.dyads.iter().copied().filter(|d| a <= d.year && d.year <= b).collect();
            prop_assert_eq!(t.dyads_in(a, b), &want[..]);
        }
    }

    #[test]
    fn bytes_of_something_else_are_refused() {
        for bad in [&b""[..], b"not arrow", &[0xff; 64]] {
            assert!(AllianceTable::from_bytes(bad).is_err());
        }
    }
}
