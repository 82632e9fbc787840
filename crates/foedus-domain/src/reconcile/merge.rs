//! One agreement from a treaty's records and amendments.
//!
//! The best record (by precedence) gives the agreement its id, parties,
//! obligations and clauses; every other record's differing values are kept as
//! claims. Events are matched across sources by kind and the states they name
//! (the n-th suspension by the US toward New Zealand in one source is the n-th in
//! another): for each, a stated date outranks an inferred one, then the better
//! source wins, an amendment before a record of the same rank; the other dates are
//! kept on the event (`other_claims`, `resolution`). An event only lesser records
//! give is not adopted (the best record's life is kept as it records it), but an
//! amendment's always is. Each amendment is applied only if the amended agreement
//! still replays through the lifecycle engine; otherwise it is reported, with the
//! file, line and field, and left out.

use std::collections::BTreeMap;

use crate::agreement::{Agreement, Event, EventKind, LegalForm};
use crate::amendment::{AmendmentProblem, NameKind};
use crate::lifecycle::{History, LifecycleError, Subject};
use crate::provenance::{Claim, Provenance};
use crate::state::Ccode;

use super::{
    AmendmentOutcome, EventClaim, EventClaims, FieldClaim, FieldClaims, Member, NameClaim,
    Precedence, Reconciliation, SourcedAmendment, check_horizon,
};

/// A record with its source and rank.
pub(crate) struct Source {
    pub record: Agreement,
    pub source: String,
    pub rank: usize,
    pub joined_by: Vec<String>,
}

/// Where an event claim comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Origin {
    /// The n-th amendment's j-th event.
    Amendment(usize, usize),
    /// The n-th member record's j-th event.
    Record(usize, usize),
}

/// What identifies an event across sources: its kind and the states it names.
type Key = (u8, Option<Ccode>, Option<Ccode>);

fn key(kind: &EventKind) -> Key {
    use EventKind as K;
    match kind {
        K::Signature { party } => (0, *party, None),
        K::DomesticApproval { party, .. } => (1, Some(*party), None),
        K::Consent { party, .. } => (2, *party, None),
        K::ExchangeOfInstruments => (3, None, None),
        K::EntryIntoForce => (4, None, None),
        K::ProvisionalApplication { party } => (5, *party, None),
        K::ProvisionalApplicationEnd { party } => (6, *party, None),
        K::DeclinesToBecomeParty { party } => (7, Some(*party), None),
        K::Amendment { .. } => (8, None, None),
        K::Renewal { .. } => (9, None, None),
        K::Suspension { party, toward } => (10, *party, *toward),
        K::SuspensionEnd { party, toward } => (11, *party, *toward),
        K::Termination { .. } => (12, None, None),
        K::Succession {
            predecessor,
            successor,
        } => (13, Some(*predecessor), Some(*successor)),
        K::PartyLeaves { party } => (14, Some(*party), None),
        K::Deposit { party, .. } => (15, *party, None),
        K::Reservation { party, .. } => (16, Some(*party), None),
        K::Declaration { party, .. } => (17, Some(*party), None),
        K::ReservationWithdrawal { party, .. } => (18, Some(*party), None),
    }
}

/// An event's kind in words, for the claims report.
fn describe(kind: &EventKind) -> String {
    use EventKind as K;
    let by = |p: &Option<Ccode>| p.map(|c| format!(" by {}", abbrev(c))).unwrap_or_default();
    match kind {
        K::Signature { party } => format!("signature{}", by(party)),
        K::DomesticApproval { party, .. } => format!("domestic approval by {}", abbrev(*party)),
        K::Consent { party, .. } => format!("consent to be bound{}", by(party)),
        K::ExchangeOfInstruments => "exchange of instruments".into(),
        K::EntryIntoForce => "entry into force".into(),
        K::ProvisionalApplication { party } => format!("provisional application{}", by(party)),
        K::ProvisionalApplicationEnd { party } => {
            format!("end of provisional application{}", by(party))
        }
        K::DeclinesToBecomeParty { party } => {
            format!("{} declines to become a party", abbrev(*party))
        }
        K::Amendment { .. } => "amendment".into(),
        K::Renewal { .. } => "renewal".into(),
        K::Suspension { party, toward } => format!(
            "suspension{}{}",
            by(party),
            toward
                .map(|t| format!(" toward {}", abbrev(t)))
                .unwrap_or_default()
        ),
        K::SuspensionEnd { party, toward } => format!(
            "end of suspension{}{}",
            by(party),
            toward
                .map(|t| format!(" toward {}", abbrev(t)))
                .unwrap_or_default()
        ),
        K::Termination { .. } => "termination".into(),
        K::Succession {
            predecessor,
            successor,
        } => format!(
            "succession of {} by {}",
            abbrev(*predecessor),
            abbrev(*successor)
        ),
        K::PartyLeaves { party } => format!("{} leaves", abbrev(*party)),
        K::Deposit { party, .. } => format!("deposit of an instrument{}", by(party)),
        K::Reservation { party, .. } => format!("reservation by {}", abbrev(*party)),
        K::Declaration { party, .. } => format!("declaration by {}", abbrev(*party)),
        K::ReservationWithdrawal { party, .. } => {
            format!("withdrawal of a reservation by {}", abbrev(*party))
        }
    }
}

fn abbrev(c: Ccode) -> String {
    c.known()
        .map(|k| k.cow.to_string())
        .unwrap_or_else(|| c.to_string())
}

/// One source's claim about an event.
struct Candidate<'a> {
    origin: Origin,
    event: &'a Event,
    provenance: Provenance,
    rank: usize,
    source: &'a str,
    from: String,
}

impl Candidate<'_> {
    /// Stated before inferred, then the better source, an amendment before a record.
    fn order(&self) -> (bool, usize, Origin) {
        (self.provenance.inferred, self.rank, self.origin)
    }
}

/// The claims about each event, in the order the agreement's life gives them.
struct Slots<'a> {
    order: Vec<(Key, usize)>,
    claims: BTreeMap<(Key, usize), Vec<Candidate<'a>>>,
}

impl<'a> Slots<'a> {
    fn new(
        members: &'a [Source],
        amendments: &'a [&SourcedAmendment],
        precedence: &Precedence,
    ) -> Slots<'a> {
        let mut slots = Slots {
            order: Vec::new(),
            claims: BTreeMap::new(),
        };
        for (m, s) in members.iter().enumerate() {
            let mut seen: BTreeMap<Key, usize> = BTreeMap::new();
            for (j, e) in s.record.events.iter().enumerate() {
                let k = key(&e.kind);
                let n = seen.entry(k).or_insert(0);
                slots.add(
                    (k, *n),
                    Candidate {
                        origin: Origin::Record(m, j),
                        event: e,
                        provenance: e
                            .provenance
                            .clone()
                            .unwrap_or_else(|| s.record.provenance.clone()),
                        rank: s.rank,
                        source: &s.source,
                        from: s.record.id.to_string(),
                    },
                );
                *n += 1;
            }
        }
        for (a, am) in amendments.iter().enumerate() {
            let mut seen: BTreeMap<Key, usize> = BTreeMap::new();
            for (j, e) in am.file.amendment.events.iter().enumerate() {
                let k = key(&e.kind);
                let n = seen.entry(k).or_insert(0);
                slots.add(
                    (k, *n),
                    Candidate {
                        origin: Origin::Amendment(a, j),
                        event: e,
                        provenance: e
                            .provenance
                            .clone()
                            .unwrap_or_else(|| am.file.amendment.provenance.clone()),
                        rank: precedence.rank(&am.source),
                        source: &am.source,
                        from: am.file.file.clone(),
                    },
                );
                *n += 1;
            }
        }
        slots
    }

    fn add(&mut self, slot: (Key, usize), c: Candidate<'a>) {
        let claims = self.claims.entry(slot).or_default();
        if claims.is_empty() {
            self.order.push(slot);
        }
        claims.push(c);
    }
}

/// Which claims count when the events are assembled.
struct Choice<'c> {
    /// Per amendment: applied or not.
    applied: &'c [bool],
    /// Lesser records' dates may replace the best record's (a stated date over an
    /// inferred one); false when that breaks the best record's life.
    records_compete: bool,
}

impl Choice<'_> {
    /// The claims about one event that count.
    fn candidates<'s>(&self, slots: &'s Slots<'_>, slot: &(Key, usize)) -> Vec<&'s Candidate<'s>> {
        slots.claims[slot]
            .iter()
            .filter(|c| match c.origin {
                Origin::Amendment(a, _) => self.applied[a],
                Origin::Record(..) => true,
            })
            .collect()
    }

    /// The claim the agreement's life uses, if the event is adopted: the best
    /// record's events and the amendments' are; lesser records' alone are not.
    fn chosen<'s>(&self, cands: &[&'s Candidate<'s>]) -> Option<&'s Candidate<'s>> {
        let adopted = cands
            .iter()
            .any(|c| matches!(c.origin, Origin::Record(0, _) | Origin::Amendment(..)));
        if !adopted {
            return None;
        }
        cands
            .iter()
            .filter(|c| self.records_compete || !matches!(c.origin, Origin::Record(m, _) if m > 0))
            .min_by_key(|c| c.order())
            .copied()
    }
}

/// The agreement's events under a choice, with each one's origin.
fn assemble(slots: &Slots<'_>, choice: &Choice<'_>, precedence: &str) -> (Vec<Event>, Vec<Origin>) {
    let mut events = Vec::new();
    let mut origins = Vec::new();
    for slot in &slots.order {
        let cands = choice.candidates(slots, slot);
        let Some(chosen) = choice.chosen(&cands) else {
            continue;
        };
        let mut e = chosen.event.clone();
        if !matches!(chosen.origin, Origin::Record(0, _)) && e.provenance.is_none() {
            e.provenance = Some(chosen.provenance.clone());
        }
        let mut others: Vec<&Candidate<'_>> = cands
            .iter()
            .copied()
            .filter(|c| c.origin != chosen.origin && c.event.date != e.date)
            .collect();
        others.sort_by_key(|c| c.order());
        let mut why = None;
        for o in others {
            let claim = Claim {
                value: o.event.date,
                provenance: o.provenance.clone(),
            };
            if !e.other_claims.contains(&claim) {
                e.other_claims.push(claim);
                why.get_or_insert_with(|| reason(chosen, o, precedence));
            }
        }
        if let Some(why) = why {
            e.resolution = Some(match e.resolution.take() {
                Some(r) => format!("{r}; {why}"),
                None => why,
            });
        }
        events.push(e);
        origins.push(chosen.origin);
    }
    (events, origins)
}

/// Why `chosen`'s date won over `other`'s.
fn reason(chosen: &Candidate<'_>, other: &Candidate<'_>, precedence: &str) -> String {
    let what = |c: &Candidate<'_>| match c.origin {
        Origin::Amendment(..) => format!("the amendment {} ({})", c.from, c.source),
        Origin::Record(..) => format!("{} ({})", c.source, c.from),
    };
    if other.provenance.inferred && !chosen.provenance.inferred {
        format!(
            "{} states the date; {} infers its {} from another of its dates",
            what(chosen),
            what(other),
            other.event.date
        )
    } else if matches!(chosen.origin, Origin::Amendment(..)) {
        format!(
            "{} corrects {}'s {}",
            what(chosen),
            what(other),
            other.event.date
        )
    } else {
        format!(
            "{} ranks above {} under the precedence {precedence}",
            what(chosen),
            what(other)
        )
    }
}

fn replay(base: &Agreement, events: Vec<Event>) -> Result<(), LifecycleError> {
    let mut a = base.clone();
    a.events = events;
    History::replay(&a, check_horizon()).map(|_| ())
}

/// The amendment problem a lifecycle error makes, for amendment `a`.
fn problem(
    err: &LifecycleError,
    origins: &[Origin],
    events: &[Event],
    a: usize,
    am: &SourcedAmendment,
) -> AmendmentProblem {
    let found = format!(
        "{}{}",
        err.date.map(|d| format!("{d}: ")).unwrap_or_default(),
        err.detail
    );
    let expected = format!("{} [{}]", err.rule.statement(), err.rule.article());
    match err.subject {
        Subject::Event { index } => match origins.get(index) {
            Some(Origin::Amendment(x, j)) if *x == a => {
                AmendmentProblem::at(&am.file, format!("events[{j}]"), found, expected)
            }
            _ => AmendmentProblem::at(
                &am.file,
                "events",
                format!(
                    "{found} (at the agreement's {} of {}, once this amendment is applied)",
                    events
                        .get(index)
                        .map(|e| describe(&e.kind))
                        .unwrap_or_else(|| "event".into()),
                    events
                        .get(index)
                        .map(|e| e.date.to_string())
                        .unwrap_or_default()
                ),
                expected,
            ),
        },
        _ => AmendmentProblem::at(&am.file, "events", found, expected),
    }
}

fn legal_form(f: LegalForm) -> &'static str {
    match f {
        LegalForm::Treaty => "treaty",
        LegalForm::ExecutiveAgreement => "executive_agreement",
        LegalForm::MemorandumOfUnderstanding => "memorandum_of_understanding",
        LegalForm::ExchangeOfNotes => "exchange_of_notes",
        LegalForm::Unknown => "unknown",
    }
}

/// The fields compared across records, each as lines of words.
fn fields(a: &Agreement) -> Vec<(&'static str, Vec<String>)> {
    let mut parties: Vec<String> = a.party_states().into_iter().map(abbrev).collect();
    parties.sort();
    let mut obligations: Vec<String> = a
        .obligations
        .iter()
        .map(|o| {
            format!(
                "{} owes {} {}{}",
                abbrev(o.obligor),
                abbrev(o.beneficiary),
                o.kind.name(),
                if o.conditions.is_empty() {
                    ""
                } else {
                    " (conditional)"
                }
            )
        })
        .collect();
    obligations.sort();
    obligations.dedup();
    let mut families: Vec<String> = a.families.iter().map(|f| f.name().to_string()).collect();
    families.sort();
    let clauses: Vec<String> = a
        .clauses
        .describe()
        .into_iter()
        .filter(|l| !l.starts_with("(clauses:"))
        .collect();
    vec![
        ("parties", parties),
        ("obligations", obligations),
        ("families", families),
        ("legal_form", vec![legal_form(a.legal_form).to_string()]),
        ("clauses", clauses),
        ("framework", a.framework.iter().cloned().collect()),
    ]
}

/// Makes one agreement of a treaty's records (best first) and amendments (in order).
pub(crate) fn merge(
    members: Vec<Source>,
    amendments: &[&SourcedAmendment],
    precedence: &Precedence,
) -> (Agreement, Reconciliation, Vec<Agreement>) {
    let described = precedence.describe();
    let best = &members[0];
    let mut out = best.record.clone();

    // Events, and which amendments the lifecycle engine accepts.
    let slots = Slots::new(&members, amendments, precedence);
    let mut applied = vec![false; amendments.len()];
    let mut records_compete = true;
    let base_ok = {
        let try_with = |records_compete| {
            let choice = Choice {
                applied: &applied,
                records_compete,
            };
            replay(&best.record, assemble(&slots, &choice, &described).0).is_ok()
        };
        try_with(true) || {
            records_compete = false;
            try_with(false)
        }
    };
    let mut outcomes: Vec<AmendmentOutcome> = Vec::with_capacity(amendments.len());
    for (a, am) in amendments.iter().enumerate() {
        let citation = am.file.amendment.provenance.citation.clone();
        let own = am.file.amendment.problems();
        let problem = if let Some((field, found, expected)) = own.into_iter().next() {
            Some(AmendmentProblem::at(&am.file, field, found, expected))
        } else {
            applied[a] = true;
            let choice = Choice {
                applied: &applied,
                records_compete,
            };
            let (ev, origins) = assemble(&slots, &choice, &described);
            match replay(&best.record, ev.clone()) {
                Err(e) if base_ok => {
                    applied[a] = false;
                    Some(problem(&e, &origins, &ev, a, am))
                }
                _ => None,
            }
        };
        outcomes.push(AmendmentOutcome {
            source: am.source.clone(),
            file: am.file.file.clone(),
            citation,
            applied: problem.is_none(),
            problem,
        });
    }
    let choice = Choice {
        applied: &applied,
        records_compete,
    };
    out.events = assemble(&slots, &choice, &described).0;

    // The events report: where dates differ, where lesser records are not
    // followed, and what amendments change.
    let mut events_report = Vec::new();
    for slot in &slots.order {
        let cands = choice.candidates(&slots, slot);
        if cands.is_empty() {
            continue;
        }
        let chosen = choice.chosen(&cands).map(|c| c.origin);
        let dates: std::collections::BTreeSet<_> = cands.iter().map(|c| c.event.date).collect();
        let amended = cands
            .iter()
            .any(|c| matches!(c.origin, Origin::Amendment(..)));
        if dates.len() < 2 && chosen.is_some() && !amended {
            continue;
        }
        let mut claims: Vec<EventClaim> = cands
            .iter()
            .map(|c| EventClaim {
                source: c.source.to_string(),
                from: c.from.clone(),
                date: c.event.date,
                provenance: c.provenance.clone(),
                chosen: Some(c.origin) == chosen,
            })
            .collect();
        claims.sort_by_key(|c| !c.chosen);
        let event = describe(&cands[0].event.kind);
        let why = match chosen.and_then(|o| cands.iter().find(|c| c.origin == o)) {
            None => format!(
                "not adopted: only {} record{} it; the best record ({}, {}) does not, and its life is kept as it records it",
                cands
                    .iter()
                    .map(|c| c.source)
                    .collect::<Vec<_>>()
                    .join(", "),
                if cands.len() == 1 { "s" } else { "" },
                best.record.id,
                best.source
            ),
            Some(c) => match cands
                .iter()
                .filter(|o| o.event.date != c.event.date)
                .min_by_key(|o| o.order())
            {
                Some(o) => reason(c, o, &described),
                None if matches!(c.origin, Origin::Amendment(..)) => {
                    format!("added by the amendment {} ({})", c.from, c.source)
                }
                None => "the sources agree".into(),
            },
        };
        events_report.push(EventClaims { event, claims, why });
    }

    // Names: every record's title and short name, and the amendments'.
    let mut names: Vec<(usize, u8, NameClaim)> = Vec::new();
    for m in &members {
        names.push((
            m.rank,
            1,
            NameClaim {
                name: m.record.title.clone(),
                kind: NameKind::Title,
                source: m.source.clone(),
                from: m.record.id.to_string(),
                citation: m.record.provenance.citation.clone(),
                chosen: false,
            },
        ));
        if let Some(s) = &m.record.short_title {
            names.push((
                m.rank,
                1,
                NameClaim {
                    name: s.clone(),
                    kind: NameKind::Short,
                    source: m.source.clone(),
                    from: m.record.id.to_string(),
                    citation: m.record.provenance.citation.clone(),
                    chosen: false,
                },
            ));
        }
    }
    for (a, am) in amendments.iter().enumerate() {
        if !applied[a] {
            continue;
        }
        let rank = precedence.rank(&am.source);
        for n in &am.file.amendment.names {
            names.push((
                rank,
                0,
                NameClaim {
                    name: n.name.clone(),
                    kind: n.kind,
                    source: am.source.clone(),
                    from: am.file.file.clone(),
                    citation: Some(n.citation.clone()),
                    chosen: false,
                },
            ));
        }
    }
    names.sort_by_key(|(rank, record, _)| (*rank, *record));
    let mut names: Vec<NameClaim> = names.into_iter().map(|(_, _, n)| n).collect();
    for kind in [NameKind::Title, NameKind::Short] {
        if let Some(n) = names.iter_mut().find(|n| n.kind == kind) {
            n.chosen = true;
            match kind {
                NameKind::Title => out.title = n.name.clone(),
                _ => out.short_title = Some(n.name.clone()),
            }
        }
    }

    // Identifiers: the best record's, filled from the others and the amendments.
    for m in &members[1..] {
        out.ids.fill_from(&m.record.ids);
    }
    for (a, am) in amendments.iter().enumerate() {
        if applied[a] {
            out.ids.fill_from(&am.file.amendment.ids);
        }
    }

    // The other fields: the best record's; where records differ, every claim.
    let mut field_report = Vec::new();
    if members.len() > 1 {
        let per_member: Vec<Vec<(&'static str, Vec<String>)>> =
            members.iter().map(|m| fields(&m.record)).collect();
        for (f, (name, best_value)) in per_member[0].iter().enumerate() {
            if per_member.iter().all(|v| v[f].1 == *best_value) {
                continue;
            }
            field_report.push(FieldClaims {
                field: name.to_string(),
                claims: members
                    .iter()
                    .zip(&per_member)
                    .enumerate()
                    .map(|(i, (m, v))| FieldClaim {
                        source: m.source.clone(),
                        from: m.record.id.clone(),
                        value: v[f].1.clone(),
                        chosen: i == 0,
                    })
                    .collect(),
                why: format!(
                    "the record {} ({}) ranks first under the precedence {described}",
                    best.record.id, best.source
                ),
            });
        }
    }

    let reconciliation = Reconciliation {
        id: out.id.clone(),
        members: members
            .iter()
            .map(|m| Member {
                id: m.record.id.clone(),
                source: m.source.clone(),
                rank: m.rank,
                joined_by: m.joined_by.clone(),
            })
            .collect(),
        precedence: described,
        names,
        fields: field_report,
        events: events_report,
        amendments: outcomes,
    };
    let kept = members.into_iter().map(|m| m.record).collect();
    (out, reconciliation, kept)
}
