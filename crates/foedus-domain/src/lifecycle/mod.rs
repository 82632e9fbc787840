//! The lifecycle engine: the law of treaties as a state machine.
//!
//! [`History::replay`] applies an agreement's recorded events and notices in date
//! order, checks each against the rules of the Vienna Convention on the Law of
//! Treaties (and the treaty's own clauses), and computes what the record leaves
//! out: entry into force from the treaty's rule, the end of each term, tacit
//! renewals, the day a notice takes effect. The result answers
//! [`History::status_at`] for any date and [`History::upcoming`] for a window ahead.
//!
//! Processing is causal: what happens on a day depends only on what was
//! recorded up to that day, so adding later events never changes a past status.
//! An item dated only to a month or a year is processed on the first day its
//! date allows; dates computed from it keep its uncertainty (a bound, never an
//! invented day), and [`History::status_at`] reports what certainly happened by
//! a day, with the alternative if a loosely dated change may have.
//!
//! ```
//! use foedus_domain::agreement::*;
//! use foedus_domain::date::{PartialDate, Period};
//! use foedus_domain::lifecycle::{History, Status};
//! use foedus_domain::provenance::Provenance;
//! use foedus_domain::state::Ccode;
//! use jiff::civil::date;
//!
//! let d = |s: &str| s.parse::<PartialDate>().unwrap();
//! let mut a = Agreement {
//!     id: AgreementId::new("example").unwrap(),
//!     ids: Identifiers::default(),
//!     title: "Treaty of Example".into(),
//!     short_title: None,
//!     legal_form: LegalForm::Treaty,
//!     legally_binding: None,
//!     families: vec![Family::MutualDefense],
//!     parties: vec![Party::new(Ccode(2)), Party::new(Ccode(740))],
//!     framework: None,
//!     implementing_bodies: vec![],
//!     mechanisms: vec![],
//!     provisions: vec![],
//!     clauses: Clauses {
//!         entry_into_force: EntryIntoForce::OnExchangeOfInstruments,
//!         initial_term: Some(Period::years(10)),
//!         after_term: AfterTerm::ContinuesUntilNotice,
//!         withdrawal: Withdrawal::OnNotice {
//!             period: Some(Period::years(1)),
//!             runs_from: RunsFrom::Sending,
//!             takes_effect: TakesEffect::AfterPeriod,
//!             not_before: Some(Period::years(10)),
//!         },
//!         ..Clauses::default()
//!     },
//!     obligations: vec![],
//!     phases: vec![],
//!     events: vec![
//!         Event::new(d("1960-01-19"), EventKind::Signature { party: None }),
//!         Event::new(d("1960-06-21"), EventKind::Consent { party: Some(Ccode(740)), means: ConsentMeans::Ratification }),
//!         Event::new(d("1960-06-22"), EventKind::Consent { party: Some(Ccode(2)), means: ConsentMeans::Ratification }),
//!         Event::new(d("1960-06-23"), EventKind::ExchangeOfInstruments),
//!     ],
//!     notices: vec![],
//!     attributes: Default::default(),
//!     notes: None,
//!     provenance: Provenance::new("example", None),
//! };
//! let h = History::replay(&a, date(2030, 1, 1)).unwrap();
//! assert_eq!(h.status_at(date(1960, 6, 1)).status, Status::Signed);
//! assert_eq!(h.status_at(date(1960, 6, 23)).status, Status::InForce);
//! // Notice may be given ten years after entry into force.
//! assert!(h.upcoming(date(1960, 7, 1), date(1971, 1, 1)).iter()
//!     .any(|u| u.date == Some(d("1970-06-23"))));
//! ```

mod rule;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use jiff::civil::Date;
use serde::Serialize;

pub use rule::Rule;

use crate::agreement::{
    AfterTerm, Agreement, ConsentMeans, EntryIntoForce, EventKind, LegalForm, NoticeAction,
    NoticeKind, RunsFrom, TakesEffect, TerminationGround, Withdrawal,
};
use crate::date::{PartialDate, Period};
use crate::state::Ccode;

/// Where in the record an error or a transition comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "in")]
pub enum Subject {
    /// `events[index]`.
    Event {
        /// Index in `Agreement::events`.
        index: usize,
    },
    /// `notices[index]` (its sending).
    Notice {
        /// Index in `Agreement::notices`.
        index: usize,
    },
    /// `notices[notice].steps[step]`.
    NoticeStep {
        /// Index in `Agreement::notices`.
        notice: usize,
        /// Index in `Notice::steps`.
        step: usize,
    },
    /// `clauses`.
    Clauses,
}

impl Subject {
    /// The field path in the record: `events[3]`, `notices[0].steps[1]`.
    pub fn path(self) -> String {
        match self {
            Subject::Event { index } => format!("events[{index}]"),
            Subject::Notice { index } => format!("notices[{index}]"),
            Subject::NoticeStep { notice, step } => format!("notices[{notice}].steps[{step}]"),
            Subject::Clauses => "clauses".into(),
        }
    }
}

/// An event the engine rejects, with the rule it breaks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{} ({}): {detail} [{}: {}]", subject.path(), date.map(|d| d.to_string()).unwrap_or_default(), rule.article(), rule.statement())]
pub struct LifecycleError {
    /// The offending entry.
    pub subject: Subject,
    /// Its date.
    pub date: Option<PartialDate>,
    /// The rule it breaks.
    pub rule: Rule,
    /// What was found, in words.
    pub detail: String,
}

/// An agreement's status on a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum Status {
    /// Nothing recorded yet (before signature).
    NotSigned,
    /// Signed (or partly consented), not in force; art 18 binds the signatories.
    Signed,
    /// Applied provisionally pending entry into force (art 25).
    ProvisionallyApplied,
    /// In force (for a non-binding instrument: in effect).
    InForce,
    /// In force, its operation suspended (arts 57–58).
    Suspended,
    /// Never entered into force: a signatory made clear it would not become a party (art 18(a)).
    Abandoned,
    /// Ended.
    Terminated {
        /// Why.
        ground: TerminationGround,
    },
}

impl Status {
    /// True while the obligations bind: in force and not suspended (or provisionally applied).
    pub fn is_operative(&self) -> bool {
        matches!(self, Status::InForce | Status::ProvisionallyApplied)
    }

    /// The status in words, with "in effect" for non-binding instruments.
    pub fn describe(&self, binding: bool) -> String {
        match self {
            Status::NotSigned => "not yet signed".into(),
            Status::Signed if binding => "signed, not yet in force".into(),
            Status::Signed => "signed, not yet in effect".into(),
            Status::ProvisionallyApplied => "provisionally applied".into(),
            Status::InForce if binding => "in force".into(),
            Status::InForce => "in effect (not legally binding)".into(),
            Status::Suspended => "suspended".into(),
            Status::Abandoned => "abandoned before entry into force".into(),
            Status::Terminated { ground } => format!("terminated ({})", describe_ground(ground)),
        }
    }
}

fn describe_ground(g: &TerminationGround) -> String {
    match g {
        TerminationGround::Consent => "by consent of the parties".into(),
        TerminationGround::Expiry => "expired".into(),
        TerminationGround::Supersession { by: Some(id) } => format!("superseded by {id}"),
        TerminationGround::Supersession { by: None } => "superseded by a later treaty".into(),
        TerminationGround::Extinction { party } => {
            format!("{} ceased to exist", party.label())
        }
        TerminationGround::Withdrawal { party } => format!("{} withdrew", party.label()),
        TerminationGround::Invocation { party, reason } => {
            format!("{} invoked {reason:?}", party.label())
        }
        TerminationGround::Fulfilled => "purpose fulfilled".into(),
        TerminationGround::Violation => "broken by violation".into(),
        TerminationGround::Unstated => "ground not recorded".into(),
    }
}

/// What a notice has come to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeStatus {
    /// Given; it will take effect on its effect date.
    Pending,
    /// Suspended by the notifying state: it will not take effect while suspended.
    Suspended,
    /// Revoked before it took effect (art 68).
    Revoked,
    /// An invocation the other party objected to (art 65(3)): a dispute, not an effect.
    Disputed,
    /// It took effect.
    Effective,
    /// The agreement ended otherwise before the notice could take effect.
    Moot,
}

/// A change in the agreement's life, recorded or computed.
// Variant fields are named for what they hold (party, notice index, date).
#[allow(missing_docs)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "change")]
pub enum Change {
    /// Signature by one party or all.
    Signed { party: Option<Ccode> },
    /// A party's domestic approval.
    DomesticApproval { party: Ccode, body: Option<String> },
    /// A party's consent to be bound.
    Consented {
        party: Option<Ccode>,
        means: ConsentMeans,
    },
    /// Exchange of instruments.
    InstrumentsExchanged,
    /// Entry into force.
    EnteredIntoForce,
    /// Provisional application begins.
    ProvisionalApplicationBegan { party: Option<Ccode> },
    /// Provisional application ends.
    ProvisionalApplicationEnded { party: Option<Ccode> },
    /// A signatory will not become a party.
    Declined { party: Ccode },
    /// An amendment.
    Amended { summary: String },
    /// A renewal, express or tacit, to a new end of term.
    Renewed { until: PartialDate, tacit: bool },
    /// The initial term ended and the agreement continues until notice.
    TermEnded,
    /// Suspension (of the whole, or of one party's obligations toward another).
    Suspended {
        party: Option<Ccode>,
        toward: Option<Ccode>,
    },
    /// End of a suspension.
    Resumed {
        party: Option<Ccode>,
        toward: Option<Ccode>,
    },
    /// A notice was given; `effect` is when it will take effect, if computable.
    NoticeGiven {
        notice: usize,
        party: Ccode,
        effect: Option<PartialDate>,
    },
    /// A notice changed status (suspended, resumed, revoked, objected to).
    NoticeStep { notice: usize, action: NoticeAction },
    /// A notice took effect.
    NoticeTookEffect { notice: usize, party: Ccode },
    /// A party left; the agreement continues among the others.
    PartyLeft { party: Ccode },
    /// A successor state continues a party's agreements.
    Succeeded {
        predecessor: Ccode,
        successor: Ccode,
    },
    /// The agreement ended.
    Terminated { ground: TerminationGround },
}

impl Change {
    /// The change in words, saying "came into effect" for a non-binding instrument.
    pub fn describe(&self, binding: bool) -> String {
        match self {
            Change::EnteredIntoForce if !binding => "came into effect (not legally binding)".into(),
            other => other.to_string(),
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let who = |p: &Option<Ccode>| p.map(|c| c.label()).unwrap_or_else(|| "all parties".into());
        match self {
            Change::Signed { party } => write!(f, "signed by {}", who(party)),
            Change::DomesticApproval { party, body } => write!(
                f,
                "domestic approval by {}{}",
                party.label(),
                body.as_ref().map(|b| format!(" ({b})")).unwrap_or_default()
            ),
            Change::Consented { party, means } => {
                write!(f, "consent to be bound by {} ({means:?})", who(party))
            }
            Change::InstrumentsExchanged => f.write_str("instruments exchanged"),
            Change::EnteredIntoForce => f.write_str("entered into force"),
            Change::ProvisionalApplicationBegan { party } => {
                write!(f, "provisional application begins ({})", who(party))
            }
            Change::ProvisionalApplicationEnded { party } => {
                write!(f, "provisional application ends ({})", who(party))
            }
            Change::Declined { party } => {
                write!(f, "{} made clear it will not become a party", party.label())
            }
            Change::Amended { summary } => write!(f, "amended: {summary}"),
            Change::Renewed { until, tacit } => write!(
                f,
                "{} renewed until {until}",
                if *tacit { "tacitly" } else { "expressly" }
            ),
            Change::TermEnded => f.write_str("initial term ended; continues until notice"),
            Change::Suspended { party: None, .. } => f.write_str("operation suspended"),
            Change::Suspended {
                party: Some(p),
                toward,
            } => write!(
                f,
                "{} suspends its obligations{}",
                p.label(),
                toward
                    .map(|t| format!(" toward {}", t.label()))
                    .unwrap_or_default()
            ),
            Change::Resumed { party: None, .. } => f.write_str("suspension ended"),
            Change::Resumed {
                party: Some(p),
                toward,
            } => write!(
                f,
                "{} resumes its obligations{}",
                p.label(),
                toward
                    .map(|t| format!(" toward {}", t.label()))
                    .unwrap_or_default()
            ),
            Change::NoticeGiven {
                notice,
                party,
                effect,
            } => write!(
                f,
                "notice #{notice} given by {}{}",
                party.label(),
                effect
                    .map(|e| format!(", to take effect {e}"))
                    .unwrap_or_else(|| ", effect date not computable".into())
            ),
            Change::NoticeStep { notice, action } => write!(f, "notice #{notice}: {action:?}"),
            Change::NoticeTookEffect { notice, party } => {
                write!(f, "notice #{notice} by {} takes effect", party.label())
            }
            Change::PartyLeft { party } => write!(f, "{} leaves", party.label()),
            Change::Succeeded {
                predecessor,
                successor,
            } => write!(
                f,
                "{} continues the agreements of {}",
                successor.label(),
                predecessor.label()
            ),
            Change::Terminated { ground } => write!(f, "terminated: {}", describe_ground(ground)),
        }
    }
}

/// Where a transition comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "basis")]
pub enum Basis {
    /// Recorded in the agreement.
    Recorded {
        /// Where.
        subject: Subject,
    },
    /// Computed by the engine from a rule.
    Computed {
        /// The rule, with its article, in words.
        rule: String,
    },
}

/// One change on one date, and the status after it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Transition {
    /// When.
    pub date: PartialDate,
    /// What.
    pub change: Change,
    /// Recorded or computed.
    pub basis: Basis,
    /// The agreement's status after the change.
    pub status: Status,
}

/// The status on a day, with what is uncertain about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StatusAt {
    /// The day asked about.
    pub date: Date,
    /// The status, counting only what certainly happened by that day.
    pub status: Status,
    /// If a partially dated event may or may not have happened by that day, the
    /// status that holds if it did.
    pub alternative: Option<Status>,
    /// The date of the last change certainly before or on the day.
    pub since: Option<PartialDate>,
    /// The end of the current term, if the agreement has one running.
    pub term_ends: Option<PartialDate>,
    /// Pairs (obligor, beneficiary) whose obligations are suspended inside the agreement.
    pub suspended_pairs: Vec<(Ccode, Option<Ccode>)>,
    /// Parties that have left.
    pub departed: Vec<Ccode>,
    /// Each notice's status on the day, by index.
    pub notices: Vec<(usize, NoticeStatus)>,
}

impl StatusAt {
    /// True if `obligor`'s obligations toward `beneficiary` are suspended on the day:
    /// the whole agreement is, or `obligor` suspended its obligations toward
    /// `beneficiary` or toward every party (the US toward New Zealand under ANZUS,
    /// from 11 August 1986, while its obligations toward Australia continued).
    pub fn obligations_suspended(&self, obligor: Ccode, beneficiary: Ccode) -> bool {
        self.status == Status::Suspended
            || self
                .suspended_pairs
                .iter()
                .any(|(o, b)| *o == obligor && b.is_none_or(|b| b == beneficiary))
    }
}

/// What comes up in a window of time.
#[allow(missing_docs)]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum UpcomingKind {
    /// Entry into force, computed from the rule or recorded ahead.
    EntryIntoForce,
    /// The agreement expires at the end of its term.
    Expiry,
    /// Tacit renewal for a further period.
    TacitRenewal,
    /// The last day to give notice against the tacit renewal on `renewal`.
    NonRenewalDeadline { renewal: PartialDate },
    /// The initial term ends; the agreement continues until notice.
    TermEnds,
    /// The first day a party may give notice under the withdrawal clause.
    NoticeOpens,
    /// A notice takes effect.
    NoticeTakesEffect { notice: usize, party: Ccode },
    /// A signatory's consent is still pending (no date: it awaits an act).
    ConsentPending { party: Ccode, signed: PartialDate },
    /// Provisional application ends when the agreement enters into force.
    ProvisionalApplicationEnds,
    /// Conciliation becomes available twelve months after an objection (art 66).
    ConciliationAvailable { notice: usize },
    /// The last day the other party may object to an invocation (art 65(2)).
    ObjectionDeadline { notice: usize },
    /// Any other change dated ahead, recorded or computed.
    Other { change: Change },
}

impl UpcomingKind {
    /// What the date means, in words, with "comes into effect" for non-binding
    /// instruments: the one wording of `foedus agreement show`, the HTTP API's
    /// agreement page and the renewal calendar.
    pub fn describe(&self, binding: bool) -> String {
        match self {
            UpcomingKind::EntryIntoForce if binding => "enters into force".into(),
            UpcomingKind::EntryIntoForce => "comes into effect".into(),
            UpcomingKind::Expiry => "expires at the end of its term".into(),
            UpcomingKind::TacitRenewal => {
                "renewed tacitly for a further term (no notice of non-renewal taking effect)".into()
            }
            UpcomingKind::NonRenewalDeadline { renewal } => format!(
                "last day to give notice against the renewal at the end of the term ({renewal})"
            ),
            UpcomingKind::TermEnds => {
                "initial term ends; it continues until a party gives notice".into()
            }
            UpcomingKind::NoticeOpens => "first day a party may give notice of withdrawal".into(),
            UpcomingKind::NoticeTakesEffect { notice, party } => {
                format!("notice #{notice} by {} takes effect", party.label())
            }
            UpcomingKind::ConsentPending { party, signed } => format!(
                "ratification (consent to be bound) by {} still pending; signed {signed}",
                party.label()
            ),
            UpcomingKind::ProvisionalApplicationEnds => "provisional application ends".into(),
            UpcomingKind::ObjectionDeadline { notice } => {
                format!("last day to object to the invocation in notice #{notice} (VCLT art 65(2))")
            }
            UpcomingKind::ConciliationAvailable { notice } => {
                format!("conciliation available on the dispute over notice #{notice} (VCLT art 66)")
            }
            UpcomingKind::Other { change } => change.describe(binding),
        }
    }
}

/// A computed or recorded date ahead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Upcoming {
    /// When; `None` for what awaits an act rather than a date.
    pub date: Option<PartialDate>,
    /// What.
    pub kind: UpcomingKind,
    /// How it was computed, in words (rule and article).
    pub basis: String,
}

impl Upcoming {
    /// True if the date is a single known day (not a bound).
    pub fn is_exact(&self) -> bool {
        self.date.is_some_and(PartialDate::is_exact)
    }
}

#[derive(Clone, Debug)]
struct NoticeState {
    /// False until the notice is processed on its sending date: a notice
    /// recorded for a later day is not pending yet.
    given: bool,
    status: NoticeStatus,
    effect: Option<PartialDate>,
    /// (date, status) changes for status_at.
    changes: Vec<(PartialDate, NoticeStatus)>,
    objected: Option<PartialDate>,
}

/// The replayed life of one agreement: every transition up to a horizon.
#[derive(Clone, Debug)]
pub struct History {
    binding: bool,
    transitions: Vec<Transition>,
    /// Term ends (with their after-term rule applied) and notice deadlines found while replaying.
    upcoming: Vec<Upcoming>,
    notices: Vec<NoticeState>,
    pending_consents: Vec<(Ccode, PartialDate)>,
    notice_opens: Option<PartialDate>,
    /// Snapshots after each transition, parallel to `transitions`.
    snapshots: Vec<Snapshot>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Snapshot {
    term_end: Option<PartialDate>,
    suspended_pairs: BTreeSet<(Ccode, Option<Ccode>)>,
    departed: BTreeSet<Ccode>,
}

/// The machine state while replaying.
struct Machine<'a> {
    a: &'a Agreement,
    binding: bool,
    parties: Vec<Ccode>,
    /// States listed only with a `joined` date: parties, but not among those whose
    /// signature or consent the agreement's entry into force waits for, until
    /// they sign, consent or succeed a party.
    later: BTreeSet<Ccode>,
    /// Predecessor -> successor (the Russian Federation continuing the USSR).
    successors: BTreeMap<Ccode, Ccode>,
    signed: BTreeMap<Ccode, PartialDate>,
    consented: BTreeMap<Ccode, PartialDate>,
    declined: BTreeSet<Ccode>,
    /// When each party's instrument of consent was deposited.
    deposited: BTreeMap<Ccode, PartialDate>,
    /// Reservations made and not withdrawn: the state and the article.
    reservations: Vec<(Ccode, Option<String>)>,
    departed: BTreeSet<Ccode>,
    status: Status,
    entered: Option<PartialDate>,
    eif_recorded: bool,
    term_end: Option<PartialDate>,
    suspended_pairs: BTreeSet<(Ccode, Option<Ccode>)>,
    notices: Vec<NoticeState>,
    transitions: Vec<Transition>,
    snapshots: Vec<Snapshot>,
    upcoming: Vec<Upcoming>,
}

/// A recorded item to process, in date order.
#[derive(Clone, Copy)]
enum Item {
    Event(usize),
    Notice(usize),
    Step(usize, usize),
}

impl History {
    /// Replays `agreement` up to `horizon` (computing tacit renewals and other
    /// computed dates up to that day; recorded events after it are still checked).
    ///
    /// Fails on the first recorded event or notice that breaks a rule.
    pub fn replay(agreement: &Agreement, horizon: Date) -> Result<History, LifecycleError> {
        let mut m = Machine::new(agreement)?;
        // Each item is processed on the earliest day its date allows; on one day,
        // events come before notices, notices before their steps, each in record
        // order. A step is never processed before its notice is given.
        let mut items: Vec<(Date, u8, usize, usize, Item)> = Vec::new();
        for (i, e) in agreement.events.iter().enumerate() {
            items.push((e.date.earliest(), 0, i, 0, Item::Event(i)));
        }
        for (i, n) in agreement.notices.iter().enumerate() {
            items.push((n.sent.earliest(), 1, i, 0, Item::Notice(i)));
            for (j, s) in n.steps.iter().enumerate() {
                let day = s.date.earliest().max(n.sent.earliest());
                items.push((day, 2, i, j, Item::Step(i, j)));
            }
        }
        items.sort_by_key(|(day, cat, i, j, _)| (*day, *cat, *i, *j));
        for (day, _, _, _, item) in items {
            m.advance(day)?;
            match item {
                Item::Event(i) => m.event(i)?,
                Item::Notice(i) => m.notice(i)?,
                Item::Step(i, j) => m.step(i, j)?,
            }
        }
        m.advance(horizon)?;
        Ok(m.finish())
    }

    /// Every transition, recorded and computed, in date order.
    pub fn transitions(&self) -> &[Transition] {
        &self.transitions
    }

    /// The periods in which the agreement's obligations bind (in force and not
    /// suspended, or provisionally applied): each from the day it began to the day
    /// it stopped (exclusive), open if it still runs at the horizon.
    pub fn operative_periods(&self) -> Vec<(PartialDate, Option<PartialDate>)> {
        let mut out = Vec::new();
        let mut start: Option<PartialDate> = None;
        for t in &self.transitions {
            match (start, t.status.is_operative()) {
                (None, true) => start = Some(t.date),
                (Some(s), false) => {
                    out.push((s, Some(t.date)));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            out.push((s, None));
        }
        out
    }

    /// True if the instrument is legally binding.
    pub fn binding(&self) -> bool {
        self.binding
    }

    /// The status on `date`, as it was (or will be) then.
    pub fn status_at(&self, date: Date) -> StatusAt {
        // Transitions are in the order the engine applied them. The last one that
        // certainly happened by `date` brings every earlier one with it, even one
        // dated more loosely (a signature known only to the year, then a notice
        // known to the day).
        let certain = self
            .transitions
            .iter()
            .rposition(|t| t.date.certainly_on_or_before(date))
            .map_or(0, |i| i + 1);
        let possible = self
            .transitions
            .iter()
            .take_while(|t| t.date.possibly_on_or_before(date))
            .count();
        let status_after = |n: usize| {
            n.checked_sub(1)
                .map(|i| self.transitions[i].status.clone())
                .unwrap_or(Status::NotSigned)
        };
        let status = status_after(certain);
        let alt = status_after(possible);
        let snap = certain
            .checked_sub(1)
            .map(|i| self.snapshots[i].clone())
            .unwrap_or_default();
        let notices = self
            .notices
            .iter()
            .enumerate()
            .filter_map(|(i, n)| {
                n.changes
                    .iter()
                    .rfind(|(d, _)| d.certainly_on_or_before(date))
                    .map(|(_, s)| (i, *s))
            })
            .collect();
        StatusAt {
            date,
            alternative: (alt != status).then_some(alt),
            status,
            since: certain.checked_sub(1).map(|i| self.transitions[i].date),
            term_ends: snap.term_end,
            suspended_pairs: snap.suspended_pairs.into_iter().collect(),
            departed: snap.departed.into_iter().collect(),
            notices,
        }
    }

    /// The computed and recorded dates from `from` to `until` (both included):
    /// entry into force, expiries, tacit renewals and their notice deadlines, the
    /// first day notice may be given, notices taking effect, and consents still pending.
    ///
    /// The history must have been replayed to a horizon of at least `until`.
    pub fn upcoming(&self, from: Date, until: Date) -> Vec<Upcoming> {
        let within = |d: &PartialDate| d.latest() >= from && d.earliest() <= until;
        let mut out: Vec<Upcoming> = Vec::new();
        for t in &self.transitions {
            if !within(&t.date) {
                continue;
            }
            let basis = match &t.basis {
                Basis::Computed { rule } => rule.clone(),
                Basis::Recorded { subject } => format!("recorded in {}", subject.path()),
            };
            let kind = match &t.change {
                Change::EnteredIntoForce => UpcomingKind::EntryIntoForce,
                Change::Terminated {
                    ground: TerminationGround::Expiry,
                } => UpcomingKind::Expiry,
                Change::Renewed { tacit: true, .. } => UpcomingKind::TacitRenewal,
                Change::TermEnded => UpcomingKind::TermEnds,
                Change::NoticeTookEffect { notice, party } => UpcomingKind::NoticeTakesEffect {
                    notice: *notice,
                    party: *party,
                },
                other => UpcomingKind::Other {
                    change: other.clone(),
                },
            };
            out.push(Upcoming {
                date: Some(t.date),
                kind,
                basis,
            });
        }
        out.extend(
            self.upcoming
                .iter()
                .filter(|u| u.date.is_some_and(|d| within(&d)))
                .cloned(),
        );
        if let Some(d) = self.notice_opens.filter(within) {
            out.push(Upcoming {
                date: Some(d),
                kind: UpcomingKind::NoticeOpens,
                basis: "the withdrawal clause: notice may be given from this day".into(),
            });
        }
        for (party, signed) in &self.pending_consents {
            out.push(Upcoming {
                date: None,
                kind: UpcomingKind::ConsentPending { party: *party, signed: *signed },
                basis: "VCLT art 18: a signatory that has not ratified must not defeat the object and purpose".into(),
            });
        }
        out.sort_by_key(|u| u.date.map(|d| (d.earliest(), d.latest())));
        out
    }
}

fn computed(rule: impl Into<String>) -> Basis {
    Basis::Computed { rule: rule.into() }
}

impl<'a> Machine<'a> {
    fn new(a: &'a Agreement) -> Result<Self, LifecycleError> {
        let clause_error = |detail: &str| LifecycleError {
            subject: Subject::Clauses,
            date: None,
            rule: Rule::EmptyPeriod,
            detail: detail.into(),
        };
        if a.clauses.initial_term.is_some_and(Period::is_zero) {
            return Err(clause_error("initial_term is P0D"));
        }
        if let AfterTerm::TacitRenewal {
            period: Some(p), ..
        } = a.clauses.after_term
            && p.is_zero()
        {
            return Err(clause_error("after_term.period is P0D"));
        }
        let parties = a.party_states();
        // A state listed only with a `joined` date joins later (by accession or
        // succession), provided at least two states are parties from the start.
        let original = |c: &Ccode| {
            a.parties
                .iter()
                .any(|p| p.state == *c && p.joined.is_none())
        };
        let later: BTreeSet<Ccode> = if parties.iter().filter(|c| original(c)).count() >= 2 {
            parties.iter().copied().filter(|c| !original(c)).collect()
        } else {
            BTreeSet::new()
        };
        Ok(Machine {
            a,
            binding: a.is_binding(),
            parties,
            later,
            successors: BTreeMap::new(),
            signed: BTreeMap::new(),
            consented: BTreeMap::new(),
            declined: BTreeSet::new(),
            deposited: BTreeMap::new(),
            reservations: Vec::new(),
            departed: BTreeSet::new(),
            status: Status::NotSigned,
            entered: None,
            eif_recorded: false,
            term_end: None,
            suspended_pairs: BTreeSet::new(),
            notices: vec![
                NoticeState {
                    given: false,
                    status: NoticeStatus::Pending,
                    effect: None,
                    changes: Vec::new(),
                    objected: None,
                };
                a.notices.len()
            ],
            transitions: Vec::new(),
            snapshots: Vec::new(),
            upcoming: Vec::new(),
        })
    }

    fn finish(self) -> History {
        let pending_consents =
            if matches!(self.status, Status::Signed | Status::ProvisionallyApplied)
                && self.binding
                && self.a.clauses.entry_into_force != EntryIntoForce::OnSignature
            {
                self.signed
                    .iter()
                    .filter(|(p, _)| !self.consented.contains_key(p) && !self.declined.contains(p))
                    .map(|(p, d)| (*p, *d))
                    .collect()
            } else {
                Vec::new()
            };
        // The day notice may first be given, unless the agreement ended before it.
        let ended = self
            .transitions
            .iter()
            .find(|t| matches!(t.status, Status::Terminated { .. } | Status::Abandoned))
            .map(|t| t.date);
        let notice_opens = match (&self.a.clauses.withdrawal, self.entered) {
            (
                Withdrawal::OnNotice {
                    not_before: Some(p),
                    ..
                },
                Some(e),
            ) => e
                .plus(*p)
                .ok()
                .filter(|o| ended.is_none_or(|t| o.earliest() < t.earliest())),
            _ => None,
        };
        History {
            binding: self.binding,
            transitions: self.transitions,
            upcoming: self.upcoming,
            notices: self.notices,
            pending_consents,
            notice_opens,
            snapshots: self.snapshots,
        }
    }

    fn push(&mut self, date: PartialDate, change: Change, basis: Basis) {
        self.transitions.push(Transition {
            date,
            change,
            basis,
            status: self.status.clone(),
        });
        self.snapshots.push(Snapshot {
            term_end: self.term_end,
            suspended_pairs: self.suspended_pairs.clone(),
            departed: self.departed.clone(),
        });
    }

    fn err(
        &self,
        subject: Subject,
        date: PartialDate,
        rule: Rule,
        detail: String,
    ) -> LifecycleError {
        LifecycleError {
            subject,
            date: Some(date),
            rule,
            detail,
        }
    }

    fn is_terminated(&self) -> bool {
        matches!(self.status, Status::Terminated { .. } | Status::Abandoned)
    }

    fn in_force(&self) -> bool {
        matches!(self.status, Status::InForce | Status::Suspended)
    }

    fn active_parties(&self) -> Vec<Ccode> {
        self.parties
            .iter()
            .copied()
            .filter(|p| {
                !self.departed.contains(p) && !self.declined.contains(p) && !self.later.contains(p)
            })
            .collect()
    }

    /// The parties that "every party" means in a signature or consent recorded
    /// without a party: those from the start, not those that join later.
    fn original_parties(&self) -> Vec<Ccode> {
        self.parties
            .iter()
            .copied()
            .filter(|p| !self.later.contains(p))
            .collect()
    }

    /// The state that now holds `party`'s place (itself, or its successor).
    fn current(&self, mut party: Ccode) -> Ccode {
        // Successions form a chain; a cycle would be a record error, so stop after
        // as many steps as there are successions.
        for _ in 0..=self.successors.len() {
            match self.successors.get(&party) {
                Some(next) if *next != party => party = *next,
                _ => break,
            }
        }
        party
    }

    fn check_party(&self, s: Subject, d: PartialDate, p: Ccode) -> Result<(), LifecycleError> {
        if !self.parties.contains(&p) {
            let detail = match self.successors.get(&p) {
                Some(succ) => format!(
                    "{} is no longer a party: {} continues its agreements",
                    p.label(),
                    succ.label()
                ),
                None => format!("{} is not among the parties", p.label()),
            };
            return Err(self.err(s, d, Rule::NotAParty, detail));
        }
        if self.departed.contains(&p) {
            return Err(self.err(
                s,
                d,
                Rule::NotAParty,
                format!("{} has left the agreement", p.label()),
            ));
        }
        Ok(())
    }

    /// The entry into force the rule gives, if every condition is already met.
    fn computed_entry(&self) -> Option<(PartialDate, &'static str)> {
        if self.entered.is_some() || self.eif_recorded || self.is_terminated() {
            return None;
        }
        let parties = self.active_parties();
        if parties.len() < 2 && self.parties.len() >= 2 {
            return None;
        }
        let last = |map: &BTreeMap<Ccode, PartialDate>| -> Option<PartialDate> {
            parties
                .iter()
                .map(|p| map.get(p).copied())
                .try_fold(None, |acc: Option<PartialDate>, d| {
                    d.map(|d| Some(acc.map_or(d, |a| a.max(d))))
                })?
        };
        if !self.binding {
            // Outside the law of treaties: a memorandum comes into effect as it says,
            // on signature unless it names another rule.
            return match &self.a.clauses.entry_into_force {
                EntryIntoForce::OnDate { date } => last(&self.signed).map(|d| {
                    (d.max(*date), "the instrument's own terms: in effect on the date it sets (not a treaty)")
                }),
                EntryIntoForce::AfterLastConsent { delay } => last(&self.signed)
                    .and_then(|d| d.plus(*delay).ok())
                    .map(|d| (d, "the instrument's own terms: in effect the set time after signature (not a treaty)")),
                _ => last(&self.signed).map(|d| {
                    (d, "the instrument's own terms: in effect on signature by every participant (not a treaty)")
                }),
            };
        }
        match &self.a.clauses.entry_into_force {
            EntryIntoForce::OnSignature => last(&self.signed)
                .map(|d| (d, "art 12 and 24(1): in force on signature by every party")),
            EntryIntoForce::OnExchangeOfInstruments => None,
            EntryIntoForce::AfterLastConsent { delay } => last(&self.consented)
                .and_then(|d| d.plus(*delay).ok())
                .map(|d| (d, "art 24(1): in force the set time after the last consent")),
            EntryIntoForce::OnDate { date } => last(&self.consented).map(|d| {
                (
                    d.max(*date),
                    "art 24(1): in force on the date the treaty sets, all parties having consented",
                )
            }),
            EntryIntoForce::Unstated => last(&self.consented)
                .map(|d| (d, "art 24(2): in force once every party has consented")),
        }
    }

    /// Applies computed transitions up to and including `until`.
    fn advance(&mut self, until: Date) -> Result<(), LifecycleError> {
        loop {
            // Candidates: entry into force, a notice taking effect, the end of a term.
            let eif = self.computed_entry();
            let notice = self
                .notices
                .iter()
                .enumerate()
                .filter(|(_, n)| n.status == NoticeStatus::Pending)
                .filter_map(|(i, n)| n.effect.map(|e| (e, i)))
                .min_by_key(|(e, _)| (e.earliest(), e.latest()));
            let term = if self.in_force() { self.term_end } else { None };
            let mut best: Option<(Date, u8)> = None;
            for (d, k) in [
                (eif.map(|e| e.0.earliest()), 0u8),
                (notice.map(|n| n.0.earliest()), 1),
                (term.map(|t| t.earliest()), 2),
            ] {
                if let Some(d) = d
                    && d <= until
                    && best.is_none_or(|(bd, _)| d < bd)
                {
                    best = Some((d, k));
                }
            }
            let Some((_, which)) = best else {
                return Ok(());
            };
            match which {
                0 => {
                    let (date, rule) = eif.expect("candidate exists");
                    self.enter_into_force(date, computed(rule));
                }
                1 => {
                    let (date, i) = notice.expect("candidate exists");
                    self.notice_takes_effect(i, date);
                }
                _ => self.term_ends(term.expect("candidate exists")),
            }
        }
    }

    fn enter_into_force(&mut self, date: PartialDate, basis: Basis) {
        self.entered = Some(date);
        self.status = Status::InForce;
        self.term_end = self.a.clauses.initial_term.and_then(|t| date.plus(t).ok());
        self.push(date, Change::EnteredIntoForce, basis);
        self.schedule_term_upcoming(date);
    }

    /// Records the non-renewal deadline for the current term end, if there is one,
    /// and forgets the deadline of a term end that a change on `now` replaced.
    fn schedule_term_upcoming(&mut self, now: PartialDate) {
        self.upcoming.retain(|u| match &u.kind {
            UpcomingKind::NonRenewalDeadline { renewal } => renewal.earliest() <= now.earliest(),
            _ => true,
        });
        if let (
            Some(end),
            AfterTerm::TacitRenewal {
                notice: Some(n), ..
            },
        ) = (self.term_end, &self.a.clauses.after_term)
            && let Some(deadline) = non_renewal_deadline(end, *n)
        {
            self.upcoming.push(Upcoming {
                date: Some(deadline),
                kind: UpcomingKind::NonRenewalDeadline { renewal: end },
                basis: format!(
                    "the renewal clause: notice of non-renewal at least {} before the end of the term",
                    n.in_words()
                ),
            });
        }
    }

    fn term_ends(&mut self, end: PartialDate) {
        match &self.a.clauses.after_term {
            AfterTerm::TacitRenewal { .. } => {
                let until = self.renewal_step().and_then(|step| end.plus(step).ok());
                self.term_end = until;
                if let Some(until) = until {
                    self.push(
                        end,
                        Change::Renewed { until, tacit: true },
                        computed("the renewal clause: renewed tacitly, no notice of non-renewal having been given"),
                    );
                    self.schedule_term_upcoming(end);
                }
            }
            AfterTerm::ContinuesUntilNotice => {
                self.term_end = None;
                self.push(
                    end,
                    Change::TermEnded,
                    computed("the duration clause: the initial term ends and the treaty continues until notice"),
                );
            }
            AfterTerm::Expires | AfterTerm::ExpressRenewal => {
                self.term_end = None;
                let ground = TerminationGround::Expiry;
                self.status = Status::Terminated {
                    ground: ground.clone(),
                };
                self.moot_notices(end);
                self.drop_upcoming_after(end);
                self.push(
                    end,
                    Change::Terminated { ground },
                    computed("the duration clause: the term ends without renewal"),
                );
            }
        }
    }

    /// Forgets computed dates (deadlines, windows) that an end on `date` makes moot.
    fn drop_upcoming_after(&mut self, date: PartialDate) {
        self.upcoming
            .retain(|u| u.date.is_none_or(|x| x.earliest() <= date.earliest()));
    }

    fn moot_notices(&mut self, date: PartialDate) {
        for n in &mut self.notices {
            if n.given
                && matches!(
                    n.status,
                    NoticeStatus::Pending | NoticeStatus::Suspended | NoticeStatus::Disputed
                )
            {
                n.status = NoticeStatus::Moot;
                n.changes.push((date, NoticeStatus::Moot));
            }
        }
    }

    fn notice_takes_effect(&mut self, i: usize, date: PartialDate) {
        let notice = &self.a.notices[i];
        self.notices[i].status = NoticeStatus::Effective;
        self.notices[i]
            .changes
            .push((date, NoticeStatus::Effective));
        let party = notice.party;
        // A predecessor's notice binds its successor: it is the successor that leaves.
        let leaver = self.current(party);
        let basis = computed(format!("notice #{i} takes effect"));
        match &notice.kind {
            NoticeKind::Invocation {
                suspension_only: true,
                ..
            } => {
                self.status = Status::Suspended;
                self.push(date, Change::NoticeTookEffect { notice: i, party }, basis);
            }
            NoticeKind::Invocation { reason, .. } => {
                let ground = TerminationGround::Invocation {
                    party: leaver,
                    reason: *reason,
                };
                self.terminate(
                    date,
                    ground,
                    Change::NoticeTookEffect { notice: i, party },
                    basis,
                );
            }
            // Without a renewal the term simply runs out: the agreement expires.
            NoticeKind::NonRenewal if self.active_parties().len() <= 2 => {
                self.terminate(
                    date,
                    TerminationGround::Expiry,
                    Change::NoticeTookEffect { notice: i, party },
                    basis,
                );
            }
            NoticeKind::Withdrawal | NoticeKind::NonRenewal => {
                self.leave(
                    date,
                    leaver,
                    Change::NoticeTookEffect { notice: i, party },
                    basis,
                );
            }
        }
    }

    /// A party leaves; a bilateral agreement (or one left with a single party) terminates.
    fn leave(&mut self, date: PartialDate, party: Ccode, change: Change, basis: Basis) {
        self.departed.insert(party);
        if self.active_parties().len() < 2 {
            self.terminate(date, TerminationGround::Withdrawal { party }, change, basis);
        } else {
            self.push(date, change, basis);
            self.push(
                date,
                Change::PartyLeft { party },
                computed("the agreement continues among the other parties"),
            );
        }
    }

    fn terminate(
        &mut self,
        date: PartialDate,
        ground: TerminationGround,
        change: Change,
        basis: Basis,
    ) {
        self.status = Status::Terminated {
            ground: ground.clone(),
        };
        self.term_end = None;
        self.moot_notices(date);
        self.drop_upcoming_after(date);
        let is_same = matches!(&change, Change::Terminated { .. });
        self.push(date, change, basis);
        if !is_same {
            self.push(
                date,
                Change::Terminated { ground },
                computed("VCLT art 70: the parties are released from further performance"),
            );
        }
    }

    fn event(&mut self, i: usize) -> Result<(), LifecycleError> {
        let e = &self.a.events[i];
        let (d, s) = (e.date, Subject::Event { index: i });
        let rec = Basis::Recorded { subject: s };
        if self.is_terminated() {
            // A recorded termination that confirms a computed one is accepted.
            if let (EventKind::Termination { ground }, Status::Terminated { ground: g }) =
                (&e.kind, &self.status)
                && same_ground(ground, g)
                && self.transitions.last().is_some_and(|t| overlaps(t.date, d))
            {
                if let Some(t) = self.transitions.last_mut() {
                    t.basis = rec;
                }
                return Ok(());
            }
            return Err(self.err(
                s,
                d,
                Rule::AfterTermination,
                format!(
                    "{} after the agreement ended ({})",
                    kind_name(&e.kind),
                    self.status.describe(self.binding)
                ),
            ));
        }
        match &e.kind {
            EventKind::Signature { party } => {
                let who: Vec<Ccode> = match party {
                    Some(p) => {
                        self.check_party(s, d, *p)?;
                        vec![*p]
                    }
                    None => self.original_parties(),
                };
                for p in &who {
                    if self.signed.contains_key(p) {
                        return Err(self.err(
                            s,
                            d,
                            Rule::SignedTwice,
                            format!("{} signed already on {}", p.label(), self.signed[p]),
                        ));
                    }
                }
                // Signature is consent where the treaty says so (art 12); a non-binding
                // instrument has no other consent: its participants sign and it comes
                // into effect, without ratification.
                let by_signature =
                    self.a.clauses.entry_into_force == EntryIntoForce::OnSignature || !self.binding;
                for p in who {
                    self.signed.insert(p, d);
                    self.later.remove(&p);
                    if by_signature {
                        self.consented.entry(p).or_insert(d);
                    }
                }
                if self.status == Status::NotSigned {
                    self.status = Status::Signed;
                }
                self.push(d, Change::Signed { party: *party }, rec);
            }
            EventKind::DomesticApproval { party, body } => {
                self.check_party(s, d, *party)?;
                self.push(
                    d,
                    Change::DomesticApproval {
                        party: *party,
                        body: body.clone(),
                    },
                    rec,
                );
            }
            EventKind::Consent { party, means } => {
                if !self.binding {
                    return Err(self.err(
                        s,
                        d,
                        Rule::NonBindingHasNoConsent,
                        format!("{means:?} of a non-binding instrument"),
                    ));
                }
                let who: Vec<Ccode> = match party {
                    Some(p) => {
                        self.check_party(s, d, *p)?;
                        vec![*p]
                    }
                    None => self.original_parties(),
                };
                for p in &who {
                    if let Some(prev) = self.consented.get(p) {
                        return Err(self.err(
                            s,
                            d,
                            Rule::ConsentTwice,
                            format!("{} consented already on {prev}", p.label()),
                        ));
                    }
                    if self.declined.contains(p) {
                        return Err(self.err(
                            s,
                            d,
                            Rule::ConsentAfterDeclining,
                            format!("{} declined to become a party", p.label()),
                        ));
                    }
                    let needs_signature = matches!(
                        means,
                        ConsentMeans::Ratification
                            | ConsentMeans::Acceptance
                            | ConsentMeans::Approval
                    );
                    if needs_signature && !self.signed.contains_key(p) {
                        return Err(self.err(
                            s,
                            d,
                            Rule::ConsentWithoutSignature,
                            format!("{means:?} by {}, which has not signed", p.label()),
                        ));
                    }
                }
                for p in who {
                    self.consented.insert(p, d);
                    self.later.remove(&p);
                    if matches!(means, ConsentMeans::Signature) {
                        self.signed.entry(p).or_insert(d);
                    }
                }
                if self.status == Status::NotSigned {
                    self.status = Status::Signed;
                }
                self.push(
                    d,
                    Change::Consented {
                        party: *party,
                        means: *means,
                    },
                    rec,
                );
            }
            EventKind::ExchangeOfInstruments => {
                let constitutes = self.a.legal_form == LegalForm::ExchangeOfNotes;
                if !self.binding && !constitutes {
                    return Err(self.err(
                        s,
                        d,
                        Rule::NonBindingHasNoConsent,
                        "an exchange of instruments of ratification of a non-binding instrument"
                            .into(),
                    ));
                }
                if constitutes {
                    for p in self.original_parties() {
                        self.consented.entry(p).or_insert(d);
                        self.signed.entry(p).or_insert(d);
                    }
                    if self.status == Status::NotSigned {
                        self.status = Status::Signed;
                    }
                } else if let Some(p) = self
                    .active_parties()
                    .into_iter()
                    .find(|p| !self.consented.contains_key(p))
                {
                    return Err(self.err(
                        s,
                        d,
                        Rule::ExchangeBeforeConsent,
                        format!("{} has not ratified", p.label()),
                    ));
                }
                self.push(d, Change::InstrumentsExchanged, rec.clone());
                if self.a.clauses.entry_into_force == EntryIntoForce::OnExchangeOfInstruments
                    && !self.in_force()
                {
                    self.enter_into_force(
                        d,
                        computed("arts 16 and 24(1): in force on the exchange of instruments"),
                    );
                }
            }
            EventKind::EntryIntoForce => {
                if let Some(entered) = self.entered {
                    if overlaps(entered, d) {
                        self.eif_recorded = true;
                        if let Some(t) = self
                            .transitions
                            .iter_mut()
                            .rev()
                            .find(|t| t.change == Change::EnteredIntoForce)
                        {
                            t.basis = rec;
                        }
                        return Ok(());
                    }
                    return Err(self.err(
                        s,
                        d,
                        Rule::AlreadyInForce,
                        format!("in force since {entered}"),
                    ));
                }
                if let Some(p) = self
                    .active_parties()
                    .into_iter()
                    .find(|p| !self.signed.contains_key(p) && !self.consented.contains_key(p))
                {
                    return Err(self.err(
                        s,
                        d,
                        Rule::EntryIntoForceWithoutConsent,
                        format!("{} has neither signed nor consented", p.label()),
                    ));
                }
                if self.signed.is_empty() && self.consented.is_empty() {
                    return Err(self.err(
                        s,
                        d,
                        Rule::EntryIntoForceWithoutConsent,
                        "no party has signed or consented".into(),
                    ));
                }
                // Every condition of the treaty's rule is met and it gives a later day:
                // the recorded date disagrees with it (art 24(1)).
                if let Some((due, _)) = self.computed_entry()
                    && d.certainly_before(due)
                {
                    return Err(self.err(
                        s,
                        d,
                        Rule::AlreadyInForce,
                        format!("the treaty's rule puts entry into force on {due}"),
                    ));
                }
                self.eif_recorded = true;
                self.enter_into_force(d, rec);
            }
            EventKind::ProvisionalApplication { party } => {
                if self.in_force() || self.entered.is_some() {
                    return Err(self.err(
                        s,
                        d,
                        Rule::ProvisionalAfterEntryIntoForce,
                        "the agreement is already in force".into(),
                    ));
                }
                if let Some(p) = party {
                    self.check_party(s, d, *p)?;
                }
                self.status = Status::ProvisionallyApplied;
                self.push(
                    d,
                    Change::ProvisionalApplicationBegan { party: *party },
                    rec,
                );
            }
            EventKind::ProvisionalApplicationEnd { party } => {
                if self.status != Status::ProvisionallyApplied {
                    return Err(self.err(
                        s,
                        d,
                        Rule::NotProvisionallyApplied,
                        format!("status is {}", self.status.describe(self.binding)),
                    ));
                }
                self.status = if self.signed.is_empty() && self.consented.is_empty() {
                    Status::NotSigned
                } else {
                    Status::Signed
                };
                self.push(
                    d,
                    Change::ProvisionalApplicationEnded { party: *party },
                    rec,
                );
            }
            EventKind::DeclinesToBecomeParty { party } => {
                self.check_party(s, d, *party)?;
                if self.consented.contains_key(party) || self.in_force() {
                    return Err(self.err(
                        s,
                        d,
                        Rule::DeclineAfterConsent,
                        format!(
                            "{} has already consented; it may withdraw only by notice",
                            party.label()
                        ),
                    ));
                }
                // Art 18(a) binds a state that signed; art 25(2) one applying the
                // treaty provisionally. Any other state has nothing to decline.
                if !self.signed.contains_key(party) && self.status != Status::ProvisionallyApplied {
                    return Err(self.err(
                        s,
                        d,
                        Rule::DeclineAfterConsent,
                        format!(
                            "{} has neither signed nor applied the treaty provisionally",
                            party.label()
                        ),
                    ));
                }
                self.declined.insert(*party);
                if self.active_parties().len() < 2 {
                    self.status = Status::Abandoned;
                }
                self.push(d, Change::Declined { party: *party }, rec);
            }
            EventKind::Amendment { summary, new_term } => {
                if !self.in_force() {
                    return Err(self.err(
                        s,
                        d,
                        Rule::NotInForce,
                        format!("amendment while {}", self.status.describe(self.binding)),
                    ));
                }
                if let Some(t) = new_term {
                    if t.is_zero() {
                        return Err(self.err(s, d, Rule::EmptyPeriod, "new_term is P0D".into()));
                    }
                    self.term_end = d.plus(*t).ok();
                }
                self.push(
                    d,
                    Change::Amended {
                        summary: summary.clone(),
                    },
                    rec,
                );
                if new_term.is_some() {
                    self.schedule_term_upcoming(d);
                }
            }
            EventKind::Renewal { until } => {
                if !self.in_force() {
                    return Err(self.err(
                        s,
                        d,
                        Rule::NotInForce,
                        format!("renewal while {}", self.status.describe(self.binding)),
                    ));
                }
                let next = match (until, self.term_end, self.a.clauses.initial_term) {
                    (Some(u), _, _) => *u,
                    (None, Some(end), Some(t)) => end
                        .plus(t)
                        .map_err(|e| self.err(s, d, Rule::NoTermToRenew, e.to_string()))?,
                    _ => {
                        return Err(self.err(
                            s,
                            d,
                            Rule::NoTermToRenew,
                            "the agreement has no term running".into(),
                        ));
                    }
                };
                if !d.certainly_before(next) {
                    return Err(self.err(
                        s,
                        d,
                        Rule::NoTermToRenew,
                        format!("renewed until {next}, which is not after the renewal"),
                    ));
                }
                self.term_end = Some(next);
                self.push(
                    d,
                    Change::Renewed {
                        until: next,
                        tacit: false,
                    },
                    rec,
                );
                self.schedule_term_upcoming(d);
            }
            EventKind::Suspension { party, toward } => {
                if !self.in_force() {
                    return Err(self.err(
                        s,
                        d,
                        Rule::NotInForce,
                        format!("suspension while {}", self.status.describe(self.binding)),
                    ));
                }
                match party {
                    None => {
                        if self.status == Status::Suspended {
                            return Err(self.err(
                                s,
                                d,
                                Rule::AlreadySuspended,
                                "suspended already".into(),
                            ));
                        }
                        self.status = Status::Suspended;
                    }
                    Some(p) => {
                        self.check_party(s, d, *p)?;
                        if let Some(t) = toward {
                            self.check_party(s, d, *t)?;
                        }
                        if !self.suspended_pairs.insert((*p, *toward)) {
                            return Err(self.err(
                                s,
                                d,
                                Rule::AlreadySuspended,
                                "these obligations are suspended already".into(),
                            ));
                        }
                    }
                }
                self.push(
                    d,
                    Change::Suspended {
                        party: *party,
                        toward: *toward,
                    },
                    rec,
                );
            }
            EventKind::SuspensionEnd { party, toward } => {
                match party {
                    None => {
                        if self.status != Status::Suspended {
                            return Err(self.err(
                                s,
                                d,
                                Rule::NotSuspended,
                                format!("status is {}", self.status.describe(self.binding)),
                            ));
                        }
                        self.status = Status::InForce;
                    }
                    Some(p) => {
                        if !self.suspended_pairs.remove(&(*p, *toward)) {
                            return Err(self.err(
                                s,
                                d,
                                Rule::NotSuspended,
                                format!("{}'s obligations are not suspended", p.label()),
                            ));
                        }
                    }
                }
                self.push(
                    d,
                    Change::Resumed {
                        party: *party,
                        toward: *toward,
                    },
                    rec,
                );
            }
            EventKind::Termination { ground } => {
                let started = self.in_force() || self.status == Status::ProvisionallyApplied;
                let consent_before_force =
                    matches!(ground, TerminationGround::Consent) && self.status == Status::Signed;
                if !started && !consent_before_force {
                    return Err(self.err(
                        s,
                        d,
                        Rule::NotInForce,
                        format!("termination while {}", self.status.describe(self.binding)),
                    ));
                }
                if matches!(ground, TerminationGround::Expiry) {
                    self.undo_same_day_renewal(d);
                }
                match ground {
                    TerminationGround::Expiry => match self.term_end {
                        None => {
                            return Err(self.err(
                                s,
                                d,
                                Rule::NoFixedTerm,
                                "no term is running".into(),
                            ));
                        }
                        Some(end) if d.certainly_before(end) => {
                            return Err(self.err(
                                s,
                                d,
                                Rule::ExpiryBeforeEndOfTerm,
                                format!("the term ends {end}"),
                            ));
                        }
                        Some(_) => {}
                    },
                    TerminationGround::Extinction { party }
                    | TerminationGround::Withdrawal { party } => {
                        self.check_party(s, d, *party)?;
                        let change = Change::Terminated {
                            ground: ground.clone(),
                        };
                        self.departed.insert(*party);
                        if self.active_parties().len() >= 2 {
                            self.push(d, Change::PartyLeft { party: *party }, rec);
                            return Ok(());
                        }
                        self.departed.remove(party);
                        let _ = change;
                    }
                    TerminationGround::Invocation { party, .. } => {
                        self.check_party(s, d, *party)?
                    }
                    _ => {}
                }
                self.terminate(
                    d,
                    ground.clone(),
                    Change::Terminated {
                        ground: ground.clone(),
                    },
                    rec,
                );
            }
            EventKind::Succession {
                predecessor,
                successor,
            } => {
                self.check_party(s, d, *predecessor)?;
                let (pred, succ) = (*predecessor, *successor);
                let change = Change::Succeeded {
                    predecessor: pred,
                    successor: succ,
                };
                if pred == succ {
                    // Both under one code (COW gives the USSR and Russia 365): nothing moves.
                    self.push(d, change, rec);
                    return Ok(());
                }
                let merger = self.parties.contains(&succ)
                    && !self.later.contains(&succ)
                    && !self.departed.contains(&succ);
                if merger {
                    // The successor is a party already: the two places merge, and a
                    // state has no treaty with itself. The predecessor's place ends;
                    // an agreement left with one party ends by its extinction.
                    self.departed.insert(pred);
                    self.push(d, change, rec);
                    if self.active_parties().len() < 2 {
                        let ground = TerminationGround::Extinction { party: pred };
                        self.terminate(
                            d,
                            ground.clone(),
                            Change::Terminated { ground },
                            computed("the successor is the other party: no one is left to owe or be owed"),
                        );
                    }
                    return Ok(());
                }
                if self.parties.contains(&succ) {
                    // Listed as a party that joins later: it takes the predecessor's place.
                    self.parties.retain(|p| *p != pred);
                    self.later.remove(&succ);
                } else if let Some(pos) = self.parties.iter().position(|p| *p == pred) {
                    self.parties[pos] = succ;
                }
                for map in [&mut self.signed, &mut self.consented] {
                    if let Some(v) = map.remove(&pred) {
                        map.insert(succ, v);
                    }
                }
                if self.declined.remove(&pred) {
                    self.declined.insert(succ);
                }
                let swap = |c: Ccode| if c == pred { succ } else { c };
                self.suspended_pairs = std::mem::take(&mut self.suspended_pairs)
                    .into_iter()
                    .map(|(a, b)| (swap(a), b.map(swap)))
                    .collect();
                self.successors.insert(pred, succ);
                self.push(d, change, rec);
            }
            EventKind::PartyLeaves { party } => {
                self.check_party(s, d, *party)?;
                if !self.in_force() && self.status != Status::ProvisionallyApplied {
                    return Err(self.err(
                        s,
                        d,
                        Rule::NotInForce,
                        format!(
                            "a party leaves while {}",
                            self.status.describe(self.binding)
                        ),
                    ));
                }
                self.leave(d, *party, Change::PartyLeft { party: *party }, rec);
                // `leave` pushes PartyLeft twice for multilateral agreements; keep one.
                if let [.., a, b] = self.transitions.as_slice()
                    && a.change == b.change
                {
                    self.transitions.pop();
                    self.snapshots.pop();
                }
            }
            EventKind::Deposit { party, .. } => {
                if !self.binding {
                    return Err(self.err(
                        s,
                        d,
                        Rule::NonBindingHasNoConsent,
                        "the deposit of an instrument of consent to a non-binding instrument"
                            .into(),
                    ));
                }
                let who = match party {
                    Some(p) => {
                        self.check_party_field(s, d, *p)?;
                        vec![*p]
                    }
                    None => self.active_parties(),
                };
                for p in &who {
                    if let Some(prev) = self.deposited.get(p) {
                        return Err(self.err(
                            s,
                            d,
                            Rule::DepositWithoutConsent,
                            format!(
                                "field `party`: {}'s instrument was deposited already on {prev}",
                                p.label()
                            ),
                        ));
                    }
                    if !self.consented.contains_key(p) {
                        return Err(self.err(
                            s,
                            d,
                            Rule::DepositWithoutConsent,
                            format!(
                                "field `date`: {} deposits an instrument on {d} but has not consented by then (record its consent first)",
                                p.label()
                            ),
                        ));
                    }
                }
                for p in who {
                    self.deposited.insert(p, d);
                }
            }
            EventKind::Reservation { party, article, .. } => {
                self.check_party_field(s, d, *party)?;
                self.reservations.push((*party, article.clone()));
            }
            EventKind::Declaration { party, .. } => {
                self.check_party_field(s, d, *party)?;
            }
            EventKind::ReservationWithdrawal { party, article } => {
                self.check_party_field(s, d, *party)?;
                let found = self
                    .reservations
                    .iter()
                    .position(|(p, a)| p == party && (article.is_none() || a == article));
                match found {
                    Some(k) => {
                        self.reservations.remove(k);
                    }
                    None => {
                        return Err(self.err(
                            s,
                            d,
                            Rule::ReservationNotMade,
                            match article {
                                Some(a) => format!(
                                    "field `article`: {} has no reservation on article {} in force to withdraw",
                                    party.label(),
                                    crate::quote::quote(a)
                                ),
                                None => format!(
                                    "field `party`: {} has no reservation in force to withdraw",
                                    party.label()
                                ),
                            },
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// [`Machine::check_party`], its error naming the record's `party` field.
    fn check_party_field(
        &self,
        s: Subject,
        d: PartialDate,
        p: Ccode,
    ) -> Result<(), LifecycleError> {
        self.check_party(s, d, p).map_err(|mut e| {
            e.detail = format!("field `party`: {}", e.detail);
            e
        })
    }

    fn notice(&mut self, i: usize) -> Result<(), LifecycleError> {
        let n = &self.a.notices[i];
        let (d, s) = (n.sent, Subject::Notice { index: i });
        self.check_party(s, d, n.party)?;
        if !self.in_force() {
            return Err(self.err(
                s,
                d,
                Rule::NotInForce,
                format!("notice given while {}", self.status.describe(self.binding)),
            ));
        }
        if let Some(r) = n.received
            && r.certainly_before(d)
        {
            return Err(self.err(
                s,
                d,
                Rule::NoticeDatesOutOfOrder,
                format!("received {r}, before it was sent"),
            ));
        }
        if let Some(e) = n.declared_effective
            && e.certainly_before(d)
        {
            return Err(self.err(
                s,
                d,
                Rule::NoticeDatesOutOfOrder,
                format!("declared effective {e}, before it was sent"),
            ));
        }
        // Every notice already given, whatever its place in the record.
        let same_kind_pending = self.a.notices.iter().enumerate().any(|(j, other)| {
            j != i
                && self.notices[j].given
                && self.current(other.party) == self.current(n.party)
                && std::mem::discriminant(&other.kind) == std::mem::discriminant(&n.kind)
                && matches!(
                    self.notices[j].status,
                    NoticeStatus::Pending | NoticeStatus::Suspended
                )
        });
        if same_kind_pending {
            return Err(self.err(
                s,
                d,
                Rule::NoticeAlreadyPending,
                format!("{} has a notice of this kind pending", n.party.label()),
            ));
        }
        // The day a period runs from. A notice is received, and declared
        // effective, no earlier than it is sent: where partial dates overlap,
        // each bound is kept no earlier than the sending's.
        let runs_from = |rf: RunsFrom| {
            let base = match (n.declared_effective, rf) {
                (Some(e), _) => e,
                (None, RunsFrom::Receipt) => n.received.unwrap_or(n.sent),
                (None, RunsFrom::Sending) => n.sent,
            };
            base.max(n.sent)
        };
        let effect: Option<PartialDate> = match &n.kind {
            NoticeKind::Withdrawal => match &self.a.clauses.withdrawal {
                // Art 56(2): at least twelve months' notice; a notification is made
                // when the other party receives it (art 78(b)). A non-binding
                // instrument is outside the law of treaties: a participant may
                // discontinue it on notice.
                Withdrawal::Silent if !self.binding => Some(runs_from(RunsFrom::Receipt)),
                Withdrawal::Silent => runs_from(RunsFrom::Receipt).plus(Period::months(12)).ok(),
                Withdrawal::OnNotice {
                    period,
                    runs_from: rf,
                    takes_effect,
                    not_before,
                } => {
                    if let (Some(nb), Some(entered)) = (not_before, self.entered)
                        && let Ok(opens) = entered.plus(*nb)
                        && d.certainly_before(opens)
                    {
                        return Err(self.err(
                            s,
                            d,
                            Rule::NoticeTooEarly,
                            format!("notice may be given from {opens}"),
                        ));
                    }
                    let base = runs_from(*rf);
                    let after = period.map_or(Some(base), |p| base.plus(p).ok());
                    match (takes_effect, after) {
                        (_, None) => None,
                        (TakesEffect::AfterPeriod, Some(a)) if period.is_some() => Some(a),
                        (TakesEffect::AfterPeriod, Some(_)) => None,
                        (TakesEffect::FirstDayOfNextMonth, Some(a)) => a.first_of_next_month().ok(),
                        // With no term running (the initial term over, the treaty
                        // continuing until notice) there is no end of term to wait
                        // for: the notice takes effect when the period has run.
                        (TakesEffect::EndOfTerm, Some(a)) if self.term_end.is_none() => Some(a),
                        // Past the initial term of a treaty that then continues
                        // until notice there is no end of term to wait for either.
                        (TakesEffect::EndOfTerm, Some(a)) => {
                            self.term_end_on_or_after(a).or_else(|| {
                                (self.a.clauses.after_term == AfterTerm::ContinuesUntilNotice)
                                    .then_some(a)
                            })
                        }
                    }
                }
                Withdrawal::Conditional { .. } => Some(n.declared_effective.unwrap_or(n.sent)),
                Withdrawal::ConsentOnly => {
                    return Err(self.err(
                        s,
                        d,
                        Rule::WithdrawalByConsentOnly,
                        "a unilateral notice of withdrawal".into(),
                    ));
                }
                // Withdrawal is excluded during the term (and for ever, if the treaty
                // has none). A treaty that continues after its term without a usable
                // clause falls under art 56.
                Withdrawal::Prohibited
                    if self.term_end.is_some() || self.a.clauses.initial_term.is_none() =>
                {
                    return Err(self.err(
                        s,
                        d,
                        Rule::WithdrawalExcluded,
                        match self.term_end {
                            Some(end) => {
                                format!("a notice of withdrawal during the term (ends {end})")
                            }
                            None => "a notice of withdrawal".into(),
                        },
                    ));
                }
                Withdrawal::Prohibited => {
                    runs_from(RunsFrom::Receipt).plus(Period::months(12)).ok()
                }
            },
            NoticeKind::NonRenewal => {
                let AfterTerm::TacitRenewal { notice: lead, .. } = &self.a.clauses.after_term
                else {
                    return Err(self.err(
                        s,
                        d,
                        Rule::NoTacitRenewal,
                        "the agreement does not renew tacitly".into(),
                    ));
                };
                if self.term_end.is_none() {
                    return Err(self.err(s, d, Rule::NoTacitRenewal, "no term is running".into()));
                }
                // The end of the first term whose deadline the notice meets; a
                // notice too late for one term speaks to the next.
                let base = runs_from(RunsFrom::Sending);
                let lead = lead.unwrap_or_default();
                match base.plus(lead).and_then(PartialDate::next_day) {
                    Ok(floor) => {
                        self.first_term_end(base, floor, |end| non_renewal_deadline(end, lead))
                    }
                    Err(_) => None,
                }
            }
            // Art 65(2): not less than three months after receipt.
            NoticeKind::Invocation { .. } => {
                runs_from(RunsFrom::Receipt).plus(Period::months(3)).ok()
            }
        };
        // A notice never takes effect before it is given.
        let effect = effect.map(|e| e.max(d));
        let st = &mut self.notices[i];
        st.given = true;
        st.status = NoticeStatus::Pending;
        st.effect = effect;
        st.changes.push((d, NoticeStatus::Pending));
        self.push(
            d,
            Change::NoticeGiven {
                notice: i,
                party: n.party,
                effect,
            },
            Basis::Recorded { subject: s },
        );
        if let (NoticeKind::Invocation { .. }, Some(e)) = (&n.kind, effect) {
            self.upcoming.push(Upcoming {
                date: Some(e),
                kind: UpcomingKind::ObjectionDeadline { notice: i },
                basis: "VCLT art 65(2): the other party may object within three months; after that, absent objection, the invoking party may act".into(),
            });
        }
        Ok(())
    }

    /// The length of each tacit renewal, if the agreement renews tacitly.
    /// (The renewal period, else the initial term, else a year for a term set by an amendment.)
    fn renewal_step(&self) -> Option<Period> {
        match &self.a.clauses.after_term {
            AfterTerm::TacitRenewal { period, .. } => Some(
                period
                    .or(self.a.clauses.initial_term)
                    .unwrap_or(Period::years(1)),
            ),
            _ => None,
        }
    }

    /// The first end of term on or after `date`, renewing tacitly as the clause says.
    fn term_end_on_or_after(&self, date: PartialDate) -> Option<PartialDate> {
        self.first_term_end(date, date, Some)
    }

    /// The first end of term, from the current one on (renewing tacitly as the
    /// clause says), whose reference day (`reference`: the end itself, or its
    /// notice deadline) falls on or after `threshold`; never before `floor`.
    ///
    /// With exact dates, that end. With partial dates, the window from the first
    /// end that may qualify to the first that certainly does: a bound, not an
    /// invented day.
    /// A recorded expiry on the day a tacit renewal was computed means a notice of
    /// non-renewal was given but not recorded: the expiry stands and the renewal goes.
    fn undo_same_day_renewal(&mut self, d: PartialDate) {
        let Some(t) = self.transitions.last() else {
            return;
        };
        if let Change::Renewed { until, tacit: true } = t.change
            && overlaps(t.date, d)
        {
            let end = t.date;
            self.transitions.pop();
            self.snapshots.pop();
            self.term_end = Some(end);
            self.upcoming.retain(|u| {
                !matches!(u.kind, UpcomingKind::NonRenewalDeadline { renewal } if renewal == until)
            });
        }
    }

    fn first_term_end(
        &self,
        threshold: PartialDate,
        floor: PartialDate,
        reference: impl Fn(PartialDate) -> Option<PartialDate>,
    ) -> Option<PartialDate> {
        let step = self.renewal_step();
        let mut end = self.term_end?;
        let mut first: Option<PartialDate> = None;
        // Ends come at least a day apart; this covers any calendar.
        for _ in 0..8_000_000 {
            let r = reference(end)?;
            if first.is_none() && r.latest() >= threshold.earliest() {
                first = Some(end);
            }
            if r.earliest() >= threshold.latest() {
                let from = first.unwrap_or(end).earliest().max(floor.earliest());
                return PartialDate::between(from, end.latest().max(from)).ok();
            }
            end = end.plus(step?).ok()?;
        }
        None
    }

    fn step(&mut self, i: usize, j: usize) -> Result<(), LifecycleError> {
        let n = &self.a.notices[i];
        let step = &n.steps[j];
        let s = Subject::NoticeStep { notice: i, step: j };
        if step.date.certainly_before(n.sent) {
            return Err(self.err(
                s,
                step.date,
                Rule::NoticeDatesOutOfOrder,
                format!("a step dated before the notice was sent ({})", n.sent),
            ));
        }
        // A step comes no earlier than its notice: a revocation known only to the
        // year of a notice sent in August happened from August on.
        let d = step.date.max(n.sent);
        if !self.notices[i].given {
            return Err(self.err(
                s,
                d,
                Rule::NoticeDatesOutOfOrder,
                format!("a step of a notice not yet given (sent {})", n.sent),
            ));
        }
        let current = self.notices[i].status;
        let invocation = matches!(n.kind, NoticeKind::Invocation { .. });
        let next = match (step.action, current) {
            (
                NoticeAction::Revoke,
                NoticeStatus::Pending | NoticeStatus::Suspended | NoticeStatus::Disputed,
            ) => NoticeStatus::Revoked,
            (NoticeAction::Revoke, NoticeStatus::Effective) => {
                return Err(self.err(
                    s,
                    d,
                    Rule::RevocationAfterEffect,
                    format!(
                        "the notice took effect {}",
                        self.notices[i]
                            .effect
                            .map(|e| e.to_string())
                            .unwrap_or_default()
                    ),
                ));
            }
            (NoticeAction::Suspend, NoticeStatus::Pending) => NoticeStatus::Suspended,
            (NoticeAction::Resume, NoticeStatus::Suspended) => {
                // A resumed notice takes effect on its date, or at once if that has
                // passed; a notice of non-renewal whose term renewed meanwhile speaks
                // to the end of the current term.
                if let Some(e) = self.notices[i].effect {
                    let passed = e.earliest() < d.earliest();
                    self.notices[i].effect = match n.kind {
                        NoticeKind::NonRenewal if passed => self.term_end_on_or_after(d),
                        _ => Some(e.max(d)),
                    }
                    .map(|e| e.max(d));
                }
                NoticeStatus::Pending
            }
            (NoticeAction::Objection, NoticeStatus::Effective) if invocation => {
                return Err(self.err(
                    s,
                    d,
                    Rule::ObjectionOutOfTime,
                    format!(
                        "the invocation took effect {}, no objection having been raised",
                        self.notices[i]
                            .effect
                            .map(|e| e.to_string())
                            .unwrap_or_default()
                    ),
                ));
            }
            (NoticeAction::Objection, NoticeStatus::Pending) => {
                if !invocation {
                    return Err(self.err(
                        s,
                        d,
                        Rule::ObjectionWithoutInvocation,
                        "an objection to a notice of withdrawal".into(),
                    ));
                }
                self.notices[i].objected = Some(d);
                if let Ok(c) = d.plus(Period::months(12)) {
                    self.upcoming.push(Upcoming {
                        date: Some(c),
                        kind: UpcomingKind::ConciliationAvailable { notice: i },
                        basis: "VCLT art 66: twelve months after an objection without a solution, conciliation becomes available".into(),
                    });
                }
                NoticeStatus::Disputed
            }
            (action, status) => {
                return Err(self.err(
                    s,
                    d,
                    Rule::NoticeNotPending,
                    format!("{action:?} of a notice that is {status:?}"),
                ));
            }
        };
        self.notices[i].status = next;
        self.notices[i].changes.push((d, next));
        if matches!(next, NoticeStatus::Revoked | NoticeStatus::Disputed) {
            // No longer a window to object in: the invocation will not take effect.
            self.upcoming.retain(
                |u| !matches!(&u.kind, UpcomingKind::ObjectionDeadline { notice } if *notice == i),
            );
        }
        self.push(
            d,
            Change::NoticeStep {
                notice: i,
                action: step.action,
            },
            Basis::Recorded { subject: s },
        );
        Ok(())
    }
}

/// True if a recorded ground confirms a computed one: the same ground, by the same
/// party (a supersession recorded without its successor agreement confirms one with).
fn same_ground(recorded: &TerminationGround, computed: &TerminationGround) -> bool {
    match (recorded, computed) {
        (TerminationGround::Supersession { by: a }, TerminationGround::Supersession { by: b }) => {
            a.is_none() || b.is_none() || a == b
        }
        (
            TerminationGround::Invocation { party: a, .. },
            TerminationGround::Invocation { party: b, .. },
        ) => a == b,
        (a, b) => a == b,
    }
}

/// The last day to give notice against the renewal at `end` (the first day of
/// the next term): the term's last day minus the notice period. "Ninety days
/// before expiry" of a term ending with 22 November is 24 August, as Japan and
/// South Korea read their GSOMIA in 2019.
fn non_renewal_deadline(end: PartialDate, lead: Period) -> Option<PartialDate> {
    end.minus(Period::days(1)).ok()?.minus(lead).ok()
}

fn overlaps(a: PartialDate, b: PartialDate) -> bool {
    a.earliest() <= b.latest() && b.earliest() <= a.latest()
}

fn kind_name(k: &EventKind) -> &'static str {
    match k {
        EventKind::Signature { .. } => "signature",
        EventKind::DomesticApproval { .. } => "domestic approval",
        EventKind::Consent { .. } => "consent to be bound",
        EventKind::ExchangeOfInstruments => "exchange of instruments",
        EventKind::EntryIntoForce => "entry into force",
        EventKind::ProvisionalApplication { .. } => "provisional application",
        EventKind::ProvisionalApplicationEnd { .. } => "end of provisional application",
        EventKind::DeclinesToBecomeParty { .. } => "declining to become a party",
        EventKind::Amendment { .. } => "amendment",
        EventKind::Renewal { .. } => "renewal",
        EventKind::Suspension { .. } => "suspension",
        EventKind::SuspensionEnd { .. } => "end of suspension",
        EventKind::Termination { .. } => "termination",
        EventKind::Succession { .. } => "succession",
        EventKind::PartyLeaves { .. } => "a party leaving",
        EventKind::Deposit { .. } => "deposit of an instrument",
        EventKind::Reservation { .. } => "reservation",
        EventKind::Declaration { .. } => "declaration",
        EventKind::ReservationWithdrawal { .. } => "withdrawal of a reservation",
    }
}

/// When a notice of withdrawal by `party`, sent on `date`, would take effect: the
/// question "how soon could this commitment end?". `Ok(None)` when the clause gives
/// no computable date; an error when the law or the clause does not allow the notice
/// on that date (the treaty not in force, consent only, too early).
pub fn withdrawal_if_notified(
    agreement: &Agreement,
    party: Ccode,
    date: Date,
) -> Result<Option<PartialDate>, LifecycleError> {
    let mut a = agreement.clone();
    a.notices.push(crate::agreement::Notice {
        party,
        kind: NoticeKind::Withdrawal,
        sent: PartialDate::day(date),
        received: None,
        declared_effective: None,
        clause: None,
        steps: Vec::new(),
        note: None,
        provenance: None,
    });
    let index = a.notices.len() - 1;
    let h = History::replay(&a, date)?;
    Ok(h.transitions()
        .iter()
        .find_map(|t| match &t.change {
            Change::NoticeGiven { notice, effect, .. } if *notice == index => Some(*effect),
            _ => None,
        })
        .flatten())
}

#[cfg(test)]
mod withdrawal_tests {
    use super::*;

    #[test]
    fn a_hypothetical_notice_takes_the_clause_period() {
        let a: Agreement = serde_json::from_str(
            r#"{"id":"t","title":"T","parties":[{"state":2},{"state":740}],
            "clauses":{"withdrawal":{"rule":"on_notice","period":"P1Y"}},
            "events":[{"date":"1960-01-19","kind":"signature"},{"date":"1960-06-23","kind":"entry_into_force"}],
            "provenance":{"source":"t"}}"#,
        )
        .unwrap();
        let d = jiff::civil::date(2026, 11, 28);
        assert_eq!(
            withdrawal_if_notified(&a, Ccode(2), d).unwrap(),
            Some(PartialDate::day(jiff::civil::date(2027, 11, 28)))
        );
        let before = jiff::civil::date(1959, 1, 1);
        assert_eq!(
            withdrawal_if_notified(&a, Ccode(2), before)
                .unwrap_err()
                .rule,
            Rule::NotInForce
        );
    }
}
