//! Dyad-year panels.

use std::path::Path;

use foedus_dataset::RecordBatch;
use foedus_domain::registry::Registry;

use crate::membership::SystemYears;
use crate::vars::Variables;
use crate::{Column, PanelError, PanelOptions, code_name, int32, record_batch};

/// Every dyad-year of a system, with variables added.
pub struct DyadYears {
    /// How it was built.
    pub options: PanelOptions,
    /// The members of each year.
    pub system_years: SystemYears,
    /// For each year (parallel to `system_years.years`): the range of its rows.
    pub year_rows: Vec<std::ops::Range<usize>>,
    /// For each row: the first state's position among the year's members.
    pub first: Vec<u16>,
    /// For each row: the second state's position among the year's members.
    pub second: Vec<u16>,
    columns: Vec<Column>,
}

/// Creates the dyad-year panel of a system: every pair of members in each year,
/// without the false dyads (both members that year, never on the same day).
pub fn create_dyad_years(
    registry: &Registry,
    options: &PanelOptions,
) -> Result<DyadYears, PanelError> {
    let system_years = SystemYears::build(registry, options)?;
    let mut first = Vec::new();
    let mut second = Vec::new();
    let mut year_rows = Vec::with_capacity(system_years.years.len());
    for y in &system_years.years {
        let start = first.len();
        let m = &y.members;
        // Members whose spells cover the whole year pair without a day-by-day check.
        let whole: Vec<bool> = m
            .iter()
            .map(|x| {
                x.days.len() == 1
                    && x.days[0].0.month() == 1
                    && x.days[0].0.day() == 1
                    && x.days[0].1.month() == 12
                    && x.days[0].1.day() == 31
            })
            .collect();
        for i in 0..m.len() {
            let range = if options.directed {
                0..m.len()
            } else {
                i + 1..m.len()
            };
            for j in range {
                if i == j || !(whole[i] && whole[j] || m[i].overlaps(&m[j])) {
                    continue;
                }
                first.push(i as u16);
                second.push(j as u16);
            }
        }
        year_rows.push(start..first.len());
    }
    let code = code_name(options.system);
    let mut panel = DyadYears {
        options: options.clone(),
        system_years,
        year_rows,
        first,
        second,
        columns: Vec::new(),
    };
    panel.columns = vec![
        Column::new(
            format!("{code}1"),
            int32(
                panel
                    .rows()
                    .map(|(y, i, _)| i32::from(panel.system_years.years[y].members[i].code)),
            ),
        ),
        Column::new(
            format!("{code}2"),
            int32(
                panel
                    .rows()
                    .map(|(y, _, j)| i32::from(panel.system_years.years[y].members[j].code)),
            ),
        ),
        Column::new(
            "year",
            int32(
                panel
                    .rows()
                    .map(|(y, _, _)| i32::from(panel.system_years.years[y].year)),
            ),
        ),
    ];
    Ok(panel)
}

impl DyadYears {
    /// The number of rows.
    pub fn len(&self) -> usize {
        self.first.len()
    }

    /// True if the panel has no rows.
    pub fn is_empty(&self) -> bool {
        self.first.is_empty()
    }

    /// Each row as (year index, first position, second position).
    pub fn rows(&self) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        self.year_rows.iter().enumerate().flat_map(move |(y, r)| {
            r.clone()
                .map(move |row| (y, self.first[row] as usize, self.second[row] as usize))
        })
    }

    /// Adds a source's columns.
    pub fn add(&mut self, registry: &Registry, vars: &dyn Variables) -> Result<(), PanelError> {
        let cols = vars.dyad_year_columns(registry, self)?;
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
