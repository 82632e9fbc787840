//! A state's commitments over time: every agreement it is a party to, with when it
//! entered into force and ended and its status on a date, its partners on that
//! date with what binds them, and how many of its agreements were in force each year.

use std::collections::BTreeMap;

use foedus_domain::agreement::Family;
use foedus_domain::date::PartialDate;
use foedus_domain::lifecycle::{Change, Status};
use foedus_domain::obligation::ObligationKind;
use foedus_domain::registry::Registry;
use foedus_domain::state::Ccode;
use jiff::civil::Date;

use crate::lifecycles::Lifecycles;

/// One of a state's agreements.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commitment {
    /// The agreement's position in [`Registry::agreements`].
    pub position: usize,
    /// Its id.
    pub id: String,
    /// Its short title, else its title.
    pub title: String,
    /// The other parties.
    pub partners: Vec<Ccode>,
    /// Its families.
    pub families: Vec<Family>,
    /// Obligation types the state owes under it.
    pub owes: Vec<ObligationKind>,
    /// Obligation types owed to the state under it.
    pub owed: Vec<ObligationKind>,
    /// Entry into force (or coming into effect), recorded or computed.
    pub from: Option<PartialDate>,
    /// Termination, recorded or computed.
    pub until: Option<PartialDate>,
    /// The status on the date asked, or why it cannot be computed.
    pub status: Result<Status, String>,
    /// Legally binding.
    pub binding: bool,
    /// The source of its best record.
    pub source: Option<String>,
}

/// A partner on the date asked, with what binds the two.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partner {
    /// The partner.
    pub state: Ccode,
    /// The agreements in force between them on the date.
    pub agreements: Vec<String>,
    /// Obligation types the state owes the partner on the date.
    pub owes: Vec<ObligationKind>,
    /// Obligation types the partner owes the state on the date.
    pub owed: Vec<ObligationKind>,
    /// The families of those agreements.
    pub families: Vec<Family>,
}

/// A state's commitments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commitments {
    /// The state.
    pub state: Ccode,
    /// The date of statuses and partners.
    pub on: Date,
    /// Every agreement it is a party to, by entry into force, then id.
    pub commitments: Vec<Commitment>,
    /// Partners with agreements in force on the date, by COW number.
    pub partners: Vec<Partner>,
    /// How many of its agreements were operative in each year, up to `today`'s year.
    pub in_force_by_year: BTreeMap<i16, usize>,
}

fn kinds(it: impl Iterator<Item = ObligationKind>) -> Vec<ObligationKind> {
    let mut v: Vec<ObligationKind> = it.collect();
    v.sort();
    v.dedup();
    v
}

/// The commitments of state `c`, with statuses and partners on `on`; the yearly
/// counts run to `today`'s year.
pub fn commitments(
    registry: &Registry,
    lifecycles: &dyn Lifecycles,
    c: Ccode,
    on: Date,
    today: Date,
) -> Commitments {
    let mut commitments = Vec::new();
    let mut partners: BTreeMap<u16, Partner> = BTreeMap::new();
    let mut by_year: BTreeMap<i16, usize> = BTreeMap::new();
    let this_year = today.year();
    for (i, a) in registry.agreements().iter().enumerate() {
        if !a.has_party(c) {
            continue;
        }
        let history = lifecycles.history(i);
        let h = history.as_ref().ok();
        let first = |pred: &dyn Fn(&Change) -> bool| {
            h.and_then(|h| {
                h.transitions()
                    .iter()
                    .find(|t| pred(&t.change))
                    .map(|t| t.date)
            })
        };
        let from = first(&|ch| *ch == Change::EnteredIntoForce);
        let until = first(&|ch| matches!(ch, Change::Terminated { .. }));
        if let Some(h) = h {
            for (start, end) in h.operative_periods() {
                let y0 = start.earliest().year();
                let y1 = end.map_or(this_year, |e| e.earliest().year().min(this_year));
                for y in y0..=y1 {
                    *by_year.entry(y).or_default() += 1;
                }
            }
        }
        let status = lifecycles.status_on(i, on);
        let others: Vec<Ccode> = a.party_states().into_iter().filter(|p| *p != c).collect();
        if matches!(status, Ok(Status::InForce)) {
            // Partners on the date: never a party that had left, nor a state that
            // had ceased to exist.
            for p in registry.partners_on(a, c, on) {
                let entry = partners.entry(p.0).or_insert_with(|| Partner {
                    state: p,
                    agreements: vec![],
                    owes: vec![],
                    owed: vec![],
                    families: vec![],
                });
                entry.agreements.push(a.id.to_string());
                for o in a.obligations.iter().filter(|o| o.holds_on(on)) {
                    if o.obligor == c && o.beneficiary == p {
                        entry.owes.push(o.kind);
                    } else if o.obligor == p && o.beneficiary == c {
                        entry.owed.push(o.kind);
                    }
                }
                entry.families.extend(a.families.iter().copied());
            }
        }
        commitments.push(Commitment {
            position: i,
            id: a.id.to_string(),
            title: a.short_title.clone().unwrap_or_else(|| a.title.clone()),
            partners: others,
            families: a.families.clone(),
            owes: kinds(
                a.obligations
                    .iter()
                    .filter(|o| o.obligor == c)
                    .map(|o| o.kind),
            ),
            owed: kinds(
                a.obligations
                    .iter()
                    .filter(|o| o.beneficiary == c)
                    .map(|o| o.kind),
            ),
            from,
            until,
            status,
            binding: a.is_binding(),
            source: registry.origin(&a.id).map(str::to_string),
        });
    }
    let partners = partners
        .into_values()
        .map(|mut p| {
            p.owes = kinds(p.owes.into_iter());
            p.owed = kinds(p.owed.into_iter());
            p.families.sort();
            p.families.dedup();
            p
        })
        .collect();
    // By entry into force (none first), then id.
    commitments.sort_by(|a, b| {
        let key = |x: &Commitment| x.from.map(|d| (d.earliest(), d.latest()));
        key(a).cmp(&key(b)).then(a.id.cmp(&b.id))
    });
    Commitments {
        state: c,
        on,
        commitments,
        partners,
        in_force_by_year: by_year,
    }
}

#[cfg(test)]
mod tests {
    use foedus_domain::lifecycle::History;
    use jiff::civil::date;

    use super::*;
    use crate::lifecycles::{Replay, Replayed, horizon};

    #[test]
    fn japan_is_owed_defense_by_the_united_states_and_replays_agree_with_the_cache() {
        let r = crate::tests::starter();
        let on = date(2020, 1, 1);
        let found = commitments(&r, &Replay(&r), Ccode(740), on, on);
        let treaty = found
            .commitments
            .iter()
            .find(|c| c.id == "us-japan-security-treaty-1960")
            .expect("the 1960 treaty is among Japan's commitments");
        assert_eq!(treaty.status, Ok(Status::InForce));
        assert!(treaty.partners.contains(&Ccode(2)));
        assert!(treaty.owed.contains(&ObligationKind::Defense));
        let usa = found.partners.iter().find(|p| p.state == Ccode(2)).unwrap();
        assert!(usa.owed.contains(&ObligationKind::Defense), "{usa:?}");
        assert!(found.in_force_by_year.get(&2019).copied().unwrap_or(0) >= 1);
        // Sorted by entry into force.
        let froms: Vec<_> = found.commitments.iter().map(|c| c.from).collect();
        assert!(
            froms
                .windows(2)
                .all(|w| w[0].map(|d| d.earliest()) <= w[1].map(|d| d.earliest()))
        );
        let cached: Vec<Result<History, String>> = r
            .agreements()
            .iter()
            .map(|a| History::replay(a, horizon()).map_err(|e| e.to_string()))
            .collect();
        assert_eq!(
            found,
            commitments(&r, &Replayed(&cached), Ccode(740), on, on)
        );
    }
}
