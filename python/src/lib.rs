//! `foedus._foedus`: the Python package's native module, a thin binding over
//! `foedus-engine` (issue 18).
//!
//! Every function converts Python's arguments into the engine's, calls one engine
//! function with the GIL released, and hands the answer back: tables as
//! `pyarrow.RecordBatchReader`s through the Arrow C stream interface (no copy of
//! the columns), with the coverage note in the schema's metadata under
//! `foedus.note` and returned beside it. No answer is computed here.
//!
//! Errors become exceptions whose message starts with the argument at fault
//! (`years: ...`, `attacker: ...`): `FoedusError` (a `ValueError`), with
//! `RegistryError` for a database that cannot be opened or read and `DataError`
//! for a data directory that does not import. A panic inside the engine (a bug)
//! is caught and raised as `FoedusError`; it never unwinds into Python.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{RecordBatchIterator, RecordBatchReader};
use arrow_pyarrow::IntoPyArrow;
use foedus_domain::date::typed;
use foedus_domain::registry::Registry;
use foedus_domain::state::System;
use foedus_engine::{EngineError, PanelRequest, Table, Unit, ask};
use foedus_network::{NetworkError, NetworkOptions, Ties};
use foedus_panel::{PanelError, PanelOptions};
use foedus_query::{Attack, FilterInput};
use foedus_scenario::ScenarioError;
use foedus_similarity::SimilarityError;
use jiff::civil::Date;
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// The extension's allocator: mimalloc keeps the pages a panel freed for the next
/// one, where the system's allocator returns them and each panel faults fresh
/// memory in again (half the CPU time of a large panel, docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (mimalloc.h, v3), which libmimalloc-sys
/// does not name.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long freed pages are kept before mimalloc returns them to the system: 10 s,
/// jemalloc's default decay, not mimalloc's 1 s. A panel of 1.9 million dyad-years
/// frees 280 MB; built again within the delay (the next variable, the next model)
/// it reuses them, measured 0.06 s against 0.11 s when they must be faulted in
/// again. Set `MIMALLOC_PURGE_DELAY` (milliseconds) to choose otherwise.
const PURGE_DELAY_MS: std::ffi::c_long = 10_000;

/// The purge delay in force, in milliseconds (for the tests).
#[pyfunction]
fn purge_delay_ms() -> std::ffi::c_long {
    // SAFETY: reads an option.
    unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) }
}

/// Sets the purge delay unless the environment chose one.
fn keep_freed_pages() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: an option mimalloc documents as settable at any time.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    }
}

create_exception!(
    _foedus,
    FoedusError,
    PyValueError,
    "A value foedus cannot use: the message names the argument and what was expected."
);
create_exception!(
    _foedus,
    RegistryError,
    FoedusError,
    "The registry's database could not be opened, read or written."
);
create_exception!(
    _foedus,
    DataError,
    FoedusError,
    "A data directory could not be imported: the message names the file, line and field."
);

/// The key of a table's schema metadata that holds its coverage note.
const NOTE_KEY: &str = "foedus.note";

/// A registry snapshot, loaded once and shared by every question asked of it.
#[pyclass(frozen, module = "foedus._foedus")]
struct Snapshot {
    registry: Arc<Registry>,
}

/// What an engine call returns to Python: a table and its note.
type PyTable = (Py<PyAny>, Option<String>);

/// What an import wrote: each source and whether it changed; what was skipped.
type Imported = (Vec<(String, bool)>, Vec<String>);

/// Runs `f` without the GIL; a panic (a bug) becomes a `FoedusError`.
fn engine<T: Send>(py: Python<'_>, f: impl FnOnce() -> PyResult<T> + Send) -> PyResult<T> {
    py.detach(|| catch_unwind(AssertUnwindSafe(f)))
        .unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("no message");
            Err(FoedusError::new_err(format!(
                "internal error in the foedus engine ({what}): please report it"
            )))
        })
}

/// The argument an engine error is about, where the error says it.
fn argument_of(e: &EngineError) -> Option<&'static str> {
    match e {
        EngineError::Query(q) => q.field(),
        EngineError::Panel(p)
        | EngineError::Similarity(SimilarityError::Panel(p))
        | EngineError::Network(NetworkError::Panel(p)) => panel_argument(p),
        EngineError::Scenario(s) => Some(scenario_argument(s)),
        EngineError::Similarity(SimilarityError::UnknownMeasure(_)) => Some("measures"),
        EngineError::Similarity(SimilarityError::YearsOutside { .. })
        | EngineError::Network(NetworkError::YearsOutside { .. }) => Some("years"),
        EngineError::Network(NetworkError::UnknownTies(_)) => Some("ties"),
        EngineError::UnknownVariables { .. } | EngineError::VariablesTwice(_) => Some("add"),
        EngineError::UnknownKind { .. } => Some("kinds"),
        EngineError::OnDateForStates => Some("on"),
        EngineError::Invalid { argument, .. } => Some(argument),
        _ => None,
    }
}

/// The years of a panel are one argument, `years`.
fn panel_argument(e: &PanelError) -> Option<&'static str> {
    match e {
        PanelError::PastToday { .. }
        | PanelError::YearOutOfRange { .. }
        | PanelError::EmptyRange { .. }
        | PanelError::NoMembers { .. } => Some("years"),
        PanelError::DyadsOnly { .. } => Some("add"),
        _ => None,
    }
}

/// The argument a scenario error is about (as the HTTP API names it).
fn scenario_argument(e: &ScenarioError) -> &'static str {
    match e {
        ScenarioError::UnknownState(_) => "attacker",
        ScenarioError::SameState(_) => "target",
        ScenarioError::DateOutsideData { .. } | ScenarioError::NotAMember { .. } => "date",
        ScenarioError::Probability { .. } => "honour",
        ScenarioError::ZeroAttackers => "attackers",
        ScenarioError::EmptyWindow { .. } | ScenarioError::LongWindow { .. } => "end",
        ScenarioError::ZeroRuns
        | ScenarioError::TooManyRuns { .. }
        | ScenarioError::Stopped { .. } => "runs",
    }
}

/// An engine error as the Python exception that says it, its argument first.
fn error(e: EngineError) -> PyErr {
    match e {
        EngineError::Store(_) => RegistryError::new_err(e.to_string()),
        EngineError::Import(_) | EngineError::Starter(_) => DataError::new_err(e.to_string()),
        e => {
            let message = e.to_string();
            match argument_of(&e) {
                // The engine's `Invalid` names its argument itself.
                Some(arg) if !message.starts_with(&format!("{arg}: ")) => {
                    FoedusError::new_err(format!("{arg}: {message}"))
                }
                _ => FoedusError::new_err(message),
            }
        }
    }
}

/// An error about one argument.
fn invalid(argument: &str, message: impl std::fmt::Display) -> PyErr {
    FoedusError::new_err(format!("{argument}: {message}"))
}

/// Today, in the system's time zone (as the CLI's `today`).
fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}

/// A day as typed (`YYYY-MM-DD` or `today`); the Python layer turns a
/// `datetime.date` into its ISO form.
fn day(argument: &str, text: &str) -> PyResult<Date> {
    typed::parse_day(text, today()).map_err(|e| invalid(argument, e))
}

/// A year, within what a panel may ask (checked again by the engine).
fn year(argument: &str, value: i64) -> PyResult<i16> {
    i16::try_from(value).map_err(|_| {
        invalid(
            argument,
            format!(
                "the year {value} is out of range: expected a year between {} and {}",
                typed::FIRST_YEAR,
                today().year()
            ),
        )
    })
}

fn system(name: &str) -> PyResult<System> {
    match name.trim().to_ascii_lowercase().as_str() {
        "cow" => Ok(System::Cow),
        "gw" => Ok(System::Gw),
        _ => Err(invalid(
            "system",
            format!("{}: expected cow or gw", foedus_domain::quote::quote(name)),
        )),
    }
}

/// A panel's options, its years checked (first no earlier than 1700, last no
/// later than today, in order).
fn panel_options(
    system_name: &str,
    from: i64,
    to: i64,
    directed: bool,
    microstates: bool,
) -> PyResult<PanelOptions> {
    let options = PanelOptions {
        system: system(system_name)?,
        microstates,
        from: year("years", from)?,
        to: year("years", to)?,
        directed,
        today: today(),
    };
    options
        .check_years()
        .map_err(|e| error(EngineError::Panel(e)))?;
    Ok(options)
}

/// A table as a `pyarrow.RecordBatchReader` over the engine's own buffers, its
/// note in the schema's metadata.
fn to_python(py: Python<'_>, table: Table) -> PyResult<PyTable> {
    let note = table.note.map(|n| n.to_string());
    let mut metadata = table.schema.metadata().clone();
    if let Some(n) = &note {
        metadata.insert(NOTE_KEY.to_string(), n.clone());
    }
    let schema = Arc::new(table.schema.as_ref().clone().with_metadata(metadata));
    let reader: Box<dyn RecordBatchReader + Send> = Box::new(RecordBatchIterator::new(
        table.batches.into_iter().map(Ok),
        schema,
    ));
    Ok((reader.into_pyarrow(py)?.unbind(), note))
}

/// Opens the registry at `db` (a SQLite path or a `postgres://` URL; else
/// `$FOEDUS_DB`, else the CLI's default path), creating it with the starter
/// records on first use, and loads its snapshot. Returns the snapshot, the
/// location and the number of starter agreements written if it was created.
#[pyfunction]
#[pyo3(signature = (db=None))]
fn open(py: Python<'_>, db: Option<PathBuf>) -> PyResult<(Snapshot, String, Option<usize>)> {
    engine(py, move || {
        let at = db.as_deref();
        let location = foedus_engine::open::location(at);
        let opened = foedus_engine::open_store(at).map_err(error)?;
        let registry = opened
            .store
            .load()
            .map_err(|e| error(EngineError::Store(e)))?;
        Ok((
            Snapshot {
                registry: Arc::new(registry),
            },
            foedus_store::redact(&location.to_string_lossy()),
            opened.created,
        ))
    })
}

/// Imports a directory laid out like the shared data into the registry at `db`
/// in one transaction. Returns the sources written and what was skipped.
#[pyfunction]
#[pyo3(signature = (dir, db=None))]
fn import_dir(py: Python<'_>, dir: PathBuf, db: Option<PathBuf>) -> PyResult<Imported> {
    engine(py, move || {
        if !Path::new(&dir).is_dir() {
            return Err(invalid(
                "dir",
                format!(
                    "{} is not a directory: expected a data directory",
                    dir.display()
                ),
            ));
        }
        let (read, changes) = foedus_engine::import_dir(
            db.as_deref(),
            &dir,
            &foedus_import::Limits::default(),
            &mut |_| {},
        )
        .map_err(error)?;
        let written = read
            .batches
            .iter()
            .zip(&changes)
            .map(|((name, _), c)| (name.clone(), !c.unchanged))
            .collect();
        Ok((written, read.skipped))
    })
}

/// Every variable name a panel's `add` knows.
#[pyfunction]
fn variable_names() -> Vec<&'static str> {
    foedus_engine::variable_names()
}

/// Checks a panel's arguments before anything is built: system, years, variables,
/// the day of a panel on one day.
#[pyfunction]
#[pyo3(signature = (system_name, from, to, directed, microstates, add, on=None))]
fn check_panel(
    system_name: &str,
    from: i64,
    to: i64,
    directed: bool,
    microstates: bool,
    add: Vec<String>,
    on: Option<&str>,
) -> PyResult<()> {
    panel_options(system_name, from, to, directed, microstates)?;
    foedus_engine::request_variables(&add).map_err(error)?;
    on.map(|d| day("on", d)).transpose()?;
    Ok(())
}

/// A state-year (`unit` "state") or dyad-year (`unit` "dyad") panel with the
/// variables `add` names; `on` gives the dyads in force on one day instead.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (snapshot, unit, system_name, from, to, directed, microstates, add, on=None))]
fn panel(
    py: Python<'_>,
    snapshot: &Snapshot,
    unit: &str,
    system_name: &str,
    from: i64,
    to: i64,
    directed: bool,
    microstates: bool,
    add: Vec<String>,
    on: Option<String>,
) -> PyResult<PyTable> {
    let request = PanelRequest {
        unit: match unit {
            "state" => Unit::StateYear,
            _ => Unit::DyadYear,
        },
        options: panel_options(system_name, from, to, directed, microstates)?,
        add,
        on: on.as_deref().map(|d| day("on", d)).transpose()?,
    };
    let registry = snapshot.registry.clone();
    let table = engine(py, move || {
        foedus_engine::panel(&registry, &request).map_err(error)
    })?;
    to_python(py, table)
}

/// An attack, as `obligations` and `simulate` take it: the date parsed and the
/// number of attackers checked to be a count here, the rest read by the query
/// layer when a question is asked.
#[pyclass(frozen, module = "foedus._foedus", name = "Attack")]
struct PyAttack(Attack);

#[pymethods]
impl PyAttack {
    #[new]
    #[pyo3(signature = (attacker, target, date, place, provoked=None, attackers=None, requested=None))]
    fn new(
        attacker: String,
        target: String,
        date: &str,
        place: Vec<String>,
        provoked: Option<String>,
        attackers: Option<i64>,
        requested: Option<String>,
    ) -> PyResult<Self> {
        let attackers = attackers
            .map(|n| {
                u32::try_from(n).map_err(|_| {
                    invalid(
                        "attackers",
                        format!(
                            "{n} is out of range; expected 1 to {} (the attacker included)",
                            foedus_query::scenario::MAX_ATTACKERS
                        ),
                    )
                })
            })
            .transpose()?;
        Ok(PyAttack(Attack {
            attacker,
            target,
            date: day("date", date)?,
            place,
            provoked,
            attackers,
            requested,
        }))
    }
}

/// Who is bound to act, stay out or consult if `attack`'s attacker attacks its
/// target on its date.
#[pyfunction]
fn obligations(py: Python<'_>, snapshot: &Snapshot, attack: &PyAttack) -> PyResult<PyTable> {
    let attack = attack.0.clone();
    let registry = snapshot.registry.clone();
    let table = engine(py, move || {
        ask::obligations(&registry, &attack.input()).map_err(error)
    })?;
    to_python(py, table)
}

/// `honour` as Python gives it: a number, or text (`"empirical"`, or a probability).
#[derive(FromPyObject)]
enum HonourIn {
    Probability(f64),
    Text(String),
}

/// A simulation as it reaches Python: each state's odds (a table and its note),
/// each commitment's empirical rate (a table, empty with probabilities given),
/// the honouring in words, and the whole simulation as JSON text.
type PySimulation = (Py<PyAny>, Option<String>, Py<PyAny>, String, String);

/// Simulated cascades of an attack. `honour_by_type` holds (type, probability)
/// pairs; `honour` is a probability or `"empirical"` (the reliability record's
/// rates, read by the engine from the registry's wars and disputes).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (snapshot, attack, runs, seed, honour, honour_by_type, possibly, top))]
fn simulate(
    py: Python<'_>,
    snapshot: &Snapshot,
    attack: &PyAttack,
    runs: i64,
    seed: i64,
    honour: HonourIn,
    honour_by_type: Vec<(String, f64)>,
    possibly: &str,
    top: i64,
) -> PyResult<PySimulation> {
    let attack = attack.0.clone();
    let runs = u64::try_from(runs).map_err(|_| {
        invalid(
            "runs",
            format!(
                "{runs} runs: expected a whole number from 1 to {}",
                foedus_scenario::cascade::MAX_RUNS
            ),
        )
    })?;
    let seed = u64::try_from(seed).map_err(|_| {
        invalid(
            "seed",
            format!("{seed}: expected a whole number, 0 or more"),
        )
    })?;
    let top = usize::try_from(top)
        .map_err(|_| invalid("top", format!("{top}: expected a whole number, 0 or more")))?;
    let by_type: Vec<(&str, f64)> = honour_by_type
        .iter()
        .map(|(kind, p)| (kind.as_str(), *p))
        .collect();
    let honour = match &honour {
        HonourIn::Probability(p) => ask::HonourArg::Probability(*p),
        HonourIn::Text(t) => ask::HonourArg::Text(t),
    };
    let asked = ask::sim_options(runs, seed, honour, &by_type, possibly, top).map_err(error)?;
    let registry = snapshot.registry.clone();
    let (table, rates, honour, json) = engine(py, move || {
        let (table, simulation) =
            ask::simulate(&registry, &attack.input(), &asked).map_err(error)?;
        let rates = foedus_engine::tables::cascade_rates(&simulation).map_err(error)?;
        let json = serde_json::to_string(&simulation)
            .map_err(|e| FoedusError::new_err(format!("cannot describe the simulation: {e}")))?;
        Ok((table, rates, ask::honour_text(&simulation), json))
    })?;
    let (reader, note) = to_python(py, table)?;
    let (rates, _) = to_python(py, rates)?;
    Ok((reader, note, rates, honour, json))
}

/// The agreements a filter keeps, each with its status on `in_force` (else today).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (snapshot, party, partner, family, obligation, owed_to, owed_by, in_force, bilateral, source, text))]
fn agreements(
    py: Python<'_>,
    snapshot: &Snapshot,
    party: Option<String>,
    partner: Option<String>,
    family: Option<String>,
    obligation: Option<String>,
    owed_to: Option<String>,
    owed_by: Option<String>,
    in_force: Option<String>,
    bilateral: Option<bool>,
    source: Option<String>,
    text: Option<String>,
) -> PyResult<PyTable> {
    let in_force = in_force
        .as_deref()
        .map(|d| day("in_force", d))
        .transpose()?;
    let registry = snapshot.registry.clone();
    let table = engine(py, move || {
        let input = FilterInput {
            party: party.as_deref(),
            partner: partner.as_deref(),
            family: family.as_deref(),
            obligation: obligation.as_deref(),
            owed_to: owed_to.as_deref(),
            owed_by: owed_by.as_deref(),
            in_force,
            bilateral,
            source: source.as_deref(),
            text: text.as_deref(),
        };
        ask::agreements(&registry, &input, today()).map_err(error)
    })?;
    to_python(py, table)
}

/// The dates from `start` (its first day; today if absent) to `end` (its last
/// day; two years on if absent), of `party`'s agreements, of the kinds named.
#[pyfunction]
#[pyo3(signature = (snapshot, start, end, party, kinds))]
fn calendar(
    py: Python<'_>,
    snapshot: &Snapshot,
    start: Option<String>,
    end: Option<String>,
    party: Option<String>,
    kinds: Vec<String>,
) -> PyResult<PyTable> {
    let now = today();
    let from = match start.as_deref() {
        Some(s) => typed::parse_bound(s, now)
            .map_err(|e| invalid("start", e))?
            .earliest(),
        None => now,
    };
    let until = match end.as_deref() {
        Some(s) => typed::parse_bound(s, now)
            .map_err(|e| invalid("end", e))?
            .latest(),
        None => foedus_scenario::calendar::default_until(from),
    };
    let registry = snapshot.registry.clone();
    let table = engine(py, move || {
        let kinds: Vec<&str> = kinds.iter().map(String::as_str).collect();
        ask::calendar(&registry, from, until, party.as_deref(), &kinds).map_err(error)
    })?;
    to_python(py, table)
}

/// Alliance portfolio similarity for every dyad-year.
#[pyfunction]
#[allow(clippy::too_many_arguments)]
#[pyo3(signature = (snapshot, system_name, from, to, directed, microstates, portfolio, levels, measures, weighted))]
fn similarity(
    py: Python<'_>,
    snapshot: &Snapshot,
    system_name: &str,
    from: i64,
    to: i64,
    directed: bool,
    microstates: bool,
    portfolio: &str,
    levels: &str,
    measures: Vec<String>,
    weighted: bool,
) -> PyResult<PyTable> {
    let panel = panel_options(system_name, from, to, directed, microstates)?;
    let measures: Vec<&str> = measures.iter().map(String::as_str).collect();
    let options =
        ask::similarity_options(panel, portfolio, levels, &measures, weighted).map_err(error)?;
    let registry = snapshot.registry.clone();
    let table = engine(py, move || {
        ask::similarity(&registry, &options).map_err(error)
    })?;
    to_python(py, table)
}

fn network_options(
    system_name: &str,
    from: i64,
    to: i64,
    microstates: bool,
    ties: &str,
) -> PyResult<NetworkOptions> {
    let panel = panel_options(system_name, from, to, false, microstates)?;
    let ties: Ties = ties
        .parse()
        .map_err(|e: NetworkError| error(EngineError::Network(e)))?;
    Ok(NetworkOptions {
        system: panel.system,
        microstates,
        from: panel.from,
        to: panel.to,
        ties,
        today: panel.today,
    })
}

/// The alliance networks of a span of years: per year, per state-year, per tie.
#[pyfunction]
#[pyo3(signature = (snapshot, system_name, from, to, microstates, ties))]
fn networks(
    py: Python<'_>,
    snapshot: &Snapshot,
    system_name: &str,
    from: i64,
    to: i64,
    microstates: bool,
    ties: &str,
) -> PyResult<(PyTable, PyTable, PyTable)> {
    let options = network_options(system_name, from, to, microstates, ties)?;
    let registry = snapshot.registry.clone();
    let t = engine(py, move || {
        ask::networks(&registry, &options).map_err(error)
    })?;
    Ok((
        to_python(py, t.years)?,
        to_python(py, t.states)?,
        to_python(py, t.ties)?,
    ))
}

/// One year's alliance network as GraphML, and the note if the year is past the data.
#[pyfunction]
#[pyo3(signature = (snapshot, system_name, year_, microstates, ties))]
fn network_graphml(
    py: Python<'_>,
    snapshot: &Snapshot,
    system_name: &str,
    year_: i64,
    microstates: bool,
    ties: &str,
) -> PyResult<(String, Option<String>)> {
    let options = network_options(system_name, year_, year_, microstates, ties)
        .map_err(|e| rename_years(py, e))?;
    let registry = snapshot.registry.clone();
    engine(py, move || {
        let y = options.from;
        let note = options.coverage_note(&registry).map(|n| n.to_string());
        let text = ask::network_graphml(&registry, &options, y).map_err(error)?;
        Ok((text, note))
    })
    .map_err(|e| rename_years(py, e))
}

/// An error about `years` said of `year` (one year's network).
fn rename_years(py: Python<'_>, e: PyErr) -> PyErr {
    let message = e.value(py).to_string();
    match message.strip_prefix("years: ") {
        Some(rest) => FoedusError::new_err(format!("year: {rest}")),
        None => e,
    }
}

/// The native module.
#[pymodule]
fn _foedus(m: &Bound<'_, PyModule>) -> PyResult<()> {
    keep_freed_pages();
    let py = m.py();
    m.add("FoedusError", py.get_type::<FoedusError>())?;
    m.add("RegistryError", py.get_type::<RegistryError>())?;
    m.add("DataError", py.get_type::<DataError>())?;
    m.add("NOTE_KEY", NOTE_KEY)?;
    m.add("MAX_RUNS", foedus_scenario::cascade::MAX_RUNS)?;
    m.add_class::<Snapshot>()?;
    m.add_class::<PyAttack>()?;
    m.add_function(wrap_pyfunction!(open, m)?)?;
    m.add_function(wrap_pyfunction!(purge_delay_ms, m)?)?;
    m.add_function(wrap_pyfunction!(import_dir, m)?)?;
    m.add_function(wrap_pyfunction!(variable_names, m)?)?;
    m.add_function(wrap_pyfunction!(check_panel, m)?)?;
    m.add_function(wrap_pyfunction!(panel, m)?)?;
    m.add_function(wrap_pyfunction!(obligations, m)?)?;
    m.add_function(wrap_pyfunction!(simulate, m)?)?;
    m.add_function(wrap_pyfunction!(agreements, m)?)?;
    m.add_function(wrap_pyfunction!(calendar, m)?)?;
    m.add_function(wrap_pyfunction!(similarity, m)?)?;
    m.add_function(wrap_pyfunction!(networks, m)?)?;
    m.add_function(wrap_pyfunction!(network_graphml, m)?)?;
    Ok(())
}
