//! The foedus engine as one library for every interface.
//!
//! The CLI, the R package and the Python package open the registry, import data
//! and ask for tables through these functions, so that no interface builds an
//! answer of its own:
//!
//! - [`open`]: the database (SQLite path or PostgreSQL URL), created with the
//!   built-in starter records on first use; the snapshot ([`load`]); writing
//!   imported batches; a data directory imported in one transaction.
//! - [`panels`]: a state-year or dyad-year panel with variables added by name
//!   ([`variables`]), as Arrow batches with plain columns ([`Table`]).
//! - [`ask`]: the questions as a user types them (an attack, a filter, a window
//!   of dates), answered as tables.
//! - [`tables`]: the answers that are lists (obligations on an attack, agreements,
//!   calendar, cascade results) as tables with the columns the CLI prints.
//! - [`track`]: an agreement's or a state's record of honouring its commitments in
//!   the wars and disputes the registry holds.
//!
//! ```no_run
//! use foedus_engine::{PanelRequest, Unit, load, panel};
//! # fn demo() -> Result<(), foedus_engine::EngineError> {
//! let registry = load(None)?;
//! let request = PanelRequest {
//!     unit: Unit::DyadYear,
//!     options: Default::default(),
//!     add: vec!["atop".into(), "nmc".into()],
//!     on: None,
//! };
//! let table = panel(&registry, &request)?;
//! println!("{} rows", table.rows());
//! # Ok(()) }
//! ```
//!
//! Errors ([`EngineError`]) name what is wrong, the value given and what was
//! expected; each interface words its own hint (a flag, an argument).

#![warn(missing_docs)]

pub mod ask;
pub mod open;
pub mod panels;
pub mod tables;
pub mod track;

pub use open::{
    Opened, contribution, import_dir, load, load_for, load_needed, open_store, write_batch,
    write_batches,
};
pub use panels::{PanelRequest, Table, Unit, panel, request_variables, variable_names, variables};

/// Why the engine could not answer.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The database could not be opened, read or written.
    #[error(transparent)]
    Store(#[from] foedus_store::StoreError),
    /// An input could not be imported.
    #[error(transparent)]
    Import(#[from] foedus_import::ImportError),
    /// The built-in starter registry did not import (a build defect).
    #[error("the built-in starter registry is invalid: {0}")]
    Starter(foedus_import::ImportError),
    /// A panel could not be built.
    #[error(transparent)]
    Panel(#[from] foedus_panel::PanelError),
    /// A question was asked with a value the query layer rejects.
    #[error(transparent)]
    Query(#[from] foedus_query::QueryError),
    /// A scenario, a calendar or a simulation could not be computed.
    #[error(transparent)]
    Scenario(#[from] foedus_scenario::ScenarioError),
    /// Similarity could not be computed.
    #[error(transparent)]
    Similarity(#[from] foedus_similarity::SimilarityError),
    /// Networks could not be built.
    #[error(transparent)]
    Network(#[from] foedus_network::NetworkError),
    /// Variables no source provides.
    #[error(
        "unknown variables {}: expected one of {expected}",
        foedus_domain::quote::quote(given)
    )]
    UnknownVariables {
        /// What was asked.
        given: String,
        /// The names known.
        expected: String,
    },
    /// The same variables asked for twice.
    #[error("{} is given twice: expected each variable once", foedus_domain::quote::quote(.0))]
    VariablesTwice(String),
    /// A kind of calendar date that does not exist.
    #[error(
        "unknown kind of date {}: expected one of {expected}",
        foedus_domain::quote::quote(given)
    )]
    UnknownKind {
        /// What was asked.
        given: String,
        /// The kinds known.
        expected: String,
    },
    /// A day's dyads were asked of a state-year panel.
    #[error("a panel on one day is a dyad panel: expected dyad-years")]
    OnDateForStates,
    /// An option given a value it does not take, named by its argument.
    #[error("{argument}: {message}")]
    Invalid {
        /// The argument, as the language packages name it.
        argument: &'static str,
        /// What was given and what it takes, in words.
        message: String,
    },
    /// A table could not be assembled.
    #[error("cannot assemble the table: {0}")]
    Arrow(String),
}
