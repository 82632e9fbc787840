//! Identity: which records describe one treaty.
//!
//! Records are joined when they share an identifier (`ids`: ATOP id, DCAD id, UNTS
//! registration number, TIAS and other schemes), when an amendment of one gives an
//! identifier the other has, or when a person confirmed a link between them.
//! Similarity alone never joins records: it only suggests a link
//! ([`super::suggest`]).

use std::collections::{BTreeMap, HashMap};

use crate::agreement::{Agreement, AgreementId};

use super::{Link, SourcedAmendment, Verdict};

/// One treaty's records (indices into the records), best first, with why each joined.
#[derive(Clone, Debug, Default)]
pub(crate) struct Group {
    pub members: Vec<usize>,
    pub reasons: HashMap<usize, Vec<String>>,
}

struct Sets {
    parent: Vec<usize>,
}

impl Sets {
    fn find(&mut self, x: usize) -> usize {
        let mut root = x;
        while self.parent[root] != root {
            root = self.parent[root];
        }
        let mut x = x;
        while self.parent[x] != root {
            let next = self.parent[x];
            self.parent[x] = root;
            x = next;
        }
        root
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The smaller index is the root: the result does not depend on the order of unions.
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.parent[hi] = lo;
        }
    }
}

/// The identifiers of each record, with those its amendments add.
fn keys_of(
    records: &[Agreement],
    amendments: &[(usize, &SourcedAmendment)],
) -> BTreeMap<(String, String), Vec<usize>> {
    let mut by_key: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    for (i, a) in records.iter().enumerate() {
        for k in a.ids.keys() {
            by_key.entry(k).or_default().push(i);
        }
    }
    for (i, a) in amendments {
        for k in a.file.amendment.ids.keys() {
            by_key.entry(k).or_default().push(*i);
        }
    }
    for v in by_key.values_mut() {
        v.sort_unstable();
        v.dedup();
    }
    by_key
}

/// Groups records into treaties, each group's members ordered by `rank` then id.
pub(crate) fn groups(
    records: &[Agreement],
    amendments: &[(usize, &SourcedAmendment)],
    links: &[Link],
    rank: impl Fn(usize) -> usize,
) -> Vec<Group> {
    let mut sets = Sets {
        parent: (0..records.len()).collect(),
    };
    let mut reasons: HashMap<usize, Vec<String>> = HashMap::new();
    for ((scheme, value), holders) in keys_of(records, amendments) {
        if let [first, rest @ ..] = holders.as_slice() {
            for &other in rest {
                sets.union(*first, other);
            }
            if !rest.is_empty() {
                for &h in &holders {
                    reasons
                        .entry(h)
                        .or_default()
                        .push(format!("shares the identifier {scheme} {value}"));
                }
            }
        }
    }
    let index: HashMap<&AgreementId, usize> = records
        .iter()
        .enumerate()
        .map(|(i, a)| (&a.id, i))
        .collect();
    let mut links: Vec<&Link> = links
        .iter()
        .filter(|l| l.verdict == Verdict::Confirmed)
        .collect();
    links.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
    for l in links {
        if let (Some(&a), Some(&b)) = (index.get(&l.a), index.get(&l.b)) {
            sets.union(a, b);
            for (x, y) in [(a, &l.b), (b, &l.a)] {
                reasons.entry(x).or_default().push(format!(
                    "linked to {y} by {} on {}{}",
                    l.who,
                    l.at.get(..10).unwrap_or(&l.at),
                    l.note
                        .as_deref()
                        .map(|n| format!(" ({n})"))
                        .unwrap_or_default()
                ));
            }
        }
    }
    let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..records.len() {
        by_root.entry(sets.find(i)).or_default().push(i);
    }
    by_root
        .into_values()
        .map(|mut members| {
            members.sort_by(|&x, &y| (rank(x), &records[x].id).cmp(&(rank(y), &records[y].id)));
            let reasons = members
                .iter()
                .filter_map(|m| reasons.remove(m).map(|r| (*m, r)))
                .collect();
            Group { members, reasons }
        })
        .collect()
}
