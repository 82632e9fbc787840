//! The reliability record: every commitment that a war or a militarized dispute
//! put to the test, judged against what its obligor did.
//!
//! [`record`] goes through every COW inter-state war and every GML militarized
//! dispute that did not become one of those wars. For each belligerent (the states
//! attacked, the attackers and every state that joined either side) it asks the
//! casus foederis engine ([`CasusFoederis::evaluate`], conditions included) which
//! commitments toward that belligerent were in force on the day it entered, and
//! classifies each one:
//!
//! - `honoured`: triggered, and the obligor did what it promised: joined the
//!   beneficiary's side (defense, offense), or did not fight against it (neutrality,
//!   nonaggression);
//! - `violated`: triggered, and the obligor stayed out (defense, offense) or fought
//!   on the other side (any kind), or attacked the beneficiary itself;
//! - `not_triggered`: its kind does not apply or a condition fails (the reason names it);
//! - `undetermined`: a condition is left open by what the data say, the dates are
//!   known only to the year where the commitment's force changed in it, or the
//!   conflict data cannot say whether the promise was kept (consultation).
//!
//! The evidence of a verdict is the event's own record to its end (who joined
//! whom, when): a state that joins its ally's war late honours the commitment, as
//! in Leeds, Long & Mitchell (2000). Nothing from events that begin later is read.
//!
//! Sides: in a war, the side of COW's initiators attacks; in a dispute, side A (the
//! side that took the first militarized action). A dispute of war level whose
//! opposing pairs fight one of COW's wars in the dispute's first year is judged as
//! that war, with the war's initiators; the war takes from such disputes the day each
//! state entered, where the dispute has it in the year COW has the state enter (else
//! the year only, and a commitment whose force changes within it is undetermined).

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use jiff::civil::Date;
use serde::Serialize;

use foedus_domain::history::HistoricalData;
use foedus_domain::obligation::ObligationKind;
use foedus_domain::state::Ccode;

use crate::casus::{CasusFoederis, Side, Verdict as Casus};
use crate::region::RegionFacts;
use crate::scenario::Scenario;

/// A war or a militarized dispute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A COW inter-state war (`warnum`).
    War,
    /// A GML militarized interstate dispute (`dispnum`).
    Dispute,
}

impl EventKind {
    /// `war` or `dispute`.
    pub fn name(self) -> &'static str {
        match self {
            EventKind::War => "war",
            EventKind::Dispute => "dispute",
        }
    }
}

/// What the record says of one commitment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Triggered and kept.
    Honoured,
    /// Triggered and broken.
    Violated,
    /// Its kind does not apply or a condition fails.
    NotTriggered,
    /// The data do not settle it.
    Undetermined,
}

impl Outcome {
    /// `honoured`, `violated`, `not_triggered` or `undetermined`.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Honoured => "honoured",
            Outcome::Violated => "violated",
            Outcome::NotTriggered => "not_triggered",
            Outcome::Undetermined => "undetermined",
        }
    }
}

/// How well the day a state entered is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    /// To the day.
    Day,
    /// To the month.
    Month,
    /// To the year (COW wars without a matching dispute).
    Year,
}

/// One commitment judged in one event: a row of the verdict table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Judgement {
    /// War or dispute.
    pub event: EventKind,
    /// The war or dispute number.
    pub number: u32,
    /// The day the beneficiary entered (the first day its precision allows).
    pub date: Date,
    /// How well `date` is known.
    pub date_precision: DatePrecision,
    /// The agreement's foedus id.
    pub agreement: String,
    /// Its short title.
    pub agreement_title: String,
    /// The obligor (COW code).
    pub obligor: u16,
    /// The beneficiary (COW code).
    pub beneficiary: u16,
    /// The obligation's kind (`defense`, `offense`, `neutrality`, `nonaggression`, `consultation`).
    pub kind: ObligationKind,
    /// The verdict.
    pub verdict: Outcome,
    /// Why: the condition not met, what is missing, or what the obligor did.
    pub reason: String,
    /// The beneficiary's side: `attacker` or `target`.
    pub beneficiary_side: Side,
    /// The obligor's side in the event, if it took part.
    pub obligor_side: Option<Side>,
    /// The day the obligor entered, if it took part.
    pub obligor_entered: Option<Date>,
    /// The state taken as the attacker in the scenario judged.
    pub attacker: u16,
    /// The state taken as the target.
    pub target: u16,
    /// The disputes the war's days were taken from (wars only).
    pub disputes: Vec<u32>,
}

/// Options of [`record`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// First year of events (by the day the beneficiary entered).
    pub from: i16,
    /// Last year.
    pub to: i16,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            from: 1816,
            to: 2010,
        }
    }
}

/// The reliability record: every verdict, and what the data cover.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Record {
    /// The verdicts, by date, event, number, beneficiary, obligor, agreement, kind.
    pub judgements: Vec<Judgement>,
    /// Wars judged.
    pub wars: usize,
    /// Disputes judged (those that did not become a war).
    pub disputes: usize,
    /// Belligerents the engine could not judge, with why (not a system member that day...).
    pub skipped: Vec<String>,
    /// What the data cover, in words.
    pub notes: Vec<String>,
}

/// A belligerent of an event.
#[derive(Clone, Debug)]
struct Belligerent {
    ccode: Ccode,
    side: Side,
    /// Entered on the first day (an originator or initiator).
    original: bool,
    entered: Date,
    precision: DatePrecision,
}

/// A war or dispute, with its sides.
#[derive(Clone, Debug)]
struct Event {
    kind: EventKind,
    number: u32,
    states: Vec<Belligerent>,
    /// The disputes judged as this war, with their first years.
    disputes: Vec<(u32, i16)>,
}

impl Event {
    fn member(&self, c: Ccode) -> Option<&Belligerent> {
        self.states.iter().find(|b| b.ccode == c)
    }
}

/// Wars from COW's directed dyad-years: sides (the initiators' side attacks), and
/// the days states entered from the war-level disputes that match them.
fn wars(h: &HistoricalData) -> (Vec<Event>, BTreeSet<u32>) {
    // warnum -> ccode -> (side code, initiator, first year). A state that changed
    // sides (France in 1940, Italy in 1943) entered on the side of its first year,
    // whatever order the file lists its years in.
    let mut by_war: BTreeMap<u32, BTreeMap<Ccode, (i8, bool, i16)>> = BTreeMap::new();
    let mut pairs: HashMap<(Ccode, Ccode), Vec<(u32, i16)>> = HashMap::new();
    for w in &h.war_years {
        let states = by_war.entry(w.warnum).or_default();
        for (c, side, init) in [
            (w.ccode1, w.sidea1, w.initiator1),
            (w.ccode2, w.sidea2, w.initiator2),
        ] {
            let e = states.entry(c).or_insert((side, init, w.year));
            e.1 |= init;
            if w.year < e.2 {
                e.0 = side;
                e.2 = w.year;
            }
        }
        pairs
            .entry((w.ccode1, w.ccode2))
            .or_default()
            .push((w.warnum, w.year));
    }
    // War-level disputes matched to the war that their opposing pairs fight in the dispute's first year.
    let mut parts: HashMap<u32, Vec<&foedus_domain::history::Participant>> = HashMap::new();
    for p in &h.participants {
        parts.entry(p.dispnum).or_default().push(p);
    }
    let mut matched: BTreeMap<u32, Vec<(u32, i16)>> = BTreeMap::new();
    let mut absorbed = BTreeSet::new();
    for d in h.disputes.iter().filter(|d| d.hostlev == 5) {
        let Some(ps) = parts.get(&d.dispnum) else {
            continue;
        };
        let mut votes: BTreeMap<u32, usize> = BTreeMap::new();
        for a in ps.iter().filter(|p| p.sidea) {
            for b in ps.iter().filter(|p| !p.sidea) {
                // The war's years are read only up to the dispute's first: a
                // war that starts later leaves the dispute a dispute.
                for &(warnum, year) in pairs.get(&(a.ccode, b.ccode)).into_iter().flatten() {
                    if year == d.styear {
                        *votes.entry(warnum).or_default() += 1;
                    }
                }
            }
        }
        if let Some((&warnum, _)) = votes
            .iter()
            .max_by_key(|(w, n)| (**n, std::cmp::Reverse(**w)))
        {
            matched
                .entry(warnum)
                .or_default()
                .push((d.dispnum, d.styear));
            absorbed.insert(d.dispnum);
        }
    }
    let events = by_war
        .into_iter()
        .map(|(warnum, states)| {
            let disputes = matched.remove(&warnum).unwrap_or_default();
            let attacking: BTreeSet<i8> = states
                .values()
                .filter(|(_, init, _)| *init)
                .map(|(s, _, _)| *s)
                .collect();
            // COW codes the initiators' side; with none (or both) coded, side 1.
            let attack_side = if attacking.len() == 1 {
                *attacking.iter().next().expect("one side")
            } else {
                1
            };
            let first = states.values().map(|v| v.2).min().unwrap_or(0);
            let belligerents = states
                .into_iter()
                .map(|(c, (side, init, year))| {
                    let day = disputes
                        .iter()
                        .flat_map(|(n, _)| parts.get(n).into_iter().flatten())
                        .filter(|p| p.ccode == c && p.start.earliest().year() == year)
                        .map(|p| p.start)
                        .min_by_key(|d| d.earliest());
                    let (entered, precision) = match day {
                        Some(d) => (
                            d.earliest(),
                            if d.is_exact() {
                                DatePrecision::Day
                            } else {
                                DatePrecision::Month
                            },
                        ),
                        None => (
                            Date::new(year, 1, 1).expect("a valid year"),
                            DatePrecision::Year,
                        ),
                    };
                    Belligerent {
                        ccode: c,
                        side: if side == attack_side {
                            Side::Attacker
                        } else {
                            Side::Target
                        },
                        original: init || year == first,
                        entered,
                        precision,
                    }
                })
                .collect();
            Event {
                kind: EventKind::War,
                number: warnum,
                states: belligerents,
                disputes,
            }
        })
        .collect();
    (events, absorbed)
}

/// Disputes from GML's participants, side A attacking; those judged as wars left out.
fn disputes(h: &HistoricalData, absorbed: &BTreeSet<u32>) -> Vec<Event> {
    let mut by: BTreeMap<u32, Vec<Belligerent>> = BTreeMap::new();
    for p in &h.participants {
        if absorbed.contains(&p.dispnum) {
            continue;
        }
        let list = by.entry(p.dispnum).or_default();
        let entered = p.start.earliest();
        let precision = if p.start.is_exact() {
            DatePrecision::Day
        } else {
            DatePrecision::Month
        };
        // A state with several spells in one dispute: its first.
        match list.iter_mut().find(|b| b.ccode == p.ccode) {
            Some(b) if b.entered <= entered => {}
            Some(b) => {
                b.entered = entered;
                b.precision = precision;
                b.original |= p.orig;
            }
            None => list.push(Belligerent {
                ccode: p.ccode,
                side: if p.sidea {
                    Side::Attacker
                } else {
                    Side::Target
                },
                original: p.orig,
                entered,
                precision,
            }),
        }
    }
    by.into_iter()
        .map(|(n, states)| Event {
            kind: EventKind::Dispute,
            number: n,
            states,
            disputes: Vec::new(),
        })
        .collect()
}

/// The reliability record of every commitment in `cf` over the wars and disputes of
/// `history`, for beneficiaries entering in the years of `options`.
pub fn record(cf: &CasusFoederis, history: &HistoricalData, options: Options) -> Record {
    use rayon::prelude::*;
    let (mut events, absorbed) = wars(history);
    let nwars = events.len();
    events.extend(disputes(history, &absorbed));
    let per: Vec<(Vec<Judgement>, Vec<String>, bool)> = events
        .par_iter()
        .map(|ev| {
            let mut out = Vec::new();
            let mut skipped = Vec::new();
            let mut any = false;
            for b in &ev.states {
                let y = b.entered.year();
                if y < options.from || y > options.to {
                    continue;
                }
                any = true;
                match judge_belligerent(cf, ev, b) {
                    Ok(js) => out.extend(js),
                    Err(e) => skipped.push(format!(
                        "{} {}: {} not judged: {e}",
                        ev.kind.name(),
                        ev.number,
                        cf.state(b.ccode)
                    )),
                }
            }
            (out, skipped, any)
        })
        .collect();
    let mut judgements = Vec::new();
    let mut skipped = Vec::new();
    let (mut wars_judged, mut disputes_judged) = (0, 0);
    for (i, (js, sk, any)) in per.into_iter().enumerate() {
        if any {
            if i < nwars {
                wars_judged += 1;
            } else {
                disputes_judged += 1;
            }
        }
        judgements.extend(js);
        skipped.extend(sk);
    }
    // The keys are unique (one verdict per commitment, belligerent and event), so
    // an unstable parallel sort gives the one order.
    judgements.par_sort_unstable_by(|a, b| {
        (
            a.date,
            a.event,
            a.number,
            a.beneficiary,
            a.obligor,
            &a.agreement,
            a.kind,
        )
            .cmp(&(
                b.date,
                b.event,
                b.number,
                b.beneficiary,
                b.obligor,
                &b.agreement,
                b.kind,
            ))
    });
    let mut notes = vec![format!("agreement data: {}", cf.describe_coverage())];
    let last = |years: &mut dyn Iterator<Item = i16>| years.max();
    if let Some(y) = last(&mut history.war_years.iter().map(|w| w.year)) {
        notes.push(format!(
            "COW inter-state wars end in {y}: no war after {y} is judged"
        ));
    } else {
        notes.push("no COW war data loaded: no war is judged".into());
    }
    if let Some(y) = last(&mut history.participants.iter().map(|p| p.end.latest().year())) {
        notes.push(format!(
            "GML disputes end in {y}: no dispute after {y} is judged"
        ));
    } else {
        notes.push("no GML dispute data loaded: no dispute is judged".into());
    }
    Record {
        judgements,
        wars: wars_judged,
        disputes: disputes_judged,
        skipped,
        notes,
    }
}

/// The commitments toward one belligerent, judged.
fn judge_belligerent(
    cf: &CasusFoederis,
    ev: &Event,
    b: &Belligerent,
) -> Result<Vec<Judgement>, crate::ScenarioError> {
    // The opponent in the scenario: the first original state of the other side.
    let opponent = ev
        .states
        .iter()
        .filter(|o| o.side != b.side)
        .min_by_key(|o| (!o.original, o.entered, o.ccode))
        .map(|o| o.ccode);
    let Some(opponent) = opponent else {
        return Ok(Vec::new());
    };
    let (attacker, target) = match b.side {
        Side::Target => (opponent, b.ccode),
        Side::Attacker => (b.ccode, opponent),
    };
    let mut s = Scenario::new(attacker, target, b.entered);
    let attackers = ev
        .states
        .iter()
        .filter(|o| o.side == Side::Attacker && o.entered <= b.entered)
        .count()
        .max(1);
    s.attackers = Some(attackers.min(u8::MAX as usize) as u8);
    // Only the commitments toward `b` are judged (not the whole evaluation of the
    // attack): what `CasusFoederis::evaluate` finds toward it, without the rest.
    cf.validate(&s)?;
    let facts = RegionFacts::derive(&s.place, s.target);
    let found = cf.judge_toward(&s, &facts, b.side);
    // With a day known only to the year: the commitments in force on the year's last day too.
    let late_keys: Option<HashSet<(Ccode, ObligationKind, u32)>> = (b.precision
        == DatePrecision::Year)
        .then_some(())
        .and_then(|()| {
            let mut s2 = s.clone();
            s2.date = b.entered.last_of_year();
            cf.validate(&s2).ok()?;
            let facts = RegionFacts::derive(&s2.place, s2.target);
            Some(
                cf.judge_toward(&s2, &facts, b.side)
                    .iter()
                    .map(|t| cf.entry_key(t.entry))
                    .collect(),
            )
        });
    let beneficiary = OnceCell::new();
    let disputes: Vec<u32> = ev
        .disputes
        .iter()
        .filter(|(_, y)| *y <= b.entered.year())
        .map(|(n, _)| *n)
        .collect();
    let mut out = Vec::with_capacity(found.len());
    for t in found {
        let (obligor, kind, agreement) = cf.entry(t.entry);
        let o = ev.member(obligor);
        let (verdict, reason) = if late_keys
            .as_ref()
            .is_some_and(|k| !k.contains(&cf.entry_key(t.entry)))
        {
            (
                Outcome::Undetermined,
                format!(
                    "in force on {} but not on {}: the war data give the year only",
                    b.entered,
                    b.entered.last_of_year()
                ),
            )
        } else {
            classify(kind, t.judged.verdict, &t.judged.reasons, b, o, || {
                beneficiary
                    .get_or_init(|| cf.state(b.ccode).to_string())
                    .clone()
            })
        };
        out.push(Judgement {
            event: ev.kind,
            number: ev.number,
            date: b.entered,
            date_precision: b.precision,
            agreement: agreement.id.to_string(),
            agreement_title: agreement.title.clone(),
            obligor: obligor.0,
            beneficiary: b.ccode.0,
            kind,
            verdict,
            reason,
            beneficiary_side: b.side,
            obligor_side: o.map(|o| o.side),
            obligor_entered: o.map(|o| o.entered),
            attacker: attacker.0,
            target: target.0,
            // Evidence from disputes begun by the beneficiary's year only.
            disputes: disputes.clone(),
        });
    }
    Ok(out)
}

/// One finding, against what its obligor did.
fn classify(
    kind: ObligationKind,
    casus: Casus,
    reasons: &[String],
    b: &Belligerent,
    o: Option<&Belligerent>,
    beneficiary: impl FnOnce() -> String,
) -> (Outcome, String) {
    let did = match o {
        None => "stayed out".to_string(),
        Some(o) if o.side == b.side => format!("joined its side on {}", o.entered),
        Some(o) => format!("fought on the other side from {}", o.entered),
    };
    match casus {
        Casus::NotTriggered => (Outcome::NotTriggered, reasons.join("; ")),
        Casus::Breached => (
            Outcome::Violated,
            format!(
                "{} {}",
                reasons.join("; "),
                "(the obligor attacked the beneficiary)"
            ),
        ),
        Casus::PossiblyTriggered => (
            Outcome::Undetermined,
            format!(
                "possibly triggered, open: {}; the obligor {did}",
                reasons.join("; ")
            ),
        ),
        Casus::Triggered => match kind {
            ObligationKind::Defense | ObligationKind::Offense => match o {
                Some(o) if o.side == b.side => {
                    (Outcome::Honoured, format!("triggered; the obligor {did}"))
                }
                _ => (
                    Outcome::Violated,
                    format!("triggered; the obligor {did}, not with {}", beneficiary()),
                ),
            },
            ObligationKind::Neutrality | ObligationKind::Nonaggression => match o {
                Some(o) if o.side != b.side => (
                    Outcome::Violated,
                    format!("triggered; the obligor {did}, against {}", beneficiary()),
                ),
                _ => (
                    Outcome::Honoured,
                    format!(
                        "triggered; the obligor {did}, not against {}",
                        beneficiary()
                    ),
                ),
            },
            _ => (
                Outcome::Undetermined,
                format!(
                    "triggered; whether the obligor consulted is not in the conflict data (the obligor {did})"
                ),
            ),
        },
    }
}

/// A rate of honouring: honoured out of honoured and violated, with the Wilson
/// score 95% interval.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rate {
    /// What is counted (`defense`, `pre-1945`, an agreement id...).
    pub group: String,
    /// Honoured.
    pub honoured: usize,
    /// Violated.
    pub violated: usize,
    /// Not triggered.
    pub not_triggered: usize,
    /// Undetermined.
    pub undetermined: usize,
    /// honoured / (honoured + violated), if any were.
    pub rate: Option<f64>,
    /// Wilson 95% interval, lower bound.
    pub low: Option<f64>,
    /// Wilson 95% interval, upper bound.
    pub high: Option<f64>,
}

impl Rate {
    /// A group with no verdicts.
    pub fn empty(group: &str) -> Rate {
        Rate {
            group: group.into(),
            honoured: 0,
            violated: 0,
            not_triggered: 0,
            undetermined: 0,
            rate: None,
            low: None,
            high: None,
        }
    }
}

/// The Wilson score interval for `k` successes out of `n`, at z = 1.96.
pub fn wilson(k: usize, n: usize) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let z = 1.959_963_984_540_054_f64;
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let denom = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denom;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denom;
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// Rates by group, groups in order.
pub fn rates<'a, F>(judgements: impl IntoIterator<Item = &'a Judgement>, group: F) -> Vec<Rate>
where
    F: Fn(&Judgement) -> String,
{
    let mut by: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    for j in judgements {
        let c = by.entry(group(j)).or_default();
        c[j.verdict as usize] += 1;
    }
    by.into_iter()
        .map(|(g, [h, v, nt, u])| {
            let w = wilson(h, h + v);
            Rate {
                group: g,
                honoured: h,
                violated: v,
                not_triggered: nt,
                undetermined: u,
                rate: (h + v > 0).then(|| h as f64 / (h + v) as f64),
                low: w.map(|w| w.0),
                high: w.map(|w| w.1),
            }
        })
        .collect()
}

/// `pre-1945` or `post-1945` (1945 on).
pub fn era(j: &Judgement) -> String {
    if j.date.year() < 1945 {
        "pre-1945".into()
    } else {
        "post-1945".into()
    }
}

/// The rates a report gives: by kind, by era, by event kind, by agreement.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// Every verdict together.
    pub all: Rate,
    /// By obligation kind.
    pub by_kind: Vec<Rate>,
    /// By era (pre-1945, post-1945).
    pub by_era: Vec<Rate>,
    /// By event kind (war, dispute).
    pub by_event: Vec<Rate>,
    /// By kind within each era.
    pub by_kind_and_era: Vec<Rate>,
    /// By agreement.
    pub by_agreement: Vec<Rate>,
}

impl Record {
    /// The rates of honouring, grouped the ways reports give them.
    pub fn summary(&self) -> Summary {
        let j = &self.judgements;
        Summary {
            all: rates(j, |_| "all".into())
                .pop()
                .unwrap_or_else(|| Rate::empty("all")),
            by_kind: rates(j, |j| j.kind.name().to_string()),
            by_era: rates(j, era),
            by_event: rates(j, |j| j.event.name().to_string()),
            by_kind_and_era: rates(j, |j| format!("{} {}", j.kind.name(), era(j))),
            by_agreement: rates(j, |j| j.agreement.clone()),
        }
    }

    /// The verdicts as a table (peacesciencer-style column names).
    pub fn to_record_batch(
        &self,
    ) -> Result<foedus_dataset::RecordBatch, foedus_dataset::arrow_schema::ArrowError> {
        use foedus_dataset::arrow_array::{ArrayRef, Int32Array, StringArray};
        use std::sync::Arc;
        let j = &self.judgements;
        let columns: Vec<(&str, ArrayRef, bool)> = COLUMNS
            .iter()
            .map(|(name, column)| -> (&str, ArrayRef, bool) {
                match column {
                    Column::Text(f) => (
                        name,
                        Arc::new(StringArray::from_iter_values(j.iter().map(f))),
                        false,
                    ),
                    Column::Optional(f) => (
                        name,
                        Arc::new(j.iter().map(f).collect::<StringArray>()),
                        true,
                    ),
                    Column::Int(f) => (
                        name,
                        Arc::new(Int32Array::from_iter_values(j.iter().map(f))),
                        false,
                    ),
                }
            })
            .collect();
        let fields: Vec<foedus_dataset::Field> = columns
            .iter()
            .map(|(n, a, nullable)| {
                foedus_dataset::Field::new(*n, a.data_type().clone(), *nullable)
            })
            .collect();
        foedus_dataset::RecordBatch::try_new(
            Arc::new(foedus_dataset::Schema::new(fields)),
            columns.into_iter().map(|(_, a, _)| a).collect(),
        )
    }

    /// The verdicts as CSV, the same bytes as [`Record::to_record_batch`] written
    /// by `foedus_dataset` (a header, fields quoted only where needed, a missing
    /// value empty), encoded in parallel without building Arrow arrays first.
    pub fn to_csv(&self) -> Result<Vec<u8>, csv::Error> {
        use rayon::prelude::*;
        let mut header = csv::Writer::from_writer(Vec::new());
        header.write_record(COLUMNS.iter().map(|(name, _)| *name))?;
        let mut out = header.into_inner().map_err(|e| e.into_error())?;
        let chunks: Vec<Vec<u8>> = self
            .judgements
            .par_chunks(4096)
            .map(|chunk| -> Result<Vec<u8>, csv::Error> {
                let mut w = csv::WriterBuilder::new()
                    .has_headers(false)
                    .from_writer(Vec::with_capacity(chunk.len() * 256));
                let mut int = itoa::Buffer::new();
                for j in chunk {
                    for (_, column) in COLUMNS {
                        match column {
                            Column::Text(f) => w.write_field(f(j).as_bytes())?,
                            Column::Optional(f) => {
                                w.write_field(f(j).as_deref().unwrap_or("").as_bytes())?
                            }
                            Column::Int(f) => w.write_field(int.format(f(j)))?,
                        }
                    }
                    w.write_record(None::<&[u8]>)?;
                }
                w.into_inner().map_err(|e| e.into_error().into())
            })
            .collect::<Result<_, _>>()?;
        for c in chunks {
            out.extend_from_slice(&c);
        }
        Ok(out)
    }
}

/// A column of the verdict table: how a verdict gives its cell.
enum Column {
    Text(fn(&Judgement) -> Cow<'_, str>),
    /// Missing for some verdicts (nullable).
    Optional(fn(&Judgement) -> Option<Cow<'_, str>>),
    Int(fn(&Judgement) -> i32),
}

fn side_name(s: Side) -> Cow<'static, str> {
    Cow::Borrowed(match s {
        Side::Attacker => "attacker",
        Side::Target => "target",
    })
}

/// The verdict table's columns, in order.
const COLUMNS: [(&str, Column); 17] = [
    ("event", Column::Text(|j| j.event.name().into())),
    ("number", Column::Int(|j| j.number as i32)),
    ("date", Column::Text(|j| j.date.to_string().into())),
    (
        "date_precision",
        Column::Text(|j| {
            match j.date_precision {
                DatePrecision::Day => "day",
                DatePrecision::Month => "month",
                DatePrecision::Year => "year",
            }
            .into()
        }),
    ),
    ("agreement", Column::Text(|j| j.agreement.as_str().into())),
    (
        "agreement_title",
        Column::Text(|j| j.agreement_title.as_str().into()),
    ),
    ("obligor", Column::Int(|j| i32::from(j.obligor))),
    ("beneficiary", Column::Int(|j| i32::from(j.beneficiary))),
    ("kind", Column::Text(|j| j.kind.name().into())),
    ("verdict", Column::Text(|j| j.verdict.name().into())),
    ("reason", Column::Text(|j| j.reason.as_str().into())),
    (
        "beneficiary_side",
        Column::Text(|j| side_name(j.beneficiary_side)),
    ),
    (
        "obligor_side",
        Column::Optional(|j| j.obligor_side.map(side_name)),
    ),
    (
        "obligor_entered",
        Column::Optional(|j| j.obligor_entered.map(|d| d.to_string().into())),
    ),
    ("attacker", Column::Int(|j| i32::from(j.attacker))),
    ("target", Column::Int(|j| i32::from(j.target))),
    (
        "disputes",
        Column::Text(|j| {
            j.disputes
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(" ")
                .into()
        }),
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_interval_matches_the_formula() {
        // 15 of 20: Wilson (1927) interval at 95% is about 0.531 to 0.888.
        let (lo, hi) = wilson(15, 20).unwrap();
        assert!((lo - 0.531).abs() < 0.001, "{lo}");
        assert!((hi - 0.888).abs() < 0.001, "{hi}");
        assert_eq!(wilson(0, 0), None);
        let (lo, hi) = wilson(0, 5).unwrap();
        assert_eq!(lo, 0.0);
        assert!(hi > 0.4 && hi < 0.5);
    }
}
