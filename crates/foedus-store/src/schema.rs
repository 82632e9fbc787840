//! Schema migrations: each step runs once, in order, recorded in `PRAGMA user_version`.

use rusqlite::Connection;

use crate::StoreError;

/// The migrations, in order. Never edit a released step; append a new one.
const MIGRATIONS: &[&str] = &[
    // 1: sources, the import log, and what each source contributes.
    "CREATE TABLE import_log (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        version TEXT NOT NULL,
        files TEXT NOT NULL,
        counts TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        duration_ms INTEGER NOT NULL,
        changes TEXT NOT NULL,
        notes TEXT NOT NULL
    );
    CREATE TABLE source (
        name TEXT PRIMARY KEY,
        version TEXT NOT NULL,
        checksum TEXT NOT NULL,
        import_id INTEGER NOT NULL REFERENCES import_log(id),
        first_year INTEGER,
        last_year INTEGER
    );
    CREATE TABLE state (
        source TEXT NOT NULL,
        key TEXT NOT NULL,
        ccode INTEGER,
        gwcode INTEGER,
        abbrev TEXT NOT NULL,
        name TEXT NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (source, key)
    );
    CREATE TABLE agreement (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        version TEXT NOT NULL,
        title TEXT NOT NULL,
        bilateral INTEGER NOT NULL,
        binding INTEGER NOT NULL,
        record TEXT NOT NULL
    );
    CREATE INDEX agreement_source ON agreement(source);
    CREATE TABLE obligation (
        agreement_id TEXT NOT NULL REFERENCES agreement(id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        obligor INTEGER NOT NULL,
        beneficiary INTEGER NOT NULL,
        kind TEXT NOT NULL,
        valid_from TEXT,
        valid_until TEXT,
        conditional INTEGER NOT NULL
    );
    CREATE INDEX obligation_agreement ON obligation(agreement_id);
    CREATE INDEX obligation_dyad ON obligation(obligor, beneficiary);
    CREATE TABLE capability (
        source TEXT NOT NULL,
        ccode INTEGER NOT NULL,
        year INTEGER NOT NULL,
        milex REAL, milper REAL, irst REAL, pec REAL, tpop REAL, upop REAL, cinc REAL,
        PRIMARY KEY (source, ccode, year)
    );
    CREATE TABLE major_power (
        source TEXT NOT NULL,
        ccode INTEGER NOT NULL,
        start TEXT NOT NULL,
        record TEXT NOT NULL
    );",
    // 2: API tokens (only a hash is kept) and the append-only history of hand edits.
    "CREATE TABLE api_token (
        name TEXT PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        revoked_at TEXT
    );
    CREATE TABLE agreement_history (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        agreement_id TEXT NOT NULL,
        at TEXT NOT NULL,
        who TEXT NOT NULL,
        action TEXT NOT NULL,
        summary TEXT NOT NULL,
        before TEXT,
        after TEXT NOT NULL,
        diff TEXT NOT NULL
    );
    CREATE INDEX agreement_history_id ON agreement_history(agreement_id, seq);
    CREATE TRIGGER agreement_history_no_update BEFORE UPDATE ON agreement_history
        BEGIN SELECT RAISE(ABORT, 'agreement_history is append-only'); END;
    CREATE TRIGGER agreement_history_no_delete BEFORE DELETE ON agreement_history
        BEGIN SELECT RAISE(ABORT, 'agreement_history is append-only'); END;",
    // 3: registers kept current by hand (hand-written records, the starter, edits)
    // speak for today; datasets stop at their last year.
    "ALTER TABLE source ADD COLUMN kept_current INTEGER NOT NULL DEFAULT 0;
    UPDATE source SET kept_current = 1 WHERE name IN ('starter', 'records', 'registry-edits')",
];

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database to [`VERSION`], each step in its own transaction.
pub fn migrate(conn: &Connection, path: &str) -> Result<(), StoreError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > VERSION {
        return Err(StoreError::TooNew {
            path: path.into(),
            found: current,
            known: VERSION,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        conn.execute_batch(&format!(
            "BEGIN; {sql}; PRAGMA user_version = {}; COMMIT;",
            i + 1
        ))?;
    }
    Ok(())
}
