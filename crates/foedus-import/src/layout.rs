//! A directory laid out like the shared data (`atop-5.1/`, `cow/`, `gw/`, ...): every
//! source found in it, read into batches. What `foedus import all DIR` and the
//! language packages' `import` read.

use std::path::Path;

use foedus_records::Known;

use crate::{Batch, ImportError, Input, Limits, Source};

/// Which sources live in which subdirectory.
const LAYOUT: [(&str, &[Source]); 9] = [
    ("cow", &[Source::CowStates, Source::CowMajors]),
    ("gw", &[Source::Gw]),
    ("nmc", &[Source::Nmc]),
    ("atop-5.1", &[Source::Atop]),
    ("dcad", &[Source::Dcad]),
    ("gml-mid-2.2.1", &[Source::GmlMid]),
    (
        "cow",
        &[Source::CowWars, Source::CowContiguity, Source::Capitals],
    ),
    ("democracy", &[Source::Democracy]),
    ("rivalries", &[Source::Rivalries]),
];

/// Sources read only when their file is in the directory (the conflict and geography
/// data came later than the rest of the layout).
const IF_PRESENT: [Source; 6] = [
    Source::GmlMid,
    Source::CowWars,
    Source::CowContiguity,
    Source::Capitals,
    Source::Democracy,
    Source::Rivalries,
];

/// What a data directory held: each source's batch, under its name, and what was
/// not there.
#[derive(Debug, Default)]
pub struct DataDir {
    /// Each source read, by the name it is stored under.
    pub batches: Vec<(String, Batch)>,
    /// What was skipped and why (`gw/: not found`), in the layout's order.
    pub skipped: Vec<String>,
}

/// The subdirectories of the layout, as an error shows them (`cow/, gw/, ...`).
pub fn expected_layout() -> String {
    let mut dirs: Vec<&str> = Vec::new();
    for (d, _) in LAYOUT {
        if !dirs.contains(&d) {
            dirs.push(d);
        }
    }
    dirs.iter()
        .map(|d| format!("{d}/"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads every source a data directory holds, within `limits`; `reading` is told
/// each subdirectory before it is read (an interface shows progress). Fails on the
/// first source that does not import, or if the directory holds none.
pub fn read_dir(
    dir: &Path,
    limits: &Limits,
    reading: &mut dyn FnMut(&Path),
) -> Result<DataDir, ImportError> {
    let shown = dir.display().to_string();
    if !dir.is_dir() {
        return Err(ImportError::file(
            &shown,
            "no directory there",
            format!(
                "a directory laid out like the shared data ({})",
                expected_layout()
            ),
        ));
    }
    let mut out = DataDir::default();
    for (sub, sources) in LAYOUT {
        let path = dir.join(sub);
        if !path.is_dir() {
            let note = format!("{}: not found", path.display());
            if !out.skipped.contains(&note) {
                out.skipped.push(note);
            }
            continue;
        }
        reading(&path);
        let input = Input::read_within(&path, limits)?;
        for &source in sources {
            if IF_PRESENT.contains(&source) && !source.present_in(&input) {
                out.skipped
                    .push(format!("{source}: no file for it in {}", path.display()));
                continue;
            }
            out.batches
                .push((source.name().to_string(), read_source(source, &input)?));
        }
    }
    if out.batches.is_empty() {
        return Err(ImportError::file(
            &shown,
            format!("none of {}", expected_layout()),
            "a directory laid out like the shared data",
        ));
    }
    Ok(out)
}

/// Reads one source from an input: a dataset by its importer, hand-written records
/// against the built-in crosswalk of state codes.
pub fn read_source(source: Source, input: &Input) -> Result<Batch, ImportError> {
    match source {
        Source::Records => crate::records::read(input, &Known::crosswalk()),
        other => crate::import(other, input),
    }
}
