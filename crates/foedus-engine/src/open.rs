//! Opening the registry: the database (created on first use, with the built-in
//! starter records), the snapshot, and writing imported batches.

use std::path::{Path, PathBuf};

use std::sync::Arc;

use foedus_domain::contents::Contents;
use foedus_domain::registry::Registry;
use foedus_import::layout::{self, DataDir};
use foedus_import::{Batch, Limits, starter};
use foedus_panel::alliance::{self, AllianceTable};
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

/// Opens the store and loads only the parts of the snapshot `needs` names (a
/// panel's [`foedus_panel::vars::needs`]): a panel of capabilities and disputes
/// loads neither the agreements nor the wars.
///
/// Where the alliance dyad-years are needed and not the agreements themselves,
/// the store's copy of them for the registry as it is now (kept by an earlier
/// run, [`AllianceTable::to_bytes`]) is given to the snapshot instead of parsing
/// and replaying every agreement. Without one, the agreements are loaded, the
/// dyad-years computed and kept for the next run; if the registry changed
/// meanwhile, or the database cannot be written (read-only), nothing is kept
/// and the answer is the same.
pub fn load_for(at: Option<&Path>, needs: &Contents) -> Result<Registry, EngineError> {
    load_needed(&mut open_store(at)?.store, needs)
}

/// [`load_for`] on a store already open.
pub fn load_needed(store: &mut Store, needs: &Contents) -> Result<Registry, EngineError> {
    if !needs.alliances() || needs.agreements() {
        return Ok(store.load_only(needs)?);
    }
    let generation = store.generation()?;
    let kept = store
        .derived(alliance::TABLE_KEY, generation)?
        .and_then(|bytes| AllianceTable::from_bytes(&bytes).ok());
    if let Some(table) = kept {
        let registry = store.load_only(needs)?;
        // Written meanwhile: the table may not be of what was loaded.
        if store.generation()? == generation {
            registry.derived().give(Arc::new(table));
            return Ok(registry);
        }
    }
    let registry = store.load_only(&needs.clone().with_agreements())?;
    let table = AllianceTable::of(&registry)?;
    if let Ok(bytes) = table.to_bytes() {
        // A cache: a database that cannot be written still answers, only slower.
        let _ = store.keep_derived(alliance::TABLE_KEY, generation, &bytes);
    }
    Ok(registry)
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
