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
//!
//! Years past the state system's last coded day (the COW system ends on
//! 2016-12-31) are built on its memberships carried forward to today
//! ([`foedus_domain::registry::carry_forward`]); [`coverage_note`] says so.

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
use foedus_domain::coverage::CoverageNote;
use foedus_domain::date::typed;
use foedus_domain::registry::Registry;
use foedus_domain::state::System;
use jiff::civil::Date;

pub use dyads::{DyadYears, create_dyad_years};
pub use membership::{Member, SystemYears, YearMembers};
pub use on_date::{DyadsOn, dyads_on, needs_on};
pub use states::{StateYears, create_state_years};
pub use vars::{Columns, Variables};

/// The panels' maps, keyed by small integers (COW codes, years) and hashed millions
/// of times per panel: foldhash, made for such keys, where the standard library's
/// SipHash was a twentieth of a panel's run (callgrind) and most of preparing the
/// conflict columns.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

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

    /// Writes the panel to a stream it may keep (stdout): see [`Writer::owned`].
    ///
    /// [`Writer::owned`]: foedus_dataset::Writer::owned
    fn write_to_owned<W: Write + Send + 'static>(
        &self,
        out: W,
        format: Format,
    ) -> Result<(), PanelError>;

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
            fn write_to_owned<W: Write + Send + 'static>(
                &self,
                out: W,
                format: Format,
            ) -> Result<(), PanelError> {
                <$panel>::write_to_owned(self, out, format)
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
    /// Today: the last day a panel may reach. Memberships a source coded to its last
    /// day are carried forward to it (right-censoring, as peacesciencer carries the
    /// 2016 COW system to 2024); later years are an error.
    pub today: Date,
}

impl Default for PanelOptions {
    /// The COW system's years 1816–2016, directed; `today` from the system clock.
    fn default() -> Self {
        PanelOptions {
            system: System::Cow,
            microstates: false,
            from: 1816,
            to: 2016,
            directed: true,
            today: jiff::ZonedDateTime::now().date(),
        }
    }
}

impl PanelOptions {
    /// Checks the years asked: the first year no earlier than
    /// [`typed::FIRST_YEAR`], the last no later than today, and in order.
    pub fn check_years(&self) -> Result<(), PanelError> {
        let (from, to) = (self.from, self.to);
        if let Some(year) = [from, to].into_iter().find(|y| *y < typed::FIRST_YEAR) {
            return Err(PanelError::YearOutOfRange {
                year,
                first: typed::FIRST_YEAR,
                last: self.today.year(),
            });
        }
        if to > self.today.year() {
            return Err(PanelError::PastToday {
                to,
                today: self.today,
            });
        }
        if from > to {
            return Err(PanelError::EmptyRange { from, to });
        }
        Ok(())
    }
}

/// The source that codes a state system (`cow-states`, `gw`).
pub fn system_source(system: System) -> &'static str {
    match system {
        System::Cow => "cow-states",
        System::Gw => "gw",
    }
}

/// The note a panel's answer carries when its years go past the data of its
/// system or of the variables added (`None` if every year is covered): the
/// system's memberships are carried forward, the variables missing.
pub fn coverage_note(
    registry: &Registry,
    options: &PanelOptions,
    vars: &[&dyn Variables],
) -> Option<CoverageNote> {
    let mut sources = vec![system_source(options.system)];
    sources.extend(vars.iter().flat_map(|v| v.sources().iter().copied()));
    registry
        .coverage()
        .past_in(options.from, options.to, &sources)
}

/// Why a panel cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum PanelError {
    /// The last year asked is after today: no source can say anything of it.
    #[error("{to} is after today ({today}): expected a year no later than {}", today.year())]
    PastToday {
        /// The last year asked.
        to: i16,
        /// Today.
        today: Date,
    },
    /// A year before the first year a date may name ([`typed::FIRST_YEAR`]).
    #[error("the year {year} is out of range: expected a year between {first} and {last}")]
    YearOutOfRange {
        /// The year asked.
        year: i16,
        /// The first year accepted.
        first: i16,
        /// The last year accepted (today's).
        last: i16,
    },
    /// The year range is empty or inverted.
    #[error("the year range {from}–{to} is empty: expected its first year no later than its last")]
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
        /// Why, in words (no command: each interface says how to load data).
        hint: String,
        /// The source that holds the system's membership (`cow-states`, `gw`).
        source_name: &'static str,
    },
    /// A source the variables need is not loaded.
    #[error("{what} needs the {source_name} data, which is not loaded")]
    NotLoaded {
        /// The variables asked for.
        what: String,
        /// The missing source (each interface says how to load it).
        source_name: &'static str,
    },
    /// The snapshot was loaded without a part the variables read: its loader
    /// loaded less than the variables' [`Variables::needs`].
    #[error("the snapshot was loaded without {what}")]
    NotInSnapshot {
        /// What is missing, in words.
        what: String,
    },
    /// The variables exist for dyad-years only.
    #[error("{what} is for dyad-years only: expected a dyad-year panel")]
    DyadsOnly {
        /// The variables asked for.
        what: String,
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
