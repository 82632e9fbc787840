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

#[foedus_testdata::needs(shared_data)]
#[test]
fn obligations_in_each_format() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir, &ATOP_COW_NMC);
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
    // The engine's table, as the R and Python packages get it: codes beside abbreviations.
    assert!(
        csv.starts_with(
            "group,obligor,obligor_abb,beneficiary,beneficiary_abb,side,kind,agreement"
        ),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("act,220,FRN,365,RUS,target,defense,atop-1385")),
        "{csv}"
    );
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn simulate_states_its_assumptions_and_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir, &ATOP_COW_NMC);
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
fn calendar_by_kind_keeps_those_dates_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("starter.sqlite");
    let args = [
        "calendar",
        "--from",
        "2020-01-01",
        "--to",
        "2060-12-31",
        "--format",
        "json",
    ];
    let all: serde_json::Value = serde_json::from_str(&stdout(foedus(&db).args(args))).unwrap();
    let some: serde_json::Value = serde_json::from_str(&stdout(
        foedus(&db)
            .args(args)
            .args(["--kind", "non_renewal_deadline,expiry"]),
    ))
    .unwrap();
    let want = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "non_renewal_deadline" || i["kind"] == "expiry")
        .count();
    assert!(want > 0, "the starter registry has such dates");
    assert_eq!(some["items"].as_array().unwrap().len(), want);
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
    let simulate = |flags: &[&str], says: &str| {
        let mut args = vec![
            "simulate",
            "--attacker",
            "PRK",
            "--target",
            "ROK",
            "--date",
            "2020-01-01",
        ];
        args.extend(flags);
        fails(&args, says);
    };
    simulate(
        &["--honour", "1.2"],
        "--honour: 1.2 is not a probability; expected a number from 0 to 1",
    );
    simulate(
        &["--runs", "0"],
        "--runs: the number of runs must be at least 1",
    );
    simulate(
        &["--possibly", "maybe"],
        "'--possibly <POSSIBLY>': found `maybe`; expected as_triggered or ignore",
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
        "--region: unknown place `atlantis`",
    );
    fails(
        &["calendar", "--from", "2020-01-02", "--to", "2020-01-01"],
        "is empty",
    );
    fails(&["calendar", "--party", "Atlantis"], "--party");
    fails(&["calendar", "--kind", "birthday"], "unknown kind of date");
}

#[test]
fn agreements_owed_to_and_by_a_state() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("starter.sqlite");
    let list = |extra: &[&str]| {
        stdout(
            foedus(&db)
                .args(["agreement", "list", "--format", "csv"])
                .args(extra),
        )
    };
    let defend_japan = list(&["--obligation", "defense", "--owed-to", "JPN"]);
    assert!(
        defend_japan.contains("us-japan-security-treaty-1960"),
        "{defend_japan}"
    );
    // One obligation must match every part: under the 1960 treaty Japan owes the
    // United States basing, and the United States owes Japan no basing.
    let treaty = "us-japan-security-treaty-1960";
    assert!(list(&["--obligation", "basing"]).contains(treaty));
    assert!(
        list(&[
            "--obligation",
            "basing",
            "--owed-by",
            "JPN",
            "--owed-to",
            "USA"
        ])
        .contains(treaty)
    );
    assert!(!list(&["--obligation", "basing", "--owed-to", "JPN"]).contains(treaty));
    let all = list(&[]);
    assert!(defend_japan.lines().count() < all.lines().count());
    let out = foedus(&db)
        .args(["agreement", "list", "--owed-to", "Atlantis"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--owed-to"));
}
