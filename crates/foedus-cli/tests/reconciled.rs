//! One registry on the real data: a treaty several sources record is one
//! agreement with each source's claims; the starter's amendments correct ATOP
//! (names, entry into force, the US suspension toward New Zealand, the 2000
//! Russia–DPRK treaty superseded); search finds treaties by what people call
//! them; panels "as ATOP" keep ATOP's own coding; bad amendments write nothing.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

mod common;
use common::{foedus, stdout};

/// One database with every shared dataset imported, for the read-only tests.
fn db() -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DB.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = common::imported_all(&dir);
        (dir, db)
    })
    .1
}

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout(foedus(db()).args(args))).unwrap()
}

/// The obligations of one kind from `obligor` to `beneficiary` among a casus foederis's findings.
fn owed<'a>(
    v: &'a serde_json::Value,
    group: &str,
    obligor: &str,
    beneficiary: &str,
    kind: &str,
) -> Vec<&'a serde_json::Value> {
    v[group]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["obligor"]["abbrev"] == obligor
                && f["beneficiary"]["abbrev"] == beneficiary
                && f["kind"] == kind
        })
        .collect()
}

/// Ids in a CSV list's first column.
fn ids(csv: &str) -> Vec<String> {
    csv.lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect()
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn a_treaty_two_sources_record_is_listed_and_bound_once() {
    for (party, partner, curated, atop) in [
        ("USA", "JPN", "us-japan-security-treaty-1960", "atop-3375"),
        ("CHN", "PRK", "china-dprk-treaty-1961", "atop-3445"),
    ] {
        let list = stdout(foedus(db()).args([
            "agreement",
            "list",
            "--party",
            party,
            "--partner",
            partner,
            "--format",
            "csv",
        ]));
        let found = ids(&list);
        assert_eq!(found.iter().filter(|i| *i == curated).count(), 1, "{list}");
        assert!(
            !found.iter().any(|i| i == atop),
            "{atop} listed apart: {list}"
        );
        // ATOP's own view still has its record.
        let own = stdout(foedus(db()).args([
            "agreement",
            "list",
            "--source",
            "atop",
            "--party",
            party,
            "--partner",
            partner,
            "--format",
            "csv",
        ]));
        assert!(ids(&own).iter().any(|i| i == atop), "{own}");
    }
    let v = json(&[
        "obligations",
        "--attacker",
        "CHN",
        "--target",
        "JPN",
        "--date",
        "2025-01-01",
        "--format",
        "json",
    ]);
    let us = owed(&v, "act", "USA", "JPN", "defense");
    assert_eq!(us.len(), 1, "{us:?}");
    assert_eq!(us[0]["agreement"]["id"], "us-japan-security-treaty-1960");
    let v = json(&[
        "obligations",
        "--attacker",
        "USA",
        "--target",
        "PRK",
        "--date",
        "2025-01-01",
        "--format",
        "json",
    ]);
    assert_eq!(owed(&v, "act", "CHN", "PRK", "defense").len(), 1);
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn agreement_show_gives_both_sources_claims() {
    let v = json(&["agreement", "show", "atop-3375", "--format", "json"]);
    assert_eq!(v["agreement"]["id"], "us-japan-security-treaty-1960");
    let r = &v["reconciliation"];
    let members: Vec<(&str, &str)> = r["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["id"].as_str().unwrap(), m["source"].as_str().unwrap()))
        .collect();
    assert_eq!(
        members,
        [
            ("us-japan-security-treaty-1960", "starter"),
            ("atop-3375", "atop")
        ]
    );
    let obligations = r["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "obligations")
        .unwrap();
    let atop = obligations["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["source"] == "atop")
        .unwrap();
    assert!(
        atop["value"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o == "USA owes JPN defense"),
        "{atop}"
    );
    // ATOP's entry into force is an inferred claim, kept but not followed.
    let eif = r["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["event"] == "entry into force")
        .unwrap();
    assert_eq!(eif["claims"][0]["provenance"]["inferred"], true, "{eif}");
    let table = stdout(foedus(db()).args(["agreement", "show", "atop-3375"]));
    assert!(
        table.contains("atop-3375 from atop")
            && table.contains("Where the sources differ: obligations"),
        "{table}"
    );
    // A source's own record.
    let own = json(&[
        "agreement",
        "show",
        "us-japan-security-treaty-1960",
        "--source",
        "atop",
        "--format",
        "json",
    ]);
    assert_eq!(own["agreement"]["id"], "atop-3375");
}

/// The date the agreement first entered into force, as the engine replays it.
fn entered_into_force(id: &str) -> String {
    let v = json(&[
        "agreement",
        "show",
        id,
        "--at",
        "2000-01-01",
        "--format",
        "json",
    ]);
    v["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["status"]["status"] == "in_force")
        .map(|t| t["date"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("{id} never in force: {}", v["history"]))
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn the_starter_amendments_correct_atop() {
    assert_eq!(entered_into_force("atop-3215"), "1952-04-29");
    assert_eq!(entered_into_force("atop-3470"), "1963-07-02");
    // ANZUS binds Australia toward New Zealand, not the United States, after the suspension.
    let v = json(&[
        "obligations",
        "--attacker",
        "RUS",
        "--target",
        "NEW",
        "--date",
        "1986-08-20",
        "--format",
        "json",
    ]);
    assert_eq!(
        owed(&v, "act", "AUL", "NEW", "defense").len(),
        1,
        "{}",
        v["act"]
    );
    assert!(
        owed(&v, "act", "USA", "NEW", "defense").is_empty(),
        "{}",
        v["act"]
    );
    let before = json(&[
        "obligations",
        "--attacker",
        "RUS",
        "--target",
        "NEW",
        "--date",
        "1986-08-01",
        "--format",
        "json",
    ]);
    assert_eq!(owed(&before, "act", "USA", "NEW", "defense").len(), 1);
    // The Russia–DPRK treaty of 2000 is not in force in 2025: the 2024 treaty replaced it.
    let list = stdout(foedus(db()).args([
        "agreement",
        "list",
        "--party",
        "RUS",
        "--partner",
        "PRK",
        "--in-force",
        "2025-06-01",
        "--format",
        "csv",
    ]));
    assert!(!ids(&list).contains(&"atop-4940".to_string()), "{list}");
    assert!(
        ids(&list).contains(&"russia-dprk-partnership-treaty-2024".to_string()),
        "{list}"
    );
    let v = json(&[
        "agreement",
        "show",
        "atop-4940",
        "--at",
        "2025-06-01",
        "--format",
        "json",
    ]);
    assert_eq!(
        v["status"]["status"]["status"], "terminated",
        "{}",
        v["status"]
    );
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn named_searches_find_their_treaty_first() {
    for (text, id) in [
        ("ANZUS", "atop-3215"),
        ("NATO", "atop-3180"),
        ("Rio Treaty", "atop-3075"),
        ("Warsaw Pact", "atop-3285"),
        ("SEATO", "atop-3260"),
        ("Locarno", "atop-2130"),
        ("Baghdad Pact", "atop-3275"),
        ("Molotov-Ribbentrop Pact", "atop-2470"),
        ("GSOMIA", "japan-rok-gsomia-2016"),
        ("3215", "atop-3215"),
    ] {
        let v = json(&["search", text, "--format", "json"]);
        assert_eq!(v[0]["id"], id, "{text}: {v}");
    }
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn panels_as_atop_keep_atops_coding_while_a_day_uses_the_registry() {
    // ATOP codes the US defense obligation toward New Zealand through 1986: `--add atop`
    // reproduces ATOP's own files, whatever the starter's amendments say.
    let csv = stdout(foedus(db()).args([
        "panel",
        "dyad-year",
        "--from",
        "1986",
        "--to",
        "1986",
        "--add",
        "atop",
    ]));
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).unwrap();
    let row = csv
        .lines()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|r| r[col("ccode1")] == "2" && r[col("ccode2")] == "920")
        .unwrap();
    assert_eq!(row[col("atop_defense")], "1");
    // One day: the registry's reconciled agreements, the suspension respected.
    let day =
        stdout(foedus(db()).args(["panel", "dyad-year", "--on", "1986-08-20", "--add", "atop"]));
    let header: Vec<&str> = day.lines().next().unwrap().split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).unwrap();
    let get = |a: &str, b: &str| {
        day.lines()
            .map(|l| l.split(',').map(str::to_string).collect::<Vec<_>>())
            .find(|r| r[col("ccode1")] == a && r[col("ccode2")] == b)
            .map(|r| r[col("atop_defense")].clone())
    };
    assert_eq!(get("2", "920").as_deref(), Some("0"));
    assert_eq!(get("900", "920").as_deref(), Some("1"));
}

/// Writes `text` as the amendment `dir/amendments.toml`... and imports the directory.
fn import_amendment(db: &Path, dir: &Path, text: &str) -> assert_cmd::assert::Assert {
    let records = dir.join("mine");
    std::fs::create_dir_all(&records).unwrap();
    std::fs::write(records.join("fix.toml"), text).unwrap();
    foedus(db)
        .args(["import", "records"])
        .arg(&records)
        .assert()
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn a_bad_amendment_is_refused_with_file_line_and_field_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let data = foedus_testdata::shared_data_path();
    let db = dir.path().join("r.sqlite");
    foedus(&db)
        .args(["import", "atop"])
        .arg(data.join("atop-5.1"))
        .assert()
        .success();
    let before = std::fs::read(&db).unwrap();
    let cases = [
        (
            "amends = \"atop-99999\"\n[[names]]\nname = \"X\"\nkind = \"alias\"\ncitation = \"c\"\n[provenance]\nsource = \"me\"\n",
            "fix.toml:1",
            "amends",
        ),
        (
            "amends = \"atop-3215\"\n\n[[events]]\ndate = \"1940-01-01\"\nkind = \"suspension\"\nparty = \"USA\"\ntoward = \"NEW\"\n[provenance]\nsource = \"me\"\n",
            "fix.toml:3",
            "events[0]",
        ),
    ];
    for (text, at, field) in cases {
        let out = import_amendment(&db, dir.path(), text).failure();
        let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(err.contains(at) && err.contains(field), "{err}");
        assert_eq!(std::fs::read(&db).unwrap(), before, "the database changed");
    }
    // The same directory with a good amendment is accepted.
    import_amendment(
        &db,
        dir.path(),
        "amends = \"atop-3215\"\n[[names]]\nname = \"Pacific Pact\"\nkind = \"alias\"\ncitation = \"c\"\n[provenance]\nsource = \"me\"\n",
    )
    .success();
    let v: serde_json::Value = serde_json::from_str(&stdout(foedus(&db).args([
        "search",
        "pacific pact",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(v[0]["id"], "atop-3215");
    // `foedus check` says the same of the bad file before it is imported.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, cases[1].0).unwrap();
    let out = foedus(&db).arg("check").arg(&bad).assert().failure();
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("events[0]"));
}

#[test]
fn amendments_of_a_dataset_not_loaded_wait_and_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fresh.sqlite");
    let sources = stdout(foedus(&db).arg("sources"));
    assert!(
        sources.contains("anzus-1951.toml (starter) amends `atop-3215`: waits for atop"),
        "{sources}"
    );
    let out = foedus(&db)
        .args(["agreement", "show", "atop-3215"])
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        err.contains("atop is not loaded") && err.contains("anzus-1951.toml"),
        "{err}"
    );
}
