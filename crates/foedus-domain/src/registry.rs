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
use crate::amendment::AmendmentProblem;
use crate::contents::Contents;
use crate::coverage::Coverage;
use crate::derived::Derived;
use crate::history::HistoricalData;
use crate::provenance::Provenance;
use crate::reconcile::{
    Curation, Reconciliation, RecordAt, SourcedAmendment, UnplacedAmendment, reconcile,
};
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
///
/// Its agreements are reconciled ([`crate::reconcile`]): one per treaty, whatever
/// the number of sources that record it, with their claims kept beside the values
/// chosen. Each source's own records stay available ([`Registry::records_of`],
/// [`Registry::view_as`]) for answers given "as that source".
#[derive(Clone, Debug, Default)]
pub struct Registry {
    states: Vec<State>,
    by_ccode: HashMap<u16, StateIx>,
    by_gwcode: HashMap<u16, StateIx>,
    agreements: Vec<Agreement>,
    reconciliations: Vec<Reconciliation>,
    by_id: HashMap<AgreementId, usize>,
    kept: Vec<Agreement>,
    records: Vec<(AgreementId, RecordAt, usize)>,
    record_ix: HashMap<AgreementId, usize>,
    unplaced: Vec<UnplacedAmendment>,
    curation: Curation,
    capabilities: Vec<Capability>,
    major_powers: Vec<MajorPowerSpell>,
    sources: Vec<SourceInfo>,
    origins: HashMap<AgreementId, String>,
    coverage: Coverage,
    history: HistoricalData,
    contents: Contents,
    derived: Derived,
}

/// Everything a [`Registry`] is made of, before reconciliation.
#[derive(Clone, Debug, Default)]
pub struct RegistryParts {
    /// States, indexed in this order.
    pub states: Vec<State>,
    /// Every source's agreement records.
    pub records: Vec<Agreement>,
    /// The source of each record (`atop`, `starter`).
    pub origins: HashMap<AgreementId, String>,
    /// Amendments, links and the precedence.
    pub curation: Curation,
    /// Capabilities (sorted by state and year when built).
    pub capabilities: Vec<Capability>,
    /// Major-power spells.
    pub major_powers: Vec<MajorPowerSpell>,
    /// The sources loaded.
    pub sources: Vec<SourceInfo>,
    /// Disputes, wars, contiguity, capitals, democracy scores and rivalries.
    pub history: HistoricalData,
    /// The parts loaded (everything unless the loader says otherwise): what is
    /// absent from a part not loaded is unknown, not none.
    pub contents: Contents,
}

impl Registry {
    /// Builds a snapshot of records whose sources are not known (tests, scripts):
    /// records are reconciled by their identifiers alone.
    pub fn new(
        states: Vec<State>,
        agreements: Vec<Agreement>,
        capabilities: Vec<Capability>,
        major_powers: Vec<MajorPowerSpell>,
        sources: Vec<SourceInfo>,
    ) -> Registry {
        Registry::from_parts(RegistryParts {
            states,
            records: agreements,
            capabilities,
            major_powers,
            sources,
            ..RegistryParts::default()
        })
    }

    /// Builds a snapshot: states indexed in the order given, capabilities sorted by
    /// state and year, records reconciled into one agreement per treaty, and each
    /// state system's memberships that end on its source's last coded day carried
    /// forward ([`carry_forward`]).
    pub fn from_parts(p: RegistryParts) -> Registry {
        let RegistryParts {
            mut states,
            records,
            origins,
            curation,
            mut capabilities,
            major_powers,
            sources,
            history,
            contents,
        } = p;
        let coverage = Coverage::new(&sources);
        carry_forward(&mut states, &coverage);
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
        capabilities.sort_by_key(|c| (c.ccode, c.year));
        let loaded: Vec<&str> = sources.iter().map(|s| s.source.as_str()).collect();
        let r = reconcile(records, &origins, &loaded, &curation);
        let by_id = r
            .records
            .iter()
            .map(|(id, _, treaty)| (id.clone(), *treaty))
            .collect();
        let record_ix = r
            .records
            .iter()
            .enumerate()
            .map(|(k, (id, _, _))| (id.clone(), k))
            .collect();
        Registry {
            states,
            by_ccode,
            by_gwcode,
            agreements: r.agreements,
            reconciliations: r.reconciliations,
            by_id,
            kept: r.kept,
            records: r.records,
            record_ix,
            unplaced: r.unplaced,
            curation,
            capabilities,
            major_powers,
            sources,
            origins,
            coverage,
            history,
            contents,
            derived: Derived::default(),
        }
    }

    /// The snapshot taken apart again: its records as their sources hold them.
    pub fn into_parts(self) -> RegistryParts {
        let mut agreements: Vec<Option<Agreement>> =
            self.agreements.into_iter().map(Some).collect();
        let mut kept: Vec<Option<Agreement>> = self.kept.into_iter().map(Some).collect();
        let records = self
            .records
            .iter()
            .filter_map(|(_, at, _)| match at {
                RecordAt::Agreement(i) => agreements[*i].take(),
                RecordAt::Kept(j) => kept[*j].take(),
            })
            .collect();
        RegistryParts {
            states: self.states,
            records,
            origins: self.origins,
            curation: self.curation,
            capabilities: self.capabilities,
            major_powers: self.major_powers,
            sources: self.sources,
            history: self.history,
            contents: self.contents,
        }
    }

    /// Records which source each agreement record came from, and reconciles again.
    pub fn with_origins(self, origins: HashMap<AgreementId, String>) -> Registry {
        let mut p = self.into_parts();
        p.origins = origins;
        Registry::from_parts(p)
    }

    /// This snapshot with one record written by `source` (added, or replacing the
    /// record with its id), reconciled again; `source` is added to the sources if new.
    pub fn with_record(&self, record: Agreement, source: SourceInfo) -> Registry {
        let mut records: Vec<Agreement> = self
            .records()
            .filter(|a| a.id != record.id)
            .cloned()
            .collect();
        let mut origins = self.origins.clone();
        origins.insert(record.id.clone(), source.source.clone());
        records.push(record);
        let mut sources = self.sources.clone();
        if !sources.iter().any(|s| s.source == source.source) {
            sources.push(source);
            sources.sort_by(|x, y| x.source.cmp(&y.source));
        }
        Registry::from_parts(RegistryParts {
            states: self.states.clone(),
            records,
            origins,
            curation: self.curation.clone(),
            capabilities: self.capabilities.clone(),
            major_powers: self.major_powers.clone(),
            sources,
            history: self.history.clone(),
            contents: self.contents.clone(),
        })
    }

    /// The source an agreement record came from (`atop`, `dcad`, `starter`), if
    /// known; for a reconciled agreement, its best record's source.
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

    /// True if the state had ceased to exist by `date`: it has spells in a state
    /// system (COW if any, else G-W) and all of them ended before `date` (West
    /// Germany after 1990-10-02, Czechoslovakia after 1992). A state that continues
    /// under the same code (365 for the Soviet Union and Russia), whose membership is
    /// carried forward, or that the systems never list, has not.
    pub fn ceased(&self, c: Ccode, date: Date) -> bool {
        let Some(ix) = self.by_ccode(c) else {
            return false;
        };
        let s = self.state(ix);
        let system = if s.spells(System::Cow).next().is_some() {
            System::Cow
        } else {
            System::Gw
        };
        let mut spells = s.spells(system).peekable();
        spells.peek().is_some() && spells.all(|m| m.end.is_some_and(|e| e < date))
    }

    /// The partners of `state` under `agreement` on `date`: the other parties on that
    /// day ([`Agreement::parties_on`]) that had not ceased to exist
    /// ([`Registry::ceased`]). Whether the agreement is in force that day is the
    /// lifecycle engine's answer, asked by the caller.
    pub fn partners_on(&self, agreement: &Agreement, state: Ccode, date: Date) -> Vec<Ccode> {
        agreement
            .parties_on(date)
            .into_iter()
            .filter(|p| *p != state && !self.ceased(*p, date))
            .collect()
    }

    /// Every agreement, one per treaty, reconciled from its sources, by id.
    pub fn agreements(&self) -> &[Agreement] {
        &self.agreements
    }

    /// An agreement by its id or by the id of any record reconciled into it
    /// (`atop-3375` finds the US–Japan treaty of 1960).
    pub fn agreement(&self, id: &AgreementId) -> Option<&Agreement> {
        self.position(id).map(|i| &self.agreements[i])
    }

    /// The position in [`Registry::agreements`] of the agreement an id names (its
    /// own, or a record's reconciled into it).
    pub fn position(&self, id: &AgreementId) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// How the agreement at a position was made from its sources.
    pub fn reconciliation(&self, i: usize) -> &Reconciliation {
        &self.reconciliations[i]
    }

    /// One source's record, as that source holds it.
    pub fn record(&self, id: &AgreementId) -> Option<&Agreement> {
        self.record_ix
            .get(id)
            .map(|&k| self.record_at(self.records[k].1))
    }

    fn record_at(&self, at: RecordAt) -> &Agreement {
        match at {
            RecordAt::Agreement(i) => &self.agreements[i],
            RecordAt::Kept(j) => &self.kept[j],
        }
    }

    /// Every source's records, as each holds them, by id.
    pub fn records(&self) -> impl Iterator<Item = &Agreement> {
        self.records.iter().map(|(_, at, _)| self.record_at(*at))
    }

    /// One source's records, as it holds them: the dataset's own view.
    pub fn records_of<'a>(&'a self, source: &'a str) -> impl Iterator<Item = &'a Agreement> {
        self.records
            .iter()
            .filter(move |(id, _, _)| self.origin(id) == Some(source))
            .map(|(_, at, _)| self.record_at(*at))
    }

    /// Every treaty as `source` records it where it does, reconciled where it does
    /// not: what an analysis "as ATOP" reads (ATOP's variables from ATOP's own
    /// records, other treaties as the registry knows them).
    pub fn view_as<'a>(&'a self, source: &'a str) -> impl Iterator<Item = &'a Agreement> {
        self.agreements.iter().enumerate().map(move |(i, a)| {
            self.reconciliations[i]
                .members
                .iter()
                .find(|m| m.source == source)
                .and_then(|m| self.record(&m.id))
                .unwrap_or(a)
        })
    }

    /// Amendments that apply to no agreement: waiting for a dataset, or naming an
    /// agreement no loaded source holds.
    pub fn unplaced_amendments(&self) -> &[UnplacedAmendment] {
        &self.unplaced
    }

    /// The problems these amendments would have if added to this registry (as
    /// `foedus check` reports them): targets no loaded source holds, and what the
    /// lifecycle engine rejects once they are applied. Amendments waiting for a
    /// dataset not loaded have none.
    pub fn check_amendments(&self, added: Vec<SourcedAmendment>) -> Vec<AmendmentProblem> {
        let files: Vec<(String, String)> = added
            .iter()
            .map(|a| (a.source.clone(), a.file.file.clone()))
            .collect();
        let mut curation = self.curation.clone();
        // A file checked again replaces the version the registry holds.
        curation
            .amendments
            .retain(|a| !files.iter().any(|(_, f)| *f == a.file.file));
        curation.amendments.extend(added);
        let loaded: Vec<&str> = self.sources.iter().map(|s| s.source.as_str()).collect();
        let reconciled = reconcile(
            self.records().cloned().collect(),
            &self.origins,
            &loaded,
            &curation,
        );
        crate::reconcile::problems(&reconciled, &curation)
            .into_iter()
            .filter(|p| files.iter().any(|(_, f)| *f == p.file))
            .collect()
    }

    /// The amendments, links and precedence the snapshot was reconciled with.
    pub fn curation(&self) -> &Curation {
        &self.curation
    }

    /// The parts of the registry this snapshot was loaded with.
    pub fn contents(&self) -> &Contents {
        &self.contents
    }

    /// Values computed from this snapshot once and kept with it ([`Derived`]).
    pub fn derived(&self) -> &Derived {
        &self.derived
    }

    /// Disputes, wars, contiguity, capitals, democracy scores and rivalries.
    pub fn history(&self) -> &HistoricalData {
        &self.history
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

    /// How far each loaded dataset reaches: what answers past it say.
    pub fn coverage(&self) -> &Coverage {
        &self.coverage
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

/// Right-censored membership: every spell of a state system that ends on the last
/// day its source codes ([`Coverage::membership_last_day`]: the COW system on
/// 2016-12-31) continues, carried forward from that day, as peacesciencer carries
/// the 2016 COW system to later years. Spells that end earlier (the state ceased:
/// West Germany in 1990, Czechoslovakia in 1992) are left as they are. Carrying
/// forward again changes nothing.
pub fn carry_forward(states: &mut [State], coverage: &Coverage) {
    for system in [System::Cow, System::Gw] {
        let Some(last_day) = coverage.membership_last_day(system) else {
            continue;
        };
        for m in states
            .iter_mut()
            .flat_map(|s| s.memberships.iter_mut())
            .filter(|m| m.system == system)
        {
            m.carry_forward(last_day);
        }
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
                carried_forward_from: None,
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
