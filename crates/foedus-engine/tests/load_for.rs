//! Panels from a snapshot loaded in part: the same rows and values as from the
//! whole snapshot, with the alliance dyad-years kept by the store between runs
//! and never served after a write.

use foedus_domain::contents::Contents;
use foedus_engine::{PanelRequest, Unit, load, load_for, panel};
use foedus_import::Limits;
use foedus_panel::PanelOptions;
use foedus_panel::alliance::TABLE_KEY;
use foedus_store::Store;

fn request() -> PanelRequest {
    PanelRequest {
        unit: Unit::DyadYear,
        options: PanelOptions {
            from: 1900,
            to: 1960,
            ..PanelOptions::default()
        },
        add: ["atop", "nmc", "majors", "gml_mids", "contiguity"]
            .map(String::from)
            .to_vec(),
        on: None,
    }
}

fn needs_of(r: &PanelRequest) -> Contents {
    foedus_panel::vars::needs(&foedus_engine::request_variables(&r.add).unwrap())
}

/// The panel's batches (equal tables are equal batch for batch: the chunks are
/// the same ranges of rows).
fn rows(
    registry: &foedus_domain::registry::Registry,
    r: &PanelRequest,
) -> Vec<foedus_dataset::RecordBatch> {
    panel(registry, r).expect("the panel").batches
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn a_panel_from_the_parts_it_needs_equals_the_panel_from_everything() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    foedus_engine::import_dir(
        Some(&db),
        &foedus_testdata::shared_data_path(),
        &Limits::default(),
        &mut |_| {},
    )
    .expect("the shared data import");
    let r = request();
    let needs = needs_of(&r);
    assert!(needs.alliances() && !needs.agreements());
    let expected = rows(&load(Some(&db)).unwrap(), &r);
    assert!(expected.iter().map(|b| b.num_rows()).sum::<usize>() > 100_000);

    // First run: no kept table; the agreements are loaded, the table computed and kept.
    let first = load_for(Some(&db), &needs).unwrap();
    assert!(first.contents().agreements());
    assert_eq!(rows(&first, &r), expected);
    let store = Store::open(&db).unwrap();
    let generation = store.generation().unwrap();
    assert!(store.derived(TABLE_KEY, generation).unwrap().is_some());

    // Second run: the kept table, and no agreement parsed.
    let second = load_for(Some(&db), &needs).unwrap();
    assert!(!second.contents().agreements());
    assert!(second.agreements().is_empty());
    assert_eq!(rows(&second, &r), expected);

    // A write that changes the alliances: the kept table is not served after it.
    store
        .execute_sql(
            "DELETE FROM agreement WHERE source = 'atop' AND id IN \
             (SELECT id FROM agreement WHERE source = 'atop' ORDER BY id LIMIT 200)",
        )
        .unwrap();
    assert!(store.generation().unwrap() > generation);
    let after = rows(&load(Some(&db)).unwrap(), &r);
    assert_ne!(after, expected, "the deletion changes the ATOP columns");
    let third = load_for(Some(&db), &needs).unwrap();
    assert!(third.contents().agreements(), "computed again");
    assert_eq!(rows(&third, &r), after);
    let fourth = load_for(Some(&db), &needs).unwrap();
    assert!(!fourth.contents().agreements());
    assert_eq!(rows(&fourth, &r), after);

    // Every variable, alone, in dyad-years and state-years, and the day panel:
    // each declares all it reads (a part it forgot would be missing here).
    let everything = load(Some(&db)).unwrap();
    for name in foedus_engine::variable_names() {
        for unit in [Unit::DyadYear, Unit::StateYear] {
            let one = PanelRequest {
                unit,
                add: vec![name.to_string()],
                ..request()
            };
            let whole = panel(&everything, &one).map(|t| t.batches);
            let part = load_for(Some(&db), &needs_of(&one)).unwrap();
            let from_part = panel(&part, &one).map(|t| t.batches);
            match (whole, from_part) {
                (Ok(w), Ok(p)) => assert!(w == p, "{name} in {unit:?}: the panels differ"),
                (Err(w), Err(p)) => assert_eq!(w.to_string(), p.to_string(), "{name}"),
                (w, p) => panic!("{name} in {unit:?}: {:?} against {:?}", w.err(), p.err()),
            }
        }
    }
    let day = PanelRequest {
        on: Some(jiff::civil::date(1995, 6, 1)),
        add: Vec::new(),
        ..request()
    };
    let whole = panel(&everything, &day).unwrap().batches;
    let part = load_for(Some(&db), &foedus_panel::needs_on()).unwrap();
    assert!(
        panel(&part, &day).unwrap().batches == whole,
        "the day panel"
    );

    // States only: neither the agreements nor a kept table.
    let bare = load_for(Some(&db), &Contents::nothing()).unwrap();
    let err = panel(&bare, &r).err().expect("refused").to_string();
    assert!(err.contains("loaded without"), "{err}");
}
