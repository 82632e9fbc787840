//! Faults a user can cause from the command line (docs/reliability.md), each answered
//! with an error that names the file, line and field or the argument, says what was
//! expected, stays a few lines long and carries no raw control character; or with a
//! bounded, documented behaviour.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};

use common::{foedus, stdout};

/// The standard error of a command that must fail, checked to be printable and short.
#[track_caller]
fn fails(c: &mut assert_cmd::Command) -> String {
    let out = c.output().unwrap();
    assert!(
        !out.status.success(),
        "succeeded: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8(out.stderr).expect("UTF-8 on stderr");
    assert!(err.len() < 2000, "{} bytes: {}", err.len(), &err[..2000]);
    assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "{err:?}");
    err
}

/// Arguments written as one line.
fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

const RECORD: &str = r#"
id = "ID"
title = "Test treaty"
parties = [{ state = "USA" }, { state = "JPN" }]
events = [{ date = "1960-01-19", kind = "signature" }]
[provenance]
source = "test"
"#;

#[test]
fn check_rejects_two_files_with_one_id_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.toml",
        RECORD.replace("ID", "same").as_bytes(),
    );
    let b = write(
        dir.path(),
        "b.toml",
        RECORD.replace("ID", "same").as_bytes(),
    );
    let db = dir.path().join("r.sqlite");
    let err = fails(foedus(&db).arg("check").arg(&a).arg(&b));
    assert!(
        err.contains(&format!(
            "error: {}: id: found `same`, also used by {}; expected an id no other record file uses",
            b.display(),
            a.display()
        )),
        "{err}"
    );
    // `import records` applies the same rule, and writes nothing.
    let err = fails(foedus(&db).args(["import", "records"]).arg(dir.path()));
    assert!(
        err.contains("column `id`: found `same`, also used by"),
        "{err}"
    );
    assert!(err.contains("a.toml"), "{err}");
    assert!(err.contains("b.toml"), "{err}");
}

#[test]
fn implementing_bodies_of_no_party_are_rejected_by_check_and_import() {
    let dir = tempfile::tempdir().unwrap();
    let text = RECORD.replace("ID", "bodies").replace(
        "[provenance]",
        "implementing_bodies = [{ party = 0, name = \"x\" }, { party = \"FRN\", name = \"y\" }]\n[provenance]",
    );
    let p = write(dir.path(), "bodies.toml", text.as_bytes());
    let db = dir.path().join("r.sqlite");
    let err = fails(foedus(&db).arg("check").arg(&p));
    assert!(
        err.contains("bodies.toml: implementing_bodies[0].party: found state code 0; expected a known COW country code"),
        "{err}"
    );
    assert!(
        err.contains("bodies.toml: implementing_bodies[1].party: found FRN (220) (not a party); expected one of the agreement's parties"),
        "{err}"
    );
    let err = fails(foedus(&db).args(["import", "records"]).arg(dir.path()));
    assert!(
        err.contains("column `implementing_bodies[0].party`: found state code 0"),
        "{err}"
    );
}

#[test]
fn a_record_that_is_not_utf8_is_rejected_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = RECORD
        .replace("ID", "latin")
        .replace("Test treaty", "Trait\u{e9}")
        .replace('\u{e9}', "\u{1}");
    let mut bytes = text.into_bytes();
    let at = bytes.iter().position(|&b| b == 1).unwrap();
    bytes[at] = 0xe9; // é in Latin-1
    let p = write(dir.path(), "latin.toml", &bytes);
    let err = fails(foedus(&dir.path().join("r.sqlite")).arg("check").arg(&p));
    assert!(
        err.contains("latin.toml:3:15: bytes that are not UTF-8 in `title = \"Trait\\xe9\"`"),
        "{err}"
    );
}

#[test]
fn import_names_the_file_line_and_field_of_text_that_is_not_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "states2016.csv",
        b"stateabb,ccode,statenme,styear,stmonth,stday,endyear,endmonth,endday,version\nCAN,20,Can\xff\xfeada,1920,1,10,2016,12,31,2016\n",
    );
    let db = dir.path().join("r.sqlite");
    let err = fails(foedus(&db).args(["import", "cow-states"]).arg(&p));
    assert!(
        err.contains("states2016.csv:2: column `statenme`: found bytes that are not UTF-8: `Can\\xff\\xfeada`; expected UTF-8 text"),
        "{err}"
    );
    assert!(
        !stdout(foedus(&db).args(["sources"])).contains("cow-states"),
        "nothing imported"
    );
}

#[test]
fn a_binary_file_and_a_huge_line_give_short_printable_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let binary: Vec<u8> = (0..1u64 << 20)
        .map(|i| [0x1b, b'[', b'2', b'J', 0x07, 0x9b, b',', b'\n'][(i * 7 % 8) as usize])
        .collect();
    let p = write(dir.path(), "nmc.csv", &binary);
    let err = fails(foedus(&db).args(["import", "nmc"]).arg(&p));
    assert!(err.contains("nmc.csv: found columns `\\u{1b}`"), "{err}");
    let p = write(dir.path(), "line.csv", &vec![b'7'; 50 << 20]);
    let err = fails(foedus(&db).args(["import", "nmc"]).arg(&p));
    assert!(err.contains("…` (52428800 characters)"), "{err}");
}

#[test]
fn a_device_is_bounded_and_the_error_names_the_limit_and_its_flag() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let err = fails(
        foedus(&db)
            .args(words("import nmc /dev/zero --max-file-size 1MiB"))
            .timeout(std::time::Duration::from_secs(120)),
    );
    assert_eq!(
        err,
        "error: /dev/zero: found more than 1048576 bytes; expected a file of at most 1 MiB (the file size limit)\n\
         hint: if the file is right, raise the limit with --max-file-size\n"
    );
    let err = fails(foedus(&db).args(words("import nmc /dev/zero --max-file-size lots")));
    assert!(
        err.contains("found `lots`; expected a size such as 256MiB"),
        "{err}"
    );
}

#[test]
fn date_arguments_take_today_and_partial_dates_where_they_make_sense() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let table = stdout(foedus(&db).args(["calendar", "--from", "today"]));
    assert!(table.starts_with("Dates from "), "{table}");
    let table = stdout(foedus(&db).args(words("calendar --from 2025 --to 2026-06")));
    assert!(
        table.starts_with("Dates from 2025-01-01 to 2026-06-30:"),
        "{table}"
    );
    stdout(foedus(&db).args(["agreement", "list", "--in-force", "today"]));
    stdout(foedus(&db).args(words(
        "agreement show us-japan-security-treaty-1960 --at today",
    )));
    let err = fails(foedus(&db).args(["calendar", "--from", "2023-02-30"]));
    assert!(
        err.contains(
            "found `2023-02-30`, which is not a day of the calendar; expected a date YYYY-MM-DD"
        ),
        "{err}"
    );
    let err = fails(foedus(&db).args(["agreement", "list", "--in-force", "1985"]));
    assert!(
        err.contains("found `1985`, which is not one day; expected a date YYYY-MM-DD or `today`"),
        "{err}"
    );
    let err = fails(foedus(&db).args(["agreement", "show", "x", "--at=-0044-03-15"]));
    assert!(err.contains("found `-0044-03-15`"), "{err}");
    let err = fails(foedus(&db).args(["calendar", "--to", "\u{1b}[31mred"]));
    assert!(err.contains("found `\\u{1b}[31mred`"), "{err}");
}

#[test]
fn a_calendar_window_is_bounded_like_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let err = fails(foedus(&db).args(words(
        "calendar --from 1700-01-01 --to 9999-12-31 --format ics",
    )));
    assert!(
        err.contains("9999-12-31 is out of range; expected a date between 1700 and 2200"),
        "{err}"
    );
    let err = fails(foedus(&db).args(words(
        "calendar --from 1700-01-01 --to 2200-12-31 --format ics",
    )));
    assert!(
        err.contains(&format!(
            "--to: the window 1700-01-01 to 2200-12-31 is longer than {} years",
            foedus_scenario::calendar::MAX_YEARS
        )),
        "{err}"
    );
    assert!(err.contains("--max-years"), "{err}");
    let ics = stdout(foedus(&db).args(words(
        "calendar --from 2000 --to 2100 --max-years 101 --format ics",
    )));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
}

#[test]
fn simulate_runs_are_bounded_like_the_api() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let err = fails(foedus(&db).args(words(
        "simulate --attacker PRK --target USA --date 2024-06-01 --runs 10000000000",
    )));
    assert!(
        err.contains(&format!(
            "--runs: 10000000000 runs are more than the limit of {}",
            foedus_scenario::cascade::MAX_RUNS
        )),
        "{err}"
    );
    assert!(err.contains("--max-runs"), "{err}");
    let err = fails(foedus(&db).args(words(
        "simulate --attacker PRK --target USA --date 2024-06-01 --runs 0",
    )));
    assert!(
        err.contains("--runs: the number of runs must be at least 1"),
        "{err}"
    );
}

#[test]
fn ctrl_c_stops_a_long_simulation_and_says_how_many_runs_were_done() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    stdout(foedus(&db).args(["sources"])); // creates the registry
    let mut child = Process::new(assert_cmd::cargo::cargo_bin("foedus"))
        .arg("--db")
        .arg(&db)
        .env_remove("FOEDUS_DB")
        .args(words("simulate --attacker PRK --target USA --date 2024-06-01 --runs 1000000000000 --max-runs 1000000000000"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    err.read_line(&mut first).unwrap();
    assert_eq!(
        first,
        "1000000000000 runs: Ctrl-C stops them and says how many were done\n"
    );
    let killed = Process::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut err, &mut rest).unwrap();
    assert_eq!(status.code(), Some(130), "{rest}");
    assert!(
        rest.contains("interrupted: stopped after ") && rest.contains(" of 1000000000000 runs"),
        "{rest}"
    );
    let mut out = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take().unwrap(), &mut out).unwrap();
    assert!(out.is_empty(), "{out}");
}

#[test]
fn a_reader_that_goes_away_ends_foedus_without_a_panic() {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let record = write(
        dir.path(),
        "r.toml",
        RECORD.replace("ID", "pipe").as_bytes(),
    );
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader); // `foedus timeline ... | head` after head has gone
    let out = Process::new(assert_cmd::cargo::cargo_bin("foedus"))
        .arg("--db")
        .arg(dir.path().join("r.sqlite"))
        .env_remove("FOEDUS_DB")
        .arg("timeline")
        .arg(&record)
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    const SIGPIPE: i32 = 13;
    assert_eq!(out.status.signal(), Some(SIGPIPE), "{:?} {err}", out.status);
}

#[test]
fn import_all_of_a_path_that_is_not_a_directory_says_so_once() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere");
    let err = fails(
        foedus(&dir.path().join("r.sqlite"))
            .args(["import", "all"])
            .arg(&missing),
    );
    assert_eq!(
        err,
        format!(
            "error: {}: found no directory there; expected a directory laid out like the shared data (cow/, gw/, nmc/, atop-5.1/, dcad/, gml-mid-2.2.1/, democracy/, rivalries/)\n",
            missing.display()
        )
    );
}

#[test]
fn a_write_while_another_process_holds_the_lock_fails_in_one_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    stdout(foedus(&db).args(["sources"]));
    let records = dir.path().join("records");
    std::fs::create_dir(&records).unwrap();
    write(
        &records,
        "a.toml",
        RECORD.replace("ID", "locked-test").as_bytes(),
    );
    // Another process's transaction holds the write lock for the whole command.
    let other = foedus_store::Store::open(&db).unwrap();
    other
        .connection()
        .execute_batch("BEGIN IMMEDIATE;")
        .unwrap();
    let err = fails(
        foedus(&db)
            .args(["import", "records"])
            .arg(&records)
            .args(["--as", "mine"]),
    );
    other.connection().execute_batch("ROLLBACK").unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("the database is busy"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(err.matches("busy").count(), 1, "{err}");
    let sources = stdout(foedus(&db).args(["sources"]));
    assert!(!sources.contains("mine"), "{sources}");
    // With the lock free, the same import goes through.
    stdout(
        foedus(&db)
            .args(["import", "records"])
            .arg(&records)
            .args(["--as", "mine"]),
    );
}
