//! Escalation cascades: states that join a war trigger their own partners'
//! obligations in turn (chain-ganging), each commitment honoured only with some
//! probability.
//!
//! The trigger graph of a scenario is built once ([`TriggerGraph::build`]): every
//! state that could be drawn in, every commitment that could draw it in, judged as
//! the casus foederis judges them. Each run then only draws, for each commitment,
//! whether it is honoured, and walks the graph by rounds. The model's assumptions
//! are in [`ASSUMPTIONS`] and, with the figures, in docs/scenarios.md.
//!
//! Runs are reproducible and independent of the number of threads: run `r` takes
//! its key from its own ChaCha8 generator (seeded with the seed, on stream `r`),
//! each commitment's draw is a function of that key and the commitment ([`draw`]),
//! and the results are sums of integer counts.

use std::collections::HashMap;

use rand::rngs::ChaCha8Rng;
use rand::{Rng, SeedableRng};
use rayon::prelude::*;
use serde::Serialize;

use foedus_domain::obligation::ObligationKind;
use foedus_domain::state::Ccode;

use crate::casus::{CasusFoederis, Ctx, Side, StateRef, Verdict};
use crate::region::RegionFacts;
use crate::scenario::{Scenario, ScenarioError};

/// The probability that a commitment of each kind is honoured when it is triggered.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Honour {
    /// Defense obligations.
    pub defense: f64,
    /// Offense obligations.
    pub offense: f64,
    /// Neutrality obligations (staying out).
    pub neutrality: f64,
    /// Nonaggression obligations (staying out).
    pub nonaggression: f64,
}

impl Honour {
    /// The same probability for every kind.
    pub fn all(p: f64) -> Honour {
        Honour {
            defense: p,
            offense: p,
            neutrality: p,
            nonaggression: p,
        }
    }

    /// The probability for a kind (0 for kinds the cascade does not use).
    pub fn of(&self, kind: ObligationKind) -> f64 {
        match kind {
            ObligationKind::Defense => self.defense,
            ObligationKind::Offense => self.offense,
            ObligationKind::Neutrality => self.neutrality,
            ObligationKind::Nonaggression => self.nonaggression,
            _ => 0.0,
        }
    }

    /// Sets the probability of a kind by its name (`defense`, `offense`,
    /// `neutrality`/`neutral`, `nonaggression`/`nonagg`).
    pub fn set(&mut self, kind: &str, p: f64) -> Result<(), String> {
        match ObligationKind::from_name(kind) {
            Some(ObligationKind::Defense) => self.defense = p,
            Some(ObligationKind::Offense) => self.offense = p,
            Some(ObligationKind::Neutrality) => self.neutrality = p,
            Some(ObligationKind::Nonaggression) => self.nonaggression = p,
            _ => {
                return Err(format!(
                    "unknown obligation kind `{kind}`: expected defense, offense, neutrality or nonaggression"
                ));
            }
        }
        Ok(())
    }

    fn validate(&self) -> Result<(), ScenarioError> {
        for (what, p) in [
            ("the honouring probability of defense", self.defense),
            ("the honouring probability of offense", self.offense),
            ("the honouring probability of neutrality", self.neutrality),
            (
                "the honouring probability of nonaggression",
                self.nonaggression,
            ),
        ] {
            if !(0.0..=1.0).contains(&p) {
                return Err(ScenarioError::Probability {
                    what: what.into(),
                    value: p,
                });
            }
        }
        Ok(())
    }
}

/// What a possibly triggered obligation counts as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Possibly {
    /// As triggered (an upper bound).
    #[default]
    AsTriggered,
    /// As not triggered (a lower bound).
    Ignore,
}

/// How to simulate.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SimOptions {
    /// Number of runs.
    pub runs: u64,
    /// The seed.
    pub seed: u64,
    /// Honouring probabilities.
    pub honour: Honour,
    /// What possibly triggered obligations count as.
    pub possibly: Possibly,
    /// How many of the most common chains to report.
    pub top_chains: usize,
    /// Draw each commitment with the reliability record's rate instead of
    /// `honour` ([`crate::empirical`]); `honour` then reports the rates by type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub empirical: Option<crate::empirical::Empirical>,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            runs: 10_000,
            seed: 1914,
            honour: Honour::all(0.75),
            possibly: Possibly::AsTriggered,
            top_chains: 10,
            empirical: None,
        }
    }
}

/// The model's assumptions, stated next to every result.
pub const ASSUMPTIONS: &[&str] = &[
    "Commitments: the defense, offense, neutrality and nonaggression obligations in force on the day of the attack (agreement operative, both states parties, pair suspensions respected), judged as `foedus obligations` judges them. Consultation obligations bind no one to fight and are left out. Agreements concluded, and declarations made, after the day are not modelled.",
    "A state that joins the target's side is treated as attacked by the attacker's side: the defense obligations owed to it are triggered. A state that joins the attacker's side triggers the offense obligations owed to it; defense obligations toward it are not triggered (it joins an attack).",
    "Conditions of obligations owed to later joiners are judged on the scenario's facts: the adversary is the original attacker (for defense) or the original target (for offense); place, provocation, request and number of attackers are the scenario's; whether a later joiner is attacked on its home territory is left open.",
    "Possibly triggered obligations count as triggered with --possibly as-triggered (an upper bound) and are left out with --possibly ignore (a lower bound).",
    "Each run draws once, for every commitment in the trigger graph, whether it would be honoured, with the probability of its kind; runs are independent (run r: ChaCha8 seeded with --seed on stream r). Several agreements binding the same state to the same partner in the same way are one commitment (one draw).",
    "The war spreads by rounds until nothing changes: in each round the states that joined in the previous one call on the partners bound to them. A state called by both sides in the same round joins the target's side (aid to a state attacked before support of an attack); a state already at war stays on its side, and is counted as torn if the other side calls it too.",
    "A state that owes neutrality or nonaggression to a state at war does not join the side against it, if that commitment is honoured (its own draw); it may still join the other side.",
    "The attacker and the target stay at war; no one leaves, changes side or makes a separate peace.",
    "Capability balance: the sum of NMC cinc over each side in the year of the attack; states without a cinc value count as 0 and are listed.",
    "Honouring probabilities are parameters, not estimates: Leeds, Long & Mitchell (2000) found about three in four alliance commitments honoured in 1816–1944; Berkemeier & Fuhrmann (2018) about half for 1816–2003.",
];

/// One commitment in the trigger graph.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Edge {
    /// The state that owes (local index).
    pub obligor: u32,
    /// The state owed (local index).
    pub beneficiary: u32,
    /// Defense or offense (acting), neutrality or nonaggression (staying out).
    pub kind: ObligationKind,
    /// For acting commitments, the side the obligor joins (the beneficiary's); for
    /// staying out, the side the beneficiary is on (the obligor then does not join the other).
    pub side: Side,
    /// Triggered or possibly triggered.
    pub verdict: Verdict,
    /// The agreements (ids) that carry it.
    pub agreements: Vec<String>,
    /// The probability it is honoured.
    pub honour: f64,
    /// Where that probability comes from, when it is empirical.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub honour_source: Option<String>,
    #[serde(skip)]
    threshold: u64,
}

impl Edge {
    /// True for defense and offense (the obligor joins the war).
    pub fn acts(&self) -> bool {
        matches!(self.kind, ObligationKind::Defense | ObligationKind::Offense)
    }
}

/// Compressed lists of edge ids by node.
#[derive(Clone, Debug, Default)]
struct Csr {
    start: Vec<u32>,
    ids: Vec<u32>,
}

impl Csr {
    fn build(n: usize, pairs: impl Iterator<Item = (u32, u32)>) -> Csr {
        let mut pairs: Vec<(u32, u32)> = pairs.collect();
        pairs.sort_unstable();
        let mut start = vec![0u32; n + 1];
        for (node, _) in &pairs {
            start[*node as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        Csr {
            start,
            ids: pairs.into_iter().map(|(_, e)| e).collect(),
        }
    }

    fn of(&self, node: u32) -> &[u32] {
        &self.ids[self.start[node as usize] as usize..self.start[node as usize + 1] as usize]
    }
}

/// Local index of the attacker in a trigger graph.
pub const ATTACKER: u32 = 0;
/// Local index of the target in a trigger graph.
pub const TARGET: u32 = 1;

/// Every state that could be drawn into a scenario's war and every commitment that
/// could draw it in or keep it out, built once per scenario.
#[derive(Clone, Debug)]
pub struct TriggerGraph {
    /// The states, by local index: the attacker (0), the target (1), then the others.
    pub states: Vec<Ccode>,
    /// The commitments.
    pub edges: Vec<Edge>,
    /// Defense edges by beneficiary (the obligor joins the target's side).
    to_target: Csr,
    /// Offense edges by beneficiary (the obligor joins the attacker's side).
    to_attacker: Csr,
    /// Stay-out edges by obligor.
    stay_out: Csr,
}

fn threshold(p: f64) -> u64 {
    (p * 4_294_967_296.0).round().clamp(0.0, 4_294_967_296.0) as u64
}

impl TriggerGraph {
    /// The graph of `scenario`: from the attacker and the target, every state bound
    /// to join either side (through any number of steps), with the commitments
    /// judged triggered (or possibly triggered, if `possibly` says so).
    pub fn build(
        index: &CasusFoederis,
        scenario: &Scenario,
        honour: &Honour,
        possibly: Possibly,
    ) -> Result<TriggerGraph, ScenarioError> {
        index.validate(scenario)?;
        honour.validate()?;
        let facts = RegionFacts::derive(&scenario.place, scenario.target);
        let date = scenario.date;
        let keep = |v: Verdict| match v {
            Verdict::Triggered => true,
            Verdict::PossiblyTriggered => possibly == Possibly::AsTriggered,
            _ => false,
        };
        let mut local: HashMap<Ccode, u32> = HashMap::new();
        let mut states: Vec<Ccode> = Vec::new();
        let mut intern = |c: Ccode, states: &mut Vec<Ccode>| -> u32 {
            *local.entry(c).or_insert_with(|| {
                states.push(c);
                (states.len() - 1) as u32
            })
        };
        intern(scenario.attacker, &mut states);
        intern(scenario.target, &mut states);
        let belligerent = |c: Ccode| c == scenario.attacker || c == scenario.target;
        // (obligor, beneficiary, kind, side) → edge index.
        let mut by_key: HashMap<(u32, u32, ObligationKind, Side), usize> = HashMap::new();
        let mut edges: Vec<Edge> = Vec::new();
        let add = |edges: &mut Vec<Edge>,
                   by_key: &mut HashMap<(u32, u32, ObligationKind, Side), usize>,
                   o: u32,
                   b: u32,
                   kind: ObligationKind,
                   side: Side,
                   verdict: Verdict,
                   agreement: String|
         -> bool {
            match by_key.get(&(o, b, kind, side)) {
                Some(&i) => {
                    let e = &mut edges[i];
                    e.verdict = e.verdict.min(verdict);
                    if !e.agreements.contains(&agreement) {
                        e.agreements.push(agreement);
                    }
                    false
                }
                None => {
                    by_key.insert((o, b, kind, side), edges.len());
                    let p = honour.of(kind);
                    edges.push(Edge {
                        obligor: o,
                        beneficiary: b,
                        kind,
                        side,
                        verdict,
                        agreements: vec![agreement],
                        honour: p,
                        honour_source: None,
                        threshold: threshold(p),
                    });
                    true
                }
            }
        };
        // Explore (state, side) pairs reachable through acting commitments.
        let mut seen: std::collections::HashSet<(u32, Side)> = Default::default();
        let mut queue: std::collections::VecDeque<(u32, Side)> = Default::default();
        for start in [(ATTACKER, Side::Attacker), (TARGET, Side::Target)] {
            seen.insert(start);
            queue.push_back(start);
        }
        while let Some((y, side)) = queue.pop_front() {
            let yc = states[y as usize];
            let ctx = Ctx {
                scenario,
                facts: &facts,
                side,
                original: belligerent(yc),
            };
            let wanted = match side {
                Side::Target => ObligationKind::Defense,
                Side::Attacker => ObligationKind::Offense,
            };
            let mut found: Vec<(Ccode, Verdict, u32)> = Vec::new();
            for (i, presence) in index.toward(yc, date) {
                let e = &index.entries[i as usize];
                if e.kind != wanted || belligerent(e.obligor) {
                    continue;
                }
                let v = index.judge(e, presence, &ctx).verdict;
                if keep(v) {
                    found.push((e.obligor, v, e.agreement));
                }
            }
            found.sort_by_key(|(c, _, a)| (*c, *a));
            for (xc, v, a) in found {
                let x = intern(xc, &mut states);
                add(
                    &mut edges,
                    &mut by_key,
                    x,
                    y,
                    wanted,
                    side,
                    v,
                    index.agreement(a).id.to_string(),
                );
                if seen.insert((x, side)) {
                    queue.push_back((x, side));
                }
            }
        }
        // Staying out: obligations owed to a state that can be on side S, by a state
        // that could be called to the other side.
        let mut reach: Vec<(u32, Side)> = seen.iter().copied().collect();
        reach.sort();
        for (y, side) in reach {
            let yc = states[y as usize];
            let ctx = Ctx {
                scenario,
                facts: &facts,
                side,
                original: belligerent(yc),
            };
            let mut found: Vec<(u32, ObligationKind, Verdict, u32)> = Vec::new();
            for (i, presence) in index.toward(yc, date) {
                let e = &index.entries[i as usize];
                if !matches!(
                    e.kind,
                    ObligationKind::Neutrality | ObligationKind::Nonaggression
                ) {
                    continue;
                }
                let Some(&x) = local.get(&e.obligor) else {
                    continue;
                };
                if belligerent(e.obligor) || !seen.contains(&(x, side.other())) {
                    continue;
                }
                let v = index.judge(e, presence, &ctx).verdict;
                if keep(v) {
                    found.push((x, e.kind, v, e.agreement));
                }
            }
            found.sort_by_key(|(x, k, _, a)| (*x, *k, *a));
            for (x, kind, v, a) in found {
                add(
                    &mut edges,
                    &mut by_key,
                    x,
                    y,
                    kind,
                    side,
                    v,
                    index.agreement(a).id.to_string(),
                );
            }
        }
        let n = states.len();
        let to_target = Csr::build(
            n,
            edges
                .iter()
                .enumerate()
                .filter(|(_, e)| e.kind == ObligationKind::Defense)
                .map(|(i, e)| (e.beneficiary, i as u32)),
        );
        let to_attacker = Csr::build(
            n,
            edges
                .iter()
                .enumerate()
                .filter(|(_, e)| e.kind == ObligationKind::Offense)
                .map(|(i, e)| (e.beneficiary, i as u32)),
        );
        let stay_out = Csr::build(
            n,
            edges
                .iter()
                .enumerate()
                .filter(|(_, e)| !e.acts())
                .map(|(i, e)| (e.obligor, i as u32)),
        );
        Ok(TriggerGraph {
            states,
            edges,
            to_target,
            to_attacker,
            stay_out,
        })
    }

    /// Draws every commitment with its empirical rate on `date` instead.
    pub fn calibrate(&mut self, empirical: &crate::empirical::Empirical, date: jiff::civil::Date) {
        for e in &mut self.edges {
            let r = empirical.rate(e.kind, date, &e.agreements);
            e.honour = r.probability;
            e.threshold = threshold(r.probability);
            e.honour_source = Some(r.source);
        }
    }

    /// The local index of a state, if it is in the graph.
    pub fn local(&self, c: Ccode) -> Option<u32> {
        self.states.iter().position(|s| *s == c).map(|i| i as u32)
    }

    /// The edges that call a state to a side when `beneficiary` is on it.
    pub fn calls(&self, beneficiary: u32, side: Side) -> impl Iterator<Item = &Edge> {
        let csr = match side {
            Side::Target => &self.to_target,
            Side::Attacker => &self.to_attacker,
        };
        csr.of(beneficiary).iter().map(|&e| &self.edges[e as usize])
    }
}

const NONE: u8 = 0;
const T: u8 = 1;
const A: u8 = 2;

fn side_code(s: Side) -> u8 {
    match s {
        Side::Target => T,
        Side::Attacker => A,
    }
}

const TORN: u8 = 1;
const BLOCKED: u8 = 2;
const TOUCHED: u8 = 4;

/// Whole cascades are counted while there are at most this many distinct ones.
pub const MAX_DISTINCT_CHAINS: usize = 1 << 18;

/// Capability sums are counted in units of 1e-9 cinc; quantiles in bins of 1e-5.
const CINC_UNIT: f64 = 1e9;
const CINC_BIN: u64 = 10_000;

/// What the runs add up to, and the scratch space of one worker.
struct Acc {
    on_t: Vec<u64>,
    on_a: Vec<u64>,
    torn: Vec<u64>,
    kept_out: Vec<u64>,
    links: Vec<u64>,
    sizes: HashMap<(u32, u32), u64>,
    cap_a: HashMap<u64, u64>,
    cap_t: HashMap<u64, u64>,
    cap_sum: (u128, u128),
    cap_range: [(u64, u64); 2],
    stronger: u64,
    /// Distinct cascades (the edges that brought a state in, as a bitset); `None`
    /// once there are more than [`MAX_DISTINCT_CHAINS`].
    outcomes: Option<HashMap<Box<[u64]>, u64>>,
    // scratch
    /// The run's key: commitment `e` is honoured if `draw(key, e)` is below its threshold.
    run_key: u64,
    side: Vec<u8>,
    pend_t: Vec<u32>,
    pend_a: Vec<u32>,
    flags: Vec<u8>,
    frontier: Vec<u32>,
    next: Vec<u32>,
    touched: Vec<u32>,
    decided: Vec<(u32, u8, u32)>,
    key: Vec<u64>,
}

impl Acc {
    fn new(g: &TriggerGraph) -> Acc {
        let n = g.states.len();
        Acc {
            on_t: vec![0; n],
            on_a: vec![0; n],
            torn: vec![0; n],
            kept_out: vec![0; n],
            links: vec![0; g.edges.len()],
            sizes: HashMap::new(),
            cap_a: HashMap::new(),
            cap_t: HashMap::new(),
            cap_sum: (0, 0),
            cap_range: [(u64::MAX, 0); 2],
            stronger: 0,
            outcomes: Some(HashMap::new()),
            run_key: 0,
            side: vec![NONE; n],
            pend_t: vec![0; n],
            pend_a: vec![0; n],
            flags: vec![0; n],
            frontier: Vec::with_capacity(n),
            next: Vec::with_capacity(n),
            touched: Vec::with_capacity(n),
            decided: Vec::with_capacity(n),
            key: vec![0; g.edges.len().div_ceil(64).max(1)],
        }
    }

    fn merge(mut self, other: Acc) -> Acc {
        for (a, b) in [
            (&mut self.on_t, &other.on_t),
            (&mut self.on_a, &other.on_a),
            (&mut self.torn, &other.torn),
            (&mut self.kept_out, &other.kept_out),
            (&mut self.links, &other.links),
        ] {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        for (mine, theirs) in [(&mut self.sizes, other.sizes)] {
            for (k, v) in theirs {
                *mine.entry(k).or_insert(0) += v;
            }
        }
        for (mine, theirs) in [
            (&mut self.cap_a, other.cap_a),
            (&mut self.cap_t, other.cap_t),
        ] {
            for (k, v) in theirs {
                *mine.entry(k).or_insert(0) += v;
            }
        }
        self.cap_sum.0 += other.cap_sum.0;
        self.cap_sum.1 += other.cap_sum.1;
        for i in 0..2 {
            self.cap_range[i].0 = self.cap_range[i].0.min(other.cap_range[i].0);
            self.cap_range[i].1 = self.cap_range[i].1.max(other.cap_range[i].1);
        }
        self.stronger += other.stronger;
        self.outcomes = match (self.outcomes.take(), other.outcomes) {
            (Some(mut a), Some(b)) => {
                for (k, v) in b {
                    *a.entry(k).or_insert(0) += v;
                }
                (a.len() <= MAX_DISTINCT_CHAINS).then_some(a)
            }
            _ => None,
        };
        self
    }

    /// One run, its key in `self.run_key`; `cinc` in units of 1e-9.
    fn run(&mut self, g: &TriggerGraph, cinc: &[u64]) {
        let key = self.run_key;
        let honoured = |e: u32| u64::from(draw(key, e)) < g.edges[e as usize].threshold;
        self.side.fill(NONE);
        self.flags.fill(0);
        self.key.fill(0);
        self.side[ATTACKER as usize] = A;
        self.side[TARGET as usize] = T;
        self.frontier.clear();
        self.frontier.extend([ATTACKER, TARGET]);
        while !self.frontier.is_empty() {
            self.touched.clear();
            for &y in &self.frontier {
                let s = self.side[y as usize];
                let csr = if s == T { &g.to_target } else { &g.to_attacker };
                for &e in csr.of(y) {
                    let x = g.edges[e as usize].obligor as usize;
                    let at = self.side[x];
                    if at == s || !honoured(e) {
                        continue;
                    }
                    if at != NONE {
                        self.flags[x] |= TORN;
                        continue;
                    }
                    let pend = if s == T {
                        &mut self.pend_t[x]
                    } else {
                        &mut self.pend_a[x]
                    };
                    if *pend == 0 {
                        *pend = e + 1;
                    }
                    if self.flags[x] & TOUCHED == 0 {
                        self.flags[x] |= TOUCHED;
                        self.touched.push(x as u32);
                    }
                }
            }
            self.decided.clear();
            for &x in &self.touched {
                let xi = x as usize;
                let (t, a) = (self.pend_t[xi], self.pend_a[xi]);
                self.pend_t[xi] = 0;
                self.pend_a[xi] = 0;
                self.flags[xi] &= !TOUCHED;
                if t > 0 && a > 0 {
                    self.flags[xi] |= TORN;
                }
                let barred = |join: u8| {
                    g.stay_out.of(x).iter().any(|&e| {
                        let edge = &g.edges[e as usize];
                        let b_side = side_code(edge.side);
                        b_side != join
                            && self.side[edge.beneficiary as usize] == b_side
                            && honoured(e)
                    })
                };
                if t > 0 && !barred(T) {
                    self.decided.push((x, T, t - 1));
                } else if a > 0 && !barred(A) {
                    self.decided.push((x, A, a - 1));
                } else {
                    self.flags[xi] |= BLOCKED;
                }
            }
            self.next.clear();
            for &(x, s, e) in &self.decided {
                self.side[x as usize] = s;
                self.key[e as usize / 64] |= 1 << (e % 64);
                self.links[e as usize] += 1;
                self.next.push(x);
            }
            std::mem::swap(&mut self.frontier, &mut self.next);
        }
        let (mut na, mut nt, mut ca, mut ct) = (0u32, 0u32, 0u64, 0u64);
        for (i, (&s, &f)) in self.side.iter().zip(&self.flags).enumerate() {
            match s {
                T => {
                    self.on_t[i] += 1;
                    nt += 1;
                    ct += cinc[i];
                }
                A => {
                    self.on_a[i] += 1;
                    na += 1;
                    ca += cinc[i];
                }
                _ => {
                    if f & BLOCKED != 0 {
                        self.kept_out[i] += 1;
                    }
                }
            }
            if f & TORN != 0 {
                self.torn[i] += 1;
            }
        }
        *self.sizes.entry((na, nt)).or_insert(0) += 1;
        *self.cap_a.entry(ca / CINC_BIN).or_insert(0) += 1;
        *self.cap_t.entry(ct / CINC_BIN).or_insert(0) += 1;
        self.cap_sum.0 += u128::from(ca);
        self.cap_sum.1 += u128::from(ct);
        for (i, v) in [ca, ct].into_iter().enumerate() {
            self.cap_range[i].0 = self.cap_range[i].0.min(v);
            self.cap_range[i].1 = self.cap_range[i].1.max(v);
        }
        if ct > ca {
            self.stronger += 1;
        }
        if let Some(map) = &mut self.outcomes {
            match map.get_mut(&self.key[..]) {
                Some(n) => *n += 1,
                None => {
                    map.insert(self.key.clone().into_boxed_slice(), 1);
                    if map.len() > MAX_DISTINCT_CHAINS {
                        self.outcomes = None;
                    }
                }
            }
        }
    }
}

/// The draw of commitment `e` in the run whose key is `key`: the `e`-th output of
/// SplitMix64 seeded with the key (its high 32 bits). Each commitment has its own
/// draw whatever order the war spreads in, so two runs with the same seed and
/// different probabilities are coupled: a commitment honoured at a probability is
/// honoured at every higher one.
#[inline]
pub fn draw(key: u64, e: u32) -> u32 {
    let mut z = key.wrapping_add((u64::from(e) + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ((z ^ (z >> 31)) >> 32) as u32
}

/// The generator of run `run`: ChaCha8 seeded with `seed`, on stream `run`; its
/// first 64 bits are the run's key.
pub fn run_rng(seed: u64, run: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(run);
    rng
}

/// A distribution's summary.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dist {
    /// Mean.
    pub mean: f64,
    /// Smallest.
    pub min: f64,
    /// 5th percentile.
    pub p05: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Largest.
    pub max: f64,
}

impl Dist {
    /// From (value, weight) pairs.
    fn of(mut values: Vec<(f64, u64)>) -> Dist {
        values.sort_by(|a, b| a.0.total_cmp(&b.0));
        let total: u64 = values.iter().map(|v| v.1).sum();
        let mean = values.iter().map(|(v, w)| v * *w as f64).sum::<f64>() / total as f64;
        let quantile = |q: f64| -> f64 {
            let rank = ((q * total as f64).ceil() as u64).clamp(1, total);
            let mut acc = 0;
            for (v, w) in &values {
                acc += w;
                if acc >= rank {
                    return *v;
                }
            }
            values.last().map(|v| v.0).unwrap_or(0.0)
        };
        Dist {
            mean,
            min: values.first().map(|v| v.0).unwrap_or(0.0),
            p05: quantile(0.05),
            p50: quantile(0.5),
            p95: quantile(0.95),
            max: values.last().map(|v| v.0).unwrap_or(0.0),
        }
    }
}

/// One state's odds over the runs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StateOdds {
    /// The state.
    pub state: StateRef,
    /// Share of runs in which it is on the target's side.
    pub target_side: f64,
    /// Share of runs in which it is on the attacker's side.
    pub attacker_side: f64,
    /// Share of runs in which both sides called on it (honoured calls).
    pub torn: f64,
    /// Share of runs in which it was called but stayed out, kept out by a neutrality or nonaggression commitment.
    pub kept_out: f64,
    /// Its NMC cinc in the year, if known.
    pub cinc: Option<f64>,
}

/// How many runs had coalitions of given sizes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SizeCount {
    /// States on the attacker's side (the attacker included).
    pub attacker_side: u32,
    /// States on the target's side (the target included).
    pub target_side: u32,
    /// Runs.
    pub runs: u64,
    /// Share of runs.
    pub share: f64,
}

/// Coalition sizes over the runs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Coalitions {
    /// The attacker's side.
    pub attacker_side: Dist,
    /// The target's side.
    pub target_side: Dist,
    /// Joint sizes, most common first.
    pub joint: Vec<SizeCount>,
}

/// The capability balance over the runs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Balance {
    /// The NMC year used.
    pub year: i16,
    /// Sum of cinc on the attacker's side.
    pub attacker_side: Dist,
    /// Sum of cinc on the target's side.
    pub target_side: Dist,
    /// Share of runs in which the target's side has the larger sum.
    pub target_side_stronger: f64,
    /// States in the graph without a cinc value that year (counted as 0).
    pub missing_cinc: Vec<StateRef>,
}

/// Who brought whom in.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Link {
    /// The state already at war.
    pub from: StateRef,
    /// The state it brought in.
    pub to: StateRef,
    /// The side joined.
    pub side: Side,
    /// Defense or offense.
    pub kind: ObligationKind,
    /// The agreements.
    pub agreements: Vec<String>,
    /// Triggered or possibly triggered.
    pub verdict: Verdict,
}

/// A whole cascade and how often it happened.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Chain {
    /// Runs.
    pub runs: u64,
    /// Share of runs.
    pub share: f64,
    /// The links, in the order the war spread (empty: no one joined).
    pub links: Vec<Link>,
}

/// How often a link happened.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LinkOdds {
    /// The link.
    pub link: Link,
    /// Share of runs.
    pub share: f64,
}

/// The size of the trigger graph.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GraphSize {
    /// States that could be drawn in, the belligerents included.
    pub states: usize,
    /// Commitments to act (defense, offense).
    pub to_act: usize,
    /// Commitments to stay out (neutrality, nonaggression).
    pub to_stay_out: usize,
}

/// The result of a simulation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Simulation {
    /// The scenario.
    pub scenario: Scenario,
    /// The attacker.
    pub attacker: StateRef,
    /// The target.
    pub target: StateRef,
    /// The options.
    pub options: SimOptions,
    /// The model's assumptions.
    pub assumptions: Vec<String>,
    /// The trigger graph's size.
    pub graph: GraphSize,
    /// Each state's odds, the most likely to join first.
    pub states: Vec<StateOdds>,
    /// Coalition sizes.
    pub coalitions: Coalitions,
    /// Capability balance, if NMC is loaded.
    pub capability: Option<Balance>,
    /// The most common cascades; `None` when the runs produced more than
    /// [`MAX_DISTINCT_CHAINS`] distinct ones (the per-link shares stand in).
    pub chains: Option<Vec<Chain>>,
    /// Every link that happened, the most frequent first.
    pub links: Vec<LinkOdds>,
    /// With empirical rates: every commitment of the trigger graph, with the rate
    /// it was drawn with and where the rate comes from.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rates: Vec<CommitmentRate>,
}

/// A commitment's empirical honouring rate, and where it comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CommitmentRate {
    /// The state that owes.
    pub obligor: StateRef,
    /// The state owed.
    pub beneficiary: StateRef,
    /// The obligation's kind.
    pub kind: ObligationKind,
    /// The agreements that carry it.
    pub agreements: Vec<String>,
    /// The probability it is honoured.
    pub probability: f64,
    /// How the probability was reached.
    pub source: String,
}

/// The assumption stated instead of the last of [`ASSUMPTIONS`] with empirical rates.
pub const EMPIRICAL_ASSUMPTION: &str = "Honouring probabilities are estimates from the reliability record (`foedus reliability`): each commitment's type's rate in the era of the attack (before 1945, or from 1945 on), shrunk toward the record of the agreements that carry it as the mean of a beta-binomial posterior, the type's rate weighing 10 cases: p = (h + 10 p_type) / (h + v + 10). Rates over past wars and disputes, judged as the record judges them, not forecasts.";

/// The most runs a simulation does unless the user raises the limit (the HTTP API
/// does not): about a second on two cores for a scenario of the size of 1914.
pub const MAX_RUNS: u64 = 100_000;

/// `runs` if it is from 1 to `max` (normally [`MAX_RUNS`]).
pub fn runs_within(runs: u64, max: u64) -> Result<u64, ScenarioError> {
    match runs {
        0 => Err(ScenarioError::ZeroRuns),
        r if r > max => Err(ScenarioError::TooManyRuns { runs, max }),
        r => Ok(r),
    }
}

/// Watches a simulation as it goes: told of runs as they finish, asked whether to stop.
pub trait Watch: Sync {
    /// `runs` more runs are done.
    fn done(&self, runs: u64);
    /// True to stop: runs not started are not started.
    fn stop(&self) -> bool;
}

/// A simulation no one watches.
struct Unwatched;

impl Watch for Unwatched {
    fn done(&self, _: u64) {}
    fn stop(&self) -> bool {
        false
    }
}

/// Runs the cascade `options.runs` times.
pub fn simulate(
    index: &CasusFoederis,
    scenario: &Scenario,
    options: &SimOptions,
) -> Result<Simulation, ScenarioError> {
    simulate_watched(index, scenario, options, &Unwatched)
}

/// [`simulate`], telling `watch` of the runs done and stopping when it asks
/// ([`ScenarioError::Stopped`] says how many runs were done).
pub fn simulate_watched(
    index: &CasusFoederis,
    scenario: &Scenario,
    options: &SimOptions,
    watch: &dyn Watch,
) -> Result<Simulation, ScenarioError> {
    if options.runs == 0 {
        return Err(ScenarioError::ZeroRuns);
    }
    let mut g = TriggerGraph::build(index, scenario, &options.honour, options.possibly)?;
    if let Some(e) = &options.empirical {
        g.calibrate(e, scenario.date);
    }
    let year = scenario.date.year();
    let cinc: Vec<Option<f64>> = g.states.iter().map(|c| index.cinc(*c, year)).collect();
    let fixed: Vec<u64> = cinc
        .iter()
        .map(|c| (c.unwrap_or(0.0) * CINC_UNIT).round() as u64)
        .collect();
    let (acc, done) = run_all(&g, options.runs, options.seed, &fixed, watch);
    if done < options.runs {
        return Err(ScenarioError::Stopped {
            done,
            asked: options.runs,
        });
    }
    Ok(summarise(index, scenario, options, &g, &cinc, acc))
}

/// Every run, in parallel over fixed chunks of runs: the sums do not depend on the
/// number of threads. Returns the sums and the number of runs done (fewer than
/// `runs` if `watch` stopped them).
fn run_all(g: &TriggerGraph, runs: u64, seed: u64, cinc: &[u64], watch: &dyn Watch) -> (Acc, u64) {
    const CHUNK: u64 = 4096;
    let chunks = runs.div_ceil(CHUNK);
    let done = std::sync::atomic::AtomicU64::new(0);
    // `Err` stops every worker at its next chunk.
    let acc = (0..chunks)
        .into_par_iter()
        .try_fold(
            || Acc::new(g),
            |mut acc, chunk| {
                if watch.stop() {
                    return Err(());
                }
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                let first = chunk * CHUNK;
                let last = (first + CHUNK).min(runs);
                for run in first..last {
                    rng.set_stream(run);
                    acc.run_key = rng.next_u64();
                    acc.run(g, cinc);
                }
                done.fetch_add(last - first, std::sync::atomic::Ordering::Relaxed);
                watch.done(last - first);
                Ok(acc)
            },
        )
        .try_reduce(|| Acc::new(g), |a, b| Ok(Acc::merge(a, b)))
        .unwrap_or_else(|()| Acc::new(g));
    (acc, done.into_inner())
}

fn summarise(
    index: &CasusFoederis,
    scenario: &Scenario,
    options: &SimOptions,
    g: &TriggerGraph,
    cinc: &[Option<f64>],
    acc: Acc,
) -> Simulation {
    let runs = options.runs;
    let share = |n: u64| n as f64 / runs as f64;
    let n = g.states.len();
    let state = |i: u32| index.state(g.states[i as usize]);
    let mut states: Vec<StateOdds> = (0..n)
        .map(|i| StateOdds {
            state: state(i as u32),
            target_side: share(acc.on_t[i]),
            attacker_side: share(acc.on_a[i]),
            torn: share(acc.torn[i]),
            kept_out: share(acc.kept_out[i]),
            cinc: cinc[i],
        })
        .collect();
    states.sort_by(|a, b| {
        (b.target_side + b.attacker_side)
            .total_cmp(&(a.target_side + a.attacker_side))
            .then(a.state.ccode.cmp(&b.state.ccode))
    });
    let mut joint: Vec<SizeCount> = acc
        .sizes
        .into_iter()
        .map(|((a, t), r)| SizeCount {
            attacker_side: a,
            target_side: t,
            runs: r,
            share: share(r),
        })
        .collect();
    joint.sort_by(|a, b| {
        b.runs
            .cmp(&a.runs)
            .then((a.attacker_side, a.target_side).cmp(&(b.attacker_side, b.target_side)))
    });
    let sizes = |pick: fn(&SizeCount) -> u32| {
        Dist::of(joint.iter().map(|s| (f64::from(pick(s)), s.runs)).collect())
    };
    let coalitions = Coalitions {
        attacker_side: sizes(|s| s.attacker_side),
        target_side: sizes(|s| s.target_side),
        joint,
    };
    let capability = index.nmc_span().map(|_| {
        let dist = |bins: HashMap<u64, u64>, sum: u128, (min, max): (u64, u64)| {
            let mut d = Dist::of(
                bins.into_iter()
                    .map(|(b, w)| ((b * CINC_BIN) as f64 / CINC_UNIT, w))
                    .collect(),
            );
            d.mean = sum as f64 / CINC_UNIT / runs as f64;
            d.min = min as f64 / CINC_UNIT;
            d.max = max as f64 / CINC_UNIT;
            d
        };
        Balance {
            year: scenario.date.year(),
            attacker_side: dist(acc.cap_a, acc.cap_sum.0, acc.cap_range[0]),
            target_side: dist(acc.cap_t, acc.cap_sum.1, acc.cap_range[1]),
            target_side_stronger: share(acc.stronger),
            missing_cinc: (0..n)
                .filter(|&i| cinc[i].is_none())
                .map(|i| state(i as u32))
                .collect(),
        }
    });
    let link = |e: usize| {
        let edge = &g.edges[e];
        Link {
            from: state(edge.beneficiary),
            to: state(edge.obligor),
            side: edge.side,
            kind: edge.kind,
            agreements: edge.agreements.clone(),
            verdict: edge.verdict,
        }
    };
    let chains = acc.outcomes.map(|map| {
        let mut outcomes: Vec<(Box<[u64]>, u64)> = map.into_iter().collect();
        outcomes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        outcomes
            .iter()
            .take(options.top_chains)
            .map(|(key, count)| Chain {
                runs: *count,
                share: share(*count),
                links: ordered_links(g, key).into_iter().map(link).collect(),
            })
            .collect()
    });
    let mut links: Vec<(usize, u64)> = acc
        .links
        .into_iter()
        .enumerate()
        .filter(|(_, r)| *r > 0)
        .collect();
    links.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let acts = g.edges.iter().filter(|e| e.acts()).count();
    Simulation {
        scenario: scenario.clone(),
        attacker: index.state(scenario.attacker),
        target: index.state(scenario.target),
        options: options.clone(),
        assumptions: ASSUMPTIONS
            .iter()
            .enumerate()
            .map(|(i, s)| match &options.empirical {
                Some(_) if i + 1 == ASSUMPTIONS.len() => EMPIRICAL_ASSUMPTION.to_string(),
                _ => s.to_string(),
            })
            .collect(),
        graph: GraphSize {
            states: n,
            to_act: acts,
            to_stay_out: g.edges.len() - acts,
        },
        states,
        coalitions,
        capability,
        chains,
        links: links
            .into_iter()
            .map(|(e, r)| LinkOdds {
                link: link(e),
                share: share(r),
            })
            .collect(),
        rates: g
            .edges
            .iter()
            .filter_map(|e| {
                Some(CommitmentRate {
                    obligor: state(e.obligor),
                    beneficiary: state(e.beneficiary),
                    kind: e.kind,
                    agreements: e.agreements.clone(),
                    probability: e.honour,
                    source: e.honour_source.clone()?,
                })
            })
            .collect(),
    }
}

/// The edges of an outcome in the order the war spread: a link comes after the one
/// that brought its caller in.
fn ordered_links(g: &TriggerGraph, key: &[u64]) -> Vec<usize> {
    let mut pending: Vec<usize> = (0..g.edges.len())
        .filter(|e| key[e / 64] >> (e % 64) & 1 == 1)
        .collect();
    let mut in_war = vec![false; g.states.len()];
    in_war[ATTACKER as usize] = true;
    in_war[TARGET as usize] = true;
    let mut out = Vec::new();
    while !pending.is_empty() {
        let (ready, rest): (Vec<usize>, Vec<usize>) = pending
            .into_iter()
            .partition(|&e| in_war[g.edges[e].beneficiary as usize]);
        if ready.is_empty() {
            out.extend(rest);
            break;
        }
        for &e in &ready {
            in_war[g.edges[e].obligor as usize] = true;
        }
        out.extend(ready);
        pending = rest;
    }
    out
}

/// The sides of one run, for tests and for tracing a single cascade: for each state
/// of the graph (local index), the side it ends on, if any.
pub fn run_once(g: &TriggerGraph, seed: u64, run: u64) -> Vec<Option<Side>> {
    let mut acc = Acc::new(g);
    acc.run_key = run_rng(seed, run).next_u64();
    acc.run(g, &vec![0; g.states.len()]);
    acc.side
        .iter()
        .map(|s| match *s {
            T => Some(Side::Target),
            A => Some(Side::Attacker),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_are_uniform_and_depend_on_the_run_and_the_commitment() {
        let key = run_rng(7, 3).next_u64();
        let n = 200_000u32;
        let below = |p: f64| {
            let t = threshold(p);
            (0..n).filter(|&e| u64::from(draw(key, e)) < t).count() as f64 / f64::from(n)
        };
        for p in [0.1, 0.25, 0.5, 0.75, 0.9] {
            assert!((below(p) - p).abs() < 0.005, "{p}: {}", below(p));
        }
        assert_eq!(below(0.0), 0.0);
        assert_eq!(below(1.0), 1.0);
        assert_ne!(draw(key, 0), draw(key, 1));
        assert_ne!(run_rng(7, 3).next_u64(), run_rng(7, 4).next_u64());
        assert_eq!(run_rng(7, 3).next_u64(), key);
    }

    #[test]
    fn quantiles_are_read_from_weighted_values() {
        let d = Dist::of(vec![(1.0, 10), (2.0, 80), (3.0, 10)]);
        assert_eq!(
            (d.min, d.p05, d.p50, d.p95, d.max),
            (1.0, 1.0, 2.0, 3.0, 3.0)
        );
        assert!((d.mean - 2.0).abs() < 1e-12);
    }
}
