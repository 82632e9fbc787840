//! The present on the command line, on the real data: `state show` says a state is
//! a member today, carried forward past the COW system's last day; answers past a
//! source's coverage carry a note on stderr; panels past today are refused with a
//! message, never a panic.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod common;
use common::{foedus, stdout};

/// One database with the COW system and ATOP imported, for the read-only tests.
fn db() -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DB.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = common::imported(&dir, &[("cow-states", "cow"), ("atop", "atop-5.1")]);
        (dir, db)
    })
    .1
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn state_show_says_japan_is_a_member_today_carried_forward() {
    let out = foedus(db())
        .args(["state", "show", "JPN"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("member today: yes, carried forward from 2016-12-31"),
        "{text}"
    );
    assert!(text.contains("1952-04-28 – open (carried forward from 2016-12-31)"));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("note: ") && err.contains("cow-states 2016 (coded to 2016-12-31"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(
        foedus(db()).args(["state", "show", "JPN", "--format", "json"]),
    ))
    .unwrap();
    assert_eq!(v["member_today"], true);
    assert_eq!(v["member_carried_forward_from"], "2016-12-31");
    // A state that ceased is not carried forward.
    let v: serde_json::Value = serde_json::from_str(&stdout(
        foedus(db()).args(["state", "show", "260", "--format", "json"]),
    ))
    .unwrap();
    assert_eq!(v["member_today"], false);
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn panels_past_today_are_refused_and_past_the_data_say_so() {
    for args in [
        &["panel", "dyad-year", "--system", "gw", "--to", "10000"][..],
        &["panel", "dyad-year", "--to", "9999"][..],
    ] {
        let out = foedus(db()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        let to = args.last().unwrap();
        assert!(
            err.starts_with(&format!("error: --to {to} is after today (")),
            "{err}"
        );
        assert!(out.stdout.is_empty());
    }
    let out = foedus(db())
        .args(["panel", "dyad-year", "--from", "2017", "--to", "2017"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("note: the year 2017: past the data of cow-states"),
        "{err}"
    );
    let rows = String::from_utf8(out.stdout).unwrap().lines().count() - 1;
    assert!(rows > 30_000, "{rows} dyads in 2017");
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn obligations_and_lists_past_the_data_carry_a_note() {
    let out = foedus(db())
        .args([
            "agreement",
            "list",
            "--in-force",
            "2024-01-01",
            "--party",
            "USA",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("note: 2024-01-01: past the data of atop 5.1 (coded to 2018)"),
        "{err}"
    );
    let out = foedus(db())
        .args([
            "agreement",
            "list",
            "--in-force",
            "2000-01-01",
            "--party",
            "USA",
        ])
        .output()
        .unwrap();
    assert!(!String::from_utf8(out.stderr).unwrap().contains("note:"));
}
