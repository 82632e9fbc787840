//! State-year panels.

use std::path::Path;

use foedus_dataset::RecordBatch;
use foedus_domain::registry::Registry;

use crate::membership::SystemYears;
use crate::vars::Variables;
use crate::{Column, PanelError, PanelOptions, code_name, int32, record_batch};

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
    columns: Vec<Column>,
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
    let code = code_name(options.system);
    let columns = vec![
        Column::new(
            code,
            int32(year_index.iter().zip(&position).map(|(&y, &p)| {
                i32::from(system_years.years[y as usize].members[p as usize].code)
            })),
        ),
        Column::new(
            "year",
            int32(
                year_index
                    .iter()
                    .map(|&y| i32::from(system_years.years[y as usize].year)),
            ),
        ),
    ];
    Ok(StateYears {
        options: options.clone(),
        system_years,
        year_index,
        position,
        columns,
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

    /// Adds a source's columns.
    pub fn add(&mut self, registry: &Registry, vars: &dyn Variables) -> Result<(), PanelError> {
        let cols = vars.state_year_columns(registry, self)?;
        self.columns.extend(cols);
        Ok(())
    }

    /// The columns so far.
    pub fn columns(&self) -> &[Column] {
        &self.columns
    }

    /// The panel as one Arrow record batch.
    pub fn to_record_batch(&self) -> Result<RecordBatch, PanelError> {
        record_batch(&self.columns)
    }

    /// Writes the panel to a `.csv` or `.parquet` file.
    pub fn write(&self, path: &Path) -> Result<(), PanelError> {
        let batch = self.to_record_batch()?;
        foedus_dataset::write(path, batch.schema(), &[batch])?;
        Ok(())
    }
}
