//! Opening the registry: the database, the starter records, the snapshot.

use std::path::{Path, PathBuf};

use foedus_domain::registry::Registry;
use foedus_engine::EngineError;
use foedus_store::Store;

/// Where the registry is, from `--database URL` (`$FOEDUS_DATABASE`) or `--db PATH`
/// (`$FOEDUS_DB`): the URL if one is given (it must be a PostgreSQL URL), else the
/// path. Every command opens the store at this location through [`open_store`].
pub fn location(database: Option<&str>, db: Option<PathBuf>) -> anyhow::Result<Option<PathBuf>> {
    match database.map(str::trim).filter(|d| !d.is_empty()) {
        Some(url) if foedus_store::is_postgres_url(url) => Ok(Some(PathBuf::from(url))),
        Some(other) => anyhow::bail!(
            "--database {}: expected a PostgreSQL URL, postgres://USER@HOST[:PORT]/DATABASE (give a SQLite file with --db PATH)",
            foedus_domain::quote::quote(&foedus_store::redact(other))
        ),
        None => Ok(db),
    }
}

/// The database: `--database` or `--db`, else `$FOEDUS_DB`, else the platform default.
pub fn db_path(db: Option<&Path>) -> PathBuf {
    foedus_engine::open::location(db)
}

/// Opens the store, loading the built-in starter registry if it is absent or out of date.
pub fn open_store(db: Option<&Path>) -> anyhow::Result<Store> {
    let opened = foedus_engine::open_store(db).map_err(engine_error)?;
    if let Some(n) = opened.created {
        eprintln!(
            "foedus: created the registry at {} with {n} starter agreements (add data with `foedus import` or `foedus fetch`)",
            opened.store.path(),
        );
    }
    Ok(opened.store)
}

/// Opens the store and loads the snapshot.
pub fn load(db: Option<&Path>) -> anyhow::Result<Registry> {
    Ok(open_store(db)?.load()?)
}

/// The engine's error with its cause as the error itself, so that the CLI's hints
/// find a store's, an import's or a panel's error in the chain.
pub fn engine_error(e: EngineError) -> anyhow::Error {
    match e {
        EngineError::Store(e) => e.into(),
        EngineError::Import(e) => e.into(),
        EngineError::Panel(e) => e.into(),
        EngineError::Query(e) => crate::hints::query_error(e),
        EngineError::Scenario(e) => e.into(),
        other => other.into(),
    }
}
