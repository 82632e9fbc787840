//! `foedus reliability` on the real data (ATOP 5.1, COW states and wars, GML
//! disputes): the verdict table has the columns the record promises, and the rates
//! it prints are those the table implies, recomputed here from the table itself.

use std::collections::BTreeMap;

mod common;
use common::{foedus, imported, stdout};

const SOURCES: [(&str, &str); 5] = [
    ("atop", "atop-5.1"),
    ("cow-states", "cow"),
    ("nmc", "nmc"),
    ("gml-mid", "gml-mid-2.2.1"),
    ("cow-wars", "cow"),
];

const VERDICTS: [&str; 4] = ["honoured", "violated", "not_triggered", "undetermined"];

/// The printed tables, by section title, as group → cells (after the group).
fn sections(text: &str) -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
    let mut out: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    let mut title: Option<String> = None;
    for line in text.lines().skip(1) {
        if line.trim().is_empty() {
            title = None;
            continue;
        }
        let cells: Vec<String> = line
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        match &title {
            None => title = Some(line.split(" (").next().unwrap_or(line).to_string()),
            Some(t) if cells.len() == 7 && cells[0] != "group" && !cells[0].starts_with('-') => {
                out.entry(t.clone())
                    .or_default()
                    .insert(cells[0].clone(), cells[1..].to_vec());
            }
            Some(_) => {}
        }
    }
    out
}

/// `12.3%`, as the table prints a share.
fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn the_verdict_table_has_its_columns_and_agrees_with_the_rates() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir, &SOURCES);
    let csv_path = dir.path().join("verdicts.csv");
    let text = stdout(
        foedus(&db)
            .args(["reliability", "--out"])
            .arg(&csv_path)
            .args(["--top", "5"]),
    );
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    for column in [
        "event",
        "number",
        "date",
        "agreement",
        "obligor",
        "beneficiary",
        "kind",
        "verdict",
        "reason",
    ] {
        assert!(
            header.iter().any(|h| h == column),
            "no {column} in {header:?}"
        );
    }
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (event, date, kind, verdict, reason, obligor, beneficiary) = (
        at("event"),
        at("date"),
        at("kind"),
        at("verdict"),
        at("reason"),
        at("obligor"),
        at("beneficiary"),
    );
    // Counts by group, from the table: [honoured, violated, not_triggered, undetermined].
    let mut by: BTreeMap<(&str, String), [usize; 4]> = BTreeMap::new();
    let mut rows = 0;
    for row in reader.records() {
        let row = row.unwrap();
        rows += 1;
        assert!(
            ["war", "dispute"].contains(&&row[event]),
            "event {}",
            &row[event]
        );
        let v = VERDICTS
            .iter()
            .position(|v| *v == &row[verdict])
            .unwrap_or_else(|| panic!("verdict {}", &row[verdict]));
        assert!(
            !row[reason].is_empty(),
            "a verdict without a reason: {row:?}"
        );
        assert_ne!(row[obligor], row[beneficiary], "{row:?}");
        for c in [obligor, beneficiary] {
            assert!(row[c].parse::<u16>().is_ok(), "COW code {}", &row[c]);
        }
        let year: i16 = row[date][..4].parse().unwrap();
        assert!((1816..=2010).contains(&year), "{}", &row[date]);
        let era = if year < 1945 { "pre-1945" } else { "post-1945" };
        for key in [
            ("all", "all".to_string()),
            ("by obligation kind", row[kind].to_string()),
            ("by era", era.to_string()),
            ("by event", row[event].to_string()),
            ("by kind and era", format!("{} {era}", &row[kind])),
        ] {
            by.entry(key).or_default()[v] += 1;
        }
    }
    assert!(rows > 0, "no verdicts");
    assert!(
        text.starts_with(&format!("{rows} verdicts on ")),
        "{}",
        text.lines().next().unwrap_or("")
    );
    let printed = sections(&text);
    for ((section, group), [h, v, nt, u]) in &by {
        let cells = printed
            .get(*section)
            .and_then(|s| s.get(group))
            .unwrap_or_else(|| panic!("no row {group} under {section} in:\n{text}"));
        assert_eq!(
            cells[..2],
            [h.to_string(), v.to_string()],
            "{section} {group}"
        );
        assert_eq!(
            cells[4..],
            [nt.to_string(), u.to_string()],
            "{section} {group}"
        );
        let rate = if h + v > 0 {
            pct(*h as f64 / (h + v) as f64)
        } else {
            "–".to_string()
        };
        assert_eq!(cells[2], rate, "{section} {group}");
        if h + v > 0 {
            let (low, high) = cells[3].split_once('–').unwrap();
            let share = |s: &str| s.trim_end_matches('%').parse::<f64>().unwrap();
            assert!(
                share(low) <= share(&cells[2]) && share(&cells[2]) <= share(high),
                "{section} {group}: {} outside {}",
                cells[2],
                cells[3]
            );
        }
    }
    // Every printed group (but the top agreements) is one the table implies.
    for (section, groups) in &printed {
        if section.starts_with("by agreement") {
            continue;
        }
        for group in groups.keys() {
            assert!(
                by.contains_key(&(section.as_str(), group.clone())),
                "{section} {group} is printed but not in the table"
            );
        }
    }
}

/// `state show` and `agreement show` give the track records the verdict table
/// implies: the counts of each verdict about the state (as obligor and as
/// beneficiary) and about the agreement, recounted here from the table.
#[foedus_testdata::needs(shared_data)]
#[test]
fn track_records_in_the_views_are_the_verdict_tables_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir, &SOURCES);
    let csv_path = dir.path().join("verdicts.csv");
    stdout(foedus(&db).args(["reliability", "--out"]).arg(&csv_path));
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (agreement, obligor, beneficiary, verdict) = (
        at("agreement"),
        at("obligor"),
        at("beneficiary"),
        at("verdict"),
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let counts = |keep: &dyn Fn(&csv::StringRecord) -> bool| -> [u64; 4] {
        let mut c = [0; 4];
        for r in rows.iter().filter(|r| keep(r)) {
            c[VERDICTS.iter().position(|v| *v == &r[verdict]).unwrap()] += 1;
        }
        c
    };
    let shown =
        |t: &serde_json::Value| -> [u64; 4] { VERDICTS.map(|v| t["all"][v].as_u64().unwrap()) };
    let listed = |t: &serde_json::Value| t["cases"].as_array().unwrap().len() as u64;

    let state: serde_json::Value = serde_json::from_str(&stdout(
        foedus(&db).args(["state", "show", "FRN", "--format", "json"]),
    ))
    .unwrap();
    let own = &state["track_record"]["as_obligor"];
    let expected = counts(&|r| &r[obligor] == "220");
    assert_eq!(shown(own), expected);
    assert!(expected[0] + expected[1] > 0, "France decided no case");
    // The decided cases are listed.
    assert_eq!(listed(own), expected[0] + expected[1]);
    let owed = &state["track_record"]["as_beneficiary"];
    assert_eq!(shown(owed), counts(&|r| &r[beneficiary] == "220"));

    let id = own["cases"][0]["agreement"].as_str().unwrap().to_string();
    let shown_agreement: serde_json::Value = serde_json::from_str(&stdout(foedus(&db).args([
        "agreement",
        "show",
        &id,
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(
        shown(&shown_agreement["track_record"]),
        counts(&|r| r[agreement] == *id)
    );
    // The table view prints the same counts.
    let text = stdout(foedus(&db).args(["agreement", "show", &id]));
    let [h, v, nt, u] = counts(&|r| r[agreement] == *id);
    assert!(
        text.contains(&format!(
            "Track record in wars and disputes: {h} honoured, {v} violated, {nt} not triggered, {u} undetermined"
        )),
        "{text}"
    );
}

/// Empirical honour rates need wars and disputes: without them `simulate` and
/// `reliability` refuse, saying what to import, and print no result.
#[foedus_testdata::needs(shared_data)]
#[test]
fn empirical_rates_without_wars_or_disputes_say_what_to_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = imported(&dir, &SOURCES[..3]);
    for args in [
        &[
            "simulate",
            "--attacker",
            "PRK",
            "--target",
            "ROK",
            "--date",
            "2015-06-01",
            "--honour",
            "empirical",
        ][..],
        &["reliability"][..],
    ] {
        let out = foedus(&db).args(args).output().unwrap();
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(out.stdout.is_empty(), "{args:?} printed a result");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("foedus import gml-mid DIR"), "{args:?}: {err}");
    }
}
