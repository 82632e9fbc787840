//! The treaty-action register: each party's acts under an agreement, in order.
//!
//! What the UN Treaty Collection and national treaty databases show per party
//! (signature, domestic approval, the instrument of consent and its deposit or
//! exchange, reservations and declarations, provisional application, notices),
//! derived from the agreement's events and notices: nothing is stored twice.
//! An act recorded for every party (a signature or consent without a party, an
//! exchange of instruments) appears in each party's list, marked `joint`.

use serde::Serialize;

use crate::agreement::{Agreement, ConsentMeans, EventKind, NoticeStep};
use crate::date::PartialDate;
use crate::lifecycle::Subject;
use crate::state::Ccode;
use crate::wire::{EventKindName, NoticeRecord};

/// Every party's treaty actions under one agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TreatyActions {
    /// One entry per party, in the agreement's order of parties (then any state an
    /// event names that is not listed as a party, so that no act is lost).
    pub parties: Vec<PartyActions>,
}

/// One party's actions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartyActions {
    /// The party.
    pub party: Ccode,
    /// Its actions, by date (record order on one day).
    pub actions: Vec<TreatyAction>,
}

/// One action of one party.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TreatyAction {
    /// When.
    pub date: PartialDate,
    /// What, as records name it: an event kind (`signature`, `domestic_approval`,
    /// `consent`, `deposit`, `exchange_of_instruments`, `reservation`, `declaration`,
    /// `reservation_withdrawal`, `provisional_application`, ...) or `notice`.
    pub action: &'static str,
    /// The particulars in a few words: the approving body, the means of consent, the
    /// depositary, the kind of notice.
    pub detail: Option<String>,
    /// The text of a reservation or declaration.
    pub text: Option<String>,
    /// The article a reservation or declaration concerns.
    pub article: Option<String>,
    /// True if recorded for every party at once (no party named).
    pub joint: bool,
    /// Where it is in the record: `events[3]`, `notices[0]`.
    pub source: String,
    /// A notice's steps (suspended, resumed, revoked, objected to).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<NoticeStep>,
    /// The record's note.
    pub note: Option<String>,
}

/// The snake_case name of a means of consent, as records write it.
pub fn means_name(m: ConsentMeans) -> &'static str {
    match m {
        ConsentMeans::Ratification => "ratification",
        ConsentMeans::Acceptance => "acceptance",
        ConsentMeans::Approval => "approval",
        ConsentMeans::Accession => "accession",
        ConsentMeans::Signature => "signature",
        ConsentMeans::ExchangeOfInstruments => "exchange_of_instruments",
    }
}

impl TreatyActions {
    /// Each party's actions under `a`, from its events and notices.
    pub fn of(a: &Agreement) -> TreatyActions {
        let mut parties: Vec<PartyActions> = a
            .party_states()
            .into_iter()
            .map(|party| PartyActions {
                party,
                actions: Vec::new(),
            })
            .collect();
        let everyone: Vec<Ccode> = parties.iter().map(|p| p.party).collect();
        let mut add = |party: Ccode, action: TreatyAction| {
            let k = match parties.iter().position(|p| p.party == party) {
                Some(k) => k,
                None => {
                    parties.push(PartyActions {
                        party,
                        actions: Vec::new(),
                    });
                    parties.len() - 1
                }
            };
            parties[k].actions.push(action);
        };
        for (i, e) in a.events.iter().enumerate() {
            let Some(actor) = e.kind.actor() else {
                continue;
            };
            let (detail, text, article) = particulars(&e.kind);
            let action = TreatyAction {
                date: e.date,
                action: EventKindName::of(&e.kind).name(),
                detail,
                text,
                article,
                joint: actor.is_none(),
                source: Subject::Event { index: i }.path(),
                steps: Vec::new(),
                note: e.note.clone(),
            };
            match actor {
                Some(p) => add(p, action),
                None => {
                    for p in &everyone {
                        add(*p, action.clone());
                    }
                }
            }
        }
        for (i, n) in a.notices.iter().enumerate() {
            let kind = NoticeRecord::from(n.clone()).kind;
            let mut detail = kind.name().to_string();
            if let Some(c) = &n.clause {
                detail.push_str(&format!(" under {c}"));
            }
            if let Some(r) = n.received {
                detail.push_str(&format!(", received {r}"));
            }
            add(
                n.party,
                TreatyAction {
                    date: n.sent,
                    action: "notice",
                    detail: Some(detail),
                    text: None,
                    article: None,
                    joint: false,
                    source: Subject::Notice { index: i }.path(),
                    steps: n.steps.clone(),
                    note: n.note.clone(),
                },
            );
        }
        for p in &mut parties {
            // Stable: record order (events before notices) within one day.
            p.actions.sort_by_key(|x| x.date.earliest());
        }
        TreatyActions { parties }
    }

    /// One party's actions, if it has an entry.
    pub fn party(&self, party: Ccode) -> Option<&PartyActions> {
        self.parties.iter().find(|p| p.party == party)
    }
}

/// The detail, text and article of a party's act.
fn particulars(k: &EventKind) -> (Option<String>, Option<String>, Option<String>) {
    match k {
        EventKind::DomesticApproval { body, .. } => (body.clone(), None, None),
        EventKind::Consent { means, .. } => (Some(means_name(*means).to_string()), None, None),
        EventKind::Deposit { depositary, .. } => (
            depositary.as_ref().map(|d| format!("deposited with {d}")),
            None,
            None,
        ),
        EventKind::Reservation { text, article, .. }
        | EventKind::Declaration { text, article, .. } => {
            (None, Some(text.clone()), article.clone())
        }
        EventKind::ReservationWithdrawal { article, .. } => (None, None, article.clone()),
        _ => (None, None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::{Event, Notice, NoticeKind};

    fn d(s: &str) -> PartialDate {
        s.parse().unwrap()
    }

    fn agreement(events: Vec<Event>, notices: Vec<Notice>) -> Agreement {
        let mut a: Agreement = serde_json::from_value(serde_json::json!({
            "id": "t", "title": "T", "parties": [{"state": 2}, {"state": 740}],
            "provenance": {"source": "test"}
        }))
        .unwrap();
        a.events = events;
        a.notices = notices;
        a
    }

    #[test]
    fn each_party_gets_its_own_acts_and_the_joint_ones() {
        let a = agreement(
            vec![
                Event::new(d("1960-01-19"), EventKind::Signature { party: None }),
                Event::new(
                    d("1960-06-22"),
                    EventKind::DomesticApproval {
                        party: Ccode(2),
                        body: Some("Senate".into()),
                    },
                ),
                Event::new(
                    d("1960-06-21"),
                    EventKind::Reservation {
                        party: Ccode(740),
                        text: "r".into(),
                        article: Some("VI".into()),
                    },
                ),
                Event::new(d("1960-06-23"), EventKind::ExchangeOfInstruments),
                Event::new(d("1960-06-23"), EventKind::EntryIntoForce),
            ],
            vec![],
        );
        let t = TreatyActions::of(&a);
        let us: Vec<_> = t
            .party(Ccode(2))
            .unwrap()
            .actions
            .iter()
            .map(|x| x.action)
            .collect();
        let jp: Vec<_> = t
            .party(Ccode(740))
            .unwrap()
            .actions
            .iter()
            .map(|x| x.action)
            .collect();
        assert_eq!(
            us,
            ["signature", "domestic_approval", "exchange_of_instruments"]
        );
        assert_eq!(jp, ["signature", "reservation", "exchange_of_instruments"]);
        let r = &t.party(Ccode(740)).unwrap().actions[1];
        assert_eq!(
            (r.text.as_deref(), r.article.as_deref(), r.source.as_str()),
            (Some("r"), Some("VI"), "events[2]")
        );
        assert!(t.party(Ccode(2)).unwrap().actions[0].joint);
    }

    #[test]
    fn a_notice_is_its_party_s_act_with_its_steps() {
        let a = agreement(
            vec![],
            vec![Notice {
                party: Ccode(740),
                kind: NoticeKind::NonRenewal,
                sent: d("1970-01-01"),
                received: None,
                declared_effective: None,
                clause: Some("art X".into()),
                steps: vec![],
                note: None,
                provenance: None,
            }],
        );
        let t = TreatyActions::of(&a);
        assert!(t.party(Ccode(2)).unwrap().actions.is_empty());
        let n = &t.party(Ccode(740)).unwrap().actions[0];
        assert_eq!(
            (n.action, n.detail.as_deref()),
            ("notice", Some("non_renewal under art X"))
        );
    }
}
