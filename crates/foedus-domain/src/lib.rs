//! The foedus domain model and the treaty-law lifecycle engine.
//!
//! Everything here is plain data and pure functions: no files, no network, no
//! database. Importers build these types, the store persists them, analyses
//! read them.
//!
//! - [`date`]: dates that carry their precision ([`date::PartialDate`]) and treaty periods.
//! - [`state`]: states, their codes and system membership.
//! - [`agreement`]: agreements, parties, clauses, events, notices.
//! - [`obligation`]: directed obligations and their conditions.
//! - [`lifecycle`]: the engine that replays an agreement's life under the law of treaties.
//! - [`provenance`]: where every fact came from.

#![warn(missing_docs)]

pub mod agreement;
pub mod codes;
pub mod date;
pub mod lifecycle;
pub mod obligation;
pub mod provenance;
pub mod registry;
pub mod state;
pub mod wire;

pub use agreement::{Agreement, AgreementId};
pub use date::{PartialDate, Period};
pub use obligation::{Condition, Obligation, ObligationKind};
pub use state::{Ccode, State};
