//! The store's guarantees, on both backends: all or nothing, idempotent re-imports,
//! replacement with a diff, export and restore (across backends too), migrations
//! from every earlier schema version.

mod common;

use common::Backend;

use foedus_domain::agreement::{Agreement, AgreementId, Party};
use foedus_domain::provenance::Provenance;
use foedus_domain::registry::{Capability, MajorPowerSpell};
use foedus_domain::state::{Ccode, Membership, State, System};
use foedus_store::{Contribution, FileRecord, Store};

fn agreement(id: &str, a: u16, b: u16) -> Agreement {
    let text = format!(
        r#"{{"id":"{id}","title":"T {id}","parties":[{{"state":{a}}},{{"state":{b}}}],
        "obligations":[{{"obligor":{a},"beneficiary":{b},"kind":"defense"}}],
        "events":[{{"date":"1950","kind":"signature"}}],"provenance":{{"source":"test"}}}}"#
    );
    serde_json::from_str(&text).unwrap()
}

fn state(ccode: u16, name: &str) -> State {
    State {
        ccode: Some(Ccode(ccode)),
        gwcode: None,
        iso3: None,
        abbrev: name[..3].to_uppercase(),
        name: name.into(),
        other_names: vec![],
        memberships: vec![Membership {
            system: System::Cow,
            code: ccode,
            start: jiff::civil::date(1816, 1, 1),
            end: None,
            microstate: false,
            provenance: Provenance::new("cow-states", Some("2016")),
            carried_forward_from: None,
        }],
    }
}

fn file(name: &str, sum: &str) -> FileRecord {
    FileRecord {
        name: name.into(),
        sha256: sum.into(),
        bytes: 1,
    }
}

fn contribution<'a>(
    source: &'a str,
    version: &'a str,
    sum: &str,
    agreements: &'a [Agreement],
) -> Contribution<'a> {
    Contribution {
        source,
        version,
        files: vec![file("x.csv", sum)],
        agreements,
        ..Contribution::default()
    }
}

fn write_then_load(backend: Backend) {
    let (_db, mut store) = common::fresh(backend);
    let states = [state(2, "United States"), state(740, "Japan")];
    let caps = [Capability {
        ccode: Ccode(2),
        year: 1950,
        milex: Some(1.0),
        milper: None,
        irst: None,
        pec: None,
        tpop: None,
        upop: None,
        cinc: Some(0.3),
    }];
    store
        .replace_source(&Contribution {
            source: "cow-states",
            version: "2016",
            files: vec![file("s.csv", "a")],
            states: &states,
            capabilities: &caps,
            ..Contribution::default()
        })
        .unwrap();
    let ags = [agreement("x-1", 2, 740)];
    let changes = store
        .replace_source(&contribution("test", "1", "b", &ags))
        .unwrap();
    assert_eq!(changes.added, vec!["x-1"]);
    let r = store.load().unwrap();
    assert_eq!(r.states().len(), 2);
    assert_eq!(r.agreements(), &ags);
    assert_eq!(r.capability(Ccode(2), 1950).unwrap().cinc, Some(0.3));
    assert_eq!(r.sources().len(), 2);
    let n = store.query_i64("SELECT count(*) FROM obligation").unwrap();
    assert_eq!(n, 1);
}

fn the_same_version_and_files_change_nothing(backend: Backend) {
    let (_db, mut store) = common::fresh(backend);
    let ags = [agreement("x-1", 2, 740)];
    store
        .replace_source(&contribution("test", "1", "b", &ags))
        .unwrap();
    let again = store
        .replace_source(&contribution("test", "1", "b", &ags))
        .unwrap();
    assert!(again.unchanged);
    assert_eq!(store.import_log().unwrap().len(), 1);
}

fn a_new_version_replaces_and_says_what_changed(backend: Backend) {
    let (_db, mut store) = common::fresh(backend);
    let v1 = [agreement("x-1", 2, 740), agreement("x-2", 2, 200)];
    store
        .replace_source(&contribution("test", "1", "b", &v1))
        .unwrap();
    let mut changed = agreement("x-2", 2, 200);
    changed.title = "renamed".into();
    let v2 = [changed, agreement("x-3", 2, 20)];
    let c = store
        .replace_source(&contribution("test", "2", "c", &v2))
        .unwrap();
    assert_eq!(c.replaced_version.as_deref(), Some("1"));
    assert_eq!(c.added, vec!["x-3"]);
    assert_eq!(c.removed, vec!["x-1"]);
    assert_eq!(c.changed, vec!["x-2"]);
    assert_eq!(store.load().unwrap().agreements().len(), 2);
}

fn a_failed_write_leaves_the_database_as_it_was(backend: Backend) {
    let (db, mut store) = common::fresh(backend);
    let a = [agreement("x-1", 2, 740)];
    store
        .replace_source(&contribution("one", "1", "b", &a))
        .unwrap();
    let before = common::fingerprint(&store);
    // Another source claims the same id, after a valid one: the whole write must roll back.
    let two = [agreement("x-9", 2, 20), agreement("x-1", 2, 740)];
    let err = store
        .replace_source(&contribution("two", "1", "c", &two))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("`x-1` from two is already in the registry from one"),
        "{err}"
    );
    assert!(
        store
            .load()
            .unwrap()
            .agreement(&AgreementId::new("x-9").unwrap())
            .is_none()
    );
    assert_eq!(common::fingerprint(&store), before);
    // The connection is still usable after the refused write, and so is a new one.
    store
        .replace_source(&contribution("two", "1", "c", &[agreement("x-9", 2, 20)]))
        .unwrap();
    drop(store);
    assert_eq!(db.open().load().unwrap().agreements().len(), 2);
}

/// On SQLite the file itself is unchanged, byte for byte.
#[test]
fn a_failed_write_leaves_the_sqlite_file_byte_for_byte_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.sqlite");
    let mut store = Store::open(&path).unwrap();
    let a = [agreement("x-1", 2, 740)];
    store
        .replace_source(&contribution("one", "1", "b", &a))
        .unwrap();
    drop(store);
    let before = std::fs::read(&path).unwrap();
    let mut store = Store::open(&path).unwrap();
    let b = [agreement("x-9", 2, 20), agreement("x-1", 2, 740)];
    store
        .replace_source(&contribution("two", "1", "c", &b))
        .unwrap_err();
    drop(store);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

fn reopening_does_not_migrate_twice(backend: Backend) {
    let db = common::Scratch::new(backend);
    drop(db.open());
    let store = db.open();
    assert_eq!(
        store.schema_version().unwrap(),
        foedus_store::SCHEMA_VERSION
    );
}

#[test]
fn a_sqlite_file_in_a_new_directory_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/dir/r.sqlite");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    assert_eq!(
        store.schema_version().unwrap(),
        foedus_store::SCHEMA_VERSION
    );
}

fn a_database_from_a_newer_foedus_is_refused(backend: Backend) {
    let db = common::Scratch::new(backend);
    let store = db.open();
    store.set_schema_version(99).unwrap();
    drop(store);
    let err = Store::open(db.location()).err().unwrap();
    assert!(err.to_string().contains("schema version 99"), "{err}");
}

fn parties_survive_the_round_trip(backend: Backend) {
    let (_db, mut store) = common::fresh(backend);
    let mut a = agreement("x-1", 2, 740);
    a.parties.push(Party {
        outside_system: true,
        ..Party::new(Ccode(9999))
    });
    let ags = [a.clone()];
    store
        .replace_source(&contribution("test", "1", "b", &ags))
        .unwrap();
    assert_eq!(store.load().unwrap().agreements()[0], a);
}

fn export_restore_export_is_identical(backend: Backend) {
    let (_db, mut store) = common::fresh(backend);
    let states = [state(2, "United States"), state(740, "Japan")];
    let caps = [Capability {
        ccode: Ccode(2),
        year: 1950,
        milex: Some(1.5),
        milper: None,
        irst: None,
        pec: None,
        tpop: None,
        upop: None,
        cinc: Some(0.25),
    }];
    store
        .replace_source(&Contribution {
            source: "cow-states",
            version: "2016",
            files: vec![file("s.csv", "a")],
            states: &states,
            capabilities: &caps,
            ..Contribution::default()
        })
        .unwrap();
    let ags = [agreement("x-1", 2, 740), agreement("x-0", 2, 20)];
    store
        .replace_source(&contribution("test", "1", "b", &ags))
        .unwrap();
    let first = store.export().unwrap();
    let text = serde_json::to_string(&first).unwrap();
    let (_db, mut fresh) = common::fresh(backend);
    fresh
        .restore(&serde_json::from_str(&text).unwrap())
        .unwrap();
    let second = fresh.export().unwrap();
    assert_eq!(serde_json::to_string(&second).unwrap(), text);
    assert_eq!(fresh.load().unwrap().agreements().len(), 2);
}

fn a_register_kept_current_is_remembered_through_load_and_restore(backend: Backend) {
    let (_db, mut store) = common::fresh(backend);
    let a = [agreement("a", 2, 740)];
    store
        .replace_source(&Contribution {
            kept_current: true,
            ..contribution("office", "1", "s1", &a)
        })
        .unwrap();
    let b = [agreement("b", 2, 20)];
    store
        .replace_source(&contribution("dataset", "1", "s2", &b))
        .unwrap();
    let kept =
        |r: &foedus_domain::registry::Registry, name: &str| r.source(name).map(|s| s.kept_current);
    let r = store.load().unwrap();
    assert_eq!(kept(&r, "office"), Some(true));
    assert_eq!(kept(&r, "dataset"), Some(false));
    let (_db, mut fresh) = common::fresh(backend);
    fresh.restore(&store.export().unwrap()).unwrap();
    let r = fresh.load().unwrap();
    assert_eq!(kept(&r, "office"), Some(true));
    assert_eq!(kept(&r, "dataset"), Some(false));
}

/// A registry with something in every table an export carries: states,
/// capabilities, major powers, two datasets, a register kept current, a hand edit.
fn rich(store: &mut Store) {
    let states = [state(2, "United States"), state(740, "Japan")];
    let caps = [Capability {
        ccode: Ccode(2),
        year: 1950,
        milex: Some(1.5),
        milper: Some(1e-3),
        irst: None,
        pec: None,
        tpop: Some(151_868.0),
        upop: None,
        cinc: Some(0.283_3),
    }];
    let majors = [MajorPowerSpell {
        ccode: Ccode(2),
        start: jiff::civil::date(1898, 8, 13),
        end: jiff::civil::date(2016, 12, 31),
        provenance: Provenance::new("cow-majors", Some("2016")),
    }];
    store
        .replace_source(&Contribution {
            source: "cow-states",
            version: "2016",
            files: vec![file("s.csv", "a")],
            states: &states,
            capabilities: &caps,
            major_powers: &majors,
            notes: &["from the COW files".to_string()],
            ..Contribution::default()
        })
        .unwrap();
    let ags = [
        agreement("x.2", 2, 740),
        agreement("x-1", 2, 740),
        agreement("x_0", 2, 20),
    ];
    store
        .replace_source(&contribution("test", "1", "b", &ags))
        .unwrap();
    let office = [agreement("office-1", 2, 200)];
    store
        .replace_source(&Contribution {
            kept_current: true,
            files: vec![],
            ..contribution("office", "7", "", &office)
        })
        .unwrap();
    let mut edited = agreement("x-1", 2, 740);
    edited.title = "Edited by hand: ünïcödé 'quoted'".into();
    store
        .save_edit(
            &edited,
            &foedus_store::Edit {
                kind: foedus_store::EditKind::Update,
                who: "alice",
                action: "update",
                summary: "retitled",
            },
        )
        .unwrap();
}

/// `foedus export` from SQLite restored into PostgreSQL and exported again gives
/// the same document, and back.
#[test]
fn an_export_moves_between_backends_unchanged() {
    let (_a, mut sqlite) = common::fresh(Backend::Sqlite);
    rich(&mut sqlite);
    let text = serde_json::to_string_pretty(&sqlite.export().unwrap()).unwrap();
    let (_b, mut postgres) = common::fresh(Backend::Postgres);
    postgres
        .restore(&serde_json::from_str(&text).unwrap())
        .unwrap();
    let from_postgres = serde_json::to_string_pretty(&postgres.export().unwrap()).unwrap();
    assert_eq!(from_postgres, text);
    assert_eq!(
        postgres.load().unwrap().agreements(),
        sqlite.load().unwrap().agreements()
    );
    let (_c, mut back) = common::fresh(Backend::Sqlite);
    back.restore(&serde_json::from_str(&from_postgres).unwrap())
        .unwrap();
    assert_eq!(
        serde_json::to_string_pretty(&back.export().unwrap()).unwrap(),
        text
    );
}

/// A database left at every earlier schema version, with the rows that version
/// had, migrates to the current one: the rows are kept and new writes work.
fn every_earlier_schema_version_migrates(backend: Backend) {
    let record = serde_json::to_string(&agreement("x-1", 2, 740)).unwrap();
    for version in 0..foedus_store::SCHEMA_VERSION {
        let db = common::Scratch::new(backend);
        let old = Store::open_at_version(db.location(), version).unwrap();
        assert_eq!(old.schema_version().unwrap(), version);
        if version >= 1 {
            old.execute_sql(&format!(
                "INSERT INTO import_log (source, version, files, counts, imported_at, duration_ms, changes, notes)
                 VALUES ('test', '1', '[]', '{{}}', '2020-01-01T00:00:00Z', 0, '{{}}', '[]');
                 INSERT INTO source (name, version, checksum, import_id, first_year, last_year)
                 VALUES ('test', '1', 'sum', (SELECT max(id) FROM import_log), 1950, 1950);
                 INSERT INTO agreement (id, source, version, title, bilateral, binding, record)
                 VALUES ('x-1', 'test', '1', 'T x-1', TRUE, TRUE, '{record}');
                 INSERT INTO obligation (agreement_id, source, obligor, beneficiary, kind, conditional)
                 VALUES ('x-1', 'test', 2, 740, 'defense', FALSE);"
            ))
            .unwrap();
        }
        if version >= 2 {
            old.execute_sql(
                "INSERT INTO api_token (name, hash, created_at) VALUES ('ci', 'hash-ci', '2020-01-01T00:00:00Z')",
            )
            .unwrap();
        }
        drop(old);
        let mut store = db.open();
        assert_eq!(
            store.schema_version().unwrap(),
            foedus_store::SCHEMA_VERSION,
            "from version {version}"
        );
        if version >= 1 {
            let r = store.load().unwrap();
            assert_eq!(
                r.agreements(),
                &[agreement("x-1", 2, 740)],
                "from version {version}"
            );
        }
        if version >= 2 {
            // Tokens from before roles keep what they could do: write directly.
            let t = store.token("hash-ci").unwrap().unwrap();
            assert_eq!(t.role, foedus_store::Role::Admin, "from version {version}");
        }
        store
            .replace_source(&contribution("later", "1", "z", &[agreement("y-1", 2, 20)]))
            .unwrap();
        assert!(
            store
                .load()
                .unwrap()
                .agreement(&AgreementId::new("y-1").unwrap())
                .is_some()
        );
    }
}

both_backends!(
    write_then_load,
    the_same_version_and_files_change_nothing,
    a_new_version_replaces_and_says_what_changed,
    a_failed_write_leaves_the_database_as_it_was,
    reopening_does_not_migrate_twice,
    a_database_from_a_newer_foedus_is_refused,
    parties_survive_the_round_trip,
    export_restore_export_is_identical,
    a_register_kept_current_is_remembered_through_load_and_restore,
    every_earlier_schema_version_migrates,
);
