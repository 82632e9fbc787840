//! Reading values the user types: dates, files.

use std::path::Path;

use anyhow::{Context, anyhow};
use foedus_domain::Agreement;
use foedus_records::{Format, ParseError};
use jiff::civil::Date;

/// Parses a full date (`YYYY-MM-DD`) given on the command line.
pub fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>()
        .map_err(|_| format!("`{s}` is not a date: expected YYYY-MM-DD"))
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

/// Reads and parses one record file.
pub fn load_record(path: &Path) -> Result<Agreement, LoadError> {
    let shown = path.display().to_string();
    let format = Format::from_path(path).ok_or_else(|| {
        LoadError::Io(anyhow!(
            "{shown}: unknown record format: expected a file ending in .json or .toml"
        ))
    })?;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{shown}: cannot read"))
        .map_err(LoadError::Io)?;
    foedus_records::parse(&shown, &text, format).map_err(LoadError::Parse)
}
