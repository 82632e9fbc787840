//! The conflict and geography data end to end: `import all` picks them up, `sources`
//! lists them, a rejected file leaves the database as it was, panels carry them.

use predicates::prelude::*;

mod common;
use common::{data, foedus, imported, stdout};

const HISTORY: [(&str, &str); 7] = [
    ("cow-states", "cow"),
    ("gml-mid", "gml-mid-2.2.1"),
    ("cow-wars", "cow"),
    ("cow-contiguity", "cow"),
    ("capitals", "cow"),
    ("democracy", "democracy"),
    ("rivalries", "rivalries"),
];

#[foedus_testdata::needs(shared_data)]
#[test]
fn sources_list_them_and_a_rejected_file_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir, &HISTORY);
    let sources = stdout(foedus(&db).args(["sources", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&sources).unwrap();
    for (name, _) in HISTORY {
        let s = v
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["source"] == name)
            .unwrap_or_else(|| panic!("{name} missing from {sources}"));
        assert!(s["span"].is_array(), "{name} has no span");
    }
    let bad = dir.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    let text = std::fs::read_to_string(data().join("cow/interstate-war-ddy-4.0.csv")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines[7] = lines[7].replacen(",1,", ",x,", 1);
    std::fs::write(bad.join("interstate-war-ddy-4.0.csv"), lines.join("\n")).unwrap();
    foedus(&db).arg("sources").assert().success();
    let before = std::fs::read(&db).unwrap();
    foedus(&db)
        .args(["import", "cow-wars"])
        .arg(&bad)
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "interstate-war-ddy-4.0.csv:8: column `cowinterongoing`: found `x`",
        ));
    assert!(
        std::fs::read(&db).unwrap() == before,
        "the database changed"
    );
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn panels_carry_disputes_on_the_year_and_on_the_day() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir, &HISTORY);
    let csv = stdout(foedus(&db).args([
        "panel",
        "dyad-year",
        "--from",
        "1914",
        "--to",
        "1914",
        "--add",
        "gml_mids,cow_wars,contiguity,capital_distance,democracy,rivalries,peace_years",
    ]));
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let mut unique = header.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        header.len(),
        "duplicate column names: {header:?}"
    );
    let row = |a: &str, b: &str| -> Vec<String> {
        let line = csv
            .lines()
            .find(|l| l.starts_with(&format!("{a},{b},1914,")))
            .unwrap();
        line.split(',').map(str::to_string).collect()
    };
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    // The United Kingdom and Germany in 1914: dispute 257 (the First World War,
    // GML MID 2.2.1) and COW war 106 begin.
    let uk_de = row("200", "255");
    assert_eq!(uk_de[col("gmlmidonset")], "1");
    assert_eq!(uk_de[col("dispnum")], "257");
    assert_eq!(uk_de[col("cowinteronset")], "1");
    assert_eq!(uk_de[col("warnum")], "106");
    // GML codes the United Kingdom's entry from 26 July 1914 and Germany's from 25 July.
    let day = |date: &str| {
        let out = stdout(foedus(&db).args(["panel", "dyad-year", "--on", date]));
        let header: Vec<String> = out
            .lines()
            .next()
            .unwrap()
            .split(',')
            .map(str::to_string)
            .collect();
        let i = header.iter().position(|h| h == "gmlmidonset").unwrap();
        let j = header.iter().position(|h| h == "gmlmidongoing").unwrap();
        let line = out
            .lines()
            .find(|l| l.starts_with("200,255,"))
            .unwrap()
            .to_string();
        let f: Vec<&str> = line.split(',').collect();
        (f[j].to_string(), f[i].to_string())
    };
    assert_eq!(day("1914-07-25"), ("0".into(), "0".into()));
    assert_eq!(day("1914-07-26"), ("1".into(), "1".into()));
    assert_eq!(day("1914-08-04"), ("1".into(), "0".into()));
    // After GML's last year the day panel says it does not know.
    assert_eq!(day("2015-06-01"), ("".into(), "".into()));
}
