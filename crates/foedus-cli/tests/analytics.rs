//! `foedus similarity`, `network`, `blocs` and `panel --add fpsim` end to end on
//! the real datasets, and their bad input: a clear error, a non-zero exit, no file.

use predicates::prelude::*;

mod common;
use common::{data, foedus, imported, stdout};

const ALL: [(&str, &str); 3] = [("cow-states", "cow"), ("nmc", "nmc"), ("atop", "atop-5.1")];

#[foedus_testdata::needs(shared_data)]
#[test]
fn similarity_writes_every_measure_and_panels_add_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir, &ALL);
    let csv = stdout(foedus(&db).args(["similarity", "--from", "1960", "--to", "1960"]));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "ccode1,ccode2,year,sallyvus,sallyvua,sallybus,sallybua,sallyvwa,sallybwa,pallyv,pallyb,kallyv,kallyb,taub"
    );
    let rows: Vec<&str> = lines.collect();
    // Undirected by default: each pair once, code1 < code2.
    assert!(rows.iter().all(|r| {
        let f: Vec<i32> = r.split(',').take(2).map(|x| x.parse().unwrap()).collect();
        f[0] < f[1]
    }));
    // The same values through `panel dyad-year --add fpsim` (directed).
    let panel = stdout(foedus(&db).args([
        "panel",
        "dyad-year",
        "--from",
        "1960",
        "--to",
        "1960",
        "--add",
        "fpsim",
    ]));
    assert_eq!(panel.lines().count() - 1, 2 * rows.len());
    let first = rows[0];
    assert!(panel.lines().any(|l| l == first), "{first} in the panel");
    // Parquet, a subset of measures, other levels.
    let out = dir.path().join("s.parquet");
    foedus(&db)
        .args(["similarity", "--from", "1990", "--to", "1991", "--directed"])
        .args([
            "--measures",
            "taub,sallyvua",
            "--levels",
            "defense",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    assert!(out.metadata().unwrap().len() > 0);
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn similarity_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir, &[("cow-states", "cow"), ("atop", "atop-5.1")]);
    let out = dir.path().join("s.csv");
    let bad: [(&[&str], &str); 6] = [
        (&["--measures", "sallyxyz"], "unknown measure `sallyxyz`"),
        (&["--levels", "alliance"], "unknown levels `alliance`"),
        (
            &["--weights", "none", "--from", "1800", "--to", "1900"],
            "outside the loaded data",
        ),
        (
            &["--weights", "none", "--from", "2010", "--to", "2018"],
            "cover 1816–2016",
        ),
        // NMC is not loaded: the weighted measures need it.
        (&[], "foedus import nmc"),
        (
            &["--weights", "none", "--measures", "sallyvwa"],
            "--weights none",
        ),
    ];
    for (args, message) in bad {
        foedus(&db)
            .arg("similarity")
            .args(args)
            .arg("--out")
            .arg(&out)
            .assert()
            .failure()
            .stderr(predicate::str::contains(message));
        assert!(!out.exists(), "{args:?} left a file");
    }
    // Without the weighted measures it runs.
    foedus(&db)
        .args([
            "similarity",
            "--from",
            "1900",
            "--to",
            "1900",
            "--weights",
            "none",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    // A panel asking for fpsim without NMC says what to import.
    foedus(&db)
        .args([
            "panel",
            "dyad-year",
            "--from",
            "1900",
            "--to",
            "1900",
            "--add",
            "fpsim",
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains("foedus import nmc"));
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn network_blocs_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir, &[("cow-states", "cow"), ("atop", "atop-5.1")]);
    let years = dir.path().join("y.csv");
    let states = dir.path().join("s.parquet");
    foedus(&db)
        .args([
            "network",
            "--from",
            "1900",
            "--to",
            "1901",
            "--ties",
            "defense",
            "--out-years",
        ])
        .arg(&years)
        .arg("--out-states")
        .arg(&states)
        .assert()
        .success();
    let text = std::fs::read_to_string(&years).unwrap();
    assert!(text.starts_with(
        "year,states,ties,density,mean_degree,transitivity,components,largest_component,modularity,communities\n1900,42,8,"
    ), "{text}");
    let xml =
        stdout(foedus(&db).args(["network", "export", "--year", "1960", "--format", "graphml"]));
    assert!(xml.contains("<graphml") && xml.contains("edgedefault=\"undirected\""));
    let json = stdout(foedus(&db).args([
        "network", "export", "--year", "1960", "--format", "json", "--ties", "any",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["ties"], "any");
    let blocs = stdout(foedus(&db).args([
        "blocs", "--from", "1955", "--to", "1990", "--format", "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&blocs).unwrap();
    assert!(v["blocs"].as_array().unwrap().len() >= 4);
    let table = stdout(foedus(&db).args(["blocs", "--from", "1955", "--to", "1990"]));
    assert!(table.contains("USA") && table.contains("RUS") && table.contains("splits and merges"));
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn network_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir, &[("cow-states", "cow"), ("atop", "atop-5.1")]);
    let out = dir.path().join("y.csv");
    let bad: [(&[&str], &str); 3] = [
        (&["--ties", "trade"], "unknown tie type `trade`"),
        (
            &["--from", "1700", "--to", "1800"],
            "outside the loaded data",
        ),
        (&["--from", "2000", "--to", "1990"], "is empty"),
    ];
    for (args, message) in bad {
        foedus(&db)
            .arg("network")
            .args(args)
            .arg("--out-years")
            .arg(&out)
            .assert()
            .failure()
            .stderr(predicate::str::contains(message));
        assert!(!out.exists());
        foedus(&db)
            .arg("blocs")
            .args(args)
            .assert()
            .failure()
            .stderr(predicate::str::contains(message));
    }
    let file = dir.path().join("g.graphml");
    foedus(&db)
        .args(["network", "export", "--year", "2020", "--out"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(predicate::str::contains("outside the loaded data"));
    assert!(!file.exists());
    // No ATOP at all: the command to run.
    let empty = dir.path().join("empty.sqlite");
    foedus(&empty)
        .args(["import", "cow-states"])
        .arg(data().join("cow"))
        .assert()
        .success();
    foedus(&empty)
        .args(["network", "--from", "1900", "--to", "1900"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("foedus import atop"));
}
