//! Reading values the user types: dates, files.

use std::path::Path;

use anyhow::anyhow;
use foedus_domain::date::typed;
use foedus_domain::{Agreement, PartialDate, quote};
use foedus_records::{Document, Format, ParseError};
use jiff::civil::Date;

/// A day given on the command line: `YYYY-MM-DD` or `today` (the domain's parser,
/// which the HTTP API's date parameters use too).
pub fn parse_date(s: &str) -> Result<Date, String> {
    typed::parse_day(s, today()).map_err(|e| e.to_string())
}

/// A bound of a window of days: `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `today`; a window
/// starts on the first day of a partial date and ends on its last.
pub fn parse_bound(s: &str) -> Result<PartialDate, String> {
    typed::parse_bound(s, today()).map_err(|e| e.to_string())
}

/// A size in bytes: `1048576`, `256MiB`, `2GiB`, `500MB`.
pub fn parse_size(s: &str) -> Result<u64, String> {
    s.trim()
        .parse::<bytesize::ByteSize>()
        .map(|b| b.as_u64())
        .map_err(|_| {
            format!(
                "found {}; expected a size such as 256MiB, 2GiB or a number of bytes",
                quote::quote(s)
            )
        })
}

/// Today's date in the system time zone.
pub fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}

/// Why a record file could not be loaded.
pub enum LoadError {
    /// Not readable, or not a record format.
    Io(anyhow::Error),
    /// Not a valid record.
    Parse(ParseError),
}

/// Reads and parses one record or amendment file (bounded, and UTF-8 checked
/// with the line where it is not).
pub fn load_document(path: &Path) -> Result<Document, LoadError> {
    let shown = path.display().to_string();
    let format = Format::from_path(path).ok_or_else(|| {
        LoadError::Io(anyhow!(
            "{shown}: unknown record format: expected a file ending in .json or .toml"
        ))
    })?;
    let bytes = foedus_import::Input::read_file(path, &foedus_import::Limits::default())
        .map_err(|e| LoadError::Io(e.into()))?;
    let text = foedus_records::text(&shown, &bytes).map_err(LoadError::Parse)?;
    foedus_records::parse_document(&shown, text, format).map_err(LoadError::Parse)
}

/// Reads and parses one record file; an amendment is not a record.
pub fn load_record(path: &Path) -> Result<Agreement, LoadError> {
    match load_document(path)? {
        Document::Record(a) => Ok(*a),
        Document::Amendment(a) => Err(LoadError::Io(anyhow!(
            "{}: an amendment of {}, not an agreement record: check it with `foedus check`",
            path.display(),
            a.amendment.amends
        ))),
    }
}
