//! The conflict and geography variables on the real datasets, checked against the
//! source files read independently here: contiguity, capital distance (with its own
//! formula), democracy scores for sampled dyad-years, and dispute onsets per year as
//! the directed dispute-year file implies them.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use foedus_dataset::RecordBatch;
use foedus_dataset::arrow_array::{Array, Float64Array, Int32Array};
use foedus_import::Source;
use foedus_panel::{PanelOptions, create_dyad_years, create_state_years, vars};
use foedus_testdata::{registry, shared_data_path};

fn plain(b: &RecordBatch, name: &str) -> std::sync::Arc<dyn Array> {
    foedus_dataset::plain(
        b.column_by_name(name)
            .unwrap_or_else(|| panic!("no column {name}")),
    )
    .unwrap()
}

fn ints(b: &RecordBatch, name: &str) -> Vec<Option<i32>> {
    let a = plain(b, name);
    let a = a.as_any().downcast_ref::<Int32Array>().unwrap();
    a.iter().collect()
}

fn floats(b: &RecordBatch, name: &str) -> Vec<Option<f64>> {
    let a = plain(b, name);
    let a = a.as_any().downcast_ref::<Float64Array>().unwrap();
    a.iter().collect()
}

/// The rows of a CSV file as maps from column to text.
fn rows(file: &str) -> Vec<HashMap<String, String>> {
    let path = shared_data_path().join(file);
    let mut r = csv::Reader::from_path(Path::new(&path)).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(str::to_string))
                .collect()
        })
        .collect()
}

fn num(r: &HashMap<String, String>, k: &str) -> i64 {
    r[k].parse().unwrap_or_else(|_| panic!("{k} = {}", r[k]))
}

fn year_of(date: &str) -> i64 {
    date[..4].parse().unwrap()
}

/// A directed COW dyad-year panel with one source's variables added.
fn panel(source: (Source, &str), add: &str, from: i16, to: i16, directed: bool) -> RecordBatch {
    let r = registry(&[(Source::CowStates, "cow"), source]);
    let options = PanelOptions {
        from,
        to,
        directed,
        ..PanelOptions::default()
    };
    let mut p = create_dyad_years(&r, &options).unwrap();
    p.add(&r, vars::builtin(add).unwrap().as_ref()).unwrap();
    p.to_record_batch().unwrap()
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn contiguity_of_sampled_dyad_years_as_the_file_says() {
    let b = panel(
        (Source::CowContiguity, "cow"),
        "contiguity",
        1816,
        2016,
        true,
    );
    // The closest contiguity of the spells covering each year, spells of none left out.
    let mut closest: HashMap<(i64, i64, i64), i64> = HashMap::new();
    for r in rows("cow/contiguity-direct-3.2.csv") {
        let t = num(&r, "conttype");
        if t == 0 {
            continue;
        }
        let (a, c) = (num(&r, "ccode1"), num(&r, "ccode2"));
        for y in year_of(&r["stdate"])..=year_of(&r["enddate"]) {
            for key in [(a, c, y), (c, a, y)] {
                let e = closest.entry(key).or_insert(t);
                *e = (*e).min(t);
            }
        }
    }
    let (c1, c2, year, t) = (
        ints(&b, "ccode1"),
        ints(&b, "ccode2"),
        ints(&b, "year"),
        ints(&b, "conttype"),
    );
    let mut contiguous = 0;
    for i in (0..b.num_rows()).step_by(37) {
        let key = (
            c1[i].unwrap() as i64,
            c2[i].unwrap() as i64,
            year[i].unwrap() as i64,
        );
        let expected = closest.get(&key).copied().unwrap_or(0);
        assert_eq!(t[i].map(i64::from), Some(expected), "{key:?}");
        contiguous += usize::from(expected > 0);
    }
    assert!(
        contiguous > 100,
        "the sample holds contiguous dyads ({contiguous})"
    );
}

/// Haversine distance on the same sphere: a second formula, not the library's.
fn haversine_km(lat1: f64, lng1: f64, lat2: f64, lng2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let (dp, dl) = ((lat2 - lat1).to_radians(), (lng2 - lng1).to_radians());
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6378.137 * h.sqrt().asin()
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn capital_distance_of_sampled_dyad_years_computed_here() {
    let b = panel(
        (Source::Capitals, "cow"),
        "capital_distance",
        1816,
        2016,
        true,
    );
    let capitals = rows("cow/capitals.csv");
    // Each state's first capital (in the file's order) whose years include the year.
    let capital = |c: i64, y: i64| -> Option<(f64, f64)> {
        capitals
            .iter()
            .find(|r| {
                num(r, "ccode") == c && year_of(&r["stdate"]) <= y && y <= year_of(&r["enddate"])
            })
            .map(|r| (r["lat"].parse().unwrap(), r["lng"].parse().unwrap()))
    };
    let (c1, c2, year, d) = (
        ints(&b, "ccode1"),
        ints(&b, "ccode2"),
        ints(&b, "year"),
        floats(&b, "capdist"),
    );
    for i in (0..b.num_rows()).step_by(1999) {
        let (a, c, y) = (
            c1[i].unwrap() as i64,
            c2[i].unwrap() as i64,
            year[i].unwrap() as i64,
        );
        let expected = match (capital(a, y), capital(c, y)) {
            (Some((la, lo)), Some((lb, lob))) => Some(haversine_km(la, lo, lb, lob)),
            _ => None,
        };
        match (d[i], expected) {
            (Some(x), Some(e)) => assert!((x - e).abs() < 1e-6, "{a} {c} {y}: {x} vs {e}"),
            (x, e) => assert_eq!(x, e, "{a} {c} {y}"),
        }
    }
    // Washington to London, a distance everyone can check (about 5,900 km).
    let i = (0..b.num_rows())
        .find(|&i| c1[i] == Some(2) && c2[i] == Some(200) && year[i] == Some(1950))
        .unwrap();
    assert!((5_850.0..5_950.0).contains(&d[i].unwrap()), "{:?}", d[i]);
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn democracy_of_sampled_dyad_years_as_the_file_says() {
    let b = panel(
        (Source::Democracy, "democracy"),
        "democracy",
        1816,
        2016,
        true,
    );
    let mut scores: HashMap<(i64, i64), HashMap<String, String>> = HashMap::new();
    for r in rows("democracy/ccode-democracy.csv") {
        scores.insert((num(&r, "ccode"), num(&r, "year")), r);
    }
    let (c1, c2, year) = (ints(&b, "ccode1"), ints(&b, "ccode2"), ints(&b, "year"));
    let mut present = 0;
    for (measure, column) in [
        ("v2x_polyarchy", "v2x_polyarchy"),
        ("polity2", "polity2"),
        ("xm_qudsest", "xm_qudsest"),
    ] {
        for (side, codes) in [("1", &c1), ("2", &c2)] {
            let values = floats(&b, &format!("{column}{side}"));
            for i in (0..b.num_rows()).step_by(1013) {
                let key = (codes[i].unwrap() as i64, year[i].unwrap() as i64);
                let expected = scores.get(&key).and_then(|r| {
                    (!r[measure].is_empty()).then(|| r[measure].parse::<f64>().unwrap())
                });
                assert_eq!(values[i], expected, "{measure}{side} {key:?}");
                present += usize::from(expected.is_some());
            }
        }
    }
    assert!(present > 1000, "{present}");
}

/// Per year, the directed dyad-years with a dispute onset and with one ongoing.
type PerYear = BTreeMap<i64, (usize, usize)>;

#[foedus_testdata::needs(shared_data)]
#[test]
fn dispute_onsets_per_year_as_the_directed_dispute_year_file_implies() {
    for directed in [true, false] {
        let b = panel(
            (Source::GmlMid, "gml-mid-2.2.1"),
            "gml_mids",
            1816,
            2016,
            directed,
        );
        let (c1, c2, year) = (ints(&b, "ccode1"), ints(&b, "ccode2"), ints(&b, "year"));
        let (onset, ongoing) = (ints(&b, "gmlmidonset"), ints(&b, "gmlmidongoing"));
        let in_panel: HashSet<(i64, i64, i64)> = (0..b.num_rows())
            .map(|i| {
                (
                    c1[i].unwrap() as i64,
                    c2[i].unwrap() as i64,
                    year[i].unwrap() as i64,
                )
            })
            .collect();
        let mut ours = PerYear::new();
        for i in 0..b.num_rows() {
            let y = year[i].unwrap() as i64;
            if y > 2010 {
                assert_eq!(
                    (onset[i], ongoing[i]),
                    (None, None),
                    "missing after GML's years"
                );
                continue;
            }
            let e = ours.entry(y).or_default();
            e.0 += onset[i].unwrap() as usize;
            e.1 += ongoing[i].unwrap() as usize;
        }
        // The file: a dyad-year has an onset if any of its dispute-years is one.
        let mut dyad_years: HashMap<(i64, i64, i64), bool> = HashMap::new();
        for r in rows("gml-mid-2.2.1/gml-dirdisp-2.2.1.csv") {
            let (a, c, y) = (num(&r, "ccode1"), num(&r, "ccode2"), num(&r, "year"));
            if !directed && a > c {
                continue;
            }
            *dyad_years.entry((a, c, y)).or_default() |= r["midonset"] == "1";
        }
        let mut theirs = PerYear::new();
        for y in 1816..=2010 {
            theirs.insert(y, (0, 0));
        }
        let mut outside = 0;
        for (key, is_onset) in &dyad_years {
            if !in_panel.contains(key) {
                outside += 1;
                continue;
            }
            let e = theirs.get_mut(&key.2).unwrap();
            e.0 += usize::from(*is_onset);
            e.1 += 1;
        }
        let ours: PerYear = ours.into_iter().filter(|(y, _)| *y <= 2010).collect();
        let theirs: PerYear = theirs
            .into_iter()
            .filter(|(y, _)| ours.contains_key(y))
            .collect();
        assert_eq!(ours, theirs, "directed: {directed}");
        // Dispute dyad-years whose states are not both COW members that year are few.
        assert!(
            outside < 50,
            "{outside} dispute dyad-years outside the panel"
        );
    }
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn state_year_onsets_as_the_participant_file_implies() {
    let r = registry(&[
        (Source::CowStates, "cow"),
        (Source::GmlMid, "gml-mid-2.2.1"),
    ]);
    let options = PanelOptions {
        from: 1816,
        to: 2010,
        ..PanelOptions::default()
    };
    let mut p = create_state_years(&r, &options).unwrap();
    p.add(&r, &vars::GmlMids).unwrap();
    let b = p.to_record_batch().unwrap();
    let mut onsets: HashSet<(i64, i64)> = HashSet::new();
    for row in rows("gml-mid-2.2.1/gml-participants-2.2.1.csv") {
        onsets.insert((num(&row, "ccode"), num(&row, "styear")));
    }
    let (c, year, onset) = (ints(&b, "ccode"), ints(&b, "year"), ints(&b, "gmlmidonset"));
    for i in 0..b.num_rows() {
        let key = (c[i].unwrap() as i64, year[i].unwrap() as i64);
        assert_eq!(onset[i], Some(i32::from(onsets.contains(&key))), "{key:?}");
    }
}
