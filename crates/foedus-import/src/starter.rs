//! The starter registry: hand-written records of well-known agreements, built into
//! the binary so a new user's first command works offline.

use foedus_records::Known;
use include_dir::{Dir, include_dir};

use crate::Batch;
use crate::error::ImportError;
use crate::input::Input;

static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../registry/starter");

/// The source name the starter registry is stored under.
pub const SOURCE: &str = "starter";

/// The embedded record files (`*.toml`) and amendments (`amendments/*.toml`), as an
/// import input: each named by its path in the starter directory.
pub fn input() -> Input {
    let is_record = |f: &&include_dir::File<'_>| {
        f.path()
            .extension()
            .is_some_and(|e| e == "toml" || e == "json")
    };
    let mut files: Vec<(String, Vec<u8>)> = STARTER
        .files()
        .chain(
            STARTER
                .get_dir("amendments")
                .into_iter()
                .flat_map(|d| d.files()),
        )
        .filter(is_record)
        .map(|f| (f.path().display().to_string(), f.contents().to_vec()))
        .collect();
    files.sort();
    let mut input = Input::from_files(files);
    for f in &mut input.files {
        f.shown = format!("registry/starter/{}", f.name);
    }
    input
}

/// The starter files' names and digests, cheap to compute: enough to tell whether
/// the registry already holds this build's starter records.
pub fn files() -> Vec<crate::FileDigest> {
    input()
        .files
        .iter()
        .map(|f| crate::FileDigest {
            name: f.name.clone(),
            sha256: f.sha256(),
            bytes: f.bytes.len() as u64,
        })
        .collect()
}

/// The starter registry as a batch (empty if the build has no starter records).
pub fn batch() -> Result<Batch, ImportError> {
    let input = input();
    if input.files.is_empty() {
        return Ok(Batch {
            version: "empty".into(),
            ..Batch::default()
        });
    }
    crate::records::read(&input, &Known::crosswalk())
}
