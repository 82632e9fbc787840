//! How far each loaded dataset reaches, and the one wording every interface uses
//! when an answer covers dates past it.
//!
//! A dataset is coded to a last day (the COW state system to 2016-12-31, ATOP 5.1
//! to 2018). That day is not the end of the world: the registry carries the state
//! systems' memberships forward past it ([`crate::state::Membership::carry_forward`]),
//! agreements stand as last recorded, and panel variables are missing. Every answer
//! about a date past a source's last coded day says so, in the words of
//! [`CoverageNote`]: a note on the command line, a `coverage` field in the HTTP API,
//! a banner in the UI.
//!
//! ```
//! use foedus_domain::coverage::Coverage;
//! use foedus_domain::registry::SourceInfo;
//! let sources = [SourceInfo {
//!     source: "cow-states".into(),
//!     version: "2016".into(),
//!     span: Some((1816, 2016)),
//!     kept_current: false,
//! }];
//! let c = Coverage::new(&sources);
//! assert_eq!(c.last_day("cow-states"), Some(jiff::civil::date(2016, 12, 31)));
//! assert!(c.past_on(jiff::civil::date(2016, 12, 31), &[]).is_none());
//! let note = c.past_on(jiff::civil::date(2025, 1, 1), &[]).unwrap();
//! assert!(note.note.contains("cow-states 2016 (coded to 2016-12-31; COW membership carried forward)"));
//! ```

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::Serialize;

use crate::registry::SourceInfo;
use crate::state::System;

/// The sources that code a state system, whose memberships the registry carries
/// forward past their last coded day.
pub const MEMBERSHIP_SOURCES: [(&str, System); 2] =
    [("cow-states", System::Cow), ("gw", System::Gw)];

/// How far one dataset reaches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct SourceCoverage {
    /// The source's name (`atop`, `cow-states`).
    pub source: String,
    /// Its version.
    pub version: String,
    /// The first year it codes.
    pub first_year: i16,
    /// The last year it codes.
    pub last_year: i16,
    /// Its last coded day: the last day of `last_year`.
    #[schemars(with = "String")]
    pub last_day: Date,
    /// The state system it codes, whose memberships are carried forward past `last_day`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carries: Option<System>,
}

impl SourceCoverage {
    /// True if the source codes `date` (it is on or before its last coded day).
    pub fn covers(&self, date: Date) -> bool {
        date <= self.last_day
    }

    /// True if the source codes some day of `year`.
    pub fn covers_year(&self, year: i16) -> bool {
        year <= self.last_year
    }

    fn describe(&self) -> String {
        match self.carries {
            Some(system) => format!(
                "{} {} (coded to {}; {} membership carried forward)",
                self.source,
                self.version,
                self.last_day,
                match system {
                    System::Cow => "COW",
                    System::Gw => "G-W",
                }
            ),
            None => format!(
                "{} {} (coded to {})",
                self.source, self.version, self.last_year
            ),
        }
    }
}

/// How far every loaded dataset reaches. Registers kept current (the starter
/// registry, hand-written records) have no last day and are not listed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Coverage {
    /// The datasets, by name.
    pub sources: Vec<SourceCoverage>,
}

/// An answer that covers dates past some datasets' last coded day: what the CLI
/// prints as a note, the API returns as `coverage`, the UI shows as a banner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct CoverageNote {
    /// The dates asked, as the note words them (`2025-01-01`, `the years 1816–2024`).
    pub asked: String,
    /// The datasets whose data end before.
    pub past: Vec<SourceCoverage>,
    /// The note in words, the same in every interface.
    pub note: String,
}

impl std::fmt::Display for CoverageNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.note)
    }
}

impl Coverage {
    /// The coverage of the loaded sources: each dataset not kept current whose span is known.
    pub fn new(sources: &[SourceInfo]) -> Coverage {
        let mut out: Vec<SourceCoverage> = sources
            .iter()
            .filter(|s| !s.kept_current)
            .filter_map(|s| {
                let (first_year, last_year) = s.span?;
                Some(SourceCoverage {
                    source: s.source.clone(),
                    version: s.version.clone(),
                    first_year,
                    last_year,
                    last_day: Date::new(last_year, 12, 31).ok()?,
                    carries: MEMBERSHIP_SOURCES
                        .iter()
                        .find(|(name, _)| *name == s.source)
                        .map(|(_, system)| *system),
                })
            })
            .collect();
        out.sort_by(|a, b| a.source.cmp(&b.source));
        Coverage { sources: out }
    }

    /// One dataset's coverage.
    pub fn of(&self, source: &str) -> Option<&SourceCoverage> {
        self.sources.iter().find(|s| s.source == source)
    }

    /// A dataset's last coded day.
    pub fn last_day(&self, source: &str) -> Option<Date> {
        self.of(source).map(|s| s.last_day)
    }

    /// The last coded day of the source that codes `system`: memberships that end
    /// that day are carried forward.
    pub fn membership_last_day(&self, system: System) -> Option<Date> {
        self.sources
            .iter()
            .find(|s| s.carries == Some(system))
            .map(|s| s.last_day)
    }

    /// The last year any dataset codes: later years have coded data from none.
    pub fn last_year(&self) -> Option<i16> {
        self.sources.iter().map(|s| s.last_year).max()
    }

    /// The first year any dataset codes and the last: the years with coded data,
    /// for a UI's year slider and date fields.
    pub fn years_with_data(&self) -> Option<(i16, i16)> {
        let first = self.sources.iter().map(|s| s.first_year).min()?;
        Some((first, self.last_year()?))
    }

    /// The note for an answer about `date`, if it is past the last coded day of any
    /// dataset in `only` (every dataset if `only` is empty).
    pub fn past_on(&self, date: Date, only: &[&str]) -> Option<CoverageNote> {
        self.note(date.to_string(), only, |s| !s.covers(date))
    }

    /// The note for an answer about the years `from` to `to`, if any of them is past
    /// the last coded year of a dataset in `only` (every dataset if empty).
    pub fn past_in(&self, from: i16, to: i16, only: &[&str]) -> Option<CoverageNote> {
        let asked = if from == to {
            format!("the year {to}")
        } else {
            format!("the years {from}–{to}")
        };
        self.note(asked, only, |s| !s.covers_year(to))
    }

    fn note(
        &self,
        asked: String,
        only: &[&str],
        past: impl Fn(&SourceCoverage) -> bool,
    ) -> Option<CoverageNote> {
        let past: Vec<SourceCoverage> = self
            .sources
            .iter()
            .filter(|s| only.is_empty() || only.contains(&s.source.as_str()))
            .filter(|s| past(s))
            .cloned()
            .collect();
        if past.is_empty() {
            return None;
        }
        let note = wording(&asked, &past);
        Some(CoverageNote { asked, past, note })
    }
}

/// The one wording of a note about dates past datasets' coverage.
pub fn wording(asked: &str, past: &[SourceCoverage]) -> String {
    let list: Vec<String> = past.iter().map(SourceCoverage::describe).collect();
    format!(
        "{asked}: past the data of {}; after a source's last coded day its states' \
         membership is carried forward and its agreements stand as it last coded them; \
         panel variables are missing",
        list.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(name: &str, span: Option<(i16, i16)>, kept_current: bool) -> SourceInfo {
        SourceInfo {
            source: name.into(),
            version: "v".into(),
            span,
            kept_current,
        }
    }

    #[test]
    fn registers_kept_current_have_no_last_day() {
        let c = Coverage::new(&[
            source("starter", Some((1947, 2024)), true),
            source("atop", Some((1815, 2018)), false),
            source("nospan", None, false),
        ]);
        assert_eq!(c.sources.len(), 1);
        assert!(c.past_in(1816, 2018, &[]).is_none());
        let n = c.past_in(2017, 2019, &["atop"]).unwrap();
        assert_eq!(n.past[0].source, "atop");
        assert!(
            n.note
                .starts_with("the years 2017–2019: past the data of atop v")
        );
        assert!(c.past_in(2019, 2019, &["dcad"]).is_none());
    }
}
