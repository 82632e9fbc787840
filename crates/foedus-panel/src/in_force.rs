//! When a directed obligation binds: the one rule every analysis of "what is owed
//! on a date" uses.
//!
//! An obligation of an agreement binds its obligor toward its beneficiary on a day
//! when all of these hold:
//!
//! - the agreement is operative that day per the lifecycle engine (in force and not
//!   suspended, or provisionally applied: [`History::operative_periods`]);
//! - the obligation's own interval allows the day (`from`, `until`; `until` is the
//!   last day it holds);
//! - both states are parties that day (`joined` to `left`, `left` being the first day
//!   they no longer are; within the obligation's phase when both are phased; a party
//!   that leaves by a recorded event stops on that day);
//! - the obligor's obligations toward the beneficiary are not suspended inside the
//!   agreement (the US toward New Zealand under ANZUS from 11 August 1986).
//!
//! [`obligation_spells`] computes, once per agreement, the spells on which each
//! obligation binds; [`Spell::on`] answers for a day. Dates are partial
//! ([`PartialDate`]): a spell that starts in "1914" certainly binds from the last day
//! of 1914 and possibly from its first, so the answer is a [`Presence`], not a yes or
//! no. A successor state's continuation of a party's agreements (succession) is not
//! applied to the obligations, which stay with the state they name.

use jiff::civil::Date;

use foedus_domain::Agreement;
use foedus_domain::date::PartialDate;
use foedus_domain::lifecycle::{Change, History};
use foedus_domain::state::Ccode;

/// Whether something holds on a day, given partial dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Presence {
    /// It does not hold on that day, whatever the exact dates were.
    Absent,
    /// It holds on that day for some of the days the partial dates allow, not all.
    Possible,
    /// It holds on that day whatever the exact dates were.
    Certain,
}

/// A run of days: from `from` (its first day) to `until` (the first day after it;
/// `None`: open-ended).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spell {
    /// The first day.
    pub from: PartialDate,
    /// The first day after the spell, if it ends.
    pub until: Option<PartialDate>,
}

fn always() -> PartialDate {
    PartialDate::day(Date::MIN)
}

impl Spell {
    /// A spell that has always held.
    pub fn always() -> Spell {
        Spell {
            from: always(),
            until: None,
        }
    }

    /// Whether the spell covers `date`.
    pub fn on(&self, date: Date) -> Presence {
        let certain = self.from.latest() <= date && self.until.is_none_or(|u| date < u.earliest());
        let possible = self.from.earliest() <= date && self.until.is_none_or(|u| date < u.latest());
        if certain {
            Presence::Certain
        } else if possible {
            Presence::Possible
        } else {
            Presence::Absent
        }
    }

    /// The days both spells cover (bound by bound), unless they certainly share none.
    pub fn intersect(&self, other: &Spell) -> Option<Spell> {
        let from = self.from.max(other.from);
        let until = match (self.until, other.until) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Spell::checked(from, until)
    }

    fn checked(from: PartialDate, until: Option<PartialDate>) -> Option<Spell> {
        // Empty only if it certainly ends before it certainly could start.
        until
            .is_none_or(|u| u.latest() > from.earliest())
            .then_some(Spell { from, until })
    }

    /// This spell without the days of `gap` (which starts at `gap.from` and ends before `gap.until`).
    fn minus(&self, gap: &Spell) -> Vec<Spell> {
        let overlaps = gap.from.earliest() < self.until.map_or(Date::MAX, |u| u.latest())
            && gap.until.is_none_or(|g| g.latest() > self.from.earliest());
        if !overlaps {
            return vec![*self];
        }
        let mut out = Vec::new();
        let before_until = match self.until {
            Some(u) => u.min(gap.from),
            None => gap.from,
        };
        out.extend(Spell::checked(self.from, Some(before_until)));
        if let Some(g) = gap.until {
            out.extend(Spell::checked(self.from.max(g), self.until));
        }
        out
    }
}

/// The strongest presence among spells on `date`.
pub fn presence_on(spells: &[Spell], date: Date) -> Presence {
    spells
        .iter()
        .map(|s| s.on(date))
        .max()
        .unwrap_or(Presence::Absent)
}

/// The spells on which one obligation of an agreement binds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObligationSpells {
    /// Its index in `Agreement::obligations`.
    pub obligation: usize,
    /// When it binds (possibly none).
    pub spells: Vec<Spell>,
}

fn intersect_all(a: &[Spell], b: &[Spell]) -> Vec<Spell> {
    let mut out = Vec::new();
    for x in a {
        for y in b {
            out.extend(x.intersect(y));
        }
    }
    out
}

/// The spells on which each obligation of `a` binds, from its replayed `history`
/// (replayed to a horizon at least as late as any day that will be asked about).
pub fn obligation_spells(a: &Agreement, history: &History) -> Vec<ObligationSpells> {
    let operative: Vec<Spell> = history
        .operative_periods()
        .into_iter()
        .map(|(from, until)| Spell { from, until })
        .collect();
    // Parties that leave by a recorded event or a notice, and pair suspensions.
    let mut left: Vec<(Ccode, PartialDate)> = Vec::new();
    let mut open: Vec<(Ccode, Option<Ccode>, PartialDate)> = Vec::new();
    let mut suspensions: Vec<(Ccode, Option<Ccode>, Spell)> = Vec::new();
    for t in history.transitions() {
        match &t.change {
            Change::PartyLeft { party } => left.push((*party, t.date)),
            Change::Suspended {
                party: Some(p),
                toward,
            } => open.push((*p, *toward, t.date)),
            Change::Resumed {
                party: Some(p),
                toward,
            } => {
                if let Some(i) = open.iter().position(|(o, b, _)| o == p && b == toward) {
                    let (o, b, from) = open.remove(i);
                    suspensions.push((
                        o,
                        b,
                        Spell {
                            from,
                            until: Some(t.date),
                        },
                    ));
                }
            }
            _ => {}
        }
    }
    suspensions.extend(
        open.into_iter()
            .map(|(o, b, from)| (o, b, Spell { from, until: None })),
    );
    let party = |state: Ccode, phase: Option<u16>| -> Vec<Spell> {
        let mut spells: Vec<Spell> = a
            .parties
            .iter()
            .filter(|p| p.state == state)
            .filter(|p| phase.is_none() || p.phase.is_none() || p.phase == phase)
            .filter_map(|p| Spell::checked(p.joined.unwrap_or_else(always), p.left))
            .collect();
        for (s, d) in &left {
            if *s == state {
                let cut = Spell {
                    from: *d,
                    until: None,
                };
                spells = spells.iter().flat_map(|x| x.minus(&cut)).collect();
            }
        }
        spells
    };
    a.obligations
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let own = Spell::checked(
                o.from.unwrap_or_else(always),
                o.until.and_then(|u| u.next_day().ok()),
            );
            let mut spells: Vec<Spell> = own.into_iter().collect();
            spells = intersect_all(&spells, &operative);
            spells = intersect_all(&spells, &party(o.obligor, o.phase));
            spells = intersect_all(&spells, &party(o.beneficiary, o.phase));
            for (p, toward, gap) in &suspensions {
                if *p == o.obligor && toward.is_none_or(|t| t == o.beneficiary) {
                    spells = spells.iter().flat_map(|s| s.minus(gap)).collect();
                }
            }
            ObligationSpells {
                obligation: i,
                spells,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        s.parse().unwrap()
    }

    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn a_spell_dated_to_the_year_is_possible_within_the_year_and_certain_after() {
        let s = Spell {
            from: d("1914"),
            until: Some(d("1918-11")),
        };
        assert_eq!(s.on(day("1913-12-31")), Presence::Absent);
        assert_eq!(s.on(day("1914-08-01")), Presence::Possible);
        assert_eq!(s.on(day("1915-01-01")), Presence::Certain);
        assert_eq!(s.on(day("1918-11-10")), Presence::Possible);
        assert_eq!(s.on(day("1918-12-01")), Presence::Absent);
    }

    #[test]
    fn removing_a_gap_splits_a_spell() {
        let s = Spell {
            from: d("1950-01-01"),
            until: None,
        };
        let gap = Spell {
            from: d("1986-08-11"),
            until: Some(d("1990-01-01")),
        };
        let parts = s.minus(&gap);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].on(day("1986-08-10")), Presence::Certain);
        assert_eq!(presence_on(&parts, day("1986-08-11")), Presence::Absent);
        assert_eq!(presence_on(&parts, day("1990-01-01")), Presence::Certain);
    }
}
