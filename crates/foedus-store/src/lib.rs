//! The registry's persistence: one interface, SQLite as the embedded default and
//! PostgreSQL for a team sharing a server ([`Store::open`] takes a file path or a
//! `postgres://` URL).
//!
//! A [`Store`] holds what each source contributed. [`Store::replace_source`]
//! writes a source's [`Contribution`] in one transaction: all of it or, on any
//! error, nothing; writing the same version with the same files again changes
//! nothing; a new version replaces the old one's rows and reports what changed.
//! [`Store::load`] builds the immutable [`Registry`] snapshot analyses run on.
//!
//! Agreements and states are stored as JSON documents of the domain types (so
//! the store never drifts from the model), beside relational columns and an
//! obligation table for those who query the file with SQL.

#![warn(missing_docs)]

mod curation;
mod db;
mod derived;
mod documents;
mod edits;
mod history;
mod review;
mod schema;
#[cfg(feature = "testing")]
pub mod testing;

/// The schema version this build writes (`PRAGMA user_version` on SQLite, the
/// table `foedus_schema` on PostgreSQL).
pub use schema::VERSION as SCHEMA_VERSION;

pub use db::{Backend, is_postgres_url, redact};

pub use curation::LinkError;
pub use documents::{
    DOCUMENT_LIMIT, DocumentError, DocumentExport, DocumentInfo, DocumentKind, MEDIA_TYPES,
    NewDocument, check_content, guess_media_type, sha256_hex,
};
pub use edits::{
    EDITS_SOURCE, Edit, EditError, EditKind, FieldChange, HistoryEntry, Role, TokenError,
    TokenInfo, diff_values,
};
pub use review::{Draft, DraftStatus, ReviewError};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use db::{Db, Row, Value, vals};
use foedus_domain::Agreement;
use foedus_domain::amendment::{AmendmentFile, AmendmentProblem};
use foedus_domain::contents::{Contents, HistoryPart};
use foedus_domain::history::HistoricalData;
use foedus_domain::reconcile::{Curation, Link, Precedence};
use foedus_domain::registry::{
    Capability, MajorPowerSpell, Registry, RegistryParts, SourceInfo, merge_states, span_of,
};
use foedus_domain::state::{Ccode, State};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// How long a write waits for another connection's write lock before it gives up
/// with [`StoreError::Busy`].
pub const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy
            }
            _ => StoreError::Sqlite(e),
        }
    }
}

/// A store error: what failed and, for a conflict, with what.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file could not be opened or written.
    #[error("database {path}: {message}")]
    Open {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
    /// Another connection held the database's write lock for longer than
    /// [`LOCK_WAIT`]: nothing was written; try again.
    #[error(
        "the database is busy: another process has held its write lock for more than {} s; nothing was written",
        LOCK_WAIT.as_secs()
    )]
    Busy,
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    /// PostgreSQL reported an error.
    #[error("database error: {}", postgres_reason(.0))]
    Postgres(#[from] postgres::Error),
    /// A stored document could not be read back.
    #[error("stored {what} `{key}` is unreadable: {message}")]
    Corrupt {
        /// Which table.
        what: &'static str,
        /// Which row.
        key: String,
        /// Why.
        message: String,
    },
    /// An agreement id already belongs to another source.
    #[error(
        "agreement `{id}` from {source_name} is already in the registry from {owner}; ids must be unique across sources"
    )]
    DuplicateId {
        /// The id.
        id: String,
        /// The source being written.
        source_name: String,
        /// The source that has it.
        owner: String,
    },
    /// An amendment names an agreement no loaded source holds, or no longer fits
    /// the agreement it amends: nothing was written.
    #[error("{0}")]
    Amendment(Box<AmendmentProblem>),
    /// The database was written by a newer foedus.
    #[error(
        "database {path} has schema version {found}; this foedus knows up to {known}: upgrade foedus"
    )]
    TooNew {
        /// The file.
        path: String,
        /// Its version.
        found: i64,
        /// Ours.
        known: i64,
    },
}

/// A file a source was read from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    /// Its name.
    pub name: String,
    /// SHA-256 of its contents.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// Everything one source contributes to the registry.
#[derive(Clone, Debug, Default)]
pub struct Contribution<'a> {
    /// The source's name (`atop`, `cow-states`, `starter`).
    pub source: &'a str,
    /// Its version.
    pub version: &'a str,
    /// The files it was read from.
    pub files: Vec<FileRecord>,
    /// States with their membership spells.
    pub states: &'a [State],
    /// Agreements.
    pub agreements: &'a [Agreement],
    /// Amendments of agreements other sources hold (hand-written records).
    pub amendments: &'a [AmendmentFile],
    /// State-year capabilities.
    pub capabilities: &'a [Capability],
    /// Major-power spells.
    pub major_powers: &'a [MajorPowerSpell],
    /// Disputes, wars, contiguity, capitals, democracy scores, rivalries.
    pub history: &'a HistoricalData,
    /// Notes from the import.
    pub notes: &'a [String],
    /// The years the source's data cover, when it says (ATOP 5.1: 1815–2018);
    /// otherwise the span of its dates is recorded.
    pub coverage: Option<(i16, i16)>,
    /// A register kept current by hand rather than a dataset closed at a last year.
    pub kept_current: bool,
}

/// What a write changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Changes {
    /// Nothing changed: the same version with the same files was already stored.
    pub unchanged: bool,
    /// The version replaced, if any.
    pub replaced_version: Option<String>,
    /// Agreement ids added.
    pub added: Vec<String>,
    /// Agreement ids removed.
    pub removed: Vec<String>,
    /// Agreement ids whose record changed.
    pub changed: Vec<String>,
    /// Row counts written, by kind.
    pub counts: BTreeMap<String, usize>,
    /// Agreement ids in this source that were edited by hand ([`EDITS_SOURCE`]):
    /// the edited records are kept, the source's versions of them skipped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kept_edits: Vec<String>,
}

/// One entry of the import log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportLogEntry {
    /// The source.
    pub source: String,
    /// Its version.
    pub version: String,
    /// The files read.
    pub files: Vec<FileRecord>,
    /// Row counts.
    pub counts: BTreeMap<String, usize>,
    /// When (UTC, RFC 3339).
    pub imported_at: String,
    /// How long the write took, in milliseconds.
    pub duration_ms: u64,
    /// What changed.
    pub changes: Changes,
    /// Notes from the import.
    pub notes: Vec<String>,
}

/// A source as loaded now, with the spans of what it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadedSource {
    /// The source.
    pub source: String,
    /// Its version.
    pub version: String,
    /// When it was imported.
    pub imported_at: String,
    /// Row counts.
    pub counts: BTreeMap<String, usize>,
    /// The first and last year its records cover, if any.
    pub span: Option<(i16, i16)>,
    /// A register kept current by hand (see [`Contribution::kept_current`]).
    pub kept_current: bool,
}

/// The default database file: `$FOEDUS_DB`, else `foedus.sqlite` in the platform's data directory.
pub fn default_path() -> PathBuf {
    if let Some(p) = std::env::var_os("FOEDUS_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    directories::ProjectDirs::from("org", "foedus", "foedus")
        .map(|d| d.data_dir().join("foedus.sqlite"))
        .unwrap_or_else(|| PathBuf::from("foedus.sqlite"))
}

/// The registry's store.
pub struct Store {
    db: Db,
    path: String,
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("domain values serialize")
}

fn now_rfc3339() -> String {
    jiff::Timestamp::now().to_string()
}

impl Store {
    /// Opens the database at `location` and brings its schema up to date: a
    /// `postgres://` or `postgresql://` URL is a PostgreSQL database (which must
    /// exist); anything else is a SQLite file, created if needed.
    pub fn open(location: impl AsRef<Path>) -> Result<Store, StoreError> {
        let store = Store::connect(location.as_ref())?;
        schema::migrate(&store.db, &store.path)?;
        Ok(store)
    }

    /// Opens the database at `location` and brings its schema to `version` only
    /// (tests of the migrations: a database as an older foedus left it).
    #[cfg(feature = "testing")]
    pub fn open_at_version(location: impl AsRef<Path>, version: i64) -> Result<Store, StoreError> {
        let store = Store::connect(location.as_ref())?;
        schema::migrate_to(&store.db, &store.path, version)?;
        Ok(store)
    }

    fn connect(path: &Path) -> Result<Store, StoreError> {
        if let Some(url) = path.to_str().filter(|l| is_postgres_url(l)) {
            let shown = redact(url.trim());
            let db = Db::connect_postgres(url.trim()).map_err(|e| StoreError::Open {
                path: shown.clone(),
                message: postgres_reason(&e),
            })?;
            return Ok(Store { db, path: shown });
        }
        let shown = path.display().to_string();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Open {
                path: shown.clone(),
                message: format!("cannot create directory {}: {e}", dir.display()),
            })?;
        }
        let conn = rusqlite::Connection::open(path).map_err(|e| StoreError::Open {
            path: shown.clone(),
            message: e.to_string(),
        })?;
        Store::sqlite(conn, shown)
    }

    /// A store in memory (tests, scratch work).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let store = Store::sqlite(rusqlite::Connection::open_in_memory()?, ":memory:".into())?;
        schema::migrate(&store.db, &store.path)?;
        Ok(store)
    }

    fn sqlite(conn: rusqlite::Connection, path: String) -> Result<Store, StoreError> {
        conn.busy_timeout(LOCK_WAIT)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .or_else(|_| conn.pragma_update(None, "journal_mode", "DELETE"))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(Store {
            db: Db::Sqlite(conn),
            path,
        })
    }

    /// The database: a SQLite file's path, or a PostgreSQL URL without its password.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The backend this store runs on.
    pub fn backend(&self) -> Backend {
        self.db.backend()
    }

    /// The schema version the database is at (after opening: [`SCHEMA_VERSION`]).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        schema::version(&self.db)
    }

    /// The version and checksum stored for a source, if it is loaded.
    pub fn source_checksum(&self, source: &str) -> Result<Option<(String, String)>, StoreError> {
        self.db
            .query_opt(
                "SELECT version, checksum FROM source WHERE name = ?1",
                vals![source],
            )?
            .map(|r| Ok((r.get(0)?, r.get(1)?)))
            .transpose()
    }

    /// The sources loaded now.
    pub fn sources(&self) -> Result<Vec<LoadedSource>, StoreError> {
        let rows = self.db.query(
            "SELECT s.name, s.version, l.imported_at, l.counts, s.first_year, s.last_year, s.kept_current
             FROM source s JOIN import_log l ON l.id = s.import_id ORDER BY s.name",
            &[],
        )?;
        rows.iter()
            .map(|r| {
                let counts: String = r.get(3)?;
                let first: Option<i64> = r.get(4)?;
                let last: Option<i64> = r.get(5)?;
                Ok(LoadedSource {
                    source: r.get(0)?,
                    version: r.get(1)?,
                    imported_at: r.get(2)?,
                    counts: serde_json::from_str(&counts).unwrap_or_default(),
                    span: first.zip(last).map(|(a, b)| (a as i16, b as i16)),
                    kept_current: r.get(6)?,
                })
            })
            .collect()
    }

    /// The import log, newest first.
    pub fn import_log(&self) -> Result<Vec<ImportLogEntry>, StoreError> {
        let rows = self.db.query(
            "SELECT source, version, files, counts, imported_at, duration_ms, changes, notes FROM import_log ORDER BY id DESC",
            &[],
        )?;
        let mut out = Vec::new();
        for r in rows {
            let (source, version, files, counts, imported_at, ms, changes, notes): (
                String,
                String,
                String,
                String,
                String,
                i64,
                String,
                String,
            ) = (
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
            );
            let bad = |m: serde_json::Error| StoreError::Corrupt {
                what: "import_log",
                key: source.clone(),
                message: m.to_string(),
            };
            out.push(ImportLogEntry {
                files: serde_json::from_str(&files).map_err(bad)?,
                counts: serde_json::from_str(&counts).map_err(bad)?,
                changes: serde_json::from_str(&changes).map_err(bad)?,
                notes: serde_json::from_str(&notes).map_err(bad)?,
                source: source.clone(),
                version,
                imported_at,
                duration_ms: ms as u64,
            });
        }
        Ok(out)
    }

    /// Writes a source's contribution in one transaction, replacing what that
    /// source held before. Unchanged if the same version and files are stored.
    pub fn replace_source(&mut self, c: &Contribution<'_>) -> Result<Changes, StoreError> {
        let tx = self.db.transaction()?;
        let changes = replace_in(&tx, c)?;
        curation::verify(&tx)?;
        tx.commit()?;
        Ok(changes)
    }

    /// Writes several sources' contributions in one transaction: all or none.
    pub fn replace_sources(&mut self, cs: &[Contribution<'_>]) -> Result<Vec<Changes>, StoreError> {
        let tx = self.db.transaction()?;
        let mut out = Vec::with_capacity(cs.len());
        for c in cs {
            out.push(replace_in(&tx, c)?);
        }
        curation::verify(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// The whole registry, source by source, as it is stored.
    pub fn export(&self) -> Result<RegistryExport, StoreError> {
        let mut sources = Vec::new();
        let log = self.import_log()?;
        for loaded in self.sources()? {
            let entry = log
                .iter()
                .find(|e| e.source == loaded.source && e.version == loaded.version);
            let states = self.documents_of("state", &loaded.source)?;
            let agreements = self.documents_of("agreement", &loaded.source)?;
            let amendments = curation::amendments_of(&self.db, &loaded.source)?;
            let major_powers = self.documents_of("major_power", &loaded.source)?;
            let capabilities = self.load_capabilities_of(&loaded.source)?;
            let history = history::load(&self.db, Some(&loaded.source))?;
            sources.push(SourceExport {
                source: loaded.source.clone(),
                version: loaded.version.clone(),
                files: entry.map(|e| e.files.clone()).unwrap_or_default(),
                notes: entry.map(|e| e.notes.clone()).unwrap_or_default(),
                states,
                agreements,
                amendments,
                capabilities,
                major_powers,
                history,
                span: loaded.span,
                kept_current: loaded.kept_current,
            });
        }
        let stored = self.curation()?;
        let precedence = self
            .db
            .query_opt("SELECT 1 FROM setting WHERE name = 'precedence'", &[])?
            .map(|_| stored.precedence);
        let documents = self.export_documents()?;
        Ok(RegistryExport {
            format: EXPORT_FORMAT.into(),
            // Version 3 adds documents; an export without any reads as version 2.
            format_version: if documents.is_empty() { 2 } else { 3 },
            sources,
            links: stored.links,
            precedence,
            documents,
        })
    }

    /// Restores an export: every source in it, in one transaction.
    pub fn restore(
        &mut self,
        export: &RegistryExport,
    ) -> Result<Vec<(String, Changes)>, StoreError> {
        let tx = self.db.transaction()?;
        let mut out = Vec::new();
        // Hand edits first, so the sources they override skip those ids.
        let mut sources: Vec<&SourceExport> = export.sources.iter().collect();
        sources.sort_by_key(|s| s.source != EDITS_SOURCE);
        for s in sources {
            let c = Contribution {
                source: &s.source,
                version: &s.version,
                files: s.files.clone(),
                states: &s.states,
                agreements: &s.agreements,
                amendments: &s.amendments,
                capabilities: &s.capabilities,
                major_powers: &s.major_powers,
                history: &s.history,
                notes: &s.notes,
                coverage: s.span,
                kept_current: s.kept_current,
            };
            out.push((s.source.clone(), replace_in(&tx, &c)?));
        }
        curation::write_links(&tx, &export.links)?;
        if let Some(p) = &export.precedence {
            curation::write_precedence(&tx, Some(p))?;
        }
        documents::restore(&tx, &export.documents)?;
        curation::verify(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Removes a source and everything it contributed (its amendments too); refused
    /// if an amendment of another source then names an agreement no source holds.
    pub fn remove_source(&mut self, source: &str) -> Result<bool, StoreError> {
        let tx = self.db.transaction()?;
        let existed = delete_source(&tx, source)?;
        curation::verify(&tx)?;
        tx.commit()?;
        Ok(existed)
    }

    /// Loads the whole registry into an immutable snapshot, its records reconciled
    /// into one agreement per treaty with the stored amendments, links and precedence.
    pub fn load(&self) -> Result<Registry, StoreError> {
        self.load_only(&Contents::everything())
    }

    /// Loads only the parts of the snapshot `contents` names (states and sources
    /// always): what an answer that reads no agreements, or only some historical
    /// data, needs. The snapshot says what it holds ([`Registry::contents`]).
    pub fn load_only(&self, contents: &Contents) -> Result<Registry, StoreError> {
        // Parsing the agreement documents is most of the load: it runs on every
        // core while this thread reads the rest of the tables.
        let rows = if contents.agreements() {
            agreement_rows(&self.db)?
        } else {
            Vec::new()
        };
        let (parsed, rest) = std::thread::scope(|s| {
            let parsed = s.spawn(|| parse_agreements(rows));
            let rest = self.load_tables(contents);
            (parsed.join(), rest)
        });
        let (records, origins) = parsed.map_err(|_| StoreError::Corrupt {
            what: "agreement",
            key: String::new(),
            message: "parsing the agreement records panicked".into(),
        })??;
        let (states, capabilities, major_powers, sources) = rest?;
        let history = match contents.history() {
            HistoryPart::All => history::load(&self.db, None)?,
            HistoryPart::Sources(sources) => history::load_sources(&self.db, sources)?,
        };
        Ok(Registry::from_parts(RegistryParts {
            states: merge_states(states),
            records,
            origins,
            curation: if contents.agreements() {
                self.curation()?
            } else {
                Curation::default()
            },
            capabilities,
            major_powers,
            sources,
            history,
            contents: contents.clone(),
        }))
    }

    /// The states and sources, and the capabilities and major powers if
    /// `contents` holds them, for [`Store::load_only`].
    fn load_tables(&self, contents: &Contents) -> Result<Tables, StoreError> {
        let mut states: Vec<State> = Vec::new();
        for r in self
            .db
            .query("SELECT key, record FROM state ORDER BY source, key", &[])?
        {
            let text: String = r.get(1)?;
            states.push(
                serde_json::from_str(&text).map_err(|e| StoreError::Corrupt {
                    what: "state",
                    key: r.get::<String>(0).unwrap_or_default(),
                    message: e.to_string(),
                })?,
            );
        }
        let capabilities = if contents.capabilities() {
            self.load_capabilities()?
        } else {
            Vec::new()
        };
        let mut major_powers = Vec::new();
        let major_power_rows = if contents.major_powers() {
            self.db.query(
                "SELECT record FROM major_power ORDER BY ccode, start, source",
                &[],
            )?
        } else {
            Vec::new()
        };
        for r in major_power_rows {
            let text: String = r.get(0)?;
            major_powers.push(
                serde_json::from_str(&text).map_err(|e| StoreError::Corrupt {
                    what: "major_power",
                    key: text.clone(),
                    message: e.to_string(),
                })?,
            );
        }
        let sources = self
            .sources()?
            .into_iter()
            .map(|s| SourceInfo {
                source: s.source,
                version: s.version,
                span: s.span,
                kept_current: s.kept_current,
            })
            .collect();
        Ok((states, capabilities, major_powers, sources))
    }

    /// The JSON documents one source stored in `table`, read back as domain values.
    fn documents_of<T: serde::de::DeserializeOwned>(
        &self,
        table: &'static str,
        source: &str,
    ) -> Result<Vec<T>, StoreError> {
        // Insertion order: SQLite's rowid, PostgreSQL's identity column `pos`.
        let order = match table {
            "agreement" => "id",
            _ => self.db.pick("rowid", "pos"),
        };
        let rows = self.db.query(
            &format!("SELECT record FROM {table} WHERE source = ?1 ORDER BY {order}"),
            vals![source],
        )?;
        let mut out = Vec::new();
        for r in rows {
            let text: String = r.get(0)?;
            out.push(
                serde_json::from_str(&text).map_err(|e| StoreError::Corrupt {
                    what: table,
                    key: source.to_string(),
                    message: e.to_string(),
                })?,
            );
        }
        Ok(out)
    }

    fn load_capabilities(&self) -> Result<Vec<Capability>, StoreError> {
        self.capabilities_where("1 = 1", &[])
    }

    fn load_capabilities_of(&self, source: &str) -> Result<Vec<Capability>, StoreError> {
        self.capabilities_where("source = ?1", vals![source])
    }

    fn capabilities_where(&self, filter: &str, p: &[Value]) -> Result<Vec<Capability>, StoreError> {
        let rows = self.db.query(&format!(
            "SELECT ccode, year, milex, milper, irst, pec, tpop, upop, cinc FROM capability WHERE {filter} ORDER BY ccode, year"
        ), p)?;
        rows.iter()
            .map(|r| {
                Ok(Capability {
                    ccode: Ccode(r.get(0)?),
                    year: r.get(1)?,
                    milex: r.get(2)?,
                    milper: r.get(3)?,
                    irst: r.get(4)?,
                    pec: r.get(5)?,
                    tpop: r.get(6)?,
                    upop: r.get(7)?,
                    cinc: r.get(8)?,
                })
            })
            .collect()
    }

    /// The source that holds an agreement, if any.
    pub fn agreement_source(&self, id: &str) -> Result<Option<String>, StoreError> {
        self.db
            .query_opt("SELECT source FROM agreement WHERE id = ?1", vals![id])?
            .map(|r| r.get(0))
            .transpose()
    }

    /// The raw SQLite connection, for tests only (feature `testing`): outside
    /// this crate, the registry is read and written through `Store`'s methods.
    /// Panics on PostgreSQL (use [`Store::execute_sql`]).
    #[cfg(feature = "testing")]
    pub fn connection(&self) -> &rusqlite::Connection {
        match &self.db {
            Db::Sqlite(c) => c,
            Db::Postgres(_) => panic!("Store::connection is SQLite's; use execute_sql"),
        }
    }

    /// Runs SQL (several statements, no parameters) on either backend, for tests
    /// only (feature `testing`).
    #[cfg(feature = "testing")]
    pub fn execute_sql(&self, sql: &str) -> Result<(), StoreError> {
        self.db.batch(sql)
    }

    /// The first column of the first row of a query as an integer, for tests only
    /// (feature `testing`).
    #[cfg(feature = "testing")]
    pub fn query_i64(&self, sql: &str) -> Result<i64, StoreError> {
        self.db.query_one(sql, &[])?.get(0)
    }

    /// Records a schema version without migrating, for tests only (feature `testing`).
    #[cfg(feature = "testing")]
    pub fn set_schema_version(&self, version: i64) -> Result<(), StoreError> {
        schema::set_version(&self.db, version)
    }
}

/// A PostgreSQL error in words: the driver's own say only "db error" or "error
/// connecting"; the server's message and the cause say what went wrong.
fn postgres_reason(e: &postgres::Error) -> String {
    use std::error::Error;
    if let Some(db) = e.as_db_error() {
        let mut s = format!("{}: {}", db.severity(), db.message());
        if let Some(detail) = db.detail() {
            s.push_str(&format!(" ({detail})"));
        }
        return s;
    }
    match e.source() {
        Some(cause) => format!("{e}: {cause}"),
        None => e.to_string(),
    }
}

/// The export format's name, written in every export.
pub const EXPORT_FORMAT: &str = "foedus-registry";

/// The whole registry as JSON: each source with everything it contributed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryExport {
    /// Always `foedus-registry`.
    pub format: String,
    /// The export format's version.
    pub format_version: u32,
    /// The sources.
    pub sources: Vec<SourceExport>,
    /// Links people confirmed or rejected.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// The precedence, if one was set (otherwise the default applies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precedence: Option<Precedence>,
    /// Documents attached to agreements, with their bytes (format version 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<DocumentExport>,
}

/// One source in an export.
///
/// Format version 2 adds each source's amendments and the registry's links and
/// precedence; version 1 files restore as before.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceExport {
    /// Its name.
    pub source: String,
    /// Its version.
    pub version: String,
    /// The files it was read from.
    pub files: Vec<FileRecord>,
    /// Notes from its import.
    pub notes: Vec<String>,
    /// States.
    pub states: Vec<State>,
    /// Agreements.
    pub agreements: Vec<Agreement>,
    /// Amendments of agreements other sources hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amendments: Vec<AmendmentFile>,
    /// Capabilities.
    pub capabilities: Vec<Capability>,
    /// Major-power spells.
    pub major_powers: Vec<MajorPowerSpell>,
    /// Disputes, wars, contiguity, capitals, democracy scores, rivalries.
    #[serde(default, skip_serializing_if = "HistoricalData::is_empty")]
    pub history: HistoricalData,
    /// The years the source covers.
    #[serde(default)]
    pub span: Option<(i16, i16)>,
    /// A register kept current by hand.
    #[serde(default)]
    pub kept_current: bool,
}

fn replace_in(tx: &Db, c: &Contribution<'_>) -> Result<Changes, StoreError> {
    let edited = edits::edited_ids(tx, c.source)?;
    if edited.is_empty() || !c.agreements.iter().any(|a| edited.contains(a.id.as_str())) {
        return replace_unedited(tx, c);
    }
    let (skipped, kept): (Vec<&Agreement>, Vec<&Agreement>) = c
        .agreements
        .iter()
        .partition(|a| edited.contains(a.id.as_str()));
    let kept: Vec<Agreement> = kept.into_iter().cloned().collect();
    let inner = Contribution {
        agreements: &kept,
        ..c.clone()
    };
    let mut changes = replace_unedited(tx, &inner)?;
    changes.kept_edits = skipped.iter().map(|a| a.id.to_string()).collect();
    Ok(changes)
}

fn replace_unedited(tx: &Db, c: &Contribution<'_>) -> Result<Changes, StoreError> {
    let started = Instant::now();
    let checksum = contribution_checksum(c);
    let current: Option<(String, String)> = tx
        .query_opt(
            "SELECT version, checksum FROM source WHERE name = ?1",
            vals![c.source],
        )?
        .map(|r| Ok::<_, StoreError>((r.get(0)?, r.get(1)?)))
        .transpose()?;
    if current
        .as_ref()
        .is_some_and(|(v, sum)| v == c.version && *sum == checksum)
    {
        return Ok(Changes {
            unchanged: true,
            ..Changes::default()
        });
    }
    let mut changes = diff_agreements(tx, c)?;
    changes.replaced_version = current.map(|(v, _)| v);
    delete_source(tx, c.source)?;
    write_contribution(tx, c, &mut changes)?;
    let span = c
        .coverage
        .or_else(|| span_of(c.states, c.agreements, c.capabilities, c.major_powers))
        .or_else(|| c.history.span());
    let (first, last) = (span.map(|s| s.0), span.map(|s| s.1));
    let duration_ms = started.elapsed().as_millis() as i64;
    let import_id: i64 = tx
        .query_one(
            "INSERT INTO import_log (source, version, files, counts, imported_at, duration_ms, changes, notes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
            vals![c.source, c.version, json(&c.files), json(&changes.counts), now_rfc3339(), duration_ms, json(&changes), json(&c.notes)],
        )?
        .get(0)?;
    tx.execute(
        "INSERT INTO source (name, version, checksum, import_id, first_year, last_year, kept_current)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        vals![c.source, c.version, checksum, import_id, first, last, c.kept_current],
    )?;
    Ok(changes)
}

/// The checksum the store records for a source read from these files.
pub fn files_checksum(files: &[FileRecord]) -> String {
    let mut parts: Vec<String> = files
        .iter()
        .map(|f| format!("{}:{}", f.name, f.sha256))
        .collect();
    parts.sort();
    parts.join(",")
}

fn contribution_checksum(c: &Contribution<'_>) -> String {
    // The files' digests identify an import from files; records given without
    // files (hand-written, exported) are identified by their own content.
    if !c.files.is_empty() {
        return files_checksum(&c.files);
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |s: &str| {
        for b in s.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for s in c.states {
        feed(&json(s));
    }
    for a in c.agreements {
        feed(&json(a));
    }
    for a in c.amendments {
        feed(&json(a));
    }
    for x in c.capabilities {
        feed(&json(x));
    }
    for m in c.major_powers {
        feed(&json(m));
    }
    if !c.history.is_empty() {
        feed(&json(c.history));
    }
    format!("content:{h:016x}")
}

fn delete_source(tx: &Db, source: &str) -> Result<bool, StoreError> {
    for table in [
        "obligation",
        "agreement",
        "amendment",
        "state",
        "capability",
        "major_power",
        "history_record",
    ] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE source = ?1"),
            vals![source],
        )?;
    }
    Ok(tx.execute("DELETE FROM source WHERE name = ?1", vals![source])? > 0)
}

fn diff_agreements(tx: &Db, c: &Contribution<'_>) -> Result<Changes, StoreError> {
    let mut old: BTreeMap<String, String> = BTreeMap::new();
    for r in tx.query(
        "SELECT id, record FROM agreement WHERE source = ?1",
        vals![c.source],
    )? {
        old.insert(r.get(0)?, r.get(1)?);
    }
    let mut changes = Changes::default();
    let mut seen = BTreeSet::new();
    for a in c.agreements {
        let id = a.id.to_string();
        match old.get(&id) {
            None => changes.added.push(id.clone()),
            Some(rec) if *rec != json(a) => changes.changed.push(id.clone()),
            Some(_) => {}
        }
        seen.insert(id);
    }
    changes.removed = old.into_keys().filter(|id| !seen.contains(id)).collect();
    Ok(changes)
}

fn write_contribution(
    tx: &Db,
    c: &Contribution<'_>,
    changes: &mut Changes,
) -> Result<(), StoreError> {
    {
        let ins = "INSERT INTO state (source, key, ccode, gwcode, abbrev, name, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
        for s in c.states {
            let key = match (s.ccode, s.gwcode) {
                (Some(cc), _) => format!("cow:{}", cc.0),
                (None, Some(g)) => format!("gw:{}", g.0),
                (None, None) => format!("name:{}", s.name),
            };
            tx.execute(
                ins,
                vals![
                    c.source,
                    &key,
                    s.ccode.map(|x| x.0),
                    s.gwcode.map(|x| x.0),
                    &s.abbrev,
                    &s.name,
                    json(s)
                ],
            )
            .map_err(|e| unique_violation(e, "state", &key, c.source))?;
        }
    }
    for a in c.agreements {
        let id = a.id.as_str();
        // A taken id is told by the insert that does nothing (not by a failed
        // statement, which on PostgreSQL would end the transaction).
        let inserted = tx.execute(
            "INSERT INTO agreement (id, source, version, title, bilateral, binding, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (id) DO NOTHING",
            vals![id, c.source, c.version, &a.title, a.is_bilateral(), a.is_binding(), json(a)],
        )?;
        if inserted == 0 {
            let owner: String = tx
                .query_opt("SELECT source FROM agreement WHERE id = ?1", vals![id])?
                .map(|r| r.get(0))
                .transpose()?
                .unwrap_or_else(|| c.source.to_string());
            return Err(StoreError::DuplicateId {
                id: id.into(),
                source_name: c.source.into(),
                owner,
            });
        }
        write_obligations(tx, id, c.source, a)?;
    }
    curation::write_amendments(tx, c.source, c.amendments)?;
    {
        let ins = "INSERT INTO capability (source, ccode, year, milex, milper, irst, pec, tpop, upop, cinc)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
        for x in c.capabilities {
            tx.execute(
                ins,
                vals![
                    c.source, x.ccode.0, x.year, x.milex, x.milper, x.irst, x.pec, x.tpop, x.upop,
                    x.cinc
                ],
            )
            .map_err(|e| {
                unique_violation(
                    e,
                    "capability",
                    &format!("{} {}", x.ccode, x.year),
                    c.source,
                )
            })?;
        }
    }
    for m in c.major_powers {
        tx.execute(
            "INSERT INTO major_power (source, ccode, start, record) VALUES (?1, ?2, ?3, ?4)",
            vals![c.source, m.ccode.0, m.start.to_string(), json(m)],
        )?;
    }
    history::write(tx, c.source, c.history)?;
    let counts = &mut changes.counts;
    counts.insert("states".into(), c.states.len());
    counts.insert(
        "membership_spells".into(),
        c.states.iter().map(|s| s.memberships.len()).sum(),
    );
    counts.insert("agreements".into(), c.agreements.len());
    counts.insert("amendments".into(), c.amendments.len());
    counts.insert(
        "obligations".into(),
        c.agreements.iter().map(|a| a.obligations.len()).sum(),
    );
    counts.insert("capabilities".into(), c.capabilities.len());
    counts.insert("major_powers".into(), c.major_powers.len());
    for (kind, n) in c.history.counts() {
        counts.insert(kind.into(), n);
    }
    counts.retain(|_, n| *n > 0);
    Ok(())
}

/// Writes an agreement's obligations (the relational view of its record).
fn write_obligations(tx: &Db, id: &str, source: &str, a: &Agreement) -> Result<(), StoreError> {
    for o in &a.obligations {
        tx.execute(
            "INSERT INTO obligation (agreement_id, source, obligor, beneficiary, kind, valid_from, valid_until, conditional)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            vals![
                id,
                source,
                o.obligor.0,
                o.beneficiary.0,
                o.kind.name(),
                o.from.map(|d| d.to_string()),
                o.until.map(|d| d.to_string()),
                !o.conditions.is_empty()
            ],
        )?;
    }
    Ok(())
}

fn unique_violation(e: StoreError, what: &'static str, key: &str, source: &str) -> StoreError {
    if db::is_unique_violation(&e) {
        StoreError::Corrupt {
            what,
            key: key.into(),
            message: format!("appears twice in {source}"),
        }
    } else {
        e
    }
}

/// What [`Store::load`] reads besides the agreements.
type Tables = (
    Vec<State>,
    Vec<Capability>,
    Vec<foedus_domain::registry::MajorPowerSpell>,
    Vec<SourceInfo>,
);

/// Every agreement row: (id, JSON record, source), by id.
fn agreement_rows(db: &Db) -> Result<Vec<(String, String, String)>, StoreError> {
    db.query("SELECT id, record, source FROM agreement ORDER BY id", &[])?
        .iter()
        .map(|r: &Row| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .collect()
}

/// Agreement records (id, JSON, source) parsed on every core, with each one's source.
#[allow(clippy::type_complexity)]
fn parse_agreements(
    rows: Vec<(String, String, String)>,
) -> Result<
    (
        Vec<Agreement>,
        std::collections::HashMap<foedus_domain::agreement::AgreementId, String>,
    ),
    StoreError,
> {
    let agreements: Vec<Agreement> = rows
        .par_iter()
        .map(|(id, text, _)| {
            serde_json::from_str(text).map_err(|e| StoreError::Corrupt {
                what: "agreement",
                key: id.clone(),
                message: e.to_string(),
            })
        })
        .collect::<Result<_, _>>()?;
    let origins = agreements
        .iter()
        .zip(rows)
        .map(|(a, (_, _, source))| (a.id.clone(), source))
        .collect();
    Ok((agreements, origins))
}
