//! What a query finds wrong or missing, typed. Messages name the value given and
//! what was expected; they never name a command to run: the CLI and the HTTP API
//! each add their own hint, and each names the argument or parameter at fault
//! from [`QueryError::field`].

use foedus_domain::quote::quote;

/// Why a text names no single state.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StateError {
    /// Nothing given.
    #[error(
        "no state given: expected a COW number, a COW abbreviation, an ISO alpha-3 code or a name"
    )]
    Empty,
    /// Longer than any state's name.
    #[error("{length} characters is too long for a state; expected at most {max}")]
    TooLong {
        /// Characters given.
        length: usize,
        /// The most accepted.
        max: usize,
    },
    /// No state has this code, name or alias.
    #[error(
        "unknown state {}: expected a COW number, a COW abbreviation (USA, UKG, RUS), an ISO alpha-3 code (GBR), a name or an alias{}",
        quote(.given),
        suggest(.suggestions)
    )]
    Unknown {
        /// The text given.
        given: String,
        /// States whose names come close, best first (at most five).
        suggestions: Vec<String>,
    },
    /// One state's COW abbreviation and another's ISO code (`AUS`).
    #[error(
        "state code {} is ambiguous: the COW abbreviation of {cow} ({cow_code}) and the ISO code of {iso} ({iso_code}); expected the COW number",
        quote(.given)
    )]
    Ambiguous {
        /// The code given.
        given: String,
        /// The state whose COW abbreviation it is.
        cow: String,
        /// Its COW number.
        cow_code: u16,
        /// The state whose ISO code it is.
        iso: String,
        /// Its COW number.
        iso_code: u16,
    },
}

fn suggest(s: &[String]) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!(" (close: {})", s.join(", "))
    }
}

fn list(xs: &[String]) -> String {
    if xs.is_empty() {
        "none".into()
    } else {
        xs.join(", ")
    }
}

/// Why a question cannot be answered as asked.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// A state argument names no single state.
    #[error("{error}")]
    State {
        /// The argument (`party`, `partner`, `attacker`, `target`, `code`).
        field: &'static str,
        /// Why.
        error: StateError,
    },
    /// No such family of agreements.
    #[error("unknown family {}: expected one of {}", quote(.given), .expected.join(", "))]
    UnknownFamily {
        /// The text given.
        given: String,
        /// The families' names.
        expected: Vec<&'static str>,
    },
    /// No such obligation type.
    #[error("unknown obligation type {}: expected one of {}", quote(.given), .expected.join(", "))]
    UnknownObligation {
        /// The text given.
        given: String,
        /// The types' names.
        expected: Vec<&'static str>,
    },
    /// A source the registry does not hold.
    #[error("source {} is not loaded: loaded are {}", quote(.given), list(.loaded))]
    SourceNotLoaded {
        /// The source asked.
        given: String,
        /// The sources loaded.
        loaded: Vec<String>,
    },
    /// A text longer than a search takes.
    #[error("{length} characters is too long; expected at most {max}")]
    TextTooLong {
        /// The argument.
        field: &'static str,
        /// Characters given.
        length: usize,
        /// The most accepted.
        max: usize,
    },
    /// Not an agreement id.
    #[error("{message}")]
    BadAgreementId {
        /// Why, from the domain.
        message: String,
    },
    /// No agreement has this id, nor any record reconciled into one.
    #[error(
        "no agreement {} in the registry{}{}",
        quote(.given),
        .dataset_not_loaded.as_deref().map(|d| format!(": its dataset, {d}, is not loaded")).unwrap_or_default(),
        .waiting.iter().map(|w| format!("\n  {w}")).collect::<String>()
    )]
    UnknownAgreement {
        /// The id given.
        given: String,
        /// The dataset the id names (`atop` for `atop-3215`), when it is not loaded.
        dataset_not_loaded: Option<String>,
        /// Amendments waiting for that agreement, in words.
        waiting: Vec<String>,
    },
    /// A source asked for holds no record of the agreement.
    #[error("{source_name} holds no record of `{id}`: its records come from {}", list(.sources))]
    NoRecordFrom {
        /// The source asked.
        source_name: String,
        /// The agreement.
        id: String,
        /// The sources of its records.
        sources: Vec<String>,
    },
    /// An unknown place of a scenario.
    #[error("unknown place {}: expected {}", quote(.given), .expected.join(", "))]
    UnknownPlace {
        /// The text given.
        given: String,
        /// The places' names.
        expected: Vec<&'static str>,
    },
    /// Not yes, no or unknown.
    #[error("found {}; expected yes, no or unknown", quote(.given))]
    NotYesNo {
        /// The argument (`provoked`, `requested`).
        field: &'static str,
        /// The text given.
        given: String,
    },
    /// A number of attackers out of range.
    #[error("{given} is out of range; expected 1 to {max} (the attacker included)")]
    Attackers {
        /// The number given.
        given: u32,
        /// The most accepted.
        max: u32,
    },
    /// The state system is not loaded.
    #[error("{what} need the COW state system, which is not loaded")]
    NoStateSystem {
        /// The answer that needs it, plural (`alliance networks`).
        what: &'static str,
    },
    /// A dataset an answer needs is not loaded.
    #[error("{what} need the {source_name} data, which is not loaded")]
    NotLoaded {
        /// The answer that needs it, plural (`alliance networks`).
        what: &'static str,
        /// The source (`atop`).
        source_name: &'static str,
    },
    /// Two datasets' years do not overlap.
    #[error("{what}: {a}'s years ({a_years}) and {b}'s years ({b_years}) do not overlap")]
    NoOverlap {
        /// The answer.
        what: &'static str,
        /// One source.
        a: &'static str,
        /// Its years.
        a_years: String,
        /// The other.
        b: &'static str,
        /// Its years.
        b_years: String,
    },
    /// Not a probability (finite, 0 to 1).
    #[error("{given} is not a probability; expected a number from 0 to 1")]
    Probability {
        /// The parameter (`honour_all`, `honour.defense`...).
        field: &'static str,
        /// The value given, as written back.
        given: String,
    },
    /// Neither a probability nor `empirical`.
    #[error("found {}; expected a probability from 0 to 1 or `empirical`", quote(.given))]
    HonourText {
        /// The text given.
        given: String,
    },
    /// Not `KIND=P`.
    #[error("found {}; expected KIND=P, e.g. defense=0.75", quote(.given))]
    HonourByType {
        /// The text given.
        given: String,
    },
    /// A type a cascade draws no commitment of.
    #[error("unknown obligation type {}: expected defense, offense, neutrality or nonaggression", quote(.given))]
    HonourType {
        /// The text given.
        given: String,
    },
    /// Not a word `possibly` takes.
    #[error("found {}; expected {}", quote(.given), crate::honour::POSSIBLY_EXPECTED)]
    Possibly {
        /// The text given.
        given: String,
    },
    /// Probabilities by type with empirical rates.
    #[error("probabilities by type ({}) cannot be combined with empirical rates: the reliability record gives every type's rate", .given.join(", "))]
    EmpiricalByType {
        /// The types given.
        given: Vec<String>,
    },
}

impl QueryError {
    /// The argument or parameter at fault, by the HTTP API's name (`party`,
    /// `family`, `place`); the CLI maps it to its flag.
    pub fn field(&self) -> Option<&'static str> {
        Some(match self {
            QueryError::State { field, .. } => field,
            QueryError::UnknownFamily { .. } => "family",
            QueryError::UnknownObligation { .. } => "obligation",
            QueryError::SourceNotLoaded { .. } | QueryError::NoRecordFrom { .. } => "source",
            QueryError::TextTooLong { field, .. } => field,
            QueryError::BadAgreementId { .. } | QueryError::UnknownAgreement { .. } => "id",
            QueryError::UnknownPlace { .. } => "place",
            QueryError::NotYesNo { field, .. } => field,
            QueryError::Attackers { .. } => "attackers",
            QueryError::Probability { field, .. } => field,
            QueryError::HonourText { .. } | QueryError::EmpiricalByType { .. } => "honour_all",
            QueryError::HonourByType { .. } | QueryError::HonourType { .. } => "honour",
            QueryError::Possibly { .. } => "possibly",
            QueryError::NoStateSystem { .. }
            | QueryError::NotLoaded { .. }
            | QueryError::NoOverlap { .. } => return None,
        })
    }

    /// True when what is missing is data not loaded, not a bad value.
    pub fn is_missing_data(&self) -> bool {
        matches!(
            self,
            QueryError::NoStateSystem { .. }
                | QueryError::NotLoaded { .. }
                | QueryError::NoOverlap { .. }
        )
    }
}
