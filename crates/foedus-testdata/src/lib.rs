//! Test support shared by the crates' tests and benchmarks: where the real
//! datasets are, and a registry imported from them.
//!
//! The datasets live in `../shared/data` beside the workspace and are never part
//! of it. A test that reads them (or needs Chromium, schemathesis or a Python
//! peer) is marked [`needs`], written above `#[test]`: on a machine without
//! them it is reported as ignored, with the reason, never passed untested.
//! The helpers here assume the data is there and panic, saying so, if it is not.

pub use foedus_testdata_macros::needs;

use std::path::{Path, PathBuf};

use foedus_domain::registry::Registry;
use foedus_import::{Input, Source, import, registry_of};

/// The workspace's root directory.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("the crate sits at crates/foedus-testdata")
        .to_path_buf()
}

/// The shared datasets: `../shared/data` beside the workspace.
///
/// For tests marked `#[needs(shared_data)]`; panics if the directory is
/// missing (it was there when the test was built, or the test was run with
/// `--include-ignored`).
pub fn shared_data_path() -> PathBuf {
    let p = workspace_root()
        .parent()
        .expect("the workspace has a parent directory")
        .join("shared/data");
    assert!(
        p.is_dir(),
        "{} is missing: this test needs the shared datasets beside the project \
         (it is marked #[needs(shared_data)] and runs only where they are)",
        p.display()
    );
    p
}

/// A registry holding the given sources (each with its directory under the
/// shared data), as the store would load it.
///
/// Panics, naming the source, if the data is missing or an import fails: the
/// real data must import.
pub fn registry(sources: &[(Source, &str)]) -> Registry {
    let dir = shared_data_path();
    registry_of(sources.iter().map(|&(s, sub)| {
        let input = Input::read(&dir.join(sub)).unwrap_or_else(|e| panic!("{s}: {e}"));
        (s, import(s, &input).unwrap_or_else(|e| panic!("{s}: {e}")))
    }))
}

/// The alliance registry with the conflict data (GML disputes, COW inter-state
/// wars): the registry the reliability record is checked on.
pub fn conflict_registry() -> Registry {
    registry(&[
        (Source::Atop, "atop-5.1"),
        (Source::CowStates, "cow"),
        (Source::CowMajors, "cow"),
        (Source::Nmc, "nmc"),
        (Source::GmlMid, "gml-mid-2.2.1"),
        (Source::CowWars, "cow"),
    ])
}

/// ATOP with COW states and NMC: the registry the panels, the similarity
/// measures and the historical scenarios are checked on.
pub fn alliance_registry() -> Registry {
    registry(&[
        (Source::Atop, "atop-5.1"),
        (Source::CowStates, "cow"),
        (Source::CowMajors, "cow"),
        (Source::Nmc, "nmc"),
    ])
}
