//! State-year panels.

use std::io::Write;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use foedus_dataset::arrow_array::ArrayRef;
use foedus_dataset::{DataType, Field, Format, RecordBatch, Schema, SchemaRef, Writer};
use foedus_domain::registry::Registry;

use crate::membership::SystemYears;
use crate::vars::{Columns, Variables};
use crate::{PanelError, PanelOptions, code_name, int32};

/// Every state-year of a system, with variables added.
pub struct StateYears {
    /// How it was built.
    pub options: PanelOptions,
    /// The members of each year.
    pub system_years: SystemYears,
    /// For each row: the index of its year in `system_years.years`.
    pub year_index: Vec<u32>,
    /// For each row: the state's position among that year's members.
    pub position: Vec<u16>,
    sources: Vec<Box<dyn Columns<StateYears>>>,
}

/// Creates the state-year panel of a system: one row per member per year.
pub fn create_state_years(
    registry: &Registry,
    options: &PanelOptions,
) -> Result<StateYears, PanelError> {
    let system_years = SystemYears::build(registry, options)?;
    let mut year_index = Vec::new();
    let mut position = Vec::new();
    for (yi, y) in system_years.years.iter().enumerate() {
        for p in 0..y.members.len() {
            year_index.push(yi as u32);
            position.push(p as u16);
        }
    }
    Ok(StateYears {
        options: options.clone(),
        system_years,
        year_index,
        position,
        sources: Vec::new(),
    })
}

impl StateYears {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.year_index.len()
    }

    /// True if the panel has no rows.
    pub fn is_empty(&self) -> bool {
        self.year_index.is_empty()
    }

    /// The rows in `range` as (year index, position).
    pub fn rows_in(&self, range: Range<usize>) -> impl Iterator<Item = (usize, usize)> + '_ {
        range.map(|r| (self.year_index[r] as usize, self.position[r] as usize))
    }

    /// Adds a source's columns.
    pub fn add(&mut self, registry: &Registry, vars: &dyn Variables) -> Result<(), PanelError> {
        crate::vars::check_needs(registry, vars)?;
        let cols = vars.state_years(registry, self)?;
        self.sources.push(cols);
        Ok(())
    }

    /// The panel's schema.
    pub fn schema(&self) -> SchemaRef {
        let mut fields = vec![
            Field::new(code_name(self.options.system), DataType::Int32, false),
            Field::new("year", DataType::Int32, false),
        ];
        for s in &self.sources {
            fields.extend(s.fields());
        }
        Arc::new(Schema::new(fields))
    }

    /// The rows in `range` as a record batch.
    pub fn batch(&self, range: Range<usize>) -> Result<RecordBatch, PanelError> {
        let years = &self.system_years.years;
        let mut columns: Vec<ArrayRef> = vec![
            int32(
                self.rows_in(range.clone())
                    .map(|(y, p)| i32::from(years[y].members[p].code)),
            ),
            int32(
                self.rows_in(range.clone())
                    .map(|(y, _)| i32::from(years[y].year)),
            ),
        ];
        for s in &self.sources {
            columns.extend(s.compute(self, range.clone()));
        }
        RecordBatch::try_new(self.schema(), columns).map_err(|e| PanelError::Arrow(e.to_string()))
    }

    /// The whole panel as one record batch.
    pub fn to_record_batch(&self) -> Result<RecordBatch, PanelError> {
        self.batch(0..self.len())
    }

    /// Writes the panel to a `.csv` or `.parquet` file; a failure leaves no file.
    pub fn write(&self, path: &Path) -> Result<(), PanelError> {
        let mut w = Writer::create(path, self.schema())?;
        w.write(&self.to_record_batch()?)?;
        Ok(w.finish()?)
    }

    /// Writes the panel to a stream.
    pub fn write_to<W: Write + Send>(&self, out: W, format: Format) -> Result<(), PanelError> {
        self.write_with(Writer::to(out, format, self.schema(), "stream")?)
    }

    /// Writes the panel to a stream it may keep (stdout): see [`Writer::owned`].
    pub fn write_to_owned<W: Write + Send + 'static>(
        &self,
        out: W,
        format: Format,
    ) -> Result<(), PanelError> {
        self.write_with(Writer::owned(out, format, self.schema(), "stream")?)
    }

    fn write_with<W: Write + Send>(&self, mut w: Writer<W>) -> Result<(), PanelError> {
        w.write(&self.to_record_batch()?)?;
        Ok(w.finish()?)
    }
}
