//! Research panels as tables: a state-year or dyad-year panel with the variables
//! asked, by name, built as the CLI writes it.

use foedus_dataset::{RecordBatch, Schema, SchemaRef};
use foedus_domain::coverage::CoverageNote;
use foedus_domain::registry::Registry;
use std::ops::Range;

use foedus_panel::{PanelOptions, Variables, dyads_on, vars};
use foedus_similarity::Fpsim;
use jiff::civil::Date;
use rayon::prelude::*;

use crate::EngineError;

/// Every name [`variables`] knows: the panel crate's sources and `fpsim`
/// (alliance portfolio similarity).
pub fn variable_names() -> Vec<&'static str> {
    let mut names = vars::BUILTIN.to_vec();
    names.push("fpsim");
    names
}

/// The variables a user names (`atop`, `nmc`, `fpsim`; the `--add` keys).
pub fn variables(name: &str) -> Result<Box<dyn Variables>, EngineError> {
    let name = name.trim();
    vars::builtin(name)
        .or_else(|| (name == "fpsim").then(|| Box::new(Fpsim::default()) as Box<dyn Variables>))
        .ok_or_else(|| EngineError::UnknownVariables {
            given: name.to_string(),
            expected: variable_names().join(", "),
        })
}

/// The unit of a panel's rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// One row per state and year.
    StateYear,
    /// One row per (directed or undirected) pair of states and year.
    DyadYear,
}

/// What panel to build: its unit, its years and system, the variables added and,
/// for dyads, one day instead of years.
#[derive(Clone, Debug)]
pub struct PanelRequest {
    /// State-years or dyad-years.
    pub unit: Unit,
    /// System, years, direction, today.
    pub options: PanelOptions,
    /// The variables to add, by name ([`variables`]), in order.
    pub add: Vec<String>,
    /// The dyads in force on one day instead of years (dyad-years only).
    pub on: Option<Date>,
}

/// A table of results: Arrow batches of one schema, and the note it carries when
/// it reaches past its sources' data.
pub struct Table {
    /// The columns' names and types.
    pub schema: SchemaRef,
    /// The rows, in batches.
    pub batches: Vec<RecordBatch>,
    /// Which sources end before the dates asked, in words.
    pub note: Option<CoverageNote>,
}

impl Table {
    /// A table of one batch.
    pub fn of(batch: RecordBatch) -> Table {
        Table {
            schema: batch.schema(),
            batches: vec![batch],
            note: None,
        }
    }

    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }
}

/// The variables a list of names asks for (blank names skipped), checked before
/// anything is built: each known, none twice.
pub fn request_variables<S: AsRef<str>>(add: &[S]) -> Result<Vec<Box<dyn Variables>>, EngineError> {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for name in add
        .iter()
        .map(|s| s.as_ref().trim())
        .filter(|s| !s.is_empty())
    {
        if seen.contains(&name) {
            return Err(EngineError::VariablesTwice(name.to_string()));
        }
        seen.push(name);
        out.push(variables(name)?);
    }
    Ok(out)
}

/// Builds the panel a request describes, its columns plain (no dictionaries: what a
/// data frame holds). Years are checked first.
pub fn panel(registry: &Registry, request: &PanelRequest) -> Result<Table, EngineError> {
    if request.on.is_some() {
        return day_panel(registry, request);
    }
    let p = crate::ask::prepare_panel(registry, request)?;
    let (schema, batches) = in_chunks(p.len, p.schema.clone(), |r| p.batch(r))?;
    Ok(Table {
        schema,
        batches,
        note: p.note,
    })
}

/// The dyads in force on the request's day, checked as a year panel is.
pub(crate) fn day_panel(registry: &Registry, request: &PanelRequest) -> Result<Table, EngineError> {
    let options = &request.options;
    options.check_years()?;
    request_variables(&request.add)?;
    let date = request.on.ok_or(EngineError::OnDateForStates)?;
    if request.unit == Unit::StateYear {
        return Err(EngineError::OnDateForStates);
    }
    let panel = dyads_on(
        registry,
        options.system,
        date,
        options.directed,
        options.microstates,
    )?;
    let mut table = Table::of(panel.to_record_batch()?);
    table.note = registry.coverage().past_on(
        date,
        &[foedus_panel::system_source(options.system), "atop", "dcad"],
    );
    Ok(table)
}

/// A panel's rows computed chunk by chunk in parallel, its columns plain.
pub(crate) fn in_chunks(
    len: usize,
    schema: SchemaRef,
    batch: impl Fn(Range<usize>) -> Result<RecordBatch, EngineError> + Sync,
) -> Result<(SchemaRef, Vec<RecordBatch>), EngineError> {
    let ranges: Vec<Range<usize>> = (0..len)
        .step_by(foedus_panel::CHUNK)
        .map(|s| s..(s + foedus_panel::CHUNK).min(len))
        .collect();
    let batches = ranges
        .into_par_iter()
        .map(|r| plain(batch(r)?))
        .collect::<Result<Vec<_>, EngineError>>()?;
    let schema = match batches.first() {
        Some(b) => b.schema(),
        None => plain(RecordBatch::new_empty(schema))?.schema(),
    };
    Ok((schema, batches))
}

/// A batch with its dictionary columns as plain columns of their values.
pub fn plain(batch: RecordBatch) -> Result<RecordBatch, EngineError> {
    let columns = batch
        .columns()
        .iter()
        .map(foedus_dataset::plain)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| EngineError::Arrow(e.to_string()))?;
    let fields: Vec<foedus_dataset::Field> = batch
        .schema()
        .fields()
        .iter()
        .zip(&columns)
        .map(|(f, c)| f.as_ref().clone().with_data_type(c.data_type().clone()))
        .collect();
    RecordBatch::try_new(std::sync::Arc::new(Schema::new(fields)), columns)
        .map_err(|e| EngineError::Arrow(e.to_string()))
}
