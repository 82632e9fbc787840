//! Hand-written agreement records and amendments (TOML or JSON files), imported as a source.

use foedus_domain::amendment::field_line;
use foedus_records::{
    Document, Format, Ids, Known, ParseError, Problem, parse_document, text, validate,
    validate_amendment,
};

use crate::Batch;
use crate::error::{ImportError, Location};
use crate::input::Input;

/// Reads every `.toml` and `.json` file in `input`, records and amendments side by
/// side; all must be valid.
///
/// The version is a digest of the records' contents, so the same files
/// re-imported change nothing and an edited file counts as a new version.
pub fn read(input: &Input, known: &Known) -> Result<Batch, ImportError> {
    let mut batch = Batch {
        kept_current: true,
        ..Batch::default()
    };
    let mut ids = Ids::default();
    let files: Vec<_> = input
        .files
        .iter()
        .filter(|f| Format::from_path(std::path::Path::new(&f.name)).is_some())
        .collect();
    if files.is_empty() {
        return Err(ImportError::file(
            &crate::select::label(input),
            format!("no record files ({})", input.names()),
            "agreement records ending in .toml or .json",
        ));
    }
    for f in &files {
        let format = Format::from_path(std::path::Path::new(&f.name)).expect("filtered above");
        let unreadable = |e: ParseError| ImportError {
            at: Location {
                file: f.shown.clone(),
                line: Some(e.line as u64),
                column: e.field.clone(),
            },
            found: e.message.clone(),
            expected: "a valid agreement record or amendment (see docs/records.md)".into(),
            limit: None,
        };
        let text = text(&f.shown, &f.bytes).map_err(unreadable)?;
        let document = parse_document(&f.shown, text, format).map_err(unreadable)?;
        let agreement = match document {
            Document::Amendment(a) => {
                if let Some(p) = validate_amendment(&a, known).into_iter().next() {
                    return Err(ImportError {
                        at: Location {
                            file: p.file,
                            line: p.line.map(u64::from),
                            column: Some(p.field),
                        },
                        found: p.found,
                        expected: p.expected,
                        limit: None,
                    });
                }
                batch.amendments.push(*a);
                continue;
            }
            Document::Record(a) => *a,
        };
        let lines = foedus_records::field_lines(text, format);
        let invalid = |p: Problem| ImportError {
            at: Location {
                file: f.shown.clone(),
                line: field_line(&lines, &p.field).map(u64::from),
                column: Some(p.field.clone()),
            },
            found: p.found.clone(),
            expected: match &p.rule {
                Some(r) => format!("{} [{r}]", p.expected),
                None => p.expected.clone(),
            },
            limit: None,
        };
        if let Some(p) = validate(&agreement, known).into_iter().next() {
            return Err(invalid(p));
        }
        ids.claim(&agreement.id, &f.shown).map_err(invalid)?;
        batch.agreements.push(agreement);
    }
    batch.read_files(files.iter().copied());
    let mut digest: Vec<String> = batch.files.iter().map(|f| f.sha256.clone()).collect();
    digest.sort();
    batch.version = crate::table::sha256_hex(digest.join("").as_bytes())[..12].to_string();
    Ok(batch)
}
