//! A registry built from the real datasets in ../shared/data, as the store would load it.

#![allow(dead_code)]

use foedus_domain::registry::Registry;
use foedus_import::Source;
pub use foedus_testdata::registry;

/// ATOP, COW states and NMC: the registry the historical replays run on.
pub fn atop() -> Option<Registry> {
    registry(&[
        (Source::Atop, "atop-5.1"),
        (Source::CowStates, "cow"),
        (Source::Nmc, "nmc"),
    ])
}
