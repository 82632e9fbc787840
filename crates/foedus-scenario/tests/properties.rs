//! Properties of the cascade over random registries: with every commitment honoured
//! it is deterministic and equals the closure of the triggered obligations; with none
//! honoured no one joins; joining is monotone in the honouring probability.

mod support;

use std::collections::HashMap;

use foedus_domain::state::Ccode;
use foedus_scenario::cascade::Honour;
use foedus_scenario::{CasusFoederis, Possibly, Scenario, SimOptions, Simulation, simulate};
use jiff::civil::date;
use proptest::prelude::*;

const KINDS: [&str; 4] = ["defense", "offense", "neutrality", "nonaggression"];

/// A random world: `n` states (indices into the test states), unconditional
/// obligations (obligor, beneficiary, kind), an attacker and a target.
#[derive(Clone, Debug)]
struct World {
    obligations: Vec<(usize, usize, usize)>,
    attacker: usize,
    target: usize,
}

fn world() -> impl Strategy<Value = World> {
    (3usize..=9).prop_flat_map(|n| {
        (
            Just(n),
            prop::collection::vec((0..n, 0..n, 0..4usize), 0..24),
            0..n,
            1..n,
        )
            .prop_map(move |(n, obligations, attacker, shift)| World {
                obligations: obligations.into_iter().filter(|(o, b, _)| o != b).collect(),
                attacker,
                target: (attacker + shift) % n,
            })
    })
}

fn code(i: usize) -> u16 {
    support::STATES[i].0
}

fn index_of(w: &World) -> CasusFoederis {
    let agreements = w
        .obligations
        .iter()
        .enumerate()
        .map(|(i, &(o, b, k))| {
            support::agreement(
                &format!("a{i}"),
                &[code(o), code(b)],
                "1900-01-01",
                &[(code(o), code(b), KINDS[k], "[]")],
                "",
            )
        })
        .chain([support::agreement(
            "filler",
            &[900, 920],
            "1900-01-01",
            &[(900, 920, "consultation", "[]")],
            "",
        )])
        .collect();
    CasusFoederis::index(&support::registry(agreements))
}

fn scenario(w: &World) -> Scenario {
    Scenario::new(
        Ccode(code(w.attacker)),
        Ccode(code(w.target)),
        date(1914, 8, 1),
    )
}

fn sim(w: &World, index: &CasusFoederis, honour: Honour, runs: u64, seed: u64) -> Simulation {
    simulate(
        index,
        &scenario(w),
        &SimOptions {
            runs,
            seed,
            honour,
            possibly: Possibly::AsTriggered,
            top_chains: 3,
            empirical: None,
        },
    )
    .unwrap()
}

/// The sides, by state code, straight from the obligations: rounds until nothing
/// changes; a state called by the target's side (and not kept out) joins it, else
/// one called by the attacker's side; kept out if `stay_out` and it owes neutrality
/// or nonaggression to a state on the side it would fight.
fn closure(w: &World, stay_out: bool) -> HashMap<u16, char> {
    let mut side: HashMap<usize, char> = HashMap::new();
    side.insert(w.attacker, 'A');
    side.insert(w.target, 'T');
    loop {
        let called = |kind: usize, s: char| -> Vec<usize> {
            let mut v: Vec<usize> = w
                .obligations
                .iter()
                .filter(|(o, b, k)| *k == kind && side.get(b) == Some(&s) && !side.contains_key(o))
                .map(|(o, _, _)| *o)
                .collect();
            v.sort();
            v.dedup();
            v
        };
        let (to_t, to_a) = (called(0, 'T'), called(1, 'A'));
        let barred = |x: usize, join: char| {
            let other = if join == 'T' { 'A' } else { 'T' };
            stay_out
                && w.obligations
                    .iter()
                    .any(|(o, b, k)| *o == x && *k >= 2 && side.get(b) == Some(&other))
        };
        let mut joins = Vec::new();
        let mut all: Vec<usize> = to_t.iter().chain(&to_a).copied().collect();
        all.sort();
        all.dedup();
        for x in all {
            if to_t.contains(&x) && !barred(x, 'T') {
                joins.push((x, 'T'));
            } else if to_a.contains(&x) && !barred(x, 'A') {
                joins.push((x, 'A'));
            }
        }
        if joins.is_empty() {
            break;
        }
        side.extend(joins);
    }
    side.into_iter().map(|(i, s)| (code(i), s)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn honouring_everything_is_deterministic_and_the_closure(w in world(), stay_out in any::<bool>(), seed in any::<u64>()) {
        let index = index_of(&w);
        let mut h = Honour::all(1.0);
        if !stay_out {
            h.neutrality = 0.0;
            h.nonaggression = 0.0;
        }
        let s = sim(&w, &index, h, 5, seed);
        let expected = closure(&w, stay_out);
        prop_assert_eq!(s.chains.as_ref().unwrap().len(), 1, "one outcome");
        for o in &s.states {
            let got = if o.target_side == 1.0 {
                Some('T')
            } else if o.attacker_side == 1.0 {
                Some('A')
            } else {
                prop_assert_eq!(o.target_side + o.attacker_side, 0.0);
                None
            };
            prop_assert_eq!(got, expected.get(&o.state.ccode).copied(), "state {}", o.state.ccode);
        }
        let joined = s.states.iter().filter(|o| o.target_side + o.attacker_side > 0.0).count();
        prop_assert_eq!(joined, expected.len());
    }

    #[test]
    fn honouring_nothing_brings_no_one_in(w in world(), seed in any::<u64>()) {
        let index = index_of(&w);
        let s = sim(&w, &index, Honour::all(0.0), 50, seed);
        prop_assert!(s.links.is_empty());
        prop_assert_eq!(s.coalitions.joint.len(), 1);
        prop_assert_eq!((s.coalitions.joint[0].attacker_side, s.coalitions.joint[0].target_side), (1, 1));
    }

    /// Raising the probability that defense commitments are honoured never lowers a
    /// state's chance of being on the target's side, nor raises its chance of being on
    /// the attacker's; offense the other way round. (Same seed: the runs are coupled.)
    #[test]
    fn joining_is_monotone_in_each_sides_honouring_probability(
        w in world(),
        a in 0u8..=255, b in 0u8..=255, other in 0u8..=255, stay in 0u8..=255,
        seed in any::<u64>(),
    ) {
        let index = index_of(&w);
        let (lo, hi) = (f64::from(a.min(b)) / 255.0, f64::from(a.max(b)) / 255.0);
        let base = Honour {
            defense: f64::from(other) / 255.0,
            offense: f64::from(other) / 255.0,
            neutrality: f64::from(stay) / 255.0,
            nonaggression: f64::from(stay) / 255.0,
        };
        let get = |s: &Simulation| -> HashMap<u16, (f64, f64)> {
            s.states.iter().map(|o| (o.state.ccode, (o.target_side, o.attacker_side))).collect()
        };
        // Defense.
        let s_lo = get(&sim(&w, &index, Honour { defense: lo, ..base }, 300, seed));
        let s_hi = get(&sim(&w, &index, Honour { defense: hi, ..base }, 300, seed));
        for (c, (t_lo, a_lo)) in &s_lo {
            let (t_hi, a_hi) = s_hi[c];
            prop_assert!(*t_lo <= t_hi, "state {c}: target's side {t_lo} > {t_hi}");
            prop_assert!(*a_lo >= a_hi, "state {c}: attacker's side {a_lo} < {a_hi}");
        }
        // Offense.
        let s_lo = get(&sim(&w, &index, Honour { offense: lo, ..base }, 300, seed));
        let s_hi = get(&sim(&w, &index, Honour { offense: hi, ..base }, 300, seed));
        for (c, (t_lo, a_lo)) in &s_lo {
            let (t_hi, a_hi) = s_hi[c];
            prop_assert!(*a_lo <= a_hi, "state {c}: attacker's side {a_lo} > {a_hi}");
            prop_assert!(*t_lo >= t_hi, "state {c}: target's side {t_lo} < {t_hi}");
        }
    }

    /// With no state bound to both sides and no commitment to stay out, one honouring
    /// probability for all: joining at all is monotone in it.
    #[test]
    fn joining_is_monotone_in_a_single_probability_when_sides_do_not_compete(
        w in world(), a in 0u8..=255, b in 0u8..=255, seed in any::<u64>(),
    ) {
        let index = index_of(&w);
        // Only worlds where the everything-honoured cascade calls no state from both sides.
        let all = sim(&w, &index, Honour { neutrality: 0.0, nonaggression: 0.0, ..Honour::all(1.0) }, 1, seed);
        prop_assume!(all.states.iter().all(|o| o.torn == 0.0));
        let (lo, hi) = (f64::from(a.min(b)) / 255.0, f64::from(a.max(b)) / 255.0);
        let h = |p: f64| Honour { neutrality: 0.0, nonaggression: 0.0, ..Honour::all(p) };
        let joined = |s: &Simulation| -> HashMap<u16, f64> {
            s.states.iter().map(|o| (o.state.ccode, o.target_side + o.attacker_side)).collect()
        };
        let s_lo = joined(&sim(&w, &index, h(lo), 300, seed));
        let s_hi = joined(&sim(&w, &index, h(hi), 300, seed));
        for (c, j) in &s_lo {
            prop_assert!(*j <= s_hi[c], "state {c}: {j} > {}", s_hi[c]);
        }
    }
}
