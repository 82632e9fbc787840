//! Test support shared by the crates' tests and benchmarks: where the real
//! datasets are, a registry imported from them, and whether a Python peer can run.
//!
//! The datasets live in `../shared/data` beside the workspace and are never part
//! of it; a test that reads them is skipped, saying so, on a machine without them.
//! A peer comparison fails with the command that installs the peer, unless
//! `FOEDUS_SKIP_PEERS=1` says to skip it.

use std::path::PathBuf;
use std::process::Command;

use foedus_domain::registry::Registry;
use foedus_import::{Input, Source, import, registry_of};

/// The workspace's root directory.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// Where the shared datasets belong: `../shared/data` beside the workspace.
pub fn shared_data_path() -> PathBuf {
    workspace_root().join("../shared/data")
}

/// [`shared_data_path`] if it is there, or `None` (with a note on stderr).
pub fn shared_data() -> Option<PathBuf> {
    let p = shared_data_path();
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

/// A registry holding the given sources (each with its directory under the
/// shared data), as the store would load it; `None` without the data.
///
/// Panics, naming the source, if an import fails: the real data must import.
pub fn registry(sources: &[(Source, &str)]) -> Option<Registry> {
    let dir = shared_data()?;
    Some(registry_of(sources.iter().map(|&(s, sub)| {
        let input = Input::read(&dir.join(sub)).unwrap_or_else(|e| panic!("{s}: {e}"));
        (s, import(s, &input).unwrap_or_else(|e| panic!("{s}: {e}")))
    })))
}

/// ATOP with COW states and NMC: the registry the panels, the similarity
/// measures and the historical scenarios are checked on; `None` without the data.
pub fn alliance_registry() -> Option<Registry> {
    registry(&[
        (Source::Atop, "atop-5.1"),
        (Source::CowStates, "cow"),
        (Source::CowMajors, "cow"),
        (Source::Nmc, "nmc"),
    ])
}

/// True if `python3` can import every module in `modules` (a peer can run).
///
/// Returns false when `FOEDUS_SKIP_PEERS=1`; otherwise panics with `install`,
/// the command that provides the modules, if they are missing.
pub fn python_with(modules: &str, install: &str) -> bool {
    if std::env::var("FOEDUS_SKIP_PEERS").as_deref() == Ok("1") {
        eprintln!("skipped: FOEDUS_SKIP_PEERS=1");
        return false;
    }
    let ok = Command::new("python3")
        .args(["-c", &format!("import {modules}")])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "the peer needs python3 with {modules}: {install} \
         (or pip install -r peers/requirements.txt); set FOEDUS_SKIP_PEERS=1 to skip"
    );
    true
}
