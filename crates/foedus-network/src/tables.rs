//! The results as Arrow tables, for `foedus_dataset` to write (CSV, Parquet).

use std::sync::Arc;

use foedus_dataset::arrow_array::{ArrayRef, Float64Array, Int32Array, RecordBatch};
use foedus_dataset::{DataType, Field, Schema};
use foedus_domain::state::System;

use crate::{Metrics, Networks};

fn ints(v: impl Iterator<Item = Option<i32>>) -> ArrayRef {
    Arc::new(Int32Array::from_iter(v))
}

fn floats(v: impl Iterator<Item = Option<f64>>) -> ArrayRef {
    Arc::new(Float64Array::from_iter(v))
}

fn batch(fields: Vec<(&str, DataType)>, columns: Vec<ArrayRef>) -> RecordBatch {
    let schema = Schema::new(
        fields
            .into_iter()
            .map(|(n, t)| Field::new(n, t, true))
            .collect::<Vec<_>>(),
    );
    RecordBatch::try_new(Arc::new(schema), columns).expect("columns match the schema")
}

impl Metrics {
    /// The per-year table: `year, states, ties, density, mean_degree,
    /// transitivity, components, largest_component, modularity, communities`.
    pub fn years_batch(&self) -> RecordBatch {
        let y = &self.years;
        let int = |f: fn(&crate::YearMetrics) -> i32| ints(y.iter().map(|r| Some(f(r))));
        batch(
            vec![
                ("year", DataType::Int32),
                ("states", DataType::Int32),
                ("ties", DataType::Int32),
                ("density", DataType::Float64),
                ("mean_degree", DataType::Float64),
                ("transitivity", DataType::Float64),
                ("components", DataType::Int32),
                ("largest_component", DataType::Int32),
                ("modularity", DataType::Float64),
                ("communities", DataType::Int32),
            ],
            vec![
                int(|r| i32::from(r.year)),
                int(|r| r.states as i32),
                int(|r| r.ties as i32),
                floats(y.iter().map(|r| r.density)),
                floats(y.iter().map(|r| r.mean_degree)),
                floats(y.iter().map(|r| r.transitivity)),
                int(|r| r.components as i32),
                int(|r| r.largest_component as i32),
                floats(y.iter().map(|r| r.modularity)),
                int(|r| r.communities as i32),
            ],
        )
    }

    /// The per-state-year table: `ccode` (or `gwcode`), `year, degree,
    /// betweenness, closeness, eigenvector, community`.
    pub fn states_batch(&self, system: System) -> RecordBatch {
        let s = &self.states;
        batch(
            vec![
                (foedus_panel::code_name(system), DataType::Int32),
                ("year", DataType::Int32),
                ("degree", DataType::Int32),
                ("betweenness", DataType::Float64),
                ("closeness", DataType::Float64),
                ("eigenvector", DataType::Float64),
                ("community", DataType::Int32),
            ],
            vec![
                ints(s.iter().map(|r| Some(i32::from(r.code)))),
                ints(s.iter().map(|r| Some(i32::from(r.year)))),
                ints(s.iter().map(|r| Some(r.degree as i32))),
                floats(s.iter().map(|r| Some(r.betweenness))),
                floats(s.iter().map(|r| Some(r.closeness))),
                floats(s.iter().map(|r| r.eigenvector)),
                ints(s.iter().map(|r| r.community.map(|c| c as i32))),
            ],
        )
    }
}

impl Networks {
    /// The edge list: `year, code1, code2` (code1 < code2) and the obligations
    /// owed in either direction (`atop_defense`, ... as 0/1).
    pub fn edges_batch(&self) -> RecordBatch {
        let code = foedus_panel::code_name(self.options.system);
        let rows: Vec<(i16, u16, u16, u8)> = self
            .years
            .iter()
            .flat_map(|g| {
                g.edges.iter().map(move |&(u, v, bits)| {
                    let (a, b) = (g.codes[u as usize], g.codes[v as usize]);
                    (g.year, a.min(b), a.max(b), bits)
                })
            })
            .collect();
        let (c1, c2) = (format!("{code}1"), format!("{code}2"));
        let mut fields = vec![
            ("year", DataType::Int32),
            (c1.as_str(), DataType::Int32),
            (c2.as_str(), DataType::Int32),
        ];
        let mut columns = vec![
            ints(rows.iter().map(|r| Some(i32::from(r.0)))),
            ints(rows.iter().map(|r| Some(i32::from(r.1)))),
            ints(rows.iter().map(|r| Some(i32::from(r.2)))),
        ];
        for (_, bit, name) in foedus_panel::alliance::OBLIGATIONS {
            fields.push((name, DataType::Int32));
            columns.push(ints(rows.iter().map(|r| Some(i32::from(r.3 & bit != 0)))));
        }
        batch(fields, columns)
    }
}
