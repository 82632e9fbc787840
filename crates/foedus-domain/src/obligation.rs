//! Directed obligations: who owes what to whom, on which conditions, when.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::date::PartialDate;
use crate::provenance::Provenance;
use crate::state::Ccode;

/// What an obligor promises its beneficiary.
///
/// The first five are ATOP's primary obligations; the rest are the
/// cooperation duties of defense cooperation and presence agreements.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ObligationKind {
    /// Active military support if the beneficiary is attacked (ATOP `defense`).
    Defense,
    /// Active military support in a conflict not started by an attack on the beneficiary (ATOP `offense`).
    Offense,
    /// Staying out of the beneficiary's conflict with a third party (ATOP `neutral`).
    Neutrality,
    /// Not using force against the beneficiary (ATOP `nonagg`).
    Nonaggression,
    /// Consulting the beneficiary in a crisis that may become militarized (ATOP `consul`).
    Consultation,
    /// Training the beneficiary's forces or training together.
    Training,
    /// Joint exercises.
    Exercises,
    /// Sharing intelligence and protecting shared classified information.
    IntelligenceSharing,
    /// Logistic support, supplies and cross-servicing.
    LogisticsSupport,
    /// Granting bases, access or transit to the beneficiary's forces.
    Basing,
    /// Transferring defense technology or joint research and development.
    TechnologyTransfer,
    /// Procurement and defense-industrial cooperation.
    Procurement,
    /// Military aid: arms, equipment, funds.
    MilitaryAid,
}

impl ObligationKind {
    /// The five ATOP obligation types, in ATOP's column order.
    pub const ATOP: [ObligationKind; 5] = [
        ObligationKind::Defense,
        ObligationKind::Offense,
        ObligationKind::Neutrality,
        ObligationKind::Nonaggression,
        ObligationKind::Consultation,
    ];

    /// Every kind, in declaration order.
    pub const ALL: [ObligationKind; 13] = [
        ObligationKind::Defense,
        ObligationKind::Offense,
        ObligationKind::Neutrality,
        ObligationKind::Nonaggression,
        ObligationKind::Consultation,
        ObligationKind::Training,
        ObligationKind::Exercises,
        ObligationKind::IntelligenceSharing,
        ObligationKind::LogisticsSupport,
        ObligationKind::Basing,
        ObligationKind::TechnologyTransfer,
        ObligationKind::Procurement,
        ObligationKind::MilitaryAid,
    ];

    /// The snake_case name used in files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ObligationKind::Defense => "defense",
            ObligationKind::Offense => "offense",
            ObligationKind::Neutrality => "neutrality",
            ObligationKind::Nonaggression => "nonaggression",
            ObligationKind::Consultation => "consultation",
            ObligationKind::Training => "training",
            ObligationKind::Exercises => "exercises",
            ObligationKind::IntelligenceSharing => "intelligence_sharing",
            ObligationKind::LogisticsSupport => "logistics_support",
            ObligationKind::Basing => "basing",
            ObligationKind::TechnologyTransfer => "technology_transfer",
            ObligationKind::Procurement => "procurement",
            ObligationKind::MilitaryAid => "military_aid",
        }
    }

    /// The kind for a name, accepting ATOP's short names (`neutral`, `nonagg`, `consul`).
    pub fn from_name(name: &str) -> Option<ObligationKind> {
        let name = name.trim().to_ascii_lowercase();
        let alias = match name.as_str() {
            "neutral" => "neutrality",
            "nonagg" => "nonaggression",
            "consul" => "consultation",
            other => other,
        };
        Self::ALL.into_iter().find(|k| k.name() == alias)
    }

    /// True for ATOP's five primary obligations.
    pub fn is_atop(self) -> bool {
        Self::ATOP.contains(&self)
    }
}

/// A place named in a condition. A small documented set, so that hand-entered
/// conditions can be matched by scenarios; `Unspecified` is a location
/// condition whose place the source does not code (as ATOP's `defcoloc`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    /// The obligor's or beneficiary's home territory (metropolitan territory).
    HomeTerritory,
    /// Europe.
    Europe,
    /// Africa.
    Africa,
    /// The Middle East.
    MiddleEast,
    /// Asia.
    Asia,
    /// The Americas.
    Americas,
    /// Oceania.
    Oceania,
    /// The North Atlantic area (NATO art 6: territory of the parties in Europe or
    /// North America, and islands north of the Tropic of Cancer).
    NorthAtlantic,
    /// The Pacific area (ANZUS art IV/V; US–Japan art V: territories under Japan's administration).
    Pacific,
    /// A place the source names but the set above does not.
    Named(String),
    /// A location condition whose place the source does not record.
    Unspecified,
}

/// A condition on which an obligation arises (the casus foederis).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "type", deny_unknown_fields)]
pub enum Condition {
    /// Only against particular adversaries; an empty list means the source
    /// says there is such a condition but not who (ATOP `defcoadv`).
    Adversary {
        /// The named adversaries.
        #[serde(default)]
        states: Vec<Ccode>,
        /// The source's wording, when it names a kind of adversary ("a European power").
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
    /// Only for conflict in a region (ATOP `defcoloc`).
    Location {
        /// The region.
        region: Region,
    },
    /// Only in a particular ongoing conflict (ATOP `defcocon`).
    SpecificConflict {
        /// Which conflict, if known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
    /// Only with at least this many adversaries (ATOP `defconum`); `None` when the source does not say how many.
    Attackers {
        /// Minimum number of attackers.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<u8>,
    },
    /// Only if the beneficiary did not provoke the attack (ATOP `defconpr`).
    NotProvoked,
    /// Only if the beneficiary asks (ATOP `concoreq`).
    PartnerRequest,
    /// Only if the beneficiary is attacked (ATOP `neucoatt`).
    BeneficiaryAttacked,
    /// Only if the ally or adversary fails to meet demands in the agreement (ATOP `defcodem`).
    Demands,
    /// Any other condition (ATOP `olimob`), described in words.
    Other {
        /// The condition in words.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
}

/// A place in a document attached to the agreement (its text, a translation):
/// where an obligation is stated. The store refuses a hand-written record whose
/// citation names no attached document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The document: its SHA-256 (64 hex digits) or its name.
    pub document: String,
    /// Where in it: an anchor (`art5`, an HTML element's id) or a heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
    /// The page (PDF), from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

/// A directed obligation: `obligor` owes `kind` to `beneficiary`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Obligation {
    /// The state that owes.
    pub obligor: Ccode,
    /// The state owed.
    pub beneficiary: Ccode,
    /// What is owed.
    pub kind: ObligationKind,
    /// Conditions that must hold for the obligation to arise; empty means unconditional.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    /// First day the obligation holds; `None`: from the agreement's entry into force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<PartialDate>,
    /// Last day the obligation holds; `None`: until the agreement ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<PartialDate>,
    /// The agreement phase this obligation belongs to, for phased (ATOP) agreements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<u16>,
    /// The article or clause that states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// Where the attached text states it: a document and a place in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cites: Option<Citation>,
    /// Where it comes from, if not the agreement's own source or, for an
    /// obligation read from its obligor's own entry (an ATOP member row), that
    /// party's provenance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
}

impl Obligation {
    /// True if the obligation's own interval allows `date` (the agreement's status aside).
    pub fn holds_on(&self, date: jiff::civil::Date) -> bool {
        self.from.is_none_or(|f| f.earliest() <= date)
            && self.until.is_none_or(|u| date <= u.latest())
    }
}
