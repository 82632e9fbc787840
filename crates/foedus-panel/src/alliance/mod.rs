//! Alliance dyad-years: who owes which of ATOP's five obligations to whom, year by year.
//!
//! Built from the registry's directed obligations, as the ATOP codebook
//! (sections 2.6–2.7) builds its directed dyad-year data from member-level
//! records: for each agreement and phase, every ordered pair of parties whose
//! membership overlaps (a state joining on or after the day the other left is
//! never a member with it); within one agreement a dyad-year takes its values
//! from the latest phase in force that year (a renegotiated phase replaces the
//! old one); across agreements, the maximum. Pairs that share an agreement but
//! owe each other nothing are kept, with no obligation bits. Every treaty ATOP
//! holds is read from ATOP's own record, never from the registry's reconciled
//! agreement, so these reproduce ATOP's files; hand-written records of treaties
//! ATOP does not hold join in.

use std::sync::Arc;

use jiff::civil::Date;

use foedus_domain::Agreement;
use foedus_domain::date::PartialDate;
use foedus_domain::lifecycle::History;
use foedus_domain::obligation::ObligationKind;
use foedus_domain::registry::Registry;
use rayon::prelude::*;

use crate::{FastMap, PanelError};

mod table;
pub use table::{AllianceTable, DyadBits, KEY as TABLE_KEY};

/// Bit of ATOP's defense obligation.
pub const DEFENSE: u8 = 1;
/// Bit of ATOP's offense obligation.
pub const OFFENSE: u8 = 2;
/// Bit of ATOP's neutrality obligation.
pub const NEUTRAL: u8 = 4;
/// Bit of ATOP's nonaggression obligation.
pub const NONAGG: u8 = 8;
/// Bit of ATOP's consultation obligation.
pub const CONSUL: u8 = 16;

/// The five obligations in ATOP's column order, with their bits and peacesciencer column names.
pub const OBLIGATIONS: [(ObligationKind, u8, &str); 5] = [
    (ObligationKind::Defense, DEFENSE, "atop_defense"),
    (ObligationKind::Offense, OFFENSE, "atop_offense"),
    (ObligationKind::Neutrality, NEUTRAL, "atop_neutral"),
    (ObligationKind::Nonaggression, NONAGG, "atop_nonagg"),
    (ObligationKind::Consultation, CONSUL, "atop_consul"),
];

/// The bit of an obligation kind, if it is one of ATOP's five.
pub fn bit(kind: ObligationKind) -> Option<u8> {
    OBLIGATIONS
        .iter()
        .find(|(k, _, _)| *k == kind)
        .map(|(_, b, _)| *b)
}

/// The source name whose coverage bounds alliance data.
pub const SOURCE: &str = "atop";

/// ATOP 5.1's years, used when no ATOP source is loaded to say otherwise.
pub const DEFAULT_COVERAGE: (i16, i16) = (1815, 2018);

/// Directed alliance dyad-years and state-year alliance counts.
#[derive(Clone, Debug, Default)]
pub struct AllianceYears {
    /// The years the alliance data cover; outside them values are missing.
    pub coverage: (i16, i16),
    /// (obligor, beneficiary, year) → obligation bits, for every directed dyad-year
    /// whose states share an alliance (bits 0 if they owe each other nothing).
    pub dyads: FastMap<(u16, u16, i16), u8>,
    /// (state, year) → number of alliances the state is a member of.
    pub memberships: FastMap<(u16, i16), u16>,
}

/// True if `a` counts as an alliance: from the ATOP source, or with any of ATOP's
/// five obligations. Read through [`Registry::view_as`], a treaty ATOP holds is
/// ATOP's own record, so a hand-written record that restates it (or amends it)
/// never changes ATOP's variables.
fn counts(registry: &Registry, a: &Agreement) -> bool {
    registry.origin(&a.id) == Some(SOURCE) || a.obligations.iter().any(|o| o.kind.is_atop())
}

fn day(d: Option<PartialDate>) -> Option<Date> {
    d.map(PartialDate::earliest)
}

impl AllianceYears {
    /// The alliance dyad-years of every alliance in the registry, computed once
    /// per snapshot ([`AllianceTable::of`]).
    pub fn build(registry: &Registry) -> Result<Arc<AllianceYears>, PanelError> {
        let table = AllianceTable::of(registry)?;
        Ok(registry.derived().get_or_compute(|| table.years()))
    }

    /// Each alliance's own dyad-years merged: a dyad-year is allied if any
    /// alliance has it, its obligations those of all.
    fn merged(coverage: (i16, i16), per_alliance: Vec<Local>) -> AllianceYears {
        let mut out = AllianceYears {
            coverage,
            ..AllianceYears::default()
        };
        // At most this many keys: reserved at once, the map never grows by rehashing.
        out.dyads
            .reserve(per_alliance.iter().map(|l| l.len()).sum());
        for local in per_alliance {
            out.merge(local);
        }
        out
    }

    fn merge(&mut self, local: Local) {
        let mut members: Vec<(u16, i16)> = Vec::with_capacity(local.len());
        for ((sa, sb, year), (_, bits)) in local {
            *self.dyads.entry((sa, sb, year)).or_insert(0) |= bits;
            members.push((sa, year));
        }
        members.sort_unstable();
        members.dedup();
        for key in members {
            *self.memberships.entry(key).or_insert(0) += 1;
        }
    }

    /// The obligation bits of A toward B in `year`: `Some(0)` if they share an
    /// alliance without obligations, `None` if they share none.
    pub fn get(&self, a: u16, b: u16, year: i16) -> Option<u8> {
        self.dyads.get(&(a, b, year)).copied()
    }

    /// True if `year` is within the data's coverage.
    pub fn covers(&self, year: i16) -> bool {
        self.coverage.0 <= year && year <= self.coverage.1
    }

    /// Every directed dyad-year, sorted by obligor, beneficiary and year.
    pub fn directed_rows(&self) -> Vec<(u16, u16, i16, u8)> {
        let mut rows: Vec<_> = self
            .dyads
            .iter()
            .map(|(&(a, b, y), &bits)| (a, b, y, bits))
            .collect();
        rows.sort_unstable();
        rows
    }
}

/// (obligor, beneficiary, year) → (phase, bits) within one agreement.
pub(crate) type Local = FastMap<(u16, u16, i16), (u16, u8)>;

/// (state, year) → obligation bits its rows code, within one alliance.
pub(crate) type MemberLocal = FastMap<(u16, i16), u8>;

/// The years alliance data cover, and each alliance's own directed dyad-years and
/// member-years within them: across alliances a dyad-year is allied if any has it,
/// its obligations those of all ([`AllianceYears::merged`]), and a member-year
/// counts each alliance ([`MemberYears::merged`]). Each alliance's history is
/// replayed once for both.
pub(crate) fn per_alliance(registry: &Registry) -> ((i16, i16), Vec<(Local, MemberLocal)>) {
    let coverage = registry
        .source(SOURCE)
        .and_then(|s| s.span)
        .unwrap_or(DEFAULT_COVERAGE);
    let horizon = Date::new(coverage.1, 12, 31).unwrap_or(Date::MAX);
    let alliances: Vec<&Agreement> = registry
        .view_as(SOURCE)
        .filter(|a| counts(registry, a))
        .collect();
    let locals = alliances
        .par_iter()
        .filter_map(|a| {
            let bound = Bound::of(a, horizon)?;
            Some((
                dyad_years_of(a, bound, coverage),
                member_years_of(a, bound, coverage),
            ))
        })
        .collect();
    (coverage, locals)
}

/// The days an alliance binds, from its replayed history (for parties and
/// obligations that give no dates of their own): its first, and its last if it ended.
#[derive(Clone, Copy)]
struct Bound {
    first: Date,
    last: Option<Date>,
}

impl Bound {
    /// `None` if the history is refused or never in force.
    fn of(a: &Agreement, horizon: Date) -> Option<Bound> {
        let periods = History::replay(a, horizon).ok()?.operative_periods();
        Some(Bound {
            first: periods.first().map(|p| p.0.earliest())?,
            last: periods.last().and_then(|p| p.1).map(PartialDate::earliest),
        })
    }
}

/// An agreement's ATOP-type obligations by (phase, obligor, beneficiary): (from, until, bit).
type Owed = FastMap<(Option<u16>, u16, u16), Vec<(Option<Date>, Option<Date>, u8)>>;

/// One alliance's directed dyad-years in the years of `window`, with the latest
/// phase's values in each year.
fn dyad_years_of(a: &Agreement, bound: Bound, window: (i16, i16)) -> Local {
    let Bound { first, last } = bound;
    let (y0, y1) = window;
    // The ATOP-type obligations by (phase, obligor, beneficiary): each pair looks up its own.
    let mut owed: Owed = FastMap::default();

    for o in &a.obligations {
        if let Some(b) = bit(o.kind) {
            owed.entry((o.phase, o.obligor.0, o.beneficiary.0))
                .or_default()
                .push((day(o.from), day(o.until), b));
        }
    }
    // (obligor, beneficiary, year) → (phase, bits) within this agreement.
    let mut local: Local = FastMap::default();
    let mut phases: Vec<Option<u16>> = a.parties.iter().map(|p| p.phase).collect();
    phases.sort();
    phases.dedup();
    for phase in phases {
        let spells: Vec<(u16, Date, Option<Date>)> = a
            .parties
            .iter()
            .filter(|p| p.phase == phase && has_cow_code(p))
            .map(|p| {
                (
                    p.state.0,
                    day(p.joined).unwrap_or(first),
                    day(p.left).or(last),
                )
            })
            .collect();
        let rank = phase.unwrap_or(0);
        for (i, &(sa, fa, ua)) in spells.iter().enumerate() {
            for (j, &(sb, fb, ub)) in spells.iter().enumerate() {
                if i == j || sa == sb {
                    continue;
                }
                let from = fa.max(fb);
                let until = match (ua, ub) {
                    (Some(x), Some(y)) => Some(x.min(y)),
                    (x, y) => x.or(y),
                };
                if until.is_some_and(|u| from >= u) {
                    continue;
                }
                let obligations = owed.get(&(phase, sa, sb)).map(Vec::as_slice).unwrap_or(&[]);
                let start = from.year().max(y0);
                let end = until.map_or(y1, |u| u.year()).min(y1);
                for year in start..=end {
                    let (jan1, dec31) = (
                        Date::new(year, 1, 1).expect("year in range"),
                        Date::new(year, 12, 31).expect("year in range"),
                    );
                    let bits = obligations
                        .iter()
                        .filter(|(of, ou, _)| {
                            of.unwrap_or(from) <= dec31 && ou.or(until).is_none_or(|u| u >= jan1)
                        })
                        .fold(0, |acc, (_, _, b)| acc | b);
                    let e = local.entry((sa, sb, year)).or_insert((rank, 0));
                    if rank > e.0 {
                        *e = (rank, bits);
                    } else if rank == e.0 {
                        e.1 |= bits;
                    }
                }
            }
        }
    }
    local
}

/// COW country codes have at most three digits; a party coded otherwise (ATOP's
/// 8152, Annam) forms no COW-coded dyads: ATOP drops France–Annam for that reason
/// (codebook §2.6 note 18, §2.7 note 19).
fn has_cow_code(p: &foedus_domain::agreement::Party) -> bool {
    p.state.0 < 1000
}

/// ATOP's state-year semantics (codebook §2.5): per (state, year), the alliances
/// the state is a member of and the obligations its own member-level rows code,
/// owed to anyone.
///
/// Unlike [`AllianceYears::memberships`] and the obligations the directed
/// dyad-years sum to, a member counts whether or not its partners are in the
/// state system (France's alliance with Annam, 1874–1883, whose partner has no
/// COW code), and its obligations are those its row codes even where ATOP's
/// dyad-year file owes them to no member (Germany under Locarno, 1925–1936).
/// Within one alliance, a year takes the values of the latest phase in force that
/// year, as ATOP's dyad-year rule does (codebook §2.6–2.7).
#[derive(Clone, Debug, Default)]
pub struct MemberYears {
    /// The years the alliance data cover; outside them values are missing.
    pub coverage: (i16, i16),
    /// (state, year) → (alliances in force, obligation bits its rows code).
    pub years: FastMap<(u16, i16), (u16, u8)>,
}

impl MemberYears {
    /// Every state-year of every alliance, from each treaty's record as ATOP holds
    /// it ([`Registry::view_as`]); a treaty ATOP does not hold counts by the
    /// obligations its parties owe.
    pub fn build(registry: &Registry) -> Result<MemberYears, PanelError> {
        Ok(AllianceTable::of(registry)?.member_years())
    }

    /// Each alliance's own member-years merged: a state-year counts the alliances
    /// it is a member of, and their obligations together.
    fn merged(coverage: (i16, i16), per_alliance: Vec<MemberLocal>) -> MemberYears {
        let mut years: FastMap<(u16, i16), (u16, u8)> = FastMap::default();
        for local in per_alliance {
            for (key, bits) in local {
                let e = years.entry(key).or_insert((0, 0));
                e.0 += 1;
                e.1 |= bits;
            }
        }
        MemberYears { coverage, years }
    }

    /// True if `year` is within the data's coverage.
    pub fn covers(&self, year: i16) -> bool {
        self.coverage.0 <= year && year <= self.coverage.1
    }
}

/// The member-level obligations of each party row of an ATOP record (its
/// `ph<phase>.m<code>[#n].owes` attributes, written by the ATOP importer), in the
/// order of its parties; `None` if the record has none (not ATOP's, or imported
/// before foedus kept them), when the obligations each party owes stand in.
fn coded_owes(a: &Agreement) -> Option<Vec<u8>> {
    if !a.attributes.keys().any(|k| k.ends_with(".owes")) {
        return None;
    }
    let mut nth: FastMap<(Option<u16>, u16), u32> = FastMap::default();
    let bits = a
        .parties
        .iter()
        .map(|p| {
            let n = nth.entry((p.phase, p.state.0)).or_insert(0);
            *n += 1;
            let who = if *n > 1 {
                format!("m{}#{n}", p.state.0)
            } else {
                format!("m{}", p.state.0)
            };
            let key = format!("ph{}.{who}.owes", p.phase.unwrap_or(0));
            a.attributes.get(&key).map_or(0, |v| {
                v.split(',').fold(0, |acc, name| {
                    acc | OBLIGATIONS
                        .iter()
                        .find(|(_, _, column)| column.strip_prefix("atop_") == Some(name))
                        .map_or(0, |(_, b, _)| *b)
                })
            })
        })
        .collect();
    Some(bits)
}

/// One alliance's state-years: each COW-coded party's years of membership, with
/// the obligations its row codes; in a year two phases share, the later phase's.
fn member_years_of(a: &Agreement, bound: Bound, window: (i16, i16)) -> MemberLocal {
    let Bound { first, last } = bound;
    let coded = coded_owes(a);
    // (state, year) → (phase, bits): a renegotiated phase replaces the old one in
    // the year it starts, as in ATOP's dyad-year rule (codebook §2.6–2.7).
    let mut out: FastMap<(u16, i16), (u16, u8)> = FastMap::default();
    for (k, p) in a.parties.iter().enumerate() {
        if !has_cow_code(p) {
            continue;
        }
        let from = day(p.joined).unwrap_or(first);
        let until = day(p.left).or(last);
        if until.is_some_and(|u| from >= u) {
            continue;
        }
        let bits = match &coded {
            Some(c) => c[k],
            None => a
                .obligations
                .iter()
                .filter(|o| o.obligor == p.state && (o.phase.is_none() || o.phase == p.phase))
                .filter_map(|o| bit(o.kind))
                .fold(0, |acc, b| acc | b),
        };
        let start = from.year().max(window.0);
        let end = until.map_or(window.1, |u| u.year()).min(window.1);
        let rank = p.phase.unwrap_or(0);
        for year in start..=end {
            let e = out.entry((p.state.0, year)).or_insert((rank, 0));
            if rank > e.0 {
                *e = (rank, bits);
            } else if rank == e.0 {
                e.1 |= bits;
            }
        }
    }
    out.into_iter().map(|(k, (_, bits))| (k, bits)).collect()
}
