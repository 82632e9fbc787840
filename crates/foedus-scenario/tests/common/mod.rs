//! A registry built from the real datasets in ../shared/data, as the store would load it.

#![allow(dead_code)]

use std::path::PathBuf;

use foedus_domain::registry::Registry;
use foedus_import::{Input, Source, import, registry_of};

pub fn data() -> Option<PathBuf> {
    let p = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"));
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!(
            "skipped: {} is missing (the shared datasets are not beside the project)",
            p.display()
        );
        None
    }
}

/// A registry holding the given sources.
pub fn registry(sources: &[(Source, &str)]) -> Option<Registry> {
    let dir = data()?;
    Some(registry_of(sources.iter().map(|&(s, sub)| {
        let input = Input::read(&dir.join(sub)).unwrap();
        (s, import(s, &input).unwrap_or_else(|e| panic!("{s}: {e}")))
    })))
}

/// ATOP, COW states and NMC: the registry the historical replays run on.
pub fn atop() -> Option<Registry> {
    registry(&[
        (Source::Atop, "atop-5.1"),
        (Source::CowStates, "cow"),
        (Source::Nmc, "nmc"),
    ])
}
