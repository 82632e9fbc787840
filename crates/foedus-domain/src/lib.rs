//! The foedus domain model and the treaty-law lifecycle engine.
//!
//! Everything here is plain data and pure functions: no files, no network, no
//! database. Importers build these types, the store persists them, analyses
//! read them.
//!
//! - [`date`]: dates that carry their precision ([`date::PartialDate`]) and treaty periods.
//! - [`state`]: states, their codes and system membership.
//! - [`actions`]: each party's treaty actions (signature, consent, deposit, reservations, notices).
//! - [`agreement`]: agreements, parties, clauses, events, notices.
//! - [`obligation`]: directed obligations and their conditions.
//! - [`lifecycle`]: the engine that replays an agreement's life under the law of treaties.
//! - [`history`]: disputes, wars, contiguity, capitals, democracy and rivalries.
//! - [`provenance`]: where every fact came from.
//! - [`quote`]: input quoted in error messages, escaped and cut.
//! - [`amendment`]: curated corrections of another source's agreement.
//! - [`reconcile`]: one agreement per treaty from every source's record of it.
//! - [`registry`]: the immutable snapshot analyses run on.
//! - [`contents`]: the parts of the registry a snapshot was loaded with.
//! - [`derived`]: values computed from a snapshot once and kept with it.
//! - [`coverage`]: how far each dataset reaches, and the note for answers past it.

#![warn(missing_docs)]

pub mod actions;
pub mod agreement;
pub mod amendment;
pub mod codes;
pub mod contents;
pub mod coverage;
pub mod date;
pub mod derived;
pub mod history;
pub mod lifecycle;
pub mod obligation;
pub mod provenance;
pub mod quote;
pub mod reconcile;
pub mod registry;
pub mod search;
pub mod state;
pub mod wire;

pub use agreement::{Agreement, AgreementId};
pub use date::{PartialDate, Period};
pub use obligation::{Condition, Obligation, ObligationKind};
pub use state::{Ccode, State};
