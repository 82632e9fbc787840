//! Hand-written agreement records (TOML or JSON files), imported as a source.

use foedus_records::{Format, Known, parse, validate};

use crate::Batch;
use crate::error::{ImportError, Location};
use crate::input::Input;

/// Reads every `.toml` and `.json` record in `input`; all must be valid.
///
/// The version is a digest of the records' contents, so the same files
/// re-imported change nothing and an edited file counts as a new version.
pub fn read(input: &Input, known: &Known) -> Result<Batch, ImportError> {
    let mut batch = Batch {
        kept_current: true,
        ..Batch::default()
    };
    let mut ids = std::collections::BTreeMap::new();
    let files: Vec<_> = input
        .files
        .iter()
        .filter(|f| Format::from_path(std::path::Path::new(&f.name)).is_some())
        .collect();
    if files.is_empty() {
        return Err(ImportError::file(
            &input.names(),
            format!("no record files ({})", input.names()),
            "agreement records ending in .toml or .json",
        ));
    }
    for f in &files {
        let format = Format::from_path(std::path::Path::new(&f.name)).expect("filtered above");
        let text = std::str::from_utf8(&f.bytes).map_err(|_| {
            ImportError::file(&f.shown, "bytes that are not UTF-8", "a UTF-8 text file")
        })?;
        let agreement = parse(&f.shown, text, format).map_err(|e| ImportError {
            at: Location {
                file: f.shown.clone(),
                line: Some(e.line as u64),
                column: e.field.clone(),
            },
            found: e.message.clone(),
            expected: "a valid agreement record (see docs/records.md)".into(),
        })?;
        if let Some(p) = validate(&agreement, known).into_iter().next() {
            return Err(ImportError {
                at: Location {
                    file: f.shown.clone(),
                    line: None,
                    column: Some(p.field.clone()),
                },
                found: p.found.clone(),
                expected: match &p.rule {
                    Some(r) => format!("{} [{r}]", p.expected),
                    None => p.expected.clone(),
                },
            });
        }
        if let Some(other) = ids.insert(agreement.id.clone(), f.shown.clone()) {
            return Err(ImportError {
                at: Location {
                    file: f.shown.clone(),
                    line: None,
                    column: Some("id".into()),
                },
                found: format!("id `{}`, also used by {other}", agreement.id),
                expected: "a unique agreement id".into(),
            });
        }
        batch.agreements.push(agreement);
    }
    batch.read_files(files.iter().copied());
    let mut digest: Vec<String> = batch.files.iter().map(|f| f.sha256.clone()).collect();
    digest.sort();
    batch.version = crate::table::sha256_hex(digest.join("").as_bytes())[..12].to_string();
    Ok(batch)
}
