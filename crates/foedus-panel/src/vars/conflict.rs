//! Militarized disputes (GML MID 2.2.1), inter-state wars (COW 4.0) and peace-years.
//!
//! As peacesciencer's `add_gml_mids()`, `add_cow_wars(type = "inter")` and
//! `add_peace_years()`: a dyad-year with several disputes keeps one, chosen by
//! peacesciencer's rules (a unique onset first, then the highest fatality, hostility,
//! minimum and maximum duration, reciprocated over not, the earliest start month,
//! the lowest dispute number); wars keep an onset first, then the deadliest.
//! Onset and ongoing are 0 within the source's years when nothing happened, and
//! missing outside them.

use std::sync::Arc;

use jiff::civil::Date;

use foedus_dataset::arrow_array::Int32Array;
use foedus_dataset::arrow_array::builder::Int32Builder;
use foedus_dataset::arrow_array::types::Int32Type;
use foedus_domain::contents::Contents;
use foedus_domain::history::{DisputeYear, Participant, WarYear};
use foedus_domain::registry::Registry;

use super::per_row::{Chosen, state_columns, within};
use super::{Columns, Materialized, Variables, coverage, require};
use crate::{Column, DyadYears, FastMap, PanelError, StateYears, YearMembers};

pub(crate) const GML: &str = "gml-mid";
const WARS: &str = "cow-wars";

/// GML militarized disputes: `gmlmidonset`, `gmlmidongoing` and the chosen dispute's
/// number, sides, originators, initiators (directed panels), fatality and hostility.
///
/// Initiators are peacesciencer's default, `sidea-all-joiners`: a state initiates if
/// it is on side A or joined the dispute after its first day.
pub struct GmlMids;

/// COW inter-state wars: `cowinteronset`, `cowinterongoing` and the chosen war's
/// number, sides (`cowintersidea1`, `cowintersidea2`: 1 or 2; renamed from the file's
/// `sidea1`, `sidea2` so as not to collide with the dispute data's), initiators,
/// outcomes, battle deaths and resumption.
pub struct CowWars;

/// Peace-years: `gmlmidspell`, the years since the dyad's (or state's) last year with a
/// dispute ongoing, counted over the panel's rows as peacesciencer's
/// `add_peace_years()` (stevemisc's `sbtscs()`) counts them.
pub struct PeaceYears;

/// Higher is kept: peacesciencer's order for whittling dispute-years to one per dyad-year.
fn dispute_rank(d: &DisputeYear) -> (bool, i16, i8, i32, i32, bool, i8, i64) {
    // An unknown fatality (-9) ranks between none (0) and the first level (1).
    let fatality = if d.fatality == -9 {
        1
    } else {
        2 * i16::from(d.fatality)
    };
    (
        d.onset,
        fatality,
        d.hostlev,
        d.mindur,
        d.maxdur,
        d.recip,
        -d.stmon,
        -i64::from(d.dispnum),
    )
}

/// Each directed dyad-year's dispute-year, one per dyad-year by peacesciencer's rules.
pub(crate) fn dispute_dyad_years(registry: &Registry) -> FastMap<(u16, u16, i16), &DisputeYear> {
    let mut out: FastMap<(u16, u16, i16), &DisputeYear> = FastMap::default();
    for d in &registry.history().dispute_years {
        let key = (d.ccode1.0, d.ccode2.0, d.year);
        match out.get(&key) {
            Some(kept) if dispute_rank(kept) >= dispute_rank(d) => {}
            _ => {
                out.insert(key, d);
            }
        }
    }
    out
}

/// Initiation under `sidea-all-joiners`: on side A, or joined after the first day.
fn init(sidea: bool, orig: bool) -> bool {
    sidea || !orig
}

/// The values of `k` columns for a dyad-year in the source's years with no dispute
/// (or war): the number and the rest missing, the onset and ongoing (second and
/// third) 0.
fn quiet(k: usize) -> Vec<Option<i32>> {
    let mut out = vec![None; k];
    out[1] = Some(0);
    out[2] = Some(0);
    out
}

fn b(x: bool) -> Option<i32> {
    Some(i32::from(x))
}

const GML_DIRECTED: [&str; 11] = [
    "dispnum",
    "gmlmidonset",
    "gmlmidongoing",
    "sidea1",
    "sidea2",
    "orig1",
    "orig2",
    "init1",
    "init2",
    "fatality",
    "hostlev",
];
const GML_UNDIRECTED: [&str; 5] = [
    "dispnum",
    "gmlmidonset",
    "gmlmidongoing",
    "fatality",
    "hostlev",
];
const GML_STATES: [&str; 4] = [
    "gmlmidongoing",
    "gmlmidonset",
    "gmlmidongoing_init",
    "gmlmidonset_init",
];

/// Each state-year's disputes: (ongoing, onset, ongoing as initiator, onset as initiator).
fn dispute_state_years(registry: &Registry) -> FastMap<(u16, i16), [bool; 4]> {
    let mut out: FastMap<(u16, i16), [bool; 4]> = FastMap::default();
    for p in &registry.history().participants {
        let first = p.start.earliest().year();
        let initiator = init(p.sidea, p.orig);
        for year in first..=p.end.latest().year() {
            let e = out.entry((p.ccode.0, year)).or_default();
            let onset = year == first;
            e[0] = true;
            e[1] |= onset;
            e[2] |= initiator;
            e[3] |= onset && initiator;
        }
    }
    out
}

/// The dispute columns of a dyad-year panel's years: each dyad-year's chosen
/// dispute-year, the columns `names` (directed or not).
fn dispute_columns(
    registry: &Registry,
    years: &[YearMembers],
    names: &'static [&'static str],
) -> Chosen {
    let span = coverage(registry, GML);
    let directed = names.len() == GML_DIRECTED.len();
    Chosen::build(
        names,
        years,
        |y| within(span, y),
        dispute_dyad_years(registry),
        |d: Option<&&DisputeYear>| {
            let Some(d) = d else {
                return quiet(names.len());
            };
            let mut out = vec![Some(d.dispnum as i32), b(d.onset), Some(1)];
            if directed {
                out.extend([
                    b(d.sidea1),
                    b(d.sidea2),
                    b(d.orig1),
                    b(d.orig2),
                    b(init(d.sidea1, d.orig1)),
                    b(init(d.sidea2, d.orig2)),
                ]);
            }
            out.extend([Some(i32::from(d.fatality)), Some(i32::from(d.hostlev))]);
            out
        },
    )
}

impl Variables for GmlMids {
    fn name(&self) -> &'static str {
        "gml_mids"
    }

    fn needs(&self) -> Contents {
        Contents::nothing().with_history(GML)
    }

    fn state_years(
        &self,
        registry: &Registry,
        panel: &StateYears,
    ) -> Result<Box<dyn Columns<StateYears>>, PanelError> {
        require(registry, "--add gml_mids", GML)?;
        let span = coverage(registry, GML);
        let years = dispute_state_years(registry);
        Ok(state_columns::<Int32Type>(
            panel,
            &GML_STATES,
            |c, year, out| {
                let Some(c) = c.filter(|_| within(span, year)) else {
                    return;
                };
                let v = years.get(&(c, year)).copied().unwrap_or_default();
                for (o, x) in out.iter_mut().zip(v) {
                    *o = b(x);
                }
            },
        ))
    }

    fn dyad_years(
        &self,
        registry: &Registry,
        panel: &DyadYears,
    ) -> Result<Box<dyn Columns<DyadYears>>, PanelError> {
        require(registry, "--add gml_mids", GML)?;
        let names: &'static [&'static str] = if panel.options.directed {
            &GML_DIRECTED
        } else {
            &GML_UNDIRECTED
        };
        Ok(Box::new(dispute_columns(
            registry,
            &panel.system_years.years,
            names,
        )))
    }
}

/// Battle deaths of both sides, as peacesciencer sums them (one side's if the other is unknown).
fn deaths(w: &WarYear) -> Option<i64> {
    match (w.batdeath1, w.batdeath2) {
        (Some(x), Some(y)) => Some(x + y),
        (x, y) => x.or(y),
    }
}

/// Each directed dyad-year's war-year: an onset first, then the deadliest, then the first listed.
pub(crate) fn war_dyad_years(registry: &Registry) -> FastMap<(u16, u16, i16), &WarYear> {
    let mut out: FastMap<(u16, u16, i16), &WarYear> = FastMap::default();
    for w in &registry.history().war_years {
        let key = (w.ccode1.0, w.ccode2.0, w.year);
        match out.get(&key) {
            Some(kept) if (kept.onset, deaths(kept)) >= (w.onset, deaths(w)) => {}
            _ => {
                out.insert(key, w);
            }
        }
    }
    out
}

const WAR_NAMES: [&str; 12] = [
    "warnum",
    "cowinteronset",
    "cowinterongoing",
    "cowintersidea1",
    "cowintersidea2",
    "initiator1",
    "initiator2",
    "outcome1",
    "outcome2",
    "batdeath1",
    "batdeath2",
    "resume",
];

impl Variables for CowWars {
    fn name(&self) -> &'static str {
        "cow_wars"
    }

    fn needs(&self) -> Contents {
        Contents::nothing().with_history(WARS)
    }

    fn state_years(
        &self,
        registry: &Registry,
        panel: &StateYears,
    ) -> Result<Box<dyn Columns<StateYears>>, PanelError> {
        require(registry, "--add cow_wars", WARS)?;
        let span = coverage(registry, WARS);
        let mut years: FastMap<(u16, i16), (bool, bool)> = FastMap::default();
        for w in &registry.history().war_years {
            let e = years.entry((w.ccode1.0, w.year)).or_default();
            e.0 |= w.onset;
            e.1 = true;
        }
        Ok(state_columns::<Int32Type>(
            panel,
            &["cowinteronset", "cowinterongoing"],
            |c, year, out| {
                let Some(c) = c.filter(|_| within(span, year)) else {
                    return;
                };
                let (onset, ongoing) = years.get(&(c, year)).copied().unwrap_or_default();
                out[0] = b(onset);
                out[1] = b(ongoing);
            },
        ))
    }

    fn dyad_years(
        &self,
        registry: &Registry,
        panel: &DyadYears,
    ) -> Result<Box<dyn Columns<DyadYears>>, PanelError> {
        require(registry, "--add cow_wars", WARS)?;
        let span = coverage(registry, WARS);
        Ok(Box::new(Chosen::build(
            &WAR_NAMES,
            &panel.system_years.years,
            |y| within(span, y),
            war_dyad_years(registry),
            |w: Option<&&WarYear>| {
                let Some(w) = w else {
                    return quiet(WAR_NAMES.len());
                };
                let deaths = |d: Option<i64>| d.map(|n| n.min(i64::from(i32::MAX)) as i32);
                vec![
                    Some(w.warnum as i32),
                    b(w.onset),
                    Some(1),
                    Some(i32::from(w.sidea1)),
                    Some(i32::from(w.sidea2)),
                    b(w.initiator1),
                    b(w.initiator2),
                    w.outcome1.map(i32::from),
                    w.outcome2.map(i32::from),
                    deaths(w.batdeath1),
                    deaths(w.batdeath2),
                    b(w.resume),
                ]
            },
        )))
    }
}

/// Spells over a series of rows in time order: each row's count of the immediately
/// preceding rows of its unit without the event; a missing event leaves the count
/// untouched and the spell missing. Units are dense indices.
struct Spells(Vec<i32>);

impl Spells {
    /// Counters for units `0..n`.
    fn new(n: usize) -> Spells {
        Spells(vec![0; n])
    }

    fn next(&mut self, unit: usize, event: Option<bool>) -> Option<i32> {
        let event = event?;
        let count = &mut self.0[unit];
        let spell = *count;
        *count = if event { 0 } else { spell + 1 };
        Some(spell)
    }
}

/// Each COW code of a panel's members as a dense index, and their number.
fn code_indices(years: &[YearMembers]) -> (Vec<usize>, usize) {
    let mut codes: Vec<u16> = years
        .iter()
        .flat_map(|y| y.members.iter().filter_map(|m| m.ccode))
        .collect();
    codes.sort_unstable();
    codes.dedup();
    let mut index = vec![usize::MAX; codes.last().map_or(0, |&c| usize::from(c) + 1)];
    for (k, &c) in codes.iter().enumerate() {
        index[usize::from(c)] = k;
    }
    (index, codes.len())
}

fn spell_column(mut values: Int32Builder) -> Box<Materialized> {
    Box::new(Materialized(vec![Column::new(
        "gmlmidspell",
        Arc::new(values.finish()),
    )]))
}

impl Variables for PeaceYears {
    fn name(&self) -> &'static str {
        "peace_years"
    }

    fn needs(&self) -> Contents {
        Contents::nothing().with_history(GML)
    }

    fn state_years(
        &self,
        registry: &Registry,
        panel: &StateYears,
    ) -> Result<Box<dyn Columns<StateYears>>, PanelError> {
        require(registry, "--add peace_years", GML)?;
        let span = coverage(registry, GML);
        let years = dispute_state_years(registry);
        let (index, n) = code_indices(&panel.system_years.years);
        let mut spells = Spells::new(n);
        let mut values = Int32Builder::with_capacity(panel.len());
        for (yi, p) in panel.rows_in(0..panel.len()) {
            let y = &panel.system_years.years[yi];
            values.append_option(y.members[p].ccode.and_then(|c| {
                let ongoing =
                    within(span, y.year).then(|| years.get(&(c, y.year)).is_some_and(|v| v[0]));
                spells.next(index[usize::from(c)], ongoing)
            }));
        }
        Ok(spell_column(values))
    }

    fn dyad_years(
        &self,
        registry: &Registry,
        panel: &DyadYears,
    ) -> Result<Box<dyn Columns<DyadYears>>, PanelError> {
        require(registry, "--add peace_years", GML)?;
        let years = &panel.system_years.years;
        let disputes = dispute_columns(registry, years, &GML_UNDIRECTED);
        let (index, n) = code_indices(years);
        let mut spells = Spells::new(n * n);
        let mut values = Int32Builder::with_capacity(panel.len());
        for (yi, rows) in panel.years_in(0..panel.len()) {
            let members = &years[yi].members;
            let cells = disputes.grid.year(yi);
            for r in rows {
                let (i, j) = (usize::from(panel.first[r]), usize::from(panel.second[r]));
                values.append_option(match (members[i].ccode, members[j].ccode) {
                    (Some(a), Some(c)) => {
                        let unit = index[usize::from(a)] * n + index[usize::from(c)];
                        spells.next(unit, cells.get(i, j).map(|cell| cell != 0))
                    }
                    _ => None,
                });
            }
        }
        Ok(spell_column(values))
    }
}

/// How sure it is that something holds on a day.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Sure {
    No,
    Maybe,
    Yes,
}

fn covers(p: &Participant, date: Date) -> Sure {
    if p.start.latest() <= date && date <= p.end.earliest() {
        Sure::Yes
    } else if p.start.earliest() <= date && date <= p.end.latest() {
        Sure::Maybe
    } else {
        Sure::No
    }
}

/// The day panel's dispute columns, `gmlmidongoing` and `gmlmidonset` for each
/// (first, second) COW code pair on `date`: 1 where two states on opposite sides of a
/// dispute both certainly took part that day (the dyad's onset: the later of their
/// first days is that day), missing where the participants' days are known only to
/// the month and the day may or may not be one of theirs, 0 otherwise; missing after
/// the data's last year. `None` if the GML data are not loaded.
pub(crate) fn disputes_on(
    registry: &Registry,
    date: Date,
    pairs: &[(Option<u16>, Option<u16>)],
) -> Option<Vec<Column>> {
    if !registry.has_source(GML) {
        return None;
    }
    let span = coverage(registry, GML);
    let mut by_dispute: FastMap<u32, Vec<(&Participant, Sure)>> = FastMap::default();
    for p in &registry.history().participants {
        let sure = covers(p, date);
        if sure != Sure::No {
            by_dispute.entry(p.dispnum).or_default().push((p, sure));
        }
    }
    // (a, b) → (ongoing, onset), the surest over their disputes.
    let mut dyads: FastMap<(u16, u16), (Sure, Sure)> = FastMap::default();
    for parts in by_dispute.values() {
        for &(p, sp) in parts {
            for &(q, sq) in parts {
                if p.sidea == q.sidea || p.ccode == q.ccode {
                    continue;
                }
                let ongoing = sp.min(sq);
                let start = p.start.max(q.start);
                let onset = if start.is_exact() && start.earliest() == date {
                    Sure::Yes
                } else if start.contains(date) {
                    Sure::Maybe
                } else {
                    Sure::No
                }
                .min(ongoing);
                let e = dyads
                    .entry((p.ccode.0, q.ccode.0))
                    .or_insert((Sure::No, Sure::No));
                e.0 = e.0.max(ongoing);
                e.1 = e.1.max(onset);
            }
        }
    }
    let value = |s: Sure| match s {
        Sure::Yes => Some(1),
        Sure::Maybe => None,
        Sure::No => Some(0),
    };
    let covered = within(span, date.year());
    let (mut ongoing, mut onset) = (Vec::new(), Vec::new());
    for &(a, b) in pairs {
        let v = match (a, b) {
            (Some(a), Some(b)) if covered => {
                dyads.get(&(a, b)).copied().unwrap_or((Sure::No, Sure::No))
            }
            _ => {
                ongoing.push(None);
                onset.push(None);
                continue;
            }
        };
        ongoing.push(value(v.0));
        onset.push(value(v.1));
    }
    Some(vec![
        Column::new("gmlmidongoing", Arc::new(Int32Array::from(ongoing))),
        Column::new("gmlmidonset", Arc::new(Int32Array::from(onset))),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A spell is the number of the unit's rows since its last event, rows without
        /// a value (outside the data's years) neither counted nor resetting; as sbtscs.
        #[test]
        fn spells_count_the_quiet_rows_since_the_last_event(
            events in proptest::collection::vec(proptest::option::of(any::<bool>()), 0..60)
        ) {
            let mut spells = Spells::new(1);
            for (i, e) in events.iter().enumerate() {
                let got = spells.next(0, *e);
                let expected = e.map(|_| {
                    events[..i]
                        .iter()
                        .rev()
                        .flatten()
                        .take_while(|x| !**x)
                        .count() as i32
                });
                prop_assert_eq!(got, expected, "row {}", i);
            }
        }

        /// Whichever order a dyad-year's disputes come in, the one kept is the same, and
        /// it is an onset if any of them is.
        #[test]
        fn the_dispute_kept_does_not_depend_on_the_order(
            rows in proptest::collection::vec(
                (1u32..50, any::<bool>(), -9i8..7, 1i8..6, 0i32..400, any::<bool>(), 1i8..13),
                1..8,
            ),
            rotate in 0usize..8,
        ) {
            let years: Vec<DisputeYear> = rows
                .iter()
                .enumerate()
                .map(|(k, &(n, onset, fatality, hostlev, mindur, recip, stmon))| DisputeYear {
                    dispnum: n * 10 + k as u32,
                    ccode1: foedus_domain::Ccode(2),
                    ccode2: foedus_domain::Ccode(20),
                    year: 1900,
                    onset,
                    sidea1: true,
                    sidea2: false,
                    orig1: true,
                    orig2: true,
                    fatality,
                    hostlev,
                    mindur,
                    maxdur: mindur,
                    recip,
                    stmon,
                })
                .collect();
            let best = |ys: &[DisputeYear]| {
                let registry = Registry::from_parts(foedus_domain::registry::RegistryParts {
                    history: foedus_domain::history::HistoricalData {
                        dispute_years: ys.to_vec(),
                        ..Default::default()
                    },
                    ..Default::default()
                });
                dispute_dyad_years(&registry)[&(2, 20, 1900)].dispnum
            };
            let mut rotated = years.clone();
            rotated.rotate_left(rotate % years.len());
            prop_assert_eq!(best(&years), best(&rotated));
            let kept = years.iter().find(|d| d.dispnum == best(&years)).unwrap();
            prop_assert_eq!(kept.onset, years.iter().any(|d| d.onset));
        }
    }
}
