//! Amendments, links and the precedence in the store: written with their source,
//! kept through re-imports, checked at write time (nothing written when an
//! amendment does not fit), carried by export and restore, and migrated from the
//! previous schema version; on both backends.

mod common;

use common::Backend;

use foedus_domain::agreement::{Agreement, AgreementId};
use foedus_domain::amendment::AmendmentFile;
use foedus_domain::reconcile::{Precedence, Unplaced, Verdict};
use foedus_store::{Contribution, FileRecord, LinkError, Store, StoreError};
use proptest::prelude::*;

fn agreement(id: &str, a: u16, b: u16, atop: Option<u32>) -> Agreement {
    let ids = atop
        .map(|n| format!(r#""ids":{{"atop":{n}}},"#))
        .unwrap_or_default();
    let text = format!(
        r#"{{"id":"{id}",{ids}"title":"T {id}","parties":[{{"state":{a}}},{{"state":{b}}}],
        "obligations":[{{"obligor":{a},"beneficiary":{b},"kind":"defense"}}],
        "events":[{{"date":"1950-01-01","kind":"signature"}},{{"date":"1950-01-01","kind":"entry_into_force"}}],
        "provenance":{{"source":"test"}}}}"#
    );
    serde_json::from_str(&text).unwrap()
}

/// An amendment of `target` in TOML, read as the importers read it.
fn amendment(target: &str, event: &str) -> AmendmentFile {
    let text = format!(
        "amends = \"{target}\"\n\n[[names]]\nname = \"The Pact\"\nkind = \"short\"\ncitation = \"a series\"\n\n[[events]]\n{event}\n\n[provenance]\nsource = \"curated\"\n"
    );
    foedus_records::parse_amendment("amendments/pact.toml", &text, foedus_records::Format::Toml)
        .unwrap()
}

const SUSPENSION: &str = "date = \"1986-08-11\"\nkind = \"suspension\"\nparty = 2\ntoward = 20";
const TOO_EARLY: &str = "date = \"1940-01-01\"\nkind = \"suspension\"\nparty = 2\ntoward = 20";

fn dataset<'a>(source: &'a str, sum: &str, agreements: &'a [Agreement]) -> Contribution<'a> {
    Contribution {
        source,
        version: "1",
        files: vec![FileRecord {
            name: "x.csv".into(),
            sha256: sum.into(),
            bytes: 1,
        }],
        agreements,
        ..Contribution::default()
    }
}

fn curated<'a>(amendments: &'a [AmendmentFile], agreements: &'a [Agreement]) -> Contribution<'a> {
    Contribution {
        source: "starter",
        version: "1",
        agreements,
        amendments,
        kept_current: true,
        ..Contribution::default()
    }
}

fn id(s: &str) -> AgreementId {
    AgreementId::new(s).unwrap()
}

fn an_amendment_applies_and_survives_reimports_of_its_target(backend: Backend) {
    let (_db, mut store) = common::fresh(backend);
    let atop = [agreement("atop-1", 2, 20, Some(1))];
    store.replace_source(&dataset("atop", "a", &atop)).unwrap();
    let am = [amendment("atop-1", SUSPENSION)];
    store.replace_source(&curated(&am, &[])).unwrap();
    let r = store.load().unwrap();
    let a = r.agreement(&id("atop-1")).unwrap();
    assert_eq!(a.short_title.as_deref(), Some("The Pact"));
    assert_eq!(a.events.len(), 3);
    // A new version of ATOP: the amendment is kept and applied again.
    let atop2 = [
        agreement("atop-1", 2, 20, Some(1)),
        agreement("atop-2", 2, 200, Some(2)),
    ];
    let changes = store.replace_source(&dataset("atop", "b", &atop2)).unwrap();
    assert_eq!(changes.added, vec!["atop-2".to_string()]);
    let r = store.load().unwrap();
    assert_eq!(r.agreement(&id("atop-1")).unwrap().events.len(), 3);
    assert_eq!(r.records_of("atop").next().unwrap().events.len(), 2);
}

/// Asserts that `write` fails naming the amendment's file, line and field, and
/// that the database holds what it held (on SQLite: the file is byte for byte
/// what it was).
fn refused(
    backend: Backend,
    setup: impl FnOnce(&mut Store),
    write: impl FnOnce(&mut Store) -> Result<(), StoreError>,
    field: &str,
    line: u32,
) {
    let db = common::Scratch::new(backend);
    let mut store = db.open();
    setup(&mut store);
    drop(store);
    let file = || (backend == Backend::Sqlite).then(|| std::fs::read(db.location()).unwrap());
    let before = file();
    let mut store = db.open();
    let held = common::fingerprint(&store);
    let err = write(&mut store).unwrap_err();
    match &err {
        StoreError::Amendment(p) => {
            assert_eq!(p.file, "amendments/pact.toml", "{err}");
            assert_eq!(p.field, field, "{err}");
            assert_eq!(p.line, Some(line), "{err}");
        }
        other => panic!("expected an amendment error, got {other}"),
    }
    assert_eq!(common::fingerprint(&store), held);
    drop(store);
    assert_eq!(file(), before);
}

fn an_amendment_of_an_unknown_agreement_is_refused_and_nothing_written(backend: Backend) {
    let atop = [agreement("atop-1", 2, 20, Some(1))];
    let am = [amendment("atop-99", SUSPENSION)];
    refused(
        backend,
        |s| {
            s.replace_source(&dataset("atop", "a", &atop)).unwrap();
        },
        |s| s.replace_source(&curated(&am, &[])).map(|_| ()),
        "amends",
        1,
    );
    let am = [amendment("no-such-treaty", SUSPENSION)];
    refused(
        backend,
        |_| {},
        |s| s.replace_source(&curated(&am, &[])).map(|_| ()),
        "amends",
        1,
    );
}

fn an_amendment_the_lifecycle_rejects_is_refused_and_nothing_written(backend: Backend) {
    let atop = [agreement("atop-1", 2, 20, Some(1))];
    let am = [amendment("atop-1", TOO_EARLY)];
    refused(
        backend,
        |s| {
            s.replace_source(&dataset("atop", "a", &atop)).unwrap();
        },
        |s| s.replace_source(&curated(&am, &[])).map(|_| ()),
        "events[0]",
        8,
    );
}

fn an_amendment_waits_for_its_dataset_which_is_then_checked_against_it(backend: Backend) {
    let (_db, mut store) = common::fresh(backend);
    let am = [amendment("atop-1", SUSPENSION)];
    store.replace_source(&curated(&am, &[])).unwrap();
    let r = store.load().unwrap();
    assert_eq!(
        r.unplaced_amendments()[0].why,
        Unplaced::Waiting {
            dataset: "atop".into()
        }
    );
    // ATOP without the alliance the amendment names: refused, the amendment named.
    let other = [agreement("atop-2", 2, 200, Some(2))];
    let err = store
        .replace_source(&dataset("atop", "a", &other))
        .unwrap_err();
    assert!(
        err.to_string().contains("amendments/pact.toml:1: amends"),
        "{err}"
    );
    assert!(!store.load().unwrap().has_source("atop"));
    // ATOP with it: the amendment applies.
    let atop = [agreement("atop-1", 2, 20, Some(1))];
    store.replace_source(&dataset("atop", "a", &atop)).unwrap();
    let r = store.load().unwrap();
    assert!(r.unplaced_amendments().is_empty());
    assert_eq!(r.agreement(&id("atop-1")).unwrap().events.len(), 3);
}

fn links_join_records_and_are_checked(backend: Backend) {
    let (_db, mut store) = common::fresh(backend);
    let atop = [agreement("atop-1", 2, 20, Some(1))];
    let dcad = [
        agreement("dcad-1", 2, 20, None),
        agreement("dcad-2", 2, 200, None),
    ];
    store.replace_source(&dataset("atop", "a", &atop)).unwrap();
    store.replace_source(&dataset("dcad", "d", &dcad)).unwrap();
    assert_eq!(store.load().unwrap().agreements().len(), 3);
    assert!(matches!(
        store.save_link(
            &id("dcad-1"),
            &id("dcad-2"),
            Verdict::Confirmed,
            "alice",
            None
        ),
        Err(LinkError::SameSource { .. })
    ));
    assert!(matches!(
        store.save_link(
            &id("dcad-1"),
            &id("atop-9"),
            Verdict::Confirmed,
            "alice",
            None
        ),
        Err(LinkError::Unknown(_))
    ));
    let link = store
        .save_link(
            &id("dcad-1"),
            &id("atop-1"),
            Verdict::Confirmed,
            "alice",
            Some("same text".into()),
        )
        .unwrap();
    assert_eq!((link.a.as_str(), link.b.as_str()), ("atop-1", "dcad-1"));
    let r = store.load().unwrap();
    assert_eq!(r.agreements().len(), 2);
    assert_eq!(r.agreement(&id("dcad-1")).unwrap().id.as_str(), "atop-1");
    // The precedence decides which record leads.
    store
        .set_precedence(Some(
            &Precedence::new(vec!["dcad".into(), "atop".into()]).unwrap(),
        ))
        .unwrap();
    assert_eq!(
        store
            .load()
            .unwrap()
            .agreement(&id("atop-1"))
            .unwrap()
            .id
            .as_str(),
        "dcad-1"
    );
    assert!(store.remove_link(&id("atop-1"), &id("dcad-1")).unwrap());
    assert_eq!(store.load().unwrap().agreements().len(), 3);
}

fn export_and_restore_carry_amendments_links_and_precedence(backend: Backend) {
    let (_db, mut store) = common::fresh(backend);
    let atop = [agreement("atop-1", 2, 20, Some(1))];
    let dcad = [agreement("dcad-1", 2, 20, None)];
    store.replace_source(&dataset("atop", "a", &atop)).unwrap();
    store.replace_source(&dataset("dcad", "d", &dcad)).unwrap();
    let am = [amendment("atop-1", SUSPENSION)];
    store.replace_source(&curated(&am, &[])).unwrap();
    store
        .save_link(&id("atop-1"), &id("dcad-1"), Verdict::Rejected, "bob", None)
        .unwrap();
    store
        .set_precedence(Some(
            &Precedence::new(vec!["starter".into(), "*".into()]).unwrap(),
        ))
        .unwrap();
    let first = serde_json::to_string(&store.export().unwrap()).unwrap();
    let (_db, mut fresh) = common::fresh(backend);
    fresh
        .restore(&serde_json::from_str(&first).unwrap())
        .unwrap();
    assert_eq!(
        serde_json::to_string(&fresh.export().unwrap()).unwrap(),
        first
    );
    let c = fresh.curation().unwrap();
    assert_eq!(c.amendments.len(), 1);
    assert_eq!(c.links[0].verdict, Verdict::Rejected);
    assert_eq!(c.precedence.order(), ["starter", "*"]);
}

fn a_database_of_the_version_before_curation_migrates(backend: Backend) {
    let db = common::Scratch::new(backend);
    {
        // Version 3: sources and hand edits, no curation tables.
        let store = Store::open_at_version(db.location(), 3).unwrap();
        let record = serde_json::to_string(&agreement("atop-1", 2, 20, Some(1))).unwrap();
        store
            .execute_sql(&format!(
                "INSERT INTO import_log (source, version, files, counts, imported_at, duration_ms, changes, notes)
                 VALUES ('atop', '1', '[]', '{{}}', '2020-01-01T00:00:00Z', 0, '{{}}', '[]');
                 INSERT INTO source (name, version, checksum, import_id, first_year, last_year, kept_current)
                 VALUES ('atop', '1', 'a', (SELECT max(id) FROM import_log), 1950, 1950, FALSE);
                 INSERT INTO agreement (id, source, version, title, bilateral, binding, record)
                 VALUES ('atop-1', 'atop', '1', 'T atop-1', TRUE, TRUE, '{record}');"
            ))
            .unwrap();
    }
    let mut store = db.open();
    assert_eq!(
        store.schema_version().unwrap(),
        foedus_store::SCHEMA_VERSION
    );
    let am = [amendment("atop-1", SUSPENSION)];
    store.replace_source(&curated(&am, &[])).unwrap();
    assert_eq!(
        store
            .load()
            .unwrap()
            .agreement(&id("atop-1"))
            .unwrap()
            .events
            .len(),
        3
    );
}

/// However often and in whatever versions ATOP is re-imported, the amendments
/// stay, and the registry is what importing that version once would give.
fn reimports_keep_the_amendments(
    backend: Backend,
    versions: &[std::collections::BTreeSet<u32>],
) -> Result<(), TestCaseError> {
    let (_db, mut store) = common::fresh(backend);
    let am = [amendment("atop-1", SUSPENSION)];
    store.replace_source(&curated(&am, &[])).unwrap();
    let make = |extra: &std::collections::BTreeSet<u32>| {
        let mut v = vec![agreement("atop-1", 2, 20, Some(1))];
        v.extend(
            extra
                .iter()
                .map(|n| agreement(&format!("atop-{n}"), 2, 200 + *n as u16, Some(*n))),
        );
        v
    };
    for (k, extra) in versions.iter().enumerate() {
        let ags = make(extra);
        store
            .replace_source(&dataset("atop", &format!("v{k}"), &ags))
            .unwrap();
    }
    let last = make(versions.last().unwrap());
    let (_db2, mut once) = common::fresh(backend);
    once.replace_source(&curated(&am, &[])).unwrap();
    once.replace_source(&dataset("atop", "once", &last))
        .unwrap();
    let (x, y) = (store.load().unwrap(), once.load().unwrap());
    prop_assert_eq!(x.agreements(), y.agreements());
    prop_assert_eq!(store.curation().unwrap().amendments.len(), 1);
    prop_assert_eq!(x.agreement(&id("atop-1")).unwrap().events.len(), 3);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn reimports_keep_the_amendments_on_sqlite(versions in prop::collection::vec(prop::collection::btree_set(2u32..8, 0..4), 1..4)) {
        reimports_keep_the_amendments(Backend::Sqlite, &versions)?;
    }

}

proptest! {
    // Each case makes two PostgreSQL databases (about a second each): fewer cases.
    #![proptest_config(ProptestConfig::with_cases(6))]

    #[test]
    fn reimports_keep_the_amendments_on_postgres(versions in prop::collection::vec(prop::collection::btree_set(2u32..8, 0..4), 1..4)) {
        reimports_keep_the_amendments(Backend::Postgres, &versions)?;
    }
}

both_backends!(
    an_amendment_applies_and_survives_reimports_of_its_target,
    an_amendment_of_an_unknown_agreement_is_refused_and_nothing_written,
    an_amendment_the_lifecycle_rejects_is_refused_and_nothing_written,
    an_amendment_waits_for_its_dataset_which_is_then_checked_against_it,
    links_join_records_and_are_checked,
    export_and_restore_carry_amendments_links_and_precedence,
    a_database_of_the_version_before_curation_migrates,
);
