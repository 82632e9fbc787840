//! foedus against the NumPy/SciPy peer (peers/similarity.py) on the real data:
//! every measure, every dyad-year of 1914, 1960 and 2000, to 1e-9.
//!
//! Needs ../shared/data and python3 with NumPy and SciPy (`#[needs]`): without
//! them the test is reported as ignored, with the reason.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use foedus_dataset::RecordBatch;
use foedus_dataset::arrow_array::{Array, Float64Array, Int32Array};
use foedus_domain::state::System;
use foedus_panel::PanelOptions;
use foedus_similarity::{Measure, Portfolio, SimilarityOptions, inputs, similarity};
use foedus_testdata::{alliance_registry, workspace_root};

const YEARS: [i32; 3] = [1914, 1960, 2000];

fn write_csv(path: &Path, batch: &RecordBatch) {
    foedus_dataset::write(path, batch.schema(), std::slice::from_ref(batch)).unwrap();
}

fn run_peer(dir: &Path, out: &Path, portfolio: &str, years: &str) {
    let status = Command::new("python3")
        .arg(workspace_root().join("peers/similarity.py"))
        .args([dir.as_os_str(), out.as_os_str()])
        .args(["--years", years, "--portfolio", portfolio])
        .status()
        .expect("python3 runs");
    assert!(status.success(), "peers/similarity.py failed");
}

/// (year, ccode1, ccode2) → the eleven measures (None: missing), from the peer's CSV.
type Values = HashMap<(i32, i32, i32), Vec<Option<f64>>>;

fn read_peer(path: &Path) -> Values {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let names: Vec<&str> = Measure::ALL.iter().map(|m| m.name()).collect();
    assert_eq!(
        &header[3..],
        &names[..],
        "the peer writes the measures in order"
    );
    lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let key = (
                f[0].parse().unwrap(),
                f[1].parse().unwrap(),
                f[2].parse().unwrap(),
            );
            let v = f[3..]
                .iter()
                .map(|x| (!x.is_empty()).then(|| x.parse::<f64>().unwrap()))
                .collect();
            (key, v)
        })
        .collect()
}

fn read_foedus(batch: &RecordBatch, measures: &[Measure]) -> Values {
    let int = |n: &str| {
        batch
            .column_by_name(n)
            .unwrap()
            .as_any()
            .downcast_ref::<Int32Array>()
            .unwrap()
            .clone()
    };
    let (c1, c2, y) = (int("ccode1"), int("ccode2"), int("year"));
    let cols: Vec<Float64Array> = measures
        .iter()
        .map(|m| {
            batch
                .column_by_name(m.name())
                .unwrap()
                .as_any()
                .downcast_ref::<Float64Array>()
                .unwrap()
                .clone()
        })
        .collect();
    (0..batch.num_rows())
        .filter(|&r| YEARS.contains(&y.value(r)))
        .map(|r| {
            (
                (y.value(r), c1.value(r), c2.value(r)),
                cols.iter()
                    .map(|c| c.is_valid(r).then(|| c.value(r)))
                    .collect(),
            )
        })
        .collect()
}

/// Compares every foedus row with the peer's; returns the rows compared.
fn compare(ours: &Values, peer: &Values, measures: &[Measure]) -> usize {
    let mut worst = vec![0.0f64; measures.len()];
    for (key, mine) in ours {
        let theirs = peer
            .get(key)
            .unwrap_or_else(|| panic!("the peer has no dyad-year {key:?}"));
        for (k, m) in measures.iter().enumerate() {
            let theirs = theirs[*m as usize];
            match (mine[k], theirs) {
                (Some(a), Some(b)) => {
                    let d = (a - b).abs();
                    assert!(d <= 1e-9, "{} {key:?}: foedus {a}, peer {b}", m.name());
                    worst[k] = worst[k].max(d);
                }
                (None, None) => {}
                (a, b) => panic!("{} {key:?}: foedus {a:?}, peer {b:?}", m.name()),
            }
        }
    }
    for (m, w) in measures.iter().zip(&worst) {
        eprintln!("{:>9}: largest difference {w:.1e}", m.name());
    }
    ours.len()
}

#[foedus_testdata::needs(shared_data, python = "numpy, scipy")]
#[test]
fn foedus_agrees_with_the_numpy_scipy_peer() {
    let r = alliance_registry();
    let dir = tempfile::tempdir().unwrap();
    let panel = PanelOptions {
        system: System::Cow,
        microstates: false,
        from: 1914,
        to: 2000,
        directed: false,
        ..PanelOptions::default()
    };
    let inp = inputs(&r, &panel).unwrap();
    write_csv(&dir.path().join("members.csv"), &inp.members);
    write_csv(&dir.path().join("obligations.csv"), &inp.obligations);

    // The default: portfolios of what each state owes, ATOP's levels, all eleven measures.
    let options = SimilarityOptions {
        panel: panel.clone(),
        ..SimilarityOptions::default()
    };
    let ours = read_foedus(
        &similarity(&r, &options).unwrap().to_record_batch().unwrap(),
        &Measure::ALL,
    );
    let out = dir.path().join("peer.csv");
    run_peer(dir.path(), &out, "owed", "1914,1960,2000");
    let peer = read_peer(&out);
    let n = compare(&ours, &peer, &Measure::ALL);
    eprintln!("{n} dyad-years agree (the peer has {})", peer.len());
    // Every pair of members is a dyad unless the two never shared a day (false dyads).
    assert!(
        n > 20_000 && n <= peer.len() && peer.len() - n < 100,
        "{n} of {}",
        peer.len()
    );
    // Real variation, not a column of constants.
    let distinct: std::collections::HashSet<u64> = ours
        .values()
        .filter_map(|v| v[10])
        .map(f64::to_bits)
        .collect();
    assert!(distinct.len() > 100);

    // The other portfolio: ties in either direction.
    let options = SimilarityOptions {
        panel,
        portfolio: Portfolio::Either,
        ..SimilarityOptions::default()
    };
    let ours = read_foedus(
        &similarity(&r, &options).unwrap().to_record_batch().unwrap(),
        &Measure::ALL,
    );
    run_peer(dir.path(), &out, "either", "1914,1960,2000");
    compare(&ours, &read_peer(&out), &Measure::ALL);
}
