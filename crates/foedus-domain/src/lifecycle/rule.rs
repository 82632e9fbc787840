//! The rules of the law of treaties that the engine enforces, with their articles.

use std::fmt;

use serde::Serialize;

/// A rule a lifecycle event can break. Each names its source: an article of the
/// Vienna Convention on the Law of Treaties (VCLT, 1969) or the treaty's own clause.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Only a party to the agreement can perform a party's act (not a state that
    /// has left it, nor one whose place a successor has taken).
    NotAParty,
    /// A state signs once.
    SignedTwice,
    /// A state consents to be bound once.
    ConsentTwice,
    /// Ratification, acceptance or approval is given by a signatory; a non-signatory accedes.
    ConsentWithoutSignature,
    /// A signatory that made clear it will not become a party cannot consent later.
    ConsentAfterDeclining,
    /// Instruments of ratification are exchanged once every party has ratified.
    ExchangeBeforeConsent,
    /// A treaty enters into force only with every party's consent (signature at least).
    EntryIntoForceWithoutConsent,
    /// A treaty enters into force once; a recorded date must agree with the one the rule
    /// gives (not after it, nor before it once the rule's conditions are met).
    AlreadyInForce,
    /// Provisional application is pending entry into force.
    ProvisionalAfterEntryIntoForce,
    /// Provisional application ends only if it began.
    NotProvisionallyApplied,
    /// Only a signatory that has not consented can decline to become a party.
    DeclineAfterConsent,
    /// Amendment, renewal, suspension and notice need a treaty in force.
    NotInForce,
    /// A suspension ends only if one is in effect.
    NotSuspended,
    /// A treaty that is suspended cannot be suspended again.
    AlreadySuspended,
    /// A terminated treaty does not return to force without a new instrument.
    AfterTermination,
    /// A treaty expires only if it has a fixed term.
    NoFixedTerm,
    /// A treaty expires at the end of its term, not before.
    ExpiryBeforeEndOfTerm,
    /// Express renewal needs a term to renew.
    NoTermToRenew,
    /// The treaty lets notice be given only after a set time.
    NoticeTooEarly,
    /// The treaty may be ended only by consent of all parties.
    WithdrawalByConsentOnly,
    /// The treaty excludes withdrawal (during its term, or at all if it has none).
    WithdrawalExcluded,
    /// A notice of non-renewal needs a tacit-renewal clause.
    NoTacitRenewal,
    /// A party has one notice of the same kind pending at a time.
    NoticeAlreadyPending,
    /// A notice cannot be received, or take effect, before it is sent.
    NoticeDatesOutOfOrder,
    /// A notice may be revoked only before it takes effect.
    RevocationAfterEffect,
    /// Only a pending notice can be suspended, and only a suspended one resumed.
    NoticeNotPending,
    /// An objection answers an invocation of a ground for termination or suspension.
    ObjectionWithoutInvocation,
    /// An objection is raised within the period after the notification, before
    /// the invoking party may carry out the measure (art 65(2)).
    ObjectionOutOfTime,
    /// A non-binding instrument is not a treaty: participants do not ratify it, nor
    /// exchange instruments of ratification; it comes into effect on signature.
    NonBindingHasNoConsent,
    /// A term or renewal period of no time.
    EmptyPeriod,
    /// An instrument of consent is deposited once, after the consent it expresses.
    DepositWithoutConsent,
    /// A state withdraws only a reservation it made and has not withdrawn.
    ReservationNotMade,
}

impl Rule {
    /// The article or clause the rule comes from.
    pub fn article(self) -> &'static str {
        use Rule::*;
        match self {
            NotAParty => "VCLT art 2(1)(g)",
            SignedTwice => "VCLT art 10",
            ConsentTwice => "VCLT art 11",
            ConsentWithoutSignature => "VCLT arts 14 and 15",
            ConsentAfterDeclining | DeclineAfterConsent => "VCLT art 18(a)",
            ExchangeBeforeConsent => "VCLT art 16",
            EntryIntoForceWithoutConsent | AlreadyInForce => "VCLT art 24",
            ProvisionalAfterEntryIntoForce => "VCLT art 25(1)",
            NotProvisionallyApplied => "VCLT art 25(2)",
            NotInForce => "VCLT arts 39, 54 and 57",
            NotSuspended => "VCLT art 72",
            AlreadySuspended => "VCLT art 57",
            AfterTermination => "VCLT art 70(1)",
            NoFixedTerm | ExpiryBeforeEndOfTerm | EmptyPeriod => "the treaty's duration clause",
            NoTermToRenew | NoTacitRenewal => "the treaty's renewal clause",
            NoticeTooEarly => "the treaty's withdrawal clause (VCLT art 54(a))",
            WithdrawalByConsentOnly => "VCLT art 54(b)",
            WithdrawalExcluded => "VCLT arts 54(a) and 56(1)",
            NoticeAlreadyPending => "VCLT art 67",
            NoticeDatesOutOfOrder => "VCLT art 78",
            RevocationAfterEffect | NoticeNotPending => "VCLT art 68",
            ObjectionWithoutInvocation => "VCLT art 65(2)",
            ObjectionOutOfTime => "VCLT art 65(2) and (3)",
            NonBindingHasNoConsent => "VCLT art 2(1)(a)",
            DepositWithoutConsent => "VCLT art 16(b)",
            ReservationNotMade => "VCLT art 22(1)",
        }
    }

    /// The rule in one sentence.
    pub fn statement(self) -> &'static str {
        use Rule::*;
        match self {
            NotAParty => "only a party to the agreement can perform this act",
            SignedTwice => "a state signs a treaty once",
            ConsentTwice => "a state expresses its consent to be bound once",
            ConsentWithoutSignature => {
                "ratification, acceptance or approval is given by a signatory; a state that did not sign accedes"
            }
            ConsentAfterDeclining => {
                "a signatory that has made clear it will not become a party cannot then consent"
            }
            ExchangeBeforeConsent => {
                "instruments of ratification are exchanged once every party has ratified"
            }
            EntryIntoForceWithoutConsent => {
                "a treaty enters into force only when every party has signed or consented"
            }
            AlreadyInForce => {
                "a treaty enters into force once; a recorded date must agree with the date its rule gives"
            }
            ProvisionalAfterEntryIntoForce => {
                "provisional application applies pending entry into force"
            }
            NotProvisionallyApplied => "provisional application can end only if it began",
            DeclineAfterConsent => {
                "only a signatory that has not yet consented can make clear it will not become a party"
            }
            NotInForce => "amendment, renewal, suspension and notice require a treaty in force",
            NotSuspended => "a suspension can end only while the treaty is suspended",
            AlreadySuspended => "the treaty is already suspended",
            AfterTermination => {
                "a terminated treaty does not return to force without a new instrument"
            }
            NoFixedTerm => "only a treaty with a fixed term expires",
            ExpiryBeforeEndOfTerm => "a treaty expires at the end of its term, not before",
            NoTermToRenew => "express renewal needs a fixed term to renew",
            NoticeTooEarly => "the treaty lets notice be given only after a set time",
            WithdrawalByConsentOnly => {
                "the treaty may be terminated only by consent of all the parties"
            }
            WithdrawalExcluded => "the treaty excludes denunciation or withdrawal",
            NoTacitRenewal => "a notice of non-renewal needs a tacit-renewal clause",
            NoticeAlreadyPending => "the party already has a notice of this kind pending",
            NoticeDatesOutOfOrder => {
                "a notice is received, and takes effect, no earlier than it is sent"
            }
            RevocationAfterEffect => {
                "a notification may be revoked at any time before it takes effect"
            }
            NoticeNotPending => {
                "only a pending notice can be suspended or revoked, and only a suspended one resumed"
            }
            ObjectionWithoutInvocation => {
                "an objection answers a notified invocation of a ground for termination or suspension"
            }
            ObjectionOutOfTime => {
                "an objection must be raised before the period after the notification expires; after it, the invoking party may carry out the measure"
            }
            NonBindingHasNoConsent => {
                "a non-binding instrument is not a treaty: its participants do not ratify or accede"
            }
            EmptyPeriod => "a term or renewal period must be longer than no time",
            DepositWithoutConsent => {
                "an instrument of consent is deposited once, by a state that has expressed that consent"
            }
            ReservationNotMade => {
                "a state can withdraw only a reservation it has made and not yet withdrawn"
            }
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.article(), self.statement())
    }
}
