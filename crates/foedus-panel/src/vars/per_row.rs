//! Columns computed row by row from the row's COW codes and year: the conflict and
//! geography variables, whose values belong to a dyad (or a state) in a year.

use std::marker::PhantomData;
use std::ops::Range;
use std::sync::Arc;

use foedus_dataset::arrow_array::{ArrayRef, Float64Array, Int32Array};
use foedus_dataset::{DataType, Field};

use super::{Columns, empty_columns};
use crate::{DyadYears, StateYears};

/// A column value type.
pub(crate) trait Value: Copy + Send + Sync + 'static {
    /// The Arrow type.
    fn data_type() -> DataType;
    /// The values as an array.
    fn array(values: Vec<Option<Self>>) -> ArrayRef;
}

impl Value for i32 {
    fn data_type() -> DataType {
        DataType::Int32
    }
    fn array(values: Vec<Option<Self>>) -> ArrayRef {
        Arc::new(Int32Array::from(values))
    }
}

impl Value for f64 {
    fn data_type() -> DataType {
        DataType::Float64
    }
    fn array(values: Vec<Option<Self>>) -> ArrayRef {
        Arc::new(Float64Array::from(values))
    }
}

/// Columns `names` whose values for a row `f` writes, given the row's COW codes
/// (`None` for a member without one) and year; values it leaves are missing.
pub(crate) struct PerRow<T, F> {
    names: Vec<String>,
    f: F,
    _t: PhantomData<fn() -> T>,
}

impl<T, F> PerRow<T, F> {
    pub(crate) fn new(names: &[&str], f: F) -> Self {
        PerRow {
            names: names.iter().map(|n| n.to_string()).collect(),
            f,
            _t: PhantomData,
        }
    }
}

impl<T: Value, F> PerRow<T, F> {
    fn fields_of(&self) -> Vec<Field> {
        self.names
            .iter()
            .map(|n| Field::new(n, T::data_type(), true))
            .collect()
    }

    fn finish(cols: Vec<Vec<Option<T>>>) -> Vec<ArrayRef> {
        cols.into_iter().map(T::array).collect()
    }
}

impl<T, F> Columns<DyadYears> for PerRow<T, F>
where
    T: Value,
    F: Fn(Option<u16>, Option<u16>, i16, &mut [Option<T>]) + Send + Sync,
{
    fn fields(&self) -> Vec<Field> {
        self.fields_of()
    }

    fn compute(&self, panel: &DyadYears, rows: Range<usize>) -> Vec<ArrayRef> {
        let k = self.names.len();
        let mut cols: Vec<Vec<Option<T>>> = empty_columns(k, rows.len());
        let mut buf: Vec<Option<T>> = vec![None; k];
        for (yi, i, j) in panel.rows_in(rows) {
            let y = &panel.system_years.years[yi];
            buf.fill(None);
            (self.f)(y.members[i].ccode, y.members[j].ccode, y.year, &mut buf);
            for (c, v) in cols.iter_mut().zip(&buf) {
                c.push(*v);
            }
        }
        Self::finish(cols)
    }
}

/// The state-year form: `f` gets the state's COW code and the year.
pub(crate) struct PerState<T, F>(pub(crate) PerRow<T, F>);

impl<T, F> Columns<StateYears> for PerState<T, F>
where
    T: Value,
    F: Fn(Option<u16>, i16, &mut [Option<T>]) + Send + Sync,
{
    fn fields(&self) -> Vec<Field> {
        self.0.fields_of()
    }

    fn compute(&self, panel: &StateYears, rows: Range<usize>) -> Vec<ArrayRef> {
        let k = self.0.names.len();
        let mut cols: Vec<Vec<Option<T>>> = empty_columns(k, rows.len());
        let mut buf: Vec<Option<T>> = vec![None; k];
        for (yi, p) in panel.rows_in(rows) {
            let y = &panel.system_years.years[yi];
            buf.fill(None);
            (self.0.f)(y.members[p].ccode, y.year, &mut buf);
            for (c, v) in cols.iter_mut().zip(&buf) {
                c.push(*v);
            }
        }
        PerRow::<T, F>::finish(cols)
    }
}

/// True if `year` is within `span`.
pub(crate) fn within(span: Option<(i16, i16)>, year: i16) -> bool {
    span.is_some_and(|(a, b)| a <= year && year <= b)
}
