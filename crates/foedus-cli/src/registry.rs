//! Opening the registry: the database, the starter records, the snapshot.

use std::path::{Path, PathBuf};

use anyhow::Context;
use foedus_domain::registry::Registry;
use foedus_import::{Batch, starter};
use foedus_store::{Changes, Contribution, FileRecord, Store};

/// The database file: `--db`, else `$FOEDUS_DB`, else the platform default.
pub fn db_path(db: Option<&Path>) -> PathBuf {
    db.map(Path::to_path_buf)
        .unwrap_or_else(foedus_store::default_path)
}

/// Opens the store, loading the built-in starter registry if it is absent or out of date.
pub fn open_store(db: Option<&Path>) -> anyhow::Result<Store> {
    let path = db_path(db);
    let mut store = Store::open(&path)?;
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
        return Ok(store);
    }
    let batch = starter::batch().context("the built-in starter registry is invalid")?;
    let changes = write_batch(&mut store, starter::SOURCE, &batch)?;
    if !changes.unchanged && changes.replaced_version.is_none() {
        eprintln!(
            "foedus: created the registry at {} with {} starter agreements (add data with `foedus import` or `foedus fetch`)",
            path.display(),
            batch.agreements.len()
        );
    }
    Ok(store)
}

/// Opens the store and loads the snapshot.
pub fn load(db: Option<&Path>) -> anyhow::Result<Registry> {
    Ok(open_store(db)?.load()?)
}

/// Writes an import batch as one source.
pub fn write_batch(store: &mut Store, source: &str, batch: &Batch) -> anyhow::Result<Changes> {
    Ok(store.replace_source(&contribution(source, batch))?)
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
        capabilities: &batch.capabilities,
        major_powers: &batch.major_powers,
        notes: &batch.notes,
        coverage: batch.coverage,
        kept_current: batch.kept_current,
    }
}
