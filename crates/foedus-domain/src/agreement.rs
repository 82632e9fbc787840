//! Agreements: the instruments, their parties, clauses, events and notices.

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::date::{PartialDate, Period};
use crate::obligation::{Obligation, ObligationKind};
use crate::provenance::{Claim, Provenance};
use crate::state::Ccode;

/// The stable foedus identifier of an agreement (`atop-1005`, `dcad-0001`, `us-jp-1960`).
///
/// Lowercase ASCII letters, digits and `-`, `.`, `_`; 1 to 64 characters.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct AgreementId(#[schemars(regex(pattern = r"^[a-z0-9][a-z0-9._-]{0,63}$"))] String);

/// Why a text is not an [`AgreementId`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "{} is not an agreement id: expected 1 to 64 lowercase letters, digits, `.`, `_` or `-`, starting with a letter or digit", crate::quote::quote(.0)
)]
pub struct AgreementIdError(pub String);

impl AgreementId {
    /// The coded dataset whose importer makes ids of this form (`atop-3215`: `atop`;
    /// `dcad-0001`: `dcad`), if any: an amendment of such an id waits for that source.
    pub fn dataset(&self) -> Option<&'static str> {
        ["atop", "dcad"].into_iter().find(|d| {
            self.0
                .strip_prefix(d)
                .and_then(|rest| rest.strip_prefix('-'))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
    }

    /// Checks and wraps an id.
    pub fn new(id: impl Into<String>) -> Result<Self, AgreementIdError> {
        let id = id.into();
        let ok = !id.is_empty()
            && id.len() <= 64
            && id.bytes().enumerate().all(|(i, b)| {
                b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || (i > 0 && matches!(b, b'-' | b'.' | b'_'))
            });
        if ok {
            Ok(AgreementId(id))
        } else {
            Err(AgreementIdError(id))
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AgreementId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for AgreementId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        AgreementId::new(String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// The agreement's identifiers in each source that knows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Identifiers {
    /// ATOP alliance id (`atopid`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub atop: Option<u32>,
    /// DCAD agreement id (`DCAid`, e.g. `DCADv1.0-0001`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dcad: Option<String>,
    /// UN Treaty Series registration number (or volume and page when that is what is known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unts: Option<String>,
    /// Other identifiers by scheme (`tias`, `cts`, `ukts`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub other: BTreeMap<String, String>,
}

impl Identifiers {
    /// True if no identifier is given.
    pub fn is_empty(&self) -> bool {
        self.atop.is_none() && self.dcad.is_none() && self.unts.is_none() && self.other.is_empty()
    }

    /// Every identifier as (scheme, value), values normalized for comparison: trimmed
    /// and lowercased, a UNTS number without its `I-` part prefix.
    pub fn keys(&self) -> Vec<(String, String)> {
        let norm = |v: &str| v.trim().to_lowercase();
        let mut out = Vec::new();
        if let Some(n) = self.atop {
            out.push(("atop".to_string(), n.to_string()));
        }
        if let Some(d) = &self.dcad {
            out.push(("dcad".to_string(), norm(d)));
        }
        if let Some(u) = &self.unts {
            let u = norm(u);
            let u = u
                .strip_prefix("ii-")
                .or_else(|| u.strip_prefix("i-"))
                .map_or(u.clone(), str::to_string);
            out.push(("unts".to_string(), u));
        }
        for (scheme, v) in &self.other {
            out.push((norm(scheme), norm(v)));
        }
        out.retain(|(_, v)| !v.is_empty());
        out
    }

    /// Fills the identifiers this one lacks from `other` (this one's win).
    pub fn fill_from(&mut self, other: &Identifiers) {
        self.atop = self.atop.or(other.atop);
        if self.dcad.is_none() {
            self.dcad.clone_from(&other.dcad);
        }
        if self.unts.is_none() {
            self.unts.clone_from(&other.unts);
        }
        for (k, v) in &other.other {
            self.other.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
}

/// The legal form of an instrument.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LegalForm {
    /// A treaty concluded under each party's constitutional procedure.
    Treaty,
    /// An agreement concluded by the executive without legislative approval.
    ExecutiveAgreement,
    /// A memorandum of understanding: usually politically, not legally, binding.
    MemorandumOfUnderstanding,
    /// An exchange of notes or letters constituting an agreement (VCLT art 13).
    ExchangeOfNotes,
    /// Not known.
    #[default]
    Unknown,
}

/// What an agreement is about, as users filter it (DOMAIN.md section 1).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// Each (or one) party comes to the other's aid if attacked.
    MutualDefense,
    /// Joint attack (ATOP offense).
    Offense,
    /// Staying out of a partner's war.
    Neutrality,
    /// Not attacking each other.
    Nonaggression,
    /// Consulting in a crisis.
    Consultation,
    /// An umbrella defense cooperation agreement (DCAD "general").
    DefenseCooperation,
    /// Procurement and defense industry.
    Procurement,
    /// Research, development and technology.
    ResearchAndTechnology,
    /// Training and education.
    Training,
    /// Exercises.
    Exercises,
    /// Logistics and cross-servicing (ACSA).
    Logistics,
    /// Intelligence and information security (GSOMIA).
    Intelligence,
    /// Cyber defense.
    Cyber,
    /// Humanitarian assistance and disaster relief.
    Hadr,
    /// Peacekeeping cooperation.
    Peacekeeping,
    /// Status of forces (jurisdiction, claims, entry, tax).
    StatusOfForces,
    /// Basing and access.
    BasingAndAccess,
    /// Reciprocal access.
    ReciprocalAccess,
}

/// The groups of families in DOMAIN.md's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FamilyGroup {
    /// Mutual defense.
    MutualDefense,
    /// ATOP's other obligations: offense, neutrality, nonaggression, consultation.
    OtherAllianceObligation,
    /// Defense cooperation frameworks.
    Framework,
    /// Sector agreements.
    Sector,
    /// Presence: SOFA, basing, access.
    Presence,
}

impl Family {
    /// Every family.
    pub const ALL: [Family; 18] = [
        Family::MutualDefense,
        Family::Offense,
        Family::Neutrality,
        Family::Nonaggression,
        Family::Consultation,
        Family::DefenseCooperation,
        Family::Procurement,
        Family::ResearchAndTechnology,
        Family::Training,
        Family::Exercises,
        Family::Logistics,
        Family::Intelligence,
        Family::Cyber,
        Family::Hadr,
        Family::Peacekeeping,
        Family::StatusOfForces,
        Family::BasingAndAccess,
        Family::ReciprocalAccess,
    ];

    /// The group the family belongs to.
    pub fn group(self) -> FamilyGroup {
        use Family::*;
        match self {
            MutualDefense => FamilyGroup::MutualDefense,
            Offense | Neutrality | Nonaggression | Consultation => {
                FamilyGroup::OtherAllianceObligation
            }
            DefenseCooperation => FamilyGroup::Framework,
            Procurement
            | ResearchAndTechnology
            | Training
            | Exercises
            | Logistics
            | Intelligence
            | Cyber
            | Hadr
            | Peacekeeping => FamilyGroup::Sector,
            StatusOfForces | BasingAndAccess | ReciprocalAccess => FamilyGroup::Presence,
        }
    }

    /// The snake_case name used in files and on the command line.
    pub fn name(self) -> &'static str {
        use Family::*;
        match self {
            MutualDefense => "mutual_defense",
            Offense => "offense",
            Neutrality => "neutrality",
            Nonaggression => "nonaggression",
            Consultation => "consultation",
            DefenseCooperation => "defense_cooperation",
            Procurement => "procurement",
            ResearchAndTechnology => "research_and_technology",
            Training => "training",
            Exercises => "exercises",
            Logistics => "logistics",
            Intelligence => "intelligence",
            Cyber => "cyber",
            Hadr => "hadr",
            Peacekeeping => "peacekeeping",
            StatusOfForces => "status_of_forces",
            BasingAndAccess => "basing_and_access",
            ReciprocalAccess => "reciprocal_access",
        }
    }

    /// The family for a snake_case name.
    pub fn from_name(name: &str) -> Option<Family> {
        Self::ALL.into_iter().find(|f| f.name() == name.trim())
    }
}

/// A party to an agreement, for one spell of membership (ATOP codes one per phase).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// The state.
    pub state: Ccode,
    /// When it became a party, if later than the agreement's start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined: Option<PartialDate>,
    /// When it ceased to be a party, if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<PartialDate>,
    /// The phase of a phased (ATOP) agreement this spell belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<u16>,
    /// The state is not a member of the COW state system when it joins (ATOP `cowsys` = 0).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub outside_system: bool,
    /// Where it comes from, if not the agreement's own source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
}

impl Party {
    /// A party for the whole life of the agreement.
    pub fn new(state: Ccode) -> Self {
        Party {
            state,
            joined: None,
            left: None,
            phase: None,
            outside_system: false,
            provenance: None,
        }
    }
}

/// A phase of an agreement: ATOP starts a new phase when members or obligations change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    /// 1, 2, ... in order.
    pub number: u16,
    /// The source's id for the phase (ATOP `atopidphase`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    /// First day of the phase.
    pub from: PartialDate,
    /// Last day of the phase, if it ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<PartialDate>,
    /// What changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A body that carries an agreement out (a ministry, an armed service, a joint commission).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImplementingBody {
    /// Whose body it is; `None` for a joint body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<Ccode>,
    /// Its name.
    pub name: String,
    /// What it does under the agreement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// How an agreement is carried out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MechanismKind {
    /// A joint committee, council or commission.
    JointCommittee,
    /// An integrated or joint command structure.
    CommandStructure,
    /// Regular consultations at set levels.
    RegularConsultation,
    /// Communication protocols and liaison.
    CommunicationProtocol,
    /// Implementing arrangements concluded under the agreement.
    ImplementingArrangements,
    /// Anything else.
    Other,
}

/// An implementation mechanism.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mechanism {
    /// What kind.
    pub kind: MechanismKind,
    /// In words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The article that creates it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
}

/// Kinds of provision beyond the primary obligations (ATOP's provision variables).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProvisionKind {
    /// Military aid (ATOP `milaid`).
    MilitaryAid,
    /// Integrated military command (ATOP `intcom`).
    IntegratedCommand,
    /// Military contact between the parties' forces (ATOP `milcon`).
    MilitaryContact,
    /// Bases (ATOP `base`).
    Bases,
    /// Specific troop or resource contributions (ATOP `contrib`).
    TroopContributions,
    /// Secret articles (ATOP `secrart`, `pubsecr`).
    SecretArticles,
    /// Coordination of arms or arms control (ATOP `armred`).
    ArmsCoordination,
    /// Subordination of forces (ATOP `subord`).
    Subordination,
    /// An organisation created by the agreement (ATOP `organ1`).
    Organisation,
    /// Promise not to aid enemies (ATOP `notaiden`).
    NotAidEnemies,
    /// Promise not to conclude a separate peace (ATOP `seppeace`).
    NoSeparatePeace,
    /// Promise not to form other alliances (ATOP `noothall`).
    NoOtherAlliances,
    /// Economic aid (ATOP `ecaid`).
    EconomicAid,
    /// Anything else.
    Other,
}

/// A provision of an agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provision {
    /// What kind.
    pub kind: ProvisionKind,
    /// The article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// In words, or the source's coded value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How the agreement enters into force (VCLT art 24).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "rule", deny_unknown_fields)]
pub enum EntryIntoForce {
    /// The treaty says nothing: it enters into force once every party has
    /// consented (art 24(2)); signatures alone are not consent.
    #[default]
    Unstated,
    /// On signature by all parties (art 12(1)(a) and 24(1)).
    OnSignature,
    /// On the exchange of instruments of ratification or of the notes constituting it (arts 13, 16).
    OnExchangeOfInstruments,
    /// A set time after the last party's consent or notification (art 24(1)).
    AfterLastConsent {
        /// The delay: `P30D`, `P1M`.
        delay: Period,
    },
    /// On a fixed date, once every party has consented (art 24(1)).
    OnDate {
        /// The date.
        date: PartialDate,
    },
}

/// What happens when a fixed term ends.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "rule", deny_unknown_fields)]
pub enum AfterTerm {
    /// The agreement expires.
    #[default]
    Expires,
    /// Renewed automatically for further periods unless a party gives notice
    /// a set time before expiry (tacit renewal).
    TacitRenewal {
        /// Length of each renewal; `None` when the treaty does not say (then the initial term is assumed).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        period: Option<Period>,
        /// How long before expiry a notice of non-renewal must be given; `None`: any time before expiry.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        notice: Option<Period>,
    },
    /// Continues in force until a party gives notice under the withdrawal clause.
    ContinuesUntilNotice,
    /// Renewed only by the parties' express agreement.
    ExpressRenewal,
}

/// From when a notice period runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RunsFrom {
    /// From the day the notice is sent (the usual reading of "after notice is given").
    #[default]
    Sending,
    /// From the day the other party receives it.
    Receipt,
}

/// When a withdrawal takes effect once the notice period has run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TakesEffect {
    /// On the day the period ends.
    #[default]
    AfterPeriod,
    /// On the first day of the month after the period ends.
    FirstDayOfNextMonth,
    /// At the end of the current term (for terms that renew).
    EndOfTerm,
}

/// Whether and how a party may leave the agreement on its own (VCLT arts 54, 56).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "rule", deny_unknown_fields)]
pub enum Withdrawal {
    /// The treaty has no clause: denunciation only if the parties meant to allow it,
    /// and on at least twelve months' notice (art 56).
    #[default]
    Silent,
    /// By notice under the treaty's clause (art 54(a)).
    OnNotice {
        /// The notice period; `None` when the treaty does not say.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        period: Option<Period>,
        /// From when it runs.
        #[serde(default)]
        runs_from: RunsFrom,
        /// When withdrawal takes effect after the period.
        #[serde(default)]
        takes_effect: TakesEffect,
        /// Notice may be given only this long after entry into force ("after ten years either party may give notice").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        not_before: Option<Period>,
    },
    /// Only if another party acts as the clause describes (ATOP `renounce` = 2: aggression by a partner).
    Conditional {
        /// The condition in words.
        condition: String,
    },
    /// Only by consent of all parties (art 54(b)).
    ConsentOnly,
    /// The treaty excludes withdrawal during its term.
    Prohibited,
}

/// The agreement's clauses on entry into force, duration, renewal and withdrawal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Clauses {
    /// How it enters into force.
    #[serde(default)]
    pub entry_into_force: EntryIntoForce,
    /// The initial term; `None`: indefinite.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_term: Option<Period>,
    /// In force until some event rather than for a term (ATOP `speclgth` = 2), in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until_event: Option<String>,
    /// What happens at the end of the initial term (ignored when there is none).
    #[serde(default)]
    pub after_term: AfterTerm,
    /// How a party may leave.
    #[serde(default)]
    pub withdrawal: Withdrawal,
    /// Where the clauses are (articles), for readers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
}

/// How a state expresses consent to be bound (VCLT arts 11–16).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentMeans {
    /// Ratification (art 14).
    Ratification,
    /// Acceptance (art 14(2)).
    Acceptance,
    /// Approval (art 14(2)).
    Approval,
    /// Accession by a state that did not sign (art 15).
    Accession,
    /// Signature where the treaty makes it consent (art 12).
    Signature,
    /// Exchange of instruments constituting the treaty (art 13).
    ExchangeOfInstruments,
}

/// Grounds on which one party may invoke the end or suspension of a treaty (arts 60–62).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InvocationGround {
    /// Material breach by the other party (art 60).
    MaterialBreach,
    /// Supervening impossibility of performance (art 61).
    Impossibility,
    /// Fundamental change of circumstances (art 62).
    ChangedCircumstances,
}

/// Why an agreement ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "ground", deny_unknown_fields)]
pub enum TerminationGround {
    /// By consent of all parties (art 54(b)).
    Consent,
    /// Its term ran out (the treaty's terms).
    Expiry,
    /// A later treaty on the same subject replaced it (art 59).
    Supersession {
        /// The agreement that replaced it, if in the registry.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<AgreementId>,
    },
    /// A party ceased to exist as a state and no successor continued the agreement.
    Extinction {
        /// The state that ceased to exist.
        party: Ccode,
    },
    /// A party withdrew (for a bilateral agreement, this ends it).
    Withdrawal {
        /// Who withdrew.
        party: Ccode,
    },
    /// A party ended it invoking a ground of arts 60–62.
    Invocation {
        /// Who invoked it.
        party: Ccode,
        /// The ground.
        reason: InvocationGround,
    },
    /// The purpose was fulfilled or the condition it was made for ceased (ATOP `termmode` 5).
    Fulfilled,
    /// Broken by a party's violation or by war between the parties (ATOP `term` = 2).
    Violation,
    /// It ended, but the source does not say why (DCAD `terminated` = 1 without a cause).
    Unstated,
}

/// A lifecycle event as it was recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind", deny_unknown_fields)]
pub enum EventKind {
    /// Signature (art 10 authenticates; art 12 consents when the treaty says so).
    /// Without a party: every party signed.
    Signature {
        /// The signatory, or every party.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        party: Option<Ccode>,
    },
    /// A party's domestic step (parliamentary approval, advice and consent of the Senate).
    /// Recorded apart from the international act (art 27).
    DomesticApproval {
        /// Whose.
        party: Ccode,
        /// Which body.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        body: Option<String>,
    },
    /// Consent to be bound: ratification, acceptance, approval, accession (arts 11–16).
    /// Without a party: every party.
    Consent {
        /// Who consents, or every party.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        party: Option<Ccode>,
        /// By what means.
        means: ConsentMeans,
    },
    /// Exchange of instruments of ratification (art 16).
    ExchangeOfInstruments,
    /// Entry into force as recorded (art 24).
    EntryIntoForce,
    /// Provisional application begins (art 25).
    ProvisionalApplication {
        /// Who applies it, or every party.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        party: Option<Ccode>,
    },
    /// Provisional application ends (art 25(2)).
    ProvisionalApplicationEnd {
        /// Who stops, or every party.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        party: Option<Ccode>,
    },
    /// A signatory makes clear it will not become a party (arts 18(a), 25(2)).
    DeclinesToBecomeParty {
        /// Who.
        party: Ccode,
    },
    /// An amendment in force (art 39).
    Amendment {
        /// What it changed.
        summary: String,
        /// The amendment's new initial term, if it set one running from this date.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        new_term: Option<Period>,
    },
    /// An express renewal (treaty terms).
    Renewal {
        /// The new end of term; `None`: one more initial term.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until: Option<PartialDate>,
    },
    /// Suspension of the operation of the treaty (arts 57, 58), or of one
    /// party's obligations toward another inside a multilateral instrument.
    Suspension {
        /// Whose obligations are suspended, or the whole treaty.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        party: Option<Ccode>,
        /// Toward whom, for a suspension between two parties.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        toward: Option<Ccode>,
    },
    /// The end of a suspension (art 72).
    SuspensionEnd {
        /// As in the suspension.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        party: Option<Ccode>,
        /// As in the suspension.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        toward: Option<Ccode>,
    },
    /// Termination, with its ground.
    Termination {
        /// Why.
        ground: TerminationGround,
    },
    /// A state ceases to exist and a successor continues its agreements (the Russian
    /// Federation continued the USSR's).
    Succession {
        /// The state that ceased to exist.
        predecessor: Ccode,
        /// The state that continues its agreements.
        successor: Ccode,
    },
    /// A party leaves a multilateral agreement, which continues among the others.
    PartyLeaves {
        /// Who leaves.
        party: Ccode,
    },
    /// The deposit of a party's instrument of consent with the depositary (arts 16(b),
    /// 76–78). It follows the consent it deposits and changes no status: where the
    /// treaty makes deposit the act that establishes consent, the consent is recorded
    /// on the day of deposit. Without a party: every party's instrument.
    Deposit {
        /// Whose instrument, or every party's.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        party: Option<Ccode>,
        /// With whom it was deposited (a government, the UN Secretary-General).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        depositary: Option<String>,
    },
    /// A reservation (arts 2(1)(d), 19–23), with its text. It changes no status.
    Reservation {
        /// The reserving state.
        party: Ccode,
        /// Its text.
        text: String,
        /// The article it concerns, if one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        article: Option<String>,
    },
    /// An interpretative or other declaration that is not a reservation, with its text.
    Declaration {
        /// The declaring state.
        party: Ccode,
        /// Its text.
        text: String,
        /// The article it concerns, if one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        article: Option<String>,
    },
    /// The withdrawal of a reservation made earlier (art 22): the one on `article`,
    /// or, without an article, the state's reservation made earliest.
    ReservationWithdrawal {
        /// The state withdrawing it.
        party: Ccode,
        /// The article of the reservation withdrawn.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        article: Option<String>,
    },
}

impl EventKind {
    /// The state the event is an act of, `Some(None)` for an act of every party
    /// (a signature or consent recorded without a party), `None` for an event of
    /// the agreement as a whole (entry into force, amendment, termination).
    pub fn actor(&self) -> Option<Option<Ccode>> {
        use EventKind::*;
        match self {
            Signature { party }
            | Consent { party, .. }
            | ProvisionalApplication { party }
            | ProvisionalApplicationEnd { party }
            | Deposit { party, .. } => Some(*party),
            DomesticApproval { party, .. }
            | DeclinesToBecomeParty { party }
            | PartyLeaves { party }
            | Reservation { party, .. }
            | Declaration { party, .. }
            | ReservationWithdrawal { party, .. } => Some(Some(*party)),
            ExchangeOfInstruments => Some(None),
            EntryIntoForce
            | Amendment { .. }
            | Renewal { .. }
            | Suspension { .. }
            | SuspensionEnd { .. }
            | Termination { .. }
            | Succession { .. } => None,
        }
    }
}

/// A dated lifecycle event with its source.
///
/// In records an event is one flat table: `date`, `kind`, and the fields that
/// kind takes (`party`, `means`, `ground`, ...); see [`crate::wire`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    try_from = "crate::wire::EventRecord",
    into = "crate::wire::EventRecord"
)]
pub struct Event {
    /// When, with its precision.
    pub date: PartialDate,
    /// What happened.
    pub kind: EventKind,
    /// Other sources' dates for the same event, kept beside the chosen one.
    pub other_claims: Vec<Claim<PartialDate>>,
    /// Why `date` was chosen over the other claims.
    pub resolution: Option<String>,
    /// Free text.
    pub note: Option<String>,
    /// Where it comes from, if not the agreement's own source.
    pub provenance: Option<Provenance>,
}

impl schemars::JsonSchema for Event {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Event".into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        crate::wire::EventRecord::json_schema(g)
    }
}

impl schemars::JsonSchema for Notice {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Notice".into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        crate::wire::NoticeRecord::json_schema(g)
    }
}

impl Event {
    /// An event with no notes and the agreement's provenance.
    pub fn new(date: PartialDate, kind: EventKind) -> Self {
        Event {
            date,
            kind,
            other_claims: Vec::new(),
            resolution: None,
            note: None,
            provenance: None,
        }
    }
}

/// What a notice seeks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "kind", deny_unknown_fields)]
pub enum NoticeKind {
    /// Withdrawal or denunciation under the withdrawal clause, or art 56.
    Withdrawal,
    /// Notice against a tacit renewal: the agreement ends at the end of the current term.
    NonRenewal,
    /// Invocation of a ground of arts 60–62 (procedure of art 65).
    Invocation {
        /// The ground.
        reason: InvocationGround,
        /// True if it seeks suspension rather than termination.
        #[serde(default)]
        suspension_only: bool,
    },
}

/// A step in a notice's own life after it was sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoticeAction {
    /// The notifying state suspends its notice (South Korea, GSOMIA, 22 November 2019).
    Suspend,
    /// It lifts that suspension.
    Resume,
    /// It revokes the notice before it takes effect (art 68).
    Revoke,
    /// The other party objects to an invocation (art 65(3)).
    Objection,
}

/// A dated step of a notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeStep {
    /// When.
    pub date: PartialDate,
    /// What.
    pub action: NoticeAction,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A notice: a record of its own, with its own lifecycle (pending, suspended, revoked, effective).
///
/// In records a notice is one flat table: `party`, `kind`, and for an
/// invocation `reason` and `suspension_only`; see [`crate::wire`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    try_from = "crate::wire::NoticeRecord",
    into = "crate::wire::NoticeRecord"
)]
pub struct Notice {
    /// Who gives notice.
    pub party: Ccode,
    /// What it seeks.
    pub kind: NoticeKind,
    /// When it was sent (delivered by the notifying party).
    pub sent: PartialDate,
    /// When the other party received it, if recorded.
    pub received: Option<PartialDate>,
    /// A date the notifying state declares the notice effective from; the notice period runs
    /// from it (US to the Republic of China: delivered 1978-12-23, declared effective 1979-01-01).
    pub declared_effective: Option<PartialDate>,
    /// The clause it relies on ("art X").
    pub clause: Option<String>,
    /// What happened to it afterwards.
    pub steps: Vec<NoticeStep>,
    /// Free text.
    pub note: Option<String>,
    /// Where it comes from, if not the agreement's own source.
    pub provenance: Option<Provenance>,
}

/// An agreement, with everything the registry knows of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    /// The stable foedus id.
    pub id: AgreementId,
    /// Identifiers in other sources.
    #[serde(default)]
    pub ids: Identifiers,
    /// The official title, or a descriptive one.
    pub title: String,
    /// A short name ("ANZUS", "US–Japan Security Treaty").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_title: Option<String>,
    /// Legal form.
    #[serde(default)]
    pub legal_form: LegalForm,
    /// Legally binding; `None`: as the legal form implies (memoranda of understanding are not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legally_binding: Option<bool>,
    /// What it is about.
    #[serde(default)]
    pub families: Vec<Family>,
    /// The parties (one entry per spell for multilateral agreements with phases).
    pub parties: Vec<Party>,
    /// A framework organisation under which it was concluded (NATO, the UN).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    /// Ministries, armed services and joint bodies that implement it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub implementing_bodies: Vec<ImplementingBody>,
    /// Implementation mechanisms.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mechanisms: Vec<Mechanism>,
    /// Provisions beyond the obligations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provisions: Vec<Provision>,
    /// Entry into force, duration, renewal and withdrawal clauses.
    #[serde(default)]
    pub clauses: Clauses,
    /// Directed obligations.
    #[serde(default)]
    pub obligations: Vec<Obligation>,
    /// Phases, for agreements renegotiated over time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<Phase>,
    /// Lifecycle events as recorded.
    #[serde(default)]
    pub events: Vec<Event>,
    /// Notices given under it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<Notice>,
    /// Source-specific coded values kept verbatim (ATOP `pubsecr`, DCAD `categoryConf`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Where the record comes from.
    pub provenance: Provenance,
}

impl Agreement {
    /// True if the instrument is a treaty under international law; memoranda of
    /// understanding are not unless the record says so.
    pub fn is_binding(&self) -> bool {
        self.legally_binding
            .unwrap_or(self.legal_form != LegalForm::MemorandumOfUnderstanding)
    }

    /// The distinct states that are parties at any time, in order of first mention.
    pub fn party_states(&self) -> Vec<Ccode> {
        let mut out: Vec<Ccode> = Vec::new();
        for p in &self.parties {
            if !out.contains(&p.state) {
                out.push(p.state);
            }
        }
        out
    }

    /// The distinct states that may be parties on `date`: their spell (`joined` to
    /// `left`, `left` being the first day they no longer are) possibly covers it.
    /// The agreement's own status on that day is the lifecycle engine's answer.
    pub fn parties_on(&self, date: jiff::civil::Date) -> Vec<Ccode> {
        let mut out: Vec<Ccode> = Vec::new();
        for p in &self.parties {
            let joined = p.joined.is_none_or(|j| j.earliest() <= date);
            let not_left = p.left.is_none_or(|l| date < l.latest());
            if joined && not_left && !out.contains(&p.state) {
                out.push(p.state);
            }
        }
        out
    }

    /// True if exactly two states are ever parties.
    pub fn is_bilateral(&self) -> bool {
        self.party_states().len() == 2
    }

    /// True if `state` is ever a party.
    pub fn has_party(&self, state: Ccode) -> bool {
        self.parties.iter().any(|p| p.state == state)
    }

    /// True if one directed obligation matches every part given: its type, the
    /// state that owes it, the state owed. ("Who must defend Japan?" is
    /// `(Some(Defense), None, Some(JPN))`: a defense obligation owed to Japan,
    /// not any agreement with some defense obligation and something owed to Japan.)
    pub fn has_obligation(
        &self,
        kind: Option<ObligationKind>,
        obligor: Option<Ccode>,
        beneficiary: Option<Ccode>,
    ) -> bool {
        self.obligations.iter().any(|o| {
            kind.is_none_or(|k| o.kind == k)
                && obligor.is_none_or(|c| o.obligor == c)
                && beneficiary.is_none_or(|c| o.beneficiary == c)
        })
    }
}

impl Clauses {
    /// The clauses in words, one line each, for people.
    pub fn describe(&self) -> Vec<String> {
        let mut out = Vec::new();
        out.push(match &self.entry_into_force {
            EntryIntoForce::Unstated => {
                "entry into force: once every party has consented (VCLT art 24(2))".to_string()
            }
            EntryIntoForce::OnSignature => "entry into force: on signature".into(),
            EntryIntoForce::OnExchangeOfInstruments => {
                "entry into force: on the exchange of instruments".into()
            }
            EntryIntoForce::AfterLastConsent { delay } => format!(
                "entry into force: {} after the last consent",
                delay.in_words()
            ),
            EntryIntoForce::OnDate { date } => format!("entry into force: on {date}"),
        });
        out.push(match (&self.initial_term, &self.until_event) {
            (None, Some(ev)) => format!("duration: until {ev}"),
            (None, None) => "duration: indefinite".into(),
            (Some(t), _) => {
                let after = match &self.after_term {
                    AfterTerm::Expires => "then expires".to_string(),
                    AfterTerm::TacitRenewal { period, notice } => format!(
                        "then renewed tacitly for {}{}",
                        period
                            .map(Period::in_words)
                            .unwrap_or_else(|| "further terms".into()),
                        notice
                            .map(|n| format!(
                                " unless notice is given {} before expiry",
                                n.in_words()
                            ))
                            .unwrap_or_else(|| " unless notice is given before expiry".into())
                    ),
                    AfterTerm::ContinuesUntilNotice => "then continues until notice".into(),
                    AfterTerm::ExpressRenewal => "then renewable by express agreement".into(),
                };
                format!("duration: {} initial term, {after}", t.in_words())
            }
        });
        out.push(match &self.withdrawal {
            Withdrawal::Silent => {
                "withdrawal: no clause; denunciation only on twelve months' notice (VCLT art 56)"
                    .into()
            }
            Withdrawal::OnNotice {
                period,
                runs_from,
                takes_effect,
                not_before,
            } => {
                let mut s = format!(
                    "withdrawal: on {} notice",
                    period
                        .map(Period::in_words)
                        .unwrap_or_else(|| "unspecified".into())
                );
                if *runs_from == RunsFrom::Receipt {
                    s.push_str(" from receipt");
                }
                match takes_effect {
                    TakesEffect::AfterPeriod => {}
                    TakesEffect::FirstDayOfNextMonth => {
                        s.push_str(", effective the first day of the following month")
                    }
                    TakesEffect::EndOfTerm => s.push_str(", effective at the end of the term"),
                }
                if let Some(nb) = not_before {
                    s.push_str(&format!(
                        ", given no earlier than {} after entry into force",
                        nb.in_words()
                    ));
                }
                s
            }
            Withdrawal::Conditional { condition } => format!("withdrawal: only if {condition}"),
            Withdrawal::ConsentOnly => "withdrawal: only by consent of all parties".into(),
            Withdrawal::Prohibited => "withdrawal: excluded".into(),
        });
        if let Some(c) = &self.citation {
            out.push(format!("(clauses: {c})"));
        }
        out
    }
}
