//! Alliance networks on the real data (../shared/data): the published check
//! points, the Cold War blocs, and every figure against python-igraph
//! (peers/network.py) on the same graphs.
//!
//! Every test needs the data, and the igraph comparison python3 with
//! python-igraph (`#[needs]`): without them a test is reported as ignored.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use foedus_domain::registry::Registry;
use foedus_import::Source;
use foedus_network::{BlocOptions, NetworkOptions, Ties, blocs, export, metrics, networks};
use foedus_testdata::{shared_data_path, workspace_root};

/// A registry holding COW states and ATOP, as the store would load it.
fn registry() -> Registry {
    foedus_testdata::registry(&[(Source::CowStates, "cow"), (Source::Atop, "atop-5.1")])
}

fn options(from: i16, to: i16, ties: Ties) -> NetworkOptions {
    NetworkOptions {
        from,
        to,
        ties,
        ..NetworkOptions::default()
    }
}

/// Undirected defense pairs among the year's COW members in ATOP's own directed dyad-year file.
fn reference_defense_pairs(year: i32) -> usize {
    let dir = shared_data_path();
    let members: HashSet<i32> = std::fs::read_to_string(dir.join("cow/system2016.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.trim_end().split(',').collect();
            (f[2].parse::<i32>().ok() == Some(year)).then(|| f[1].parse().unwrap())
        })
        .collect();
    let text = std::fs::read_to_string(dir.join("atop-5.1/reference-ddyr.csv")).unwrap();
    let mut pairs = HashSet::new();
    for l in text.lines().skip(1) {
        let f: Vec<i32> = l
            .split(',')
            .map(|x| x.trim_matches('"').parse().unwrap())
            .collect();
        if f[2] == year && f[3] == 1 && members.contains(&f[0]) && members.contains(&f[1]) {
            pairs.insert((f[0].min(f[1]), f[0].max(f[1])));
        }
    }
    pairs.len()
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn defense_ties_at_the_published_check_points() {
    let r = registry();
    let g = networks(&r, &options(1900, 2000, Ties::Defense)).unwrap();
    let m = metrics(&g);
    let ties = |y: i16| m.years.iter().find(|x| x.year == y).unwrap().ties;
    // Li et al. (2017): 8 defense-pact ties in 1900.
    assert_eq!(ties(1900), 8);
    // About 1,115 in 2000 (Li et al.); ATOP 5.1's own dyad-year file gives the figure we must match.
    let reference = reference_defense_pairs(2000);
    assert_eq!(ties(2000), reference);
    assert!(
        (ties(2000) as f64 - 1115.0).abs() / 1115.0 < 0.02,
        "{}",
        ties(2000)
    );
    eprintln!(
        "defense ties: 1900 {}, 2000 {} (ATOP 5.1 reference {reference})",
        ties(1900),
        ties(2000)
    );
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn the_cold_war_blocs_are_there_1955_to_1990() {
    let r = registry();
    let g = networks(&r, &options(1955, 1990, Ties::Defense)).unwrap();
    let m = metrics(&g);
    let b = blocs(&g, &m, &BlocOptions::default());
    let lasting = |code: u16| {
        b.blocs
            .iter()
            .find(|x| x.first == 1955 && x.last == 1990 && x.core.contains(&code))
            .unwrap_or_else(|| panic!("no bloc through 1955–1990 with {code} at its core"))
    };
    let west = lasting(2); // USA
    let east = lasting(365); // USSR
    assert_ne!(west.id, east.id);
    for c in [200, 220, 260, 325] {
        assert!(
            west.core.contains(&c),
            "NATO member {c} in the western bloc"
        );
    }
    for c in [290, 310, 315, 355, 360] {
        assert!(
            east.core.contains(&c),
            "Warsaw Pact member {c} in the eastern bloc"
        );
    }
    // Same input, same blocs.
    assert_eq!(blocs(&g, &metrics(&g), &BlocOptions::default()), b);
}

#[foedus_testdata::needs(shared_data)]
#[test]
fn one_year_exports_as_graphml_and_json() {
    let r = registry();
    let g = networks(&r, &options(1960, 1960, Ties::Defense)).unwrap();
    let m = metrics(&g);
    let y = &g.years[0];
    let xml = export::graphml(y, &m.states, Ties::Defense);
    assert_eq!(xml.matches("<node ").count(), y.len());
    assert_eq!(xml.matches("<edge ").count(), y.edges.len());
    assert!(xml.contains("<data key=\"label\">USA</data>"));
    let json = export::json(y, &m.years[0], &m.states, Ties::Defense);
    assert_eq!(json["nodes"].as_array().unwrap().len(), y.len());
    assert_eq!(json["edges"].as_array().unwrap().len(), m.years[0].ties);
    assert_eq!(json["summary"]["ties"], m.years[0].ties);
}

type Table = Vec<HashMap<String, String>>;

fn read_csv(path: &Path) -> Table {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    lines
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split(',').map(String::from))
                .collect()
        })
        .collect()
}

fn num(row: &HashMap<String, String>, k: &str) -> Option<f64> {
    let v = &row[k];
    (!v.is_empty()).then(|| v.parse().unwrap())
}

fn same(a: Option<f64>, b: Option<f64>, what: &str) -> f64 {
    match (a, b) {
        (Some(x), Some(y)) => {
            assert!((x - y).abs() <= 1e-9, "{what}: foedus {x}, igraph {y}");
            (x - y).abs()
        }
        (None, None) => 0.0,
        _ => panic!("{what}: foedus {a:?}, igraph {b:?}"),
    }
}

#[foedus_testdata::needs(shared_data, python = "igraph")]
#[test]
fn every_figure_agrees_with_python_igraph() {
    let r = registry();
    for ties in [Ties::Defense, Ties::Any] {
        let dir = tempfile::tempdir().unwrap();
        let g = networks(&r, &options(1816, 2016, ties)).unwrap();
        let m = metrics(&g);
        let p = |n: &str| dir.path().join(n);
        let write = |path: PathBuf, b: foedus_dataset::RecordBatch| {
            foedus_dataset::write(&path, b.schema(), std::slice::from_ref(&b)).unwrap()
        };
        write(p("years.csv"), m.years_batch());
        write(p("states.csv"), m.states_batch(g.options.system));
        write(p("edges.csv"), g.edges_batch());
        let status = Command::new("python3")
            .arg(workspace_root().join("peers/network.py"))
            .args([
                p("states.csv"),
                p("edges.csv"),
                p("py_years.csv"),
                p("py_states.csv"),
            ])
            .status()
            .unwrap();
        assert!(status.success(), "peers/network.py failed");

        let ours = read_csv(&p("years.csv"));
        let theirs = read_csv(&p("py_years.csv"));
        assert_eq!(ours.len(), 201);
        let mut below_louvain = 0.0f64;
        let mut below_leiden = 0.0f64;
        for (o, t) in ours.iter().zip(&theirs) {
            let y = &o["year"];
            assert_eq!(y, &t["year"]);
            for k in [
                "states",
                "ties",
                "density",
                "mean_degree",
                "transitivity",
                "components",
                "largest_component",
            ] {
                same(num(o, k), num(t, k), &format!("{ties} {y} {k}"));
            }
            // igraph's modularity of foedus' own partition: foedus computes Q right.
            same(
                num(o, "modularity"),
                num(t, "modularity_foedus_partition"),
                &format!("{ties} {y} modularity"),
            );
            if let (Some(q), Some(louvain), Some(leiden)) = (
                num(o, "modularity"),
                num(t, "modularity_louvain"),
                num(t, "modularity_leiden"),
            ) {
                assert!(
                    q >= louvain - 0.01,
                    "{ties} {y}: foedus Q {q}, igraph Louvain {louvain}"
                );
                below_louvain = below_louvain.max(louvain - q);
                below_leiden = below_leiden.max(leiden - q);
            }
        }
        eprintln!(
            "{ties}: foedus' partitions at most {below_louvain:.4} below igraph's Louvain, {below_leiden:.4} below its Leiden"
        );

        let ours = read_csv(&p("states.csv"));
        let theirs = read_csv(&p("py_states.csv"));
        assert_eq!(ours.len(), 15_951);
        let mut worst: HashMap<&str, f64> = HashMap::new();
        for (o, t) in ours.iter().zip(&theirs) {
            assert_eq!((&o["ccode"], &o["year"]), (&t["code"], &t["year"]));
            for k in ["degree", "betweenness", "closeness", "eigenvector"] {
                let d = same(
                    num(o, k),
                    num(t, k),
                    &format!("{ties} {} {} {k}", o["year"], o["ccode"]),
                );
                let w = worst.entry(k).or_default();
                *w = w.max(d);
            }
        }
        eprintln!("{ties}: largest differences {worst:?}");
    }
}
