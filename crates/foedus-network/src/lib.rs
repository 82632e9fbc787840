//! Alliance networks, year by year: the shape of the network (density,
//! closure, components, centralities), its communities, and blocs followed
//! over time.
//!
//! For year t the nodes are the state system's members of the year; an
//! undirected edge joins two of them when the chosen tie type ([`Ties`]) is
//! owed in either direction that year (the directed alliance dyad-years of
//! `foedus_panel::alliance`). [`networks`] builds the graphs, [`metrics`]
//! measures them (years in parallel), [`blocs()`] matches each year's
//! communities to the next year's, and [`export`] writes one year as GraphML
//! or JSON.
//!
//! ```no_run
//! use foedus_network::{NetworkOptions, Ties, metrics, networks};
//! # fn demo(registry: &foedus_domain::registry::Registry) -> Result<(), foedus_network::NetworkError> {
//! let graphs = networks(registry, &NetworkOptions { ties: Ties::Defense, ..NetworkOptions::default() })?;
//! let m = metrics(&graphs);
//! println!("{} defense ties in {}", m.years[0].ties, m.years[0].year);
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

pub mod blocs;
mod community;
pub mod export;
mod metrics;
mod tables;

use std::fmt;
use std::str::FromStr;

use foedus_domain::registry::Registry;
use foedus_domain::state::System;
use foedus_panel::alliance::{
    AllianceYears, CONSUL, DEFENSE, NEUTRAL, NONAGG, OBLIGATIONS, OFFENSE,
};
use foedus_panel::{PanelError, PanelOptions, SystemYears};

pub use blocs::{Bloc, BlocEvent, BlocOptions, Blocs, blocs};
pub use community::{louvain, modularity};
pub use metrics::{Metrics, StateMetrics, YearMetrics, metrics};

/// Which obligations make a tie.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Ties {
    /// A defense obligation (the default).
    #[default]
    Defense,
    /// An offense obligation.
    Offense,
    /// A neutrality obligation.
    Neutral,
    /// A nonaggression obligation.
    Nonagg,
    /// A consultation obligation.
    Consul,
    /// Any of the five.
    Any,
}

impl Ties {
    /// The names `--ties` takes.
    pub const NAMES: [&str; 6] = ["defense", "offense", "neutral", "nonagg", "consul", "any"];

    /// The obligation bits that make a tie.
    pub fn mask(self) -> u8 {
        match self {
            Ties::Defense => DEFENSE,
            Ties::Offense => OFFENSE,
            Ties::Neutral => NEUTRAL,
            Ties::Nonagg => NONAGG,
            Ties::Consul => CONSUL,
            Ties::Any => DEFENSE | OFFENSE | NEUTRAL | NONAGG | CONSUL,
        }
    }

    /// The name `--ties` takes.
    pub fn name(self) -> &'static str {
        Ties::NAMES[self as usize]
    }
}

impl FromStr for Ties {
    type Err = NetworkError;

    fn from_str(s: &str) -> Result<Ties, NetworkError> {
        let all = [
            Ties::Defense,
            Ties::Offense,
            Ties::Neutral,
            Ties::Nonagg,
            Ties::Consul,
            Ties::Any,
        ];
        all.into_iter()
            .find(|t| t.name() == s.trim())
            .ok_or_else(|| NetworkError::UnknownTies(s.trim().to_string()))
    }
}

impl fmt::Display for Ties {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Which networks to build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkOptions {
    /// The state system whose members are the nodes.
    pub system: System,
    /// Include Gleditsch–Ward microstates.
    pub microstates: bool,
    /// First year.
    pub from: i16,
    /// Last year (inclusive).
    pub to: i16,
    /// Which obligations make a tie.
    pub ties: Ties,
    /// Today: the state system's memberships are carried forward to it past their
    /// source's last coded day; later years are an error.
    pub today: jiff::civil::Date,
}

impl Default for NetworkOptions {
    /// The COW system's years 1816–2016, defense ties; `today` from the system clock.
    fn default() -> NetworkOptions {
        NetworkOptions {
            system: System::Cow,
            microstates: false,
            from: 1816,
            to: 2016,
            ties: Ties::Defense,
            today: jiff::ZonedDateTime::now().date(),
        }
    }
}

impl NetworkOptions {
    /// The note the networks carry when their years go past the data of the state
    /// system or ATOP (`None` if every year is covered).
    pub fn coverage_note(
        &self,
        registry: &Registry,
    ) -> Option<foedus_domain::coverage::CoverageNote> {
        registry.coverage().past_in(
            self.from,
            self.to,
            &[foedus_panel::system_source(self.system), "atop"],
        )
    }
}

/// Why a network cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum NetworkError {
    /// A tie type that is not one of ATOP's obligations or `any`.
    #[error(
        "unknown tie type `{0}`: expected one of defense, offense, neutral, nonagg, consul, any"
    )]
    UnknownTies(String),
    /// Years outside what the loaded data cover.
    #[error("{from}–{to} is outside the loaded data: {what} cover {first}–{last}")]
    YearsOutside {
        /// First year asked.
        from: i16,
        /// Last year asked.
        to: i16,
        /// The data that do not cover them.
        what: String,
        /// Their first year.
        first: i16,
        /// Their last year.
        last: i16,
    },
    /// The panel could not be built or a source is missing.
    #[error(transparent)]
    Panel(#[from] PanelError),
}

/// One year's network.
#[derive(Clone, Debug)]
pub struct YearGraph {
    /// The year.
    pub year: i16,
    /// The nodes' codes in the system (`ccode` or `gwcode`), ascending.
    pub codes: Vec<u16>,
    /// The nodes' abbreviations.
    pub abbrevs: Vec<String>,
    /// The nodes' names.
    pub names: Vec<String>,
    /// The edges as node positions `(u, v)` with `u < v`, sorted, with the
    /// obligation bits owed in either direction.
    pub edges: Vec<(u32, u32, u8)>,
    /// Each node's neighbours, ascending.
    pub adjacency: Vec<Vec<u32>>,
}

impl YearGraph {
    /// The number of nodes.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// True if the year has no nodes.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The names of the obligations in a set of bits.
    pub fn obligation_names(bits: u8) -> Vec<&'static str> {
        OBLIGATIONS
            .iter()
            .filter(|(_, b, _)| bits & b != 0)
            .map(|(_, _, n)| n.trim_start_matches("atop_"))
            .collect()
    }
}

/// The networks of a range of years.
#[derive(Clone, Debug)]
pub struct Networks {
    /// How they were built.
    pub options: NetworkOptions,
    /// One graph per year, in order.
    pub years: Vec<YearGraph>,
}

/// Checks that ATOP and the state system are loaded and cover the years.
pub fn check(registry: &Registry, options: &NetworkOptions) -> Result<(), NetworkError> {
    let (from, to) = (options.from, options.to);
    PanelOptions {
        system: options.system,
        from,
        to,
        today: options.today,
        ..PanelOptions::default()
    }
    .check_years()?;
    if !registry.has_source("atop") {
        return Err(PanelError::NotLoaded {
            what: "alliance networks".into(),
            source_name: "atop",
        }
        .into());
    }
    // The system's memberships are carried forward past its last coded year (to
    // today, checked above): only its first year bounds the networks.
    let system = foedus_panel::system_source(options.system);
    let spans = [
        (
            format!("the {} state system's years", options.system.name()),
            registry
                .source(system)
                .and_then(|s| s.span)
                .map(|(first, _)| (first, options.today.year())),
        ),
        (
            "ATOP's years".to_string(),
            registry.source("atop").and_then(|s| s.span),
        ),
    ];
    for (what, span) in spans {
        if let Some((first, last)) = span
            && (from < first || to > last)
        {
            return Err(NetworkError::YearsOutside {
                from,
                to,
                what,
                first,
                last,
            });
        }
    }
    Ok(())
}

/// The alliance network of every year in the options' range.
pub fn networks(registry: &Registry, options: &NetworkOptions) -> Result<Networks, NetworkError> {
    check(registry, options)?;
    let system_years = SystemYears::build(
        registry,
        &PanelOptions {
            system: options.system,
            microstates: options.microstates,
            from: options.from,
            to: options.to,
            directed: false,
            today: options.today,
        },
    )?;
    let alliances = AllianceYears::build(registry)?;
    let mask = options.ties.mask();
    let mut by_year: Vec<Vec<(u16, u16, u8)>> = vec![Vec::new(); system_years.years.len()];
    for (&(a, b, y), &bits) in &alliances.dyads {
        if bits & mask != 0 && (options.from..=options.to).contains(&y) {
            by_year[(y - options.from) as usize].push((a, b, bits));
        }
    }
    let years = system_years
        .years
        .iter()
        .zip(by_year)
        .map(|(year, ties)| {
            let n = year.members.len();
            let mut pos = vec![u32::MAX; 1000];
            for (p, m) in year.members.iter().enumerate() {
                if let Some(c) = m.ccode.filter(|c| *c < 1000) {
                    pos[c as usize] = p as u32;
                }
            }
            let mut edges: Vec<(u32, u32, u8)> = ties
                .iter()
                .filter_map(|&(a, b, bits)| {
                    let (pa, pb) = (pos[a as usize], pos[b as usize]);
                    (pa != u32::MAX && pb != u32::MAX && pa != pb)
                        .then(|| (pa.min(pb), pa.max(pb), bits))
                })
                .collect();
            edges.sort_unstable();
            // One edge per pair, with the obligations of both directions.
            let mut merged: Vec<(u32, u32, u8)> = Vec::with_capacity(edges.len());
            for e in edges {
                match merged.last_mut() {
                    Some(last) if (last.0, last.1) == (e.0, e.1) => last.2 |= e.2,
                    _ => merged.push(e),
                }
            }
            let mut adjacency = vec![Vec::new(); n];
            for &(u, v, _) in &merged {
                adjacency[u as usize].push(v);
                adjacency[v as usize].push(u);
            }
            for a in &mut adjacency {
                a.sort_unstable();
            }
            YearGraph {
                year: year.year,
                codes: year.members.iter().map(|m| m.code).collect(),
                abbrevs: year
                    .members
                    .iter()
                    .map(|m| registry.state(m.ix).abbrev.clone())
                    .collect(),
                names: year
                    .members
                    .iter()
                    .map(|m| registry.state(m.ix).name.clone())
                    .collect(),
                edges: merged,
                adjacency,
            }
        })
        .collect();
    Ok(Networks {
        options: options.clone(),
        years,
    })
}

#[cfg(test)]
pub(crate) mod testing {
    use super::YearGraph;

    /// A graph from edges between positions 0..n, codes 10, 20, ...
    pub fn graph(n: usize, edges: &[(u32, u32)]) -> YearGraph {
        let mut adjacency = vec![Vec::new(); n];
        let mut e: Vec<(u32, u32, u8)> = edges
            .iter()
            .map(|&(u, v)| (u.min(v), u.max(v), 1))
            .collect();
        e.sort_unstable();
        for &(u, v, _) in &e {
            adjacency[u as usize].push(v);
            adjacency[v as usize].push(u);
        }
        for a in &mut adjacency {
            a.sort_unstable();
        }
        YearGraph {
            year: 2000,
            codes: (1..=n as u16).map(|i| i * 10).collect(),
            abbrevs: (1..=n).map(|i| format!("S{i}")).collect(),
            names: (1..=n).map(|i| format!("State {i}")).collect(),
            edges: e,
            adjacency,
        }
    }
}
