//! Reading the datasets' CSV files, with their quirks.
//!
//! The files as maintainers distribute them have Windows line endings, no
//! final newline, quoted or unquoted headers, empty fields for missing values,
//! floats where integers are meant (`1962.0`), `TRUE`/`FALSE` booleans and
//! sentinel values. [`Table`] reads any of them and gives typed fields whose
//! errors name the file, line and column.

use std::collections::HashMap;

use foedus_domain::quote;
use jiff::civil::Date;

use crate::error::ImportError;

/// A parsed CSV file: a header and its rows.
pub struct Table {
    /// The file name used in errors.
    pub file: String,
    columns: HashMap<String, usize>,
    header: Vec<String>,
    rows: Vec<(u64, csv::StringRecord)>,
}

/// One row of a [`Table`], with typed accessors.
pub struct Row<'a> {
    table: &'a Table,
    /// 1-based line number in the file.
    pub line: u64,
    record: &'a csv::StringRecord,
}

impl Table {
    /// Parses `bytes` (the contents of `file`) and checks that every column in
    /// `required` is present.
    pub fn parse(file: &str, bytes: &[u8], required: &[&str]) -> Result<Table, ImportError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ImportError::file(
                file,
                "an empty file",
                "a CSV file with a header row",
            ));
        }
        // csv's own line numbers drift on CRLF files; count newlines before each record instead.
        let newlines: Vec<usize> = bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i)
            .collect();
        let line_at = |byte: u64| newlines.partition_point(|&n| (n as u64) <= byte) as u64 + 1;
        let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
        let raw_header = reader
            .byte_headers()
            .map_err(|e| {
                ImportError::row(
                    file,
                    1,
                    format!("an unreadable header ({})", quote::message(&e.to_string())),
                    "a CSV header row",
                )
            })?
            .clone();
        let header: Vec<String> = text_of(file, 1, raw_header, None)?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        let columns: HashMap<String, usize> = header
            .iter()
            .enumerate()
            .map(|(i, h)| (h.to_ascii_lowercase(), i))
            .collect();
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|c| !columns.contains_key(&c.to_ascii_lowercase()))
            .collect();
        if !missing.is_empty() {
            return Err(ImportError::file(
                file,
                format!("columns {}", list_shown(&header)),
                format!(
                    "the column{} {}",
                    if missing.len() == 1 { "" } else { "s" },
                    missing.join(", ")
                ),
            ));
        }
        let mut rows = Vec::new();
        for result in reader.byte_records() {
            let raw = result.map_err(|e| {
                let line = e.position().map(|p| line_at(p.byte())).unwrap_or(0);
                match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => ImportError::row(
                        file,
                        line,
                        format!("{len} field{}", if *len == 1 { "" } else { "s" }),
                        format!("{expected_len} fields, as in the header (is the file truncated?)"),
                    ),
                    _ => ImportError::row(
                        file,
                        line,
                        quote::message(&e.to_string()),
                        "a well-formed CSV row",
                    ),
                }
            })?;
            let line = raw.position().map(|p| line_at(p.byte())).unwrap_or(0);
            rows.push((line, text_of(file, line, raw, Some(&header))?));
        }
        Ok(Table {
            file: file.to_string(),
            columns,
            header,
            rows,
        })
    }

    /// The header as written.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// True if the header has this column.
    pub fn has(&self, column: &str) -> bool {
        self.columns.contains_key(&column.to_ascii_lowercase())
    }

    /// The rows.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = Row<'_>> {
        self.rows.iter().map(|(line, record)| Row {
            table: self,
            line: *line,
            record,
        })
    }

    /// The number of data rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True if there are no data rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

impl Row<'_> {
    /// The raw text of a column (trimmed); empty if the column is absent.
    pub fn text(&self, column: &str) -> &str {
        self.table
            .columns
            .get(&column.to_ascii_lowercase())
            .and_then(|&i| self.record.get(i))
            .map(str::trim)
            .unwrap_or("")
    }

    /// True if the file has this column.
    pub fn has(&self, column: &str) -> bool {
        self.table.has(column)
    }

    /// An error about a field of this row.
    pub fn error(&self, column: &str, expected: impl Into<String>) -> ImportError {
        let v = self.text(column);
        let found = if v.is_empty() {
            "an empty field".to_string()
        } else {
            quote::quote(v)
        };
        ImportError::field(&self.table.file, self.line, column, found, expected)
    }

    /// An integer, accepting `1962.0`; `None` if the field is empty or `NA`.
    pub fn int_opt(&self, column: &str) -> Result<Option<i64>, ImportError> {
        let v = self.text(column);
        if v.is_empty() || v.eq_ignore_ascii_case("na") {
            return Ok(None);
        }
        if let Ok(n) = v.parse::<i64>() {
            return Ok(Some(n));
        }
        match v.parse::<f64>() {
            Ok(f) if f.fract() == 0.0 && f.abs() < 1e15 => Ok(Some(f as i64)),
            _ => Err(self.error(column, "an integer")),
        }
    }

    /// A required integer.
    pub fn int(&self, column: &str) -> Result<i64, ImportError> {
        self.int_opt(column)?
            .ok_or_else(|| self.error(column, "an integer"))
    }

    /// An integer within `range`.
    pub fn int_in(
        &self,
        column: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> Result<i64, ImportError> {
        let n = self.int(column)?;
        if range.contains(&n) {
            Ok(n)
        } else {
            Err(self.error(
                column,
                format!("an integer from {} to {}", range.start(), range.end()),
            ))
        }
    }

    /// An optional integer within `range`.
    pub fn int_opt_in(
        &self,
        column: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> Result<Option<i64>, ImportError> {
        match self.int_opt(column)? {
            Some(n) if !range.contains(&n) => Err(self.error(
                column,
                format!(
                    "an integer from {} to {}, or empty",
                    range.start(),
                    range.end()
                ),
            )),
            other => Ok(other),
        }
    }

    /// A number; `None` if empty, `NA`, or one of the `missing` sentinels (NMC's `-9`).
    pub fn float_opt(&self, column: &str, missing: &[f64]) -> Result<Option<f64>, ImportError> {
        let v = self.text(column);
        if v.is_empty() || v.eq_ignore_ascii_case("na") {
            return Ok(None);
        }
        let f: f64 = v.parse().map_err(|_| self.error(column, "a number"))?;
        if !f.is_finite() {
            return Err(self.error(column, "a finite number"));
        }
        Ok((!missing.contains(&f)).then_some(f))
    }

    /// A boolean: `TRUE`/`FALSE`, `true`/`false`, `1`/`0`, `T`/`F`.
    pub fn bool(&self, column: &str) -> Result<bool, ImportError> {
        match self.text(column).to_ascii_lowercase().as_str() {
            "true" | "t" | "1" => Ok(true),
            "false" | "f" | "0" => Ok(false),
            _ => Err(self.error(column, "TRUE or FALSE")),
        }
    }

    /// A date written `YYYY-MM-DD`; `9999-12-31` and empty mean open (`None`).
    pub fn iso_date_opt(&self, column: &str) -> Result<Option<Date>, ImportError> {
        let v = self.text(column);
        if v.is_empty() || v.eq_ignore_ascii_case("na") || v == "9999-12-31" {
            return Ok(None);
        }
        v.parse::<Date>()
            .map(Some)
            .map_err(|_| self.error(column, "a date YYYY-MM-DD"))
    }

    /// A full date from year, month and day columns.
    pub fn ymd(&self, y: &str, m: &str, d: &str) -> Result<Date, ImportError> {
        let year = self.int_in(y, 1000..=9999)?;
        let month = self.int_in(m, 1..=12)?;
        let day = self.int_in(d, 1..=31)?;
        Date::new(year as i16, month as i8, day as i8)
            .map_err(|_| self.error(d, format!("a day that exists in {year:04}-{month:02}")))
    }
}

/// A row as text, or an error naming the line and the field that is not UTF-8
/// (text in another encoding, or a binary file given as a CSV).
fn text_of(
    file: &str,
    line: u64,
    raw: csv::ByteRecord,
    header: Option<&[String]>,
) -> Result<csv::StringRecord, ImportError> {
    csv::StringRecord::from_byte_record(raw).map_err(|e| {
        let i = e.utf8_error().field();
        let raw = e.into_byte_record();
        let bytes = raw.get(i).unwrap_or_default();
        let found = format!("bytes that are not UTF-8: {}", quote::quote_bytes(bytes));
        let expected = "UTF-8 text (save the file as UTF-8)";
        match header.and_then(|h| h.get(i)) {
            Some(column) => ImportError::field(file, line, column, found, expected),
            None => ImportError::row(file, line, format!("{found} in field {}", i + 1), expected),
        }
    })
}

/// The most column names an error lists.
const COLUMNS_SHOWN: usize = 20;

/// Column names as an error lists them: each quoted, at most [`COLUMNS_SHOWN`].
fn list_shown(header: &[String]) -> String {
    let mut out: Vec<String> = header
        .iter()
        .take(COLUMNS_SHOWN)
        .map(|h| quote::quote(h))
        .collect();
    if header.len() > COLUMNS_SHOWN {
        out.push(format!("and {} more", header.len() - COLUMNS_SHOWN));
    }
    out.join(", ")
}

/// The SHA-256 of some bytes, in hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_crlf_without_final_newline_and_quoted_headers() {
        let t = Table::parse("x.csv", b"\"a\",\"b\"\r\n1,1962.0\r\n2,", &["a", "b"]).unwrap();
        let rows: Vec<_> = t.rows().collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].int("b").unwrap(), 1962);
        assert_eq!(rows[1].int_opt("b").unwrap(), None);
        assert_eq!(rows[1].line, 3);
    }

    #[test]
    fn missing_column_is_named() {
        let e = Table::parse("x.csv", b"a,c\n1,2\n", &["a", "b"])
            .err()
            .unwrap();
        assert_eq!(
            e.to_string(),
            "x.csv: found columns `a`, `c`; expected the column b"
        );
    }

    #[test]
    fn text_in_a_number_names_line_and_column() {
        let t = Table::parse("x.csv", b"a\n1\nten\n", &["a"]).unwrap();
        let e = t.rows().nth(1).unwrap().int("a").unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.csv:3: column `a`: found `ten`; expected an integer"
        );
    }

    #[test]
    fn a_truncated_row_is_reported() {
        let e = Table::parse("x.csv", b"a,b,c\n1,2,3\n4,5", &["a"])
            .err()
            .unwrap();
        assert!(e.to_string().starts_with("x.csv:3: found 2 fields"), "{e}");
    }
}
