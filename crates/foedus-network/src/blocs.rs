//! Blocs over time: each year's communities, matched to the next year's so
//! that a bloc keeps one identity while its membership changes.
//!
//! The rule, for consecutive years t and t+1 (communities of at least
//! `min_size` states only):
//!
//! - **Identity**: every pair (A in t, B in t+1) with Jaccard overlap
//!   `|A ∩ B| / |A ∪ B| ≥ jaccard` is a candidate; candidates are taken in
//!   order of decreasing overlap (ties: the lower bloc id, then B's lowest
//!   code), each A and each B at most once; B continues A's bloc. A community
//!   left unmatched starts a new bloc; a bloc left unmatched ends in year t.
//! - **Flows**: A flows into B when B holds at least 2 of A's states and at
//!   least a `share` of them.
//! - **Split** (in year t+1): a bloc of year t flows into two or more
//!   communities of year t+1. **Merge**: a community of year t+1 receives flows
//!   from two or more blocs of year t.
//!
//! A bloc's **core** is the states in it in at least half of its years.

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::{Metrics, Networks};

/// How blocs are matched.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BlocOptions {
    /// Smallest community counted as a bloc.
    pub min_size: usize,
    /// Smallest Jaccard overlap for a community to continue a bloc.
    pub jaccard: f64,
    /// Share of a bloc's states that makes a flow (for splits and merges).
    pub share: f64,
}

impl Default for BlocOptions {
    fn default() -> BlocOptions {
        BlocOptions {
            min_size: 3,
            jaccard: 0.3,
            share: 0.25,
        }
    }
}

/// One bloc's life.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bloc {
    /// Its number, in order of appearance (1 = first).
    pub id: u32,
    /// First year.
    pub first: i16,
    /// Last year.
    pub last: i16,
    /// Largest size.
    pub largest: usize,
    /// The first year it had that size.
    pub largest_year: i16,
    /// Codes of the states in it in at least half of its years, most years first.
    pub core: Vec<u16>,
    /// Their abbreviations.
    pub core_names: Vec<String>,
    /// Its members each year.
    pub members: BTreeMap<i16, Vec<u16>>,
}

/// A split or a merge.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BlocEvent {
    /// The year the new communities appear.
    pub year: i16,
    /// `split` or `merge`.
    pub kind: &'static str,
    /// The blocs of the year before.
    pub from: Vec<u32>,
    /// The blocs of the year.
    pub into: Vec<u32>,
}

/// Blocs and their splits and merges.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Blocs {
    /// Every bloc, by id.
    pub blocs: Vec<Bloc>,
    /// Splits and merges, by year.
    pub events: Vec<BlocEvent>,
}

/// Follows the communities of [`crate::metrics`] through the years.
pub fn blocs(networks: &Networks, metrics: &Metrics, options: &BlocOptions) -> Blocs {
    let mut names: HashMap<u16, String> = HashMap::new();
    // Each year's communities as sorted code lists, largest first.
    let years: Vec<(i16, Vec<Vec<u16>>)> = networks
        .years
        .iter()
        .zip(&metrics.partitions)
        .map(|(g, labels)| {
            for (c, a) in g.codes.iter().zip(&g.abbrevs) {
                names.insert(*c, a.clone());
            }
            let k = labels.iter().max().map_or(0, |&l| l as usize + 1);
            let mut groups: Vec<Vec<u16>> = vec![Vec::new(); k];
            for (v, &l) in labels.iter().enumerate() {
                groups[l as usize].push(g.codes[v]);
            }
            groups.retain(|c| c.len() >= options.min_size.max(2));
            for c in &mut groups {
                c.sort_unstable();
            }
            (g.year, groups)
        })
        .collect();
    let mut members: Vec<BTreeMap<i16, Vec<u16>>> = Vec::new();
    let mut events = Vec::new();
    // Bloc id of each community of the previous year.
    let mut previous: Vec<usize> = Vec::new();
    let mut prev_groups: &[Vec<u16>] = &[];
    let mut prev_year: Option<i16> = None;
    for (year, groups) in &years {
        let consecutive = prev_year == Some(year - 1);
        let mut ids: Vec<Option<usize>> = vec![None; groups.len()];
        if consecutive {
            let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
            for (a, pa) in prev_groups.iter().enumerate() {
                for (b, gb) in groups.iter().enumerate() {
                    let common = intersection(pa, gb);
                    let j = common as f64 / (pa.len() + gb.len() - common) as f64;
                    if common > 0 && j >= options.jaccard {
                        candidates.push((j, a, b));
                    }
                }
            }
            candidates.sort_by(|x, y| {
                y.0.total_cmp(&x.0)
                    .then(previous[x.1].cmp(&previous[y.1]))
                    .then(groups[x.2][0].cmp(&groups[y.2][0]))
            });
            let mut used = vec![false; prev_groups.len()];
            for (_, a, b) in candidates {
                if !used[a] && ids[b].is_none() {
                    used[a] = true;
                    ids[b] = Some(previous[a]);
                }
            }
            // Flows for splits and merges.
            let flows = |a: &Vec<u16>, b: &Vec<u16>| {
                let c = intersection(a, b);
                c >= 2 && c as f64 >= options.share * a.len() as f64
            };
            let mut new_ids: Vec<usize> = Vec::with_capacity(groups.len());
            for (b, id) in ids.iter_mut().enumerate() {
                let id = *id.get_or_insert_with(|| {
                    members.push(BTreeMap::new());
                    members.len() - 1
                });
                members[id].insert(*year, groups[b].clone());
                new_ids.push(id);
            }
            for (a, pa) in prev_groups.iter().enumerate() {
                let into: Vec<usize> = (0..groups.len())
                    .filter(|&b| flows(pa, &groups[b]))
                    .collect();
                if into.len() >= 2 {
                    events.push(event(
                        *year,
                        "split",
                        vec![previous[a]],
                        into.iter().map(|&b| new_ids[b]).collect(),
                    ));
                }
            }
            for (b, gb) in groups.iter().enumerate() {
                let from: Vec<usize> = (0..prev_groups.len())
                    .filter(|&a| flows(&prev_groups[a], gb))
                    .collect();
                if from.len() >= 2 {
                    events.push(event(
                        *year,
                        "merge",
                        from.iter().map(|&a| previous[a]).collect(),
                        vec![new_ids[b]],
                    ));
                }
            }
            previous = new_ids;
        } else {
            previous = groups
                .iter()
                .map(|g| {
                    members.push(BTreeMap::from([(*year, g.clone())]));
                    members.len() - 1
                })
                .collect();
        }
        prev_groups = groups;
        prev_year = Some(*year);
    }
    let blocs = members
        .into_iter()
        .enumerate()
        .map(|(id, by_year)| life(id as u32 + 1, by_year, &names))
        .collect();
    Blocs { blocs, events }
}

fn event(year: i16, kind: &'static str, from: Vec<usize>, into: Vec<usize>) -> BlocEvent {
    BlocEvent {
        year,
        kind,
        from: from.into_iter().map(|i| i as u32 + 1).collect(),
        into: into.into_iter().map(|i| i as u32 + 1).collect(),
    }
}

/// The size of the intersection of two sorted lists.
fn intersection(a: &[u16], b: &[u16]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn life(id: u32, members: BTreeMap<i16, Vec<u16>>, names: &HashMap<u16, String>) -> Bloc {
    let first = *members.keys().next().expect("a bloc has a year");
    let last = *members.keys().next_back().expect("a bloc has a year");
    let (largest_year, largest) = members
        .iter()
        .map(|(y, m)| (*y, m.len()))
        .max_by_key(|&(y, s)| (s, Reverse(y)))
        .expect("a bloc has a year");
    let mut count: HashMap<u16, usize> = HashMap::new();
    for m in members.values() {
        for c in m {
            *count.entry(*c).or_default() += 1;
        }
    }
    let mut core: Vec<(u16, usize)> = count
        .into_iter()
        .filter(|&(_, k)| 2 * k >= members.len())
        .collect();
    core.sort_by_key(|&(c, k)| (Reverse(k), c));
    let core: Vec<u16> = core.into_iter().map(|(c, _)| c).collect();
    Bloc {
        id,
        first,
        last,
        largest,
        largest_year,
        core_names: core
            .iter()
            .map(|c| names.get(c).cloned().unwrap_or_else(|| c.to_string()))
            .collect(),
        core,
        members,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{NetworkOptions, Networks, metrics, testing::graph};

    fn year(y: i16, n: usize, edges: &[(u32, u32)]) -> crate::YearGraph {
        let mut g = graph(n, edges);
        g.year = y;
        g
    }

    fn clique(members: &[u32]) -> Vec<(u32, u32)> {
        let mut e = vec![];
        for (i, &a) in members.iter().enumerate() {
            for &b in &members[i + 1..] {
                e.push((a, b));
            }
        }
        e
    }

    /// Year 1: one clique of 6 (states 0–5) and one of 3 (6–8).
    /// Year 2: state 5 leaves the first (Jaccard 5/6 ≥ 0.3: same bloc).
    /// Year 3: the first (0–4) splits into two cliques of 3, 0–2 and 3–5:
    /// Jaccard 3/5 and 2/6; the larger keeps the identity, the other is a new
    /// bloc (3); each holds ≥ 2 and ≥ 25% of the five: a split.
    /// Year 4: all nine in one clique: Jaccard 3/9 with each of the three, a
    /// tie won by the lowest bloc id (1); three flows in: a merge.
    #[test]
    fn identity_split_and_merge() {
        let y1: Vec<_> = [clique(&[0, 1, 2, 3, 4, 5]), clique(&[6, 7, 8])].concat();
        let y2: Vec<_> = [clique(&[0, 1, 2, 3, 4]), clique(&[6, 7, 8])].concat();
        let y3: Vec<_> = [clique(&[0, 1, 2]), clique(&[3, 4, 5]), clique(&[6, 7, 8])].concat();
        let y4 = clique(&[0, 1, 2, 3, 4, 5, 6, 7, 8]);
        let networks = Networks {
            options: NetworkOptions::default(),
            years: vec![
                year(1, 9, &y1),
                year(2, 9, &y2),
                year(3, 9, &y3),
                year(4, 9, &y4),
            ],
        };
        let m = metrics(&networks);
        let b = blocs(&networks, &m, &BlocOptions::default());
        let first = &b.blocs[0];
        assert_eq!((first.first, first.last), (1, 4));
        assert_eq!(first.largest, 9);
        assert_eq!(first.members[&2], vec![10, 20, 30, 40, 50]);
        assert_eq!(first.members[&3], vec![10, 20, 30]);
        // The core: in at least 2 of 4 years.
        assert_eq!(&first.core[..3], &[10, 20, 30]);
        assert_eq!(b.blocs.len(), 3);
        let small = &b.blocs[1];
        assert_eq!((small.first, small.last), (1, 3));
        let half = &b.blocs[2];
        assert_eq!((half.first, half.last), (3, 3));
        assert_eq!(half.members[&3], vec![40, 50, 60]);
        assert_eq!(
            b.events,
            vec![
                BlocEvent {
                    year: 3,
                    kind: "split",
                    from: vec![1],
                    into: vec![1, 3]
                },
                BlocEvent {
                    year: 4,
                    kind: "merge",
                    from: vec![1, 3, 2],
                    into: vec![1]
                },
            ]
        );
    }
}
