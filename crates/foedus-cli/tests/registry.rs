//! The registry end to end on the real datasets: import, list, show, export and
//! restore, bad input that leaves the database untouched, a killed import, panels.

use std::os::unix::process::ExitStatusExt;
use std::process::Stdio;
use std::time::Duration;

use predicates::prelude::*;

mod common;
use common::{data, foedus, imported_all, stdout};

#[foedus_testdata::needs(shared_data)]
#[test]
fn import_list_show_and_sources() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported_all(&dir);
    let sources = stdout(foedus(&db).args(["sources", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&sources).unwrap();
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["source"].as_str().unwrap())
        .collect();
    for s in [
        "atop",
        "cow-majors",
        "cow-states",
        "dcad",
        "gw",
        "nmc",
        "starter",
        "gml-mid",
        "cow-wars",
        "cow-contiguity",
        "capitals",
        "democracy",
        "rivalries",
    ] {
        assert!(names.contains(&s), "{s} missing from {names:?}");
    }
    let atop =
        stdout(foedus(&db).args(["agreement", "list", "--source", "atop", "--format", "csv"]));
    assert_eq!(atop.lines().count() - 1, 789);
    let bilateral = stdout(foedus(&db).args([
        "agreement",
        "list",
        "--source",
        "atop",
        "--bilateral",
        "--format",
        "csv",
    ]));
    assert_eq!(
        bilateral.lines().count() - 1,
        665,
        "bilateral by distinct member codes"
    );
    let us_jp = stdout(foedus(&db).args([
        "agreement",
        "list",
        "--party",
        "USA",
        "--partner",
        "JPN",
        "--obligation",
        "defense",
        "--format",
        "csv",
    ]));
    assert!(
        !us_jp.lines().any(|l| l.starts_with("atop-3375,"))
            && us_jp.contains("us-japan-security-treaty-1960"),
        "one agreement for the treaty ATOP and the starter both record: {us_jp}"
    );
    assert!(us_jp.contains("starter,atop"), "{us_jp}");
    let show = stdout(foedus(&db).args(["agreement", "show", "atop-3375", "--at", "2000-01-01"]));
    assert!(show.contains("Status on 2000-01-01: in force"), "{show}");
    let state = stdout(foedus(&db).args(["state", "show", "ROK", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&state).unwrap();
    assert_eq!(v["ccode"], 732);
    assert!(v["agreements"].as_array().unwrap().len() > 10);
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn export_restore_export_is_identical() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported_all(&dir);
    let first = dir.path().join("first.json");
    foedus(&db).arg("export").arg(&first).assert().success();
    let fresh = dir.path().join("fresh.sqlite");
    foedus(&fresh)
        .args(["import", "registry"])
        .arg(&first)
        .assert()
        .success();
    let second = dir.path().join("second.json");
    foedus(&fresh).arg("export").arg(&second).assert().success();
    assert!(
        std::fs::read(&first).unwrap() == std::fs::read(&second).unwrap(),
        "the two exports differ"
    );
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn reimporting_the_same_files_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported_all(&dir);
    foedus(&db)
        .args(["import", "atop"])
        .arg(data().join("atop-5.1"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "already imported; nothing changed",
        ));
}

/// Bad files are rejected naming file, line and column, and the database file is byte-for-byte unchanged.
#[foedus_testdata::needs(shared_data)]
#[test]
fn a_rejected_import_leaves_the_database_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported_all(&dir);
    let bad = dir.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    let text = std::fs::read_to_string(data().join("nmc/NMC-60-abridged.csv")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[100] = lines[100].replacen(",1", ",one", 1);
    std::fs::write(bad.join("NMC-60-abridged.csv"), lines.join("\n")).unwrap();
    // Flush the write-ahead log so the main file holds everything before comparing.
    foedus(&db).arg("sources").assert().success();
    let before = std::fs::read(&db).unwrap();
    foedus(&db)
        .args(["import", "nmc"])
        .arg(&bad)
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "NMC-60-abridged.csv:101: column `year`: found `one915`; expected an integer",
        ));
    assert!(
        std::fs::read(&db).unwrap() == before,
        "the database changed"
    );
}

/// Killing an import at any moment keeps what was committed before and leaves no partial import.
#[foedus_testdata::needs(shared_data)]
#[test]
fn a_killed_import_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = data();
    let bin = assert_cmd::cargo::cargo_bin("foedus");
    for (i, delay) in [0u64, 5, 20, 50, 100, 150, 250, 400]
        .into_iter()
        .enumerate()
    {
        let db = dir.path().join(format!("k{i}.sqlite"));
        foedus(&db)
            .args(["import", "cow-states"])
            .arg(data.join("cow"))
            .assert()
            .success();
        let mut child = std::process::Command::new(&bin)
            .arg("--db")
            .arg(&db)
            .args(["import", "all"])
            .arg(&data)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        let out = stdout(foedus(&db).args(["sources", "--format", "json"]));
        let sources: serde_json::Value = serde_json::from_str(&out).unwrap();
        let names: Vec<&str> = sources
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["source"].as_str().unwrap())
            .collect();
        assert!(
            names.contains(&"cow-states"),
            "delay {delay}: lost the earlier import"
        );
        let n = if names.contains(&"atop") {
            stdout(foedus(&db).args(["agreement", "list", "--source", "atop", "--format", "csv"]))
                .lines()
                .count()
                - 1
        } else {
            0
        };

        assert!(
            n == 0 || n == 789,
            "delay {delay}: a partial ATOP import of {n} agreements"
        );
        assert!(
            names.contains(&"atop") == names.contains(&"dcad"),
            "delay {delay}: `import all` half written: {names:?}"
        );
    }
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn panels_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported_all(&dir);
    let out = dir.path().join("p.parquet");
    foedus(&db)
        .args([
            "panel",
            "dyad-year",
            "--from",
            "1914",
            "--to",
            "1914",
            "--add",
            "atop,majors,nmc,dcad",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    assert!(std::fs::read(&out).unwrap().starts_with(b"PAR1"));
    let csv = stdout(foedus(&db).args([
        "panel",
        "dyad-year",
        "--from",
        "1914",
        "--to",
        "1914",
        "--undirected",
        "--add",
        "atop,dcad",
    ]));
    let header = csv.lines().next().unwrap();
    assert_eq!(
        header,
        "ccode1,ccode2,year,atop_alliance,atop_defense,atop_offense,atop_neutral,atop_nonagg,atop_consul,dcad_any,dcad_general,dcad_sector"
    );
    // Germany and Austria-Hungary (ATOP: defense, neutrality, consultation either way);
    // DCAD does not cover 1914: empty, not 0.
    let row = csv
        .lines()
        .find(|l| l.starts_with("255,300,1914,"))
        .unwrap();
    assert_eq!(row, "255,300,1914,1,1,0,1,0,1,,,");
    let states = stdout(foedus(&db).args([
        "panel",
        "state-year",
        "--from",
        "2000",
        "--to",
        "2000",
        "--add",
        "atop,majors",
    ]));
    assert!(
        states
            .lines()
            .next()
            .unwrap()
            .ends_with("atop_number,cowmaj")
    );
    let on =
        stdout(foedus(&db).args(["panel", "dyad-year", "--on", "1914-08-01", "--add", "atop"]));
    assert!(
        on.lines().any(|l| l.starts_with("255,300,1914-08-01,1,1")),
        "Germany owes Austria-Hungary defense on 1 August 1914"
    );

    // A reader that goes away (`foedus panel ... | head -1`) is not an error: foedus
    // ends as `cat` does, quietly (by SIGPIPE, or with success if it was done).
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("foedus"))
        .arg("--db")
        .arg(&db)
        .env_remove("FOEDUS_DB")
        .args(["panel", "dyad-year", "--add", "atop,majors,nmc"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(first.starts_with(b"ccode1,ccode2,year,"));
    const SIGPIPE: i32 = 13;
    assert!(
        (out.status.success() || out.status.signal() == Some(SIGPIPE)) && out.stderr.is_empty(),
        "{:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn panel_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.sqlite");
    foedus(&db)
        .args(["panel", "dyad-year", "--from", "1900", "--to", "1800"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("is empty"));
    foedus(&db)
        .args(["panel", "dyad-year", "--system", "xyz"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("xyz"));
    foedus(&db)
        .args(["panel", "dyad-year", "--add", "weather"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("unknown variables `weather`"));
    foedus(&db)
        .args(["panel", "dyad-year"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("foedus import cow-states"));
}

/// With the state system loaded: a variable whose source is not, and outputs
/// that cannot be written.
#[foedus_testdata::needs(shared_data)]
#[test]
fn panel_bad_input_with_a_state_system() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    foedus(&db)
        .args(["import", "cow-states"])
        .arg(data().join("cow"))
        .assert()
        .success();
    foedus(&db)
        .args(["panel", "dyad-year", "--add", "nmc"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("foedus import nmc"));
    let out = dir.path().join("no-such-dir/p.parquet");
    foedus(&db)
        .args(["panel", "dyad-year", "--out"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("no-such-dir"));
    let bad_ext = dir.path().join("p.xlsx");
    foedus(&db)
        .args(["panel", "dyad-year", "--out"])
        .arg(&bad_ext)
        .assert()
        .failure()
        .stderr(predicate::str::contains(".csv or .parquet"));
    assert!(
        std::fs::read_dir(dir.path()).unwrap().all(|e| !e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("partial"))
    );
}
