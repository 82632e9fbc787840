//! The questions the language packages ask, from what a user types to a table:
//! the same query layer and analyses as the CLI and the HTTP service.

use foedus_domain::registry::Registry;
use foedus_query::{Filter, FilterInput, Replay, ScenarioInput, parse_scenario};
use foedus_scenario::calendar::{ItemKind, MAX_YEARS, window};
use foedus_scenario::{CasusFoederis, SimOptions, Simulation};
use jiff::civil::Date;

use crate::{EngineError, Table, tables};

/// Who is bound to act, stay out or consult if `input`'s attacker attacks its
/// target on its date: one row per obligation, with the note of the data's end
/// when the date is past it.
pub fn obligations(registry: &Registry, input: &ScenarioInput<'_>) -> Result<Table, EngineError> {
    let scenario = parse_scenario(registry, input)?;
    let evaluation = CasusFoederis::index(registry).evaluate(&scenario)?;
    let mut table = tables::obligations(&evaluation)?;
    table.note = registry.coverage().past_on(scenario.date, &[]);
    Ok(table)
}

/// The agreements a filter keeps, each with its status on `status_on` (the
/// filter's in-force date, else today).
pub fn agreements(
    registry: &Registry,
    input: &FilterInput<'_>,
    today: Date,
) -> Result<Table, EngineError> {
    let filter = Filter::parse(registry, input)?;
    let on = input.in_force.unwrap_or(today);
    let listed = foedus_query::list(registry, &Replay(registry), &filter, on);
    let mut table = tables::agreements(registry, &listed)?;
    table.note = registry.coverage().past_on(on, &[]);
    Ok(table)
}

/// The kind of date a user names (`non_renewal_deadline` or `non-renewal-deadline`).
pub fn calendar_kind(name: &str) -> Result<ItemKind, EngineError> {
    ItemKind::from_name(name).ok_or_else(|| EngineError::UnknownKind {
        given: name.to_string(),
        expected: ItemKind::ALL.map(|k| k.slug().replace('-', "_")).join(", "),
    })
}

/// The dates from `from` to `until` (at most [`MAX_YEARS`] years), of `party`'s
/// agreements if one is named, of the kinds named (all if none).
pub fn calendar(
    registry: &Registry,
    from: Date,
    until: Date,
    party: Option<&str>,
    kinds: &[&str],
) -> Result<Table, EngineError> {
    window(from, until, MAX_YEARS)?;
    let kinds = kinds
        .iter()
        .filter(|k| !k.trim().is_empty())
        .map(|k| calendar_kind(k))
        .collect::<Result<Vec<_>, _>>()?;
    let party = party
        .map(|p| {
            foedus_query::resolve_state(registry, p).map_err(|error| {
                foedus_query::QueryError::State {
                    field: "party",
                    error,
                }
            })
        })
        .transpose()?;
    let cal = foedus_scenario::calendar(registry, from, until, party)?.only_kinds(&kinds);
    tables::calendar(&cal)
}

/// Simulated cascades of an attack: each state's odds as a table, and the whole
/// simulation (assumptions, coalitions, chains).
pub fn simulate(
    registry: &Registry,
    input: &ScenarioInput<'_>,
    options: &SimOptions,
) -> Result<(Table, Simulation), EngineError> {
    let scenario = parse_scenario(registry, input)?;
    foedus_scenario::cascade::runs_within(options.runs, foedus_scenario::cascade::MAX_RUNS)?;
    let index = CasusFoederis::index(registry);
    let simulation = foedus_scenario::simulate(&index, &scenario, options)?;
    let mut table = tables::cascade_states(&simulation)?;
    table.note = registry.coverage().past_on(scenario.date, &[]);
    Ok((table, simulation))
}

/// How to simulate, from the language packages' arguments: `honour` for every
/// type, `by_type` (a type and its probability) overriding it, and `possibly` as
/// typed, each parsed and checked by the query layer as the CLI's and the HTTP
/// API's are. An error names the packages' argument: `honour`, `honour_by_type`
/// (with the type, for a probability) or `possibly`.
pub fn sim_options(
    runs: u64,
    seed: u64,
    honour: f64,
    by_type: &[(&str, f64)],
    possibly: &str,
    top_chains: usize,
) -> Result<SimOptions, EngineError> {
    let honour = foedus_query::honour::fixed(honour, by_type).map_err(|e| {
        let field = e.field().unwrap_or_default();
        EngineError::Invalid {
            argument: if field == "honour_all" {
                "honour"
            } else {
                "honour_by_type"
            },
            message: match field.strip_prefix("honour.") {
                Some(kind) => format!("{kind}: {e}"),
                None => e.to_string(),
            },
        }
    })?;
    Ok(SimOptions {
        runs,
        seed,
        honour,
        possibly: foedus_query::honour::possibly(possibly)?,
        top_chains,
        ..SimOptions::default()
    })
}

/// Alliance portfolio similarity for every dyad-year of a panel, its columns plain.
pub fn similarity(
    registry: &Registry,
    options: &foedus_similarity::SimilarityOptions,
) -> Result<Table, EngineError> {
    let panel = foedus_similarity::similarity(registry, options)?;
    let (schema, batches) =
        crate::panels::in_chunks(panel.len(), panel.schema(), |r| Ok(panel.batch(r)?))?;
    Ok(Table {
        schema,
        batches,
        note: foedus_panel::coverage_note(registry, &options.panel, &[]),
    })
}

/// The alliance networks of a span of years: one table per year (size, density,
/// components, ...), per state-year (degree, centralities, community) and per tie.
pub struct NetworkTables {
    /// One row per year.
    pub years: Table,
    /// One row per member in each year.
    pub states: Table,
    /// One row per tie in each year.
    pub ties: Table,
}

/// Builds and measures the networks `options` names.
pub fn networks(
    registry: &Registry,
    options: &foedus_network::NetworkOptions,
) -> Result<NetworkTables, EngineError> {
    let graphs = foedus_network::networks(registry, options)?;
    let m = foedus_network::metrics(&graphs);
    let note = options.coverage_note(registry);
    let with_note = |batch| {
        let mut t = Table::of(batch);
        t.note = note.clone();
        t
    };
    Ok(NetworkTables {
        years: with_note(m.years_batch()),
        states: with_note(m.states_batch(options.system)),
        ties: with_note(graphs.edges_batch()),
    })
}

/// One year's network as GraphML (members as nodes with their measures, ties as
/// edges with their obligations), for networkx, igraph or Gephi.
pub fn network_graphml(
    registry: &Registry,
    options: &foedus_network::NetworkOptions,
    year: i16,
) -> Result<String, EngineError> {
    let options = foedus_network::NetworkOptions {
        from: year,
        to: year,
        ..options.clone()
    };
    let graphs = foedus_network::networks(registry, &options)?;
    let m = foedus_network::metrics(&graphs);
    Ok(foedus_network::export::graphml(
        &graphs.years[0],
        &m.states,
        options.ties,
    ))
}

/// The years of a panel asked without years, as peacesciencer's `mry` reads: the
/// state system's first coded year to the most recently concluded year (`mry`,
/// memberships carried forward past the system's data) or to the system's last
/// coded year. A system not loaded counts as COW's 1816–2016 (the panel then says
/// it is not loaded).
pub fn system_years(
    registry: &Registry,
    system: foedus_domain::state::System,
    mry: bool,
    today: Date,
) -> (i16, i16) {
    let coded = registry
        .coverage()
        .of(foedus_panel::system_source(system))
        .map_or((1816, 2016), |c| (c.first_year, c.last_year));
    let last = if mry {
        coded.1.max(today.year() - 1).min(today.year())
    } else {
        coded.1
    };
    (coded.0, last)
}

/// A panel prepared but not computed: its rows come range by range, in any
/// order or in parallel, with dictionary columns kept (a state's values once,
/// keys per row). An interface that decodes straight into its own vectors (the R
/// package fills R's vectors chunk by chunk) touches far less memory than with
/// [`crate::panel`]'s whole plain columns.
pub struct PreparedPanel {
    /// The number of rows.
    pub len: usize,
    /// The columns as [`PreparedPanel::batch`] gives them (dictionaries kept).
    pub schema: foedus_dataset::SchemaRef,
    /// Which sources end before the years asked, in words.
    pub note: Option<foedus_domain::coverage::CoverageNote>,
    batch: Box<
        dyn Fn(
                std::ops::Range<usize>,
            ) -> Result<foedus_dataset::RecordBatch, foedus_panel::PanelError>
            + Send
            + Sync,
    >,
}

impl PreparedPanel {
    /// The rows in `range`.
    pub fn batch(
        &self,
        range: std::ops::Range<usize>,
    ) -> Result<foedus_dataset::RecordBatch, EngineError> {
        Ok((self.batch)(range)?)
    }

    /// The panel's rows in chunks of [`foedus_panel::CHUNK`], the unit of work.
    pub fn chunks(&self) -> Vec<std::ops::Range<usize>> {
        (0..self.len)
            .step_by(foedus_panel::CHUNK)
            .map(|s| s..(s + foedus_panel::CHUNK).min(self.len))
            .collect()
    }
}

/// Prepares the panel a request describes: years checked first, then the
/// variables, with the note [`crate::panel`] gives (which computes what this
/// prepares).
pub fn prepare_panel(
    registry: &Registry,
    request: &crate::PanelRequest,
) -> Result<PreparedPanel, EngineError> {
    use foedus_panel::Variables;
    if request.on.is_some() {
        // One day's dyads: a small panel, built whole and served by slices.
        let table = crate::panels::day_panel(registry, request)?;
        let batch =
            foedus_dataset::arrow_select::concat::concat_batches(&table.schema, &table.batches)
                .map_err(|e| EngineError::Arrow(e.to_string()))?;
        return Ok(PreparedPanel {
            len: batch.num_rows(),
            schema: table.schema,
            note: table.note,
            batch: Box::new(move |r| Ok(batch.slice(r.start, r.len()))),
        });
    }
    let options = &request.options;
    options.check_years()?;
    let adders = crate::request_variables(&request.add)?;
    let added: Vec<&dyn Variables> = adders.iter().map(|v| v.as_ref()).collect();
    let note = foedus_panel::coverage_note(registry, options, &added);
    Ok(match request.unit {
        crate::Unit::DyadYear => {
            let mut p = foedus_panel::create_dyad_years(registry, options)?;
            for v in &added {
                p.add(registry, *v)?;
            }
            PreparedPanel {
                len: p.len(),
                schema: p.schema(),
                note,
                batch: Box::new(move |r| p.batch(r)),
            }
        }
        crate::Unit::StateYear => {
            let mut p = foedus_panel::create_state_years(registry, options)?;
            for v in &added {
                p.add(registry, *v)?;
            }
            PreparedPanel {
                len: p.len(),
                schema: p.schema(),
                note,
                batch: Box::new(move |r| p.batch(r)),
            }
        }
    })
}

/// The options of [`similarity`] from the words a user types (the language
/// packages' arguments, as `foedus similarity`'s flags): `portfolio` `owed` or
/// `either`; `levels` `atop`, `defense`, `defense-offense`, `any` or a list such as
/// `defense=3,consul=1`; `measures` by name (every measure if none); `weighted`
/// false leaves out the capability-weighted measures, which need NMC.
pub fn similarity_options(
    panel: foedus_panel::PanelOptions,
    portfolio: &str,
    levels: &str,
    measures: &[&str],
    weighted: bool,
) -> Result<foedus_similarity::SimilarityOptions, EngineError> {
    use foedus_similarity::{Measure, Portfolio};
    let portfolio = match portfolio.trim() {
        "owed" => Portfolio::Owed,
        "either" => Portfolio::Either,
        other => {
            return Err(EngineError::Invalid {
                argument: "portfolio",
                message: format!(
                    "{} is not a portfolio: expected owed or either",
                    foedus_domain::quote::quote(other)
                ),
            });
        }
    };
    let levels = levels.parse().map_err(|message| EngineError::Invalid {
        argument: "levels",
        message,
    })?;
    let named: Vec<&str> = measures
        .iter()
        .map(|m| m.trim())
        .filter(|m| !m.is_empty())
        .collect();
    let mut measures: Vec<Measure> = if named.is_empty() {
        Measure::ALL
            .into_iter()
            .filter(|m| weighted || !m.weighted())
            .collect()
    } else {
        named
            .iter()
            .map(|m| m.parse::<Measure>())
            .collect::<Result<_, _>>()?
    };
    if let Some(m) = measures.iter().find(|m| m.weighted() && !weighted) {
        return Err(EngineError::Invalid {
            argument: "measures",
            message: format!(
                "{} is weighted by capability share, but no weights are asked: expected a measure without weights",
                m.name()
            ),
        });
    }
    measures.sort();
    measures.dedup();
    Ok(foedus_similarity::SimilarityOptions {
        panel,
        portfolio,
        levels,
        measures,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message of an `Invalid` error and its argument.
    fn invalid(e: EngineError) -> (&'static str, String) {
        match e {
            EngineError::Invalid { argument, message } => (argument, message),
            other => panic!("expected Invalid, found {other:?}"),
        }
    }

    #[test]
    fn simulation_options_name_the_packages_arguments() {
        let o = sim_options(10, 3, 0.5, &[("defense", 0.9)], "ignore", 4).unwrap();
        assert_eq!((o.honour.defense, o.honour.offense), (0.9, 0.5));
        assert_eq!(o.possibly, foedus_scenario::Possibly::Ignore);
        assert_eq!((o.runs, o.seed, o.top_chains), (10, 3, 4));

        let (arg, message) = invalid(sim_options(10, 3, 1.5, &[], "ignore", 4).unwrap_err());
        assert_eq!(arg, "honour");
        assert!(message.contains("1.5 is not a probability"), "{message}");
        let (arg, message) =
            invalid(sim_options(10, 3, 0.5, &[("offense", -1.0)], "ignore", 4).unwrap_err());
        assert_eq!(arg, "honour_by_type");
        assert!(message.starts_with("offense: -1 is not"), "{message}");
        let (arg, message) =
            invalid(sim_options(10, 3, 0.5, &[("loyalty", 0.5)], "ignore", 4).unwrap_err());
        assert_eq!(arg, "honour_by_type");
        assert!(message.contains("`loyalty`"), "{message}");

        match sim_options(10, 3, 0.5, &[], "maybe", 4).unwrap_err() {
            EngineError::Query(q) => {
                assert_eq!(q.field(), Some("possibly"));
                assert!(q.to_string().contains("`maybe`"), "{q}");
            }
            other => panic!("expected a query error, found {other:?}"),
        }
    }
}
