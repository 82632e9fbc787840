//! The agreement list: its filters, parsed once from what a user typed, and the
//! agreements they keep, with each one's status on a date and its sources.

use std::collections::HashMap;

use foedus_domain::Agreement;
use foedus_domain::agreement::{AgreementId, EventKind, Family};
use foedus_domain::lifecycle::Status;
use foedus_domain::obligation::ObligationKind;
use foedus_domain::registry::Registry;
use foedus_domain::state::Ccode;
use jiff::civil::Date;

use crate::error::QueryError;
use crate::lifecycles::{Lifecycles, record_status};
use crate::state::resolve_state;

/// The longest search text taken.
pub const MAX_TEXT: usize = 200;

/// The filters as a user typed them (the CLI's flags, the API's parameters).
#[derive(Clone, Copy, Debug, Default)]
pub struct FilterInput<'a> {
    /// A state party to the agreement (`party`).
    pub party: Option<&'a str>,
    /// Another state party to it (`partner`).
    pub partner: Option<&'a str>,
    /// A family's name (`family`).
    pub family: Option<&'a str>,
    /// An obligation type's name (`obligation`).
    pub obligation: Option<&'a str>,
    /// A state some obligation is owed to (`owed_to`).
    pub owed_to: Option<&'a str>,
    /// A state that owes some obligation (`owed_by`).
    pub owed_by: Option<&'a str>,
    /// In force on this day (`in_force`).
    pub in_force: Option<Date>,
    /// Bilateral (true) or with more parties (false) (`bilateral`).
    pub bilateral: Option<bool>,
    /// One source's own records instead of the reconciled agreements (`source`).
    pub source: Option<&'a str>,
    /// Text to find, ranked as `foedus search` ranks it (`q`).
    pub text: Option<&'a str>,
}

/// The filters, checked against a registry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only agreements this state is a party to.
    pub party: Option<Ccode>,
    /// Only agreements this state is also a party to.
    pub partner: Option<Ccode>,
    /// Only agreements of this family.
    pub family: Option<Family>,
    /// Only agreements with a directed obligation of this type.
    pub obligation: Option<ObligationKind>,
    /// Only agreements with an obligation owed to this state. With `obligation`
    /// and `owed_by`, one obligation must match all three ("who must defend
    /// Japan": `obligation=defense`, `owed_to=JPN`).
    pub owed_to: Option<Ccode>,
    /// Only agreements with an obligation this state owes.
    pub owed_by: Option<Ccode>,
    /// Only agreements in force on this day.
    pub in_force: Option<Date>,
    /// Only bilateral agreements (true), or only those with more parties (false).
    pub bilateral: Option<bool>,
    /// That source's own records, as it holds them.
    pub source: Option<String>,
    /// Only agreements this text finds, best match first.
    pub text: Option<String>,
}

/// A family by name.
pub fn parse_family(text: &str) -> Result<Family, QueryError> {
    Family::from_name(text.trim()).ok_or_else(|| QueryError::UnknownFamily {
        given: text.to_string(),
        expected: Family::ALL.map(|f| f.name()).to_vec(),
    })
}

/// An obligation type by name.
pub fn parse_obligation(text: &str) -> Result<ObligationKind, QueryError> {
    ObligationKind::from_name(text.trim()).ok_or_else(|| QueryError::UnknownObligation {
        given: text.to_string(),
        expected: ObligationKind::ALL.map(|k| k.name()).to_vec(),
    })
}

/// A loaded source by name.
pub fn loaded_source(registry: &Registry, name: &str) -> Result<String, QueryError> {
    if registry.has_source(name) {
        Ok(name.to_string())
    } else {
        Err(QueryError::SourceNotLoaded {
            given: name.to_string(),
            loaded: registry
                .sources()
                .iter()
                .map(|s| s.source.clone())
                .collect(),
        })
    }
}

/// A search text: trimmed, absent when empty, at most [`MAX_TEXT`] characters.
pub fn search_text(field: &'static str, text: Option<&str>) -> Result<Option<String>, QueryError> {
    match text.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) if t.chars().count() > MAX_TEXT => Err(QueryError::TextTooLong {
            field,
            length: t.chars().count(),
            max: MAX_TEXT,
        }),
        Some(t) => Ok(Some(t.to_string())),
    }
}

impl Filter {
    /// The filters of `input`, each checked: states resolved, names known, the
    /// source loaded. The first fault is named by its field.
    pub fn parse(registry: &Registry, input: &FilterInput<'_>) -> Result<Filter, QueryError> {
        let state = |field: &'static str, text: Option<&str>| {
            text.map(|t| {
                resolve_state(registry, t).map_err(|error| QueryError::State { field, error })
            })
            .transpose()
        };
        Ok(Filter {
            party: state("party", input.party)?,
            partner: state("partner", input.partner)?,
            family: input.family.map(parse_family).transpose()?,
            obligation: input.obligation.map(parse_obligation).transpose()?,
            owed_to: state("owed_to", input.owed_to)?,
            owed_by: state("owed_by", input.owed_by)?,
            in_force: input.in_force,
            bilateral: input.bilateral,
            source: input
                .source
                .map(|s| loaded_source(registry, s))
                .transpose()?,
            text: search_text("q", input.text)?,
        })
    }

    /// True if the agreement has the parties, family, obligation type and number
    /// of parties asked (what does not depend on a date, a source or a search).
    pub fn keeps(&self, a: &Agreement) -> bool {
        self.party.is_none_or(|p| a.has_party(p))
            && self.partner.is_none_or(|p| a.has_party(p))
            && self.family.is_none_or(|f| a.families.contains(&f))
            && ((self.obligation.is_none() && self.owed_by.is_none() && self.owed_to.is_none())
                || a.has_obligation(self.obligation, self.owed_by, self.owed_to))
            && self.bilateral.is_none_or(|b| a.is_bilateral() == b)
    }
}

/// One agreement the filters keep.
#[derive(Clone, Debug)]
pub struct Listed<'r> {
    /// The reconciled agreement, or the source's own record with `source`.
    pub agreement: &'r Agreement,
    /// Its status on the date asked, or why it cannot be computed.
    pub status: Result<Status, String>,
    /// The sources of the records reconciled into it, best first (the source asked,
    /// for one source's record).
    pub sources: Vec<String>,
    /// How the search text matched it (`name: ANZUS`), if a text was given.
    pub matched: Option<String>,
}

/// The sources of the records reconciled into the agreement at position `i`, best first.
pub fn sources(registry: &Registry, i: usize) -> Vec<String> {
    registry
        .reconciliation(i)
        .sources()
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// The first signature date (else the first event), if recorded.
pub fn signed(a: &Agreement) -> Option<String> {
    a.events
        .iter()
        .find(|e| matches!(e.kind, EventKind::Signature { .. }))
        .or_else(|| a.events.first())
        .map(|e| e.date.to_string())
}

/// The obligation types an agreement contains, each once, in order.
pub fn obligation_kinds(a: &Agreement) -> Vec<ObligationKind> {
    let mut kinds: Vec<ObligationKind> = a.obligations.iter().map(|o| o.kind).collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

/// The agreements `filter` keeps, each with its status on `status_on`: in the
/// registry's order, or best match first when a text is given. Reconciled
/// agreements unless the filter names a source, whose own records are then listed.
pub fn list<'r>(
    registry: &'r Registry,
    lifecycles: &dyn Lifecycles,
    filter: &Filter,
    status_on: Date,
) -> Vec<Listed<'r>> {
    // Search hits by agreement position: rank and what matched.
    let hits: Option<HashMap<usize, (usize, String)>> = filter.text.as_deref().map(|text| {
        foedus_domain::search::search(registry, text)
            .into_iter()
            .enumerate()
            .map(|(rank, h)| {
                (
                    h.index,
                    (rank, format!("{}: {}", h.matched.describe(), h.on)),
                )
            })
            .collect()
    });
    // A source's record ranks as the agreement it is reconciled into.
    let hit = |i: Option<usize>| match &hits {
        None => Some(None),
        Some(h) => i.and_then(|i| h.get(&i)).map(Some),
    };
    let mut out: Vec<(Option<usize>, Listed<'r>)> = Vec::new();
    match filter.source.as_deref() {
        Some(source) => {
            // As `Registry::records_of`, with the records borrowed from the registry alone.
            let own = registry
                .records()
                .filter(|a| registry.origin(&a.id) == Some(source));
            for a in own {
                if !filter.keeps(a) {
                    continue;
                }
                let Some(h) = hit(registry.position(&a.id)) else {
                    continue;
                };
                if let Some(d) = filter.in_force
                    && !matches!(record_status(a, d), Ok(Status::InForce))
                {
                    continue;
                }
                out.push((
                    h.map(|(rank, _)| *rank),
                    Listed {
                        agreement: a,
                        status: record_status(a, status_on),
                        sources: vec![source.to_string()],
                        matched: h.map(|(_, m)| m.clone()),
                    },
                ));
            }
        }
        None => {
            for (i, a) in registry.agreements().iter().enumerate() {
                if !filter.keeps(a) {
                    continue;
                }
                let Some(h) = hit(Some(i)) else {
                    continue;
                };
                if let Some(d) = filter.in_force
                    && !matches!(lifecycles.status_on(i, d), Ok(Status::InForce))
                {
                    continue;
                }
                out.push((
                    h.map(|(rank, _)| *rank),
                    Listed {
                        agreement: a,
                        status: lifecycles.status_on(i, status_on),
                        sources: sources(registry, i),
                        matched: h.map(|(_, m)| m.clone()),
                    },
                ));
            }
        }
    }
    out.sort_by_key(|(rank, _)| *rank);
    out.into_iter().map(|(_, l)| l).collect()
}

/// Finds the position of the agreement an id names (its own, or that of any
/// record reconciled into it); else says whether its dataset is loaded and which
/// amendments wait for it.
pub fn find(registry: &Registry, id: &str) -> Result<usize, QueryError> {
    let id = AgreementId::new(id.trim()).map_err(|e| QueryError::BadAgreementId {
        message: e.to_string(),
    })?;
    registry
        .position(&id)
        .ok_or_else(|| QueryError::UnknownAgreement {
            given: id.to_string(),
            dataset_not_loaded: id
                .dataset()
                .filter(|d| !registry.has_source(d))
                .map(str::to_string),
            waiting: registry
                .unplaced_amendments()
                .iter()
                .filter(|u| u.amends == id)
                .map(|u| u.to_string())
                .collect(),
        })
}

/// The record one source holds of the agreement at position `i`, as it holds it.
pub fn record_from<'r>(
    registry: &'r Registry,
    i: usize,
    source: &str,
) -> Result<&'r Agreement, QueryError> {
    let rec = registry.reconciliation(i);
    rec.members
        .iter()
        .find(|m| m.source == source)
        .and_then(|m| registry.record(&m.id))
        .ok_or_else(|| QueryError::NoRecordFrom {
            source_name: source.to_string(),
            id: registry.agreements()[i].id.to_string(),
            sources: rec.sources().into_iter().map(str::to_string).collect(),
        })
}
