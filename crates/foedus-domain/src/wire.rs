//! The flat record shapes of [`Event`] and [`Notice`].
//!
//! A record writes an event as one table (`{ date = "1960-06-23", kind =
//! "consent", party = "JPN", means = "ratification" }`) rather than nesting
//! its kind, which reads better by hand in TOML and JSON alike. Serde cannot
//! combine a flattened enum with `deny_unknown_fields`, so these structs carry
//! every field once and the conversion checks that each kind gets exactly the
//! fields it takes, naming any field that does not apply.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::agreement::{
    AgreementId, ConsentMeans, Event, EventKind, InvocationGround, Notice, NoticeKind, NoticeStep,
    TerminationGround,
};
use crate::date::{PartialDate, Period};
use crate::provenance::{Claim, Provenance};
use crate::state::Ccode;

/// The kinds of event, as records name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKindName {
    /// See [`EventKind::Signature`].
    Signature,
    /// See [`EventKind::DomesticApproval`].
    DomesticApproval,
    /// See [`EventKind::Consent`].
    Consent,
    /// See [`EventKind::ExchangeOfInstruments`].
    ExchangeOfInstruments,
    /// See [`EventKind::EntryIntoForce`].
    EntryIntoForce,
    /// See [`EventKind::ProvisionalApplication`].
    ProvisionalApplication,
    /// See [`EventKind::ProvisionalApplicationEnd`].
    ProvisionalApplicationEnd,
    /// See [`EventKind::DeclinesToBecomeParty`].
    DeclinesToBecomeParty,
    /// See [`EventKind::Amendment`].
    Amendment,
    /// See [`EventKind::Renewal`].
    Renewal,
    /// See [`EventKind::Suspension`].
    Suspension,
    /// See [`EventKind::SuspensionEnd`].
    SuspensionEnd,
    /// See [`EventKind::Termination`].
    Termination,
    /// See [`EventKind::Succession`].
    Succession,
    /// See [`EventKind::PartyLeaves`].
    PartyLeaves,
    /// See [`EventKind::Deposit`].
    Deposit,
    /// See [`EventKind::Reservation`].
    Reservation,
    /// See [`EventKind::Declaration`].
    Declaration,
    /// See [`EventKind::ReservationWithdrawal`].
    ReservationWithdrawal,
}

/// The grounds of termination, as records name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GroundName {
    /// See [`TerminationGround::Consent`].
    Consent,
    /// See [`TerminationGround::Expiry`].
    Expiry,
    /// See [`TerminationGround::Supersession`].
    Supersession,
    /// See [`TerminationGround::Extinction`].
    Extinction,
    /// See [`TerminationGround::Withdrawal`].
    Withdrawal,
    /// See [`TerminationGround::Invocation`].
    Invocation,
    /// See [`TerminationGround::Fulfilled`].
    Fulfilled,
    /// See [`TerminationGround::Violation`].
    Violation,
    /// See [`TerminationGround::Unstated`].
    Unstated,
}

/// An event as a flat record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Event")]
pub struct EventRecord {
    /// When, with its precision.
    pub date: Option<PartialDate>,
    /// What happened.
    pub kind: Option<EventKindName>,
    /// The state acting (signature, consent, domestic approval, suspension, ...);
    /// for a termination by withdrawal, extinction or invocation, the state concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<Ccode>,
    /// For a suspension between two parties: toward whom.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toward: Option<Ccode>,
    /// For a consent: ratification, acceptance, approval, accession, signature, exchange_of_instruments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub means: Option<ConsentMeans>,
    /// For a domestic approval: the body (Senate, Diet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// For an amendment: what it changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// For an amendment: a new term running from its date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_term: Option<Period>,
    /// For a renewal: the new end of term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<PartialDate>,
    /// For a termination: why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ground: Option<GroundName>,
    /// For a termination by supersession: the later agreement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<AgreementId>,
    /// For a termination by invocation: the ground invoked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<InvocationGround>,
    /// For a succession: the state that ceased to exist.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predecessor: Option<Ccode>,
    /// For a succession: the state continuing its agreements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successor: Option<Ccode>,
    /// For a deposit: with whom the instrument was deposited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depositary: Option<String>,
    /// For a reservation or declaration: its text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// For a reservation, declaration or withdrawal of a reservation: the article concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// Other sources' dates for the same event.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_claims: Vec<Claim<PartialDate>>,
    /// Why `date` was chosen over the other claims.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where it comes from, if not the agreement's own source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
}

/// Fields an event or notice record may carry beyond `date`/`kind` and the common ones.
const EVENT_FIELDS: [&str; 15] = [
    "party",
    "toward",
    "means",
    "body",
    "summary",
    "new_term",
    "until",
    "ground",
    "by",
    "reason",
    "predecessor",
    "successor",
    "depositary",
    "text",
    "article",
];

impl EventRecord {
    fn present(&self) -> [bool; 15] {
        [
            self.party.is_some(),
            self.toward.is_some(),
            self.means.is_some(),
            self.body.is_some(),
            self.summary.is_some(),
            self.new_term.is_some(),
            self.until.is_some(),
            self.ground.is_some(),
            self.by.is_some(),
            self.reason.is_some(),
            self.predecessor.is_some(),
            self.successor.is_some(),
            self.depositary.is_some(),
            self.text.is_some(),
            self.article.is_some(),
        ]
    }
}

/// A text field as given, or an error naming it when it is empty or only spaces.
fn non_empty(v: Option<String>, field: &str) -> Result<Option<String>, String> {
    match v {
        Some(t) if t.trim().is_empty() => Err(format!(
            "field `{field}` is empty: expected text, or leave the field out"
        )),
        v => Ok(v),
    }
}

fn missing(field: &str, kind: &str) -> String {
    format!("missing field `{field}`: an event of kind `{kind}` needs it")
}

impl TryFrom<EventRecord> for Event {
    type Error = String;

    fn try_from(r: EventRecord) -> Result<Event, String> {
        let date = r.date.ok_or("missing field `date`")?;
        let name = r.kind.ok_or("missing field `kind`")?;
        let kind_str = name.name();
        let need = |v: Option<Ccode>, f: &str| v.ok_or_else(|| missing(f, kind_str));
        use EventKindName as N;
        let (kind, allowed): (EventKind, &[&str]) = match name {
            N::Signature => (EventKind::Signature { party: r.party }, &["party"]),
            N::DomesticApproval => (
                EventKind::DomesticApproval {
                    party: need(r.party, "party")?,
                    body: r.body.clone(),
                },
                &["party", "body"],
            ),
            N::Consent => (
                EventKind::Consent {
                    party: r.party,
                    means: r.means.ok_or_else(|| missing("means", kind_str))?,
                },
                &["party", "means"],
            ),
            N::ExchangeOfInstruments => (EventKind::ExchangeOfInstruments, &[]),
            N::EntryIntoForce => (EventKind::EntryIntoForce, &[]),
            N::ProvisionalApplication => (
                EventKind::ProvisionalApplication { party: r.party },
                &["party"],
            ),
            N::ProvisionalApplicationEnd => (
                EventKind::ProvisionalApplicationEnd { party: r.party },
                &["party"],
            ),
            N::DeclinesToBecomeParty => (
                EventKind::DeclinesToBecomeParty {
                    party: need(r.party, "party")?,
                },
                &["party"],
            ),
            N::Amendment => (
                EventKind::Amendment {
                    summary: r
                        .summary
                        .clone()
                        .ok_or_else(|| missing("summary", kind_str))?,
                    new_term: r.new_term,
                },
                &["summary", "new_term"],
            ),
            N::Renewal => (EventKind::Renewal { until: r.until }, &["until"]),
            N::Suspension => (
                EventKind::Suspension {
                    party: r.party,
                    toward: r.toward,
                },
                &["party", "toward"],
            ),
            N::SuspensionEnd => (
                EventKind::SuspensionEnd {
                    party: r.party,
                    toward: r.toward,
                },
                &["party", "toward"],
            ),
            N::Termination => {
                let ground_name = r.ground.ok_or_else(|| missing("ground", kind_str))?;
                let g = ground_name.name();
                let party = |f: &str| {
                    r.party.ok_or_else(|| {
                        format!("missing field `{f}`: a termination on ground `{g}` needs it")
                    })
                };
                let (ground, allowed): (TerminationGround, &[&str]) = match ground_name {
                    GroundName::Consent => (TerminationGround::Consent, &["ground"]),
                    GroundName::Expiry => (TerminationGround::Expiry, &["ground"]),
                    GroundName::Supersession => (
                        TerminationGround::Supersession { by: r.by.clone() },
                        &["ground", "by"],
                    ),
                    GroundName::Extinction => (
                        TerminationGround::Extinction {
                            party: party("party")?,
                        },
                        &["ground", "party"],
                    ),
                    GroundName::Withdrawal => (
                        TerminationGround::Withdrawal {
                            party: party("party")?,
                        },
                        &["ground", "party"],
                    ),
                    GroundName::Invocation => (
                        TerminationGround::Invocation {
                            party: party("party")?,
                            reason: r.reason.ok_or_else(|| {
                                format!(
                                    "missing field `reason`: a termination on ground `{g}` needs it"
                                )
                            })?,
                        },
                        &["ground", "party", "reason"],
                    ),
                    GroundName::Fulfilled => (TerminationGround::Fulfilled, &["ground"]),
                    GroundName::Violation => (TerminationGround::Violation, &["ground"]),
                    GroundName::Unstated => (TerminationGround::Unstated, &["ground"]),
                };
                (EventKind::Termination { ground }, allowed)
            }
            N::Succession => (
                EventKind::Succession {
                    predecessor: need(r.predecessor, "predecessor")?,
                    successor: need(r.successor, "successor")?,
                },
                &["predecessor", "successor"],
            ),
            N::PartyLeaves => (
                EventKind::PartyLeaves {
                    party: need(r.party, "party")?,
                },
                &["party"],
            ),
            N::Deposit => (
                EventKind::Deposit {
                    party: r.party,
                    depositary: non_empty(r.depositary.clone(), "depositary")?,
                },
                &["party", "depositary"],
            ),
            N::Reservation | N::Declaration => {
                let party = need(r.party, "party")?;
                let text =
                    non_empty(r.text.clone(), "text")?.ok_or_else(|| missing("text", kind_str))?;
                let article = non_empty(r.article.clone(), "article")?;
                let kind = if name == N::Reservation {
                    EventKind::Reservation {
                        party,
                        text,
                        article,
                    }
                } else {
                    EventKind::Declaration {
                        party,
                        text,
                        article,
                    }
                };
                (kind, &["party", "text", "article"])
            }
            N::ReservationWithdrawal => (
                EventKind::ReservationWithdrawal {
                    party: need(r.party, "party")?,
                    article: non_empty(r.article.clone(), "article")?,
                },
                &["party", "article"],
            ),
        };
        for (field, present) in EVENT_FIELDS.iter().zip(r.present()) {
            if present && !allowed.contains(field) {
                return Err(format!(
                    "field `{field}` does not apply to an event of kind `{kind_str}` (it takes: {})",
                    if allowed.is_empty() {
                        "no other fields".to_string()
                    } else {
                        allowed.join(", ")
                    }
                ));
            }
        }
        Ok(Event {
            date,
            kind,
            other_claims: r.other_claims,
            resolution: r.resolution,
            note: r.note,
            provenance: r.provenance,
        })
    }
}

impl EventKindName {
    /// The name records give `kind`.
    pub fn of(kind: &EventKind) -> EventKindName {
        use EventKind as K;
        use EventKindName as N;
        match kind {
            K::Signature { .. } => N::Signature,
            K::DomesticApproval { .. } => N::DomesticApproval,
            K::Consent { .. } => N::Consent,
            K::ExchangeOfInstruments => N::ExchangeOfInstruments,
            K::EntryIntoForce => N::EntryIntoForce,
            K::ProvisionalApplication { .. } => N::ProvisionalApplication,
            K::ProvisionalApplicationEnd { .. } => N::ProvisionalApplicationEnd,
            K::DeclinesToBecomeParty { .. } => N::DeclinesToBecomeParty,
            K::Amendment { .. } => N::Amendment,
            K::Renewal { .. } => N::Renewal,
            K::Suspension { .. } => N::Suspension,
            K::SuspensionEnd { .. } => N::SuspensionEnd,
            K::Termination { .. } => N::Termination,
            K::Succession { .. } => N::Succession,
            K::PartyLeaves { .. } => N::PartyLeaves,
            K::Deposit { .. } => N::Deposit,
            K::Reservation { .. } => N::Reservation,
            K::Declaration { .. } => N::Declaration,
            K::ReservationWithdrawal { .. } => N::ReservationWithdrawal,
        }
    }
}

impl From<Event> for EventRecord {
    fn from(e: Event) -> EventRecord {
        use EventKindName as N;
        let mut r = EventRecord {
            date: Some(e.date),
            other_claims: e.other_claims,
            resolution: e.resolution,
            note: e.note,
            provenance: e.provenance,
            ..EventRecord::default()
        };
        let name = match e.kind {
            EventKind::Signature { party } => {
                r.party = party;
                N::Signature
            }
            EventKind::DomesticApproval { party, body } => {
                r.party = Some(party);
                r.body = body;
                N::DomesticApproval
            }
            EventKind::Consent { party, means } => {
                r.party = party;
                r.means = Some(means);
                N::Consent
            }
            EventKind::ExchangeOfInstruments => N::ExchangeOfInstruments,
            EventKind::EntryIntoForce => N::EntryIntoForce,
            EventKind::ProvisionalApplication { party } => {
                r.party = party;
                N::ProvisionalApplication
            }
            EventKind::ProvisionalApplicationEnd { party } => {
                r.party = party;
                N::ProvisionalApplicationEnd
            }
            EventKind::DeclinesToBecomeParty { party } => {
                r.party = Some(party);
                N::DeclinesToBecomeParty
            }
            EventKind::Amendment { summary, new_term } => {
                r.summary = Some(summary);
                r.new_term = new_term;
                N::Amendment
            }
            EventKind::Renewal { until } => {
                r.until = until;
                N::Renewal
            }
            EventKind::Suspension { party, toward } => {
                r.party = party;
                r.toward = toward;
                N::Suspension
            }
            EventKind::SuspensionEnd { party, toward } => {
                r.party = party;
                r.toward = toward;
                N::SuspensionEnd
            }
            EventKind::Termination { ground } => {
                r.ground = Some(match ground {
                    TerminationGround::Consent => GroundName::Consent,
                    TerminationGround::Expiry => GroundName::Expiry,
                    TerminationGround::Supersession { by } => {
                        r.by = by;
                        GroundName::Supersession
                    }
                    TerminationGround::Extinction { party } => {
                        r.party = Some(party);
                        GroundName::Extinction
                    }
                    TerminationGround::Withdrawal { party } => {
                        r.party = Some(party);
                        GroundName::Withdrawal
                    }
                    TerminationGround::Invocation { party, reason } => {
                        r.party = Some(party);
                        r.reason = Some(reason);
                        GroundName::Invocation
                    }
                    TerminationGround::Fulfilled => GroundName::Fulfilled,
                    TerminationGround::Violation => GroundName::Violation,
                    TerminationGround::Unstated => GroundName::Unstated,
                });
                N::Termination
            }
            EventKind::Succession {
                predecessor,
                successor,
            } => {
                r.predecessor = Some(predecessor);
                r.successor = Some(successor);
                N::Succession
            }
            EventKind::PartyLeaves { party } => {
                r.party = Some(party);
                N::PartyLeaves
            }
            EventKind::Deposit { party, depositary } => {
                r.party = party;
                r.depositary = depositary;
                N::Deposit
            }
            EventKind::Reservation {
                party,
                text,
                article,
            } => {
                r.party = Some(party);
                r.text = Some(text);
                r.article = article;
                N::Reservation
            }
            EventKind::Declaration {
                party,
                text,
                article,
            } => {
                r.party = Some(party);
                r.text = Some(text);
                r.article = article;
                N::Declaration
            }
            EventKind::ReservationWithdrawal { party, article } => {
                r.party = Some(party);
                r.article = article;
                N::ReservationWithdrawal
            }
        };
        r.kind = Some(name);
        r
    }
}

/// The kinds of notice, as records name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKindName {
    /// See [`NoticeKind::Withdrawal`].
    Withdrawal,
    /// See [`NoticeKind::NonRenewal`].
    NonRenewal,
    /// See [`NoticeKind::Invocation`].
    Invocation,
}

/// A notice as a flat record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Notice")]
pub struct NoticeRecord {
    /// Who gives notice.
    pub party: Ccode,
    /// What it seeks.
    pub kind: NoticeKindName,
    /// For an invocation: the ground (material_breach, impossibility, changed_circumstances).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<InvocationGround>,
    /// For an invocation: it seeks suspension rather than termination.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub suspension_only: bool,
    /// When it was sent.
    pub sent: PartialDate,
    /// When the other party received it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received: Option<PartialDate>,
    /// A date the notifying state declares the notice effective from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_effective: Option<PartialDate>,
    /// The clause it relies on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// What happened to it afterwards.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<NoticeStep>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
}

impl TryFrom<NoticeRecord> for Notice {
    type Error = String;

    fn try_from(r: NoticeRecord) -> Result<Notice, String> {
        let kind = match r.kind {
            NoticeKindName::Invocation => NoticeKind::Invocation {
                reason: r
                    .reason
                    .ok_or("missing field `reason`: an invocation names its ground")?,
                suspension_only: r.suspension_only,
            },
            other => {
                if r.reason.is_some() || r.suspension_only {
                    return Err(format!(
                        "fields `reason` and `suspension_only` apply only to a notice of kind `invocation`, not `{}`",
                        other.name()
                    ));
                }
                if other == NoticeKindName::Withdrawal {
                    NoticeKind::Withdrawal
                } else {
                    NoticeKind::NonRenewal
                }
            }
        };
        Ok(Notice {
            party: r.party,
            kind,
            sent: r.sent,
            received: r.received,
            declared_effective: r.declared_effective,
            clause: r.clause,
            steps: r.steps,
            note: r.note,
            provenance: r.provenance,
        })
    }
}

impl From<Notice> for NoticeRecord {
    fn from(n: Notice) -> NoticeRecord {
        let (kind, reason, suspension_only) = match n.kind {
            NoticeKind::Withdrawal => (NoticeKindName::Withdrawal, None, false),
            NoticeKind::NonRenewal => (NoticeKindName::NonRenewal, None, false),
            NoticeKind::Invocation {
                reason,
                suspension_only,
            } => (NoticeKindName::Invocation, Some(reason), suspension_only),
        };
        NoticeRecord {
            party: n.party,
            kind,
            reason,
            suspension_only,
            sent: n.sent,
            received: n.received,
            declared_effective: n.declared_effective,
            clause: n.clause,
            steps: n.steps,
            note: n.note,
            provenance: n.provenance,
        }
    }
}

/// Gives each record enum its snake_case names, as serde writes them.
macro_rules! names {
    ($ty:ident { $($v:ident => $s:literal),* $(,)? }) => {
        impl $ty {
            /// The name records use.
            pub fn name(self) -> &'static str {
                match self { $($ty::$v => $s),* }
            }
        }
    };
}

names!(EventKindName {
    Signature => "signature",
    DomesticApproval => "domestic_approval",
    Consent => "consent",
    ExchangeOfInstruments => "exchange_of_instruments",
    EntryIntoForce => "entry_into_force",
    ProvisionalApplication => "provisional_application",
    ProvisionalApplicationEnd => "provisional_application_end",
    DeclinesToBecomeParty => "declines_to_become_party",
    Amendment => "amendment",
    Renewal => "renewal",
    Suspension => "suspension",
    SuspensionEnd => "suspension_end",
    Termination => "termination",
    Succession => "succession",
    PartyLeaves => "party_leaves",
    Deposit => "deposit",
    Reservation => "reservation",
    Declaration => "declaration",
    ReservationWithdrawal => "reservation_withdrawal",
});

names!(GroundName {
    Consent => "consent",
    Expiry => "expiry",
    Supersession => "supersession",
    Extinction => "extinction",
    Withdrawal => "withdrawal",
    Invocation => "invocation",
    Fulfilled => "fulfilled",
    Violation => "violation",
    Unstated => "unstated",
});

names!(NoticeKindName {
    Withdrawal => "withdrawal",
    NonRenewal => "non_renewal",
    Invocation => "invocation",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_agree_with_serde() {
        for n in [
            EventKindName::Signature,
            EventKindName::PartyLeaves,
            EventKindName::ProvisionalApplicationEnd,
        ] {
            assert_eq!(serde_json::to_value(n).unwrap(), n.name());
        }
        assert_eq!(
            serde_json::to_value(GroundName::Supersession).unwrap(),
            "supersession"
        );
        assert_eq!(
            serde_json::to_value(NoticeKindName::NonRenewal).unwrap(),
            "non_renewal"
        );
    }

    #[test]
    fn a_field_that_does_not_apply_is_named() {
        let e: Result<Event, _> =
            serde_json::from_str(r#"{"date":"1960","kind":"signature","means":"ratification"}"#);
        let msg = e.unwrap_err().to_string();
        assert!(
            msg.contains("`means` does not apply to an event of kind `signature`"),
            "{msg}"
        );
    }

    #[test]
    fn reservations_and_deposits_round_trip_and_name_their_fields() {
        for text in [
            r#"{"date":"1960-06-23","kind":"reservation","party":740,"text":"Art. VI shall not apply.","article":"VI"}"#,
            r#"{"date":"1960-06-23","kind":"declaration","party":2,"text":"Understood as ..."}"#,
            r#"{"date":"1961","kind":"reservation_withdrawal","party":740,"article":"VI"}"#,
            r#"{"date":"1960-06-23","kind":"deposit","party":2,"depositary":"Government of Japan"}"#,
        ] {
            let e: Event = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&e).unwrap(), text);
        }
        let no_text: Result<Event, _> =
            serde_json::from_str(r#"{"date":"1960","kind":"reservation","party":2}"#);
        let msg = no_text.unwrap_err().to_string();
        assert!(msg.contains("missing field `text`"), "{msg}");
        let blank: Result<Event, _> =
            serde_json::from_str(r#"{"date":"1960","kind":"declaration","party":2,"text":"  "}"#);
        let msg = blank.unwrap_err().to_string();
        assert!(msg.contains("field `text` is empty"), "{msg}");
        let stray: Result<Event, _> =
            serde_json::from_str(r#"{"date":"1960","kind":"deposit","party":2,"text":"x"}"#);
        let msg = stray.unwrap_err().to_string();
        assert!(
            msg.contains("`text` does not apply to an event of kind `deposit`"),
            "{msg}"
        );
    }

    #[test]
    fn events_round_trip() {
        let text = r#"{"date":"1980-01-01","kind":"termination","party":2,"ground":"withdrawal"}"#;
        let e: Event = serde_json::from_str(text).unwrap();
        assert_eq!(
            e.kind,
            EventKind::Termination {
                ground: TerminationGround::Withdrawal { party: Ccode(2) }
            }
        );
        assert_eq!(serde_json::to_string(&e).unwrap(), text);
    }
}
