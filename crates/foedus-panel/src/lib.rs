//! Research panels: every state-year or dyad-year of a state system, with
//! variables added to it.
//!
//! The grammar is peacesciencer's: create a panel, then add variables.
//!
//! ```no_run
//! use foedus_domain::state::System;
//! use foedus_panel::{PanelOptions, create_dyad_years, vars};
//! # fn demo(registry: &foedus_domain::registry::Registry) -> Result<(), foedus_panel::PanelError> {
//! let options = PanelOptions { system: System::Cow, from: 1816, to: 2016, ..PanelOptions::default() };
//! let mut panel = create_dyad_years(registry, &options)?;
//! panel.add(registry, &vars::Atop)?;
//! panel.add(registry, &vars::Nmc)?;
//! panel.write(std::path::Path::new("dyads.parquet"))?;
//! # Ok(()) }
//! ```
//!
//! Rules (DOMAIN.md section 3): a state-year for every year of a membership
//! spell; a dyad-year for every pair of members in the year, except pairs that
//! were both members that year but never on the same day (false dyads).
//! Directed panels hold (A, B) and (B, A); undirected ones keep `code1 < code2`.
//! Values outside a source's years are missing, never 0.

#![warn(missing_docs)]

pub mod alliance;
mod dyads;
pub mod in_force;
mod membership;
mod on_date;
mod states;
pub mod vars;

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use foedus_dataset::arrow_array::ArrayRef;
use foedus_dataset::{Field, Format};
use foedus_domain::registry::Registry;
use foedus_domain::state::System;

pub use dyads::{DyadYears, create_dyad_years};
pub use membership::{Member, SystemYears, YearMembers};
pub use on_date::{DyadsOn, dyads_on};
pub use states::{StateYears, create_state_years};
pub use vars::{Columns, Variables};

/// Rows per chunk when a panel is written: one Parquet row group each.
///
/// Measured on the full dyad-year panel (1.9 million rows, 23 columns): 2^16 rows
/// took 0.39 s end to end against 0.47 s for 2^18, because a chunk's arrays and
/// encoders then fit in memory the allocator already has, where larger chunks
/// keep asking the kernel for fresh (zeroed) pages.
pub const CHUNK: usize = 1 << 16;

/// What the state-year and dyad-year panels share, so that an interface builds
/// either with one piece of code: create it, add variables, write it.
///
/// ```no_run
/// use foedus_panel::{DyadYears, Panel, PanelOptions, vars};
/// # fn demo(registry: &foedus_domain::registry::Registry) -> Result<(), foedus_panel::PanelError> {
/// let add = [vars::builtin("atop").unwrap()];
/// let panel = DyadYears::create_with(registry, &PanelOptions::default(), &add)?;
/// panel.write(std::path::Path::new("dyads.parquet"))?;
/// # Ok(()) }
/// ```
pub trait Panel: Sized + Send + Sync {
    /// Creates the panel: [`create_state_years`] or [`create_dyad_years`].
    fn create(registry: &Registry, options: &PanelOptions) -> Result<Self, PanelError>;

    /// Adds a source's columns.
    fn add(&mut self, registry: &Registry, vars: &dyn Variables) -> Result<(), PanelError>;

    /// Writes the panel to a `.csv` or `.parquet` file; a failure leaves no file.
    fn write(&self, path: &Path) -> Result<(), PanelError>;

    /// Writes the panel to a stream (stdout, an HTTP body).
    fn write_to<W: Write + Send>(&self, out: W, format: Format) -> Result<(), PanelError>;

    /// The number of rows.
    fn len(&self) -> usize;

    /// True if the panel has no rows.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Creates the panel and adds each source's variables in turn.
    fn create_with(
        registry: &Registry,
        options: &PanelOptions,
        vars: &[Box<dyn Variables>],
    ) -> Result<Self, PanelError> {
        let mut panel = Self::create(registry, options)?;
        for v in vars {
            panel.add(registry, v.as_ref())?;
        }
        Ok(panel)
    }
}

/// Implements [`Panel`] by the panel type's own functions.
macro_rules! panel {
    ($panel:ty, $create:path) => {
        impl Panel for $panel {
            fn create(registry: &Registry, options: &PanelOptions) -> Result<Self, PanelError> {
                $create(registry, options)
            }
            fn add(&mut self, registry: &Registry, vars: &dyn Variables) -> Result<(), PanelError> {
                <$panel>::add(self, registry, vars)
            }
            fn write(&self, path: &Path) -> Result<(), PanelError> {
                <$panel>::write(self, path)
            }
            fn write_to<W: Write + Send>(&self, out: W, format: Format) -> Result<(), PanelError> {
                <$panel>::write_to(self, out, format)
            }
            fn len(&self) -> usize {
                <$panel>::len(self)
            }
        }
    };
}

panel!(StateYears, create_state_years);
panel!(DyadYears, create_dyad_years);

/// What panel to build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PanelOptions {
    /// The state system.
    pub system: System,
    /// Include Gleditsch–Ward microstates.
    pub microstates: bool,
    /// First year.
    pub from: i16,
    /// Last year (inclusive).
    pub to: i16,
    /// Directed dyads (both orders), as peacesciencer's default.
    pub directed: bool,
}

impl Default for PanelOptions {
    fn default() -> Self {
        PanelOptions {
            system: System::Cow,
            microstates: false,
            from: 1816,
            to: 2016,
            directed: true,
        }
    }
}

/// Why a panel cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum PanelError {
    /// The year range is empty or inverted.
    #[error("the year range {from}–{to} is empty: expected --from no later than --to")]
    EmptyRange {
        /// First year asked.
        from: i16,
        /// Last year asked.
        to: i16,
    },
    /// No membership data for the system in the years asked.
    #[error("no {system} system membership in {from}–{to}: {hint}")]
    NoMembers {
        /// The system.
        system: &'static str,
        /// First year asked.
        from: i16,
        /// Last year asked.
        to: i16,
        /// What to do.
        hint: String,
    },
    /// A source the variables need is not loaded.
    #[error("{what} needs the {source_name} data, which is not loaded: run `{command}`")]
    NotLoaded {
        /// The variables asked for.
        what: String,
        /// The missing source.
        source_name: &'static str,
        /// The command that loads it.
        command: &'static str,
    },
    /// The panel could not be written.
    #[error(transparent)]
    Write(#[from] foedus_dataset::WriteError),
    /// An array could not be assembled.
    #[error("cannot assemble the panel: {0}")]
    Arrow(String),
}

/// A named column added to a panel.
pub struct Column {
    /// The column name (peacesciencer's where it has one).
    pub name: String,
    /// The values, one per panel row.
    pub array: ArrayRef,
}

impl Column {
    /// A column from a name and array.
    pub fn new(name: impl Into<String>, array: ArrayRef) -> Column {
        Column {
            name: name.into(),
            array,
        }
    }

    pub(crate) fn field(&self) -> Field {
        Field::new(&self.name, self.array.data_type().clone(), true)
    }
}

/// Turns columns into a record batch.
fn record_batch(columns: &[Column]) -> Result<foedus_dataset::RecordBatch, PanelError> {
    let schema = Arc::new(foedus_dataset::Schema::new(
        columns.iter().map(Column::field).collect::<Vec<_>>(),
    ));
    foedus_dataset::RecordBatch::try_new(schema, columns.iter().map(|c| c.array.clone()).collect())
        .map_err(|e| PanelError::Arrow(e.to_string()))
}

/// The key column names of a system: `ccode` or `gwcode`.
pub fn code_name(system: System) -> &'static str {
    match system {
        System::Cow => "ccode",
        System::Gw => "gwcode",
    }
}

fn int32(values: impl Iterator<Item = i32>) -> ArrayRef {
    Arc::new(foedus_dataset::arrow_array::Int32Array::from_iter_values(
        values,
    ))
}
