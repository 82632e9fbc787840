//! Variables added to panels, one source at a time.
//!
//! Each source implements [`Variables`]: given the registry and a panel, it
//! prepares whatever it needs once (lookups by year and member) and returns
//! [`Columns`] that compute its values for any range of panel rows, so a panel
//! of millions of rows is written in chunks without ever holding every column
//! in memory. A new source is a new implementation, with no change to the
//! panel code; [`Materialized`] serves sources that compute everything at once.

mod atop;
mod conflict;
mod dcad;
mod democracy;
mod geography;
mod majors;
mod member_years;
mod nmc;
mod per_row;
mod rivalries;

use std::ops::Range;
use std::sync::Arc;

use foedus_dataset::arrow_array::types::Int32Type;
use foedus_dataset::arrow_array::{Array, ArrayRef, DictionaryArray, Int32Array};
use foedus_dataset::{DataType, Field};
use foedus_domain::contents::Contents;
use foedus_domain::registry::Registry;

pub use atop::{Atop, AtopDyadic};
pub use conflict::{CowWars, GmlMids, PeaceYears};
pub(crate) use conflict::{GML, disputes_on};
pub use dcad::Dcad;
pub use democracy::Democracy;
pub use geography::{CapitalDistance, Contiguity};
pub use majors::Majors;
pub use nmc::Nmc;
pub use rivalries::Rivalries;

use crate::{Column, DyadYears, PanelError, StateYears};

/// A source of panel columns.
pub trait Variables {
    /// The name users give to `--add` (`atop`, `nmc`).
    fn name(&self) -> &'static str;

    /// The loaded sources its values come from (`atop`, `cow-majors`): past their
    /// coverage its values are missing, and the panel's note says so.
    fn sources(&self) -> &'static [&'static str] {
        &[]
    }

    /// The parts of the registry its values are computed from (states and the
    /// list of sources are always loaded): a snapshot holding these answers it.
    /// Everything unless an implementation says less.
    fn needs(&self) -> Contents {
        Contents::everything()
    }

    /// Prepares this source's columns for a state-year panel.
    fn state_years(
        &self,
        registry: &Registry,
        panel: &StateYears,
    ) -> Result<Box<dyn Columns<StateYears>>, PanelError>;

    /// Prepares this source's columns for a dyad-year panel.
    fn dyad_years(
        &self,
        registry: &Registry,
        panel: &DyadYears,
    ) -> Result<Box<dyn Columns<DyadYears>>, PanelError>;
}

/// Prepared columns of one source, computed for any range of a panel's rows.
pub trait Columns<P>: Send + Sync {
    /// The columns' names and types.
    fn fields(&self) -> Vec<Field>;

    /// The values for `rows` of `panel`, one array per field.
    fn compute(&self, panel: &P, rows: Range<usize>) -> Vec<ArrayRef>;
}

/// Columns computed in full up front, served by slicing.
pub struct Materialized(pub Vec<Column>);

impl<P> Columns<P> for Materialized {
    fn fields(&self) -> Vec<Field> {
        self.0.iter().map(Column::field).collect()
    }

    fn compute(&self, _: &P, rows: Range<usize>) -> Vec<ArrayRef> {
        self.0
            .iter()
            .map(|c| c.array.slice(rows.start, rows.len()))
            .collect()
    }
}

/// The built-in sources, by the name `--add` takes.
pub fn builtin(name: &str) -> Option<Box<dyn Variables>> {
    match name {
        "atop" => Some(Box::new(Atop)),
        "atop-dyadic" => Some(Box::new(AtopDyadic)),
        "dcad" => Some(Box::new(Dcad)),
        "nmc" => Some(Box::new(Nmc)),
        "majors" => Some(Box::new(Majors)),
        "gml_mids" => Some(Box::new(GmlMids)),
        "cow_wars" => Some(Box::new(CowWars)),
        "peace_years" => Some(Box::new(PeaceYears)),
        "contiguity" => Some(Box::new(Contiguity)),
        "capital_distance" => Some(Box::new(CapitalDistance)),
        "democracy" => Some(Box::new(Democracy)),
        "rivalries" => Some(Box::new(Rivalries)),
        _ => None,
    }
}

/// The names [`builtin`] knows.
pub const BUILTIN: [&str; 12] = [
    "atop",
    "atop-dyadic",
    "dcad",
    "nmc",
    "majors",
    "gml_mids",
    "cow_wars",
    "peace_years",
    "contiguity",
    "capital_distance",
    "democracy",
    "rivalries",
];

/// What a panel of these variables reads from the registry: the union of their
/// [`Variables::needs`] (nothing beyond states and sources for no variables).
pub fn needs(vars: &[Box<dyn Variables>]) -> Contents {
    vars.iter()
        .fold(Contents::nothing(), |c, v| c.union(&v.needs()))
}

/// An error unless `registry` holds what `vars` reads.
pub(crate) fn check_needs(registry: &Registry, vars: &dyn Variables) -> Result<(), PanelError> {
    if registry.contents().covers(&vars.needs()) {
        Ok(())
    } else {
        Err(PanelError::NotInSnapshot {
            what: format!("what the {} variables read", vars.name()),
        })
    }
}

pub(crate) fn require(
    registry: &Registry,
    what: &str,
    source: &'static str,
) -> Result<(), PanelError> {
    if registry.has_source(source) {
        Ok(())
    } else {
        Err(PanelError::NotLoaded {
            what: what.into(),
            source_name: source,
        })
    }
}

pub(crate) fn ints(values: Vec<Option<i32>>) -> ArrayRef {
    Arc::new(Int32Array::from(values))
}

/// Dictionary columns on one array of keys, one column per array of values: a
/// source's columns whose rows index the same entries (a state's member-years, a
/// dyad's pattern of obligations). The keys are checked once, against the first
/// values; the Parquet writer encodes the columns' shared pages once.
pub(crate) fn on_keys(keys: Int32Array, values: &[ArrayRef]) -> Vec<ArrayRef> {
    let Some(first) = values.first() else {
        return Vec::new();
    };
    let first = DictionaryArray::<Int32Type>::try_new(keys, first.clone())
        .expect("keys index their values");
    values
        .iter()
        .map(|v| Arc::new(first.with_values(v.clone())) as ArrayRef)
        .collect()
}

/// The type of an [`on_keys`] column whose values are of type `values`.
pub(crate) fn keyed(values: DataType) -> DataType {
    DataType::Dictionary(Box::new(DataType::Int32), Box::new(values))
}

pub(crate) fn int_fields(names: &[&str]) -> Vec<Field> {
    names
        .iter()
        .map(|n| Field::new(*n, foedus_dataset::DataType::Int32, true))
        .collect()
}

/// The years a loaded source covers.
pub(crate) fn coverage(registry: &Registry, source: &str) -> Option<(i16, i16)> {
    registry.source(source).and_then(|s| s.span)
}

/// `k` empty columns with room for `n` values each.
pub(crate) fn empty_columns<T>(k: usize, n: usize) -> Vec<Vec<T>> {
    (0..k).map(|_| Vec::with_capacity(n)).collect()
}
