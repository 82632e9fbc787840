//! Datasets: the tables foedus hands to researchers, written as CSV or Parquet.
//!
//! A dataset is an Arrow [`RecordBatch`] (or several with one schema): typed,
//! nullable columns. [`write()`] picks the format from the file's extension
//! (`.parquet`, `.csv`), writes through a temporary file and renames it into
//! place, so a failed write never leaves a partial file. Missing values are
//! empty fields in CSV and nulls in Parquet, never 0.

#![warn(missing_docs)]

mod csv;
mod dictionary;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use parquet::schema::types::ColumnPath;

pub use arrow_array::{self, RecordBatch};
pub use arrow_buffer;
pub use arrow_schema::{self, DataType, Field, Schema, SchemaRef};
pub use arrow_select;

/// The formats a dataset can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// Apache Parquet: integer and float columns dictionary-encoded, pages Snappy-compressed.
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
    /// The reader of a stream went away (`foedus ... | head`): not a failure of ours.
    /// Its source is the broken pipe, so callers recognise it as any other.
    #[error("{path}: the reader closed the stream")]
    Closed {
        /// The path given.
        path: String,
        /// The broken pipe.
        source: std::io::Error,
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
    let mut w = Writer::create(path, schema)?;
    for b in batches {
        w.write(b)?;
    }
    w.finish()
}

/// Writes `batches` to any writer (stdout, an HTTP body).
pub fn write_to<W: Write + Send>(
    out: W,
    format: Format,
    schema: SchemaRef,
    batches: &[RecordBatch],
    shown: &str,
) -> Result<(), WriteError> {
    let mut w = Writer::to(out, format, schema, shown)?;
    for b in batches {
        w.write(b)?;
    }
    w.finish()
}

/// A dataset written batch by batch: a file (renamed into place by [`Writer::finish`],
/// removed if dropped unfinished) or any stream.
pub struct Writer<W: Write + Send> {
    inner: Option<Inner<Watched<W>>>,
    path: Option<(PathBuf, PathBuf)>,
    shown: String,
    closed: Arc<AtomicBool>,
}

enum Inner<W: Write + Send> {
    Csv(Box<csv::CsvWriter<W>>),
    Parquet(Box<ParquetStream<W>>),
}

/// The output, watched for a closed pipe: the Arrow and Parquet writers turn I/O
/// errors into strings, so this is where a broken pipe can still be told apart.
struct Watched<W> {
    out: W,
    closed: Arc<AtomicBool>,
}

impl<W: Write> Write for Watched<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.out.write(buf).inspect_err(|e| self.note(e))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush().inspect_err(|e| self.note(e))
    }
}

impl<W> Watched<W> {
    fn note(&self, e: &std::io::Error) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            self.closed.store(true, Ordering::Relaxed);
        }
    }
}

impl Writer<BufWriter<File>> {
    /// Starts writing `path` in the format its extension names.
    pub fn create(path: &Path, schema: SchemaRef) -> Result<Self, WriteError> {
        let format = Format::from_path(path)?;
        let shown = path.display().to_string();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = parent_dir(path).join(format!(".{name}.{}.partial", std::process::id()));
        let file = File::create(&tmp).map_err(|e| WriteError::Io {
            path: shown.clone(),
            message: e.to_string(),
        })?;
        let out = BufWriter::with_capacity(1 << 20, file);
        let mut w = Writer::owned(out, format, schema, &shown)?;
        w.path = Some((tmp, path.to_path_buf()));
        Ok(w)
    }
}

impl<W: Write + Send + 'static> Writer<W> {
    /// Starts writing to a stream the writer may keep (standard output): CSV is
    /// then written by a thread of its own while the next rows are encoded, as a
    /// file's is; [`Writer::to`] writes on the caller's thread.
    pub fn owned(
        out: W,
        format: Format,
        schema: SchemaRef,
        shown: &str,
    ) -> Result<Self, WriteError> {
        Writer::start(out, format, schema, shown, |out| {
            csv::CsvWriter::on_thread(out).map_err(|e| WriteError::Io {
                path: shown.into(),
                message: format!("cannot start writing: {e}"),
            })
        })
    }
}

impl<W: Write + Send> Writer<W> {
    /// Starts writing to a stream.
    pub fn to(out: W, format: Format, schema: SchemaRef, shown: &str) -> Result<Self, WriteError> {
        Writer::start(out, format, schema, shown, |out| {
            Ok(csv::CsvWriter::new(out))
        })
    }

    /// Starts writing to `out`, CSV through the writer `csv` makes.
    fn start(
        out: W,
        format: Format,
        schema: SchemaRef,
        shown: &str,
        csv: impl FnOnce(Watched<W>) -> Result<csv::CsvWriter<Watched<W>>, WriteError>,
    ) -> Result<Self, WriteError> {
        let closed = Arc::new(AtomicBool::new(false));
        let out = Watched {
            out,
            closed: closed.clone(),
        };
        let inner = match format {
            Format::Csv => Inner::Csv(Box::new(csv(out)?)),
            Format::Parquet => {
                Inner::Parquet(Box::new(ParquetStream::new(out, schema).map_err(|e| {
                    WriteError::Encode {
                        path: shown.into(),
                        message: e.to_string(),
                    }
                })?))
            }
        };
        Ok(Writer {
            inner: Some(inner),
            path: None,
            shown: shown.to_string(),
            closed,
        })
    }

    /// Appends a batch (in Parquet, one row group).
    pub fn write(&mut self, batch: &RecordBatch) -> Result<(), WriteError> {
        let encode = |e: String| encode_error(&self.shown, &self.closed, e);
        match self.inner.as_mut().expect("not finished") {
            Inner::Csv(w) => w.write(batch).map_err(|e| encode(e.to_string())),
            Inner::Parquet(p) => p.write(batch).map_err(|e| encode(e.to_string())),
        }
    }

    /// Completes the dataset and, for a file, moves it into place.
    pub fn finish(mut self) -> Result<(), WriteError> {
        let shown = self.shown.clone();
        let encode = |e: String| encode_error(&shown, &self.closed, e);
        match self.inner.take().expect("not finished") {
            Inner::Csv(w) => {
                let mut out = w.into_inner().map_err(|e| encode(e.to_string()))?;
                out.flush().map_err(|e| encode(e.to_string()))?;
            }
            Inner::Parquet(p) => p.finish().map_err(|e| encode(e.to_string()))?,
        }
        if let Some((tmp, path)) = self.path.take() {
            into_place(&tmp, &path).map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                WriteError::Io {
                    path: shown.clone(),
                    message: e.to_string(),
                }
            })?;
        }
        Ok(())
    }
}

/// Moves the finished file `tmp` to `path`, atomically: at every moment `path`
/// names either its old file or the new one, whole.
///
/// On Linux, over an existing regular file, the two are exchanged and the old
/// one then removed. A plain rename over a file makes ext4 start writing the new
/// file to disk at once (its `auto_da_alloc` heuristic) and wait on the old
/// file's pages: measured, 0.18 s more for a 250 MB CSV panel, as long as
/// encoding it. An exchange leaves both to the kernel's usual writeback. Like
/// any rename without `fsync`, neither guards against a power loss.
fn into_place(tmp: &Path, path: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file()) {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, tmp, CWD, path, RenameFlags::EXCHANGE).is_ok() {
            // `tmp` now names the old file; the new one is in place either way.
            let _ = std::fs::remove_file(tmp);
            return Ok(());
        }
    }
    std::fs::rename(tmp, path)
}

/// An error from the encoder, or [`WriteError::Closed`] when its cause was a closed pipe.
fn encode_error(shown: &str, closed: &AtomicBool, message: String) -> WriteError {
    if closed.load(Ordering::Relaxed) {
        WriteError::Closed {
            path: shown.into(),
            source: std::io::ErrorKind::BrokenPipe.into(),
        }
    } else {
        WriteError::Encode {
            path: shown.into(),
            message,
        }
    }
}

impl<W: Write + Send> Drop for Writer<W> {
    fn drop(&mut self) {
        if let Some((tmp, _)) = self.path.take() {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Rows per Parquet row group.
const ROW_GROUP: usize = 1 << 20;

/// A Parquet file written row group by row group, each group's columns encoded in parallel.
///
/// Integer and float columns go to foedus' dictionary encoder ([`dictionary`]),
/// the rest (and columns with too many distinct values) to the parquet crate's
/// writer, through its documented low-level API; each column is a rayon task
/// and the chunks are appended in order.
struct ParquetStream<W: Write + Send> {
    writer: parquet::file::writer::SerializedFileWriter<W>,
    factory: parquet::arrow::arrow_writer::ArrowRowGroupWriterFactory,
    schema: SchemaRef,
    /// For a flat schema, each column's descriptor: the columns foedus' encoder may take.
    ours: Option<Vec<parquet::schema::types::ColumnDescPtr>>,
    /// The file's codec, the same for every column.
    compression: parquet::basic::Compression,
    group: usize,
}

impl<W: Write + Send> ParquetStream<W> {
    fn new(out: W, schema: SchemaRef) -> parquet::errors::Result<Self> {
        use parquet::arrow::ArrowSchemaConverter;
        use parquet::arrow::arrow_writer::ArrowRowGroupWriterFactory;
        use parquet::file::properties::WriterProperties;
        use parquet::file::writer::SerializedFileWriter;

        let schema = values_schema(&schema);
        let mut builder = WriterProperties::builder()
            .set_compression(parquet::basic::Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP))
            .set_statistics_enabled(parquet::file::properties::EnabledStatistics::Chunk);
        // For the numeric columns foedus' encoder leaves to the parquet crate (too
        // many distinct values for a dictionary): plain values, Snappy-compressed.
        // The crate's dictionary hashed every value first, only to fall back to
        // plain. Every column keeps its chunk statistics (min/max, null and NaN
        // counts): readers skip row groups by them (predicate pushdown).
        for field in schema.fields() {
            if field.data_type().is_numeric() {
                let path = ColumnPath::from(field.name().as_str());
                builder = builder.set_column_dictionary_enabled(path, false);
            }
        }

        let mut props = builder.build();
        parquet::arrow::add_encoded_arrow_schema_to_metadata(&schema, &mut props);
        let props = Arc::new(props);
        let parquet_schema = ArrowSchemaConverter::new()
            .with_coerce_types(props.coerce_types())
            .convert(&schema)?;
        let writer =
            SerializedFileWriter::new(out, parquet_schema.root_schema_ptr(), Arc::clone(&props))?;
        let factory = ArrowRowGroupWriterFactory::new(&writer, Arc::clone(&schema));
        // Flat schemas have one leaf column per field, so a field's array can go
        // to foedus' own dictionary encoder and the rest to the parquet crate's.
        let descr = writer.schema_descr();
        let ours = schema
            .fields()
            .iter()
            .all(|f| !f.data_type().is_nested())
            .then(|| (0..descr.num_columns()).map(|i| descr.column(i)).collect());
        Ok(ParquetStream {
            writer,
            factory,
            schema,
            ours,
            compression: props.compression(&ColumnPath::from("")),
            group: 0,
        })
    }

    fn write(&mut self, batch: &RecordBatch) -> parquet::errors::Result<()> {
        let mut offset = 0;
        while offset < batch.num_rows() {
            let len = ROW_GROUP.min(batch.num_rows() - offset);
            let slice = batch.slice(offset, len);
            // Foedus' encoder first; the parquet crate's writers only if a column needs them.
            let ours: Vec<Option<Encoded>> = match &self.ours {
                None => Vec::new(),
                Some(columns) => dictionary::chunks(slice.columns(), columns, self.compression)?
                    .into_iter()
                    .map(|c| c.map(|(bytes, close)| Encoded::Ours(bytes, Box::new(close))))
                    .collect(),
            };
            let chunks: Vec<Encoded> = if !ours.is_empty() && ours.iter().all(Option::is_some) {
                ours.into_iter().flatten().collect()
            } else {
                self.parquet_chunks(&slice, ours)?
            };
            let mut row_group = self.writer.next_row_group()?;
            for chunk in chunks {
                match chunk {
                    Encoded::Ours(bytes, close) => row_group.append_column(&bytes, *close)?,
                    Encoded::Parquet(chunk) => chunk.append_to_row_group(&mut row_group)?,
                }
            }
            row_group.close()?;
            self.group += 1;
            offset += len;
        }
        Ok(())
    }

    /// The row group's column chunks, those not in `ours` (one per field of a
    /// flat schema, else none) encoded by the parquet crate.
    fn parquet_chunks(
        &self,
        slice: &RecordBatch,
        ours: Vec<Option<Encoded>>,
    ) -> parquet::errors::Result<Vec<Encoded>> {
        use parquet::arrow::arrow_writer::{ArrowColumnWriter, ArrowLeafColumn, compute_leaves};
        use rayon::prelude::*;

        let encode = |mut w: ArrowColumnWriter, leaf: &ArrowLeafColumn| {
            w.write(leaf)?;
            Ok(Encoded::Parquet(Box::new(w.close()?)))
        };
        // A file declares a dictionary column as its values' type.
        let fields = self.schema.fields();
        let leaves = |i: usize| compute_leaves(&fields[i], &plain(slice.column(i))?);
        let writers = self.factory.create_column_writers(self.group)?;
        if ours.is_empty() {
            let mut all = Vec::new();
            for i in 0..slice.num_columns() {
                all.extend(leaves(i)?);
            }
            return writers
                .into_par_iter()
                .zip(all.into_par_iter())
                .map(|(w, leaf)| encode(w, &leaf))
                .collect();
        }
        writers
            .into_par_iter()
            .zip(ours.into_par_iter())
            .enumerate()
            .map(|(i, (w, ours))| match ours {
                Some(chunk) => Ok(chunk),
                None => encode(w, &leaves(i)?.remove(0)),
            })
            .collect()
    }

    fn finish(self) -> parquet::errors::Result<()> {
        let mut out = self.writer.into_inner()?;
        out.flush()?;
        Ok(())
    }
}

/// A column's values row by row: a dictionary column's values through its keys
/// (a panel's member-year and ATOP columns), any other column as it is.
///
/// ```
/// use std::sync::Arc;
/// use foedus_dataset::arrow_array::{Array, ArrayRef, DictionaryArray, Int32Array};
/// use foedus_dataset::arrow_array::types::Int32Type;
///
/// let values: ArrayRef = Arc::new(Int32Array::from(vec![0, 1]));
/// let keys = Int32Array::from(vec![Some(1), None, Some(0)]);
/// let column: ArrayRef = Arc::new(DictionaryArray::<Int32Type>::try_new(keys, values).unwrap());
/// let plain = foedus_dataset::plain(&column).unwrap();
/// assert_eq!(plain.as_ref(), &Int32Array::from(vec![Some(1), None, Some(0)]) as &dyn Array);
/// ```
pub fn plain(
    array: &arrow_array::ArrayRef,
) -> Result<arrow_array::ArrayRef, arrow_schema::ArrowError> {
    match array.data_type() {
        DataType::Dictionary(_, values) => arrow_cast::cast(array, values),
        _ => Ok(array.clone()),
    }
}

/// The schema a file declares: a dictionary-encoded column as its values' type.
/// Dictionaries are how a table hands its encoder values it already knows to
/// repeat (a state's capabilities on each of its dyads); readers see plain
/// columns.
fn values_schema(schema: &Schema) -> SchemaRef {
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .map(|f| match f.data_type() {
            DataType::Dictionary(_, values) => f.as_ref().clone().with_data_type(*values.clone()),
            _ => f.as_ref().clone(),
        })
        .collect();
    Arc::new(Schema::new_with_metadata(fields, schema.metadata().clone()))
}

/// A column chunk encoded by foedus or by the parquet crate.
enum Encoded {
    Ours(
        bytes::Bytes,
        Box<parquet::column::writer::ColumnCloseResult>,
    ),
    Parquet(Box<parquet::arrow::arrow_writer::ArrowColumnChunk>),
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

    /// The names in a directory, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    }

    #[test]
    fn a_file_written_over_another_replaces_it_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.csv");
        std::fs::write(&p, "old contents, longer than the new ones\n".repeat(100)).unwrap();
        let (s, b) = batch();
        write(&p, s, &[b]).unwrap();
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "ccode1,cinc1\n2,1\n20,\n"
        );
        assert_eq!(names(dir.path()), ["x.csv"]);
    }

    #[test]
    fn a_directory_in_the_way_is_an_error_and_stays() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.csv");
        std::fs::create_dir(&p).unwrap();
        std::fs::write(p.join("inside"), "kept").unwrap();
        let (s, b) = batch();
        let e = write(&p, s, &[b]).unwrap_err();
        assert!(matches!(e, WriteError::Io { .. }), "{e}");
        assert_eq!(std::fs::read_to_string(p.join("inside")).unwrap(), "kept");
        assert_eq!(names(dir.path()), ["x.csv"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_in_the_way_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.csv");
        std::fs::write(&target, "untouched").unwrap();
        let p = dir.path().join("x.csv");
        std::os::unix::fs::symlink(&target, &p).unwrap();
        let (s, b) = batch();
        write(&p, s, &[b]).unwrap();
        assert!(std::fs::symlink_metadata(&p).unwrap().is_file());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "untouched");
        assert_eq!(names(dir.path()), ["target.csv", "x.csv"]);
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
