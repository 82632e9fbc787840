//! Snapshots loaded in part, and values derived from a snapshot kept for the next
//! run: every write advances the registry's generation, whatever its path, and a
//! kept value is read back only at the generation it was computed at.

mod common;

use common::{Backend, fresh};
use foedus_domain::contents::Contents;
use foedus_domain::history::HistoricalData;
use foedus_domain::reconcile::Precedence;
use foedus_store::{Contribution, FileRecord, Store};

fn capitals() -> HistoricalData {
    HistoricalData {
        capitals: vec![common::washington()],
        ..HistoricalData::default()
    }
}

fn contiguity() -> HistoricalData {
    HistoricalData {
        contiguity: vec![common::us_canada_land_border()],
        ..HistoricalData::default()
    }
}

fn contribution<'a>(source: &'a str, h: &'a HistoricalData) -> Contribution<'a> {
    Contribution {
        source,
        version: "1",
        files: vec![FileRecord {
            name: format!("{source}.csv"),
            sha256: "ab".into(),
            bytes: 1,
        }],
        history: h,
        ..Contribution::default()
    }
}

/// Each kind of write, by a method or by plain SQL, advances the generation.
fn every_write_advances_the_generation(backend: Backend) {
    let (_db, mut store) = fresh(backend);
    let mut last = store.generation().unwrap();
    let mut advanced = |store: &Store, what: &str| {
        let now = store.generation().unwrap();
        assert!(now > last, "{what}: the generation stayed at {last}");
        last = now;
    };
    let (c, k) = (capitals(), contiguity());
    store.replace_source(&contribution("capitals", &c)).unwrap();
    advanced(&store, "importing a source");
    store
        .replace_source(&contribution("cow-contiguity", &k))
        .unwrap();
    advanced(&store, "importing another source");
    store.set_precedence(Some(&Precedence::default())).unwrap();
    advanced(&store, "setting the precedence");
    store
        .execute_sql("UPDATE history_record SET year = year")
        .unwrap();
    advanced(&store, "an UPDATE written by hand");
    assert!(store.remove_source("capitals").unwrap());
    advanced(&store, "removing a source");
}

/// Kept bytes are read at their generation only; bytes computed before a write
/// are refused after it.
fn kept_values_are_of_one_generation(backend: Backend) {
    let (_db, mut store) = fresh(backend);
    let g = store.generation().unwrap();
    assert_eq!(store.derived("t", g).unwrap(), None);
    assert!(store.keep_derived("t", g, &[1, 2, 3]).unwrap());
    assert_eq!(store.derived("t", g).unwrap(), Some(vec![1, 2, 3]));
    // Kept again at the same generation: replaced.
    assert!(store.keep_derived("t", g, &[4]).unwrap());
    assert_eq!(store.derived("t", g).unwrap(), Some(vec![4]));
    // Keeping a value does not itself advance the generation.
    assert_eq!(store.generation().unwrap(), g);

    let c = capitals();
    store.replace_source(&contribution("capitals", &c)).unwrap();
    let now = store.generation().unwrap();
    assert_eq!(store.derived("t", now).unwrap(), None);
    // A value computed from the snapshot before the write is not kept.
    assert!(!store.keep_derived("u", g, &[5]).unwrap());
    assert_eq!(store.derived("u", g).unwrap(), None);
    // A value of the new generation replaces the old one.
    assert!(store.keep_derived("t", now, &[6]).unwrap());
    assert_eq!(store.derived("t", g).unwrap(), None);
    assert_eq!(store.derived("t", now).unwrap(), Some(vec![6]));
}

/// A snapshot loaded in part holds the parts named, and says so.
fn a_snapshot_loads_only_the_parts_named(backend: Backend) {
    let (_db, mut store) = fresh(backend);
    let (c, k) = (capitals(), contiguity());
    store.replace_source(&contribution("capitals", &c)).unwrap();
    store
        .replace_source(&contribution("cow-contiguity", &k))
        .unwrap();

    let full = store.load().unwrap();
    assert_eq!(full.history().capitals, c.capitals);
    assert_eq!(full.history().contiguity, k.contiguity);
    assert_eq!(full.contents(), &Contents::everything());

    let wanted = Contents::nothing().with_history("capitals");
    let part = store.load_only(&wanted).unwrap();
    assert_eq!(part.history().capitals, c.capitals);
    assert!(part.history().contiguity.is_empty());
    assert_eq!(part.contents(), &wanted);
    // The sources, with their coverage, are always there.
    assert_eq!(part.sources(), full.sources());
}

both_backends!(
    every_write_advances_the_generation,
    kept_values_are_of_one_generation,
    a_snapshot_loads_only_the_parts_named,
);
