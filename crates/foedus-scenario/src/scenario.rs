//! A scenario: who attacks whom, when, where, and what else is known.

use jiff::civil::Date;
use serde::Serialize;

use foedus_domain::obligation::Region;
use foedus_domain::state::Ccode;

/// Yes, no, or not known.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tri {
    /// Yes.
    Yes,
    /// No.
    No,
    /// Not known: conditions that depend on it are left open.
    #[default]
    Unknown,
}

impl Tri {
    /// From `yes`, `no` or `unknown`.
    pub fn parse(text: &str) -> Option<Tri> {
        match text.trim().to_ascii_lowercase().as_str() {
            "yes" | "y" | "true" => Some(Tri::Yes),
            "no" | "n" | "false" => Some(Tri::No),
            "unknown" | "?" => Some(Tri::Unknown),
            _ => None,
        }
    }

    /// `yes`, `no` or `unknown`.
    pub fn name(self) -> &'static str {
        match self {
            Tri::Yes => "yes",
            Tri::No => "no",
            Tri::Unknown => "unknown",
        }
    }
}

/// An attack: the question a casus foederis answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Scenario {
    /// The state that attacks.
    pub attacker: Ccode,
    /// The state attacked.
    pub target: Ccode,
    /// The day of the attack.
    pub date: Date,
    /// Where the attack takes place (see [`crate::region`]); empty: not given.
    pub place: Vec<Region>,
    /// The target provoked the attack.
    pub provoked: Tri,
    /// How many states attack (the attacker included); `None`: not given.
    pub attackers: Option<u8>,
    /// The target asks its partners for help (or consultation).
    pub requested: Tri,
}

impl Scenario {
    /// An attack with nothing else known.
    pub fn new(attacker: Ccode, target: Ccode, date: Date) -> Scenario {
        Scenario {
            attacker,
            target,
            date,
            place: Vec::new(),
            provoked: Tri::Unknown,
            attackers: None,
            requested: Tri::Unknown,
        }
    }
}

/// Why a scenario or its options cannot be evaluated.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ScenarioError {
    /// A state the registry does not know.
    #[error(
        "unknown state {}: expected a COW number, a COW abbreviation, an ISO alpha-3 code or a name the registry knows",
        foedus_domain::quote::quote(.0)
    )]
    UnknownState(String),
    /// The attacker is the target.
    #[error("the attacker and the target are the same state ({0}): a scenario needs two states")]
    SameState(String),
    /// No agreement data covers the date.
    #[error("no agreement data covers {date}: the registry covers {covers}")]
    DateOutsideData {
        /// The date asked.
        date: Date,
        /// What the registry covers, in words.
        covers: String,
    },
    /// A state that is not a member of the state system on the date.
    #[error("{state} is not a member of the COW state system on {date} ({spells})")]
    NotAMember {
        /// The state.
        state: String,
        /// The date asked.
        date: Date,
        /// Its spells, in words.
        spells: String,
    },
    /// A probability outside [0, 1].
    #[error("{what} must be a probability between 0 and 1, got {value}")]
    Probability {
        /// Which one.
        what: String,
        /// The value given.
        value: f64,
    },
    /// No runs asked.
    #[error("the number of runs must be at least 1")]
    ZeroRuns,
    /// An attackers count of zero.
    #[error("the number of attackers must be at least 1 (the attacker itself)")]
    ZeroAttackers,
    /// An empty or inverted window.
    #[error("the window {from} to {until} is empty: expected its first day no later than its last")]
    EmptyWindow {
        /// First day.
        from: Date,
        /// Last day.
        until: Date,
    },
    /// A window longer than the limit asked for.
    #[error("the window {from} to {until} is longer than {max_years} years")]
    LongWindow {
        /// First day.
        from: Date,
        /// Last day.
        until: Date,
        /// The limit.
        max_years: i16,
    },
    /// More runs than the limit asked for.
    #[error("{runs} runs are more than the limit of {max}")]
    TooManyRuns {
        /// Runs asked.
        runs: u64,
        /// The limit.
        max: u64,
    },
    /// The caller stopped the runs (Ctrl-C).
    #[error("stopped after {done} of {asked} runs")]
    Stopped {
        /// Runs finished.
        done: u64,
        /// Runs asked.
        asked: u64,
    },
}
