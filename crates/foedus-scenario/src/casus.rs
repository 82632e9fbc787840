//! The casus foederis: given an attack, who is bound to act, to stay out or to
//! consult, under which agreement, and on what condition.
//!
//! [`CasusFoederis::index`] reads a [`Registry`] once: for every directed obligation
//! of ATOP's five kinds, the spells on which it binds (the agreement operative per
//! the lifecycle engine, both states parties, the obligation's own interval, pair
//! suspensions: the rule of [`foedus_panel::in_force`]), indexed by beneficiary. A
//! query ([`CasusFoederis::evaluate`]) then looks only at the obligations owed to the
//! attacker and the target.
//!
//! Verdicts, for an obligation in force on the day:
//!
//! - *not triggered* if its kind does not apply (defense owed to the attacker, which
//!   was not attacked; offense owed to the target, which did not start the war) or a
//!   condition certainly fails (a named adversary that is not the attacker, a region
//!   the attack is not in, a provoked attack, fewer attackers than required);
//! - *possibly triggered* if no condition fails but one is left open: the scenario
//!   does not settle it (place, provocation, request, number of attackers), or the
//!   data do not say what it is (ATOP codes that a condition exists, not its content),
//!   or the obligation's dates are known only to the month or year;
//! - *triggered* otherwise.

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;

use foedus_domain::agreement::AgreementId;
use foedus_domain::lifecycle::History;
use foedus_domain::obligation::{Condition, ObligationKind, Region};
use foedus_domain::registry::Registry;
use foedus_domain::state::{Ccode, System};
use foedus_panel::in_force::{Presence, Spell, obligation_spells, presence_on};

use crate::region::{self, Fact, RegionFacts};
use crate::scenario::{Scenario, ScenarioError, Tri};

/// Lifecycles are replayed to this day: later days are outside any data.
const HORIZON: (i16, i8, i8) = (2200, 12, 31);

/// A state as reports name it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StateRef {
    /// COW code.
    pub ccode: u16,
    /// COW abbreviation.
    pub abbrev: String,
    /// Name.
    pub name: String,
}

impl std::fmt::Display for StateRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.name, self.abbrev)
    }
}

/// The side of a war a state is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The attacked state and those who join it.
    Target,
    /// The attacker and those who join it.
    Attacker,
}

impl Side {
    /// The other side.
    pub fn other(self) -> Side {
        match self {
            Side::Target => Side::Attacker,
            Side::Attacker => Side::Target,
        }
    }

    /// "the target's side" or "the attacker's side".
    pub fn describe(self) -> &'static str {
        match self {
            Side::Target => "the target's side",
            Side::Attacker => "the attacker's side",
        }
    }
}

/// Whether an obligation applies in the scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// In force, its kind applies and every condition holds.
    Triggered,
    /// No condition fails but one is left open.
    PossiblyTriggered,
    /// Its kind does not apply or a condition fails.
    NotTriggered,
    /// The attacker's own commitment toward the target, broken by the attack.
    Breached,
}

impl Verdict {
    /// In words.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Triggered => "triggered",
            Verdict::PossiblyTriggered => "possibly triggered",
            Verdict::NotTriggered => "not triggered",
            Verdict::Breached => "breached by the attack",
        }
    }
}

/// What the scenario settles about one condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// It holds.
    Holds,
    /// It is left open.
    Open,
    /// It fails.
    Fails,
}

/// One condition and what the scenario settles about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Check {
    /// The condition, in words.
    pub condition: String,
    /// Holds, open or fails.
    pub outcome: Outcome,
    /// Why.
    pub why: String,
}

/// An agreement as findings cite it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AgreementRef {
    /// The foedus id.
    pub id: AgreementId,
    /// The short title, else the title.
    pub title: String,
    /// The source it came from (`atop`, `starter`...), if known.
    pub source: Option<String>,
}

/// One obligation owed to the attacker or the target, and what it comes to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The state that owes.
    pub obligor: StateRef,
    /// The state owed: the attacker or the target.
    pub beneficiary: StateRef,
    /// The beneficiary's side.
    pub side: Side,
    /// What is owed.
    pub kind: ObligationKind,
    /// What it asks of the obligor in this war, in words.
    pub duty: String,
    /// The agreement.
    pub agreement: AgreementRef,
    /// The article, if recorded.
    pub clause: Option<String>,
    /// The verdict.
    pub verdict: Verdict,
    /// The open conditions (possibly triggered) or the reasons (not triggered, breached).
    pub reasons: Vec<String>,
    /// Every condition, checked.
    pub checks: Vec<Check>,
    /// In force on the day for certain, or only possibly (partial dates).
    pub certainly_in_force: bool,
}

/// A state pulled both ways.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The state.
    pub state: StateRef,
    /// What pulls it, in words.
    pub pulls: Vec<String>,
}

/// The answer to a scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluation {
    /// The scenario.
    pub scenario: Scenario,
    /// The attacker.
    pub attacker: StateRef,
    /// The target.
    pub target: StateRef,
    /// What the scenario's place settles about each region.
    pub place: RegionFacts,
    /// Obligations to act: defense owed to either belligerent, offense owed to either.
    /// Defense toward the target and offense toward the attacker are the ones that
    /// can be triggered.
    pub act: Vec<Finding>,
    /// Obligations to stay out: neutrality or nonaggression toward either side.
    pub stay_out: Vec<Finding>,
    /// Obligations to consult either side.
    pub consult: Vec<Finding>,
    /// Obligations between the attacker and the target themselves.
    pub between_belligerents: Vec<Finding>,
    /// States bound (or possibly bound) to act on one side and to act for, or stay
    /// out against, the other.
    pub conflicts: Vec<Conflict>,
    /// What the data cover, and other remarks.
    pub notes: Vec<String>,
}

/// One directed obligation in the index.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub obligor: Ccode,
    pub beneficiary: Ccode,
    pub kind: ObligationKind,
    pub agreement: u32,
    pub conditions: Vec<Condition>,
    pub clause: Option<String>,
    /// States the agreement names as its specific threat (ATOP `statthr1`, `statthr2`).
    pub threats: Vec<Ccode>,
    pub spells: Vec<Spell>,
}

#[derive(Clone, Debug)]
struct StateInfo {
    abbrev: String,
    name: String,
    cow: Vec<(Date, Option<Date>)>,
}

/// A source holding agreements, and its years.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// Source name.
    pub source: String,
    /// First and last year.
    pub span: Option<(i16, i16)>,
    /// A register kept current by hand (the starter, records, edits): it speaks for
    /// every year from its first on, today included.
    pub kept_current: bool,
}

impl Coverage {
    fn covers(&self, year: i16) -> bool {
        self.span
            .is_some_and(|(a, b)| a <= year && (year <= b || self.kept_current))
    }
}

/// The obligations of a registry snapshot, indexed for scenarios. Built once per
/// snapshot; owns what it needs, so it can outlive the registry.
#[derive(Clone, Debug)]
pub struct CasusFoederis {
    pub(crate) entries: Vec<Entry>,
    by_beneficiary: HashMap<Ccode, Vec<u32>>,
    agreements: Vec<AgreementRef>,
    states: HashMap<Ccode, StateInfo>,
    coverage: Vec<Coverage>,
    cow_span: Option<(i16, i16)>,
    cinc: HashMap<(Ccode, i16), f64>,
    nmc_span: Option<(i16, i16)>,
    skipped: Vec<(AgreementId, String)>,
}

/// An agreement left out, with the lifecycle error that kept it out.
type Skipped = (AgreementId, String);

/// What pulls a state: the sides it is bound to join, those it is barred from, in words.
type Pulls = (StateRef, Vec<Side>, Vec<Side>, Vec<String>);

/// The kinds a scenario looks at: ATOP's five.
fn indexed(kind: ObligationKind) -> bool {
    kind.is_atop()
}

fn threats(
    attributes: &std::collections::BTreeMap<String, String>,
    phase: Option<u16>,
) -> Vec<Ccode> {
    let get = |col: &str| -> Option<Ccode> {
        let v = phase
            .and_then(|p| attributes.get(&format!("ph{p}.{col}")))
            .or_else(|| attributes.get(&format!("a.{col}")))?;
        v.trim().parse::<u16>().ok().filter(|n| *n > 0).map(Ccode)
    };
    ["statthr1", "statthr2"]
        .iter()
        .filter_map(|c| get(c))
        .collect()
}

impl CasusFoederis {
    /// Indexes every directed obligation of ATOP's five kinds in `registry`.
    pub fn index(registry: &Registry) -> CasusFoederis {
        use rayon::prelude::*;
        let horizon = Date::new(HORIZON.0, HORIZON.1, HORIZON.2).expect("a valid day");
        let per: Vec<(Vec<Entry>, Option<Skipped>)> = registry
            .agreements()
            .par_iter()
            .enumerate()
            .map(|(ai, a)| {
                if !a.obligations.iter().any(|o| indexed(o.kind)) {
                    return (Vec::new(), None);
                }
                let h = match History::replay(a, horizon) {
                    Ok(h) => h,
                    Err(e) => return (Vec::new(), Some((a.id.clone(), e.to_string()))),
                };
                let entries = obligation_spells(a, &h)
                    .into_iter()
                    .filter_map(|s| {
                        let o = &a.obligations[s.obligation];
                        (indexed(o.kind) && !s.spells.is_empty() && o.obligor != o.beneficiary)
                            .then(|| Entry {
                                obligor: o.obligor,
                                beneficiary: o.beneficiary,
                                kind: o.kind,
                                agreement: ai as u32,
                                conditions: o.conditions.clone(),
                                clause: o.clause.clone(),
                                threats: threats(&a.attributes, o.phase),
                                spells: s.spells,
                            })
                    })
                    .collect();
                (entries, None)
            })
            .collect();
        let mut entries = Vec::new();
        let mut skipped = Vec::new();
        for (es, skip) in per {
            entries.extend(es);
            skipped.extend(skip);
        }
        let mut by_beneficiary: HashMap<Ccode, Vec<u32>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            by_beneficiary
                .entry(e.beneficiary)
                .or_default()
                .push(i as u32);
        }
        let agreements = registry
            .agreements()
            .iter()
            .map(|a| AgreementRef {
                id: a.id.clone(),
                title: a.short_title.clone().unwrap_or_else(|| a.title.clone()),
                source: registry.origin(&a.id).map(str::to_string),
            })
            .collect();
        let mut states = HashMap::new();
        for s in registry.states() {
            if let Some(c) = s.ccode {
                states.entry(c).or_insert_with(|| StateInfo {
                    abbrev: s.abbrev.clone(),
                    name: s.name.clone(),
                    cow: s.spells(System::Cow).map(|m| (m.start, m.end)).collect(),
                });
            }
        }
        let holding: std::collections::BTreeSet<&str> = registry
            .agreements()
            .iter()
            .filter_map(|a| registry.origin(&a.id))
            .collect();
        let coverage = registry
            .sources()
            .iter()
            .filter(|s| holding.contains(s.source.as_str()))
            .map(|s| Coverage {
                source: s.source.clone(),
                span: s.span,
                kept_current: s.kept_current,
            })
            .collect();
        let cinc = registry
            .capabilities()
            .iter()
            .filter_map(|c| c.cinc.map(|v| ((c.ccode, c.year), v)))
            .collect();
        CasusFoederis {
            entries,
            by_beneficiary,
            agreements,
            states,
            coverage,
            cow_span: registry.source("cow-states").and_then(|s| {
                // The store records the years a source spans; a registry built
                // otherwise may not: then the years of the COW spells.
                s.span.or_else(|| {
                    let years: Vec<i16> = registry
                        .states()
                        .iter()
                        .flat_map(|s| s.spells(System::Cow))
                        .flat_map(|m| [Some(m.start.year()), m.end.map(|e| e.year())])
                        .flatten()
                        .collect();
                    years.iter().min().copied().zip(years.iter().max().copied())
                })
            }),
            cinc,
            nmc_span: registry.source("nmc").and_then(|s| s.span),
            skipped,
        }
    }

    /// How many directed obligations are indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True if none are.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Agreements left out because their records break a lifecycle rule, with the error.
    pub fn skipped(&self) -> &[(AgreementId, String)] {
        &self.skipped
    }

    /// The sources holding agreements, with their years.
    pub fn coverage(&self) -> &[Coverage] {
        &self.coverage
    }

    /// A state as reports name it.
    pub fn state(&self, c: Ccode) -> StateRef {
        if let Some(s) = self.states.get(&c) {
            return StateRef {
                ccode: c.0,
                abbrev: s.abbrev.clone(),
                name: s.name.clone(),
            };
        }
        match c.known() {
            Some(k) => StateRef {
                ccode: c.0,
                abbrev: k.cow.to_string(),
                name: k.name.to_string(),
            },
            None => StateRef {
                ccode: c.0,
                abbrev: format!("#{}", c.0),
                name: format!("state {}", c.0),
            },
        }
    }

    pub(crate) fn agreement(&self, i: u32) -> &AgreementRef {
        &self.agreements[i as usize]
    }

    /// The NMC composite index of capabilities of a state in a year, if known.
    pub fn cinc(&self, c: Ccode, year: i16) -> Option<f64> {
        self.cinc.get(&(c, year)).copied()
    }

    /// The years NMC covers, if loaded.
    pub fn nmc_span(&self) -> Option<(i16, i16)> {
        self.nmc_span
    }

    /// What the registry's agreement data cover, in words.
    pub fn describe_coverage(&self) -> String {
        if self.coverage.is_empty() {
            return "no agreements".into();
        }
        self.coverage
            .iter()
            .map(|c| match c.span {
                Some((a, _)) if c.kept_current => {
                    format!("{} {a} on (a register kept current)", c.source)
                }
                Some((a, b)) => format!("{} {a}–{b}", c.source),
                None => format!("{} (no span recorded)", c.source),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Checks a scenario against what the registry knows: two different known states,
    /// a date the agreement data cover, both states members of the COW system that
    /// day (where the COW data cover it).
    pub fn validate(&self, s: &Scenario) -> Result<(), ScenarioError> {
        for c in [s.attacker, s.target] {
            if !self.states.contains_key(&c) && c.known().is_none() {
                return Err(ScenarioError::UnknownState(c.0.to_string()));
            }
        }
        if s.attacker == s.target {
            return Err(ScenarioError::SameState(self.state(s.attacker).to_string()));
        }
        if s.attackers == Some(0) {
            return Err(ScenarioError::ZeroAttackers);
        }
        let year = s.date.year();
        let dated: Vec<&Coverage> = self.coverage.iter().filter(|c| c.span.is_some()).collect();
        // Agreements whose source is not recorded (hand-built registries) cover any day.
        if (self.coverage.is_empty() && self.entries.is_empty())
            || (!dated.is_empty() && !dated.iter().any(|c| c.covers(year)))
        {
            return Err(ScenarioError::DateOutsideData {
                date: s.date,
                covers: self.describe_coverage(),
            });
        }
        if let Some((a, b)) = self.cow_span
            && a <= year
            && year <= b
        {
            for c in [s.attacker, s.target] {
                let Some(info) = self.states.get(&c) else {
                    continue;
                };
                let member = info
                    .cow
                    .iter()
                    .any(|(from, until)| *from <= s.date && until.is_none_or(|u| s.date <= u));
                if !member {
                    let spells = if info.cow.is_empty() {
                        "never a member".to_string()
                    } else {
                        let list: Vec<String> = info
                            .cow
                            .iter()
                            .map(|(f, u)| match u {
                                Some(u) => format!("{f} to {u}"),
                                None => format!("from {f}"),
                            })
                            .collect();
                        format!("member {}", list.join(", "))
                    };
                    return Err(ScenarioError::NotAMember {
                        state: self.state(c).to_string(),
                        date: s.date,
                        spells,
                    });
                }
            }
        }
        Ok(())
    }

    /// The obligations owed to `beneficiary` that bind on `date` (certainly or possibly).
    pub(crate) fn toward(
        &self,
        beneficiary: Ccode,
        date: Date,
    ) -> impl Iterator<Item = (u32, Presence)> + '_ {
        self.by_beneficiary
            .get(&beneficiary)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .filter_map(move |&i| {
                let p = presence_on(&self.entries[i as usize].spells, date);
                (p != Presence::Absent).then_some((i, p))
            })
    }

    /// What the coded commitments say about an attack.
    pub fn evaluate(&self, s: &Scenario) -> Result<Evaluation, ScenarioError> {
        self.validate(s)?;
        let facts = RegionFacts::derive(&s.place, s.target);
        let mut act = Vec::new();
        let mut stay_out = Vec::new();
        let mut consult = Vec::new();
        let mut between = Vec::new();
        for (side, beneficiary) in [(Side::Target, s.target), (Side::Attacker, s.attacker)] {
            for t in self.judge_toward(s, &facts, side) {
                let e = &self.entries[t.entry as usize];
                let finding = Finding {
                    obligor: self.state(e.obligor),
                    beneficiary: self.state(beneficiary),
                    side,
                    kind: e.kind,
                    duty: duty(e.kind, side, &self.state(e.beneficiary)),
                    agreement: self.agreement(e.agreement).clone(),
                    clause: e.clause.clone(),
                    verdict: t.judged.verdict,
                    reasons: t.judged.reasons,
                    checks: t.judged.checks,
                    certainly_in_force: t.presence == Presence::Certain,
                };
                let list = if t.belligerent {
                    &mut between
                } else {
                    match e.kind {
                        ObligationKind::Defense | ObligationKind::Offense => &mut act,
                        ObligationKind::Neutrality | ObligationKind::Nonaggression => &mut stay_out,
                        _ => &mut consult,
                    }
                };
                list.push(finding);
            }
        }
        for list in [&mut act, &mut stay_out, &mut consult, &mut between] {
            list.sort_by(|a, b| {
                (a.verdict, a.side, a.obligor.ccode, a.kind, &a.agreement.id).cmp(&(
                    b.verdict,
                    b.side,
                    b.obligor.ccode,
                    b.kind,
                    &b.agreement.id,
                ))
            });
        }
        let conflicts = conflicts(&act, &stay_out);
        let mut notes = vec![format!(
            "agreement data: {}; obligations of ATOP's five kinds indexed: {}",
            self.describe_coverage(),
            self.entries.len()
        )];
        let year = s.date.year();
        let beyond: Vec<String> = self
            .coverage
            .iter()
            .filter(|c| !c.kept_current && c.span.is_some_and(|(_, b)| b < year))
            .map(|c| c.source.clone())
            .collect();
        if !beyond.is_empty() {
            notes.push(format!(
                "{} ends before {year}: its open-ended records are taken to continue",
                beyond.join(", ")
            ));
        }
        if !self.skipped.is_empty() {
            notes.push(format!(
                "{} agreements are left out: their records break a lifecycle rule (first: {} — {})",
                self.skipped.len(),
                self.skipped[0].0,
                self.skipped[0].1
            ));
        }
        Ok(Evaluation {
            scenario: s.clone(),
            attacker: self.state(s.attacker),
            target: self.state(s.target),
            place: facts,
            act,
            stay_out,
            consult,
            between_belligerents: between,
            conflicts,
            notes,
        })
    }

    /// The obligations owed to the scenario's belligerent on `side`, in force on its
    /// day, judged: one per (obligor, kind, agreement), the best verdict (and,
    /// between equal ones, one certainly in force), in the order first met. The
    /// scenario is taken as valid ([`CasusFoederis::validate`]).
    pub(crate) fn judge_toward(
        &self,
        s: &Scenario,
        facts: &RegionFacts,
        side: Side,
    ) -> Vec<Toward> {
        let beneficiary = match side {
            Side::Target => s.target,
            Side::Attacker => s.attacker,
        };
        let ctx = Ctx {
            scenario: s,
            facts,
            side,
            original: true,
        };
        let mut out: Vec<Toward> = Vec::new();
        let mut seen: HashMap<(Ccode, ObligationKind, u32), usize> = HashMap::new();
        for (i, presence) in self.toward(beneficiary, s.date) {
            let e = &self.entries[i as usize];
            let belligerent = e.obligor == s.attacker || e.obligor == s.target;
            let judged = if belligerent {
                self.judge_belligerent(e, s)
            } else {
                self.judge(e, presence, &ctx)
            };
            let t = Toward {
                entry: i,
                presence,
                belligerent,
                judged,
            };
            match seen.get(&(e.obligor, e.kind, e.agreement)) {
                Some(&at) => {
                    let held = &mut out[at];
                    if t.rank() < held.rank() {
                        *held = t;
                    }
                }
                None => {
                    seen.insert((e.obligor, e.kind, e.agreement), out.len());
                    out.push(t);
                }
            }
        }
        out
    }

    /// What identifies an indexed obligation's commitment: obligor, kind, agreement.
    pub(crate) fn entry_key(&self, i: u32) -> (Ccode, ObligationKind, u32) {
        let e = &self.entries[i as usize];
        (e.obligor, e.kind, e.agreement)
    }

    /// The obligor, kind and agreement (id, title) of an indexed obligation.
    pub(crate) fn entry(&self, i: u32) -> (Ccode, ObligationKind, &AgreementRef) {
        let e = &self.entries[i as usize];
        (e.obligor, e.kind, self.agreement(e.agreement))
    }

    fn judge_belligerent(&self, e: &Entry, s: &Scenario) -> Judged {
        let (verdict, reason) = if e.obligor == s.attacker {
            match e.kind {
                ObligationKind::Defense
                | ObligationKind::Nonaggression
                | ObligationKind::Neutrality => (
                    Verdict::Breached,
                    format!(
                        "the attacker's own {} commitment toward the target: the attack breaks it",
                        e.kind.name()
                    ),
                ),
                _ => (
                    Verdict::NotTriggered,
                    format!(
                        "the attacker's {} commitment toward the target",
                        e.kind.name()
                    ),
                ),
            }
        } else {
            (
                Verdict::NotTriggered,
                format!(
                    "the target's {} commitment toward its attacker: it does not bind against the attack",
                    e.kind.name()
                ),
            )
        };
        Judged {
            verdict,
            reasons: vec![reason],
            checks: Vec::new(),
        }
    }

    /// The verdict on one obligation in force (`presence`) toward a beneficiary on `ctx.side`.
    pub(crate) fn judge(&self, e: &Entry, presence: Presence, ctx: &Ctx<'_>) -> Judged {
        let s = ctx.scenario;
        match (e.kind, ctx.side) {
            (ObligationKind::Defense, Side::Attacker) => {
                return Judged::not(if ctx.original {
                    "a defense obligation toward the attacker, which was not attacked".into()
                } else {
                    "a defense obligation toward a state that joined the attack".into()
                });
            }
            (ObligationKind::Offense, Side::Target) => {
                return Judged::not(if ctx.original {
                    "an offense obligation toward the target: it binds in a war the target starts, not in its defense".into()
                } else {
                    "an offense obligation toward a state defending against the attack".into()
                });
            }
            _ => {}
        }
        let adversary = match ctx.side {
            Side::Target => s.attacker,
            Side::Attacker => s.target,
        };
        let mut checks: Vec<Check> = e
            .conditions
            .iter()
            .map(|c| self.check(c, e, adversary, ctx))
            .collect();
        if presence == Presence::Possible {
            let spell = e
                .spells
                .iter()
                .find(|sp| sp.on(s.date) != Presence::Absent)
                .expect("a spell covers the day");
            checks.push(Check {
                condition: "in force on the day".into(),
                outcome: Outcome::Open,
                why: format!(
                    "the dates are known only to a bound: it binds from {}{}",
                    spell.from,
                    spell
                        .until
                        .map(|u| format!(" until {u}"))
                        .unwrap_or_default()
                ),
            });
        }
        let fails: Vec<String> = checks
            .iter()
            .filter(|c| c.outcome == Outcome::Fails)
            .map(|c| format!("{}: {}", c.condition, c.why))
            .collect();
        let open: Vec<String> = checks
            .iter()
            .filter(|c| c.outcome == Outcome::Open)
            .map(|c| format!("{}: {}", c.condition, c.why))
            .collect();
        let (verdict, reasons) = if !fails.is_empty() {
            (Verdict::NotTriggered, fails)
        } else if !open.is_empty() {
            (Verdict::PossiblyTriggered, open)
        } else {
            (Verdict::Triggered, Vec::new())
        };
        Judged {
            verdict,
            reasons,
            checks,
        }
    }

    fn names(&self, states: &[Ccode]) -> String {
        states
            .iter()
            .map(|c| self.state(*c).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn check(&self, c: &Condition, e: &Entry, adversary: Ccode, ctx: &Ctx<'_>) -> Check {
        let s = ctx.scenario;
        let adv = self.state(adversary);
        let (condition, outcome, why): (String, Outcome, String) = match c {
            Condition::Adversary {
                states,
                description,
            } => {
                let cond = "only against a particular adversary".to_string();
                if states.contains(&adversary) {
                    (cond, Outcome::Holds, format!("it names {adv}"))
                } else if !states.is_empty() {
                    match description {
                        Some(d) => (
                            cond,
                            Outcome::Open,
                            format!(
                                "it names {} (\"{d}\"), not {adv}; whether its wording covers {adv} is not settled",
                                self.names(states)
                            ),
                        ),
                        None => (
                            cond,
                            Outcome::Fails,
                            format!("the named adversary ({}) is not {adv}", self.names(states)),
                        ),
                    }
                } else {
                    let what = description
                        .as_ref()
                        .map(|d| format!("\"{d}\""))
                        .unwrap_or_else(|| "an adversary the data do not name".into());
                    let hint = if e.threats.is_empty() {
                        String::new()
                    } else if e.threats.contains(&adversary) {
                        format!(
                            "; the agreement names {} as its specific threat (ATOP statthr), which suggests it covers {adv}",
                            self.names(&e.threats)
                        )
                    } else {
                        format!(
                            "; the agreement names {} as its specific threat (ATOP statthr), not {adv}",
                            self.names(&e.threats)
                        )
                    };
                    (cond, Outcome::Open, format!("{what}{hint}"))
                }
            }
            Condition::Location { region } => self.location(region, e, ctx),
            Condition::SpecificConflict { description } => (
                "only in a particular conflict".into(),
                Outcome::Open,
                match description {
                    Some(d) => format!("\"{d}\": the scenario cannot match it"),
                    None => "the data do not say which; the scenario cannot match it".into(),
                },
            ),
            Condition::Attackers { min } => {
                let cond = match min {
                    Some(k) => format!("only with at least {k} attackers"),
                    None => "only with a particular number of adversaries".into(),
                };
                match (min, s.attackers) {
                    (None, _) => (
                        cond,
                        Outcome::Open,
                        "the data do not say how many (ATOP: e.g. only a bilateral war, or only against more than one state)".into(),
                    ),
                    (Some(k), Some(n)) if n >= *k => {
                        (cond, Outcome::Holds, format!("{n} attacking"))
                    }
                    (Some(_), Some(n)) => (cond, Outcome::Fails, format!("{n} attacking")),
                    (Some(k), None) if *k <= 1 => {
                        (cond, Outcome::Holds, "the attacker attacks".into())
                    }
                    (Some(_), None) => (
                        cond,
                        Outcome::Open,
                        "the number of attackers (--attackers) is not given".into(),
                    ),
                }
            }
            Condition::NotProvoked => {
                let cond = "only if the ally did not provoke the attack".to_string();
                match (ctx.side, s.provoked) {
                    (Side::Attacker, _) => (
                        cond,
                        Outcome::Fails,
                        "the beneficiary is on the attacking side".into(),
                    ),
                    (Side::Target, Tri::No) => {
                        (cond, Outcome::Holds, "the target did not provoke it".into())
                    }
                    (Side::Target, Tri::Yes) => (
                        cond,
                        Outcome::Fails,
                        "the target provoked it (--provoked yes)".into(),
                    ),
                    (Side::Target, Tri::Unknown) => (
                        cond,
                        Outcome::Open,
                        "whether the target provoked the attack (--provoked) is not given".into(),
                    ),
                }
            }
            Condition::PartnerRequest => {
                let cond = "only if the ally asks".to_string();
                match s.requested {
                    Tri::Yes => (cond, Outcome::Holds, "it asks (--requested yes)".into()),
                    Tri::No => (
                        cond,
                        Outcome::Fails,
                        "it does not ask (--requested no)".into(),
                    ),
                    Tri::Unknown => (
                        cond,
                        Outcome::Open,
                        "whether it asks (--requested) is not given".into(),
                    ),
                }
            }
            Condition::BeneficiaryAttacked => {
                let cond = "only if the ally is attacked".to_string();
                match ctx.side {
                    Side::Target => (
                        cond,
                        Outcome::Holds,
                        if ctx.original {
                            "the target is attacked".into()
                        } else {
                            "a state joining the target's side is taken to be attacked".into()
                        },
                    ),
                    Side::Attacker => (
                        cond,
                        Outcome::Fails,
                        "the beneficiary attacks; it is not attacked".into(),
                    ),
                }
            }
            Condition::Demands => (
                "only if demands in the agreement are (not) met".into(),
                Outcome::Open,
                "the scenario cannot say whether the ally or the adversary met them".into(),
            ),
            Condition::Other { description } => (
                "another condition".into(),
                Outcome::Open,
                description
                    .clone()
                    .unwrap_or_else(|| "the data do not say what it is".into()),
            ),
        };
        Check {
            condition,
            outcome,
            why,
        }
    }

    fn location(&self, region: &Region, e: &Entry, ctx: &Ctx<'_>) -> (String, Outcome, String) {
        let facts = ctx.facts;
        let cond = format!("only in {}", region::name(region));
        let place = facts.describe();
        match region {
            Region::Unspecified => (
                "only in a particular place".into(),
                Outcome::Open,
                "the data code a location condition without the place (ATOP defcoloc and friends)"
                    .into(),
            ),
            Region::Named(n) => (
                format!("only in {n}"),
                Outcome::Open,
                format!(
                    "the scenario's regions (the attack: {place}) cannot settle a place named \"{n}\""
                ),
            ),
            Region::HomeTerritory => {
                let cond = "only on the ally's home territory".to_string();
                let target = ctx.scenario.target;
                if !ctx.original || e.beneficiary != target {
                    return (
                        cond,
                        Outcome::Open,
                        "where this state would be attacked is not known".into(),
                    );
                }
                if facts.home == Fact::Yes {
                    return (
                        cond,
                        Outcome::Holds,
                        "the attack is on the target's home territory".into(),
                    );
                }
                if facts.unknown() {
                    return (
                        cond,
                        Outcome::Open,
                        "the place of the attack (--region) is not given".into(),
                    );
                }
                let own = region::continent(target).and_then(|c| facts.fact(&c));
                if own == Some(Fact::No) {
                    (
                        cond,
                        Outcome::Fails,
                        format!("the attack is in {place}, away from the target's home territory"),
                    )
                } else {
                    (
                        cond,
                        Outcome::Open,
                        format!(
                            "the attack is in {place}; whether on the target's home territory (--region home) is not given"
                        ),
                    )
                }
            }
            other => match facts.fact(other) {
                Some(Fact::Yes) => (cond, Outcome::Holds, format!("the attack is in {place}")),
                Some(Fact::No) => (cond, Outcome::Fails, format!("the attack is in {place}")),
                _ if facts.unknown() => (
                    cond,
                    Outcome::Open,
                    "the place of the attack (--region) is not given".into(),
                ),
                _ => (
                    cond,
                    Outcome::Open,
                    format!(
                        "the attack is in {place}, which may or may not be in {}",
                        region::name(other)
                    ),
                ),
            },
        }
    }
}

/// What an obligation asks of its obligor in this war.
fn duty(kind: ObligationKind, side: Side, beneficiary: &StateRef) -> String {
    let who = &beneficiary.name;
    match (kind, side) {
        (ObligationKind::Defense, Side::Target) => format!("come to the aid of {who}, attacked"),
        (ObligationKind::Defense, Side::Attacker) => format!("aid {who} if attacked (it attacks)"),
        (ObligationKind::Offense, Side::Attacker) => format!("join {who}'s attack"),
        (ObligationKind::Offense, Side::Target) => format!("join {who} in a war it starts"),
        (ObligationKind::Neutrality, _) => format!("stay out: not aid {who}'s adversary"),
        (ObligationKind::Nonaggression, _) => format!("stay out: not use force against {who}"),
        (ObligationKind::Consultation, _) => format!("consult {who}"),
        (k, _) => format!("{} toward {who}", k.name()),
    }
}

fn conflicts(act: &[Finding], stay_out: &[Finding]) -> Vec<Conflict> {
    let live = |f: &&Finding| matches!(f.verdict, Verdict::Triggered | Verdict::PossiblyTriggered);
    let mut by_state: std::collections::BTreeMap<u16, Pulls> = Default::default();
    for f in act.iter().filter(live) {
        let e = by_state
            .entry(f.obligor.ccode)
            .or_insert_with(|| (f.obligor.clone(), Vec::new(), Vec::new(), Vec::new()));
        e.1.push(f.side);
        e.3.push(format!(
            "{} ({}, {}): {}",
            f.duty,
            f.agreement.id,
            f.kind.name(),
            f.verdict.name()
        ));
    }
    for f in stay_out.iter().filter(live) {
        let e = by_state
            .entry(f.obligor.ccode)
            .or_insert_with(|| (f.obligor.clone(), Vec::new(), Vec::new(), Vec::new()));
        // Staying out toward a side keeps the state from joining the other.
        e.2.push(f.side.other());
        e.3.push(format!(
            "{} ({}, {}): {}",
            f.duty,
            f.agreement.id,
            f.kind.name(),
            f.verdict.name()
        ));
    }
    by_state
        .into_values()
        .filter(|(_, joins, barred, _)| {
            let both = joins.contains(&Side::Target) && joins.contains(&Side::Attacker);
            let barred_from_own = joins.iter().any(|s| barred.contains(s));
            both || barred_from_own
        })
        .map(|(state, _, _, pulls)| Conflict { state, pulls })
        .collect()
}

/// The context a condition is judged in.
pub(crate) struct Ctx<'a> {
    pub scenario: &'a Scenario,
    pub facts: &'a RegionFacts,
    /// The side the beneficiary is on.
    pub side: Side,
    /// The beneficiary is the attacker or the target itself, not a later joiner.
    pub original: bool,
}

/// An obligation toward a belligerent, judged ([`CasusFoederis::judge_toward`]).
pub(crate) struct Toward {
    /// Its index in the entries ([`CasusFoederis::entry`]).
    pub entry: u32,
    pub presence: Presence,
    /// Its obligor is the attacker or the target.
    pub belligerent: bool,
    pub judged: Judged,
}

impl Toward {
    /// Lower is better: the verdict, then being certainly in force.
    fn rank(&self) -> (Verdict, bool) {
        (self.judged.verdict, self.presence != Presence::Certain)
    }
}

/// A verdict with its reasons.
pub(crate) struct Judged {
    pub verdict: Verdict,
    pub reasons: Vec<String>,
    pub checks: Vec<Check>,
}

impl Judged {
    fn not(reason: String) -> Judged {
        Judged {
            verdict: Verdict::NotTriggered,
            reasons: vec![reason],
            checks: Vec::new(),
        }
    }
}
