//! `foedus check` and `foedus timeline` on good and bad records, end to end.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::PathBuf;

const GOOD: &str = r#"
id = "test-treaty"
title = "Test treaty"
legal_form = "treaty"
families = ["mutual_defense"]
parties = [{ state = "USA" }, { state = 740 }]
[clauses]
entry_into_force = { rule = "on_exchange_of_instruments" }
withdrawal = { rule = "on_notice", period = "P1Y" }
[[events]]
date = "1960-01-19"
kind = "signature"
[[events]]
date = "1960-06-21"
kind = "consent"
party = "JPN"
means = "ratification"
[[events]]
date = "1960-06-22"
kind = "consent"
party = "USA"
means = "ratification"
[[events]]
date = "1960-06-23"
kind = "exchange_of_instruments"
[provenance]
source = "test"
"#;

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn foedus() -> Command {
    Command::cargo_bin("foedus").unwrap()
}

/// Runs `foedus check` on `text` and expects failure naming the file and each of `needles`.
fn rejects(name: &str, text: &str, needles: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, name, text);
    let mut assert = foedus()
        .arg("check")
        .arg(&p)
        .assert()
        .failure()
        .stderr(predicate::str::contains(name));
    for n in needles {
        assert = assert.stderr(predicate::str::contains(*n));
    }
}

#[test]
fn a_good_record_passes() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "good.toml", GOOD);
    foedus()
        .arg("check")
        .arg(&p)
        .assert()
        .success()
        .stdout(predicate::str::contains("ok:"));
}

#[test]
fn a_good_record_passes_as_json_too() {
    let dir = tempfile::tempdir().unwrap();
    let toml_path = write(&dir, "good.toml", GOOD);
    let out = foedus()
        .arg("timeline")
        .arg(&toml_path)
        .args(["--at", "1970-01-01", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let json = serde_json::to_string_pretty(&report["agreement"]).unwrap();
    let p = write(&dir, "good.json", &json);
    foedus().arg("check").arg(&p).assert().success();
}

#[test]
fn missing_party() {
    rejects(
        "one.toml",
        &GOOD.replace(", { state = 740 }", ""),
        &["parties", "at least two parties"],
    );
}

#[test]
fn unknown_state_code() {
    rejects(
        "unknown.toml",
        &GOOD.replace("state = 740", "state = 999"),
        &["parties[1].state", "state code 999"],
    );
    rejects(
        "unknown-abbrev.toml",
        &GOOD.replace("state = 740", "state = \"XYZ\""),
        &["unknown state code `XYZ`", "parties[1].state"],
    );
}

#[test]
fn dates_out_of_order() {
    // Exchange of instruments before Japan ratified.
    rejects(
        "order.toml",
        &GOOD.replace("1960-06-21", "1960-06-30"),
        &["events[3]", "VCLT art 16", "has not ratified"],
    );
}

#[test]
fn precondition_broken() {
    // Ratification by a state that never signed: remove the signature.
    let text = GOOD.replace(
        "[[events]]\ndate = \"1960-01-19\"\nkind = \"signature\"\n",
        "",
    );
    rejects(
        "unsigned.toml",
        &text,
        &["VCLT arts 14 and 15", "has not signed"],
    );
}

#[test]
fn malformed_toml_and_json() {
    rejects("broken.toml", "id = \"x\"\ntitle = \n", &["broken.toml:2"]);
    rejects(
        "broken.json",
        "{\"id\": \"x\",\n \"title\": }",
        &["broken.json:2"],
    );
}

#[test]
fn unknown_field() {
    rejects(
        "field.toml",
        &GOOD.replace(
            "legal_form = \"treaty\"",
            "legal_form = \"treaty\"\ncolour = \"blue\"",
        ),
        &["field.toml:5", "unknown field `colour`"],
    );
}

#[test]
fn wrong_type_names_field_and_expectation() {
    rejects(
        "type.json",
        r#"{"id":"x","title":"T","parties":[{"state":true}],"provenance":{"source":"s"}}"#,
        &["parties[0].state"],
    );
}

#[test]
fn an_unknown_extension_is_refused() {
    rejects(
        "record.yaml",
        "id: x",
        &["expected a file ending in .json or .toml"],
    );
}

#[test]
fn every_file_is_checked_and_any_failure_fails() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(&dir, "good.toml", GOOD);
    let bad = write(&dir, "bad.toml", "nonsense");
    foedus()
        .arg("check")
        .arg(&good)
        .arg(&bad)
        .assert()
        .failure()
        .stdout(predicate::str::contains("ok:"))
        .stderr(predicate::str::contains("1 of 2 records invalid"));
}

#[test]
fn timeline_prints_status_and_next_dates() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "good.toml", GOOD);
    foedus()
        .arg("timeline")
        .arg(&p)
        .args(["--at", "1960-06-22"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Status on 1960-06-22: signed, not yet in force",
        ))
        .stdout(
            predicate::str::contains("1960-06-23")
                .and(predicate::str::contains("enters into force")),
        );
}

#[test]
fn timeline_rejects_a_bad_date() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(&dir, "good.toml", GOOD);
    foedus()
        .arg("timeline")
        .arg(&p)
        .args(["--at", "1960-02-30"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not a day of the calendar"));
}
