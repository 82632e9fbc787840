//! `foedus obligations`, `foedus simulate` and `foedus calendar` end to end: the
//! formats, the 1914 scenario on the real data, and bad input with a clear error
//! and a non-zero exit.

use predicates::prelude::*;

mod common;
use common::{foedus, imported, stdout};

/// ATOP, COW states and NMC.
const ATOP_COW_NMC: [(&str, &str); 3] =
    [("atop", "atop-5.1"), ("cow-states", "cow"), ("nmc", "nmc")];

const GERMANY_RUSSIA: [&str; 6] = [
    "--attacker",
    "GMY",
    "--target",
    "RUS",
    "--date",
    "1914-08-01",
];

#[test]
fn obligations_in_each_format() {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = imported(&dir, &ATOP_COW_NMC) else {
        return;
    };
    let table = stdout(foedus(&db).arg("obligations").args(GERMANY_RUSSIA));
    assert!(table.contains("Bound to act"), "{table}");
    assert!(table.contains("FRN -> RUS  defense  atop-1385"), "{table}");
    let json = stdout(foedus(&db).arg("obligations").args(GERMANY_RUSSIA).args([
        "--region",
        "europe,home",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let act = v["act"].as_array().unwrap();
    assert!(act.iter().any(|f| f["obligor"]["abbrev"] == "FRN"
        && f["kind"] == "defense"
        && f["side"] == "target"));
    assert_eq!(v["place"]["home"], "yes");
    let csv = stdout(
        foedus(&db)
            .arg("obligations")
            .args(GERMANY_RUSSIA)
            .args(["--format", "csv"]),
    );
    assert!(csv.starts_with("group,obligor,beneficiary,side,kind,agreement"));
    assert!(
        csv.lines()
            .any(|l| l.starts_with("act,FRN,RUS,target,defense,atop-1385"))
    );
}

#[test]
fn simulate_states_its_assumptions_and_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let Some(db) = imported(&dir, &ATOP_COW_NMC) else {
        return;
    };
    let args = |seed: &str| {
        let mut v: Vec<String> = GERMANY_RUSSIA.iter().map(|s| s.to_string()).collect();
        v.extend(
            [
                "--runs",
                "20000",
                "--seed",
                seed,
                "--honour-by-type",
                "defense=0.5",
            ]
            .iter()
            .map(|s| s.to_string()),
        );
        v
    };
    let table = stdout(foedus(&db).arg("simulate").args(args("3")));
    assert!(table.contains("Model assumptions:"));
    assert!(table.contains("treated as attacked"));
    assert!(table.contains("Capability balance (NMC cinc, 1914)"));
    let json = |seed: &str| {
        stdout(
            foedus(&db)
                .arg("simulate")
                .args(args(seed))
                .args(["--format", "json"]),
        )
    };
    let a = json("3");
    assert_eq!(a, json("3"));
    let v: serde_json::Value = serde_json::from_str(&a).unwrap();
    let france = v["states"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["state"]["abbrev"] == "FRN")
        .unwrap();
    let p = france["target_side"].as_f64().unwrap();
    assert!((p - 0.5).abs() < 0.02, "{p}");
    assert!(!v["assumptions"].as_array().unwrap().is_empty());
}

#[test]
fn calendar_as_ics() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("starter.sqlite");
    let ics = stdout(foedus(&db).args([
        "calendar",
        "--from",
        "2025-01-01",
        "--to",
        "2026-12-31",
        "--party",
        "JPN",
        "--format",
        "ics",
    ]));
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(ics.contains("DTSTART;VALUE=DATE:20250824\r\n"), "{ics}");
    let table =
        stdout(foedus(&db).args(["calendar", "--from", "2025-01-01", "--to", "2026-12-31"]));
    assert!(table.contains("last day to give notice against the renewal"));
}

#[test]
fn bad_input_fails_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("starter.sqlite");
    let fails = |args: &[&str], says: &str| {
        foedus(&db)
            .args(args)
            .assert()
            .failure()
            .stderr(predicate::str::contains(says));
    };
    fails(
        &[
            "obligations",
            "--attacker",
            "Atlantis",
            "--target",
            "RUS",
            "--date",
            "2000-01-01",
        ],
        "--attacker",
    );
    fails(
        &[
            "obligations",
            "--attacker",
            "RUS",
            "--target",
            "RUS",
            "--date",
            "2000-01-01",
        ],
        "the same state",
    );
    fails(
        &[
            "obligations",
            "--attacker",
            "GMY",
            "--target",
            "RUS",
            "--date",
            "1914-08-01",
        ],
        "the registry covers starter 1950 on (a register kept current)",
    );
    fails(
        &[
            "simulate",
            "--attacker",
            "PRK",
            "--target",
            "ROK",
            "--date",
            "2020-01-01",
            "--honour",
            "1.2",
        ],
        "between 0 and 1",
    );
    fails(
        &[
            "simulate",
            "--attacker",
            "PRK",
            "--target",
            "ROK",
            "--date",
            "2020-01-01",
            "--runs",
            "0",
        ],
        "--runs must be at least 1",
    );
    fails(
        &[
            "obligations",
            "--attacker",
            "PRK",
            "--target",
            "ROK",
            "--date",
            "2020-01-01",
            "--region",
            "atlantis",
        ],
        "unknown region",
    );
    fails(
        &["calendar", "--from", "2020-01-02", "--to", "2020-01-01"],
        "is empty",
    );
    fails(&["calendar", "--party", "Atlantis"], "--party");
}
