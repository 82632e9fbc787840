//! Panels on the real datasets in ../shared/data: state systems day by day, and
//! ATOP's directed dyad-years reproduced exactly from the registry's obligations.
//! Every test needs the data (`#[needs]`): without it, it is reported as ignored.

use std::collections::{BTreeMap, BTreeSet};

use foedus_dataset::arrow_array::{Array, Int32Array};
use foedus_domain::state::System;
use foedus_import::Source;
use foedus_panel::alliance::{AllianceYears, OBLIGATIONS};
use foedus_panel::{DyadYears, PanelOptions, create_dyad_years, create_state_years};
use foedus_testdata::{registry, shared_data_path};
use jiff::civil::Date;

/// A column's values (dictionary columns through their keys), none missing.
fn ints(b: &foedus_dataset::RecordBatch, name: &str) -> Vec<i32> {
    let plain = foedus_dataset::plain(b.column_by_name(name).unwrap()).unwrap();
    let a = plain.as_any().downcast_ref::<Int32Array>().unwrap();
    assert_eq!(a.null_count(), 0, "{name} has missing values");
    a.values().to_vec()
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn cow_state_years_equal_the_yearly_system_file() {
    let r = registry(&[(Source::CowStates, "cow")]);
    let p = create_state_years(
        &r,
        &PanelOptions {
            from: 1816,
            to: 2016,
            ..PanelOptions::default()
        },
    )
    .unwrap();
    let b = p.to_record_batch().unwrap();
    let ours: BTreeSet<(i32, i32)> = ints(&b, "ccode")
        .into_iter()
        .zip(ints(&b, "year"))
        .collect();
    let text = std::fs::read_to_string(shared_data_path().join("cow/system2016.csv")).unwrap();
    let theirs: BTreeSet<(i32, i32)> = text
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.trim_end_matches('\r').split(',').collect();
            (f[1].parse().unwrap(), f[2].parse().unwrap())
        })
        .collect();
    assert_eq!(ours.len(), 15_951);
    assert_eq!(ours, theirs);
}

/// Every dyad of a G-W panel year is a pair of states that were members on a common
/// day, and every such pair is in the panel (checked day by day against the file).
#[foedus_testdata::needs(shared_data)]
#[test]
fn gw_dyads_agree_with_the_file_day_by_day() {
    let r = registry(&[(Source::Gw, "gw")]);
    let text = std::fs::read_to_string(shared_data_path().join("gw/gwstates.csv")).unwrap();
    // (code, start, end, microstate) straight from the file.
    let spells: Vec<(i32, Date, Date, bool)> = text
        .lines()
        .skip(1)
        .map(|l| {
            let l = l.trim_end_matches('\r');
            let code: i32 = l[..l.find(',').unwrap()].parse().unwrap();
            let dates: Vec<&str> = l
                .split(',')
                .filter(|f| f.starts_with("\"1") || f.starts_with("\"2") || f.starts_with("\"9"))
                .collect();
            let d = |s: &str| s.trim_matches('"').parse::<Date>().unwrap();
            (
                code,
                d(dates[dates.len() - 2]),
                d(dates[dates.len() - 1]),
                l.ends_with("TRUE"),
            )
        })
        .collect();
    for year in [1816, 1860, 1918, 1945, 1990, 1991, 2006] {
        let p = create_dyad_years(
            &r,
            &PanelOptions {
                system: System::Gw,
                from: year,
                to: year,
                directed: false,
                microstates: true,
                ..PanelOptions::default()
            },
        )
        .unwrap();
        let b = p.to_record_batch().unwrap();
        let ours: BTreeSet<(i32, i32)> = ints(&b, "gwcode1")
            .into_iter()
            .zip(ints(&b, "gwcode2"))
            .collect();
        let mut members: BTreeMap<i32, BTreeSet<Date>> = BTreeMap::new();
        let mut d = Date::new(year, 1, 1).unwrap();
        while d.year() == year {
            for &(code, s, e, _) in &spells {
                if s <= d && d <= e {
                    members.entry(code).or_default().insert(d);
                }
            }
            d = d.tomorrow().unwrap();
        }
        let codes: Vec<i32> = members.keys().copied().collect();
        let mut theirs = BTreeSet::new();
        for (i, a) in codes.iter().enumerate() {
            for c in &codes[i + 1..] {
                if !members[a].is_disjoint(&members[c]) {
                    theirs.insert((*a, *c));
                }
            }
        }
        assert_eq!(ours, theirs, "G-W dyads in {year}");
    }
}

/// The reference: ATOP 5.1's directed dyad-year file as peacesciencer distributes it.
#[foedus_testdata::needs(shared_data)]
#[test]
fn atop_directed_dyad_years_reproduce_the_reference_exactly() {
    let r = registry(&[(Source::Atop, "atop-5.1")]);
    let built = AllianceYears::build(&r).unwrap().directed_rows();
    let text =
        std::fs::read_to_string(shared_data_path().join("atop-5.1/reference-ddyr.csv")).unwrap();
    let mut reference: Vec<(u16, u16, i16, u8)> = Vec::with_capacity(273_296);
    for line in text.lines().skip(1) {
        let f: Vec<i64> = line
            .trim_end_matches('\r')
            .split(',')
            .map(|x| x.trim_matches('"').parse().unwrap())
            .collect();
        let bits =
            OBLIGATIONS.iter().enumerate().fold(
                0u8,
                |acc, (k, (_, bit, _))| if f[3 + k] == 1 { acc | bit } else { acc },
            );
        reference.push((f[0] as u16, f[1] as u16, f[2] as i16, bits));
    }
    reference.sort_unstable();
    assert_eq!(reference.len(), 273_296);
    let ours: BTreeMap<(u16, u16, i16), u8> =
        built.iter().map(|&(a, b, y, v)| ((a, b, y), v)).collect();
    let theirs: BTreeMap<(u16, u16, i16), u8> = reference
        .iter()
        .map(|&(a, b, y, v)| ((a, b, y), v))
        .collect();
    let mut diffs = Vec::new();
    for (k, v) in &theirs {
        match ours.get(k) {
            None => diffs.push(format!("missing {k:?}: reference {v:05b}")),
            Some(o) if o != v => {
                diffs.push(format!("differs {k:?}: ours {o:05b}, reference {v:05b}"))
            }
            _ => {}
        }
    }
    for (k, v) in &ours {
        if !theirs.contains_key(k) {
            diffs.push(format!("extra {k:?}: ours {v:05b}"));
        }
    }
    assert!(
        diffs.is_empty(),
        "{} differing rows (bits: consul nonagg neutral offense defense):\n{}",
        diffs.len(),
        diffs.join("\n")
    );
    assert_eq!(ours.len(), 273_296);

    // The panel's ATOP columns, built straight from each alliance's dyad-years,
    // agree with the reference on every directed COW dyad-year.
    let r = registry(&[(Source::Atop, "atop-5.1"), (Source::CowStates, "cow")]);
    let mut panel = create_dyad_years(&r, &PanelOptions::default()).unwrap();
    panel.add(&r, &foedus_panel::vars::Atop).unwrap();
    let b = panel.to_record_batch().unwrap();
    let keys = ["ccode1", "ccode2", "year"].map(|n| ints(&b, n));
    let values: Vec<Vec<i32>> = std::iter::once("atop_alliance")
        .chain(OBLIGATIONS.iter().map(|(_, _, name)| *name))
        .map(|n| ints(&b, n))
        .collect();
    let mut wrong = Vec::new();
    for row in 0..b.num_rows() {
        let key = (
            keys[0][row] as u16,
            keys[1][row] as u16,
            keys[2][row] as i16,
        );
        let expected: Vec<i32> = match theirs.get(&key) {
            Some(bits) => std::iter::once(1)
                .chain(
                    OBLIGATIONS
                        .iter()
                        .map(|(_, bit, _)| i32::from(bits & bit != 0)),
                )
                .collect(),
            None => vec![0; 6],
        };
        let got: Vec<i32> = values.iter().map(|v| v[row]).collect();
        if got != expected {
            wrong.push(format!("{key:?}: panel {got:?}, reference {expected:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} panel rows differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// The directed COW dyad-years of `from`–`to` with ATOP, major powers and NMC added.
fn dyad_years_with_variables(
    r: &foedus_domain::registry::Registry,
    from: i16,
    to: i16,
) -> DyadYears {
    let options = PanelOptions {
        from,
        to,
        ..PanelOptions::default()
    };
    let mut panel = create_dyad_years(r, &options).unwrap();
    panel.add(r, &foedus_panel::vars::Atop).unwrap();
    panel.add(r, &foedus_panel::vars::Majors).unwrap();
    panel.add(r, &foedus_panel::vars::Nmc).unwrap();
    panel
}

/// `cowmaj1` and `cowmaj2` say, on every directed dyad-year, whether each state
/// was a major power on some day of the year by COW's file.
#[foedus_testdata::needs(shared_data)]
#[test]
fn major_powers_on_every_dyad_year_follow_the_cow_file() {
    let (r, data) = (foedus_testdata::alliance_registry(), shared_data_path());
    let text = std::fs::read_to_string(data.join("cow/majors2016.csv")).unwrap();
    let mut majors: BTreeSet<(i32, i32)> = BTreeSet::new();
    for line in text.lines().skip(1) {
        let f: Vec<i32> = line
            .split(',')
            .skip(1)
            .take(7)
            .map(|x| x.parse().unwrap())
            .collect();
        majors.extend((f[1]..=f[4]).map(|year| (f[0], year)));
    }
    let panel = dyad_years_with_variables(&r, 1816, 2016);
    let batch = panel.to_record_batch().unwrap();
    let (c1, c2, year) = (
        ints(&batch, "ccode1"),
        ints(&batch, "ccode2"),
        ints(&batch, "year"),
    );
    let (m1, m2) = (ints(&batch, "cowmaj1"), ints(&batch, "cowmaj2"));
    let mut wrong = Vec::new();
    for row in 0..batch.num_rows() {
        let expected = |c: i32| i32::from(majors.contains(&(c, year[row])));
        if (m1[row], m2[row]) != (expected(c1[row]), expected(c2[row])) {
            wrong.push((c1[row], c2[row], year[row], m1[row], m2[row]));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} rows differ, first: {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(10)]
    );
    // Directed: as many rows with a major power first as second, and many of them.
    let count = |m: &[i32]| m.iter().filter(|&&x| x == 1).count();
    assert_eq!(count(&m1), count(&m2));
    assert!(
        count(&m1) > 50_000,
        "{} rows with a major power first",
        count(&m1)
    );
}

/// A panel of many chunks (each chunk's columns computed while the one before is
/// encoded) is written in row order: the stream and the file both equal the whole
/// panel written at once.
#[foedus_testdata::needs(shared_data)]
#[test]
fn a_panel_of_many_chunks_is_written_in_row_order() {
    let r = foedus_testdata::alliance_registry();
    let panel = dyad_years_with_variables(&r, 1990, 2000);
    assert!(
        panel.len() > 3 * foedus_panel::CHUNK,
        "{} rows: the test needs several chunks",
        panel.len()
    );

    let mut streamed = Vec::new();
    panel
        .write_to(&mut streamed, foedus_dataset::Format::Csv)
        .unwrap();
    let whole = panel.to_record_batch().unwrap();
    let mut at_once = Vec::new();
    foedus_dataset::write_to(
        &mut at_once,
        foedus_dataset::Format::Csv,
        whole.schema(),
        std::slice::from_ref(&whole),
        "test",
    )
    .unwrap();
    assert_eq!(streamed.len(), at_once.len());
    assert!(
        streamed == at_once,
        "the chunked stream differs from the whole panel"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.csv");
    panel.write(&file).unwrap();
    assert!(
        std::fs::read(&file).unwrap() == at_once,
        "the chunked file differs from the whole panel"
    );
    // A stream the writer keeps (stdout) is written by a thread of its own.
    let kept = Shared::default();
    panel
        .write_to_owned(kept.clone(), foedus_dataset::Format::Csv)
        .unwrap();
    assert!(
        *kept.0.lock().unwrap() == at_once,
        "the stream written by its own thread differs from the whole panel"
    );
}

/// A writer whose bytes the test reads after handing it over.
#[derive(Clone, Default)]
struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Parquet written by foedus' own encoder opens in another reader, pyarrow, with
/// the values of the same panel written as CSV.
#[foedus_testdata::needs(shared_data, python = "pyarrow")]
#[test]
fn a_parquet_panel_reads_in_pyarrow_as_its_csv() {
    let r = foedus_testdata::alliance_registry();
    let panel = dyad_years_with_variables(&r, 1985, 2000);
    let dir = tempfile::tempdir().unwrap();
    let (parquet, csv) = (dir.path().join("p.parquet"), dir.path().join("p.csv"));
    panel.write(&parquet).unwrap();
    panel.write(&csv).unwrap();
    let script = r#"
import sys
import pyarrow.csv as pc
import pyarrow.parquet as pq
p, c = pq.read_table(sys.argv[1]), pc.read_csv(sys.argv[2])
assert p.column_names == c.column_names, (p.column_names, c.column_names)
assert p.num_rows == c.num_rows > 0, (p.num_rows, c.num_rows)
for name in p.column_names:
    a, b = p[name].to_pylist(), c[name].to_pylist()
    bad = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    assert not bad, f"{name}: row {bad[0]}: parquet {a[bad[0]]}, csv {b[bad[0]]}"
print(p.num_rows)
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&parquet)
        .arg(&csv)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pyarrow: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        panel.len().to_string()
    );
}
