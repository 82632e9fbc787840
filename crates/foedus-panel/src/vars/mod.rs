//! Variables added to panels, one source at a time.
//!
//! Each source implements [`Variables`]; panels call it through
//! [`crate::DyadYears::add`] and [`crate::StateYears::add`]. A new source is a
//! new implementation, with no change to the panel code.

mod atop;
mod dcad;
mod majors;
mod nmc;

use std::sync::Arc;

use foedus_dataset::arrow_array::{ArrayRef, Float64Array, Int32Array};
use foedus_domain::registry::Registry;

pub use atop::Atop;
pub use dcad::Dcad;
pub use majors::Majors;
pub use nmc::Nmc;

use crate::{Column, DyadYears, PanelError, StateYears};

/// A source of panel columns.
pub trait Variables {
    /// The name users give to `--add` (`atop`, `nmc`).
    fn name(&self) -> &'static str;

    /// Columns for a state-year panel, one value per row.
    fn state_year_columns(
        &self,
        registry: &Registry,
        panel: &StateYears,
    ) -> Result<Vec<Column>, PanelError>;

    /// Columns for a dyad-year panel, one value per row.
    fn dyad_year_columns(
        &self,
        registry: &Registry,
        panel: &DyadYears,
    ) -> Result<Vec<Column>, PanelError>;
}

/// The built-in sources, by the name `--add` takes.
pub fn builtin(name: &str) -> Option<Box<dyn Variables>> {
    match name {
        "atop" => Some(Box::new(Atop)),
        "dcad" => Some(Box::new(Dcad)),
        "nmc" => Some(Box::new(Nmc)),
        "majors" => Some(Box::new(Majors)),
        _ => None,
    }
}

/// The names [`builtin`] knows.
pub const BUILTIN: [&str; 4] = ["atop", "dcad", "nmc", "majors"];

pub(crate) fn require(
    registry: &Registry,
    what: &str,
    source: &'static str,
    command: &'static str,
) -> Result<(), PanelError> {
    if registry.has_source(source) {
        Ok(())
    } else {
        Err(PanelError::NotLoaded {
            what: what.into(),
            source_name: source,
            command,
        })
    }
}

pub(crate) fn ints(values: Vec<Option<i32>>) -> ArrayRef {
    Arc::new(Int32Array::from(values))
}

pub(crate) fn floats(values: Vec<Option<f64>>) -> ArrayRef {
    Arc::new(Float64Array::from(values))
}

/// The years a loaded source covers.
pub(crate) fn coverage(registry: &Registry, source: &str) -> Option<(i16, i16)> {
    registry.source(source).and_then(|s| s.span)
}

/// `k` empty columns with room for `n` values each.
pub(crate) fn empty_columns<T>(k: usize, n: usize) -> Vec<Vec<T>> {
    (0..k).map(|_| Vec::with_capacity(n)).collect()
}
