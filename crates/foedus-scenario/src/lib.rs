//! Commitments in action: what a registry's agreements do when a war starts, and
//! what comes up in their lives.
//!
//! - [`casus`]: the casus foederis of an attack ([`CasusFoederis::index`], then
//!   [`CasusFoederis::evaluate`]): who is bound to act, to stay out or to consult,
//!   under which agreement, and on what condition.
//! - [`cascade`]: escalation cascades ([`simulate`]): partners of partners drawn in,
//!   commitments honoured with given probabilities, over many seeded runs.
//! - [`mod@calendar`]: the renewal and notice calendar ([`calendar()`]), and [`ics`], its
//!   RFC 5545 form.
//! - [`region`]: the places scenarios and conditions name.
//!
//! Everything here reads an immutable [`foedus_domain::registry::Registry`]; no I/O.

#![warn(missing_docs)]

pub mod calendar;
pub mod cascade;
pub mod casus;
pub mod ics;
pub mod region;
pub mod scenario;

pub use calendar::{Calendar, CalendarItem, calendar};
pub use cascade::{Honour, Possibly, SimOptions, Simulation, TriggerGraph, simulate};
pub use casus::{CasusFoederis, Evaluation, Finding, Side, Verdict};
pub use scenario::{Scenario, ScenarioError, Tri};
