//! Properties of the lifecycle engine over random event sequences: random but
//! plausible lives of a bilateral agreement with random clauses (an opening of
//! signatures and consents, then notices, suspensions, amendments, renewals and
//! terminations at random intervals, some with partial dates), and arbitrary
//! records that make no sense at all.
//!
//! - never in force before a signature or consent (VCLT arts 11-16, 24);
//! - a notice never takes effect before its sending plus its notice period
//!   (arts 54(a), 56(2), 65(2); the treaty's clause);
//! - a terminated agreement never returns to force (art 70);
//! - a past status never changes when later-dated events are added (art 70:
//!   history is never rewritten);
//! - replay never panics.

use foedus_domain::agreement::*;
use foedus_domain::date::{PartialDate, Period};
use foedus_domain::lifecycle::{Change, History, Status, StatusAt, Subject};
use foedus_domain::provenance::Provenance;
use foedus_domain::state::Ccode;
use jiff::ToSpan;
use jiff::civil::{Date, date};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

const US: Ccode = Ccode(2);
const JPN: Ccode = Ccode(740);
const UKG: Ccode = Ccode(200);

const HORIZON: Date = date(2100, 1, 1);

fn origin() -> Date {
    date(1950, 1, 1)
}

fn plus_days(d: Date, n: i64) -> Date {
    d.checked_add(n.days()).unwrap()
}

// ---------------------------------------------------------------------------
// Plausible agreements
// ---------------------------------------------------------------------------

fn party() -> impl Strategy<Value = Ccode> {
    prop_oneof![15 => Just(US), 15 => Just(JPN), 1 => Just(UKG)]
}

fn who() -> impl Strategy<Value = Option<Ccode>> {
    prop_oneof![3 => party().prop_map(Some), 1 => Just(None)]
}

fn period() -> impl Strategy<Value = Period> {
    prop_oneof![
        (1u16..6).prop_map(Period::years),
        (1u16..24).prop_map(Period::months),
        (1u16..400).prop_map(Period::days),
    ]
}

/// A treaty's term: mostly years, sometimes shorter.
fn term() -> impl Strategy<Value = Period> {
    prop_oneof![
        4 => (1u16..15).prop_map(Period::years),
        1 => (6u16..36).prop_map(Period::months),
        1 => (30u16..400).prop_map(Period::days),
    ]
}

fn clauses() -> impl Strategy<Value = Clauses> {
    let eif = prop_oneof![
        Just(EntryIntoForce::Unstated),
        Just(EntryIntoForce::OnSignature),
        Just(EntryIntoForce::OnExchangeOfInstruments),
        (0u16..90).prop_map(|n| EntryIntoForce::AfterLastConsent {
            delay: Period::days(n)
        }),
        (0i64..2000).prop_map(|n| EntryIntoForce::OnDate {
            date: PartialDate::day(plus_days(origin(), n))
        }),
    ];
    let after = prop_oneof![
        Just(AfterTerm::Expires),
        (
            option::of(term()),
            option::of((1u16..200).prop_map(Period::days))
        )
            .prop_map(|(period, notice)| AfterTerm::TacitRenewal { period, notice }),
        Just(AfterTerm::ContinuesUntilNotice),
        Just(AfterTerm::ExpressRenewal),
    ];
    let runs_from = prop_oneof![Just(RunsFrom::Sending), Just(RunsFrom::Receipt)];
    let takes_effect = prop_oneof![
        Just(TakesEffect::AfterPeriod),
        Just(TakesEffect::FirstDayOfNextMonth),
        Just(TakesEffect::EndOfTerm),
    ];
    let withdrawal = prop_oneof![
        2 => Just(Withdrawal::Silent),
        4 => (option::of(period()), runs_from, takes_effect, option::of(period())).prop_map(
            |(period, runs_from, takes_effect, not_before)| Withdrawal::OnNotice {
                period,
                runs_from,
                takes_effect,
                not_before,
            }
        ),
        1 => Just(Withdrawal::Conditional {
            condition: "aggression".into()
        }),
        1 => Just(Withdrawal::ConsentOnly),
        1 => Just(Withdrawal::Prohibited),
    ];
    let initial_term = prop_oneof![1 => Just(None), 3 => term().prop_map(Some)];
    (eif, initial_term, after, withdrawal).prop_map(
        |(entry_into_force, initial_term, after_term, withdrawal)| Clauses {
            entry_into_force,
            initial_term,
            after_term,
            withdrawal,
            ..Clauses::default()
        },
    )
}

fn form() -> impl Strategy<Value = LegalForm> {
    prop_oneof![
        6 => Just(LegalForm::Treaty),
        2 => Just(LegalForm::ExchangeOfNotes),
        2 => Just(LegalForm::MemorandumOfUnderstanding),
        1 => Just(LegalForm::ExecutiveAgreement),
    ]
}

/// How precisely an item is dated: mostly to the day.
#[derive(Clone, Copy, Debug)]
enum Prec {
    Day,
    Month,
    Year,
}

fn prec() -> impl Strategy<Value = Prec> {
    prop_oneof![16 => Just(Prec::Day), 2 => Just(Prec::Month), 2 => Just(Prec::Year)]
}

fn dated(d: Date, p: Prec) -> PartialDate {
    match p {
        Prec::Day => PartialDate::day(d),
        Prec::Month => PartialDate::month(d.year(), d.month()).unwrap(),
        Prec::Year => PartialDate::year(d.year()).unwrap(),
    }
}

/// An operation, with dates relative to the day it happens.
#[derive(Clone, Debug)]
enum Op {
    Event(EventKind),
    /// Express renewal until so many days after it (or one more term).
    RenewFor(Option<u16>),
    /// A suspension, ended so many days later (or not).
    Suspend {
        party: Option<Ccode>,
        toward: Option<Ccode>,
        end: Option<u16>,
    },
    Notice {
        party: Ccode,
        kind: NoticeKind,
        received: Option<(u16, Prec)>,
        declared: Option<(u16, Prec)>,
        steps: Vec<(u16, NoticeAction, Prec)>,
    },
}

fn means() -> impl Strategy<Value = ConsentMeans> {
    prop_oneof![
        4 => Just(ConsentMeans::Ratification),
        1 => Just(ConsentMeans::Acceptance),
        1 => Just(ConsentMeans::Approval),
        1 => Just(ConsentMeans::Accession),
        1 => Just(ConsentMeans::Signature),
    ]
}

fn ground() -> impl Strategy<Value = TerminationGround> {
    prop_oneof![
        3 => Just(TerminationGround::Consent),
        2 => Just(TerminationGround::Expiry),
        1 => Just(TerminationGround::Supersession { by: None }),
        1 => party().prop_map(|party| TerminationGround::Extinction { party }),
        1 => party().prop_map(|party| TerminationGround::Withdrawal { party }),
        1 => Just(TerminationGround::Fulfilled),
    ]
}

fn steps() -> impl Strategy<Value = Vec<(u16, NoticeAction, Prec)>> {
    let action = prop_oneof![
        Just(NoticeAction::Revoke),
        Just(NoticeAction::Suspend),
        Just(NoticeAction::Resume),
        Just(NoticeAction::Objection),
    ];
    let at = |a: NoticeAction| (0u16..500, prec()).prop_map(move |(n, p)| (n, a, p));
    prop_oneof![
        5 => Just(vec![]),
        2 => at(NoticeAction::Revoke).prop_map(|s| vec![s]),
        1 => at(NoticeAction::Suspend).prop_map(|s| vec![s]),
        1 => (at(NoticeAction::Suspend), 1u16..400).prop_map(|((n, a, p), later)| {
            vec![(n, a, p), (n.saturating_add(later), NoticeAction::Resume, Prec::Day)]
        }),
        2 => at(NoticeAction::Objection).prop_map(|s| vec![s]),
        1 => vec((0u16..500, action, prec()), 1..3),
    ]
}

/// A notice of a kind that mostly fits the clauses.
fn notice_op(c: &Clauses) -> impl Strategy<Value = Op> + use<> {
    let renews = matches!(c.after_term, AfterTerm::TacitRenewal { .. });
    let kind = prop_oneof![
        5 => Just(NoticeKind::Withdrawal),
        if renews { 5 } else { 1 } => Just(NoticeKind::NonRenewal),
        2 => any::<bool>().prop_map(|suspension_only| NoticeKind::Invocation {
            reason: InvocationGround::MaterialBreach,
            suspension_only,
        }),
    ];
    (
        party(),
        kind,
        option::of((0u16..40, prec())),
        option::of((0u16..60, prec())),
        steps(),
    )
        .prop_map(|(party, kind, received, declared, steps)| Op::Notice {
            party,
            kind,
            received,
            declared,
            steps,
        })
}

fn tail_op(c: &Clauses) -> impl Strategy<Value = Op> + use<> {
    // A suspension among the parties: the whole treaty, or one party toward the other.
    let pair = prop_oneof![
        Just((None, None)),
        Just((Some(US), Some(JPN))),
        Just((Some(JPN), Some(US))),
        Just((Some(US), None)),
    ];
    prop_oneof![
        12 => notice_op(c),
        2 => (pair.clone(), option::of(1u16..900)).prop_map(|((party, toward), end)| {
            Op::Suspend { party, toward, end }
        }),
        1 => pair.prop_map(|(party, toward)| Op::Event(EventKind::SuspensionEnd { party, toward })),
        1 => option::of(period()).prop_map(|new_term| Op::Event(EventKind::Amendment {
            summary: "amended".into(),
            new_term,
        })),
        1 => option::of(30u16..3000).prop_map(Op::RenewFor),
        2 => ground().prop_map(|ground| Op::Event(EventKind::Termination { ground })),
        1 => (party(), party()).prop_map(|(predecessor, successor)| {
            Op::Event(EventKind::Succession { predecessor, successor })
        }),
        // What rarely fits after the opening.
        1 => prop_oneof![
            Just(Op::Event(EventKind::EntryIntoForce)),
            Just(Op::Event(EventKind::ExchangeOfInstruments)),
            who().prop_map(|party| Op::Event(EventKind::Signature { party })),
            (who(), means()).prop_map(|(party, means)| Op::Event(EventKind::Consent { party, means })),
            who().prop_map(|party| Op::Event(EventKind::ProvisionalApplication { party })),
            who().prop_map(|party| Op::Event(EventKind::ProvisionalApplicationEnd { party })),
            party().prop_map(|party| Op::Event(EventKind::DeclinesToBecomeParty { party })),
            party().prop_map(|party| Op::Event(EventKind::PartyLeaves { party })),
        ],
    ]
}

/// The steps to a treaty in force that fit its form and its rule of entry into
/// force: signatures, then (where needed) consents and an exchange; perhaps
/// provisional application, a recorded entry into force, or a decline.
fn opening(c: &Clauses, legal_form: LegalForm) -> impl Strategy<Value = Vec<Op>> + use<> {
    let rule = c.entry_into_force.clone();
    (
        any::<bool>(),
        any::<bool>(),
        0u8..20,
        0u8..10,
        0u8..10,
        0u8..20,
    )
        .prop_map(
            move |(together, us_first, consent_style, provisional, recorded, decline)| {
                let sign = |party| Op::Event(EventKind::Signature { party });
                let ratify = |party| {
                    Op::Event(EventKind::Consent {
                        party,
                        means: ConsentMeans::Ratification,
                    })
                };
                let (a, b) = if us_first { (US, JPN) } else { (JPN, US) };
                let mut ops = Vec::new();
                if legal_form == LegalForm::ExchangeOfNotes {
                    ops.push(Op::Event(EventKind::ExchangeOfInstruments));
                } else if together {
                    ops.push(sign(None));
                } else {
                    ops.push(sign(Some(a)));
                    ops.push(sign(Some(b)));
                }
                let by_signature = legal_form == LegalForm::MemorandumOfUnderstanding
                    || rule == EntryIntoForce::OnSignature;
                if !by_signature && legal_form != LegalForm::ExchangeOfNotes {
                    if provisional < 3 {
                        ops.push(Op::Event(EventKind::ProvisionalApplication { party: None }));
                    }
                    if decline == 0 {
                        ops.push(Op::Event(EventKind::DeclinesToBecomeParty { party: b }));
                    }
                    match consent_style {
                        0 => {}
                        1..=5 => ops.push(ratify(None)),
                        _ => {
                            ops.push(ratify(Some(a)));
                            ops.push(ratify(Some(b)));
                        }
                    }
                    if rule == EntryIntoForce::OnExchangeOfInstruments || consent_style == 19 {
                        ops.push(Op::Event(EventKind::ExchangeOfInstruments));
                    }
                }
                if recorded == 0 {
                    ops.push(Op::Event(EventKind::EntryIntoForce));
                }
                ops
            },
        )
}

fn blank(parties: &[Ccode], clauses: Clauses, legal_form: LegalForm) -> Agreement {
    Agreement {
        id: AgreementId::new("prop").unwrap(),
        ids: Identifiers::default(),
        title: "Random agreement".into(),
        short_title: None,
        legal_form,
        legally_binding: None,
        families: vec![],
        parties: parties.iter().map(|c| Party::new(*c)).collect(),
        framework: None,
        implementing_bodies: vec![],
        mechanisms: vec![],
        provisions: vec![],
        clauses,
        obligations: vec![],
        phases: vec![],
        events: vec![],
        notices: vec![],
        attributes: Default::default(),
        notes: None,
        provenance: Provenance::new("proptest", None),
    }
}

/// Lays the operations out in time: each comes so many days after the last.
fn materialize(
    clauses: Clauses,
    legal_form: LegalForm,
    start: i64,
    ops: Vec<(u16, Prec, Op)>,
) -> Agreement {
    let mut a = blank(&[US, JPN], clauses, legal_form);
    let mut day = plus_days(origin(), start);
    for (gap, p, op) in ops {
        day = plus_days(day, i64::from(gap));
        let at = dated(day, p);
        match op {
            Op::Event(kind) => a.events.push(Event::new(at, kind)),
            Op::Suspend { party, toward, end } => {
                a.events
                    .push(Event::new(at, EventKind::Suspension { party, toward }));
                if let Some(n) = end {
                    a.events.push(Event::new(
                        PartialDate::day(plus_days(day, i64::from(n))),
                        EventKind::SuspensionEnd { party, toward },
                    ));
                }
            }
            Op::RenewFor(days) => a.events.push(Event::new(
                at,
                EventKind::Renewal {
                    until: days.map(|n| PartialDate::day(plus_days(day, i64::from(n)))),
                },
            )),
            Op::Notice {
                party,
                kind,
                received,
                declared,
                steps,
            } => a.notices.push(Notice {
                party,
                kind,
                sent: at,
                // Loosely dated, a receipt or declared date may overlap the sending.
                received: received.map(|(n, p)| dated(plus_days(day, i64::from(n)), p)),
                declared_effective: declared.map(|(n, p)| dated(plus_days(day, i64::from(n)), p)),
                clause: None,
                steps: steps
                    .into_iter()
                    .map(|(n, action, p)| NoticeStep {
                        date: dated(plus_days(day, i64::from(n)), p),
                        action,
                        note: None,
                    })
                    .collect(),
                note: None,
                provenance: None,
            }),
        }
    }
    a
}

fn agreement() -> impl Strategy<Value = Agreement> {
    (clauses(), form()).prop_flat_map(|(clauses, form)| {
        (
            opening(&clauses, form),
            vec((0u16..120, opening_prec()), 10),
            vec((0u16..900, prec(), tail_op(&clauses)), 0..10),
            0i64..20_000,
            Just(clauses),
            Just(form),
        )
            .prop_map(|(opening, gaps, tail, start, clauses, form)| {
                let mut ops: Vec<(u16, Prec, Op)> = opening
                    .into_iter()
                    .zip(gaps)
                    .map(|(op, (gap, p))| (gap, p, op))
                    .collect();
                ops.extend(tail);
                materialize(clauses, form, start, ops)
            })
    })
}

/// The record with every item the engine rejects struck out, one at a time
/// (each rejection names the item it comes from).
fn repair(mut a: Agreement) -> Agreement {
    for _ in 0..64 {
        let Err(e) = History::replay(&a, HORIZON) else {
            break;
        };
        match e.subject {
            Subject::Event { index } => {
                a.events.remove(index);
            }
            Subject::Notice { index } => {
                a.notices.remove(index);
            }
            Subject::NoticeStep { notice, step } => {
                a.notices[notice].steps.remove(step);
            }
            Subject::Clauses => break,
        }
    }
    a
}

/// A plausible agreement the engine accepts.
fn valid_agreement() -> impl Strategy<Value = Agreement> {
    agreement().prop_map(repair)
}

fn opening_prec() -> impl Strategy<Value = Prec> {
    prop_oneof![30 => Just(Prec::Day), 1 => Just(Prec::Month), 1 => Just(Prec::Year)]
}

// ---------------------------------------------------------------------------
// Helpers for the properties
// ---------------------------------------------------------------------------

fn in_force(s: &Status) -> bool {
    matches!(s, Status::InForce | Status::Suspended)
}

/// The earliest day on which some party signed or consented (an exchange of notes
/// is consent, art 13), if any.
fn first_consent(a: &Agreement) -> Option<Date> {
    a.events
        .iter()
        .filter(|e| match e.kind {
            EventKind::Signature { .. } | EventKind::Consent { .. } => true,
            EventKind::ExchangeOfInstruments => a.legal_form == LegalForm::ExchangeOfNotes,
            _ => false,
        })
        .map(|e| e.date.earliest())
        .min()
}

/// The earliest a notice may take effect under the clause it is given under.
fn lower_bound(a: &Agreement, n: &Notice) -> PartialDate {
    let plus = |p: Period| n.sent.plus(p).unwrap();
    match &n.kind {
        NoticeKind::Withdrawal => match &a.clauses.withdrawal {
            Withdrawal::Silent if a.is_binding() => plus(Period::months(12)),
            Withdrawal::Prohibited => plus(Period::months(12)),
            Withdrawal::OnNotice {
                period: Some(p), ..
            } => plus(*p),
            _ => n.sent,
        },
        NoticeKind::NonRenewal => match &a.clauses.after_term {
            AfterTerm::TacitRenewal {
                notice: Some(lead), ..
            } => plus(*lead),
            _ => n.sent,
        },
        NoticeKind::Invocation { .. } => plus(Period::months(3)),
    }
}

/// Days to compare on: around every transition and item date, and a few others.
fn probe_days(a: &Agreement, h: &History) -> Vec<Date> {
    let mut days: Vec<Date> = Vec::new();
    let mut add = |p: PartialDate| {
        for d in [p.earliest(), p.latest()] {
            days.push(d);
            if let Ok(y) = d.yesterday() {
                days.push(y);
            }
            if let Ok(t) = d.tomorrow() {
                days.push(t);
            }
        }
    };
    for t in h.transitions() {
        add(t.date);
    }
    for e in &a.events {
        add(e.date);
    }
    for n in &a.notices {
        add(n.sent);
    }
    days.push(origin());
    days.sort();
    days.dedup();
    days
}

// ---------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Arts 11-16 and 24: an agreement is never in force on a day before a party
    /// signed or consented.
    #[test]
    fn never_in_force_before_a_signature_or_consent(a in valid_agreement()) {
        let Ok(h) = History::replay(&a, HORIZON) else { return Ok(()) };
        for t in h.transitions() {
            if in_force(&t.status) {
                let first = first_consent(&a);
                prop_assert!(first.is_some(), "in force with no signature: {t:?}");
                prop_assert!(
                    t.date.earliest() >= first.unwrap(),
                    "in force {} before the first signature or consent {:?}", t.date, first
                );
            }
        }
        for day in probe_days(&a, &h) {
            let s = h.status_at(day);
            if in_force(&s.status) {
                prop_assert!(first_consent(&a).is_some_and(|f| f <= day), "in force on {day}");
            }
        }
    }

    /// Arts 54(a), 56(2), 65(2) and the treaty's clause: a notice takes effect no
    /// earlier than its sending plus its notice period.
    #[test]
    fn a_notice_never_takes_effect_before_its_period_has_run(a in valid_agreement()) {
        let Ok(h) = History::replay(&a, HORIZON) else { return Ok(()) };
        for t in h.transitions() {
            let Change::NoticeTookEffect { notice, .. } = t.change else { continue };
            let n = &a.notices[notice];
            prop_assert!(
                t.date.earliest() >= n.sent.earliest() && t.date.latest() >= n.sent.latest(),
                "notice #{notice} sent {} took effect {}", n.sent, t.date
            );
            let lower = lower_bound(&a, n);
            prop_assert!(
                t.date.earliest() >= lower.earliest(),
                "notice #{notice} ({:?}) sent {} took effect {}, before {}",
                n.kind, n.sent, t.date, lower
            );
        }
    }

    /// Art 70: a terminated agreement never returns to force without a new instrument.
    #[test]
    fn a_terminated_agreement_never_returns_to_force(a in valid_agreement()) {
        let Ok(h) = History::replay(&a, HORIZON) else { return Ok(()) };
        let ts = h.transitions();
        let ended = |s: &Status| matches!(s, Status::Terminated { .. } | Status::Abandoned);
        if let Some(k) = ts.iter().position(|t| ended(&t.status)) {
            for t in &ts[k..] {
                prop_assert!(ended(&t.status), "after {:?}: {t:?}", ts[k]);
            }
            let end = ts[k].date.latest();
            for day in probe_days(&a, &h).into_iter().filter(|d| *d >= end) {
                prop_assert!(ended(&h.status_at(day).status), "not ended on {day}");
            }
        }
    }

    /// Art 70 (history is never rewritten): adding later-dated events and notices
    /// never changes the status on an earlier day.
    #[test]
    fn a_past_status_never_changes_when_later_events_are_added(
        a in valid_agreement(),
        cut in 0usize..64,
    ) {
        // Cut at the date of one of the recorded items.
        let mut starts: Vec<Date> = a.events.iter().map(|e| e.date.earliest())
            .chain(a.notices.iter().map(|n| n.sent.earliest()))
            .chain(a.notices.iter().flat_map(|n| n.steps.iter().map(|s| s.date.earliest())))
            .collect();
        starts.sort();
        starts.dedup();
        prop_assume!(!starts.is_empty());
        let cutoff = starts[cut % starts.len()];
        let mut prefix = a.clone();
        prefix.events.retain(|e| e.date.earliest() < cutoff);
        let kept: Vec<usize> = (0..a.notices.len())
            .filter(|i| a.notices[*i].sent.earliest() < cutoff)
            .collect();
        prefix.notices = kept.iter().map(|i| {
            let mut n = a.notices[*i].clone();
            n.steps.retain(|s| s.date.earliest() < cutoff);
            n
        }).collect();
        let (Ok(full), Ok(part)) = (History::replay(&a, HORIZON), History::replay(&prefix, HORIZON))
        else { return Ok(()) };
        let renumber = |mut s: StatusAt| {
            for (i, _) in &mut s.notices {
                *i = kept[*i];
            }
            s
        };
        for day in probe_days(&a, &full).into_iter().filter(|d| *d < cutoff) {
            prop_assert_eq!(
                full.status_at(day),
                renumber(part.status_at(day)),
                "on {} (events from {} added)", day, cutoff
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Anything at all
// ---------------------------------------------------------------------------

/// A year near the ends of the calendar or in modern times; dates of one record
/// stay within a few decades of it, so replays stay short.
fn base_year() -> impl Strategy<Value = i16> {
    prop_oneof![
        1 => -9999i16..-9980,
        6 => 1800i16..2100,
        1 => 9975i16..=9999,
    ]
}

fn any_date(base: i16) -> impl Strategy<Value = PartialDate> {
    let year = (-25i16..25).prop_map(move |d| base.saturating_add(d).clamp(-9999, 9999));
    prop_oneof![
        4 => (year.clone(), 0i8..14, 0i8..33).prop_filter_map("calendar", |(y, m, d)| {
            PartialDate::from_parts(y, Some(m), Some(d)).ok()
        }),
        1 => (year, 1i8..13, 1i8..29, 0i64..4000).prop_filter_map("range", |(y, m, d, n)| {
            let a = Date::new(y, m, d).ok()?;
            let b = a.checked_add(n.days()).ok()?;
            PartialDate::between(a, b).ok()
        }),
    ]
}

fn any_period() -> impl Strategy<Value = Period> {
    prop_oneof![
        3 => period(),
        1 => (any::<u16>(), any::<u16>(), any::<u16>()).prop_map(|(y, m, d)| {
            format!("P{y}Y{m}M{d}D").parse().unwrap()
        }),
        1 => Just(Period::default()),
    ]
}

fn any_party() -> impl Strategy<Value = Ccode> {
    prop_oneof![Just(US), Just(JPN), Just(UKG), any::<u16>().prop_map(Ccode)]
}

fn any_who() -> impl Strategy<Value = Option<Ccode>> {
    option::of(any_party())
}

fn any_event_kind() -> impl Strategy<Value = EventKind> {
    prop_oneof![
        any_who().prop_map(|party| EventKind::Signature { party }),
        any_party().prop_map(|party| EventKind::DomesticApproval { party, body: None }),
        (any_who(), means()).prop_map(|(party, means)| EventKind::Consent { party, means }),
        Just(EventKind::ExchangeOfInstruments),
        Just(EventKind::EntryIntoForce),
        any_who().prop_map(|party| EventKind::ProvisionalApplication { party }),
        any_who().prop_map(|party| EventKind::ProvisionalApplicationEnd { party }),
        any_party().prop_map(|party| EventKind::DeclinesToBecomeParty { party }),
        option::of(any_period()).prop_map(|new_term| EventKind::Amendment {
            summary: String::new(),
            new_term,
        }),
        (any_who(), any_who()).prop_map(|(party, toward)| EventKind::Suspension { party, toward }),
        (any_who(), any_who())
            .prop_map(|(party, toward)| EventKind::SuspensionEnd { party, toward }),
        prop_oneof![
            ground(),
            any_party().prop_map(|party| TerminationGround::Invocation {
                party,
                reason: InvocationGround::Impossibility,
            })
        ]
        .prop_map(|ground| EventKind::Termination { ground }),
        (any_party(), any_party()).prop_map(|(predecessor, successor)| EventKind::Succession {
            predecessor,
            successor
        }),
        any_party().prop_map(|party| EventKind::PartyLeaves { party }),
        any_who().prop_map(|party| EventKind::Deposit {
            party,
            depositary: None
        }),
        (any_party(), option::of("[IVX]{1,3}")).prop_map(|(party, article)| {
            EventKind::Reservation {
                party,
                text: "r".into(),
                article,
            }
        }),
        any_party().prop_map(|party| EventKind::Declaration {
            party,
            text: "d".into(),
            article: None
        }),
        (any_party(), option::of("[IVX]{1,3}"))
            .prop_map(|(party, article)| EventKind::ReservationWithdrawal { party, article }),
    ]
}

fn any_agreement() -> impl Strategy<Value = (Agreement, Date)> {
    base_year().prop_flat_map(|base| {
        let clauses = (clauses(), option::of(any_period()), option::of(any_period()),
            option::of(any_period()))
            .prop_map(|(mut c, term, renewal, not_before)| {
                if term.is_some() {
                    c.initial_term = term;
                }
                if let (AfterTerm::TacitRenewal { period, .. }, Some(r)) = (&mut c.after_term, renewal) {
                    *period = Some(r);
                }
                if let (Withdrawal::OnNotice { not_before: nb, .. }, Some(p)) = (&mut c.withdrawal, not_before) {
                    *nb = Some(p);
                }
                c
            });
        let parties = vec(prop_oneof![4 => any_party().prop_map(Party::new),
            1 => (any_party(), any_date(base)).prop_map(|(c, d)| Party { joined: Some(d), ..Party::new(c) })], 0..4);
        let events = vec((any_date(base), any_event_kind()).prop_map(|(d, k)| Event::new(d, k)), 0..12);
        let step = (any_date(base), prop_oneof![
            Just(NoticeAction::Suspend), Just(NoticeAction::Resume),
            Just(NoticeAction::Revoke), Just(NoticeAction::Objection)])
            .prop_map(|(date, action)| NoticeStep { date, action, note: None });
        let kind = prop_oneof![
            Just(NoticeKind::Withdrawal),
            Just(NoticeKind::NonRenewal),
            any::<bool>().prop_map(|suspension_only| NoticeKind::Invocation {
                reason: InvocationGround::ChangedCircumstances,
                suspension_only,
            }),
        ];
        let notice = (any_party(), kind, any_date(base), option::of(any_date(base)),
            option::of(any_date(base)), vec(step, 0..3))
            .prop_map(|(party, kind, sent, received, declared_effective, steps)| Notice {
                party, kind, sent, received, declared_effective, clause: None, steps,
                note: None, provenance: None,
            });
        let horizon = (-30i16..30).prop_map(move |d| {
            date(base.saturating_add(d).clamp(-9999, 9999), 6, 30)
        });
        (clauses, form(), option::of(any::<bool>()), parties, events, vec(notice, 0..4), horizon)
            .prop_map(|(clauses, form, binding, parties, events, notices, horizon)| {
                let mut a = blank(&[], clauses, form);
                a.legally_binding = binding;
                a.parties = parties;
                a.events = events;
                a.notices = notices;
                (a, horizon)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The treaty-action register loses and duplicates nothing: every act of one
    /// party appears exactly once, in that party's list; every act recorded for
    /// every party (no party named) once in each party's list; notices in their
    /// party's; events of the agreement as a whole in none.
    #[test]
    fn every_party_act_is_in_exactly_its_party_s_actions((a, _) in any_agreement()) {
        use foedus_domain::actions::TreatyActions;
        let t = TreatyActions::of(&a);
        let count = |party: Ccode, source: &str| {
            t.party(party).map_or(0, |p| p.actions.iter().filter(|x| x.source == source).count())
        };
        let total = |source: &str| {
            t.parties.iter().map(|p| p.actions.iter().filter(|x| x.source == source).count()).sum::<usize>()
        };
        let everyone = a.party_states();
        for (i, e) in a.events.iter().enumerate() {
            let source = Subject::Event { index: i }.path();
            match e.kind.actor() {
                Some(Some(p)) => {
                    prop_assert_eq!(count(p, &source), 1, "{:?}", e.kind);
                    prop_assert_eq!(total(&source), 1, "{:?}", e.kind);
                }
                Some(None) => {
                    for p in &everyone {
                        prop_assert_eq!(count(*p, &source), 1, "{:?}", e.kind);
                    }
                    prop_assert_eq!(total(&source), everyone.len(), "{:?}", e.kind);
                }
                None => prop_assert_eq!(total(&source), 0, "{:?}", e.kind),
            }
        }
        for (i, n) in a.notices.iter().enumerate() {
            let source = Subject::Notice { index: i }.path();
            prop_assert_eq!(count(n.party, &source), 1);
            prop_assert_eq!(total(&source), 1);
        }
        for p in &t.parties {
            prop_assert!(p.actions.windows(2).all(|w| w[0].date.earliest() <= w[1].date.earliest()));
        }
    }

    /// Replay never panics, on any record, valid or not; nor do the queries on
    /// what it returns.
    #[test]
    fn replay_never_panics((a, horizon) in any_agreement()) {
        if let Ok(h) = History::replay(&a, horizon) {
            for t in h.transitions() {
                let _ = h.status_at(t.date.earliest());
                let _ = h.status_at(t.date.latest());
                let _ = t.change.to_string();
            }
            let _ = h.status_at(Date::MIN);
            let _ = h.status_at(Date::MAX);
            let _ = h.upcoming(Date::MIN, Date::MAX);
        }
    }

    /// The plausible records too, with every query.
    #[test]
    fn replay_never_panics_on_plausible_records(a in agreement(), horizon in 0i64..60_000) {
        let horizon = plus_days(origin(), horizon);
        match History::replay(&a, horizon) {
            Ok(h) => {
                let _ = h.upcoming(origin(), horizon);
                let _ = h.status_at(horizon);
            }
            Err(e) => {
                let _ = e.to_string();
            }
        }
    }
}

/// The properties above mean something only if the plausible lives reach what
/// they are about: notices that take effect, terminations, renewals, partial
/// dates. A fixed sample checks the generator does.
#[test]
fn the_generator_reaches_the_interesting_cases() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = valid_agreement();
    let (mut accepted, mut effects, mut ended, mut renewed, mut partial, mut suspended) =
        (0, 0, 0, 0, 0, 0);
    for _ in 0..300 {
        let a = strategy.new_tree(&mut runner).unwrap().current();
        let Ok(h) = History::replay(&a, HORIZON) else {
            continue;
        };
        accepted += 1;
        let ts = h.transitions();
        let any = |f: &dyn Fn(&Change) -> bool| ts.iter().any(|t| f(&t.change));
        effects += usize::from(any(&|c| matches!(c, Change::NoticeTookEffect { .. })));
        ended += usize::from(any(&|c| matches!(c, Change::Terminated { .. })));
        renewed += usize::from(any(&|c| matches!(c, Change::Renewed { tacit: true, .. })));
        suspended += usize::from(any(&|c| matches!(c, Change::Suspended { .. })));
        partial += usize::from(ts.iter().any(|t| !t.date.is_exact()));
    }
    assert!(accepted >= 270, "{accepted} of 300 accepted");
    assert!(effects >= 60, "{effects} with a notice taking effect");
    assert!(ended >= 120, "{ended} terminated");
    assert!(renewed >= 20, "{renewed} renewed tacitly");
    assert!(suspended >= 20, "{suspended} suspended");
    assert!(partial >= 50, "{partial} with partial dates");
}
