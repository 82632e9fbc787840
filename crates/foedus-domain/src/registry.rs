//! The registry snapshot: everything loaded, immutable, indexed for analyses.
//!
//! Analyses and the service work on a [`Registry`]: states indexed densely
//! ([`StateIx`]), agreements by id, capabilities by state and year. It is
//! built once from what the store holds and never changes; a write produces a
//! new snapshot.

use std::collections::HashMap;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::agreement::{Agreement, AgreementId};
use crate::provenance::Provenance;
use crate::state::{Ccode, Membership, State, System};

/// A dense index into [`Registry::states`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct StateIx(pub u32);

/// One state-year of National Material Capabilities (NMC). Missing values are `None`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Capability {
    /// The state.
    pub ccode: Ccode,
    /// The year.
    pub year: i16,
    /// Military expenditure (thousands of current US dollars before 1914: pounds; see the NMC codebook).
    pub milex: Option<f64>,
    /// Military personnel (thousands).
    pub milper: Option<f64>,
    /// Iron and steel production (thousands of tons).
    pub irst: Option<f64>,
    /// Primary energy consumption (thousands of coal-ton equivalents).
    pub pec: Option<f64>,
    /// Total population (thousands).
    pub tpop: Option<f64>,
    /// Urban population (thousands).
    pub upop: Option<f64>,
    /// Composite Index of National Capability.
    pub cinc: Option<f64>,
}

/// A spell as a major power (COW).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MajorPowerSpell {
    /// The state.
    pub ccode: Ccode,
    /// First day.
    #[schemars(with = "String")]
    pub start: Date,
    /// Last day.
    #[schemars(with = "String")]
    pub end: Date,
    /// Where it comes from.
    pub provenance: Provenance,
}

/// What the registry holds from one source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SourceInfo {
    /// Source name (`atop`, `cow-states`, `dcad`, `starter`).
    pub source: String,
    /// Its version.
    pub version: String,
    /// The years its data cover (first, last), if it says.
    pub span: Option<(i16, i16)>,
    /// A register kept current by hand (the starter registry, hand-written records,
    /// edits through the service), not a dataset closed at a last year: it speaks
    /// for every year from its first on, today included.
    #[serde(default)]
    pub kept_current: bool,
}

/// The immutable snapshot analyses run on.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    states: Vec<State>,
    by_ccode: HashMap<u16, StateIx>,
    by_gwcode: HashMap<u16, StateIx>,
    agreements: Vec<Agreement>,
    by_id: HashMap<AgreementId, usize>,
    capabilities: Vec<Capability>,
    major_powers: Vec<MajorPowerSpell>,
    sources: Vec<SourceInfo>,
    origins: HashMap<AgreementId, String>,
}

impl Registry {
    /// Builds a snapshot. States are indexed in the order given; capabilities
    /// are sorted by state and year.
    pub fn new(
        states: Vec<State>,
        agreements: Vec<Agreement>,
        mut capabilities: Vec<Capability>,
        major_powers: Vec<MajorPowerSpell>,
        sources: Vec<SourceInfo>,
    ) -> Registry {
        let mut by_ccode = HashMap::new();
        let mut by_gwcode = HashMap::new();
        for (i, s) in states.iter().enumerate() {
            let ix = StateIx(i as u32);
            if let Some(c) = s.ccode {
                by_ccode.entry(c.0).or_insert(ix);
            }
            if let Some(g) = s.gwcode {
                by_gwcode.entry(g.0).or_insert(ix);
            }
        }
        let by_id = agreements
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.clone(), i))
            .collect();
        capabilities.sort_by_key(|c| (c.ccode, c.year));
        Registry {
            states,
            by_ccode,
            by_gwcode,
            agreements,
            by_id,
            capabilities,
            major_powers,
            sources,
            origins: HashMap::new(),
        }
    }

    /// Records which source each agreement came from (the store knows; records do not).
    pub fn with_origins(mut self, origins: HashMap<AgreementId, String>) -> Registry {
        self.origins = origins;
        self
    }

    /// The source an agreement came from (`atop`, `dcad`, `starter`), if known.
    pub fn origin(&self, id: &AgreementId) -> Option<&str> {
        self.origins.get(id).map(String::as_str)
    }

    /// Every state.
    pub fn states(&self) -> &[State] {
        &self.states
    }

    /// The state at an index.
    pub fn state(&self, ix: StateIx) -> &State {
        &self.states[ix.0 as usize]
    }

    /// The index of a COW code.
    pub fn by_ccode(&self, c: Ccode) -> Option<StateIx> {
        self.by_ccode.get(&c.0).copied()
    }

    /// The index of a G-W code.
    pub fn by_gwcode(&self, g: u16) -> Option<StateIx> {
        self.by_gwcode.get(&g).copied()
    }

    /// A state by any code users type: COW number, COW or G-W abbreviation, ISO alpha-3, or name.
    pub fn find_state(&self, code: &str) -> Option<StateIx> {
        let code = code.trim();
        if let Ok(n) = code.parse::<u16>() {
            return self.by_ccode(Ccode(n)).or_else(|| self.by_gwcode(n));
        }
        let found = self
            .states
            .iter()
            .position(|s| s.abbrev.eq_ignore_ascii_case(code))
            .or_else(|| {
                self.states.iter().position(|s| {
                    s.iso3
                        .as_deref()
                        .is_some_and(|i| i.eq_ignore_ascii_case(code))
                })
            })
            .or_else(|| {
                self.states
                    .iter()
                    .position(|s| s.name.eq_ignore_ascii_case(code))
            });
        found.map(|i| StateIx(i as u32))
    }

    /// The state's spells in a system.
    pub fn memberships(&self, ix: StateIx, system: System) -> impl Iterator<Item = &Membership> {
        self.state(ix).spells(system)
    }

    /// Every agreement.
    pub fn agreements(&self) -> &[Agreement] {
        &self.agreements
    }

    /// An agreement by id.
    pub fn agreement(&self, id: &AgreementId) -> Option<&Agreement> {
        self.by_id.get(id).map(|&i| &self.agreements[i])
    }

    /// Every state-year of capabilities, by state then year.
    pub fn capabilities(&self) -> &[Capability] {
        &self.capabilities
    }

    /// The capabilities of one state in one year.
    pub fn capability(&self, c: Ccode, year: i16) -> Option<&Capability> {
        self.capabilities
            .binary_search_by_key(&(c, year), |x| (x.ccode, x.year))
            .ok()
            .map(|i| &self.capabilities[i])
    }

    /// Major-power spells.
    pub fn major_powers(&self) -> &[MajorPowerSpell] {
        &self.major_powers
    }

    /// What is loaded.
    pub fn sources(&self) -> &[SourceInfo] {
        &self.sources
    }

    /// True if a source with this name is loaded.
    pub fn has_source(&self, name: &str) -> bool {
        self.sources.iter().any(|s| s.source == name)
    }

    /// A loaded source by name.
    pub fn source(&self, name: &str) -> Option<&SourceInfo> {
        self.sources.iter().find(|s| s.source == name)
    }
}

/// The first and last year a source's records name (membership spells, agreement
/// events, capability years, major-power spells): its span when the source does
/// not declare the years it covers.
pub fn span_of(
    states: &[State],
    agreements: &[Agreement],
    capabilities: &[Capability],
    major_powers: &[MajorPowerSpell],
) -> Option<(i16, i16)> {
    let memberships = states.iter().flat_map(|s| &s.memberships);
    let years = memberships
        .flat_map(|m| std::iter::once(m.start.year()).chain(m.end.map(|e| e.year())))
        .chain(
            agreements
                .iter()
                .flat_map(|a| &a.events)
                .map(|e| e.date.earliest().year()),
        )
        .chain(capabilities.iter().map(|c| c.year))
        .chain(
            major_powers
                .iter()
                .flat_map(|m| [m.start.year(), m.end.year()]),
        );
    years.fold(None, |span, y| match span {
        None => Some((y, y)),
        Some((a, b)) => Some((a.min(y), b.max(y))),
    })
}

/// Merges states from several sources into one list, one state per identity.
///
/// A state's identity is its COW code when it has one, else its G-W code: a
/// G-W record that carries the COW code of a COW state joins that state (its
/// spells and G-W code added), and a G-W state with no COW counterpart stays on
/// its own. The result is ordered by COW code, then G-W code.
pub fn merge_states(states: impl IntoIterator<Item = State>) -> Vec<State> {
    let mut merged: Vec<State> = Vec::new();
    let mut by_key: HashMap<(bool, u16), usize> = HashMap::new();
    for s in states {
        let key = match (s.ccode, s.gwcode) {
            (Some(c), _) => (true, c.0),
            (None, Some(g)) => (false, g.0),
            (None, None) => continue,
        };
        match by_key.get(&key) {
            Some(&i) => {
                let into = &mut merged[i];
                into.gwcode = into.gwcode.or(s.gwcode);
                into.iso3 = into.iso3.take().or(s.iso3);
                if into.name != s.name && !into.other_names.contains(&s.name) {
                    into.other_names.push(s.name);
                }
                into.memberships.extend(s.memberships);
                into.memberships.sort_by_key(|m| (m.system, m.start));
            }
            None => {
                by_key.insert(key, merged.len());
                merged.push(s);
            }
        }
    }
    merged.sort_by_key(|s| {
        (
            s.ccode.is_none(),
            s.ccode.map(|c| c.0),
            s.gwcode.map(|g| g.0),
        )
    });
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Gwcode;

    fn state(ccode: Option<u16>, gwcode: Option<u16>, system: System, name: &str) -> State {
        State {
            ccode: ccode.map(Ccode),
            gwcode: gwcode.map(Gwcode),
            iso3: None,
            abbrev: name[..3].to_uppercase(),
            name: name.into(),
            other_names: vec![],
            memberships: vec![Membership {
                system,
                code: ccode.or(gwcode).unwrap(),
                start: jiff::civil::date(1816, 1, 1),
                end: None,
                microstate: false,
                provenance: Provenance::default(),
            }],
        }
    }

    #[test]
    fn gw_records_with_a_cow_code_join_the_cow_state() {
        let merged = merge_states([
            state(Some(2), None, System::Cow, "United States"),
            state(Some(2), Some(2), System::Gw, "United States of America"),
            state(None, Some(563), System::Gw, "Transvaal"),
        ]);
        assert_eq!(merged.len(), 2);
        assert_eq!(merged[0].memberships.len(), 2);
        assert_eq!(merged[0].gwcode, Some(Gwcode(2)));
        assert_eq!(
            merged[0].other_names,
            vec!["United States of America".to_string()]
        );
        assert_eq!(merged[1].gwcode, Some(Gwcode(563)));
        let r = Registry::new(merged, vec![], vec![], vec![], vec![]);
        assert_eq!(r.by_gwcode(563), Some(StateIx(1)));
        assert_eq!(r.find_state("uni"), Some(StateIx(0)));
    }
}
