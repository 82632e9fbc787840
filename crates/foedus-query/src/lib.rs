//! The questions the CLI and the HTTP service both answer, asked once.
//!
//! - [`state`]: the state a user names (COW number, abbreviation, ISO alpha-3 code,
//!   name or alias), and states matching a text, best first.
//! - [`agreements`]: the agreement list's filters (party, partner, family,
//!   obligation type, in force on a date, bilateral, one source's own records, text)
//!   and what a row says (status, signature, sources).
//! - [`mod@commitments`]: a state's agreements over time and its partners on a date.
//! - [`honour`]: how a cascade's commitments are honoured: probabilities, or
//!   `empirical` (the reliability record's rates); what possibly triggered
//!   obligations count as.
//! - [`scenario`]: an attack as a user types it (borrowed, or owned as an
//!   [`Attack`]), checked into a [`foedus_scenario::Scenario`].
//! - [`upcoming`]: an agreement's dates ahead, in the one wording.
//! - [`coverage`]: which years the loaded data let an analysis cover.
//!
//! Errors are typed and name what is wrong or missing ([`QueryError`],
//! [`StateError`]); they never tell anyone to run a command: each interface words
//! its own hint. No I/O: everything reads an immutable
//! [`foedus_domain::registry::Registry`].

#![warn(missing_docs)]

pub mod agreements;
pub mod commitments;
pub mod coverage;
pub mod error;
pub mod honour;
pub mod lifecycles;
pub mod scenario;
pub mod state;
pub mod upcoming;

pub use agreements::{Filter, FilterInput, Listed, list};
pub use commitments::{Commitment, Commitments, Partner, commitments};
pub use error::{QueryError, StateError};
pub use honour::{HonourAll, HonourAsked};
pub use lifecycles::{Lifecycles, Replay, Replayed, horizon};
pub use scenario::{Attack, ScenarioInput, parse_scenario};
pub use state::{matching_states, resolve_state};

#[cfg(test)]
mod tests {
    use foedus_domain::registry::Registry;
    use foedus_import::starter;

    /// The starter registry built into foedus, as the store would load it alone.
    pub fn starter() -> Registry {
        foedus_import::registry_named([(
            starter::SOURCE.to_string(),
            starter::batch().expect("the starter registry imports"),
        )])
    }
}
