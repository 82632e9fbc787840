//! Suggested links: records of different sources that look like one treaty but
//! share no identifier, for a person to confirm (`foedus links confirm`) or reject.
//!
//! A pair is suggested when the two records name the same parties, were signed
//! within a few days of each other, and share a family (mutual defense, status of
//! forces, ...). Nothing is merged until a person confirms it; a rejected pair is
//! never suggested again.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::agreement::{Agreement, AgreementId, EventKind, Family};
use crate::date::PartialDate;
use crate::registry::Registry;

use super::Verdict;

/// How far apart two signature dates may be for a suggestion, by default.
pub const DEFAULT_WITHIN_DAYS: i32 = 7;

/// Two records that may describe one treaty, with the evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// One record.
    pub a: AgreementId,
    /// Its source.
    pub a_source: String,
    /// The other record.
    pub b: AgreementId,
    /// Its source.
    pub b_source: String,
    /// Days between their signature dates (0 when the dates may be the same day).
    pub days_apart: i32,
    /// Why they look alike, in words.
    pub evidence: Vec<String>,
}

/// A record's signature date: its first signature, or its first event.
fn signed(a: &Agreement) -> Option<PartialDate> {
    a.events
        .iter()
        .find(|e| matches!(e.kind, EventKind::Signature { .. }))
        .or_else(|| a.events.first())
        .map(|e| e.date)
}

/// Days between two partial dates: 0 if they may be the same day.
fn days_between(x: PartialDate, y: PartialDate) -> i32 {
    let gap = |a: PartialDate, b: PartialDate| (b.earliest() - a.latest()).get_days().max(0);
    gap(x, y).max(gap(y, x))
}

/// Pairs of records, of different sources and different reconciled agreements,
/// with the same parties, signed at most `within_days` apart, sharing a family; not
/// already rejected. Closest dates first.
pub fn suggest(registry: &Registry, within_days: i32) -> Vec<Suggestion> {
    let rejected: BTreeSet<(&AgreementId, &AgreementId)> = registry
        .curation()
        .links
        .iter()
        .filter(|l| l.verdict == Verdict::Rejected)
        .map(|l| (&l.a, &l.b))
        .collect();
    let mut by_parties: BTreeMap<Vec<u16>, Vec<&Agreement>> = BTreeMap::new();
    for a in registry.records() {
        let mut parties: Vec<u16> = a.party_states().iter().map(|c| c.0).collect();
        parties.sort_unstable();
        by_parties.entry(parties).or_default().push(a);
    }
    let mut out = Vec::new();
    for (parties, records) in &by_parties {
        for (i, x) in records.iter().enumerate() {
            for y in &records[i + 1..] {
                let (x, y) = if x.id <= y.id { (*x, *y) } else { (*y, *x) };
                let (sx, sy) = (registry.origin(&x.id), registry.origin(&y.id));
                if sx == sy
                    || registry.position(&x.id) == registry.position(&y.id)
                    || rejected.contains(&(&x.id, &y.id))
                {
                    continue;
                }
                let (Some(dx), Some(dy)) = (signed(x), signed(y)) else {
                    continue;
                };
                let days = days_between(dx, dy);
                if days > within_days {
                    continue;
                }
                let common: Vec<Family> = x
                    .families
                    .iter()
                    .filter(|f| y.families.contains(f))
                    .copied()
                    .collect();
                if common.is_empty() {
                    continue;
                }
                let names: Vec<String> = parties
                    .iter()
                    .map(|c| {
                        crate::codes::by_ccode(*c)
                            .map(|k| k.cow.to_string())
                            .unwrap_or_else(|| c.to_string())
                    })
                    .collect();
                let (sx, sy) = (sx.unwrap_or("?"), sy.unwrap_or("?"));
                out.push(Suggestion {
                    a: x.id.clone(),
                    a_source: sx.to_string(),
                    b: y.id.clone(),
                    b_source: sy.to_string(),
                    days_apart: days,
                    evidence: vec![
                        format!("the same parties: {}", names.join(", ")),
                        format!(
                            "signed {dx} ({sx}) and {dy} ({sy}): {days} day{} apart",
                            if days == 1 { "" } else { "s" }
                        ),
                        format!(
                            "families in common: {}",
                            common
                                .iter()
                                .map(|f| f.name())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        "no identifier in common".into(),
                    ],
                });
            }
        }
    }
    out.sort_by(|p, q| (p.days_apart, &p.a, &p.b).cmp(&(q.days_apart, &q.a, &q.b)));
    out
}
