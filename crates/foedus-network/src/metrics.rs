//! What the field reads from a network, per year and per state-year.
//!
//! Centralities, components and transitivity come from rustworkx-core (the
//! Rust core of rustworkx, on petgraph); communities from our Louvain (see
//! `community` for why not a library's).
//! Years are measured in parallel (rayon); inside a year the libraries run
//! single-threaded. Closeness is our own breadth-first search over adjacency
//! vectors: rustworkx-core's `closeness_centrality` (a HashMap of distances per
//! source) took about 30% of `foedus network --ties any` for 1816–2016 under
//! `perf`, more than any other step, and igraph finished the whole job first.

use rayon::prelude::*;
use rustworkx_core::centrality::{betweenness_centrality, eigenvector_centrality};
use rustworkx_core::connectivity::connected_components;
use rustworkx_core::petgraph::graph::{NodeIndex, UnGraph};
use rustworkx_core::transitivity::graph_transitivity;
use serde::Serialize;

use crate::community::{louvain, modularity};
use crate::{Networks, YearGraph};

/// One year's network, summarised.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct YearMetrics {
    /// The year.
    pub year: i16,
    /// Nodes: the system's members.
    pub states: usize,
    /// Edges: pairs with the tie type in either direction.
    pub ties: usize,
    /// `2 ties / (states (states − 1))`.
    pub density: Option<f64>,
    /// `2 ties / states`.
    pub mean_degree: Option<f64>,
    /// Global clustering: `3 × triangles / connected triples` (None without triples).
    pub transitivity: Option<f64>,
    /// Connected components, isolated states included.
    pub components: usize,
    /// States in the largest component.
    pub largest_component: usize,
    /// Newman's modularity of the Louvain partition (None without ties).
    pub modularity: Option<f64>,
    /// Communities of two or more states.
    pub communities: usize,
}

/// One state in one year's network.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StateMetrics {
    /// The state's code in the system.
    pub code: u16,
    /// The year.
    pub year: i16,
    /// Number of ties.
    pub degree: u32,
    /// Shortest-path betweenness, normalised by the `(n − 1)(n − 2)/2` pairs of
    /// other states (NetworkX's default).
    pub betweenness: f64,
    /// Closeness with Wasserman and Faust's correction for disconnected graphs:
    /// `((r − 1)/(n − 1)) · ((r − 1)/Σ d)`, r the states the state reaches
    /// (itself included), Σ d the sum of distances to them; 0 for an isolate.
    pub closeness: f64,
    /// Eigenvector centrality, largest 1 (see `eigenvector`); None in a year without ties.
    pub eigenvector: Option<f64>,
    /// The state's community in the year (1 = the largest); None if it has no ties.
    pub community: Option<u32>,
}

/// The measures of every year and state-year, and each year's partition.
#[derive(Clone, Debug)]
pub struct Metrics {
    /// One row per year.
    pub years: Vec<YearMetrics>,
    /// One row per state-year, by year then code.
    pub states: Vec<StateMetrics>,
    /// Each year's community label per node (0 = largest), parallel to `years`.
    pub partitions: Vec<Vec<u32>>,
}

/// Measures every year of the networks, in parallel.
pub fn metrics(networks: &Networks) -> Metrics {
    let per_year: Vec<(YearMetrics, Vec<StateMetrics>, Vec<u32>)> =
        networks.years.par_iter().map(measure).collect();
    let mut out = Metrics {
        years: Vec::with_capacity(per_year.len()),
        states: Vec::new(),
        partitions: Vec::with_capacity(per_year.len()),
    };
    for (y, s, p) in per_year {
        out.years.push(y);
        out.states.extend(s);
        out.partitions.push(p);
    }
    out
}

/// Inside a year, the libraries' own parallelism stays off: years already run on every core.
const SEQUENTIAL: usize = usize::MAX;

fn petgraph(g: &YearGraph) -> UnGraph<(), ()> {
    let mut pg = UnGraph::<(), ()>::with_capacity(g.len(), g.edges.len());
    for _ in 0..g.len() {
        pg.add_node(());
    }
    for &(u, v, _) in &g.edges {
        pg.add_edge(NodeIndex::new(u as usize), NodeIndex::new(v as usize), ());
    }
    pg
}

/// Measures one year.
pub(crate) fn measure(g: &YearGraph) -> (YearMetrics, Vec<StateMetrics>, Vec<u32>) {
    let n = g.len();
    let m = g.edges.len();
    let pg = petgraph(g);
    let degree: Vec<u32> = g.adjacency.iter().map(|a| a.len() as u32).collect();
    let triples: u64 = degree
        .iter()
        .map(|&d| u64::from(d) * u64::from(d.saturating_sub(1)) / 2)
        .sum();
    let transitivity = (triples > 0).then(|| graph_transitivity(&pg));
    let components: Vec<Vec<usize>> = connected_components(&pg)
        .into_iter()
        .map(|c| {
            let mut v: Vec<usize> = c.into_iter().map(|x| x.index()).collect();
            v.sort_unstable();
            v
        })
        .collect();
    let betweenness = betweenness_centrality(&pg, false, true, SEQUENTIAL);
    let closeness = closeness(g);
    let eigen = eigenvector(g, &components);
    let labels = louvain(g);
    let q = modularity(g, &labels);
    let mut sizes = vec![0usize; n];
    for &l in &labels {
        sizes[l as usize] += 1;
    }
    let nf = n as f64;
    let year = YearMetrics {
        year: g.year,
        states: n,
        ties: m,
        density: (n > 1).then(|| 2.0 * m as f64 / (nf * (nf - 1.0))),
        mean_degree: (n > 0).then(|| 2.0 * m as f64 / nf),
        transitivity,
        components: components.len(),
        largest_component: components.iter().map(Vec::len).max().unwrap_or(0),
        modularity: q,
        communities: sizes.iter().filter(|&&s| s >= 2).count(),
    };
    let states = (0..n)
        .map(|i| StateMetrics {
            code: g.codes[i],
            year: g.year,
            degree: degree[i],
            betweenness: betweenness[i].unwrap_or(0.0),
            closeness: closeness[i],
            eigenvector: eigen.as_ref().map(|e| e[i]),
            community: (degree[i] > 0).then_some(labels[i] + 1),
        })
        .collect();
    (year, states, labels)
}

/// Closeness with Wasserman and Faust's correction (NetworkX's `wf_improved`):
/// `((r − 1)/(n − 1)) · ((r − 1)/Σ d)` over the r states reachable from each
/// (itself included); 0 for an isolate. One breadth-first search per state.
fn closeness(g: &YearGraph) -> Vec<f64> {
    let n = g.len();
    let mut dist = vec![u32::MAX; n];
    let mut queue: Vec<u32> = Vec::with_capacity(n);
    (0..n)
        .map(|s| {
            queue.clear();
            queue.push(s as u32);
            dist[s] = 0;
            let (mut head, mut total) = (0, 0u64);
            while head < queue.len() {
                let v = queue[head] as usize;
                head += 1;
                for &w in &g.adjacency[v] {
                    if dist[w as usize] == u32::MAX {
                        dist[w as usize] = dist[v] + 1;
                        total += u64::from(dist[v] + 1);
                        queue.push(w);
                    }
                }
            }
            for &v in &queue {
                dist[v as usize] = u32::MAX;
            }
            let r = queue.len() as f64;
            if queue.len() == 1 {
                0.0
            } else {
                ((r - 1.0) / (n as f64 - 1.0)) * ((r - 1.0) / total as f64)
            }
        })
        .collect()
}

/// Eigenvector centrality, defined for disconnected graphs too: the projection
/// of the all-ones vector on the leading eigenspace of the adjacency matrix,
/// scaled so the largest value is 1 (igraph's scaling).
///
/// That is the limit of the power iteration `x ← (A + I) x` from `x = 1`
/// (NetworkX's and rustworkx's method): with one component of largest
/// spectral radius, its Perron vector and 0 elsewhere (igraph's answer); with
/// several of equal radius (two separate defense pairs, say), each keeps its
/// Perron vector weighted by its sum, where an eigen solver would return an
/// arbitrary mixture. Computed per component (rustworkx-core's power
/// iteration converges within a connected graph), radius by the Rayleigh
/// quotient; radii within 1e-9 (relative) count as equal. None without ties.
pub fn eigenvector(g: &YearGraph, components: &[Vec<usize>]) -> Option<Vec<f64>> {
    if g.edges.is_empty() {
        return None;
    }
    let n = g.len();
    let mut local = vec![usize::MAX; n];
    // (radius, members, unit Perron vector) of each component with ties.
    let mut perron: Vec<(f64, &Vec<usize>, Vec<f64>)> = Vec::new();
    for c in components.iter().filter(|c| c.len() > 1) {
        for (k, &v) in c.iter().enumerate() {
            local[v] = k;
        }
        let mut sub = UnGraph::<(), ()>::with_capacity(c.len(), 0);
        for _ in c {
            sub.add_node(());
        }
        for &v in c {
            for &w in &g.adjacency[v] {
                if (v as u32) < w {
                    sub.add_edge(
                        NodeIndex::new(local[v]),
                        NodeIndex::new(local[w as usize]),
                        (),
                    );
                }
            }
        }
        // A + I is primitive on a connected graph, so the iteration converges;
        // the looser tolerances only serve components with a second eigenvalue
        // very close to the first (long chains), never met in ATOP.
        let x = [
            (1e-14, 200_000),
            (1e-12, 200_000),
            (1e-10, 200_000),
            (1e-6, 2_000_000),
        ]
        .into_iter()
        .find_map(|(tol, iterations)| {
            eigenvector_centrality(&sub, |_| Ok::<f64, ()>(1.0), Some(iterations), Some(tol))
                .ok()
                .flatten()
        })
        .expect("power iteration converges on a connected graph");
        let norm = x.iter().map(|v| v * v).sum::<f64>().sqrt();
        let x: Vec<f64> = x.iter().map(|v| v / norm).collect();
        // Rayleigh quotient x·Ax (x has unit norm).
        let mut radius = 0.0;
        for (k, &v) in c.iter().enumerate() {
            for &w in &g.adjacency[v] {
                radius += x[k] * x[local[w as usize]];
            }
        }
        perron.push((radius, c, x));
    }
    let top = perron.iter().map(|p| p.0).fold(0.0f64, f64::max);
    let mut e = vec![0.0; n];
    for (radius, c, x) in &perron {
        if (top - radius).abs() <= 1e-9 * top {
            let weight: f64 = x.iter().sum();
            for (k, &v) in c.iter().enumerate() {
                e[v] = weight * x[k];
            }
        }
    }
    let max = e.iter().copied().fold(0.0f64, f64::max);
    Some(e.into_iter().map(|v| v / max).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::graph;

    /// A hand-worked 5-state year: a triangle 1–2–3 with a tail 3–4, and
    /// state 5 alone.
    ///
    /// ties 4; density 2·4/(5·4) = 0.4; mean degree 8/5 = 1.6; triangles 1,
    /// connected triples Σ C(d,2) = C(2,2)+C(2,2)+C(3,2)+0+0 = 5, so
    /// transitivity 3/5; components {1,2,3,4} and {5}.
    /// Betweenness: only 3 lies on shortest paths between others (1–4, 2–4):
    /// 2 pairs out of C(4,2) = 6 → 1/3. Closeness of 3: reaches r = 4 states,
    /// distances 1+1+1 = 3 → (3/4)·(3/3) = 0.75; of 4: distances 2+2+1 = 5 →
    /// (3/4)·(3/5) = 0.45; of 5: 0.
    #[test]
    fn a_small_year_by_hand() {
        let g = graph(5, &[(0, 1), (1, 2), (0, 2), (2, 3)]);
        let (y, s, _) = measure(&g);
        assert_eq!((y.states, y.ties), (5, 4));
        assert!((y.density.unwrap() - 0.4).abs() < 1e-15);
        assert!((y.mean_degree.unwrap() - 1.6).abs() < 1e-15);
        assert!((y.transitivity.unwrap() - 0.6).abs() < 1e-15);
        assert_eq!((y.components, y.largest_component), (2, 4));
        let b: Vec<f64> = s.iter().map(|x| x.betweenness).collect();
        assert!((b[2] - 1.0 / 3.0).abs() < 1e-15 && b[0] == 0.0 && b[3] == 0.0);
        assert!((s[2].closeness - 0.75).abs() < 1e-15);
        assert!((s[3].closeness - 0.45).abs() < 1e-15);
        assert_eq!(s[4].closeness, 0.0);
        assert_eq!(s[4].community, None);
        // Eigenvector: the largest is state 3 (the hub), state 5 gets 0.
        let e: Vec<f64> = s.iter().map(|x| x.eigenvector.unwrap()).collect();
        assert_eq!(e[2], 1.0);
        assert_eq!(e[4], 0.0);
        assert!((e[0] - e[1]).abs() < 1e-12 && e[3] < e[0]);
    }

    /// Two separate pairs have equal spectral radius 1: both keep their
    /// (equal) Perron vectors, all four states score 1. A triangle beside a pair
    /// (radius 2 against 1) takes everything.
    #[test]
    fn eigenvector_on_disconnected_graphs() {
        let g = graph(5, &[(0, 1), (2, 3)]);
        let (_, s, _) = measure(&g);
        let e: Vec<f64> = s.iter().map(|x| x.eigenvector.unwrap()).collect();
        for v in &e[..4] {
            assert!((v - 1.0).abs() < 1e-12, "{e:?}");
        }
        assert_eq!(e[4], 0.0);
        let g = graph(5, &[(0, 1), (1, 2), (0, 2), (3, 4)]);
        let (_, s, _) = measure(&g);
        let e: Vec<f64> = s.iter().map(|x| x.eigenvector.unwrap()).collect();
        assert!((e[0] - 1.0).abs() < 1e-12 && e[3] == 0.0 && e[4] == 0.0);
    }
}
