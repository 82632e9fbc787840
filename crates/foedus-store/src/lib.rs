//! The registry's persistence: one interface, SQLite as the embedded default.
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

mod edits;
mod schema;

/// The schema version this build writes (`PRAGMA user_version`).
pub use schema::VERSION as SCHEMA_VERSION;

pub use edits::{
    EDITS_SOURCE, Edit, EditError, EditKind, FieldChange, HistoryEntry, TokenError, TokenInfo,
    diff_values,
};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use foedus_domain::Agreement;
use foedus_domain::registry::{
    Capability, MajorPowerSpell, Registry, SourceInfo, merge_states, span_of,
};
use foedus_domain::state::{Ccode, State};
use rayon::prelude::*;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

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
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
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
    /// State-year capabilities.
    pub capabilities: &'a [Capability],
    /// Major-power spells.
    pub major_powers: &'a [MajorPowerSpell],
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
    conn: Connection,
    path: String,
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("domain values serialize")
}

fn now_rfc3339() -> String {
    jiff::Timestamp::now().to_string()
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let shown = path.display().to_string();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Open {
                path: shown.clone(),
                message: format!("cannot create directory {}: {e}", dir.display()),
            })?;
        }
        let conn = Connection::open(path).map_err(|e| StoreError::Open {
            path: shown.clone(),
            message: e.to_string(),
        })?;
        Store::init(conn, shown)
    }

    /// A store in memory (tests, scratch work).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::init(Connection::open_in_memory()?, ":memory:".into())
    }

    fn init(conn: Connection, path: String) -> Result<Store, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .or_else(|_| conn.pragma_update(None, "journal_mode", "DELETE"))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        schema::migrate(&conn, &path)?;
        Ok(Store { conn, path })
    }

    /// The database file.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The version and checksum stored for a source, if it is loaded.
    pub fn source_checksum(&self, source: &str) -> Result<Option<(String, String)>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT version, checksum FROM source WHERE name = ?1",
                [source],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// The sources loaded now.
    pub fn sources(&self) -> Result<Vec<LoadedSource>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT s.name, s.version, l.imported_at, l.counts, s.first_year, s.last_year, s.kept_current
             FROM source s JOIN import_log l ON l.id = s.import_id ORDER BY s.name",
        )?;
        let rows = stmt.query_map([], |r| {
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
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The import log, newest first.
    pub fn import_log(&self) -> Result<Vec<ImportLogEntry>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT source, version, files, counts, imported_at, duration_ms, changes, notes FROM import_log ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            let get_json = |i: usize| -> rusqlite::Result<String> { r.get(i) };
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                get_json(2)?,
                get_json(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
                get_json(6)?,
                get_json(7)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (source, version, files, counts, imported_at, ms, changes, notes) = row?;
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
        let tx = self.conn.transaction()?;
        let changes = replace_in(&tx, c)?;
        tx.commit()?;
        Ok(changes)
    }

    /// Writes several sources' contributions in one transaction: all or none.
    pub fn replace_sources(&mut self, cs: &[Contribution<'_>]) -> Result<Vec<Changes>, StoreError> {
        let tx = self.conn.transaction()?;
        let mut out = Vec::with_capacity(cs.len());
        for c in cs {
            out.push(replace_in(&tx, c)?);
        }
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
            let major_powers = self.documents_of("major_power", &loaded.source)?;
            let capabilities = self.load_capabilities_of(&loaded.source)?;
            sources.push(SourceExport {
                source: loaded.source.clone(),
                version: loaded.version.clone(),
                files: entry.map(|e| e.files.clone()).unwrap_or_default(),
                notes: entry.map(|e| e.notes.clone()).unwrap_or_default(),
                states,
                agreements,
                capabilities,
                major_powers,
                span: loaded.span,
                kept_current: loaded.kept_current,
            });
        }
        Ok(RegistryExport {
            format: EXPORT_FORMAT.into(),
            format_version: 1,
            sources,
        })
    }

    /// Restores an export: every source in it, in one transaction.
    pub fn restore(
        &mut self,
        export: &RegistryExport,
    ) -> Result<Vec<(String, Changes)>, StoreError> {
        let tx = self.conn.transaction()?;
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
                capabilities: &s.capabilities,
                major_powers: &s.major_powers,
                notes: &s.notes,
                coverage: s.span,
                kept_current: s.kept_current,
            };
            out.push((s.source.clone(), replace_in(&tx, &c)?));
        }
        tx.commit()?;
        Ok(out)
    }

    /// Removes a source and everything it contributed.
    pub fn remove_source(&mut self, source: &str) -> Result<bool, StoreError> {
        let tx = self.conn.transaction()?;
        let existed = delete_source(&tx, source)?;
        tx.commit()?;
        Ok(existed)
    }

    /// Loads the whole registry into an immutable snapshot.
    pub fn load(&self) -> Result<Registry, StoreError> {
        // Parsing the agreement documents is most of the load: it runs on every
        // core while this thread reads the rest of the tables.
        let mut rows: Vec<(String, String, String)> = Vec::new();
        {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT id, record, source FROM agreement ORDER BY id")?;
            let mut q = stmt.query([])?;
            while let Some(r) = q.next()? {
                rows.push((r.get(0)?, r.get(1)?, r.get(2)?));
            }
        }
        let (parsed, rest) = std::thread::scope(|s| {
            let parsed = s.spawn(|| parse_agreements(rows));
            let rest = self.load_tables();
            (parsed.join(), rest)
        });
        let (agreements, origins) = parsed.map_err(|_| StoreError::Corrupt {
            what: "agreement",
            key: String::new(),
            message: "parsing the agreement records panicked".into(),
        })??;
        let (states, capabilities, major_powers, sources) = rest?;
        Ok(Registry::new(
            merge_states(states),
            agreements,
            capabilities,
            major_powers,
            sources,
        )
        .with_origins(origins))
    }

    /// The states, capabilities, major powers and sources, for [`Store::load`].
    fn load_tables(&self) -> Result<Tables, StoreError> {
        let mut states: Vec<State> = Vec::new();
        {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT key, record FROM state ORDER BY source, key")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let text: String = r.get(1)?;
                states.push(
                    serde_json::from_str(&text).map_err(|e| StoreError::Corrupt {
                        what: "state",
                        key: r.get::<_, String>(0).unwrap_or_default(),
                        message: e.to_string(),
                    })?,
                );
            }
        }
        let capabilities = self.load_capabilities()?;
        let mut major_powers = Vec::new();
        {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT record FROM major_power ORDER BY ccode, start")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let text: String = r.get(0)?;
                major_powers.push(serde_json::from_str(&text).map_err(|e| {
                    StoreError::Corrupt {
                        what: "major_power",
                        key: text.clone(),
                        message: e.to_string(),
                    }
                })?);
            }
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
        let order = if table == "agreement" { "id" } else { "rowid" };
        let mut stmt = self.conn.prepare(&format!(
            "SELECT record FROM {table} WHERE source = ?1 ORDER BY {order}"
        ))?;
        let rows = stmt.query_map([source], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for text in rows {
            let text = text?;
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
        self.capabilities_where("1 = 1", [])
    }

    fn load_capabilities_of(&self, source: &str) -> Result<Vec<Capability>, StoreError> {
        self.capabilities_where("source = ?1", [source])
    }

    fn capabilities_where<P: rusqlite::Params>(
        &self,
        filter: &str,
        p: P,
    ) -> Result<Vec<Capability>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT ccode, year, milex, milper, irst, pec, tpop, upop, cinc FROM capability WHERE {filter} ORDER BY ccode, year"
        ))?;
        let rows = stmt.query_map(p, |r| {
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
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The source that holds an agreement, if any.
    pub fn agreement_source(&self, id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT source FROM agreement WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Direct access for tests and maintenance commands.
    pub fn connection(&self) -> &Connection {
        &self.conn
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
}

/// One source in an export.
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
    /// Capabilities.
    pub capabilities: Vec<Capability>,
    /// Major-power spells.
    pub major_powers: Vec<MajorPowerSpell>,
    /// The years the source covers.
    #[serde(default)]
    pub span: Option<(i16, i16)>,
    /// A register kept current by hand.
    #[serde(default)]
    pub kept_current: bool,
}

fn replace_in(tx: &Transaction<'_>, c: &Contribution<'_>) -> Result<Changes, StoreError> {
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

fn replace_unedited(tx: &Transaction<'_>, c: &Contribution<'_>) -> Result<Changes, StoreError> {
    let started = Instant::now();
    let checksum = contribution_checksum(c);
    let current: Option<(String, String)> = tx
        .query_row(
            "SELECT version, checksum FROM source WHERE name = ?1",
            [c.source],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
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
        .or_else(|| span_of(c.states, c.agreements, c.capabilities, c.major_powers));
    let (first, last) = (span.map(|s| s.0), span.map(|s| s.1));
    let duration_ms = started.elapsed().as_millis() as i64;
    tx.execute(
        "INSERT INTO import_log (source, version, files, counts, imported_at, duration_ms, changes, notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![c.source, c.version, json(&c.files), json(&changes.counts), now_rfc3339(), duration_ms, json(&changes), json(&c.notes)],
    )?;
    let import_id = tx.last_insert_rowid();
    tx.execute(
        "INSERT INTO source (name, version, checksum, import_id, first_year, last_year, kept_current)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![c.source, c.version, checksum, import_id, first, last, c.kept_current],
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
    for x in c.capabilities {
        feed(&json(x));
    }
    for m in c.major_powers {
        feed(&json(m));
    }
    format!("content:{h:016x}")
}

fn delete_source(tx: &Transaction<'_>, source: &str) -> Result<bool, StoreError> {
    for table in [
        "obligation",
        "agreement",
        "state",
        "capability",
        "major_power",
    ] {
        tx.execute(&format!("DELETE FROM {table} WHERE source = ?1"), [source])?;
    }
    Ok(tx.execute("DELETE FROM source WHERE name = ?1", [source])? > 0)
}

fn diff_agreements(tx: &Transaction<'_>, c: &Contribution<'_>) -> Result<Changes, StoreError> {
    let mut old: BTreeMap<String, String> = BTreeMap::new();
    {
        let mut stmt = tx.prepare("SELECT id, record FROM agreement WHERE source = ?1")?;
        let rows = stmt.query_map([c.source], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (id, rec) = row?;
            old.insert(id, rec);
        }
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
    tx: &Transaction<'_>,
    c: &Contribution<'_>,
    changes: &mut Changes,
) -> Result<(), StoreError> {
    {
        let mut ins = tx.prepare(
            "INSERT INTO state (source, key, ccode, gwcode, abbrev, name, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for s in c.states {
            let key = match (s.ccode, s.gwcode) {
                (Some(cc), _) => format!("cow:{}", cc.0),
                (None, Some(g)) => format!("gw:{}", g.0),
                (None, None) => format!("name:{}", s.name),
            };
            ins.execute(params![
                c.source,
                key,
                s.ccode.map(|x| x.0),
                s.gwcode.map(|x| x.0),
                s.abbrev,
                s.name,
                json(s)
            ])
            .map_err(|e| unique_violation(e, "state", &key, c.source))?;
        }
    }
    {
        let mut ins = tx.prepare(
            "INSERT INTO agreement (id, source, version, title, bilateral, binding, record) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        let mut obl = tx.prepare(
            "INSERT INTO obligation (agreement_id, source, obligor, beneficiary, kind, valid_from, valid_until, conditional)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for a in c.agreements {
            let id = a.id.as_str();
            if let Err(e) = ins.execute(params![
                id,
                c.source,
                c.version,
                a.title,
                a.is_bilateral(),
                a.is_binding(),
                json(a)
            ]) {
                if is_unique_violation(&e) {
                    let owner: String = tx
                        .query_row("SELECT source FROM agreement WHERE id = ?1", [id], |r| {
                            r.get(0)
                        })
                        .unwrap_or_else(|_| c.source.to_string());
                    return Err(StoreError::DuplicateId {
                        id: id.into(),
                        source_name: c.source.into(),
                        owner,
                    });
                }
                return Err(e.into());
            }
            for o in &a.obligations {
                obl.execute(params![
                    id,
                    c.source,
                    o.obligor.0,
                    o.beneficiary.0,
                    o.kind.name(),
                    o.from.map(|d| d.to_string()),
                    o.until.map(|d| d.to_string()),
                    !o.conditions.is_empty()
                ])?;
            }
        }
    }
    {
        let mut ins = tx.prepare(
            "INSERT INTO capability (source, ccode, year, milex, milper, irst, pec, tpop, upop, cinc)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for x in c.capabilities {
            ins.execute(params![
                c.source, x.ccode.0, x.year, x.milex, x.milper, x.irst, x.pec, x.tpop, x.upop,
                x.cinc
            ])
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
    {
        let mut ins = tx.prepare(
            "INSERT INTO major_power (source, ccode, start, record) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for m in c.major_powers {
            ins.execute(params![c.source, m.ccode.0, m.start.to_string(), json(m)])?;
        }
    }
    let counts = &mut changes.counts;
    counts.insert("states".into(), c.states.len());
    counts.insert(
        "membership_spells".into(),
        c.states.iter().map(|s| s.memberships.len()).sum(),
    );
    counts.insert("agreements".into(), c.agreements.len());
    counts.insert(
        "obligations".into(),
        c.agreements.iter().map(|a| a.obligations.len()).sum(),
    );
    counts.insert("capabilities".into(), c.capabilities.len());
    counts.insert("major_powers".into(), c.major_powers.len());
    counts.retain(|_, n| *n > 0);
    Ok(())
}

fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation)
}

fn unique_violation(e: rusqlite::Error, what: &'static str, key: &str, source: &str) -> StoreError {
    if is_unique_violation(&e) {
        StoreError::Corrupt {
            what,
            key: key.into(),
            message: format!("appears twice in {source}"),
        }
    } else {
        e.into()
    }
}

/// What [`Store::load`] reads besides the agreements.
type Tables = (
    Vec<State>,
    Vec<Capability>,
    Vec<foedus_domain::registry::MajorPowerSpell>,
    Vec<SourceInfo>,
);

/// Agreement records (id, JSON, source) parsed on every core, with each one's source.
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
