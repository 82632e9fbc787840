//! Commitments in action: what a registry's agreements do when a war starts, and
//! what comes up in their lives.
//!
//! - [`casus`]: the casus foederis of an attack ([`CasusFoederis::index`], then
//!   [`CasusFoederis::evaluate`]): who is bound to act, to stay out or to consult,
//!   under which agreement, and on what condition.
//! - [`cascade`]: escalation cascades ([`simulate`]): partners of partners drawn in,
//!   commitments honoured with given probabilities, over many seeded runs.
//! - [`empirical`]: honouring rates for cascades from the reliability record,
//!   by type and era, shrunk toward each agreement's own record.
//! - [`reliability`]: the reliability record ([`reliability::record`]): every
//!   commitment a war or dispute put to the test, honoured, violated, not triggered
//!   or undetermined, with rates.
//! - [`mod@calendar`]: the renewal and notice calendar ([`calendar()`]), and [`ics`], its
//!   RFC 5545 form.
//! - [`region`]: the places scenarios and conditions name.
//!
//! Everything here reads an immutable [`foedus_domain::registry::Registry`]; no I/O.

#![warn(missing_docs)]

pub mod calendar;
pub mod cascade;
pub mod casus;
pub mod empirical;
pub mod ics;
pub mod region;
pub mod reliability;
pub mod scenario;

pub use calendar::{Calendar, CalendarItem, calendar};
pub use cascade::{
    Honour, Possibly, SimOptions, Simulation, TriggerGraph, Watch, simulate, simulate_watched,
};
pub use casus::{CasusFoederis, Evaluation, Finding, Side, Verdict};
pub use scenario::{Scenario, ScenarioError, Tri};
