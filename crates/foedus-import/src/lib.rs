//! Importers: the field's datasets, mapped into the foedus domain model.
//!
//! Each importer reads an [`Input`] (a file, a directory or a zip archive) and
//! returns a [`Batch`] of domain values (states with membership spells,
//! agreements with parties, directed obligations and events, capabilities,
//! major-power spells) with provenance on each; or an [`ImportError`] that
//! names the file, line and column, what it found and what it expected. An
//! importer never writes anything: the store commits a batch in one
//! transaction or not at all.

#![warn(missing_docs)]

mod atop;
mod cow;
mod dcad;
pub mod error;
mod gw;
mod history;
pub mod input;
pub mod layout;
mod nmc;
pub mod records;
mod select;
pub mod starter;
pub mod table;

use std::fmt;
use std::str::FromStr;

use foedus_domain::Agreement;
use foedus_domain::amendment::AmendmentFile;
use foedus_domain::history::HistoricalData;
use foedus_domain::reconcile::SourcedAmendment;
use foedus_domain::registry::{
    Capability, MajorPowerSpell, Registry, RegistryParts, SourceInfo, merge_states, span_of,
};
use foedus_domain::state::State;

pub use error::{ImportError, Location};
pub use input::{Input, InputFile, Limit, Limits};

/// The sources foedus imports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// ATOP 5.1: alliance, member, phase and institutionalisation files.
    Atop,
    /// COW state system membership (states2016 or States2024), with the yearly system file if given.
    CowStates,
    /// COW major powers.
    CowMajors,
    /// Gleditsch–Ward independent states, with microstates.
    Gw,
    /// COW National Material Capabilities (6.0 or 7.0).
    Nmc,
    /// Defense Cooperation Agreement Dataset 1.0.
    Dcad,
    /// Hand-written agreement records (a directory of TOML/JSON files, or a registry export).
    Records,
    /// Gibler–Miller–Little militarized interstate disputes: directed dispute-years,
    /// participants and disputes.
    GmlMid,
    /// COW inter-state wars, directed dyad-years.
    CowWars,
    /// COW direct contiguity.
    CowContiguity,
    /// Capitals with their coordinates and spells.
    Capitals,
    /// Democracy scores (V-Dem polyarchy, Polity 2, extended UDS) by COW state-year.
    Democracy,
    /// Thompson and Dreyer strategic rivalries.
    Rivalries,
}

impl Source {
    /// Every source, in the order `all` imports them.
    pub const ALL: [Source; 13] = [
        Source::CowStates,
        Source::CowMajors,
        Source::Gw,
        Source::Nmc,
        Source::Atop,
        Source::Dcad,
        Source::Records,
        Source::GmlMid,
        Source::CowWars,
        Source::CowContiguity,
        Source::Capitals,
        Source::Democracy,
        Source::Rivalries,
    ];

    /// The name users type and the store records.
    pub fn name(self) -> &'static str {
        match self {
            Source::Atop => "atop",
            Source::CowStates => "cow-states",
            Source::CowMajors => "cow-majors",
            Source::Gw => "gw",
            Source::Nmc => "nmc",
            Source::Dcad => "dcad",
            Source::Records => "records",
            Source::GmlMid => "gml-mid",
            Source::CowWars => "cow-wars",
            Source::CowContiguity => "cow-contiguity",
            Source::Capitals => "capitals",
            Source::Democracy => "democracy",
            Source::Rivalries => "rivalries",
        }
    }

    /// True if `input` holds the files this source reads: `foedus import all` skips a
    /// conflict or geography source whose file is not in its directory.
    pub fn present_in(self, input: &Input) -> bool {
        history::present(self, input)
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Source {
    type Err = String;

    fn from_str(s: &str) -> Result<Source, String> {
        Source::ALL
            .into_iter()
            .find(|x| x.name() == s)
            .ok_or_else(|| {
                format!(
                    "unknown source {}: expected one of {}",
                    foedus_domain::quote::quote(s),
                    Source::ALL.map(|s| s.name()).join(", ")
                )
            })
    }
}

/// A file an import read, for the import log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileDigest {
    /// The name shown.
    pub name: String,
    /// SHA-256 of the contents.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// What one import produced, ready to be stored in one transaction.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    /// The source's version as found in the files (`5.1`, `2016`).
    pub version: String,
    /// The files read.
    pub files: Vec<FileDigest>,
    /// States with their membership spells in the source's system.
    pub states: Vec<State>,
    /// Agreements.
    pub agreements: Vec<Agreement>,
    /// Amendments of agreements other sources hold (hand-written records only).
    pub amendments: Vec<AmendmentFile>,
    /// State-year capabilities.
    pub capabilities: Vec<Capability>,
    /// Major-power spells.
    pub major_powers: Vec<MajorPowerSpell>,
    /// Disputes, wars, contiguity, capitals, democracy scores, rivalries.
    pub history: HistoricalData,
    /// Things a user should know that did not stop the import (e.g. members outside the system).
    pub notes: Vec<String>,
    /// The years the source covers, where it says so (ATOP 5.1: 1815–2018; DCAD 1.0: 1980–2010).
    pub coverage: Option<(i16, i16)>,
    /// A register kept current by hand (hand-written records, the starter registry),
    /// not a dataset closed at a last year: it speaks for today as well.
    pub kept_current: bool,
}

impl Batch {
    /// Records the files read.
    pub fn read_files<'a>(&mut self, files: impl IntoIterator<Item = &'a InputFile>) {
        for f in files {
            self.files.push(FileDigest {
                name: f.name.clone(),
                sha256: f.sha256(),
                bytes: f.bytes.len() as u64,
            });
        }
    }

    /// Counts by kind, for summaries: (states, memberships, agreements, obligations, capabilities, major-power spells).
    pub fn counts(&self) -> Vec<(&'static str, usize)> {
        [
            ("states", self.states.len()),
            (
                "membership spells",
                self.states.iter().map(|s| s.memberships.len()).sum(),
            ),
            ("agreements", self.agreements.len()),
            (
                "parties",
                self.agreements.iter().map(|a| a.parties.len()).sum(),
            ),
            (
                "obligations",
                self.agreements.iter().map(|a| a.obligations.len()).sum(),
            ),
            ("capability state-years", self.capabilities.len()),
            ("major-power spells", self.major_powers.len()),
        ]
        .into_iter()
        .chain(self.history.counts())
        .collect()
    }
}

/// The registry snapshot that imported batches make without a store: states merged
/// by identity, each agreement's source recorded, each source's coverage as the
/// importer declared it or, as the store records it, the span of its records. For
/// tests, benchmarks and scripts that read the datasets directly;
/// `foedus_store::Store::load` is the snapshot of a database.
pub fn registry_of(batches: impl IntoIterator<Item = (Source, Batch)>) -> Registry {
    registry_named(batches.into_iter().map(|(s, b)| (s.name().to_string(), b)))
}

/// [`registry_of`] with each batch under the source name the store would give it
/// (`starter` for the starter registry, a name chosen for a records directory).
pub fn registry_named(batches: impl IntoIterator<Item = (String, Batch)>) -> Registry {
    let mut parts = RegistryParts::default();
    let mut states = Vec::new();
    for (source, b) in batches {
        parts.sources.push(SourceInfo {
            source: source.clone(),
            version: b.version.clone(),
            span: b
                .coverage
                .or_else(|| span_of(&b.states, &b.agreements, &b.capabilities, &b.major_powers))
                .or_else(|| b.history.span()),
            kept_current: b.kept_current,
        });
        for a in &b.agreements {
            parts.origins.insert(a.id.clone(), source.clone());
        }
        parts
            .curation
            .amendments
            .extend(b.amendments.into_iter().map(|file| SourcedAmendment {
                source: source.clone(),
                file,
            }));
        states.extend(b.states);
        parts.records.extend(b.agreements);
        parts.capabilities.extend(b.capabilities);
        parts.major_powers.extend(b.major_powers);
        parts.history.extend(b.history);
    }
    parts.states = merge_states(states);
    Registry::from_parts(parts)
}

/// Reads `input` as `source`.
///
/// Every record carries its provenance: the source, its version and a locator
/// `file line N`. How each source maps onto the domain model is documented in
/// `docs/sources.md`.
pub fn import(source: Source, input: &Input) -> Result<Batch, ImportError> {
    match source {
        Source::CowStates => cow::import_states(input),
        Source::CowMajors => cow::import_majors(input),
        Source::Gw => gw::import(input),
        Source::Nmc => nmc::import(input),
        Source::Dcad => dcad::import(input),
        Source::Atop => atop::import(input),
        Source::GmlMid => history::import_gml(input),
        Source::CowWars => history::import_wars(input),
        Source::CowContiguity => history::import_contiguity(input),
        Source::Capitals => history::import_capitals(input),
        Source::Democracy => history::import_democracy(input),
        Source::Rivalries => history::import_rivalries(input),
        Source::Records => Err(ImportError::file(
            source.name(),
            "an importer not written yet",
            "one of the sources foedus reads",
        )),
    }
}
