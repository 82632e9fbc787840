//! What the command-line tests share: the shared datasets, the binary on a
//! database of the test's own, and databases with real sources imported.

#![allow(dead_code)] // each test file uses its own part of this

use std::path::{Path, PathBuf};

use assert_cmd::Command;
pub use foedus_testdata::shared_data_path as data;

/// `foedus --db DB`, ignoring any `FOEDUS_DB` or `FOEDUS_DATABASE` of the environment.
pub fn foedus(db: &Path) -> Command {
    let mut c = Command::cargo_bin("foedus").unwrap();
    c.arg("--db")
        .arg(db)
        .env_remove("FOEDUS_DB")
        .env_remove("FOEDUS_DATABASE");
    c
}

/// The standard output of a command that must succeed (its stderr shown if not).
pub fn stdout(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A database in `dir` with the given (source, subdirectory of the shared data) imported.
pub fn imported(dir: &tempfile::TempDir, sources: &[(&str, &str)]) -> PathBuf {
    let data = data();
    let db = dir.path().join("r.sqlite");
    for (source, sub) in sources {
        foedus(&db)
            .args(["import", source])
            .arg(data.join(sub))
            .assert()
            .success();
    }
    db
}

/// A database in `dir` with every shared dataset imported (`foedus import all`).
pub fn imported_all(dir: &tempfile::TempDir) -> PathBuf {
    let data = data();
    let db = dir.path().join("r.sqlite");
    foedus(&db)
        .args(["import", "all"])
        .arg(&data)
        .assert()
        .success();
    db
}
