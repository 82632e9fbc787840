//! The store's tests run on both backends: each test is a function of the
//! [`Backend`], and `both_backends!` makes a `sqlite::name` and a
//! `postgres::name` test of it. The PostgreSQL half needs the local server
//! (see `foedus_store::testing`): unreachable, those tests fail saying so.

#![allow(dead_code)]

use foedus_domain::history::{Capital, Contiguity};
use foedus_domain::state::Ccode;
pub use foedus_store::Backend;
use foedus_store::Store;
pub use foedus_store::testing::Scratch;

/// A fresh database on `backend` and the store opened on it (bound in this
/// order, the store drops before the database is removed).
pub fn fresh(backend: Backend) -> (Scratch, Store) {
    let scratch = Scratch::new(backend);
    let store = scratch.open();
    (scratch, store)
}

/// Everything a database holds that a write could change, as text: the export,
/// the import log (without timings), the history, the tokens and the drafts.
pub fn fingerprint(store: &Store) -> String {
    let export = serde_json::to_string(&store.export().unwrap()).unwrap();
    let log: Vec<_> = store
        .import_log()
        .unwrap()
        .into_iter()
        .map(|e| (e.source, e.version, e.imported_at, e.changes))
        .collect();
    format!(
        "{export}\n{log:?}\n{:?}\n{:?}\n{:?}",
        store.recent_history(1000).unwrap(),
        store.tokens().unwrap(),
        store.drafts(None).unwrap()
    )
}

/// `both_backends!(a, b)`: tests `sqlite::a`, `postgres::a`, ... of the functions
/// `a(Backend)`, `b(Backend)`.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() {
                    super::$name(foedus_store::Backend::Sqlite)
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $name() {
                    super::$name(foedus_store::Backend::Postgres)
                }
            )*
        }
    };
}

/// Washington, the capital of the United States (COW 2) since 1816.
pub fn washington() -> Capital {
    Capital {
        ccode: Ccode(2),
        capital: "Washington D.C.".into(),
        start: jiff::civil::date(1816, 1, 1),
        end: jiff::civil::date(2024, 12, 31),
        lat: 38.8950368,
        lng: -77.0365427,
    }
}

/// The land border of the United States (2) and Canada (20), 1920–2016 (COW direct contiguity).
pub fn us_canada_land_border() -> Contiguity {
    Contiguity {
        ccode1: Ccode(2),
        ccode2: Ccode(20),
        conttype: 1,
        start: jiff::civil::date(1920, 1, 1),
        end: jiff::civil::date(2016, 12, 1),
    }
}
