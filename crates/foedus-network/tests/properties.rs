//! Invariants of the network measures over random graphs, each checked against
//! a slow computation from the definition, and under a relabelling of the states.

use foedus_network::{NetworkOptions, Networks, YearGraph, metrics, modularity};
use proptest::prelude::*;

/// A graph on `n` nodes from edges given as node pairs (loops and repeats dropped).
fn graph(n: usize, pairs: &[(usize, usize)]) -> YearGraph {
    let mut edges: Vec<(u32, u32, u8)> = pairs
        .iter()
        .filter(|(u, v)| u != v)
        .map(|&(u, v)| (u.min(v) as u32, u.max(v) as u32, 1))
        .collect();
    edges.sort_unstable();
    edges.dedup();
    let mut adjacency = vec![Vec::new(); n];
    for &(u, v, _) in &edges {
        adjacency[u as usize].push(v);
        adjacency[v as usize].push(u);
    }
    adjacency.iter_mut().for_each(|a| a.sort_unstable());
    YearGraph {
        year: 2000,
        codes: (1..=n as u16).collect(),
        abbrevs: (1..=n).map(|i| format!("S{i}")).collect(),
        names: (1..=n).map(|i| format!("State {i}")).collect(),
        edges,
        adjacency,
    }
}

fn graphs() -> impl Strategy<Value = (usize, Vec<(usize, usize)>)> {
    (2usize..30).prop_flat_map(|n| (Just(n), prop::collection::vec((0..n, 0..n), 0..3 * n)))
}

fn measured(g: YearGraph) -> foedus_network::Metrics {
    metrics(&Networks {
        options: NetworkOptions::default(),
        years: vec![g],
    })
}

/// Connected components by union-find: their number and the largest one's size.
fn components(n: usize, edges: &[(u32, u32, u8)]) -> (usize, usize) {
    fn root(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let mut parent: Vec<usize> = (0..n).collect();
    for &(u, v, _) in edges {
        let (a, b) = (root(&mut parent, u as usize), root(&mut parent, v as usize));
        parent[a] = b;
    }
    let mut size = vec![0usize; n];
    for x in 0..n {
        let r = root(&mut parent, x);
        size[r] += 1;
    }
    (
        size.iter().filter(|&&s| s > 0).count(),
        size.into_iter().max().unwrap_or(0),
    )
}

/// `3 × triangles / connected triples`, by looking at every triple.
fn transitivity(g: &YearGraph) -> Option<f64> {
    let linked = |a: usize, b: usize| g.adjacency[a].binary_search(&(b as u32)).is_ok();
    let (mut closed, mut triples) = (0u64, 0u64);
    for centre in 0..g.len() {
        let nb = &g.adjacency[centre];
        for (i, &a) in nb.iter().enumerate() {
            for &b in &nb[i + 1..] {
                triples += 1;
                if linked(a as usize, b as usize) {
                    closed += 1;
                }
            }
        }
    }
    (triples > 0).then(|| closed as f64 / triples as f64)
}

proptest! {
    #[test]
    fn year_measures_follow_their_definitions((n, pairs) in graphs()) {
        let g = graph(n, &pairs);
        let m = measured(g.clone());
        let year = &m.years[0];
        let ties = g.edges.len();
        prop_assert_eq!(year.ties, ties);
        prop_assert_eq!(m.states.iter().map(|s| s.degree as usize).sum::<usize>(), 2 * ties);
        let density = year.density.unwrap();
        prop_assert!((density - 2.0 * ties as f64 / (n * (n - 1)) as f64).abs() < 1e-12);
        prop_assert_eq!((year.components, year.largest_component), components(n, &g.edges));
        match (year.transitivity, transitivity(&g)) {
            (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-12, "{} against {}", a, b),
            (a, b) => prop_assert_eq!(a, b),
        }
    }

    #[test]
    fn state_measures_are_bounded_and_communities_partition_the_tied((n, pairs) in graphs()) {
        let g = graph(n, &pairs);
        let m = measured(g.clone());
        for s in &m.states {
            prop_assert!((0.0..=1.0 + 1e-12).contains(&s.betweenness), "{:?}", s);
            prop_assert!((0.0..=1.0 + 1e-12).contains(&s.closeness), "{:?}", s);
            if let Some(e) = s.eigenvector {
                prop_assert!((-1e-12..=1.0 + 1e-12).contains(&e), "{:?}", s);
            }
            // Isolates have no community; every tied state has one.
            prop_assert_eq!(s.community.is_some(), s.degree > 0);
        }
        if !g.edges.is_empty() {
            let top = m.states.iter().filter_map(|s| s.eigenvector).fold(0.0, f64::max);
            prop_assert!((top - 1.0).abs() < 1e-9, "largest eigenvector centrality {}", top);
        }
        // The reported modularity is that of the reported partition, and no worse
        // than putting every state in one community (Q = 0).
        let q = modularity(&g, &m.partitions[0]);
        prop_assert_eq!(m.years[0].modularity, q);
        if let Some(q) = q {
            prop_assert!((-0.5 - 1e-12..=1.0).contains(&q));
            prop_assert!(q >= -1e-12, "Louvain found a partition worse than one community: {}", q);
        }
    }

    #[test]
    fn relabelling_the_states_changes_no_year_measure(
        (n, pairs) in graphs(),
        seed in any::<u64>(),
    ) {
        // A permutation of the nodes from the seed (a simple LCG shuffle).
        let mut order: Vec<usize> = (0..n).collect();
        let mut s = seed | 1;
        for i in (1..n).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            order.swap(i, (s >> 33) as usize % (i + 1));
        }
        let moved: Vec<(usize, usize)> = pairs.iter().map(|&(u, v)| (order[u], order[v])).collect();
        let a = measured(graph(n, &pairs));
        let b = measured(graph(n, &moved));
        let (ya, yb) = (&a.years[0], &b.years[0]);
        prop_assert_eq!((ya.ties, ya.components, ya.largest_component), (yb.ties, yb.components, yb.largest_component));
        for (x, y) in [(ya.density, yb.density), (ya.transitivity, yb.transitivity)] {
            let equal = match (x, y) {
                (Some(x), Some(y)) => (x - y).abs() < 1e-12,
                _ => x == y,
            };
            prop_assert!(equal, "{:?} against {:?}", x, y);

        }
        // Per state: degree, betweenness and closeness move with the state.
        for (i, &j) in order.iter().enumerate() {
            let (sa, sb) = (&a.states[i], &b.states[j]);
            prop_assert_eq!(sa.degree, sb.degree);
            prop_assert!((sa.betweenness - sb.betweenness).abs() < 1e-9);
            prop_assert!((sa.closeness - sb.closeness).abs() < 1e-12);
        }
    }
}
