//! Datasets: the tables foedus hands to researchers, written as CSV or Parquet.
//!
//! A dataset is an Arrow [`RecordBatch`] (or several with one schema): typed,
//! nullable columns. [`write`] picks the format from the file's extension
//! (`.parquet`, `.csv`), writes through a temporary file and renames it into
//! place, so a failed write never leaves a partial file. Missing values are
//! empty fields in CSV and nulls in Parquet, never 0.

#![warn(missing_docs)]

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use arrow_array::{self, RecordBatch};
pub use arrow_schema::{self, DataType, Field, Schema, SchemaRef};

/// The formats a dataset can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// Apache Parquet (Snappy-compressed).
    Parquet,
}

/// Why a dataset could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The extension names no format foedus writes.
    #[error("{path}: unknown output format: expected a file ending in .csv or .parquet")]
    UnknownFormat {
        /// The path given.
        path: String,
    },
    /// The file could not be created or written.
    #[error("{path}: cannot write: {message}")]
    Io {
        /// The path given.
        path: String,
        /// Why.
        message: String,
    },
    /// Encoding failed.
    #[error("{path}: cannot encode the dataset: {message}")]
    Encode {
        /// The path given.
        path: String,
        /// Why.
        message: String,
    },
}

impl Format {
    /// The format a path's extension names.
    pub fn from_path(path: &Path) -> Result<Format, WriteError> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("csv") => Ok(Format::Csv),
            Some("parquet") | Some("pq") => Ok(Format::Parquet),
            _ => Err(WriteError::UnknownFormat {
                path: path.display().to_string(),
            }),
        }
    }
}

/// Checks, before any work is done, that `path` names a known format in a writable directory.
pub fn check_destination(path: &Path) -> Result<Format, WriteError> {
    let format = Format::from_path(path)?;
    let dir = parent_dir(path);
    let meta = std::fs::metadata(&dir).map_err(|e| WriteError::Io {
        path: path.display().to_string(),
        message: format!("directory {} is not usable: {e}", dir.display()),
    })?;
    if !meta.is_dir() || meta.permissions().readonly() {
        return Err(WriteError::Io {
            path: path.display().to_string(),
            message: format!("{} is not a writable directory", dir.display()),
        });
    }
    Ok(format)
}

fn parent_dir(path: &Path) -> PathBuf {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Writes `batches` (one schema) to `path` in the format its extension names,
/// through a temporary file renamed into place.
pub fn write(path: &Path, schema: SchemaRef, batches: &[RecordBatch]) -> Result<(), WriteError> {
    let format = Format::from_path(path)?;
    let shown = path.display().to_string();
    let io = |e: std::io::Error| WriteError::Io {
        path: shown.clone(),
        message: e.to_string(),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = parent_dir(path).join(format!(".{name}.{}.partial", std::process::id()));
    let result = (|| {
        let file = File::create(&tmp).map_err(io)?;
        write_to(
            BufWriter::with_capacity(1 << 20, file),
            format,
            schema,
            batches,
            &shown,
        )?;
        std::fs::rename(&tmp, path).map_err(io)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Writes `batches` to any writer (stdout, an HTTP body).
pub fn write_to<W: Write + Send>(
    out: W,
    format: Format,
    schema: SchemaRef,
    batches: &[RecordBatch],
    shown: &str,
) -> Result<(), WriteError> {
    let encode = |e: String| WriteError::Encode {
        path: shown.to_string(),
        message: e,
    };
    match format {
        Format::Csv => {
            let mut w = arrow_csv::WriterBuilder::new().with_header(true).build(out);
            for b in batches {
                w.write(b).map_err(|e| encode(e.to_string()))?;
            }
            let mut inner = w.into_inner();
            inner.flush().map_err(|e| encode(e.to_string()))?;
        }
        Format::Parquet => {
            let props = parquet::file::properties::WriterProperties::builder()
                .set_compression(parquet::basic::Compression::SNAPPY)
                .set_max_row_group_row_count(Some(1 << 20))
                .build();
            let mut w = parquet::arrow::ArrowWriter::try_new(out, schema, Some(props))
                .map_err(|e| encode(e.to_string()))?;
            for b in batches {
                w.write(b).map_err(|e| encode(e.to_string()))?;
            }
            let mut inner = w.into_inner().map_err(|e| encode(e.to_string()))?;
            inner.flush().map_err(|e| encode(e.to_string()))?;
        }
    }
    Ok(())
}

/// A schema from (name, type, nullable) triples.
pub fn schema(fields: &[(&str, DataType, bool)]) -> SchemaRef {
    Arc::new(Schema::new(
        fields
            .iter()
            .map(|(n, t, null)| Field::new(*n, t.clone(), *null))
            .collect::<Vec<_>>(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{ArrayRef, Int32Array};

    fn batch() -> (SchemaRef, RecordBatch) {
        let s = schema(&[
            ("ccode1", DataType::Int32, false),
            ("cinc1", DataType::Int32, true),
        ]);
        let cols: Vec<ArrayRef> = vec![
            Arc::new(Int32Array::from(vec![2, 20])),
            Arc::new(Int32Array::from(vec![Some(1), None])),
        ];
        (s.clone(), RecordBatch::try_new(s, cols).unwrap())
    }

    #[test]
    fn csv_writes_missing_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.csv");
        let (s, b) = batch();
        write(&p, s, &[b]).unwrap();
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "ccode1,cinc1\n2,1\n20,\n"
        );
    }

    #[test]
    fn parquet_is_written_and_unknown_extensions_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (s, b) = batch();
        write(
            &dir.path().join("x.parquet"),
            s.clone(),
            std::slice::from_ref(&b),
        )
        .unwrap();
        assert!(
            std::fs::read(dir.path().join("x.parquet"))
                .unwrap()
                .starts_with(b"PAR1")
        );
        assert!(matches!(
            write(&dir.path().join("x.xlsx"), s, &[b]),
            Err(WriteError::UnknownFormat { .. })
        ));
    }

    #[test]
    fn a_failed_write_leaves_no_file() {
        let (s, b) = batch();
        let p = Path::new("/nonexistent-dir/x.csv");
        assert!(write(p, s, &[b]).is_err());
        assert!(!p.exists());
        assert!(check_destination(p).is_err());
    }
}
