//! Scratch databases for tests (feature `testing`): each test gets its own, on
//! either backend, removed when the guard drops, even when the test fails.
//!
//! PostgreSQL scratch databases are created on the local server
//! (`$FOEDUS_TEST_POSTGRES`, else `postgres://postgres@127.0.0.1:5432`, trust
//! authentication), each with a unique name, and dropped `WITH (FORCE)`. The
//! server runs on every machine of this project and in CI: if it cannot be
//! reached, the test fails saying so (never passes without it).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::{Backend, Store};

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// The server scratch databases are made on.
pub fn postgres_server() -> String {
    std::env::var("FOEDUS_TEST_POSTGRES")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432".into())
}

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "{prefix}_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Runs SQL on the server's `postgres` database, on a thread of its own (the
/// synchronous client must not run on an async runtime's thread: tests may be async).
fn admin(sql: String) -> Result<(), String> {
    std::thread::spawn(move || {
        let url = format!("{}/postgres", postgres_server());
        let mut client = postgres::Client::connect(&url, postgres::NoTls).map_err(|e| {
            format!(
                "cannot reach the PostgreSQL server at {url} ({}); the PostgreSQL tests need it \
                 (start it, or set FOEDUS_TEST_POSTGRES to a server's URL)",
                crate::postgres_reason(&e)
            )
        })?;
        client
            .batch_execute(&sql)
            .map_err(|e| format!("{sql}: {}", crate::postgres_reason(&e)))
    })
    .join()
    .unwrap_or_else(|_| Err("the thread talking to PostgreSQL panicked".into()))
}

/// A fresh, empty database: a SQLite file in a temporary directory or a
/// PostgreSQL database, removed on drop.
pub struct Scratch {
    location: String,
    backend: Backend,
    postgres_name: Option<String>,
    dir: Option<PathBuf>,
}

impl Scratch {
    /// A fresh database on `backend`.
    pub fn new(backend: Backend) -> Scratch {
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(unique("foedus_test"));
                std::fs::create_dir_all(&dir).expect("a temporary directory");
                Scratch {
                    location: dir.join("registry.sqlite").display().to_string(),
                    backend,
                    postgres_name: None,
                    dir: Some(dir),
                }
            }
            Backend::Postgres => {
                let name = unique("foedus_test");
                admin(format!("CREATE DATABASE {name}"))
                    .unwrap_or_else(|e| panic!("cannot create a scratch database: {e}"));
                Scratch {
                    location: format!("{}/{name}", postgres_server()),
                    backend,
                    postgres_name: Some(name),
                    dir: None,
                }
            }
        }
    }

    /// Where it is: a file path or a `postgres://` URL, for [`Store::open`].
    pub fn location(&self) -> &str {
        &self.location
    }

    /// Its backend.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Opens it (migrated to the current schema).
    pub fn open(&self) -> Store {
        Store::open(&self.location)
            .unwrap_or_else(|e| panic!("cannot open the scratch database: {e}"))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(name) = &self.postgres_name {
            let _ = admin(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
        if let Some(dir) = &self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}
