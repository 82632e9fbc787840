//! Curated amendments: corrections of an agreement another source holds, written
//! beside it rather than over a copy of it.
//!
//! An amendment names the agreement it amends (`amends`), and adds names with
//! their citations, identifiers, and lifecycle events each with its provenance.
//! It is stored as its own source's contribution and applied when the registry
//! reconciles its sources ([`crate::reconcile`]), so re-importing the amended
//! dataset keeps it. The format is documented in `docs/records.md`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::agreement::{AgreementId, Event, Identifiers};
use crate::provenance::Provenance;

/// What a name is to its agreement.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum NameKind {
    /// The official title (at most one per amendment).
    Title,
    /// The short name it is known by: "ANZUS" (at most one per amendment).
    Short,
    /// Another name it is known by: "Pacific Security Treaty" (any number).
    Alias,
}

impl NameKind {
    /// The name used in files and on screen.
    pub fn name(self) -> &'static str {
        match self {
            NameKind::Title => "title",
            NameKind::Short => "short",
            NameKind::Alias => "alias",
        }
    }
}

/// A name of an agreement, with where it is attested.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Name {
    /// The name.
    pub name: String,
    /// Title, short name or alias.
    pub kind: NameKind,
    /// Where the name is attested (a treaty series, the treaty's text, an official page).
    pub citation: String,
}

/// A curated correction of an agreement another source holds (docs/records.md).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Amendment {
    /// The foedus id of the agreement amended (`atop-3215`).
    pub amends: AgreementId,
    /// Names: a title (at most one), a short name (at most one), aliases.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<Name>,
    /// Identifiers in other sources (UNTS registration number, TIAS, ...): they also
    /// link the agreement to those sources' records.
    #[serde(default, skip_serializing_if = "Identifiers::is_empty")]
    pub ids: Identifiers,
    /// Lifecycle events, each with its own provenance: an event of a kind the
    /// agreement already records (its entry into force) corrects that event's date;
    /// any other adds to its life (a suspension, a termination by supersession).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
    /// Free text: why the amendment is needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Who vouches for the amendment as a whole.
    pub provenance: Provenance,
}

/// An amendment as read from its file: the file's name and the line of each field,
/// so that a problem found later (when the amended source is imported) still names
/// the file, line and field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AmendmentFile {
    /// The file, as it was given (`amendments/anzus-1951.toml`).
    pub file: String,
    /// The 1-based line of each field path (`amends`, `events[1]`, `events[1].date`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub lines: BTreeMap<String, u32>,
    /// The amendment.
    pub amendment: Amendment,
}

impl AmendmentFile {
    /// The line of a field, or of the nearest enclosing field the file records.
    pub fn line_of(&self, field: &str) -> Option<u32> {
        field_line(&self.lines, field)
    }
}

/// The line of a field path in a map of field lines (`events[1].date`), or of the
/// nearest enclosing field it has (`events[1]`, `events`).
pub fn field_line(lines: &BTreeMap<String, u32>, field: &str) -> Option<u32> {
    let mut path = field;
    loop {
        if let Some(&l) = lines.get(path) {
            return Some(l);
        }
        path = &path[..path.rfind(['.', '['])?];
    }
}

/// One thing wrong with an amendment, located in its file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema, thiserror::Error)]
#[error("{file}{}: {field}: found {found}; expected {expected}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct AmendmentProblem {
    /// The amendment's file.
    pub file: String,
    /// The line of the field, if known.
    pub line: Option<u32>,
    /// The field path (`amends`, `events[1]`).
    pub field: String,
    /// What is there.
    pub found: String,
    /// What should be.
    pub expected: String,
}

impl AmendmentProblem {
    /// A problem with a field of `file`, at the field's line.
    pub fn at(
        file: &AmendmentFile,
        field: impl Into<String>,
        found: impl Into<String>,
        expected: impl Into<String>,
    ) -> Self {
        let field = field.into();
        AmendmentProblem {
            file: file.file.clone(),
            line: file.line_of(&field),
            field,
            found: found.into(),
            expected: expected.into(),
        }
    }
}

impl Amendment {
    /// Problems the amendment has on its own, before it meets its target: more than
    /// one title or short name, an empty name or citation. Field paths are the file's.
    pub fn problems(&self) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        for kind in [NameKind::Title, NameKind::Short] {
            let of_kind: Vec<usize> = self
                .names
                .iter()
                .enumerate()
                .filter(|(_, n)| n.kind == kind)
                .map(|(i, _)| i)
                .collect();
            if let Some(&second) = of_kind.get(1) {
                out.push((
                    format!("names[{second}].kind"),
                    format!("a second name of kind `{}`", kind.name()),
                    format!("at most one `{}` name (aliases may be many)", kind.name()),
                ));
            }
        }
        for (i, n) in self.names.iter().enumerate() {
            if n.name.trim().is_empty() {
                out.push((
                    format!("names[{i}].name"),
                    "an empty name".into(),
                    "the name as the source gives it".into(),
                ));
            }
            if n.citation.trim().is_empty() {
                out.push((
                    format!("names[{i}].citation"),
                    "an empty citation".into(),
                    "where the name is attested".into(),
                ));
            }
        }
        if self.names.is_empty() && self.events.is_empty() && self.ids.is_empty() {
            out.push((
                "amends".into(),
                format!("an amendment of `{}` that changes nothing", self.amends),
                "names, identifiers or events".into(),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_of_falls_back_to_the_enclosing_field() {
        let f = AmendmentFile {
            file: "a.toml".into(),
            lines: [("amends".to_string(), 2), ("events[1]".to_string(), 20)]
                .into_iter()
                .collect(),
            amendment: Amendment {
                amends: AgreementId::new("atop-1").unwrap(),
                names: vec![],
                ids: Identifiers::default(),
                events: vec![],
                notes: None,
                provenance: Provenance::default(),
            },
        };
        assert_eq!(f.line_of("events[1].date"), Some(20));
        assert_eq!(f.line_of("amends"), Some(2));
        assert_eq!(f.line_of("names[0]"), None);
        assert!(f.amendment.problems()[0].1.contains("changes nothing"));
    }
}
