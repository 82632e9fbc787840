//! Disputes, wars, contiguity, capitals, democracy and rivalries through the store:
//! written in one transaction with their source, loaded into the snapshot, exported and
//! restored unchanged, removed with their source.

mod common;

use foedus_domain::PartialDate;
use foedus_domain::history::{DemocracyScore, Dispute, HistoricalData, Participant, Rivalry};
use foedus_domain::state::Ccode;
use foedus_store::{Contribution, FileRecord, Store};
use jiff::civil::date;

fn sample() -> HistoricalData {
    HistoricalData {
        disputes: vec![Dispute {
            dispnum: 257,
            styear: 1914,
            stmon: 7,
            outcome: 1,
            settle: 1,
            fatality: 6,
            mindur: 1500,
            maxdur: 1500,
            hiact: 20,
            hostlev: 5,
            recip: true,
        }],
        participants: vec![Participant {
            dispnum: 257,
            ccode: Ccode(200),
            start: PartialDate::day(date(1914, 7, 26)),
            end: PartialDate::month(1918, 11).unwrap(),
            sidea: false,
            orig: false,
            hiact: 20,
        }],
        contiguity: vec![common::us_canada_land_border()],
        capitals: vec![common::washington()],
        democracy: vec![DemocracyScore {
            ccode: Ccode(2),
            year: 2020,
            v2x_polyarchy: Some(0.8),
            polity2: None,
            xm_qudsest: None,
        }],
        rivalries: vec![Rivalry {
            number: 79,
            name: "Austria-Serbia".into(),
            ccode1: Ccode(300),
            ccode2: Ccode(345),
            start: 1903,
            end: 1920,
            region: "Southeast Europe".into(),
            types: vec!["positional".into(), "spatial".into()],
        }],
        ..HistoricalData::default()
    }
}

fn contribution(h: &HistoricalData) -> Contribution<'_> {
    Contribution {
        source: "gml-mid",
        version: "2.2.1",
        files: vec![FileRecord {
            name: "x.csv".into(),
            sha256: "ab".into(),
            bytes: 1,
        }],
        history: h,
        ..Contribution::default()
    }
}

#[test]
fn written_loaded_exported_restored_and_removed() {
    let h = sample();
    let mut store = Store::open_in_memory().unwrap();
    let changes = store.replace_source(&contribution(&h)).unwrap();
    assert_eq!(changes.counts.get("participants"), Some(&1));
    assert_eq!(store.load().unwrap().history(), &h);
    // The span is the records' when the source does not declare one.
    let source = store
        .sources()
        .unwrap()
        .into_iter()
        .find(|s| s.source == "gml-mid")
        .unwrap();
    assert_eq!(source.span, Some((1816, 2024)));

    let export = store.export().unwrap();
    let mut other = Store::open_in_memory().unwrap();
    other.restore(&export).unwrap();
    assert_eq!(other.load().unwrap().history(), &h);

    assert!(store.remove_source("gml-mid").unwrap());
    assert!(store.load().unwrap().history().is_empty());
}

#[test]
fn the_same_files_again_change_nothing() {
    let h = sample();
    let mut store = Store::open_in_memory().unwrap();
    store.replace_source(&contribution(&h)).unwrap();
    assert!(store.replace_source(&contribution(&h)).unwrap().unchanged);
    assert_eq!(store.load().unwrap().history(), &h);
}
