//! Where every fact came from, and how far to trust it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How much a record's author trusts a fact.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Taken from the source without doubt.
    #[default]
    High,
    /// The source is indirect or partly inferred.
    Medium,
    /// Uncertain; shown to users with a warning.
    Low,
}

/// The source of a record or of one fact in it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// The dataset or publication: `ATOP`, `DCAD`, `COW`, `UNTS`, `foedus-starter`, a ministry.
    pub source: String,
    /// The source's version or edition (`5.1`, `2016`), if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Where in the source: a file and line, a table row, a page or article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
    /// A full citation a reader can follow (official title, treaty series volume and page, URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// How far the record's author trusts it.
    #[serde(default)]
    pub confidence: Confidence,
    /// The source does not state the value but implies it from another of its values
    /// (ATOP dates entry into force from signature): any stated claim outranks it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
}

impl Provenance {
    /// A provenance naming only its source and version.
    pub fn new(source: impl Into<String>, version: Option<&str>) -> Self {
        Provenance {
            source: source.into(),
            version: version.map(str::to_string),
            ..Provenance::default()
        }
    }

    /// The same provenance, for a value the source infers rather than states.
    pub fn inferred(&self) -> Self {
        Provenance {
            inferred: true,
            ..self.clone()
        }
    }

    /// The same provenance pointing at `locator`.
    pub fn at(&self, locator: impl Into<String>) -> Self {
        Provenance {
            locator: Some(locator.into()),
            ..self.clone()
        }
    }
}

/// One source's claim about a value, kept beside the value that was chosen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Claim<T> {
    /// What this source says.
    pub value: T,
    /// Who says it.
    pub provenance: Provenance,
}
