//! Opening the registry: the database (created on first use, with the built-in
//! starter records), the snapshot, and writing imported batches.

use std::path::{Path, PathBuf};

use foedus_domain::registry::Registry;
use foedus_import::layout::{self, DataDir};
use foedus_import::{Batch, Limits, starter};
use foedus_store::{Changes, Contribution, FileRecord, Store};

use crate::EngineError;

/// The database at `location` (a SQLite path or a `postgres://` URL), else
/// `$FOEDUS_DB`, else the platform default.
pub fn location(location: Option<&Path>) -> PathBuf {
    location
        .map(Path::to_path_buf)
        .unwrap_or_else(foedus_store::default_path)
}

/// An opened store, and whether opening it created the registry.
pub struct Opened {
    /// The store.
    pub store: Store,
    /// The number of starter agreements written if this opening created the
    /// registry (an interface may say so), `None` if it existed.
    pub created: Option<usize>,
}

/// Opens the store, loading the built-in starter registry if it is absent or out
/// of date.
pub fn open_store(at: Option<&Path>) -> Result<Opened, EngineError> {
    let mut store = Store::open(location(at))?;
    let files: Vec<FileRecord> = starter::files()
        .into_iter()
        .map(|f| FileRecord {
            name: f.name,
            sha256: f.sha256,
            bytes: f.bytes,
        })
        .collect();
    if !files.is_empty()
        && store
            .source_checksum(starter::SOURCE)?
            .is_some_and(|(_, sum)| sum == foedus_store::files_checksum(&files))
    {
        return Ok(Opened {
            store,
            created: None,
        });
    }
    let batch = starter::batch().map_err(EngineError::Starter)?;
    let changes = write_batch(&mut store, starter::SOURCE, &batch)?;
    let created = (!changes.unchanged && changes.replaced_version.is_none())
        .then_some(batch.agreements.len());
    Ok(Opened { store, created })
}

/// Opens the store and loads the snapshot every analysis reads.
pub fn load(at: Option<&Path>) -> Result<Registry, EngineError> {
    Ok(open_store(at)?.store.load()?)
}

/// Writes an import batch as one source, in one transaction.
pub fn write_batch(store: &mut Store, source: &str, batch: &Batch) -> Result<Changes, EngineError> {
    Ok(store.replace_source(&contribution(source, batch))?)
}

/// Writes several sources' batches in one transaction: all or none.
pub fn write_batches(
    store: &mut Store,
    batches: &[(String, Batch)],
) -> Result<Vec<Changes>, EngineError> {
    let contributions: Vec<Contribution<'_>> = batches
        .iter()
        .map(|(name, batch)| contribution(name, batch))
        .collect();
    Ok(store.replace_sources(&contributions)?)
}

/// Reads a directory laid out like the shared data and writes every source it
/// holds in one transaction; the database is opened only after every source read.
pub fn import_dir(
    at: Option<&Path>,
    dir: &Path,
    limits: &Limits,
    reading: &mut dyn FnMut(&Path),
) -> Result<(DataDir, Vec<Changes>), EngineError> {
    let read = layout::read_dir(dir, limits, reading)?;
    let mut opened = open_store(at)?;
    let changes = write_batches(&mut opened.store, &read.batches)?;
    Ok((read, changes))
}

/// The store's view of an import batch, under a source name.
pub fn contribution<'a>(source: &'a str, batch: &'a Batch) -> Contribution<'a> {
    Contribution {
        source,
        version: &batch.version,
        files: batch
            .files
            .iter()
            .map(|f| FileRecord {
                name: f.name.clone(),
                sha256: f.sha256.clone(),
                bytes: f.bytes,
            })
            .collect(),
        states: &batch.states,
        agreements: &batch.agreements,
        amendments: &batch.amendments,
        capabilities: &batch.capabilities,
        major_powers: &batch.major_powers,
        history: &batch.history,
        notes: &batch.notes,
        coverage: batch.coverage,
        kept_current: batch.kept_current,
    }
}
