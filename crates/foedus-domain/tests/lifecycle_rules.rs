//! The lifecycle engine, rule by rule: one test per [`Rule`] it enforces and per
//! date it computes, each named for what it checks and citing its article of the
//! Vienna Convention on the Law of Treaties (VCLT) or the treaty clause.
//! DOMAIN.md section 2 is the reference; real agreements are used where their
//! dates are known (US–Japan 1960, US–ROC 1954, Japan–Korea GSOMIA 2016, ANZUS).

use foedus_domain::agreement::*;
use foedus_domain::date::{DateError, PartialDate, Period, Precision};
use foedus_domain::lifecycle::{
    Basis, Change, History, LifecycleError, NoticeStatus, Rule, Status, Upcoming, UpcomingKind,
};
use foedus_domain::provenance::Provenance;
use foedus_domain::state::Ccode;
use jiff::civil::Date;

const US: Ccode = Ccode(2);
const UKG: Ccode = Ccode(200);
const FRN: Ccode = Ccode(220);
const GDR: Ccode = Ccode(265);
const CZE: Ccode = Ccode(315); // Czechoslovakia
const CZR: Ccode = Ccode(316); // Czech Republic
const RUS: Ccode = Ccode(365); // COW codes the USSR and Russia alike
const ROC: Ccode = Ccode(713);
const ROK: Ccode = Ccode(732);
const JPN: Ccode = Ccode(740);
const AUL: Ccode = Ccode(900);
const NEW: Ccode = Ccode(920);

// ---------------------------------------------------------------------------
// A compact builder
// ---------------------------------------------------------------------------

fn d(s: &str) -> PartialDate {
    s.parse().unwrap_or_else(|e| panic!("{e}"))
}

fn day(s: &str) -> Date {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn p(s: &str) -> Period {
    s.parse().unwrap_or_else(|e| panic!("{e}"))
}

#[derive(Clone)]
struct T(Agreement);

fn treaty(parties: &[Ccode]) -> T {
    T(Agreement {
        id: AgreementId::new("test").unwrap(),
        ids: Identifiers::default(),
        title: "Test agreement".into(),
        short_title: None,
        legal_form: LegalForm::Treaty,
        legally_binding: None,
        families: vec![Family::MutualDefense],
        parties: parties.iter().map(|c| Party::new(*c)).collect(),
        framework: None,
        implementing_bodies: vec![],
        mechanisms: vec![],
        provisions: vec![],
        clauses: Clauses::default(),
        obligations: vec![],
        phases: vec![],
        events: vec![],
        notices: vec![],
        attributes: Default::default(),
        notes: None,
        provenance: Provenance::new("test", None),
    })
}

/// A treaty between `parties` in force on signature by all on `date`.
fn in_force(parties: &[Ccode], date: &str) -> T {
    treaty(parties)
        .eif(EntryIntoForce::OnSignature)
        .on(date, sign_all())
}

impl T {
    fn form(mut self, f: LegalForm) -> Self {
        self.0.legal_form = f;
        self
    }
    fn eif(mut self, rule: EntryIntoForce) -> Self {
        self.0.clauses.entry_into_force = rule;
        self
    }
    fn term(mut self, term: &str, after: AfterTerm) -> Self {
        self.0.clauses.initial_term = Some(p(term));
        self.0.clauses.after_term = after;
        self
    }
    fn withdrawal(mut self, w: Withdrawal) -> Self {
        self.0.clauses.withdrawal = w;
        self
    }
    fn on(mut self, date: &str, kind: EventKind) -> Self {
        self.0.events.push(Event::new(d(date), kind));
        self
    }
    fn notice(mut self, n: Notice) -> Self {
        self.0.notices.push(n);
        self
    }
    /// Lists `state` as a party that joins on `date` (a later spell).
    fn joins(mut self, state: Ccode, date: &str) -> Self {
        self.0.parties.push(Party {
            joined: Some(d(date)),
            ..Party::new(state)
        });
        self
    }
    fn replay(&self) -> History {
        History::replay(&self.0, day("2100-01-01")).unwrap_or_else(|e| panic!("rejected: {e}"))
    }
    /// Asserts the record is rejected under `rule`, pointing at `path`.
    fn rejects(&self, rule: Rule, path: &str) -> LifecycleError {
        let e = History::replay(&self.0, day("2100-01-01"))
            .err()
            .unwrap_or_else(|| panic!("accepted; expected {rule:?} at {path}"));
        assert_eq!((e.rule, e.subject.path()), (rule, path.to_string()), "{e}");
        e
    }
}

fn sign(party: Ccode) -> EventKind {
    EventKind::Signature { party: Some(party) }
}
fn sign_all() -> EventKind {
    EventKind::Signature { party: None }
}
fn consent(party: Ccode, means: ConsentMeans) -> EventKind {
    EventKind::Consent {
        party: Some(party),
        means,
    }
}
fn ratify(party: Ccode) -> EventKind {
    consent(party, ConsentMeans::Ratification)
}
fn terminated(ground: TerminationGround) -> EventKind {
    EventKind::Termination { ground }
}
fn suspension(party: Option<Ccode>, toward: Option<Ccode>) -> EventKind {
    EventKind::Suspension { party, toward }
}
fn suspension_end(party: Option<Ccode>, toward: Option<Ccode>) -> EventKind {
    EventKind::SuspensionEnd { party, toward }
}

fn notice(party: Ccode, kind: NoticeKind, sent: &str) -> Notice {
    Notice {
        party,
        kind,
        sent: d(sent),
        received: None,
        declared_effective: None,
        clause: None,
        steps: vec![],
        note: None,
        provenance: None,
    }
}
fn withdraw(party: Ccode, sent: &str) -> Notice {
    notice(party, NoticeKind::Withdrawal, sent)
}
fn non_renewal(party: Ccode, sent: &str) -> Notice {
    notice(party, NoticeKind::NonRenewal, sent)
}
fn invoke(party: Ccode, sent: &str, suspension_only: bool) -> Notice {
    notice(
        party,
        NoticeKind::Invocation {
            reason: InvocationGround::MaterialBreach,
            suspension_only,
        },
        sent,
    )
}

trait NoticeExt {
    fn received(self, date: &str) -> Self;
    fn declared(self, date: &str) -> Self;
    fn step(self, date: &str, action: NoticeAction) -> Self;
}

impl NoticeExt for Notice {
    fn received(mut self, date: &str) -> Self {
        self.received = Some(d(date));
        self
    }
    fn declared(mut self, date: &str) -> Self {
        self.declared_effective = Some(d(date));
        self
    }
    fn step(mut self, date: &str, action: NoticeAction) -> Self {
        self.steps.push(NoticeStep {
            date: d(date),
            action,
            note: None,
        });
        self
    }
}

fn on_notice(period: &str, runs_from: RunsFrom, takes_effect: TakesEffect) -> Withdrawal {
    Withdrawal::OnNotice {
        period: Some(p(period)),
        runs_from,
        takes_effect,
        not_before: None,
    }
}
fn one_year_notice() -> Withdrawal {
    on_notice("P1Y", RunsFrom::Sending, TakesEffect::AfterPeriod)
}
fn tacit(period: &str, notice: &str) -> AfterTerm {
    AfterTerm::TacitRenewal {
        period: Some(p(period)),
        notice: Some(p(notice)),
    }
}

fn status(h: &History, on: &str) -> Status {
    h.status_at(day(on)).status
}

/// The date of the one transition whose change satisfies `f`.
fn when(h: &History, f: impl Fn(&Change) -> bool) -> PartialDate {
    let found: Vec<_> = h.transitions().iter().filter(|t| f(&t.change)).collect();
    assert_eq!(found.len(), 1, "{:#?}", h.transitions());
    found[0].date
}

fn count(h: &History, f: impl Fn(&Change) -> bool) -> usize {
    h.transitions().iter().filter(|t| f(&t.change)).count()
}

fn entered(h: &History) -> PartialDate {
    when(h, |c| *c == Change::EnteredIntoForce)
}

fn took_effect(h: &History, notice: usize) -> PartialDate {
    when(
        h,
        |c| matches!(c, Change::NoticeTookEffect { notice: n, .. } if *n == notice),
    )
}

fn effect_announced(h: &History, notice: usize) -> Option<PartialDate> {
    h.transitions()
        .iter()
        .find_map(|t| match t.change {
            Change::NoticeGiven {
                notice: n, effect, ..
            } if n == notice => Some(effect),
            _ => None,
        })
        .expect("notice given")
}

fn terminated_with(ground: TerminationGround) -> Status {
    Status::Terminated { ground }
}

fn upcoming_of(h: &History, from: &str, until: &str) -> Vec<Upcoming> {
    h.upcoming(day(from), day(until))
}

// ---------------------------------------------------------------------------
// Consent to be bound and entry into force (arts 11-18, 24)
// ---------------------------------------------------------------------------

#[test]
fn art_12_and_24_1_in_force_on_signature_by_both() {
    let h = treaty(&[US, JPN])
        .eif(EntryIntoForce::OnSignature)
        .on("2000-03-01", sign(US))
        .on("2000-03-05", sign(JPN))
        .replay();
    assert_eq!(entered(&h), d("2000-03-05"));
    assert_eq!(status(&h, "2000-02-29"), Status::NotSigned);
    assert_eq!(status(&h, "2000-03-04"), Status::Signed);
    assert_eq!(status(&h, "2000-03-05"), Status::InForce);
    let t = h
        .transitions()
        .iter()
        .find(|t| t.change == Change::EnteredIntoForce)
        .unwrap();
    assert!(matches!(&t.basis, Basis::Computed { rule } if rule.contains("art 12")));
}

#[test]
fn art_24_2_enters_into_force_on_last_consent() {
    let h = treaty(&[US, JPN])
        .on("2000-01-10", sign_all())
        .on("2000-05-02", ratify(US))
        .on("2000-07-14", ratify(JPN))
        .replay();
    assert_eq!(entered(&h), d("2000-07-14"));
    assert_eq!(status(&h, "2000-07-13"), Status::Signed);
    assert_eq!(status(&h, "2000-07-14"), Status::InForce);
}

#[test]
fn art_24_2_signatures_alone_are_not_consent_and_art_18_lists_pending_consents() {
    let h = treaty(&[US, JPN]).on("2000-01-10", sign_all()).replay();
    assert_eq!(status(&h, "2099-12-31"), Status::Signed);
    let pending: Vec<_> = upcoming_of(&h, "2000-01-10", "2001-01-01")
        .into_iter()
        .filter_map(|u| match u.kind {
            UpcomingKind::ConsentPending { party, signed } => Some((u.date, party, signed)),
            _ => None,
        })
        .collect();
    assert_eq!(
        pending,
        vec![(None, US, d("2000-01-10")), (None, JPN, d("2000-01-10"))]
    );
}

#[test]
fn art_16_and_24_1_in_force_on_exchange_of_instruments_us_japan_1960() {
    let h = treaty(&[US, JPN])
        .eif(EntryIntoForce::OnExchangeOfInstruments)
        .on("1960-01-19", sign_all())
        .on(
            "1960-06-21",
            EventKind::DomesticApproval {
                party: JPN,
                body: Some("Diet".into()),
            },
        )
        .on("1960-06-21", ratify(JPN))
        .on("1960-06-22", ratify(US))
        .on("1960-06-23", EventKind::ExchangeOfInstruments)
        .replay();
    assert_eq!(entered(&h), d("1960-06-23"));
    // Art 27: the domestic step is recorded, and is not consent.
    assert_eq!(
        count(
            &h,
            |c| matches!(c, Change::DomesticApproval { party, .. } if *party == JPN)
        ),
        1
    );
    assert_eq!(status(&h, "1960-06-22"), Status::Signed);
    assert_eq!(status(&h, "1960-06-23"), Status::InForce);
}

#[test]
fn art_24_1_in_force_a_set_time_after_the_last_consent() {
    let h = treaty(&[US, JPN])
        .eif(EntryIntoForce::AfterLastConsent { delay: p("P30D") })
        .on("2001-01-01", sign_all())
        .on("2001-02-01", ratify(US))
        .on("2001-03-15", ratify(JPN))
        .replay();
    assert_eq!(entered(&h), d("2001-04-14"));
    assert_eq!(status(&h, "2001-04-13"), Status::Signed);
}

#[test]
fn art_24_1_in_force_on_the_fixed_date_once_all_have_consented() {
    let on_date = |jpn_consent: &str| {
        treaty(&[US, JPN])
            .eif(EntryIntoForce::OnDate {
                date: d("2002-01-01"),
            })
            .on("2001-01-01", sign_all())
            .on("2001-06-01", ratify(US))
            .on(jpn_consent, ratify(JPN))
            .replay()
    };
    assert_eq!(entered(&on_date("2001-09-01")), d("2002-01-01"));
    // Consent after the set date: in force once the last party consents.
    assert_eq!(entered(&on_date("2002-03-10")), d("2002-03-10"));
}

#[test]
fn art_13_an_exchange_of_notes_constitutes_consent() {
    let h = treaty(&[US, JPN])
        .form(LegalForm::ExchangeOfNotes)
        .on("2003-05-20", EventKind::ExchangeOfInstruments)
        .replay();
    assert_eq!(entered(&h), d("2003-05-20"));
}

#[test]
fn art_15_a_state_that_did_not_sign_accedes() {
    let h = treaty(&[US, JPN])
        .on("2004-01-01", sign(US))
        .on("2004-02-01", ratify(US))
        .on("2004-09-01", consent(JPN, ConsentMeans::Accession))
        .replay();
    assert_eq!(entered(&h), d("2004-09-01"));
}

#[test]
fn art_24_a_recorded_entry_into_force_confirms_the_computed_one() {
    let h = in_force(&[US, JPN], "2000-03-01")
        .on("2000-03-01", EventKind::EntryIntoForce)
        .replay();
    let t: Vec<_> = h
        .transitions()
        .iter()
        .filter(|t| t.change == Change::EnteredIntoForce)
        .collect();
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].date, d("2000-03-01"));
    assert!(
        matches!(t[0].basis, Basis::Recorded { subject } if subject.path() == "events[1]"),
        "{:?}",
        t[0].basis
    );
}

#[test]
fn art_2_1_g_only_a_party_acts() {
    treaty(&[US, JPN])
        .on("2000-01-01", sign(UKG))
        .rejects(Rule::NotAParty, "events[0]");
    in_force(&[US, JPN], "2000-01-01")
        .notice(withdraw(UKG, "2001-01-01"))
        .rejects(Rule::NotAParty, "notices[0]");
}

#[test]
fn art_10_a_state_signs_once() {
    treaty(&[US, JPN])
        .on("2000-01-01", sign(US))
        .on("2000-02-01", sign(US))
        .rejects(Rule::SignedTwice, "events[1]");
}

#[test]
fn art_11_a_state_consents_once() {
    treaty(&[US, JPN])
        .on("2000-01-01", sign_all())
        .on("2000-02-01", ratify(US))
        .on("2000-03-01", ratify(US))
        .rejects(Rule::ConsentTwice, "events[2]");
}

#[test]
fn art_14_ratification_requires_signature() {
    treaty(&[US, JPN])
        .on("2000-02-01", ratify(US))
        .rejects(Rule::ConsentWithoutSignature, "events[0]");
    treaty(&[US, JPN])
        .on("2000-01-01", sign(US))
        .on("2000-02-01", consent(JPN, ConsentMeans::Approval))
        .rejects(Rule::ConsentWithoutSignature, "events[1]");
}

#[test]
fn art_18_a_no_consent_after_declining_to_become_a_party() {
    // Multilateral: the others go on, and the state that declined cannot ratify.
    treaty(&[US, UKG, FRN])
        .on("2000-01-01", sign_all())
        .on(
            "2000-06-01",
            EventKind::DeclinesToBecomeParty { party: UKG },
        )
        .on("2000-09-01", ratify(UKG))
        .rejects(Rule::ConsentAfterDeclining, "events[2]");
    // Bilateral: declining abandons the treaty; nothing follows it.
    let bilateral = treaty(&[US, JPN]).on("2000-01-01", sign_all()).on(
        "2000-06-01",
        EventKind::DeclinesToBecomeParty { party: JPN },
    );
    assert_eq!(status(&bilateral.replay(), "2000-06-01"), Status::Abandoned);
    bilateral
        .on("2000-09-01", ratify(JPN))
        .rejects(Rule::AfterTermination, "events[2]");
}

#[test]
fn art_16_instruments_are_exchanged_once_every_party_ratified() {
    treaty(&[US, JPN])
        .eif(EntryIntoForce::OnExchangeOfInstruments)
        .on("2000-01-01", sign_all())
        .on("2000-02-01", ratify(US))
        .on("2000-03-01", EventKind::ExchangeOfInstruments)
        .rejects(Rule::ExchangeBeforeConsent, "events[2]");
}

#[test]
fn art_24_no_entry_into_force_before_every_party_signed() {
    treaty(&[US, JPN])
        .on("2000-01-01", sign(US))
        .on("2000-02-01", EventKind::EntryIntoForce)
        .rejects(Rule::EntryIntoForceWithoutConsent, "events[1]");
    treaty(&[US, JPN])
        .on("2000-02-01", EventKind::EntryIntoForce)
        .rejects(Rule::EntryIntoForceWithoutConsent, "events[0]");
    // Even a record without parties does not enter into force out of nothing.
    treaty(&[])
        .on("2000-02-01", EventKind::EntryIntoForce)
        .rejects(Rule::EntryIntoForceWithoutConsent, "events[0]");
}

#[test]
fn art_24_a_treaty_enters_into_force_once() {
    // Art 24(2) puts it in force on the last consent; a later recorded date disagrees.
    treaty(&[US, JPN])
        .on("2000-01-01", sign_all())
        .on("2000-03-01", ratify(US))
        .on("2000-03-02", ratify(JPN))
        .on("2000-04-01", EventKind::EntryIntoForce)
        .rejects(Rule::AlreadyInForce, "events[3]");
}

#[test]
fn art_24_1_a_recorded_entry_into_force_before_the_day_its_rule_gives_is_rejected() {
    let e = treaty(&[US, JPN])
        .eif(EntryIntoForce::AfterLastConsent { delay: p("P30D") })
        .on("2000-01-01", sign_all())
        .on("2000-03-01", ratify(US))
        .on("2000-03-02", ratify(JPN))
        .on("2000-03-15", EventKind::EntryIntoForce)
        .rejects(Rule::AlreadyInForce, "events[3]");
    assert!(e.detail.contains("2000-04-01"), "{e}");
    // Where the rule cannot yet give a day (no exchange recorded), the record stands.
    let h = treaty(&[US, JPN])
        .eif(EntryIntoForce::OnExchangeOfInstruments)
        .on("2000-01-01", sign_all())
        .on("2000-03-15", EventKind::EntryIntoForce)
        .replay();
    assert_eq!(entered(&h), d("2000-03-15"));
}

#[test]
fn art_25_1_provisional_application_is_pending_entry_into_force() {
    in_force(&[US, JPN], "2000-01-01")
        .on(
            "2000-02-01",
            EventKind::ProvisionalApplication { party: None },
        )
        .rejects(Rule::ProvisionalAfterEntryIntoForce, "events[1]");
}

#[test]
fn art_25_2_provisional_application_ends_only_if_it_began() {
    treaty(&[US, JPN])
        .on("2000-01-01", sign_all())
        .on(
            "2000-02-01",
            EventKind::ProvisionalApplicationEnd { party: None },
        )
        .rejects(Rule::NotProvisionallyApplied, "events[1]");
}

#[test]
fn art_25_provisional_application_until_entry_into_force() {
    let h = treaty(&[US, JPN])
        .on("1994-06-01", sign_all())
        .on(
            "1994-06-01",
            EventKind::ProvisionalApplication { party: None },
        )
        .on("1995-01-10", ratify(US))
        .on("1995-03-01", ratify(JPN))
        .replay();
    let s = status(&h, "1994-12-01");
    assert_eq!(s, Status::ProvisionallyApplied);
    assert!(s.is_operative());
    assert_eq!(entered(&h), d("1995-03-01"));
    assert_eq!(status(&h, "1995-03-01"), Status::InForce);
}

#[test]
fn art_25_2_provisional_application_that_ends_returns_to_signature() {
    let h = treaty(&[US, JPN])
        .on("1994-06-01", sign_all())
        .on(
            "1994-06-01",
            EventKind::ProvisionalApplication { party: None },
        )
        .on(
            "1994-09-01",
            EventKind::ProvisionalApplicationEnd { party: None },
        )
        .replay();
    assert_eq!(status(&h, "1994-09-01"), Status::Signed);
    // Applied provisionally before anyone signed: it ends where it began.
    let h = treaty(&[US, JPN])
        .on(
            "1994-06-01",
            EventKind::ProvisionalApplication { party: None },
        )
        .on(
            "1994-09-01",
            EventKind::ProvisionalApplicationEnd { party: None },
        )
        .replay();
    assert_eq!(status(&h, "1994-09-01"), Status::NotSigned);
}

#[test]
fn art_18_a_and_25_2_declining_to_become_a_party_ends_provisional_application() {
    let t = treaty(&[US, JPN])
        .on("1994-06-01", sign_all())
        .on(
            "1994-06-01",
            EventKind::ProvisionalApplication { party: None },
        )
        .on("1995-01-10", ratify(US))
        .on(
            "1995-02-01",
            EventKind::DeclinesToBecomeParty { party: JPN },
        );
    let h = t.replay();
    assert_eq!(status(&h, "1995-01-31"), Status::ProvisionallyApplied);
    assert_eq!(status(&h, "1995-02-01"), Status::Abandoned);
    assert_eq!(status(&h, "2099-01-01"), Status::Abandoned);
    assert_eq!(count(&h, |c| *c == Change::EnteredIntoForce), 0);
    // Nothing is pending any more (art 18 no longer binds).
    assert!(
        upcoming_of(&h, "1995-02-01", "2000-01-01")
            .iter()
            .all(|u| !matches!(u.kind, UpcomingKind::ConsentPending { .. }))
    );
    t.on("1995-03-01", ratify(JPN))
        .rejects(Rule::AfterTermination, "events[4]");
}

#[test]
fn art_18_a_only_a_signatory_that_has_not_consented_may_decline() {
    treaty(&[US, JPN])
        .on("2000-01-01", sign_all())
        .on("2000-02-01", ratify(US))
        .on("2000-03-01", EventKind::DeclinesToBecomeParty { party: US })
        .rejects(Rule::DeclineAfterConsent, "events[2]");
    // A state that never signed has nothing to decline.
    treaty(&[US, JPN])
        .on("2000-01-01", sign(US))
        .on(
            "2000-03-01",
            EventKind::DeclinesToBecomeParty { party: JPN },
        )
        .rejects(Rule::DeclineAfterConsent, "events[1]");
}

// ---------------------------------------------------------------------------
// Non-binding instruments (outside the law of treaties; VCLT art 2(1)(a))
// ---------------------------------------------------------------------------

fn mou() -> T {
    treaty(&[US, JPN]).form(LegalForm::MemorandumOfUnderstanding)
}

#[test]
fn non_binding_mou_takes_effect_on_signature_and_rejects_ratification() {
    // No clause at all: a memorandum comes into effect when the participants sign.
    let h = mou().on("2015-04-01", sign_all()).replay();
    assert!(!h.binding());
    assert_eq!(entered(&h), d("2015-04-01"));
    let s = status(&h, "2015-04-01");
    assert_eq!(s, Status::InForce);
    assert_eq!(s.describe(h.binding()), "in effect (not legally binding)");
    assert!(
        upcoming_of(&h, "2015-01-01", "2016-01-01")
            .iter()
            .all(|u| !matches!(u.kind, UpcomingKind::ConsentPending { .. }))
    );
    mou()
        .on("2015-04-01", sign_all())
        .on("2015-05-01", ratify(US))
        .rejects(Rule::NonBindingHasNoConsent, "events[1]");
    mou()
        .on("2015-04-01", sign_all())
        .on("2015-05-01", EventKind::ExchangeOfInstruments)
        .rejects(Rule::NonBindingHasNoConsent, "events[1]");
}

#[test]
fn non_binding_mou_without_a_clause_can_be_discontinued_on_notice() {
    // Art 56's twelve months belong to the law of treaties, not to a memorandum.
    let h = mou()
        .on("2015-04-01", sign_all())
        .notice(withdraw(JPN, "2018-02-01").received("2018-02-03"))
        .replay();
    assert_eq!(took_effect(&h, 0), d("2018-02-03"));
    assert_eq!(
        status(&h, "2018-02-03"),
        terminated_with(TerminationGround::Withdrawal { party: JPN })
    );
}

// ---------------------------------------------------------------------------
// Acts that need a treaty in force; suspension (arts 39, 54, 57, 58, 72)
// ---------------------------------------------------------------------------

#[test]
fn arts_39_54_57_amendment_notice_and_suspension_need_a_treaty_in_force() {
    let signed = || treaty(&[US, JPN]).on("2000-01-01", sign_all());
    signed()
        .on(
            "2000-02-01",
            EventKind::Amendment {
                summary: "art 3".into(),
                new_term: None,
            },
        )
        .rejects(Rule::NotInForce, "events[1]");
    signed()
        .on("2000-02-01", suspension(None, None))
        .rejects(Rule::NotInForce, "events[1]");
    signed()
        .on("2000-02-01", EventKind::Renewal { until: None })
        .rejects(Rule::NotInForce, "events[1]");
    signed()
        .notice(withdraw(US, "2000-02-01"))
        .rejects(Rule::NotInForce, "notices[0]");
    signed()
        .on("2000-02-01", terminated(TerminationGround::Fulfilled))
        .rejects(Rule::NotInForce, "events[1]");
}

#[test]
fn art_57_suspension_pauses_the_obligations_and_art_72_resumes_them() {
    let h = in_force(&[US, JPN], "2000-01-01")
        .on("2003-04-01", suspension(None, None))
        .on("2004-04-01", suspension_end(None, None))
        .replay();
    assert_eq!(status(&h, "2003-03-31"), Status::InForce);
    let s = h.status_at(day("2003-04-01"));
    assert_eq!(s.status, Status::Suspended);
    assert!(!s.status.is_operative());
    assert!(s.obligations_suspended(US, JPN));
    assert_eq!(status(&h, "2004-04-01"), Status::InForce);
}

#[test]
fn art_57_a_suspended_treaty_is_not_suspended_again() {
    in_force(&[US, JPN], "2000-01-01")
        .on("2003-04-01", suspension(None, None))
        .on("2003-05-01", suspension(None, None))
        .rejects(Rule::AlreadySuspended, "events[2]");
    in_force(&[US, JPN], "2000-01-01")
        .on("2003-04-01", suspension(Some(US), Some(JPN)))
        .on("2003-05-01", suspension(Some(US), Some(JPN)))
        .rejects(Rule::AlreadySuspended, "events[2]");
}

#[test]
fn art_72_a_suspension_ends_only_if_one_is_in_effect() {
    in_force(&[US, JPN], "2000-01-01")
        .on("2003-04-01", suspension_end(None, None))
        .rejects(Rule::NotSuspended, "events[1]");
    in_force(&[US, JPN], "2000-01-01")
        .on("2003-04-01", suspension(Some(US), Some(JPN)))
        .on("2003-05-01", suspension_end(Some(JPN), Some(US)))
        .rejects(Rule::NotSuspended, "events[2]");
}

#[test]
fn pair_suspension_inside_multilateral() {
    // ANZUS: in force 29 April 1952; the US suspended its obligations toward New
    // Zealand on 11 August 1986, while those toward Australia continued.
    let h = treaty(&[AUL, NEW, US])
        .on("1951-09-01", sign_all())
        .on(
            "1952-04-29",
            EventKind::Consent {
                party: None,
                means: ConsentMeans::Ratification,
            },
        )
        .on("1986-08-11", suspension(Some(US), Some(NEW)))
        .replay();
    assert_eq!(entered(&h), d("1952-04-29"));
    let before = h.status_at(day("1986-08-10"));
    assert!(before.suspended_pairs.is_empty());
    assert!(!before.obligations_suspended(US, NEW));
    let after = h.status_at(day("1986-08-11"));
    assert_eq!(after.status, Status::InForce);
    assert_eq!(after.suspended_pairs, vec![(US, Some(NEW))]);
    assert!(after.obligations_suspended(US, NEW));
    assert!(!after.obligations_suspended(US, AUL));
    assert!(!after.obligations_suspended(NEW, US));
    assert!(!after.obligations_suspended(AUL, NEW));
    assert_eq!(
        h.status_at(day("2020-01-01")).suspended_pairs,
        vec![(US, Some(NEW))]
    );
}

// ---------------------------------------------------------------------------
// Termination and withdrawal (arts 54, 56, 59, 70; extinction; succession)
// ---------------------------------------------------------------------------

#[test]
fn art_54_a_withdrawal_takes_effect_after_the_notice_period() {
    let h = in_force(&[US, JPN], "1990-01-01")
        .withdrawal(one_year_notice())
        .notice(withdraw(US, "2000-03-15"))
        .replay();
    assert_eq!(effect_announced(&h, 0), Some(d("2001-03-15")));
    assert_eq!(took_effect(&h, 0), d("2001-03-15"));
    assert_eq!(status(&h, "2001-03-14"), Status::InForce);
    // One party's effective withdrawal ends a bilateral treaty.
    assert_eq!(
        status(&h, "2001-03-15"),
        terminated_with(TerminationGround::Withdrawal { party: US })
    );
    assert_eq!(
        h.status_at(day("2001-03-14")).notices,
        vec![(0, NoticeStatus::Pending)]
    );
    assert_eq!(
        h.status_at(day("2001-03-15")).notices,
        vec![(0, NoticeStatus::Effective)]
    );
}

#[test]
fn art_54_a_notice_period_runs_from_receipt_when_the_clause_says_so() {
    let h = in_force(&[US, JPN], "1990-01-01")
        .withdrawal(on_notice(
            "P6M",
            RunsFrom::Receipt,
            TakesEffect::AfterPeriod,
        ))
        .notice(withdraw(JPN, "2000-03-15").received("2000-04-02"))
        .replay();
    assert_eq!(took_effect(&h, 0), d("2000-10-02"));
}

#[test]
fn art_56_silent_treaty_needs_twelve_months_notice() {
    let h = in_force(&[US, JPN], "1990-01-01")
        .notice(withdraw(US, "2000-03-15"))
        .replay();
    assert_eq!(took_effect(&h, 0), d("2001-03-15"));
    assert_eq!(status(&h, "2001-03-14"), Status::InForce);
    // Art 78(b): a notification is made when the other party receives it.
    let h = in_force(&[US, JPN], "1990-01-01")
        .notice(withdraw(US, "2000-03-15").received("2000-03-20"))
        .replay();
    assert_eq!(took_effect(&h, 0), d("2001-03-20"));
    assert_eq!(status(&h, "2001-03-19"), Status::InForce);
}

#[test]
fn fixed_term_then_notice() {
    // US–Japan 1960, art X: ten years, then either party may give notice, and the
    // treaty terminates one year after.
    let t = treaty(&[US, JPN])
        .eif(EntryIntoForce::OnExchangeOfInstruments)
        .term("P10Y", AfterTerm::ContinuesUntilNotice)
        .withdrawal(Withdrawal::OnNotice {
            period: Some(p("P1Y")),
            runs_from: RunsFrom::Sending,
            takes_effect: TakesEffect::AfterPeriod,
            not_before: Some(p("P10Y")),
        })
        .on("1960-01-19", sign_all())
        .on("1960-06-21", ratify(JPN))
        .on("1960-06-22", ratify(US))
        .on("1960-06-23", EventKind::ExchangeOfInstruments);
    let h = t.replay();
    assert_eq!(entered(&h), d("1960-06-23"));
    assert_eq!(
        h.status_at(day("1965-01-01")).term_ends,
        Some(d("1970-06-23"))
    );
    assert_eq!(when(&h, |c| *c == Change::TermEnded), d("1970-06-23"));
    assert_eq!(status(&h, "1970-06-23"), Status::InForce);
    assert_eq!(h.status_at(day("1971-01-01")).term_ends, None);
    let up = upcoming_of(&h, "1960-07-01", "1971-01-01");
    let on = |k: fn(&UpcomingKind) -> bool| {
        up.iter()
            .filter(|u| k(&u.kind))
            .map(|u| u.date)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        on(|k| matches!(k, UpcomingKind::NoticeOpens)),
        vec![Some(d("1970-06-23"))]
    );
    assert_eq!(
        on(|k| matches!(k, UpcomingKind::TermEnds)),
        vec![Some(d("1970-06-23"))]
    );
    let h = t.notice(withdraw(JPN, "1975-01-10")).replay();
    assert_eq!(took_effect(&h, 0), d("1976-01-10"));
    assert_eq!(
        status(&h, "1976-01-10"),
        terminated_with(TerminationGround::Withdrawal { party: JPN })
    );
}

#[test]
fn art_54_a_notice_only_after_the_minimum_term() {
    let t = treaty(&[US, JPN])
        .eif(EntryIntoForce::OnSignature)
        .term("P10Y", AfterTerm::ContinuesUntilNotice)
        .withdrawal(Withdrawal::OnNotice {
            period: Some(p("P1Y")),
            runs_from: RunsFrom::Sending,
            takes_effect: TakesEffect::AfterPeriod,
            not_before: Some(p("P10Y")),
        })
        .on("1960-06-23", sign_all());
    let e = t
        .clone()
        .notice(withdraw(US, "1970-06-22"))
        .rejects(Rule::NoticeTooEarly, "notices[0]");
    assert!(e.detail.contains("1970-06-23"), "{e}");
    // On the first day it opens, notice is in time.
    let h = t.notice(withdraw(US, "1970-06-23")).replay();
    assert_eq!(took_effect(&h, 0), d("1971-06-23"));
}

#[test]
fn declared_effective_date_differs_from_delivery() {
    // US–ROC Mutual Defense Treaty 1954, art X: "either Party may terminate it one
    // year after notice has been given". Notice delivered 1978-12-23, declared
    // effective 1979-01-01; the treaty ended 1980-01-01.
    let h = treaty(&[US, ROC])
        .eif(EntryIntoForce::OnExchangeOfInstruments)
        .withdrawal(one_year_notice())
        .on("1954-12-02", sign_all())
        .on(
            "1955-02-09",
            EventKind::DomesticApproval {
                party: US,
                body: Some("Senate".into()),
            },
        )
        .on("1955-02-11", ratify(US))
        .on("1955-02-15", ratify(ROC))
        .on("1955-03-03", EventKind::ExchangeOfInstruments)
        .notice(withdraw(US, "1978-12-23").declared("1979-01-01"))
        .replay();
    assert_eq!(entered(&h), d("1955-03-03"));
    assert_eq!(effect_announced(&h, 0), Some(d("1980-01-01")));
    assert_eq!(took_effect(&h, 0), d("1980-01-01"));
    assert_eq!(status(&h, "1979-12-31"), Status::InForce);
    assert_eq!(
        status(&h, "1980-01-01"),
        terminated_with(TerminationGround::Withdrawal { party: US })
    );
}

#[test]
fn partial_date_notice_in_1978_takes_effect_in_1979() {
    let h = in_force(&[US, ROC], "1955-03-03")
        .withdrawal(one_year_notice())
        .notice(withdraw(US, "1978"))
        .replay();
    let effect = took_effect(&h, 0);
    assert_eq!(effect, d("1979"));
    assert_eq!(effect.precision(), Precision::Year);
    assert_eq!(effect_announced(&h, 0), Some(d("1979")));
    let mid = h.status_at(day("1979-06-01"));
    assert_eq!(mid.status, Status::InForce);
    assert_eq!(
        mid.alternative,
        Some(terminated_with(TerminationGround::Withdrawal { party: US }))
    );
    assert_eq!(
        status(&h, "1980-01-01"),
        terminated_with(TerminationGround::Withdrawal { party: US })
    );
    let up = upcoming_of(&h, "1979-01-01", "1979-12-31");
    let u = up
        .iter()
        .find(|u| matches!(u.kind, UpcomingKind::NoticeTakesEffect { notice: 0, .. }))
        .unwrap();
    assert!(!u.is_exact());
}

#[test]
fn first_day_of_next_month_effect() {
    let effect = |sent: &str| {
        let h = in_force(&[US, JPN], "1990-01-01")
            .withdrawal(on_notice(
                "P6M",
                RunsFrom::Sending,
                TakesEffect::FirstDayOfNextMonth,
            ))
            .notice(withdraw(US, sent))
            .replay();
        took_effect(&h, 0)
    };
    assert_eq!(effect("2010-03-15"), d("2010-10-01"));
    assert_eq!(effect("2010-03-31"), d("2010-10-01"));
    assert_eq!(effect("2010-02-28"), d("2010-09-01"));
    // A month of sending gives the first of a month, with the month's precision:
    // sent in March 2010, the period runs out in September, effect 1 October.
    assert_eq!(effect("2010-03"), d("2010-10-01"));
}

#[test]
fn end_of_term_effect() {
    let t = in_force(&[US, JPN], "2000-01-01")
        .term(
            "P5Y",
            AfterTerm::TacitRenewal {
                period: Some(p("P5Y")),
                notice: None,
            },
        )
        .withdrawal(on_notice("P6M", RunsFrom::Sending, TakesEffect::EndOfTerm));
    let h = t.clone().notice(withdraw(US, "2003-01-01")).replay();
    assert_eq!(took_effect(&h, 0), d("2005-01-01"));
    assert_eq!(count(&h, |c| matches!(c, Change::Renewed { .. })), 0);
    // The period runs past this term's end: the notice waits for the next one.
    let h = t.notice(withdraw(US, "2004-10-01")).replay();
    assert_eq!(
        when(&h, |c| matches!(c, Change::Renewed { tacit: true, .. })),
        d("2005-01-01")
    );
    assert_eq!(took_effect(&h, 0), d("2010-01-01"));
    assert_eq!(status(&h, "2009-12-31"), Status::InForce);
}

#[test]
fn end_of_term_effect_once_the_term_is_over_waits_only_for_the_period() {
    // A fixed term, then continuing until notice: after the term there is no end
    // of term to wait for.
    let h = in_force(&[US, JPN], "2000-01-01")
        .term("P5Y", AfterTerm::ContinuesUntilNotice)
        .withdrawal(on_notice("P6M", RunsFrom::Sending, TakesEffect::EndOfTerm))
        .notice(withdraw(US, "2007-03-01"))
        .replay();
    assert_eq!(took_effect(&h, 0), d("2007-09-01"));
    // Nor for a notice whose period runs past the end of the initial term.
    let h = in_force(&[US, JPN], "2000-01-01")
        .term("P5Y", AfterTerm::ContinuesUntilNotice)
        .withdrawal(on_notice("P6M", RunsFrom::Sending, TakesEffect::EndOfTerm))
        .notice(withdraw(US, "2004-10-01"))
        .replay();
    assert_eq!(when(&h, |c| *c == Change::TermEnded), d("2005-01-01"));
    assert_eq!(took_effect(&h, 0), d("2005-04-01"));
}

#[test]
fn conditional_withdrawal_takes_effect_on_notice() {
    let h = in_force(&[US, JPN], "2000-01-01")
        .withdrawal(Withdrawal::Conditional {
            condition: "aggression by the other party".into(),
        })
        .notice(withdraw(JPN, "2006-05-05"))
        .replay();
    assert_eq!(took_effect(&h, 0), d("2006-05-05"));
}

#[test]
fn art_54_b_a_consent_only_treaty_rejects_a_unilateral_notice() {
    in_force(&[US, JPN], "2000-01-01")
        .withdrawal(Withdrawal::ConsentOnly)
        .notice(withdraw(US, "2005-01-01"))
        .rejects(Rule::WithdrawalByConsentOnly, "notices[0]");
}

#[test]
fn art_54_b_termination_by_consent_at_any_time() {
    let h = in_force(&[US, JPN], "2000-01-01")
        .withdrawal(Withdrawal::ConsentOnly)
        .term("P20Y", AfterTerm::Expires)
        .on("2005-07-01", terminated(TerminationGround::Consent))
        .replay();
    assert_eq!(status(&h, "2005-06-30"), Status::InForce);
    assert_eq!(
        status(&h, "2005-07-01"),
        terminated_with(TerminationGround::Consent)
    );
    // Even before entry into force, the signatories may agree to drop it.
    let h = treaty(&[US, JPN])
        .on("2000-01-01", sign_all())
        .on("2001-01-01", terminated(TerminationGround::Consent))
        .replay();
    assert_eq!(
        status(&h, "2001-01-01"),
        terminated_with(TerminationGround::Consent)
    );
}

#[test]
fn art_56_1_withdrawal_excluded_during_the_term() {
    in_force(&[US, JPN], "2000-01-01")
        .term("P10Y", AfterTerm::ContinuesUntilNotice)
        .withdrawal(Withdrawal::Prohibited)
        .notice(withdraw(US, "2005-01-01"))
        .rejects(Rule::WithdrawalExcluded, "notices[0]");
    in_force(&[US, JPN], "2000-01-01")
        .withdrawal(Withdrawal::Prohibited)
        .notice(withdraw(US, "2005-01-01"))
        .rejects(Rule::WithdrawalExcluded, "notices[0]");
    // After the term, a treaty that continues has no usable clause: art 56 applies.
    let h = in_force(&[US, JPN], "2000-01-01")
        .term("P10Y", AfterTerm::ContinuesUntilNotice)
        .withdrawal(Withdrawal::Prohibited)
        .notice(withdraw(US, "2012-04-01"))
        .replay();
    assert_eq!(took_effect(&h, 0), d("2013-04-01"));
}

#[test]
fn art_59_superseded_by_a_later_treaty() {
    // The US–Japan Security Treaty of 1951, replaced by the 1960 treaty.
    let by = Some(AgreementId::new("us-jp-1960").unwrap());
    let t = in_force(&[US, JPN], "1952-04-28").on(
        "1960-06-23",
        terminated(TerminationGround::Supersession { by: by.clone() }),
    );
    let h = t.replay();
    assert_eq!(status(&h, "1960-06-22"), Status::InForce);
    assert_eq!(
        status(&h, "1960-06-23"),
        terminated_with(TerminationGround::Supersession { by })
    );
    t.on("1961-01-01", suspension(None, None))
        .rejects(Rule::AfterTermination, "events[2]");
}

#[test]
fn art_70_a_terminated_treaty_does_not_return_to_force() {
    let t =
        in_force(&[US, JPN], "2000-01-01").on("2001-01-01", terminated(TerminationGround::Consent));
    t.clone()
        .on("2002-01-01", EventKind::EntryIntoForce)
        .rejects(Rule::AfterTermination, "events[2]");
    // History is never rewritten: the past status stays what it was.
    let h = t.replay();
    assert_eq!(status(&h, "2000-06-01"), Status::InForce);
    assert_eq!(
        status(&h, "2099-06-01"),
        terminated_with(TerminationGround::Consent)
    );
}

#[test]
fn art_70_a_treaty_ended_before_its_delayed_entry_into_force_never_enters_into_force() {
    // Both consented; the parties agree to drop it before the ninety days run out.
    let h = treaty(&[US, JPN])
        .eif(EntryIntoForce::AfterLastConsent { delay: p("P90D") })
        .on("2000-01-01", sign_all())
        .on("2000-02-01", ratify(US))
        .on("2000-02-01", ratify(JPN))
        .on("2000-03-01", terminated(TerminationGround::Consent))
        .replay();
    assert_eq!(count(&h, |c| *c == Change::EnteredIntoForce), 0);
    assert_eq!(
        status(&h, "2000-06-01"),
        terminated_with(TerminationGround::Consent)
    );
}

#[test]
fn extinction_of_a_party_ends_a_bilateral_agreement() {
    // The GDR left the state system on 3 October 1990; its treaties with the
    // USSR ended with it.
    let h = in_force(&[RUS, GDR], "1975-10-07")
        .on(
            "1990-10-03",
            terminated(TerminationGround::Extinction { party: GDR }),
        )
        .replay();
    assert_eq!(status(&h, "1990-10-02"), Status::InForce);
    assert_eq!(
        status(&h, "1990-10-03"),
        terminated_with(TerminationGround::Extinction { party: GDR })
    );
}

#[test]
fn extinction_of_a_party_to_a_multilateral_agreement_leaves_the_others_bound() {
    let h = in_force(&[US, UKG, GDR], "1975-10-07")
        .on(
            "1990-10-03",
            terminated(TerminationGround::Extinction { party: GDR }),
        )
        .replay();
    let s = h.status_at(day("1990-10-03"));
    assert_eq!(s.status, Status::InForce);
    assert_eq!(s.departed, vec![GDR]);
}

#[test]
fn a_party_leaving_a_multilateral_agreement_does_not_end_it() {
    let t = in_force(&[US, UKG, FRN], "1990-01-01")
        .withdrawal(one_year_notice())
        .notice(withdraw(FRN, "1995-03-01"));
    let h = t.replay();
    assert_eq!(took_effect(&h, 0), d("1996-03-01"));
    let s = h.status_at(day("1996-03-01"));
    assert_eq!(s.status, Status::InForce);
    assert_eq!(s.departed, vec![FRN]);
    assert_eq!(
        when(&h, |c| *c == Change::PartyLeft { party: FRN }),
        d("1996-03-01")
    );
    // A state that has left gives no more notices.
    t.notice(withdraw(FRN, "1997-01-01"))
        .rejects(Rule::NotAParty, "notices[1]");
}

#[test]
fn succession_russia_continues_the_ussr() {
    // The US–USSR Incidents at Sea Agreement (signed and in force 25 May 1972):
    // the Russian Federation continued the USSR's agreements. COW and G-W code both
    // 365, so the record names the same code on each side.
    let h = in_force(&[US, RUS], "1972-05-25")
        .on(
            "1991-12-26",
            EventKind::Succession {
                predecessor: RUS,
                successor: RUS,
            },
        )
        .replay();
    assert_eq!(
        when(&h, |c| matches!(c, Change::Succeeded { .. })),
        d("1991-12-26")
    );
    assert_eq!(status(&h, "2000-01-01"), Status::InForce);
}

#[test]
fn succession_under_distinct_codes_moves_the_party_place() {
    // Czechoslovakia's treaties continued by the Czech Republic from 1 January 1993.
    let t = in_force(&[US, CZE], "1980-01-01")
        .withdrawal(one_year_notice())
        .on(
            "1993-01-01",
            EventKind::Succession {
                predecessor: CZE,
                successor: CZR,
            },
        );
    assert_eq!(status(&t.replay(), "1995-01-01"), Status::InForce);
    let e = t
        .clone()
        .notice(withdraw(CZE, "1994-01-01"))
        .rejects(Rule::NotAParty, "notices[0]");
    assert!(e.detail.contains("continues"), "{e}");
    let h = t.notice(withdraw(CZR, "1994-01-01")).replay();
    assert_eq!(
        status(&h, "1995-01-01"),
        terminated_with(TerminationGround::Withdrawal { party: CZR })
    );
}

#[test]
fn succession_a_predecessors_pending_notice_binds_its_successor() {
    let h = in_force(&[US, CZE], "1980-01-01")
        .withdrawal(one_year_notice())
        .on(
            "1993-01-01",
            EventKind::Succession {
                predecessor: CZE,
                successor: CZR,
            },
        )
        .notice(withdraw(CZE, "1992-06-01"))
        .replay();
    assert_eq!(took_effect(&h, 0), d("1993-06-01"));
    assert_eq!(
        status(&h, "1993-06-01"),
        terminated_with(TerminationGround::Withdrawal { party: CZR })
    );
}

#[test]
fn succession_by_a_state_listed_as_joining_later() {
    // The record lists the successor as a party from 1993: it is not a third
    // signatory the treaty waited for, and the treaty stays bilateral.
    let h = in_force(&[US, CZE], "1980-01-01")
        .joins(CZR, "1993-01-01")
        .withdrawal(one_year_notice())
        .on(
            "1993-01-01",
            EventKind::Succession {
                predecessor: CZE,
                successor: CZR,
            },
        )
        .notice(withdraw(US, "1996-02-01"))
        .replay();
    assert_eq!(entered(&h), d("1980-01-01"));
    assert_eq!(
        status(&h, "1997-02-01"),
        terminated_with(TerminationGround::Withdrawal { party: US })
    );
}

#[test]
fn succession_by_the_other_party_extinguishes_a_bilateral_treaty() {
    // A state absorbed by its treaty partner: no one is left to owe or be owed.
    let h = in_force(&[CZE, CZR], "1980-01-01")
        .on(
            "1993-01-01",
            EventKind::Succession {
                predecessor: CZE,
                successor: CZR,
            },
        )
        .replay();
    assert_eq!(
        status(&h, "1993-01-01"),
        terminated_with(TerminationGround::Extinction { party: CZE })
    );
}

// ---------------------------------------------------------------------------
// Duration and renewal (the treaty's terms)
// ---------------------------------------------------------------------------

#[test]
fn expiry_at_the_end_of_a_fixed_term() {
    let t = in_force(&[US, JPN], "1990-05-01").term("P10Y", AfterTerm::Expires);
    let h = t.replay();
    assert_eq!(h.status_at(day("2000-04-30")).status, Status::InForce);
    assert_eq!(
        h.status_at(day("2000-04-30")).term_ends,
        Some(d("2000-05-01"))
    );
    assert_eq!(
        status(&h, "2000-05-01"),
        terminated_with(TerminationGround::Expiry)
    );
    let up = upcoming_of(&h, "1999-01-01", "2001-01-01");
    assert!(
        up.iter()
            .any(|u| u.kind == UpcomingKind::Expiry && u.date == Some(d("2000-05-01")))
    );
    // A recorded expiry on that day confirms the computed one.
    let h = t
        .on("2000-05-01", terminated(TerminationGround::Expiry))
        .replay();
    let last = h.transitions().last().unwrap();
    assert!(matches!(last.basis, Basis::Recorded { subject } if subject.path() == "events[1]"));
}

#[test]
fn duration_clause_only_a_fixed_term_expires() {
    in_force(&[US, JPN], "1990-05-01")
        .on("2000-05-01", terminated(TerminationGround::Expiry))
        .rejects(Rule::NoFixedTerm, "events[1]");
}

#[test]
fn duration_clause_a_treaty_expires_at_the_end_of_its_term_not_before() {
    let e = in_force(&[US, JPN], "1990-05-01")
        .term("P10Y", AfterTerm::Expires)
        .on("1995-05-01", terminated(TerminationGround::Expiry))
        .rejects(Rule::ExpiryBeforeEndOfTerm, "events[1]");
    assert!(e.detail.contains("2000-05-01"), "{e}");
}

#[test]
fn express_renewal_extends_the_term() {
    let t = in_force(&[US, JPN], "2000-01-01").term("P5Y", AfterTerm::ExpressRenewal);
    let h = t
        .clone()
        .on("2004-06-01", EventKind::Renewal { until: None })
        .replay();
    assert_eq!(
        when(&h, |c| matches!(c, Change::Renewed { tacit: false, .. })),
        d("2004-06-01")
    );
    assert!(h.transitions().iter().any(|t| t.change
        == Change::Renewed {
            until: d("2010-01-01"),
            tacit: false
        }));
    assert_eq!(status(&h, "2009-12-31"), Status::InForce);
    assert_eq!(
        status(&h, "2010-01-01"),
        terminated_with(TerminationGround::Expiry)
    );
    let h = t
        .clone()
        .on(
            "2004-06-01",
            EventKind::Renewal {
                until: Some(d("2012-06-30")),
            },
        )
        .replay();
    assert_eq!(
        status(&h, "2012-06-30"),
        terminated_with(TerminationGround::Expiry)
    );
    // Without a renewal, the term runs out.
    let h = t.replay();
    assert_eq!(
        status(&h, "2005-01-01"),
        terminated_with(TerminationGround::Expiry)
    );
}

#[test]
fn renewal_clause_express_renewal_needs_a_term_to_renew() {
    in_force(&[US, JPN], "2000-01-01")
        .on("2004-06-01", EventKind::Renewal { until: None })
        .rejects(Rule::NoTermToRenew, "events[1]");
    in_force(&[US, JPN], "2000-01-01")
        .term("P5Y", AfterTerm::ExpressRenewal)
        .on(
            "2004-06-01",
            EventKind::Renewal {
                until: Some(d("2004-01-01")),
            },
        )
        .rejects(Rule::NoTermToRenew, "events[1]");
}

#[test]
fn art_39_an_amendment_can_set_a_new_term() {
    let h = in_force(&[US, JPN], "2000-01-01")
        .on(
            "2003-03-01",
            EventKind::Amendment {
                summary: "a ten-year term from the amendment".into(),
                new_term: Some(p("P10Y")),
            },
        )
        .replay();
    assert_eq!(
        h.status_at(day("2004-01-01")).term_ends,
        Some(d("2013-03-01"))
    );
    assert_eq!(
        status(&h, "2013-03-01"),
        terminated_with(TerminationGround::Expiry)
    );
}

fn gsomia() -> T {
    // Japan–Korea GSOMIA, art 21: in force on signature (23 November 2016) for one
    // year, extended annually unless a party notifies ninety days in advance.
    in_force(&[JPN, ROK], "2016-11-23").term("P1Y", tacit("P1Y", "P90D"))
}

#[test]
fn tacit_renewal_with_90_day_notice_deadline() {
    let h = gsomia().replay();
    let up = upcoming_of(&h, "2016-11-23", "2018-12-31");
    let got: Vec<_> = up
        .iter()
        .filter(|u| {
            matches!(
                u.kind,
                UpcomingKind::NonRenewalDeadline { .. } | UpcomingKind::TacitRenewal
            )
        })
        .map(|u| (u.date.unwrap().to_string(), u.kind.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "2017-08-24".to_string(),
                UpcomingKind::NonRenewalDeadline {
                    renewal: d("2017-11-23")
                }
            ),
            ("2017-11-23".to_string(), UpcomingKind::TacitRenewal),
            (
                "2018-08-24".to_string(),
                UpcomingKind::NonRenewalDeadline {
                    renewal: d("2018-11-23")
                }
            ),
            ("2018-11-23".to_string(), UpcomingKind::TacitRenewal),
        ]
    );
    assert_eq!(
        h.status_at(day("2018-01-01")).term_ends,
        Some(d("2018-11-23"))
    );
}

#[test]
fn notice_of_non_renewal_in_time_ends_the_agreement_at_the_end_of_the_term() {
    // Given on the deadline itself, it is in time: ninety days before the
    // term's last day (22 November) is 24 August.
    let h = gsomia().notice(non_renewal(ROK, "2017-08-24")).replay();
    assert_eq!(effect_announced(&h, 0), Some(d("2017-11-23")));
    assert_eq!(took_effect(&h, 0), d("2017-11-23"));
    assert_eq!(status(&h, "2017-11-22"), Status::InForce);
    assert_eq!(
        status(&h, "2017-11-23"),
        terminated_with(TerminationGround::Expiry)
    );
    assert_eq!(count(&h, |c| matches!(c, Change::Renewed { .. })), 0);
    // No deadline is announced for a renewal that will not come.
    assert!(
        upcoming_of(&h, "2017-11-24", "2030-01-01")
            .iter()
            .all(|u| !matches!(u.kind, UpcomingKind::NonRenewalDeadline { .. }))
    );
}

#[test]
fn notice_of_non_renewal_after_the_deadline_ends_the_agreement_a_term_later() {
    let h = gsomia().notice(non_renewal(ROK, "2017-08-25")).replay();
    assert_eq!(
        when(&h, |c| matches!(c, Change::Renewed { tacit: true, .. })),
        d("2017-11-23")
    );
    assert_eq!(took_effect(&h, 0), d("2018-11-23"));
}

#[test]
fn renewal_clause_a_notice_of_non_renewal_needs_tacit_renewal() {
    in_force(&[US, JPN], "2000-01-01")
        .term("P5Y", AfterTerm::ContinuesUntilNotice)
        .notice(non_renewal(US, "2003-01-01"))
        .rejects(Rule::NoTacitRenewal, "notices[0]");
}

#[test]
fn suspended_notice_does_not_take_effect() {
    // South Korea notified on 23 August 2019 that it would not renew; on 22
    // November 2019, hours before it would have lapsed, it suspended the notice.
    let h = gsomia()
        .notice(non_renewal(ROK, "2019-08-23").step("2019-11-22", NoticeAction::Suspend))
        .replay();
    assert_eq!(effect_announced(&h, 0), Some(d("2019-11-23")));
    assert_eq!(
        count(&h, |c| matches!(c, Change::NoticeTookEffect { .. })),
        0
    );
    assert!(h.transitions().iter().any(|t| t.date == d("2019-11-23")
        && t.change
            == Change::Renewed {
                until: d("2020-11-23"),
                tacit: true
            }));
    let s = h.status_at(day("2019-11-23"));
    assert_eq!(s.status, Status::InForce);
    assert_eq!(s.notices, vec![(0, NoticeStatus::Suspended)]);
    assert_eq!(s.term_ends, Some(d("2020-11-23")));
    assert_eq!(status(&h, "2025-01-01"), Status::InForce);
}

#[test]
fn a_resumed_notice_of_non_renewal_speaks_to_the_current_term() {
    let h = gsomia()
        .notice(
            non_renewal(ROK, "2019-08-23")
                .step("2019-11-22", NoticeAction::Suspend)
                .step("2020-02-01", NoticeAction::Resume),
        )
        .replay();
    assert_eq!(took_effect(&h, 0), d("2020-11-23"));
    assert_eq!(status(&h, "2020-11-22"), Status::InForce);
}

#[test]
fn a_resumed_notice_of_withdrawal_takes_effect_at_once_if_its_day_has_passed() {
    let h = in_force(&[US, JPN], "1990-01-01")
        .withdrawal(one_year_notice())
        .notice(
            withdraw(US, "2000-03-15")
                .step("2000-06-01", NoticeAction::Suspend)
                .step("2001-05-01", NoticeAction::Resume),
        )
        .replay();
    assert_eq!(took_effect(&h, 0), d("2001-05-01"));
}

#[test]
fn notice_of_non_renewal_longer_than_the_renewal_period_waits_for_a_deadline_it_meets() {
    // Renewed monthly, ninety days' notice: a notice given on 15 January is too
    // late for the ends of February, March and April (deadlines 3 November,
    // 2 December, 2 January) and meets the one of 1 May (deadline 1 February).
    let h = in_force(&[US, JPN], "2000-01-01")
        .term("P1M", tacit("P1M", "P90D"))
        .notice(non_renewal(US, "2000-01-15"))
        .replay();
    assert_eq!(effect_announced(&h, 0), Some(d("2000-05-01")));
    assert_eq!(took_effect(&h, 0), d("2000-05-01"));
    assert_eq!(
        count(&h, |c| matches!(c, Change::Renewed { tacit: true, .. })),
        3
    );
}

#[test]
fn notice_of_non_renewal_against_a_loosely_dated_term_takes_effect_within_a_bound() {
    // In force in June 1990 for a year, renewed yearly, thirty days' notice. A
    // notice of 15 May 1991 may be in time for the end in June 1991 (it is if the
    // term ends on or after 15 June) or not (then June 1992): the effect is a bound,
    // and never before the thirty days have run.
    let h = in_force(&[US, JPN], "1990-06")
        .term("P1Y", tacit("P1Y", "P30D"))
        .notice(non_renewal(US, "1991-05-15"))
        .replay();
    let effect = effect_announced(&h, 0).unwrap();
    assert_eq!(effect, d("1991-06-15/1992-06-30"));
    assert_eq!(effect.precision(), Precision::Range);
    let before = h.status_at(day("1991-06-14"));
    assert_eq!((before.status, before.alternative), (Status::InForce, None));
    assert_eq!(
        status(&h, "1992-06-30"),
        terminated_with(TerminationGround::Expiry)
    );
}

// ---------------------------------------------------------------------------
// Notices as records of their own (arts 65-68, 78)
// ---------------------------------------------------------------------------

#[test]
fn art_68_notice_revoked_before_effect() {
    let h = in_force(&[US, JPN], "1990-01-01")
        .withdrawal(one_year_notice())
        .notice(withdraw(US, "2000-03-15").step("2000-12-01", NoticeAction::Revoke))
        .replay();
    assert_eq!(
        count(&h, |c| matches!(c, Change::NoticeTookEffect { .. })),
        0
    );
    let s = h.status_at(day("2001-03-15"));
    assert_eq!(s.status, Status::InForce);
    assert_eq!(s.notices, vec![(0, NoticeStatus::Revoked)]);
    assert_eq!(
        h.status_at(day("2000-11-30")).notices,
        vec![(0, NoticeStatus::Pending)]
    );
}

#[test]
fn art_68_revocation_comes_too_late_once_the_notice_took_effect() {
    in_force(&[US, JPN], "1990-01-01")
        .withdrawal(one_year_notice())
        .notice(withdraw(US, "2000-03-15").step("2001-03-15", NoticeAction::Revoke))
        .rejects(Rule::RevocationAfterEffect, "notices[0].steps[0]");
}

#[test]
fn art_68_only_a_pending_notice_is_suspended_and_only_a_suspended_one_resumed() {
    let t = || in_force(&[US, JPN], "1990-01-01").withdrawal(one_year_notice());
    t().notice(withdraw(US, "2000-03-15").step("2000-04-01", NoticeAction::Resume))
        .rejects(Rule::NoticeNotPending, "notices[0].steps[0]");
    t().notice(
        withdraw(US, "2000-03-15")
            .step("2000-04-01", NoticeAction::Revoke)
            .step("2000-05-01", NoticeAction::Suspend),
    )
    .rejects(Rule::NoticeNotPending, "notices[0].steps[1]");
}

#[test]
fn art_67_a_party_has_one_notice_of_a_kind_pending() {
    in_force(&[US, JPN], "1990-01-01")
        .withdrawal(one_year_notice())
        .notice(withdraw(US, "2000-03-15"))
        .notice(withdraw(US, "2000-05-15"))
        .rejects(Rule::NoticeAlreadyPending, "notices[1]");
    // Whatever the order of the record: the notice listed first was given second.
    in_force(&[US, JPN], "1990-01-01")
        .withdrawal(one_year_notice())
        .notice(withdraw(US, "2000-05-15"))
        .notice(withdraw(US, "2000-03-15"))
        .rejects(Rule::NoticeAlreadyPending, "notices[0]");
    // The other party's notice, or one of another kind, is no obstacle.
    let h = in_force(&[US, JPN], "1990-01-01")
        .withdrawal(one_year_notice())
        .notice(withdraw(US, "2000-03-15"))
        .notice(withdraw(JPN, "2000-05-15"))
        .replay();
    assert_eq!(took_effect(&h, 0), d("2001-03-15"));
}

#[test]
fn art_68_a_revoked_notice_leaves_room_for_a_new_one_whatever_the_record_order() {
    // Listed first, given later: a notice not yet given is not pending.
    let h = in_force(&[US, JPN], "1990-01-01")
        .withdrawal(one_year_notice())
        .notice(withdraw(US, "2008-01-10"))
        .notice(withdraw(US, "2005-03-15").step("2005-06-01", NoticeAction::Revoke))
        .replay();
    assert_eq!(took_effect(&h, 0), d("2009-01-10"));
    assert_eq!(
        h.status_at(day("2007-01-01")).notices,
        vec![(1, NoticeStatus::Revoked)]
    );
}

#[test]
fn art_78_a_notice_is_received_and_takes_effect_no_earlier_than_it_is_sent() {
    let t = || in_force(&[US, JPN], "1990-01-01").withdrawal(one_year_notice());
    t().notice(withdraw(US, "2000-03-15").received("2000-03-10"))
        .rejects(Rule::NoticeDatesOutOfOrder, "notices[0]");
    t().notice(withdraw(US, "2000-03-15").declared("2000-03-01"))
        .rejects(Rule::NoticeDatesOutOfOrder, "notices[0]");
    t().notice(withdraw(US, "2000-03-15").step("2000-03-01", NoticeAction::Revoke))
        .rejects(Rule::NoticeDatesOutOfOrder, "notices[0].steps[0]");
}

#[test]
fn a_step_dated_loosely_is_not_applied_before_its_notice() {
    // A revocation known only to the year, for a notice sent in August.
    let h = in_force(&[JPN, ROK], "2016-11-23")
        .withdrawal(one_year_notice())
        .notice(withdraw(ROK, "2019-08-23").step("2019", NoticeAction::Revoke))
        .replay();
    assert_eq!(
        count(&h, |c| matches!(c, Change::NoticeTookEffect { .. })),
        0
    );
    assert_eq!(
        h.status_at(day("2020-01-01")).notices,
        vec![(0, NoticeStatus::Revoked)]
    );
}

#[test]
fn a_loosely_dated_step_is_dated_no_earlier_than_its_notice() {
    let h = in_force(&[JPN, ROK], "2016-11-23")
        .withdrawal(one_year_notice())
        .notice(withdraw(ROK, "2019-08-23").step("2019", NoticeAction::Suspend))
        .replay();
    let step = when(&h, |c| matches!(c, Change::NoticeStep { .. }));
    assert_eq!(step, d("2019-08-23/2019-12-31"));
}

#[test]
fn status_at_counts_a_certain_change_after_a_loosely_dated_one() {
    // One signature known only to the year; entry into force, notice and its
    // effect known to the day. By 20 September the memorandum had certainly ended.
    let h = mou()
        .withdrawal(on_notice(
            "P0D",
            RunsFrom::Sending,
            TakesEffect::AfterPeriod,
        ))
        .on("1953", sign(US))
        .on("1953-02-27", sign(JPN))
        .notice(withdraw(US, "1953-09-15"))
        .replay();
    let s = h.status_at(day("1953-09-20"));
    assert_eq!(
        s.status,
        terminated_with(TerminationGround::Withdrawal { party: US })
    );
    assert_eq!(s.since, Some(d("1953-09-15")));
    assert_eq!(s.notices, vec![(0, NoticeStatus::Effective)]);
    // Before the notice, the signature of 1953 may or may not have come yet.
    let s = h.status_at(day("1953-03-01"));
    assert_eq!(s.status, Status::Signed);
    assert_eq!(s.alternative, Some(Status::InForce));
}

#[test]
fn invocation_of_a_ground_takes_effect_three_months_after_receipt_without_objection() {
    // Arts 60 and 65(2): notified in writing; absent objection within three months
    // of receipt, the invoking party may carry out the measure.
    let h = in_force(&[US, JPN], "1990-01-01")
        .notice(invoke(US, "2001-01-20", false).received("2001-02-01"))
        .replay();
    assert_eq!(took_effect(&h, 0), d("2001-05-01"));
    assert_eq!(status(&h, "2001-04-30"), Status::InForce);
    assert_eq!(
        status(&h, "2001-05-01"),
        terminated_with(TerminationGround::Invocation {
            party: US,
            reason: InvocationGround::MaterialBreach
        })
    );
    let window = upcoming_of(&h, "2001-01-20", "2001-12-31")
        .into_iter()
        .find(|u| matches!(&u.kind, UpcomingKind::ObjectionDeadline { .. }))
        .unwrap();
    assert_eq!(window.date, Some(d("2001-05-01")));
}

#[test]
fn art_65_3_objection_opens_a_dispute_and_art_66_conciliation_after_twelve_months() {
    let h = in_force(&[US, JPN], "1990-01-01")
        .notice(
            invoke(US, "2001-01-20", false)
                .received("2001-02-01")
                .step("2001-03-01", NoticeAction::Objection),
        )
        .replay();
    assert_eq!(
        count(&h, |c| matches!(c, Change::NoticeTookEffect { .. })),
        0
    );
    let s = h.status_at(day("2002-01-01"));
    assert_eq!(s.status, Status::InForce);
    assert_eq!(s.notices, vec![(0, NoticeStatus::Disputed)]);
    let up = upcoming_of(&h, "2001-01-01", "2003-01-01");
    assert!(up.iter().any(
        |u| u.kind == UpcomingKind::ConciliationAvailable { notice: 0 }
            && u.date == Some(d("2002-03-01"))
    ));
    // The objection is recorded on its day, and closed the window: the end of
    // the three months (1 May) is no longer announced.
    let objections: Vec<_> = up
        .iter()
        .filter(|u| {
            matches!(
                &u.kind,
                UpcomingKind::Other {
                    change: Change::NoticeStep {
                        action: NoticeAction::Objection,
                        ..
                    }
                }
            )
        })
        .map(|u| u.date)
        .collect();
    assert_eq!(objections, vec![Some(d("2001-03-01"))]);
    assert!(
        up.iter()
            .all(|u| !matches!(u.kind, UpcomingKind::ObjectionDeadline { .. }))
    );
}

#[test]
fn art_60_invocation_seeking_suspension_suspends_the_treaty() {
    let h = in_force(&[US, JPN], "1990-01-01")
        .notice(invoke(JPN, "2001-01-20", true))
        .on("2002-01-01", suspension_end(None, None))
        .replay();
    assert_eq!(took_effect(&h, 0), d("2001-04-20"));
    assert_eq!(status(&h, "2001-04-20"), Status::Suspended);
    assert_eq!(status(&h, "2002-01-01"), Status::InForce);
}

#[test]
fn art_65_2_an_objection_answers_an_invocation() {
    in_force(&[US, JPN], "1990-01-01")
        .withdrawal(one_year_notice())
        .notice(withdraw(US, "2000-03-15").step("2000-04-01", NoticeAction::Objection))
        .rejects(Rule::ObjectionWithoutInvocation, "notices[0].steps[0]");
}

#[test]
fn art_65_2_an_objection_comes_within_the_period() {
    in_force(&[US, JPN], "1990-01-01")
        .notice(
            invoke(US, "2001-01-20", false)
                .received("2001-02-01")
                .step("2001-06-01", NoticeAction::Objection),
        )
        .rejects(Rule::ObjectionOutOfTime, "notices[0].steps[0]");
}

// ---------------------------------------------------------------------------
// Clauses
// ---------------------------------------------------------------------------

#[test]
fn duration_clause_a_term_or_renewal_period_is_longer_than_no_time() {
    in_force(&[US, JPN], "2000-01-01")
        .term("P0D", AfterTerm::Expires)
        .rejects(Rule::EmptyPeriod, "clauses");
    in_force(&[US, JPN], "2000-01-01")
        .term("P1Y", tacit("P0D", "P90D"))
        .rejects(Rule::EmptyPeriod, "clauses");
    in_force(&[US, JPN], "2000-01-01")
        .on(
            "2001-01-01",
            EventKind::Amendment {
                summary: "x".into(),
                new_term: Some(p("P0D")),
            },
        )
        .rejects(Rule::EmptyPeriod, "events[1]");
}

// ---------------------------------------------------------------------------
// Dates with their precision
// ---------------------------------------------------------------------------

#[test]
fn computed_dates_keep_the_precision_of_partial_inputs() {
    // Signed in June 1960, a ten-year term: it expires in June 1970, not on an
    // invented day.
    let h = in_force(&[US, JPN], "1960-06")
        .term("P10Y", AfterTerm::Expires)
        .replay();
    assert_eq!(entered(&h), d("1960-06"));
    let end = when(&h, |c| matches!(c, Change::Terminated { .. }));
    assert_eq!(end, d("1970-06"));
    assert_eq!(end.precision(), Precision::Month);
    let s = h.status_at(day("1970-06-15"));
    assert_eq!(s.status, Status::InForce);
    assert_eq!(
        s.alternative,
        Some(terminated_with(TerminationGround::Expiry))
    );
}

#[test]
fn periods_of_weeks_and_days_add_up() {
    assert_eq!(p("P1W2D"), Period::days(9));
    assert_eq!(p("P2W"), Period::days(14));
}

#[test]
fn dates_reject_nested_intervals_and_year_zero() {
    assert!("1978/1979/1980".parse::<PartialDate>().is_err());
    assert!(matches!(
        "0000".parse::<PartialDate>(),
        Err(DateError::Calendar(..))
    ));
    assert!(PartialDate::from_parts(0, None, None).is_err());
    assert!(PartialDate::from_parts(0, Some(3), Some(4)).is_err());
}

#[test]
fn periods_beyond_any_calendar_fail_instead_of_panicking() {
    let huge = Period::years(20_000);
    assert_eq!(huge.add_to(day("2000-01-01")), Err(DateError::Overflow));
    assert_eq!(
        huge.subtract_from(day("2000-01-01")),
        Err(DateError::Overflow)
    );
    // A treaty whose term cannot be computed is replayed, not a crash.
    let h = in_force(&[US, JPN], "2000-01-01")
        .term("P20000Y", AfterTerm::Expires)
        .replay();
    assert_eq!(status(&h, "2099-01-01"), Status::InForce);
}

// ---------------------------------------------------------------------------
// Treaty actions: deposit, reservations and declarations (arts 16, 19–23)
// ---------------------------------------------------------------------------

fn deposit(party: Ccode) -> EventKind {
    EventKind::Deposit {
        party: Some(party),
        depositary: Some("Government of Japan".into()),
    }
}
fn reservation(party: Ccode, article: Option<&str>) -> EventKind {
    EventKind::Reservation {
        party,
        text: "The article shall not apply.".into(),
        article: article.map(str::to_string),
    }
}

#[test]
fn art_16_b_an_instrument_is_deposited_after_the_consent_it_expresses() {
    // A deposit with no consent before it.
    let e = treaty(&[US, JPN])
        .on("2000-01-01", sign_all())
        .on("2000-03-01", deposit(US))
        .rejects(Rule::DepositWithoutConsent, "events[1]");
    assert!(e.detail.contains("field `date`"), "{e}");
    // Deposited twice.
    let e = treaty(&[US, JPN])
        .on("2000-01-01", sign_all())
        .on("2000-02-01", ratify(US))
        .on("2000-03-01", deposit(US))
        .on("2000-04-01", deposit(US))
        .rejects(Rule::DepositWithoutConsent, "events[3]");
    assert!(e.detail.contains("deposited already on 2000-03-01"), "{e}");
}

#[test]
fn a_deposit_follows_consent_and_changes_no_status() {
    let with = treaty(&[US, JPN])
        .on("2000-01-01", sign_all())
        .on("2000-02-01", ratify(US))
        .on("2000-02-01", deposit(US))
        .on("2000-03-01", ratify(JPN))
        .on("2000-03-02", deposit(JPN))
        .replay();
    let without = treaty(&[US, JPN])
        .on("2000-01-01", sign_all())
        .on("2000-02-01", ratify(US))
        .on("2000-03-01", ratify(JPN))
        .replay();
    let changes = |h: &History| {
        h.transitions()
            .iter()
            .map(|t| (t.date, t.change.clone(), t.status.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(changes(&with), changes(&without));
    assert_eq!(
        with.status_at(day("2000-03-01")).status,
        Status::InForce,
        "art 24(2): in force on the last consent"
    );
}

#[test]
fn reservations_and_declarations_change_no_status_and_need_a_party() {
    let h = treaty(&[US, JPN])
        .on("2000-01-01", sign_all())
        .on("2000-02-01", ratify(US))
        .on("2000-02-01", reservation(US, Some("VI")))
        .on(
            "2000-02-01",
            EventKind::Declaration {
                party: JPN,
                text: "Understood as ...".into(),
                article: None,
            },
        )
        .on("2000-03-01", ratify(JPN))
        .replay();
    assert_eq!(h.status_at(day("2000-03-01")).status, Status::InForce);
    let e = treaty(&[US, JPN])
        .on("2000-01-01", sign_all())
        .on("2000-02-01", reservation(Ccode(200), None))
        .rejects(Rule::NotAParty, "events[1]");
    assert!(e.detail.starts_with("field `party`"), "{e}");
}

#[test]
fn art_22_1_only_a_reservation_made_is_withdrawn() {
    let withdraw = |article: Option<&str>| EventKind::ReservationWithdrawal {
        party: US,
        article: article.map(str::to_string),
    };
    treaty(&[US, JPN])
        .on("2000-01-01", sign_all())
        .on("2000-02-01", reservation(US, Some("VI")))
        .on("2001-01-01", withdraw(Some("VI")))
        .replay();
    let e = treaty(&[US, JPN])
        .on("2000-01-01", sign_all())
        .on("2000-02-01", reservation(US, Some("VI")))
        .on("2001-01-01", withdraw(Some("IV")))
        .rejects(Rule::ReservationNotMade, "events[2]");
    assert!(e.detail.contains("field `article`"), "{e}");
    // Withdrawn once: a second withdrawal has nothing left to withdraw.
    treaty(&[US, JPN])
        .on("2000-01-01", sign_all())
        .on("2000-02-01", reservation(US, None))
        .on("2001-01-01", withdraw(None))
        .on("2002-01-01", withdraw(None))
        .rejects(Rule::ReservationNotMade, "events[3]");
}

// ---------------------------------------------------------------------------
// Coverage: every rule has an article, a statement and a test above
// ---------------------------------------------------------------------------

/// The test (above) that exercises each rule. Exhaustive: a new rule does not
/// compile here until it has a test.
fn tested_by(rule: Rule) -> &'static str {
    use Rule::*;
    match rule {
        NotAParty => "art_2_1_g_only_a_party_acts",
        SignedTwice => "art_10_a_state_signs_once",
        ConsentTwice => "art_11_a_state_consents_once",
        ConsentWithoutSignature => "art_14_ratification_requires_signature",
        ConsentAfterDeclining => "art_18_a_no_consent_after_declining_to_become_a_party",
        ExchangeBeforeConsent => "art_16_instruments_are_exchanged_once_every_party_ratified",
        EntryIntoForceWithoutConsent => "art_24_no_entry_into_force_before_every_party_signed",
        AlreadyInForce => "art_24_a_treaty_enters_into_force_once",
        ProvisionalAfterEntryIntoForce => {
            "art_25_1_provisional_application_is_pending_entry_into_force"
        }
        NotProvisionallyApplied => "art_25_2_provisional_application_ends_only_if_it_began",
        DeclineAfterConsent => "art_18_a_only_a_signatory_that_has_not_consented_may_decline",
        NotInForce => "arts_39_54_57_amendment_notice_and_suspension_need_a_treaty_in_force",
        NotSuspended => "art_72_a_suspension_ends_only_if_one_is_in_effect",
        AlreadySuspended => "art_57_a_suspended_treaty_is_not_suspended_again",
        AfterTermination => "art_70_a_terminated_treaty_does_not_return_to_force",
        NoFixedTerm => "duration_clause_only_a_fixed_term_expires",
        ExpiryBeforeEndOfTerm => {
            "duration_clause_a_treaty_expires_at_the_end_of_its_term_not_before"
        }
        NoTermToRenew => "renewal_clause_express_renewal_needs_a_term_to_renew",
        NoticeTooEarly => "art_54_a_notice_only_after_the_minimum_term",
        WithdrawalByConsentOnly => "art_54_b_a_consent_only_treaty_rejects_a_unilateral_notice",
        WithdrawalExcluded => "art_56_1_withdrawal_excluded_during_the_term",
        NoTacitRenewal => "renewal_clause_a_notice_of_non_renewal_needs_tacit_renewal",
        NoticeAlreadyPending => "art_67_a_party_has_one_notice_of_a_kind_pending",
        NoticeDatesOutOfOrder => {
            "art_78_a_notice_is_received_and_takes_effect_no_earlier_than_it_is_sent"
        }
        RevocationAfterEffect => "art_68_revocation_comes_too_late_once_the_notice_took_effect",
        NoticeNotPending => {
            "art_68_only_a_pending_notice_is_suspended_and_only_a_suspended_one_resumed"
        }
        ObjectionWithoutInvocation => "art_65_2_an_objection_answers_an_invocation",
        ObjectionOutOfTime => "art_65_2_an_objection_comes_within_the_period",
        NonBindingHasNoConsent => {
            "non_binding_mou_takes_effect_on_signature_and_rejects_ratification"
        }
        EmptyPeriod => "duration_clause_a_term_or_renewal_period_is_longer_than_no_time",
        DepositWithoutConsent => {
            "art_16_b_an_instrument_is_deposited_after_the_consent_it_expresses"
        }
        ReservationNotMade => "art_22_1_only_a_reservation_made_is_withdrawn",
    }
}

#[test]
fn every_rule_cites_its_source_and_has_a_test() {
    use Rule::*;
    let all = [
        NotAParty,
        SignedTwice,
        ConsentTwice,
        ConsentWithoutSignature,
        ConsentAfterDeclining,
        ExchangeBeforeConsent,
        EntryIntoForceWithoutConsent,
        AlreadyInForce,
        ProvisionalAfterEntryIntoForce,
        NotProvisionallyApplied,
        DeclineAfterConsent,
        NotInForce,
        NotSuspended,
        AlreadySuspended,
        AfterTermination,
        NoFixedTerm,
        ExpiryBeforeEndOfTerm,
        NoTermToRenew,
        NoticeTooEarly,
        WithdrawalByConsentOnly,
        WithdrawalExcluded,
        NoTacitRenewal,
        NoticeAlreadyPending,
        NoticeDatesOutOfOrder,
        RevocationAfterEffect,
        NoticeNotPending,
        ObjectionWithoutInvocation,
        ObjectionOutOfTime,
        NonBindingHasNoConsent,
        EmptyPeriod,
        DepositWithoutConsent,
        ReservationNotMade,
    ];
    let source = include_str!("lifecycle_rules.rs");
    for rule in all {
        let a = rule.article();
        assert!(
            a.starts_with("VCLT art") || a.starts_with("the treaty's"),
            "{rule:?}: {a}"
        );
        assert!(!rule.statement().is_empty());
        assert!(rule.to_string().contains(a));
        let name = tested_by(rule);
        assert!(
            source.contains(&format!("fn {name}()")),
            "{rule:?}: no test named {name}"
        );
    }
}
