//! The store's guarantees: all or nothing, idempotent re-imports, replacement with a diff.

use foedus_domain::agreement::{Agreement, AgreementId, Party};
use foedus_domain::provenance::Provenance;
use foedus_domain::registry::Capability;
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

#[test]
fn write_then_load() {
    let mut store = Store::open_in_memory().unwrap();
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
    let n: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM obligation", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn the_same_version_and_files_change_nothing() {
    let mut store = Store::open_in_memory().unwrap();
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

#[test]
fn a_new_version_replaces_and_says_what_changed() {
    let mut store = Store::open_in_memory().unwrap();
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

#[test]
fn a_failed_write_leaves_the_database_byte_for_byte_unchanged() {
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
    // Another source claims the same id, after a valid one: the whole write must roll back.
    let b = [agreement("x-9", 2, 20), agreement("x-1", 2, 740)];
    let err = store
        .replace_source(&contribution("two", "1", "c", &b))
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
    drop(store);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn reopening_does_not_migrate_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/dir/r.sqlite");
    drop(Store::open(&path).unwrap());
    let store = Store::open(&path).unwrap();
    let v: i64 = store
        .connection()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, foedus_store::SCHEMA_VERSION);
}

#[test]
fn a_database_from_a_newer_foedus_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.sqlite");
    let store = Store::open(&path).unwrap();
    store
        .connection()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    drop(store);
    let err = Store::open(&path).err().unwrap();
    assert!(err.to_string().contains("schema version 99"), "{err}");
}

#[test]
fn parties_survive_the_round_trip() {
    let mut store = Store::open_in_memory().unwrap();
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

#[test]
fn export_restore_export_is_identical() {
    let mut store = Store::open_in_memory().unwrap();
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
    let mut fresh = Store::open_in_memory().unwrap();
    fresh
        .restore(&serde_json::from_str(&text).unwrap())
        .unwrap();
    let second = fresh.export().unwrap();
    assert_eq!(serde_json::to_string(&second).unwrap(), text);
    assert_eq!(fresh.load().unwrap().agreements().len(), 2);
}

#[test]
fn a_register_kept_current_is_remembered_through_load_and_restore() {
    let mut store = Store::open_in_memory().unwrap();
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
    let mut fresh = Store::open_in_memory().unwrap();
    fresh.restore(&store.export().unwrap()).unwrap();
    let r = fresh.load().unwrap();
    assert_eq!(kept(&r, "office"), Some(true));
    assert_eq!(kept(&r, "dataset"), Some(false));
}
