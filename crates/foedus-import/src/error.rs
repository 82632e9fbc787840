//! Import errors that say where, what was found and what was expected.

use std::fmt;

use foedus_domain::quote;

use crate::input::Limit;

/// Where in an input an error is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file (as given, or `archive.zip!member.csv`).
    pub file: String,
    /// 1-based line, if the error is in a row.
    pub line: Option<u64>,
    /// The column (field) name, if the error is in a field.
    pub column: Option<String>,
}

/// A rejected import. Nothing is written when an import fails.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ImportError {
    /// Where.
    pub at: Location,
    /// What is there.
    pub found: String,
    /// What should be.
    pub expected: String,
    /// The limit the input went over, if that is what is wrong (an interface says how to raise it).
    pub limit: Option<Limit>,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A file name or column comes from the input too (a zip's member, a header).
        write!(f, "{}", quote::message(&self.at.file))?;
        if let Some(l) = self.at.line {
            write!(f, ":{l}")?;
        }
        if let Some(c) = &self.at.column {
            write!(f, ": column {}", quote::quote(c))?;
        }
        write!(f, ": found {}; expected {}", self.found, self.expected)
    }
}

impl ImportError {
    /// The same error, marked as the input going over `limit`.
    pub fn with_limit(mut self, limit: Limit) -> Self {
        self.limit = Some(limit);
        self
    }

    /// An error about a whole file.
    pub fn file(file: &str, found: impl Into<String>, expected: impl Into<String>) -> Self {
        ImportError {
            at: Location {
                file: file.into(),
                line: None,
                column: None,
            },
            found: found.into(),
            expected: expected.into(),
            limit: None,
        }
    }

    /// An error about one field of one row.
    pub fn field(
        file: &str,
        line: u64,
        column: &str,
        found: impl Into<String>,
        expected: impl Into<String>,
    ) -> Self {
        ImportError {
            at: Location {
                file: file.into(),
                line: Some(line),
                column: Some(column.into()),
            },
            found: found.into(),
            expected: expected.into(),
            limit: None,
        }
    }

    /// An error about a whole row.
    pub fn row(
        file: &str,
        line: u64,
        found: impl Into<String>,
        expected: impl Into<String>,
    ) -> Self {
        ImportError {
            at: Location {
                file: file.into(),
                line: Some(line),
                column: None,
            },
            found: found.into(),
            expected: expected.into(),
            limit: None,
        }
    }
}
