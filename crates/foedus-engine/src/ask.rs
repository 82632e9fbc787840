//! The questions the language packages ask, from what a user types to a table:
//! the same query layer and analyses as the CLI and the HTTP service.

use foedus_domain::registry::Registry;
use foedus_query::{
    Filter, FilterInput, HonourAll, HonourAsked, Replay, ScenarioInput, parse_scenario,
};
use foedus_scenario::calendar::{ItemKind, MAX_YEARS, window};
use foedus_scenario::empirical::Empirical;
use foedus_scenario::{CasusFoederis, Possibly, SimOptions, Simulation};
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
/// simulation (assumptions, coalitions, chains; with empirical rates, each
/// commitment's rate). The reliability record's rates are read here, from the
/// registry's wars and disputes, when `asked` names them.
pub fn simulate(
    registry: &Registry,
    input: &ScenarioInput<'_>,
    asked: &SimAsked,
) -> Result<(Table, Simulation), EngineError> {
    let scenario = parse_scenario(registry, input)?;
    foedus_scenario::cascade::runs_within(asked.runs, foedus_scenario::cascade::MAX_RUNS)?;
    let index = CasusFoederis::index(registry);
    let options = asked.options(&index, registry, scenario.date)?;
    let simulation = foedus_scenario::simulate(&index, &scenario, &options)?;
    let mut table = tables::cascade_states(&simulation)?;
    table.note = registry.coverage().past_on(scenario.date, &[]);
    Ok((table, simulation))
}

/// `honour` as a language package passes it: a number, or text (`"empirical"`, or
/// a probability as typed).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum HonourArg<'a> {
    /// A probability, for every type.
    Probability(f64),
    /// What a user typed: `empirical` or a probability.
    Text(&'a str),
}

/// A simulation as asked, each argument read and checked; the reliability
/// record's rates, which depend on the registry and the attack's day, are looked
/// up by [`SimAsked::options`]. The CLI, the HTTP service and the packages fill
/// it from their own arguments and resolve it there, so `empirical` is decided once.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SimAsked {
    /// Number of runs.
    pub runs: u64,
    /// The seed.
    pub seed: u64,
    /// The honouring asked: probabilities by type, or the reliability record's rates.
    pub honour: HonourAsked,
    /// What possibly triggered obligations count as.
    pub possibly: Possibly,
    /// How many of the most common chains to report.
    pub top_chains: usize,
}

/// What `honour = "empirical"` cannot do without the reliability record: the
/// message of the error [`SimAsked::options`] names `honour` with.
pub const NO_RECORD: &str = "`empirical` asks for the reliability record's rates, and the record decides no commitment (no COW wars or GML disputes are loaded, or none put a commitment to the test): import wars and disputes, or give a probability";

impl SimAsked {
    /// The options of a simulation on `date` in `registry` (`index`, its casus
    /// foederis index): the probabilities asked, or, for `empirical`, each
    /// commitment's rate from the reliability record of `index` over the
    /// registry's wars and disputes (computed only then), with `honour` holding
    /// its rates by type on `date`. An error names `honour` when the record decides
    /// no commitment ([`NO_RECORD`]).
    pub fn options(
        &self,
        index: &CasusFoederis,
        registry: &Registry,
        date: Date,
    ) -> Result<SimOptions, EngineError> {
        self.options_with(date, || Empirical::of(index, registry.history()))
    }

    /// [`SimAsked::options`] with the reliability record's rates from `rates`,
    /// called only for `empirical` (`None`: the record decides nothing): for an
    /// interface that keeps them computed (the HTTP service).
    pub fn options_with(
        &self,
        date: Date,
        rates: impl FnOnce() -> Option<Empirical>,
    ) -> Result<SimOptions, EngineError> {
        let (honour, empirical) = match self.honour {
            HonourAsked::Fixed(h) => (h, None),
            HonourAsked::Empirical => {
                let e = rates().ok_or_else(|| EngineError::Invalid {
                    argument: "honour",
                    message: NO_RECORD.into(),
                })?;
                (e.by_type(date), Some(e))
            }
        };
        Ok(SimOptions {
            runs: self.runs,
            seed: self.seed,
            honour,
            possibly: self.possibly,
            top_chains: self.top_chains,
            empirical,
        })
    }
}

/// How to simulate, from the language packages' arguments: `honour` for every
/// type (a probability, or `empirical`: the reliability record's rates, resolved
/// when simulating), `by_type` (a type and its probability) overriding it, and
/// `possibly` as typed, each parsed and checked by the query layer as the CLI's
/// and the HTTP API's are. An error names the packages' argument: `honour`,
/// `honour_by_type` (with the type, for a probability) or `possibly`.
pub fn sim_options(
    runs: u64,
    seed: u64,
    honour: HonourArg<'_>,
    by_type: &[(&str, f64)],
    possibly: &str,
    top_chains: usize,
) -> Result<SimAsked, EngineError> {
    let named = |e: foedus_query::QueryError| {
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
    };
    let all = match honour {
        HonourArg::Probability(p) => HonourAll::Probability(p),
        HonourArg::Text(text) => foedus_query::honour::parse_honour(text).map_err(named)?,
    };
    Ok(SimAsked {
        runs,
        seed,
        honour: foedus_query::honour::honour(Some(all), by_type).map_err(named)?,
        possibly: foedus_query::honour::possibly(possibly)?,
        top_chains,
    })
}

/// How a simulation's commitments were honoured, in words: the probabilities by
/// type, or the reliability record's rates (their source, and the rates by type
/// in the attack's era; each commitment's own is in [`Simulation::rates`]). The
/// CLI prints it; the packages return it with the odds.
pub fn honour_text(s: &Simulation) -> String {
    let o = &s.options;
    let h = &o.honour;
    match &o.empirical {
        Some(e) => format!(
            "empirical rates (from {}; by type in {}: defense {}, offense {}, neutrality {}, nonaggression {})",
            e.source,
            foedus_scenario::empirical::era_of(s.scenario.date),
            percent(h.defense),
            percent(h.offense),
            percent(h.neutrality),
            percent(h.nonaggression)
        ),
        None => format!(
            "defense {}, offense {}, neutrality {}, nonaggression {}",
            h.defense, h.offense, h.neutrality, h.nonaggression
        ),
    }
}

fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
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
        let o = sim_options(
            10,
            3,
            HonourArg::Probability(0.5),
            &[("defense", 0.9)],
            "ignore",
            4,
        )
        .unwrap();
        let HonourAsked::Fixed(h) = o.honour else {
            panic!("probabilities asked: {o:?}")
        };
        assert_eq!((h.defense, h.offense), (0.9, 0.5));
        assert_eq!(o.possibly, foedus_scenario::Possibly::Ignore);
        assert_eq!((o.runs, o.seed, o.top_chains), (10, 3, 4));
        // A probability typed as text is read as the CLI reads `--honour 0.5`.
        let typed = sim_options(10, 3, HonourArg::Text(" 0.5 "), &[], "ignore", 4).unwrap();
        assert_eq!(
            typed.honour,
            HonourAsked::Fixed(foedus_scenario::Honour::all(0.5))
        );

        for bad in [HonourArg::Probability(1.5), HonourArg::Text("1.5")] {
            let (arg, message) = invalid(sim_options(10, 3, bad, &[], "ignore", 4).unwrap_err());
            assert_eq!(arg, "honour");
            assert!(message.contains("1.5 is not a probability"), "{message}");
        }
        let (arg, message) = invalid(
            sim_options(10, 3, HonourArg::Text("sometimes"), &[], "ignore", 4).unwrap_err(),
        );
        assert_eq!(arg, "honour");
        assert!(
            message.contains("`sometimes`") && message.contains("`empirical`"),
            "{message}"
        );
        let (arg, message) = invalid(
            sim_options(
                10,
                3,
                HonourArg::Text("empirical"),
                &[("defense", 0.9)],
                "ignore",
                4,
            )
            .unwrap_err(),
        );
        assert_eq!(arg, "honour");
        assert!(
            message.contains("cannot be combined with empirical"),
            "{message}"
        );
        let (arg, message) = invalid(
            sim_options(
                10,
                3,
                HonourArg::Probability(0.5),
                &[("offense", -1.0)],
                "ignore",
                4,
            )
            .unwrap_err(),
        );
        assert_eq!(arg, "honour_by_type");
        assert!(message.starts_with("offense: -1 is not"), "{message}");
        let (arg, message) = invalid(
            sim_options(
                10,
                3,
                HonourArg::Probability(0.5),
                &[("loyalty", 0.5)],
                "ignore",
                4,
            )
            .unwrap_err(),
        );
        assert_eq!(arg, "honour_by_type");
        assert!(message.contains("`loyalty`"), "{message}");

        match sim_options(10, 3, HonourArg::Probability(0.5), &[], "maybe", 4).unwrap_err() {
            EngineError::Query(q) => {
                assert_eq!(q.field(), Some("possibly"));
                assert!(q.to_string().contains("`maybe`"), "{q}");
            }
            other => panic!("expected a query error, found {other:?}"),
        }
    }

    const UKG: u16 = 200;
    const FRN: u16 = 220;
    const GMY: u16 = 255;

    /// The United Kingdom, France and Germany, members of the COW system from 1816;
    /// an Anglo-French mutual defense pact in force from 1904; and, with `war`, COW's
    /// war of 1914 in which Germany attacks France and the United Kingdom joins France
    /// (so the record finds both commitments honoured).
    fn entente(war: bool) -> Registry {
        use foedus_domain::history::WarYear;
        use foedus_domain::provenance::Provenance;
        use foedus_domain::registry::{RegistryParts, SourceInfo};
        use foedus_domain::state::{Ccode, Membership, State, System};
        let states = [(UKG, "UKG"), (FRN, "FRN"), (GMY, "GMY")]
            .map(|(code, abbrev)| State {
                ccode: Some(Ccode(code)),
                gwcode: None,
                iso3: None,
                abbrev: abbrev.into(),
                name: abbrev.into(),
                other_names: vec![],
                memberships: vec![Membership {
                    system: System::Cow,
                    code,
                    start: jiff::civil::date(1816, 1, 1),
                    end: None,
                    microstate: false,
                    provenance: Provenance::default(),
                    carried_forward_from: None,
                }],
            })
            .to_vec();
        let pact = serde_json::from_str(&format!(
            r#"{{"id":"entente","title":"Entente","parties":[{{"state":{UKG}}},{{"state":{FRN}}}],
            "obligations":[{{"obligor":{UKG},"beneficiary":{FRN},"kind":"defense","conditions":[]}},
                           {{"obligor":{FRN},"beneficiary":{UKG},"kind":"defense","conditions":[]}}],
            "events":[{{"date":"1904-04-08","kind":"signature"}},{{"date":"1904-04-08","kind":"entry_into_force"}}],
            "provenance":{{"source":"test"}}}}"#
        ))
        .expect("the pact's record");
        let mut parts = RegistryParts {
            states,
            records: vec![pact],
            sources: vec![SourceInfo {
                source: "test".into(),
                version: "1".into(),
                span: Some((1816, 2016)),
                kept_current: false,
            }],
            ..RegistryParts::default()
        };
        if war {
            parts.history.war_years = [FRN, UKG]
                .map(|target| WarYear {
                    warnum: 106,
                    ccode1: Ccode(GMY),
                    ccode2: Ccode(target),
                    year: 1914,
                    onset: true,
                    sidea1: 1,
                    sidea2: 2,
                    initiator1: true,
                    initiator2: false,
                    outcome1: None,
                    outcome2: None,
                    batdeath1: None,
                    batdeath2: None,
                    resume: false,
                })
                .to_vec();
        }
        Registry::from_parts(parts)
    }

    fn attack_on_france() -> foedus_query::Attack {
        foedus_query::Attack {
            attacker: "GMY".into(),
            target: "FRN".into(),
            date: jiff::civil::date(1914, 8, 3),
            place: vec![],
            provoked: None,
            attackers: None,
            requested: None,
        }
    }

    #[test]
    fn a_probability_is_drawn_with_as_given_whatever_the_record() {
        let registry = entente(true);
        let index = CasusFoederis::index(&registry);
        let asked = sim_options(50, 1, HonourArg::Probability(0.25), &[], "ignore", 5).unwrap();
        let o = asked
            .options(&index, &registry, jiff::civil::date(1914, 8, 3))
            .unwrap();
        assert_eq!(o.honour, foedus_scenario::Honour::all(0.25));
        assert!(o.empirical.is_none());
        let (_, sim) = simulate(&registry, &attack_on_france().input(), &asked).unwrap();
        assert!(sim.rates.is_empty());
        assert_eq!(tables::cascade_rates(&sim).unwrap().rows(), 0);
        assert_eq!(
            honour_text(&sim),
            "defense 0.25, offense 0.25, neutrality 0.25, nonaggression 0.25"
        );
    }

    #[test]
    fn empirical_rates_come_from_the_registrys_wars() {
        let registry = entente(true);
        let asked = sim_options(50, 1, HonourArg::Text("Empirical"), &[], "ignore", 5).unwrap();
        assert_eq!(asked.honour, HonourAsked::Empirical);
        let index = CasusFoederis::index(&registry);
        let o = asked
            .options(&index, &registry, jiff::civil::date(1914, 8, 3))
            .unwrap();
        let e = o.empirical.as_ref().expect("the record's rates");
        assert!(e.source.contains("2 decided verdicts"), "{}", e.source);
        // Both commitments honoured in 1914: defense's pre-1945 rate is 1.
        assert_eq!(o.honour.defense, 1.0);
        let (_, sim) = simulate(&registry, &attack_on_france().input(), &asked).unwrap();
        let rates = tables::cascade_rates(&sim).unwrap();
        assert!(rates.rows() > 0);
        let uk = sim
            .rates
            .iter()
            .find(|r| r.obligor.ccode == UKG && r.beneficiary.ccode == FRN)
            .expect("the British commitment to France");
        assert_eq!(uk.probability, 1.0);
        assert_eq!(uk.agreements, ["entente"]);
        let text = honour_text(&sim);
        assert!(
            text.starts_with("empirical rates (from the reliability record")
                && text.contains("by type in pre-1945: defense 100.0%"),
            "{text}"
        );
        // The United Kingdom always joins France's side.
        let uk_odds = sim.states.iter().find(|s| s.state.ccode == UKG).unwrap();
        assert_eq!(uk_odds.target_side, 1.0);
    }

    #[test]
    fn empirical_rates_without_wars_or_disputes_name_honour() {
        let registry = entente(false);
        let asked = sim_options(50, 1, HonourArg::Text("empirical"), &[], "ignore", 5).unwrap();
        let index = CasusFoederis::index(&registry);
        let (arg, message) = invalid(
            asked
                .options(&index, &registry, jiff::civil::date(1914, 8, 3))
                .unwrap_err(),
        );
        assert_eq!(arg, "honour");
        assert_eq!(message, NO_RECORD);
        assert!(message.contains("import wars and disputes"), "{message}");
        let Err(e) = simulate(&registry, &attack_on_france().input(), &asked) else {
            panic!("simulated without the record's rates")
        };
        assert_eq!(invalid(e).0, "honour");
        assert_eq!(arg, "honour");
        // A kept record that decides nothing is refused the same way.
        let (arg, _) = invalid(
            asked
                .options_with(jiff::civil::date(1914, 8, 3), || None)
                .unwrap_err(),
        );
        assert_eq!(arg, "honour");
    }
}
